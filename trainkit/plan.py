"""A module's session plan and deck numbering, computed from the model alone. Pure.

The slide deck, the facilitator guide and the course programme share these numbers, so a
trainer reads "0:25–0:45" and "Slide 7" in the guide and finds the same on the deck.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainkit import model as m
from trainkit.errors import Location


@dataclass(frozen=True)
class PlanRow:
    """One timed step of a session: a section, or an exercise inside a section."""

    label: str
    """Plain text of the section title, or the exercise's title (else the title of its slide)."""
    kind: Literal["section", "exercise"]
    start: int
    """Minutes from the start of the session."""
    end: int
    """Minutes from the start of the session; equal to ``start`` for an untimed section."""
    location: Location

    @property
    def minutes(self) -> int:
        return self.end - self.start


def _exercises(blocks: tuple[m.Block, ...]) -> list[m.Div]:
    found: list[m.Div] = []
    for block in blocks:
        if isinstance(block, m.Div):
            found.extend([block] if block.kind == "exercise" else _exercises(block.blocks))
    return found


def _steps(section: m.Section) -> list[tuple[m.Div, str] | None]:
    """The section in teaching order: ``None`` for a stretch of content, (div, slide title) for an exercise.

    Content is what every audience sees (blocks outside divs, unknown divs), so the plan is the
    same whichever view of the module it is computed from.
    """
    steps: list[tuple[m.Div, str] | None] = []
    parts = [(section.blocks, section.title), *((s.blocks, s.title) for s in section.slides)]
    for n, (blocks, title) in enumerate(parts):
        pending, before, where = False, len(steps), m.plain_text(title)
        for block in blocks:
            if isinstance(block, m.Div) and block.kind == "exercise":
                steps.extend([None] if pending else [])
                steps.append((block, where))
                pending = False
            elif isinstance(block, m.Div) and block.kind != "other":
                steps.extend((e, where) for e in _exercises(block.blocks))
            elif not isinstance(block, m.SlideBreak):
                pending = True
        if pending or (n and len(steps) == before):
            steps.append(None)  # a slide without exercises takes its share of time even when it looks empty
    return steps


def session_plan(module: m.Module) -> list[PlanRow]:
    """Sections with their clock offsets, each followed by the exercises it holds.

    A section lasts its ``{duration=N}``; an untimed one lasts as long as its exercises.
    Inside a section, the time left after its exercises is spread evenly over its stretches of
    content (its introduction and each ``##`` slide), which places each exercise where it is
    taught. Exercises that take longer than their section simply run on (``check_timing``
    warns about that and about sections that do not add up to the module's duration).
    """
    rows: list[PlanRow] = []
    start = 0
    for section in module.sections:
        steps = _steps(section)
        exercises = [s[0] for s in steps if s is not None]
        if not section.title and section.duration is None and not exercises:
            continue
        busy = sum(e.duration or 0 for e in exercises)
        length = section.duration if section.duration is not None else busy
        label = m.plain_text(section.title) or module.metadata.title
        rows.append(PlanRow(label, "section", start, start + length, section.location))
        share = max(length - busy, 0) / max(steps.count(None), 1)
        now = float(start)
        for step in steps:
            if step is None:
                now += share
                continue
            div, where = step
            begin = round(now)
            rows.append(PlanRow(div.title or where, "exercise", begin, begin + (div.duration or 0), div.location))
            now = begin + (div.duration or 0)
        start += length
    return rows


def total_minutes(rows: list[PlanRow]) -> int:
    """Length of the whole plan: the end of its last section."""
    return max((r.end for r in rows if r.kind == "section"), default=0)


def clock(minutes: int) -> str:
    """An offset from the start of the session as ``H:MM`` (``0:25``, ``1:05``)."""
    return f"{minutes // 60}:{minutes % 60:02d}"


# --- deck numbering ---------------------------------------------------------------


@dataclass(frozen=True)
class DeckNumbers:
    """Where the deck shows each part of the module, counted as the slide writer lays it out.

    Automatic overflow splits (a long list continued on a second slide) are not counted: they
    depend on fonts and measuring, so from the first overflow on the deck runs a little ahead.
    """

    sections: dict[int, int]
    """Section index -> number of its section-header slide (titled sections only)."""
    slides: dict[tuple[int, int], tuple[int, int]]
    """(section index, slide index) -> first and last slide number of that ``##`` slide."""
    exercises: dict[Location, int]
    """Location of an exercise div -> number of its own slide."""
    count: int
    """Slides before the closing slide."""


_NOT_ON_SLIDES = ("notes", "facilitator", "handout", "solution")
"""Div kinds that never become slide content (notes go on the notes page)."""


def _units(blocks, numbers: DeckNumbers, first: int, always: bool) -> int:
    """Number the slides ``blocks`` make (content stretches and exercises); return how many."""
    count, content = 0, False
    for block in blocks:
        if isinstance(block, m.Div) and block.kind in _NOT_ON_SLIDES:
            continue
        if isinstance(block, m.Div) and block.kind == "exercise":
            count += content
            numbers.exercises[block.location] = first + count
            count, content = count + 1, False
        elif isinstance(block, m.Div) and block.kind != "other":
            inner = [b for b in block.blocks if not (isinstance(b, m.Div) and b.kind in _NOT_ON_SLIDES)]
            content = content or bool(inner)
        else:
            content = True
    count += content
    return max(count, 1) if always else count


def deck_numbers(module: m.Module) -> DeckNumbers:
    """Slide numbers as the deck has them: 1 title, then learning objectives (when there are
    any), an agenda (two or more titled sections), then per section its header slide and per
    ``##`` its slides (a ``---`` starts another), each exercise on a slide of its own."""
    numbers = DeckNumbers({}, {}, {}, 0)
    n = 1 + bool(module.metadata.objectives) + (sum(1 for s in module.sections if s.title) >= 2)
    for i, section in enumerate(module.sections):
        if section.title:
            n += 1
            numbers.sections[i] = n
            # the introduction sits on the header slide unless it holds pictures, tables or divs
            rest = [b for b in section.blocks if isinstance(b, (m.Image, m.Table, m.Div))]
            n += _units(section.blocks if rest else [], numbers, n + 1, always=False)
        else:
            n += _units(section.blocks, numbers, n + 1, always=False)
        for j, slide in enumerate(section.slides):
            first = n + 1
            for part in m.split_at_breaks(slide.blocks):
                n += _units(part, numbers, n + 1, always=True)
            numbers.slides[(i, j)] = (first, n)
    return DeckNumbers(numbers.sections, numbers.slides, numbers.exercises, n)
