"""The deck plan: one answer to "which slide is where", shared by the deck and the guide."""

from __future__ import annotations

import re

from docx import Document
from outline import slide_texts

from trainkit import model as m

STRETCHED = """---
title: Stretched deck
duration: 60
description: Explain what a *cluster* does with `code` and a [link](https://example.org/x).
objectives:
  - Map **all** the actors
key_points:
  - Keep *one* point
---

# Pictures {duration=20}

## Three pictures

![One](img/wide.png "First")
![Two](img/tall.png "Second")
![Three](img/wide.png "Third")

## After the pictures

Short text.

# Overflow {duration=20}

## A long list

{long_list}

## Broken

First part.

---

Second part.

---

Third part.

# Practice {duration=20}

## Before an exercise

Some text first.

::: {.exercise duration="10" title="Try *it*"}
Do the thing.
:::

## Last slide

Closing words.
"""


def _stretched(root) -> None:
    items = "\n".join(f"- Point number {n} with enough words to take a whole line on the slide" for n in range(30))
    (root / "modules" / "stretched.md").write_text(STRETCHED.replace("{long_list}", items), encoding="utf-8")


def guide_labels(path) -> list[tuple[str, int, int]]:
    """(heading, first, last) for every heading of the guide followed by a "Slide N" / "Slides N–M" label."""
    paragraphs = Document(str(path)).paragraphs
    found = []
    for heading, label in zip(paragraphs, paragraphs[1:]):
        if not heading.style.name.startswith("Heading"):
            continue
        match = re.match(r"Slides? (\d+)(?:–(\d+))?", label.text)
        if match:
            first = int(match.group(1))
            found.append((heading.text, first, int(match.group(2) or first)))
    return found


def test_guide_slide_numbers_are_the_deck_s_for_pictures_overflow_breaks_and_exercises(make_project, run):
    root = make_project("full")
    _stretched(root)
    assert run(root, "build", "--lang", "en", "--module", "stretched", "--format", "slides",
               "--format", "guide").exit_code == 0
    folder = root / "build" / "en" / "stretched"
    titles = [s["title"] for s in slide_texts(folder / "slides.pptx")]
    labels = guide_labels(folder / "facilitator-guide.docx")
    assert labels[0][:2] == ("Opening", 1)  # the title, objectives and agenda slides trainkit makes
    labels = labels[1:]
    assert [h for h, _, _ in labels] == ["Pictures", "Three pictures", "After the pictures", "Overflow",
                                         "A long list", "Broken", "Practice", "Before an exercise", "Last slide",
                                         "Key points"]
    for heading, first, last in labels:
        assert titles[first - 1].startswith(heading), (heading, first, titles)
        assert all(t.startswith(heading) or t.startswith("Try it") for t in titles[first - 1:last])
        assert last == len(titles) or not titles[last].startswith(heading + " (")
    spans = {h: (first, last) for h, first, last in labels}
    assert spans["Three pictures"][1] - spans["Three pictures"][0] == 1  # a pair, then one more
    assert spans["A long list"][1] > spans["A long list"][0]  # split for overflow
    assert spans["Broken"][1] - spans["Broken"][0] == 2  # two '---' breaks
    assert spans["Key points"] == (len(titles), len(titles))


def test_each_planned_slide_says_where_it_comes_from_and_why_it_was_split(make_project):
    from trainkit.build import deck_plan, load_project, localise, output_settings

    root = make_project("full")
    _stretched(root)
    project = load_project(root)
    deck = deck_plan(project, localise(project, project.module("stretched"), "en"), output_settings(project))
    by_title = {}
    for n, slide in enumerate(deck.slides, 1):
        by_title.setdefault(m.plain_text(slide.title), []).append((n, slide))
    (n1, first), (n2, second) = by_title["Three pictures"][0], by_title["Three pictures (continued)"][0]
    assert first.location.line == second.location.line == 13
    assert (second.continues, second.split) == (n1, "pictures")
    overflow = by_title["A long list (continued)"]
    assert all(s.split == "overflow" and s.continues == n - 1 for n, s in overflow)
    breaks = by_title["Broken"]
    assert [s.split for _, s in breaks] == ["", "break", "break"]
    exercise = by_title["Try it"][0][1]
    assert exercise.origin.kind == "exercise" and exercise.split == "exercise" and exercise.continues is None
    assert deck.slides[0].origin.kind == "title" and deck.slides[-1].origin.kind == "closing"


def test_metadata_markdown_renders_alike_on_slides_and_in_documents(make_project, run):
    from pptx import Presentation

    root = make_project("full")
    _stretched(root)
    assert run(root, "build", "--lang", "en", "--module", "stretched").exit_code == 0
    folder = root / "build" / "en" / "stretched"
    deck = Presentation(str(folder / "slides.pptx"))

    def slide_runs(slide):
        return [(r.text, bool(r.font.italic), bool(r.font.bold), r.font.name == "Courier New",
                 bool(r.hyperlink.address)) for shape in slide.shapes if shape.has_text_frame
                for p in shape.text_frame.paragraphs for r in p.runs]

    title_runs = slide_runs(deck.slides[0])
    assert ("cluster", True, False, False, False) in title_runs
    assert ("code", False, False, True, False) in title_runs
    assert ("link", False, False, False, True) in title_runs
    assert not any("*" in text or "`" in text or "](" in text for text, *_ in title_runs)
    assert ("all", False, True, False, False) in slide_runs(deck.slides[1])  # objectives
    assert ("one", True, False, False, False) in slide_runs(deck.slides[-1])  # key points
    exercise_titles = [s for s in deck.slides if s.shapes.title.text_frame.text == "Try it"]
    assert exercise_titles and ("it", True, False, False, False) in slide_runs(exercise_titles[0])

    for name in ("handout.docx", "facilitator-guide.docx"):
        document = Document(str(folder / name))
        runs = [(r.text, bool(r.italic), bool(r.bold)) for p in document.paragraphs for r in p.runs]
        runs += [(r.text, bool(r.italic), bool(r.bold)) for t in document.tables for row in t.rows
                 for c in row.cells for p in c.paragraphs for r in p.runs]
        assert ("cluster", True, False) in runs, name
        assert ("all", False, True) in runs, name
        assert not any("*" in text or "](" in text for text, *_ in runs), name
