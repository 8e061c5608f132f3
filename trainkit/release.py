"""Release bundles for pilot regions: build, manifest, checksums, a reproducible zip; and verification."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from trainkit import __version__
from trainkit import model as m
from trainkit.build import BuildResult, OutputSettings, Project, course_time, localise, output_settings
from trainkit.cache import OutputCache
from trainkit.config import require_valid
from trainkit.clock import source_revision
from trainkit.config import CONFIG_FILE, ProjectConfig, Region
from trainkit.errors import DiagnosticsFailed, TrainkitError, UsageError
from trainkit.files import atomic_target
from trainkit.i18n import words
from trainkit.i18n.ui import OutputLanguage
from trainkit.preview import BundleFile, bundle_thumbnail, preview_folder, render_bundle_index
from trainkit.templating import PROJECT_TEMPLATES
from trainkit.jobs import Plan, Progress
from trainkit.writers import Writer, writers

VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$")
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
INDEX = "index.html"
"""The bundle's index page: every file with its title and size, listed like any other file."""
PREVIEWS = "previews"
"""Folder in each language's folder for first-page pictures taken from an existing preview."""
RELEASE_FOLDER = ".release"
"""Folder in the build folder where each region's course packs are kept between releases
(``build/.release/<region>/<lang>/<course>/``), so the next release rewrites only what changed."""

# What verify accepts, judged from the zip's directory before it reads a byte. A bundle trainkit
# writes holds documents that are zips already (they hardly shrink) and lists of some kilobytes,
# so it stays far below every limit; a zip bomb or a forged archive does not.
MAX_MEMBERS = 100_000
MAX_EXPANDED = 16 << 30
"""Bytes all members may expand to together, as their headers declare."""
MAX_RATIO = 100
"""How many times its compressed size a member (or the whole bundle) may expand to..."""
RATIO_FROM = 1 << 20
"""...once it expands to more than this many bytes; small files may compress as well as they like."""
MAX_LIST = 64 << 20
"""Bytes manifest.json and SHA256SUMS may have: they are read into memory whole."""
CHUNK = 1 << 16
"""Bytes hashed at a time, so no member is ever held in memory whole."""


def _percent(translated: int, total: int) -> float:
    """Share of translated messages, as the manifest records it: 100 for nothing to translate."""
    return 100.0 if not total else round(100.0 * translated / total, 1)


@dataclass(frozen=True)
class LanguageCompleteness:
    """How much of a language's text is translated, over the modules of a release."""

    language: str
    translated: int
    total: int
    gaps: tuple[str, ...] = ()
    """``module: N untranslated, M fuzzy`` for each incomplete module."""

    @property
    def percent(self) -> float:
        return _percent(self.translated, self.total)


@dataclass(frozen=True)
class ReleaseResult:
    """What one region's release wrote."""

    region: str
    path: Path
    languages: tuple[str, ...]
    files: int
    size: int
    completeness: dict[str, LanguageCompleteness] = field(default_factory=dict)
    source_revision: str = ""
    """The git commit the bundle was built from, ``-dirty`` when files had changed; empty outside git."""


@dataclass(frozen=True)
class RegionFailure:
    """A region that ``release_all`` could not release, and why, in one line."""

    region: str
    reason: str


def source_warning(revision: str) -> str:
    """What a coordinator should be told about a bundle's source revision; empty when it is a clean commit."""
    if not revision:
        return "the project is not in a git repository: the manifest records no source revision"
    if revision.endswith("-dirty"):
        return f"the sources have uncommitted changes: the manifest records source revision {revision}"
    return ""


