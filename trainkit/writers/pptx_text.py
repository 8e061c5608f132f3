"""Text on slides, drawn: planned paragraphs (trainkit.writers.slidetext) as runs with language.

Every paragraph is written with explicit sizes, indents, spacing and bullets, the ones the fitter
measured with, so PowerPoint and LibreOffice show the same thing whatever the template's styles say.
"""

from __future__ import annotations

from lxml import etree
from pptx.oxml.ns import qn
from pptx.util import Pt

from trainkit import model as m
from trainkit.links import is_web_address
from trainkit.writers import fit
from trainkit.writers.slidetext import BULLETS, HANG, NUMBER_HANG, TextPara, measurable

MONO_FONT = "Courier New"
"""Metric-compatible with Liberation Mono, which the fitter measures with."""

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
        write_runs(p, para.inlines, lang, size, bold=para.bold, italic=para.italic, mono=para.mono,
                   prefix=para.prefix)
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
    if url and is_web_address(url):  # never a javascript:, file: or relative target (trainkit.links)
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

