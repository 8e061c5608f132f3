"""A course's timed programme: start time + module durations + breaks, day by day. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from trainkit.config import Course


@dataclass(frozen=True)
class ProgrammeRow:
    """One line of a day's programme."""

    start: dt.time
    end: dt.time
    kind: str
    """``module``, ``break`` or ``lunch``."""
    minutes: int
    module: str = ""
    """Module id for module rows."""


def programme(course: Course, durations: dict[str, int]) -> list[list[ProgrammeRow]]:
    """The rows of every day; ``durations`` maps module ids to minutes."""
    hours, minutes = (int(part) for part in course.start.split(":"))
    days = []
    for day in course.days:
        clock = dt.datetime(2000, 1, 1, hours, minutes)
        rows = []
        for item in day:
            length = durations.get(item.module, 0) if item.kind == "module" else item.minutes
            end = clock + dt.timedelta(minutes=length)
            rows.append(ProgrammeRow(clock.time(), end.time(), item.kind, length, item.module))
            clock = end
        days.append(rows)
    return days
