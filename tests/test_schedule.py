"""The course programme adds up: start + module durations + breaks."""

import datetime as dt

from trainkit.config import Course, ScheduleItem
from trainkit.schedule import programme


def test_programme_times_add_up():
    course = Course("c", (("*", "Course"),), (
        (ScheduleItem("module", "a"), ScheduleItem("break", minutes=15), ScheduleItem("module", "b"),
         ScheduleItem("lunch", minutes=60), ScheduleItem("module", "a")),
        (ScheduleItem("module", "b"),),
    ), start="08:30")
    days = programme(course, {"a": 90, "b": 45})
    assert [(r.start.strftime("%H:%M"), r.end.strftime("%H:%M"), r.kind) for r in days[0]] == [
        ("08:30", "10:00", "module"), ("10:00", "10:15", "break"), ("10:15", "11:00", "module"),
        ("11:00", "12:00", "lunch"), ("12:00", "13:30", "module"),
    ]
    assert days[1][0].start == dt.time(8, 30) and days[1][0].end == dt.time(9, 15)
