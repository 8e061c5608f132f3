"""A project's own version of trainkit's words: ``locales/<lang>/trainkit.po``.

trainkit's labels ("Facilitator guide", "Handout", "Exercise sheet" …) come translated into
the partner languages (``own.py``). A project that calls a role or a document differently, or
that has a language trainkit does not, keeps its words in ``locales/<lang>/trainkit.po``: a
catalog like any module's, created by ``trainkit i18n update --own-words`` with every label and
trainkit's translation filled in. Whatever it translates wins; what it leaves empty or fuzzy
stays trainkit's.

Each entry notes trainkit's translation (``#. trainkit: …``), so ``i18n update`` can tell a
label the project changed from one it left alone: the ones left alone follow trainkit's own
catalog when that improves; the changed ones are kept.
"""

from __future__ import annotations

import gettext as _gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from trainkit.checks import RESERVED_ID
from trainkit.config import ProjectConfig
from trainkit.errors import Diagnostics, Location
from trainkit.i18n import catalogs, own
from trainkit.i18n.localise import Coverage, count_words

DOMAIN = RESERVED_ID
"""File name of the catalog in each language's folder; no module may have this id."""
NOTE = "trainkit: "
"""Start of the extracted comment that records trainkit's own translation of an entry."""


def catalog_path(config: ProjectConfig, language: str) -> Path:
    return catalogs.catalog_path(config, language, DOMAIN)


def shown_path(config: ProjectConfig, language: str) -> str:
    return catalogs.relative(config, catalog_path(config, language))


def load_words(config: ProjectConfig, language: str, diagnostics: Diagnostics) -> _gettext.NullTranslations | None:
    """The project's words in ``language`` over trainkit's; None when it has no catalog or the
    catalog cannot be read (its errors are reported and stop that language's outputs)."""
    path = catalog_path(config, language)
    if not path.is_file():
        return None
    catalog = catalogs.read_catalog(path, shown_path(config, language), diagnostics, language)
    if catalog is None:
        return None
    words = catalogs.compile_translations(catalog)
    words.add_fallback(own.load_translations(language))
    return words


# --- creating and updating --------------------------------------------------


def _text(string: object) -> str:
    """A translation as one line for the note: plural forms joined by `` | ``."""
    if isinstance(string, (list, tuple)):
        return " | ".join(string) if any(string) else ""
    return string or ""


@lru_cache(maxsize=None)
def _builtin(language: str) -> dict[object, object]:
    """msgid (a tuple for plurals) -> trainkit's own translation into ``language``, translated ones only."""
    found = own._catalog_language(language)
    if found is None:
        return {}
    catalog = catalogs.read_catalog(own.po_path(found), str(own.po_path(found)), Diagnostics(), found)
    if catalog is None:
        return {}
    return {_key(m.id): m.string for m in catalog if m.id and _text(m.string) and not m.fuzzy}


def _key(msgid: object) -> object:
    return tuple(msgid) if isinstance(msgid, (list, tuple)) else msgid


def _noted(message: Message) -> str | None:
    """trainkit's translation as the entry's note recorded it when it was last updated."""
    for comment in message.auto_comments:
        if comment.startswith(NOTE):
            return comment[len(NOTE):]
    return None


def _own_template() -> Catalog:
    """trainkit's own template (package data)."""
    template = catalogs.read_catalog(own.template_path(), str(own.template_path()), Diagnostics())
    if template is None:
        raise RuntimeError(f"cannot read {own.template_path()}")  # a broken package file is our bug
    return template


def _template(config: ProjectConfig, builtin: dict[object, object]) -> Catalog:
    """trainkit's own template with each entry's current translation noted."""
    template = _own_template()
    template.project = f"{config.project}/{DOMAIN}"
    for message in template:
        message.locations = []  # lines in trainkit's code mean nothing to a project and change with every release
        if message.id:
            string = builtin.get(_key(message.id))
            if string:
                message.auto_comments = [*message.auto_comments, NOTE + _text(string)]
    return template


def merge(config: ProjectConfig, language: str, existing: Catalog | None) -> Catalog:
    """The project's catalog of trainkit's words in ``language``: ``existing`` brought up to date
    with trainkit's words and translations, or a new one filled with trainkit's translations."""
    builtin = _builtin(language)
    untouched: set[object] = set()
    """Entries whose translation still is the one trainkit had: they follow trainkit's."""
    if existing is not None:
        for message in existing:
            if message.id and _text(message.string) in ("", _noted(message)):
                untouched.add(_key(message.id))
    comment = (f"# {catalogs.babel_locale(language).english_name} words of trainkit's labels in this project.\n"
               f"# Change any translation; entries left as trainkit has them follow trainkit's updates.")
    merged = catalogs.merge(_template(config, builtin), existing, language, comment)
    known = {_key(m.id) for m in existing if m.id} if existing is not None else set()
    for message in merged:
        if not message.id:
            continue
        key = _key(message.id)
        previous = _key(message.previous_id[0]) if message.fuzzy and message.previous_id else None
        follow = key not in known and (previous is None or previous in untouched)
        if (key in untouched or follow) and key in builtin:
            message.string = builtin[key]
            message.flags.discard("fuzzy")
            message.previous_id = []
    return merged


# --- reading for status and check ------------------------------------------


@dataclass(frozen=True)
class Label:
    """One of trainkit's words as a project's outputs show it in one language."""

    msgid: str
    text: str
    """The translation shown: the project's, or trainkit's, or the English word."""
    location: Location | None
    """The project catalog's entry, when the project has one."""


def labels(config: ProjectConfig, language: str, diagnostics: Diagnostics) -> list[Label]:
    """Every singular label of trainkit in ``language`` as outputs show it."""
    builtin = _builtin(language)
    project: dict[str, catalogs.Entry] = {}
    path = catalog_path(config, language)
    if path.is_file():
        catalog = catalogs.read_catalog(path, shown_path(config, language), diagnostics, language)
        project = catalogs.entries(catalog) if catalog is not None else {}
    found = []
    for message in _own_template():
        if not message.id or isinstance(message.id, (list, tuple)):
            continue
        entry = project.get(message.id)
        own_text = entry.msgstr if entry is not None and not entry.fuzzy else ""
        location = Location(shown_path(config, language), entry.line) if entry is not None else None
        found.append(Label(message.id, own_text or str(builtin.get(message.id) or message.id), location))
    return found


def coverage(config: ProjectConfig, language: str, diagnostics: Diagnostics) -> Coverage:
    """How many of trainkit's words ``language``'s outputs show translated, by the project or by trainkit."""
    result = Coverage(DOMAIN, language, catalog=shown_path(config, language),
                      catalog_found=catalog_path(config, language).is_file())
    builtin = _builtin(language)
    project: dict[object, Message] = {}
    if result.catalog_found:
        catalog = catalogs.read_catalog(catalog_path(config, language), result.catalog, diagnostics, language)
        if catalog is None:
            result.catalog_broken = True
        else:
            project = {_key(m.id): m for m in catalog if m.id}
    for message in _own_template():
        if not message.id:
            continue
        key = _key(message.id)
        entry = project.get(key)
        if entry is not None and entry.fuzzy and _text(entry.string):
            result.fuzzy += 1  # trainkit's word is shown until someone looks at the changed text
        elif entry is not None and _text(entry.string) or key in builtin:
            result.translated += 1
            continue
        else:
            result.untranslated += 1
        result.words_left += sum(count_words(part) for part in (key if isinstance(key, tuple) else (key,)))
    return result
