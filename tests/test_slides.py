"""Slide decks opened as a user would: layouts, titles, lists, tables, links, pictures, notes, language."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn
from PIL import Image

from outline import slide_texts
from trainkit.i18n.ui import OutputLanguage
from trainkit.writers.slide_template import check_template

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
TEMPLATE = Path(__file__).parents[1] / "trainkit/resources/templates/default/slides.pptx"


@pytest.fixture
def full_deck(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project("full")
    result = run(project, "build", "--lang", "en", "--module", "full-syntax", "--format", "slides")
    assert result.exit_code == 0, result.output
    return project / "build/en/full-syntax/slides.pptx"


def _slide(prs, title):
    return next(s for s in prs.slides if s.shapes.title is not None and s.shapes.title.text_frame.text == title)


def _pictures(slide):
    return [s for s in slide.shapes if s._element.tag == qn("p:pic")]


def _body(slide):
    return next(s for s in slide.placeholders if s.placeholder_format.idx == 1)


def test_deck_structure_uses_the_layout_of_each_slide_kind(full_deck):
    slides = slide_texts(full_deck)
    kinds = [(s["layout"], s["title"]) for s in slides]
    assert kinds[0] == ("Title Slide", "Full syntax module")
    assert kinds[1] == ("Title and Content", "Learning objectives")
    assert kinds[2] == ("Title and Content", "Agenda")
    assert ("Section Header", "Concepts") in kinds and ("Section Header", "Practice") in kinds
    assert ("Title and Content", "Bullets and levels") in kinds
    assert ("Comparison", "Numbered steps") in kinds
    assert ("Two Content", "Pictures") in kinds
    assert ("Exercise", "Exercise: map your region") in kinds
    assert kinds[-1] == ("Closing", "Key points")
    assert slides[0]["body"][:2] == ["Every construct a module may use.", "Version 1.2.0 · 14 November 2023"]
    assert slides[1]["body"][:2] == ["Explain what a cluster does", "Map the actors of a region"]
    duration = OutputLanguage("en").duration
    assert slides[2]["body"][:2] == [f"Concepts – {duration(25)}", f"Practice – {duration(35)}"]  # one dash style
    assert slides[-1]["body"] == ["Clusters connect sectors", "Support must fit social enterprises",
                                  "Co-funded by the European Union"]  # the funding band
    exercise = next(s for s in slides if s["layout"] == "Exercise")
    # the title names the exercise already: the label says only how long it takes
    assert exercise["body"][:3] == [duration(20), "Draw the actors.", "Mark the gaps."]
    bullets = next(s for s in slides if s["title"] == "Bullets and levels")
    assert bullets["body"][-2:] == ["Co-funded by the European Union", str(slides.index(bullets) + 1)]
    for slide in slides:
        assert slide["title"], slide


def test_bullets_have_real_levels_and_numbers_real_auto_numbering(full_deck):
    prs = Presentation(str(full_deck))
    paragraphs = _body(_slide(prs, "Bullets and levels")).text_frame.paragraphs
    assert [(p.text, p.level) for p in paragraphs[:4]] == [
        ("Level one bold and italic and code", 0), ("Level two with a link", 1), ("Level three", 2),
        ("Another level one", 0)]
    assert [p._p.pPr.find(qn("a:buChar")).get("char") for p in paragraphs[:3]] == ["•", "–", "▪"]
    runs = paragraphs[0].runs
    assert [r.text for r in runs if r.font.bold] == ["bold"]
    assert [r.text for r in runs if r.font.italic] == ["italic"]
    assert [r.font.name for r in runs if r.text == "code"] == ["Courier New"]
    link = next(r for r in paragraphs[1].runs if r.text == "link")
    assert link.hyperlink.address == "https://example.org/csei"
    numbered = next(s for s in prs.slides if s.shapes.title.text_frame.text == "Numbered steps")
    body = [p for shape in numbered.placeholders if shape.placeholder_format.idx == 2
            for p in shape.text_frame.paragraphs]
    assert [(p.text, p.level, p._p.pPr.find(qn("a:buAutoNum")).get("type")) for p in body] == [
        ("First step", 0, "arabicPeriod"), ("Second step", 0, "arabicPeriod"), ("Sub step", 1, "arabicPeriod")]


def test_tables_are_native_with_header_and_alignment(full_deck):
    prs = Presentation(str(full_deck))
    slide = _slide(prs, "A table")
    table = next(s for s in slide.shapes if s.has_table).table
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [["Actor", "Role", "Budget"], ["Region", "Funds", "10"], ["Cluster", "Connects", "5"]]
    assert all(r.font.bold for r in table.cell(0, 0).text_frame.paragraphs[0].runs)
    aligns = [table.cell(1, c).text_frame.paragraphs[0]._p.pPr.get("algn") for c in range(3)]
    assert aligns == ["l", "ctr", "r"]


def test_pictures_fit_the_slide_keep_their_aspect_and_carry_alt_text(full_deck):
    prs = Presentation(str(full_deck))
    slide = _slide(prs, "Pictures")
    pictures = _pictures(slide)
    assert len(pictures) == 2
    sources = Path(full_deck).parents[3] / "modules/img"
    for picture, (name, alt) in zip(pictures, [("wide.png", "A wide diagram"), ("tall.png", "A tall photo")]):
        assert picture._element.find(f".//{qn('p:cNvPr')}").get("descr") == alt
        assert 0 <= picture.left and picture.left + picture.width <= prs.slide_width
        assert 0 <= picture.top and picture.top + picture.height <= prs.slide_height
        with Image.open(sources / name) as image:
            assert abs(picture.width / picture.height - image.width / image.height) < 0.01
    texts = [p.text for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert "Social innovation is a team sport." in texts and "— A cluster manager" in texts
    code = next(p for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs
                if p.text == "code block line")
    assert code.runs[0].font.name == "Courier New"


def test_notes_go_to_the_notes_page_and_hidden_blocks_nowhere(full_deck):
    slides = slide_texts(full_deck)
    bullets = next(s for s in slides if s["title"] == "Bullets and levels")
    # the facilitator's tip reaches the presenter too, under its label
    assert bullets["notes"] == ("Speaker note for the bullets slide.\nFacilitator notes\n"
                                "Facilitator-only advice about timing.")
    on_slides = "\n".join(s["title"] + "\n" + "\n".join(s["body"]) for s in slides)
    for hidden in ("Speaker note", "Facilitator-only", "Handout-only", "Expected: at least five",
                   "Carpentries-style instructor note"):
        assert hidden not in on_slides
    assert "Slides-only remark." in on_slides


def test_every_run_carries_the_output_language_and_sizes_are_explicit(make_project, run):
    project = make_project("full")
    assert run(project, "build", "--lang", "pl", "--module", "full-syntax", "--format", "slides").exit_code == 0
    prs = Presentation(str(project / "build/pl/full-syntax/slides.pptx"))
    assert prs.core_properties.language == "pl-PL"
    for slide in prs.slides:
        for element in (slide._element, slide.notes_slide._element if slide.has_notes_slide else None):
            if element is None:
                continue
            for run_ in element.iter(f"{A}r"):
                assert run_.find(f"{A}rPr").get("lang") == "pl-PL"
            for body_pr in element.iter(f"{A}bodyPr"):
                autofit = body_pr.find(f"{A}normAutofit")
                assert autofit is None or autofit.get("fontScale")
        for shape in slide.placeholders:
            if shape.placeholder_format.idx == 1 and shape.has_text_frame:
                sizes = [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs]
                assert sizes and min(sizes) >= 14


def test_core_properties_and_identical_bytes_across_builds(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project("full")
    target = project / "build/en/full-syntax/slides.pptx"
    assert run(project, "build", "--lang", "en", "--format", "slides").exit_code == 0
    first = target.read_bytes()
    assert run(project, "build", "--lang", "en", "--format", "slides").exit_code == 0
    assert target.read_bytes() == first
    props = Presentation(str(target)).core_properties
    assert (props.title, props.subject, props.language, props.author) == (
        "Full syntax module", "Every construct a module may use.", "en-GB", "Test Author")


def test_long_content_continues_on_slides_in_the_output_language(make_project, run):
    project = make_project("long")
    assert run(project, "build", "--lang", "en", "--format", "slides").exit_code == 0
    slides = slide_texts(project / "build/en/long/slides.pptx")
    titles = [s["title"] for s in slides]
    bullet_slides = [s for s in slides if s["title"].startswith("Fifteen long bullets")]
    assert len(bullet_slides) >= 2
    assert all(s["title"] == "Fifteen long bullets (continued)" for s in bullet_slides[1:])
    shown = [b for s in bullet_slides for b in s["body"] if b.startswith("Point")]
    assert [b.split(":")[0] for b in shown] == [f"Point {i}" for i in range(1, 16)]
    table_slides = [s for s in slides if s["title"].startswith("Twelve rows")]
    rows = [b for s in table_slides for b in s["body"] if b.startswith("Partner organisation")]
    assert rows == [f"Partner organisation {i}" for i in range(1, 13)]
    assert all(s["body"][:3] == ["Partner", "Role", "Budget (EUR)"] for s in table_slides)
    assert any(t.startswith("A very long title") for t in titles)
    picture = next(s for s in slides if s["title"] == "Picture beside text")
    assert picture["layout"] == "Two Content" and picture["notes"] == "Ask who has run a similar workshop."


def test_region_build_shows_region_logo_and_language(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project("long")
    result = run(project, "build", "--region", "ee", "--lang", "et", "--format", "slides")
    assert result.exit_code == 0, result.output
    prs = Presentation(str(project / "build/et/long/slides.pptx"))
    first = prs.slides[0]
    texts = [p.text for s in first.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert any("Tartumaa" in t and "14. november 2023" in t for t in texts), texts
    logo = _pictures(first)[0]
    assert logo.left + logo.width <= prs.slide_width
    assert logo._element.find(f".//{qn('p:cNvPr')}").get("descr")
    footer = [p.text for s in prs.slides[1].shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    assert "Kaasrahastanud Euroopa Liit" in footer
    assert {r.get("lang") for r in prs.slides[1]._element.iter(f"{A}rPr")} == {"et-EE"}


def test_template_check_reports_layouts_fallbacks_and_failures(tmp_path):
    lines, ok = check_template(TEMPLATE)
    assert ok and lines[-1].startswith("ok:")
    assert any(line.strip().startswith('Exercise              -> "Exercise"') for line in lines)
    import pptx

    pandoc_like = Path(pptx.__file__).parent / "templates/default.pptx"
    lines, ok = check_template(pandoc_like)
    assert ok
    assert any('no "Exercise" layout: falls back to "Title and Content"' in line for line in lines)
    assert any("not 16:9" in line for line in lines)
    broken = tmp_path / "broken.pptx"
    broken.write_text("not a deck")
    lines, ok = check_template(broken)
    assert not ok and "not a PowerPoint file" in lines[0]


def test_a_pandoc_reference_deck_works_as_template(make_project, run):
    import shutil

    import pptx

    project = make_project("full")
    shutil.copy(Path(pptx.__file__).parent / "templates/default.pptx", project / "reference.pptx")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text() + "templates:\n  slides: reference.pptx\n")
    assert run(project, "build", "--lang", "en", "--module", "full-syntax", "--format", "slides").exit_code == 0
    slides = slide_texts(project / "build/en/full-syntax/slides.pptx")
    exercise = next(s for s in slides if s["title"] == "Exercise: map your region")
    assert exercise["layout"] == "Title and Content"
    assert slides[-1]["layout"] == "Title and Content" and slides[-1]["title"] == "Key points"
