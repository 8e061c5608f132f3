"""Which link targets may become hyperlinks in decks and documents.

A hyperlink in a .pptx or .docx is followed by PowerPoint, Word or LibreOffice when clicked, so
only web and mail addresses are written. ``javascript:``, ``vbscript:``, ``data:`` and ``file:``
addresses are refused where they are read: they run code, carry a whole page, or open local
files and shares. Any other scheme (``irc:``, Office's ``ms-word:`` that opens remote documents)
and a target without a scheme (``other.md``, ``../x``, ``/etc/x``) are not linked either: the
outputs show the link's text, and the author is told.
"""

from __future__ import annotations

import re

WEB_SCHEMES = ("http", "https", "mailto", "ftp")
"""Schemes written as hyperlinks."""

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


def scheme(url: str) -> str:
    """The scheme of ``url`` in lower case (``javascript`` for ``JavaScript:x``); empty for none.
    Leading spaces and control characters, which browsers and office programs skip, are skipped too."""
    match = _SCHEME.match(url.lstrip("\x00\t\n\f\r "))
    return match.group(1).lower() if match else ""


def is_web_address(url: str) -> bool:
    """Whether ``url`` may be written as a hyperlink: an http(s), mailto or ftp address."""
    return scheme(url) in WEB_SCHEMES


REFUSED_SCHEMES = ("javascript", "vbscript", "data", "file")
"""Schemes that are an error wherever they are read."""


def link_problem(url: str) -> tuple[str, str, str] | None:
    """(severity, message, code) for a link target that cannot be a hyperlink; None when it can.

    A refused scheme is an error: it is a mistake or an attack, and the author must choose what
    readers get. Another scheme, or none, is a warning: the link's text stays, without a link.
    """
    found = scheme(url)
    if found in WEB_SCHEMES or url.startswith("#"):
        return None  # '#id': an exercise step pointing at its checklist on the sheet (checks.check_references)
    if found in REFUSED_SCHEMES:
        return ("error", f"link '{_short(url)}' uses a '{found}:' address, which trainkit never writes into "
                         "a deck or document; link to an http(s) or mailto address, or write it as text",
                "link.scheme")
    if found:
        return ("warning", f"link '{_short(url)}' is not a web or mail address: the outputs show its text "
                           "without a link", "link.other")
    return ("warning", f"link '{_short(url)}' is not a web address: the outputs show its text without a link",
            "link.local")


def _short(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
