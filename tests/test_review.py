"""trainkit.review on small decks and documents made here with python-pptx and python-docx.

Each broken fixture holds one fault per slide (or table, picture, page), so every finding is
asserted with its place; the clean fixtures must give no finding at all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn as wqn
from docx.shared import Inches as DocxInches
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Inches, Pt

from trainkit.errors import Location
from trainkit.review import ReviewItem, review, to_json
from trainkit.writers.inspect import read_deck, read_document

SOURCE_MESSAGES = frozenset({"Map the actors of your region", "Who funds social enterprises here?", "Actors"})
"""English source messages of the German fixtures; 'Actors' is too short to count as a leak."""


# --- building decks -----------------------------------------------------------------------


def _picture(tmp_path: Path) -> Path:
    path = tmp_path / "img" / "map.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (30, 120, 110)).save(path)
    return path


def _set_language(frame, language: str | None) -> None:
    """Mark every run of a text frame with ``language`` (None leaves them unmarked)."""
    if language is None:
        return
    for paragraph in frame.paragraphs:
        for run in paragraph.runs:
            run._r.get_or_add_rPr().set("lang", language)


def _say(frame, text: str, language: str | None = "de-DE", size: float | None = None) -> None:
    frame.text = text
    _set_language(frame, language)
    if size is not None:
        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(size)


def _notes(slide, text: str = "Hinweise für die Moderation.") -> None:
    _say(slide.notes_slide.notes_text_frame, text)


def _deck(default_language: str | None) -> Presentation:
    presentation = Presentation()
    default = presentation.part._element.find(qn("p:defaultTextStyle")).find(qn("a:defPPr")).find(qn("a:defRPr"))
    if default_language is None:
        del default.attrib["lang"]  # nothing to inherit: every run must carry its own language
    else:
        default.set("lang", default_language)
    presentation.core_properties.title = "Ökosysteme kartieren"
    presentation.core_properties.language = "de-DE"
    return presentation


def _titled(presentation, title: str, body: str | None = "Akteure und Rollen in der Region"):
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    _say(slide.shapes.title.text_frame, title)
    if body is not None:
        _say(slide.placeholders[1].text_frame, body)
    _notes(slide)
    return slide


def _table(slide, header: bool) -> None:
    shape = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1.5))
    shape.table.first_row = header
    for n, cell in enumerate(c for row in shape.table.rows for c in row.cells):
        _say(cell.text_frame, ["Akteur", "Rolle", "Cluster", "Vernetzt"][n])


def clean_deck(tmp_path: Path) -> Path:
    presentation = _deck("de-DE")
    _titled(presentation, "Ökosysteme kartieren")
    _titled(presentation, "Akteure")
    _titled(presentation, "Akteure (Fortsetzung)")
    _titled(presentation, "Akteure (Fortsetzung)")
    table_slide = _titled(presentation, "Wer macht was?", body=None)
    _table(table_slide, header=True)
    picture_slide = _titled(presentation, "Die Karte", body=None)
    picture = picture_slide.shapes.add_picture(str(_picture(tmp_path)), Inches(1), Inches(2), Inches(4))
    picture._element.nvPicPr.cNvPr.set("descr", "Karte der Akteure in der Region")
    path = tmp_path / "build/de/x/slides.pptx"
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(path))
    return path


def broken_deck(tmp_path: Path) -> Path:
    presentation = _deck(None)
    blank = presentation.slides.add_slide(presentation.slide_layouts[6])           # 1: no title placeholder
    _say(blank.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1)).text_frame, "Nur ein Textfeld")
    _notes(blank)
    _titled(presentation, "Akteure")                                              # 2
    _titled(presentation, "Akteure")                                              # 3: same title as 2
    _table(_titled(presentation, "Rollen", body=None), header=False)             # 4: table without header
    pictured = _titled(presentation, "Karte", body=None)                          # 5: alt text is a file name
    pictured.shapes.add_picture(str(_picture(tmp_path)), Inches(1), Inches(2), Inches(4))
    _say(_titled(presentation, "Klein").placeholders[1].text_frame, "Sehr kleine Schrift", size=10)  # 6
    outside = _titled(presentation, "Außen", body=None)                           # 7: text off the slide
    _say(outside.shapes.add_textbox(presentation.slide_width - Inches(1), Inches(3), Inches(3), Inches(1))
         .text_frame, "Dieser Text ragt hinaus")
    _say(_titled(presentation, "Ohne Sprache").placeholders[1].text_frame,       # 8: run without language
         "Text ohne Sprachmarke", language=None)
    _say(_titled(presentation, "Englisch").placeholders[1].text_frame,           # 9: English left in German
         "Map the actors of your region")
    silent = presentation.slides.add_slide(presentation.slide_layouts[1])         # 10: no speaker notes
    _say(silent.shapes.title.text_frame, "Ohne Notizen")
    _say(silent.placeholders[1].text_frame, "Inhalt ohne Notizen")
    path = tmp_path / "build/de/x/slides.pptx"
    path.parent.mkdir(parents=True, exist_ok=True)
    presentation.save(str(path))
    return path


SOURCES = tuple(Location("modules/x.md", 10 * n) for n in range(1, 11))


def _places(findings) -> set[tuple[str, str]]:
    return {(f.place, f.code) for f in findings}


# --- decks --------------------------------------------------------------------------------


def test_clean_deck_gives_no_finding(tmp_path):
    deck = clean_deck(tmp_path)
    item = ReviewItem(deck, language="de", sources=SOURCES, source_messages=SOURCE_MESSAGES,
                      continued="(Fortsetzung)")
    assert [str(f) for f in review([item], root=tmp_path)] == []


def test_each_fault_of_a_deck_is_found_on_its_slide_with_its_source_line(tmp_path):
    deck = broken_deck(tmp_path)
    item = ReviewItem(deck, language="de", sources=SOURCES, source_messages=SOURCE_MESSAGES,
                      continued="(Fortsetzung)")
    findings = review([item], root=tmp_path)
    assert _places(findings) == {
        ("slide 1", "review.title.missing"),
        ("slide 3", "review.title.duplicate"),
        ("slide 4", "review.table.header"),
        ("slide 5", "review.alt.filename"),
        ("slide 6", "review.size.small"),
        ("slide 7", "review.bounds"),
        ("slide 8", "review.lang.missing"),
        ("slide 9", "review.leak"),
        ("slide 10", "review.notes.missing"),
    }
    lines = [str(f) for f in findings]
    assert ("build/de/x/slides.pptx: slide 1 (modules/x.md:10): error: slide has no title placeholder, "
            "so it has no title for screen readers [review.title.missing]") in lines
    assert ("build/de/x/slides.pptx: slide 3 (modules/x.md:30): warning: title 'Akteure' repeats the title "
            "of slide 2 [review.title.duplicate]") in lines
    assert ("build/de/x/slides.pptx: slide 5 (modules/x.md:50): error: picture 'Picture 3' has a file name as "
            "alternative text ('map.png') [review.alt.filename]") in lines
    assert ("build/de/x/slides.pptx: slide 6 (modules/x.md:60): error: text 'Sehr kleine Schrift' is 10 pt; "
            "1 run(s) on the slide are under the 14 pt readable when projected [review.size.small]") in lines
    assert ("build/de/x/slides.pptx: slide 7 (modules/x.md:70): error: text 'Dieser Text ragt hinaus' reaches "
            "past the slide's right edge [review.bounds]") in lines
    assert ("build/de/x/slides.pptx: slide 9 (modules/x.md:90): error: text left in the source language: "
            "'Map the actors of your region' [review.leak]") in lines


def test_titles_that_differ_only_in_case_are_duplicates(tmp_path):
    presentation = _deck("de-DE")
    _titled(presentation, "Cluster für soziale Innovation")
    _titled(presentation, "Cluster für Soziale Innovation")
    path = tmp_path / "build/de/x/slides.pptx"
    path.parent.mkdir(parents=True)
    presentation.save(str(path))
    assert [str(f) for f in review([ReviewItem(path, language="de")], root=tmp_path)] == [
        "build/de/x/slides.pptx: slide 2: warning: title 'Cluster für Soziale Innovation' repeats the title of "
        "slide 1 [review.title.duplicate]"]


def test_sizes_are_measured_through_the_placeholder_hierarchy(tmp_path):
    deck = read_deck(clean_deck(tmp_path))
    first = deck.slides[0]
    sizes = {shape.placeholder: {run.size for p in shape.paragraphs for run in p.runs} for shape in first.texts}
    # python-pptx's default template: 44 pt titles, 32 pt first-level body text, set on the master only.
    assert sizes == {"title": {44.0}, "obj": {32.0}}
    assert first.title == "Ökosysteme kartieren"
    assert deck.language == "de-DE"


def test_a_slide_without_sources_is_located_in_the_output_only(tmp_path):
    deck = broken_deck(tmp_path)
    findings = review([ReviewItem(deck, continued="(Fortsetzung)")], root=tmp_path)
    first = next(f for f in findings if f.code == "review.title.missing")
    assert str(first).startswith("build/de/x/slides.pptx: slide 1: error: ")


def test_findings_as_json(tmp_path):
    deck = broken_deck(tmp_path)
    findings = review([ReviewItem(deck, sources=SOURCES, continued="(Fortsetzung)")], root=tmp_path)
    data = json.loads(to_json(findings))
    assert data[0] == {"path": "build/de/x/slides.pptx", "place": "slide 1",
                       "source": {"path": "modules/x.md", "line": 10}, "severity": "error",
                       "message": "slide has no title placeholder, so it has no title for screen readers",
                       "code": "review.title.missing", "text": str(findings[0])}
    assert len(data) == len(findings)


# --- documents ----------------------------------------------------------------------------


def _german(document) -> None:
    lang = document.styles.element.find(f"{wqn('w:docDefaults')}/{wqn('w:rPrDefault')}/{wqn('w:rPr')}/{wqn('w:lang')}")
    lang.set(wqn("w:val"), "de-DE")
    document.core_properties.title = "Ökosysteme kartieren"
    document.core_properties.language = "de-DE"


def _doc_table(document, header: bool) -> None:
    table = document.add_table(rows=2, cols=2)
    for n, cell in enumerate(c for row in table.rows for c in row.cells):
        cell.text = ["Akteur", "Rolle", "Cluster", "Vernetzt"][n]
    if header:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(etree.SubElement(tr_pr, wqn("w:tblHeader")))


def _doc_picture(document, tmp_path: Path, alt: str) -> None:
    document.add_picture(str(_picture(tmp_path)), width=DocxInches(2))
    doc_pr = document.paragraphs[-1]._p.find(".//" + "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")
    doc_pr.set("descr", alt)


def _save(document, tmp_path: Path, name: str) -> Path:
    path = tmp_path / "build/de/x" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def clean_document(tmp_path: Path) -> Path:
    document = Document()
    _german(document)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Ökosysteme kartieren"
    section.footer.paragraphs[0].text = "Kofinanziert von der Europäischen Union"
    document.add_heading("Ökosysteme kartieren", 0)
    document.add_heading("Akteure", 1)
    document.add_paragraph("Wer unterstützt soziale Unternehmen in der Region?")
    _doc_table(document, header=True)
    _doc_picture(document, tmp_path, "Karte der Akteure in der Region")
    # Tables that only lay out the page need no header row: a framed box, lines to write on.
    document.add_table(rows=1, cols=1).cell(0, 0).text = "Übung · 20 Min. In Gruppen arbeiten."
    document.add_table(rows=5, cols=1)
    field = document.add_table(rows=4, cols=1)  # a labelled field: its label, then lines to write on
    field.cell(0, 0).text = "1. Ihre Empfehlung"
    return _save(document, tmp_path, "handout.docx")


def test_clean_document_gives_no_finding(tmp_path):
    item = ReviewItem(clean_document(tmp_path), language="de", source_messages=SOURCE_MESSAGES)
    assert [str(f) for f in review([item], root=tmp_path)] == []


def test_each_fault_of_a_document_is_found_at_its_place(tmp_path):
    document = Document()
    _german(document)
    document.add_heading("Akteure", 1)                                  # paragraph 1
    document.add_paragraph("Who funds social enterprises here?")        # paragraph 2: English left in
    _doc_table(document, header=False)                                  # table 1: no header row
    _doc_picture(document, tmp_path, "C:\\Users\\trainer\\map.png")      # paragraph 3: a path as alt text
    run = document.add_paragraph().add_run("Englisch markiert")         # paragraph 4: another language
    run._r.get_or_add_rPr().append(etree.Element(wqn("w:lang"), {wqn("w:val"): "en-GB"}))
    path = _save(document, tmp_path, "handout.docx")
    findings = review([ReviewItem(path, language="de", source_messages=SOURCE_MESSAGES)], root=tmp_path)
    assert [str(f) for f in findings] == [
        "build/de/x/handout.docx: paragraph 2: error: text left in the source language: "
        "'Who funds social enterprises here?' [review.leak]",
        "build/de/x/handout.docx: paragraph 3: error: picture 'Picture 1' has a file name as alternative text "
        "('C:\\Users\\trainer\\map.png') [review.alt.filename]",
        "build/de/x/handout.docx: paragraph 4: warning: 1 run(s) are marked en-GB, not de, first "
        "'Englisch markiert' [review.lang.mismatch]",
        "build/de/x/handout.docx: table 1: error: table has no header row (mark its first row "
        "'Repeat as header row') [review.table.header]",
    ]


def test_a_document_without_language_is_reported_once_and_per_paragraph(tmp_path):
    document = Document()
    document.core_properties.title = "Ohne Sprache"
    defaults = document.styles.element.find(f"{wqn('w:docDefaults')}/{wqn('w:rPrDefault')}/{wqn('w:rPr')}")
    defaults.remove(defaults.find(wqn("w:lang")))
    document.add_paragraph("Erster Absatz")
    path = _save(document, tmp_path, "guide.docx")
    assert read_document(path).language is None
    assert [str(f) for f in review([ReviewItem(path)], root=tmp_path)] == [
        "build/de/x/guide.docx: error: the document has no language, so spell-checkers and screen readers guess "
        "[review.lang.document]",
        "build/de/x/guide.docx: paragraph 1: error: 1 run(s) have no language, first 'Erster Absatz' "
        "[review.lang.missing]",
    ]


# --- printed pages (LibreOffice) ------------------------------------------------------------

needs_printing = pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("pdftoppm")
    or not shutil.which("pdftotext"),
    reason="page checks print documents with LibreOffice (soffice) and read them with poppler "
           "(pdftoppm, pdftotext): apt-get install libreoffice-writer poppler-utils")


def paged_document(tmp_path: Path) -> Path:
    """Page 2 is empty but for header and footer; page 4 ends with a heading whose text is on page 5."""
    document = Document()
    _german(document)
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kopfzeile des Kurses"
    section.footer.paragraphs[0].text = "Fußzeile"
    document.add_heading("Einführung", 1)
    document.add_paragraph("Text auf der ersten Seite.")
    for _ in range(2):
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_paragraph("Text auf der dritten Seite. " * 10)
    for n in range(30):
        document.add_paragraph(f"Füllzeile {n}")
    stranded = document.add_heading("Gestrandete Überschrift", 2)
    stranded.paragraph_format.keep_with_next = False
    after = document.add_paragraph("Der Text zur Überschrift steht erst auf der nächsten Seite.")
    after.paragraph_format.page_break_before = True
    return _save(document, tmp_path, "handout.docx")


@needs_printing
def test_empty_pages_and_stranded_headings_are_found_on_the_printed_pages(tmp_path):
    items = [ReviewItem(paged_document(tmp_path), language="de")]
    findings = review(items, root=tmp_path, pdf_dir=tmp_path / "build/preview/review", jobs=1)
    assert [str(f) for f in findings] == [
        "build/de/x/handout.docx: page 2: error: page is empty but for its header and footer [review.page.empty]",
        "build/de/x/handout.docx: page 4: warning: heading 'Gestrandete Überschrift' is the last line of the page; "
        "its text starts on the next page [review.page.heading]",
    ]
    assert (tmp_path / "build/preview/review/build/de/x/handout.pdf").is_file()


@needs_printing
def test_a_clean_document_prints_without_page_findings(tmp_path):
    items = [ReviewItem(clean_document(tmp_path), language="de", source_messages=SOURCE_MESSAGES)]
    assert [str(f) for f in review(items, root=tmp_path, pdf_dir=tmp_path / "pdf", jobs=1)] == []


def test_an_unreadable_output_is_a_finding_and_the_others_are_still_reviewed(tmp_path):
    broken = tmp_path / "build/de/x/handout.docx"
    broken.parent.mkdir(parents=True)
    broken.write_text("not a zip", encoding="utf-8")
    deck = broken_deck(tmp_path)
    findings = review([ReviewItem(broken), ReviewItem(deck, continued="(Fortsetzung)")], root=tmp_path)
    assert str(findings[0]).startswith("build/de/x/handout.docx: error: cannot read it as a document (")
    assert findings[0].code == "review.read"
    assert any(f.path == "build/de/x/slides.pptx" for f in findings[1:])
