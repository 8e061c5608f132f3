"""A deliberately long module rendered by LibreOffice: every word shows, and stays on its slide."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from outline import slide_texts

BODY_BOTTOM = 6.85 / 7.5
"""Lowest point of slide content as a share of the page height; below it only the footer row."""


def _tools_or_skip() -> str:
    soffice = shutil.which("soffice") or ("/usr/bin/soffice" if Path("/usr/bin/soffice").exists() else None)
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendering check needs it to make a PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: the rendering check reads the PDF with it")
    return soffice


def test_long_module_renders_every_word_inside_the_page(make_project, run, tmp_path):
    soffice = _tools_or_skip()
    project = make_project("long")
    assert run(project, "build", "--lang", "en", "--format", "slides").exit_code == 0
    deck = project / "build/en/long/slides.pptx"
    out = tmp_path / "pdf"
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), str(deck)],
        capture_output=True, text=True, timeout=180, check=False)
    pdf = out / "slides.pdf"
    assert pdf.is_file(), done.stderr
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    shown = set(text.split())
    slides = slide_texts(deck)
    visible = [word for s in slides for line in [s["title"], *s["body"]] for word in line.split()]
    missing = [word for word in visible if word not in shown]
    assert not missing, f"words missing from the rendered PDF: {missing[:20]}"

    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    footer_words = {w for s in slides for line in s["body"][-2:] for w in line.split()}
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S)
    assert len(pages) == len(slides)
    for number, (width, height, words) in enumerate(pages, start=1):
        for x0, y0, x1, y1, word in re.findall(
                r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">([^<]*)</word>',
                words):
            assert 0 <= float(x0) and float(x1) <= float(width), f"slide {number}: '{word}' off the page"
            assert 0 <= float(y0) and float(y1) <= float(height), f"slide {number}: '{word}' off the page"
            if word not in footer_words:
                assert float(y1) <= float(height) * BODY_BOTTOM, f"slide {number}: '{word}' runs into the footer"
