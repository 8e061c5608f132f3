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


@cli.command()
@click.argument("region", required=False)
@click.option("--version", "version", required=True, metavar="X.Y.Z", help="Release version.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the bundles (default: dist/ in the project).")
@click.option("--all", "all_regions", is_flag=True, help="Release every region.")
@click.option("--allow-incomplete", is_flag=True, help="Release languages below 100 % and record the gaps.")
@click.pass_obj
def release(obj: Context, region: str | None, version: str, out: Path | None, all_regions: bool,
            allow_incomplete: bool) -> None:
    """Bundle every course of a pilot REGION, in its languages, into dist/<project>-<region>-<version>.zip.

    \b
    Examples:
      trainkit release estonia --version 1.0.0
      trainkit release --all --version 1.0.0
    """
    from trainkit.build import load_project
    from trainkit.release import release as make_release, release_all

    if bool(region) == all_regions:
        raise UsageError("name one REGION or use --all")
    project = load_project(obj.root())
    target = out or project.config.root / "dist"
    if all_regions:
        regions = list(project.config.regions)
        with click.progressbar(length=len(regions), label="releasing", file=sys.stderr) as bar:
            def advance(region_id: str) -> None:
                bar.label = f"releasing {region_id}"
                bar.update(1)
            results = release_all(project, version, target, allow_incomplete, advance)
    else:
        results = [make_release(project, region, version, target, allow_incomplete)]
    click.echo(f"{'region':<14}{'languages':<12}{'files':>6}{'size':>12}  completeness")
    for result in results:
        done = ", ".join(f"{c.language} {c.percent:g}%" for c in result.completeness.values())
        click.echo(f"{result.region:<14}{' '.join(result.languages):<12}{result.files:>6}"
                   f"{result.size / 1024 / 1024:>9.1f} MB  {done}")
    for result in results:
        click.echo(f"wrote {result.path}", err=True)


@cli.command()
@click.argument("bundle", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def verify(bundle: Path) -> None:
    """Check every file of a release BUNDLE against its manifest and SHA256SUMS.

    Exit status 1 when anything is missing, extra or altered.
    """
    from trainkit.release import verify as check

    problems = check(bundle)
    for problem in problems:
        click.echo(f"{bundle.name}: {problem}", err=True)
    if problems:
        click.echo(f"{bundle.name}: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(f"{bundle.name}: OK")


def main() -> None:
    cli(prog_name="trainkit")
