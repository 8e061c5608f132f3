"""The shipped curriculum printed by LibreOffice, as a trainer and a participant would see it:
decks and documents in four languages, read back from the PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
from docx import Document
from pptx import Presentation

REPO = Path(__file__).parent.parent
LANGUAGES = ("en", "de", "lt", "sv")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None or not shutil.which("pdftotext"):
        pytest.skip("LibreOffice (soffice) and poppler (pdftotext) print the outputs for these checks")
    return found


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Every deck, handout, guide and exercise sheet of the curriculum in three languages, built
    and printed to PDF: ``lang/module/file`` -> (built file, its PDF)."""
    from click.testing import CliRunner

    from trainkit.cli import cli

    soffice = _soffice()
    root = tmp_path_factory.mktemp("printed")
    build = root / "build"
    args = [a for code in LANGUAGES for a in ("--lang", code)]
    result = CliRunner().invoke(cli, ["-C", str(REPO), "build", "--out", str(build), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    flat = root / "flat"
    flat.mkdir()
    outputs = {}
    for path in sorted(build.glob("*/*/*.*x")):
        key = path.relative_to(build).as_posix()
        copy = flat / key.replace("/", "--")
        shutil.copy(path, copy)
        outputs[key] = (path, root / "pdf" / (copy.stem + ".pdf"))
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{root / 'profile'}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(root / "pdf"), *map(str, sorted(flat.iterdir()))],
                          capture_output=True, text=True, timeout=1200, check=False)
    assert all(pdf.is_file() for _, pdf in outputs.values()), done.stderr
    return outputs


def _pages(pdf: Path) -> list[str]:
    """The text of each page of a PDF."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def _of(printed: dict, suffix: str):
    return [(key, built, pdf) for key, (built, pdf) in printed.items() if key.endswith(suffix)]


# --- decks --------------------------------------------------------------------------------


def test_every_deck_prints_one_page_per_slide(printed):
    for key, built, pdf in _of(printed, "slides.pptx"):
        assert len(_pages(pdf)) == len(Presentation(str(built)).slides), key


def test_no_word_is_broken_across_lines_in_a_table(printed):
    for key, built, pdf in _of(printed, "slides.pptx"):
        pages = _pages(pdf)
        for number, slide in enumerate(Presentation(str(built)).slides, start=1):
            printed_words = set(re.findall(r"[\w’'-]+", pages[number - 1]))
            for shape in slide.shapes:
                if not shape.has_table:
                    continue
                for cell in (c for row in shape.table.rows for c in row.cells):
                    for word in re.findall(r"[\w’'-]+", cell.text):
                        assert word in printed_words, f"{key}: slide {number}: '{word}' is broken in its table cell"


def test_title_and_closing_slides_show_the_emblem_and_the_funding_statement_in_their_language(printed):
    from trainkit.config import load_config
    from trainkit.errors import Diagnostics

    branding = load_config(REPO, Diagnostics()).branding
    for key, built, pdf in _of(printed, "slides.pptx"):
        statement = branding.acknowledgement_in(key.split("/")[0])
        pages = _pages(pdf)
        slides = list(Presentation(str(built)).slides)
        for number in (1, len(slides)):
            assert statement in " ".join(pages[number - 1].split()), f"{key}: slide {number}"
            pictures = [shape for shape in slides[number - 1].shapes if shape.shape_type == 13]
            assert any(statement in (p._element.xpath("./p:nvPicPr/p:cNvPr/@descr") or [""])[0] for p in pictures), \
                f"{key}: slide {number} has no emblem named by the funding statement"


def test_every_slide_has_notes(printed):
    for key, built, _ in _of(printed, "slides.pptx"):
        for number, slide in enumerate(Presentation(str(built)).slides, start=1):
            assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), f"{key}: slide {number}"


def test_title_sizes_are_uniform_per_layout(printed):
    for key, built, _ in _of(printed, "slides.pptx"):
        sizes = defaultdict(set)
        for slide in Presentation(str(built)).slides:
            title = slide.shapes.title
            if title is None:
                continue
            body = title.text_frame._txBody.find(f"{A}bodyPr")
            shrunk = body.find(f"{A}normAutofit")
            assert shrunk is None or shrunk.get("fontScale") is None, f"{key}: a title shrunk to fit"
            sizes[slide.slide_layout.name].add(frozenset(r.font.size for p in title.text_frame.paragraphs
                                                          for r in p.runs))
        assert all(len(found) == 1 for found in sizes.values()), (key, dict(sizes))


def test_the_incremental_list_appears_item_by_item_in_order(printed):
    from test_reveal import by_title, clicks

    for key, built, _ in _of(printed, "csei-clusters/slides.pptx"):
        slide = next(s for s in Presentation(str(built)).slides if s.has_notes_slide and len(clicks(s)) > 1)
        shown = clicks(slide)
        items = [p.text for shape in slide.placeholders if shape.placeholder_format.idx != 0
                 for p in shape.text_frame.paragraphs if p.text]
        assert [text for step in shown for text in step] == items[:len(sum(shown, []))], key
        assert len(shown) == 6, key


# --- documents ------------------------------------------------------------------------------


def _document_pages(built: Path, pdf: Path) -> list[list[str]]:
    """Each printed page's lines without the header and footer."""
    document = Document(str(built))
    furniture = {" ".join(p.text.split()) for section in document.sections
                 for part in (section.header, section.footer, section.first_page_footer, section.first_page_header)
                 for p in part.paragraphs if p.text.strip()}
    pages = []
    for text in _pages(pdf):
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        pages.append([line for line in lines if not any(line in f or f in line for f in furniture)
                      and not re.fullmatch(r"\D*\d+\D+\d+", line)])  # "Page 2 of 5" in any language
    return pages


