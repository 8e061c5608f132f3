"""The document model every writer renders from: passive, typed, located; no I/O."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
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


@dataclass(frozen=True)
class InlineImage:
    """A picture inside a sentence. It keeps its place in the text (and in the translator's
    message, as ``![alt](src)``); outputs show the sentence without it and the picture after it."""

    image: "Image"


Inline = Union[Text, Strong, Emphasis, Code, Link, LineBreak, InlineImage]
Inlines = tuple[Inline, ...]


def links(inlines: Inlines) -> Iterator["Link"]:
    """Every link in ``inlines``, at any depth."""
    for node in inlines:
        if isinstance(node, Link):
            yield node
        children = getattr(node, "children", ())
        if isinstance(children, tuple):
            yield from links(children)


def plain_text(inlines: Inlines) -> str:
    """The visible text of inline content, without markup (pictures in a sentence left out)."""
    parts: list[str] = []
    for node in without_images(inlines):
        if isinstance(node, (Text, Code)):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append("\n")
        else:
            parts.append(plain_text(node.children))
    return "".join(parts)


def inline_images(inlines: Inlines) -> list["Image"]:
    """The pictures inside a sentence, at any depth of its markup."""
    found: list[Image] = []
    for node in inlines:
        if isinstance(node, InlineImage):
            found.append(node.image)
        elif isinstance(node, (Strong, Emphasis, Link)):
            found.extend(inline_images(node.children))
    return found


def without_images(inlines: Inlines) -> Inlines:
    """The sentence as it is shown: pictures taken out, and the double space they leave closed."""
    if not any(isinstance(n, InlineImage) or isinstance(n, (Strong, Emphasis, Link)) for n in inlines):
        return inlines
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, InlineImage):
            continue
        if isinstance(node, (Strong, Emphasis, Link)):
            node = dataclasses.replace(node, children=without_images(node.children))
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            joined = out[-1].text.rstrip(" ") + " " + node.text.lstrip(" ") if (
                out[-1].text.endswith(" ") and node.text.startswith(" ")) else out[-1].text + node.text
            out[-1] = Text(joined)
        else:
            out.append(node)
    return tuple(out)


def map_inline_images(inlines: Inlines, change: Callable[["Image"], "Image"]) -> Inlines:
    """``inlines`` with every picture in them replaced by ``change(picture)``."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, InlineImage):
            node = InlineImage(change(node.image))
        elif isinstance(node, (Strong, Emphasis, Link)):
            node = dataclasses.replace(node, children=map_inline_images(node.children, change))
        out.append(node)
    return tuple(out)


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
    incremental: bool | None = None
    """On slides, items appear one click at a time (``::: incremental``); None: the default."""


@dataclass(frozen=True)
class OrderedList:
    """A numbered list starting at ``start``."""

    items: tuple[ListItem, ...]
    location: Location
    start: int = 1
    incremental: bool | None = None
    """On slides, items appear one click at a time (``::: incremental``); None: the default."""


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
    kind: str = ""
    """``png``, ``jpeg``, ``gif`` or ``svg`` once checked (other raster formats are embedded as PNG)."""
    width: float = 0.0
    """Natural width in CSS px (96 per inch): pixels, or an SVG's own size."""
    height: float = 0.0
    data: bytes = field(default=b"", repr=False)
    """The picture as shown when it differs from its file: an SVG with its labels translated."""
    share: float | None = None
    """Share (0-1] of the content area on a slide and of the text width in a document, from
    ``{width=60%}``; None lets the writer size it."""


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


@dataclass(frozen=True)
class Pause:
    """``. . .`` on a line of its own: on a slide, what follows appears on the next click."""

    location: Location


@dataclass(frozen=True)
class Exercise:
    """A timed activity (``::: {.exercise duration="20" title="…"}``): its own slide, a box in documents."""

    title: Inlines
    """Optional ``title="…"``, as inline Markdown; empty when the author gave none."""
    blocks: tuple["Block", ...]
    location: Location
    duration: int | None = None
    """Minutes."""
    materials: Inlines = ()
    """What participants need for it (``materials="A1 sheet, markers"``), on its sheet and in the session plan."""
    name: str = "exercise"
    """The div name as written (``exercise``, ``challenge``), for messages."""


@dataclass(frozen=True)
class Div:
    """A Pandoc fenced div: its kind (a row of ``views.DIV_KINDS``) decides which audiences see it."""

    kind: str
    blocks: tuple["Block", ...]
    location: Location
    name: str = ""
    """The name as written (``instructor``, ``callout``…), for messages."""
    attrs: tuple[tuple[str, str], ...] = ()
    """Its ``key="value"`` attributes (``lines="4"`` on ``::: fields``)."""


# --- view nodes: what views make of divs, so writers never ask what kind a div is --------


@dataclass(frozen=True)
class Notes:
    """Speaker notes in the slides view: the notes page of the slide they belong to."""

    blocks: tuple["Block", ...]
    location: Location


