"""The command line: parse options, call one function, map errors to a line and an exit code."""

from __future__ import annotations

import signal
import sys
import time
from contextlib import ExitStack, contextmanager
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
        from trainkit.config import CONFIG_FILE, find_root

        if self.directory is not None:
            if not self.directory.is_dir():
                raise UsageError(f"{self.directory}: no such folder")
            if not (self.directory / CONFIG_FILE).is_file():
                raise UsageError(f"{self.directory}: no {CONFIG_FILE} in this folder "
                                 "(run 'trainkit init DIR' to start a project)")
            return self.directory.resolve()
        return find_root(Path.cwd())


def report(diagnostics: Diagnostics) -> None:
    """Print every diagnostic, one per line, on stderr."""
    for item in diagnostics.sorted():
        click.echo(str(item), err=True)


def _summary(diagnostics: Diagnostics) -> str:
    # counted as printed: once each, though a problem may have been found twice (a deck planned for
    # a module and again for its course)
    shown = set(diagnostics.items)
    errors = sum(1 for d in shown if d.severity == "error")
    return f"{errors} error(s), {len(shown) - errors} warning(s)"


class ProgressBar:
    """A progress bar on stderr while outputs are written, drawn only when stderr is a terminal."""

    def __init__(self, label: str = "building") -> None:
        self.label = label
        self._bar = None

    def start(self, total: int) -> None:
        self.close()
        if total and sys.stderr.isatty():
            self._bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self._bar.__enter__()

    def advance(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


# Options several commands share, declared once (a click option decorator may be applied to many commands).
MODULES = click.option("--module", "modules", multiple=True, metavar="ID",
                       help="Module id (repeatable; default all).")
LANGUAGES = click.option("--lang", "languages", multiple=True, metavar="LANG",
                         help="Output language (repeatable; default all).")
FORMATS = click.option("--format", "formats", multiple=True, metavar="FORMAT",
                       help="slides, handout, guide, exercises or solutions (repeatable; default all but solutions).")
REGION = click.option("--region", default="", metavar="ID", help="Build with a pilot region's branding, in its languages.")
WRITERS = click.option("--jobs", type=click.IntRange(1, None), default=None, metavar="N",
                       help="Processes that write outputs (default: the CPUs available).")
SOFFICE = click.option("--soffice", default=None, metavar="PATH",
                       help="LibreOffice program (default: $TRAINKIT_SOFFICE, else soffice on PATH).")


def _jobs(value: int | None) -> int:
    from trainkit.jobs import available_cpus

    return value if value is not None else available_cpus()


def _built(result, started: float) -> str:
    """``built 3 file(s), 221 up to date in 1.2 s``: what a build wrote and what it left as it was."""
    return (f"built {len(result.built)} file(s), {len(result.written) - len(result.built)} up to date "
            f"in {time.perf_counter() - started:.1f} s")


def _report_scoped(project, shown: Diagnostics) -> None:
    """Print what concerns the command, and say how much else there is (``trainkit validate`` shows it)."""
    report(shown)
    hidden = len(set(project.diagnostics.items)) - len(set(shown.items))
    if hidden > 0:
        click.echo(f"({hidden} problem(s) elsewhere in the project not shown: run 'trainkit validate')", err=True)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM arrived: unwinds like Ctrl-C, so every ``with`` and ``finally`` removes what
    it had begun (temporary files, staging folders, locks) on the way out."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _interrupt(signum: int, frame) -> None:
    # one signal is enough: later ones are ignored, so they cannot cut the cleanup short
    for handled in (signal.SIGINT, signal.SIGTERM):
        signal.signal(handled, signal.SIG_IGN)
    raise Interrupted(signum)


def handle_signals() -> None:
    """Turn SIGTERM (which would end Python at once, no cleanup run) and SIGINT into ``Interrupted``."""
    for handled in (signal.SIGINT, signal.SIGTERM):
        signal.signal(handled, _interrupt)


@contextmanager
def locked(*folders: Path):
    """Take turns with other trainkit runs that write into ``folders`` (files.folder_lock), saying so
    when waiting; in the order given, each folder once (a second lock on one folder would wait for the first)."""
    from trainkit.files import folder_lock

    held: set[Path] = set()
    with ExitStack() as stack:
        for folder in folders:
            if folder.resolve() in held:
                continue
            held.add(folder.resolve())

            def waiting(folder: Path = folder) -> None:
                click.echo(f"trainkit: waiting for another trainkit run to finish writing into {folder} "
                           "(Ctrl-C stops waiting)", err=True)

            stack.enter_context(folder_lock(folder, waiting))
        yield


class TrainkitGroup(click.Group):
    """Turns user errors into one line and an exit code; other exceptions are bugs."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt as exc:
            # the with blocks on the way here removed every temporary file; what was replaced is whole
            signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
            click.echo(f"trainkit: interrupted ({signal.Signals(signum).name}); files written before stay whole, "
                       "nothing half-written was left", err=True)
            ctx.exit(128 + signum)
        except DiagnosticsFailed as exc:
            report(exc.diagnostics)
            click.echo(f"trainkit: stopped with {_summary(exc.diagnostics)}", err=True)
            ctx.exit(exc.exit_code)
        except TrainkitError as exc:
            click.echo(f"trainkit: error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            # the machine's answer (a full disk, a folder that cannot be written): the user's to fix
            where = f"{exc.filename}: " if exc.filename else ""
            click.echo(f"trainkit: error: {where}{exc.strerror or exc}", err=True)
            ctx.exit(1)
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
    """Check trainkit.yaml, every module, the templates and the regions; print every problem found.

    Exit status: 0 clean, 1 errors (or warnings with --strict), 2 usage errors.
    """
    from trainkit.build import load_project

    project = load_project(obj.root(), strict=strict)
    report(project.diagnostics)
    click.echo(f"{len(project.modules)} module(s): {_summary(project.diagnostics)}", err=True)
    if project.diagnostics.error_count:
        sys.exit(1)


@cli.command()
@LANGUAGES
@MODULES
@FORMATS
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/).")
@click.option("--course", default="", metavar="ID",
              help="Build a course pack (programme, course handout and guide, module outputs).")
@REGION
@click.option("--with-solutions", is_flag=True, help="Write a solution key beside the exercise sheets.")
@click.option("--strict", is_flag=True, help="Treat warnings (untranslated text too) as errors that stop the module.")
@WRITERS
@click.option("--force", is_flag=True, help="Write every output, also those up to date.")
@click.pass_obj
def build(obj: Context, languages, modules, formats, out: Path | None, course: str, region: str,
          with_solutions: bool, strict: bool, jobs: int | None, force: bool) -> None:
    """Build slide decks, handouts and facilitator guides into build/<lang>/<module>/.

    With --course: the course pack in build/<lang>/<course>/ (programme, course handout and
    guide with one table of contents, and every module's outputs in a folder of its own).
    A module with errors is not built; the others are. An output whose sources have not
    changed since it was written is left as it is (--force writes it again).

    \b
    Examples:
      trainkit build
      trainkit build --lang et --lang lv --format slides
      trainkit build --module ecosystem-mapping --out /tmp/packs
      trainkit build --format exercises --with-solutions
      trainkit build --course introduction --lang de
    """
    from trainkit.build import BuildRequest, load_project
    from trainkit.jobs import build as run_build, build_course

    started = time.perf_counter()
    if course and (modules or formats):
        raise UsageError("--course builds whole course packs; it cannot be combined with --module or --format")
    project = load_project(obj.root(), strict=strict)
    request = BuildRequest(tuple(languages), tuple(modules), tuple(formats), out, strict, region, with_solutions)
    bar = ProgressBar()
    try:
        options = {"jobs": _jobs(jobs), "force": force, "progress": bar}
        with locked(out or project.config.output_dir):
            result = build_course(project, course, request, **options) if course else run_build(project, request, **options)
    finally:
        bar.close()
    shown = project.diagnostics.only(result.scope)
    _report_scoped(project, shown)
    for note in result.notes:
        click.echo(note, err=True)
    click.echo(f"{_built(result, started)}; {_summary(shown)}", err=True)
    if result.skipped:
        click.echo(f"not built because of errors: {', '.join(result.skipped)}", err=True)
    if shown.error_count:
        sys.exit(1)


def _compare_pair(value: str) -> tuple[str, str] | None:
    """``de,en`` -> ("de", "en"); a usage error for anything but two different languages."""
    if not value:
        return None
    pair = tuple(part.strip() for part in value.split(","))
    if len(pair) != 2 or not all(pair) or pair[0] == pair[1]:
        raise UsageError(f"--compare takes two different languages, as in 'de,en', not '{value}'")
    return pair[0], pair[1]


def _build_summary(project, result) -> Diagnostics:
    """Print what a build that a command ran reports, as ``trainkit build`` does; return what was shown."""
    shown = project.diagnostics.only(result.scope)
    _report_scoped(project, shown)
    for note in result.notes:
        click.echo(note, err=True)
    if result.skipped:
        click.echo(f"not built because of errors: {', '.join(result.skipped)}", err=True)
    return shown


@cli.command()
@MODULES
@LANGUAGES
@FORMATS
@click.option("--compare", "compare_with", default="", metavar="A,B",
              help="Also show each output in language A beside the same output in B.")
@REGION
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True, metavar="N",
              help="LibreOffice conversions at a time.")
@SOFFICE
@click.pass_obj
def preview(obj: Context, modules, languages, formats, compare_with: str, region: str, jobs: int,
            soffice: str | None) -> None:
    """Build, then show every slide and page without Office: PDFs, page pictures, contact sheets
    and an HTML gallery in build/preview/ whose slides link to their source lines.

    Needs LibreOffice (soffice) and poppler (pdftoppm). Unchanged outputs keep their PDFs.
    A project's templates/preview/*.html.j2 replace the gallery's pages.

    \b
    Examples:
      trainkit preview --module ecosystem-mapping --lang de
      trainkit preview --module ecosystem-mapping --compare de,en --format slides
    """
    from trainkit.build import BuildRequest, load_project
    from trainkit.preview import preview_project

    pair = _compare_pair(compare_with)
    if pair and languages:
        languages = tuple(dict.fromkeys([*languages, *pair]))
    elif pair:
        languages = pair
    project = load_project(obj.root())
    request = BuildRequest(tuple(languages), tuple(modules), tuple(formats), region=region)
    outcome = preview_project(project, request, jobs, soffice, pair)
    shown = _build_summary(project, outcome.build)
    for problem in outcome.problems:
        click.echo(str(problem), err=True)
    pages = sum(len(o.pages) for o in outcome.shown.outputs)
    click.echo(f"previewed {len(outcome.shown.outputs)} output(s), {pages} page(s) "
               f"({outcome.shown.converted} converted, {outcome.shown.reused} unchanged); {_summary(shown)}",
               err=True)
    if outcome.compared is not None:
        for compared in outcome.compared.compared:
            click.echo(f"compare: {compared.page}")
    if outcome.shown.index is not None:
        click.echo(f"gallery: {outcome.shown.index}")
    if shown.error_count or any(p.severity == "error" for p in outcome.problems):
        sys.exit(1)


@cli.command()
@MODULES
@LANGUAGES
@FORMATS
@REGION
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON (for CI).")
@click.option("--jobs", type=click.IntRange(1, 64), default=2, show_default=True, metavar="N",
              help="LibreOffice conversions at a time (page checks).")
@SOFFICE
@click.pass_obj
def review(obj: Context, modules, languages, formats, region: str, as_json: bool, jobs: int,
           soffice: str | None) -> None:
    """Build, then check the decks and documents as an accessibility checker and a careful reviewer
    would: titles, text off the slide or too small, alternative text, table headers, languages,
    speaker notes, text left in the source language, empty pages and headings at a page foot.

    Findings name the output, the slide or page, and the source line. Page checks need LibreOffice
    and poppler, and are skipped (with a note) without them. Exit status: 0 no errors (warnings
    are printed), 1 errors.

    \b
    Examples:
      trainkit review --module ecosystem-mapping --lang de
      trainkit review --json > review.json
    """
    from trainkit.build import BuildRequest, load_project
    from trainkit.review import review_project, to_json

    project = load_project(obj.root())
    request = BuildRequest(tuple(languages), tuple(modules), tuple(formats), region=region)
    outcome = review_project(project, request, jobs, soffice)
    shown = _build_summary(project, outcome.build)
    if outcome.pages_skipped:
        click.echo(f"trainkit: note: page checks skipped: {outcome.pages_skipped}", err=True)
    if as_json:
        click.echo(to_json(outcome.findings))
    else:
        for finding in outcome.findings:
            click.echo(str(finding))
    errors = sum(1 for f in outcome.findings if f.severity == "error")
    click.echo(f"reviewed {outcome.outputs} output(s): {errors} error(s), {len(outcome.findings) - errors} "
               f"warning(s); build: {_summary(shown)}", err=True)
    if errors or shown.error_count:
        sys.exit(1)


@cli.command()
@click.argument("region", required=False)
@click.option("--version", "version", required=True, metavar="X.Y.Z", help="Release version.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the bundles (default: dist/ in the project).")
@click.option("--all", "all_regions", is_flag=True, help="Release every region.")
@click.option("--allow-incomplete", is_flag=True, help="Release languages below 100 % and record the gaps.")
@click.option("--force", is_flag=True, help="Replace an existing bundle of the same version.")
@WRITERS
@click.pass_obj
def release(obj: Context, region: str | None, version: str, out: Path | None, all_regions: bool,
            allow_incomplete: bool, force: bool, jobs: int | None) -> None:
    """Bundle every course of a pilot REGION, in its languages, into dist/<project>-<region>-<version>.zip.

    An existing bundle of the same version is only replaced with --force. With --all every
    region is tried; exit status 1 when any of them failed. Outputs are kept in
    build/.release/<region>/ and rewritten only when their sources change.

    \b
    Examples:
      trainkit release estonia --version 1.0.0
      trainkit release --all --version 1.0.0
    """
    from trainkit.build import load_project
    from trainkit.release import RegionFailure, release as make_release, release_all, source_warning

    if bool(region) == all_regions:
        raise UsageError("name one REGION or use --all")
    project = load_project(obj.root())
    target = out or project.config.root / "dist"
    bar = ProgressBar(f"releasing {region}")
    try:
        # two releases into one folder: the second sees the first's bundle; the packs are built in
        # the build folder, which a build may be writing into
        with locked(target, project.config.output_dir):
            if all_regions:
                def advance(region_id: str) -> None:
                    bar.label = f"releasing {region_id}"
                outcomes = release_all(project, version, target, allow_incomplete, force, advance, _jobs(jobs), bar)
            else:
                outcomes = [make_release(project, region, version, target, allow_incomplete, force, _jobs(jobs), bar)]
    finally:
        bar.close()
    failures = [o for o in outcomes if isinstance(o, RegionFailure)]
    results = [o for o in outcomes if not isinstance(o, RegionFailure)]
    width = max([len("region")] + [len(o.region) for o in outcomes]) + 2
    click.echo(f"{'region':<{width}}{'languages':<12}{'files':>6}{'size':>12}  completeness")
    for outcome in outcomes:
        if isinstance(outcome, RegionFailure):
            click.echo(f"{outcome.region:<{width}}FAILED  {outcome.reason}")
            continue
        done = ", ".join(f"{c.language} {c.percent:g}%" for c in outcome.completeness.values())
        click.echo(f"{outcome.region:<{width}}{' '.join(outcome.languages):<12}{outcome.files:>6}"
                   f"{outcome.size / 1024 / 1024:>9.1f} MB  {done}")
    if failures and project.diagnostics.error_count:
        report(project.diagnostics)
    for result in results:
        click.echo(f"wrote {result.path}", err=True)
    for warning in dict.fromkeys(source_warning(result.source_revision) for result in results):
        if warning:
            click.echo(f"trainkit: warning: {warning}", err=True)
    if failures:
        click.echo(f"trainkit: error: {len(failures)} of {len(outcomes)} region(s) not released", err=True)
        sys.exit(1)


@cli.command()
@click.argument("bundle", type=click.Path(dir_okay=False, exists=True, path_type=Path))
def verify(bundle: Path) -> None:
    """Check a release BUNDLE: its manifest against its file name and itself, and every file
    against the manifest and SHA256SUMS. Unsafe zips (paths leaving the folder, duplicate or
    encrypted members, zip bombs) are refused without being unpacked.

    Exit status 1 when anything is refused, inconsistent, missing, extra or altered.
    """
    from trainkit.release import verify as check

    problems = check(bundle)
    for problem in problems:
        click.echo(f"{bundle.name}: {problem}", err=True)
    if problems:
        click.echo(f"{bundle.name}: {len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo(f"{bundle.name}: OK")


@cli.group()
def i18n() -> None:
    """Translate modules: extract messages, update PO catalogs, report and check them.

    \b
    Workflow:
      trainkit i18n update               extract locales/<module>.pot, merge locales/<lang>/<module>.po
      (translators edit the PO files in Poedit, Weblate or a text editor)
      trainkit i18n status --min 100     how much is translated
      trainkit i18n check                links, code and emphasis kept in every translation
      trainkit build --lang de --strict  fails while anything falls back to the source text
    """


def _i18n_project(obj: Context):
    from trainkit.build import load_project
    from trainkit.config import require_valid

    project = load_project(obj.root())
    require_valid(project.diagnostics)
    return project


def _i18n_shown(project) -> Diagnostics:
    """What a translation command reports: problems of catalogs, the glossary and the config, and
    every error (a module with errors has no catalog work done); module warnings are left to validate."""
    return Diagnostics([d for d in project.diagnostics.items
                        if d.severity == "error" or d.code.startswith(("i18n.", "config.", "glossary."))])


def _finish_catalogs(project, changes, check: bool) -> None:
    """Report what extract or update wrote (or, with --check, would write); exit 1 on errors or staleness."""
    _report_scoped(project, _i18n_shown(project))
    verb = "out of date" if check else "wrote"
    for path in changes.removed:
        click.echo(f"would remove: {path}" if check else f"removed {path}")
    for path in changes.changed:
        click.echo(f"{verb}: {path}" if check else f"wrote {path}")
    click.echo(f"{len(changes.changed)} catalog(s) {verb if check else 'written'}, {changes.unchanged} unchanged",
               err=True)
    if _i18n_shown(project).error_count or (check and (changes.changed or changes.removed)):
        sys.exit(1)


@i18n.command("extract")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a template is out of date.")
@click.pass_obj
def i18n_extract(obj: Context, check: bool) -> None:
    """Write locales/<module>.pot with every translatable text of each module.

    Exit status: 0 done (or up to date with --check), 1 errors or out of date.
    """
    from trainkit.i18n.commands import extract

    project = _i18n_project(obj)
    with locked(project.config.root / project.config.locales_dir):
        changes = extract(project, check)
    _finish_catalogs(project, changes, check)


@i18n.command("update")
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Language (repeatable; default all).")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when any catalog is out of date (for CI).")
@click.option("--prune", is_flag=True, help="Remove the catalogs of modules that no longer exist.")
@click.option("--own-words", is_flag=True,
              help="Also create locales/<lang>/trainkit.po: trainkit's labels, to change in the project's words.")
@click.pass_obj
def i18n_update(obj: Context, languages, check: bool, prune: bool, own_words: bool) -> None:
    """Extract the templates, then create or merge locales/<lang>/<module>.po.

    Changed source text keeps its old translation, marked fuzzy with the previous text;
    removed text becomes obsolete (#~). locales/<lang>/trainkit.po, the project's version of
    trainkit's labels, is kept up to date where it exists. Exit status: 0 done, 1 errors or
    (with --check) out of date.

    \b
    Example:
      trainkit i18n update --lang et --lang lv
    """
    from trainkit.i18n.commands import update

    project = _i18n_project(obj)
    with locked(project.config.root / project.config.locales_dir):
        changes = update(project, tuple(languages), check, prune, own_words)
    _finish_catalogs(project, changes, check)


@i18n.command("status")
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Language (repeatable; default all).")
@click.option("--region", default="", metavar="ID", help="Only the languages and courses of a pilot region.")
@click.option("--min", "minimum", type=click.FloatRange(0, 100), default=0.0, metavar="PCT",
              help="Exit 1 when any module is translated less than PCT percent.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def i18n_status(obj: Context, languages, region: str, minimum: float, as_json: bool) -> None:
    """Translated, fuzzy and untranslated messages per module and language.

    Exit status: 0 fine, 1 when a module is under --min or a catalog cannot be read.
    """
    import json

    from trainkit.i18n.commands import status

    project = _i18n_project(obj)
    rows = status(project, tuple(languages), region)
    _report_scoped(project, _i18n_shown(project))
    below = [row for row in rows if row.percent < minimum]
    if as_json:
        click.echo(json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False))
    else:
        width = max([len("module")] + [len(row.module) for row in rows])
        click.echo(f"{'module':<{width}}  lang  translated  fuzzy  untranslated  words left      %")
        for row in rows:
            click.echo(f"{row.module:<{width}}  {row.language:<4}  {row.translated:>10}  {row.fuzzy:>5}  "
                       f"{row.untranslated:>12}  {row.words_left:>10}  {row.percent:>5.1f}")
    for row in below:
        click.echo(f"{row.catalog}: {row.percent:.1f}% translated, under the minimum of {minimum:g}%", err=True)
    if below or _i18n_shown(project).error_count:
        sys.exit(1)


@i18n.command("check")
@click.option("--lang", "languages", multiple=True, metavar="LANG", help="Language (repeatable; default all).")
@click.pass_obj
def i18n_check(obj: Context, languages) -> None:
    """Check every PO file: syntax, and links, images, code spans and emphasis kept as in the source.

    Exit status: 0 clean, 1 problems found.
    """
    from trainkit.i18n.commands import check

    project = _i18n_project(obj)
    checked = check(project, tuple(languages))
    shown = _i18n_shown(project)
    _report_scoped(project, shown)
    problems = [d for d in shown.sorted() if d.code.startswith("i18n.")]
    click.echo(f"checked {checked} catalog(s): {len(problems)} problem(s)", err=True)
    if shown.error_count:
        sys.exit(1)


@i18n.command("pseudo")
@click.argument("language", metavar="LANG")
@click.option("--force", is_flag=True, help="Replace real translations too.")
@click.pass_obj
def i18n_pseudo(obj: Context, language: str, force: bool) -> None:
    """Fill LANG's catalogs with accented, about 35 % longer pseudo-translations.

    Build LANG afterwards: any plain English left in the outputs is hard-coded, and text that
    overflows shows where layouts need room. Exit status: 0 done, 1 errors, 2 unknown language.

    \b
    Example:
      trainkit i18n pseudo pl && trainkit build --lang pl
    """
    from trainkit.i18n.commands import pseudo

    project = _i18n_project(obj)
    with locked(project.config.root / project.config.locales_dir):
        changes = pseudo(project, language, force)
    _finish_catalogs(project, changes, check=False)


@cli.group()
def template() -> None:
    """Inspect reference templates."""


@template.command("check")
@click.argument("path", required=False, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--region", default="", metavar="ID", help="Check the template a region builds with.")
@click.pass_obj
def template_check(obj: Context, path: Path | None, region: str) -> None:
    """List the layouts and placeholders trainkit will use from a slide template, and what is missing.

    Without PATH: the project's slide template (or the built-in one).

    \b
    Examples:
      trainkit template check templates/our-slides.pptx
      trainkit template check --region estonia
    """
    from trainkit.writers.slide_template import check_template

    if path is None:
        from trainkit.build import load_project, output_settings

        project = load_project(obj.root())
        if region and region not in project.config.regions:
            raise UsageError(f"unknown region '{region}'")
        path = output_settings(project, region).templates["slides"]
    lines, ok = check_template(path)
    for line in lines:
        click.echo(line)
    if not ok:
        sys.exit(1)


def main() -> None:
    handle_signals()
    cli(prog_name="trainkit")
