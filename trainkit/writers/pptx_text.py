"""Text on slides: model blocks as paragraphs (bullets, numbers, code, quotes) and runs with language.

Every paragraph is written with explicit sizes, indents, spacing and bullets, the ones the fitter
measured with, so PowerPoint and LibreOffice show the same thing whatever the template's styles say.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from trainkit import model as m
from trainkit.writers import fit

MONO_FONT = "Courier New"
"""Metric-compatible with Liberation Mono, which the fitter measures with."""
BULLETS = ("•", "–", "▪")
LEVEL_SCALE = (1.0, 0.85, 0.75)
"""Size of list levels 1-3 relative to the body size (the template's 24/20/18 pt)."""
CODE_SCALE = 0.8
MAX_LEVEL = 2

# Indents in points: the text of level n starts at MARGIN + n * STEP, the bullet hangs HANG left of it
MARGIN, STEP, HANG, NUMBER_HANG = 27.0, 31.5, 22.5, 31.5
SPACE_BEFORE = {"top": 0.45, "sub": 0.25, "code": 0.0, "follow": 0.2}
"""Space above a paragraph as a share of its size: a top-level item, a sub-item, a code line, the rest."""


@dataclass(frozen=True)
class TextPara:
    """One paragraph to write: inline content and what kind of paragraph it is."""

    inlines: m.Inlines
    kind: str = "plain"
    """plain, bullet, number, follow (a list item's later paragraph), code, heading, quote, attribution, label."""
    level: int = 0
    number: int = 1
    """For ``number``: the item's own number, so a list split over slides counts on."""
    keep_with_previous: bool = False

    @property
    def indent(self) -> float:
        if self.kind in ("bullet", "number"):
            return MARGIN + (NUMBER_HANG - HANG if self.kind == "number" else 0) + self.level * STEP
        if self.kind in ("quote", "attribution"):
            return MARGIN
        if self.kind == "follow":
            return MARGIN + self.level * STEP
        return 0.0

    @property
    def scale(self) -> float:
        if self.kind == "code":
            return CODE_SCALE
        if self.kind == "attribution":
            return 0.85
        return LEVEL_SCALE[min(self.level, MAX_LEVEL)]


def spans(inlines: m.Inlines, bold: bool = False, italic: bool = False, mono: bool = False) -> tuple[fit.Span, ...]:
    """Inline content as measurable spans."""
    out: list[fit.Span] = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(fit.Span(node.text, bold, italic, mono))
        elif isinstance(node, m.Code):
            out.append(fit.Span(node.text, bold, italic, True))
        elif isinstance(node, m.LineBreak):
            out.append(fit.Span("\n", bold, italic, mono))
        elif isinstance(node, m.Strong):
            out.extend(spans(node.children, True, italic, mono))
        elif isinstance(node, m.Emphasis):
            out.extend(spans(node.children, bold, True, mono))
        elif isinstance(node, m.Link):
            out.extend(spans(node.children, bold, italic, mono))
    return tuple(out)


def measurable(para: TextPara) -> fit.Para:
    """What the fitter needs to know of a paragraph."""
    kind = para.kind
    bold = kind in ("heading", "label")
    italic = kind in ("quote", "attribution")
    mono = kind == "code"
    marker = ()
    if kind == "attribution":
        marker = (fit.Span("— "),)
    if kind == "code":
        space = SPACE_BEFORE["code"]
    elif kind in ("bullet", "number"):
        space = SPACE_BEFORE["top"] if para.level == 0 else SPACE_BEFORE["sub"]
    else:
        space = SPACE_BEFORE["follow"] if para.keep_with_previous else SPACE_BEFORE["top"]
    return fit.Para(marker + spans(para.inlines, bold, italic, mono), para.scale, para.indent, space,
                    para.keep_with_previous)


# --- model blocks -> paragraphs ---------------------------------------------


def block_paras(blocks: tuple[m.Block, ...], level: int = 0) -> list[TextPara]:
    """The text paragraphs of ``blocks``; images, tables, notes and exercises are placed elsewhere."""
    paras: list[TextPara] = []
    for block in blocks:
        if isinstance(block, m.Paragraph):
            paras.append(TextPara(block.inlines, "plain", level, keep_with_previous=bool(level)))
        elif isinstance(block, m.Heading):
            paras.append(TextPara(block.inlines, "heading", level))
        elif isinstance(block, (m.BulletList, m.OrderedList)):
            paras.extend(_list_paras(block, level))
        elif isinstance(block, m.CodeBlock):
            paras.extend(TextPara((m.Text(line),) if line else (), "code") for line in block.text.split("\n"))
        elif isinstance(block, m.Quote):
            for inner in block_paras(block.blocks):
                paras.append(TextPara(inner.inlines, "quote", 0))
            if block.attribution:
                paras.append(TextPara(block.attribution, "attribution", 0, keep_with_previous=True))
        elif isinstance(block, m.Div) and block.kind not in ("notes", "exercise"):
            paras.extend(block_paras(block.blocks, level))
    # what follows a heading stays with it
    for i in range(1, len(paras)):
        if paras[i - 1].kind == "heading" and not paras[i].keep_with_previous:
            paras[i] = TextPara(paras[i].inlines, paras[i].kind, paras[i].level, paras[i].number, True)
    return paras


def _list_paras(block: m.BulletList | m.OrderedList, level: int) -> list[TextPara]:
    numbered = isinstance(block, m.OrderedList)
    paras: list[TextPara] = []
    for n, item in enumerate(block.items):
        first = True
        for inner in item.blocks:
            if isinstance(inner, m.Paragraph) and first:
                kind = "number" if numbered else "bullet"
                number = (block.start + n) if numbered else 1
                paras.append(TextPara(inner.inlines, kind, min(level, MAX_LEVEL), number,
                                      keep_with_previous=level > 0))
                first = False
            elif isinstance(inner, (m.BulletList, m.OrderedList)):
                paras.extend(_list_paras(inner, level + 1))
            else:
                for para in block_paras((inner,), min(level, MAX_LEVEL)):
                    paras.append(TextPara(para.inlines, "follow" if para.kind == "plain" else para.kind,
                                          min(level, MAX_LEVEL), para.number, keep_with_previous=True))
                first = False
    return paras


# --- writing ----------------------------------------------------------------


def _emu(points: float) -> str:
    return str(int(round(points * 12700)))


def clear(frame) -> None:
    """Empty a text frame, keeping one empty paragraph for python-pptx's sake."""
    for p in frame._txBody.findall(qn("a:p"))[1:]:
        frame._txBody.remove(p)
    first = frame.paragraphs[0]
    for child in list(first._p):
        first._p.remove(child)


def set_no_autofit(frame, anchor_top: bool = True) -> None:
    """Sizes are measured, so the frame must not resize text (see trainkit.writers.fit)."""
    body_pr = frame._txBody.find(qn("a:bodyPr"))
    for tag in ("a:normAutofit", "a:spAutoFit", "a:noAutofit"):
        for old in body_pr.findall(qn(tag)):
            body_pr.remove(old)
    etree.SubElement(body_pr, qn("a:noAutofit"))
    body_pr.set("wrap", "square")
    if anchor_top:
        body_pr.set("anchor", "t")


def write_paras(frame, paras: list[TextPara], base: float, lang: str) -> None:
    """Write ``paras`` into ``frame`` (emptied first) at body size ``base``."""
    clear(frame)
    set_no_autofit(frame)
    start_of: dict[int, int] = {}
    previous_kind: dict[int, str] = {}
    for i, para in enumerate(paras):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        size = fit.para_size(base, measurable(para))
        # numbering restarts where another kind of paragraph interrupts the list at its level
        if para.kind == "number":
            if previous_kind.get(para.level) != "number":
                start_of[para.level] = para.number
        for lvl in list(previous_kind):
            if lvl > para.level:
                del previous_kind[lvl]
        previous_kind[para.level] = para.kind
        _paragraph_properties(p, para, size, i == 0, start_of.get(para.level, 1))
        write_runs(p, para.inlines, lang, size, bold=para.kind in ("heading", "label"),
                   italic=para.kind in ("quote", "attribution"), mono=para.kind == "code",
                   prefix="— " if para.kind == "attribution" else "")
        end = etree.SubElement(p._p, qn("a:endParaRPr"))
        end.set("lang", lang)
        end.set("sz", str(int(size * 100)))
        end.set("dirty", "0")


def _paragraph_properties(p, para: TextPara, size: float, first: bool, start: int) -> None:
    ppr = p._p.get_or_add_pPr()
    for child in list(ppr):
        ppr.remove(child)
    measured = measurable(para)
    if para.kind in ("bullet", "number"):
        ppr.set("lvl", str(para.level))
        ppr.set("marL", _emu(measured.indent))
        ppr.set("indent", _emu(-(NUMBER_HANG if para.kind == "number" else HANG)))
    else:
        ppr.set("lvl", "0")
        ppr.set("marL", _emu(measured.indent))
        ppr.set("indent", "0")
    ppr.set("algn", "r" if para.kind == "attribution" else "l")
    line = etree.SubElement(ppr, qn("a:lnSpc"))
    etree.SubElement(line, qn("a:spcPct")).set("val", "100000")
    before = etree.SubElement(ppr, qn("a:spcBef"))
    etree.SubElement(before, qn("a:spcPts")).set("val", str(int(round(0 if first else measured.space_before * size * 100))))
    if para.kind == "bullet":
        etree.SubElement(ppr, qn("a:buFont")).set("typeface", "Arial")
        etree.SubElement(ppr, qn("a:buChar")).set("char", BULLETS[para.level])
    elif para.kind == "number":
        auto = etree.SubElement(ppr, qn("a:buAutoNum"))
        auto.set("type", "arabicPeriod")
        if start != 1:
            auto.set("startAt", str(start))
    else:
        etree.SubElement(ppr, qn("a:buNone"))


def write_runs(paragraph, inlines: m.Inlines, lang: str, size: float | None, bold: bool = False,
               italic: bool = False, mono: bool = False, prefix: str = "", url: str = "") -> None:
    """Append ``inlines`` to ``paragraph`` as runs carrying the language and the chosen size."""
    if prefix:
        _run(paragraph, prefix, lang, size, bold, italic, False, "")
    for node in inlines:
        if isinstance(node, m.Text):
            _run(paragraph, node.text, lang, size, bold, italic, mono, url)
        elif isinstance(node, m.Code):
            _run(paragraph, node.text, lang, size, bold, italic, True, url)
        elif isinstance(node, m.LineBreak):
            br = etree.SubElement(paragraph._p, qn("a:br"))
            rpr = etree.SubElement(br, qn("a:rPr"))
            rpr.set("lang", lang)
            if size:
                rpr.set("sz", str(int(size * 100)))
        elif isinstance(node, m.Strong):
            write_runs(paragraph, node.children, lang, size, True, italic, mono, url=url)
        elif isinstance(node, m.Emphasis):
            write_runs(paragraph, node.children, lang, size, bold, True, mono, url=url)
        elif isinstance(node, m.Link):
            write_runs(paragraph, node.children or (m.Text(node.url),), lang, size, bold, italic, mono, url=node.url)


def _run(paragraph, text: str, lang: str, size: float | None, bold: bool, italic: bool, mono: bool, url: str):
    run = paragraph.add_run()
    run.text = text
    font = run.font
    if size:
        font.size = Pt(size)
    if bold:
        font.bold = True
    if italic:
        font.italic = True
    if mono:
        font.name = MONO_FONT
    if url:
        run.hyperlink.address = url
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", lang)
    rpr.set("dirty", "0")
    return run


def write_plain(frame, lines: list[m.Inlines], size: float | None, lang: str, bold_first: bool = False) -> None:
    """Simple unbulleted lines (titles, subtitles, labels) at ``size``."""
    clear(frame)
    for i, inlines in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        write_runs(p, inlines, lang, size, bold=bold_first and i == 0)
        end = etree.SubElement(p._p, qn("a:endParaRPr"))
        end.set("lang", lang)
        if size:
            end.set("sz", str(int(size * 100)))


def set_language(element, lang: str) -> None:
    """Give every run, field, break and end-of-paragraph under ``element`` the language ``lang``."""
    for tag in ("a:rPr", "a:endParaRPr"):
        for rpr in element.iter(qn(tag)):
            rpr.set("lang", lang)
    for holder in ("a:r", "a:fld"):
        for run in element.iter(qn(holder)):
            if run.find(qn("a:rPr")) is None:
                rpr = etree.Element(qn("a:rPr"))
                rpr.set("lang", lang)
                run.insert(0, rpr)