def _completeness(project: Project, language: str, modules: list[m.Module]) -> LanguageCompleteness:
    if language == project.config.source_language:
        return LanguageCompleteness(language, 1, 1)
    from trainkit.i18n.localise import module_coverage

    translated = total = 0
    gaps = []
    for module in modules:
        coverage = module_coverage(project.config, module, language)
        translated += coverage.translated
        total += coverage.total
        if not coverage.complete:
            gaps.append(f"{module.id}: {coverage.untranslated} untranslated, {coverage.fuzzy} fuzzy")
    return LanguageCompleteness(language, translated, total, tuple(gaps))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _reason(exc: OSError) -> str:
    """The system's words for a failed file operation, without the errno and path noise."""
    return exc.strerror or str(exc)


def _write_zip(staging: Path, target: Path, stamp: tuple[int, ...]) -> None:
    """Zip ``staging`` with sorted entries and one fixed timestamp, atomically into ``target``."""
    with atomic_target(target) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(staging.rglob("*"), key=lambda p: p.relative_to(staging).as_posix()):
            if not file.is_file():
                continue
            info = zipfile.ZipInfo(file.relative_to(staging).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            bundle.writestr(info, file.read_bytes())


def _region(config: ProjectConfig, region_id: str) -> Region:
    """The region to release; a region with nothing to release is the config's problem, at its line."""
    if region_id not in config.regions:
        raise UsageError(f"unknown region '{region_id}' (the project has: {', '.join(config.regions) or 'none'})")
    region = config.regions[region_id]
    for missing, what in ((not region.courses, "courses"), (not region.languages, "languages")):
        if missing:
            raise TrainkitError(f"{config.location(f'regions.{region_id}')}: region '{region_id}' lists no "
                                f"{what} to release [config.region]")
    return region


def _check_version(version: str) -> None:
    if not VERSION.match(version):
        raise UsageError(f"version must look like 1.2.3, not '{version}'")


def _prepare_folder(out: Path) -> None:
    """Create the output folder and make sure it takes files, before minutes of building are spent."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TrainkitError(f"{out}: cannot create the output folder ({_reason(exc)})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise TrainkitError(f"{out}: the output folder is not writable")


def _manifest(project: Project, region: Region, version: str, modules: list[m.Module],
              completeness: dict[str, LanguageCompleteness], revision: str, built_at: str,
              entries: list[dict[str, Any]]) -> dict[str, Any]:
    """What manifest.json says about a bundle; verify checks every claim it can against the files."""
    config = project.config
    return {
        "project": config.project,
        "region": {"id": region.id, "name": region.name_in(config.source_language)},
        "version": version,
        "languages": list(region.languages),
        "courses": [{"id": cid, "title": config.courses[cid].title_in(config.source_language),
                     "modules": list(dict.fromkeys(config.courses[cid].modules))} for cid in region.courses],
        "modules": [{"id": mod.id, "version": mod.metadata.version, "title": mod.metadata.title}
                    for mod in modules],
        "translation": {
            c.language: {"translated": c.translated, "total": c.total, "percent": c.percent,
                         "complete": c.translated >= c.total, "gaps": list(c.gaps)}
            for c in completeness.values()
        },
        "source_revision": revision,
        "built_at": built_at,
        "trainkit_version": __version__,
        "files": entries,
    }


def _entries(staging: Path) -> list[dict[str, Any]]:
    """Every staged file with its size and SHA-256, in path order, as the manifest lists them."""
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    return [{"path": p.relative_to(staging).as_posix(), "size": p.stat().st_size, "sha256": _sha256(p)}
            for p in files]


_KIND_WORDS = {"slides": words.SLIDE_DECK, "handout": words.HANDOUT, "guide": words.FACILITATOR_GUIDE,
               "exercises": words.EXERCISE_SHEET, "solutions": words.SOLUTION_KEY, "programme": words.PROGRAMME,
               "course-handout": words.HANDOUT, "course-guide": words.FACILITATOR_GUIDE}
"""The kind of document each writer writes, as its index entry names it (in the bundle's language)."""


def _kind(writer: Writer, language: OutputLanguage) -> str:
    word = _KIND_WORDS.get(writer.name)
    return language.gettext(word) if word else writer.name


def _write_index(project: Project, region: Region, version: str, staging: Path, chosen: list[Writer]) -> None:
    """Write index.html: per language and course every staged file with its title, kind and size.

    A module output gets a first-page picture only when a preview in the build folder was made of
    exactly its bytes (``trainkit preview --region``); nothing is converted during a release.
    """
    config = project.config
    previews = preview_folder(project)
    files: list[BundleFile] = []
    for language in region.languages:
        words_in = OutputLanguage(language)
        for course_id in region.courses:
            course_title = config.courses[course_id].title_in(language)
            folder = staging / language / course_id
            for writer in writers("course").values():
                kind = _kind(writer, words_in)
                files += _listed(staging, folder / writer.filename, kind, "", language, course_title)
            for module_id in dict.fromkeys(config.courses[course_id].modules):
                title = localise(project, project.module(module_id), language).metadata.title
                for writer in chosen:
                    path = folder / module_id / writer.filename
                    thumb = _thumbnail(staging, previews, path, language, module_id, writer.name,
                                       region.courses)
                    files += _listed(staging, path, title, _kind(writer, words_in), language, course_title, thumb)
    templates = config.root / PROJECT_TEMPLATES
    html = render_bundle_index(files, config.title, version, region.name_in(config.source_language), templates)
    (staging / INDEX).write_text(html, encoding="utf-8")


def _listed(staging: Path, path: Path, title: str, kind: str, language: str, course: str,
            thumbnail: str | None = None) -> list[BundleFile]:
    if not path.is_file():
        return []  # a writer with nothing to write (no exercises in the module)
    return [BundleFile(path.relative_to(staging).as_posix(), title, path.stat().st_size, language, course,
                       thumbnail, kind)]


def _thumbnail(staging: Path, previews: Path, path: Path, language: str, module_id: str, kind: str,
               courses: tuple[str, ...]) -> str | None:
    """Copy the first-page picture of a preview of exactly ``path``'s bytes into the bundle; its path there."""
    if not path.is_file() or PREVIEWS in courses:  # a course of that name would share the folder
        return None
    found = bundle_thumbnail(previews, language, module_id, kind, _sha256(path))
    if found is None:
        return None
    target = staging / language / PREVIEWS / module_id / f"{kind}.png"
    if not target.is_file():  # the same module in two courses has the same bytes and one picture
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(found.read_bytes())
    return target.relative_to(staging).as_posix()


def _write_lists(staging: Path, manifest: dict[str, Any]) -> None:
    """Write manifest.json, then SHA256SUMS over every file and the manifest itself, so that
    `sha256sum -c SHA256SUMS` in an unzipped bundle notices an edited manifest."""
    (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    sums = sorted([(e["path"], e["sha256"]) for e in manifest["files"]] + [(MANIFEST, _sha256(staging / MANIFEST))])
    (staging / CHECKSUMS).write_text("".join(f"{digest}  {path}\n" for path, digest in sums), encoding="utf-8")


def build_packs(project: Project, region: Region, settings: OutputSettings, chosen: list[Writer], jobs: int = 1,
                progress: Progress | None = None, cache: OutputCache | None = None) -> tuple[Path, list[Path]]:
    """Build the region's course packs, in its languages, into ``build/.release/<region>/``; that folder
    and the files of the packs. Outputs up to date there, or identical to one built before anywhere in
    the build folder (a module's handout built without a region, another region's guide), are not
    built again: a region's packs differ from the project's only where its branding, templates or
    name (on a deck's title slide) make them differ."""
    output = project.config.output_dir
    folder = output / RELEASE_FOLDER / region.id
    plan = Plan(project, settings, cache or OutputCache(output))
    for language in region.languages:
        for course_id in region.courses:
            plan.course(course_id, language, chosen, folder / language / course_id, check=False)
    built = BuildResult()
    plan.run(jobs, progress, built)
    return folder, built.written


def release(project: Project, region_id: str, version: str, out: Path, allow_incomplete: bool = False,
            force: bool = False, jobs: int = 1, progress: Progress | None = None,
            cache: OutputCache | None = None) -> ReleaseResult:
    """Build every course of a region in its languages and write the reproducible bundle into ``out``.

    Raises a one-line TrainkitError, before building anything, for a region without courses, a
    bundle of this version that exists already (unless ``force``), an output folder that cannot
    be written, module errors, and missing translations (unless ``allow_incomplete``); and for a
    file system that fails while writing (a full disk), leaving any earlier bundle in place.
    The packs are built as ``build_packs`` does, with ``jobs`` processes; the bundle has the same
    bytes as one whose every output was built afresh.
    """
    config = project.config
    region = _region(config, region_id)
    _check_version(version)
    target = out / f"{config.project}-{region_id}-{version}.zip"
    if target.exists() and not force:
        raise TrainkitError(f"{target} already exists: use --force to replace version {version} "
                            f"of region '{region_id}'")
    _prepare_folder(out)
    module_ids = list(dict.fromkeys(mid for cid in region.courses for mid in config.courses[cid].modules))
    modules = [project.module(mid) for mid in module_ids]
    require_valid(project.diagnostics)
    concerned = project.diagnostics.only(project.paths(modules, list(region.languages)))
    if concerned.error_count:  # errors elsewhere in the project do not stop this region
        raise DiagnosticsFailed(concerned)

    completeness = {lang: _completeness(project, lang, modules) for lang in region.languages}
    incomplete = [c for c in completeness.values() if c.translated < c.total]
    if incomplete and not allow_incomplete:
        gaps = "; ".join(f"{c.language} {c.percent:g}% ({', '.join(c.gaps)})" for c in incomplete)
        raise TrainkitError(f"region '{region_id}' is not fully translated: {gaps}; "
                            "finish the translations or use --allow-incomplete")

    settings = output_settings(project, region_id)
    chosen = [w for w in writers("module").values() if w.default]
    # the bundle is as new as the newest of its courses' sources (SOURCE_DATE_EPOCH when set)
    built_at = max(course_time(project, settings, course_id, language)
                   for language in region.languages for course_id in region.courses)
    stamp = max(built_at.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    revision = source_revision(config.root)
    packs, files = build_packs(project, region, settings, chosen, jobs, progress, cache)
    try:
        with tempfile.TemporaryDirectory(prefix="trainkit-release-") as tmp:
            staging = Path(tmp)
            for file in files:
                copy = staging / file.relative_to(packs)
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, copy)
            _write_index(project, region, version, staging, chosen)
            entries = _entries(staging)
            _write_lists(staging, _manifest(project, region, version, modules, completeness, revision,
                                            built_at.strftime("%Y-%m-%dT%H:%M:%SZ"), entries))
            try:
                _write_zip(staging, target, stamp)
            except OSError as exc:
                raise TrainkitError(f"{target}: cannot write the bundle ({_reason(exc)})") from None
    except OSError as exc:
        raise TrainkitError(f"cannot build the bundle in a temporary folder ({_reason(exc)}: "
                            f"{exc.filename or tempfile.gettempdir()}; TMPDIR chooses another)") from None
    return ReleaseResult(region_id, target, region.languages, len(entries), target.stat().st_size,
                         completeness, revision)


def release_all(project: Project, version: str, out: Path, allow_incomplete: bool = False, force: bool = False,
                starting: Callable[[str], None] | None = None, jobs: int = 1,
                progress: Progress | None = None) -> list[ReleaseResult | RegionFailure]:
    """Release every region in turn, in the order of trainkit.yaml; one outcome per region.

    A region that fails becomes a RegionFailure and the next region is tried. What would fail
    every region alike (no regions, a bad version, an output folder that cannot be written)
    raises before the first one. ``starting`` is told each region's id before it is released.
    Regions share one build cache: an output two regions have alike is built once.
    """
    if not project.config.regions:
        raise TrainkitError(f"{CONFIG_FILE}: the project names no regions to release")
    _check_version(version)
    _prepare_folder(out)
    cache = OutputCache(project.config.output_dir)
    outcomes: list[ReleaseResult | RegionFailure] = []
    for region_id in project.config.regions:
        if starting:
            starting(region_id)
        try:
            outcomes.append(release(project, region_id, version, out, allow_incomplete, force, jobs, progress,
                                    cache))
        except DiagnosticsFailed as exc:
            outcomes.append(RegionFailure(region_id, f"stopped with {exc.diagnostics.error_count} error(s), "
                                                     "listed above"))
        except TrainkitError as exc:
            outcomes.append(RegionFailure(region_id, str(exc)))
    return outcomes


# --- verification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Listed:
    """A file as manifest.json lists it."""

    path: str
    size: int
    sha256: str


@dataclass(frozen=True)
class _Figures:
    """One language's translation figures as manifest.json states them."""

    translated: int
    total: int
    percent: float
    complete: bool
    gaps: tuple[str, ...]


@dataclass(frozen=True)
class _Manifest:
    """The claims of manifest.json that verify can check, with their types already checked."""

    project: str
    region: str
    version: str
    languages: tuple[str, ...]
    courses: tuple[str, ...]
    translation: dict[str, _Figures]
    files: dict[str, _Listed]


def verify(bundle: Path) -> list[str]:
    """Every problem of a bundle, one line each; an empty list means the bundle is sound.

    First the zip's directory is judged without reading a byte: unsafe or duplicate member
    names, encryption, links, unusual compression and zip bombs refuse the bundle outright.
    Then manifest.json is checked against the bundle's file name and against itself (languages
    and courses against the files, translation figures against each other), SHA256SUMS against
    the manifest (it covers manifest.json too), and every member, hashed in chunks, against both.
    """
    if not bundle.is_file():  # a device or a pipe would be read without end
        return ["refused: not a regular file"]
    try:
        archive = zipfile.ZipFile(bundle)
    except (zipfile.BadZipFile, EOFError, ValueError):  # ValueError: a member name that is not UTF-8
        return ["refused: not a zip file"]
    except NotImplementedError as exc:  # multi-disk archives and other features zipfile does not read
        return [f"refused: not a zip file trainkit can read ({exc})"]
    except OSError as exc:
        return [f"refused: cannot be read ({_reason(exc)})"]
    with archive:
        members = archive.infolist()
        refusals = _refusals(members)
        if refusals:
            return refusals
        return _check(archive, {info.filename: info for info in members}, bundle.name)


def _shown(name: str) -> str:
    """A member name made safe for a one-line message: control characters escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _unsafe_name(name: str) -> str:
    """Why extracting a member of this name could write outside the target folder; empty when it cannot."""
    if "\x00" in name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "it holds control characters"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "it is an absolute path"
    if ".." in re.split(r"[/\\]", name):
        return "it goes up with '..'"
    return ""


def _refusals(members: list[zipfile.ZipInfo]) -> list[str]:
    """Reasons, from the zip's directory alone, not to read anything from it."""
    if len(members) > MAX_MEMBERS:
        return [f"refused: {len(members)} members, more than a bundle ever holds ({MAX_MEMBERS})"]
    problems: list[str] = []
    seen: set[str] = set()
    folded: dict[str, str] = {}
    for info in members:
        name = _shown(info.orig_filename)
        unsafe = _unsafe_name(info.orig_filename)
        if unsafe:
            problems.append(f"refused: member '{name}' has an unsafe name ({unsafe})")
        if info.filename in seen:
            problems.append(f"refused: member '{name}' is listed twice")
        else:
            # Windows and macOS file systems ignore letter case (macOS also the Unicode normal form):
            # unpacked there, the second member would silently replace the first
            key = unicodedata.normalize("NFC", info.filename).casefold()
            if key in folded:
                problems.append(f"refused: members '{_shown(folded[key])}' and '{name}' are one name on Windows "
                                "and macOS (letter case, or accents written another way): unpacked there, one "
                                "would replace the other")
            folded.setdefault(key, info.filename)
        seen.add(info.filename)
        if info.flag_bits & 0x1:
            problems.append(f"refused: member '{name}' is encrypted")
        if stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"refused: member '{name}' is a symbolic link")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            problems.append(f"refused: member '{name}' uses compression method {info.compress_type}, "
                            "not stored or deflated")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * info.compress_size:
            problems.append(f"refused: member '{name}' expands more than {MAX_RATIO}-fold "
                            f"({info.compress_size} to {info.file_size} bytes)")
        if info.filename in (MANIFEST, CHECKSUMS) and info.file_size > MAX_LIST:
            problems.append(f"refused: {info.filename} would expand to {info.file_size} bytes, "
                            f"more than {MAX_LIST}")
    expanded = sum(info.file_size for info in members)
    packed = sum(info.compress_size for info in members)
    if expanded > MAX_EXPANDED:
        problems.append(f"refused: the members would expand to {expanded} bytes, more than {MAX_EXPANDED}")
    elif not problems and expanded > RATIO_FROM and expanded > MAX_RATIO * packed:
        problems.append(f"refused: the members expand more than {MAX_RATIO}-fold ({packed} to {expanded} bytes)")
    return problems


_UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)
"""What reading a member of a zip that passed ``_refusals`` can still raise: corrupt or forged data."""


def _check(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], bundle_name: str) -> list[str]:
    """The manifest against the name and itself, the two lists against each other, the files against both."""
    if MANIFEST not in infos:
        return [f"missing: {MANIFEST}"]
    try:
        manifest_bytes = archive.read(infos[MANIFEST])
    except _UNREADABLE as exc:
        return [f"corrupt: {MANIFEST} ({exc})"]
    problems: list[str] = []
    manifest = None
    try:
        manifest, structure = _parse_manifest(json.loads(manifest_bytes))
        problems += structure
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested deeper than Python recurses
        problems.append(f"{MANIFEST} cannot be read ({exc})")
    if manifest is not None:
        problems += _consistency(manifest, bundle_name)
    sums, sum_problems = _load_checksums(archive, infos)
    problems += sum_problems
    if sums is not None:
        if MANIFEST not in sums:
            problems.append(f"{CHECKSUMS} does not list {MANIFEST}")
        elif sums[MANIFEST] != hashlib.sha256(manifest_bytes).hexdigest():
            problems.append(f"altered: {MANIFEST}")
    listed = manifest.files if manifest is not None else None
    problems += _file_problems(archive, infos, listed, sums)
    return problems


