"""Does a translation keep the markup of its source? Links, images, code spans and emphasis.

A translator may move markup where the language needs it, but not lose or add it: a lost link
or code span, or a stray ``**`` shown as it is, is an error (the translation is not used); emphasis
dropped or added is a warning.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Literal

from trainkit import model as m

_IMAGE = re.compile(r"!\[[^\]]*\]\(")
_STRAY = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|`+")


@dataclass(frozen=True)
class MarkupProblem:
    message: str
    code: str
    severity: Literal["error", "warning"] = "error"


def _spans(inlines: m.Inlines, kind: type) -> list[m.Inline]:
    found: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, kind):
            found.append(node)
        if isinstance(node, (m.Strong, m.Emphasis, m.Link)):
            found.extend(_spans(node.children, kind))
    return found


def _texts(inlines: m.Inlines) -> m.Inlines:
    """Only the text spans: markers left over after parsing show up there."""
    out: list[m.Inline] = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(node)
        elif isinstance(node, (m.Strong, m.Emphasis, m.Link)):
            out.extend(_texts(node.children))
    return tuple(out)


def _emphasis(inlines: m.Inlines) -> str:
    counts = [len(_spans(inlines, m.Strong)), len(_spans(inlines, m.Emphasis))]
    return f"{counts[0]} bold, {counts[1]} italic"


def markup_problems(msgid: str, msgstr: str) -> list[MarkupProblem]:
    """Each way ``msgstr`` does not keep the markup of ``msgid``."""
    from trainkit.reader.markdown import parse_inline

    source, target = parse_inline(msgid), parse_inline(msgstr)
    problems: list[MarkupProblem] = []
    urls = Counter(node.url for node in _spans(source, m.Link))  # type: ignore[union-attr]
    found = Counter(node.url for node in _spans(target, m.Link))  # type: ignore[union-attr]
    if urls != found:
        lost, added = urls - found, found - urls
        detail = "; ".join(part for part in (
            f"missing {', '.join(sorted(lost))}" if lost else "",
            f"unexpected {', '.join(sorted(added))}" if added else "") if part)
        problems.append(MarkupProblem(f"translation does not keep the links of the source text ({detail})",
                                      "i18n.links"))
    pictures = Counter(image.src for image in m.inline_images(source))
    if len(_IMAGE.findall(msgstr)) != len(_IMAGE.findall(msgid)) or pictures != Counter(
            image.src for image in m.inline_images(target)):
        problems.append(MarkupProblem("translation does not keep the pictures of the source text "
                                      "(move ![…](…) where the sentence needs it, keep its file name)", "i18n.images"))
    codes = Counter(node.text for node in _spans(source, m.Code))  # type: ignore[union-attr]
    found_codes = Counter(node.text for node in _spans(target, m.Code))  # type: ignore[union-attr]
    if codes != found_codes:
        lost = sorted(f"`{c}`" for c in (codes - found_codes))
        detail = f" (missing {', '.join(lost)})" if lost else " (unexpected code span)"
        problems.append(MarkupProblem(f"translation does not keep the code spans of the source text{detail}",
                                      "i18n.code"))
    if len(_STRAY.findall(m.plain_text(_texts(target)))) > len(_STRAY.findall(m.plain_text(_texts(source)))):
        problems.append(MarkupProblem("translation has unbalanced emphasis or code markers (*, _ or `), "
                                      "which would be shown as they are", "i18n.emphasis"))
    elif _emphasis(source) != _emphasis(target):
        problems.append(MarkupProblem(f"translation does not keep the emphasis of the source text (source: "
                                      f"{_emphasis(source)}; translation: {_emphasis(target)})",
                                      "i18n.emphasis", "warning"))
    return problems
