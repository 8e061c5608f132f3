"""The build's phases: read, check, localise, plan, write one module or course; each a function.

Which outputs a command writes, and in how many processes, is ``jobs``'s business."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from trainkit import model as m
from trainkit.checks import check_project
from trainkit.clock import SourceDates
from trainkit.config import CONFIG_FILE, Branding, ProjectConfig, Region, Templates, load_config
from trainkit.errors import Diagnostic, Diagnostics, DiagnosticsFailed, Location, UsageError
from trainkit.files import staged_folder
from trainkit.i18n import labels
from trainkit.i18n.ui import OutputLanguage
from trainkit.reader import read_modules
from trainkit.schedule import programme
from trainkit.views import view
from trainkit.writers import RenderContext, Writer, template_keys, writers
from trainkit.writers.deckplan import DeckPlan, plan_deck
from trainkit.writers.slide_template import read_geometry

DeckKey = tuple[str, str, str, str, str]
"""(module id, language, slide template, region name, date): what one deck plan is made for."""


@dataclass
class Project:
    """A loaded project: its config, its readable modules and what was found wrong."""

    config: ProjectConfig
    modules: list[m.Module]
    diagnostics: Diagnostics
    localised: dict[tuple[str, str], m.Module] = field(default_factory=dict, repr=False)
    """(module id, language) -> the module in that language, made once per run."""
    decks: dict[DeckKey, DeckPlan] = field(default_factory=dict, repr=False)
    """(module id, language, slide template, region, date) -> the module's deck plan, made once per run."""
    localise_notes: dict[tuple[str, str], tuple[Diagnostic, ...]] = field(default_factory=dict, repr=False)
    """(module id, language) -> what localising it reported (as warnings, even under --strict): the
    build cache keeps them, so a module that is up to date still reports its problems."""
    deck_notes: dict[DeckKey, tuple[Diagnostic, ...]] = field(default_factory=dict, repr=False)
    """Deck key -> what planning that deck reported, as ``localise_notes``."""
    languages: dict[str, OutputLanguage] = field(default_factory=dict, repr=False)
    """Language code -> trainkit's words and formats in it, with the project's own words, read once per run."""

    def module(self, module_id: str) -> m.Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        # a module file that could not be read at all (not UTF-8, broken front matter) is not
        # unknown: its own errors say what is wrong, and they are the user's to fix (exit 1)
        for file in self.config.module_files():
            path = file.relative_to(self.config.root).as_posix()
            if file.stem == module_id and self.diagnostics.errors_at(path):
                raise DiagnosticsFailed(self.diagnostics.only({path}))
        known = ", ".join(mod.id for mod in self.modules) or "none"
        raise UsageError(f"unknown module '{module_id}' (the project has: {known})")

    def valid_modules(self) -> list[m.Module]:
        """Modules without errors: the ones that may be built."""
        return [mod for mod in self.modules if not self.diagnostics.errors_at(mod.path)]

    def catalog(self, module_id: str, language: str) -> str:
        """Project-relative path of a module's catalog in ``language``."""
        return f"{self.config.locales_dir}/{language}/{module_id}.po"

    def output_language(self, code: str) -> OutputLanguage:
        """``code`` as outputs use it: trainkit's words, over them the project's (``locales/<lang>/trainkit.po``)."""
        if code not in self.languages:
            words = labels.load_words(self.config, code, self.diagnostics) if code != self.config.source_language \
                else None
            self.languages[code] = OutputLanguage(code, words)
        return self.languages[code]

    def paths(self, modules: list[m.Module], languages: list[str]) -> set[str]:
        """The files whose problems matter to work on ``modules`` in ``languages``: the config, the
        modules, their catalogs and the glossary."""
        paths = {CONFIG_FILE, f"{self.config.locales_dir}/glossary.yaml"}
        for module in modules:
            paths.add(module.path)
            paths.update(self.catalog(module.id, language) for language in languages)
        paths.update(self.catalog(labels.DOMAIN, language) for language in languages)
        return paths

    def blocked(self, module: m.Module, language: str) -> bool:
        """Whether errors stop ``module`` in ``language``: in the module, in its catalog or in the
        project's catalog of trainkit's words in that language."""
        self.output_language(language)  # reads, and so reports, the project's words
        return bool(self.diagnostics.errors_at(module.path) or self.diagnostics.errors_at(
            self.catalog(module.id, language)) or self.diagnostics.errors_at(self.catalog(labels.DOMAIN, language)))


