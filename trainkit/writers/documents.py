"""Word writers: the participant handout, the facilitator guide, exercise sheets, the solution key,
and the course-wide handout and guide.

Each document is built on the shared base (trainkit.writers.docx_document) from a module already
in its writer's view, with trainkit's own words in the output language. Slide numbers come from
the deck plan in the render context; every document names its version, date and licence in its
footer.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docx.shared import Pt

from trainkit import model as m
from trainkit.errors import Location
from trainkit.plan import PlanRow, clock, session_plan, total_minutes
from trainkit.writers import RenderContext
from trainkit.writers.deckplan import DeckPlan
from trainkit.writers.docx_blocks import keep_short, repeat_header, set_widths
from trainkit.writers.docx_document import DocumentBuilder, table_look
from trainkit.writers.docx_parts import text_width

OPENING_KINDS = ("title", "questions", "objectives", "agenda")
"""Slides before the first section, which the guide explains under "Opening"."""


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


def prerequisites(context: RenderContext, module: m.Module) -> str:
    """Prerequisite modules by their titles in the output language (by id when unknown)."""
    titles = dict(context.module_titles)
    return context.language.join([titles.get(i, i) for i in module.metadata.prerequisites])


def exercise_names(module: m.Module) -> dict[Location, m.Inlines]:
    """Each exercise's name for its sheet: its own title, else the title of the slide it is on."""
    names: dict[Location, m.Inlines] = {}
    for section in module.sections:
        places = [(section.blocks, section.title), *((s.blocks, s.title) for s in section.slides)]
        for blocks, title in places:
            for block in m.walk(blocks):
                if isinstance(block, m.Exercise):
                    names[block.location] = block.title or title
    return names


def split_fields(exercise: m.Exercise) -> tuple[tuple[m.Block, ...], list[m.Fields]]:
    """(the exercise's instructions and material, its answer fields): fields go under the box."""
    return (tuple(b for b in exercise.blocks if not isinstance(b, m.Fields)),
            [b for b in exercise.blocks if isinstance(b, m.Fields)])


def answer_table(exercise: m.Exercise) -> bool:
    """Whether the exercise has a table to fill in: a row with text in its first cell only."""
    return any(isinstance(block, m.Table) and any(not any(c.inlines for c in row[1:]) for row in block.rows)
               for block in m.walk(exercise.blocks))


def exercise_box(doc: DocumentBuilder, exercise: m.Exercise, line: str, title: m.Inlines = (),
                 keep_fields: bool = False) -> list[m.Fields]:
    """The exercise set apart with its line, title, materials and instructions; returns its fields,
    to write under the box, unless ``keep_fields`` lists them in the box where the author put them."""
    instructions, fields = (exercise.blocks, []) if keep_fields else split_fields(exercise)
    materials = ((m.Strong((m.Text(doc.words.gettext("Material") + ": "),)), *exercise.materials)
                 if exercise.materials else ())
    doc.exercise_box(line, title, instructions, materials)
    return fields


# --- handout ---------------------------------------------------------------------------


