"""Parallel builds and releases: the same bytes and the same report as one process; outputs reused
across courses and regions, and a release that reuses them equal to one built afresh."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from trainkit import jobs
from trainkit.pictures import STORE_FOLDER

REGIONS = """regions:
  uk:
    name: United Kingdom
    languages: [en]
    courses: [intro]
  ie:
    name: Ireland
    languages: [en]
    courses: [intro]
"""


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.name.startswith(".") and STORE_FOLDER not in p.parts}


def report(stderr: str) -> list[str]:
    return [re.sub(r" in [\d.]+ s;", ";", line) for line in stderr.splitlines()]


@pytest.fixture
def pools(monkeypatch):
    """How many worker pools were started, and with how many workers each."""
    started: list[int] = []
    original = jobs._run_pool

    def counted(project, tasks, workers, finished, store):
        started.append(workers)
        return original(project, tasks, workers, finished, store)

    monkeypatch.setattr(jobs, "_run_pool", counted)
    return started


def test_two_jobs_write_the_bytes_and_report_of_one(make_project, run, pools):
    root = make_project("full")
    one = run(root, "build", "--jobs", "1", "--out", str(root / "one"))
    two = run(root, "build", "--jobs", "2", "--out", str(root / "two"))
    assert one.exit_code == two.exit_code == 0
    assert pools == [2]  # three languages of two modules: six tasks, two workers
    assert report(one.stderr) == report(two.stderr)
    assert tree(root / "one") == tree(root / "two") and len(tree(root / "one")) == 24
    one = run(root, "build", "--course", "intro", "--jobs", "1", "--out", str(root / "one"), "--force")
    two = run(root, "build", "--course", "intro", "--jobs", "2", "--out", str(root / "two"), "--force")
    assert report(one.stderr) == report(two.stderr)
    assert tree(root / "one") == tree(root / "two")


def test_a_failing_task_is_reported_as_in_one_process(make_project, run, pools):
    root = make_project("full")
    (root / "build" / "de").mkdir(parents=True)
    (root / "build" / "de" / "second").write_text("a file where the module's folder goes\n", encoding="utf-8")
    one = run(root, "build", "--jobs", "1")
    two = run(root, "build", "--jobs", "2", "--force")
    assert pools == [2]
    assert one.exit_code == two.exit_code == 1
    assert one.stderr.splitlines()[-1] == two.stderr.splitlines()[-1] == \
        f"trainkit: error: {root / 'build' / 'de' / 'second'}: File exists"
    assert "Traceback" not in two.output


def test_few_tasks_are_written_here(make_project, run, pools):
    root = make_project("full")
    assert run(root, "build", "--lang", "en", "--module", "second", "--jobs", "4").exit_code == 0
    assert pools == []


def _with_regions(root: Path) -> None:
    config = root / "trainkit.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("regions:")] + REGIONS, encoding="utf-8")


def _spy_on_tasks(monkeypatch) -> list[tuple[str, str, tuple[str, ...]]]:
    """The tasks run in this process from now on, as (region folder, subject id, writer names)."""
    written: list[tuple[str, str, tuple[str, ...]]] = []
    perform = jobs.perform

    def spied(project, task):
        written.append((task.folder.parts[-4], getattr(task.subject, "id"), task.writers))
        return perform(project, task)

    monkeypatch.setattr(jobs, "perform", spied)
    return written


def test_releases_reuse_outputs_and_equal_releases_built_afresh(make_project, run, monkeypatch, tmp_path):
    root = make_project("full")
    _with_regions(root)
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh)
    written = _spy_on_tasks(monkeypatch)
    assert run(root, "build", "--lang", "en", "--jobs", "1").exit_code == 0
    written.clear()
    result = run(root, "release", "--all", "--version", "1.0.0", "--jobs", "1")
    assert result.exit_code == 0, result.output
    # a module's handout, guide and exercise sheets are the project's in every region: copied from
    # build/en/; its deck shows the region's name on its title slide: one per region
    assert sorted(w for w in written if w[1] in ("full-syntax", "second")) == [
        ("ie", "full-syntax", ("slides",)), ("ie", "second", ("slides",)),
        ("uk", "full-syntax", ("slides",)), ("uk", "second", ("slides",))]
    written.clear()
    again = run(root, "release", "--all", "--version", "1.0.1", "--jobs", "1")
    assert again.exit_code == 0 and written == []  # nothing changed: nothing is written
    monkeypatch.undo()

    assert run(fresh, "release", "--all", "--version", "1.0.0", "--jobs", "2").exit_code == 0
    for region in ("uk", "ie"):
        name = f"full-{region}-1.0.0.zip"
        assert (root / "dist" / name).read_bytes() == (fresh / "dist" / name).read_bytes(), region
    with zipfile.ZipFile(root / "dist" / "full-uk-1.0.0.zip") as uk, \
            zipfile.ZipFile(root / "dist" / "full-ie-1.0.0.zip") as ie:
        assert uk.read("en/intro/second/handout.docx") == ie.read("en/intro/second/handout.docx")
        assert uk.read("en/intro/second/slides.pptx") != ie.read("en/intro/second/slides.pptx")


def test_a_region_with_its_own_branding_gets_its_own_outputs(make_project, run, monkeypatch):
    root = make_project("full")
    _with_regions(root)
    config = root / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "    branding:\n      acknowledgement: Funded by Ireland\n",
                      encoding="utf-8")
    written = _spy_on_tasks(monkeypatch)
    assert run(root, "release", "--all", "--version", "1.0.0", "--jobs", "1").exit_code == 0
    ireland = sorted(w for w in written if w[0] == "ie" and w[1] == "second")
    assert ireland == [("ie", "second", ("slides", "handout", "guide", "exercises"))]
    with zipfile.ZipFile(root / "dist" / "full-ie-1.0.0.zip") as ie:
        assert b"Funded by Ireland" in ie.read("en/intro/second/handout.docx") or \
            "Funded by Ireland" in _text(ie.read("en/intro/second/handout.docx"))


def _text(docx: bytes) -> str:
    import io

    from docx import Document

    document = Document(io.BytesIO(docx))
    parts = [p.text for p in document.paragraphs]
    for section in document.sections:
        parts += [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)
