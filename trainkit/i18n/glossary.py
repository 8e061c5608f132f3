"""The terminology glossary (locales/glossary.yaml) and the check that translations use it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from trainkit.errors import Diagnostics, Location
from trainkit.paths import inside
from trainkit.reader.source import load_yaml, read_text

GLOSSARY_FILE = "glossary.yaml"
GLOSSARY_EXEMPT = "ignore-check-glossary"
"""PO flag (Weblate's name for it) on an entry that rightly departs from the glossary, e.g. an official title."""
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Term:
    """One key term and its agreed translation per language."""

    source: str
    translations: dict[str, tuple[str, ...]]
    """Language -> the preferred translation first, then other admitted ones."""
    line: int

    def pattern(self) -> re.Pattern[str]:
        """The source term as whole words, with plural endings on the last word."""
        words = [re.escape(w) for w in self.source.split()]
        return re.compile(r"\b" + r"\s+".join(words) + r"(?:s|es)?\b", re.IGNORECASE)


def _stem(word: str) -> str:
    """All but the last three letters, at least four: enough to accept case endings."""
    return word[: max(4, len(word) - 3)].casefold()


def uses_translation(agreed: str, text: str) -> bool:
    """Whether ``text`` contains every word of ``agreed``, in any inflected form (soft hyphens,
    which only say where a long word may break, are ignored)."""
    words = [w.casefold() for w in _WORD.findall(text.replace("\u00ad", ""))]
    return all(any(w.startswith(_stem(part)) for w in words) for part in _WORD.findall(agreed))


def load_glossary(root: Path, locales_dir: str, source_language: str, diagnostics: Diagnostics) -> list[Term]:
    """The project's glossary, or an empty one when there is none."""
    path = root / locales_dir / GLOSSARY_FILE
    if not path.is_file():
        return []
    shown = f"{locales_dir}/{GLOSSARY_FILE}"
    if not inside(root, path):
        diagnostics.error(Location(shown), "leads out of the project through a symbolic link; the glossary must "
                          "be a file in the project", "glossary.outside")
        return []
    text = read_text(path, shown, diagnostics)
    loaded = load_yaml(text, shown, 1, diagnostics) if text is not None else None
    if loaded is None:
        return []
    data, lines = loaded
    entries = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        diagnostics.error(Location(shown, 1), "the glossary needs a 'terms:' list", "glossary.format")
        return []
    terms = []
    for index, entry in enumerate(entries):
        line = lines.get(f"terms.{index}", 1)
        if (not isinstance(entry, dict) or not isinstance(entry.get(source_language), str)
                or not all(isinstance(k, str) and _texts(v) for k, v in entry.items())):
            diagnostics.error(Location(shown, line), f"a term maps language codes to a text (or a list: the "
                                                     f"preferred one first) and has '{source_language}'",
                              "glossary.format")
            continue
        translations = {k: _texts(v) for k, v in entry.items() if k != source_language}
        terms.append(Term(entry[source_language], translations, line))
    return terms


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    return ()


def glossary_problems(terms: list[Term], language: str, msgid: str, msgstr: str) -> list[str]:
    """One message per glossary term used in ``msgid`` whose agreed translation is missing in ``msgstr``."""
    problems = []
    for term in terms:
        agreed = term.translations.get(language, ())
        if agreed and term.pattern().search(msgid) and not any(uses_translation(a, msgstr) for a in agreed):
            problems.append(f"'{term.source}' should be translated as '{agreed[0]}' (see the glossary)")
    return problems
