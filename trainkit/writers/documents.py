"""Word writers: the participant handout and the facilitator guide."""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from trainkit import model as m
from trainkit.writers import RenderContext
from trainkit.writers.ooxml import save_package


def _runs(paragraph, inlines: m.Inlines, bold=False, italic=False) -> None:
    for node in inlines:
        if isinstance(node, (m.Text, m.Code)):
            run = paragraph.add_run(node.text)
            run.bold = bold or None
            run.italic = italic or None
            if isinstance(node, m.Code):
                run.font.name = "Courier New"
        elif isinstance(node, m.LineBreak):
            paragraph.add_run().add_break()
        elif isinstance(node, m.Strong):
            _runs(paragraph, node.children, True, italic)
        elif isinstance(node, m.Emphasis):
            _runs(paragraph, node.children, bold, True)
        elif isinstance(node, m.Link):
            _runs(paragraph, node.children, bold, italic)


def _style(document, name: str, fallback: str = "Normal") -> str:
    names = {s.name for s in document.styles}
    return name if name in names else fallback


def _blocks(document, blocks: tuple[m.Block, ...], level: int = 0) -> None:
    for block in blocks:
        if isinstance(block, m.Paragraph):
            _runs(document.add_paragraph(), block.inlines)
        elif isinstance(block, m.Heading):
            _runs(document.add_heading(level=min(block.level, 3)), block.inlines)
        elif isinstance(block, (m.BulletList, m.OrderedList)):
            base = "List Bullet" if isinstance(block, m.BulletList) else "List Number"
            style = _style(document, base + (f" {level + 1}" if level else ""), base)
            for item in block.items:
                for child in item.blocks:
                    if isinstance(child, m.Paragraph):
                        _runs(document.add_paragraph(style=style), child.inlines)
                    else:
                        _blocks(document, (child,), level + 1)
        elif isinstance(block, m.Div):
            _blocks(document, block.blocks, level)


class _DocumentWriter:
    audience = "handout"
    filename = ""
    template = ""

    def write(self, module: m.Module, context: RenderContext, target: Path) -> None:
        document = Document(str(context.template))
        document.add_heading(module.metadata.title, level=0)
        if module.metadata.description:
            document.add_paragraph(module.metadata.description)
        for section in module.sections:
            if section.title:
                _runs(document.add_heading(level=1), section.title)
            _blocks(document, section.blocks)
            for slide in section.slides:
                _runs(document.add_heading(level=2), slide.title)
                _blocks(document, slide.blocks)
        styles = document.styles.element
        rpr = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            lang = rpr.find(qn("w:lang"))
            if lang is None:
                lang = rpr.makeelement(qn("w:lang"), {})
                rpr.append(lang)
            lang.set(qn("w:val"), context.language.tag)
        props = document.core_properties
        props.title = module.metadata.title
        props.language = context.language.tag
        props.created = props.modified = context.timestamp.replace(tzinfo=None)
        props.last_printed = context.timestamp.replace(tzinfo=None)
        props.revision = 1
        save_package(document, target, context.timestamp)


class HandoutWriter(_DocumentWriter):
    """Writes ``handout.docx`` for participants."""

    name = "handout"
    audience = "handout"
    filename = "handout.docx"
    template = "handout.docx"


class GuideWriter(_DocumentWriter):
    """Writes ``facilitator-guide.docx``."""

    name = "guide"
    audience = "guide"
    filename = "facilitator-guide.docx"
    template = "facilitator-guide.docx"
