"""PO strings and references laid out exactly as GNU gettext's msgcat and msgmerge write them.

gettext (0.21, the version of Debian 12 and of CI) writes a string as ``keyword "..."`` when it
fits in 79 columns and has no ``\\n`` before its end; otherwise as ``keyword ""`` followed by
continuation lines. It starts a new line after every ``\\n`` escape and breaks the rest where
libunistring's line breaking (Unicode Standard Annex #14, in libunistring 1.0's variant) allows
a break, counting columns by character width, never inside an escape or a format directive.

The break opportunities are computed here with the pair-table method of UAX #14, from the
Unicode line break classes that ``uniseg`` reads from the Unicode Character Database. Where
libunistring 1.0 deviates from the standard, the deviation is written out and says why.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from uniseg.linebreak import line_break

PAGE_WIDTH = 79
"""gettext's default ``--width``: lines end at this column, closing quote included."""

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v", "\\": "\\", '"': '"'}
"""Characters gettext writes as a backslash escape (the C escapes, backslash and quote)."""

Spans = Sequence[tuple[int, int]]
"""Format directives as ``(start, end)`` character offsets into the unescaped string, end inclusive."""


# --- line break classes ------------------------------------------------------

# Classes that libunistring 1.0 resolves before looking at pairs: ambiguous and unknown
# characters as letters (a UTF-8 file is not a CJK encoding), complex-context scripts (Thai,
# Khmer...) as letters since it has no dictionary, conditional Japanese starters as
# non-starters. Classes added to Unicode after 14.0 (the aksara classes of 15.1, the hyphen
# class HH of 16.0) are mapped to what those characters had in 14.0.
_RESOLVED = {"AI": "AL", "SA": "AL", "XX": "AL", "SG": "AL", "CJ": "NS", "NL": "BK", "CB": "ID",
             "AK": "AL", "AS": "AL", "AP": "AL", "VI": "AL", "VF": "AL", "HH": "BA"}

# Characters of the Basic Multilingual Plane whose class in libunistring 1.0's own table differs
# from the current Unicode data (after the mapping above): libunistring derives its table from
# general categories with its own lists, and some characters changed class in Unicode 15 and 16.
_LIBUNISTRING_CLASSES: tuple[tuple[int, int, str], ...] = (
    (0x0600, 0x0605, "AL"), (0x06DD, 0x06DD, "AL"), (0x0890, 0x0891, "AL"), (0x0897, 0x0897, "AL"),
    (0x08E2, 0x08E2, "AL"), (0x0CF3, 0x0CF3, "AL"), (0x19DA, 0x19DA, "AL"), (0x1B44, 0x1B44, "CM"),
    (0x1B4E, 0x1B4F, "AL"), (0x1B50, 0x1B59, "NU"), (0x1B5C, 0x1B5C, "AL"), (0x1B61, 0x1B6A, "AL"),
    (0x1B74, 0x1B7C, "AL"), (0x1B7F, 0x1B7F, "AL"), (0x1BF2, 0x1BF3, "CM"), (0x1DCD, 0x1DCD, "CM"),
    (0x1DFC, 0x1DFC, "CM"), (0x2057, 0x2057, "AL"), (0x2E56, 0x2E56, "CL"), (0x2E58, 0x2E58, "CL"),
    (0x2E5A, 0x2E5A, "CL"), (0x2E5C, 0x2E5C, "CL"), (0x2FFC, 0x2FFF, "AL"), (0x31E4, 0x31E5, "AL"),
    (0x31EF, 0x31EF, "AL"), (0xA9C0, 0xA9C0, "CM"), (0xA9C1, 0xA9C6, "AL"), (0xA9CA, 0xA9CD, "AL"),
    (0xA9CF, 0xA9CF, "AL"), (0xA9D0, 0xA9D9, "NU"), (0xA9DE, 0xA9DF, "AL"), (0xAA40, 0xAA42, "AL"),
    (0xAA44, 0xAA4B, "AL"), (0xAA50, 0xAA59, "NU"), (0xAA5C, 0xAA5C, "AL"), (0xFE10, 0xFE10, "IS"),
    (0xFE13, 0xFE14, "IS"), (0xFE20, 0xFE20, "CM"), (0xFE22, 0xFE22, "CM"), (0xFE24, 0xFE24, "CM"),
    (0xFE26, 0xFE27, "CM"), (0xFE29, 0xFE29, "CM"), (0xFE2B, 0xFE2B, "CM"), (0xFE2D, 0xFE2E, "CM"),
)