def test_no_page_carries_only_its_header_and_footer(printed):
    for suffix in ("handout.docx", "facilitator-guide.docx", "exercises.docx"):
        for key, built, pdf in _of(printed, suffix):
            for number, lines in enumerate(_document_pages(built, pdf), start=1):
                assert lines, f"{key}: page {number} is empty"


@pytest.mark.parametrize("suffix", ["handout.docx", "facilitator-guide.docx", "exercises.docx"])
def test_no_heading_is_the_last_line_of_a_page(printed, suffix):
    for key, built, pdf in _of(printed, suffix):
        headings = {" ".join(p.text.split()) for p in Document(str(built)).paragraphs
                    if p.style.name.startswith("Heading") and p.text.strip()}
        pages = _document_pages(built, pdf)
        for number, lines in enumerate(pages[:-1], start=1):
            assert lines[-1] not in headings, f"{key}: page {number} ends with the heading '{lines[-1]}'"


def test_every_exercise_sheet_is_headed_by_its_exercise(printed):
    from trainkit.build import load_project, localise
    from trainkit.model import plain_text
    from trainkit.writers.documents import exercise_names

    project = load_project(REPO)
    for key, built, pdf in _of(printed, "exercises.docx"):
        language, module_id, _ = key.split("/")
        module = localise(project, project.module(module_id), language)
        names = [plain_text(name) for name in exercise_names(module).values()]
        pages = _document_pages(built, pdf)
        tops = [lines[0] for lines in pages if lines]
        for name in names:
            assert name in tops, f"{key}: no sheet starts with '{name}'"


def test_every_document_shows_its_licence_and_version(printed):
    from trainkit.build import load_project

    project = load_project(REPO)
    for suffix in ("handout.docx", "facilitator-guide.docx", "exercises.docx"):
        for key, built, pdf in _of(printed, suffix):
            language, module_id, _ = key.split("/")
            meta = project.module(module_id).metadata
            for number, text in enumerate(_pages(pdf), start=1):
                flat = " ".join(text.split())
                assert meta.license in flat and meta.version in flat, f"{key}: page {number}"


def test_the_guides_contents_show_slide_numbers(printed):
    for key, built, pdf in _of(printed, "facilitator-guide.docx"):
        contents = _pages(pdf)[1]
        entries = [line for line in contents.splitlines() if re.search(r"\.{3,}\s*\S+ \d+(–\d+)?\s*$", line)]
        assert len(entries) >= 5, (key, contents[:400])


# --- review ---------------------------------------------------------------------------------


def test_trainkit_review_finds_no_error_in_any_output(printed):
    """What `trainkit review` checks in the files themselves (titles, sizes, bounds, tables, alt text,
    languages, notes, text left in English), on every output in four languages; the printed pages
    are checked above."""
    from trainkit.build import BuildRequest, BuildResult, built_outputs, load_project
    from trainkit.review import review, review_items

    project = load_project(REPO)
    out = next(iter(printed.values()))[0].parents[2]
    built = BuildResult(written=[path for path, _ in printed.values()])
    outputs = built_outputs(project, BuildRequest(LANGUAGES, out=out), built)
    assert len(outputs) == len(printed)
    errors = [str(f) for f in review(review_items(project, outputs), root=REPO) if f.severity == "error"]
    assert errors == []