def load_project(root: Path, diagnostics: Diagnostics | None = None, strict: bool = False) -> Project:
    """Read the config and every module, and run every check. Problems are collected, not raised:
    a config with errors still lets the modules be checked (writing commands refuse it later).
    With ``strict``, warnings are recorded as errors."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics(strict=strict)
    config = load_config(root, diagnostics)
    files = config.module_files()
    if not files:
        diagnostics.warning(Location(config.modules_dir), "no modules found (*.md)", "project.empty")
    modules = read_modules(files, root, diagnostics)
    # a module file that could not be read is not unknown: courses and prerequisites that name it
    # are right, and its own errors say what to fix (no cascade that would stop the other modules)
    read = {module.path for module in modules}
    unreadable = {file.stem for file in files if file.relative_to(root).as_posix() not in read}
    check_project(config, modules, diagnostics, unreadable)
    check_templates(config, diagnostics)
    if not diagnostics.errors_at(CONFIG_FILE):
        check_layouts(config, modules, diagnostics)
    return Project(config, modules, diagnostics)


def check_layouts(config: ProjectConfig, modules: list[m.Module], diagnostics: Diagnostics) -> None:
    """A layout asked for with ``{layout="…"}`` must be one trainkit knows or the slide template has."""
    from trainkit.writers.layouts import FALLBACKS

    asked = [(module, slide) for module in modules for slide in module.slides() if slide.layout]
    if not asked:
        return
    names = [layout.name for layout in read_geometry(template_path("slides", config, config.templates)).layouts]
    known = {name.lower() for name in (*FALLBACKS, *names)}
    for module, slide in asked:
        if slide.layout.lower() not in known:
            diagnostics.warning(slide.location, f"unknown layout '{slide.layout}': the slide uses "
                                f"'Title and Content' (the template has: {', '.join(names)})", "slide.layout")


def check_templates(config: ProjectConfig, diagnostics: Diagnostics) -> None:
    """Every template trainkit.yaml names (the project's and each region's) is a writer's template key
    and a usable file of the right kind."""
    from trainkit.writers.template_check import template_problem

    known = template_keys()
    places = [("templates", config.templates)] + [(f"regions.{r.id}.templates", r.templates)
                                                   for r in config.regions.values()]
    for prefix, templates in places:
        for key, path in templates.paths:
            where = f"{prefix}.{key}"
            if where not in config.lines:
                continue  # inherited from the project: checked there
            if key not in known:
                diagnostics.warning(config.location(where),
                                    f"unknown template '{key}' is ignored (trainkit has: {', '.join(known)})",
                                    "config.unknown")
                continue
            problem = template_problem(config.root / path, Path(known[key]).suffix)
            if problem:
                diagnostics.error(config.location(where), f"template '{path}' {problem}", "config.template")


def builtin_template(name: str) -> Path:
    """Path of a built-in reference template."""
    return Path(str(resources.files("trainkit") / "resources" / "templates" / "default" / name))


def template_path(key: str, config: ProjectConfig, templates: Templates) -> Path:
    """The project's or region's template for a template key, else the built-in one."""
    configured = templates.get(key)
    return config.root / configured if configured else builtin_template(template_keys()[key])


@dataclass(frozen=True)
class BuildRequest:
    """What to build."""

    languages: tuple[str, ...] = ()
    """Empty for every project language."""
    modules: tuple[str, ...] = ()
    """Empty for every module."""
    formats: tuple[str, ...] = ()
    """Empty for every writer a plain build writes."""
    out: Path | None = None
    strict: bool = False
    region: str = ""
    with_solutions: bool = False


@dataclass
class BuildResult:
    """What a build wrote, what it skipped, and what a user should know about it."""

    written: list[Path] = field(default_factory=list)
    """Every output of the build, in build order: written now, or up to date from an earlier build."""
    built: list[Path] = field(default_factory=list)
    """The outputs written now (the others were up to date, or copied from an identical output)."""
    skipped: list[str] = field(default_factory=list)
    """Modules (``id`` or ``id (lang)``) not built because of errors."""
    notes: list[str] = field(default_factory=list)
    """Why something asked for wrote nothing (a module without exercises)."""
    scope: set[str] | None = None
    """Files whose diagnostics concern this build (None: the whole project)."""


def selection(request: BuildRequest, project: Project) -> tuple[list[str], list[m.Module], list[Writer]]:
    """Languages, modules and writers a request names; a usage error for anything unknown."""
    config = project.config
    allowed = config.languages
    if request.region:
        if request.region not in config.regions:
            raise UsageError(f"unknown region '{request.region}' "
                             f"(the project has: {', '.join(config.regions) or 'none'})")
        allowed = config.regions[request.region].languages
    for code in request.languages:
        if code not in allowed:
            where = f"region '{request.region}'" if request.region else "the project"
            raise UsageError(f"unknown language '{code}' ({where} has: {', '.join(allowed)})")
    registered = writers("module")
    for name in request.formats:
        if name not in registered:
            raise UsageError(f"unknown format '{name}' (choose from: {', '.join(registered)})")
    languages = list(request.languages or allowed)
    modules = [project.module(i) for i in dict.fromkeys(request.modules)] if request.modules else project.modules
    wanted = set(request.formats) or {n for n, w in registered.items() if w.default}
    if request.with_solutions:
        wanted.add("solutions")
    return languages, modules, [w for n, w in registered.items() if n in wanted]


def localise(project: Project, module: m.Module, language: str) -> m.Module:
    """The module in ``language`` (the source language as it is), localised once per run.

    Builds, course packs and titles of prerequisites all ask for the same modules; the
    fallback warnings are reported by the one localisation that counts them.
    """
    key = (module.id, language)
    if key not in project.localised:
        if language == project.config.source_language:
            project.localised[key] = dataclasses.replace(module, language=language)
            project.localise_notes[key] = ()
        else:
            from trainkit.i18n.localise import localise_module

            notes = Diagnostics()  # as warnings: the project's diagnostics apply --strict when they take them
            project.localised[key] = localise_module(project.config, module, language, notes)
            project.localise_notes[key] = tuple(notes.items)
            project.diagnostics.extend(notes)
    return project.localised[key]


@dataclass(frozen=True)
class OutputSettings:
    """How outputs look for one build: branding, templates, region, and when their sources changed."""

    branding: Branding
    templates: dict[str, Path]
    """Template path per template key."""
    timestamp: dt.datetime
    """The newest date among the modules and trainkit.yaml: for what belongs to no one module or course.
    Each output is dated by its own sources (``module_time``, ``course_time``)."""
    region: Region | None = None
    dates: SourceDates | None = field(default=None, compare=False, repr=False)
    """When each source file last changed; None in a worker process, whose tasks carry their dates."""


def output_settings(project: Project, region_id: str = "") -> OutputSettings:
    """Branding and templates of the project, or of a region when one is given."""
    config = project.config
    region = config.regions[region_id] if region_id else None
    templates: Templates = region.templates if region else config.templates
    dates = SourceDates.read(config.root)
    return OutputSettings(
        branding=region.branding if region else config.branding,
        templates={key: template_path(key, config, templates) for key in template_keys()},
        timestamp=dates.time_of([mod.path for mod in project.modules] + [CONFIG_FILE]),
        region=region,
        dates=dates,
    )


def module_sources(project: Project, module: m.Module, language: str) -> list[Path]:
    """The files a module's outputs in ``language`` are made from: the module, the pictures shown in
    that language (``map.de.png`` where there is one) and the module's catalog in that language."""
    from trainkit.i18n.localise import image_in

    root = project.config.root
    files = [root / module.path]
    images = []  # the pictures map_images (and so localisation) reaches, found without rebuilding the module
    for block in m.module_blocks(module):
        if isinstance(block, m.Image):
            images.append(block)
        elif isinstance(block, (m.Paragraph, m.Heading)):
            images.extend(m.inline_images(block.inlines))
    files.extend(Path(image_in(image, language).resolved) for image in images if image.resolved)
    if language != project.config.source_language:
        files.append(root / project.catalog(module.id, language))
    return files