class HandoutWriter:
    """Writes ``handout.docx`` for participants: a first page with what the module is for, then
    the content (handout-only text set apart as "In depth"), exercises with room to answer, and
    what to keep: key points, further reading, glossary. No notes, facilitator blocks or solutions."""

    name = "handout"
    scope = "module"
    view = "handout"
    filename = "handout.docx"
    template = "handout"
    default_template = "handout.docx"
    default = True
    needs_deck = False

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        doc = DocumentBuilder(context, context.language.gettext("Handout"))
        doc.cover(module.metadata.title, module.metadata.description)
        self.front(doc, module)
        self.body(doc, module)
        self.back(doc, module)
        return doc.save_module(target, module)

    @staticmethod
    def front(doc: DocumentBuilder, module: m.Module) -> None:
        """The module's facts, questions and learning objectives: the first page, under the title."""
        words, meta = doc.words, module.metadata
        doc.facts([
            (words.gettext("Duration"), doc.duration(meta.duration)),
            (words.gettext("Level"), level_name(doc.context, meta.level)),
            (words.gettext("Audience"), words.join(list(meta.audience))),
            (words.gettext("Prerequisites"), prerequisites(doc.context, module)),
        ])
        HandoutWriter.lists(doc, ((words.gettext("Questions"), meta.questions),
                                  (words.gettext("Learning objectives"), meta.objectives)))

    @staticmethod
    def lists(doc: DocumentBuilder, lists) -> None:
        """Each (title, items) with items as a part of its own: a heading over a bulleted list."""
        for title, items in lists:
            if items:
                doc.heading(1, title)
                doc.bullets(items)

    @staticmethod
    def body(doc: DocumentBuilder, module: m.Module) -> None:
        """Sections and slides as headings; exercises with their answer fields, or lines to write on."""

        def exercise(container, block: m.Exercise, level: int) -> None:
            fields = exercise_box(doc, block, doc.exercise_line(block), block.title)
            for field in fields:
                doc.blocks.visit(field, doc.document)
            if not fields:
                doc.writing_lines(4 if answer_table(block) else max(4, min(12, (block.duration or 10) // 2)))

        doc.blocks.on_exercise = exercise
        for section in module.sections:
            if section.title:
                doc.heading(1, section.title)
            doc.blocks.blocks(doc.document, section.blocks)
            for slide in section.slides:
                doc.heading(2, slide.title)
                doc.blocks.blocks(doc.document, slide.blocks)

    @staticmethod
    def back(doc: DocumentBuilder, module: m.Module) -> None:
        """What participants keep: key points, further reading and the module's glossary."""
        words, meta = doc.words, module.metadata
        HandoutWriter.lists(doc, ((words.gettext("Key points"), meta.key_points),
                                  (words.gettext("Further reading"), meta.reading)))
        if meta.glossary:
            doc.heading(1, words.gettext("Glossary"))
            for term, definition in meta.glossary:
                paragraph = doc.paragraph()
                paragraph.paragraph_format.space_after = Pt(4)
                doc.blocks.inlines(paragraph, (m.Strong((m.Text(term),)), m.Text(": "), *definition))


# --- facilitator guide ---------------------------------------------------------------


class GuideWriter:
    """Writes ``facilitator-guide.docx``: the first page with the module at a glance, contents
    (by slide) and the session plan, then every slide from the first to the last with what the
    facilitator says and does: notes, tips, exercises with timing and solutions."""

    name = "guide"
    scope = "module"
    view = "guide"
    filename = "facilitator-guide.docx"
    template = "guide"
    default_template = "facilitator-guide.docx"
    default = True
    needs_deck = True

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        doc = DocumentBuilder(context, context.language.gettext("Facilitator guide"), picture_share=0.6)
        doc.cover(module.metadata.title, module.metadata.description)
        self.glance(doc, module)
        doc.new_page()
        toc_marker = doc.paragraph()
        self.plan(doc, module)
        doc.new_page()
        where = self.body(doc, module, context.decks[module.id])
        doc.contents(toc_marker, where)
        return doc.save_module(target, module)

    @staticmethod
    def glance(doc: DocumentBuilder, module: m.Module) -> None:
        """"At a glance": duration, audience, level and prerequisites in a table; the questions,
        objectives, materials and preparation as labelled lists under it."""
        words, meta = doc.words, module.metadata
        doc.heading(1, words.gettext("At a glance"))
        doc.facts([
            (words.gettext("Duration"), doc.duration(meta.duration)),
            (words.gettext("Audience"), words.join(list(meta.audience))),
            (words.gettext("Level"), level_name(doc.context, meta.level)),
            (words.gettext("Prerequisites"), prerequisites(doc.context, module)),
        ])
        for label, items, checklist in ((words.gettext("Questions"), meta.questions, False),
                                        (words.gettext("Learning objectives"), meta.objectives, False),
                                        (words.gettext("Materials"), meta.materials, False),
                                        (words.gettext("Preparation"), meta.preparation, True)):
            if items:
                doc.label(label)
                doc.bullets(items, checklist=checklist)

    def plan(self, doc: DocumentBuilder, module: m.Module, start: dt.time | None = None) -> None:
        """The session plan table, when sections carry durations; with ``start``, in clock times."""
        plan = session_plan(module)
        if plan:
            doc.heading(1, doc.words.gettext("Session plan"))
            self.plan_table(doc, plan, module, start)

    def body(self, doc: DocumentBuilder, module: m.Module, deck: DeckPlan) -> dict:
        """Every slide in deck order: the opening slides, each section and slide, the closing; returns
        each heading's slides for the contents."""
        where: dict = {}
        self.opening(doc, deck, where)
        self.slides(doc, module, session_plan(module), deck, where)
        closing = deck.numbers("closing")
        if closing:
            heading = doc.heading(1, doc.words.gettext("Key points") if module.metadata.key_points
                                  else deck.slides[closing[0] - 1].title)
            where[heading._p] = self.slide_label(doc, closing[0], closing[-1])
            doc.label(where[heading._p])
            if module.metadata.key_points:
                doc.bullets(module.metadata.key_points)
            self.planned_notes(doc, deck, closing[-1])
        return where

    # --- parts ---------------------------------------------------------------------

    @staticmethod
    def slide_label(doc: DocumentBuilder, first: int, last: int) -> str:
        shown = doc.words.number(first) if first == last else f"{doc.words.number(first)}–{doc.words.number(last)}"
        return doc.words.ngettext("Slide {n}", "Slides {n}", last - first + 1).format(n=shown)

    def opening(self, doc: DocumentBuilder, deck: DeckPlan, where: dict) -> None:
        """The title, questions, objectives and agenda slides, with what to do on each."""
        opening = [n for n, s in enumerate(deck.slides, 1) if s.origin.kind in OPENING_KINDS]
        if not opening:
            return
        heading = doc.heading(1, doc.words.gettext("Opening"))
        where[heading._p] = self.slide_label(doc, opening[0], opening[-1])
        for number in opening:
            doc.label(f"{self.slide_label(doc, number, number)} · {m.plain_text(deck.slides[number - 1].title)}")
            self.planned_notes(doc, deck, number)

    @staticmethod
    def planned_notes(doc: DocumentBuilder, deck: DeckPlan, number: int) -> None:
        """The notes the deck plan gave a slide trainkit makes (title, agenda, closing…)."""
        for para in deck.slides[number - 1].notes:
            doc.blocks.inlines(doc.paragraph(), para.inlines, bold=para.kind == "label")

    def plan_table(self, doc: DocumentBuilder, plan: list[PlanRow], module: m.Module,
                   start: dt.time | None) -> None:
        """Time, activity, type, materials and duration. An exercise's minutes are part of its
        section's: they show in its time span and beside its name, never in the duration column."""
        words = doc.words
        materials = {e.location: e.materials for e in m.exercises(module)}
        base = dt.datetime.combine(dt.date(2000, 1, 1), start) if start else None

        def when(minutes: int) -> str:
            return words.time((base + dt.timedelta(minutes=minutes)).time()) if base else clock(minutes)

        table = doc.document.add_table(rows=len(plan) + 2, cols=5)
        style = doc.blocks.style("Trainkit Table", "Table Grid")
        if style is not None:
            doc.blocks.styles.set_table(table, style)
        table_look(table, first_row=True)
        head = (words.gettext("Time"), words.gettext("Activity"), words.gettext("Type"), words.gettext("Material"),
                words.gettext("Duration"))
        for cell, text in zip(table.rows[0].cells, head):
            cell.paragraphs[0].add_run(text).bold = True
        repeat_header(table.rows[0])
        for row, step in zip(table.rows[1:], plan):
            cells = row.cells
            # an untimed exercise has a start, not a span
            cells[0].paragraphs[0].add_run(f"{when(step.start)}–{when(step.end)}" if step.minutes
                                           else when(step.start))
            activity = cells[1].paragraphs[0]
            if step.kind == "section":
                activity.add_run(step.label).bold = True
                cells[2].paragraphs[0].add_run(words.gettext("Input and discussion"))
                cells[4].paragraphs[0].add_run(doc.duration(step.minutes))
            else:
                activity.paragraph_format.left_indent = Pt(12)
                name = exercise_label(words.gettext("Exercise"), step.label)
                activity.add_run(f"{name} ({doc.duration(step.minutes)})" if step.minutes else name)
                cells[2].paragraphs[0].add_run(words.gettext("Exercise"))
                doc.blocks.inlines(cells[3].paragraphs[0], materials.get(step.location, ()))
        total = table.rows[-1].cells
        total[1].paragraphs[0].add_run(words.gettext("Total")).bold = True
        total[4].paragraphs[0].add_run(doc.duration(total_minutes(plan))).bold = True
        width = text_width(doc.document)
        shares = (16, 36, 15, 17)
        widths = [width * s // 100 for s in shares]
        set_widths(table, widths + [width - sum(widths)])
        # a short plan stays on one page; a long one never leaves its total alone on the next
        keep_short(table, last=2)
        doc.spacer()

    def slides(self, doc: DocumentBuilder, module: m.Module, plan: list[PlanRow], deck: DeckPlan,
               where: dict) -> None:
        timing = {row.location: row for row in plan}
        shown: list[str] = [""]
        """The slide label printed above the block being written: the exercise box does not repeat it."""

        def exercise(container, block: m.Exercise, level: int) -> None:
            row = timing.get(block.location)
            number = deck.exercise(block.location)
            label = self.slide_label(doc, number, number) if number else ""
            extra = [label if label != shown[0] else ""]
            span = f"{clock(row.start)}–{clock(row.end)}" if row and row.minutes else ""
            # the answer fields stay in the box, before the solution, as the list of what the sheet asks
            exercise_box(doc, block, doc.exercise_line(block, *extra, span), block.title, keep_fields=True)

        doc.blocks.on_exercise = exercise
        doc.blocks.field_lines = 0  # the guide lists a sheet's answer fields without room to write
        for i, section in enumerate(module.sections):
            header = deck.section_header(i) if section.title else None
            if section.title:
                heading = doc.heading(1, section.title)
                row = timing.get(section.location)
                facts = [self.slide_label(doc, header, header)] if header else []
                where[heading._p] = facts[0] if facts else ""
                if row is not None and row.minutes:
                    facts.append(f"{clock(row.start)}–{clock(row.end)} ({doc.duration(row.minutes)})")
                doc.label(" · ".join(facts))
                shown[0] = facts[0] if header else ""
            doc.blocks.blocks(doc.document, section.blocks)
            for j, slide in enumerate(section.slides):
                heading = doc.heading(2, slide.title)
                numbers = deck.slide_range(i, j)
                shown[0] = self.slide_label(doc, *numbers) if numbers else ""
                if numbers:
                    where[heading._p] = shown[0]
                    doc.label(shown[0])
                doc.blocks.blocks(doc.document, slide.blocks)


# --- exercise sheets and the solution key --------------------------------------------------


class ExercisesWriter:
    """Writes ``exercises.docx``: each exercise on a page of its own that a participant can work
    from alone: its name, a name and group line, its duration and materials, its instructions and
    the material they refer to (the exercise's ``::: handout`` content), and room to answer shaped
    like the task (its ``::: fields``, an answer table, or lines). No solutions. A module without
    exercises writes nothing."""

    name = "exercises"
    scope = "module"
    view = "handout"
    filename = "exercises.docx"
    template = "handout"
    default_template = "handout.docx"
    default = True
    needs_deck = False

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        names = exercise_names(module)

        def sheet(doc: DocumentBuilder, n: int, exercise: m.Exercise) -> None:
            heading = doc.heading(1, names.get(exercise.location) or doc.words.gettext("Exercise"))
            heading.paragraph_format.page_break_before = bool(n)  # a page each, and never an empty one
            doc.name_line()
            fields = exercise_box(doc, exercise, doc.exercise_line(exercise))
            for field in fields:
                doc.blocks.visit(field, doc.document)
            if not fields:
                # an answer table is already room to write: a few lines for notes, and no page of them
                doc.writing_lines(5 if answer_table(exercise) else 12)

        return _exercise_document(module, context, context.language.gettext("Exercise sheet"), target, sheet)


class SolutionsWriter:
    """Writes ``solutions.docx``, the trainer's key to the exercise sheets: each exercise with its
    instructions and solutions (the guide view). Written with ``--with-solutions``."""

    name = "solutions"
    scope = "module"
    view = "guide"
    filename = "solutions.docx"
    template = "handout"
    default_template = "handout.docx"
    default = False
    needs_deck = False

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        names = exercise_names(module)

        def key(doc: DocumentBuilder, n: int, exercise: m.Exercise) -> None:
            doc.heading(1, names.get(exercise.location) or doc.words.gettext("Exercise"))
            # each page says what it is: a solution key page looks like a sheet otherwise
            doc.label(f"{doc.words.gettext('Solution key')} · {doc.exercise_line(exercise)}")
            doc.blocks.field_lines = 0
            doc.blocks.blocks(doc.document, exercise.blocks)

        return _exercise_document(module, context, context.language.gettext("Solution key"), target, key)


def _exercise_document(module: m.Module, context: RenderContext, kind: str, target: Path, draw) -> list[Path]:
    """A document of the module's exercises, each drawn by ``draw(doc, n, exercise)``; nothing
    (and no stale file left from an earlier build) when the module has none."""
    found = m.exercises(module)
    if not found:
        target.unlink(missing_ok=True)
        return []
    doc = DocumentBuilder(context, kind)
    for n, exercise in enumerate(found):
        draw(doc, n, exercise)
    return doc.save_module(target, module)


# --- course documents ---------------------------------------------------------------------


def _course_document(course: m.Course, context: RenderContext, kind: str, target: Path, picture_share: float,
                     module_part) -> list[Path]:
    """A course handout or guide: the modules in order under one table of contents, each module a
    Heading 1 with its own parts one level down (``module_part(doc, module)`` writes them and
    returns what the contents should show beside their headings)."""
    doc = DocumentBuilder(context, kind, picture_share)
    doc.cover(course.title, (m.Text(course.description),) if course.description else ())
    doc.new_page()
    toc_marker = doc.paragraph()
    where: dict = {}
    for module in course.modules:
        doc.new_page()
        doc.offset = 0
        doc.heading(1, module.metadata.title)
        doc.offset = 1
        where.update(module_part(doc, module) or {})
    doc.offset = 0
    doc.contents(toc_marker, where)
    return doc.save(target, title=course.title, description=(m.Text(course.description),), authors=course.authors,
                    identifier=course.id)


class CourseHandoutWriter:
    """Writes the course handout: every module's handout under one table of contents."""

    name = "course-handout"
    scope = "course"
    view = "handout"
    filename = "handout.docx"
    template = "handout"
    default_template = "handout.docx"
    default = True
    needs_deck = False

    def write(self, course: m.Course, context: RenderContext, target: Path) -> list[Path]:
        def part(doc: DocumentBuilder, module: m.Module) -> dict:
            HandoutWriter.front(doc, module)
            HandoutWriter.body(doc, module)
            HandoutWriter.back(doc, module)
            return {}

        return _course_document(course, context, context.language.gettext("Handout"), target, 1.0, part)


class CourseGuideWriter:
    """Writes the course facilitator guide: every module's guide under one table of contents, its
    session plan in the clock times of the course programme."""

    name = "course-guide"
    scope = "course"
    view = "guide"
    filename = "facilitator-guide.docx"
    template = "guide"
    default_template = "facilitator-guide.docx"
    default = True
    needs_deck = True

    def write(self, course: m.Course, context: RenderContext, target: Path) -> list[Path]:
        guide = GuideWriter()
        starts = {row.module: row.start for day in course.days for row in day if row.kind == "module"}

        def part(doc: DocumentBuilder, module: m.Module) -> dict:
            guide.glance(doc, module)
            guide.plan(doc, module, starts.get(module.id))
            return guide.body(doc, module, context.decks[module.id])

        return _course_document(course, context, context.language.gettext("Facilitator guide"), target, 0.6, part)
