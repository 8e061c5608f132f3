"""The document model every writer renders from: passive, typed, located; no I/O."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Callable, Literal, Union

from trainkit.errors import Location

# --- inline spans -----------------------------------------------------------


@dataclass(frozen=True)
class Text:
    """Plain text."""

    text: str


@dataclass(frozen=True)
class Strong:
    """**Bold** text."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Emphasis:
    """*Italic* text."""

    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Code:
    """`Inline code`: never translated, shown in a monospace font."""

    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink around inline content."""

    url: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class LineBreak:
    """A hard line break inside a block."""


Inline = Union[Text, Strong, Emphasis, Code, Link, LineBreak]
Inlines = tuple[Inline, ...]


def plain_text(inlines: Inlines) -> str:
    """The visible text of inline content, without markup."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


# --- blocks -----------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline content."""

    inlines: Inlines
    location: Location


@dataclass(frozen=True)
class Heading:
    """A heading of level 3 or deeper inside a slide (levels 1 and 2 structure the module)."""

    level: int
    inlines: Inlines
    location: Location


@dataclass(frozen=True)
class ListItem:
    """One list item: its blocks are paragraphs and nested lists."""

    blocks: tuple["Block", ...]
    location: Location


@dataclass(frozen=True)
class BulletList:
    """An unordered list."""

    items: tuple[ListItem, ...]
    location: Location


@dataclass(frozen=True)
class OrderedList:
    """A numbered list starting at ``start``."""

    items: tuple[ListItem, ...]
    location: Location
    start: int = 1


Alignment = Literal["left", "center", "right", None]


@dataclass(frozen=True)
class TableCell:
    """One table cell."""

    inlines: Inlines
    location: Location


@dataclass(frozen=True)
class Table:
    """A GFM table: one header row, body rows and per-column alignment."""

    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    align: tuple[Alignment, ...]
    location: Location


@dataclass(frozen=True)
class Image:
    """An image standing alone in its paragraph."""

    src: str
    """Path as written in the module, relative to the module file."""
    alt: str
    caption: str
    location: Location
    resolved: str = ""
    """Absolute path of the image file, set by the reader when it exists."""
    variants: tuple[tuple[str, str], ...] = ()
    """(language, absolute path) of language versions beside it: ``map.de.png`` for ``map.png``."""


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block: never translated."""

    text: str
    language: str
    location: Location


@dataclass(frozen=True)
class Quote:
    """A block quote, with an optional attribution (a last line starting with an em dash)."""

    blocks: tuple["Block", ...]
    attribution: Inlines
    location: Location


@dataclass(frozen=True)
class SlideBreak:
    """``---``: the slide continues on a new slide with the same title."""

    location: Location


DivKind = Literal["notes", "facilitator", "handout", "slides", "exercise", "solution", "other"]
DIV_KINDS: tuple[str, ...] = ("notes", "facilitator", "handout", "slides", "exercise", "solution")
DIV_ALIASES: dict[str, str] = {"instructor": "facilitator", "challenge": "exercise"}
"""Carpentries Workbench div names and what trainkit reads them as."""


@dataclass(frozen=True)
class Div:
    """A Pandoc fenced div: its kind decides which audiences see it."""

    kind: DivKind
    blocks: tuple["Block", ...]
    location: Location
    name: str = ""
    """The name as written (``instructor``, ``callout``…), for messages."""
    duration: int | None = None
    """Minutes, for exercises."""
    title: str = ""
    """Optional ``title="…"`` attribute, for exercises."""


Block = Union[
    Paragraph, Heading, BulletList, OrderedList, Table, Image, CodeBlock, Quote, SlideBreak, Div
]

# --- structure --------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    """One ``##`` heading and its content: a slide, a Heading 2 in documents."""

    title: Inlines
    blocks: tuple[Block, ...]
    location: Location
    layout: str = ""
    """Layout name asked for with ``{layout="…"}``; empty for the writer's choice."""


@dataclass(frozen=True)
class Section:
    """One ``#`` heading: a section-header slide, a Heading 1 in documents."""

    title: Inlines
    """Empty for content that comes before the first ``#``."""
    blocks: tuple[Block, ...]
    """Content between the ``#`` heading and its first slide."""
    slides: tuple[Slide, ...]
    location: Location
    duration: int | None = None
    """Minutes, from ``{duration=N}``."""


@dataclass(frozen=True)
class Metadata:
    """The module's front matter, validated into typed fields."""

    title: str
    duration: int
    description: str = ""
    version: str = ""
    level: str = ""
    audience: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    materials: tuple[str, ...] = ()
    preparation: tuple[str, ...] = ()
    key_points: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    license: str = ""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    """Line of each field in the module file, for messages and PO references."""


METADATA_TEXT_FIELDS: tuple[str, ...] = ("title", "description")
METADATA_LIST_FIELDS: tuple[str, ...] = (
    "audience", "objectives", "materials", "preparation", "key_points",
)
"""Translatable metadata; tags, authors, prerequisites and license are identifiers."""


@dataclass(frozen=True)
class Module:
    """One training module, read once and rendered by every writer."""

    id: str
    path: str
    """Project-relative path of the Markdown file."""
    metadata: Metadata
    sections: tuple[Section, ...]
    language: str = ""
    """Language of the text: the source language, or the one it was localised into."""

    def slides(self) -> list[Slide]:
        return [slide for section in self.sections for slide in section.slides]


def split_at_breaks(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """A slide's blocks in the parts its ``---`` breaks make: each part is a slide of its own."""
    parts: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, SlideBreak):
            parts.append([])
        else:
            parts[-1].append(block)
    return parts


def map_images(module: Module, change: Callable[[Image], Image]) -> Module:
    """The module with every image, at any depth, replaced by ``change(image)``."""

    def blocks(items: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in items:
            if isinstance(block, Image):
                block = change(block)
            elif isinstance(block, (Div, Quote)):
                block = dataclasses.replace(block, blocks=blocks(block.blocks))
            elif isinstance(block, (BulletList, OrderedList)):
                block = dataclasses.replace(
                    block, items=tuple(dataclasses.replace(i, blocks=blocks(i.blocks)) for i in block.items))
            out.append(block)
        return tuple(out)

    sections = tuple(
        dataclasses.replace(section, blocks=blocks(section.blocks),
                            slides=tuple(dataclasses.replace(s, blocks=blocks(s.blocks)) for s in section.slides))
        for section in module.sections
    )
    return dataclasses.replace(module, sections=sections)
