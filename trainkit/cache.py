"""The build cache: what each output was made from, so a build rewrites only what changed.

Each output is keyed by a digest of everything its bytes depend on (see ``Inputs``): the module,
its pictures and catalog, the project's words, the template, the branding, the region's name
where a deck shows it, the prerequisites' titles, the output's date, trainkit itself and the
libraries it writes with. The cache (``.trainkit-cache.json`` in the output folder) records, per
output, that key, the files the writer wrote (size and modification time: a file edited,
replaced or deleted since is rebuilt) and what localising and planning it reported, so that a build that
rewrites nothing still reports every problem. A missing or damaged cache costs a rebuild, never a
wrong output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import re
import sys
import zlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trainkit import __version__
from trainkit import model as m
from trainkit.build import OutputSettings, Project, localise, module_sources
from trainkit.config import CONFIG_FILE, ProjectConfig
from trainkit.errors import Diagnostic, Location
from trainkit.files import write_atomic
from trainkit.i18n import labels

if TYPE_CHECKING:
    from trainkit.writers import Writer

CACHE_FILE = ".trainkit-cache.json"
FORMAT = 1
"""Version of the cache file's layout; a file of another version is ignored (everything is rebuilt)."""

_ABSENT = "-"
"""The digest of a file that does not exist (a catalog not yet made, a logo not given)."""

_UNSEEN_CONFIG = frozenset({"root", "project", "title", "languages", "output", "add_location", "branding",
                            "templates", "courses", "regions", "lines"})
"""ProjectConfig fields a module's outputs cannot show: writers see the config only through the
render context, whose branding and templates are keyed from the settings (with the files' bytes).
Every other field, including any added later, is part of the key."""


def _digest(*parts: Any) -> str:
    """A short stable digest of JSON-able parts."""
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_bytes_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return _ABSENT


@lru_cache(maxsize=1)
def environment() -> str:
    """A digest of what turns sources into bytes besides the project: trainkit's code and resources,
    the versions of the libraries it uses, Python's and zlib's versions (deflate output depends on
    them), and the font files text is measured with. Computed once per process."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"trainkit {__version__}\n{sys.version}\nzlib {zlib.ZLIB_RUNTIME_VERSION}\n".encode())
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo"):
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in sorted(_dependencies()):
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -\n".encode())
    from trainkit.writers.fit import metrics

    for face, font in sorted(metrics().fonts.items()):
        digest.update(f"{face} {getattr(font, 'path', '')}\n".encode())
    return digest.hexdigest()


def _dependencies() -> set[str]:
    """Distribution names trainkit requires, from its installed metadata (python-pptx, python-docx,
    lxml, Pillow, resvg-py, Babel…); empty when trainkit runs from a folder that was never installed."""
    try:
        required = metadata.requires("trainkit") or []
    except metadata.PackageNotFoundError:
        required = []
    return {re.match(r"[A-Za-z0-9_.-]*", spec).group(0) for spec in required if "extra ==" not in spec} - {""}


class Inputs:
    """What each output is made from, as one key per output; file digests are read once per run."""

    def __init__(self, project: "Project", settings: "OutputSettings", titles: dict[str, list[str]] | None = None) \
            -> None:
        self.project = project
        self.settings = settings
        self.titles = titles if titles is not None else {}
        """``<module>/<language>`` -> [digest of what the title is made from, the title in that language]."""
        self._files: dict[Path, str] = {}
        self._contents: dict[tuple[str, str], list[Any]] = {}
        config = project.config
        self._config = _digest({f.name: repr(getattr(config, f.name)) for f in dataclasses.fields(ProjectConfig)
                                if f.name not in _UNSEEN_CONFIG})

    def file(self, path: Path) -> str:
        """The SHA-256 of a file's bytes, or ``-`` when there is no such file."""
        if path not in self._files:
            self._files[path] = _file_bytes_digest(path)
        return self._files[path]

    def _relative(self, path: Path) -> str:
        root = self.project.config.root
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    def title(self, module: m.Module, language: str) -> str:
        """The module's title in ``language``, as localisation makes it from the source title and the
        catalog; remembered with what it was made from, so that an unchanged catalog is not read."""
        config = self.project.config
        if language == config.source_language:
            return module.metadata.title
        made_from = _digest(environment(), module.metadata.title,
                            self.file(config.root / self.project.catalog(module.id, language)))
        slot = f"{module.id}/{language}"
        known = self.titles.get(slot)
        if known is None or known[0] != made_from:
            known = self.titles[slot] = [made_from, localise(self.project, module, language).metadata.title]
        return known[1]

    def module_content(self, module: m.Module, language: str) -> list[Any]:
        """The module's own sources in ``language`` (module, pictures, catalog), the project's words in
        that language, and the titles of the modules it names as prerequisites."""
        if (module.id, language) in self._contents:
            return self._contents[(module.id, language)]
        project = self.project
        config = project.config
        sources = [(self._relative(path), self.file(path)) for path in module_sources(project, module, language)]
        words = self.file(config.root / project.catalog(labels.DOMAIN, language)) \
            if language != config.source_language else ""
        known = {mod.id: mod for mod in project.modules}
        titles = [(mid, self.title(known[mid], language)) for mid in module.metadata.prerequisites if mid in known]
        content = self._contents[(module.id, language)] = [module.id, language, sources, words, titles]
        return content

    def _look(self, writer: "Writer", language: str, timestamp: dt.datetime, region_shown: bool) -> list[Any]:
        """What the settings give one writer's output: its template (and the slide template, whose
        layouts the deck plan reads), the branding, the region's name and the date."""
        settings = self.settings
        root = self.project.config.root
        branding = settings.branding
        templates = [self.file(settings.templates[writer.template])]
        if writer.needs_deck or writer.view == "slides":
            templates.append(self.file(settings.templates["slides"]))
        region = settings.region.name_in(language) if settings.region and region_shown else ""
        return [templates, branding.acknowledgement_in(language),
                self.file(root / branding.logo) if branding.logo else "",
                self.file(root / branding.emblem) if branding.emblem else "",
                region, timestamp.isoformat()]

    def module_output(self, module: m.Module, language: str, writer: "Writer", timestamp: dt.datetime) -> str:
        """The key of one module-scope output."""
        # The region's name reaches outputs only through the deck plan's title slide, which only the
        # deck shows (documents read slide titles and notes from the plan): a region's handouts and
        # guides are the project's, and one built for one region serves every other. Decks are not
        # given the prerequisites' titles (build.write_outputs), so a renamed module leaves them alone.
        slides = writer.view == "slides"
        content = self.module_content(module, language)
        return _digest("module", environment(), self._config, writer.name, content[:-1] if slides else content,
                       self._look(writer, language, timestamp, slides))

    def course_output(self, course_id: str, language: str, writer: "Writer", timestamp: dt.datetime) -> str:
        """The key of one course-scope output: trainkit.yaml whole (the course, its days and titles),
        and everything of each of the course's modules."""
        project = self.project
        modules = [project.module(mid) for mid in dict.fromkeys(project.config.courses[course_id].modules)]
        return _digest("course", environment(), self._config, writer.name, course_id,
                       self.file(project.config.root / CONFIG_FILE),
                       [self.module_content(module, language) for module in modules],
                       self._look(writer, language, timestamp, True))


