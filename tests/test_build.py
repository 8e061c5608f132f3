"""End to end: projects build, outputs land where the README says, audiences see the right blocks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from outline import document_text, headings, slide_texts


def test_init_project_builds_as_it_is(tmp_path, run):
    project = tmp_path / "course"
    assert run(None, "init", str(project)).exit_code == 0
    result = run(project, "build")
    assert result.exit_code == 0, result.output
    for lang in ("en", "de"):
        for name in ("slides.pptx", "handout.docx", "facilitator-guide.docx"):
            assert (project / "build" / lang / "welcome" / name).is_file()


def test_new_module_validates_and_copied_module_is_picked_up(tmp_path, run):
    project = tmp_path / "course"
    run(None, "init", str(project))
    assert run(project, "new", "module", "impact-basics", "--title", "Impact basics").exit_code == 0
    (project / "modules" / "copied.md").write_text(
        (Path(__file__).parent / "projects/minimal/modules/hello.md").read_text(), encoding="utf-8")
    result = run(project, "validate")
    assert result.exit_code == 0, result.output
    assert "3 module(s): 0 error(s), 0 warning(s)" in result.stderr
    assert run(project, "build", "--lang", "en").exit_code == 0
    assert (project / "build/en/copied/slides.pptx").is_file()
    assert (project / "build/en/impact-basics/handout.docx").is_file()


def test_project_is_found_from_a_subfolder(make_project, monkeypatch, run):
    project = make_project("minimal")
    monkeypatch.chdir(project / "modules")
    result = run(None, "build", "--format", "slides")
    assert result.exit_code == 0, result.output
    assert (project / "build/en/hello/slides.pptx").is_file()


def test_outside_a_project_is_a_clear_error(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    result = run(None, "validate")
    assert result.exit_code == 2  # a usage mistake: the command was run in the wrong place
    assert result.stderr.startswith("trainkit: error: no trainkit.yaml found in")


def test_python_dash_m_and_version():
    result = subprocess.run([sys.executable, "-m", "trainkit", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("trainkit, version ")


def test_slides_show_slide_blocks_and_notes_only(make_project, run):
    project = make_project("full")
    assert run(project, "build", "--lang", "en", "--module", "full-syntax").exit_code == 0
    slides = slide_texts(project / "build/en/full-syntax/slides.pptx")
    titles = [s["title"] for s in slides]
    assert "Bullets and levels" in titles
    bullets = next(s for s in slides if s["title"] == "Bullets and levels")
    visible = "\n".join(bullets["body"])
    assert "Level two with a link" in visible
    assert "Slides-only remark." in visible
    assert bullets["notes"].startswith("Speaker note for the bullets slide.")
    everything = "\n".join("\n".join(s["body"]) + s["title"] for s in slides)
    for hidden in ("Facilitator-only advice", "Handout-only further reading", "Expected: at least five",
                   "Carpentries-style instructor note", "Speaker note"):
        assert hidden not in everything
    assert "Unknown div content for everyone." in everything


def test_handout_and_guide_audiences(make_project, run):
    project = make_project("full")
    assert run(project, "build", "--lang", "en", "--module", "full-syntax").exit_code == 0
    handout = document_text(project / "build/en/full-syntax/handout.docx")
    guide = document_text(project / "build/en/full-syntax/facilitator-guide.docx")
    assert "Handout-only further reading." in handout
    assert "Unknown div content for everyone." in handout
    for hidden in ("Speaker note", "Facilitator-only advice", "Expected: at least five", "Slides-only remark",
                   "Carpentries-style instructor note"):
        assert hidden not in handout
    for shown in ("Speaker note for the bullets slide.", "Facilitator-only advice about timing.",
                  "Handout-only further reading.", "Expected: at least five actor types.",
                  "Carpentries-style instructor note."):
        assert shown in guide
    assert "Slides-only remark" not in guide
    names = [text for _, text in headings(project / "build/en/full-syntax/handout.docx")]
    assert names.index("Concepts") < names.index("Bullets and levels") < names.index("Practice")


def test_template_check_lists_layouts_and_refuses_non_templates(make_project, run, tmp_path):
    project = make_project("minimal")
    result = run(project, "template", "check")
    assert result.exit_code == 0, result.output
    assert '  Exercise              -> "Exercise": title, 1 content area(s)' in result.stdout
    assert result.stdout.rstrip().endswith("ok: trainkit can build decks with this template")
    fake = tmp_path / "fake.pptx"
    fake.write_text("not a deck")
    result = run(project, "template", "check", str(fake))
    assert result.exit_code == 1
    assert "not a PowerPoint file" in result.stdout


def test_exercise_sheets_and_solution_key(make_project, run):
    project = make_project("full")
    result = run(project, "build", "--lang", "en", "--format", "exercises")
    assert result.exit_code == 0, result.output
    folder = project / "build/en/full-syntax"
    assert "Draw the actors." in document_text(folder / "exercises.docx")
    assert "Expected: at least five" not in document_text(folder / "exercises.docx")
    assert not (folder / "solutions.docx").exists()
    assert run(project, "build", "--lang", "en", "--format", "exercises", "--with-solutions").exit_code == 0
    assert "Expected: at least five actor types." in document_text(folder / "solutions.docx")


def test_course_pack_build(make_project, run):
    project = make_project("full")
    result = run(project, "build", "--course", "intro", "--lang", "en")
    assert result.exit_code == 0, result.output
    folder = project / "build/en/intro"
    for name in ("programme.docx", "handout.docx", "facilitator-guide.docx", "full-syntax/slides.pptx",
                 "second/handout.docx"):
        assert (folder / name).is_file(), name
    assert "Full syntax module" in document_text(folder / "programme.docx")
    assert run(project, "build", "--course", "nope").exit_code == 2
    assert run(project, "build", "--course", "intro", "--format", "slides").exit_code == 2
