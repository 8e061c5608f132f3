"""Build trainkit's default reference templates (slides.pptx, handout.docx, facilitator-guide.docx)."""

# How to run:   python scripts/make_templates.py [--out DIR]
#
# The templates are derived from python-pptx's and python-docx's own built-in default
# templates by editing their XML, so the result only depends on the installed library
# versions and on this file.  Running the script twice gives byte-identical files: every
# date in the document properties is fixed and every zip entry gets the same timestamp.
#
# ---------------------------------------------------------------------------------------
# Contract with the writers (keep in sync with trainkit/writers/*.py)
# ---------------------------------------------------------------------------------------
# slides.pptx, 16:9 (12192000 x 6858000 EMU), zero slides, layouts in this order:
#   0 "Title Slide"          ctrTitle (title), idx 1 subTitle
#   1 "Title and Content"    title, idx 1 obj (body)
#   2 "Section Header"       title, idx 1 body
#   3 "Two Content"          title, idx 1 obj (left), idx 2 obj (right)
#   4 "Comparison"           title, idx 1 body (left heading), idx 2 obj (left),
#                            idx 3 body (right heading), idx 4 obj (right)
#   5 "Title Only"           title
#   6 "Blank"                (footers only)
#   7 "Content with Caption" title, idx 1 obj (content, right), idx 2 body (caption, left)
#   8 "Exercise"             title, idx 1 obj (body); orange accent band, marks an exercise
#   9 "Closing"              title, idx 1 body (no bullets)
#   Every layout also carries dt idx 10, ftr idx 11 and sldNum idx 12.  python-pptx does not
#   copy those three onto new slides; a writer that wants footers must clone them itself.
#   Layouts 0 and 1 stay first, because the slide writer falls back to them by index.
#
# handout.docx / facilitator-guide.docx, A4, empty body:
#   Paragraph styles: Normal, Title, Subtitle, Heading 1-3, List Bullet, List Bullet 2,
#   List Bullet 3, List Number, List Number 2, List Number 3, Quote, Caption, Code, Exercise,
#   header, footer.  Character styles: Verbatim Char (inline code), Hyperlink.
#   Table style: "Trainkit Table" (header row = w:tblStylePr type="firstRow").
#   Numbering (numbering.xml), fixed ids so the writer can rely on them:
#     abstractNum 90 = bullets  (ilvl 0 "•", 1 "–", 2 "▪"), used by w:num numId 1
#     abstractNum 91 = decimals (ilvl 0 "%1.", 1 "%2.", 2 "%3."), used by w:num numId 2
#     List Bullet   -> numId 1 ilvl 0    List Number   -> numId 2 ilvl 0
#     List Bullet 2 -> numId 1 ilvl 1    List Number 2 -> numId 2 ilvl 1
#     List Bullet 3 -> numId 1 ilvl 2    List Number 3 -> numId 2 ilvl 2
#   Restarting numbered lists: every paragraph styled "List Number*" shares numId 2, so Word
#   and LibreOffice count on across the whole document (a second list would start at 4).
#   For each new top-level numbered list the writer must add its own w:num that points at
#   abstractNum 91 and restarts the levels, e.g. with python-docx:
#       numbering = document.part.numbering_part.element
#       num = numbering.add_num(91)                # new w:num, next free numId
#       for ilvl in range(3):
#           num.add_lvlOverride(ilvl=ilvl).add_startOverride(1)
#   and then give every paragraph of that list (nested levels included) direct numbering
#   <w:numPr><w:ilvl w:val="level"/><w:numId w:val="num.numId"/></w:numPr> while keeping
#   the matching "List Number N" style (which supplies indents and spacing).  Always write
#   ilvl too: a paragraph-level numPr without ilvl means level 0.  Nested levels restart
#   by themselves after each higher-level item (w:lvlRestart default).  Bullet lists never
#   need a restart and can rely on the styles alone.

from __future__ import annotations

import argparse
import copy
import datetime as dt
import hashlib
import io
import sys
from pathlib import Path

import docx
import pptx
from docx.opc.constants import RELATIONSHIP_TYPE as DOCX_RT
from docx.oxml import parse_xml as docx_parse
from docx.oxml.ns import nsdecls as docx_nsdecls
from docx.oxml.ns import qn as wqn
from lxml import etree
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import CONTENT_TYPE as PPTX_CT
from pptx.opc.constants import RELATIONSHIP_TYPE as PPTX_RT
from pptx.oxml import parse_xml as pptx_parse
from pptx.oxml.ns import nsdecls as pptx_nsdecls
from pptx.oxml.ns import qn as pqn
from pptx.parts.slide import SlideLayoutPart
from pptx.util import Emu

from trainkit.writers.ooxml import normalise_zip

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = ROOT / "trainkit" / "resources" / "templates" / "default"

# One fixed moment for every date the packages carry, so the bytes never depend on "now".
FIXED_DATE = dt.datetime(2026, 1, 1, 0, 0, 0)

# Arial exists in PowerPoint/Word on every platform and LibreOffice maps it to the
# metric-compatible Liberation Sans; both cover the Baltic, Nordic and Polish letters
# trainkit's partner languages need (ą č ė į š ų ū ž ā ē ģ ī ķ ļ ņ õ ä ö ü ł ń ś ź ż æ ø å).
FONT = "Arial"
MONO = "Courier New"

