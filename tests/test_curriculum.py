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
