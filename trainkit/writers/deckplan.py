"""The deck plan: which slides a module's deck has, what each one shows, and why. Pure.

It is computed from the slides view of a localised module and the template's geometry, before
any python-pptx object exists: content is measured (trainkit.writers.fit) and what does not fit
on one slide at a readable size continues on slides titled "… (continued)". The pptx writer only
draws the plan; the facilitator guide, the session plan and everything else that names slide
numbers read them from it, so the numbers they print are the deck's.

A deck is: the title slide, the questions the module answers and its learning objectives (when
there are any), an agenda (two or more titled sections), then per section its header slide and
per ``##`` its slides (``---`` starts another), each exercise on a slide of its own, and a
closing slide. Asides (Workbench callouts, discussions…) are shaded boxes. Content the reader
marked as prose gets a slide per ``###`` heading and is split at paragraphs, never set below
PROSE_FLOOR.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Literal

from trainkit import model as m
from trainkit.errors import Location
from trainkit.i18n import words
from trainkit.i18n.ui import OutputLanguage
from trainkit.writers import fit
from trainkit.writers.layouts import Area, Box, DeckGeometry, LayoutGeometry, fitted
from trainkit.writers.slidetext import TextPara, aside_colours, block_paras, measurable, spans

CAPTION_SIZE = 14.0
TEXT_ABOVE_TABLE = 0.35
"""Share of the body a paragraph may take above a table on the same slide."""
GAP = 182880
"""Space between stacked shapes (0.2 in)."""
MIN_PICTURE_SCALE = 0.5
"""Below half its natural size a picture's labels are too small to read from the back of a room."""
PX = 9525
"""EMU per CSS pixel (96 per inch)."""
NOTES_SIZE = 12.0
"""Notes pages are read by the presenter at arm's length: the notes master's 12 pt."""
PROSE_FLOOR = fit.SPLIT_SIZE
"""No text on a prose slide under this size (points): prose is read, not glanced at."""
ASIDE_PAD = 137160
"""Space between an aside's box and its text (0.15 in)."""
ASIDE_BAR = 73152
"""Width of the accent bar on an aside's left edge (0.08 in)."""

Slot = Literal["content", "subtitle", "caption", "header", "free"]
"""A placeholder by what trainkit puts in it (see ``slide_template.layout_roles``); ``free`` is a
text box of its own at the part's box (text under an aside)."""


@dataclass(frozen=True)
class TextPart:
    """Paragraphs written into a placeholder at one body size."""

    slot: Slot
    index: int
    paras: tuple[TextPara, ...]
    size: float | None
    """Body size in points; None keeps the template's size (column headers)."""
    box: Box | None = None
    """Where the placeholder is moved to (text above a table); None leaves it where the layout has it.
    For a ``free`` part: where its text goes (the text box has no margins)."""
    plain: bool = False
    """Unbulleted lines as they are (column headers)."""


@dataclass(frozen=True)
class PicturePart:
    """Pictures stacked in a box, each with its caption under it."""

    images: tuple[m.Image, ...]
    box: Box
    slot: Slot | None = None
    """The placeholder the first picture takes the place of; None to place it freely."""
    index: int = 0
    captions: bool = False
    """Show each picture's caption under it: only when a slide shows more than one picture, as
    the slide's title already names a picture shown alone (and it gets the whole area)."""


@dataclass(frozen=True)
class TablePart:
    """A native table: the header row and some body rows, at the fitted size and widths."""

    table: m.Table
    rows: tuple[int, ...]
    layout: fit.TableFit
    box: Box
    replaces: int | None = None
    """Index of the content placeholder the table takes the place of; None to place it freely."""


@dataclass(frozen=True)
class AsidePart:
    """An aside as a shaded box with an accent bar on its left: its label and content at one size."""

    paras: tuple[TextPara, ...]
    size: float
    box: Box
    """The whole box; the text sits ASIDE_PAD inside it (and right of the bar)."""
    fill: str
    """Box colour, hex RGB."""
    accent: str
    """Bar colour, hex RGB."""

    @property
    def text_box(self) -> Box:
        return self.box.inset(ASIDE_BAR + ASIDE_PAD, ASIDE_PAD, ASIDE_PAD, ASIDE_PAD)


Part = TextPart | PicturePart | TablePart | AsidePart


@dataclass(frozen=True)
class Origin:
    """What part of the module a slide shows."""

    kind: Literal["title", "questions", "objectives", "agenda", "section", "content", "exercise", "closing"]
    section: int | None = None
    """Index of the section in the module."""
    slide: int | None = None
    """Index of the ``##`` slide in its section."""
    exercise: Location | None = None


@dataclass(frozen=True)
class PlannedSlide:
    """One slide of the deck, decided and measured, ready to draw."""

    layout: str
    """The layout asked for (``Title and Content``); the template's fallbacks pick the real one."""
    title: m.Inlines
    title_size: float
    parts: tuple[Part, ...]
    notes: tuple[TextPara, ...]
    location: Location
    """Where the slide's content comes from in the module file."""
    origin: Origin
    continues: int | None = None
    """Number of the slide this one continues (same source, same title), else None."""
    split: Literal["", "break", "overflow", "exercise", "pictures", "heading"] = ""
    """Why this slide is not part of the one it continues: a ``---``, content that did not fit,
    an exercise that has a slide of its own, pictures that need a slide of their own, or a ``###``
    heading in prose (each starts a slide, titled with the heading)."""
    footer: bool = True
    branding: bool = False
    """Title and closing slides: the funder's emblem and acknowledgement and the logo in a band
    at the bottom (other slides carry the acknowledgement in their footer)."""