# --- the cache file ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """A file as a build left it: an edit or a replacement since changes its modification time (to
    the nanosecond), a deletion its existence. A copy that keeps times (``cp -a``) keeps the stamp,
    so a copied project's outputs stay up to date."""

    path: str
    """Relative to the cache's folder, with forward slashes."""
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: str, absolute: Path) -> "Stamp":
        stat = absolute.stat()
        return cls(path, stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class Record:
    """One output as the cache remembers it."""

    key: str
    files: tuple[Stamp, ...]
    """What the writer wrote (nothing, for exercise sheets of a module without exercises)."""
    notes: tuple[Diagnostic, ...] = ()
    """What localising its module(s) reported."""
    plan_notes: tuple[Diagnostic, ...] = ()
    """What planning the deck(s) it shows or reads reported."""


def _note_to_json(note: Diagnostic) -> dict[str, Any]:
    fields = {f.name: getattr(note, f.name) for f in dataclasses.fields(Diagnostic)}
    fields["location"] = {"path": note.location.path, "line": note.location.line}
    return fields


def _note_from_json(data: dict[str, Any]) -> Diagnostic:
    fields = dict(data)
    fields["location"] = Location(str(data["location"]["path"]), int(data["location"]["line"]))
    return Diagnostic(**fields)


def _record_to_json(record: Record) -> dict[str, Any]:
    return {"key": record.key, "files": [dataclasses.astuple(stamp) for stamp in record.files],
            "notes": [_note_to_json(n) for n in record.notes],
            "plan_notes": [_note_to_json(n) for n in record.plan_notes]}


def _record_from_json(data: dict[str, Any]) -> Record:
    return Record(str(data["key"]), tuple(Stamp(str(p), int(s), int(t)) for p, s, t in data["files"]),
                  tuple(_note_from_json(n) for n in data["notes"]),
                  tuple(_note_from_json(n) for n in data["plan_notes"]))


def _read(path: Path) -> tuple[dict[str, Record], dict[str, list[str]]]:
    """The records and remembered titles of a cache file; none when it is missing, damaged or of
    another format."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return {}, {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("outputs"), dict):
        return {}, {}
    titles = data.get("titles")
    titles = {str(k): v for k, v in titles.items() if isinstance(v, list) and len(v) == 2
              and all(isinstance(x, str) for x in v)} if isinstance(titles, dict) else {}
    records: dict[str, Record] = {}
    for slot, entry in data["outputs"].items():
        try:
            records[str(slot)] = _record_from_json(entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            continue  # a damaged entry: that output is rebuilt
    return records, titles


class OutputCache:
    """The cache of one output folder: per output (a *slot*, ``<folder>/<writer>``), its record.

    Slots are paths relative to the cache's folder, so records can be looked up by key across
    folders: an output with the same key elsewhere (a module's deck in a course pack, a region's
    handout in another region's release) is copied, not rebuilt.
    """

    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.root = Path(os.path.abspath(root))
        self.file = root / CACHE_FILE
        self.enabled = enabled
        self._records, self.titles = _read(self.file) if enabled else ({}, {})
        self._by_key: dict[str, list[str]] = {}
        for slot, record in self._records.items():
            self._by_key.setdefault(record.key, []).append(slot)
        self._changed: dict[str, Record] = {}
        self._saved_titles = {slot: list(value) for slot, value in self.titles.items()}

    def slot(self, folder: Path, writer: str) -> str:
        """The slot of ``writer``'s output in ``folder`` (a folder inside the cache's)."""
        return f"{Path(os.path.abspath(folder)).relative_to(self.root).as_posix()}/{writer}"

    @staticmethod
    def files(slot: str, record: Record, folder: Path) -> list[Path]:
        """The files of ``slot``'s record, as paths in ``folder`` (the slot's folder, as the caller names it)."""
        base = slot.rpartition("/")[0]
        return [folder / stamp.path[len(base) + 1:] if base else folder / stamp.path for stamp in record.files]

    def _unaltered(self, record: Record) -> bool:
        try:
            return all(Stamp.of(stamp.path, self.root / stamp.path) == stamp for stamp in record.files)
        except OSError:
            return False

    def fresh(self, slot: str, key: str) -> Record | None:
        """The record of ``slot`` when it was made from ``key`` and its files are as it left them."""
        record = self._records.get(slot)
        if record is None or record.key != key or not self._unaltered(record):
            return None
        return record

    def find(self, key: str) -> tuple[str, Record] | None:
        """Some slot holding an unaltered output made from ``key``, to copy from."""
        for slot in self._by_key.get(key, ()):
            record = self.fresh(slot, key)
            if record is not None:
                return slot, record
        return None

    def copy(self, source: str, record: Record, folder: Path) -> list[Path]:
        """Copy the files of ``source``'s record into ``folder`` (atomically, each); the copies."""
        copies = self.files(source, record, folder)
        for stamp, copy in zip(record.files, copies):
            write_atomic(copy, (self.root / stamp.path).read_bytes())
        return copies

    def record(self, slot: str, key: str, files: list[Path], notes: tuple[Diagnostic, ...] = (),
               plan_notes: tuple[Diagnostic, ...] = ()) -> None:
        """Remember that ``slot`` now holds ``files``, made from ``key``."""
        stamps = tuple(Stamp.of(Path(os.path.abspath(path)).relative_to(self.root).as_posix(), path)
                       for path in files)
        record = Record(key, stamps, tuple(notes), tuple(plan_notes))
        self._records[slot] = self._changed[slot] = record
        self._by_key.setdefault(key, []).append(slot)

    def save(self) -> None:
        """Write the cache atomically, over what another run may have saved meanwhile: records this run
        made win, the others' stay (a record whose files have changed since is ignored when read)."""
        if not self.enabled or (not self._changed and self.titles == self._saved_titles):
            return
        records, titles = _read(self.file)
        records.update(self._changed)
        titles.update(self.titles)
        kept = {slot: record for slot, record in sorted(records.items()) if self._present(slot, record)}
        text = json.dumps({"format": FORMAT, "outputs": {slot: _record_to_json(r) for slot, r in kept.items()},
                           "titles": titles}, ensure_ascii=False, indent=0, sort_keys=True)
        write_atomic(self.file, text.encode("utf-8"))
        self._changed = {}
        self._saved_titles = {slot: list(value) for slot, value in self.titles.items()}

    def _present(self, slot: str, record: Record) -> bool:
        """Whether a record still describes something: its files exist (or, for an output that wrote
        nothing, its folder does)."""
        if not record.files:
            return (self.root / slot).parent.is_dir()
        return all(os.path.exists(self.root / stamp.path) for stamp in record.files)
