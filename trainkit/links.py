"""Which link targets may become hyperlinks in decks and documents.

A hyperlink in a .pptx or .docx is followed by PowerPoint, Word or LibreOffice when clicked, so
only web and mail addresses are written. ``javascript:``, ``vbscript:``, ``data:`` and ``file:``
addresses (and any other scheme, such as Office's ``ms-word:`` that opens remote documents) are
refused where they are read; a target without a scheme (``other.md``, ``../x``, ``/etc/x``) leads
nowhere on paper, so the outputs show its text without a link.
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


def link_problem(url: str) -> tuple[str, str, str] | None:
    """(severity, message, code) for a link target that cannot be a hyperlink; None when it can.

    A scheme other than the web ones is an error: it is a mistake or an attack, and the author
    must choose what readers get. A target without a scheme is a warning: its text stays.
    """
    found = scheme(url)
    if found in WEB_SCHEMES:
        return None
    if found:
        return ("error", f"link '{_short(url)}' uses a '{found}:' address, which trainkit never writes into "
                         "a deck or document; link to an http(s) or mailto address, or write it as text",
                "link.scheme")
    return ("warning", f"link '{_short(url)}' is not a web address: the outputs show its text without a link",
            "link.local")


def _short(url: str, limit: int = 60) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
