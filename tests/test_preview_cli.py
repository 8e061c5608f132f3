"""trainkit preview, trainkit review and the release bundle's index page, run as a user runs them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from babel.messages.pofile import read_po, write_po
from PIL import Image

from trainkit.writers.inspect import read_deck

needs_rendering = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm")
    or not shutil.which("pdftotext"),
    reason="preview converts with LibreOffice (soffice) and renders with poppler (pdftoppm, pdftotext): "
           "apt-get install libreoffice-impress libreoffice-writer poppler-utils")

INSTALL = "install it with 'apt-get install libreoffice-impress libreoffice-writer' or set TRAINKIT_SOFFICE to its path"


class _Links(HTMLParser):
    """Every href and src of a page, and the text of each link."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.texts: dict[str, str] = {}
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
                if tag == "a":
                    self._open = value
                    self.texts.setdefault(value, "")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self.texts[self._open] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._open = None


def _parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def _targets(page: Path) -> list[Path]:
    return [(page.parent / unquote(urlsplit(link).path)).resolve()
            for link in _parse(page.read_text(encoding="utf-8")).links if urlsplit(link).path]


# --- preview ------------------------------------------------------------------------------


@needs_rendering
def test_preview_builds_and_shows_every_output_with_links_that_resolve(make_project, run):
    project = make_project("full")
    result = run(project, "preview", "--module", "full-syntax", "--lang", "en")
    assert result.exit_code == 0, result.output
    out = project / "build/preview"
    assert result.stdout.strip() == f"gallery: {out / 'index.html'}"
    assert "previewed 4 output(s)" in result.stderr and "(4 converted, 0 unchanged)" in result.stderr
    for kind in ("slides", "handout", "guide", "exercises"):
        assert (out / f"en/full-syntax/{kind}.pdf").is_file()
        assert Image.open(out / f"en/full-syntax/{kind}-sheet.png").width > 0
    for page in (out / "index.html", out / "en/full-syntax/index.html"):
        missing = [target for target in _targets(page) if not target.exists()]
        assert not missing, f"{page} links to missing files: {missing}"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Full syntax module" in index and index.count('<figure>') == 4

    # Each slide links to the line that made it: a slide titled by a heading links to that heading.
    module_page = out / "en/full-syntax/index.html"
    source = project / "modules/full-syntax.md"
    lines = source.read_text(encoding="utf-8").splitlines()
    deck = read_deck(project / "build/en/full-syntax/slides.pptx")
    shown = re.findall(r'id="slides-(\d+)".*?class="source" href="([^"]+)">modules/full-syntax\.md:(\d+)<',
                       module_page.read_text(encoding="utf-8"), re.S)
    assert [int(n) for n, _, _ in shown] == list(range(1, len(deck.slides) + 1))
    headed = 0
    for number, href, line in shown:
        assert (module_page.parent / href).resolve() == source.resolve()
        assert 1 <= int(line) <= len(lines)
        title = deck.slides[int(number) - 1].title or ""
        if lines[int(line) - 1].startswith("## ") and "(continued)" not in title:
            assert lines[int(line) - 1].split(" {")[0] == f"## {title}", (number, line)
            headed += 1
    assert headed >= 4  # bullets, numbered steps, table, pictures


@needs_rendering
def test_unchanged_outputs_keep_their_pdfs_when_built_again(make_project, run):
    project = make_project("minimal")
    assert run(project, "preview").exit_code == 0
    again = run(project, "preview")
    assert again.exit_code == 0, again.output
    assert "(0 converted, 3 unchanged)" in again.stderr


@needs_rendering
def test_compare_puts_german_beside_english(make_project, run):
    project = make_project("full")
    result = run(project, "preview", "--module", "second", "--compare", "de,en", "--format", "slides")
    assert result.exit_code == 0, result.output
    page = project / "build/preview/compare/de-en/second/slides.html"
    sheet = page.with_suffix(".png")
    assert f"compare: {page}" in result.stdout.splitlines()
    assert all(target.exists() for target in _targets(page))
    deck = read_deck(project / "build/de/second/slides.pptx")
    width, height = Image.open(sheet).size
    assert 2 * 240 < width < 3 * 240                       # German and English side by side
    assert height > len(deck.slides) * 135                 # a row per slide
    assert (project / "build/preview/en/second/slides.pdf").is_file()
    assert not (project / "build/preview/pl").exists()     # only the two languages compared


def test_missing_libreoffice_is_one_line_with_the_install_hint_and_builds_nothing(make_project, run,
                                                                                  monkeypatch, tmp_path):
    project = make_project("minimal")
    missing = tmp_path / "no-such-soffice"
    monkeypatch.setenv("TRAINKIT_SOFFICE", str(missing))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run(project, "preview")
    assert result.exit_code == 1
    assert result.stderr == (f"trainkit: error: LibreOffice not found: TRAINKIT_SOFFICE names '{missing}', "
                             f"which is not a program; {INSTALL}\n")
    monkeypatch.delenv("TRAINKIT_SOFFICE")
    result = run(project, "preview")
    assert (result.exit_code, result.stderr) == (1, f"trainkit: error: LibreOffice (soffice) not found on PATH: "
                                                    f"{INSTALL}\n")
    # A wrong --soffice is the command line's mistake.
    result = run(project, "preview", "--soffice", str(missing))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"trainkit: error: LibreOffice not found: --soffice names '{missing}'")
    assert not (project / "build").exists()


