"""Loading a module file: decoding, control characters, YAML front matter with line numbers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from trainkit.errors import Diagnostics, Location
from trainkit.limits import MAX_LINE_CHARS, MAX_SOURCE_BYTES, MAX_YAML_DEPTH

MAX_FRONT_MATTER = 64 * 1024
"""Bytes of front matter accepted: metadata is short; anything larger is a mistake or an attack."""

# Characters XML 1.0 forbids; office programs paste them (vertical tab for a line break).
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""What no .pptx or .docx may hold: lxml refuses to write it."""
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass(frozen=True)
class SourceFile:
    """A module file split into its parts."""

    path: str
    """Project-relative path."""
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body: str
    body_line: int
    """Line number (1-based) of the body's first line in the file."""


_OPENED = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping",
           "while scanning a simple key")
"""Problems whose cause is where something was opened, not where the parser gave up."""

_PLAIN = (
    ("mapping values are not allowed here",
     "a ': ' inside a value reads as a new key; put the value in quotes (title: \"Impact: the basics\")"),
    ("found unexpected end of stream", "a quoted value is not closed; add the closing quote"),
    ("found character '\\t' that cannot start any token", "a tab character; indent YAML with spaces"),
    ("found character '@' that cannot start any token", "a value starts with '@', which YAML reserves; "
                                                        "put the value in quotes"),
    ("found character '`' that cannot start any token", "a value starts with '`', which YAML reserves; "
                                                        "put the value in quotes"),
    ("expected ',' or ']'", "a list in [ ] is not closed, or an item holds ': '; close it or quote the item"),
    ("expected ',' or '}'", "a mapping in { } is not closed, or a value holds ': '; close it or quote the value"),
    ("expected <block end>", "the indentation does not line up; give items of one list the same indentation"),
    ("did not find expected key", "the indentation does not line up; give keys of one mapping the same indentation"),
    ("did not find expected '-' indicator", "a list item is indented differently from the others"),
    ("found undefined alias", "'*' starts an alias in YAML; put the value in quotes"),
)
"""PyYAML's problem -> what to do about it, in words an author understands."""


def yaml_error_line(exc: yaml.YAMLError) -> int:
    """The 1-based line a YAML error is about, 0 when unknown: where the unclosed thing was opened,
    else where the parser stopped."""
    context = getattr(exc, "context", None) or ""
    context_mark = getattr(exc, "context_mark", None)
    mark = context_mark if context.startswith(_OPENED) and context_mark is not None else (
        getattr(exc, "problem_mark", None) or context_mark)
    return mark.line + 1 if mark is not None else 0


def yaml_error_message(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    for known, plain in _PLAIN:
        if known in problem:
            return f"invalid YAML: {plain}"
    context = getattr(exc, "context", None)
    return f"invalid YAML: {context + ', ' if context else ''}{problem} (check quotes and indentation)"


def load_yaml(text: str, path: str, first_line: int, diagnostics: Diagnostics) -> tuple[Any, dict[str, int]] | None:
    """Safely load YAML and the line of each top-level key; report problems and return None.

    Aliases are refused before anything is built, so an alias bomb costs nothing, and
    tags that would build Python objects are refused by the safe loader. Collections nested
    deeper than ``MAX_YAML_DEPTH`` are refused from the event stream, before the (recursive)
    composer sees them. A key given twice in one mapping is an error: YAML forbids it, and
    PyYAML would silently keep the last value.
    """
    try:
        depth = 0
        events: list[yaml.Event] = []
        for event in yaml.parse(text, Loader=yaml.SafeLoader):
            events.append(event)
            if isinstance(event, yaml.AliasEvent):
                line = first_line + event.start_mark.line
                diagnostics.error(Location(path, line), "YAML aliases (*name) are not allowed", "yaml.alias")
                return None
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    diagnostics.error(Location(path, first_line + event.start_mark.line),
                                      f"YAML nested more than {MAX_YAML_DEPTH} levels deep", "yaml.depth")
                    return None
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
        loader = _ParsedLoader(events)
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        line = yaml_error_line(exc)
        diagnostics.error(Location(path, first_line + line - 1 if line else first_line),
                          yaml_error_message(exc), "yaml.syntax")
        return None
    lines: dict[str, int] = {}
    _node_lines(node, "", first_line, lines, path, diagnostics)
    return data, lines


class _ParsedLoader(yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver):
    """``yaml.SafeLoader`` fed with events already parsed (and checked): composing and constructing
    from them gives what ``yaml.compose`` and ``yaml.safe_load`` of the text give, without scanning
    and parsing the text twice more."""

    def __init__(self, events: list[yaml.Event]) -> None:
        self._events = events
        self._next = 0
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    # the three methods yaml.parser.Parser gives the composer, over the list

    def check_event(self, *choices: type) -> bool:
        if self._next >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self) -> yaml.Event | None:
        return self._events[self._next] if self._next < len(self._events) else None

    def get_event(self) -> yaml.Event | None:
        event = self.peek_event()
        self._next += 1
        return event


