"""Word document furniture: styles trainkit adds, header and footer with page fields, the table
of contents field, language, core properties and the final clean-up that keeps bytes stable."""

from __future__ import annotations

import io
import re

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from trainkit.writers import RenderContext
from trainkit.writers.images import Embeddable
from trainkit.writers.svgblip import add_svg_run_picture

TEXT_WIDTH_FALLBACK = Cm(16.6)


def text_width(document) -> int:
    """Width between the margins of the first section, in EMU."""
    section = document.sections[0]
    try:
        return int(section.page_width - section.left_margin - section.right_margin)
    except TypeError:  # a template without page size or margins
        return int(TEXT_WIDTH_FALLBACK)


def text_height(document) -> int:
    section = document.sections[0]
    try:
        return int(section.page_height - section.top_margin - section.bottom_margin)
    except TypeError:
        return int(Cm(25.7))


class StyleIndex:
    """The styles of one Word document by name, read once.

    python-docx finds a style by scanning every style of the document, and scans them all
    again for the default of its type each time a style is assigned; a guide assigns styles
    to thousands of paragraphs. The index answers from dictionaries and assigns style ids
    exactly as python-docx would (no ``w:pStyle`` for the default style of a type), so the
    XML is the same. Styles are added through the index (``add_paragraph_style``).
    """

    def __init__(self, document) -> None:
        self.styles = document.styles
        self.names: set[str] = set()
        """Every style name the document defines, as python-docx shows them ("Heading 1")."""
        self._by_id: dict[str, object] = {}
        for style in self.styles:
            self._known(style)
        self._by_name: dict[str, object] = {}
        self._defaults: dict[object, object] = {}

    def _known(self, style) -> None:
        self.names.add(style.name)
        self._by_id.setdefault(style.style_id, style)  # the first of an id wins, as in python-docx

    def add_paragraph_style(self, name: str):
        """A new paragraph style (python-docx's ``add_style``), known to the index."""
        style = self.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        self._known(style)
        return style

    def pick(self, *names: str) -> str | None:
        """The first of ``names`` the template defines, else None (the writer then uses Normal)."""
        return next((n for n in names if n in self.names), None)

    def style(self, *names: str):
        """The first of ``names`` the template defines, as a python-docx style, else None."""
        name = self.pick(*names)
        if name is None:
            return None
        if name not in self._by_name:
            self._by_name[name] = self.styles[name]  # python-docx's own lookup, once per name
        return self._by_name[name]

    def default(self, style_type):
        """The default style of a type (python-docx's rule: the last one marked default), or None."""
        if style_type not in self._defaults:
            self._defaults[style_type] = self.styles.default(style_type)
        return self._defaults[style_type]

    def style_id(self, style, style_type) -> str | None:
        """What python-docx writes for ``style``: its id, None for the default of its type."""
        if style.type != style_type:
            raise ValueError(f"assigned style is type {style.type}, need type {style_type}")
        return None if style == self.default(style_type) else style.style_id

    def set_paragraph(self, paragraph, style) -> None:
        """``paragraph.style = style`` without python-docx's scan for the default style."""
        paragraph._p.style = self.style_id(style, WD_STYLE_TYPE.PARAGRAPH)

    def set_run(self, run, style) -> None:
        """``run.style = style`` without the scan."""
        run._r.style = self.style_id(style, WD_STYLE_TYPE.CHARACTER)

    def set_table(self, table, style) -> None:
        """``table.style = style`` without the scan."""
        table._tbl.tblStyle_val = self.style_id(style, WD_STYLE_TYPE.TABLE)

    def paragraph_style_name(self, paragraph) -> str | None:
        """``paragraph.style.name`` without the lookups: the named style when it is a paragraph
        style, else the default paragraph style, as python-docx resolves it."""
        style = self._by_id.get(paragraph._p.style) if paragraph._p.style else None
        if style is None or style.type != WD_STYLE_TYPE.PARAGRAPH:
            style = self.default(WD_STYLE_TYPE.PARAGRAPH)
        return style.name if style is not None else None


