"""Read built decks and documents back into plain, typed outlines for review and preview.

This is the one place outside the writers that opens a built ``.pptx`` or ``.docx``. Nothing
from python-pptx or python-docx leaks out: callers get frozen dataclasses of strings and
numbers. Values a run inherits (font size, language) are resolved here, the way PowerPoint and
Word resolve them, so a check can measure what a reader will see rather than what was written.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError as DocxPackageNotFound
from docx.oxml.ns import qn as wqn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run as DocxRun
from lxml import etree
from pptx import Presentation
from pptx.exc import PackageNotFoundError as PptxPackageNotFound
from pptx.oxml.ns import qn as aqn

from trainkit.errors import TrainkitError

DEFAULT_SIZE_PT = 18.0
"""Size of a slide run that no level of the style hierarchy sizes (ECMA-376 default)."""

_TITLE_TYPES = frozenset({"title", "ctrTitle"})
_OTHER_TYPES = frozenset({"dt", "ftr", "sldNum", "hdr"})
_DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"


# --- shared -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """One run of text as a reader sees it."""

    text: str
    size: float | None
    """Font size in points, resolved through the style hierarchy; None in documents."""
    language: str | None
    """Language tag (``de-DE``), the run's own or inherited; None when nothing sets one."""


@dataclass(frozen=True)
class CoreProperties:
    """The document properties a reader or assistive technology sees."""

    title: str
    subject: str
    author: str
    language: str
    keywords: str


def _core(props: Any) -> CoreProperties:
    return CoreProperties(title=props.title or "", subject=props.subject or "",
                          author=props.author or "", language=props.language or "",
                          keywords=props.keywords or "")


# --- decks --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A shape's position and size on the slide, in EMU."""

    left: int
    top: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.left + self.width

    @property
    def bottom(self) -> int:
        return self.top + self.height


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text frame or table cell on a slide or notes page."""

    runs: tuple[Run, ...]
    level: int = 0
    """Outline level, 0 for top-level text."""

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class Cell:
    """One table cell."""

    paragraphs: tuple[Paragraph, ...]

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class TextShape:
    """A shape that holds text: a placeholder or a text box."""

    name: str
    placeholder: str | None
    """Placeholder type (``title``, ``body``, ``ftr``, ``sldNum``, ``obj``…); None for a text box."""
    box: Box | None
    """Position, inherited from the layout for placeholders; None when nothing places it."""
    paragraphs: tuple[Paragraph, ...]
    font_scale: float = 1.0
    """Shrink factor of PowerPoint's autofit (``normAutofit fontScale``); sizes are before it."""

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Picture:
    """A picture on a slide."""

    name: str
    alt: str
    """Alternative text (``descr``), as a screen reader reads it."""
    decorative: bool
    """Marked decorative in PowerPoint, so it needs no alternative text."""
    box: Box | None


@dataclass(frozen=True)
class Table:
    """A table on a slide."""

    name: str
    box: Box | None
    header_row: bool
    """The table's ``firstRow`` flag: its first row is a header row."""
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Slide:
    """One slide as a reader sees it."""

    number: int
    """1-based position in the deck."""
    layout: str
    title: str | None
    """Text of the title placeholder; None when the slide has no title placeholder."""
    texts: tuple[TextShape, ...]
    """Every text-holding shape, the title included, in drawing order."""
    pictures: tuple[Picture, ...]
    tables: tuple[Table, ...]
    notes: tuple[Paragraph, ...]
    """Paragraphs of the speaker notes; empty when the slide has none."""

    @property
    def notes_text(self) -> str:
        return "\n".join(p.text for p in self.notes).strip()


@dataclass(frozen=True)
class Deck:
    """Outline of a built slide deck."""

    path: Path
    width: int
    """Slide width in EMU."""
    height: int
    """Slide height in EMU."""
    slides: tuple[Slide, ...]
    language: str | None
    """Language of the presentation's default text style, if it sets one."""
    core: CoreProperties


