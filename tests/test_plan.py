"""The session plan and deck numbering: clock offsets from durations, numbers as the deck has them."""

from __future__ import annotations

from outline import slide_texts

from trainkit import model as m
from trainkit.build import deck_plan, load_project, localise, output_settings
from trainkit.plan import clock, session_plan, total_minutes


def _module(root, text: str):
    (root / "modules" / "hello.md").write_text(text, encoding="utf-8")
    project = load_project(root)
    return project, project.module("hello")


def _rows(module):
    return [(r.label, r.kind, clock(r.start), clock(r.end), r.location.line) for r in session_plan(module)]


def test_sections_and_exercises_get_clock_offsets(make_project):
    project = load_project(make_project("full"))
    assert _rows(project.module("full-syntax")) == [
        ("Concepts", "section", "0:00", "0:25", 22),
        ("Practice", "section", "0:25", "1:00", 80),
        ("Map your region", "exercise", "0:25", "0:45", 84),
    ]
    assert total_minutes(session_plan(project.module("full-syntax"))) == 60
    # an exercise without a title is named after its slide
    assert _rows(project.module("second"))[1] == ("Only slide", "exercise", "0:15", "0:15", 13)


def test_exercise_starts_after_the_content_before_it(make_project):
    _, module = _module(make_project("minimal"), """---
title: Timing
duration: 90
---

# Open {duration=30}

## First

Text.

## Second

::: {.exercise duration="10" title="Warm up"}
Talk.
:::

## Third

Text.

# Close {duration=60}

::: {.exercise duration="45" title="Big one"}
Work.
:::
""")
    # 20 spare minutes in "Open" shared by "First" and "Third": the exercise follows "First".
    assert _rows(module) == [
        ("Open", "section", "0:00", "0:30", 6),
        ("Warm up", "exercise", "0:10", "0:20", 14),
        ("Close", "section", "0:30", "1:30", 22),
        ("Big one", "exercise", "0:30", "1:15", 24),
    ]


def test_plan_is_the_same_from_every_view(make_project):
    from trainkit.views import view

    module = load_project(make_project("full")).module("full-syntax")
    plans = {a: session_plan(view(module, a)) for a in ("slides", "handout", "guide")}
    assert plans["slides"] == plans["handout"] == plans["guide"]


def test_clock_format():
    assert [clock(n) for n in (0, 5, 25, 60, 125)] == ["0:00", "0:05", "0:25", "1:00", "2:05"]


def test_mismatched_durations_warn_naming_the_lines(make_project):
    project, _ = _module(make_project("minimal"), """---
title: Timing
duration: 90
---

# One {duration=30}

## A

Text.

# Two {duration=30}

## B

Text.
""")
    messages = [str(d) for d in project.diagnostics.items if d.code == "timing.total"]
    assert messages == ["modules/hello.md:3: warning: sections add up to 60 min (lines 6, 12) but the module "
                        "declares duration: 90 [timing.total]"]


def test_deck_plan_numbers_match_the_deck(make_project, run):
    root = make_project("full")
    assert run(root, "build", "--lang", "en", "--format", "slides").exit_code == 0
    project = load_project(root)
    settings = output_settings(project)
    for module_id in ("full-syntax", "second"):
        module = project.module(module_id)
        titles = [s["title"] for s in slide_texts(root / f"build/en/{module_id}/slides.pptx")]
        deck = deck_plan(project, localise(project, module, "en"), settings)
        for i, section in enumerate(module.sections):
            if section.title:
                assert titles[deck.section_header(i) - 1] == section.title[0].text
            for j, slide in enumerate(section.slides):
                first, last = deck.slide_range(i, j)
                title = "".join(getattr(node, "text", "") for node in slide.title)
                assert titles[first - 1] == title
                assert last >= first
        assert len(titles) == deck.closing
        assert titles == [m.plain_text(s.title) for s in deck.slides]
    full = deck_plan(project, localise(project, project.module("full-syntax"), "en"), settings)
    assert full.slide_range(0, 1) == (6, 7)  # "---" continues on a second slide
    assert full.slides[6].split == "break" and full.slides[6].continues == 6
    exercise = m.exercises(project.module("full-syntax"))[0]
    assert full.exercise(exercise.location) == 11
