"""trainkit.yaml -> ProjectConfig: a typed, documented schema; every problem collected with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale, UnknownLocaleError

from trainkit.errors import Diagnostics, DiagnosticsFailed, Location, TrainkitError, UsageError
from trainkit.limits import MAX_MINUTES
from trainkit.paths import outside_reason
from trainkit.reader.source import load_yaml, read_text

CONFIG_FILE = "trainkit.yaml"
IDENTIFIER = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


Texts = tuple[tuple[str, str], ...]
"""A text per language: (language code, text) pairs; ``*`` stands for every language."""


def text_in(texts: Texts, language: str, source_language: str = "") -> str:
    """The text for ``language``, else for every language (``*``), else the source language's, else empty."""
    found = dict(texts)
    return (found.get(language) or found.get(language.split("-")[0]) or found.get("*")
            or found.get(source_language, ""))


@dataclass(frozen=True)
class Branding:
    """What identifies a funder or region on every output."""

    logo: str = ""
    """Project-relative path of the logo (PNG, JPEG or SVG); empty for none."""
    emblem: str = ""
    """Project-relative path of the funder's emblem (the EU flag, for instance), shown with the
    acknowledgement on title and closing slides and in document footers; empty for none."""
    acknowledgement: Texts = ()
    """Footer text such as "Co-funded by the European Union", per language (``*`` for any)."""

    def acknowledgement_in(self, language: str) -> str:
        """The acknowledgement in ``language``, else the one given for any language, else empty."""
        return text_in(self.acknowledgement, language)


@dataclass(frozen=True)
class Templates:
    """Reference templates by template key (``slides``, ``handout``, ``guide``: the writers declare
    them); a key without a path uses trainkit's built-in template."""

    paths: tuple[tuple[str, str], ...] = ()
    """(template key, project-relative path) pairs."""

    def get(self, key: str) -> str:
        return dict(self.paths).get(key, "")


@dataclass(frozen=True)
class ScheduleItem:
    """One entry of a course day: a module, a break or lunch."""

    kind: str
    """``module``, ``break`` or ``lunch``."""
    module: str = ""
    minutes: int = 0
    """Length of a break or lunch; a module's length comes from its duration."""


@dataclass(frozen=True)
class Course:
    """An ordered set of modules taught together, day by day."""

    id: str
    title: Texts
    """The course title, per language (``*`` when one text serves every language)."""
    days: tuple[tuple[ScheduleItem, ...], ...]
    description: Texts = ()
    start: str = "09:00"
    """Start time of each day, ``HH:MM``."""
    source_language: str = "en"

    def title_in(self, language: str) -> str:
        return text_in(self.title, language, self.source_language) or self.id

    def description_in(self, language: str) -> str:
        return text_in(self.description, language, self.source_language)

    @property
    def modules(self) -> tuple[str, ...]:
        """Module ids in teaching order."""
        return tuple(item.module for day in self.days for item in day if item.kind == "module")


@dataclass(frozen=True)
class Region:
    """A pilot region: who receives a release, in which languages, with which branding."""

    id: str
    names: Texts
    """The region's name, per language (``*`` when one text serves every language)."""
    languages: tuple[str, ...]
    courses: tuple[str, ...]
    branding: Branding
    templates: Templates
    source_language: str = "en"

    def name_in(self, language: str) -> str:
        return text_in(self.names, language, self.source_language) or self.id


@dataclass(frozen=True)
class ProjectConfig:
    """A trainkit project as described by its trainkit.yaml."""

    root: Path
    """Folder that holds trainkit.yaml."""
    project: str
    """Short name, used in release file names."""
    title: str
    source_language: str
    languages: tuple[str, ...]
    """Every output language, the source language first."""
    output: str = "build"
    """Build folder, relative to the root."""
    modules_dir: str = "modules"
    locales_dir: str = "locales"
    add_location: str = "full"
    """PO references: ``full`` (path:line), ``file`` (path only) or ``never``."""
    branding: Branding = field(default_factory=Branding)
    templates: Templates = field(default_factory=Templates)
    courses: dict[str, Course] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    incremental: bool = False
    """Lists on slides appear item by item unless a module says otherwise (``incremental:``)."""
    lines: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    lesson: str = ""
    """Project-relative path of a Carpentries Workbench lesson's ``config.yaml`` (``lesson:``), or empty."""
    episodes: tuple[str, ...] = ()
    """The lesson's episode files in teaching order, relative to ``modules_dir``; empty for every
    ``*.md`` file of the modules folder."""

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    def module_files(self) -> list[Path]:
        if self.episodes:
            return [self.root / self.modules_dir / name for name in self.episodes]
        return sorted((self.root / self.modules_dir).glob("*.md"))

    def location(self, key: str) -> Location:
        """Where a dotted key (``regions.de.languages``) stands in trainkit.yaml."""
        while key and key not in self.lines:
            key = key.rpartition(".")[0]
        return Location(CONFIG_FILE, self.lines.get(key, 1))


