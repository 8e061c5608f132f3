"""Lessons written for Pandoc, Quarto and the Carpentries Workbench build as they are.

The fixture tests/projects/workbench is a Workbench lesson (config.yaml, episodes/*.md, figures in
episodes/fig/) with a three-line trainkit.yaml that points at its config.yaml. Its episodes use
the Workbench's front matter and divs, Pandoc image attributes, a tab group and a prose part.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from outline import document_text, headings, slide_texts
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn as pqn
from pptx.util import Emu

from trainkit import model as m
from trainkit.errors import Diagnostics
from trainkit.reader.module import read_module

EPISODES = ("01-introduction", "02-running-a-session", "03-following-up")
PROSE_WARNING = ("episodes/02-running-a-session.md:20: warning: this part is written as prose (more than about "
                 "150 words of paragraphs under one heading): the slides split it at '###' headings and "
                 "paragraphs; a '##' heading for each slide gives better slides [slides.prose]")
"""The one documented warning of the fixture."""
FACILITATOR_ONLY = ("Ask the group who has been to a workshop",  # instructor
                    "Start with someone who uses the bus",  # hint
                    "A balanced list names riders",  # solution
                    "read their opening aloud once at home")  # spoiler


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    """The fixture lesson, translated into a pseudo-German, built once with every output."""
    import shutil

    from click.testing import CliRunner

    from conftest import PROJECTS
    from trainkit.cli import cli

    root = tmp_path_factory.mktemp("lesson") / "workbench"
    shutil.copytree(PROJECTS / "workbench", root)

    def run(*args: str):
        return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)

    assert run("i18n", "update").exit_code == 0
    assert run("i18n", "pseudo", "de").exit_code == 0
    built = run("build", "--with-solutions")
    course = run("build", "--course", "lesson", "--lang", "en")
    return root, built, course, run


def deck(root: Path, episode: str, lang: str = "en") -> list[dict]:
    return slide_texts(root / "build" / lang / episode / "slides.pptx")


def text_of(slides: list[dict]) -> str:
    return "\n".join(s["title"] + "\n" + "\n".join(s["body"]) for s in slides)


# --- the lesson folder ------------------------------------------------------------------


def test_every_output_builds_with_only_the_documented_warning(lesson):
    root, built, course, run = lesson
    assert built.exit_code == 0, built.output
    assert warnings(built) == [PROSE_WARNING]
    for lang in ("en", "de"):
        for episode in EPISODES:
            for name in ("slides.pptx", "handout.docx", "facilitator-guide.docx", "exercises.docx",
                         "solutions.docx"):
                assert (root / "build" / lang / episode / name).is_file(), (lang, episode, name)
    assert course.exit_code == 0, course.output
    assert warnings(course) == [PROSE_WARNING]
    validated = run("validate")
    assert validated.exit_code == 0
    assert warnings(validated) == [PROSE_WARNING]


def test_the_lesson_config_gives_episodes_their_order_title_and_a_course(lesson):
    root, _, _, _ = lesson
    from trainkit.build import load_project

    project = load_project(root)
    assert [mod.id for mod in project.modules] == list(EPISODES)
    assert project.config.title == "Running community workshops"
    assert project.config.courses["lesson"].modules == EPISODES
    programme = document_text(root / "build/en/lesson/programme.docx")
    assert programme.index("Why run a community workshop?") < programme.index("Running the session") \
        < programme.index("Following up")


def test_episode_order_follows_config_yaml_and_drafts_stay_out(make_project, run):
    root = make_project("workbench")
    (root / "episodes" / "99-draft.md").write_text("---\ntitle: Draft\nteaching: 5\n---\n\n## Draft\n\nSoon.\n",
                                                   encoding="utf-8")
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "- 01-introduction.md\n- 02-running-a-session.md\n", "- 02-running-a-session.md\n- 01-introduction.md\n"),
        encoding="utf-8")
    from trainkit.build import load_project

    project = load_project(root)
    assert project.config.courses["lesson"].modules == ("02-running-a-session", "01-introduction",
                                                        "03-following-up")
    assert "99-draft" not in [mod.id for mod in project.modules]


def test_a_missing_episode_is_an_error_at_its_line_in_config_yaml(make_project, run):
    root = make_project("workbench")
    config = root / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("- 03-following-up.md", "- 04-missing.md"),
                      encoding="utf-8")
    result = run(root, "validate")
    assert result.exit_code == 1
    line = config.read_text(encoding="utf-8").splitlines().index("- 04-missing.md") + 1
    assert f"config.yaml:{line}: error: episode '04-missing.md' not found in episodes/ [config.lesson]" \
        in result.stderr


def test_a_lesson_config_that_is_not_there_is_a_located_error(make_project, run):
    root = make_project("workbench")
    (root / "config.yaml").unlink()
    result = run(root, "validate")
    assert result.exit_code == 1
    assert "trainkit.yaml:3: error: lesson 'config.yaml' not found (name the lesson's config.yaml) " \
           "[config.lesson]" in result.stderr


# --- front matter -----------------------------------------------------------------------


def test_duration_comes_from_teaching_and_exercises_and_times_the_plan(lesson):
    root, _, _, _ = lesson
    from trainkit.build import load_project
    from trainkit.plan import session_plan

    project = load_project(root)
    first = project.module("01-introduction")
    assert first.metadata.duration == 15 + 10
    assert [e.duration for e in m.exercises(first)] == [10]  # the exercises minutes, given to the challenge
    plan = session_plan(first)
    assert (plan[0].start, plan[0].end) == (0, 25)
    assert [(row.label, row.minutes) for row in plan[1:]] == [("Map your room", 10)]
    guide = document_text(root / "build/en/01-introduction/facilitator-guide.docx")
    assert "0:00–0:25" in guide and "Exercise: Map your room" in guide
    assert "Exercise · 10 min" in text_of(deck(root, "01-introduction"))


def _module(tmp_path: Path, front: str, body: str = "## Slide\n\nText.\n") -> tuple[m.Module | None, Diagnostics]:
    file = tmp_path / "lesson.md"
    file.write_text(f"---\n{front}\n---\n\n{body}", encoding="utf-8")
    diagnostics = Diagnostics()
    return read_module(file, tmp_path, diagnostics), diagnostics


def test_workbench_keys_are_known_and_other_keys_still_warn(tmp_path):
    module, diagnostics = _module(tmp_path, "title: T\nteaching: 5\nexercises: 0\nsource: Rmd\n"
                                            "editor_options:\n  markdown:\n    wrap: 72\nkeypoints:\n- One point\n"
                                            "colour: blue")
    assert module.metadata.duration == 5
    assert module.metadata.key_points == ((m.Text("One point"),),)
    assert [str(d) for d in diagnostics.items] == [
        "lesson.md:11: warning: unknown metadata field 'colour' is ignored [meta.unknown]"]


def test_a_duration_given_wins_and_zero_minutes_is_an_error(tmp_path):
    module, diagnostics = _module(tmp_path, "title: T\nduration: 45\nteaching: 5\nexercises: 5")
    assert module.metadata.duration == 45 and not diagnostics.items
    _, diagnostics = _module(tmp_path, "title: T\nteaching: 0\nexercises: 0")
    assert [str(d) for d in diagnostics.items] == [
        "lesson.md:3: error: teaching and exercises add up to 0 minutes: give the module a duration [meta.duration]"]
    _, diagnostics = _module(tmp_path, "title: T\nteaching: soon")
    assert [str(d) for d in diagnostics.items] == [
        "lesson.md:3: error: teaching must be a whole number of minutes, not 'soon' [meta.teaching]",
        "lesson.md:1: error: missing required field 'duration' (minutes) [meta.duration]"]


# --- image attributes ---------------------------------------------------------------------


@pytest.mark.parametrize("markdown, alt, caption, width", [
    ("![](img.png){alt='A tree, drawn'}", "A tree, drawn", "", None),
    ('![](img.png){alt="A tree"}', "A tree", "", None),
    ("![The caption](img.png){alt='Alt over\ntwo lines' width=60%}", "Alt over two lines", "The caption", 0.6),
    ('![Alt](img.png "Title"){#fig-1 .wide data-x=1}', "Alt", "Title", None),
    ('![Alt](img.png){width=300px}', "Alt", "", None),
    ('![Alt](img.png){width="150%"}', "Alt", "", 1.0),
    ("![](img.png){alt='The lesson\\'s \"Copy\" button'}", 'The lesson\'s "Copy" button', "", None),
])
def test_pandoc_image_attributes(tmp_path, markdown, alt, caption, width):
    from PIL import Image

    Image.new("RGB", (20, 10), "white").save(tmp_path / "img.png")
    module, diagnostics = _module(tmp_path, "title: T\nduration: 5", f"## Slide\n\n{markdown}\n")
    image = next(b for b in m.module_blocks(module) if isinstance(b, m.Image))
    assert (image.alt, image.caption, image.share) == (alt, caption, width)
    assert not diagnostics.items  # no "image has no alt text", no unknown attribute


def test_attributes_that_are_not_attributes_stay_text(tmp_path):
    from PIL import Image

    Image.new("RGB", (20, 10), "white").save(tmp_path / "img.png")
    module, _ = _module(tmp_path, "title: T\nduration: 5", "## Slide\n\n![Alt](img.png){alt='unclosed}\n")
    paragraph = next(b for b in m.module_blocks(module) if isinstance(b, m.Paragraph))
    assert m.plain_text(paragraph.inlines) == "{alt='unclosed}"


def test_alt_text_and_width_reach_the_deck_and_the_handout(lesson):
    root, _, _, _ = lesson
    alt = "Four boxes in a row: invite, meet, decide and follow up, joined by arrows"
    prs = Presentation(str(root / "build/en/01-introduction/slides.pptx"))
    pictures = [(slide, shape) for slide in prs.slides for shape in slide.shapes
                if shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.PLACEHOLDER)
                and shape._element.find(f".//{pqn('p:blipFill')}") is not None]
    assert [shape._element.find(f".//{pqn('p:cNvPr')}").get("descr") for _, shape in pictures] == [alt]
    slide, picture = pictures[0]
    column = next(s for s in slide.slide_layout.placeholders if s.placeholder_format.idx == 2)  # right column
    assert picture.width <= Emu(int(column.width * 0.6)) + 1
    handout = Document(str(root / "build/en/01-introduction/handout.docx"))
    drawing = handout.element.body.find(f".//{qn('wp:inline')}")
    assert drawing.find(qn("wp:docPr")).get("descr") == alt
    text_width = handout.sections[0].page_width - handout.sections[0].left_margin - handout.sections[0].right_margin
    assert int(drawing.find(qn("wp:extent")).get("cx")) == pytest.approx(text_width * 0.6, rel=0.01)
    assert "The stages of a workshop" in document_text(root / "build/en/01-introduction/handout.docx")  # caption


# --- Workbench divs -------------------------------------------------------------------------


def test_questions_objectives_and_key_points_have_their_slides_and_leave_the_body(lesson):
    root, _, _, _ = lesson
    slides = deck(root, "02-running-a-session")
    assert [s["title"] for s in slides[1:3]] == ["Questions", "Learning objectives"]
    assert slides[1]["body"][:1] == ["How do I prepare the room?"]
    assert slides[2]["body"][:2] == ["Prepare the room and the agenda", "Keep the discussion moving"]
    assert slides[-1]["title"] == "Key points"
    assert slides[-1]["body"] == ["Arrange the room for talking, not listening",
                                  "Start on time and say what happens with the results"]
    body = text_of(slides[3:-1])
    for listed in ("How do I prepare the room?", "Keep the discussion moving", "Arrange the room for talking"):
        assert listed not in body
    handout = [text for _, text in headings(root / "build/en/02-running-a-session/handout.docx")]
    assert handout.index("Questions") < handout.index("Learning objectives") < handout.index("Key points")


def _boxes(slide) -> list[tuple[str, str]]:
    """(fill colour, text) of every shaded box on a slide."""
    found = []
    for shape in slide.shapes:
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and shape.has_text_frame and shape.text_frame.text:
            found.append((str(shape.fill.fore_color.rgb), shape.text_frame.text))
    return found


def _shaded_cells(path: Path) -> list[tuple[str, str]]:
    """(fill colour, text) of every shaded table cell of a Word document."""
    found = []
    for cell in Document(str(path)).element.body.iter(qn("w:tc")):
        shading = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        if shading is not None:
            text = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in cell.iter(qn("w:p")))
            found.append((shading.get(qn("w:fill")), text))
    return found


@pytest.mark.parametrize("lang, note, checklist", [("en", "Note", "Checklist"), ("de", "Hinweis", "Checkliste")])
def test_callouts_are_labelled_boxes_on_slides_and_in_documents(lesson, lang, note, checklist):
    root, _, _, _ = lesson
    prs = Presentation(str(root / "build" / lang / "01-introduction" / "slides.pptx"))
    boxes = [box for slide in prs.slides for box in _boxes(slide)]
    assert len(boxes) == 1
    fill, text = boxes[0]
    assert fill == "EAF1FB" and text.startswith(f"{note}: ")  # the callout's heading joins its label
    assert "Small is fine" in text or lang != "en"
    following = Presentation(str(root / "build" / lang / "03-following-up" / "slides.pptx"))
    labels = [text.split("\n")[0] for slide in following.slides for _, text in _boxes(slide)]
    assert checklist in labels and len(labels) == 3  # prerequisite, checklist, testimonial
    for document in ("handout.docx", "facilitator-guide.docx"):
        cells = _shaded_cells(root / "build" / lang / "01-introduction" / document)
        assert any(fill == "EAF1FB" and text.startswith(f"{note}: ") for fill, text in cells), document
    cells = _shaded_cells(root / "build" / lang / "03-following-up" / "handout.docx")
    assert any(text.startswith(checklist + "\n") for _, text in cells)


def test_caution_and_discussion_boxes_have_their_own_colours(lesson):
    root, _, _, _ = lesson
    prs = Presentation(str(root / "build/en/02-running-a-session/slides.pptx"))
    boxes = dict((text.split("\n")[0], fill) for slide in prs.slides for fill, text in _boxes(slide))
    assert boxes == {"Caution: Do not promise what you cannot deliver": "FDEDEB", "Discussion": "EBF5EC"}


def test_instructor_hint_solution_and_spoiler_reach_the_guide_only(lesson):
    root, _, _, _ = lesson
    for episode in ("01-introduction", "02-running-a-session"):
        folder = root / "build/en" / episode
        shown = text_of(deck(root, episode))  # the presenter's notes page may hold them; the slides never
        for output in (shown, document_text(folder / "handout.docx"), document_text(folder / "exercises.docx")):
            assert not any(hidden in output for hidden in FACILITATOR_ONLY)
    guide = document_text(root / "build/en/01-introduction/facilitator-guide.docx")
    for label, text in (("Facilitator notes", FACILITATOR_ONLY[0]), ("Hint", FACILITATOR_ONLY[1]),
                        ("Solution", FACILITATOR_ONLY[2])):
        assert f"{label}\n{text}" in guide
    assert "Details\nSome hosts " + FACILITATOR_ONLY[3] in document_text(
        root / "build/en/02-running-a-session/facilitator-guide.docx")
    assert FACILITATOR_ONLY[2] in document_text(root / "build/en/01-introduction/solutions.docx")


def test_a_challenge_is_titled_by_its_heading_and_tabs_follow_each_other(lesson):
    root, _, _, _ = lesson
    slides = deck(root, "02-running-a-session")
    exercise = next(s for s in slides if s["layout"] == "Exercise")
    assert exercise["title"] == "Plan the first ten minutes"
    moving = next(s for s in slides if s["title"] == "Keeping it moving")
    assert [line for line in moving["body"] if line in ("In person", "Online")] == ["In person", "Online"]
    names = [text for _, text in headings(root / "build/en/02-running-a-session/handout.docx")]
    assert names.index("In person") < names.index("Online")


# --- prose ------------------------------------------------------------------------------------


def _text_sizes(slide) -> list[float]:
    """Sizes of the text a room reads: the body and the boxes (not titles, footers or captions)."""
    sizes = []
    for shape in slide.shapes:
        if shape.is_placeholder and shape.placeholder_format.idx in (0, 10, 11, 12):
            continue  # title, date, footer, slide number
        if not shape.has_text_frame or shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX and \
                shape.text_frame.paragraphs[0].runs and shape.text_frame.paragraphs[0].runs[0].font.italic:
            continue  # a picture's caption
        sizes.extend(run.font.size.pt for p in shape.text_frame.paragraphs for run in p.runs if run.text.strip())
    return sizes


def test_prose_is_split_at_subheadings_and_paragraphs_never_under_18_pt(lesson):
    root, _, _, _ = lesson
    from trainkit.build import deck_plan, load_project, localise, output_settings

    project = load_project(root)
    plan = deck_plan(project, localise(project, project.module("02-running-a-session"), "en"),
                     output_settings(project))
    titles = [m.plain_text(s.title) for s in plan.slides]
    first = titles.index("Preparing the room")
    assert titles[first + 1] == "Before people arrive"
    arrive, minutes = plan.slides[first + 1], plan.slides[titles.index("The first ten minutes")]
    assert (arrive.split, arrive.continues) == ("heading", first + 1)
    assert minutes.split == "heading"
    prs = Presentation(str(root / "build/en/02-running-a-session/slides.pptx"))
    prose = [n for n, s in enumerate(plan.slides) if s.origin.kind == "content" and s.origin.slide == 0]
    read = [(n, _text_sizes(prs.slides[n])) for n in prose]
    assert len([n for n, sizes in read if sizes]) >= 3  # the picture's slide has only its caption
    for n, sizes in read:
        assert not sizes or min(sizes) >= 18, (titles[n], sizes)
    agenda = next(n for n in prose if "18:00  Welcome and the question of the day" in
                  text_of([slide_texts(root / "build/en/02-running-a-session/slides.pptx")[n]]))
    assert "Write the agenda on a large sheet next to the door:" in "\n".join(
        slide_texts(root / "build/en/02-running-a-session/slides.pptx")[agenda]["body"])


def test_a_slide_of_bullets_with_subheadings_is_not_prose(tmp_path):
    body = "## Plan\n\n### Morning\n\n- Arrive\n- Coffee\n\n### Afternoon\n\n- Workshop\n- Report\n"
    module, diagnostics = _module(tmp_path, "title: T\nduration: 5", body)
    assert not module.sections[0].slides[0].prose and not diagnostics.items


def test_prose_before_the_first_slide_heading_warns_once(tmp_path):
    words = " ".join(["word"] * 160)
    body = f"{words}\n\n## Slide\n\n{words}\n\n## Other\n\n- short\n"
    module, diagnostics = _module(tmp_path, "title: T\nduration: 5", body)
    assert module.sections[0].prose and module.sections[0].slides[0].prose
    assert [re.sub(r"\(more.*", "", str(d)) for d in diagnostics.items] == [
        "lesson.md:6: warning: 2 parts of this module (lines 6, 8) are written as prose "]


def test_raw_html_tags_and_comments_are_left_out_as_pandoc_does_for_office_files(tmp_path):
    body = ("<!-- an author's note\nover two lines -->\n\n## Saving\n\nPress <kbd>Ctrl</kbd>+<kbd>O</kbd>, "
            "then <kbd>Enter</kbd>.\n\n<div class=\"box\">Raw block</div>\n")
    module, diagnostics = _module(tmp_path, "title: T\nduration: 5", body)
    paragraph = module.sections[0].slides[0].blocks[0]
    assert m.plain_text(paragraph.inlines) == "Press Ctrl+O, then Enter."
    assert [str(d) for d in diagnostics.items] == [
        "lesson.md:13: warning: raw HTML is not supported and was left out [markdown.html]"]
