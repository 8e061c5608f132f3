"""Incremental builds: each kind of change rewrites exactly the outputs made from what changed;
the build cache can be lost or damaged without a wrong output; dates follow each module's sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import PROJECTS

from trainkit.build import builtin_template
from trainkit.pictures import STORE_FOLDER

MODULES = ("full-syntax", "second")
LANGUAGES = ("en", "de")
FILES = ("slides.pptx", "handout.docx", "facilitator-guide.docx", "exercises.docx")
ALL = {f"{lang}/{mod}/{name}" for lang in LANGUAGES for mod in MODULES for name in FILES}
BUILD = ("build", "--lang", "en", "--lang", "de", "--jobs", "1")


def outputs(root: Path) -> dict[str, tuple[int, int]]:
    """Output path (relative to build/) -> (inode, mtime): both change when a build writes the file."""
    folder = root / "build"
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".") and STORE_FOLDER not in p.parts}


def rewritten(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> set[str]:
    return {path for path, stamp in after.items() if before.get(path) != stamp}


def counts(stderr: str) -> tuple[int, int]:
    """(built, up to date) from the build's summary line."""
    found = re.search(r"^built (\d+) file\(s\), (\d+) up to date in [\d.]+ s; ", stderr, re.M)
    assert found, stderr
    return int(found.group(1)), int(found.group(2))


def problems(stderr: str) -> list[str]:
    """What a build reported, without its timing."""
    return [re.sub(r" in [\d.]+ s;", ";", line) for line in stderr.splitlines()]


@pytest.fixture(scope="module")
def built_once(tmp_path_factory):
    """The 'full' project with German catalogs, the project's own words, a glossary and its own guide
    template (a copy of trainkit's), built once in English and German."""
    from click.testing import CliRunner

    from trainkit.cli import cli

    root = tmp_path_factory.mktemp("incremental") / "full"
    shutil.copytree(PROJECTS / "full", root)
    (root / "templates").mkdir()
    shutil.copyfile(builtin_template("facilitator-guide.docx"), root / "templates" / "guide.docx")
    config = root / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "templates:\n  guide: templates/guide.docx\n",
                      encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(cli, ["-C", str(root), "i18n", "update", "--lang", "de", "--own-words"]).exit_code == 0
    (root / "locales" / "glossary.yaml").write_text("terms:\n  - en: module\n    de: Modul\n", encoding="utf-8")
    first = runner.invoke(cli, ["-C", str(root), *BUILD])
    assert first.exit_code == 0, first.stderr
    assert counts(first.stderr) == (len(ALL), 0)
    assert set(outputs(root)) == ALL
    return root, first.stderr


@pytest.fixture
def project(built_once, tmp_path):
    """A copy of the built project (times kept, so its outputs are up to date) and the first build's report."""
    root, report = built_once
    copy = tmp_path / "full"
    shutil.copytree(root, copy)
    return copy, report


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _repaint(path: Path, colour: str) -> None:
    from PIL import Image

    with Image.open(path) as image:
        Image.new(image.mode, image.size, colour).save(path)


def _change_template(path: Path) -> None:
    from docx import Document
    from docx.shared import Pt

    document = Document(str(path))
    document.styles["Normal"].font.size = Pt(12.5)
    document.save(str(path))


def _each(modules=MODULES, languages=LANGUAGES, files=FILES) -> set[str]:
    return {f"{lang}/{mod}/{name}" for lang in languages for mod in modules for name in files}


