"""Shapes on slides: placeholder geometry, pictures, tables, footers, titles (python-pptx only here)."""

from __future__ import annotations

import copy
import io

from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import PP_ALIGN
from pptx.oxml import parse_xml
from pptx.oxml.ns import qn
from pptx.util import Emu

from trainkit import model as m
from trainkit.writers import fit
from trainkit.writers.images import Embeddable
from trainkit.writers.layouts import EMU_PER_PT, Box, fitted
from trainkit.writers.pptx_text import set_no_autofit, write_runs
from trainkit.writers.svgblip import add_svg_picture

SLIDENUM_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
"""A fixed GUID for slide number fields, so the bytes do not change between builds."""


def _chain(placeholder):
    """The placeholder and the ones it inherits from (layout, master)."""
    current = placeholder
    while current is not None:
        yield current
        try:
            current = current._base_placeholder
        except (AttributeError, KeyError, IndexError):
            current = None


def box_of(placeholder) -> Box:
    return Box(int(placeholder.left or 0), int(placeholder.top or 0), int(placeholder.width or 0),
               int(placeholder.height or 0))


def insets(placeholder) -> tuple[int, int, int, int]:
    """Left, top, right, bottom text insets in EMU, as inherited (defaults 0.1 in and 0.05 in)."""
    values: dict[str, int] = {}
    for ph in _chain(placeholder):
        body_pr = ph._element.find(f".//{qn('a:bodyPr')}")
        if body_pr is None:
            continue
        for key in ("lIns", "tIns", "rIns", "bIns"):
            if key not in values and body_pr.get(key) is not None:
                values[key] = int(body_pr.get(key))
    return (values.get("lIns", 91440), values.get("tIns", 45720), values.get("rIns", 91440),
            values.get("bIns", 45720))


def text_box(placeholder) -> Box:
    """The area text may use inside a placeholder."""
    return box_of(placeholder).inset(*insets(placeholder))


