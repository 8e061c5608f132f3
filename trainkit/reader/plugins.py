"""markdown-it-py rules for Pandoc syntax: fenced divs and trailing heading attributes."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from mdit_py_plugins.attrs.parse import ParseError, parse

_FENCE = re.compile(r"^(:{3,})\s*(.*?)\s*:*\s*$")
_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING_ATTRS = re.compile(r"\s+(\{[^{}]*\})\s*$")


def parse_attributes(text: str) -> dict[str, str]:
    """Parse Pandoc attributes ``{.class key="value"}``; raise ValueError when malformed."""
    try:
        end, attrs = parse(text)
    except ParseError as exc:
        raise ValueError(str(exc)) from None
    rest = text[end + 1 :].strip()  # parse() returns the index of the closing brace
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


def pandoc_plugin(md: MarkdownIt) -> None:
    """Enable Pandoc fenced divs and heading attributes."""
    md.block.ruler.before(
        "fence", "fenced_div", _fenced_div, {"alt": ["paragraph", "reference", "blockquote", "list"]}
    )
    md.core.ruler.before("inline", "heading_attributes", _heading_attributes)