def module_time(project: Project, settings: OutputSettings, module: m.Module, language: str) -> dt.datetime:
    """The date of a module's outputs in ``language``: the newest date of its own sources
    (``module_sources``), so a change elsewhere in the project leaves their bytes alone."""
    assert settings.dates is not None, "dates are read in the process that plans the build"
    return settings.dates.time_of(module_sources(project, module, language))


def course_time(project: Project, settings: OutputSettings, course_id: str, language: str) -> dt.datetime:
    """The date of a course's own outputs in ``language``: the newest of its modules' and of trainkit.yaml."""
    assert settings.dates is not None, "dates are read in the process that plans the build"
    files = [project.config.root / CONFIG_FILE]
    for mid in dict.fromkeys(project.config.courses[course_id].modules):
        files.extend(module_sources(project, project.module(mid), language))
    return settings.dates.time_of(files)


def prerequisite_titles(project: Project, modules: list[m.Module], language: str) -> tuple[tuple[str, str], ...]:
    """(id, title in ``language``) of the modules that ``modules`` name as prerequisites: all that
    writers look up in ``RenderContext.module_titles``, so only these modules are localised for it."""
    named = {mid for module in modules for mid in module.metadata.prerequisites}
    return tuple((mod.id, localise(project, mod, language).metadata.title) for mod in project.modules
                 if mod.id in named)


