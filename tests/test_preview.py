"""trainkit.preview: PDFs, page pictures, contact sheets and the gallery of small decks and documents."""

from __future__ import annotations

import os
import shutil
import stat
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from PIL import Image
from pptx import Presentation

from trainkit.errors import Location, TrainkitError
from trainkit.preview import (THUMB_WIDTH, BundleFile, PreviewItem, compare, compare_sheet, find_soffice, preview,
                              render_bundle_index)

needs_rendering = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm"),
    reason="preview converts with LibreOffice (soffice) and renders with pdftoppm (poppler-utils): "
           "apt-get install libreoffice-impress libreoffice-writer poppler-utils")


def two_slide_deck(path: Path, titles: tuple[str, str] = ("Mapping a region", "Who is who")) -> Path:
    presentation = Presentation()  # 10 x 7.5 in
    for title in titles:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = f"Body of {title}"
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(path))
    return path


def two_page_document(path: Path) -> Path:
    document = Document()  # US Letter, 8.5 x 11 in
    document.add_heading("Handout", 1)
    document.add_paragraph("First page.")
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Second page.")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _items(root: Path, language: str = "en") -> list[PreviewItem]:
    (root / "modules").mkdir(parents=True, exist_ok=True)
    (root / "modules/x.md").write_text("---\ntitle: X\n---\n", encoding="utf-8")
    deck = two_slide_deck(root / f"build/{language}/x/slides.pptx")
    handout = two_page_document(root / f"build/{language}/x/handout.docx")
    sources = (Location("modules/x.md", 5), Location("modules/x.md", 12))
    return [PreviewItem(deck, "x", "Mapping <a> region", language, "slides", sources),
            PreviewItem(handout, "x", "Mapping <a> region", language, "handout")]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.links.extend(value for name, value in attrs if name in ("href", "src") and value)


def _links(page: Path) -> list[Path]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [(page.parent / unquote(urlsplit(link).path)).resolve() for link in parser.links]


@needs_rendering
def test_preview_shows_every_page_with_sheets_and_a_gallery_whose_links_resolve(tmp_path):
    project = tmp_path / "project"
    out = project / "build/preview"
    templates = project / "templates/preview"
    templates.mkdir(parents=True)
    (templates / "compare.html.j2").write_text("unused", encoding="utf-8")
    (templates / "module.html.j2").write_text(
        '{% extends "preview/base.html.j2" %}{% block body %}<h1>Our own module page: {{ title }}</h1>'
        '{% for o in outputs %}{% for p in o.pages %}<a href="{{ p.href }}">{{ p.number }}</a>'
        '{% endfor %}{% endfor %}{% endblock %}', encoding="utf-8")

    result = preview(_items(project), out, jobs=2, root=project, templates_dir=project / "templates")

    assert result.problems == ()
    deck, handout = result.outputs
    assert (len(deck.pages), len(handout.pages)) == (2, 2)
    assert all(Image.open(p).size == (960, 720) for p in deck.pages)        # 10 x 7.5 in at 96 dpi
    assert all(Image.open(p).size == (816, 1056) for p in handout.pages)    # 8.5 x 11 in at 96 dpi
    assert Image.open(deck.thumbnails[0]).size == (THUMB_WIDTH, 180)
    # Two slides side by side under a header line: wider than two thumbnails, narrower than three,
    # taller than one thumbnail, lower than two.
    width, height = Image.open(deck.sheet).size
    assert 2 * THUMB_WIDTH < width < 3 * THUMB_WIDTH and 180 < height < 2 * 180
    assert deck.pdf.with_name("slides.pdf.sha256").read_text().split()[0] == \
        __import__("hashlib").sha256(deck.item.path.read_bytes()).hexdigest()

    index = out / "index.html"
    assert result.index == index
    html = index.read_text(encoding="utf-8")
    assert "Mapping &lt;a&gt; region" in html and "<a> region" not in html  # escaped
    module_page = out / "en/x/index.html"
    assert "Our own module page: Mapping &lt;a&gt; region" in module_page.read_text(encoding="utf-8")
    for page in (index, module_page):
        missing = [link for link in _links(page) if not link.exists()]
        assert not missing, f"{page}: links to missing files {missing}"
    index_links = _links(index)
    assert deck.pages[0].resolve() in index_links and handout.pdf.resolve() in index_links


@needs_rendering
def test_source_links_point_at_the_module_line_on_the_builtin_module_page(tmp_path):
    result = preview(_items(tmp_path), tmp_path / "build/preview", jobs=1, root=tmp_path)
    page = tmp_path / "build/preview/en/x/index.html"
    html = page.read_text(encoding="utf-8")
    assert ">modules/x.md:5</a>" in html and ">modules/x.md:12</a>" in html
    assert (tmp_path / "modules/x.md").resolve() in _links(page)
    assert all(link.exists() for link in _links(page))
    assert result.converted == 2


@needs_rendering
def test_unchanged_outputs_are_not_converted_again(tmp_path):
    items = _items(tmp_path)
    out = tmp_path / "build/preview"
    assert preview(items, out, jobs=2).converted == 2
    again = preview(items, out, jobs=2)
    assert (again.converted, again.reused) == (0, 2)
    time.sleep(0.01)
    two_slide_deck(items[0].path, titles=("Changed", "Slides"))
    changed = preview(items, out, jobs=2)
    assert (changed.converted, changed.reused) == (1, 1)


