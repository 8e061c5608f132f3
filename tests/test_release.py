"""Releases: reproducible bundles, verification, translation gates, course programmes."""

from __future__ import annotations

import json
import subprocess
import re
import zipfile

import pytest
from docx import Document

from conftest import PROJECTS


@pytest.fixture
def released(make_project, run, monkeypatch):
    """The 'full' fixture project with an English-only region, released once."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project("full")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  uk:\n    name: Test region\n    languages: [en]\n"
                      "    courses: [intro]\n", encoding="utf-8")
    result = run(project, "release", "uk", "--version", "1.0.0")
    assert result.exit_code == 0, result.output
    return project, project / "dist" / "full-uk-1.0.0.zip"


def test_release_layout_manifest_and_checksums(released):
    project, bundle = released
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        sums = archive.read("SHA256SUMS").decode()
    assert names == sorted(names)
    assert "en/intro/programme.docx" in names
    assert "en/intro/full-syntax/slides.pptx" in names
    assert "en/intro/second/facilitator-guide.docx" in names
    assert manifest["region"] == {"id": "uk", "name": "Test region"}
    assert manifest["version"] == "1.0.0"
    assert manifest["languages"] == ["en"]
    assert {m["id"]: m["version"] for m in manifest["modules"]} == {"full-syntax": "1.2.0", "second": ""}
    assert manifest["translation"]["en"]["percent"] == 100.0
    assert manifest["trainkit_version"]
    listed = {f["path"] for f in manifest["files"]}
    assert listed == set(names) - {"manifest.json", "SHA256SUMS"}
    assert len(sums.splitlines()) == len(listed) + 1  # and manifest.json


def test_release_is_byte_identical_when_repeated(released, run):
    project, bundle = released
    first = bundle.read_bytes()
    bundle.unlink()
    assert run(project, "release", "uk", "--version", "1.0.0").exit_code == 0
    assert bundle.read_bytes() == first


def test_verify_reports_altered_missing_and_extra_files(released, run, tmp_path):
    project, bundle = released
    ok = run(None, "verify", str(bundle))
    assert ok.exit_code == 0 and ok.stdout.strip() == "full-uk-1.0.0.zip: OK"

    tampered = tmp_path / "full-uk-1.0.0.zip"
    with zipfile.ZipFile(bundle) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            if info.filename == "en/intro/second/handout.docx":
                continue  # removed
            data = source.read(info.filename)
            if info.filename == "en/intro/programme.docx":
                data += b"x"  # altered
            target.writestr(info, data)
        target.writestr("en/intro/notes.txt", "added")  # extra
    result = run(None, "verify", str(tampered))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "full-uk-1.0.0.zip: altered: en/intro/programme.docx",
        "full-uk-1.0.0.zip: missing: en/intro/second/handout.docx",
        "full-uk-1.0.0.zip: extra: en/intro/notes.txt",
        "full-uk-1.0.0.zip: 3 problem(s)",
    ]


def test_incomplete_translation_stops_release_unless_allowed(make_project, run):
    project = make_project("full")
    result = run(project, "release", "pl", "--version", "1.0.0")
    assert result.exit_code == 1
    assert "region 'pl' is not fully translated: pl 0%" in result.stderr
    assert "full-syntax:" in result.stderr
    assert not list((project / "dist").glob("*.zip")) if (project / "dist").exists() else True

    result = run(project, "release", "pl", "--version", "1.0.0", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(project / "dist" / "full-pl-1.0.0.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["translation"]["pl"]["complete"] is False
    assert manifest["translation"]["pl"]["gaps"]
    assert manifest["translation"]["en"]["complete"] is True


def test_bad_version_and_region_are_usage_errors(make_project, run):
    project = make_project("full")
    assert run(project, "release", "pl", "--version", "one").exit_code == 2
    assert run(project, "release", "nowhere", "--version", "1.0.0").exit_code == 2


def test_programme_times_are_formatted_per_locale(released):
    project, bundle = released
    with zipfile.ZipFile(bundle) as archive:
        (project / "programme.docx").write_bytes(archive.read("en/intro/programme.docx"))
    table = Document(str(project / "programme.docx")).tables[0]
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[1][0] == "09:00–10:00"
    assert rows[1][1] == "Full syntax module"
    assert rows[2][0] == "10:00–10:15"


def test_failed_release_leaves_the_previous_bundle_untouched(released, monkeypatch):
    from trainkit import release as release_module
    from trainkit.build import load_project
    from trainkit.writers.programme import ProgrammeWriter

    project, bundle = released
    before = bundle.read_bytes()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ProgrammeWriter, "write", broken)
    (project / "build" / ".trainkit-cache.json").unlink()  # else the packs kept in build/ are up to date
    with pytest.raises(RuntimeError):
        release_module.release(load_project(project), "uk", "1.0.0", project / "dist", force=True)
    assert bundle.read_bytes() == before
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["full-uk-1.0.0.zip"]


def test_course_handout_and_guide_combine_the_modules_under_one_contents(released):
    from outline import headings

    project, bundle = released
    with zipfile.ZipFile(bundle) as archive:
        for name in ("handout.docx", "facilitator-guide.docx"):
            (project / name).write_bytes(archive.read(f"en/intro/{name}"))
    for name in ("handout.docx", "facilitator-guide.docx"):
        document = Document(str(project / name))
        assert document.paragraphs[0].text == "Introduction"
        tops = [text for style, text in headings(project / name) if style == "Heading 1"]
        assert tops.index("Full syntax module") < tops.index("Second module")
        fields = document.element.body.xml.count("TOC \\o")
        assert fields == 1, name
    guide = headings(project / "facilitator-guide.docx")
    assert ("Heading 2", "Session plan") in guide


def test_course_titles_may_be_given_per_language(make_project):
    from trainkit.config import load_config
    from trainkit.errors import Diagnostics

    project = make_project("full")
    config_file = project / "trainkit.yaml"
    config_file.write_text(config_file.read_text(encoding="utf-8").replace(
        "    title: Introduction\n", "    title:\n      en: Introduction\n      pl: Wprowadzenie\n"), encoding="utf-8")
    course = load_config(project, Diagnostics()).courses["intro"]
    assert course.title_in("pl") == "Wprowadzenie"
    assert course.title_in("de") == "Introduction"


def test_outputs_and_bundles_are_ordinary_readable_files(released):
    project, bundle = released
    assert bundle.stat().st_mode & 0o044 == 0o044


# --- Trustworthy bundles -------------------------------------------------------------------

UK_REGION = "  uk:\n    name: Test region\n    languages: [en]\n    courses: [intro]\n"


def _add_to_config(project, text: str) -> None:
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + text, encoding="utf-8")


def _rewrite(source, target, change=None, extra=()) -> None:
    """Copy a bundle member by member; ``change(name, data)`` returns new data or None to drop it."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            data = change(info.filename, data) if change else data
            if data is not None:
                new.writestr(info, data)
        for name, data in extra:
            new.writestr(name, data)