_KINDS: dict[str, Callable[[Any], bool]] = {
    "text": lambda v: isinstance(v, str),
    "a whole number": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
    "a number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "true or false": lambda v: isinstance(v, bool),
    "a list": lambda v: isinstance(v, list),
    "an object": lambda v: isinstance(v, dict),
}


class _Fields:
    """Typed reads from decoded JSON; each missing or mistyped field is noted as one problem."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def get(self, data: Any, key: str, kind: str, where: str = "") -> Any:
        value = data.get(key) if isinstance(data, dict) else None
        if not _KINDS[kind](value):
            self.problems.append(f"{MANIFEST}: {where}'{key}' must be {kind}")
            return None
        return value

    def items(self, data: Any, key: str, kind: str, where: str = "") -> list[Any]:
        """A list field whose every item must be of ``kind``; the items that are."""
        values = self.get(data, key, "a list", where) or []
        if not all(_KINDS[kind](v) for v in values):
            self.problems.append(f"{MANIFEST}: {where}'{key}' must list only {kind.split(' ', 1)[-1]}s")
        return [v for v in values if _KINDS[kind](v)]


_DIGEST = re.compile(r"^[0-9a-f]{64}$")


def _parse_manifest(data: Any) -> tuple[_Manifest | None, list[str]]:
    """The manifest's checkable claims, or None with a problem per unusable field."""
    if not isinstance(data, dict):
        return None, [f"{MANIFEST}: not a JSON object"]
    f = _Fields()
    project, version = f.get(data, "project", "text"), f.get(data, "version", "text")
    region = f.get(data, "region", "an object")
    region = f.get(region, "id", "text", "region ") if region is not None else None
    languages = f.items(data, "languages", "text")
    courses = [f.get(course, "id", "text", "courses[] ") for course in f.items(data, "courses", "an object")]
    translation: dict[str, _Figures] = {}
    for language, figures in (f.get(data, "translation", "an object") or {}).items():
        where = f"translation '{language}': "
        values = [f.get(figures, key, kind, where) for key, kind in
                  (("translated", "a whole number"), ("total", "a whole number"), ("percent", "a number"),
                   ("complete", "true or false"))]
        gaps = f.items(figures, "gaps", "text", where)
        if None not in values:
            translation[language] = _Figures(*values, tuple(gaps))
    files: dict[str, _Listed] = {}
    for entry in f.items(data, "files", "an object"):
        path = f.get(entry, "path", "text", "files[] ")
        size = f.get(entry, "size", "a whole number", "files[] ")
        digest = f.get(entry, "sha256", "text", "files[] ")
        if path is None or size is None or digest is None:
            continue
        if not _DIGEST.match(digest):
            f.problems.append(f"{MANIFEST}: the sha256 of {_shown(path)} is not 64 hexadecimal digits")
        if path in files:
            f.problems.append(f"{MANIFEST}: {_shown(path)} is listed twice")
        files[path] = _Listed(path, size, digest)
    if f.problems:
        return None, f.problems
    return _Manifest(project, region, version, tuple(languages), tuple(c for c in courses if c is not None),
                     translation, files), []


