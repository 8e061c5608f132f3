"""A course's timed programme: start time + module durations + breaks, day by day. Pure."""

from __future__ import annotations

import datetime as dt

from trainkit.config import Course
from trainkit.model import ProgrammeRow


def programme(course: Course, durations: dict[str, int]) -> tuple[tuple[ProgrammeRow, ...], ...]:
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
        days.append(tuple(rows))
    return tuple(days)