# Theme colours, shared by the deck and the documents so a course pack looks like one set.
COLOURS = {
    "dk1": "1E272E",  # body text: near-black blue-grey, softer than pure black
    "lt1": "FFFFFF",
    "dk2": "1F3A4D",  # dark blue-teal: titles, headings, section-header background
    "lt2": "E9EEF1",
    "accent1": "1B7F79",  # teal: rules, bullets, table header row
    "accent2": "E07A2E",  # warm orange: exercises and small highlights
    "accent3": "3A6EA5",
    "accent4": "8AA63C",
    "accent5": "6C5B7B",
    "accent6": "C9A227",
    "hlink": "1F6FA8",
    "folHlink": "6C5B7B",
}
THEME_NAME = "trainkit"

# ---------------------------------------------------------------------------------------
# Shared helpers
# ---------------------------------------------------------------------------------------


def save(document, path: Path) -> str:
    """Save a python-pptx/python-docx document deterministically; return its sha256."""
    buffer = io.BytesIO()
    document.save(buffer)
    data = normalise_zip(buffer.getvalue(), FIXED_DATE.replace(tzinfo=dt.timezone.utc))  # as outputs are packed
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def fix_core_properties(props, title: str, description: str) -> None:
    """Give the package fixed, meaningful core properties instead of the library's defaults."""
    props.title = title
    props.subject = ""
    props.author = "trainkit"
    props.last_modified_by = "trainkit"
    props.comments = description  # dc:description
    props.keywords = ""
    props.category = ""
    props.revision = 1
    props.created = FIXED_DATE
    props.modified = FIXED_DATE


def retheme(theme: etree._Element) -> None:
    """Set the colour scheme and the major/minor Latin fonts of a DrawingML theme."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    theme.set("name", THEME_NAME)
    scheme = theme.find(f"{{{a}}}themeElements/{{{a}}}clrScheme")
    scheme.set("name", THEME_NAME)
    for slot, value in COLOURS.items():
        holder = scheme.find(f"{{{a}}}{slot}")
        for child in list(holder):
            holder.remove(child)
        # srgbClr instead of the default sysClr for dk1/lt1: sysClr follows the viewer's
        # system colours, which would make the deck look different on every machine.
        etree.SubElement(holder, f"{{{a}}}srgbClr", val=value)
    fonts = theme.find(f"{{{a}}}themeElements/{{{a}}}fontScheme")
    fonts.set("name", THEME_NAME)
    for kind in ("majorFont", "minorFont"):
        # Only Latin changes; the per-script fallbacks (Jpan, Arab…) stay as Office ships them.
        fonts.find(f"{{{a}}}{kind}/{{{a}}}latin").set("typeface", FONT)


def retheme_blob(part) -> None:
    """Retheme a theme part that the library keeps as raw bytes (a generic Part)."""
    root = etree.fromstring(part.blob)
    retheme(root)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------------------
# slides.pptx
# ---------------------------------------------------------------------------------------

IN = 914400  # EMU per inch
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 in x 7.5 in, PowerPoint's "Widescreen"
OLD_W = 9144000  # python-pptx's default template is 4:3, 10 in wide
MARGIN = 609600  # 0.667 in: the 4:3 template's 0.5 in margin scaled to the new width

# Master geometry (EMU).  The 4:3 values scaled horizontally by 4/3; vertical values kept,
# so the layouts that position their own placeholders still line up with the master.
TITLE_BOX = (MARGIN, 274638, SLIDE_W - 2 * MARGIN, 1143000)
RULE_Y, RULE_H = 1463040, 27432  # thin accent rule between title and body (1.6 in, 0.03 in)
BODY_TOP = 1600200
BAND_W = 228600  # 0.25 in vertical accent band on title, closing and exercise slides

# Bullet characters per level on the master body style; same characters as the documents.
BULLETS = ["•", "–", "▪", "–", "»", "•", "•", "•", "•"]
BODY_SIZES = [2400, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600]  # hundredths of a point

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"


def _p(xml: str):
    """Parse a PresentationML/DrawingML snippet into python-pptx's element classes."""
    return pptx_parse(xml.replace("<NS>", pptx_nsdecls("a", "p", "r")))


def _sp_tree(layout_el):
    return layout_el.find(f"{{{P_NS}}}cSld/{{{P_NS}}}spTree")


def _placeholders(layout_el):
    return layout_el.xpath("./p:cSld/p:spTree/p:sp[p:nvSpPr/p:nvPr/p:ph]")


def _ph(layout_el, ph_type: str | None = None, idx: int | None = None):
    """Find the placeholder with the given type (title/ctrTitle/…) or idx."""
    for sp in _placeholders(layout_el):
        ph = sp.find(f"{{{P_NS}}}nvSpPr/{{{P_NS}}}nvPr/{{{P_NS}}}ph")
        if ph_type is not None and ph.get("type") == ph_type:
            return sp
        if idx is not None and ph.get("idx") == str(idx):
            return sp
    raise LookupError(f"placeholder type={ph_type} idx={idx} not found")


def _scale_x(root) -> None:
    """Stretch every positioned shape horizontally from 4:3 to 16:9."""
    for xfrm in root.iter(f"{{{A_NS}}}xfrm"):
        off, ext = xfrm.find(f"{{{A_NS}}}off"), xfrm.find(f"{{{A_NS}}}ext")
        if off is None or ext is None or ext.get("cx") == "0":
            continue  # the group-shape xfrm of the tree is all zeros; leave it
        off.set("x", str(round(int(off.get("x")) * SLIDE_W / OLD_W)))
        ext.set("cx", str(round(int(ext.get("cx")) * SLIDE_W / OLD_W)))