def read_deck(path: Path) -> Deck:
    """Outline of the deck at ``path``; TrainkitError when it is not a readable pptx."""
    try:
        presentation = Presentation(str(path))
    except (PptxPackageNotFound, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError) as exc:
        raise TrainkitError(f"{path}: cannot read it as a slide deck ({exc}) [inspect.read]") from exc
    default_style = presentation.part._element.find(aqn("p:defaultTextStyle"))
    slides = tuple(_slide(number, slide, default_style)
                   for number, slide in enumerate(presentation.slides, start=1))
    return Deck(path=path, width=int(presentation.slide_width), height=int(presentation.slide_height),
                slides=slides, language=_style_attr([default_style], 0, "lang"),
                core=_core(presentation.core_properties))


def _slide(number: int, slide: Any, default_style: Any) -> Slide:
    texts: list[TextShape] = []
    pictures: list[Picture] = []
    tables: list[Table] = []
    master = slide.slide_layout.slide_master._element
    for shape, box in _walk_shapes(slide.shapes):
        element = shape._element
        if element.tag == aqn("p:pic"):
            pictures.append(_picture(element, box))
        elif element.tag == aqn("p:graphicFrame") and getattr(shape, "has_table", False) and shape.has_table:
            styles = [default_style]
            tables.append(Table(name=shape.name, box=box, header_row=bool(shape.table.first_row),
                                rows=tuple(tuple(Cell(_paragraphs(cell._tc.txBody, styles))
                                                 for cell in row.cells) for row in shape.table.rows)))
        elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            ph_type = _placeholder_type(shape)
            styles = [element.txBody.find(aqn("a:lstStyle")), *_inherited_styles(shape, ph_type, master),
                      default_style]
            texts.append(TextShape(name=shape.name, placeholder=ph_type, box=box,
                                   paragraphs=_paragraphs(element.txBody, styles),
                                   font_scale=_font_scale(element.txBody)))
    title_shape = slide.shapes.title
    title = title_shape.text_frame.text if title_shape is not None and title_shape.has_text_frame else None
    notes: tuple[Paragraph, ...] = ()
    if slide.has_notes_slide and slide.notes_slide.notes_text_frame is not None:
        notes = _paragraphs(slide.notes_slide.notes_text_frame._txBody, [default_style])
    return Slide(number=number, layout=slide.slide_layout.name, title=title, texts=tuple(texts),
                 pictures=tuple(pictures), tables=tuple(tables), notes=notes)


def _walk_shapes(shapes: Any, transform: tuple[float, float, float, float] = (0, 0, 1, 1)
                 ) -> Iterator[tuple[Any, Box | None]]:
    """Every leaf shape with its box on the slide, groups resolved (children use group coordinates)."""
    for shape in shapes:
        box = _box(shape, transform)
        if shape._element.tag == aqn("p:grpSp"):
            xfrm = shape._element.grpSpPr.find(aqn("a:xfrm"))
            yield from _walk_shapes(shape.shapes, _group_transform(xfrm, transform))
        else:
            yield shape, box


def _box(shape: Any, transform: tuple[float, float, float, float]) -> Box | None:
    # python-pptx resolves a placeholder's missing position from its layout and master.
    values = (shape.left, shape.top, shape.width, shape.height)
    if any(v is None for v in values):
        return None
    dx, dy, sx, sy = transform
    left, top, width, height = (int(v) for v in values)
    return Box(round(dx + left * sx), round(dy + top * sy), round(width * sx), round(height * sy))


