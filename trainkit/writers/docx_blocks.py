"""Model blocks and inlines as Word paragraphs: styles from the template, real list numbering,
native tables, pictures with alt text and captions, real hyperlinks."""

from __future__ import annotations


from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from docx.table import _Cell

from trainkit import model as m
from trainkit.i18n import words
from trainkit.links import is_web_address
from trainkit.writers import fit
from trainkit.writers.dispatch import BlockVisitor
from trainkit.writers.docx_parts import StyleIndex, add_run_picture, set_descr, text_height, text_width, writing_lines
from trainkit.writers.images import embeddable
from trainkit.writers.slidetext import ASIDE_COLOURS, aside_body, aside_colours, aside_label

MAX_LEVEL = 2
SHORT_LIST = 6
"""A list of up to this many items is kept on one page."""
_AFTER_KEEP = ("w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr", "w:suppressLineNumbers",
               "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi",
               "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
               "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
               "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
               "w:pPrChange")
"""Elements that follow w:keepNext in w:pPr (the schema's order)."""
"""Deepest list level with its own style (List Bullet 3, List Number 3)."""
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}



class DocxBlocks(BlockVisitor):
    """Writes blocks into a python-docx document (or a table cell of it): one method per block type.

    Exercises and asides are drawn as the document's writer decides: it passes ``on_exercise``
    and ``on_aside`` (container, block, level) -> None; by default an aside is its label and its
    content, and an exercise its title and content.
    """

    def __init__(self, document, picture_share: float = 1.0, label=lambda text: text,
                 styles: StyleIndex | None = None) -> None:
        self.document = document
        self.picture_share = picture_share
        """Share of the text width a picture may take (the guide keeps them small)."""
        self.label = label
        """Translates trainkit's own words (an aside's label) into the output language."""
        self.on_exercise = self.exercise
        self.on_aside = self.aside
        self.field_lines: int | None = None
        """Ruled lines under each answer field; None keeps the author's number, 0 lists the labels only."""
        self.styles = styles if styles is not None else StyleIndex(document)
        """The document's styles, read once."""
        self._text_width = text_width(document)
        self._text_height = text_height(document)
        self._bullet_num = self._style_num("List Bullet")
        self._number_num = self._style_num("List Number")

    # --- styles ----------------------------------------------------------------

    def style(self, *names: str):
        """The first of ``names`` the template defines, as a python-docx style, else None."""
        return self.styles.style(*names)

    def _style_num(self, name: str) -> int | None:
        """numId the list style of the template points at, if any."""
        style = self.style(name)
        if style is None:
            return None
        num = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        return int(num.get(qn("w:val"))) if num is not None else None

    def table_gap(self, container) -> None:
        """An empty paragraph after a table: two tables with nothing between them become one in Word."""
        self.paragraph(container, ()).paragraph_format.space_after = Pt(0)

    def paragraph(self, container, style_names: tuple[str, ...] = (), text: str = ""):
        paragraph = container.add_paragraph(text)
        style = self.style(*style_names) if style_names else None
        if style is not None:
            self.styles.set_paragraph(paragraph, style)
        return paragraph

    # --- inlines ----------------------------------------------------------------

    def inlines(self, paragraph, inlines: m.Inlines, bold: bool = False, italic: bool = False,
                parent=None) -> None:
        """Runs for ``inlines``; links become ``w:hyperlink`` elements with an external relationship."""
        for node in inlines:
            if isinstance(node, m.Text):
                self._run(paragraph, node.text, bold, italic, parent=parent)
            elif isinstance(node, m.Code):
                run = self._run(paragraph, node.text, bold, italic, parent=parent)
                style = self.style("Verbatim Char")
                if style is not None:
                    self.styles.set_run(run, style)
                else:
                    run.font.name = "Courier New"
            elif isinstance(node, m.LineBreak):
                self._run(paragraph, "", parent=parent).add_break()
            elif isinstance(node, m.Strong):
                self.inlines(paragraph, node.children, True, italic, parent)
            elif isinstance(node, m.Emphasis):
                self.inlines(paragraph, node.children, bold, True, parent)
            elif isinstance(node, m.Link):
                self.hyperlink(paragraph, node, bold, italic)

    def _run(self, paragraph, text: str, bold: bool = False, italic: bool = False, parent=None):
        run = paragraph.add_run(text)
        if bold:
            run.bold = True
        if italic:
            run.italic = True
        if parent is not None:
            parent.append(run._r)  # move it into the hyperlink
        return run

    def hyperlink(self, paragraph, link: m.Link, bold: bool, italic: bool) -> None:
        if not is_web_address(link.url):
            self.inlines(paragraph, link.children, bold, italic)  # a relative link leads nowhere on paper
            return
        r_id = paragraph.part.relate_to(link.url, RT.HYPERLINK, is_external=True)
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), r_id)
        element.set(qn("w:history"), "1")
        paragraph._p.append(element)
        before = len(element)
        self.inlines(paragraph, link.children, bold, italic, parent=element)
        style = self.style("Hyperlink")
        for r in list(element)[before:]:
            if style is not None and r.tag == qn("w:r"):
                rpr = r.get_or_add_rPr()
                rstyle = OxmlElement("w:rStyle")
                rstyle.set(qn("w:val"), style.style_id)
                existing = rpr.find(qn("w:rStyle"))
                if existing is not None:
                    rpr.remove(existing)  # inline code inside a link still reads as a link
                rpr.insert(0, rstyle)

    # --- blocks -----------------------------------------------------------------

    def blocks(self, container, blocks: tuple[m.Block, ...] | list[m.Block], level: int = 0) -> None:
        for block in blocks:
            self.visit(block, container, level)

    def visit_paragraph(self, block: m.Paragraph, container, level: int = 0) -> None:
        self.inlines(self.paragraph(container, ()), m.without_images(block.inlines))
        self.pictures_after(container, block.inlines)

    def visit_heading(self, block: m.Heading, container, level: int = 0) -> None:
        paragraph = self.paragraph(container, (f"Heading {min(max(block.level, 3), 4)}", "Heading 3"))
        self.inlines(paragraph, m.without_images(block.inlines))
        self.pictures_after(container, block.inlines)

    def pictures_after(self, container, inlines: m.Inlines) -> None:
        """The pictures of a sentence, each after it with its caption."""
        for image in m.inline_images(inlines):
            self.image(container, image)

    def visit_bullet_list(self, block: m.BulletList, container, level: int = 0) -> None:
        self.list(container, block, level)

    def visit_ordered_list(self, block: m.OrderedList, container, level: int = 0) -> None:
        self.list(container, block, level)

    def visit_table(self, block: m.Table, container, level: int = 0) -> None:
        self.table(container, block)

    def visit_image(self, block: m.Image, container, level: int = 0) -> None:
        self.image(container, block)

    def visit_code_block(self, block: m.CodeBlock, container, level: int = 0) -> None:
        self.code(container, block)

    def visit_quote(self, block: m.Quote, container, level: int = 0) -> None:
        self.quote(container, block)

    def visit_fields(self, block: m.Fields, container, level: int = 0) -> None:
        """Each label in the field style, then ruled lines to write on. Without lines (the guide, the
        solution key), what participants fill in on their sheet, in one paragraph: "Answer fields on
        the exercise sheet: 1. …; 2. …" (a list of its own made the guide's exercise boxes so tall
        that LibreOffice moved them whole to the next page, leaving most of a page empty)."""
        lines = block.lines if self.field_lines is None else self.field_lines
        if not lines:
            numbered = len(block.labels) > 1
            text: list[m.Inline] = [m.Strong((m.Text(self.label(words.ANSWER_FIELDS) + ": "),))]
            for n, label in enumerate(block.labels, 1):
                text.extend(((m.Text(f"; {n}. " if n > 1 else f"{n}. "),) if numbered else ()) + tuple(label))
            self.inlines(self.paragraph(container, ()), tuple(text))
            return
        for n, label in enumerate(block.labels, 1):
            text = ((m.Text(f"{n}. "),) if len(block.labels) > 1 else ()) + tuple(label)

            def head(paragraph, text=text):
                style = self.style("Field Label", "Label")
                if style is not None:
                    self.styles.set_paragraph(paragraph, style)
                self.inlines(paragraph, text)

            writing_lines(container, lines, self.width(container), head=head)
            self.table_gap(container)

    def visit_exercise(self, block: m.Exercise, container, level: int = 0) -> None:
        self.on_exercise(container, block, level)

    def visit_aside(self, block: m.Aside, container, level: int = 0) -> None:
        self.on_aside(container, block, level)

    def exercise(self, container, block: m.Exercise, level: int) -> None:
        if block.title:
            self.inlines(self.paragraph(container, ("Label",)), block.title)
        self.blocks(container, block.blocks, level)

    def aside(self, container, block: m.Aside, level: int) -> None:
        """Label and content; a boxed style (a Workbench callout, a discussion…) in a shaded box
        with an accent bar, as on its slide."""
        if block.style in ASIDE_COLOURS and hasattr(container, "add_table"):
            box = self.box(container, *aside_colours(block.style))
            label = self.paragraph(box.cell, ("Label",))
            label.paragraph_format.keep_with_next = True
            self.inlines(label, aside_label(block, self.label))
            box.write(aside_body(block), level)
            box.close()
            return
        label = self.paragraph(container, ("Label",))
        label.paragraph_format.keep_with_next = True
        self.inlines(label, aside_label(block, self.label))
        self.blocks(container, aside_body(block), level)

    def box(self, container, fill: str, accent: str, theme: str = "") -> Box:
        """A shaded box as wide as the text with a thick ``accent`` left border, to write into."""
        return Box(self, container, fill, accent, theme)

    def width(self, container) -> int:
        """The width text and tables get in ``container``: the page's text width, or inside a
        table cell, the cell's width less its left and right margins."""
        width = getattr(container, "width", None)
        if not isinstance(container, _Cell) or not width:
            return self._text_width
        margins = container._tc.tcPr.find(f"{qn('w:tcMar')}") if container._tc.tcPr is not None else None
        inside = 0
        for side in ("left", "right"):
            found = margins.find(qn(f"w:{side}")) if margins is not None else None
            inside += int(found.get(qn("w:w"))) * 635 if found is not None else CELL_MARGIN
        return int(width) - inside

    # --- lists ------------------------------------------------------------------

    def list(self, container, block: m.BulletList | m.OrderedList, level: int = 0,
             num_id: int | None = None) -> None:
        """List paragraphs with direct numbering (numId + ilvl). Each numbered list that is not
        nested in another numbered list gets its own ``w:num`` restarting at its start number."""
        ordered = isinstance(block, m.OrderedList)
        ilvl = min(level, MAX_LEVEL)
        suffix = f" {ilvl + 1}" if ilvl else ""
        base = "List Number" if ordered else "List Bullet"
        if ordered and num_id is None:
            num_id = self.new_numbering(block.start, ilvl)
        own = num_id if ordered else self._bullet_num
        first_paragraph = len(container._element.findall(qn("w:p")))
        for item in block.items:
            first = True
            for child in item.blocks:
                if isinstance(child, m.Paragraph) and first:
                    paragraph = self.paragraph(container, (base + suffix, base))
                    if own is not None:
                        self._number(paragraph, own, ilvl)
                    self.inlines(paragraph, m.without_images(child.inlines))
                    self.pictures_after(container, child.inlines)
                    first = False
                elif isinstance(child, m.Paragraph):
                    paragraph = self.paragraph(container, (f"List Continue{suffix}", "List Continue"))
                    self.inlines(paragraph, m.without_images(child.inlines))
                    self.pictures_after(container, child.inlines)
                elif isinstance(child, m.OrderedList) and ordered:
                    self.list(container, child, level + 1, num_id)  # same list, next level: restarts by itself
                elif isinstance(child, (m.BulletList, m.OrderedList)):
                    self.list(container, child, level + 1)
                else:
                    self.visit(child, container, level + 1)
        if level == 0 and len(block.items) <= SHORT_LIST:
            # a short list stays on one page: no lone item at the top of the next
            paragraphs = container._element.findall(qn("w:p"))[first_paragraph:]
            for p in paragraphs[:-1]:
                keep = p.get_or_add_pPr()
                if keep.find(qn("w:keepNext")) is None:
                    keep.insert_element_before(OxmlElement("w:keepNext"), *_AFTER_KEEP)

    def new_numbering(self, start: int, ilvl: int) -> int | None:
        """A new ``w:num`` on the numbered-list definition, every level restarting."""
        if self._number_num is None:
            return None
        numbering = self.document.part.numbering_part.element
        abstract = numbering.num_having_numId(self._number_num).abstractNumId.val
        num = numbering.add_num(abstract)
        for level in range(MAX_LEVEL + 1):
            num.add_lvlOverride(ilvl=level).add_startOverride(start if level == ilvl else 1)
        return num.numId

    @staticmethod
    def _number(paragraph, num_id: int, ilvl: int) -> None:
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = ilvl
        numpr.get_or_add_numId().val = num_id

    # --- tables -----------------------------------------------------------------

    def table(self, container, block: m.Table):
        columns = max(len(block.header), *(len(r) for r in block.rows)) if block.rows else len(block.header)
        table = container.add_table(rows=1 + len(block.rows), cols=columns)
        style = self.style("Trainkit Table", "Table Grid")
        if style is not None:
            self.styles.set_table(table, style)
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        rows = [block.header, *block.rows]
        for r, cells in enumerate(rows):
            for c in range(columns):
                paragraph = table.cell(r, c).paragraphs[0]
                if c < len(cells):
                    self.inlines(paragraph, cells[c].inlines, bold=r == 0)
                align = block.align[c] if c < len(block.align) else None
                if align in ALIGN:
                    paragraph.alignment = ALIGN[align]
        repeat_header(table.rows[0])
        for r, cells in enumerate(rows[1:], 1):
            # a row empty but for its first cell is room to write in: an answer table
            if not any(cell.inlines for cell in cells[1:]):
                table.rows[r].height = Cm(1.3)
                table.rows[r].height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
        widths = column_widths([[m.plain_text(c.inlines) for c in row] for row in rows], columns,
                                self.width(container))
        set_widths(table, widths)
        keep_short(table)
        self.table_gap(container)
        return table

    # --- pictures, code, quotes --------------------------------------------------

    def image(self, container, block: m.Image) -> None:
        if not block.resolved:
            self.inlines(self.paragraph(container, ("Caption",)), (m.Text(block.alt or block.caption),))
            return
        picture = embeddable(block)
        # {width=60%} is a share of the text width; the guide's smaller pictures keep their proportion
        width = int(self.width(container) * self.picture_share * (block.share or 1.0))
        height = int(width * picture.height / max(picture.width, 1))
        most = int(self._text_height * 0.45 * self.picture_share)
        if height > most:  # tall pictures: fit the height, keep the ratio
            width, height = width * most // height, most
        frame = self._picture_frame(container) if height > self._text_height * PICTURE_FRAME_SHARE else None
        inside = frame if frame is not None else container
        # a little narrower than its cell: LibreOffice clips a picture exactly as wide as the cell's text
        room = self.width(frame) - int(Pt(6)) if frame is not None else width
        if width > room:
            width, height = room, height * room // width
        paragraph = self.paragraph(inside, ())
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = bool(block.caption)
        add_run_picture(paragraph.add_run(), picture, width, height, block.alt or block.caption)
        if block.caption:
            caption = self.paragraph(inside, ("Caption",))
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.inlines(caption, (m.Text(block.caption),))
        if frame is not None:
            self.table_gap(container)

    def _picture_frame(self, container):
        """A borderless one-cell table, as wide as the text, that never breaks, for a large picture
        and its caption in the document's body; None inside a table (LibreOffice cannot break a row
        holding a table). LibreOffice ignores a heading's keep-with-next when the next paragraph is
        a picture too tall for the rest of the page, and leaves the heading alone at the page foot;
        it honours it before a table, so the heading goes over with its picture."""
        if container is not self.document:
            return None
        table = container.add_table(rows=1, cols=1)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        set_widths(table, [self._text_width])
        cell = table.cell(0, 0)
        cell._tc.remove(cell.paragraphs[0]._p)  # the cell's own empty paragraph; the picture adds its own
        return cell

    def code(self, container, block: m.CodeBlock) -> None:
        own = self.styles.pick("Code") is not None  # else plain paragraphs in a monospaced font
        for line in block.text.rstrip("\n").split("\n"):
            paragraph = self.paragraph(container, ("Code",))
            if not own:
                paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(line)
            if not own:
                run.font.name = "Courier New"

    def quote(self, container, block: m.Quote) -> None:
        for child in block.blocks:
            if isinstance(child, m.Paragraph):
                self.inlines(self.paragraph(container, ("Quote", "Intense Quote")), child.inlines)
            else:
                self.visit(child, container)
        if block.attribution:
            paragraph = self.paragraph(container, ("Quote", "Intense Quote"))
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            self.inlines(paragraph, (m.Text("— "),) + tuple(block.attribution))


