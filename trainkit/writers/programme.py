"""The course programme (docx): the timed schedule of each day in the output language."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from trainkit.schedule import ProgrammeRow
from trainkit.writers import RenderContext
from trainkit.writers.ooxml import save_package


def _set_language(document, tag: str) -> None:
    rpr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    properties.append(header)


def write_programme(title: str, description: str, days: list[list[ProgrammeRow]], module_titles: dict[str, str],
                    context: RenderContext, target: Path) -> None:
    """Write the programme of a course: one table per day with start and end times."""
    words = context.language
    document = Document(str(context.template))
    document.add_paragraph(title, style="Title")
    document.add_paragraph(words.gettext("Programme"), style="Subtitle")
    if description:
        document.add_paragraph(description)
    style_names = {s.name for s in document.styles}
    for number, rows in enumerate(days, start=1):
        document.add_heading(words.gettext("Day {n}").format(n=words.number(number)), level=1)
        table = document.add_table(rows=1, cols=3)
        if "Trainkit Table" in style_names:
            table.style = "Trainkit Table"
        header = table.rows[0].cells
        header[0].text = words.gettext("Time")
        header[1].text = words.gettext("Activity")
        header[2].text = words.gettext("Duration")
        _repeat_header(table.rows[0])
        for row in rows:
            cells = table.add_row().cells
            cells[0].text = f"{words.time(row.start)}–{words.time(row.end)}"
            if row.kind == "module":
                cells[1].text = module_titles.get(row.module, row.module)
            elif row.kind == "lunch":
                cells[1].text = words.gettext("Lunch")
            else:
                cells[1].text = words.gettext("Break")
            cells[2].text = words.duration(row.minutes)
        total = sum(r.minutes for r in rows if r.kind == "module")
        document.add_paragraph(f"{words.gettext('Total')}: {words.duration(total)}")
    ack = context.branding.acknowledgement_in(words.code)
    if ack:
        document.sections[0].footer.paragraphs[0].text = ack
    _set_language(document, words.tag)
    props = document.core_properties
    props.title = title
    props.subject = words.gettext("Programme")
    props.language = words.tag
    props.created = props.modified = props.last_printed = context.timestamp.replace(tzinfo=None)
    props.revision = 1
    save_package(document, target, context.timestamp)