@dataclass(frozen=True)
class DeckPlan:
    """Every slide of a deck, in order; slide numbers are positions in ``slides`` plus one."""

    slides: tuple[PlannedSlide, ...]
    warnings: tuple[tuple[Location, str, str], ...] = ()
    """(location, message, code) of what a presenter should know, such as a picture shown too small."""

    def numbers(self, kind: str, section: int | None = None, slide: int | None = None) -> list[int]:
        return [n for n, s in enumerate(self.slides, 1)
                if s.origin.kind == kind and (section is None or s.origin.section == section)
                and (slide is None or s.origin.slide == slide)]

    def section_header(self, section: int) -> int | None:
        """Number of a titled section's header slide."""
        found = self.numbers("section", section)
        return found[0] if found else None

    def slide_range(self, section: int, slide: int) -> tuple[int, int] | None:
        """First and last number of the slides a ``##`` slide became (continuations and exercises included)."""
        found = [n for n, s in enumerate(self.slides, 1)
                 if s.origin.section == section and s.origin.slide == slide]
        return (found[0], found[-1]) if found else None

    def exercise(self, location: Location) -> int | None:
        """Number of an exercise's own slide."""
        return next((n for n, s in enumerate(self.slides, 1) if s.origin.exercise == location), None)

    @property
    def closing(self) -> int:
        return len(self.slides)


# --- planning ---------------------------------------------------------------------------


def _visual(block: m.Block) -> bool:
    return isinstance(block, (m.Image, m.Table))


def _split_notes(blocks) -> tuple[list[m.Block], list[m.Block]]:
    """(blocks without speaker notes, the notes' blocks): notes at any depth go to the notes page,
    except inside an exercise, which keeps them for the notes of its own slide."""
    notes: list[m.Block] = []

    def visit(block: m.Block, ancestors) -> m.Block | None:
        if any(isinstance(a, m.Exercise) for a in ancestors):
            return block
        if isinstance(block, m.Notes):
            notes.extend(block.blocks)
            return None
        return block

    return list(m.map_blocks(tuple(blocks), visit)), notes


def _hoist_visuals(blocks, keep_top: bool = True) -> tuple[list[m.Block], list[m.Block]]:
    """(blocks, pictures and tables taken out of them): a slide cannot lay out a picture or a table
    inside a sentence, a list item, a quote or an exercise, so those follow the text on slides of their own.
    Columns keep theirs (they lay them out); ``keep_top`` keeps the ones standing on their own."""
    moved: list[m.Block] = []

    def visit(block: m.Block, ancestors) -> m.Block | None:
        if isinstance(block, (m.Image, m.Table)) and (ancestors or not keep_top):
            moved.append(block)
            return None
        if isinstance(block, (m.Paragraph, m.Heading)):
            moved.extend(m.inline_images(block.inlines))  # pictures in a sentence follow the text
        return block

    kept: list[m.Block] = []
    for block in blocks:
        kept.extend([block] if isinstance(block, m.Columns) else m.map_blocks((block,), visit))
    return kept, moved


@dataclass
class _Unit:
    """Consecutive content of one slide, or one exercise."""

    blocks: list[m.Block] = field(default_factory=list)
    exercise: m.Exercise | None = None