_TOP_KEYS = {"project", "title", "source_language", "languages", "output", "modules_dir", "locales_dir",
             "i18n", "branding", "templates", "courses", "regions", "lesson", "incremental"}
LESSON_COURSE = "lesson"
"""Id of the course a Workbench lesson's episodes make, in the order its config.yaml lists them."""


@dataclass(frozen=True)
class Lesson:
    """What trainkit reads of a Carpentries Workbench lesson's config.yaml."""

    path: str
    """Project-relative path of the config.yaml."""
    title: str
    episodes_dir: str
    """Project-relative folder of the episodes (``episodes`` beside the config.yaml)."""
    episodes: tuple[str, ...]
    """Episode file names in teaching order; every ``*.md``/``*.Rmd`` of the folder, sorted, when
    ``episodes:`` is left empty (as the Workbench does)."""


def _lesson(r: "_Reader", data: dict[str, Any]) -> Lesson | None:
    """Read the Workbench config.yaml named by ``lesson:``; each problem at its line there."""
    relative = r.text(data, "lesson", "lesson")
    file = r.root / relative
    reason = outside_reason(r.root, relative) if relative else ""
    if reason:
        r.error("lesson", f"lesson '{relative}' {reason}; the lesson must be in the project", "config.outside")
        return None
    if not relative or not file.is_file():
        r.error("lesson", f"lesson '{relative}' not found (name the lesson's config.yaml)", "config.lesson")
        return None
    shown = file.relative_to(r.root).as_posix() if file.resolve().is_relative_to(r.root.resolve()) else relative
    text = read_text(file, shown, r.diagnostics)
    loaded = load_yaml(text, shown, 1, r.diagnostics) if text is not None else None
    if loaded is None:
        return None
    lesson, lines = loaded
    if not isinstance(lesson, dict):
        r.diagnostics.error(Location(shown, 1), "a lesson's config.yaml must be a mapping", "config.lesson")
        return None
    folder = (Path(relative).parent / "episodes").as_posix().removeprefix("./")
    title = lesson.get("title")
    listed = lesson.get("episodes")
    if listed is None:
        names = tuple(sorted(p.name for p in (r.root / folder).glob("*") if p.suffix in (".md", ".Rmd")))
    elif isinstance(listed, list) and all(isinstance(e, str) for e in listed):
        names = tuple(listed)
        for n, name in enumerate(names):
            if not (r.root / folder / name).is_file():
                r.diagnostics.error(Location(shown, lines.get(f"episodes.{n}", 1)),
                                    f"episode '{name}' not found in {folder}/", "config.lesson")
        names = tuple(name for name in names if (r.root / folder / name).is_file())
    else:
        r.diagnostics.error(Location(shown, lines.get("episodes", 1)), "episodes must be a list of file names",
                            "config.lesson")
        names = ()
    return Lesson(shown, title.strip() if isinstance(title, str) else "", folder, names)


