"""Releases: reproducible bundles, verification, translation gates, course programmes."""

from __future__ import annotations

import json
import zipfile

import pytest
from docx import Document


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
    assert len(sums.splitlines()) == len(listed)


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
    with pytest.raises(RuntimeError):
        release_module.release(load_project(project), "uk", "1.0.0", project / "dist")
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