class _Planner:
    """Plans one deck; ``slides`` grows as the module is walked."""

    def __init__(self, module: m.Module, geometry: DeckGeometry, language: OutputLanguage,
                 timestamp: dt.datetime, region_name: str) -> None:
        self.module = module
        self.geometry = geometry
        self.language = language
        self.timestamp = timestamp
        self.region_name = region_name
        self.metrics = fit.metrics()
        self.slides: list[PlannedSlide] = []
        self.incremental = False
        """Lists appear item by item unless marked otherwise."""
        self.origin = Origin("title")
        self.location = Location(module.path)
        self.prose = False
        """Planning prose: text sizes stay at PROSE_FLOOR or above."""

    # --- helpers ---------------------------------------------------------------------

    def word(self, text: str) -> m.Inlines:
        return (m.Text(self.language.gettext(text)),)

    def continued(self, title: m.Inlines) -> m.Inlines:
        return tuple(title) + (m.Text(" " + self.language.gettext("(continued)")),)

    def meta_line(self, key: str) -> Location:
        return Location(self.module.path, self.module.metadata.lines.get(key, 1))

    @staticmethod
    def layout_sizes(layout: LayoutGeometry) -> tuple[float, ...]:
        """Body sizes from the layout's own size down to the floor, largest first."""
        largest = layout.contents[0].size if layout.contents else 24.0
        return tuple(s for s in fit.BODY_SIZES if s <= max(largest, fit.BODY_FLOOR)) or (fit.BODY_FLOOR,)

    def body_sizes(self, layout: LayoutGeometry) -> tuple[float, ...]:
        """Body sizes to try, largest first; for prose none under PROSE_FLOOR (its paragraphs carry
        that floor, so code and sub-items, smaller than the body elsewhere, stay readable too)."""
        sizes = self.layout_sizes(layout)
        if self.prose:
            sizes = tuple(s for s in sizes if s >= PROSE_FLOOR) or (PROSE_FLOOR,)
        return sizes

    def text_area(self, layout: LayoutGeometry) -> Box:
        """The text box of the first content area (the master's body when the layout has none)."""
        return layout.contents[0].text if layout.contents else self.geometry.master_body

    def fit(self, paras: list[TextPara], box: Box, sizes) -> fit.TextFit:
        return fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt, self.metrics, sizes)

    def add(self, layout_name: str, title: m.Inlines, parts: list[Part], *, footer: bool = True,
            continued: bool = False, split: str = "", branding: bool = False) -> PlannedSlide:
        """Plan one slide; a continued slide gets "(continued)" after its title."""
        layout = self.geometry.layout(layout_name)
        pictures = [image for part in parts if isinstance(part, PicturePart) for image in part.images]
        if len(pictures) > 1:
            parts = [replace(part, captions=True) if isinstance(part, PicturePart) else part for part in parts]
        shown = self.continued(title) if continued else tuple(title)
        size, _ = fit.fit_title(spans(shown), layout.title.w_pt, layout.title.h_pt, self.metrics, layout.title_size)
        before = len(self.slides)
        slide = PlannedSlide(layout_name, shown, size, tuple(parts), (), self.location, self.origin,
                             before if (continued or split) and before else None, split if before else "",
                             footer, branding)
        self.slides.append(slide)
        return slide

    def attach_notes(self, number: int, blocks: list[m.Block]) -> None:
        """Speaker notes on slide ``number`` (1-based), after any it already has."""
        self.add_notes(number, block_paras(blocks, self.language.gettext, notes=True))

    def add_notes(self, number: int, paras: list[TextPara]) -> None:
        paras = [replace(p, floor=NOTES_SIZE) for p in paras]
        if paras:
            slide = self.slides[number - 1]
            self.slides[number - 1] = replace(slide, notes=slide.notes + tuple(paras))

    def text_slides(self, layout_name: str, title: m.Inlines, paras: list[TextPara], continued: bool = False,
                    footer: bool = True) -> list[PlannedSlide]:
        """``paras`` on as many slides of ``layout_name`` as they need."""
        layout = self.geometry.layout(layout_name)
        box = self.text_area(layout)
        result = self.fit(paras, box, self.body_sizes(layout))
        made = []
        for i, page in enumerate(result.pages):
            size = result.size
            shown = [paras[j] for j in page]
            if self.prose and page and not self.fit(shown, box, (size,)).fits_one:
                # one paragraph taller than a slide even alone: the one place prose may be smaller
                shown = [replace(p, floor=fit.BODY_FLOOR) for p in shown]
                size = self.fit(shown, box, self.layout_sizes(layout)).size
            parts = [TextPart("content", 0, tuple(rebased(shown)), size)] if page else []
            made.append(self.add(layout_name, title, parts, footer=footer, continued=bool(i or continued),
                                 split="overflow" if i else ""))
        return made

    # --- deck parts -----------------------------------------------------------------------

    def title_slide(self) -> None:
        meta = self.module.metadata
        self.origin, self.location = Origin("title"), self.meta_line("title")
        layout = self.geometry.layout("Title Slide")
        facts = []
        if meta.version:
            facts.append(self.language.gettext("Version %(version)s") % {"version": meta.version})
        facts.append(self.language.date(self.timestamp.date()))
        if self.region_name:
            facts.append(self.region_name)
        paras = [TextPara(meta.description, "plain")] if meta.description else []
        paras.append(TextPara((m.Text(" · ".join(facts)),), "plain", 1, keep_with_previous=True))
        parts: list[Part] = []
        target = layout.target
        if target is not None:
            sizes = tuple(s for s in fit.BODY_SIZES if s <= target.size) or (fit.BODY_FLOOR,)
            parts.append(TextPart("subtitle", 0, tuple(paras), self.fit(paras, target.text, sizes).size))
        self.add("Title Slide", (m.Text(meta.title),), parts, footer=False, branding=True)

    def questions_slide(self) -> None:
        """The questions the module answers, before its objectives, as the Workbench opens an episode."""
        questions = self.module.metadata.questions
        if questions:
            self.origin, self.location = Origin("questions"), self.meta_line("questions")
            self.text_slides("Title and Content", self.word("Questions"),
                             [TextPara(text, "bullet") for text in questions])

    def objectives_slide(self) -> None:
        objectives = self.module.metadata.objectives
        if objectives:
            self.origin, self.location = Origin("objectives"), self.meta_line("objectives")
            self.text_slides("Title and Content", self.word("Learning objectives"),
                             [TextPara(text, "bullet") for text in objectives])

    def agenda_slide(self) -> None:
        sections = [s for s in self.module.sections if s.title]
        if len(sections) < 2:
            return
        self.origin, self.location = Origin("agenda"), sections[0].location
        paras = []
        for section in sections:
            inlines = tuple(section.title)
            if section.duration:
                inlines += (m.Text(" – " + self.language.duration(section.duration)),)
            paras.append(TextPara(inlines, "bullet"))
        self.text_slides("Title and Content", self.word("Agenda"), paras)

    def section_slides(self, index: int, section: m.Section) -> None:
        """The section header (title, duration and a short introduction); a longer introduction,
        pictures or exercises before the first ``##`` follow on their own slides."""
        self.origin, self.location = Origin("section", index), section.location
        layout = self.geometry.layout("Section Header")
        target = layout.target
        rest, notes = _split_notes(section.blocks)
        paras = [TextPara((m.Text(self.language.duration(section.duration)),), "plain")] if section.duration else []
        intro = self.paras(rest)
        if intro and target is not None and not any(_visual(b) or isinstance(b, (m.Exercise, m.Columns))
                                                     for b in rest):
            candidate = paras + [replace(p, keep_with_previous=True) for p in intro]
            if self.fit(candidate, target.text, (20, 18)).fits_one:
                paras, rest = candidate, []
        parts: list[Part] = []
        if paras and target is not None:
            parts.append(TextPart("subtitle", 0, tuple(paras), self.fit(paras, target.text, (20, 18, 16, 14)).size))
        self.add("Section Header", section.title, parts, footer=False)
        self.attach_notes(len(self.slides), notes)
        self.units(section.title, rest, "", prose=section.prose)

    def untitled_section(self, index: int, section: m.Section) -> None:
        """Content before the first ``#``: slides under the module's title."""
        self.origin, self.location = Origin("section", index), section.location
        body, notes = _split_notes(section.blocks)
        first = len(self.slides)
        self.units((m.Text(self.module.metadata.title),), body, "", prose=section.prose)
        if len(self.slides) > first:
            self.attach_notes(first + 1, notes)

    def content_slide(self, section_index: int, slide_index: int, item: m.Slide) -> None:
        self.origin, self.location = Origin("content", section_index, slide_index), item.location
        for n, part in enumerate(m.split_at_breaks(item.blocks)):
            body, notes = _split_notes(part)
            first = len(self.slides)
            # a forced break continues with the same title, as the author asked for a new slide
            self.units(item.title, body, item.layout, always=True, split="break" if n else "", prose=item.prose)
            if len(self.slides) > first:
                self.attach_notes(first + 1, notes)

    def closing_slide(self) -> None:
        points = self.module.metadata.key_points
        self.origin, self.location = Origin("closing"), self.meta_line("key_points")
        if points:
            self.text_slides("Closing", self.word("Key points"), [TextPara(t, "bullet") for t in points],
                             footer=False)
        else:
            self.text_slides("Closing", self.word("Thank you"), [TextPara(self.word("Questions and discussion"))],
                             footer=False)
        self.slides[-1] = replace(self.slides[-1], branding=True)

    def guidance(self) -> None:
        """Short notes in the output language for slides the author wrote none for: what a
        presenter does with the title, objectives, agenda, section and closing slides, and where
        a continued slide began."""
        meta = self.module.metadata
        total = self.language.duration(meta.duration)
        texts = {
            "title": self.language.gettext(words.GUIDE_TITLE).format(title=meta.title, duration=total),
            "questions": self.language.gettext(words.GUIDE_QUESTIONS),
            "objectives": self.language.gettext(words.GUIDE_OBJECTIVES),
            "agenda": self.language.gettext(words.GUIDE_AGENDA).format(duration=total),
            "closing": self.language.gettext(words.GUIDE_CLOSING),
        }
        for n, slide in enumerate(self.slides):
            if slide.notes:
                continue
            text = texts.get(slide.origin.kind, "")
            if slide.origin.kind == "section" and slide.continues is None:
                minutes = self.module.sections[slide.origin.section].duration
                text = (self.language.gettext(words.GUIDE_SECTION_TIMED).format(duration=self.language.duration(minutes))
                        if minutes else self.language.gettext(words.GUIDE_SECTION))
            if slide.continues is not None and not text:
                text = self.language.gettext(words.GUIDE_CONTINUED).format(n=self.language.number(slide.continues))
            if text:
                self.add_notes(n + 1, [TextPara((m.Text(text),))])

    # --- content --------------------------------------------------------------------------

    def units(self, title: m.Inlines, blocks: list[m.Block], layout: str, always: bool = False,
              split: str = "", prose: bool = False) -> list[PlannedSlide]:
        """Slides for ``blocks``: content slides, with each exercise on a slide of its own.
        ``split`` is why the first of them is not part of the slide before (a ``---``); ``prose``
        plans the content as prose (see ``prose_slides``)."""
        units: list[_Unit] = [_Unit()]
        for block in blocks:
            if isinstance(block, m.Exercise):
                units.append(_Unit(exercise=block))
                units.append(_Unit())
            else:
                units[-1].blocks.append(block)
        units = [u for u in units if u.exercise is not None or u.blocks]
        first = len(self.slides)
        made: list[PlannedSlide] = []
        for unit in units:
            start = len(self.slides)
            if unit.exercise is not None:
                made.extend(self.exercise_slides(unit.exercise, title if not made else ()))
                if made and start < len(self.slides) and start > first:
                    self.slides[start] = replace(self.slides[start], split="exercise", continues=None)
            elif prose:
                made.extend(self.prose_slides(title, unit.blocks, layout, continued=bool(made)))
            else:
                body, visuals = _hoist_visuals(unit.blocks)
                made.extend(self.content_slides(title, body + visuals, layout, continued=bool(made)))
        if not made and always:  # a ## always makes a slide, even when all it holds is notes
            made.append(self.add(layout or "Title and Content", title, []))
        if split and first < len(self.slides):
            self.slides[first] = replace(self.slides[first], split=split, continues=first or None)
        return made

    def exercise_slides(self, exercise: m.Exercise, title: m.Inlines) -> list[PlannedSlide]:
        """The exercise on a slide of its own: a label with its duration, then its steps. Its notes
        page holds the timing, the steps and the debrief (its solutions and notes)."""
        word = self.language.gettext("Exercise")
        if not title:
            title = exercise.title or self.word("Exercise")
        duration = self.language.duration(exercise.duration) if exercise.duration else ""
        # the title often names the exercise already ("Exercise: map your region"): no second "Exercise"
        named = m.plain_text(title).casefold().startswith(word.casefold())
        label = duration if named and duration else " · ".join(p for p in (word, duration) if p)
        content, notes = _split_notes(exercise.blocks)
        body, visuals = _hoist_visuals(content, keep_top=False)
        steps = self.paras(body)
        paras = ([TextPara((m.Text(label),), "label")] if label else []) + steps
        before = self.origin
        self.origin = Origin("exercise", before.section, before.slide, exercise.location)
        first = len(self.slides)
        made = self.text_slides("Exercise", title, paras)
        if visuals:
            made.extend(self.flow_slides(title, visuals, "Title and Content", continued=True))
        timing = " · ".join(p for p in (word, duration) if p)
        self.add_notes(first + 1, [TextPara((m.Text(timing),), "label"), *steps])
        self.attach_notes(first + 1, notes)
        self.origin = before
        return made

    def content_slides(self, title: m.Inlines, blocks: list[m.Block], layout: str,
                       continued: bool) -> list[PlannedSlide]:
        images = [b for b in blocks if isinstance(b, m.Image)]
        tables = [b for b in blocks if isinstance(b, m.Table)]
        texts = [b for b in blocks if not _visual(b)]
        columns = next((b for b in blocks if isinstance(b, m.Columns)), None)
        if layout in ("Two Content", "Comparison") or columns is not None:
            made = self.column_slides(title, blocks, layout or "Two Content", columns, continued)
            if made:
                return made
        if layout == "Content with Caption" and (images or tables) and len(images) + len(tables) == 1:
            made = self.caption_slides(title, blocks, continued)
            if made:
                return made
        if images and not tables and not any(isinstance(b, m.Aside) for b in blocks):
            made = self.picture_slides(title, images, self.paras(texts), layout, continued)
            if made:
                return made
        return self.flow_slides(title, blocks, layout or "Title and Content", continued)

    def flow_slides(self, title: m.Inlines, blocks: list[m.Block], layout: str,
                    continued: bool) -> list[PlannedSlide]:
        """Text, tables and pictures one after the other: text goes above a table when it is short."""
        made: list[PlannedSlide] = []
        pending: list[m.Block] = []

        def flush_text() -> None:
            if any(isinstance(b, m.Aside) for b in pending):
                made.extend(self.stack_slides(title, list(pending), layout, continued=continued or bool(made)))
            else:
                paras = self.paras(pending)
                if paras:
                    made.extend(self.text_slides(layout, title, paras, continued=continued or bool(made)))
            pending.clear()

        for block in blocks:
            plain = not any(isinstance(b, m.Aside) for b in pending)
            if isinstance(block, m.Table):
                above = self.short_text(layout, self.paras(pending)) if plain else []
                if not above:
                    flush_text()
                pending.clear()
                made.extend(self.table_slides(title, block, above, layout, continued or bool(made)))
            elif isinstance(block, m.Image):
                beside = self.paras(pending) if plain else []
                if not self.fits_beside(beside):
                    flush_text()
                    beside = []
                pending.clear()
                made.extend(self.picture_slides(title, [block], beside, layout, continued or bool(made)))
            else:
                pending.append(block)
        flush_text()
        return made

    def fits_beside(self, paras: list[TextPara]) -> bool:
        """Whether ``paras`` fit on one slide beside a picture (Two Content), so they share its slide."""
        two = self.geometry.layout("Two Content")
        return bool(paras) and len(two.contents) >= 2 and self.fit(
            paras, self.text_area(two), self.body_sizes(two)).fits_one

    def short_text(self, layout_name: str, paras: list[TextPara]) -> list[TextPara]:
        """``paras`` when they fit above a table at a comfortable size, else nothing."""
        if not paras:
            return []
        layout = self.geometry.layout(layout_name)
        box = self.text_area(layout)
        result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt * TEXT_ABOVE_TABLE,
                              self.metrics, self.body_sizes(layout))
        return paras if result.fits_one and result.size >= 18 else []

    def table_slides(self, title: m.Inlines, table: m.Table, above: list[TextPara], layout_name: str,
                     continued: bool) -> list[PlannedSlide]:
        layout = self.geometry.layout(layout_name)
        box = self.text_area(layout)
        body_box = layout.contents[0].box if layout.contents else self.geometry.master_body
        text_size, text_h = 0.0, 0
        if above:
            result = fit.fit_text([measurable(p) for p in above], box.w_pt, box.h_pt * TEXT_ABOVE_TABLE,
                                  self.metrics, self.body_sizes(layout))
            text_size = result.size
            inner = fit.text_height([measurable(p) for p in above], box.w_pt, text_size, self.metrics)
            text_h = int(inner * 12700) + (body_box.h - box.h) + GAP
        header = [spans(c.inlines) for c in table.header]
        rows = [[spans(c.inlines) for c in row] for row in table.rows]
        table_box = Box(body_box.x, body_box.y + text_h, body_box.w, body_box.h - text_h)
        table_fit = fit.fit_table(header, rows, table_box.w / 12700, table_box.h / 12700, self.metrics)
        has_area = bool(layout.contents)
        made = []
        for i, page in enumerate(table_fit.pages):
            if above and i == 0 and has_area:
                parts: list[Part] = [
                    TextPart("content", 0, tuple(above), text_size,
                             box=Box(body_box.x, body_box.y, body_box.w, text_h - GAP)),
                    TablePart(table, tuple(page), table_fit, table_box)]
            else:
                parts = [TablePart(table, tuple(page), table_fit, table_box if i == 0 else body_box,
                                   0 if has_area else None)]
            made.append(self.add(layout_name, title, parts, continued=bool(i or continued),
                                 split="overflow" if i else ""))
        return made

    def picture_slides(self, title: m.Inlines, images: list[m.Image], paras: list[TextPara], layout: str,
                       continued: bool) -> list[PlannedSlide]:
        """One picture alone, two side by side, or text beside one or two pictures (Two Content)."""
        images = [i for i in images if i.resolved]
        if not images:
            return self.text_slides(layout or "Title and Content", title, paras, continued) if paras else []
        if paras:
            two = self.geometry.layout("Two Content")
            if len(two.contents) >= 2 and len(images) <= 2:
                result = self.fit(paras, self.text_area(two), self.body_sizes(two))
                if result.fits_one:
                    return [self.add("Two Content", title, [
                        TextPart("content", 0, tuple(paras), result.size),
                        PicturePart(tuple(images), two.contents[1].box, "content", 1)], continued=continued)]
            # too much text to sit beside the pictures: pictures first, then the text
            made = self.picture_slides(title, images, [], layout, continued)
            return made + self.text_slides(layout or "Title and Content", title, paras, continued=True)
        made = []
        for n in range(0, len(images), 2):
            pair = tuple(images[n:n + 2])
            name = "Two Content" if len(pair) == 2 else (layout or "Title and Content")
            geometry = self.geometry.layout(name)
            if len(pair) == 2 and len(geometry.contents) >= 2:
                parts: list[Part] = [PicturePart((image,), area.box, "content", k)
                                     for k, (image, area) in enumerate(zip(pair, geometry.contents))]
            elif geometry.contents:
                parts = [PicturePart(pair, geometry.contents[0].box, "content", 0)]
            else:
                parts = [PicturePart(pair, self.geometry.master_body)]
            made.append(self.add(name, title, parts, continued=bool(continued or made),
                                 split="pictures" if made else ""))
        return made

    def column_slides(self, title: m.Inlines, blocks: list[m.Block], layout_name: str, columns: m.Columns | None,
                      continued: bool) -> list[PlannedSlide]:
        """Two columns, from ``::: columns`` / ``::: column`` divs or the blocks split in two halves.
        Comparison puts a leading ``###`` heading of each column in its header. Nothing when a
        column does not fit on one slide (the caller then stacks the content)."""
        if columns is not None:
            rest = [b for b in blocks if b is not columns]
            halves = [list(c) for c in columns.columns][:2]
            if rest:
                halves = [rest + (halves[0] if halves else [])] + halves[1:]
        else:
            middle = (len(blocks) + 1) // 2
            halves = [blocks[:middle], blocks[middle:]]
        layout = self.geometry.layout(layout_name)
        if len(layout.contents) < 2:
            return []
        plans = []
        for half, area in zip(halves, layout.contents):
            header: m.Inlines = ()
            if layout.headers and half and isinstance(half[0], m.Heading):
                header, half = half[0].inlines, half[1:]
            visuals = [b for b in half if _visual(b)]
            paras = self.paras([b for b in half if not _visual(b)])
            if visuals and (paras or len(visuals) > 1 or isinstance(visuals[0], m.Table)):
                return []
            result = self.fit(paras, area.text, self.body_sizes(layout))
            if not result.fits_one:
                return []
            plans.append((header, paras, visuals, result.size))
        sizes = [size for _, paras, _, size in plans if paras]
        size = min(sizes) if sizes else fit.BODY_FLOOR  # both columns alike
        parts: list[Part] = []
        for n, (header, paras, visuals, _) in enumerate(plans):
            if header and n < len(layout.headers):
                parts.append(TextPart("header", n, (TextPara(header),), None, plain=True))
            if visuals:
                parts.append(PicturePart(tuple(visuals), layout.contents[n].box, "content", n))
            elif paras:
                parts.append(TextPart("content", n, tuple(paras), size))
        return [self.add(layout_name, title, parts, continued=continued)]

    def caption_slides(self, title: m.Inlines, blocks: list[m.Block], continued: bool) -> list[PlannedSlide]:
        """Content with Caption: the picture or table in the content area, the text beside it."""
        layout = self.geometry.layout("Content with Caption")
        if not layout.contents or layout.caption is None:
            return []
        visual = next(b for b in blocks if _visual(b))
        paras = self.paras([b for b in blocks if not _visual(b)])
        result = self.fit(paras, layout.caption.text, tuple(s for s in fit.BODY_SIZES if s <= 20))
        if not result.fits_one:
            return []
        area = layout.contents[0].box
        parts: list[Part] = []
        if paras:
            parts.append(TextPart("caption", 0, tuple(paras), result.size))
        if isinstance(visual, m.Table):
            header = [spans(c.inlines) for c in visual.header]
            rows = [[spans(c.inlines) for c in row] for row in visual.rows]
            table_fit = fit.fit_table(header, rows, area.w / 12700, area.h / 12700, self.metrics)
            if len(table_fit.pages) > 1:
                return []
            parts.append(TablePart(visual, tuple(range(len(visual.rows))), table_fit, area, 0))
        elif visual.resolved:
            parts.append(PicturePart((visual,), area, "content", 0))
        return [self.add("Content with Caption", title, parts, continued=continued)]

    def stack_slides(self, title: m.Inlines, blocks: list[m.Block], layout_name: str,
                     continued: bool) -> list[PlannedSlide]:
        """Text and asides one under the other, each aside a shaded box as tall as its text, at the
        largest size down to SPLIT_SIZE that puts them all on one slide; else at SPLIT_SIZE, a new
        slide starting where the next part does not fit (one taller than a slide is split at paragraphs). The
        first text of a slide goes into the content placeholder, moved to its place; later text
        into text boxes of their own."""
        layout = self.geometry.layout(layout_name)
        body = layout.contents[0].box if layout.contents else self.geometry.master_body
        text = self.text_area(layout)
        margins = (text.x - body.x, text.y - body.y, body.x + body.w - text.x - text.w,
                   body.y + body.h - text.y - text.h)
        segments: list[tuple[m.Aside | None, list[TextPara]]] = []
        for block in blocks:
            if isinstance(block, m.Aside):
                segments.append((block, self.paras([block])))
            elif segments and segments[-1][0] is None:
                segments[-1][1].extend(self.paras([block]))
            else:
                segments.append((None, self.paras([block])))
        segments = [(aside, paras) for aside, paras in segments if paras]
        # boxes crammed with small text help nobody: split rather than go under the split size
        sizes = self.body_sizes(layout)
        sizes = tuple(s for s in sizes if s >= fit.SPLIT_SIZE) or sizes[:1]
        pages = None
        for size in sizes:
            pages = self.pack(segments, body, text, size)
            if len(pages) == 1:
                break
        else:
            size = next((s for s in sizes if s <= fit.SPLIT_SIZE), sizes[-1])
            pages = self.pack(segments, body, text, size)
        made = []
        for i, page in enumerate(pages):
            parts: list[Part] = []
            for aside, paras, y, height in page:
                if aside is not None:
                    fill, accent = aside_colours(aside.style)
                    parts.append(AsidePart(tuple(paras), size, Box(body.x, y, body.w, height), fill, accent))
                elif not any(isinstance(p, TextPart) and p.slot == "content" for p in parts):
                    parts.append(TextPart("content", 0, tuple(paras), size, box=Box(body.x, y, body.w, height)))
                else:
                    inner = Box(body.x, y, body.w, height).inset(*margins)
                    parts.append(TextPart("free", 0, tuple(paras), size, box=inner))
            made.append(self.add(layout_name, title, parts, continued=bool(i or continued),
                                 split="overflow" if i else ""))
        return made

    def pack(self, segments, body: Box, text: Box, size: float) -> list[list[tuple]]:
        """Slides of (aside or None, paragraphs, top, height) at ``size``: parts stacked from the top
        of ``body`` with GAP between them; a part that does not fit starts the next slide, and one
        taller than a slide is split at paragraphs."""
        insets = body.h - text.h
        pad = ASIDE_BAR + 2 * ASIDE_PAD

        def height(aside, paras) -> int:
            if aside is None:
                width = text.w_pt
                extra = insets
            else:
                width = (body.w - pad) / 12700
                extra = 2 * ASIDE_PAD
            return int(fit.text_height([measurable(p) for p in paras], width, size, self.metrics) * 12700) + extra

        pages: list[list[tuple]] = [[]]
        used = 0
        for aside, paras in segments:
            pieces = [paras]
            if height(aside, paras) > body.h:
                width = text.w_pt if aside is None else (body.w - pad) / 12700
                room = (body.h - (insets if aside is None else 2 * ASIDE_PAD)) / 12700
                split = fit.paginate([measurable(p) for p in paras], width, room * fit.SAFETY, size, self.metrics)
                pieces = [[paras[j] for j in piece] for piece in split]
            for piece in pieces:
                h = min(height(aside, piece), body.h)
                gap = GAP if pages[-1] else 0
                if pages[-1] and used + gap + h > body.h:
                    pages.append([])
                    used, gap = 0, 0
                pages[-1].append((aside, piece, body.y + used + gap, h))
                used += gap + h
        return [page for page in pages if page] or [[]]

    def prose_slides(self, title: m.Inlines, blocks: list[m.Block], layout: str,
                     continued: bool) -> list[PlannedSlide]:
        """Prose: a slide per ``###`` heading (titled with the heading: short titles stay large, and
        the ``##`` title opened the topic on the slide before), text split at paragraphs and code
        blocks and never set under PROSE_FLOOR."""
        chunks: list[tuple[m.Inlines, list[m.Block], bool]] = [(title, [], False)]
        for block in blocks:
            if isinstance(block, m.Heading):
                chunks.append((block.inlines, [], True))
            else:
                chunks[-1][1].append(block)
        made: list[PlannedSlide] = []
        self.prose = True
        try:
            for chunk_title, chunk, heading in chunks:
                if not chunk and not heading:
                    continue
                first = len(self.slides)
                # in reading order: prose explains its pictures where it mentions them
                body, visuals = _hoist_visuals(chunk)
                new = self.flow_slides(chunk_title, body + visuals, layout or "Title and Content",
                                       continued=not heading and (continued or bool(made)))
                if not new:
                    new = [self.add(layout or "Title and Content", chunk_title, [])]
                if heading and first:
                    self.slides[first] = replace(self.slides[first], split="heading", continues=first)
                made.extend(new)
        finally:
            self.prose = False
        return made

    def paras(self, blocks) -> list[TextPara]:
        """The text paragraphs of ``blocks``; in prose a code block keeps together (when it fits a
        slide) and stays with a paragraph that introduces it with a colon."""
        paras = block_paras(blocks, self.language.gettext, incremental=self.incremental)
        if not self.prose:
            return paras
        kept = []
        for n, para in enumerate(paras):
            previous = paras[n - 1] if n else None
            joined = para.kind == "code" and previous is not None and (
                previous.kind == "code" or m.plain_text(previous.inlines).rstrip().endswith(":"))
            kept.append(replace(para, floor=PROSE_FLOOR, keep_with_previous=para.keep_with_previous or joined))
        return kept

    # --- whole deck -------------------------------------------------------------------------

    def plan(self) -> DeckPlan:
        self.title_slide()
        self.questions_slide()
        self.objectives_slide()
        self.agenda_slide()
        for i, section in enumerate(self.module.sections):
            if section.title:
                self.section_slides(i, section)
            else:
                self.untitled_section(i, section)
            for j, item in enumerate(section.slides):
                self.content_slide(i, j, item)
        self.closing_slide()
        self.guidance()
        return DeckPlan(tuple(self.slides), tuple(dict.fromkeys(self.picture_warnings())))

    def picture_warnings(self) -> list[tuple[Location, str, str]]:
        """Pictures shown below half their natural size (pixels at 96 dpi, or an SVG's own size):
        their details, labels above all, become too small to read."""
        found = []
        for slide in self.slides:
            for part in slide.parts:
                if not isinstance(part, PicturePart):
                    continue
                for image, area, _ in stack(part.images, part.box, part.captions):
                    if not image.width or not image.height:
                        continue
                    shown = fitted(round(image.width), round(image.height), area)
                    scale = shown.w / (image.width * PX)
                    if scale < MIN_PICTURE_SCALE:
                        found.append((image.location, f"picture '{image.src}' is shown at {scale:.0%} of its "
                                      "size: its details will be hard to read; give it a slide of its own, or "
                                      "draw it with larger labels", "image.scale"))
        return found