def default_size(placeholder, prs, title: bool) -> float:
    """The first-level font size the template gives a placeholder, in points."""
    for ph in _chain(placeholder):
        defrpr = ph._element.find(f".//{qn('a:lstStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
        if defrpr is not None and defrpr.get("sz"):
            return int(defrpr.get("sz")) / 100
    master = prs.slide_master._element
    style = "p:titleStyle" if title else "p:bodyStyle"
    defrpr = master.find(f"{qn('p:txStyles')}/{qn(style)}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    if defrpr is not None and defrpr.get("sz"):
        return int(defrpr.get("sz")) / 100
    return 40.0 if title else 24.0


def master_body_box(prs) -> Box:
    """The master's body area, for layouts without a content placeholder."""
    for ph in prs.slide_master.placeholders:
        if ph.placeholder_format.type == PP_PLACEHOLDER.BODY:
            return text_box(ph)
    w, h = int(prs.slide_width), int(prs.slide_height)
    return Box(w // 20, h // 4, w - w // 10, h * 2 // 3)


# --- titles -----------------------------------------------------------------


def ensure_title(slide, prs):
    """The slide's title placeholder, added (inheriting the master's title) when the layout has none;
    moved first in the shape tree, so screen readers start with it."""
    title = slide.shapes.title
    if title is None:
        sp = parse_xml(  # python-pptx's parser: its element classes make the shape a placeholder it knows
            '<p:sp xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
            '<p:nvSpPr><p:cNvPr id="0" name="Title"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            '<p:nvPr><p:ph type="title"/></p:nvPr></p:nvSpPr><p:spPr/>'
            "<p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>")
        tree = slide.shapes._spTree
        sp.find(f".//{qn('p:cNvPr')}").set("id", str(_next_id(slide)))
        tree.append(sp)
        title = slide.shapes.title
    tree = slide.shapes._spTree
    tree.remove(title._element)
    tree.find(qn("p:grpSpPr")).addnext(title._element)
    return slide.shapes.title


def _next_id(slide) -> int:
    ids = [int(e.get("id")) for e in slide.shapes._spTree.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def title_geometry(placeholder, prs) -> tuple[Box, float]:
    """Where a title's text goes and the template's title size."""
    if placeholder is not None:
        return text_box(placeholder), default_size(placeholder, prs, title=True)
    for ph in prs.slide_master.placeholders:
        if ph.placeholder_format.type == PP_PLACEHOLDER.TITLE:
            return text_box(ph), default_size(ph, prs, title=True)
    return Box(457200, 274638, int(prs.slide_width) - 914400, 1143000), 36.0


def write_title(title_shape, inlines: m.Inlines, size: float, lang: str) -> None:
    """Fill a title placeholder at ``size`` (the deck plan measured it to fit)."""
    from trainkit.writers.pptx_text import write_plain

    frame = title_shape.text_frame
    write_plain(frame, [inlines], size, lang)
    set_no_autofit(frame, anchor_top=False)


# --- pictures -----------------------------------------------------------------


def add_picture(slide, picture: Embeddable, box: Box, alt: str, placeholder=None):
    """A picture fitted into ``box`` with its aspect ratio kept and ``alt`` as its description; an
    SVG stays vector (with a PNG fallback for readers without SVG). When it takes a content
    placeholder's place, it is linked to it, as PowerPoint does."""
    where = fitted(round(picture.width), round(picture.height), box)
    if picture.vector:
        shape = add_svg_picture(slide, picture.data, picture.fallback(where.w), where.x, where.y, where.w, where.h,
                                alt)
    else:
        shape = slide.shapes.add_picture(io.BytesIO(picture.data), Emu(where.x), Emu(where.y), Emu(where.w),
                                         Emu(where.h))
    c_nv_pr = shape._element.find(f".//{qn('p:cNvPr')}")
    c_nv_pr.set("descr", alt)
    if placeholder is not None:
        take_place(slide, placeholder, shape._element, shape._element.find(f".//{qn('p:nvPr')}"))
    return shape


def take_place(slide, placeholder, element, nv_pr) -> None:
    """Put ``element`` where ``placeholder`` was in the shape tree (reading order), linked to its
    layout placeholder when that is a content one, and remove the placeholder."""
    ph = placeholder._element.find(f".//{qn('p:ph')}")
    if ph is not None and ph.get("type") in (None, "obj", "pic", "tbl") and nv_pr is not None:
        nv_pr.insert(0, copy.deepcopy(ph))
    placeholder._element.addprevious(element)
    placeholder._element.getparent().remove(placeholder._element)


# --- tables -------------------------------------------------------------------

_ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT, None: PP_ALIGN.LEFT}


def add_table(slide, table: m.Table, rows: list[int], layout: fit.TableFit, box: Box, lang: str,
              placeholder=None):
    """A native table with the header row and body ``rows`` at the fitted size and widths."""
    count = len(table.header)
    heights = [layout.header_height] + [layout.heights[i] for i in rows]
    total_h = int(sum(heights) * EMU_PER_PT)
    shape = slide.shapes.add_table(len(rows) + 1, count, Emu(box.x), Emu(box.y), Emu(box.w), Emu(total_h))
    grid = shape.table
    widths = [int(w * EMU_PER_PT) for w in layout.widths]
    widths[-1] += box.w - sum(widths)  # rounding: the columns fill the box exactly
    for c, width in enumerate(widths):
        grid.columns[c].width = Emu(width)
    for r, height in enumerate(heights):
        grid.rows[r].height = Emu(int(height * EMU_PER_PT))
    cells = [table.header] + [table.rows[i] for i in rows]
    for r, row in enumerate(cells):
        for c in range(count):
            cell = grid.cell(r, c)
            inlines = row[c].inlines if c < len(row) else ()
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = _ALIGN.get(table.align[c] if c < len(table.align) else None, PP_ALIGN.LEFT)
            write_runs(paragraph, inlines, lang, layout.size, bold=r == 0)
            end = etree.SubElement(paragraph._p, qn("a:endParaRPr"))
            end.set("lang", lang)
            end.set("sz", str(int(layout.size * 100)))
    if placeholder is not None:
        take_place(slide, placeholder, shape._element, shape._element.find(f".//{qn('p:nvPr')}"))
    return shape


# --- footers --------------------------------------------------------------------


def add_footer(slide, footer, number_ph, number: int, text: str, lang: str, prs) -> None:
    """The layout's ``footer`` and slide number placeholder ``number_ph`` (its roles ``footer`` and
    ``slide_number``), cloned and filled; text boxes where the layout has none (None)."""
    width, height = int(prs.slide_width), int(prs.slide_height)
    if text:
        if footer is not None:
            slide.shapes.clone_placeholder(footer)
            frame = slide.placeholders[footer.placeholder_format.idx].text_frame
        else:
            frame = slide.shapes.add_textbox(Emu(width // 4), Emu(height - 457200), Emu(width // 2),
                                             Emu(320040)).text_frame
            frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        _footer_text(frame, text, lang)
    if number_ph is not None:
        slide.shapes.clone_placeholder(number_ph)
        frame = slide.placeholders[number_ph.placeholder_format.idx].text_frame
    else:
        frame = slide.shapes.add_textbox(Emu(width - 1371600), Emu(height - 457200), Emu(914400),
                                         Emu(320040)).text_frame
        frame.paragraphs[0].alignment = PP_ALIGN.RIGHT
    paragraph = frame.paragraphs[0]._p
    for child in list(paragraph):
        if child.tag != qn("a:pPr"):
            paragraph.remove(child)
    field = etree.SubElement(paragraph, qn("a:fld"))
    field.set("id", SLIDENUM_FIELD_ID)
    field.set("type", "slidenum")
    rpr = etree.SubElement(field, qn("a:rPr"))
    rpr.set("lang", lang)
    etree.SubElement(rpr, qn("a:latin")).set("typeface", "+mn-lt")
    etree.SubElement(field, qn("a:t")).text = str(number)


def _footer_text(frame, text: str, lang: str) -> None:
    paragraph = frame.paragraphs[0]
    for run in list(paragraph.runs):
        paragraph._p.remove(run._r)
    run = paragraph.add_run()
    run.text = text
    # the theme's body font: some templates leave footers to the viewer's default (a serif)
    run.font.name = "+mn-lt"
    run._r.get_or_add_rPr().set("lang", lang)


def prune_empty(slide) -> None:
    """Remove placeholders left empty (no prompt text like "Click to add text" in the deck)."""
    for ph in list(slide.placeholders):
        kind = ph.placeholder_format.type
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.FOOTER,
                    PP_PLACEHOLDER.SLIDE_NUMBER):
            continue
        if ph.has_text_frame and not ph.text_frame.text.strip():
            ph._element.getparent().remove(ph._element)


def add_caption(slide, text: m.Inlines, box: Box, size: float, lang: str):
    """A picture's caption under it (no layout has a placeholder for it)."""
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    frame = shape.text_frame
    frame.word_wrap = True
    set_no_autofit(frame)
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.CENTER
    write_runs(paragraph, text, lang, size, italic=True)
    return shape


def add_band_text(slide, text: str, box: Box, size: float, lang: str):
    """One line of text (the funder's acknowledgement), vertically centred in ``box``, in the
    theme's text colour."""
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.name = "Acknowledgement"
    frame = shape.text_frame
    frame.word_wrap = True
    set_no_autofit(frame, anchor_top=False)
    frame._txBody.find(qn("a:bodyPr")).set("anchor", "ctr")
    write_runs(frame.paragraphs[0], (m.Text(text),), lang, size)
    for run in frame.paragraphs[0].runs:
        run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2
    return shape


# --- click-by-click reveal ------------------------------------------------------------------

_P = "http://schemas.openxmlformats.org/presentationml/2006/main"


def add_build_steps(slide, steps: list[tuple[int, int, int]]) -> None:
    """PowerPoint build animations: each (shape id, paragraph index, step) paragraph appears on
    click number ``step``; paragraphs of one step appear together. Nothing is hidden in print,
    PDF or LibreOffice exports, which show a slide as it ends."""
    clicks: dict[int, list[tuple[int, int]]] = {}
    for spid, index, step in sorted(steps, key=lambda s: (s[2], s[0], s[1])):
        clicks.setdefault(step, []).append((spid, index))
    if not clicks:
        return
    ids = iter(range(1, 10_000))

    def el(tag: str, parent=None, **attrs):
        element = etree.SubElement(parent, f"{{{_P}}}{tag}") if parent is not None else etree.Element(f"{{{_P}}}{tag}")
        for key, value in attrs.items():
            element.set(key, str(value))
        return element

    def condition(parent, delay: str) -> None:
        el("cond", el("stCondLst", parent), delay=delay)

    timing = el("timing")
    root = el("cTn", el("par", el("tnLst", timing)), id=next(ids), dur="indefinite", restart="never", nodeType="tmRoot")
    seq = el("seq", el("childTnLst", root), concurrent="1", nextAc="seek")
    main = el("cTn", seq, id=next(ids), dur="indefinite", nodeType="mainSeq")
    main_list = el("childTnLst", main)
    for step in sorted(clicks):
        click = el("cTn", el("par", main_list), id=next(ids), fill="hold")
        condition(click, "indefinite")
        group = el("cTn", el("par", el("childTnLst", click)), id=next(ids), fill="hold")
        condition(group, "0")
        effects = el("childTnLst", group)
        for n, (spid, index) in enumerate(clicks[step]):
            effect = el("cTn", el("par", effects), id=next(ids), presetID="1", presetClass="entr", presetSubtype="0",
                        fill="hold", grpId="0", nodeType="clickEffect" if n == 0 else "withEffect")
            condition(effect, "0")
            behaviour = el("cBhvr", el("set", el("childTnLst", effect)))
            timed = el("cTn", behaviour, id=next(ids), dur="1", fill="hold")
            condition(timed, "0")
            target = el("spTgt", el("tgtEl", behaviour), spid=spid)
            el("pRg", el("txEl", target), st=index, end=index)
            el("attrName", el("attrNameLst", behaviour)).text = "style.visibility"
            el("strVal", el("to", behaviour.getparent()), val="visible")
    for tag, evt in (("prevCondLst", "onPrev"), ("nextCondLst", "onNext")):
        cond = el("cond", el(tag, seq), evt=evt, delay="0")
        el("sldTgt", el("tgtEl", cond))
    builds = el("bldLst", timing)
    for spid in sorted({spid for spid, _, _ in steps}):
        el("bldP", builds, spid=spid, grpId="0", build="p")
    ext = slide._element.find(f"{{{_P}}}extLst")
    if ext is not None:
        ext.addprevious(timing)
    else:
        slide._element.append(timing)