class _Reader:
    """Typed access to the YAML mapping that reports each problem at its line."""

    def __init__(self, root: Path, lines: dict[str, int], diagnostics: Diagnostics) -> None:
        self.root = root
        self.lines = lines
        self.diagnostics = diagnostics

    def at(self, key: str) -> Location:
        while key and key not in self.lines:
            key = key.rpartition(".")[0]
        return Location(CONFIG_FILE, self.lines.get(key, 1))

    def error(self, key: str, message: str, code: str) -> None:
        self.diagnostics.error(self.at(key), message, code)

    def mapping(self, data: Any, key: str, allowed: set[str] | None = None) -> dict[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, dict):
            what = f"'{key}'" if key else CONFIG_FILE
            self.error(key, f"{what} must be a mapping of 'key: value' settings", "config.type")
            return {}
        for name in data:
            if allowed is not None and name not in allowed:
                self.diagnostics.warning(self.at(f"{key}.{name}" if key else str(name)),
                                         f"unknown setting '{name}' is ignored", "config.unknown")
        return data

    def text(self, data: dict[str, Any], key: str, path: str, default: str = "") -> str:
        value = data.get(key, default)
        if not isinstance(value, str):
            self.error(path, f"'{key}' must be text", "config.type")
            return default
        return value.strip()

    def texts(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(path, f"'{key}' must be a list of texts", "config.type")
            return ()
        return tuple(v.strip() for v in value)

    def texts_per_language(self, data: dict[str, Any], key: str, path: str) -> Texts:
        """One text for every language, or a mapping language code -> text."""
        value = data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return (("*", value.strip()),)
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return tuple(sorted((k, v.strip()) for k, v in value.items()))
        self.error(path, f"'{key}' must be text, or a mapping of language codes to texts", "config.type")
        return ()

    def language(self, code: str, path: str) -> str:
        try:
            Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            self.error(path, f"unknown language code '{code}'", "config.language")
        return code


def slug(name: str) -> str:
    """A folder name as a project name: lower case, runs of other characters as one '-'
    ("swcarpentry+shell-novice" -> "swcarpentry-shell-novice")."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "project"


def _branding(r: _Reader, data: Any, path: str, base: Branding) -> Branding:
    """``acknowledgement`` is one text for every language, or a mapping language -> text."""
    data = r.mapping(data, path, {"logo", "emblem", "acknowledgement"})
    pictures = {}
    for key in ("logo", "emblem"):
        value = r.text(data, key, f"{path}.{key}", getattr(base, key))
        if value and key in data:
            problem = _logo_problem(r.root, value)
            if problem:
                r.error(f"{path}.{key}", f"{key} '{value}' {problem}", "config.logo")
                value = ""
        pictures[key] = value
    logo, emblem = pictures["logo"], pictures["emblem"]
    if data.get("acknowledgement") is None:
        return Branding(logo, emblem, base.acknowledgement)
    return Branding(logo, emblem, r.texts_per_language(data, "acknowledgement", f"{path}.acknowledgement"))


def _logo_problem(root: Path, logo: str) -> str:
    """Why the logo at ``logo`` cannot be used: outside the project, missing, or not a picture; empty when it can."""
    reason = outside_reason(root, logo)
    if reason:
        return reason
    if not (root / logo).is_file():
        return "not found"
    from trainkit.pictures import PictureError, load_picture

    try:
        load_picture(root / logo)
    except PictureError as exc:
        return f"cannot be used: {exc.message}"
    return ""


def _check_acknowledgement(r: _Reader, branding: Branding, languages: tuple[str, ...] | list[str],
                           path: str) -> None:
    """A funding statement given per language must be given for every language that ships."""
    given = dict(branding.acknowledgement)
    if not given or "*" in given:
        return
    for language in dict.fromkeys(languages):
        if not branding.acknowledgement_in(language):
            r.diagnostics.warning(r.at(f"{path}.acknowledgement"),
                                  f"no funding statement for '{language}': the footer of its outputs stays empty",
                                  "config.acknowledgement")


def _templates(r: _Reader, data: Any, path: str, base: Templates) -> Templates:
    """``templates: {key: path}``; which keys exist is the writers' business (``load_project`` checks)."""
    data = r.mapping(data, path)
    paths = dict(base.paths)
    for key in data:
        paths[str(key)] = r.text(data, key, f"{path}.{key}")
        reason = outside_reason(r.root, paths[str(key)]) if paths[str(key)] else ""
        if reason:
            r.error(f"{path}.{key}", f"template '{paths[str(key)]}' {reason}; templates are files in the project",
                    "config.template")
            paths[str(key)] = ""
    return Templates(tuple(sorted((k, v) for k, v in paths.items() if v)))


def _days(r: _Reader, data: Any, path: str) -> tuple[tuple[ScheduleItem, ...], ...]:
    """``days: [[module-id, {break: 15}, module-id, {lunch: 60}], [...]]``."""
    if not isinstance(data, list) or not all(isinstance(day, list) for day in data):
        r.error(path, "days must be a list of days, each a list of module ids and breaks", "config.course")
        return ()
    days = []
    for d, day in enumerate(data):
        items = []
        for i, entry in enumerate(day):
            where = f"{path}.{d}.{i}"
            if isinstance(entry, str):
                items.append(ScheduleItem("module", entry.strip()))
            elif (isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in ("break", "lunch")
                  and type(next(iter(entry.values()))) is int and 0 < next(iter(entry.values())) <= MAX_MINUTES):
                kind, minutes = next(iter(entry.items()))
                items.append(ScheduleItem(kind, minutes=minutes))
            else:
                r.error(where, "a day lists module ids, {break: MINUTES} or {lunch: MINUTES} "
                        f"(1 to {MAX_MINUTES} minutes)", "config.course")
        days.append(tuple(items))
    return tuple(days)


def parse_config(data: Any, lines: dict[str, int], root: Path, diagnostics: Diagnostics) -> ProjectConfig:
    """Validate the loaded YAML into a ProjectConfig; problems go to ``diagnostics``."""
    r = _Reader(root, lines, diagnostics)
    data = r.mapping(data, "", _TOP_KEYS)
    project = r.text(data, "project", "project", slug(root.resolve().name))
    if not IDENTIFIER.match(project):
        r.error("project", f"project '{project}' must use only a-z, 0-9 and '-'", "config.project")
    source = r.language(r.text(data, "source_language", "source_language", "en"), "source_language")
    languages: list[str] = []
    for i, code in enumerate(r.texts(data, "languages", "languages")):
        if code in languages:
            r.diagnostics.warning(r.at(f"languages.{i}"), f"language '{code}' is listed twice", "config.language")
            continue
        languages.append(r.language(code, f"languages.{i}"))
    # the source language comes first: its outputs are built first and its catalog is the template
    if source in languages:
        languages.remove(source)
    languages.insert(0, source)
    i18n = r.mapping(data.get("i18n"), "i18n", {"add_location"})
    add_location = r.text(i18n, "add_location", "i18n.add_location", "full")
    if add_location not in ("full", "file", "never"):
        r.error("i18n.add_location", f"add_location must be full, file or never, not '{add_location}'",
                "config.i18n")
    branding = _branding(r, data.get("branding"), "branding", Branding())
    templates = _templates(r, data.get("templates"), "templates", Templates())

    lesson = _lesson(r, data) if "lesson" in data else None
    courses: dict[str, Course] = {}
    if lesson is not None and lesson.episodes:
        # the lesson itself is a course, in the order of its config.yaml; the project may redefine it
        modules = tuple(ScheduleItem("module", Path(name).stem) for name in lesson.episodes)
        courses[LESSON_COURSE] = Course(LESSON_COURSE, (("*", lesson.title),) if lesson.title else (), (modules,),
                                        source_language=source)
    for course_id, spec in r.mapping(data.get("courses"), "courses").items():
        path = f"courses.{course_id}"
        if not IDENTIFIER.match(str(course_id)):
            r.error(path, f"course id '{course_id}' must use only a-z, 0-9 and '-'", "config.course")
        spec = r.mapping(spec, path, {"title", "description", "modules", "start", "days"})
        if "days" in spec:
            days = _days(r, spec["days"], f"{path}.days")
        else:
            days = (tuple(ScheduleItem("module", m) for m in r.texts(spec, "modules", f"{path}.modules")),)
        if not any(days):
            r.error(path, f"course '{course_id}' lists no modules", "config.course")
        if type(spec.get("start")) is int:
            # YAML 1.1 reads 10:30 unquoted as a number in base 60 (630); only quotes keep it a time
            r.error(f"{path}.start", 'start must be a time of day in quotes, like "10:30"', "config.course")
            spec = {k: v for k, v in spec.items() if k != "start"}
        start = r.text(spec, "start", f"{path}.start", "09:00")
        if not re.match(r"^([01]?\d|2[0-3]):[0-5]\d$", start):
            r.error(f"{path}.start", f"start must be a time of day like 09:00, not '{start}'", "config.course")
            start = "09:00"
        courses[str(course_id)] = Course(
            str(course_id), r.texts_per_language(spec, "title", f"{path}.title"), days,
            r.texts_per_language(spec, "description", f"{path}.description"), start, source)

    regions: dict[str, Region] = {}
    for region_id, spec in r.mapping(data.get("regions"), "regions").items():
        path = f"regions.{region_id}"
        if not IDENTIFIER.match(str(region_id)):
            r.error(path, f"region id '{region_id}' must use only a-z, 0-9 and '-'", "config.region")
        spec = r.mapping(spec, path, {"name", "languages", "courses", "branding", "templates"})
        region_languages = r.texts(spec, "languages", f"{path}.languages")
        for i, code in enumerate(region_languages):
            if code not in languages:
                r.error(f"{path}.languages.{i}", f"region '{region_id}' uses language '{code}', "
                                                 "which is not in the project's languages", "config.region")
        region_courses = r.texts(spec, "courses", f"{path}.courses")
        for i, course in enumerate(region_courses):
            if course not in courses:
                r.error(f"{path}.courses.{i}", f"region '{region_id}' names unknown course '{course}'",
                        "config.region")
        if not region_courses:
            r.error(path, f"region '{region_id}' names no courses: its release would hold no material",
                    "config.region")
        region_branding = _branding(r, spec.get("branding"), f"{path}.branding", branding)
        region_languages = region_languages or (source,)
        if "branding" in spec:
            _check_acknowledgement(r, region_branding, region_languages, f"{path}.branding")
        regions[str(region_id)] = Region(
            str(region_id), r.texts_per_language(spec, "name", f"{path}.name"), region_languages,
            region_courses, region_branding, _templates(r, spec.get("templates"), f"{path}.templates", templates),
            source,
        )
    _check_acknowledgement(r, branding, tuple(languages), "branding")

    default_title = (lesson.title if lesson is not None else "") or project
    default_modules = lesson.episodes_dir if lesson is not None else "modules"
    incremental = data.get("incremental", False)
    if not isinstance(incremental, bool):
        r.error("incremental", f"incremental must be true or false, not {incremental!r}", "config.type")
        incremental = False
    folders = {key: _folder(r, data, key, default)
               for key, default in (("output", "build"), ("modules_dir", default_modules), ("locales_dir", "locales"))}
    return ProjectConfig(
        root=root, project=project, title=r.text(data, "title", "title", default_title), source_language=source,
        languages=tuple(languages), output=folders["output"], modules_dir=folders["modules_dir"],
        locales_dir=folders["locales_dir"],
        add_location=add_location, branding=branding, templates=templates, courses=courses,
        regions=regions, lines=lines, lesson=lesson.path if lesson is not None else "",
        episodes=lesson.episodes if lesson is not None else (), incremental=incremental,
    )


def _folder(r: _Reader, data: dict[str, Any], key: str, default: str) -> str:
    """A folder setting (``output``, ``modules_dir``, ``locales_dir``); one that leads out of the project
    is an error and the default is used, so nothing outside is read or written."""
    value = r.text(data, key, key, default) or default
    reason = outside_reason(r.root, value)
    if reason:
        hint = " (use 'trainkit build --out DIR' to build elsewhere)" if key == "output" else ""
        r.error(key, f"{key} '{value}' {reason}; trainkit reads and writes only inside the project{hint}",
                "config.outside")
        return default
    return value


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds trainkit.yaml, as git finds its repository."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    raise UsageError(f"no {CONFIG_FILE} found in {start} or any folder above it "
                     "(run 'trainkit init DIR' to start a project, or use -C DIR)")


def load_config(root: Path, diagnostics: Diagnostics) -> ProjectConfig:
    """Read ``root/trainkit.yaml``. Every problem goes to ``diagnostics`` and a setting that cannot be
    read keeps its default, so the modules can still be checked in the same run; only a file that
    is not YAML at all raises DiagnosticsFailed. Commands that write refuse a config with errors
    (``require_valid``)."""
    file = root / CONFIG_FILE
    if not file.is_file():
        raise UsageError(f"{root}: no {CONFIG_FILE} in this folder")
    local = Diagnostics()
    text = read_text(file, CONFIG_FILE, local)
    loaded = load_yaml(text, CONFIG_FILE, 1, local) if text is not None else None
    diagnostics.extend(local)
    if loaded is None:
        raise DiagnosticsFailed(diagnostics)
    return parse_config(loaded[0], loaded[1], root, diagnostics)


def require_valid(diagnostics: Diagnostics) -> None:
    """Stop (with every problem found so far) when trainkit.yaml has errors: nothing can be built from it."""
    if diagnostics.errors_at(CONFIG_FILE):
        raise DiagnosticsFailed(diagnostics)
