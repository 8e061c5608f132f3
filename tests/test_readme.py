"""The README is the contract: each test reads a claim or example from README.md and checks it.

The tests parse the README itself (its command table, examples and workflow blocks), so an
example that changes without the code, or code that changes without its example, fails here.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from conftest import PROJECTS
from outline import document_text, slide_texts

from trainkit.cli import cli

REPO = Path(__file__).parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of a ``## title`` section (``##`` lines inside code blocks do not end it)."""
    lines, inside, fenced = [], False, False
    for line in README.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if line.startswith("## ") and not fenced:
            if inside:
                break
            inside = line == f"## {title}"
            continue
        if inside:
            lines.append(line)
    assert lines, f"README has no section '{title}'"
    return "\n".join(lines) + "\n"


def blocks(text: str, language: str) -> list[str]:
    """The fenced code blocks of ``language`` in ``text``."""
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.M | re.S)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# --- the two commands -----------------------------------------------------------------------


def test_ci_runs_the_readme_s_install_and_test_commands():
    install, tests = blocks(section("Two commands"), "sh")
    assert install.strip().endswith("pip install -e . && trainkit build")
    assert tests.strip() == "pip install -e '.[test]' && python -m pytest"
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci and re.search(r"^python -m pytest\b", ci, re.M)


def test_outputs_land_where_the_readme_says(make_project, run):
    root = make_project("full")
    assert run(root, "build", "--lang", "en").exit_code == 0
    said = re.findall(r"`([a-z-]+\.(?:pptx|docx))`", section("Two commands"))
    assert said == ["slides.pptx", "handout.docx", "facilitator-guide.docx", "exercises.docx", "solutions.docx"]
    folder = root / "build" / "en" / "full-syntax"
    assert sorted(p.name for p in folder.iterdir()) == sorted(said[:4])  # the key only with --with-solutions
    assert run(root, "build", "--lang", "en", "--with-solutions").exit_code == 0
    assert (folder / "solutions.docx").is_file()


# --- command line ---------------------------------------------------------------------------


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))
        else:
            yield prefix + (name,), command


def test_every_command_and_option_is_in_the_readme_table_and_nothing_else():
    rows = re.findall(r"^\| `trainkit ([^`|]*)`", section("Command line"), re.M)
    documented: dict[tuple[str, ...], set[str]] = {}
    for row in rows:
        words = [w for w in row.split() if not w.startswith(("[", "-"))]
        path = tuple(w for w in words if re.fullmatch(r"[a-z][a-z0-9]*", w))
        documented.setdefault(path, set()).update(re.findall(r"--[a-z-]+", row))
    actual = {path: {opt for param in command.params for opt in param.opts if opt.startswith("--")} - {"--help"}
              for path, command in _commands(cli)}
    assert set(documented) - {()} == set(actual)
    for path, options in actual.items():
        assert options == documented[path], path
    usage = re.search(r"^trainkit \[-C DIR\] \[--debug\] COMMAND$", section("Command line"), re.M)
    assert usage and {"-C", "--debug", "--version"} <= {o for p in cli.params for o in p.opts}


def test_problems_print_as_the_readme_s_example_lines(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PROJECTS / "minimal", root)
    lines = ["---", "title: Mapping", "duration: 90", "---", ""] + [""] * 8
    lines[13 - 1] = "## Map"
    lines += ["![The map](img/map.png)", "", "", "", "", "", "# Part one {duration=40}", ""] + [""] * 19
    lines += ["# Part two {duration=40}", "", "## Done", "", "Text."]
    (root / "modules" / "hello.md").unlink()
    (root / "modules" / "ecosystem-mapping.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke("-C", str(root), "validate")
    for example in blocks(section("Command line"), "")[1].strip().splitlines():
        assert example in result.stderr.splitlines()


def test_a_command_on_part_of_a_project_prints_what_concerns_that_part(make_project):
    text = section("Command line")
    assert "prints the problems that concern that" in text and "`trainkit validate` prints all of them" in text
    root = make_project("full")
    second = root / "modules" / "second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\n![A map](img/missing.png)\n", encoding="utf-8")
    part = invoke("-C", str(root), "build", "--lang", "en", "--module", "full-syntax", "--format", "slides")
    assert part.exit_code == 0, part.stderr
    assert "second.md" not in part.stderr
    assert "(1 problem(s) elsewhere in the project not shown: run 'trainkit validate')" in part.stderr
    whole = invoke("-C", str(root), "validate")
    assert whole.exit_code == 1
    assert re.search(r"^modules/second\.md:\d+: error: image 'img/missing\.png' not found", whole.stderr, re.M)


