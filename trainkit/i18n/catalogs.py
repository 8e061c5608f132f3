"""The only place that reads and writes PO files: Babel catalogs, checked strictly, written as gettext writes them."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, unescape

from trainkit import model as m
from trainkit.clock import build_time
from trainkit.config import ProjectConfig
from trainkit.errors import Diagnostics, Location
from trainkit.i18n.extract import extract_messages
from trainkit.i18n.posyntax import FORMAT_FLAGS, check_po, directive_spans
from trainkit.i18n.powrap import reference_lines, string_lines
from trainkit.limits import MAX_SOURCE_BYTES
from trainkit.paths import inside


def relative(config: ProjectConfig, path: Path) -> str:
    """``path`` relative to the project, with forward slashes, for messages."""
    try:
        return path.relative_to(config.root).as_posix()
    except ValueError:
        return str(path)


def template_path(config: ProjectConfig, module_id: str) -> Path:
    return config.root / config.locales_dir / f"{module_id}.pot"


def catalog_path(config: ProjectConfig, language: str, module_id: str) -> Path:
    return config.root / config.locales_dir / language / f"{module_id}.po"


def babel_locale(language: str) -> Locale:
    return Locale.parse(language.replace("-", "_"))


# --- reading ----------------------------------------------------------------


def read_catalog(path: Path, shown: str, diagnostics: Diagnostics, language: str | None = None,
                 root: Path | None = None) -> Catalog | None:
    """A PO or POT file as a Babel catalog; None when it cannot be used.

    The file is first checked as strictly as ``msgfmt --check`` does (``posyntax.check_po``):
    every problem is reported as an error at ``shown:line`` and a file with any problem is not
    used, since Babel would read a broken file without a word. Babel then reads sound files.
    With ``root`` (a project's catalogs), a file that leads out of the project is not read.
    """
    if root is not None and not inside(root, path):
        diagnostics.error(Location(shown), "leads out of the project through a symbolic link; a catalog must be "
                          "a file in the project", "i18n.outside")
        return None
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:  # refused unread: a catalog is some kilobytes per module
            diagnostics.error(Location(shown, 1), f"the file has {size / (1 << 20):,.1f} MiB; trainkit reads PO "
                              f"files of up to {MAX_SOURCE_BYTES >> 20} MiB", "i18n.po-size")
            return None
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.error(Location(shown), f"cannot read PO file: {exc}", "i18n.po-syntax")
        return None
    findings = check_po(data, _plural_forms(language))
    for finding in findings:
        diagnostics.error(Location(shown, finding.line), f"invalid PO file: {finding.message}", finding.code)
    if findings:
        return None
    try:
        catalog = read_po(_babel_input(data), locale=language.replace("-", "_") if language else None,
                          abort_invalid=True)
        return _read_previous(catalog)
    except PoFileError as exc:
        # A file the strict check passes but Babel still refuses (more msgstr[] than it expects).
        message = str(exc).rsplit(" on ", 1)[0]
        diagnostics.error(Location(shown, exc.lineno + 1), f"invalid PO file: {message}: {exc.line.strip()!r}",
                          "i18n.po-syntax")
    except (UnicodeDecodeError, ValueError) as exc:
        diagnostics.error(Location(shown), f"cannot read PO file: {exc}", "i18n.po-syntax")
    return None


_OBSOLETE_PREVIOUS = re.compile(rb"^[ \t]*#~\|.*$", re.M)


def _babel_input(data: bytes) -> io.BytesIO:
    """``data`` for Babel's reader, which cannot read ``#~|`` lines.

    msgmerge writes them for the previous msgid of an obsolete entry; trainkit does not use it,
    so those lines become blank (line numbers stay as they are).
    """
    return io.BytesIO(_OBSOLETE_PREVIOUS.sub(b"", data))


def _plural_forms(language: str | None) -> int | None:
    """How many plural forms ``language`` has (Babel's data, as gettext's), or None when unknown."""
    if language is None:
        return None
    try:
        return get_plural(language.replace("-", "_")).num_plurals
    except (UnknownLocaleError, ValueError):
        return None


_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')


def _read_previous(catalog: Catalog) -> Catalog:
    """Turn ``#|`` lines back into previous msgids.

    read_po keeps them as user comments, so without this they would lose their meaning and be
    written back as ``# |`` comments by the next update.
    """
    for message in catalog:
        previous = [c for c in message.user_comments if c.startswith("|")]
        if not previous:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        parts: dict[str, list[str]] = {}
        keyword = "msgid"
        for comment in previous:
            line = comment[1:].strip()
            if line.startswith(("msgid_plural", "msgid", "msgctxt")):
                keyword = line.split()[0]
            parts.setdefault(keyword, []).extend(unescape(f'"{q}"') for q in _QUOTED.findall(line))
        ids = ["".join(parts[k]) for k in ("msgid", "msgid_plural") if k in parts]
        message.previous_id = ids
    return catalog


@dataclass(frozen=True)
class Entry:
    """What a catalog says about one msgid."""

    msgstr: str
    fuzzy: bool
    line: int
    flags: frozenset[str] = frozenset()
    """The entry's ``#,`` flags, such as Weblate's ``ignore-check-glossary``."""


def entries(catalog: Catalog) -> dict[str, Entry]:
    """msgid -> translation of every live singular message (the header left out)."""
    found: dict[str, Entry] = {}
    for message in catalog:
        if not message.id or isinstance(message.id, (list, tuple)):
            continue
        found[message.id] = Entry(message.string if isinstance(message.string, str) else "",
                                  message.fuzzy, message.lineno or 0, frozenset(message.flags))
    return found


# --- building ---------------------------------------------------------------


def _header_comment(config: ProjectConfig, module: m.Module, language: str | None) -> str:
    if language is None:
        return (f"# Messages of module '{module.id}' ({module.path}).\n"
                f"# Generated by 'trainkit i18n extract'; do not edit.\n"
                f"# Translate {config.locales_dir}/<language>/{module.id}.po instead.")
    name = babel_locale(language).english_name
    return (f"# {name} translation of module '{module.id}' ({module.path}).\n"
            f"# Edit the msgstr lines; 'trainkit i18n update' merges new source text.")


def build_template(config: ProjectConfig, module: m.Module, creation_date: dt.datetime | None = None) -> Catalog:
    """The POT catalog of ``module``: messages in reading order with references and translator notes."""
    catalog = Catalog(
        header_comment=_header_comment(config, module, None),
        project=f"{config.project}/{module.id}", version=module.metadata.version or "0",
        fuzzy=True,
        creation_date=creation_date or build_time(config.root, [config.root / module.path]),
    )
    for message in extract_messages(module):
        location = message.location
        line = location.line if config.add_location == "full" else None
        catalog.add(message.msgid, locations=[(location.path, line)], auto_comments=[message.comment])
    for message in catalog:
        # Babel adds a comment once per occurrence: keep each distinct note once, in order.
        message.auto_comments = list(dict.fromkeys(message.auto_comments))
    return catalog


def merge(template: Catalog, existing: Catalog | None, language: str, header_comment: str) -> Catalog:
    """The catalog for ``language``: ``existing`` updated to ``template``, or a new one.

    Changed source text keeps its old translation as fuzzy with the previous msgid; removed text
    becomes obsolete.
    """
    if existing is None:
        locale = babel_locale(language)
        existing = Catalog(
            locale=locale, header_comment=header_comment, project=template.project, version=template.version,
            creation_date=template.creation_date, revision_date=template.creation_date,
            language_team=f"{locale.english_name} <>",
        )
        existing.fuzzy = False
        # No one has translated yet; translation tools fill this in when someone saves.
        existing.last_translator = ""
    existing.project, existing.version = template.project, template.version
    # Babel records the previous msgid only when it matches an entry fuzzily: an entry still fuzzy
    # from an earlier update would lose it, and the translator the text to compare with.
    previous = {message.id: message.previous_id for message in existing
                if message.id and message.fuzzy and message.previous_id}
    existing.update(template, update_creation_date=True)
    for message in existing:
        if message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = previous[message.id]
    return existing


def merge_module(template: Catalog, existing: Catalog | None, language: str, config: ProjectConfig,
                 module: m.Module) -> Catalog:
    """``merge`` for the catalog of one module."""
    return merge(template, existing, language, _header_comment(config, module, language))


# --- writing ----------------------------------------------------------------


_GETTEXT_FORMATS = ("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript", "scheme",
                    "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal", "smalltalk", "qt",
                    "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php", "gcc-internal",
                    "gfc-internal", "ycp")
"""Format flags in the order gettext 0.21 writes them."""

_UNDATED = ("POT-Creation-Date", "PO-Revision-Date", "Generated-By")
"""Header fields that say when or by what a file was written, not what it holds."""


def render(catalog: Catalog, add_location: str = "full") -> bytes:
    """PO text of ``catalog`` exactly as GNU gettext's msgcat would write it.

    The layout is gettext's (see ``powrap``), so a file saved by msgcat, msgmerge or an editor
    that writes like them stays as it is. What gettext itself drops is dropped too: the fuzzy
    flag of an untranslated entry, obsolete entries without a translation and Babel's
    "Generated-By" header. Flags gettext does not know (Weblate's ``ignore-check-glossary``)
    are kept, after gettext's own.
    """
    blocks = [_header_lines(catalog)]
    blocks += [_message_lines(message, catalog, add_location) for message in catalog if message.id]
    blocks += [_obsolete_lines(message, catalog) for message in catalog.obsolete.values() if _translated(message)]
    return ("\n\n".join("\n".join(block) for block in blocks) + "\n").encode("utf-8")


def _header_lines(catalog: Catalog) -> list[str]:
    lines = [line if line.startswith("#") else f"# {line}".rstrip() for line in catalog.header_comment.splitlines()]
    if catalog.fuzzy:
        lines.append("#, fuzzy")
    fields = "".join(f"{name}: {value}\n" for name, value in catalog.mime_headers if name != "Generated-By")
    return lines + string_lines("msgid", "") + string_lines("msgstr", fields)


def _comment_lines(prefix: str, comments: list[str]) -> list[str]:
    return [f"{prefix} {line}" if line else prefix for comment in comments for line in comment.split("\n")]


def _references(message: Message, with_lines: bool) -> list[str]:
    """``file:line`` (or ``file``) of each location, sorted and once each, as Babel orders them."""
    locations = sorted(message.locations, key=lambda item: (item[0], item[1] if isinstance(item[1], int) else -1))
    shown = []
    for path, line in locations:
        path = path.replace(os.sep, "/")
        shown.append(f"{path}:{line}" if line and with_lines else path)
    return list(dict.fromkeys(shown))


def _translated(message: Message) -> bool:
    """Whether the (first) translation is not empty: gettext's test for "translated"."""
    string = message.string
    first = string[0] if isinstance(string, (list, tuple)) and string else string
    return bool(first)


def _flag_line(message: Message, obsolete: bool = False) -> list[str]:
    """The ``#,`` line: fuzzy (when translated), gettext's format flags in its order, range, no-wrap, then the rest."""
    flags = set(message.flags)
    ordered = ["fuzzy"] if "fuzzy" in flags and _translated(message) else []
    ordered += [flag for name in _GETTEXT_FORMATS for flag in (f"{name}-format", f"no-{name}-format")
                if flag in flags]
    if not obsolete:
        ordered += sorted(flag for flag in flags if flag.startswith("range:"))
    ordered += ["no-wrap"] if "no-wrap" in flags else []
    if not obsolete:
        known = set(ordered) | {"fuzzy", "wrap"}
        ordered += sorted(flag for flag in flags if flag not in known)
    return [f"#, {', '.join(ordered)}"] if ordered else []


def _string_lines(message: Message, plurals: int, prefix: str = "", previous: bool = True) -> list[str]:
    """``#|`` previous msgids, then the msgctxt, msgid, msgid_plural and msgstr lines of ``message``.

    A plural entry gets ``plurals`` msgstr[] lines; ``prefix`` is ``"#~ "`` for obsolete entries.
    """
    flag = next((f for f in FORMAT_FLAGS if f in message.flags), None)
    wrap = "no-wrap" not in message.flags

    def lines(keyword: str, text: str, start: str = prefix) -> list[str]:
        return string_lines(keyword, text, start, directive_spans(text, flag) if flag else (), wrap)

    out: list[str] = []
    for keyword, text in zip(("msgid", "msgid_plural"), message.previous_id if previous else ()):
        out += lines(keyword, text, "#| ")
    if message.context is not None:
        out += lines("msgctxt", message.context)
    if isinstance(message.id, (list, tuple)):
        out += lines("msgid", message.id[0]) + lines("msgid_plural", message.id[1])
        strings = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        for index in range(plurals):
            out += lines(f"msgstr[{index}]", strings[index] if index < len(strings) and strings[index] else "")
    else:
        out += lines("msgid", message.id) + lines("msgstr", message.string or "")
    return out


def _message_lines(message: Message, catalog: Catalog, add_location: str) -> list[str]:
    lines = _comment_lines("#", message.user_comments) + _comment_lines("#.", message.auto_comments)
    if add_location != "never":
        lines += reference_lines(_references(message, add_location == "full"))
    return lines + _flag_line(message) + _string_lines(message, catalog.num_plurals)


def _obsolete_lines(message: Message, catalog: Catalog) -> list[str]:
    """An obsolete entry as msgmerge keeps it: comments, flags, ``#~`` lines.

    No references, and no ``#~|`` previous msgid, which Babel could not read back.
    """
    return (_comment_lines("#", message.user_comments) + _flag_line(message, obsolete=True)
            + _string_lines(message, catalog.num_plurals, prefix="#~ ", previous=False))


def same_content(old: bytes, new: bytes) -> bool:
    """Whether two PO files say the same, however their lines are wrapped.

    Compared: every entry (ids, translations, flags, references, previous msgids, comments as
    words), obsolete entries, the header comment and the header fields apart from dates. So a
    file re-wrapped by msgcat, Poedit or ``--no-wrap`` is not out of date, and a new creation
    date alone does not churn a diff.
    """
    before = _meaning(old)
    return before is not None and before == _meaning(new)


def _meaning(data: bytes) -> tuple | None:
    try:
        catalog = _read_previous(read_po(_babel_input(data)))
    except (PoFileError, UnicodeDecodeError, ValueError):
        return None
    headers = tuple((name, value) for name, value in catalog.mime_headers if name not in _UNDATED)
    live = tuple(_entry_meaning(message) for message in catalog if message.id)
    obsolete = tuple(_entry_meaning(message) for message in catalog.obsolete.values())
    comment = [line.lstrip("#") for line in catalog.header_comment.splitlines()]
    return _words(comment), catalog.fuzzy, headers, live, obsolete


def _entry_meaning(message: Message) -> tuple:
    locations = tuple(sorted((path, line if isinstance(line, int) else -1) for path, line in message.locations))
    return (message.context, message.id, message.string, frozenset(message.flags) - {"wrap"},
            _words(message.user_comments), _words(message.auto_comments), locations, tuple(message.previous_id or ()))


def _words(comments: list[str]) -> tuple[str, ...]:
    """Comment text as words: Babel used to wrap long comments, gettext keeps their lines."""
    return tuple(" ".join(comments).split())


def needs_write(path: Path, data: bytes) -> bool:
    return not path.is_file() or not same_content(path.read_bytes(), data)


def compile_translations(catalog: Catalog):
    """A gettext Translations object for ``catalog``, compiled in memory (no .mo file on disk)."""
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def fill(catalog: Catalog, translate) -> Catalog:
    """Set every live message's translation to ``translate(msgid)`` and clear its fuzzy flag."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, (list, tuple)):
            message.string = tuple(translate(message.id[0 if i == 0 else 1]) for i in range(catalog.num_plurals))
        else:
            message.string = translate(message.id)
        message.flags.discard("fuzzy")
    return catalog

