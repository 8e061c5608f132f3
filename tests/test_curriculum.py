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


def test_every_diagram_has_a_version_in_every_language():
    languages = ("de", "et", "lt", "lv", "nb", "pl", "sv")
    for image in (REPO / "modules" / "img").glob("*.png"):
        if image.stem.count(".") == 0:
            for language in languages:
                assert image.with_name(f"{image.stem}.{language}.png").is_file(), (image.name, language)
