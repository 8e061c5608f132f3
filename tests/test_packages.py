"""Saving packages and assigning Word styles the fast way gives the bytes the libraries' own way gives."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from pptx import Presentation

from trainkit.build import builtin_template
from trainkit.writers.docx_document import prepared_template
from trainkit.writers.docx_parts import StyleIndex
from trainkit.writers.ooxml import normalise_zip, package_entries, zip_entries

STAMP = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc)


def _saved(document) -> bytes:
    """What saving with the library and then normalising the zip gives (the slow way)."""
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), STAMP)


def _document():
    document = Document(str(builtin_template("handout.docx")))
    document.add_paragraph("Hello", "Heading 1")
    document.add_paragraph().add_run().add_break()
    return document


def _deck():
    deck = Presentation(str(builtin_template("slides.pptx")))
    slide = deck.slides.add_slide(deck.slide_layouts[1])
    slide.shapes.title.text = "Hello"
    slide.notes_slide.notes_text_frame.text = "Notes"
    return deck


@pytest.mark.parametrize("make", [_document, _deck], ids=["docx", "pptx"])
def test_packages_zipped_once_equal_the_librarys_save_normalised(make):
    assert zip_entries(package_entries(make()), STAMP) == _saved(make())


@pytest.mark.parametrize("make", [_document, _deck], ids=["docx", "pptx"])
def test_packages_are_recorded_without_the_librarys_zip(make, monkeypatch):
    """The fast path is taken: the library's own save is never called."""
    document = make()

    def refuse(*args, **kwargs):
        raise AssertionError("saved through the library's zip")

    monkeypatch.setattr(type(document), "save", refuse)
    names = [name for name, _ in package_entries(document)]
    assert names[0] == "[Content_Types].xml" and len(names) == len(set(names)) > 5


def test_package_entries_falls_back_to_saving_when_the_internals_are_missing(monkeypatch):
    import trainkit.writers.ooxml as ooxml

    def changed_library(document):
        raise AttributeError("type object 'PackageWriter' has no attribute '_write_parts'")

    monkeypatch.setattr(ooxml, "_docx_entries", changed_library)
    assert zip_entries(package_entries(_document()), STAMP) == _saved(_document())


def test_zip_entries_are_deterministic_and_readable():
    data = zip_entries([("b.xml", b"<b/>"), ("a.png", b"\x89PNG")], STAMP)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert [i.filename for i in archive.infolist()] == ["b.xml", "a.png"]
        assert {i.date_time for i in archive.infolist()} == {(2024, 5, 1, 12, 0, 0)}
        assert archive.read("a.png") == b"\x89PNG"


def _paragraph_styles(document) -> list[str]:
    return [s.name for s in document.styles if s.type == WD_STYLE_TYPE.PARAGRAPH]


@pytest.mark.parametrize("template", ["handout.docx", None], ids=["trainkit", "python-docx"])
def test_style_index_writes_the_style_xml_python_docx_writes(template):
    """Every paragraph style, the default one included (python-docx then writes no w:pStyle)."""
    fast = Document(str(builtin_template(template))) if template else Document()
    slow = Document(str(builtin_template(template))) if template else Document()
    styles = StyleIndex(fast)
    names = _paragraph_styles(fast)
    assert "Normal" in names and len(names) > 5
    for name in names:
        styles.set_paragraph(fast.add_paragraph(name), styles.style(name))
        slow.add_paragraph(name).style = slow.styles[name]
        assert styles.paragraph_style_name(fast.paragraphs[-1]) == slow.paragraphs[-1].style.name == name
    table = styles.style("Table Grid")
    if table is not None:
        styles.set_table(fast.add_table(1, 1), table)
        slow.add_table(1, 1).style = slow.styles["Table Grid"]
    assert fast.element.body.xml == slow.element.body.xml


def test_style_index_refuses_a_style_of_another_type_as_python_docx_does():
    document = Document()
    styles = StyleIndex(document)
    with pytest.raises(ValueError):
        styles.set_paragraph(document.add_paragraph(), styles.style("Default Paragraph Font"))


def test_prepared_template_is_emptied_has_trainkits_styles_and_follows_changes(tmp_path: Path):
    template = tmp_path / "handout.docx"
    source = Document()
    source.add_paragraph("Template text")
    source.save(template)
    prepared = Document(io.BytesIO(prepared_template(template)))
    assert [p.text for p in prepared.paragraphs] == []
    assert {"Label", "TOC 1", "TOC 2"} <= {s.name for s in prepared.styles}
    assert "Region Style" not in {s.name for s in prepared.styles}
    source.styles.add_style("Region Style", WD_STYLE_TYPE.PARAGRAPH)
    source.save(template)
    stat = template.stat()
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))  # a later edit of the template
    again = Document(io.BytesIO(prepared_template(template)))
    assert {"Region Style", "Label"} <= {s.name for s in again.styles}