CELL_MARGIN = 108 * 635
"""Word's default left and right cell margin (0.19 cm), in EMU."""
BOX_MARGINS = {"top": 85, "left": 170, "bottom": 113, "right": 170}
"""Room inside a box, in twentieths of a point."""


def shade_cell(cell, fill: str, accent: str, theme: str = "") -> None:
    """A table cell shaded ``fill``, with a thick ``accent`` border on its left only and room
    inside. ``theme`` names the theme colour the accent stands for (``accent2``), so a region's
    template recolours it."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        if side == "left":
            for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "0"), ("w:color", accent)):
                border.set(qn(key), value)
            if theme:
                border.set(qn("w:themeColor"), theme)
        else:
            border.set(qn("w:val"), "nil")
        borders.append(border)
    tc_pr.append(borders)
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    tc_pr.append(shading)
    margins = OxmlElement("w:tcMar")
    for side, width in BOX_MARGINS.items():
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tc_pr.append(margins)


class Box:
    """A shaded box with an accent bar, as a one-cell table; its text may break across pages.

    A table inside the box stands outside it, between two parts of the box: LibreOffice cannot
    break a table row holding a table, so a box with a table in it moved whole to the next
    page, left its heading behind and clipped the inner table at the page foot. ``close``
    finishes the box.
    """

    def __init__(self, writer: DocxBlocks, container, fill: str, accent: str, theme: str = "") -> None:
        self.writer = writer
        self.container = container
        self.colours = (fill, accent, theme)
        self.width = writer.width(container)
        self.parts: list = []
        self.cell = self._part()

    def _part(self):
        """A new part of the box, after whatever the container holds now."""
        table = self.container.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        cell._tc.remove(cell.paragraphs[0]._p)  # the cell's own empty paragraph; content adds its own
        self.parts.append(table)
        return cell

    def write(self, blocks: tuple[m.Block, ...], level: int = 0) -> None:
        """Render ``blocks`` into the box; a table stands between two parts of it."""
        for block in blocks:
            if isinstance(block, m.Table):
                if self.cell is not None:
                    self._finish(self.parts[-1])
                    self.cell = None
                self.writer.blocks(self.container, (block,), level)
                continue
            fresh = self.cell is None
            if fresh:  # text after a table: the box goes on
                self.cell = self._part()
            self.writer.blocks(self.cell, (block,), level)
            if fresh and not len(self.cell._tc.findall(qn("w:p"))):  # the block showed nothing here
                table = self.parts.pop()
                table._tbl.getparent().remove(table._tbl)
                self.cell = None

    def _finish(self, table) -> None:
        cell = table.cell(0, 0)
        if not cell._tc.findall(qn("w:p")):
            cell.add_paragraph()
        shade_cell(cell, *self.colours)
        set_widths(table, [self.width])
        self.writer.table_gap(self.container)

    def close(self) -> None:
        """Shade the last part and put the paragraph a table needs after it."""
        if self.cell is not None:
            self._finish(self.parts[-1])


PICTURE_FRAME_SHARE = 0.25
"""A picture taller than this share of the text height is framed (``DocxBlocks._picture_frame``)."""

KEEP_TABLE_ROWS = 12
"""A table of up to this many rows is kept on one page: its header never ends a page alone."""


def keep_short(table, last: int = 0) -> None:
    """Keep a table of up to KEEP_TABLE_ROWS rows on one page; of a longer one, its ``last`` rows
    (a total row with the row above it: ``last=2``), or nothing."""
    rows = len(table.rows)
    if rows <= KEEP_TABLE_ROWS:
        keep_together(table)
    elif last:
        keep_together(table, rows - last)


def keep_together(table, first: int = 0) -> None:
    """Keep a table on one page, as Word does it: no row breaks, and every paragraph of every
    row but the last keeps with the next. From row ``first`` on only, when given."""
    rows = table.rows
    for index, row in enumerate(rows):
        if index < first:
            continue
        properties = row._tr.get_or_add_trPr()
        if properties.find(qn("w:cantSplit")) is None:
            properties.insert(0, OxmlElement("w:cantSplit"))
        if index < len(rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def repeat_header(row) -> None:
    """Mark a table row as a header row that Word repeats at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.insert(0, cant_split)