def _group_transform(xfrm: Any, outer: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Map a group's child coordinates (chOff/chExt) onto the slide."""
    if xfrm is None:
        return outer
    off, ext = xfrm.find(aqn("a:off")), xfrm.find(aqn("a:ext"))
    ch_off, ch_ext = xfrm.find(aqn("a:chOff")), xfrm.find(aqn("a:chExt"))
    if off is None or ext is None or ch_off is None or ch_ext is None:
        return outer
    sx = int(ext.get("cx")) / int(ch_ext.get("cx")) if int(ch_ext.get("cx")) else 1.0
    sy = int(ext.get("cy")) / int(ch_ext.get("cy")) if int(ch_ext.get("cy")) else 1.0
    odx, ody, osx, osy = outer
    dx = int(off.get("x")) - int(ch_off.get("x")) * sx
    dy = int(off.get("y")) - int(ch_off.get("y")) * sy
    return (odx + dx * osx, ody + dy * osy, sx * osx, sy * osy)


def _picture(element: Any, box: Box | None) -> Picture:
    c_nv_pr = element.find(f"{aqn('p:nvPicPr')}/{aqn('p:cNvPr')}")
    decorative = any(node.get("val") in ("1", "true") for node in c_nv_pr.iter(_DECORATIVE))
    return Picture(name=c_nv_pr.get("name", ""), alt=c_nv_pr.get("descr", "") or "",
                   decorative=decorative, box=box)


def _placeholder_type(shape: Any) -> str | None:
    ph = shape._element.find(f".//{aqn('p:nvPr')}/{aqn('p:ph')}")
    if ph is None:
        return None
    return ph.get("type", "obj")


def _inherited_styles(shape: Any, ph_type: str | None, master: Any) -> list[Any]:
    """List styles a placeholder inherits, nearest first: layout, master placeholder, master style."""
    if ph_type is None:
        return []
    styles = []
    # The private _base_placeholder is python-pptx's own slide->layout->master lookup (by idx,
    # then by type); using it keeps our inheritance the same as the one that places the shape.
    base = getattr(shape, "_base_placeholder", None)
    while base is not None:
        body = base._element.find(aqn("p:txBody"))
        if body is not None:
            styles.append(body.find(aqn("a:lstStyle")))
        base = getattr(base, "_base_placeholder", None)
    kind = ("p:titleStyle" if ph_type in _TITLE_TYPES
            else "p:otherStyle" if ph_type in _OTHER_TYPES else "p:bodyStyle")
    styles.append(master.find(f"{aqn('p:txStyles')}/{aqn(kind)}"))
    return styles


def _style_attr(styles: list[Any], level: int, attr: str) -> str | None:
    """First ``defRPr`` attribute set for ``level`` along a chain of list styles."""
    for style in styles:
        if style is None:
            continue
        for tag in (f"a:lvl{level + 1}pPr", "a:defPPr"):
            node = style.find(f"{aqn(tag)}/{aqn('a:defRPr')}")
            if node is not None and node.get(attr):
                return node.get(attr)
    return None


def _paragraphs(tx_body: Any, styles: list[Any]) -> tuple[Paragraph, ...]:
    if tx_body is None:
        return ()
    paragraphs = []
    for p in tx_body.iterfind(aqn("a:p")):
        p_pr = p.find(aqn("a:pPr"))
        level = int(p_pr.get("lvl", "0")) if p_pr is not None else 0
        para_default = p_pr.find(aqn("a:defRPr")) if p_pr is not None else None
        runs = []
        for child in p:
            if child.tag not in (aqn("a:r"), aqn("a:fld")):
                continue
            r_pr = child.find(aqn("a:rPr"))
            runs.append(Run(text=child.findtext(aqn("a:t")) or "",
                            size=_run_size(r_pr, para_default, styles, level),
                            language=_run_attr(r_pr, para_default, styles, level, "lang")))
        paragraphs.append(Paragraph(runs=tuple(runs), level=level))
    return tuple(paragraphs)


def _run_attr(r_pr: Any, para_default: Any, styles: list[Any], level: int, attr: str) -> str | None:
    for node in (r_pr, para_default):
        if node is not None and node.get(attr):
            return node.get(attr)
    return _style_attr(styles, level, attr)


def _run_size(r_pr: Any, para_default: Any, styles: list[Any], level: int) -> float:
    size = _run_attr(r_pr, para_default, styles, level, "sz")
    return int(size) / 100 if size else DEFAULT_SIZE_PT


def _font_scale(tx_body: Any) -> float:
    autofit = tx_body.find(f"{aqn('a:bodyPr')}/{aqn('a:normAutofit')}")
    if autofit is None or not autofit.get("fontScale"):
        return 1.0
    return int(autofit.get("fontScale")) / 100000


# --- documents ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DocParagraph:
    """A paragraph of a built document, in reading order."""

    number: int
    """1-based position among the body's paragraphs (tables' paragraphs not counted)."""
    style: str
    """Style name as Word shows it (``Heading 2``, ``List Bullet``)."""
    heading: int | None
    """Outline level: 0 for Title, 1–9 for headings; None for body text."""
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class DocTable:
    """A table of a built document."""

    number: int
    """1-based position among the body's tables."""
    header_row: bool
    """The first row repeats as a header (``w:tblHeader``), so assistive technology reads it as one."""
    rows: tuple[tuple[tuple[DocParagraph, ...], ...], ...]
    """Cells as tuples of paragraphs (numbered within their cell)."""


@dataclass(frozen=True)
class DocPicture:
    """A picture (inline or floating) in a built document."""

    number: int
    """1-based position among the document's pictures."""
    name: str
    alt: str
    decorative: bool
    paragraph: int | None
    """Number of the body paragraph that holds it; None inside a table."""
    table: int | None
    """Number of the table that holds it; None in the body."""


@dataclass(frozen=True)
class PageSetup:
    """Page size and the margins that separate header and footer from the body, in EMU."""

    width: int
    height: int
    top_margin: int
    bottom_margin: int


@dataclass(frozen=True)
class Document:
    """Outline of a built document."""

    path: Path
    paragraphs: tuple[DocParagraph, ...]
    tables: tuple[DocTable, ...]
    pictures: tuple[DocPicture, ...]
    sections: tuple[PageSetup, ...]
    headers: tuple[str, ...]
    """Distinct texts of every section's headers."""
    footers: tuple[str, ...]
    language: str | None
    """The document default language (``w:docDefaults`` ``w:lang``); None when unset."""
    core: CoreProperties

    @property
    def headings(self) -> tuple[DocParagraph, ...]:
        return tuple(p for p in self.paragraphs if p.heading is not None)


def read_document(path: Path) -> Document:
    """Outline of the document at ``path``; TrainkitError when it is not a readable docx."""
    try:
        document = open_docx(str(path))
    except (DocxPackageNotFound, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise TrainkitError(f"{path}: cannot read it as a document ({exc}) [inspect.read]") from exc
    styles = _DocStyles(document.styles.element)
    paragraphs: list[DocParagraph] = []
    tables: list[DocTable] = []
    pictures: list[DocPicture] = []
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            paragraph = _doc_paragraph(len(paragraphs) + 1, block, styles)
            paragraphs.append(paragraph)
            pictures.extend(_doc_pictures(block._p, len(pictures), paragraph.number, None))
        elif isinstance(block, DocxTable):
            number = len(tables) + 1
            tables.append(_doc_table(number, block, styles))
            pictures.extend(_doc_pictures(block._tbl, len(pictures), None, number))
    headers, footers = _header_footer_texts(document)
    sections = tuple(PageSetup(width=int(s.page_width or 0), height=int(s.page_height or 0),
                               top_margin=int(s.top_margin or 0), bottom_margin=int(s.bottom_margin or 0))
                     for s in document.sections)
    return Document(path=path, paragraphs=tuple(paragraphs), tables=tuple(tables), pictures=tuple(pictures),
                    sections=sections, headers=headers, footers=footers, language=styles.default_language,
                    core=_core(document.core_properties))


class _DocStyles:
    """Language lookup through Word's style hierarchy: run, character style, paragraph style, defaults."""

    def __init__(self, element: Any) -> None:
        self._by_id = {s.get(wqn("w:styleId")): s for s in element.iterfind(wqn("w:style"))}
        self._default_paragraph = next(
            (s.get(wqn("w:styleId")) for s in element.iterfind(wqn("w:style"))
             if s.get(wqn("w:type")) == "paragraph" and s.get(wqn("w:default")) in ("1", "true")), None)
        lang = element.find(f"{wqn('w:docDefaults')}/{wqn('w:rPrDefault')}/{wqn('w:rPr')}/{wqn('w:lang')}")
        self.default_language: str | None = lang.get(wqn("w:val")) if lang is not None else None

    def language(self, r: Any, p_style: str | None) -> str | None:
        own = _lang_of(r.find(wqn("w:rPr")))
        if own:
            return own
        r_style = r.find(f"{wqn('w:rPr')}/{wqn('w:rStyle')}")
        for style_id in (r_style.get(wqn("w:val")) if r_style is not None else None,
                         p_style or self._default_paragraph):
            found = self._style_language(style_id)
            if found:
                return found
        return self.default_language

    def _style_language(self, style_id: str | None) -> str | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return None
            found = _lang_of(style.find(wqn("w:rPr")))
            if found:
                return found
            based = style.find(wqn("w:basedOn"))
            style_id = based.get(wqn("w:val")) if based is not None else None
        return None

    def outline_level(self, style_id: str | None) -> int | None:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id.get(style_id)
            if style is None:
                return None
            level = style.find(f"{wqn('w:pPr')}/{wqn('w:outlineLvl')}")
            if level is not None:
                return int(level.get(wqn("w:val")))
            based = style.find(wqn("w:basedOn"))
            style_id = based.get(wqn("w:val")) if based is not None else None
        return None


def _lang_of(r_pr: Any) -> str | None:
    if r_pr is None:
        return None
    lang = r_pr.find(wqn("w:lang"))
    return lang.get(wqn("w:val")) if lang is not None and lang.get(wqn("w:val")) else None


_HEADING_NAME = re.compile(r"(?i)heading (\d)")


def _doc_paragraph(number: int, paragraph: DocxParagraph, styles: _DocStyles) -> DocParagraph:
    p_style = paragraph._p.style
    runs = tuple(Run(text=DocxRun(r, paragraph).text, size=None, language=styles.language(r, p_style))
                 for r in _run_elements(paragraph._p))
    style_name = paragraph.style.name if paragraph.style is not None else ""
    return DocParagraph(number=number, style=style_name, heading=_heading_level(paragraph, style_name, styles),
                        runs=runs)


def _heading_level(paragraph: DocxParagraph, style_name: str, styles: _DocStyles) -> int | None:
    if style_name == "Title":
        return 0
    named = _HEADING_NAME.fullmatch(style_name)
    if named:
        return int(named.group(1))
    own = paragraph._p.find(f"{wqn('w:pPr')}/{wqn('w:outlineLvl')}")
    level = int(own.get(wqn("w:val"))) if own is not None else styles.outline_level(paragraph._p.style)
    # Level 9 is Word's "body text" outline level.
    return level + 1 if level is not None and level < 9 else None


def _run_elements(p: Any) -> list[Any]:
    """Runs of a paragraph in reading order, inside hyperlinks and tracked insertions too.

    Runs of a text box anchored in the paragraph belong to the text box's own paragraphs.
    """
    return [r for r in p.iter(wqn("w:r")) if next(r.iterancestors(wqn("w:p")), None) is p]


def _doc_table(number: int, table: DocxTable, styles: _DocStyles) -> DocTable:
    rows = []
    for tr in table._tbl.tr_lst:
        cells = []
        for tc in tr.tc_lst:
            cells.append(tuple(_doc_paragraph(i, DocxParagraph(p, table), styles)
                               for i, p in enumerate(tc.iterfind(wqn("w:p")), start=1)))
        rows.append(tuple(cells))
    first = table._tbl.tr_lst[0] if table._tbl.tr_lst else None
    return DocTable(number=number, header_row=first is not None and _is_header_row(first), rows=tuple(rows))


def _is_header_row(tr: Any) -> bool:
    flag = tr.find(f"{wqn('w:trPr')}/{wqn('w:tblHeader')}")
    return flag is not None and flag.get(wqn("w:val"), "true") not in ("0", "false", "off")


_WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def _doc_pictures(element: Any, before: int, paragraph: int | None, table: int | None) -> list[DocPicture]:
    found = []
    for doc_pr in element.iter(_WP_DOCPR):
        decorative = any(node.get("val") in ("1", "true") for node in doc_pr.iter(_DECORATIVE))
        found.append(DocPicture(number=before + len(found) + 1, name=doc_pr.get("name", ""),
                                alt=doc_pr.get("descr", "") or "", decorative=decorative,
                                paragraph=paragraph, table=table))
    return found


def _header_footer_texts(document: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    headers: dict[str, None] = {}
    footers: dict[str, None] = {}
    for section in document.sections:
        for kind, into in (("header", headers), ("first_page_header", headers), ("even_page_header", headers),
                           ("footer", footers), ("first_page_footer", footers), ("even_page_footer", footers)):
            part = getattr(section, kind)
            if part.is_linked_to_previous:
                continue
            text = "\n".join(p.text for p in part.paragraphs).strip()
            if text:
                into[text] = None
    return tuple(headers), tuple(footers)


def read_outline(path: Path) -> Deck | Document:
    """Outline of a built deck (``.pptx``) or document (``.docx``), by its suffix."""
    suffix = path.suffix.lower()
    if suffix == ".pptx":
        return read_deck(path)
    if suffix == ".docx":
        return read_document(path)
    raise TrainkitError(f"{path}: not a deck or document (expected .pptx or .docx) [inspect.kind]")
