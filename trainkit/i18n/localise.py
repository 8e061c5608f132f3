"""Module + catalog -> Module in a language, counting what was translated (the source file is never re-read)."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from trainkit import model as m
from trainkit.config import ProjectConfig
from trainkit.errors import Diagnostics, Location
from trainkit.i18n import catalogs
from trainkit.i18n.extract import map_module
from trainkit.i18n.markup import markup_problems
from trainkit.reader.source import XML_INVALID

FIRST_LOCATIONS = 3
"""How many fallback locations a warning names."""

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")


def count_words(msgid: str) -> int:
    """Words a translator still has to translate (markup, URLs and code spans left out)."""
    text = re.sub(r"`[^`]*`|\]\([^)]*\)|<[^>]*>|https?://\S+", " ", msgid)
    return len(_WORD.findall(text))


@dataclass
class Coverage:
    """How much of one module is translated into one language; each distinct source text counts once."""

    module: str
    """Module id."""
    language: str
    translated: int = 0
    fuzzy: int = 0
    """Entries whose source text changed since translation: the build uses the source text."""
    untranslated: int = 0
    """Entries without a translation, including text the catalog does not have yet."""
    words_left: int = 0
    """Source words of the fuzzy and untranslated entries."""
    fallbacks: list[Location] = field(default_factory=list)
    """Where the build used the source text, in reading order."""
    catalog: str = ""
    """Project-relative path of the PO file."""
    catalog_found: bool = True
    catalog_broken: bool = False
    """The catalog exists but cannot be used (its errors are reported where it was read)."""

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        """Translated share, 0–100 (100 for a module without text)."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total

    def as_dict(self) -> dict[str, object]:
        """For ``i18n status --json`` and release manifests."""
        return {
            "module": self.module, "language": self.language, "translated": self.translated,
            "fuzzy": self.fuzzy, "untranslated": self.untranslated, "total": self.total,
            "words_left": self.words_left, "percent": round(self.percent, 1), "catalog": self.catalog,
        }


@dataclass(frozen=True)
class Localised:
    module: m.Module
    coverage: Coverage


@lru_cache(maxsize=256)
def _parsed(path: str, stamp: tuple[int, int], shown: str, language: str,
            root: str) -> tuple[dict[str, catalogs.Entry] | None, Diagnostics]:
    # Keyed by file stamp: each catalog is parsed once per run, and again only when it changed.
    diagnostics = Diagnostics()
    catalog = catalogs.read_catalog(Path(path), shown, diagnostics, language, Path(root))
    return (catalogs.entries(catalog) if catalog is not None else None), diagnostics


def load_entries(config: ProjectConfig, module_id: str, language: str,
                 diagnostics: Diagnostics) -> dict[str, catalogs.Entry] | None:
    """The translations of one module, None when its catalog is missing or unreadable (reported)."""
    path = catalogs.catalog_path(config, language, module_id)
    try:
        stat = path.stat()
    except OSError:
        return None
    found, problems = _parsed(str(path), (stat.st_mtime_ns, stat.st_size), catalogs.relative(config, path), language,
                              str(config.root))
    diagnostics.extend(problems)
    return found


def localise(config: ProjectConfig, module: m.Module, language: str, diagnostics: Diagnostics) -> Localised:
    """``module`` in ``language``, with its coverage; missing or fuzzy translations fall back to the source."""
    path = catalogs.catalog_path(config, language, module.id)
    shown = catalogs.relative(config, path)
    found = load_entries(config, module.id, language, diagnostics)
    coverage = Coverage(module.id, language, catalog=shown, catalog_found=path.is_file(),
                        catalog_broken=path.is_file() and found is None)
    entries = found or {}
    seen: dict[str, str] = {}
    cleaned: set[str] = set()

    def _keeps_markup(entry: catalogs.Entry, msgid: str) -> bool:
        """A translation whose markup is broken is never used; errors once per message, warnings too."""
        problems = markup_problems(msgid, entry.msgstr)
        if msgid not in seen:
            for problem in problems:
                report = diagnostics.error if problem.severity == "error" else diagnostics.warning
                report(Location(shown, entry.line), problem.message, problem.code)
        return not any(problem.severity == "error" for problem in problems)

    def translate(msgid: str, location: Location, comment: str) -> str:
        entry = entries.get(msgid)
        usable = entry is not None and entry.msgstr and not entry.fuzzy and _keeps_markup(entry, msgid)
        if msgid not in seen:
            seen[msgid] = msgid
            if usable:
                coverage.translated += 1
            else:
                coverage.words_left += count_words(msgid)
                if entry is not None and entry.fuzzy and entry.msgstr:
                    coverage.fuzzy += 1
                else:
                    coverage.untranslated += 1
        if not usable:
            coverage.fallbacks.append(location)
            return msgid
        return _printable(entry, msgid)  # type: ignore[arg-type]

    def _printable(entry: catalogs.Entry, msgid: str) -> str:
        """The translation without characters a document cannot hold (a vertical tab written as \\v), as
        the module reader removes them from the source: once reported, never a failed write."""
        found = XML_INVALID.findall(entry.msgstr)
        if found and msgid not in cleaned:
            cleaned.add(msgid)
            diagnostics.warning(Location(shown, entry.line), "removed control character(s) "
                                f"{', '.join(sorted({f'U+{ord(c):04X}' for c in found}))}", "i18n.control")
        return XML_INVALID.sub("", entry.msgstr) if found else entry.msgstr

    def diagram(image: m.Image, translations: dict[str, str]) -> bytes:
        data, problems = translate_diagram(image, translations)
        file = posixpath.normpath(posixpath.join(posixpath.dirname(module.path), image.src))
        for problem in problems:
            diagnostics.warning(Location(file, problem.line), problem.message, "image.label")
        return data

    localised = m.map_images(map_module(module, translate, diagram), lambda image: image_in(image, language))
    return Localised(dataclasses.replace(localised, language=language), coverage)