def _consistency(manifest: _Manifest, bundle_name: str) -> list[str]:
    """Claims of the manifest that contradict the bundle's name, its file list or each other."""
    problems = []
    expected = f"{manifest.project}-{manifest.region}-{manifest.version}.zip"
    if bundle_name != expected:
        problems.append(f"file name does not match {MANIFEST}, which describes {_shown(expected)}")
    if not VERSION.match(manifest.version):
        problems.append(f"{MANIFEST}: version '{_shown(manifest.version)}' does not look like 1.2.3")
    problems += _language_problems(manifest)
    for language, figures in manifest.translation.items():
        problems += _figure_problems(_shown(language), figures)
    return problems


def _language_problems(manifest: _Manifest) -> list[str]:
    """The listed languages and courses against the folders the files are in, and the translation figures."""
    problems = []
    folders = {path.split("/", 1)[0] for path in manifest.files if "/" in path}
    for language in dict.fromkeys(manifest.languages):
        shown = _shown(language)
        if manifest.languages.count(language) > 1:
            problems.append(f"{MANIFEST}: language '{shown}' is listed twice")
        if language not in folders:
            problems.append(f"{MANIFEST}: language '{shown}' is listed, but no file is in {shown}/")
            continue
        for course in manifest.courses:
            if not any(path.startswith(f"{language}/{course}/") for path in manifest.files):
                problems.append(f"{MANIFEST}: course '{_shown(course)}' is listed, but no file is in "
                                f"{shown}/{_shown(course)}/")
    for folder in sorted(folders - set(manifest.languages)):
        problems.append(f"{MANIFEST}: files in {_shown(folder)}/ belong to no listed language")
    for language in manifest.languages:
        if language not in manifest.translation:
            problems.append(f"{MANIFEST}: 'translation' has no figures for '{_shown(language)}'")
    for language in manifest.translation:
        if language not in manifest.languages:
            problems.append(f"{MANIFEST}: 'translation' has figures for '{_shown(language)}', "
                            "which is not a listed language")
    return problems