def _set_xfrm(sp, x: int, y: int, cx: int, cy: int) -> None:
    sppr = sp.find(f"{{{P_NS}}}spPr")
    old = sppr.find(f"{{{A_NS}}}xfrm")
    if old is not None:
        sppr.remove(old)
    sppr.insert(0, _p(f'<a:xfrm <NS>><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'))


def _set_body_pr(sp, **attrs) -> None:
    body_pr = sp.find(f"{{{P_NS}}}txBody/{{{A_NS}}}bodyPr")
    for key, value in attrs.items():
        body_pr.set(key, value)


def _set_lst_style(sp, levels_xml: str) -> None:
    """Replace a placeholder's list style (its per-level overrides of the master text styles)."""
    tx_body = sp.find(f"{{{P_NS}}}txBody")
    old = tx_body.find(f"{{{A_NS}}}lstStyle")
    new = _p(f"<a:lstStyle <NS>>{levels_xml}</a:lstStyle>")
    old.addprevious(new)
    tx_body.remove(old)


def _fill(colour: str) -> str:
    """A solidFill for a theme colour name, optionally with modifiers ("accent2:lumMod=…")."""
    name, _, mods = colour.partition(":")
    inner = "".join(f'<a:{k} val="{v}"/>' for k, v in (m.split("=") for m in mods.split(",") if m))
    return f'<a:solidFill><a:schemeClr val="{name}">{inner}</a:schemeClr></a:solidFill>'


