"""Slide deck writer (pptx): a title slide, a header per section, one slide per ``##``."""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.text.text import TextFrame, _Paragraph

from trainkit import model as m
from trainkit.writers import RenderContext
from trainkit.writers.ooxml import save_package


def _layout(prs, name: str):
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    return prs.slide_layouts[1 if name != "Title Slide" else 0]


def _add_runs(paragraph: _Paragraph, inlines: m.Inlines, lang: str, bold=False, italic=False, code=False) -> None:
    for node in inlines:
        if isinstance(node, (m.Text, m.Code)):
            run = paragraph.add_run()
            run.text = node.text
            run.font.bold = bold or None
            run.font.italic = italic or None
            if code or isinstance(node, m.Code):
                run.font.name = "Courier New"
            run.font._rPr.set("lang", lang)
        elif isinstance(node, m.LineBreak):
            paragraph.add_line_break()
        elif isinstance(node, m.Strong):
            _add_runs(paragraph, node.children, lang, True, italic, code)
        elif isinstance(node, m.Emphasis):
            _add_runs(paragraph, node.children, lang, bold, True, code)
        elif isinstance(node, m.Link):
            start = len(paragraph.runs)
            _add_runs(paragraph, node.children, lang, bold, italic, code)
            for run in paragraph.runs[start:]:
                run.hyperlink.address = node.url


def _text(frame: TextFrame, blocks: tuple[m.Block, ...], lang: str, level: int = 0) -> None:
    for block in blocks:
        if isinstance(block, m.Paragraph):
            _paragraph(frame, block.inlines, lang, level)
        elif isinstance(block, (m.BulletList, m.OrderedList)):
            for item in block.items:
                _text(frame, item.blocks, lang, level if level else 0)
        elif isinstance(block, m.Div) and block.kind != "notes":
            _text(frame, block.blocks, lang, level)


def _paragraph(frame: TextFrame, inlines: m.Inlines, lang: str, level: int) -> None:
    first = len(frame.paragraphs) == 1 and not frame.paragraphs[0].runs
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    paragraph.level = min(level, 2)
    _add_runs(paragraph, inlines, lang)


def _notes(blocks: tuple[m.Block, ...]) -> tuple[m.Block, ...]:
    return tuple(b for block in blocks if isinstance(block, m.Div) and block.kind == "notes" for b in block.blocks)


class SlidesWriter:
    """Writes ``slides.pptx`` from the slides view."""

    name = "slides"
    audience = "slides"
    filename = "slides.pptx"
    template = "slides.pptx"

    def write(self, module: m.Module, context: RenderContext, target: Path) -> None:
        prs = Presentation(str(context.template))
        lang = context.language.tag
        slide = prs.slides.add_slide(_layout(prs, "Title Slide"))
        _paragraph(slide.shapes.title.text_frame, (m.Text(module.metadata.title),), lang, 0)
        if len(slide.placeholders) > 1 and module.metadata.description:
            _paragraph(slide.placeholders[1].text_frame, (m.Text(module.metadata.description),), lang, 0)
        for section in module.sections:
            if section.title:
                header = prs.slides.add_slide(_layout(prs, "Section Header"))
                _paragraph(header.shapes.title.text_frame, section.title, lang, 0)
            for item in section.slides:
                slide = prs.slides.add_slide(_layout(prs, "Title and Content"))
                _paragraph(slide.shapes.title.text_frame, item.title, lang, 0)
                body = [p for p in slide.placeholders if p.placeholder_format.idx == 1]
                if body:
                    _text(body[0].text_frame, item.blocks, lang)
                notes = _notes(item.blocks)
                if notes:
                    _text(slide.notes_slide.notes_text_frame, notes, lang)
        props = prs.core_properties
        props.title = module.metadata.title
        props.language = lang
        props.created = props.modified = context.timestamp.replace(tzinfo=None)
        props.last_printed = context.timestamp.replace(tzinfo=None)
        props.revision = 1
        save_package(prs, target, context.timestamp)