def deck_key(localised: m.Module, settings: OutputSettings, timestamp: dt.datetime) -> DeckKey:
    """What the deck plan of a localised module depends on besides the module: template, region, date."""
    region_name = settings.region.name_in(localised.language) if settings.region else ""
    return (localised.id, localised.language, str(settings.templates["slides"]), region_name, timestamp.isoformat())


def deck_plan(project: Project, localised: m.Module, settings: OutputSettings,
              timestamp: dt.datetime | None = None) -> DeckPlan:
    """The deck of a localised module, planned once per run for each template, region and date
    (by default the module's own date)."""
    if timestamp is None:
        timestamp = module_time(project, settings, project.module(localised.id), localised.language)
    key = deck_key(localised, settings, timestamp)
    if key not in project.decks:
        project.decks[key] = plan_deck(view(localised, "slides"), read_geometry(settings.templates["slides"]),
                                       project.output_language(localised.language), timestamp,
                                       key[3], project.config.incremental)
        notes = Diagnostics()
        for location, message, code in project.decks[key].warnings:
            notes.warning(location, message, code)
        project.deck_notes[key] = tuple(notes.items)
        project.diagnostics.extend(notes)
    return project.decks[key]


def _context(project: Project, settings: OutputSettings, writer: Writer, language: str,
             titles: tuple[tuple[str, str], ...], decks: dict[str, DeckPlan], timestamp: dt.datetime) -> RenderContext:
    return RenderContext(project.output_language(language), settings.branding, settings.templates[writer.template],
                         project.config.root, timestamp,
                         settings.region.name_in(language) if settings.region else "", titles, decks)