@dataclass(frozen=True)
class Aside:
    """Content set apart under a label in a document ("Speaker notes", "Solution")."""

    label: str
    """trainkit's own word for the label, in English; writers translate it (``OutputLanguage.gettext``)."""
    style: str
    """The div kind it came from, as a style hint (``notes``, ``solution``…)."""
    blocks: tuple["Block", ...]
    location: Location


@dataclass(frozen=True)
class Fields:
    """``::: fields``: labelled answer fields on exercise sheets and handouts (a label, then ruled lines)."""

    labels: tuple[Inlines, ...]
    lines: int
    """Ruled lines under each label."""
    location: Location


@dataclass(frozen=True)
class Columns:
    """``::: columns`` with ``::: column`` divs on slides: content side by side."""

    columns: tuple[tuple["Block", ...], ...]
    location: Location


Block = Union[
    Paragraph, Heading, BulletList, OrderedList, Table, Image, CodeBlock, Quote, SlideBreak, Pause, Exercise,
    Div, Notes, Aside, Columns, Fields,
]
BLOCK_TYPES: tuple[type, ...] = (
    Paragraph, Heading, BulletList, OrderedList, Table, Image, CodeBlock, Quote, SlideBreak, Pause, Exercise,
    Div, Notes, Aside, Columns, Fields,
)
"""Every block type; renderers are tested to handle each one their view can hold."""

# --- structure --------------------------------------------------------------


@dataclass(frozen=True)
class Slide:
    """One ``##`` heading and its content: a slide, a Heading 2 in documents."""

    title: Inlines
    blocks: tuple[Block, ...]
    location: Location
    layout: str = ""
    """Layout name asked for with ``{layout="…"}``; empty for the writer's choice."""
    prose: bool = False
    """Written as prose (``###`` subheadings or long paragraphs) rather than as a slide: the deck
    plan gives each subheading a slide and splits long text at paragraphs, never shrinking it."""


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
    prose: bool = False
    """The content before the first ``##`` is written as prose (see ``Slide.prose``)."""


@dataclass(frozen=True)
class Metadata:
    """The module's front matter, validated into typed fields; texts a reader sees are parsed inlines."""

    title: str
    """Plain text: it also names files, headers and document properties."""
    duration: int
    description: Inlines = ()
    version: str = ""
    level: str = ""
    audience: tuple[str, ...] = ()
    """Target groups, plain text (joined into one line by the output language's list format)."""
    objectives: tuple[Inlines, ...] = ()
    questions: tuple[Inlines, ...] = ()
    """Questions the module answers (the Carpentries Workbench's ``questions``), shown before the objectives."""
    prerequisites: tuple[str, ...] = ()
    materials: tuple[Inlines, ...] = ()
    preparation: tuple[Inlines, ...] = ()
    key_points: tuple[Inlines, ...] = ()
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    license: str = ""
    incremental: bool | None = None
    """Lists on this module's slides appear item by item; None: the project's default."""
    reading: tuple[Inlines, ...] = ()
    """Further reading: references closing the handout."""
    glossary: tuple[tuple[str, Inlines], ...] = ()
    """(term, definition) pairs: the handout's glossary."""
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    """Line of each field (``objectives``) and list item (``objectives.0``) in the module file."""


METADATA_TEXT_FIELDS: tuple[str, ...] = ("title",)
"""Translatable plain-text metadata."""
METADATA_INLINE_FIELDS: tuple[str, ...] = ("description",)
"""Translatable metadata holding inline Markdown."""
METADATA_LIST_FIELDS: tuple[str, ...] = ("audience", "tags", "authors")
"""Translatable lists of plain texts (tags and authors end up in the documents' properties)."""
METADATA_INLINE_LIST_FIELDS: tuple[str, ...] = ("objectives", "questions", "materials", "preparation", "key_points",
                                               "reading")
"""Translatable lists of inline Markdown; prerequisites and license are identifiers, not translated."""


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


# --- courses ----------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRow:
    """One line of a course day's programme."""

    start: dt.time
    end: dt.time
    kind: Literal["module", "break", "lunch"]
    minutes: int
    module: str = ""
    """Module id for module rows."""


@dataclass(frozen=True)
class Course:
    """A course in one language: its modules in teaching order and its timed programme."""

    id: str
    title: str
    description: str
    modules: tuple[Module, ...]
    """Each module once, in teaching order, localised into ``language``."""
    days: tuple[tuple[ProgrammeRow, ...], ...]
    language: str = ""

    @property
    def authors(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a for module in self.modules for a in module.metadata.authors))

    @property
    def duration(self) -> int:
        return sum(module.metadata.duration for module in self.modules)


# --- the walk: every container known once ------------------------------------------

Visit = Callable[[Block, tuple[object, ...]], "Block | tuple[Block, ...] | None"]
"""Called for each block with its ancestors (section, slide, then enclosing blocks and list items):
returns the block to keep (its children are visited next), blocks to put in its place (visited
in turn), or None to drop it."""


