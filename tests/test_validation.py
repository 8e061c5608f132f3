"""Bad input: one located line per problem, exit 1, no traceback, nothing written for that module."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

GOOD_HEAD = "---\ntitle: Broken\nduration: 10\n---\n\n# Part {duration=10}\n\n## Slide\n\n"

CASES = {
    "invalid-yaml": ("---\ntitle: [unclosed\nduration: 10\n---\n",
                     "modules/bad.md:2: error: invalid YAML: a list in [ ] is not closed, or an item holds ': '; "
                     "close it or quote the item [yaml.syntax]"),
    "yaml-colon": ("---\ntitle: Impact: the basics\nduration: 10\n---\n",
                   "modules/bad.md:2: error: invalid YAML: a ': ' inside a value reads as a new key; put the value "
                   'in quotes (title: "Impact: the basics") [yaml.syntax]'),
    "yaml-quote": ('---\ntitle: "unterminated\nduration: 10\n---\n',
                   "modules/bad.md:2: error: invalid YAML: a quoted value is not closed; add the closing quote "
                   "[yaml.syntax]"),
    "yaml-tab": ("---\ntitle: ok\nduration: 10\n\tlevel: x\n---\n",
                 "modules/bad.md:4: error: invalid YAML: a tab character; indent YAML with spaces [yaml.syntax]"),
    "yaml-indent": ("---\ntitle: ok\nduration: 10\nobjectives:\n  - one\n - two\n---\n",
                    "modules/bad.md:6: error: invalid YAML: the indentation does not line up; give items of one "
                    "list the same indentation [yaml.syntax]"),
    "no-front-matter": ("# Just a heading\n", "modules/bad.md:1: error: missing front matter"),
    "wrong-type": ("---\ntitle: Broken\nduration: 10\nobjectives: {a: 1}\n---\n",
                   "modules/bad.md:4: error: objectives must be a list of texts [meta.objectives]"),
    "title-type": ("---\ntitle: [a, b]\nduration: 10\n---\n", "modules/bad.md:2: error: title must be text, not a list"),
    "negative-duration": ("---\ntitle: Broken\nduration: -5\n---\n",
                          "modules/bad.md:3: error: duration must be a positive whole number of minutes, not -5"),
    "text-duration": ("---\ntitle: Broken\nduration: ninety\n---\n",
                      "modules/bad.md:3: error: duration must be a positive whole number of minutes, not 'ninety'"),
    "missing-title": ("---\nduration: 10\n---\n", "modules/bad.md:1: error: missing required field 'title'"),
    "missing-image": (GOOD_HEAD + "![Alt](img/none.png)\n", "modules/bad.md:10: error: image 'img/none.png' not found"),
    "escaping-image": (GOOD_HEAD + "![Alt](../../secret.png)\n",
                       "modules/bad.md:10: error: image '../../secret.png' lies outside the project"),
    "absolute-image": (GOOD_HEAD + "![Alt](/etc/hostname)\n",
                       "modules/bad.md:10: error: image path '/etc/hostname' is absolute"),
    "not-an-image": (GOOD_HEAD + "![Alt](img/fake.png)\n", "modules/bad.md:10: error: 'img/fake.png' is not a readable image"),
    "symlink-out": (GOOD_HEAD + "![Alt](img/link.png)\n", "modules/bad.md:10: error: image 'img/link.png' lies outside the project"),
    "unclosed-div": (GOOD_HEAD + "Text\n\n::: notes\nNever closed\n", "modules/bad.md:12: error: fenced div is not closed"),
    "python-tag": ("---\ntitle: !!python/object/apply:os.system ['touch /tmp/trainkit-pwned']\nduration: 10\n---\n",
                   "modules/bad.md:2: error: invalid YAML"),
    "bad-div-duration": (GOOD_HEAD + '::: {.exercise duration="soon"}\nDo it\n:::\n',
                         "modules/bad.md:10: error: div duration must be a positive number of minutes, not 'soon'"),
    "bad-id": ("---\nid: Bad_Id\ntitle: Broken\nduration: 10\n---\n", "modules/bad.md:2: error: module id 'Bad_Id'"),
    "unknown-prerequisite": ("---\ntitle: Broken\nduration: 10\nprerequisites: [nowhere]\n---\n",
                             "modules/bad.md:4: error: unknown prerequisite 'nowhere'"),
}


def _write_broken(project: Path, text: str | bytes) -> None:
    img = project / "modules" / "img"
    img.mkdir(exist_ok=True)
    (img / "fake.png").write_text("not a picture", encoding="utf-8")
    outside = project.parent / "outside.png"
    (project.parent / "outside.png").write_bytes((Path(__file__).parent / "projects/full/modules/img/wide.png").read_bytes())
    (img / "link.png").symlink_to(outside)
    target = project / "modules" / "bad.md"
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_module_reports_one_located_error(case, make_project, run):
    project = make_project("minimal")
    text, expected = CASES[case]
    _write_broken(project, text)
    result = run(project, "build")
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(expected), result.stderr
    assert "Traceback" not in result.output
    assert not (project / "build" / "en" / "bad").exists()
    # The good module next to it is still built.
    assert (project / "build" / "en" / "hello" / "slides.pptx").is_file()
    assert not Path("/tmp/trainkit-pwned").exists()


def test_validate_reports_every_problem_of_a_run(make_project, run):
    project = make_project("minimal")
    (project / "modules" / "one.md").write_text("---\ntitle: One\nduration: 0\n---\n", encoding="utf-8")
    (project / "modules" / "two.md").write_text("---\nduration: 5\nlevel: expert\n---\n", encoding="utf-8")
    result = run(project, "validate")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:3] == [
        "modules/one.md:3: error: duration must be a positive whole number of minutes, not 0 [meta.duration]",
        "modules/two.md:1: error: missing required field 'title' [meta.title]",
        "modules/two.md:3: error: level must be one of introductory, intermediate, advanced, not 'expert' [meta.level]",
    ]


def test_non_utf8_file(make_project, run):
    project = make_project("minimal")
    (project / "modules" / "bad.md").write_bytes(b"---\ntitle: Caf\xe9\nduration: 10\n---\n")
    result = run(project, "validate")
    assert result.exit_code == 1
    assert "modules/bad.md:2: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8 [source.encoding]" in result.stderr


def test_alias_bomb_is_refused_quickly(make_project, run):
    project = make_project("minimal")
    lines = ["---", "title: Bomb", "duration: 10", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i-1}"] * 9) + "]")
    (project / "modules" / "bad.md").write_text("\n".join(lines + ["---", ""]), encoding="utf-8")
    started = time.monotonic()
    result = run(project, "validate")
    assert time.monotonic() - started < 1.0
    assert result.exit_code == 1
    assert "modules/bad.md:5: error: YAML aliases (*name) are not allowed [yaml.alias]" in result.stderr


def test_control_characters_are_removed_with_a_warning(make_project, run):
    project = make_project("minimal")
    (project / "modules" / "pasted.md").write_text(
        "---\ntitle: Pasted\nduration: 10\n---\n\n# Part {duration=10}\n\n## Slide\n\n- Line\x0bbreak\x01 text\n",
        encoding="utf-8")
    result = run(project, "build", "--format", "slides")
    assert result.exit_code == 0, result.output
    assert "modules/pasted.md:10: warning: removed control character U+000B [source.control]" in result.stderr
    assert "modules/pasted.md:10: warning: removed control character U+0001 [source.control]" in result.stderr
    assert (project / "build" / "en" / "pasted" / "slides.pptx").is_file()


def test_unknown_language_code_in_config(make_project, run):
    project = make_project("minimal")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text().replace("languages: [en]", "languages: [en, xx-nope]"))
    result = run(project, "validate")
    assert result.exit_code == 1
    assert "trainkit.yaml:4: error: unknown language code 'xx-nope' [config.language]" in result.stderr


def test_config_problems_are_collected_with_lines(make_project, run):
    project = make_project("minimal")
    (project / "trainkit.yaml").write_text(
        "project: minimal\nlanguages: [en, zz]\ncolour: blue\ncourses:\n  intro:\n    modules: [nope]\n"
        "regions:\n  north:\n    languages: [de]\n", encoding="utf-8")
    result = run(project, "validate")
    assert result.exit_code == 1
    # config errors do not stop the run: the course check and the modules are checked too
    assert result.stderr.splitlines() == [
        "trainkit.yaml:2: error: unknown language code 'zz' [config.language]",
        "trainkit.yaml:3: warning: unknown setting 'colour' is ignored [config.unknown]",
        "trainkit.yaml:6: error: course 'intro' names unknown module 'nope' [config.course]",
        "trainkit.yaml:8: error: region 'north' names no courses: its release would hold no material [config.region]",
        "trainkit.yaml:9: error: region 'north' uses language 'de', which is not in the project's languages [config.region]",
        "1 module(s): 4 error(s), 1 warning(s)",
    ]
    build = run(project, "build")
    assert build.exit_code == 1 and build.stderr.splitlines()[-1] == "trainkit: stopped with 4 error(s), 1 warning(s)"
    assert not (project / "build").exists()


def test_usage_errors_exit_2(make_project, run):
    project = make_project("minimal")
    assert run(project, "build", "--lang", "fr").exit_code == 2
    assert run(project, "build", "--module", "nope").exit_code == 2
    result = run(project, "build", "--format", "poster")
    assert result.exit_code == 2
    assert result.stderr.strip() == "trainkit: error: unknown format 'poster' (choose from: slides, handout, guide, exercises, solutions)"


def test_unknown_template_key_is_a_located_warning(make_project, run):
    project = make_project("minimal")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "templates:\n  poster: templates/poster.pptx\n",
                      encoding="utf-8")
    result = run(project, "validate")
    line = len(config.read_text(encoding="utf-8").splitlines())
    assert (f"trainkit.yaml:{line}: warning: unknown template 'poster' is ignored "
            "(trainkit has: slides, handout, guide) [config.unknown]") in result.stderr.splitlines()


def test_an_unknown_layout_is_a_located_warning(make_project, run):
    project = make_project("minimal")
    module = project / "modules" / "hello.md"
    text = module.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    module.write_text(text.replace(heading, heading + ' {layout="Fancy"}'), encoding="utf-8")
    line = text.splitlines().index(heading) + 1
    result = run(project, "validate")
    assert result.exit_code == 0
    warning = next(l for l in result.stderr.splitlines() if "[slide.layout]" in l)
    assert warning.startswith(f"modules/hello.md:{line}: warning: unknown layout 'Fancy': the slide uses "
                              "'Title and Content' (the template has: Title Slide, Title and Content,")
    module.write_text(text.replace(heading, heading + ' {layout="Title Only"}'), encoding="utf-8")
    assert "[slide.layout]" not in run(project, "validate").stderr


def test_an_untimed_exercise_has_a_start_time_in_the_session_plan(make_project, run):
    from docx import Document

    project = make_project("minimal")
    (project / "modules" / "hello.md").write_text(
        "---\ntitle: Plan\nduration: 30\n---\n\n# Part {duration=30}\n\n## Do\n\nText.\n\n"
        "::: {.exercise title=\"Untimed\"}\nTalk.\n:::\n", encoding="utf-8")
    assert run(project, "build", "--lang", "en", "--format", "guide").exit_code == 0
    guide = Document(str(project / "build/en/hello/facilitator-guide.docx"))
    rows = [[c.text for c in row.cells] for table in guide.tables for row in table.rows]
    row = next(r for r in rows if len(r) == 5 and r[1].endswith("Untimed"))  # the session plan
    assert re.fullmatch(r"\d:\d\d", row[0]) and row[2] == "Exercise" and row[4] == "", row


def test_an_unclosed_div_hides_no_later_problem(make_project, run):
    project = make_project("minimal")
    (project / "modules" / "hello.md").write_text(
        "---\ntitle: T\nduration: 20\n---\n\n# A {duration=10}\n\n## B\n\n::: notes\nNever closed.\n\n"
        "## C {duration=5}\n\n![x](img/missing.png)\n\n# D {duration=bad}\n", encoding="utf-8")
    result = run(project, "validate")
    assert result.exit_code == 1
    assert [line.split(" [")[0] for line in result.stderr.splitlines() if ": error: " in line] == [
        "modules/hello.md:10: error: fenced div is not closed (add a ':::' line)",
        "modules/hello.md:15: error: image 'img/missing.png' not found",
        "modules/hello.md:17: error: duration must be a positive number of minutes, not 'bad'",
    ]
    assert "modules/hello.md:13: warning: durations belong on '#' section headings" in result.stderr


def test_an_exercise_step_must_point_at_something_participants_see_on_the_sheet(make_project, run):
    project = make_project("minimal")
    module = project / "modules" / "hello.md"
    module.write_text(
        "---\ntitle: Refs\nduration: 30\n---\n\n# Part {duration=30}\n\n## Do\n\n"
        "::: {.exercise duration=\"10\"}\n"
        "1. Fill in [the table below](#table).\n"
        "2. Read [the case](#case).\n"
        "3. Compare with [the model answer](#answer).\n\n"
        "::: {#table}\n| Actor | Role |\n|---|---|\n| Bank | |\n:::\n\n"
        "::: {.solution #answer}\nThe model answer.\n:::\n"
        ":::\n", encoding="utf-8")
    result = run(project, "validate")
    lines = [line for line in result.stderr.splitlines() if "[exercise.reference]" in line]
    assert lines == [
        "modules/hello.md:12: warning: [the case](#case) refers to no div {#case} in this exercise: participants "
        "will not find it on their sheet [exercise.reference]",
        "modules/hello.md:13: warning: [the model answer](#answer) refers to a 'solution' div, which participants "
        "do not see on their sheet [exercise.reference]",
    ]
    assert "div.unknown" not in result.stderr, "an id alone names a group of blocks"
    assert run(project, "build", "--lang", "en", "--format", "slides", "--format", "exercises").exit_code == 0
    from pptx import Presentation

    slides = Presentation(str(project / "build/en/hello/slides.pptx")).slides
    assert not [r for s in slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs
                for r in p.runs if r.hyperlink.address], "a link to the sheet is no hyperlink on a slide"


def test_a_picture_on_the_web_is_left_out_with_a_warning_and_the_module_builds(make_project, run):
    """Lessons from elsewhere link badges and logos on the web; the build goes on without them."""
    project = make_project("minimal")
    module = project / "modules" / "hello.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n![The project badge](https://example.org/badge.svg)\n",
                      encoding="utf-8")
    result = run(project, "build", "--lang", "en", "--format", "handout")
    assert result.exit_code == 0, result.stderr
    assert "warning: image 'https://example.org/badge.svg' is on the web: it is left out of the outputs" in result.stderr
    from outline import document_text

    assert "The project badge" in document_text(project / "build/en/hello/handout.docx")


def test_a_project_without_a_name_takes_its_folders_name_made_valid(tmp_path, run):
    root = tmp_path / "swcarpentry+Shell_Novice"
    (root / "modules").mkdir(parents=True)
    (root / "trainkit.yaml").write_text("languages: [en]\n", encoding="utf-8")
    (root / "modules" / "one.md").write_text("---\ntitle: One\nduration: 10\n---\n\n# A {duration=10}\n\n## B\n\nText.\n",
                                              encoding="utf-8")
    from trainkit.config import load_config
    from trainkit.errors import Diagnostics

    assert load_config(root, Diagnostics()).project == "swcarpentry-shell-novice"
    assert run(root, "validate").exit_code == 0