@needs_rendering
def test_two_previews_into_one_folder_at_once_both_succeed(tmp_path):
    items = _items(tmp_path)
    out = tmp_path / "build/preview"
    results: list[object] = [None, None]

    def run(n: int) -> None:
        try:
            results[n] = preview(items, out, jobs=2)
        except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong in the thread
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for result in results:
        assert not isinstance(result, BaseException), result
        assert result.problems == ()
        assert [len(o.pages) for o in result.outputs] == [2, 2]
        assert all(Image.open(p).size == (960, 720) for p in result.outputs[0].pages)
    assert not [p for p in out.rglob(".work-*")], "temporary folders left behind"


@needs_rendering
def test_compare_puts_page_n_of_one_language_beside_page_n_of_the_other(tmp_path):
    english = _items(tmp_path, "en")
    german = _items(tmp_path, "de")
    two_slide_deck(german[0].path, titles=("Eine Region kartieren", "Wer ist wer"))
    result = compare(english, german, tmp_path / "build/preview", jobs=2, root=tmp_path)
    assert result.problems == ()
    slides = next(c for c in result.compared if c.left.item.kind == "slides")
    width, height = Image.open(slides.sheet).size
    assert 2 * THUMB_WIDTH < width < 3 * THUMB_WIDTH      # two columns
    assert 2 * 180 < height < 3 * 180                      # two numbered rows
    assert all(link.exists() for link in _links(slides.page))


def test_a_long_header_wraps_within_a_narrow_compare_sheet(tmp_path):
    thumb = tmp_path / "thumb.png"
    Image.new("RGB", (THUMB_WIDTH, 135), (255, 255, 255)).save(thumb)
    short = Image.open(compare_sheet([thumb], [thumb], tmp_path / "short.png", "Karte — slides"))
    title = "Ein regionales Ökosystem für soziale Innovation kartieren — slides — Deutsch | English"
    long = Image.open(compare_sheet([thumb], [thumb], tmp_path / "long.png", title))
    assert long.width == short.width and long.height > short.height        # the header took more lines
    ink = long.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink is not None and ink[2] <= long.width - 16                    # nothing runs off the right edge


def test_missing_libreoffice_is_one_line_saying_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setenv("TRAINKIT_SOFFICE", str(tmp_path / "no-such-soffice"))
    monkeypatch.setenv("PATH", "")
    with pytest.raises(TrainkitError) as caught:
        preview(_items(tmp_path), tmp_path / "build/preview")
    message = str(caught.value)
    assert "\n" not in message
    assert message == (f"LibreOffice not found: TRAINKIT_SOFFICE names '{tmp_path / 'no-such-soffice'}', "
                       "which is not a program; install it with 'apt-get install libreoffice-impress "
                       "libreoffice-writer' or set TRAINKIT_SOFFICE to its path")
    monkeypatch.delenv("TRAINKIT_SOFFICE")
    with pytest.raises(TrainkitError, match=r"^LibreOffice \(soffice\) not found on PATH: install it with "
                                            r"'apt-get install libreoffice-impress libreoffice-writer'"):
        find_soffice()


@pytest.mark.skipif(os.name != "posix" or not shutil.which("pdftoppm"),
                    reason="the fake LibreOffice is a POSIX shell script; preview also needs pdftoppm")
def test_a_hanging_conversion_is_stopped_and_reported_with_its_file(tmp_path):
    pid_file = tmp_path / "child.pid"
    fake = tmp_path / "fake-soffice"
    # Like soffice, a launcher whose child does the work: the child must be stopped too.
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > '{pid_file}'\nwait\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    items = _items(tmp_path)[:1]
    started = time.monotonic()
    result = preview(items, tmp_path / "build/preview", soffice=str(fake), timeout=1, root=tmp_path)
    assert time.monotonic() - started < 30
    assert [str(p) for p in result.problems] == [
        "build/en/x/slides.pptx: error: LibreOffice did not finish within 1 s and was stopped [preview.timeout]"]
    assert result.outputs == () and result.index is None
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the converting child process was left running"


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def test_bundle_index_lists_files_by_language_and_course_escaped_and_overridable(tmp_path):
    files = [BundleFile("en/intro/x/slides.pptx", "Intro <slides>", 123_456, "en", "Basics", kind="Slides"),
             BundleFile("de/intro/x/slides.pptx", "Einführung", 2_345_678, "de", "Grundlagen",
                        "de/previews/x/slides.png", kind="Folien")]
    html = render_bundle_index(files, title="CSEI pilot", version="1.2.0", region="Baltic")
    assert "Intro &lt;slides&gt;" in html and "<slides>" not in html
    assert '<a href="de/intro/x/slides.pptx">Einführung</a> · Folien' in html
    assert "123 KB" in html and "2.3 MB" in html
    assert '<section id="de" lang="de">\n  <h2>Deutsch (de)</h2>' in html and ">English (en)<" in html
    assert html.index("English (en)</h2>") < html.index("Deutsch (de)</h2>")   # in the given order
    assert "<h3>Grundlagen</h3>" in html
    assert '<img src="de/previews/x/slides.png"' in html
    assert '<a href="manifest.json">manifest.json</a>' in html and '<a href="SHA256SUMS">SHA256SUMS</a>' in html
    assert html == render_bundle_index(files, title="CSEI pilot", version="1.2.0", region="Baltic")

    (tmp_path / "bundle").mkdir()
    (tmp_path / "bundle/index.html.j2").write_text("{{ title }}: {{ languages | length }} language(s)",
                                                   encoding="utf-8")
    assert render_bundle_index(files, title="A & B", templates_dir=tmp_path) == "A &amp; B: 2 language(s)"