def _no_children(block) -> tuple[Block, ...]:
    return ()


def _item_blocks(block: BulletList | OrderedList) -> tuple[Block, ...]:
    return tuple(child for item in block.items for child in item.blocks)


_CHILDREN: dict[type, Callable] = {
    Paragraph: _no_children, Heading: _no_children, Table: _no_children, Image: _no_children,
    CodeBlock: _no_children, SlideBreak: _no_children, Pause: _no_children, Fields: _no_children,
    BulletList: _item_blocks, OrderedList: _item_blocks,
    Quote: lambda b: b.blocks, Exercise: lambda b: b.blocks, Div: lambda b: b.blocks,
    Notes: lambda b: b.blocks, Aside: lambda b: b.blocks,
    Columns: lambda b: tuple(child for column in b.columns for child in column),
}
"""Block type -> the blocks directly inside it. A new container is one entry here and in
``map_blocks``; every view, check, extraction and localisation then sees inside it."""


def children(block: Block) -> tuple[Block, ...]:
    """The blocks directly inside ``block`` (list items' blocks in order); () for leaves."""
    try:
        return _CHILDREN[type(block)](block)
    except KeyError:
        raise TypeError(f"unknown block type {type(block).__name__}") from None


def walk(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Block]:
    """Every block in ``blocks`` and inside them, at any depth, in reading order."""
    for block in blocks:
        yield block
        yield from walk(children(block))


def module_blocks(module: Module) -> Iterator[Block]:
    """Every block of a module, at any depth, in reading order."""
    for section in module.sections:
        yield from walk(section.blocks)
        for slide in section.slides:
            yield from walk(slide.blocks)


def map_blocks(blocks: tuple[Block, ...], visit: Visit, ancestors: tuple[object, ...] = ()) -> tuple[Block, ...]:
    """``blocks`` rebuilt through ``visit`` at every depth (see ``Visit``)."""
    out: list[Block] = []
    for block in blocks:
        result = visit(block, ancestors)
        if result is None:
            continue
        if isinstance(result, tuple):
            out.extend(map_blocks(result, visit, ancestors))
            continue
        out.append(_map_inside(result, visit, ancestors + (result,)))
    return tuple(out)


def _map_inside(block: Block, visit: Visit, ancestors: tuple[object, ...]) -> Block:
    if isinstance(block, (BulletList, OrderedList)):
        items = tuple(dataclasses.replace(item, blocks=map_blocks(item.blocks, visit, ancestors + (item,)))
                      for item in block.items)
        return dataclasses.replace(block, items=items)
    if isinstance(block, Columns):
        return dataclasses.replace(block, columns=tuple(map_blocks(c, visit, ancestors) for c in block.columns))
    if isinstance(block, (Quote, Exercise, Div, Notes, Aside)):
        return dataclasses.replace(block, blocks=map_blocks(block.blocks, visit, ancestors))
    children(block)  # raises for a type this walk does not know
    return block


def map_module(module: Module, visit: Visit) -> Module:
    """The module with every block of every section and slide rebuilt through ``visit``;
    ancestors start with the section (and the slide)."""
    sections = tuple(
        dataclasses.replace(
            section,
            blocks=map_blocks(section.blocks, visit, (section,)),
            slides=tuple(dataclasses.replace(slide, blocks=map_blocks(slide.blocks, visit, (section, slide)))
                         for slide in section.slides),
        )
        for section in module.sections
    )
    return dataclasses.replace(module, sections=sections)


def map_images(module: Module, change: Callable[[Image], Image]) -> Module:
    """The module with every image, at any depth and inside sentences, replaced by ``change(image)``."""

    def visit(block: Block, _) -> Block:
        if isinstance(block, Image):
            return change(block)
        if isinstance(block, (Paragraph, Heading)) and inline_images(block.inlines):
            return dataclasses.replace(block, inlines=map_inline_images(block.inlines, change))
        return block

    return map_module(module, visit)


def exercises(module: Module) -> list[Exercise]:
    """Every exercise of the module, at any depth, in teaching order."""
    return [block for block in module_blocks(module) if isinstance(block, Exercise)]


def leading_heading(blocks: tuple[Block, ...]) -> tuple[Inlines, tuple[Block, ...]]:
    """(the inlines of a heading that opens ``blocks``, the blocks after it); ((), blocks) when none
    does. A Workbench callout or challenge names itself with such a heading."""
    if blocks and isinstance(blocks[0], Heading):
        return blocks[0].inlines, tuple(blocks[1:])
    return (), tuple(blocks)


def split_at_breaks(blocks: tuple[Block, ...]) -> list[list[Block]]:
    """A slide's blocks in the parts its ``---`` breaks make: each part is a slide of its own."""
    parts: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, SlideBreak):
            parts.append([])
        else:
            parts[-1].append(block)
    return parts