CHANGES = {
    # what a user changes -> what must be rewritten (nothing else may be)
    "module source": (lambda r: _replace(r / "modules" / "second.md", "Plain paragraph on the second module.",
                                         "Plain paragraph on the second module, edited."),
                      _each(modules=["second"])),
    "picture": (lambda r: _repaint(r / "modules" / "img" / "wide.png", "red"), _each(modules=["full-syntax"])),
    "picture in one language": (lambda r: shutil.copyfile(r / "modules" / "img" / "tall.png",
                                                          r / "modules" / "img" / "wide.de.png"),
                                _each(modules=["full-syntax"], languages=["de"])),
    "catalog": (lambda r: _replace(r / "locales" / "de" / "second.po",
                                   'msgid "Plain paragraph on the second module."\nmsgstr ""',
                                   'msgid "Plain paragraph on the second module."\nmsgstr "Ein schlichter Absatz."'),
                _each(modules=["second"], languages=["de"])),
    "project's own words": (lambda r: _replace(r / "locales" / "de" / "trainkit.po",
                                               'msgstr "Lernziele"', 'msgstr "Was Sie lernen"'),
                            _each(languages=["de"])),
    "template": (lambda r: _change_template(r / "templates" / "guide.docx"), _each(files=["facilitator-guide.docx"])),
    "trainkit.yaml": (lambda r: _replace(r / "trainkit.yaml", "  acknowledgement: Co-funded by the European Union\n",
                                         "  acknowledgement:\n    en: Co-funded by the European Union\n"
                                         "    de: Kofinanziert von der Europäischen Union\n"),
                      _each(languages=["de"])),
    "another module's title": (lambda r: _replace(r / "modules" / "second.md", "title: Second module",
                                                  "title: The second module"),
                               # full-syntax names 'second' as a prerequisite in its documents, not on slides
                               _each(modules=["second"]) | _each(modules=["full-syntax"], files=FILES[1:])),
    "glossary": (lambda r: _replace(r / "locales" / "glossary.yaml", "de: Modul", "de: Baustein"), set()),
    "a file of no output": (lambda r: (r / "notes.txt").write_text("for the team\n", encoding="utf-8"), set()),
    "deleted output": (lambda r: (r / "build" / "de" / "second" / "handout.docx").unlink(),
                       {"de/second/handout.docx"}),
    "altered output": (lambda r: (r / "build" / "en" / "full-syntax" / "slides.pptx").write_bytes(b"not a deck"),
                       {"en/full-syntax/slides.pptx"}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_each_kind_of_change_rewrites_exactly_the_outputs_made_from_it(project, run, change):
    root, _ = project
    make_change, expected = CHANGES[change]
    before = outputs(root)
    make_change(root)
    result = run(root, *BUILD)
    assert result.exit_code == 0, result.stderr
    assert rewritten(before, outputs(root)) == expected
    assert counts(result.stderr) == (len(expected), len(ALL) - len(expected))


def test_a_build_with_nothing_changed_writes_nothing_and_reports_the_same_problems(project, run):
    root, first = project
    before = outputs(root)
    again = run(root, *BUILD)
    assert again.exit_code == 0
    assert outputs(root) == before
    assert counts(again.stderr) == (0, len(ALL))
    assert "warning:" in first  # untranslated German text, reported by the module that is up to date
    assert problems(again.stderr)[:-1] == problems(first)[:-1]
    force = run(root, *BUILD, "--force")
    assert rewritten(before, outputs(root)) == ALL
    assert counts(force.stderr) == (len(ALL), 0)
    assert problems(force.stderr)[:-1] == problems(first)[:-1]


def test_strict_stops_a_module_whose_outputs_are_up_to_date_as_it_stops_any(project, run):
    root, _ = project
    cached = run(root, *BUILD, "--strict")
    fresh = run(root, *BUILD, "--strict", "--force")
    assert cached.exit_code == fresh.exit_code == 1
    assert "not built because of errors: full-syntax (de), second (de)" in cached.stderr.splitlines()
    assert problems(cached.stderr)[:-3] == problems(fresh.stderr)[:-3]


@pytest.mark.parametrize("damage", [b"\x00garbage{", b'{"format": 1, "outputs": {"en/second/slides": 7}}',
                                    b'{"format": 1, "outputs": []}', b"[]", b""])
def test_a_damaged_cache_costs_a_rebuild_and_never_a_wrong_output(project, run, damage):
    root, _ = project
    folder = root / "build"
    expected = {path: (folder / path).read_bytes() for path in ALL}
    (root / "modules" / "second.md").write_text(
        (root / "modules" / "second.md").read_text(encoding="utf-8"), encoding="utf-8")  # a new date for 'second'
    (folder / ".trainkit-cache.json").write_bytes(damage)
    result = run(root, *BUILD)
    assert result.exit_code == 0, result.stderr
    assert counts(result.stderr) == (len(ALL), 0)
    changed = {path for path in ALL if (folder / path).read_bytes() != expected[path]}
    assert changed and all(path.split("/")[1] == "second" for path in changed)  # its date is in its files
    assert counts(run(root, *BUILD).stderr) == (0, len(ALL))


def test_a_cache_that_lies_about_its_files_is_not_believed(project, run):
    """A record whose files were replaced by others of the same name (a copy from elsewhere, a restore)."""
    root, _ = project
    folder = root / "build"
    deck = folder / "en" / "second" / "slides.pptx"
    good = deck.read_bytes()
    deck.write_bytes(good[:-10] + b"0123456789")  # same size, another time
    result = run(root, *BUILD)
    assert counts(result.stderr) == (1, len(ALL) - 1)
    assert deck.read_bytes() == good


def test_course_packs_reuse_the_module_outputs_built_before(project, run):
    root, _ = project
    before = outputs(root)
    result = run(root, "build", "--course", "intro", "--lang", "en", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    pack = root / "build" / "en" / "intro"
    # the course's own three documents are written; each module's outputs are copies of build/en/<module>/
    assert counts(result.stderr) == (3, 8)
    for module in MODULES:
        for name in FILES:
            assert (pack / module / name).read_bytes() == (root / "build" / "en" / module / name).read_bytes()
    assert rewritten(before, outputs(root)) == {p for p in outputs(root) if p.startswith("en/intro/")}
    assert counts(run(root, "build", "--course", "intro", "--lang", "en", "--jobs", "1").stderr) == (0, 11)


# --- dates --------------------------------------------------------------------------------------


def _git(root: Path, *args: str, date: str = "") -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Trainer", "GIT_AUTHOR_EMAIL": "trainer@example.org",
           "GIT_COMMITTER_NAME": "Trainer", "GIT_COMMITTER_EMAIL": "trainer@example.org"}
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


def _modified(path: Path) -> str:
    """The date in a document's properties (dcterms:modified)."""
    with zipfile.ZipFile(path) as package:
        core = package.read("docProps/core.xml").decode("utf-8")
    return re.search(r"<dcterms:modified[^>]*>([^<]+)<", core).group(1)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_commit_to_one_module_rewrites_that_module_only_and_dates_it(make_project, run, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project("full")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Curriculum", date="2025-01-10T12:00:00+00:00")
    build = ("build", "--lang", "en", "--jobs", "1")
    assert run(root, *build).exit_code == 0
    folder = root / "build" / "en"
    assert _modified(folder / "full-syntax" / "handout.docx").startswith("2025-01-10T12:00:00")
    deck = (folder / "full-syntax" / "slides.pptx").read_bytes()

    _replace(root / "modules" / "second.md", "Plain paragraph on the second module.", "A better paragraph.")
    _git(root, "commit", "-q", "-am", "Second: a better paragraph", date="2025-03-02T08:30:00+00:00")
    before = outputs(root)
    result = run(root, *build)
    assert rewritten(before, outputs(root)) == _each(modules=["second"], languages=["en"])
    assert counts(result.stderr) == (4, 4)
    assert _modified(folder / "second" / "handout.docx").startswith("2025-03-02T08:30:00")
    assert _modified(folder / "full-syntax" / "handout.docx").startswith("2025-01-10T12:00:00")
    assert (folder / "full-syntax" / "slides.pptx").read_bytes() == deck

    (root / "README.txt").write_text("How to teach this course.\n", encoding="utf-8")
    _git(root, "add", "README.txt")
    _git(root, "commit", "-q", "-m", "A readme", date="2025-04-01T09:00:00+00:00")
    before = outputs(root)
    assert counts(run(root, *build).stderr) == (0, 8)
    assert outputs(root) == before


def test_source_date_epoch_dates_every_output_and_a_new_one_rewrites_them(make_project, run, monkeypatch):
    root = make_project("full")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    build = ("build", "--lang", "en", "--jobs", "1")
    assert run(root, *build).exit_code == 0
    assert _modified(root / "build" / "en" / "second" / "handout.docx").startswith("2026-01-01T00:00:00")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767312000")
    assert counts(run(root, *build).stderr) == (8, 0)
    assert _modified(root / "build" / "en" / "second" / "handout.docx").startswith("2026-01-02T00:00:00")