def _figure_problems(language: str, figures: _Figures) -> list[str]:
    """Translation figures that contradict each other: percent, completeness and gaps follow from the counts."""
    where = f"{MANIFEST}: translation '{language}':"
    counted = f"{figures.translated} of {figures.total}"
    if figures.translated > figures.total:
        return [f"{where} {counted} translated, more than there are"]
    problems = []
    if abs(figures.percent - _percent(figures.translated, figures.total)) > 0.05:
        problems.append(f"{where} percent {figures.percent:g} does not match {counted} translated")
    if figures.complete != (figures.translated == figures.total):
        problems.append(f"{where} complete is {'true' if figures.complete else 'false'}, "
                        f"but {counted} are translated")
    elif figures.complete and figures.gaps:
        problems.append(f"{where} complete is true, but it lists gaps")
    return problems


_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


def _load_checksums(archive: zipfile.ZipFile,
                    infos: dict[str, zipfile.ZipInfo]) -> tuple[dict[str, str] | None, list[str]]:
    """SHA256SUMS as path -> digest (None when it is missing or unreadable), and its problems."""
    if CHECKSUMS not in infos:
        return None, [f"missing: {CHECKSUMS}"]
    try:
        text = archive.read(infos[CHECKSUMS]).decode("utf-8")
    except _UNREADABLE as exc:
        return None, [f"corrupt: {CHECKSUMS} ({exc})"]
    except UnicodeDecodeError:
        return None, [f"{CHECKSUMS} is not UTF-8 text"]
    sums: dict[str, str] = {}
    problems = []
    for number, line in enumerate(text.splitlines(), 1):
        match = _SUM_LINE.match(line)
        if not match:
            problems.append(f"{CHECKSUMS}:{number}: not a '<sha256>  <path>' line")
        elif match[2] in sums:
            problems.append(f"{CHECKSUMS}:{number}: {_shown(match[2])} is listed twice")
        else:
            sums[match[2]] = match[1].lower()
    return sums, problems


