"""Model blocks and inlines as Word paragraphs: styles from the template, real list numbering,
native tables, pictures with alt text and captions, real hyperlinks."""

from __future__ import annotations

import io

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Pt

from trainkit import model as m
from trainkit.links import is_web_address
from trainkit.writers.dispatch import BlockVisitor
from trainkit.writers.docx_parts import pick, set_descr, text_height, text_width
from trainkit.writers.images import Embeddable, embeddable
from trainkit.writers.slidetext import ASIDE_COLOURS, aside_body, aside_colours, aside_label
from trainkit.writers.svgblip import add_svg_run_picture

MAX_LEVEL = 2
"""Deepest list level with its own style (List Bullet 3, List Number 3)."""
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}



class DocxBlocks(BlockVisitor):
    """Writes blocks into a python-docx document (or a table cell of it): one method per block type.

    Exercises and asides are drawn as the document's writer decides: it passes ``on_exercise``
    and ``on_aside`` (container, block, level) -> None; by default an aside is its label and its
    content, and an exercise its title and content.
    """

    def __init__(self, document, picture_share: float = 1.0, label=lambda text: text) -> None:
        self.document = document
        self.picture_share = picture_share
        """Share of the text width a picture may take (the guide keeps them small)."""
        self.label = label
        """Translates trainkit's own words (an aside's label) into the output language."""
        self.on_exercise = self.exercise
        self.on_aside = self.aside
        self._bullet_num = self._style_num("List Bullet")
        self._number_num = self._style_num("List Number")

    # --- styles ----------------------------------------------------------------

    def style(self, *names: str):
        name = pick(self.document, *names)
        return self.document.styles[name] if name else None

    def _style_num(self, name: str) -> int | None:
        """numId the list style of the template points at, if any."""
        style = self.style(name)
        if style is None:
            return None
        num = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        return int(num.get(qn("w:val"))) if num is not None else None

    def paragraph(self, container, style_names: tuple[str, ...] = (), text: str = ""):
        paragraph = container.add_paragraph(text)
        style = self.style(*style_names) if style_names else None
        if style is not None:
            paragraph.style = style
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
                    run.style = style
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
            container = self.box(container, *aside_colours(block.style))
        label = self.paragraph(container, ("Label",))
        label.paragraph_format.keep_with_next = True
        self.inlines(label, aside_label(block, self.label))
        self.blocks(container, aside_body(block), level)

    def box(self, container, fill: str, accent: str):
        """A one-cell table as wide as the text, shaded ``fill`` with a thick ``accent`` left border;
        returns its cell, to write into. A spacer paragraph follows it, as tables need one."""
        table = container.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        shade_cell(cell, fill, accent)
        set_widths(table, [text_width(self.document)])
        cell._tc.remove(cell.paragraphs[0]._p)  # the cell's own empty paragraph; content adds its own
        spacer = container.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)
        return cell

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
            table.style = style
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
        widths = _column_widths([[m.plain_text(c.inlines) for c in row] for row in rows], columns,
                                text_width(self.document))
        set_widths(table, widths)
        self.paragraph(container, ()).paragraph_format.space_after = Pt(0)  # keeps the next table apart
        return table

    # --- pictures, code, quotes --------------------------------------------------

    def image(self, container, block: m.Image) -> None:
        if not block.resolved:
            self.inlines(self.paragraph(container, ("Caption",)), (m.Text(block.alt or block.caption),))
            return
        picture = embeddable(block)
        # {width=60%} is a share of the text width; the guide's smaller pictures keep their proportion
        width = int(text_width(self.document) * self.picture_share * (block.share or 1.0))
        height = int(width * picture.height / max(picture.width, 1))
        most = int(text_height(self.document) * 0.45 * self.picture_share)
        if height > most:  # tall pictures: fit the height, keep the ratio
            width, height = width * most // height, most
        paragraph = self.paragraph(container, ())
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = bool(block.caption)
        add_run_picture(paragraph.add_run(), picture, width, height, block.alt or block.caption)
        if block.caption:
            caption = self.paragraph(container, ("Caption",))
            caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self.inlines(caption, (m.Text(block.caption),))

    def code(self, container, block: m.CodeBlock) -> None:
        for line in block.text.rstrip("\n").split("\n"):
            paragraph = self.paragraph(container, ("Code",))
            if paragraph.style.name != "Code":
                paragraph.paragraph_format.space_after = Pt(0)
            run = paragraph.add_run(line)
            if paragraph.style.name != "Code":
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


def add_run_picture(run, picture: Embeddable, width: int, height: int, alt: str) -> None:
    """``picture`` in ``run`` at ``width`` × ``height`` EMU with ``alt`` as its description; an SVG
    stays vector with a PNG fallback."""
    if picture.vector:
        add_svg_run_picture(run, picture.data, picture.fallback(width), width, height, alt)
    else:
        run.add_picture(io.BytesIO(picture.data), width=Emu(width), height=Emu(height))
    set_descr(run._r, alt)


def shade_cell(cell, fill: str, accent: str) -> None:
    """A table cell shaded ``fill``, with a thick ``accent`` border on its left only and room inside."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        if side == "left":
            for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "0"), ("w:color", accent)):
                border.set(qn(key), value)
        else:
            border.set(qn("w:val"), "nil")
        borders.append(border)
    tc_pr.append(borders)
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    tc_pr.append(shading)
    margins = OxmlElement("w:tcMar")
    for side, width in (("top", 85), ("left", 170), ("bottom", 113), ("right", 170)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tc_pr.append(margins)


def repeat_header(row) -> None:
    """Mark a table row as a header row that Word repeats at the top of every page."""
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)
    cant_split = OxmlElement("w:cantSplit")
    properties.insert(0, cant_split)


def _column_widths(texts: list[list[str]], columns: int, total: int) -> list[int]:
    """Column widths in EMU, by the length of the longest word and the text in each column."""
    weights = []
    for c in range(columns):
        cells = [row[c] for row in texts if c < len(row)]
        longest_word = max((len(w) for text in cells for w in text.split()), default=1)
        longest = max((len(text) for text in cells), default=1)
        weights.append(max(longest_word * 1.6, min(longest, 60), 4))
    scale = total / sum(weights)
    return [int(w * scale) for w in weights]


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