_EAST_ASIAN = frozenset("WFH")


@lru_cache(maxsize=4096)
def _class(char: str) -> str:
    """The line break class of ``char`` as libunistring 1.0 uses it.

    Opening and closing punctuation of East Asian width come back as ``OPW`` and ``CPW``: rule
    LB30 (no break between a letter and a parenthesis) exempts them.
    """
    code = ord(char)
    for first, last, name in _LIBUNISTRING_CLASSES:
        if first <= code <= last:
            return name
    name = _RESOLVED.get(str(line_break(char)), str(line_break(char)))
    if name in ("OP", "CP") and unicodedata.east_asian_width(char) in _EAST_ASIAN:
        return name + "W"
    return name


# --- the pair table ------------------------------------------------------------

_CLASSES = ("WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP", "CPW", "EX", "IN", "NS", "OP", "OPW", "QU", "IS",
            "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID", "JL", "JV", "JT", "HL", "RI", "ZWJ", "EB", "EM")
_DIRECT, _INDIRECT, _PROHIBITED = "D", "I", "P"


def _expand(names: str) -> list[str]:
    """Class names of a rule; ``OP`` and ``CP`` include their East Asian variants."""
    out: list[str] = []
    for name in names.split():
        out.extend([name, name + "W"] if name in ("OP", "CP") else [name])
    return out


def _build_pair_table() -> dict[tuple[str, str], str]:
    """Break action between a class and the next: direct, only after spaces, or never.

    The UAX #14 rules of Unicode 14.0 are applied from the lowest precedence to the highest,
    each overriding what came before, as libunistring builds its table. ``glue`` forbids a
    break when the two are adjacent; ``glue_spaces`` also when spaces come between.
    """
    everything = " ".join(_CLASSES)
    glue: dict[tuple[str, str], bool] = {}
    glue_spaces: dict[tuple[str, str], bool] = {}

    def rule(before: str, after: str, spaces: bool = False) -> None:
        for b in _expand(before):
            for a in _expand(after):
                glue[b, a] = True
                if spaces:
                    glue_spaces[b, a] = True

    for b in _CLASSES:  # LB31: break everywhere else
        for a in _CLASSES:
            glue[b, a] = glue_spaces[b, a] = False
    rule("EB", "EM")  # LB30b
    # LB30, letters and parentheses: only for parentheses that are not East Asian.
    for b in ("AL", "HL", "NU"):
        glue[b, "OP"] = glue["CP", b] = True
    # LB29 (no break between "." and a letter) is the one rule libunistring leaves out on
    # purpose, so that "<P>A sentence.</P>" can break before "</P>": gettext breaks URLs there.
    rule("AL HL", "AL HL")  # LB28
    rule("JL JV JT H2 H3", "PO")  # LB27
    rule("PR", "JL JV JT H2 H3")
    rule("JL", "JL JV H2 H3")  # LB26
    rule("JV H2", "JV JT")
    rule("JT H3", "JT")
    rule("CL CP", "PO PR")  # LB25, in its Unicode 14 pairs
    rule("NU", "PO PR NU")
    rule("PO PR", "OP NU")
    rule("HY IS SY", "NU")
    rule("PR PO", "AL HL")  # LB24
    rule("AL HL", "PR PO")
    rule("PR", "ID EB EM")  # LB23a
    rule("ID EB EM", "PO")
    rule("AL HL", "NU")  # LB23
    rule("NU", "AL HL")
    rule(everything, "IN")  # LB22
    rule("SY", "HL")  # LB21b
    rule(everything, "BA HY NS")  # LB21
    rule("BB", everything)
    rule(everything, "QU")  # LB19
    rule("QU", everything)
    for key in glue_spaces:  # LB18: break after spaces
        glue_spaces[key] = False
    rule("B2", "B2", spaces=True)  # LB17
    rule("CL CP", "NS", spaces=True)  # LB16
    rule("QU", "OP", spaces=True)  # LB15
    rule("OP", everything, spaces=True)  # LB14
    rule(everything, "CL CP EX IS SY", spaces=True)  # LB13
    for b in _CLASSES:  # LB12a
        if b not in ("BA", "HY"):
            glue[b, "GL"] = True
    rule("GL", everything)  # LB12
    rule(everything, "WJ", spaces=True)  # LB11
    rule("WJ", everything)
    for c in _CLASSES:  # LB10: a zero width joiner on its own acts as a letter
        glue[c, "ZWJ"], glue_spaces[c, "ZWJ"] = glue[c, "AL"], glue_spaces[c, "AL"]
        glue["ZWJ", c], glue_spaces["ZWJ", c] = glue["AL", c], glue_spaces["AL", c]
    glue["ZWJ", "ZWJ"], glue_spaces["ZWJ", "ZWJ"] = glue["AL", "AL"], glue_spaces["AL", "AL"]
    rule("ZWJ", "ID EB EM")  # LB8a
    return {key: _PROHIBITED if glue_spaces[key] else _INDIRECT if glue[key] else _DIRECT for key in glue}


