"""Model -> messages: every translatable text of a module, with its location and a note for translators.

One walker (``map_module``) serves extraction and localisation alike, so the messages a catalog
holds are exactly the ones the build looks up.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Protocol

from trainkit import model as m
from trainkit.errors import Location


@dataclass(frozen=True)
class Message:
    """One occurrence of a translatable text."""

    msgid: str
    location: Location
    comment: str
    """Where the text appears, for the translator (``#.`` in the PO file)."""


class TextMapper(Protocol):
    def __call__(self, msgid: str, location: Location, comment: str) -> str:
        """The text to use for ``msgid``: a translation, or ``msgid`` itself."""


# --- inline Markdown --------------------------------------------------------

_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ALWAYS_ESCAPED = set("\\`*[]<")


def _escape(text: str) -> str:
    """Escape what inline Markdown would read as markup; keep the rest readable for translators."""
    out = []
    for i, char in enumerate(text):
        if char in _ALWAYS_ESCAPED:
            out.append("\\" + char)
        elif char == "_":
            # An underscore inside a word (snake_case) is never emphasis in CommonMark.
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            out.append(char if inside else "\\_")
        elif char == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        else:
            out.append(char)
    return "".join(out)


def _code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _url(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def serialise_inlines(inlines: m.Inlines) -> str:
    """Inline spans as inline Markdown; ``reader.markdown.parse_inline`` reads it back to the same spans."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, m.Text):
            parts.append(_escape(node.text))
        elif isinstance(node, m.Code):
            parts.append(_code(node.text))
        elif isinstance(node, m.LineBreak):
            parts.append("\\\n")
        elif isinstance(node, m.Strong):
            parts.append(f"**{serialise_inlines(node.children)}**")
        elif isinstance(node, m.Emphasis):
            parts.append(f"*{serialise_inlines(node.children)}*")
        elif isinstance(node, m.Link):
            parts.append(f"[{serialise_inlines(node.children)}]({_url(node.url)})")
    return "".join(parts)


_NOT_WORDS = re.compile(r"^[\W\d_]*$")


def translatable_inlines(inlines: m.Inlines) -> bool:
    """False for content with nothing to translate: code, bare URLs, numbers, punctuation."""
    for node in inlines:
        if isinstance(node, m.Text) and not _NOT_WORDS.match(node.text):
            return True
        if isinstance(node, (m.Strong, m.Emphasis)) and translatable_inlines(node.children):
            return True
        if isinstance(node, m.Link):
            text = m.plain_text(node.children)
            if text.strip() not in (node.url, node.url.removeprefix("mailto:")) and translatable_inlines(node.children):
                return True
    return False


def translatable_text(text: str) -> bool:
    return not _NOT_WORDS.match(text) and not re.match(r"^[a-z][a-z0-9+.-]*://\S*$", text.strip(), re.I)


# --- the walker -------------------------------------------------------------

_DIV_PLACES = {
    "notes": "Speaker note",
    "facilitator": "Facilitator guide note",
    "handout": "Handout text",
    "slides": "Slide-only text",
    "exercise": "Exercise",
    "solution": "Exercise solution (facilitator guide only)",
    "other": "Text",
}

_METADATA_PLACES = {
    "title": "Module title (title slide, document titles)",
    "description": "Module description (under the title)",
    "audience": "Audience (target group of the module)",
    "objectives": "Learning objective",
    "materials": "Material needed",
    "preparation": "Preparation step for the facilitator",
    "key_points": "Key point",
}


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Place:
    """Where the walker is: for translator comments."""

    what: str
    """``Paragraph``, ``Speaker note``…: the kind of text at this point."""
    where: str
    """`` on slide “Title”`` or `` in section “Title”``."""
    depth: int = 0
    """Nesting depth of lists."""


class _Walker:
    def __init__(self, mapper: TextMapper) -> None:
        self.mapper = mapper

    def text(self, text: str, location: Location, comment: str) -> str:
        if not text or not translatable_text(text):
            return text
        return self.mapper(text, location, comment)

    def inlines(self, inlines: m.Inlines, location: Location, comment: str) -> m.Inlines:
        if not inlines or not translatable_inlines(inlines):
            return inlines
        msgid = serialise_inlines(inlines)
        result = self.mapper(msgid, location, comment)
        if result == msgid:
            return inlines
        from trainkit.reader.markdown import parse_inline

        return parse_inline(result)

    def blocks(self, blocks: tuple[m.Block, ...], place: _Place) -> tuple[m.Block, ...]:
        return tuple(self.block(block, place) for block in blocks)

    def block(self, block: m.Block, place: _Place) -> m.Block:
        what, where = place.what, place.where
        if isinstance(block, m.Paragraph):
            label = "Paragraph" if what == "Text" else what
            return dataclasses.replace(block, inlines=self.inlines(block.inlines, block.location, label + where))
        if isinstance(block, m.Heading):
            label = "Subheading" if what == "Text" else f"{what}: subheading"
            return dataclasses.replace(block, inlines=self.inlines(block.inlines, block.location, label + where))
        if isinstance(block, (m.BulletList, m.OrderedList)):
            kind = "bullet" if isinstance(block, m.BulletList) else "numbered step"
            if place.depth:
                kind += f" (level {place.depth + 1})"
            label = kind.capitalize() if what == "Text" else f"{what}: {kind}"
            inner = _Place(what, where, place.depth + 1)
            items = tuple(dataclasses.replace(item, blocks=self.list_item(item, label, inner)) for item in block.items)
            return dataclasses.replace(block, items=items)
        if isinstance(block, m.Table):
            label = "Table" if what == "Text" else f"{what}: table"
            header = tuple(self.cell(c, f"{label} header cell{where}") for c in block.header)
            rows = tuple(tuple(self.cell(c, f"{label} cell{where}") for c in row) for row in block.rows)
            return dataclasses.replace(block, header=header, rows=rows)
        if isinstance(block, m.Image):
            label = "Image" if what == "Text" else f"{what}: image"
            return dataclasses.replace(
                block,
                alt=self.text(block.alt, block.location, f"{label} alt text (read aloud by screen readers){where}"),
                caption=self.text(block.caption, block.location, f"{label} caption{where}"),
            )
        if isinstance(block, m.Quote):
            label = "Quotation" if what == "Text" else f"{what}: quotation"
            return dataclasses.replace(
                block,
                blocks=self.blocks(block.blocks, _Place(label, where)),
                attribution=self.inlines(block.attribution, block.location, f"{label}: attribution{where}"),
            )
        if isinstance(block, m.Div):
            label = _DIV_PLACES[block.kind]
            title = block.title
            if block.kind == "exercise" and title:
                title = self.text(title, block.location, f"Exercise title{where}")
            inner_where = f" in exercise “{_short(block.title)}”{where}" if block.kind == "exercise" and block.title \
                else where
            return dataclasses.replace(block, title=title, blocks=self.blocks(block.blocks, _Place(label, inner_where)))
        return block  # code blocks and slide breaks have no text to translate

    def list_item(self, item: m.ListItem, label: str, place: _Place) -> tuple[m.Block, ...]:
        # The item's own paragraphs carry its text; nested lists become messages of their own.
        return tuple(
            dataclasses.replace(b, inlines=self.inlines(b.inlines, b.location, label + place.where))
            if isinstance(b, m.Paragraph) else self.block(b, place)
            for b in item.blocks
        )

    def cell(self, cell: m.TableCell, comment: str) -> m.TableCell:
        return dataclasses.replace(cell, inlines=self.inlines(cell.inlines, cell.location, comment))

    def metadata(self, module: m.Module) -> m.Metadata:
        meta = module.metadata
        changes: dict[str, object] = {}
        for name in m.METADATA_TEXT_FIELDS:
            location = Location(module.path, meta.lines.get(name, 1))
            changes[name] = self.text(getattr(meta, name), location, _METADATA_PLACES[name])
        for name in m.METADATA_LIST_FIELDS:
            location = Location(module.path, meta.lines.get(name, 1))
            changes[name] = tuple(self.text(v, location, _METADATA_PLACES[name]) for v in getattr(meta, name))
        return dataclasses.replace(meta, **changes)

    def module(self, module: m.Module) -> m.Module:
        metadata = self.metadata(module)
        sections = []
        for section in module.sections:
            title = _short(m.plain_text(section.title))
            section_where = f" in section “{title}”" if title else ""
            new_title = self.inlines(section.title, section.location,
                                     "Section title (section header slide, heading in documents)")
            blocks = self.blocks(section.blocks, _Place("Text", f" (section introduction){section_where}"))
            slides = []
            for slide in section.slides:
                slide_where = f" on slide “{_short(m.plain_text(slide.title))}”"
                slide_title = self.inlines(slide.title, slide.location, f"Slide title{section_where}")
                slides.append(dataclasses.replace(slide, title=slide_title,
                                                  blocks=self.blocks(slide.blocks, _Place("Text", slide_where))))
            sections.append(dataclasses.replace(section, title=new_title, blocks=blocks, slides=tuple(slides)))
        return dataclasses.replace(module, metadata=metadata, sections=tuple(sections))


def map_module(module: m.Module, mapper: TextMapper) -> m.Module:
    """The module with every translatable text passed through ``mapper`` (inline Markdown is parsed back)."""
    return _Walker(mapper).module(module)


def extract_messages(module: m.Module) -> list[Message]:
    """Every translatable text of ``module`` in reading order (duplicates kept, one per occurrence)."""
    found: list[Message] = []

    def record(msgid: str, location: Location, comment: str) -> str:
        found.append(Message(msgid, location, comment))
        return msgid

    map_module(module, record)
    return found