def plan_deck(module: m.Module, geometry: DeckGeometry, language: OutputLanguage, timestamp: dt.datetime,
              region_name: str = "", incremental: bool = False) -> DeckPlan:
    """The deck of ``module`` (its slides view) on a template of ``geometry``, in ``language``;
    lists appear item by item when the module says so, else when ``incremental`` (the project's default)."""
    planner = _Planner(module, geometry, language, timestamp, region_name)
    planner.incremental = module.metadata.incremental if module.metadata.incremental is not None else incremental
    return planner.plan()


def rebased(paras: list[TextPara]) -> list[TextPara]:
    """The click steps of the paragraphs on one slide, counted from that slide: a continued slide
    starts again (what was hidden at its top appears on its first click)."""
    steps = sorted({p.step for p in paras if p.step})
    order = {step: n for n, step in enumerate(steps, 1)}
    return [replace(p, step=order.get(p.step, 0)) for p in paras]


def caption_height() -> int:
    """Height of a picture's caption band (two lines at CAPTION_SIZE), in EMU."""
    return int(CAPTION_SIZE * fit.LINE_HEIGHT * 12700 * 2) + 91440


def stack(images: tuple[m.Image, ...], box: Box, captions: bool = True) -> list[tuple[m.Image, Box, Box | None]]:
    """Where each of ``images`` goes when stacked in ``box``: (image, picture area, caption box)."""
    share = (box.h - GAP * (len(images) - 1)) // len(images)
    placed = []
    for n, image in enumerate(images):
        area = Box(box.x, box.y + n * (share + GAP), box.w, share)
        if image.share is not None:  # {width=60%}: the picture's area scaled, centred in its place
            w, h = int(area.w * image.share), int(area.h * image.share)
            area = Box(area.x + (area.w - w) // 2, area.y + (area.h - h) // 2, w, h)
        caption = None
        if image.caption and captions:
            h = caption_height()
            caption = Box(area.x, area.y + area.h - h, area.w, h)
            area = Box(area.x, area.y, area.w, area.h - h)
        placed.append((image, area, caption))
    return placed