def image_in(image: m.Image, language: str) -> m.Image:
    """The image's version for ``language`` (``map.de.png``) when there is one: it replaces the
    picture, translated labels included."""
    versions = dict(image.variants)
    chosen = versions.get(language) or versions.get(language.split("-")[0])
    return dataclasses.replace(image, resolved=chosen, data=b"") if chosen else image


DIAGRAM_FLOOR = 24.0
"""Smallest label size (user units) in a diagram 1152 units wide: 18 pt when it fills a slide's
12-inch content area. Labels of translated diagrams never shrink below it (scaled to the width)."""


def translate_diagram(image: m.Image, translations: dict[str, str]):
    """The SVG of ``image`` with its labels translated and fitted into their boxes (Liberation Sans
    metrics, as on slides); returns (content, problems of labels that still do not fit)."""
    from trainkit.pictures import translate_svg
    from trainkit.writers.fit import metrics

    measure = metrics()
    return translate_svg(Path(image.resolved).read_bytes(), lambda text: translations.get(text, text),
                         lambda text, size, bold: measure.width(text, size, bold),
                         min_size=DIAGRAM_FLOOR * image.width / 1152 if image.width else 0.0)


def report_fallbacks(coverage: Coverage, module: m.Module, diagnostics: Diagnostics) -> None:
    """One warning per module and language that falls back to the source text."""
    missing = coverage.fuzzy + coverage.untranslated
    if not missing or coverage.catalog_broken:
        return
    first = ", ".join(str(loc) for loc in coverage.fallbacks[:FIRST_LOCATIONS])
    more = ", …" if len(coverage.fallbacks) > FIRST_LOCATIONS else ""
    fuzzy = f", {coverage.fuzzy} of them fuzzy" if coverage.fuzzy else ""
    if not coverage.catalog_found:
        message = (f"{missing} untranslated message(s) in '{coverage.language}': {coverage.catalog} does not exist "
                   f"(run 'trainkit i18n update --lang {coverage.language}')")
    else:
        message = f"{missing} untranslated message(s) in '{coverage.language}'{fuzzy} (first: {first}{more})"
    diagnostics.warning(Location(module.path), message, "i18n.untranslated")


def localise_module(config: ProjectConfig, module: m.Module, language: str, diagnostics: Diagnostics) -> m.Module:
    """The module in ``language`` for a build; fallbacks to the source text are reported as one warning."""
    result = localise(config, module, language, diagnostics)
    report_fallbacks(result.coverage, module, diagnostics)
    return result.module


def coverage(config: ProjectConfig, module: m.Module, language: str, diagnostics: Diagnostics) -> Coverage:
    """Translation coverage of ``module`` in ``language`` (for status and release manifests)."""
    if language == config.source_language:
        return Coverage(module.id, language, translated=_count(module))
    return localise(config, module, language, diagnostics).coverage


def module_coverage(config: ProjectConfig, module: m.Module, language: str,
                    diagnostics: Diagnostics | None = None) -> Coverage:
    """``coverage`` for release manifests; catalog problems go to ``diagnostics`` when given."""
    return coverage(config, module, language, diagnostics if diagnostics is not None else Diagnostics())


def _count(module: m.Module) -> int:
    seen: set[str] = set()

    def note(msgid: str, location: Location, comment: str) -> str:
        seen.add(msgid)
        return msgid

    map_module(module, note)
    return len(seen)
