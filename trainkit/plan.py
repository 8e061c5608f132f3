"""A module's session plan: clock offsets of its sections and exercises, computed from the model alone. Pure.

Slide numbers come from the deck plan (trainkit.writers.deckplan), never from here.
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


def _steps(section: m.Section) -> list[tuple[m.Exercise, str] | None]:
    """The section in teaching order: ``None`` for a stretch of content, (exercise, slide title) for an exercise.

    Content is what every audience sees: speaker notes, asides and divs are not content, but
    exercises inside them count. So the plan is the same whichever view of the module it is
    computed from, and from the source model too.
    """
    steps: list[tuple[m.Exercise, str] | None] = []
    parts = [(section.blocks, section.title), *((s.blocks, s.title) for s in section.slides)]
    for n, (blocks, title) in enumerate(parts):
        pending, before, where = False, len(steps), m.plain_text(title)
        for block in blocks:
            if isinstance(block, m.Exercise):
                steps.extend([None] if pending else [])
                steps.append((block, where))
                pending = False
            elif isinstance(block, (m.Notes, m.Aside)) or (isinstance(block, m.Div) and block.kind != "other"):
                steps.extend((e, where) for e in m.walk(m.children(block)) if isinstance(e, m.Exercise))
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
            exercise, where = step
            begin = round(now)
            rows.append(PlanRow(m.plain_text(exercise.title) or where, "exercise", begin,
                                begin + (exercise.duration or 0), exercise.location))
            now = begin + (exercise.duration or 0)
        start += length
    return rows


def total_minutes(rows: list[PlanRow]) -> int:
    """Length of the whole plan: the end of its last section."""
    return max((r.end for r in rows if r.kind == "section"), default=0)


def clock(minutes: int) -> str:
    """An offset from the start of the session as ``H:MM`` (``0:25``, ``1:05``)."""
    return f"{minutes // 60}:{minutes % 60:02d}"