def _add_rect(layout_el, name: str, box: tuple[int, int, int, int], colour: str, front: bool = False) -> None:
    """Add a decorative, text-free rectangle (accent bars); trainkit never writes text into it."""
    x, y, cx, cy = box
    sp = _p(
        f'<p:sp <NS>><p:nvSpPr><p:cNvPr id="0" name="{name}"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{_fill(colour)}<a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )
    tree = _sp_tree(layout_el)
    if front:
        tree.append(sp)
    else:
        # Right after the group properties, i.e. behind every placeholder.
        tree.find(f"{{{P_NS}}}grpSpPr").addnext(sp)


def _renumber_ids(root) -> None:
    """Give every shape in a part a unique id (copies and inserted shapes start at 0)."""
    for number, c_nv_pr in enumerate(root.xpath("./p:cSld/p:spTree//p:cNvPr"), start=1):
        c_nv_pr.set("id", str(number))


def _hide_master_shapes(layout_el) -> None:
    # The master's accent rule sits under a full-width title; layouts with a different
    # title position draw their own decoration instead.
    layout_el.set("showMasterSp", "0")


def _set_background(layout_el, colour: str) -> None:
    c_sld = layout_el.find(f"{{{P_NS}}}cSld")
    c_sld.insert(0, _p(f"<p:bg <NS>><p:bgPr>{_fill(colour)}<a:effectLst/></p:bgPr></p:bg>"))


def _text_level(n: int, size: int, colour: str, bold: bool = False, algn: str = "l", marl: int = 0) -> str:
    """A list-style level without bullets (titles, subtitles, captions, closing text)."""
    b = ' b="1"' if bold else ' b="0"'
    return (
        f'<a:lvl{n}pPr marL="{marl}" indent="0" algn="{algn}"><a:buNone/>'
        f'<a:defRPr sz="{size}"{b}>{_fill(colour)}</a:defRPr></a:lvl{n}pPr>'
    )


FOOTER_GREY = "tx1:lumMod=65000,lumOff=35000"


def _style_footers(el, colour: str = FOOTER_GREY) -> None:
    """Style the date, footer and slide-number placeholders of a master or layout.

    The style is repeated on every layout, not only on the master: LibreOffice takes a
    slide's footer formatting from the layout placeholder and otherwise falls back to its
    default serif font.  The theme font is named explicitly for the same reason.
    """
    for ph_type, algn in (("dt", "l"), ("ftr", "ctr"), ("sldNum", "r")):
        try:
            sp = _ph(el, ph_type)
        except LookupError:
            continue
        _set_lst_style(
            sp,
            f'<a:lvl1pPr algn="{algn}"><a:defRPr sz="1000">{_fill(colour)}'
            '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/></a:defRPr></a:lvl1pPr>',
        )


def _style_master(master_el) -> None:
    _scale_x(master_el)
    title = _ph(master_el, "title")
    _set_xfrm(title, *TITLE_BOX)
    # Titles sit on the accent rule, whatever their number of lines.
    _set_body_pr(title, anchor="b")
    body = _ph(master_el, "body")
    _set_xfrm(body, MARGIN, BODY_TOP, SLIDE_W - 2 * MARGIN, 4525963)
    # Footer row (date left, footer centre, slide number right): positions were scaled above.
    _style_footers(master_el)
    _add_rect(master_el, "Accent Rule", (MARGIN, RULE_Y, SLIDE_W - 2 * MARGIN, RULE_H), "accent1", front=True)

    common = 'defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'
    fonts_mj = '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'
    fonts_mn = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
    tx_styles = master_el.find(f"{{{P_NS}}}txStyles")
    title_style = _p(
        f'<p:titleStyle <NS>><a:lvl1pPr algn="l" {common}><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="3600" b="1" kern="1200">{_fill("tx2")}{fonts_mj}</a:defRPr></a:lvl1pPr></p:titleStyle>'
    )
    levels = []
    for i in range(9):
        # Hanging indents: the bullet sits at marL+indent, text at marL.
        marl = 342900 + i * 400050
        indent = -342900 if i == 0 else -285750
        before = 1000 if i == 0 else 500
        levels.append(
            f'<a:lvl{i + 1}pPr marL="{marl}" indent="{indent}" algn="l" {common}>'
            f'<a:spcBef><a:spcPts val="{before}"/></a:spcBef>'
            f'<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="{FONT}"/>'
            f'<a:buChar char="{BULLETS[i]}"/>'
            f'<a:defRPr sz="{BODY_SIZES[i]}" kern="1200">{_fill("tx1")}{fonts_mn}</a:defRPr></a:lvl{i + 1}pPr>'
        )
    body_style = _p(f'<p:bodyStyle <NS>>{"".join(levels)}</p:bodyStyle>')
    for tag, new in (("titleStyle", title_style), ("bodyStyle", body_style)):
        old = tx_styles.find(f"{{{P_NS}}}{tag}")
        old.addprevious(new)
        tx_styles.remove(old)
    _renumber_ids(master_el)


def _style_title_slide(el) -> None:
    _hide_master_shapes(el)
    _add_rect(el, "Accent Band", (0, 0, BAND_W, SLIDE_H), "accent1")
    left, width = IN, SLIDE_W - 2 * IN
    title = _ph(el, "ctrTitle")
    _set_xfrm(title, left, int(1.5 * IN), width, int(2.3 * IN))
    _set_body_pr(title, anchor="b")
    _set_lst_style(title, _text_level(1, 4400, "tx2", bold=True))
    # Short orange bar between title and subtitle, aligned with the text (inset 0.1 in).
    _add_rect(el, "Accent Bar", (left + 91440, int(3.93 * IN), int(1.4 * IN), 64008), "accent2")
    sub = _ph(el, "subTitle")
    _set_xfrm(sub, left, int(4.1 * IN), width, int(1.6 * IN))
    _set_body_pr(sub, anchor="t")
    _set_lst_style(sub, "".join(_text_level(n, 2400 if n == 1 else 2000, "accent1") for n in (1, 2, 3)))


def _style_section_header(el) -> None:
    # Dark blue-teal background so section breaks stand out when paging through a deck.
    _hide_master_shapes(el)
    _set_background(el, "tx2")
    left, width = IN, SLIDE_W - 2 * IN
    title = _ph(el, "title")
    _set_xfrm(title, left, int(1.9 * IN), width, int(2.0 * IN))
    _set_body_pr(title, anchor="b")
    # cap="all" dropped: upper-casing translated titles (ß, Lithuanian accents) reads badly.
    _set_lst_style(title, _text_level(1, 4000, "bg1", bold=True))
    _add_rect(el, "Accent Bar", (left + 91440, int(4.03 * IN), int(1.4 * IN), 64008), "accent2")
    body = _ph(el, "body", 1)
    _set_xfrm(body, left, int(4.2 * IN), width, int(1.6 * IN))
    _set_body_pr(body, anchor="t")
    _set_lst_style(body, "".join(_text_level(n, 2000, "bg2") for n in (1, 2, 3)))
    _style_footers(el, "bg2")  # light text on the dark background


def _style_two_content(el) -> None:
    # Master sizes (24/20/18 pt) fit half-width columns on 16:9; drop the 28/24/20 overrides.
    for idx in (1, 2):
        _set_lst_style(_ph(el, idx=idx), "")


def _style_comparison(el) -> None:
    for idx in (1, 3):
        _set_lst_style(
            _ph(el, idx=idx), "".join(_text_level(n, 2200 if n == 1 else 2000, "accent1", bold=True) for n in (1, 2, 3))
        )
    for idx in (2, 4):
        _set_lst_style(_ph(el, idx=idx), "")


def _style_content_with_caption(el) -> None:
    # The title sits in the left column only, so the full-width master rule would run
    # through the content; draw a column-wide rule instead.
    _hide_master_shapes(el)
    title = _ph(el, "title")
    x, width = MARGIN, 4011084
    _set_xfrm(title, x, 274638, width, 1143000)
    _set_lst_style(title, _text_level(1, 2400, "tx2", bold=True))
    _add_rect(el, "Accent Rule", (x, RULE_Y, width, RULE_H), "accent1")
    caption = _ph(el, idx=2)
    _set_xfrm(caption, x, BODY_TOP, width, 4525963)
    grey = "tx1:lumMod=75000,lumOff=25000"
    _set_lst_style(caption, "".join(_text_level(n, 1600, grey, marl=(n - 1) * 457200) for n in (1, 2, 3)))
    content = _ph(el, idx=1)
    cx = x + width + 304800
    _set_xfrm(content, cx, 274638, SLIDE_W - MARGIN - cx, 5851525)
    _set_lst_style(content, "")


def _style_exercise(el) -> None:
    # Same placeholders as "Title and Content", marked by an orange band, an orange rule
    # and a faint warm background so participants recognise exercise slides at a glance.
    _hide_master_shapes(el)
    _set_background(el, "accent2:lumMod=10000,lumOff=90000")
    _add_rect(el, "Accent Band", (0, 0, BAND_W, SLIDE_H), "accent2")
    _add_rect(el, "Accent Rule", (MARGIN, RULE_Y, SLIDE_W - 2 * MARGIN, RULE_H), "accent2")


def _style_closing(el) -> None:
    # Mirrors the title slide, so a deck opens and closes the same way.
    _hide_master_shapes(el)
    _add_rect(el, "Accent Band", (0, 0, BAND_W, SLIDE_H), "accent1")
    left, width = IN, SLIDE_W - 2 * IN
    title = _ph(el, "title")
    # Title high and body tall: key points are read from the back of the room, at full size.
    _set_xfrm(title, left, int(0.8 * IN), width, int(1.6 * IN))
    _set_body_pr(title, anchor="b")
    _set_lst_style(title, _text_level(1, 4000, "tx2", bold=True))
    _add_rect(el, "Accent Bar", (left + 91440, int(2.48 * IN), int(1.4 * IN), 64008), "accent2")
    body = _ph(el, idx=1)
    # A text (body) placeholder, not a content one: closing slides hold a few plain lines
    # (thanks, contact, funding acknowledgement), not bullets, tables or pictures.
    body.find(f"{{{P_NS}}}nvSpPr/{{{P_NS}}}nvPr/{{{P_NS}}}ph").set("type", "body")
    body.find(f"{{{P_NS}}}nvSpPr/{{{P_NS}}}cNvPr").set("name", "Text Placeholder 2")
    _set_xfrm(body, left, int(2.75 * IN), width, int(3.9 * IN))
    _set_body_pr(body, anchor="t")
    _set_lst_style(body, "".join(_text_level(n, 2400 if n == 1 else 2000, "tx2") for n in (1, 2, 3)))


def _new_layout(prs, base_name: str, name: str):
    """Add a layout part copied from an existing layout, linked to the master, at the end."""
    master = prs.slide_master
    base = next(layout for layout in prs.slide_layouts if layout.name == base_name)
    el = copy.deepcopy(base._element)
    el.attrib.pop("type", None)  # a custom layout ("cust"), not PowerPoint's "obj"
    el.find(f"{{{P_NS}}}cSld").set("name", name)
    ext = el.find(f"{{{P_NS}}}cSld/{{{P_NS}}}extLst")
    if ext is not None:
        # The copied p14:creationId would duplicate the base layout's; PowerPoint adds its own.
        ext.getparent().remove(ext)
    package = master.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    part = SlideLayoutPart.load(partname, PPTX_CT.PML_SLIDE_LAYOUT, package, etree.tostring(el))
    part.relate_to(master.part, PPTX_RT.SLIDE_MASTER)
    rid = master.part.relate_to(part, PPTX_RT.SLIDE_LAYOUT)
    id_lst = master._element.find(f"{{{P_NS}}}sldLayoutIdLst")
    # Layout ids share one number space with master ids and must be >= 2**31.
    next_id = max(int(i.get("id")) for i in id_lst) + 1
    id_lst.append(_p(f'<p:sldLayoutId <NS> id="{next_id}" r:id="{rid}"/>'))
    return part._element


def build_slides(path: Path) -> str:
    prs = pptx.Presentation()  # python-pptx's own default template (4:3 "Office Theme")

    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    # Without type="screen4x3" PowerPoint treats the size as custom/widescreen, as it writes it.
    prs.part._element.find(pqn("p:sldSz")).attrib.pop("type", None)

    master = prs.slide_master
    _style_master(master._element)

    # Layouts Pandoc's pptx writer does not know and trainkit does not use.
    for name in ("Picture with Caption", "Title and Vertical Text", "Vertical Title and Text"):
        prs.slide_layouts.remove(next(layout for layout in prs.slide_layouts if layout.name == name))

    exercise = _new_layout(prs, "Title and Content", "Exercise")
    closing = _new_layout(prs, "Title and Content", "Closing")

    for layout in prs.slide_layouts:
        el = layout._element
        _scale_x(el)
        _style_footers(el)
        style = {
            "Title Slide": _style_title_slide,
            "Section Header": _style_section_header,
            "Two Content": _style_two_content,
            "Comparison": _style_comparison,
            "Content with Caption": _style_content_with_caption,
            "Blank": _hide_master_shapes,
        }.get(layout.name)
        if style:
            style(el)
    _style_exercise(exercise)
    _style_closing(closing)
    for layout in prs.slide_layouts:
        _renumber_ids(layout._element)

    # Themes: the slide master's (kept as raw bytes by python-pptx) and, below, the notes
    # master's, so speaker notes use the same fonts and colours.
    retheme_blob(master.part.part_related_by(PPTX_RT.THEME))

    # Create the notes master now (python-pptx would otherwise create a Calibri one when
    # the writer adds the first speaker note) and give its slide image a 16:9 frame.
    notes_master = prs.notes_master
    retheme(notes_master.part.part_related_by(PPTX_RT.THEME)._element)
    # python-pptx only relates the part; the spec also lists it in p:notesMasterIdLst
    # (right after p:sldMasterIdLst), as PowerPoint writes it.
    notes_rid = next(r for r, rel in prs.part.rels.items() if rel.reltype == PPTX_RT.NOTES_MASTER)
    prs.part._element.find(pqn("p:sldMasterIdLst")).addnext(
        _p(f'<p:notesMasterIdLst <NS>><p:notesMasterId r:id="{notes_rid}"/></p:notesMasterIdLst>')
    )
    for ph in notes_master.placeholders:
        if ph.placeholder_format.type == PP_PLACEHOLDER.SLIDE_IMAGE:
            ph.left, ph.top, ph.width, ph.height = Emu(685800), Emu(1143000), Emu(5486400), Emu(3086100)

    # Drop parts that describe the old 4:3 file and would go stale: the Mac printer
    # settings and the 4:3 thumbnail image.
    pres_part = prs.part
    for rid in [r for r, rel in pres_part.rels.items() if rel.reltype == PPTX_RT.PRINTER_SETTINGS]:
        pres_part.drop_rel(rid)
    package = pres_part.package
    for rid in [r for r, rel in package._rels.items() if rel.reltype == PPTX_RT.THUMBNAIL]:
        package.drop_rel(rid)

    # Extended properties: say "Widescreen" and name the theme as the file now does.
    for rel in package._rels.values():
        if rel.reltype == PPTX_RT.EXTENDED_PROPERTIES:
            app = rel.target_part
            text = app.blob.decode("utf-8")
            text = text.replace("On-screen Show (4:3)", "Widescreen").replace("Office Theme", THEME_NAME)
            app._blob = text.encode("utf-8")

    assert len(prs.slides) == 0, "the template must not contain slides"
    # Counting the slides made python-pptx add an empty p:sldIdLst; the default template
    # has none, and the writer's first add_slide creates it again.
    empty = prs.part._element.find(pqn("p:sldIdLst"))
    if empty is not None and len(empty) == 0:
        empty.getparent().remove(empty)
    fix_core_properties(prs.core_properties, "trainkit default template", "trainkit default slide template")
    return save(prs, path)


# ---------------------------------------------------------------------------------------
# handout.docx and facilitator-guide.docx
# ---------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BULLET_ABSTRACT, DECIMAL_ABSTRACT = 90, 91  # fixed abstractNumId values, see the header
BULLET_NUM, DECIMAL_NUM = 1, 2  # the w:num ids the list styles point at
LIST_INDENT = 357  # twips (0.63 cm) per list level; the marker hangs in that space

RFONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
RFONTS_MONO = f'<w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}" w:eastAsia="{MONO}" w:cs="{MONO}"/>'
BODY_SIZE = 21  # half-points: 10.5 pt; Arial is wide, so 10.5 reads like 11 pt Calibri


def _w(xml: str):
    return docx_parse(xml.replace("<NS>", docx_nsdecls("w")))


def _colour(slot: str) -> str:
    """w:color with both the hex value and the theme slot, so Word and LibreOffice agree."""
    theme = {"dk2": "text2", "dk1": "text1", "accent1": "accent1", "accent2": "accent2"}[slot]
    return f'<w:color w:val="{COLOURS[slot]}" w:themeColor="{theme}"/>'


def _style_el(styles, style_id: str):
    found = styles.xpath(f'./w:style[@w:styleId="{style_id}"]')
    if not found:
        raise LookupError(style_id)
    return found[0]


def _set_props(style, ppr: str | None, rpr: str | None) -> None:
    """Replace a style's w:pPr and w:rPr, keeping its name, links and table properties."""
    for tag in ("pPr", "rPr"):
        old = style.find(f"{{{W_NS}}}{tag}")
        if old is not None:
            style.remove(old)
    # pPr/rPr come before tblPr/trPr/tcPr/tblStylePr in CT_Style.
    anchor = next((c for c in style if c.tag.split("}")[1] in ("tblPr", "trPr", "tcPr", "tblStylePr")), None)
    for xml in (ppr and f"<w:pPr <NS>>{ppr}</w:pPr>", rpr and f"<w:rPr <NS>>{rpr}</w:rPr>"):
        if xml:
            if anchor is None:
                style.append(_w(xml))
            else:
                anchor.addprevious(_w(xml))


def _set_paragraph_style(styles, style_id: str, ppr: str, rpr: str) -> None:
    """Set a paragraph style and mirror its run properties on its linked character style."""
    style = _style_el(styles, style_id)
    _set_props(style, ppr, rpr)
    link = style.find(f"{{{W_NS}}}link")
    if link is not None:
        # Word shows "Heading 1 Char" etc. when the style is applied to part of a
        # paragraph; it must look like the paragraph style.
        _set_props(_style_el(styles, link.get(f"{{{W_NS}}}val")), None, rpr)


def _replace_theme_fonts(styles) -> None:
    """Turn every theme-font reference into explicit Arial.

    Theme attributes (w:asciiTheme…) win over explicit names, and the default template
    points them at Calibri/Cambria; explicit names keep Word and LibreOffice on Arial even
    if someone later swaps the theme.
    """
    for rfonts in styles.iter(f"{{{W_NS}}}rFonts"):
        if any(k.endswith("Theme") or k.endswith("theme") for k in (a.split("}")[1] for a in rfonts.attrib)):
            font = rfonts.get(wqn("w:ascii")) or FONT
            rfonts.attrib.clear()
            for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                rfonts.set(wqn(f"w:{attr}"), font)


def _numbering_xml() -> str:
    def level(ilvl: int, fmt: str, text: str, style_id: str | None, rpr: str) -> str:
        left = LIST_INDENT * (ilvl + 1)
        pstyle = f'<w:pStyle w:val="{style_id}"/>' if style_id else ""
        return (
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{pstyle}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{left}"/></w:tabs>'
            f'<w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/></w:pPr>{rpr}</w:lvl>'
        )

    # Bullets in Arial (not the Symbol-font private-use characters of the default template)
    # so they render identically everywhere, in the teal accent colour like on the slides.
    bullet_rpr = (
        f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/>{_colour("accent1")}</w:rPr>'
    )
    bullets, decimals = [], []
    for ilvl in range(9):
        # Levels 0-2 are trainkit's three list levels and are linked to the list styles
        # (w:pStyle), so Tab/Shift+Tab in Word moves between "List Bullet" and "List Bullet 2".
        # Levels 3-8 only exist so that demoting further in Word still gives a list.
        suffix = "" if ilvl == 0 else str(ilvl + 1)
        linked = ilvl < 3
        bullets.append(level(ilvl, "bullet", BULLETS[ilvl % 3], linked and f"ListBullet{suffix}", bullet_rpr))
        decimals.append(level(ilvl, "decimal", f"%{ilvl + 1}.", linked and f"ListNumber{suffix}", ""))
    return (
        f'<w:abstractNum w:abstractNumId="{BULLET_ABSTRACT}"><w:nsid w:val="7E1B0090"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="7E1B1090"/>{"".join(bullets)}</w:abstractNum>'
        f'<w:abstractNum w:abstractNumId="{DECIMAL_ABSTRACT}"><w:nsid w:val="7E1B0091"/>'
        f'<w:multiLevelType w:val="multilevel"/><w:tmpl w:val="7E1B1091"/>{"".join(decimals)}</w:abstractNum>'
        f'<w:num w:numId="{BULLET_NUM}"><w:abstractNumId w:val="{BULLET_ABSTRACT}"/></w:num>'
        f'<w:num w:numId="{DECIMAL_NUM}"><w:abstractNumId w:val="{DECIMAL_ABSTRACT}"/></w:num>'
    )


def _style_document_styles(document) -> None:
    styles = document.styles.element
    _replace_theme_fonts(styles)

    # Document defaults: every run is Arial 10.5 pt en-GB unless a style says otherwise.
    # (The writer replaces w:lang with the output's language.)
    defaults = styles.find(f"{{{W_NS}}}docDefaults")
    defaults.getparent().replace(
        defaults,
        _w(
            f'<w:docDefaults <NS>><w:rPrDefault><w:rPr>{RFONTS}{_colour("dk1")}'
            f'<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/>'
            f"</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    # Normal itself also names the font: some consumers only look at styles.  Its colour
    # stays in docDefaults: a colour on Normal would beat the table style's white header text.
    _set_props(_style_el(styles, "Normal"), None, RFONTS)

    heading = '<w:keepNext/><w:keepLines/><w:spacing w:before="{b}" w:after="{a}"/><w:outlineLvl w:val="{o}"/>'
    _set_paragraph_style(
        styles, "Title",
        f'<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="{COLOURS["accent1"]}"'
        ' w:themeColor="accent1"/></w:pBdr>'
        '<w:spacing w:before="0" w:after="200" w:line="240" w:lineRule="auto"/><w:contextualSpacing/>',
        f'{RFONTS}<w:b/><w:bCs/>{_colour("dk2")}<w:kern w:val="28"/><w:sz w:val="52"/><w:szCs w:val="52"/>',
    )
    # The default Subtitle carries a dangling numPr (ilvl only); it is dropped here.
    _set_paragraph_style(
        styles, "Subtitle", '<w:spacing w:before="0" w:after="240"/>',
        f'{RFONTS}{_colour("accent1")}<w:sz w:val="28"/><w:szCs w:val="28"/>',
    )
    for level, (size, colour, before, after) in enumerate(
        [(32, "dk2", 360, 120), (26, "accent1", 240, 80), (23, "dk2", 200, 60)], start=1
    ):
        _set_paragraph_style(
            styles, f"Heading{level}", heading.format(b=before, a=after, o=level - 1),
            f'{RFONTS}<w:b/><w:bCs/>{_colour(colour)}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
        )

    # List styles: numbering plus the same indents as the numbering levels (Word applies
    # the style's own w:ind over the level's, so both must agree).
    for base, num in (("ListBullet", BULLET_NUM), ("ListNumber", DECIMAL_NUM)):
        for ilvl in range(3):
            style_id = base + ("" if ilvl == 0 else str(ilvl + 1))
            left = LIST_INDENT * (ilvl + 1)
            _set_props(
                _style_el(styles, style_id),
                f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
                f'<w:spacing w:after="60"/><w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/>',
                None,
            )

    _set_paragraph_style(
        styles, "Quote",
        '<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="A7B4BC"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="425" w:right="425"/>',
        f'{RFONTS}<w:i/><w:iCs/><w:color w:val="3E4E5A"/>',
    )
    _set_paragraph_style(
        styles, "Caption", '<w:spacing w:before="60" w:after="200" w:line="240" w:lineRule="auto"/>',
        f'{RFONTS}<w:i/><w:iCs/><w:color w:val="4D5B66"/><w:sz w:val="18"/><w:szCs w:val="18"/>',
    )
    # Header/footer: small grey text, tab stops at the centre and right edge of A4's text
    # width (21.0 cm - 2 x 2.2 cm = 16.6 cm = 9412 twips).
    for style_id in ("Header", "Footer"):
        _set_paragraph_style(
            styles, style_id,
            '<w:tabs><w:tab w:val="center" w:pos="4706"/><w:tab w:val="right" w:pos="9412"/></w:tabs>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            f'{RFONTS}<w:color w:val="5A6670"/><w:sz w:val="16"/><w:szCs w:val="16"/>',
        )

    new_styles = [
        # Code blocks: one paragraph per line.  Identical borders/shading on consecutive
        # paragraphs merge into one grey box in Word and LibreOffice; the borders in the
        # shading colour add padding around the text.  w:contextualSpacing drops the
        # spacing between lines of one block but keeps it before and after the block.
        '<w:style <NS> w:type="paragraph" w:customStyle="1" w:styleId="Code"><w:name w:val="Code"/>'
        '<w:basedOn w:val="Normal"/><w:uiPriority w:val="30"/><w:qFormat/>'
        '<w:pPr><w:keepLines/><w:pBdr>'
        + "".join(f'<w:{s} w:val="single" w:sz="4" w:space="4" w:color="F2F2F2"/>' for s in ("top", "left", "bottom", "right"))
        + f'</w:pBdr><w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>'
        f'<w:spacing w:before="120" w:after="160" w:line="240" w:lineRule="auto"/><w:ind w:left="113" w:right="113"/>'
        f"<w:contextualSpacing/></w:pPr>"
        f'<w:rPr>{RFONTS_MONO}<w:noProof/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>',
        # Inline code (Pandoc's name for it, so Pandoc-made documents map onto it too).
        f'<w:style <NS> w:type="character" w:customStyle="1" w:styleId="VerbatimChar"><w:name w:val="Verbatim Char"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="30"/>'
        f'<w:rPr>{RFONTS_MONO}<w:noProof/><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr></w:style>',
        f'<w:style <NS> w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
        f'<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>'
        f'<w:rPr><w:color w:val="{COLOURS["hlink"]}" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr></w:style>',
        # Exercise box: orange left border and a faint warm shading, like the Exercise slide;
        # consecutive "Exercise" paragraphs form one box (same mechanism as "Code").
        f'<w:style <NS> w:type="paragraph" w:customStyle="1" w:styleId="Exercise"><w:name w:val="Exercise"/>'
        f'<w:basedOn w:val="Normal"/><w:uiPriority w:val="30"/><w:qFormat/>'
        f'<w:pPr><w:pBdr><w:left w:val="single" w:sz="24" w:space="8" w:color="{COLOURS["accent2"]}"'
        ' w:themeColor="accent2"/></w:pBdr>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="FCF1E9"/><w:spacing w:before="120" w:after="160"/>'
        f'<w:ind w:left="227" w:right="113"/><w:contextualSpacing/></w:pPr></w:style>',
        # Tables: thin grey grid, header row in accent teal with white bold text, light
        # banding on every second body row.  python-docx tables have firstRow/hBand on in
        # their w:tblLook, so the conditional formats apply without further work.
        '<w:style <NS> w:type="table" w:customStyle="1" w:styleId="TrainkitTable"><w:name w:val="Trainkit Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        + "".join(
            f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="A7B4BC"/>'
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + f'</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        f'<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        f'<w:tblStylePr w:type="firstRow">'
        f'<w:rPr><w:b/><w:bCs/><w:color w:val="FFFFFF" w:themeColor="background1"/></w:rPr><w:tblPr/>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{COLOURS["accent1"]}" w:themeFill="accent1"/></w:tcPr>'
        f"</w:tblStylePr>"
        f'<w:tblStylePr w:type="band2Horz"><w:tblPr/>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{COLOURS["lt2"]}"/></w:tcPr></w:tblStylePr>'
        f"</w:style>",
    ]
    for xml in new_styles:
        styles.append(_w(xml))


def build_document(path: Path, title: str) -> str:
    document = docx.Document()  # python-docx's own default template (US Letter, Calibri)

    # Page: A4 portrait, 2.2 cm left/right and 2.0 cm top/bottom margins, header and footer
    # 1.0 cm from the edge.  Values in twips, written directly for exact round numbers.
    body = document.element.body
    for child in list(body):
        if child.tag != wqn("w:sectPr"):
            body.remove(child)  # the template body must be empty; only the sectPr stays
    sect_pr = body.find(wqn("w:sectPr"))
    pg_sz, pg_mar = sect_pr.find(wqn("w:pgSz")), sect_pr.find(wqn("w:pgMar"))
    pg_sz.set(wqn("w:w"), "11906")
    pg_sz.set(wqn("w:h"), "16838")
    margins = {"top": 1134, "bottom": 1134, "left": 1247, "right": 1247, "header": 567, "footer": 567, "gutter": 0}
    for side, value in margins.items():
        pg_mar.set(wqn(f"w:{side}"), str(value))

    _style_document_styles(document)

    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)  # the default's single-level lists cannot nest properly
    for node in _w(f"<w:numbering <NS>>{_numbering_xml()}</w:numbering>"):
        numbering.append(node)

    # The document part keeps its theme as raw bytes: same colours and fonts as the deck.
    retheme_blob(document.part.part_related_by(DOCX_RT.THEME))

    # stylesWithEffects.xml is Word 2010's second copy of the styles (Calibri); dropping it
    # leaves styles.xml as the only source, and the 4:3-era thumbnail would be stale.
    for rid in [r for r, rel in document.part.rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid in [r for r, rel in package_rels.items() if rel.reltype == DOCX_RT.THUMBNAIL]:
        del package_rels[rid]

    settings = document.settings.element
    lang = settings.find(wqn("w:themeFontLang"))
    if lang is not None:
        lang.set(wqn("w:val"), "en-GB")

    # Font table: add Courier New (used by "Code") so Word knows its metrics/family.
    for rel in document.part.rels.values():
        if rel.reltype == DOCX_RT.FONT_TABLE:
            fonts = etree.fromstring(rel.target_part.blob)
            if not fonts.xpath('./w:font[@w:name="Courier New"]', namespaces={"w": W_NS}):
                fonts.append(
                    etree.fromstring(
                        f'<w:font xmlns:w="{W_NS}" w:name="Courier New"><w:panose1 w:val="02070309020205020404"/>'
                        '<w:charset w:val="00"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
                    )
                )
            rel.target_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)

    fix_core_properties(document.core_properties, title, "trainkit default document template")
    return save(document, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output directory (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    results = {
        "slides.pptx": build_slides(args.out / "slides.pptx"),
        "handout.docx": build_document(args.out / "handout.docx", "trainkit handout template"),
        "facilitator-guide.docx": build_document(
            args.out / "facilitator-guide.docx", "trainkit facilitator guide template"
        ),
    }
    for name, digest in results.items():
        print(f"{digest}  {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