def test_compare_needs_two_known_languages(make_project, run):
    project = make_project("full")
    for value in ("de", "de,de", "de,en,pl"):
        result = run(project, "preview", "--compare", value)
        assert (result.exit_code, result.stderr) == (
            2, f"trainkit: error: --compare takes two different languages, as in 'de,en', not '{value}'\n")
    result = run(project, "preview", "--compare", "de,fr")
    assert result.exit_code == 2 and "unknown language 'fr'" in result.stderr


@needs_rendering
def test_two_previews_at_once_do_not_collide(make_project):
    project = make_project("minimal")
    command = [sys.executable, "-m", "trainkit", "-C", str(project), "preview", "--jobs", "1"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outcomes = [process.communicate(timeout=600) for process in runs]
    for process, (stdout, stderr) in zip(runs, outcomes):
        assert process.returncode == 0, stderr
        assert stdout.strip().endswith("build/preview/index.html")
    out = project / "build/preview"
    pages = sorted((out / "en/hello/slides").glob("page-*.png"))
    assert len(pages) == len(read_deck(project / "build/en/hello/slides.pptx").slides)
    sizes = {Image.open(p).size for p in pages}
    assert all(abs(w - 1280) <= 1 and h == 720 for w, h in sizes), sizes  # 16:9 at 96 dpi, rounded up
    assert all(target.exists() for target in _targets(out / "index.html"))
    assert not list(project.rglob(".work-*")) and not list(project.rglob(".*.tmp"))


# --- review -------------------------------------------------------------------------------

REVIEWED = """\
---
title: Mapping the region
duration: 20
---

# Actors {duration=20}

## Who is who

- Clusters connect sectors

::: notes
Ask who knows a cluster.
:::

## Who is who

This paragraph was never translated into German.

Social Business Model Canvas

::: notes
Show the canvas.
:::
"""

GERMAN = {
    "Mapping the region": "Die Region kartieren",
    "Actors": "Akteure",
    "Who is who": "Wer ist wer",
    "Clusters connect sectors": "Cluster verbinden Branchen",
    "Ask who knows a cluster.": "Fragen Sie, wer ein Cluster kennt.",
    "Social Business Model Canvas": "Social Business Model Canvas",   # a name: the same in German
    "Show the canvas.": "Zeigen Sie das Canvas.",
}
"""Every message of REVIEWED but one paragraph, translated."""


@pytest.fixture
def reviewed(make_project, run, monkeypatch, tmp_path):
    """A German-English project whose module titles two slides alike and whose German catalog lacks a paragraph.

    PATH holds no LibreOffice, so review checks the files only (page checks are tested with it below).
    """
    project = make_project("minimal")
    (project / "trainkit.yaml").write_text("project: reviewed\ntitle: Reviewed\nsource_language: en\n"
                                           "languages: [en, de]\n", encoding="utf-8")
    (project / "modules/hello.md").unlink()
    (project / "modules/x.md").write_text(REVIEWED, encoding="utf-8")
    assert run(project, "i18n", "update", "--lang", "de").exit_code == 0
    po = project / "locales/de/x.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.id:
            message.string = GERMAN.get(message.id, "")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    monkeypatch.delenv("TRAINKIT_SOFFICE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    return project


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(text.splitlines(), 1) if line == needle]
    return found[occurrence - 1]


def test_review_finds_planted_problems_with_output_and_source_locations(reviewed, run):
    result = run(reviewed, "review")
    assert result.exit_code == 1
    second = _line(REVIEWED, "## Who is who", 2)
    lines = result.stdout.splitlines()
    deck = read_deck(reviewed / "build/de/x/slides.pptx")
    twice = [n for n, slide in enumerate(deck.slides, 1) if slide.title == "Wer ist wer"]
    assert len(twice) == 2
    for language, title in (("en", "Who is who"), ("de", "Wer ist wer")):
        assert (f"build/{language}/x/slides.pptx: slide {twice[1]} (modules/x.md:{second}): warning: title "
                f"'{title}' repeats the title of slide {twice[0]} [review.title.duplicate]") in lines
    leak = "error: text left in the source language: 'This paragraph was never translated into German.' [review.leak]"
    assert f"build/de/x/slides.pptx: slide {twice[1]} (modules/x.md:{second}): {leak}" in lines  # the slide's line
    assert any(re.fullmatch(rf"build/de/x/handout\.docx: paragraph \d+: {re.escape(leak)}", line) for line in lines)
    assert any(re.fullmatch(rf"build/de/x/facilitator-guide\.docx: paragraph \d+: {re.escape(leak)}", line)
               for line in lines)
    assert not [line for line in lines if "leak" in line and "/en/" in line]          # English is the source
    assert not [line for line in lines if "Social Business Model Canvas" in line]    # the same in German
    assert "trainkit: note: page checks skipped: LibreOffice (soffice) not found on PATH" in result.stderr
    assert re.search(r"^reviewed 6 output\(s\): \d+ error\(s\), \d+ warning\(s\); build: 0 error\(s\), "
                     r"1 warning\(s\)$", result.stderr, re.M)


def test_review_json_for_ci(reviewed, run):
    result = run(reviewed, "review", "--lang", "de", "--format", "slides", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    leak = next(f for f in findings if f["code"] == "review.leak")
    assert leak["path"] == "build/de/x/slides.pptx" and leak["severity"] == "error"
    assert leak["source"] == {"path": "modules/x.md", "line": _line(REVIEWED, "## Who is who", 2)}
    assert {f["path"] for f in findings} == {"build/de/x/slides.pptx"}


def test_review_of_clean_outputs_exits_0_and_an_unknown_module_is_a_usage_error(reviewed, run):
    po = reviewed / "locales/de/x.po"
    po.write_text(po.read_text(encoding="utf-8").replace(
        'msgid "This paragraph was never translated into German."\nmsgstr ""',
        'msgid "This paragraph was never translated into German."\nmsgstr "Dieser Absatz ist übersetzt."'),
        encoding="utf-8")
    (reviewed / "modules/x.md").write_text(REVIEWED.replace("## Who is who\n\nThis", "## The canvas\n\nThis"),
                                           encoding="utf-8")
    result = run(reviewed, "review", "--lang", "de", "--format", "slides")
    assert result.exit_code == 0, result.output
    assert "review.leak" not in result.stdout and "review.title.duplicate" not in result.stdout
    assert run(reviewed, "review", "--module", "nope").exit_code == 2


@needs_rendering
def test_review_checks_printed_pages_with_the_pdfs_preview_made(make_project, run):
    project = make_project("minimal")
    assert run(project, "preview", "--format", "handout").exit_code == 0
    pdf = project / "build/preview/en/hello/handout.pdf"
    made = pdf.stat().st_mtime_ns
    result = run(project, "review", "--format", "handout")
    assert "page checks skipped" not in result.stderr
    assert pdf.stat().st_mtime_ns == made          # printed once, by preview
    assert not (project / "build/preview/review").exists()
    assert "reviewed 1 output(s)" in result.stderr


# --- release index ------------------------------------------------------------------------


def _release(project: Path, run, *extra: str) -> Path:
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  uk:\n    name: Test region\n    languages: [en]\n"
                      "    courses: [intro]\n", encoding="utf-8")
    result = run(project, "release", "uk", "--version", "1.0.0", *extra)
    assert result.exit_code == 0, result.output
    return project / "dist/full-uk-1.0.0.zip"


def test_release_bundle_has_an_index_listing_every_file(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project("full")
    bundle = _release(project, run)
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        html = archive.read("index.html").decode("utf-8")
        manifest = json.loads(archive.read("manifest.json"))
        sums = archive.read("SHA256SUMS").decode("utf-8")
    links = _parse(html)
    assert {link for link in links.links if not link.startswith("#")} == names - {"index.html"}
    assert "index.html" in {f["path"] for f in manifest["files"]} and "  index.html\n" in sums
    assert links.texts["en/intro/programme.docx"] == "Programme"
    assert links.texts["en/intro/full-syntax/slides.pptx"] == "Full syntax module"
    assert '<a href="en/intro/full-syntax/slides.pptx">Full syntax module</a> · Slides' in html
    assert "<h3>Introduction</h3>" in html and "<img" not in html   # no preview: no pictures
    assert run(None, "verify", str(bundle)).exit_code == 0
    first = bundle.read_bytes()
    bundle.unlink()
    assert run(project, "release", "uk", "--version", "1.0.0").exit_code == 0
    assert bundle.read_bytes() == first


@needs_rendering
def test_release_index_shows_first_pages_of_a_preview_of_the_same_build(make_project, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = make_project("full")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "  uk:\n    name: Test region\n    languages: [en]\n"
                      "    courses: [intro]\n", encoding="utf-8")
    assert run(project, "preview", "--region", "uk", "--format", "slides").exit_code == 0
    result = run(project, "release", "uk", "--version", "1.0.0")
    assert result.exit_code == 0, result.output
    bundle = project / "dist/full-uk-1.0.0.zip"
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        html = archive.read("index.html").decode("utf-8")
    pictures = {link for link in _parse(html).links if link.endswith(".png")}
    assert pictures == {"en/previews/full-syntax/slides.png", "en/previews/second/slides.png"}
    assert pictures <= names
    assert run(None, "verify", str(bundle)).exit_code == 0