def _sums_for(members: dict[str, bytes]) -> bytes:
    import hashlib

    return "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n"
                   for name, data in sorted(members.items()) if name != "SHA256SUMS").encode()


def _retamper(source, target, edit) -> None:
    """Edit manifest.json with ``edit(manifest)`` and recompute SHA256SUMS, as a careful forger would."""
    with zipfile.ZipFile(source) as old:
        members = {name: old.read(name) for name in old.namelist()}
    manifest = json.loads(members["manifest.json"])
    edit(manifest)
    members["manifest.json"] = json.dumps(manifest, indent=2).encode()
    members["SHA256SUMS"] = _sums_for(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in sorted(members.items()):
            new.writestr(name, data)


@pytest.fixture
def incomplete(make_project, run, monkeypatch):
    """The 'full' project's Polish region released with --allow-incomplete: pl 0 %, en 100 %."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project("full")
    result = run(project, "release", "pl", "--version", "1.0.0", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    return project, project / "dist" / "full-pl-1.0.0.zip"


def test_sha256sum_checks_the_manifest_too(released, tmp_path):
    project, bundle = released
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "unzipped")
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "unzipped",
                             capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "manifest.json: OK" in checked.stdout.splitlines()

    (tmp_path / "unzipped" / "manifest.json").write_text("{}", encoding="utf-8")
    checked = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "unzipped",
                             capture_output=True, text=True)
    assert "manifest.json: FAILED" in checked.stdout.splitlines()


def _lie(manifest) -> None:
    manifest["version"] = "9.9.9"
    manifest["translation"]["pl"]["percent"] = 100
    manifest["translation"]["pl"]["complete"] = True


def test_tampered_manifest_fails_verify(incomplete, run, tmp_path):
    project, bundle = incomplete
    with zipfile.ZipFile(bundle) as archive:
        figures = json.loads(archive.read("manifest.json"))["translation"]["pl"]
    total = figures["total"]
    assert figures["translated"] == 0 and total > 0
    lies = [
        "full-pl-1.0.0.zip: file name does not match manifest.json, which describes full-pl-9.9.9.zip",
        f"full-pl-1.0.0.zip: manifest.json: translation 'pl': percent 100 does not match 0 of {total} translated",
        f"full-pl-1.0.0.zip: manifest.json: translation 'pl': complete is true, but 0 of {total} are translated",
    ]

    def edit(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        _lie(manifest)
        return json.dumps(manifest, indent=2).encode()

    (tmp_path / "naive").mkdir()
    naive = tmp_path / "naive" / bundle.name
    _rewrite(bundle, naive, edit)
    result = run(None, "verify", str(naive))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == lies + ["full-pl-1.0.0.zip: altered: manifest.json",
                                                 "full-pl-1.0.0.zip: 4 problem(s)"]

    (tmp_path / "careful").mkdir()
    careful = tmp_path / "careful" / bundle.name
    _retamper(bundle, careful, _lie)
    result = run(None, "verify", str(careful))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == lies + ["full-pl-1.0.0.zip: 3 problem(s)"]


def test_renamed_bundle_fails_verify(released, run, tmp_path):
    project, bundle = released
    renamed = tmp_path / "full-uk-1.0.1.zip"
    renamed.write_bytes(bundle.read_bytes())
    result = run(None, "verify", str(renamed))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "full-uk-1.0.1.zip: file name does not match manifest.json, which describes full-uk-1.0.0.zip",
        "full-uk-1.0.1.zip: 1 problem(s)",
    ]


def test_manifest_languages_must_match_the_files(incomplete, run, tmp_path):
    project, bundle = incomplete

    def edit(manifest):
        manifest["languages"] = ["pl", "de"]
        manifest["translation"]["de"] = {"translated": 0, "total": 0, "percent": 100.0, "complete": True,
                                         "gaps": []}

    forged = tmp_path / bundle.name
    _retamper(bundle, forged, edit)
    result = run(None, "verify", str(forged))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "full-pl-1.0.0.zip: manifest.json: language 'de' is listed, but no file is in de/",
        "full-pl-1.0.0.zip: manifest.json: files in en/ belong to no listed language",
        "full-pl-1.0.0.zip: manifest.json: 'translation' has figures for 'en', which is not a listed language",
        "full-pl-1.0.0.zip: 3 problem(s)",
    ]


@pytest.fixture(scope="module")
def good_bundle(tmp_path_factory) -> bytes:
    """The bytes of a good bundle of the 'full' project's English-only region, made once for this module."""
    import shutil

    from click.testing import CliRunner

    from trainkit.cli import cli

    project = tmp_path_factory.mktemp("good") / "full"
    shutil.copytree(PROJECTS / "full", project)
    _add_to_config(project, UK_REGION)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        result = CliRunner().invoke(cli, ["-C", str(project), "release", "uk", "--version", "1.0.0"])
    assert result.exit_code == 0, result.output
    return (project / "dist" / "full-uk-1.0.0.zip").read_bytes()


def _encrypted(path, good) -> None:
    """A bundle whose programme claims to be encrypted (flag bit 0 in the local and central headers)."""
    _with_extra(path, good, [("en/intro/secret.docx", b"secret")])
    data = bytearray(path.read_bytes())
    name = b"en/intro/secret.docx"
    local = data.rfind(b"PK\x03\x04", 0, data.find(name))
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(name))
    data[local + 6] |= 1
    data[central + 8] |= 1
    path.write_bytes(bytes(data))


