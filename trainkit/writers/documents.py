"""Word writers: the participant handout, the facilitator guide, exercise sheets, the solution key,
and the course-wide handout and guide.

Each document is built on the shared base (trainkit.writers.docx_document) from a module already
in its writer's view: a cover, then the content in the module's order, with trainkit's own words
in the output language. Slide numbers come from the deck plan in the render context.
"""

from __future__ import annotations

from pathlib import Path

from docx.shared import Pt

from trainkit import model as m
from trainkit.plan import PlanRow, clock, session_plan, total_minutes
from trainkit.writers import RenderContext
from trainkit.writers.deckplan import DeckPlan
from trainkit.writers.docx_blocks import repeat_header, set_widths
from trainkit.writers.docx_document import DocumentBuilder, table_look
from trainkit.writers.docx_parts import page_break, text_width


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


# --- handout ---------------------------------------------------------------------------


class HandoutWriter:
    """Writes ``handout.docx`` for participants: cover, objectives, content, exercises with room
    to write, key points. The handout view has no notes, facilitator blocks or solutions."""

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
        page_break(doc.document)
        self.body(doc, module)
        return doc.save_module(target, module)

    @staticmethod
    def front(doc: DocumentBuilder, module: m.Module) -> None:
        """The module's facts and learning objectives."""
        words, meta = doc.words, module.metadata
        doc.facts([
            (words.gettext("Duration"), doc.duration(meta.duration)),
            (words.gettext("Level"), level_name(doc.context, meta.level)),
            (words.gettext("Audience"), words.join(list(meta.audience))),
            (words.gettext("Prerequisites"), prerequisites(doc.context, module)),
        ])
        if meta.objectives:
            doc.heading(1, words.gettext("Learning objectives"))
            doc.bullets(meta.objectives)

    @staticmethod
    def body(doc: DocumentBuilder, module: m.Module) -> None:
        """Sections and slides as headings, exercises with room to write, key points."""

        def exercise(container, block: m.Exercise, level: int) -> None:
            doc.exercise_box(doc.exercise_line(block), block.title, block.blocks)
            doc.writing_lines(max(4, min(12, (block.duration or 10) // 2)))

        doc.blocks.on_exercise = exercise
        for section in module.sections:
            if section.title:
                doc.heading(1, section.title)
            doc.blocks.blocks(doc.document, section.blocks)
            for slide in section.slides:
                doc.heading(2, slide.title)
                doc.blocks.blocks(doc.document, slide.blocks)
        if module.metadata.key_points:
            doc.heading(1, doc.words.gettext("Key points"))
            doc.bullets(module.metadata.key_points)


# --- facilitator guide ---------------------------------------------------------------


class GuideWriter:
    """Writes ``facilitator-guide.docx``: cover and "at a glance", contents, the session plan,
    then slide by slide in deck order with notes, facilitator blocks, exercises and solutions."""

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
        page_break(doc.document)
        toc_marker = doc.paragraph()
        self.plan(doc, module)
        page_break(doc.document)
        self.body(doc, module, context.decks[module.id])
        doc.contents(toc_marker)
        return doc.save_module(target, module)

    @staticmethod
    def glance(doc: DocumentBuilder, module: m.Module) -> None:
        """The "at a glance" table: duration, audience, level, objectives, materials, preparation."""
        words, meta = doc.words, module.metadata
        doc.heading(1, words.gettext("At a glance"))
        doc.facts([
            (words.gettext("Duration"), doc.duration(meta.duration)),
            (words.gettext("Audience"), words.join(list(meta.audience))),
            (words.gettext("Level"), level_name(doc.context, meta.level)),
            (words.gettext("Prerequisites"), prerequisites(doc.context, module)),
            (words.gettext("Learning objectives"), meta.objectives and (lambda c: doc.bullets(meta.objectives, c))),
            (words.gettext("Materials"), meta.materials and (lambda c: doc.bullets(meta.materials, c))),
            (words.gettext("Preparation"),
             meta.preparation and (lambda c: doc.bullets(meta.preparation, c, checklist=True))),
        ])

    def plan(self, doc: DocumentBuilder, module: m.Module) -> None:
        """The session plan table, when sections carry durations."""
        plan = session_plan(module)
        if plan:
            doc.heading(1, doc.words.gettext("Session plan"))
            self.plan_table(doc, plan)

    def body(self, doc: DocumentBuilder, module: m.Module, deck: DeckPlan) -> None:
        """Slide by slide in deck order, then the key points of the closing slide."""
        self.slides(doc, module, session_plan(module), deck)
        if module.metadata.key_points:
            doc.heading(1, doc.words.gettext("Key points"))
            closing = deck.numbers("closing")
            doc.label(self.slide_label(doc, closing[0], closing[-1]))
            doc.bullets(module.metadata.key_points)

    # --- parts ---------------------------------------------------------------------

    @staticmethod
    def slide_label(doc: DocumentBuilder, first: int, last: int) -> str:
        shown = doc.words.number(first) if first == last else f"{doc.words.number(first)}–{doc.words.number(last)}"
        return doc.words.ngettext("Slide {n}", "Slides {n}", last - first + 1).format(n=shown)

    def plan_table(self, doc: DocumentBuilder, plan: list[PlanRow]) -> None:
        words = doc.words
        table = doc.document.add_table(rows=len(plan) + 2, cols=3)
        style = doc.blocks.style("Trainkit Table", "Table Grid")
        if style is not None:
            doc.blocks.styles.set_table(table, style)
        table_look(table, first_row=True)
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

    def slides(self, doc: DocumentBuilder, module: m.Module, plan: list[PlanRow], deck: DeckPlan) -> None:
        timing = {row.location: row for row in plan}

        def exercise(container, block: m.Exercise, level: int) -> None:
            row = timing.get(block.location)
            number = deck.exercise(block.location)
            extra = [self.slide_label(doc, number, number)] if number else [""]
            when = f"{clock(row.start)}–{clock(row.end)}" if row and row.minutes else ""
            doc.exercise_box(doc.exercise_line(block, *extra, when), block.title, block.blocks)

        doc.blocks.on_exercise = exercise
        for i, section in enumerate(module.sections):
            header = deck.section_header(i) if section.title else None
            if section.title:
                doc.heading(1, section.title)
                row = timing.get(section.location)
                facts = [self.slide_label(doc, header, header)] if header else []
                if row is not None and row.minutes:
                    facts.append(f"{clock(row.start)}–{clock(row.end)} ({doc.duration(row.minutes)})")
                doc.label(" · ".join(facts))
            doc.blocks.blocks(doc.document, section.blocks)
            for j, slide in enumerate(section.slides):
                doc.heading(2, slide.title)
                numbers = deck.slide_range(i, j)
                if numbers:
                    doc.label(self.slide_label(doc, *numbers))
                doc.blocks.blocks(doc.document, slide.blocks)


# --- exercise sheets and the solution key --------------------------------------------------


class ExercisesWriter:
    """Writes ``exercises.docx``: the module's exercises alone, each on its own page with room to
    write, as participants see them (the handout view: no solutions). A module without exercises
    writes nothing."""

    name = "exercises"
    scope = "module"
    view = "handout"
    filename = "exercises.docx"
    template = "handout"
    default_template = "handout.docx"
    default = True
    needs_deck = False

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        def sheet(doc: DocumentBuilder, n: int, exercise: m.Exercise) -> None:
            if n:
                page_break(doc.document)
            doc.heading(1, exercise.title or doc.words.gettext("Exercise"))
            doc.exercise_box(doc.exercise_line(exercise), (), exercise.blocks)
            doc.writing_lines(16)

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
        def key(doc: DocumentBuilder, n: int, exercise: m.Exercise) -> None:
            doc.heading(1, exercise.title or doc.words.gettext("Exercise"))
            doc.label(doc.exercise_line(exercise))
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
    doc.paragraph("Title", text=module.metadata.title)
    doc.paragraph("Subtitle", text=doc.kind)
    for n, exercise in enumerate(found):
        draw(doc, n, exercise)
    return doc.save_module(target, module)


# --- course documents ---------------------------------------------------------------------


def _course_document(course: m.Course, context: RenderContext, kind: str, target: Path, picture_share: float,
                     module_part) -> list[Path]:
    """A course handout or guide: the modules in order under one table of contents, each module a
    Heading 1 with its own parts one level down (``module_part(doc, module)`` writes them)."""
    doc = DocumentBuilder(context, kind, picture_share)
    doc.cover(course.title, (m.Text(course.description),) if course.description else ())
    page_break(doc.document)
    toc_marker = doc.paragraph()
    for module in course.modules:
        page_break(doc.document)
        doc.offset = 0
        doc.heading(1, module.metadata.title)
        doc.offset = 1
        module_part(doc, module)
    doc.offset = 0
    doc.contents(toc_marker)
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
        def part(doc: DocumentBuilder, module: m.Module) -> None:
            HandoutWriter.front(doc, module)
            HandoutWriter.body(doc, module)

        return _course_document(course, context, context.language.gettext("Handout"), target, 1.0, part)


class CourseGuideWriter:
    """Writes the course facilitator guide: every module's guide under one table of contents."""

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

        def part(doc: DocumentBuilder, module: m.Module) -> None:
            guide.glance(doc, module)
            guide.plan(doc, module)
            guide.body(doc, module, context.decks[module.id])

        return _course_document(course, context, context.language.gettext("Facilitator guide"), target, 0.6, part)
