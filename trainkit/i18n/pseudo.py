"""Pseudo-translations: accented and about a third longer, so hard-coded text and overflow stand out."""

from __future__ import annotations

import math
import re

_ACCENTS = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "åƀçđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
_PADDING = "ĺöŕéɱ îþšûɱ đöĺöŕ šîţ åɱéţ çöñšéçţéţûŕ åđîþîšçîñĝ éĺîţ "
START, END = "⟦", "⟧"

# Markup, link targets, code, URLs and {placeholders} stay as they are.
_KEEP = re.compile(
    r"`+[^`]*`+"                 # code spans
    r"|\]\([^)]*\)"              # link targets
    r"|<[a-z][a-z0-9+.-]*:[^>]*>"  # autolinks
    r"|[a-z][a-z0-9+.-]*://\S+"  # bare URLs
    r"|\{[A-Za-z_][A-Za-z0-9_]*\}"  # placeholders
    r"|\\.",                     # backslash escapes
    re.I | re.S,
)


def _accent(text: str) -> str:
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append(text[last:match.start()].translate(_ACCENTS))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_ACCENTS))
    return "".join(out)


def visible_length(text: str) -> int:
    """Length of the text a reader sees (markup characters and link targets left out)."""
    text = re.sub(r"\]\([^)]*\)", "]", text)
    return len(re.sub(r"[*_`\[\]\\]", "", text))


def pseudo_translate(msgid: str) -> str:
    """``Map the actors`` -> ``⟦Ṁåþ ţĥé åçţöŕš ĺöŕé⟧``: 30–40 % longer, markup and code untouched."""
    if not msgid:
        return msgid
    length = visible_length(msgid)
    # Aim at 35 % longer, brackets included; short texts at least get their brackets.
    extra = max(0, math.ceil(length * 0.35) - len(START) - len(END) - 1)
    padding = (_PADDING * (extra // len(_PADDING) + 1))[:extra].rstrip()
    body = _accent(msgid)
    trail = ""
    if body.endswith("\n"):  # gettext requires msgid and msgstr to agree on a final newline
        body, trail = body[:-1], "\n"
    return f"{START}{body}{' ' + padding if padding else ''}{END}{trail}"


def is_pseudo(msgid: str, msgstr: str) -> bool:
    return msgstr == pseudo_translate(msgid)
