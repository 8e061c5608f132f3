"""Word writers: the participant handout, the facilitator guide and the exercise sheets.

Each document is built on its reference template: a cover, then the content in the module's
order, with trainkit's own words in the output language (``context.language``). Blocks are
turned into paragraphs by ``docx_blocks``; header, footer, fields and properties come from
``docx_parts``.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from trainkit import model as m
from trainkit.checks import exercises as find_exercises
from trainkit.plan import PlanRow, clock, deck_numbers, session_plan, total_minutes
from trainkit.views import filter_blocks
from trainkit.writers import RenderContext
from trainkit.writers.docx_blocks import DocxBlocks, repeat_header, set_widths
from trainkit.writers.docx_parts import (
    add_toc, ensure_styles, header_footer, number_drawings, page_break, set_language, set_properties,
    text_width, writing_lines,
)
from trainkit.writers.ooxml import save_package

EXERCISE_FILL = "FCF1E9"
EXERCISE_BORDER = "E07A2E"
"""The exercise box: the template's warm shading and orange accent, as on the Exercise slide."""


def _markdown(text: str) -> m.Inlines:
    """Metadata text keeps inline Markdown (``Explain what a *cluster* does``)."""
    from trainkit.reader.markdown import parse_inline

    return parse_inline(text)


def level_name(context: RenderContext, level: str) -> str:
    """A module level in the output language (unknown values are shown as written)."""
    names = {
        "introductory": context.language.gettext("introductory"),
        "intermediate": context.language.gettext("intermediate"),
        "advanced": context.language.gettext("advanced"),
    }
    return names.get(level, level)


def exercise_label(word: str, title: str) -> str:
    """"Exercise: Title", unless the title already says it ("Exercise: map your region")."""
    if not title:
        return word
    return title if title.casefold().startswith(word.casefold()) else f"{word}: {title}"


