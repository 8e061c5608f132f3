"""The one base every Word document is built on: template, styles, small parts, header, footer,
language, properties and the deterministic save. Handouts, guides, exercise sheets, solution
keys, course documents and the programme differ only in what they put in it."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from trainkit import model as m
from trainkit.writers import RenderContext
from trainkit.writers.docx_blocks import (
    CELL_MARGIN, DocxBlocks, column_widths, keep_together, label_width, repeat_header, set_widths,
)
from trainkit.writers.docx_parts import (
    StyleIndex, add_toc, ensure_styles, header_footer, number_drawings, set_language, set_properties,
    text_width, writing_lines,
)
from trainkit.writers.ooxml import save_package

CHECK_INDENT = Cm(0.7)
"""Where the text of a checklist item starts, right of its box."""
EXERCISE_FILL = "FCF1E9"
EXERCISE_BORDER = "E07A2E"
"""The exercise box: the template's warm shading and orange accent, as on the Exercise slide."""


class DocumentBuilder:
    """One Word document being written."""

    def __init__(self, context: RenderContext, kind: str, picture_share: float = 1.0) -> None:
        self.context = context
        self.words = context.language
        self.kind = kind
        """The document's name in the output language ("Handout"), for the cover and the header."""
        self.document = Document(io.BytesIO(prepared_template(context.template)))
        styles = StyleIndex(self.document)
        self.blocks = DocxBlocks(self.document, picture_share, self.words.gettext, styles)
        self.offset = 0
        """Added to heading levels: 1 inside a course document, where each module is a Heading 1."""
        self.license = ""
        """The licence named in the footer."""
        self._new_page = False
        """The next paragraph starts a page (``new_page``)."""

    # --- small parts ---------------------------------------------------------------

    def paragraph(self, *styles: str, text: str = "", container=None):
        paragraph = self.blocks.paragraph(container if container is not None else self.document, styles, text)
        if self._new_page and container is None:
            paragraph.paragraph_format.page_break_before = True
            self._new_page = False
        return paragraph

    def new_page(self) -> None:
        """Start the next paragraph on a new page. Unlike a page-break paragraph, it never leaves a
        page empty: a paragraph already at the top of a page stays there."""
        self._new_page = True

    def heading(self, level: int, inlines: m.Inlines | str):
        paragraph = self.paragraph(f"Heading {min(level + self.offset, 3)}")
        self.blocks.inlines(paragraph, (m.Text(inlines),) if isinstance(inlines, str) else inlines)
        return paragraph

    def label(self, text: str, container=None):
        """A short bold line saying what follows ("Speaker notes", "Slide 5")."""
        return self.paragraph("Label", text=text, container=container)

    def bullets(self, items: tuple[m.Inlines, ...], container=None, checklist: bool = False) -> None:
        target = container if container is not None else self.document
        if checklist:
            for inlines in items:
                paragraph = self.blocks.paragraph(target, ())
                # a box to tick, the text hanging beside it so wrapped lines start under the text
                paragraph.paragraph_format.left_indent = CHECK_INDENT
                paragraph.paragraph_format.first_line_indent = -CHECK_INDENT
                paragraph.paragraph_format.tab_stops.add_tab_stop(CHECK_INDENT)
                paragraph.add_run("\u2610\t")
                self.blocks.inlines(paragraph, inlines)
            return
        entries = tuple(m.ListItem((m.Paragraph(i, m.Location("")),), m.Location("")) for i in items)
        self.blocks.list(target, m.BulletList(entries, m.Location("")))

    def duration(self, minutes: int | None) -> str:
        return self.words.duration(minutes) if minutes else ""

    def cover(self, title: str, description: m.Inlines) -> None:
        self.paragraph("Title", text=title)
        self.paragraph("Subtitle", text=self.kind)
        if description:
            self.blocks.inlines(self.paragraph(), description)

    def facts(self, rows: list[tuple[str, str | m.Inlines]]) -> None:
        """A module's facts (duration, level…) as a table with a header row: one column per fact,
        its label over its value. Facts without a value are left out."""
        rows = [(label, value) for label, value in rows if value]
        if not rows:
            return
        table = self.document.add_table(rows=2, cols=len(rows))
        style = self.blocks.style("Trainkit Table", "Table Grid")
        if style is not None:
            self.blocks.styles.set_table(table, style)
        table_look(table, first_row=True)
        for column, (label, value) in enumerate(rows):
            table.cell(0, column).paragraphs[0].add_run(label).bold = True
            self.blocks.inlines(table.cell(1, column).paragraphs[0],
                                (m.Text(value),) if isinstance(value, str) else value)
        repeat_header(table.rows[0])
        keep_together(table)
        texts = [[label for label, _ in rows], [value if isinstance(value, str) else m.plain_text(value)
                                                 for _, value in rows]]
        set_widths(table, column_widths(texts, len(rows), text_width(self.document)))
        self.paragraph()

    def writing_lines(self, count: int, container=None, label: bool = True) -> None:
        """Room to write: a "Your notes" label and ruled lines, and nothing after them that could
        spill onto a page of its own."""
        target = container if container is not None else self.document
        words = self.words.gettext("Your notes")

        def head(paragraph):
            style = self.blocks.style("Label")
            if style is not None:
                self.blocks.styles.set_paragraph(paragraph, style)
            paragraph.add_run(words)

        writing_lines(target, count, text_width(self.document), head=head if label else None)
        self.spacer(container)

    def spacer(self, container=None):
        """A one-point paragraph: Word needs one after a table, and it never fills a page."""
        paragraph = self.paragraph(container=container)
        paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = Pt(1)
        return paragraph

    def name_line(self) -> None:
        """"Name ______  Group ______" at the top of a sheet participants hand in."""
        table = self.document.add_table(rows=1, cols=4)
        width = text_width(self.document)
        cells = table.rows[0].cells
        labels = (self.words.gettext("Name"), self.words.gettext("Group"))
        for cell, text in zip(cells[::2], labels):
            cell.paragraphs[0].add_run(text).bold = True
        for cell in cells[1::2]:
            _underline(cell)
        # each label as wide as its words need ("Imię i nazwisko" on one line), the name line the most room
        name, group = (min(width * 3 // 10, label_width(text, 11) + 2 * CELL_MARGIN) for text in labels)
        line = width - name - group
        set_widths(table, [name, line * 65 // 100, group, line - line * 65 // 100])
        self.spacer().paragraph_format.space_after = Pt(10)  # the line to write on stands apart from the box

    def exercise_box(self, line: str, title: m.Inlines, blocks: tuple[m.Block, ...], materials: m.Inlines = ()):
        """The exercise set apart: a shaded box with its label line, title, materials and instructions."""
        box = self.blocks.box(self.document, EXERCISE_FILL, EXERCISE_BORDER, "accent2")
        label = self.blocks.paragraph(box.cell, ("Label",))
        label.paragraph_format.space_before = Pt(2)
        label.add_run(line)
        if title:
            paragraph = self.blocks.paragraph(box.cell, ())
            paragraph.paragraph_format.keep_with_next = True
            self.blocks.inlines(paragraph, title, bold=True)
        if materials:
            self.blocks.inlines(self.blocks.paragraph(box.cell, ()), materials)
        box.write(blocks)
        box.close()

    def exercise_line(self, exercise: m.Exercise, *extra: str) -> str:
        """"Slide 7 · Exercise · 20 min · 0:25–0:45": what is known of an exercise, in one line."""
        parts = [*extra[:1], self.words.gettext("Exercise"), self.duration(exercise.duration), *extra[1:]]
        return " · ".join(p for p in parts if p)

    def contents(self, marker, where: dict | None = None) -> None:
        """Put the table of contents, listing Heading 1 and 2, where ``marker`` stands; ``where``
        maps a heading's element to what a reader finds it by (its slides, in the guide)."""
        where = where or {}
        styles = self.blocks.styles
        named = [(styles.paragraph_style_name(p), p) for p in self.document.paragraphs]
        entries = [(int(name[-1]), p.text, where.get(p._p, "")) for name, p in named
                   if name in ("Heading 1", "Heading 2") and p.text]

        starts_page = marker.paragraph_format.page_break_before

        def before(text: str, style: str | None):
            nonlocal starts_page
            paragraph = marker.insert_paragraph_before(text)
            if starts_page:  # the contents start the page the marker was to start
                paragraph.paragraph_format.page_break_before = True
                starts_page = False
            if style is not None:
                styles.set_paragraph(paragraph, styles.style(style))
            return paragraph

        add_toc(before, self.document, styles, self.context, entries)
        marker._p.getparent().remove(marker._p)

    # --- whole document ----------------------------------------------------------

    def save(self, target: Path, *, title: str, description: m.Inlines = (), authors: tuple[str, ...] = (),
             keywords: tuple[str, ...] = (), identifier: str = "", version: str = "") -> list[Path]:
        """Header and footer (with version, date and licence), language, properties; then the
        deterministic, atomic save."""
        header_footer(self.document, self.blocks.styles, self.context, title, self.kind, self.about(version, authors))
        set_language(self.document, self.words.tag)
        number_drawings(self.document)
        set_properties(self.document, self.context, title=title, subject=self.kind,
                       comments=m.plain_text(description), authors=authors, keywords=keywords,
                       identifier=identifier, version=version)
        save_package(self.document, target, self.context.timestamp)
        return [target]

    def about(self, version: str = "", authors: tuple[str, ...] = (), license: str = "") -> str:
        """"Version 1.0.0 · 4 December 2026 · CC-BY-4.0 · CSEI project team": what a document is, in its footer."""
        license = license or self.license
        parts = [self.words.gettext("Version %(version)s") % {"version": version} if version else "",
                 self.words.date(self.context.timestamp.date()),
                 f"{self.words.gettext('Licence')}: {license}" if license else "",
                 self.words.join(list(authors))]
        return " · ".join(p for p in parts if p)

    def save_module(self, target: Path, module: m.Module) -> list[Path]:
        meta = module.metadata
        self.license = meta.license
        return self.save(target, title=meta.title, description=meta.description, authors=meta.authors,
                         keywords=meta.tags, identifier=module.id, version=meta.version)


def prepared_template(path: Path) -> bytes:
    """The Word template at ``path`` ready to write into, as package bytes: its body emptied and
    trainkit's own styles added. Made once per process (and again when the file changes): every
    document of a build starts from the same few templates."""
    stat = path.stat()
    return _prepare(str(path), (stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=8)
def _prepare(path: str, stamp: tuple[int, int]) -> bytes:
    document = Document(path)
    _clear_body(document)
    ensure_styles(StyleIndex(document))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _clear_body(document) -> None:
    """Remove whatever text the template's body holds; its section settings stay."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def table_look(table, first_row: bool) -> None:
    """Which parts of the table style apply: the header row only when ``first_row``."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    for key, value in (("w:firstRow", first_row), ("w:lastRow", False), ("w:firstColumn", False),
                       ("w:lastColumn", False), ("w:noHBand", True), ("w:noVBand", True)):
        look.set(qn(key), "1" if value else "0")
    look.set(qn("w:val"), "0420" if first_row else "0600")  # the same flags as a bit mask, for older readers


def _underline(cell) -> None:
    """A line to write on along the bottom of a table cell."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "0"), ("w:color", "8A99A6")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    tc_pr.append(borders)
