"""Click-by-click reveal: incremental lists and pauses become PowerPoint build animations."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pptx import Presentation

from outline import document_text

P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"

MODULE = """---
title: Reveal
duration: 20
{front}---

# Part {{duration=20}}

## Steps

::: incremental
- one
- two
  - two-a
- three
:::

## Paused

First thought.

. . .

Second thought.

## Plain

- alpha
- beta

## Kept together

::: nonincremental
- gamma
- delta
:::
"""


def build(root, run, front: str = ""):
    (root / "modules" / "hello.md").write_text(MODULE.format(front=front), encoding="utf-8")
    assert run(root, "build", "--lang", "en", "--format", "slides", "--format", "handout").exit_code == 0
    return Presentation(str(root / "build" / "en" / "hello" / "slides.pptx"))


def clicks(slide) -> list[list[str]]:
    """The paragraphs each click reveals, in order, read back from the slide's p:timing tree."""
    timing = slide._element.find(f"{P}timing")
    if timing is None:
        return []
    shapes = {int(s.shape_id): s for s in slide.shapes}
    main = timing.find(f".//{P}cTn[@nodeType='mainSeq']")
    found = []
    for click in main.find(f"{P}childTnLst"):
        shown = []
        for target in click.iter(f"{P}spTgt"):
            shape = shapes[int(target.get("spid"))]
            index = int(target.find(f"{P}txEl/{P}pRg").get("st"))
            shown.append(shape.text_frame.paragraphs[index].text)
        found.append(shown)
    builds = [(b.get("spid"), b.get("build")) for b in timing.iter(f"{P}bldP")]
    assert builds and all(build == "p" for _, build in builds)
    return found


def by_title(deck, title):
    return next(s for s in deck.slides if s.shapes.title.text_frame.text == title)


def test_incremental_lists_and_pauses_appear_click_by_click(make_project, run):
    deck = build(make_project("minimal"), run)
    assert clicks(by_title(deck, "Steps")) == [["one"], ["two", "two-a"], ["three"]]
    assert clicks(by_title(deck, "Paused")) == [["Second thought."]]
    assert clicks(by_title(deck, "Plain")) == []  # not incremental unless asked
    assert clicks(by_title(deck, "Kept together")) == []


def test_a_module_default_makes_every_list_incremental_but_nonincremental_ones(make_project, run):
    deck = build(make_project("minimal"), run, "incremental: true\n")
    assert clicks(by_title(deck, "Plain")) == [["alpha"], ["beta"]]
    assert clicks(by_title(deck, "Kept together")) == []


def test_the_project_default_and_documents_without_pauses(make_project, run):
    root = make_project("minimal")
    config = root / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "incremental: true\n", encoding="utf-8")
    deck = build(root, run)
    assert clicks(by_title(deck, "Plain")) == [["alpha"], ["beta"]]
    handout = document_text(root / "build" / "en" / "hello" / "handout.docx")
    assert "First thought." in handout and ". . ." not in handout


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice and pdftotext are needed to print the deck")
def test_everything_is_visible_in_print(make_project, run, tmp_path):
    root = make_project("minimal")
    build(root, run, "incremental: true\n")
    deck = root / "build" / "en" / "hello" / "slides.pptx"
    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(deck)], check=True, capture_output=True,
                   timeout=180)
    text = subprocess.run(["pdftotext", str(tmp_path / "slides.pdf"), "-"], capture_output=True, text=True).stdout
    for word in ("one", "two-a", "three", "First thought.", "Second thought.", "alpha", "delta"):
        assert word in text
