"""The shipped CSEI curriculum: valid, complete in every language, catalogs current and standard."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
MSGFMT = shutil.which("msgfmt")


def test_curriculum_validates_without_warnings(run):
    result = run(REPO, "validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "7 module(s): 0 error(s), 0 warning(s)"


def test_every_language_is_complete_and_catalogs_are_current(run):
    assert run(REPO, "i18n", "status", "--min", "100").exit_code == 0
    result = run(REPO, "i18n", "update", "--check")
    assert result.exit_code == 0, result.output


def test_translations_keep_markup_and_terminology(run):
    result = run(REPO, "i18n", "check")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip().endswith(": 0 problem(s)")


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_accepts_every_shipped_catalog():
    files = sorted((REPO / "locales").glob("*/*.po")) + sorted((REPO / "locales").glob("*.pot"))
    assert len(files) == 7 * 8
    for path in files:
        done = subprocess.run([MSGFMT, "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                              capture_output=True, text=True)
        assert done.returncode == 0, f"{path}: {done.stderr}"


def _label_sizes(svg: bytes) -> list[float]:
    from lxml import etree

    root = etree.fromstring(svg)
    return [float(t.get("font-size")) for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_every_diagram_label_is_at_least_18_pt_on_its_slide_in_every_language():
    """From the drawing's own label sizes (after translation and fitting) and the scale the deck shows it at."""
    from trainkit.build import deck_plan, load_project, localise, output_settings
    from trainkit.writers.deckplan import PicturePart, stack
    from trainkit.writers.images import embeddable
    from trainkit.writers.pptx_shapes import fitted

    project = load_project(REPO)
    settings = output_settings(project)
    seen = set()
    for language in project.config.languages:
        for module in project.modules:
            deck = deck_plan(project, localise(project, module, language), settings)
            for part in (p for slide in deck.slides for p in slide.parts if isinstance(p, PicturePart)):
                for image, area, _ in stack(part.images, part.box, part.captions):
                    picture = embeddable(image)
                    if not picture.vector:
                        continue
                    shown = fitted(round(picture.width), round(picture.height), area)
                    points_per_unit = shown.w / 12700 / picture.width
                    smallest = min(_label_sizes(picture.data)) * points_per_unit
                    assert smallest >= 18, (language, module.id, image.src, round(smallest, 1))
                    seen.add((language, image.src))
    assert len(seen) == 6 * 8


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """Every shipped deck built in every language, with English and Polish guides."""
    from click.testing import CliRunner

    from trainkit.cli import cli

    out = tmp_path_factory.mktemp("shipped")
    runner = CliRunner()
    for args in (["--format", "slides"], ["--format", "guide", "--lang", "en", "--lang", "pl"]):
        result = runner.invoke(cli, ["-C", str(REPO), "build", "--out", str(out), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    return out


def test_every_shipped_deck_is_its_plan_and_the_guide_names_its_slides(shipped):
    from outline import slide_texts
    from test_deckplan import guide_labels

    from trainkit import model as m
    from trainkit.build import deck_plan, load_project, localise, output_settings

    project = load_project(REPO)
    settings = output_settings(project)
    for language in project.config.languages:
        for module in project.modules:
            deck = deck_plan(project, localise(project, module, language), settings)
            titles = [s["title"] for s in slide_texts(shipped / language / module.id / "slides.pptx")]
            assert titles == [m.plain_text(s.title) for s in deck.slides], (language, module.id)
            guide = shipped / language / module.id / "facilitator-guide.docx"
            opening = project.output_language(language).gettext("Opening")
            if guide.exists():
                for heading, first, last in guide_labels(guide):
                    if heading == opening:  # the title, objectives and agenda slides trainkit makes
                        assert first == 1, (language, module.id)
                        continue
                    assert titles[first - 1].startswith(heading) or first == len(titles), (language, heading)


def test_every_step_that_names_something_on_the_sheet_finds_it_there(tmp_path):
    """A step that says "the checklist below" or "field 3" links to it ([…](#id)); the target is a
    div of the same exercise whose text is printed on the exercise sheet, and a field number is
    one of the sheet's fields."""
    import re

    from click.testing import CliRunner
    from docx import Document

    from trainkit import model as m
    from trainkit.build import load_project
    from trainkit.cli import cli
    from trainkit.divs import DIV_KINDS

    result = CliRunner().invoke(cli, ["-C", str(REPO), "build", "--lang", "en", "--format", "exercises",
                                      "--out", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    project = load_project(REPO)
    assert not [d for d in project.diagnostics.items if d.code == "exercise.reference"]
    checked = 0
    for module in project.modules:
        exercises = m.exercises(module)
        if not exercises:
            continue
        sheet = " ".join(" ".join(p.text for p in Document(str(tmp_path / "en" / module.id / "exercises.docx"))
                                  .element.body.iter(qn_p())) .split())
        for exercise in exercises:
            targets = {dict(b.attrs).get("id"): b for b in m.walk(exercise.blocks) if isinstance(b, m.Div)}
            steps = [b for item in (i for top in exercise.blocks if isinstance(top, m.OrderedList) for i in top.items)
                     for b in item.blocks if isinstance(b, m.Paragraph)]
            for block in steps:
                text = m.plain_text(block.inlines)
                refs = [link for link in m.links(block.inlines) if link.url.startswith("#")]
                if re.search(r"\b(below|field \d|the case|the checklist|the table|the questions)\b", text):
                    assert refs, f"{block.location}: '{text}' names something on the sheet without a link to it"
                for link in refs:
                    target = targets[link.url[1:]]
                    assert DIV_KINDS[target.kind].treatment("handout", True) != "hide"
                    first = next(m.plain_text(b.inlines) if isinstance(b, m.Paragraph) else
                                 m.plain_text(b.header[0].inlines) if isinstance(b, m.Table) else
                                 m.plain_text(b.items[0].blocks[0].inlines)
                                 for b in target.blocks)
                    assert " ".join(first.split()) in sheet, (block.location, first)
                    number = re.search(r"\d+", m.plain_text(link.children))
                    if number:
                        labels = target.blocks[0].items
                        assert int(number.group()) <= len(labels), block.location
                    checked += 1
    assert checked >= 10


def qn_p():
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