def _with_extra(path, good, extra, first=()) -> None:
    """The good bundle with members added before (``first``) and after its own."""
    import io
    import warnings

    with zipfile.ZipFile(io.BytesIO(good)) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate it is asked to write
        for name, data in first:
            new.writestr(name, data)
        for info in old.infolist():
            new.writestr(info, old.read(info.filename))
        for name, data in extra:
            new.writestr(name, data)


def _symlink(path, good) -> None:
    info = zipfile.ZipInfo("en/intro/link")
    info.external_attr = (0o120777 << 16)
    _with_extra(path, good, [(info, "/etc/passwd")])


HOSTILE = {
    "parent": (lambda path, good: _with_extra(path, good, [("en/../../evil.txt", b"x")]),
               "refused: member 'en/../../evil.txt' has an unsafe name (it goes up with '..')"),
    "absolute": (lambda path, good: _with_extra(path, good, [("/etc/evil", b"x")]),
                 "refused: member '/etc/evil' has an unsafe name (it is an absolute path)"),
    "drive": (lambda path, good: _with_extra(path, good, [("C:/evil", b"x")]),
              "refused: member 'C:/evil' has an unsafe name (it is an absolute path)"),
    "twice": (lambda path, good: _with_extra(path, good, [], first=[("en/intro/programme.docx", b"evil")]),
              "refused: member 'en/intro/programme.docx' is listed twice"),
    "bomb": (lambda path, good: _with_extra(path, good, [("en/bomb.bin", bytes(64 << 20))]),
             "refused: member 'en/bomb.bin' expands more than 100-fold"),
    "encrypted": (_encrypted, "refused: member 'en/intro/secret.docx' is encrypted"),
    "symlink": (_symlink, "refused: member 'en/intro/link' is a symbolic link"),
    "not a zip": (lambda path, good: path.write_text("just text\n"), "refused: not a zip file"),
    "truncated": (lambda path, good: path.write_bytes(good[: len(good) // 2]), "refused: not a zip file"),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_hostile_bundles_are_refused_in_one_line(kind, good_bundle, run, tmp_path):
    make, problem = HOSTILE[kind]
    bundle = tmp_path / "full-uk-1.0.0.zip"
    make(bundle, good_bundle)
    result = run(None, "verify", str(bundle))
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"full-uk-1.0.0.zip: {problem}"), lines
    assert lines[-1] == f"full-uk-1.0.0.zip: {len(lines) - 1} problem(s)"
    assert len(lines) == 2, lines
    assert "Traceback" not in result.output and "internal error" not in result.output


def test_deeply_nested_manifest_is_a_problem_not_a_crash(good_bundle, run, tmp_path):
    bundle = tmp_path / "full-uk-1.0.0.zip"
    nested = b"[" * 200_000 + b"]" * 200_000
    source = tmp_path / "good.zip"
    source.write_bytes(good_bundle)
    _rewrite(source, bundle, lambda name, data: nested if name == "manifest.json" else data)
    result = run(None, "verify", str(bundle))
    assert result.exit_code == 1
    assert "full-uk-1.0.0.zip: manifest.json cannot be read" in result.stderr
    assert "internal error" not in result.stderr


# --- Temporary files of interrupted runs ---------------------------------------------------

def test_stale_temporary_bundle_is_cleaned_by_the_next_release(released, run):
    import fcntl
    import os
    import time

    project, bundle = released
    dist = project / "dist"
    hour_ago = time.time() - 3600
    stale = dist / ".full-uk-1.0.0.zip.k2x_9abc.tmp"   # left by a run killed an hour ago
    fresh = dist / ".full-uk-1.0.0.zip.q7w3e5r1.tmp"   # a run that started a moment ago
    locked = dist / ".full-uk-1.0.0.zip.zz11yy22.tmp"  # an old file a live process still writes
    mine = dist / "notes.tmp"                           # not trainkit's pattern: never touched
    for path in (stale, fresh, locked, mine):
        path.write_bytes(b"partial")
    for path in (stale, locked, mine):
        os.utime(path, (hour_ago, hour_ago))
    with locked.open("rb") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run(project, "release", "uk", "--version", "1.0.1")
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert fresh.exists() and locked.exists() and mine.exists()


def test_temporary_file_of_a_killed_run_is_stale_once_old(tmp_path):
    """A real writer is killed with -9 in the middle of an atomic write; its lock dies with it."""
    import os
    import signal
    import sys
    import time

    from trainkit.files import remove_stale_temporaries

    target = tmp_path / "dist" / "bundle.zip"
    writer = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from trainkit.files import atomic_target\n"
         "with atomic_target(Path(sys.argv[1])) as temp:\n"
         "    temp.write_bytes(b'half'); print(temp.name, flush=True); time.sleep(60)\n",
         str(target)], stdout=subprocess.PIPE, text=True)
    try:
        temp = target.parent / writer.stdout.readline().strip()
        hour_ago = time.time() - 3600
        os.utime(temp, (hour_ago, hour_ago))
        assert remove_stale_temporaries(target.parent) == []  # old, but its writer is alive
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    assert temp.exists()
    assert remove_stale_temporaries(target.parent) == [temp]
    assert list(target.parent.iterdir()) == []


# --- Overwrites and the source revision ----------------------------------------------------

def test_same_version_is_not_overwritten_without_force(released, run):
    project, bundle = released
    before = bundle.read_bytes()
    (project / "modules" / "second.md").write_text(
        (project / "modules" / "second.md").read_text(encoding="utf-8").replace("Plain paragraph", "Changed"),
        encoding="utf-8")
    result = run(project, "release", "uk", "--version", "1.0.0")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"trainkit: error: {bundle} already exists: use --force to replace version 1.0.0 of region 'uk'"]
    assert bundle.read_bytes() == before

    result = run(project, "release", "uk", "--version", "1.0.0", "--force")
    assert result.exit_code == 0, result.output
    assert bundle.read_bytes() != before


