"""The terminology glossary (locales/glossary.yaml) and the check that translations use it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import simplemma

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


@lru_cache(maxsize=None)
def _lemma(word: str, language: str) -> str:
    """The dictionary form of ``word`` in ``language`` (simplemma), casefolded; the word itself when
    the language or the word is unknown to the lemmatiser."""
    try:
        return simplemma.lemmatize(word, lang=language.replace("_", "-").split("-")[0]).casefold()
    except ValueError:
        return word.casefold()


def _stem(form: str) -> str:
    """All but the last three letters, at least four."""
    return form[: max(4, len(form) - 3)]


def _same_word(found: str, agreed: str, language: str) -> bool:
    """Whether ``found`` is a form of ``agreed``.

    Either shares a dictionary form with the other (the lemmatiser knows "pušu" is "puse" and
    "šalių" is "šalis", where the endings differ inside the word), or, for words it does not know
    (loanwords such as "klastri", compounds such as "Clustermanagerin"), one starts with the
    other's stem: all but its last three letters.
    """
    found_forms = {found.casefold(), _lemma(found, language)}
    agreed_forms = {agreed.casefold(), _lemma(agreed, language)}
    return bool(found_forms & agreed_forms) or any(
        f.startswith(_stem(a)) for f in found_forms for a in agreed_forms)


def uses_translation(agreed: str, text: str, language: str) -> bool:
    """Whether ``text`` contains every word of ``agreed``, in any inflected form (soft hyphens,
    which only say where a long word may break, are ignored)."""
    words = _WORD.findall(text.replace("\u00ad", ""))
    return all(any(_same_word(w, part, language) for w in words) for part in _WORD.findall(agreed))


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


def glossary_misses(terms: list[Term], language: str, msgid: str, msgstr: str) -> list[Term]:
    """The glossary terms used in ``msgid`` whose agreed translation ``msgstr`` does not use."""
    return [term for term in terms
            if (agreed := term.translations.get(language, ())) and term.pattern().search(msgid)
            and not any(uses_translation(a, msgstr, language) for a in agreed)]


def problem(term: Term, language: str) -> str:
    return f"'{term.source}' should be translated as '{term.translations[language][0]}' (see the glossary)"


def glossary_problems(terms: list[Term], language: str, msgid: str, msgstr: str) -> list[str]:
    """One message per glossary term used in ``msgid`` whose agreed translation is missing in ``msgstr``."""
    return [problem(term, language) for term in glossary_misses(terms, language, msgid, msgstr)]