def ensure_styles(styles: StyleIndex) -> None:
    """Add trainkit's own paragraph styles when the template lacks them.

    ``Label`` marks what a block is (speaker notes, solution…); ``TOC 1`` and ``TOC 2`` are the
    contents' lines. Colours refer to the theme, so a region's template restyles them.
    """
    known = set(styles.names)
    if "Label" not in known:
        style = styles.add_paragraph_style("Label")
        style.base_style = styles.styles["Normal"]
        style.font.bold = True
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.space_before = Pt(8)
        style.paragraph_format.space_after = Pt(2)
        color = OxmlElement("w:color")
        color.set(qn("w:val"), "1B7F79")
        color.set(qn("w:themeColor"), "accent1")
        style.element.get_or_add_rPr().append(color)
    for level in (1, 2):
        name = f"TOC {level}"
        if name not in known:
            style = styles.add_paragraph_style(name)
            style.base_style = styles.styles["Normal"]
            style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
            style.paragraph_format.space_after = Pt(2 if level == 2 else 4)
            style.font.bold = level == 1 or None


def writing_lines(container, count: int, width: int, height=None, head=None):
    """Ruled lines to write on: a borderless table whose rows are underlined; returns it.

    With ``head`` (a function that fills a paragraph), the table's first row holds the label the
    lines belong to, without a rule under it, kept with the first lines: a label separated from
    its lines by a page break, as a paragraph before the table could be in LibreOffice, is a
    question without room for the answer.

    (Paragraph borders would not do: Word and LibreOffice draw one box around consecutive
    paragraphs with the same borders, so only the last line would show.)
    """
    table = container.add_table(rows=count + (head is not None), cols=1)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        if side in ("bottom", "insideH"):
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "A7B4BC")):
                border.set(qn(key), value)
        else:
            border.set(qn("w:val"), "nil")
        borders.append(border)
    table._tbl.tblPr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                           "w:tblCaption", "w:tblDescription")
    rows = list(table.rows)
    if head is not None:
        first = rows.pop(0)
        head(first.cells[0].paragraphs[0])
        cell_borders = OxmlElement("w:tcBorders")
        bottom = OxmlElement("w:bottom")
        bottom.set(qn("w:val"), "nil")
        cell_borders.append(bottom)
        first.cells[0]._tc.get_or_add_tcPr().append(cell_borders)
        first.cells[0].width = width
        _keep_rows(first, *rows[:2])
    for row in rows:
        row.height = height or Cm(0.9)
        row.height_rule = WD_ROW_HEIGHT_RULE.EXACTLY
        row.cells[0].width = width
    table._tbl.tblGrid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(width // 635))
    return table


def _keep_rows(*rows) -> None:
    """Keep these rows on one page: none breaks, each keeps with the next."""
    for index, row in enumerate(rows):
        properties = row._tr.get_or_add_trPr()
        if properties.find(qn("w:cantSplit")) is None:
            properties.insert(0, OxmlElement("w:cantSplit"))
        if index < len(rows) - 1:
            for paragraph in row.cells[0].paragraphs:
                paragraph.paragraph_format.keep_with_next = True


# --- fields -----------------------------------------------------------------------


def _fld_char(kind: str, dirty: bool = False):
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    return element


def add_field(paragraph, instruction: str, cached: str, dirty: bool = False) -> None:
    """A complex field (``PAGE``, ``NUMPAGES``…) with ``cached`` as its shown result until updated."""
    for part in (_fld_char("begin", dirty), None, _fld_char("separate"), "result", _fld_char("end")):
        run = paragraph.add_run()
        if part is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif part == "result":
            run.text = cached
        else:
            run._r.append(part)


def add_page_x_of_y(paragraph, context: RenderContext) -> None:
    """The output language's "Page {page} of {pages}" with real PAGE and NUMPAGES fields."""
    words = context.language.gettext("Page {page} of {pages}")
    for piece in re.split(r"(\{page\}|\{pages\})", words):
        if piece == "{page}":
            add_field(paragraph, "PAGE", "1")
        elif piece == "{pages}":
            add_field(paragraph, "NUMPAGES", "1")
        elif piece:
            paragraph.add_run(piece)


def add_toc(add_paragraph, document, styles: StyleIndex, context: RenderContext,
            entries: list[tuple[int, str, str]]) -> None:
    """A "Contents" heading and a TOC field over Heading 1-2, made with ``add_paragraph(text, style name)``.

    The field's shown result lists ``entries`` (level, text, where): ``where`` is what the reader
    finds it by (in the facilitator guide its slide numbers), right-aligned on the TOC style's dot
    leader. So the contents are complete in LibreOffice and in print as written; Word replaces
    them with page numbers when someone updates the field (it is not marked to update on opening,
    which would ask every reader a question).
    """
    heading = add_paragraph(context.language.gettext("Contents"), styles.pick("TOC Heading", "Heading 1"))
    heading.paragraph_format.keep_with_next = True
    paragraphs = [add_paragraph("", styles.pick(f"TOC {level}")) for level, _, _ in entries or [(1, "", "")]]
    for kind in ("begin", "instr", "separate"):
        run = paragraphs[0].add_run()
        if kind == "instr":
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = r' TOC \o "1-2" \h \z \u '
            run._r.append(text)
        else:
            run._r.append(_fld_char(kind))
    width = text_width(document)
    for paragraph, (_, text, where) in zip(paragraphs, entries):
        paragraph.add_run(text)
        if where:
            paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
            paragraph.add_run("\t" + where)
    paragraphs[-1].add_run()._r.append(_fld_char("end"))


# --- header and footer --------------------------------------------------------------


def _is_empty(part) -> bool:
    element = part._element
    return not "".join(element.itertext()).strip() and not element.findall(".//" + qn("w:drawing"))


def _right_tab(paragraph, document) -> None:
    """One right-aligned tab stop at the right margin; the style's own stops are cleared, so a
    single tab always reaches the right edge."""
    right = text_width(document)
    stops = paragraph.paragraph_format.tab_stops
    for stop in paragraph.style.paragraph_format.tab_stops:
        if abs(stop.position - right) > 12700:
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(right, WD_TAB_ALIGNMENT.RIGHT)


def _picture(paragraph, context: RenderContext, relative: str, alt: str, before: bool = False) -> None:
    """A small picture (the emblem, the logo) 0.9 cm high in a footer line, with a space beside it;
    ``before`` puts it ahead of the page numbers at the right."""
    if not relative or not (context.root / relative).is_file():
        return
    from trainkit.writers.images import picture_at

    picture = picture_at(context.root / relative)
    height = int(FOOTER_PICTURE)
    run = paragraph.add_run()
    add_run_picture(run, picture, int(height * picture.width / max(picture.height, 1)), height, alt)
    gap = paragraph.add_run("  ")
    if before:  # the logo sits left of "Page X of Y", after the tab
        tab = next((r for r in paragraph.runs if r.text == "\t"), None)
        if tab is not None:
            tab._r.addnext(run._r)
            run._r.addnext(gap._r)


def header_footer(document, styles: StyleIndex, context: RenderContext, title: str, kind: str,
                  about: str = "") -> None:
    """Header with the module title and the document kind; footer with the funder's emblem and
    acknowledgement, the logo and "Page X of Y", and under them ``about`` (version, date, licence).
    The cover page gets the footer without page numbers.

    A template whose header or footer already has content keeps it: a region's letterhead wins.
    """
    section = document.sections[0]
    section.different_first_page_header_footer = True
    acknowledgement = context.branding.acknowledgement_in(context.language.code)
    header = section.header
    if header.is_linked_to_previous or _is_empty(header):
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        styles.set_paragraph(paragraph, styles.style("Header", "Normal"))
        _right_tab(paragraph, document)
        paragraph.add_run(title)
        paragraph.add_run("\t" + kind)
    for footer, numbered in ((section.footer, True), (section.first_page_footer, False)):
        if not (footer.is_linked_to_previous or _is_empty(footer)):
            continue
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        styles.set_paragraph(paragraph, styles.style("Footer", "Normal"))
        _right_tab(paragraph, document)
        _picture(paragraph, context, context.branding.emblem, acknowledgement or context.language.gettext("Emblem"))
        if acknowledgement:
            paragraph.add_run(acknowledgement)
        if numbered:
            paragraph.add_run("\t")
            add_page_x_of_y(paragraph, context)
        _picture(paragraph, context, context.branding.logo, context.language.gettext("Logo"), before=True)
        if about:
            line = footer.add_paragraph(about, paragraph.style)
            line.paragraph_format.space_before = Pt(2)
        _room_for_footer(section, pictured=bool(context.branding.emblem or context.branding.logo),
                         lines=2 if about else 1)
    first_header = section.first_page_header
    if first_header.is_linked_to_previous:
        first_header.is_linked_to_previous = False  # an empty header on the cover


FOOTER_PICTURE = Cm(0.9)
"""Height of the emblem and the logo in a footer line."""
_FOOTER_LINE = Pt(14)
"""One footer line of 12-point text with its leading."""


def _room_for_footer(section, pictured: bool, lines: int) -> None:
    """Make the bottom margin hold the footer.

    A footer taller than the room between the page edge distance and the bottom margin pushes
    into the text area; Word and LibreOffice then lay the page out again, and LibreOffice no
    longer keeps a heading with the paragraph after it, so headings end pages. The margin is
    made as tall as the footer needs, with a little air, and never smaller than it was.
    """
    first = max(int(FOOTER_PICTURE), int(_FOOTER_LINE)) if pictured else int(_FOOTER_LINE)
    needed = int(section.footer_distance or Cm(1.0)) + first + (lines - 1) * int(_FOOTER_LINE) + int(Cm(0.3))
    if section.bottom_margin is None or section.bottom_margin < needed:
        section.bottom_margin = Emu(needed)


# --- pictures ----------------------------------------------------------------------


def add_run_picture(run, picture: Embeddable, width: int, height: int, alt: str) -> None:
    """``picture`` in ``run`` at ``width`` × ``height`` EMU with ``alt`` as its description; an SVG
    stays vector with a PNG fallback."""
    if picture.vector:
        add_svg_run_picture(run, picture.data, picture.fallback(width), width, height, alt)
    else:
        run.add_picture(io.BytesIO(picture.data), width=Emu(width), height=Emu(height))
    set_descr(run._r, alt)



def set_descr(run_element, text: str) -> None:
    """Alt text of the picture in a run: ``wp:docPr/@descr`` (what Word shows and reads out)."""
    for tag in ("wp:docPr", "pic:cNvPr"):
        for element in run_element.iter(qn(tag)):
            element.set("descr", text)


# --- language and properties --------------------------------------------------------


def _lang(parent, tag: str) -> None:
    lang = parent.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        parent.append(lang)
    lang.set(qn("w:val"), tag)


def _story_elements(document):
    yield document.element.body
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not part.is_linked_to_previous:
                yield part._element


def set_language(document, tag: str) -> None:
    """``w:lang`` on the document defaults, on every style that names a language, on every run."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _lang(rpr, tag)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), tag)
    for story in _story_elements(document):
        for run in story.iter(qn("w:r")):
            _lang(run.get_or_add_rPr(), tag)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), tag)


def set_properties(document, context: RenderContext, *, title: str, subject: str, comments: str,
                   authors: tuple[str, ...], keywords: tuple[str, ...], identifier: str, version: str) -> None:
    """Core properties; dates from the build's fixed time, so bytes repeat."""
    props = document.core_properties
    props.title = title
    props.subject = subject
    props.comments = comments
    props.author = props.last_modified_by = "; ".join(authors)
    props.keywords = ", ".join(keywords)
    props.category = ""
    props.language = context.language.tag
    props.identifier = identifier
    props.version = version
    stamp = context.timestamp.replace(tzinfo=None)
    props.created = props.modified = props.last_printed = stamp
    props.revision = 1


def number_drawings(document) -> None:
    """Give every picture a document-wide unique ``wp:docPr`` id (python-docx counts per part)."""
    n = 0
    for story in _story_elements(document):
        for element in story.iter(qn("wp:docPr")):
            n += 1
            element.set("id", str(n))
            element.set("name", f"Picture {n}")
