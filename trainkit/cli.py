"""The command line: parse options, call one function, map errors to a line and an exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from trainkit import __version__
from trainkit.errors import Diagnostics, DiagnosticsFailed, TrainkitError, UsageError


class Context:
    """Options shared by every command."""

    def __init__(self, directory: Path | None, debug: bool) -> None:
        self.directory = directory
        self.debug = debug

    def root(self) -> Path:
        from trainkit.config import find_root

        if self.directory is not None:
            if not (self.directory / "trainkit.yaml").is_file():
                raise UsageError(f"{self.directory}: no trainkit.yaml in this folder")
            return self.directory
        return find_root(Path.cwd())


def report(diagnostics: Diagnostics) -> None:
    """Print every diagnostic, one per line, on stderr."""
    for item in diagnostics.sorted():
        click.echo(str(item), err=True)


def _summary(diagnostics: Diagnostics) -> str:
    return f"{diagnostics.error_count} error(s), {diagnostics.warning_count} warning(s)"


class TrainkitGroup(click.Group):
    """Turns user errors into one line and an exit code; other exceptions are bugs."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DiagnosticsFailed as exc:
            report(exc.diagnostics)
            click.echo(f"trainkit: stopped with {_summary(exc.diagnostics)}", err=True)
            ctx.exit(exc.exit_code)
        except TrainkitError as exc:
            click.echo(f"trainkit: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            debug = ctx.obj is not None and ctx.obj.debug
            if debug:
                raise
            click.echo(f"trainkit: internal error: {type(exc).__name__}: {exc} (run with --debug for details)",
                       err=True)
            ctx.exit(3)


@click.group(cls=TrainkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path),
              help="Run as if started in this project folder.")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
@click.version_option(__version__, prog_name="trainkit")
@click.pass_context
def cli(ctx: click.Context, directory: Path | None, debug: bool) -> None:
    """Build localised slide decks, handouts and facilitator guides from Markdown modules.

    \b
    Examples:
      trainkit init my-course        start a project
      trainkit validate              check every module
      trainkit build                 build every module in every language
      trainkit build --lang de --module ecosystem-mapping --format slides
    """
    ctx.obj = Context(directory, debug)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new project in DIRECTORY that builds as it is.

    \b
    Example:
      trainkit init my-course && trainkit -C my-course build
    """
    from trainkit.scaffold import init_project

    init_project(directory)
    click.echo(f"created a trainkit project in {directory}")


@cli.group()
def new() -> None:
    """Create new project files."""


@new.command("module")
@click.argument("module_id")
@click.option("--title", default="", help="Module title (default: from the id).")
@click.pass_obj
def new_module(obj: Context, module_id: str, title: str) -> None:
    """Create modules/MODULE_ID.md from a template that validates.

    \b
    Example:
      trainkit new module impact-basics --title "Measuring impact"
    """
    from trainkit.scaffold import new_module as create

    path = create(obj.root(), module_id, title)
    click.echo(f"created {path}")


@cli.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.pass_obj
def validate(obj: Context, strict: bool) -> None:
    """Check trainkit.yaml and every module; print every problem found.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage errors.
    """
    from trainkit.build import load_project

    project = load_project(obj.root())
    report(project.diagnostics)
    diagnostics = project.diagnostics
    click.echo(f"{len(project.modules)} module(s): {_summary(diagnostics)}", err=True)
    if diagnostics.error_count or (strict and diagnostics.warning_count):
        sys.exit(1)


@cli.command()
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Output language (repeatable; default all).")
@click.option("--module", "modules", multiple=True, metavar="ID", help="Module id (repeatable; default all).")
@click.option("--format", "formats", multiple=True, metavar="FORMAT",
              help="slides, handout or guide (repeatable; default all).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/).")
@click.option("--region", default="", metavar="ID", help="Build with a pilot region's branding.")
@click.option("--strict", is_flag=True, help="Fail on untranslated text and other warnings.")
@click.pass_obj
def build(obj: Context, languages, modules, formats, out: Path | None, region: str, strict: bool) -> None:
    """Build slide decks, handouts and facilitator guides into build/<lang>/<module>/.

    \b
    Examples:
      trainkit build
      trainkit build --lang et --lang lv --format slides
      trainkit build --module ecosystem-mapping --out /tmp/packs
    """
    from trainkit.build import BuildRequest, build as run_build, load_project

    project = load_project(obj.root())
    if region and region not in project.config.regions:
        raise UsageError(f"unknown region '{region}'")
    request = BuildRequest(tuple(languages), tuple(modules), tuple(formats), out, strict, region)
    result = run_build(project, request)
    report(project.diagnostics)
    click.echo(f"wrote {len(result.written)} file(s); {_summary(project.diagnostics)}", err=True)
    if result.skipped:
        click.echo(f"not built because of errors: {', '.join(result.skipped)}", err=True)
    if project.diagnostics.error_count or (strict and project.diagnostics.warning_count):
        sys.exit(1)


def main() -> None:
    cli(prog_name="trainkit")