def write_outputs(project: Project, localised: m.Module, titles: tuple[tuple[str, str], ...], chosen: list[Writer],
                  settings: OutputSettings, timestamp: dt.datetime, folder: Path) -> dict[str, list[Path]]:
    """Write each chosen output of a localised module into ``folder``; the files each writer wrote.
    ``titles`` name its prerequisites; ``timestamp`` is its date (``module_time``)."""
    language = localised.language
    decks = {localised.id: deck_plan(project, localised, settings, timestamp)} \
        if any(w.needs_deck for w in chosen) else {}
    written: dict[str, list[Path]] = {}
    with staged_folder(folder) as staging:  # the outputs replace the previous ones together, or not at all
        for writer in chosen:
            # decks do not name prerequisites: without their titles, a renamed module cannot change them
            named = titles if writer.view != "slides" else ()
            context = _context(project, settings, writer, language, named, decks, timestamp)
            files = writer.write(view(localised, writer.view), context, staging / writer.filename)
            written[writer.name] = [folder / path.relative_to(staging) for path in files]
    return written


def course_model(project: Project, course_id: str, language: str) -> m.Course:
    """A course in ``language``: its modules (each once, in teaching order) and its timed programme."""
    course = project.config.courses[course_id]
    modules = [localise(project, project.module(mid), language) for mid in dict.fromkeys(course.modules)]
    days = programme(course, {mod.id: mod.metadata.duration for mod in modules})
    return m.Course(course.id, course.title_in(language), course.description_in(language), tuple(modules), days,
                    language)


def write_course_outputs(project: Project, course: m.Course, titles: tuple[tuple[str, str], ...],
                         chosen: list[Writer], settings: OutputSettings, timestamp: dt.datetime,
                         module_times: dict[str, dt.datetime], folder: Path) -> dict[str, list[Path]]:
    """Write each chosen course-scope output of a localised course into ``folder``; the files each
    writer wrote. ``timestamp`` is the course's date (``course_time``), ``module_times`` each module's,
    with which its deck is planned (so slide numbers agree with the module's own deck)."""
    written: dict[str, list[Path]] = {}
    with staged_folder(folder) as staging:  # the course's outputs replace the previous ones together
        for writer in chosen:
            decks = {mod.id: deck_plan(project, mod, settings, module_times[mod.id]) for mod in course.modules} \
                if writer.needs_deck else {}
            viewed = dataclasses.replace(course, modules=tuple(view(mod, writer.view) for mod in course.modules))
            context = _context(project, settings, writer, course.language, titles, decks, timestamp)
            files = writer.write(viewed, context, staging / writer.filename)
            written[writer.name] = [folder / path.relative_to(staging) for path in files]
    return written


@dataclass(frozen=True)
class BuiltOutput:
    """One file a build wrote, and what it is: for preview, review and indexes."""

    path: Path
    module: str
    """Module id."""
    language: str
    writer: str
    """Name of the writer that wrote it (``slides``, ``handout``, ``guide``…)."""
    title: str
    """The module's title in ``language``."""
    slides: tuple[Location, ...] = ()
    """Source location of each slide, in slide order, from the deck plan; empty unless the output is a deck."""


def built_outputs(project: Project, request: BuildRequest, result: BuildResult) -> list[BuiltOutput]:
    """What ``build(project, request)`` wrote, per module, language and writer, in build order.

    Decks (writers of the slides view) carry the deck plan's source location of every slide;
    the plans are the ones the build made (cached on the project), so the numbers agree.
    """
    languages, modules, chosen = selection(request, project)
    out = request.out or project.config.output_dir
    settings = output_settings(project, request.region)
    written = {path.resolve() for path in result.written}
    found: list[BuiltOutput] = []
    for module in modules:
        for language in languages:
            outputs = [(w, out / language / module.id / w.filename) for w in chosen]
            outputs = [(w, path) for w, path in outputs if path.resolve() in written]
            if not outputs:
                continue
            localised = localise(project, module, language)
            for writer, path in outputs:
                slides = (tuple(s.location for s in deck_plan(project, localised, settings).slides)
                          if writer.view == "slides" else ())
                found.append(BuiltOutput(path, module.id, language, writer.name, localised.metadata.title, slides))
    return found