_PAIRS = _build_pair_table()


def break_opportunities(text: str) -> list[bool]:
    """For each position ``i``: may a line break before ``text[i]``?  (Never before the first.)

    Mandatory breaks (U+2028 and the like, which gettext writes unescaped) count as breaks.
    """
    allowed = [False] * len(text)
    previous = last = "BK"  # the class just before, and the last one that was not a space
    spaces = False
    regional = 0  # regional indicators just before this point
    for i, char in enumerate(text):
        cls = _class(char)
        if cls in ("BK", "CR", "LF"):
            allowed[i], previous, last, spaces = True, cls, "BK", False
            regional = 0
            continue
        if cls == "SP":
            spaces = True  # LB7: no break before a space
        elif cls == "ZW":
            last, spaces = "ZW", False
        elif cls in ("CM", "ZWJ"):
            # LB9/LB10: a mark joins what precedes it, unless that is a space or a line start.
            if last == "BK":
                last, spaces = "AL", False
            elif last == "ZW" or spaces:
                allowed[i], last, spaces = True, "AL", False
        else:
            if last == "BK":
                pass  # LB2: never at the start of the text
            elif last == "ZW":
                allowed[i] = True  # LB8
            elif previous == "ZWJ":
                pass  # LB8a
            elif last == "RI" and cls == "RI":
                allowed[i] = spaces or regional % 2 == 0  # LB30a
            elif previous == "HL_BA":
                pass  # LB21a: a Hebrew letter and its hyphen stay together
            else:
                action = _PAIRS[last, cls]
                allowed[i] = action == _DIRECT or (action == _INDIRECT and spaces)
            last, spaces = cls, False
        previous = "HL_BA" if previous == "HL" and cls in ("HY", "BA") else cls
        regional = regional + 1 if cls == "RI" else 0
    return allowed


_WIDE_BLOCKS = ((0x2E80, 0x303E), (0x3040, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF), (0xFE10, 0xFE1F),
                (0xFE30, 0xFE6F), (0x20000, 0x3FFFD))
"""Blocks whose unassigned code points count as wide, as in libunistring's width table."""