def _digest(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, str]:
    """Size and SHA-256 of a member, read in chunks; zipfile stops at the declared size and checks the CRC."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _file_problems(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
                   listed: dict[str, _Listed] | None, sums: dict[str, str] | None) -> list[str]:
    """Each file against every list that names it; then files no list names.

    Without a usable manifest (``listed`` None) the files are checked against SHA256SUMS
    alone, and the other way round.
    """
    problems: list[str] = []
    named = (set(listed or ()) | set(sums or ())) - {MANIFEST, CHECKSUMS}
    for path in sorted(named):
        entry = listed.get(path) if listed is not None else None
        summed = sums.get(path) if sums is not None else None
        shown = _shown(path)
        if listed is not None and sums is not None:
            if entry is None:
                problems.append(f"{MANIFEST} does not list {shown}, which {CHECKSUMS} lists")
            elif summed is None:
                problems.append(f"{CHECKSUMS} does not list {shown}, which {MANIFEST} lists")
            elif entry.sha256 != summed:
                problems.append(f"{CHECKSUMS} and {MANIFEST} disagree on {shown}")
        if path not in infos or infos[path].is_dir():
            problems.append(f"missing: {shown}")
            continue
        try:
            size, digest = _digest(archive, infos[path])
        except _UNREADABLE as exc:
            problems.append(f"corrupt: {shown} ({exc})")
            continue
        if (entry is not None and (size != entry.size or digest != entry.sha256)) or \
                (summed is not None and digest != summed):
            problems.append(f"altered: {shown}")
    for path in sorted(set(infos) - named - {MANIFEST, CHECKSUMS}):
        if not infos[path].is_dir():
            problems.append(f"extra: {_shown(path)}")
    return problems
