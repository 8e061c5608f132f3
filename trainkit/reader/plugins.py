"""markdown-it-py rules for Pandoc syntax: fenced divs, trailing heading attributes and image attributes.

Attributes follow Pandoc's grammar (``{#id .class key=value key="value" key='value'}``), which
lessons written for Pandoc, Quarto and the Carpentries Workbench use: single-quoted values, values
over several lines and bare values such as ``width=60%``. mdit-py-plugins' attrs plugin reads
Djot's narrower grammar (it refuses the first and the last and cuts a value at its first line
break), so these rules parse with ``shlex``, which splits quoted words as Pandoc does.
"""

from __future__ import annotations

import re
import shlex

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline

_FENCE = re.compile(r"^(:{3,})\s*(.*?)\s*:*\s*$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_ATTRS = re.compile(r"\s+(\{[^{}]*\})\s*$")
_KEY = re.compile(r"^[A-Za-z_][\w:.-]*$")


def _closing_brace(text: str) -> int:
    """Index of the ``}`` that closes the attributes opening ``text``, quotes respected."""
    quote = ""
    index = 1
    while index < len(text):
        char = text[index]
        if quote:
            if char == "\\":
                index += 1  # an escaped character inside quotes: \' or \"
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "}":
            return index
        elif char == "{":
            raise ValueError("unexpected '{' inside attributes")
        index += 1
    raise ValueError("attributes are not closed with '}'")


def _words(text: str) -> list[str]:
    """``text`` split at spaces outside quotes, quotes removed; a backslash escapes the next
    character inside both kinds of quotes, as in Pandoc (``alt='the lesson\'s URL'``)."""
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    lexer.escapedquotes = "'\""
    try:
        return list(lexer)
    except ValueError as exc:  # unbalanced quotes
        raise ValueError(str(exc)) from None


def read_attributes(text: str) -> tuple[int, dict[str, str]]:
    """Pandoc attributes at the start of ``text``: (index of the closing brace, attributes).

    ``#id`` gives ``id``, each ``.name`` is added to ``class`` (space-separated), ``key=value``
    gives ``key``; quoted values keep their line breaks. Raise ValueError when ``text`` does not
    open with well-formed attributes.
    """
    if not text.startswith("{"):
        raise ValueError("attributes must start with '{'")
    end = _closing_brace(text)
    attrs: dict[str, str] = {}
    classes: list[str] = []
    for word in _words(text[1:end]):
        if word.startswith("#") and len(word) > 1:
            attrs["id"] = word[1:]
        elif word.startswith(".") and len(word) > 1:
            classes.append(word[1:])
        elif word == "-":
            classes.append("unnumbered")  # Pandoc's short form of .unnumbered
        elif "=" in word and _KEY.match(word.partition("=")[0]):
            key, _, value = word.partition("=")
            if key == "class":
                classes.extend(value.split())
            else:
                attrs[key] = value
        else:
            raise ValueError(f"unexpected {word!r}")
    if classes:
        attrs["class"] = " ".join(classes)
    return end, attrs


def parse_attributes(text: str) -> dict[str, str]:
    """Parse Pandoc attributes ``{.class key="value"}`` that make up all of ``text``; raise ValueError when malformed."""
    end, attrs = read_attributes(text)
    rest = text[end + 1 :].strip()
    if rest:
        raise ValueError(f"unexpected text after attributes: {rest!r}")
    return attrs


def _line(state: StateBlock, line: int) -> str:
    return state.src[state.bMarks[line] + state.tShift[line] : state.eMarks[line]]


def _find_close(state: StateBlock, start: int, end: int) -> int | None:
    """The line of the fence that closes the div opened at ``start``, counting nested divs."""
    depth = 1
    code_fence = ""
    for line in range(start + 1, end):
        text = _line(state, line)
        if state.sCount[line] < state.blkIndent and text:
            return None
        fence = _CODE_FENCE.match(state.src[state.bMarks[line] : state.eMarks[line]])
        if code_fence:
            if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence):
                code_fence = ""
            continue
        if fence:
            code_fence = fence.group(1)
            continue
        match = _FENCE.match(text)
        if not match:
            continue
        if match.group(2):
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return line
    return None


_STRUCTURE = re.compile(r"^#{1,2}(?:[ \t]|$)")


def _next_structure(state: StateBlock, start: int, end: int) -> int:
    """The line of the next ``#`` or ``##`` heading at the top level (outside code fences), else ``end``."""
    if state.blkIndent:
        return end  # inside a list item or quote, headings do not structure the module
    code_fence = ""
    for line in range(start + 1, end):
        text = state.src[state.bMarks[line] : state.eMarks[line]]
        fence = _CODE_FENCE.match(text)
        if code_fence:
            if fence and fence.group(1)[0] == code_fence[0] and len(fence.group(1)) >= len(code_fence):
                code_fence = ""
            continue
        if fence:
            code_fence = fence.group(1)
        elif _STRUCTURE.match(text):
            return line
    return end


def _fenced_div(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    match = _FENCE.match(_line(state, start))
    if not match or not match.group(2):
        return False
    if silent:
        return True

    close = _find_close(state, start, end)
    if close is None:
        # Reported by the reader. The div ends before the next section or slide heading, so the
        # rest of the file is read (and checked) as the author meant it.
        state.env.setdefault("unclosed_divs", []).append(start)
        last = _next_structure(state, start, end)
    else:
        last = close

    old_parent, old_max = state.parentType, state.lineMax
    state.parentType = "div"  # type: ignore[assignment]
    state.lineMax = last
    token = state.push("div_open", "div", 1)
    token.info = match.group(2)
    token.map = [start, last]
    token.block = True
    state.md.block.tokenize(state, start + 1, last)
    token = state.push("div_close", "div", -1)
    token.block = True
    state.parentType, state.lineMax = old_parent, old_max
    state.line = last + 1 if close is not None else last
    return True


def _heading_attributes(state: StateCore) -> None:
    """Move a trailing ``{key=value}`` of a heading into the heading_open token's attrs."""
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        match = _HEADING_ATTRS.search(inline.content)
        if not match:
            continue
        try:
            attrs = parse_attributes(match.group(1))
        except ValueError as exc:
            line = token.map[0] if token.map else 0
            state.env.setdefault("bad_attributes", []).append((line, str(exc)))
            continue
        inline.content = inline.content[: match.start()]
        for key, value in attrs.items():
            token.attrSet(key, value)


def _image_attributes(state: StateInline, silent: bool) -> bool:
    """``{…}`` right after an image: its attributes go to the image token's ``meta["attributes"]``
    (never its ``attrs``, where markdown-it keeps ``src`` and ``alt``). Anything that is not
    well-formed attributes stays text, as in Pandoc."""
    if state.pending or not state.tokens or state.tokens[-1].type != "image" or state.src[state.pos] != "{":
        return False
    try:
        end, attrs = read_attributes(state.src[state.pos : state.posMax])
    except ValueError:
        return False
    if not silent:
        state.tokens[-1].meta.setdefault("attributes", {}).update(attrs)
    state.pos += end + 1
    return True


def pandoc_plugin(md: MarkdownIt) -> None:
    """Enable Pandoc fenced divs, heading attributes and image attributes."""
    md.block.ruler.before(
        "fence", "fenced_div", _fenced_div, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.core.ruler.before("inline", "heading_attributes", _heading_attributes)
    md.inline.ruler.push("image_attributes", _image_attributes)
