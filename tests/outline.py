"""Dump generated decks and documents to plain text, as a user would read them."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from pptx import Presentation


def slide_texts(path: Path) -> list[dict]:
    """Per slide: layout name, title, every other text on the slide, notes text."""
    slides = []
    for slide in Presentation(str(path)).slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        body: list[str] = []
        for shape in slide.shapes:
            if shape == slide.shapes.title:
                continue
            if shape.has_text_frame:
                body.extend(p.text for p in shape.text_frame.paragraphs if p.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                body.extend(cell.text for row in shape.table.rows for cell in row.cells)
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append({"layout": slide.slide_layout.name, "title": title, "body": body, "notes": notes})
    return slides


def document_text(path: Path) -> str:
    """All visible text of a docx: body paragraphs, tables, headers and footers."""
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]

    def cells(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    parts.append(cell.text)
                    cells(cell.tables)  # a table inside a cell (an exercise box holding a table)

    cells(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)


def headings(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every heading and title paragraph, in order."""
    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs
            if p.style.name.startswith(("Heading", "Title"))]