class _Builder:
    """One Word document being written from one module."""

    def __init__(self, module: m.Module, context: RenderContext, kind: str, picture_share: float = 1.0) -> None:
        self.module = module
        self.context = context
        self.words = context.language
        self.kind = kind
        """The document's name in the output language ("Handout"), for the cover and the header."""
        self.document = Document(str(context.template))
        _clear_body(self.document)
        ensure_styles(self.document)
        self.blocks = DocxBlocks(self.document, picture_share)
        self.offset = 0
        """Added to heading levels: 1 inside a course document, where each module is a Heading 1."""

    # --- small parts ---------------------------------------------------------------

    def paragraph(self, *styles: str, text: str = "", container=None):
        return self.blocks.paragraph(container if container is not None else self.document, styles, text)

    def heading(self, level: int, inlines: m.Inlines | str):
        paragraph = self.paragraph(f"Heading {min(level + self.offset, 3)}")
        self.blocks.inlines(paragraph, (m.Text(inlines),) if isinstance(inlines, str) else inlines)
        return paragraph

    def label(self, text: str, container=None):
        """A short bold line saying what follows ("Speaker notes", "Slide 5")."""
        return self.paragraph("Label", text=text, container=container)

    def bullets(self, texts: tuple[str, ...], container=None, checklist: bool = False) -> None:
        target = container if container is not None else self.document
        if checklist:
            for text in texts:
                paragraph = self.blocks.paragraph(target, ())
                paragraph.add_run("\u2610  ")  # a box to tick
                self.blocks.inlines(paragraph, _markdown(text))
            return
        items = tuple(m.ListItem((m.Paragraph(_markdown(t), m.Location("")),), m.Location("")) for t in texts)
        self.blocks.list(target, m.BulletList(items, m.Location("")))

    def prerequisites(self) -> str:
        """Prerequisite modules by their titles when the build passed them, else by id."""
        titles = dict(self.context.module_titles)
        return self.words.join([titles.get(i, i) for i in self.module.metadata.prerequisites])

    def duration(self, minutes: int | None) -> str:
        return self.words.duration(minutes) if minutes else ""

    def cover(self) -> None:
        meta = self.module.metadata
        self.paragraph("Title", text=meta.title)
        self.paragraph("Subtitle", text=self.kind)
        if meta.description:
            self.blocks.inlines(self.paragraph(), _markdown(meta.description))

    def facts(self, rows: list[tuple[str, object]]) -> None:
        """A two-column table of labels and values; a value is text or a function filling the cell."""
        rows = [(label, value) for label, value in rows if value]
        if not rows:
            return
        table = self.document.add_table(rows=len(rows), cols=2)
        style = self.blocks.style("Trainkit Table", "Table Grid")
        if style is not None:
            table.style = style
        _table_look(table, first_row=False)
        for row, (label, value) in zip(table.rows, rows):
            row.cells[0].paragraphs[0].add_run(label).bold = True
            cell = row.cells[1]
            if callable(value):
                value(cell)
                first = cell.paragraphs[0]
                if not first.text and len(cell.paragraphs) > 1:
                    first._p.getparent().remove(first._p)  # the cell's own empty paragraph
            else:
                self.blocks.inlines(cell.paragraphs[0], _markdown(str(value)))
        width = text_width(self.document)
        set_widths(table, [width * 3 // 10, width - width * 3 // 10])
        self.paragraph()

    def writing_lines(self, count: int, container=None) -> None:
        """Room to write: a "Your notes" label and ruled lines."""
        self.label(self.words.gettext("Your notes"), container)
        writing_lines(container if container is not None else self.document, count, text_width(self.document))
        self.paragraph(container=container)

    def exercise_box(self, div: m.Div, line: str, blocks: tuple[m.Block, ...]):
        """The exercise set apart: a shaded one-cell table with its label, title and instructions."""
        table = self.document.add_table(rows=1, cols=1)
        cell = table.cell(0, 0)
        _box(cell)
        set_widths(table, [text_width(self.document)])
        label = cell.paragraphs[0]
        label.style = self.document.styles["Label"]
        label.paragraph_format.space_before = Pt(2)
        label.add_run(line)
        if div.title:
            title = self.blocks.paragraph(cell, ())
            title.paragraph_format.keep_with_next = True
            title.add_run(div.title).bold = True
        self.blocks.blocks(cell, blocks)
        spacer = self.paragraph()
        spacer.paragraph_format.space_after = Pt(0)
        return cell

    def exercise_line(self, div: m.Div, *extra: str) -> str:
        parts = [*extra[:1], self.words.gettext("Exercise"), self.duration(div.duration), *extra[1:]]
        return " · ".join(p for p in parts if p)

    # --- whole document ----------------------------------------------------------

    def save(self, target: Path, title: str) -> None:
        header_footer(self.document, self.context, self.module.metadata.title, self.kind)
        set_language(self.document, self.words.tag)
        number_drawings(self.document)
        set_properties(self.document, self.context, title, self.kind, self.module)
        save_package(self.document, target, self.context.timestamp)

    def contents(self, marker) -> None:
        """Put the table of contents, listing Heading 1 and 2, where ``marker`` stands."""
        entries = [(int(p.style.name[-1]), p.text) for p in self.document.paragraphs
                   if p.style.name in ("Heading 1", "Heading 2") and p.text]
        add_toc(lambda text, style: marker.insert_paragraph_before(text, style), self.document, self.context,
                entries)
        marker._p.getparent().remove(marker._p)


def _clear_body(document) -> None:
    """Remove whatever text the template's body holds; its section settings stay."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def _table_look(table, first_row: bool) -> None:
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    for key, value in (("w:firstRow", first_row), ("w:lastRow", False), ("w:firstColumn", False),
                       ("w:lastColumn", False), ("w:noHBand", True), ("w:noVBand", True)):
        look.set(qn(key), "1" if value else "0")
    look.set(qn("w:val"), "0420" if first_row else "0600")  # the same flags as a bit mask, for older readers


def _box(cell) -> None:
    """Shading and a thick left border on a table cell."""
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side in ("top", "left", "bottom", "right"):
        border = OxmlElement(f"w:{side}")
        if side == "left":
            for key, value in (("w:val", "single"), ("w:sz", "24"), ("w:space", "0"),
                               ("w:color", EXERCISE_BORDER), ("w:themeColor", "accent2")):
                border.set(qn(key), value)
        else:
            border.set(qn("w:val"), "nil")
        borders.append(border)
    tc_pr.append(borders)
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", EXERCISE_FILL)):
        shading.set(qn(key), value)
    tc_pr.append(shading)
    margins = OxmlElement("w:tcMar")
    for side, width in (("top", 85), ("left", 170), ("bottom", 113), ("right", 170)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(width))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tc_pr.append(margins)


def _module_exercises(module: m.Module) -> list[m.Div]:
    """Every exercise of the module, in teaching order."""
    found: list[m.Div] = []
    for section in module.sections:
        found.extend(find_exercises(section.blocks))
        for slide in section.slides:
            found.extend(find_exercises(slide.blocks))
    return found


# --- handout ---------------------------------------------------------------------------


class HandoutWriter:
    """Writes ``handout.docx`` for participants: cover, objectives, content, exercises with room
    to write, key points. The handout view has no notes, facilitator blocks or solutions."""

    name = "handout"
    audience = "handout"
    filename = "handout.docx"
    template = "handout.docx"

    def write(self, module: m.Module, context: RenderContext, target: Path) -> None:
        doc = _Builder(module, context, context.language.gettext("Handout"))
        doc.cover()
        self.front(doc, module)
        page_break(doc.document)
        self.body(doc, module)
        doc.save(target, module.metadata.title)

    @staticmethod
    def front(doc: _Builder, module: m.Module) -> None:
        """The module's facts and learning objectives."""
        words, meta = doc.words, module.metadata
        doc.facts([
            (words.gettext("Duration"), doc.duration(meta.duration)),
            (words.gettext("Level"), level_name(doc.context, meta.level)),
            (words.gettext("Audience"), words.join(list(meta.audience))),
            (words.gettext("Prerequisites"), doc.prerequisites()),
        ])
        if meta.objectives:
            doc.heading(1, words.gettext("Learning objectives"))
            doc.bullets(meta.objectives)

    @staticmethod
    def body(doc: _Builder, module: m.Module) -> None:
        """Sections and slides as headings, exercises with room to write, key points."""
        words, meta = doc.words, module.metadata

        def on_div(container, div: m.Div, level: int) -> bool:
            if div.kind != "exercise":
                return False
            doc.exercise_box(div, doc.exercise_line(div), div.blocks)
            doc.writing_lines(max(4, min(12, (div.duration or 10) // 2)))
            return True

        doc.blocks.on_div = on_div
        for section in module.sections:
            if section.title:
                doc.heading(1, section.title)
            doc.blocks.blocks(doc.document, section.blocks)
            for slide in section.slides:
                doc.heading(2, slide.title)
                doc.blocks.blocks(doc.document, slide.blocks)
        if meta.key_points:
            doc.heading(1, words.gettext("Key points"))
            doc.bullets(meta.key_points)


# --- facilitator guide ---------------------------------------------------------------


class GuideWriter:
    """Writes ``facilitator-guide.docx``: cover and "at a glance", contents, the session plan,
    then slide by slide in deck order with notes, facilitator blocks, exercises and solutions."""

    name = "guide"
    audience = "guide"
    filename = "facilitator-guide.docx"
    template = "facilitator-guide.docx"

    def write(self, module: m.Module, context: RenderContext, target: Path) -> None:
        doc = _Builder(module, context, context.language.gettext("Facilitator guide"), picture_share=0.6)
        doc.cover()
        self.glance(doc, module)
        page_break(doc.document)
        toc_marker = doc.paragraph()
        self.plan(doc, module)
        page_break(doc.document)
        self.body(doc, module)
        doc.contents(toc_marker)
        doc.save(target, module.metadata.title)

    @staticmethod
    def glance(doc: _Builder, module: m.Module) -> None:
        """The "at a glance" table: duration, audience, level, objectives, materials, preparation."""
        words, meta = doc.words, module.metadata
        doc.heading(1, words.gettext("At a glance"))
        doc.facts([
            (words.gettext("Duration"), doc.duration(meta.duration)),
            (words.gettext("Audience"), words.join(list(meta.audience))),
            (words.gettext("Level"), level_name(doc.context, meta.level)),
            (words.gettext("Prerequisites"), doc.prerequisites()),
            (words.gettext("Learning objectives"), meta.objectives and (lambda c: doc.bullets(meta.objectives, c))),
            (words.gettext("Materials"), meta.materials and (lambda c: doc.bullets(meta.materials, c))),
            (words.gettext("Preparation"),
             meta.preparation and (lambda c: doc.bullets(meta.preparation, c, checklist=True))),
        ])

    def plan(self, doc: _Builder, module: m.Module) -> None:
        """The session plan table, when sections carry durations."""
        plan = session_plan(module)
        if plan:
            doc.heading(1, doc.words.gettext("Session plan"))
            self.plan_table(doc, plan)

    def body(self, doc: _Builder, module: m.Module) -> None:
        """Slide by slide in deck order, then the key points of the closing slide."""
        numbers = deck_numbers(module)
        self.slides(doc, module, session_plan(module), numbers)
        if module.metadata.key_points:
            doc.heading(1, doc.words.gettext("Key points"))
            doc.label(self.slide_label(doc, numbers.count + 1, numbers.count + 1))
            doc.bullets(module.metadata.key_points)

    # --- parts ---------------------------------------------------------------------

    @staticmethod
    def slide_label(doc: _Builder, first: int, last: int) -> str:
        shown = doc.words.number(first) if first == last else f"{doc.words.number(first)}–{doc.words.number(last)}"
        return doc.words.ngettext("Slide {n}", "Slides {n}", last - first + 1).format(n=shown)

    def plan_table(self, doc: _Builder, plan: list[PlanRow]) -> None:
        words = doc.words
        table = doc.document.add_table(rows=len(plan) + 2, cols=3)
        style = doc.blocks.style("Trainkit Table", "Table Grid")
        if style is not None:
            table.style = style
        _table_look(table, first_row=True)
        head = (words.gettext("Time"), words.gettext("Activity"), words.gettext("Duration"))
        for cell, text in zip(table.rows[0].cells, head):
            cell.paragraphs[0].add_run(text).bold = True
        repeat_header(table.rows[0])
        for row, step in zip(table.rows[1:], plan):
            cells = row.cells
            cells[0].paragraphs[0].add_run(f"{clock(step.start)}–{clock(step.end)}")
            activity = cells[1].paragraphs[0]
            if step.kind == "section":
                activity.add_run(step.label).bold = True
            else:
                activity.paragraph_format.left_indent = Pt(12)
                activity.add_run(exercise_label(words.gettext("Exercise"), step.label))
            cells[2].paragraphs[0].add_run(doc.duration(step.minutes))
        total = table.rows[-1].cells
        total[1].paragraphs[0].add_run(words.gettext("Total")).bold = True
        total[2].paragraphs[0].add_run(doc.duration(total_minutes(plan))).bold = True
        width = text_width(doc.document)
        set_widths(table, [width * 2 // 10, width * 6 // 10, width - width * 8 // 10])
        doc.paragraph()

    def slides(self, doc: _Builder, module: m.Module, plan: list[PlanRow], numbers) -> None:
        words = doc.words
        timing = {row.location: row for row in plan}

        def on_div(container, div: m.Div, level: int) -> bool:
            if div.kind == "exercise":
                row = timing.get(div.location)
                extra = [self.slide_label(doc, n, n) for n in [numbers.exercises.get(div.location)] if n]
                when = f"{clock(row.start)}–{clock(row.end)}" if row and row.minutes else ""
                doc.exercise_box(div, doc.exercise_line(div, *(extra or [""]), when), div.blocks)
                return True
            labels = {
                "notes": words.gettext("Speaker notes"),
                "facilitator": words.gettext("Facilitator notes"),
                "handout": words.gettext("Handout"),
                "solution": words.gettext("Solution"),
            }
            if div.kind not in labels:
                return False
            doc.label(labels[div.kind], container)
            doc.blocks.blocks(container, div.blocks, level)
            return True

        doc.blocks.on_div = on_div
        for i, section in enumerate(module.sections):
            if section.title:
                doc.heading(1, section.title)
                row = timing.get(section.location)
                facts = [self.slide_label(doc, numbers.sections[i], numbers.sections[i])]
                if row is not None and row.minutes:
                    facts.append(f"{clock(row.start)}–{clock(row.end)} ({doc.duration(row.minutes)})")
                doc.label(" · ".join(facts))
            doc.blocks.blocks(doc.document, section.blocks)
            for j, slide in enumerate(section.slides):
                doc.heading(2, slide.title)
                first, last = numbers.slides[(i, j)]
                doc.label(self.slide_label(doc, first, last))
                doc.blocks.blocks(doc.document, slide.blocks)


# --- exercise sheets ----------------------------------------------------------------------


class ExercisesWriter:
    """Writes ``exercises.docx``: the module's exercises alone, each on its own page with room to
    write; with ``context.with_solutions`` also ``solutions.docx``, the key for the trainer.

    It reads the guide view (solutions included) and takes the participants' part of each
    exercise through the views table. A module without exercises writes nothing.
    """

    name = "exercises"
    audience = "guide"
    filename = "exercises.docx"
    template = "handout.docx"
    solutions_filename = "solutions.docx"

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        """Write the sheets; return the files written (none when the module has no exercises)."""
        found = _module_exercises(module)
        key = target.with_name(self.solutions_filename)
        if not found:
            for stale in (target, key):
                stale.unlink(missing_ok=True)  # left from when the module had exercises
            return []
        self.sheets(module, context, found, target)
        if not getattr(context, "with_solutions", False):
            return [target]
        self.key(module, context, found, key)
        return [target, key]

    def sheets(self, module: m.Module, context: RenderContext, found: list[m.Div], target: Path) -> None:
        words = context.language
        doc = _Builder(module, context, words.gettext("Exercise sheet"))
        doc.paragraph("Title", text=module.metadata.title)
        doc.paragraph("Subtitle", text=doc.kind)
        for n, div in enumerate(found):
            if n:
                page_break(doc.document)
            doc.heading(1, div.title or words.gettext("Exercise"))
            doc.exercise_box(m.Div("exercise", (), div.location, duration=div.duration), doc.exercise_line(div),
                             filter_blocks(div.blocks, "handout"))
            doc.writing_lines(16)
        doc.save(target, module.metadata.title)

    def key(self, module: m.Module, context: RenderContext, found: list[m.Div], target: Path) -> None:
        words = context.language
        doc = _Builder(module, context, words.gettext("Solution key"))
        doc.paragraph("Title", text=module.metadata.title)
        doc.paragraph("Subtitle", text=doc.kind)

        def on_div(container, div: m.Div, level: int) -> bool:
            if div.kind != "solution":
                return False
            doc.label(words.gettext("Solution"), container)
            doc.blocks.blocks(container, div.blocks, level)
            return True

        doc.blocks.on_div = on_div
        for div in found:
            doc.heading(1, div.title or words.gettext("Exercise"))
            doc.label(doc.exercise_line(div))
            doc.blocks.blocks(doc.document, div.blocks)
        doc.save(target, module.metadata.title)


# --- course documents ---------------------------------------------------------------------


def write_course_document(writer: HandoutWriter | GuideWriter, course: m.Module, modules: list[m.Module],
                          context: RenderContext, target: Path) -> None:
    """A course handout or facilitator guide: the modules in order under one table of contents.

    ``course`` carries the course's title, description and id in module form (no sections);
    each module follows as a Heading 1 with its own parts one level down.
    """
    words = context.language
    guide = isinstance(writer, GuideWriter)
    kind = words.gettext("Facilitator guide") if guide else words.gettext("Handout")
    doc = _Builder(course, context, kind, picture_share=0.6 if guide else 1.0)
    doc.cover()
    page_break(doc.document)
    toc_marker = doc.paragraph()
    for module in modules:
        page_break(doc.document)
        doc.module, doc.offset = module, 0
        doc.heading(1, module.metadata.title)
        doc.offset = 1
        if guide:
            writer.glance(doc, module)
            writer.plan(doc, module)
        else:
            HandoutWriter.front(doc, module)
        writer.body(doc, module)
    doc.module, doc.offset = course, 0
    doc.contents(toc_marker)
    doc.save(target, course.metadata.title)
