"""The course programme (docx): the timed schedule of each day in the output language."""

from __future__ import annotations

from pathlib import Path

from docx.shared import Pt

from trainkit import model as m
from trainkit.writers import RenderContext
from trainkit.writers.docx_blocks import keep_short, repeat_header, set_widths
from trainkit.writers.docx_document import DocumentBuilder, table_look
from trainkit.writers.docx_parts import text_width


class ProgrammeWriter:
    """Writes ``programme.docx``: one table per day with start and end times, module titles and breaks."""

    name = "programme"
    scope = "course"
    view = "handout"
    filename = "programme.docx"
    template = "handout"
    default_template = "handout.docx"
    default = True
    needs_deck = False

    def write(self, course: m.Course, context: RenderContext, target: Path) -> list[Path]:
        words = context.language
        doc = DocumentBuilder(context, words.gettext("Programme"))
        doc.cover(course.title, (m.Text(course.description),) if course.description else ())
        titles = {module.id: module.metadata.title for module in course.modules}
        for number, rows in enumerate(course.days, start=1):
            doc.heading(1, words.gettext("Day {n}").format(n=words.number(number)))
            self.day(doc, rows, titles)
            total = sum(r.minutes for r in rows if r.kind == "module")
            line = doc.paragraph(text=f"{words.gettext('Total')}: {words.duration(total)}")
            line.paragraph_format.space_before = Pt(6)
        return doc.save(target, title=course.title, description=(m.Text(course.description),),
                        authors=course.authors, identifier=course.id)

    @staticmethod
    def day(doc: DocumentBuilder, rows: tuple[m.ProgrammeRow, ...], titles: dict[str, str]) -> None:
        words = doc.words
        table = doc.document.add_table(rows=1 + len(rows), cols=3)
        style = doc.blocks.style("Trainkit Table", "Table Grid")
        if style is not None:
            table.style = style
        table_look(table, first_row=True)
        for cell, text in zip(table.rows[0].cells, (words.gettext("Time"), words.gettext("Activity"),
                                                     words.gettext("Duration"))):
            cell.paragraphs[0].add_run(text).bold = True
        repeat_header(table.rows[0])
        activity = {"lunch": words.gettext("Lunch"), "break": words.gettext("Break")}
        for row, entry in zip(table.rows[1:], rows):
            cells = row.cells
            cells[0].paragraphs[0].add_run(f"{words.time(entry.start)}–{words.time(entry.end)}")
            cells[1].paragraphs[0].add_run(titles.get(entry.module, entry.module) if entry.kind == "module"
                                           else activity[entry.kind])
            cells[2].paragraphs[0].add_run(words.duration(entry.minutes))
        width = text_width(doc.document)
        set_widths(table, [width * 2 // 10, width * 6 // 10, width - width * 8 // 10])
        keep_short(table)  # a day on one page
