"""The build: read, check, localise, write; each phase a function."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from trainkit import model as m
from trainkit.checks import check_project
from trainkit.clock import build_time
from trainkit.config import Branding, ProjectConfig, Templates, load_config
from trainkit.errors import Diagnostics, Location, UsageError
from trainkit.i18n.ui import OutputLanguage
from trainkit.reader import read_modules
from trainkit.views import view
from trainkit.config import CONFIG_FILE
from trainkit.schedule import programme
from trainkit.writers import RenderContext, Writer, writers
from trainkit.writers.documents import GuideWriter, HandoutWriter, write_course_document
from trainkit.writers.programme import write_programme


@dataclass
class Project:
    """A loaded project: its config, its readable modules and what was found wrong."""

    config: ProjectConfig
    modules: list[m.Module]
    diagnostics: Diagnostics
    localised: dict[tuple[str, str], m.Module] = field(default_factory=dict, repr=False)
    """(module id, language) -> the module in that language, made once per run."""

    def module(self, module_id: str) -> m.Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        raise UsageError(f"unknown module '{module_id}'")

    def valid_modules(self) -> list[m.Module]:
        """Modules without errors: the ones that may be built."""
        return [mod for mod in self.modules if not self.diagnostics.errors_at(mod.path)]


def load_project(root: Path, diagnostics: Diagnostics | None = None) -> Project:
    """Read the config and every module, and run the checks. Errors are collected, not raised."""
    diagnostics = diagnostics if diagnostics is not None else Diagnostics()
    config = load_config(root, diagnostics)
    files = config.module_files()
    if not files:
        diagnostics.warning(Location(config.modules_dir), "no modules found (*.md)", "project.empty")
    modules = read_modules(files, root, diagnostics)
    check_project(config, modules, diagnostics)
    return Project(config, modules, diagnostics)


def builtin_template(name: str) -> Path:
    """Path of a built-in reference template."""
    return Path(str(resources.files("trainkit") / "resources" / "templates" / "default" / name))


_TEMPLATE_SETTINGS = {"slides.pptx": "slides", "handout.docx": "handout", "facilitator-guide.docx": "guide"}
"""Built-in template -> the trainkit.yaml ``templates`` setting that replaces it."""


def template_for(writer: Writer, config: ProjectConfig, templates: Templates) -> Path:
    """The project's or region's template for ``writer``, else the built-in one."""
    configured = getattr(templates, _TEMPLATE_SETTINGS.get(writer.template, ""), "")
    if configured:
        path = config.root / configured
        if not path.is_file():
            raise UsageError(f"{config.location('templates')}: template '{configured}' not found")
        return path
    return builtin_template(writer.template)


@dataclass(frozen=True)
class BuildRequest:
    """What to build."""

    languages: tuple[str, ...] = ()
    """Empty for every project language."""
    modules: tuple[str, ...] = ()
    """Empty for every module."""
    formats: tuple[str, ...] = ()
    """Empty for every writer."""
    out: Path | None = None
    strict: bool = False
    region: str = ""
    with_solutions: bool = False


@dataclass
class BuildResult:
    """What a build wrote and what it skipped."""

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Ids of modules not built because of errors."""


def _select(request: BuildRequest, project: Project) -> tuple[list[str], list[m.Module], list[Writer]]:
    config = project.config
    for code in request.languages:
        if code not in config.languages:
            raise UsageError(f"unknown language '{code}' (the project has: {', '.join(config.languages)})")
    registered = writers()
    for name in request.formats:
        if name not in registered:
            raise UsageError(f"unknown format '{name}' (choose from: {', '.join(registered)})")
    languages = list(request.languages or config.languages)
    modules = [project.module(i) for i in request.modules] if request.modules else project.modules
    chosen = [registered[n] for n in registered if not request.formats or n in request.formats]
    return languages, modules, chosen


def localise(project: Project, module: m.Module, language: str) -> m.Module:
    """The module in ``language`` (the source language as it is), localised once per run.

    Builds, course packs and titles of prerequisites all ask for the same modules; the
    fallback warnings are reported by the one localisation that counts them.
    """
    key = (module.id, language)
    if key not in project.localised:
        if language == project.config.source_language:
            project.localised[key] = dataclasses.replace(module, language=language)
        else:
            from trainkit.i18n.localise import localise_module

            project.localised[key] = localise_module(project.config, module, language, project.diagnostics)
    return project.localised[key]


@dataclass(frozen=True)
class OutputSettings:
    """How outputs look for one build: branding, templates, time, region."""

    branding: Branding
    templates: dict[str, Path]
    """Template path per writer name."""
    timestamp: dt.datetime
    region_name: str = ""
    with_solutions: bool = False
    """Write solution keys beside exercise sheets."""