def test_outside_git_the_release_warns_that_no_revision_is_recorded(released, run):
    project, bundle = released
    result = run(project, "release", "uk", "--version", "1.0.1")
    assert result.exit_code == 0
    assert ("trainkit: warning: the project is not in a git repository: "
            "the manifest records no source revision") in result.stderr.splitlines()
    with zipfile.ZipFile(project / "dist" / "full-uk-1.0.1.zip") as archive:
        assert json.loads(archive.read("manifest.json"))["source_revision"] == ""


def test_dirty_tree_is_recorded_and_warned_about(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project("full")
    _add_to_config(project, UK_REGION)
    git = ["git", "-C", str(project), "-c", "user.name=Test", "-c", "user.email=test@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "."], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "sources"], check=True)
    head = subprocess.run(git + ["rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()

    result = run(project, "release", "uk", "--version", "1.0.0")
    assert result.exit_code == 0, result.output
    assert "warning" not in result.stderr

    second = project / "modules" / "second.md"
    second.write_text(second.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    result = run(project, "release", "uk", "--version", "1.0.1")
    assert result.exit_code == 0, result.output
    assert (f"trainkit: warning: the sources have uncommitted changes: "
            f"the manifest records source revision {head}-dirty") in result.stderr.splitlines()
    with zipfile.ZipFile(project / "dist" / "full-uk-1.0.1.zip") as archive:
        assert json.loads(archive.read("manifest.json"))["source_revision"] == f"{head}-dirty"


# --- release --all -------------------------------------------------------------------------

def test_release_all_tries_every_region_and_summarises_failures(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project("full")
    _add_to_config(project, UK_REGION)  # pl (incomplete, first) then uk (complete)
    result = run(project, "release", "--all", "--version", "1.0.0")
    assert result.exit_code == 1
    table = result.stdout.splitlines()
    assert table[0].split() == ["region", "languages", "files", "size", "completeness"]
    assert table[1].startswith("pl ") and "FAILED  region 'pl' is not fully translated: pl 0%" in table[1]
    assert table[2].startswith("uk ") and table[2].endswith("en 100%")
    assert len(table) == 3
    assert "trainkit: error: 1 of 2 region(s) not released" in result.stderr.splitlines()
    assert (project / "dist" / "full-uk-1.0.0.zip").is_file()
    assert not (project / "dist" / "full-pl-1.0.0.zip").exists()

    result = run(project, "release", "--all", "--version", "1.0.1", "--allow-incomplete")
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == ["pl", "uk"]


# --- Empty regions and output folders ------------------------------------------------------

@pytest.mark.parametrize("spec, line", [("  empty:\n    courses: []\n", 18), ("  empty:\n    name: Empty\n", 18)])
def test_region_without_courses_is_refused(make_project, run, spec, line):
    project = make_project("full")
    _add_to_config(project, spec)
    result = run(project, "release", "empty", "--version", "1.0.0")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"trainkit: error: trainkit.yaml:{line}: region 'empty' lists no courses to release [config.region]"]
    assert not (project / "dist").exists() or not list((project / "dist").iterdir())


def test_output_under_a_file_is_a_one_line_error(released, run):
    project, bundle = released
    result = run(project, "release", "uk", "--version", "1.0.1", "--out", "/dev/null/x")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "trainkit: error: /dev/null/x: cannot create the output folder (Not a directory)"]


@pytest.mark.skipif(not hasattr(__import__("os"), "geteuid") or __import__("os").geteuid() == 0,
                    reason="root may write into any folder")
def test_unwritable_output_folder_is_a_one_line_error(released, run, tmp_path):
    project, bundle = released
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    result = run(project, "release", "uk", "--version", "1.0.1", "--out", str(locked))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"trainkit: error: {locked}: the output folder is not writable"]


def test_full_disk_is_a_one_line_error_and_leaves_nothing_behind(released, run, monkeypatch):
    import errno

    project, bundle = released
    writestr = zipfile.ZipFile.writestr

    def full(self, *args, **kwargs):  # the disk that holds dist/ is full; the one with the staging is not
        if str(project / "dist") in str(self.filename):
            raise OSError(errno.ENOSPC, "No space left on device")
        return writestr(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    result = run(project, "release", "uk", "--version", "1.0.1")
    assert result.exit_code == 1
    target = project / "dist" / "full-uk-1.0.1.zip"
    assert result.stderr.splitlines() == [
        f"trainkit: error: {target}: cannot write the bundle (No space left on device)"]
    assert sorted(p.name for p in (project / "dist").iterdir()) == ["full-uk-1.0.0.zip"]


def test_a_module_taught_on_two_days_is_built_and_listed_once(make_project, run):
    import json

    root = make_project("full")
    config = root / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    modules: [full-syntax, second]", "    days:\n      - [second, {break: 15}, full-syntax]\n"
        "      - [second]"), encoding="utf-8")
    result = run(root, "build", "--course", "intro", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    written = int(re.search(r"built (\d+) file", result.stderr).group(1))
    assert written == len([p for p in (root / "build" / "en" / "intro").rglob("*") if p.is_file()])
    assert run(root, "release", "pl", "--version", "1.0.0", "--allow-incomplete").exit_code == 0
    with zipfile.ZipFile(root / "dist" / "full-pl-1.0.0.zip") as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
    assert manifest["courses"][0]["modules"] == ["second", "full-syntax"]
    assert [m["id"] for m in manifest["modules"]] == ["second", "full-syntax"]