def test_exit_status_is_as_the_readme_says(make_project, monkeypatch):
    text = section("Command line")
    assert all(f"**{code}**" in text for code in "0123")
    root = make_project("full")
    assert invoke("-C", str(root), "build", "--lang", "en", "--format", "slides").exit_code == 0
    assert invoke("-C", str(root), "build", "--lang", "fr").exit_code == 2
    assert invoke("-C", str(root / "nowhere"), "validate").exit_code == 2
    from trainkit.writers import slides

    def bug(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(slides.SlidesWriter, "write", bug)
    # --force: the deck built above is up to date, and an up-to-date deck is not written again
    crashed = invoke("-C", str(root), "build", "--lang", "en", "--module", "full-syntax", "--format", "slides",
                     "--force")
    assert crashed.exit_code == 3
    assert crashed.stderr.strip() == ("trainkit: internal error: RuntimeError: a bug (run with --debug for "
                                      "details)")
    with pytest.raises(RuntimeError):
        invoke("-C", str(root), "--debug", "build", "--lang", "en", "--module", "full-syntax", "--format", "slides",
               "--force")
    monkeypatch.undo()
    (root / "modules" / "second.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    failed = invoke("-C", str(root), "build", "--lang", "en", "--format", "slides")
    assert failed.exit_code == 1


# --- module format --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def readme_module(tmp_path_factory):
    """The README's module example, built in English with every output."""
    root = tmp_path_factory.mktemp("readme") / "project"
    shutil.copytree(PROJECTS / "minimal", root)
    example = blocks(section("Module format"), "markdown")[0]
    (root / "modules" / "ecosystem-mapping.md").write_text(example, encoding="utf-8")
    (root / "modules" / "social-innovation-basics.md").write_text(
        "---\ntitle: Basics\nduration: 30\n---\n\n# Basics {duration=30}\n\n## One\n\nText.\n", encoding="utf-8")
    (root / "modules" / "img").mkdir()
    shutil.copy(PROJECTS / "full" / "modules" / "img" / "wide.png", root / "modules" / "img" / "map.png")
    result = invoke("-C", str(root), "build", "--lang", "en", "--module", "ecosystem-mapping", "--with-solutions")
    assert result.exit_code == 0, result.stderr
    folder = root / "build" / "en" / "ecosystem-mapping"
    deck = slide_texts(folder / "slides.pptx")
    return example, {
        "slide": "\n".join("\n".join([s["title"], *s["body"]]) for s in deck),
        "notes page": "\n".join(s["notes"] for s in deck),
        "handout": document_text(folder / "handout.docx"),
        "guide": document_text(folder / "facilitator-guide.docx"),
    }


def test_the_module_example_builds_and_each_audience_sees_what_the_table_says(readme_module):
    example, seen = readme_module
    table = re.findall(r"^\| (`::: \w+`[^|]*|plain content[^|]*|exercises) \|(.*)\|$", section("Module format"), re.M)
    header = ["slide", "notes page", "handout", "guide"]
    checked = 0
    for block, cells in table:
        expected = {where for where, mark in zip(header, cells.split("|")) if mark.strip().startswith("yes")}
        name = re.match(r"`::: (\w+)`", block)
        if block == "exercises":
            text = re.search(r"::: \{\.exercise[^}]*\}\n(.*)", example).group(1)
        elif name is None:
            text = re.search(r"^- (Bullets \(three levels\), numbered lists),", example, re.M).group(1)
        else:
            found = re.search(rf"^::: (?:{name.group(1)}|\{{\.{name.group(1)}[^}}]*\}})\n(.*)", example, re.M)
            if found is None:
                continue  # not in the example (slides)
            text = found.group(1).removeprefix("- ")  # a list item's text (an answer field's label)
        assert {where for where, output in seen.items() if text in output} == expected, block
        checked += 1
    assert checked == 7


def test_metadata_markdown_and_layouts_are_as_documented(readme_module):
    _, seen = readme_module
    assert "Name the actors of a regional ecosystem" in seen["slide"]
    assert "Shown on the closing slide" in seen["slide"].splitlines()[-3:] or "Shown on the closing slide" in seen[
        "slide"]
    layouts = re.findall(r"`(Title and Content|Two Content|Comparison|Content with Caption|Title Only|Blank)`",
                         section("Module format"))
    from trainkit.writers.layouts import FALLBACKS

    assert set(layouts) <= set(FALLBACKS)


# --- configuration --------------------------------------------------------------------------


def test_the_configuration_example_validates_cleanly(tmp_path):
    root = tmp_path / "csei"
    (root / "modules" / "img").mkdir(parents=True)
    (root / "img").mkdir()
    (root / "templates").mkdir()
    (root / "trainkit.yaml").write_text(blocks(section("Project configuration (`trainkit.yaml`)"), "yaml")[0],
                                        encoding="utf-8")
    for module_id in ("social-innovation-basics", "opening-business-support"):
        (root / "modules" / f"{module_id}.md").write_text(
            f"---\ntitle: {module_id}\nduration: 30\n---\n\n# A {{duration=30}}\n\n## B\n\nText.\n", encoding="utf-8")
    shutil.copy(PROJECTS / "full" / "modules" / "img" / "wide.png", root / "img" / "logo.png")
    shutil.copy(REPO / "templates" / "branding" / "eu-emblem.svg", root / "img" / "eu-emblem.svg")
    from trainkit.build import builtin_template

    shutil.copy(builtin_template("slides.pptx"), root / "templates" / "our-slides.pptx")
    result = invoke("-C", str(root), "validate")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == "2 module(s): 0 error(s), 0 warning(s)"


def test_the_glossary_example_is_a_glossary(tmp_path):
    from trainkit.errors import Diagnostics
    from trainkit.i18n.glossary import load_glossary

    example = blocks(section("Translation workflow"), "yaml")[0]
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "glossary.yaml").write_text(example, encoding="utf-8")
    diagnostics = Diagnostics()
    terms = load_glossary(tmp_path, "locales", "en", diagnostics)
    assert not diagnostics.items
    assert [(t.source, t.translations["pl"]) for t in terms] == [
        ("social enterprise", ("przedsiębiorstwo społeczne", "przedsiębiorstwo socjalne"))]


# --- workflows ------------------------------------------------------------------------------


def test_the_release_workflow_runs_as_written(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(PROJECTS / "full", root)
    config = root / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("project: full", "project: csei")
                      .replace("  pl:\n    name: Pomorskie", "  estonia:\n    name: Estonia"), encoding="utf-8")
    for language in ("de", "pl"):
        assert invoke("-C", str(root), "i18n", "pseudo", language).exit_code == 0
    for line in blocks(section("Release workflow"), "sh")[0].strip().splitlines():
        args = shlex.split(line.split("#")[0])
        assert args[0] == "trainkit"
        if args[1] == "verify":
            args[2] = str(root / args[2])
        result = invoke("-C", str(root), *args[1:])
        assert result.exit_code == 0, (line, result.stderr)
    assert (root / "dist" / "csei-estonia-1.0.0.zip").is_file()


def test_the_translation_workflow_steps_hold(make_project, run):
    root = make_project("intl")
    module = root / "modules" / "full-syntax.md"  # no warnings but the ones the workflow is about
    module.write_text(module.read_text(encoding="utf-8").replace("::: callout", "::: handout"), encoding="utf-8")
    text = section("Translation workflow")
    assert "`trainkit i18n update`" in text
    assert run(root, "i18n", "update").exit_code == 0  # step 1
    po = root / "locales" / "de" / "second.po"
    assert po.is_file() and "#. " in po.read_text(encoding="utf-8")  # step 2: where the text appears
    assert run(root, "i18n", "status", "--min", "100").exit_code == 1  # step 4
    assert run(root, "i18n", "update", "--check").exit_code == 0
    strict = run(root, "build", "--lang", "de", "--strict")  # step 5
    assert strict.exit_code == 1 and "[i18n.untranslated]" in strict.stderr
    assert run(root, "i18n", "pseudo", "de").exit_code == 0
    assert run(root, "i18n", "pseudo", "pl").exit_code == 0
    assert run(root, "i18n", "check").exit_code == 0  # step 3
    assert run(root, "i18n", "status", "--min", "100").exit_code == 0
    assert run(root, "build", "--lang", "de", "--strict").exit_code == 0


# --- layout of the code ---------------------------------------------------------------------


def test_every_file_the_layout_section_names_exists():
    text = section("Layout of the code")
    names = set(re.findall(r"^([a-z_/]+\.py|[a-z]+/)\s", blocks(text, "")[0], re.M))
    names |= set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", text))
    assert len(names) > 15
    for name in names:
        candidates = [REPO / "trainkit" / name, REPO / "trainkit" / "writers" / name, REPO / name]
        assert any(c.exists() for c in candidates), name