def output_settings(project: Project, chosen: list[Writer], region_id: str = "",
                    with_solutions: bool = False) -> OutputSettings:
    """Branding and templates of the project, or of a region when one is given."""
    config = project.config
    region = config.regions[region_id] if region_id else None
    templates: Templates = region.templates if region else config.templates
    return OutputSettings(
        branding=region.branding if region else config.branding,
        templates={w.name: template_for(w, config, templates) for w in chosen},
        timestamp=build_time(config.root, [config.root / mod.path for mod in project.modules]),
        region_name=region.name if region else "",
        with_solutions=with_solutions,
    )


def module_titles(project: Project, language: str) -> tuple[tuple[str, str], ...]:
    """(id, title in ``language``) of every module, to name prerequisites and course contents."""
    return tuple((mod.id, localise(project, mod, language).metadata.title) for mod in project.modules)


def write_module(project: Project, module: m.Module, language: str, chosen: list[Writer],
                 settings: OutputSettings, folder: Path) -> list[Path]:
    """Localise one module and write each chosen output into ``folder``; return the files written."""
    localised = localise(project, module, language)
    output_language = OutputLanguage(language)
    titles = module_titles(project, language) if module.metadata.prerequisites else ()
    written: list[Path] = []
    for writer in chosen:
        context = RenderContext(output_language, settings.branding, settings.templates[writer.name],
                                project.config.root, settings.timestamp, settings.region_name,
                                settings.with_solutions, titles)
        target = folder / writer.filename
        files = writer.write(view(localised, writer.audience), context, target)
        written.extend(files if files is not None else [target])
    return written


def build(project: Project, request: BuildRequest) -> BuildResult:
    """Write the requested outputs of every valid module; modules with errors write nothing."""
    languages, modules, chosen = _select(request, project)
    out = request.out or project.config.output_dir
    settings = output_settings(project, chosen, request.region, request.with_solutions)
    result = BuildResult()
    valid = {mod.id for mod in project.valid_modules()}
    for module in modules:
        if module.id not in valid:
            result.skipped.append(module.id)
            continue
        for language in languages:
            result.written.extend(write_module(project, module, language, chosen, settings,
                                               out / language / module.id))
    return result


def write_course_pack(project: Project, course_id: str, language: str, settings: OutputSettings,
                      folder: Path) -> list[Path]:
    """A course in one language: programme, course handout and guide, and every module's outputs."""
    config = project.config
    course = config.courses[course_id]
    chosen = list(writers().values())
    modules = [project.module(module_id) for module_id in course.modules]
    localised = [localise(project, mod, language) for mod in modules]
    titles = module_titles(project, language)
    words = OutputLanguage(language)
    title, description = course.title_in(language), course.description_in(language)

    def context(writer_name: str) -> RenderContext:
        return RenderContext(words, settings.branding, settings.templates[writer_name], config.root,
                             settings.timestamp, settings.region_name, module_titles=titles)

    days = programme(course, {mod.id: mod.metadata.duration for mod in modules})
    write_programme(title, description, days, dict(titles), context("handout"), folder / "programme.docx")
    as_module = m.Module(course.id, CONFIG_FILE, m.Metadata(
        title=title, duration=sum(mod.metadata.duration for mod in modules), description=description,
        authors=tuple(dict.fromkeys(a for mod in modules for a in mod.metadata.authors))), ())
    for writer in (HandoutWriter(), GuideWriter()):  # course-wide documents, one table of contents
        write_course_document(writer, as_module, [view(mod, writer.audience) for mod in localised],
                              context(writer.name), folder / writer.filename)
    written = [folder / "programme.docx"] + [folder / w.filename for w in (HandoutWriter(), GuideWriter())]
    for module in modules:
        written.extend(write_module(project, module, language, chosen, settings, folder / module.id))
    return written


def build_course(project: Project, course_id: str, request: BuildRequest) -> BuildResult:
    """Write a course pack per language into ``<out>/<lang>/<course>/``."""
    config = project.config
    if course_id not in config.courses:
        raise UsageError(f"unknown course '{course_id}' (the project has: {', '.join(config.courses) or 'none'})")
    languages, _, chosen = _select(dataclasses.replace(request, formats=()), project)
    valid = {mod.id for mod in project.valid_modules()}
    invalid = [mid for mid in config.courses[course_id].modules if mid not in valid]
    result = BuildResult(skipped=invalid)
    if invalid or project.diagnostics.error_count:
        return result
    settings = output_settings(project, chosen, request.region, request.with_solutions)
    out = request.out or config.output_dir
    for language in languages:
        result.written.extend(write_course_pack(project, course_id, language, settings, out / language / course_id))
    return result