@lru_cache(maxsize=4096)
def columns(char: str) -> int:
    """Columns ``char`` takes in a terminal, as libunistring's ``uc_width`` counts them.

    Combining and format characters and conjoining Hangul vowels and finals take none, as do
    control characters (gettext ignores them); East Asian wide and full-width ones take two.
    """
    code = ord(char)
    category = unicodedata.category(char)
    if category == "Cn":  # unassigned: wide only in the blocks reserved for East Asian scripts
        return 2 if any(first <= code <= last for first, last in _WIDE_BLOCKS) else 1
    if ((category in ("Mn", "Me") and unicodedata.bidirectional(char) == "NSM")
            or category in ("Cf", "Cc") or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


# --- strings -------------------------------------------------------------------


def _portions(value: str) -> list[str]:
    """``value`` cut after each newline: gettext starts a new line after every ``\\n``."""
    parts, start = [], 0
    for i, char in enumerate(value):
        if char == "\n":
            parts.append(value[start:i + 1])
            start = i + 1
    if start < len(value) or not parts:
        parts.append(value[start:])
    return parts


def _escaped(portion: str, offset: int, kept: frozenset[int]) -> tuple[str, list[bool]]:
    """The portion as written in the file, and where a break is forbidden before each character.

    No break may fall inside an escape, inside a format directive (``kept``: offsets into the
    whole string), or just before the ``\\n`` that ends the portion.
    """
    text: list[str] = []
    forbidden: list[bool] = []
    for i, char in enumerate(portion):
        keep = offset + i in kept
        if char in _ESCAPES:
            text += ["\\", _ESCAPES[char]]
            forbidden += [keep, True]
        else:
            text.append(char)
            forbidden.append(keep)
    if portion.endswith("\n"):
        forbidden[-2] = True
    return "".join(text), forbidden


def _cuts(text: str, forbidden: list[bool], start: int, width: int) -> list[int]:
    """Where to break ``text`` so no line passes ``width`` columns (libunistring's greedy rule).

    ``start`` is the column the text starts at, relative to the continuation lines. A piece
    that is too long on its own stays whole: gettext never breaks where no break is allowed.
    """
    if start + sum(map(columns, text)) <= width:
        return []  # it fits: no need to look for break opportunities
    allowed = break_opportunities(text)
    cuts: list[int] = []
    last: int | None = None
    column, piece = start, 0
    for i, char in enumerate(text):
        if allowed[i] and not forbidden[i]:
            mandatory = _class(char) in ("BK", "CR", "LF")
            if last is not None and column + piece > width:
                cuts.append(last)
                column = 0
            if mandatory:
                last, column, piece = None, 0, 0
                continue
            last, column, piece = i, column + piece, 0
        piece += columns(char)
    if last is not None and column + piece > width:
        cuts.append(last)
    return cuts


def string_lines(keyword: str, value: str, prefix: str = "", directives: Spans = (),
                 wrap: bool = True, width: int = PAGE_WIDTH) -> list[str]:
    """The lines gettext writes for ``keyword "value"``, each starting with ``prefix``.

    ``prefix`` is ``""`` for live entries, ``"#| "`` for previous msgids and ``"#~ "`` for
    obsolete entries; ``directives`` are the format directives that must not be broken;
    ``wrap=False`` is the ``no-wrap`` flag (lines still end after each ``\\n``).
    """
    kept = frozenset(at for start, end in directives for at in range(start + 1, end + 1))
    after_break = len(prefix) + 1  # continuation lines start after the prefix and a quote
    limit = (width if wrap else 1 << 30) - 1 - after_break  # room for the closing quote
    lines: list[str] = []
    first = True
    offset = 0
    parts = _portions(value)
    for number, portion in enumerate(parts):
        text, forbidden = _escaped(portion, offset, kept)
        offset += len(portion)
        start = len(prefix) + len(keyword) + 2 - after_break if first else 0
        cuts = _cuts(text, forbidden, start, limit)
        if first and text and (number < len(parts) - 1 or start > limit or cuts):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            cuts = _cuts(text, forbidden, 0, limit)
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
        for piece in pieces:
            lines.append(f'{prefix}{keyword} "{piece}"' if first else f'{prefix}"{piece}"')
            first = False
    return lines


def reference_lines(references: Iterable[str], width: int = PAGE_WIDTH) -> list[str]:
    """``#:`` lines holding ``references`` (``file`` or ``file:line``), filled up to ``width``."""
    lines: list[str] = []
    line, column = "#:", 2
    for reference in references:
        while reference.startswith("./"):
            reference = reference[2:]
        if column > 2 and column + len(reference.encode("utf-8")) + 1 > width:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += len(reference.encode("utf-8")) + 1
    if column > 2:
        lines.append(line)
    return lines