def label_width(text: str, size: float) -> int:
    """EMU a bold ``text`` at ``size`` points takes on one line, with a tenth to spare (font metrics
    from the Liberation fonts, Arial's metric twins, when installed)."""
    return int(Pt(fit.metrics().width(text, size, bold=True) * 1.1))


def column_widths(texts: list[list[str]], columns: int, total: int) -> list[int]:
    """Column widths in EMU that add up to ``total``: shared by the text in each column, and
    never narrower than the column's longest word (so no word breaks inside, "Pag-e")."""
    weights, least = [], []
    for c in range(columns):
        cells = [row[c] for row in texts if c < len(row)]
        longest_word = max((len(w) for text in cells for w in text.split()), default=1)
        longest = max((len(text) for text in cells), default=1)
        weights.append(max(longest_word * 1.6, min(longest, 60), 4))
        words = [w for text in cells for w in text.split()] or ["m"]
        least.append(max(label_width(w, 10) for w in words) + 2 * CELL_MARGIN)
    fixed: dict[int, int] = {}
    while True:  # columns that would be too narrow get their least width; the rest share what is left
        free = [c for c in range(columns) if c not in fixed]
        room = total - sum(fixed.values())
        share = {c: room * weights[c] / sum(weights[f] for f in free) for c in free} if free else {}
        narrow = [c for c in free if share[c] < least[c]]
        if not narrow or len(fixed) + len(narrow) == columns:
            break
        fixed.update({c: least[c] for c in narrow})
    widths = [int(fixed.get(c, share.get(c, least[c]))) for c in range(columns)]
    if sum(widths) > total:  # even the least widths do not fit: shrink all alike
        widths = [w * total // sum(widths) for w in widths]
    return widths


def set_widths(table, widths: list[int]) -> None:
    """Fixed column widths (grid and cells), filling the text width."""
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width) // 635))  # EMU -> twips
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = Emu(width)
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(int(w) // 635 for w in widths)))