def _node_lines(node: yaml.Node | None, prefix: str, first_line: int, lines: dict[str, int],
                path: str = "", diagnostics: Diagnostics | None = None) -> None:
    """Record the line of every mapping key and sequence item under dotted paths (``courses.intro.modules.0``);
    report a key that a mapping repeats."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                line = first_line + key.start_mark.line
                if key.value in seen and diagnostics is not None:
                    diagnostics.error(Location(path, line), f"'{key.value}' is given twice (first at line "
                                      f"{seen[key.value]}); YAML keeps only one of them", "yaml.duplicate")
                seen.setdefault(key.value, line)
                key_path = f"{prefix}{key.value}"
                lines.setdefault(key_path, line)
                _node_lines(value, key_path + ".", first_line, lines, path, diagnostics)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            item_path = f"{prefix}{index}"
            lines[item_path] = first_line + item.start_mark.line
            _node_lines(item, item_path + ".", first_line, lines, path, diagnostics)


_UTF16_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
               (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16"))


def wide_encoding(raw: bytes) -> str:
    """``UTF-16``/``UTF-32`` when ``raw`` is saved in one of them (by its byte order mark, or by the
    zero bytes every other ASCII character has without one); empty otherwise."""
    for bom, name in _UTF16_BOMS:
        if raw.startswith(bom):
            return name
    head = raw[:400]
    # text in Latin letters has a zero in every other byte, and binary files have no such pattern
    if len(head) >= 8 and max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 2 * 3 // 4:
        return "UTF-16"
    return ""


def decode(raw: bytes, path: str, diagnostics: Diagnostics) -> str | None:
    """Decode UTF-8 (with or without BOM) and drop XML-invalid characters with a warning.

    Text saved as UTF-16 or UTF-32 (Windows' "Unicode") and NUL bytes are refused, not guessed
    at: decoded as UTF-8 their zero bytes would vanish one by one with a warning each, and the
    file would be read as something else than its author wrote. Lines longer than
    ``MAX_LINE_CHARS`` are refused at their line.
    """
    wide = wide_encoding(raw)
    if wide:
        diagnostics.error(Location(path, 1), f"the file is saved as {wide}; save it as UTF-8", "source.encoding")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        diagnostics.error(Location(path, line),
                          f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                          "source.encoding")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        diagnostics.error(Location(path, text.count("\n", 0, nul) + 1),
                          "NUL byte: this is not a text file, or not one saved as UTF-8", "source.encoding")
        return None
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE_CHARS:
            diagnostics.error(Location(path, number), f"line is {len(line):,} characters long; trainkit reads "
                              f"lines of up to {MAX_LINE_CHARS:,}", "source.line")
            return None
    for match in XML_INVALID.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        diagnostics.warning(Location(path, line),
                            f"removed control character U+{ord(match.group()):04X}", "source.control")
    return XML_INVALID.sub("", text)


def read_text(file: Path, path: str, diagnostics: Diagnostics) -> str | None:
    """The text of a module or YAML file (``decode``), or None, with the problem reported at ``path``.
    A file over ``MAX_SOURCE_BYTES`` is refused before it is read."""
    try:
        size = file.stat().st_size
        if size > MAX_SOURCE_BYTES:
            diagnostics.error(Location(path, 1), f"the file has {size / (1 << 20):,.1f} MiB; trainkit reads "
                              f"files of up to {MAX_SOURCE_BYTES >> 20} MiB", "source.size")
            return None
        raw = file.read_bytes()
    except OSError as exc:
        diagnostics.error(Location(path, 1), f"cannot read the file ({exc.strerror or exc})", "source.unreadable")
        return None
    return decode(raw, path, diagnostics)


def read_source(file: Path, path: str, diagnostics: Diagnostics) -> SourceFile | None:
    """Read a module file; report problems in ``diagnostics`` and return None when unusable."""
    text = read_text(file, path, diagnostics)
    if text is None:
        return None
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        diagnostics.error(Location(path, 1),
                          "missing front matter: the file must start with a '---' line", "meta.missing")
        return None
    end = next((i for i in range(1, len(lines)) if _FENCE.match(lines[i])), None)
    if end is None:
        diagnostics.error(Location(path, 1), "front matter is not closed with a '---' line", "meta.unclosed")
        return None
    front = "\n".join(lines[1:end])
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER:
        diagnostics.error(Location(path, 1),
                          f"front matter is larger than {MAX_FRONT_MATTER // 1024} KiB", "meta.size")
        return None
    loaded = load_yaml(front, path, 2, diagnostics)
    if loaded is None:
        return None
    data, meta_lines = loaded
    if data is None:
        data = {}
    if not isinstance(data, dict):
        diagnostics.error(Location(path, 2), "front matter must be a mapping of 'key: value' lines", "meta.type")
        return None
    return SourceFile(path, data, meta_lines, "\n".join(lines[end + 1 :]), end + 2)
