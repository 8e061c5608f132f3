"""Build trainkit's reference templates (slides.pptx, handout.docx, facilitator-guide.docx).

Two sets come from this one script: trainkit's built-in default set (package data) and the
CSEI curriculum's branded set in the repository's templates/ folder.  Both have the same
layouts, placeholders and styles; only the palette and the names differ.
"""

# How to run:   python scripts/make_templates.py                  (both sets)
#               python scripts/make_templates.py --brand csei     (one set)
#               python scripts/make_templates.py --brand default --out DIR
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
#   0 "Title Slide"          ctrTitle (title), idx 1 subTitle; no footer placeholders
#   1 "Title and Content"    title, idx 1 obj (body)
#   2 "Section Header"       title, idx 1 body
#   3 "Two Content"          title, idx 1 obj (left), idx 2 obj (right)
#   4 "Comparison"           title, idx 1 body (left heading), idx 2 obj (left),
#                            idx 3 body (right heading), idx 4 obj (right)
#   5 "Title Only"           title
#   6 "Blank"                (footers only)
#   7 "Content with Caption" title, idx 1 obj (content, right), idx 2 body (caption, left)
#   8 "Exercise"             title, idx 1 obj (body); accent2 band, marks an exercise
#   9 "Closing"              title, idx 1 body (no bullets); no footer placeholders
#   Layouts 1-8 also carry dt idx 10, ftr idx 11 and sldNum idx 12 (12 pt, contrast >= 4.5:1
#   against the layout's background).  python-pptx does not copy those three onto new
#   slides; a writer that wants footers must clone them itself.
#   Layouts 0 and 1 stay first, because the slide writer falls back to them by index.
#   Titles are anchored at the top and hold two lines at their size; content layouts share
#   one title size (TITLE_SIZE), the title slide, section header and closing have their own.
#   Title and Content's body is 12.0 x 4.95 in at (0.667 in, 1.75 in).
#   Title Slide and Closing keep FUNDING_BAND (the bottom 1.1 in of the slide, full width)
#   free of placeholders: the writer draws the funding emblem, its statement and partner
#   logos there.
#   Notes master: A4 portrait notes page, 16:9 slide image, notes body (12 pt) below it,
#   header, date, footer and slide-number placeholders.
#
# handout.docx / facilitator-guide.docx, A4, empty body:
#   Paragraph styles: Normal, Title, Subtitle, Heading 1-4, Label, List Bullet (2, 3),
#   List Number (2, 3), List Continue (2, 3), Quote, Caption, Figure, Code, Exercise, Aside,
#   Aside Label, Field Label, TOC Heading, TOC 1, TOC 2, Header, Footer.
#   Character styles: Verbatim Char (inline code), Hyperlink, Aside Label Char,
#   Field Label Char.  Table style: "Trainkit Table" (header row = tblStylePr firstRow).
#   Every colour names its theme slot (w:themeColor / w:themeFill, with tint or shade) and
#   carries the matching hex value, so Word follows a region's theme and LibreOffice, which
#   reads the hex value, shows the same colours.
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
import colorsys
import copy
import datetime as dt
import hashlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import docx
import pptx
from docx.opc.constants import RELATIONSHIP_TYPE as DOCX_RT
from docx.oxml import parse_xml as docx_parse
from docx.oxml.ns import nsdecls as docx_nsdecls
from docx.oxml.ns import qn as wqn
from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as PPTX_CT
from pptx.opc.constants import RELATIONSHIP_TYPE as PPTX_RT
from pptx.oxml import parse_xml as pptx_parse
from pptx.oxml.ns import nsdecls as pptx_nsdecls
from pptx.oxml.ns import qn as pqn
from pptx.parts.slide import SlideLayoutPart
from pptx.util import Emu

from trainkit.writers.ooxml import normalise_zip

ROOT = Path(__file__).resolve().parents[1]

# One fixed moment for every date the packages carry, so the bytes never depend on "now".
FIXED_DATE = dt.datetime(2026, 1, 1, 0, 0, 0)

# Arial exists in PowerPoint/Word on every platform and LibreOffice maps it to the
# metric-compatible Liberation Sans; both cover the Baltic, Nordic and Polish letters
# trainkit's partner languages need (ą č ė į š ų ū ž ā ē ģ ī ķ ļ ņ õ ä ö ü ł ń ś ź ż æ ø å).
FONT = "Arial"
MONO = "Courier New"


# ---------------------------------------------------------------------------------------
# Brands: one palette and one set of names per template set
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    """One set of reference templates: where it goes, what it is called, its colours."""

    key: str
    """Name on the command line (``--brand``)."""
    out: Path
    """Folder the three templates are written to."""
    theme: str
    """Name of the DrawingML theme, its colour scheme and font scheme."""
    label: str
    """Start of each file's title property ("trainkit default", "CSEI curriculum")."""
    colours: Mapping[str, str]
    """The twelve theme colour slots (dk1 … folHlink) as RRGGBB.  dk1 is body text, dk2 titles
    and headings, accent1 rules, bullets and table headers (white text on it must reach
    4.5:1), accent2 the exercise marker, lt2 pale fills."""


DEFAULT = Brand(
    key="default",
    out=ROOT / "trainkit" / "resources" / "templates" / "default",
    theme="trainkit",
    label="trainkit default",
    colours=MappingProxyType({
        "dk1": "1E272E",  # body text: near-black blue-grey, softer than pure black
        "lt1": "FFFFFF",
        "dk2": "1F3A4D",  # dark blue-teal: titles, headings, section-header background
        "lt2": "E9EEF1",
        "accent1": "1B7F79",  # teal: rules, bullets, table header row
        "accent2": "E07A2E",  # warm orange: exercises
        "accent3": "3A6EA5",
        "accent4": "8AA63C",
        "accent5": "6C5B7B",
        "accent6": "C9A227",
        "hlink": "1F6FA8",
        "folHlink": "6C5B7B",
    }),
)

# The CSEI curriculum: a calm Baltic Sea palette, deep sea navy and a blue-teal, with Baltic
# amber marking exercises.  No logo or emblem lives in the templates: the writer adds the
# funding emblem and partner logos from trainkit.yaml's branding.
CSEI = Brand(
    key="csei",
    out=ROOT / "templates",
    theme="CSEI Baltic",
    label="CSEI curriculum",
    colours=MappingProxyType({
        "dk1": "1A2530",  # body text: blue-black
        "lt1": "FFFFFF",
        "dk2": "0E3A53",  # deep sea navy: titles, headings, section-header background
        "lt2": "E6EFF3",  # sea mist: pale fills, table banding
        "accent1": "17697A",  # Baltic teal: rules, bullets, table header row
        "accent2": "B86E1E",  # Baltic amber: exercises
        "accent3": "3C78A8",  # sky blue
        "accent4": "4F8F80",  # sea green
        "accent5": "5E6F8A",  # slate
        "accent6": "8FB3C4",  # light sea
        "hlink": "1C5E96",
        "folHlink": "5A4C86",
    }),
)

BRANDS = {brand.key: brand for brand in (DEFAULT, CSEI)}


# ---------------------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------------------


def _rgb(value: str) -> tuple[float, float, float]:
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02X}" for c in rgb)


def luminance_shift(value: str, mod: float = 1.0, off: float = 0.0) -> str:
    """``value`` with its HSL lightness mapped to ``L * mod + off``.

    This is what DrawingML's lumMod/lumOff and WordprocessingML's themeTint (mod = t,
    off = 1 - t) and themeShade (mod = s) do, so hex fallbacks match what Office draws.
    """
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(value))
    return _hex(colorsys.hls_to_rgb(h, min(max(lightness * mod + off, 0.0), 1.0), s))


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


def retheme(theme: etree._Element, brand: Brand) -> None:
    """Set the colour scheme and the major/minor Latin fonts of a DrawingML theme."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    theme.set("name", brand.theme)
    scheme = theme.find(f"{{{a}}}themeElements/{{{a}}}clrScheme")
    scheme.set("name", brand.theme)
    for slot, value in brand.colours.items():
        holder = scheme.find(f"{{{a}}}{slot}")
        for child in list(holder):
            holder.remove(child)
        # srgbClr instead of the default sysClr for dk1/lt1: sysClr follows the viewer's
        # system colours, which would make the deck look different on every machine.
        etree.SubElement(holder, f"{{{a}}}srgbClr", val=value)
    fonts = theme.find(f"{{{a}}}themeElements/{{{a}}}fontScheme")
    fonts.set("name", brand.theme)
    for kind in ("majorFont", "minorFont"):
        # Only Latin changes; the per-script fallbacks (Jpan, Arab…) stay as Office ships them.
        fonts.find(f"{{{a}}}{kind}/{{{a}}}latin").set("typeface", FONT)


def retheme_blob(part, brand: Brand) -> None:
    """Retheme a theme part that the library keeps as raw bytes (a generic Part)."""
    root = etree.fromstring(part.blob)
    retheme(root, brand)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------------------
# slides.pptx
# ---------------------------------------------------------------------------------------

IN = 914400  # EMU per inch
PT = 12700  # EMU per point
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 in x 7.5 in, PowerPoint's "Widescreen"
OLD_W = 9144000  # python-pptx's default template is 4:3, 10 in wide
MARGIN = 609600  # 0.667 in: the 4:3 template's 0.5 in margin scaled to the new width
INSET_X, INSET_Y = 91440, 45720  # PowerPoint's default text insets (0.1 in, 0.05 in)

# Master geometry (EMU).  Titles hang from the top of their box (anchor "t"), so a second
# line grows downwards into the free space above the body, never up towards the edge.
# Each title box holds two lines at its size with the writer's measure (1.2 x size per
# line within 94 % of the text height): see two_lines().
TITLE_SIZE = 32  # points, every content layout (Title and Content, Two Content, …)
TITLE_BOX = (MARGIN, int(0.45 * IN), SLIDE_W - 2 * MARGIN, int(1.25 * IN))
BODY_BOX = (MARGIN, 1600200, SLIDE_W - 2 * MARGIN, 4525963)  # 12.0 x 4.95 in from 1.75 in
MARK_W, MARK_H = int(0.6 * IN), int(0.055 * IN)  # short accent mark above each title
BAND_W = 228600  # 0.25 in vertical accent band on title, closing and exercise slides

# Footer row: footer text left, date, slide number right; 12 pt, readable when projected.
FOOTER_SIZE = 1200
FOOTER_Y, FOOTER_H = int(6.85 * IN), int(0.4 * IN)
SLDNUM_W, DATE_W = int(1.1 * IN), int(2.2 * IN)
SLDNUM_X = SLIDE_W - MARGIN - SLDNUM_W
DATE_X = SLDNUM_X - DATE_W
FOOTER_BOX = (MARGIN, FOOTER_Y, DATE_X - MARGIN - INSET_X, FOOTER_H)

# The funding band of the title and closing slides: the bottom 1.1 in, full width, kept free
# of placeholders for the emblem, its statement and partner logos the writer draws.
FUNDING_BAND = (0, SLIDE_H - int(1.1 * IN), SLIDE_W, int(1.1 * IN))

# Bullet characters per level on the master body style; same characters as the documents.
BULLETS = ["•", "–", "▪", "–", "»", "•", "•", "•", "•"]
BODY_SIZES = [2400, 2000, 1800, 1600, 1600, 1600, 1600, 1600, 1600]  # hundredths of a point

# Notes pages: A4 portrait with 20 mm side margins; the slide image keeps the slide's 16:9.
MM = 36000  # EMU per millimetre
NOTES_W, NOTES_H = 210 * MM, 297 * MM
NOTES_X, NOTES_TEXT_W = 20 * MM, 170 * MM
NOTES_IMAGE = (NOTES_X, 25 * MM, NOTES_TEXT_W, NOTES_TEXT_W * SLIDE_H // SLIDE_W)
NOTES_ROW_H = 11 * MM
NOTES_TOP_ROW_Y, NOTES_BOTTOM_ROW_Y = 9 * MM, NOTES_H - 9 * MM - NOTES_ROW_H
NOTES_BODY_Y = NOTES_IMAGE[1] + NOTES_IMAGE[3] + 9 * MM
NOTES_BODY = (NOTES_X, NOTES_BODY_Y, NOTES_TEXT_W, NOTES_BOTTOM_ROW_Y - 4 * MM - NOTES_BODY_Y)

A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"

# Text colours are plain theme colours, without lumMod/lumOff: LibreOffice applies the
# modifiers of an inherited placeholder style twice (a 75 % grey came out at 3.6:1), so a
# "muted" tint cannot be trusted to keep its contrast.  Footers use the title colour (tx2),
# which reaches 4.5:1 on white and on the exercise slide's tint; bg2 on the dark section
# header.
FOOTER_COLOUR = "tx2"
FONTS_MN = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
FONTS_MJ = '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'


def two_lines(box_height: int, size_pt: float) -> bool:
    """Whether a title box of ``box_height`` EMU holds two lines at ``size_pt`` as the writer
    measures them (trainkit.writers.fit: LINE_HEIGHT 1.2, SAFETY 0.94, default insets)."""
    return 2 * size_pt * 1.2 <= (box_height - 2 * INSET_Y) / PT * 0.94


def _require_two_lines(box_height: int, size_pt: float) -> None:
    if not two_lines(box_height, size_pt):
        raise ValueError(f"a title box of {box_height / IN:.2f} in does not hold two lines at {size_pt} pt")


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


def _inherit(sp) -> None:
    """Drop a layout placeholder's own position, anchor and text styles: the master's apply."""
    sppr = sp.find(f"{{{P_NS}}}spPr")
    for child in list(sppr):
        sppr.remove(child)
    body_pr = sp.find(f"{{{P_NS}}}txBody/{{{A_NS}}}bodyPr")
    if body_pr is not None:
        body_pr.attrib.clear()
    _set_lst_style(sp, "")


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
    """Add a decorative, text-free rectangle (accent marks, bands); trainkit never writes into it."""
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


def _add_mark(layout_el, x: int, title_y: int, colour: str = "accent1") -> None:
    """The short accent mark above a title, aligned with the title's text."""
    _add_rect(layout_el, "Accent Mark", (x + INSET_X, title_y - int(0.12 * IN) - MARK_H, MARK_W, MARK_H), colour)


def _renumber_ids(root) -> None:
    """Give every shape in a part a unique id (copies and inserted shapes start at 0)."""
    for number, c_nv_pr in enumerate(root.xpath("./p:cSld/p:spTree//p:cNvPr"), start=1):
        c_nv_pr.set("id", str(number))


def _hide_master_shapes(layout_el) -> None:
    # The master's accent mark sits above the content title; layouts with a different
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


def _same_levels(size: int, colour: str, bold: bool = False) -> str:
    """Levels 1-3 at one size: the writer may put a second line at level 2 (title slide facts)."""
    return "".join(_text_level(n, size, colour, bold=bold) for n in (1, 2, 3))


def _title(el, ph_type: str, box: tuple[int, int, int, int], size_pt: int, colour: str = "tx2") -> None:
    """A title placeholder at ``box``, anchored at the top, ``size_pt`` bold."""
    _require_two_lines(box[3], size_pt)
    title = _ph(el, ph_type)
    _set_xfrm(title, *box)
    _set_body_pr(title, anchor="t")
    _set_lst_style(title, _text_level(1, size_pt * 100, colour, bold=True))


def _add_band_rule(el) -> None:
    """A hairline just above the funding band, so the band reads as a deliberate zone."""
    x, y, width, _ = FUNDING_BAND
    _add_rect(el, "Band Rule", (x + IN, y - int(0.12 * IN), width - 2 * IN, int(0.015 * IN)), "bg2:lumMod=85000")


def _remove_footers(el) -> None:
    """Take the date, footer and slide-number placeholders off a layout (funding band)."""
    for ph_type in ("dt", "ftr", "sldNum"):
        sp = _ph(el, ph_type)
        sp.getparent().remove(sp)


def _style_footers(el, colour: str = FOOTER_COLOUR) -> None:
    """Style the date, footer and slide-number placeholders of a master or layout.

    The style is repeated on every layout, not only on the master: LibreOffice takes a
    slide's footer formatting from the layout placeholder and otherwise falls back to its
    default serif font.  The theme font is named explicitly for the same reason.
    """
    for ph_type, algn in (("dt", "r"), ("ftr", "l"), ("sldNum", "r")):
        try:
            sp = _ph(el, ph_type)
        except LookupError:
            continue
        _set_lst_style(
            sp,
            f'<a:lvl1pPr algn="{algn}"><a:defRPr sz="{FOOTER_SIZE}" b="0">{_fill(colour)}{FONTS_MN}'
            "</a:defRPr></a:lvl1pPr>",
        )


def _style_master(master_el) -> None:
    _scale_x(master_el)
    title = _ph(master_el, "title")
    _require_two_lines(TITLE_BOX[3], TITLE_SIZE)
    _set_xfrm(title, *TITLE_BOX)
    _set_body_pr(title, anchor="t")
    body = _ph(master_el, "body")
    _set_xfrm(body, *BODY_BOX)
    # Footer row: footer text left-aligned at the margin, date and slide number at the right.
    _set_xfrm(_ph(master_el, "ftr"), *FOOTER_BOX)
    _set_xfrm(_ph(master_el, "dt"), DATE_X, FOOTER_Y, DATE_W, FOOTER_H)
    _set_xfrm(_ph(master_el, "sldNum"), SLDNUM_X, FOOTER_Y, SLDNUM_W, FOOTER_H)
    _style_footers(master_el)
    _add_mark(master_el, MARGIN, TITLE_BOX[1])

    common = 'defTabSz="457200" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'
    tx_styles = master_el.find(f"{{{P_NS}}}txStyles")
    title_style = _p(
        f'<p:titleStyle <NS>><a:lvl1pPr algn="l" {common}><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPct val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{TITLE_SIZE * 100}" b="1" kern="1200">{_fill("tx2")}{FONTS_MJ}</a:defRPr></a:lvl1pPr>'
        f"</p:titleStyle>"
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
            f'<a:defRPr sz="{BODY_SIZES[i]}" kern="1200">{_fill("tx1")}{FONTS_MN}</a:defRPr></a:lvl{i + 1}pPr>'
        )
    body_style = _p(f'<p:bodyStyle <NS>>{"".join(levels)}</p:bodyStyle>')
    for tag, new in (("titleStyle", title_style), ("bodyStyle", body_style)):
        old = tx_styles.find(f"{{{P_NS}}}{tag}")
        old.addprevious(new)
        tx_styles.remove(old)
    _renumber_ids(master_el)


def _style_title_slide(el) -> None:
    # Title and subtitle in the upper two thirds; the project logo, when the writer adds one,
    # goes top right (above the title); the funding band stays free at the bottom.
    _hide_master_shapes(el)
    _remove_footers(el)
    _add_rect(el, "Accent Band", (0, 0, BAND_W, FUNDING_BAND[1]), "accent1")
    _add_band_rule(el)
    left, width = IN, SLIDE_W - 2 * IN
    title_box = (left, int(1.6 * IN), width, int(1.6 * IN))
    _title(el, "ctrTitle", title_box, 40)
    _add_mark(el, left, title_box[1], "accent2")
    sub = _ph(el, "subTitle")
    _set_xfrm(sub, left, int(3.35 * IN), width, int(2.5 * IN))
    _set_body_pr(sub, anchor="t")
    _set_lst_style(sub, _same_levels(2000, "accent1"))


def _style_section_header(el) -> None:
    # Dark blue background so section breaks stand out when paging through a deck.
    _hide_master_shapes(el)
    _set_background(el, "tx2")
    left, width = IN, SLIDE_W - 2 * IN
    title_box = (left, int(2.1 * IN), width, int(1.6 * IN))
    # cap="all" dropped: upper-casing translated titles (ß, Lithuanian accents) reads badly.
    _title(el, "title", title_box, 40, "bg1")
    _add_mark(el, left, title_box[1], "accent2")
    body = _ph(el, "body", 1)
    _set_xfrm(body, left, int(3.85 * IN), width, int(1.7 * IN))
    _set_body_pr(body, anchor="t")
    _set_lst_style(body, _same_levels(2000, "bg2"))
    _style_footers(el, "bg2")  # light text on the dark background


def _style_two_content(el) -> None:
    # Master sizes (24/20/18 pt) fit half-width columns on 16:9; drop the 28/24/20 overrides.
    _inherit(_ph(el, "title"))
    for idx in (1, 2):
        _set_lst_style(_ph(el, idx=idx), "")


def _style_comparison(el) -> None:
    _inherit(_ph(el, "title"))
    x, top = BODY_BOX[0], BODY_BOX[1]
    gap = int(0.25 * IN)
    column = (BODY_BOX[2] - gap) // 2
    head_h = int(0.6 * IN)
    for n, (head_idx, body_idx) in enumerate(((1, 2), (3, 4))):
        cx = x + n * (column + gap)
        head = _ph(el, idx=head_idx)
        _set_xfrm(head, cx, top, column, head_h)
        _set_body_pr(head, anchor="b")
        _set_lst_style(head, _same_levels(2200, "accent1", bold=True))
        content = _ph(el, idx=body_idx)
        _set_xfrm(content, cx, top + head_h, column, BODY_BOX[3] - head_h)
        _set_lst_style(content, "")


def _style_content_with_caption(el) -> None:
    # The master's full-width title, then the caption text in a left column beside the
    # content (picture, table) on the right, both as tall as the Title and Content body.
    el.attrib.pop("showMasterSp", None)
    for rule in el.xpath('./p:cSld/p:spTree/p:sp[p:nvSpPr/p:cNvPr[@name="Accent Rule"]]'):
        rule.getparent().remove(rule)
    _inherit(_ph(el, "title"))
    x, top, _, height = BODY_BOX
    caption_w = int(4.0 * IN)
    caption = _ph(el, idx=2)
    _set_xfrm(caption, x, top, caption_w, height)
    _set_lst_style(caption, "".join(_text_level(n, 1800, "tx1", marl=(n - 1) * 457200) for n in (1, 2, 3)))
    content = _ph(el, idx=1)
    cx = x + caption_w + int(0.33 * IN)
    _set_xfrm(content, cx, top, SLIDE_W - MARGIN - cx, height)
    _set_lst_style(content, "")


def _style_exercise(el) -> None:
    # Same placeholders as "Title and Content", marked by an accent2 band and mark and a
    # faint accent2 background, so participants recognise exercise slides at a glance.
    _hide_master_shapes(el)
    _set_background(el, "accent2:lumMod=10000,lumOff=90000")
    _add_rect(el, "Accent Band", (0, 0, BAND_W, SLIDE_H), "accent2")
    _add_mark(el, MARGIN, TITLE_BOX[1], "accent2")


def _style_closing(el) -> None:
    # Mirrors the title slide, so a deck opens and closes the same way.
    _hide_master_shapes(el)
    _remove_footers(el)
    _add_rect(el, "Accent Band", (0, 0, BAND_W, FUNDING_BAND[1]), "accent1")
    _add_band_rule(el)
    left, width = IN, SLIDE_W - 2 * IN
    title_box = (left, int(0.85 * IN), width, int(1.45 * IN))
    _title(el, "title", title_box, 36)
    _add_mark(el, left, title_box[1], "accent2")
    body = _ph(el, idx=1)
    # A text (body) placeholder, not a content one: closing slides hold a few plain lines
    # (thanks, contact, key points), not tables or pictures.
    body.find(f"{{{P_NS}}}nvSpPr/{{{P_NS}}}nvPr/{{{P_NS}}}ph").set("type", "body")
    body.find(f"{{{P_NS}}}nvSpPr/{{{P_NS}}}cNvPr").set("name", "Text Placeholder 2")
    body_top = title_box[1] + title_box[3] + int(0.15 * IN)
    _set_xfrm(body, left, body_top, width, FUNDING_BAND[1] - int(0.2 * IN) - body_top)
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


def _style_notes_master(prs, brand: Brand) -> None:
    """A notes master for printing speaker notes on A4 portrait: slide image (16:9) at the top,
    notes below it at 12 pt, header and date above, footer and page number below.

    Created now, because python-pptx would otherwise create a Calibri one when the writer
    adds the first speaker note.  Every notes page the writer adds inherits these positions.
    """
    notes_master = prs.notes_master
    retheme(notes_master.part.part_related_by(PPTX_RT.THEME)._element, brand)
    presentation = prs.part._element
    presentation.find(pqn("p:notesSz")).set("cx", str(NOTES_W))
    presentation.find(pqn("p:notesSz")).set("cy", str(NOTES_H))
    # python-pptx only relates the part; the spec also lists it in p:notesMasterIdLst
    # (right after p:sldMasterIdLst), as PowerPoint writes it.
    notes_rid = next(r for r, rel in prs.part.rels.items() if rel.reltype == PPTX_RT.NOTES_MASTER)
    presentation.find(pqn("p:sldMasterIdLst")).addnext(
        _p(f'<p:notesMasterIdLst <NS>><p:notesMasterId r:id="{notes_rid}"/></p:notesMasterIdLst>')
    )
    el = notes_master._element
    half = NOTES_TEXT_W // 2
    boxes = {
        "hdr": ((NOTES_X, NOTES_TOP_ROW_Y, half, NOTES_ROW_H), "l", "b"),
        "dt": ((NOTES_X + half, NOTES_TOP_ROW_Y, half, NOTES_ROW_H), "r", "b"),
        "sldImg": (NOTES_IMAGE, None, None),
        "body": (NOTES_BODY, None, "t"),
        "ftr": ((NOTES_X, NOTES_BOTTOM_ROW_Y, half, NOTES_ROW_H), "l", "t"),
        "sldNum": ((NOTES_X + half, NOTES_BOTTOM_ROW_Y, half, NOTES_ROW_H), "r", "t"),
    }
    for ph_type, (box, algn, anchor) in boxes.items():
        sp = _ph(el, ph_type)
        _set_xfrm(sp, *box)
        if anchor:
            _set_body_pr(sp, anchor=anchor)
        if algn:
            _set_lst_style(
                sp, f'<a:lvl1pPr algn="{algn}"><a:defRPr sz="1000">{_fill(FOOTER_COLOUR)}{FONTS_MN}</a:defRPr></a:lvl1pPr>'
            )
    # A thin frame around the slide image, in the title colour rather than black.
    image_ln = _ph(el, "sldImg").find(f"{{{P_NS}}}spPr/{{{A_NS}}}ln")
    image_ln.getparent().replace(image_ln, _p(f'<a:ln <NS> w="9525">{_fill(FOOTER_COLOUR)}</a:ln>'))
    # Notes text: the theme's body font, 12 pt, with 6 pt between paragraphs.
    notes_style = el.find(pqn("p:notesStyle"))
    for level in notes_style:
        level.insert(0, _p('<a:spcAft <NS>><a:spcPts val="600"/></a:spcAft>'))
        defrpr = level.find(f"{{{A_NS}}}defRPr")
        defrpr.set("sz", "1200")
    ext = el.find(f"{{{P_NS}}}cSld/{{{P_NS}}}extLst")
    if ext is not None:
        ext.getparent().remove(ext)  # p14:creationId of the library's copy
    _renumber_ids(el)


def build_slides(path: Path, brand: Brand) -> str:
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
            "Title and Content": lambda e: _inherit(_ph(e, "title")),
            "Title Only": lambda e: _inherit(_ph(e, "title")),
            "Blank": _hide_master_shapes,
        }.get(layout.name)
        if style:
            style(el)
    _style_exercise(exercise)
    _style_closing(closing)
    for layout in prs.slide_layouts:
        _renumber_ids(layout._element)

    # Themes: the slide master's (kept as raw bytes by python-pptx) and the notes master's,
    # so speaker notes use the same fonts and colours.
    retheme_blob(master.part.part_related_by(PPTX_RT.THEME), brand)
    _style_notes_master(prs, brand)

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
            text = text.replace("On-screen Show (4:3)", "Widescreen").replace("Office Theme", brand.theme)
            app._blob = text.encode("utf-8")

    assert len(prs.slides) == 0, "the template must not contain slides"
    # Counting the slides made python-pptx add an empty p:sldIdLst; the default template
    # has none, and the writer's first add_slide creates it again.
    empty = prs.part._element.find(pqn("p:sldIdLst"))
    if empty is not None and len(empty) == 0:
        empty.getparent().remove(empty)
    fix_core_properties(prs.core_properties, f"{brand.label} template", f"{brand.label} slide template")
    return save(prs, path)


# ---------------------------------------------------------------------------------------
# handout.docx and facilitator-guide.docx
# ---------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BULLET_ABSTRACT, DECIMAL_ABSTRACT = 90, 91  # fixed abstractNumId values, see the header
BULLET_NUM, DECIMAL_NUM = 1, 2  # the w:num ids the list styles point at
LIST_INDENT = 357  # twips (0.63 cm) per list level; the marker hangs in that space
TEXT_WIDTH = 11906 - 2 * 1247  # twips between the A4 page's left and right margins

RFONTS = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
RFONTS_MONO = f'<w:rFonts w:ascii="{MONO}" w:hAnsi="{MONO}" w:eastAsia="{MONO}" w:cs="{MONO}"/>'
BODY_SIZE = 21  # half-points: 10.5 pt; Arial is wide, so 10.5 reads like 11 pt Calibri
SMALL_SIZE = 18  # half-points: 9 pt, the smallest text (header, footer, captions)

# WordprocessingML theme colour names -> DrawingML scheme slots.
THEME_SLOTS = {
    "dark1": "dk1", "light1": "lt1", "dark2": "dk2", "light2": "lt2",
    "text1": "dk1", "background1": "lt1", "text2": "dk2", "background2": "lt2",
    "accent1": "accent1", "accent2": "accent2", "accent3": "accent3", "accent4": "accent4",
    "accent5": "accent5", "accent6": "accent6", "hyperlink": "hlink", "followedHyperlink": "folHlink",
}

# Theme colour references used by the styles: (WordprocessingML theme name, tint, shade);
# tint and shade are two hex digits (a fraction of 255) as Word writes them.
TEXT = ("text1", None, None)
MUTED_TEXT = ("text1", "BF", None)  # dk1 at 75 %: captions, header, footer (>= 4.5:1 on white)
HEADING = ("text2", None, None)
ACCENT = ("accent1", None, None)
ACCENT_DARK = ("accent1", None, "BF")  # labels: accent1 darkened for small bold text
RULE = ("text1", "66", None)  # grid lines and quote rule: dk1 at 40 %, a quiet blue-grey
ASIDE_FILL = ("accent1", "12", None)  # accent1 at 7 %
EXERCISE_FILL = ("accent2", "1A", None)  # accent2 at 10 %
BAND_FILL = ("background2", None, None)


def theme_hex(brand: Brand, ref: tuple[str, str | None, str | None]) -> str:
    """The RRGGBB value Word computes for a theme colour reference of ``brand``."""
    name, tint, shade = ref
    value = brand.colours[THEME_SLOTS[name]]
    if tint is not None:
        t = int(tint, 16) / 255
        value = luminance_shift(value, t, 1 - t)
    if shade is not None:
        value = luminance_shift(value, int(shade, 16) / 255)
    return value


def _w(xml: str):
    return docx_parse(xml.replace("<NS>", docx_nsdecls("w")))


class _Docx:
    """Style snippets for one brand: every colour with its theme reference and hex value."""

    def __init__(self, brand: Brand) -> None:
        self.brand = brand

    def colour(self, ref) -> str:
        """w:color with both the hex value and the theme reference, so Word and LibreOffice agree."""
        name, tint, shade = ref
        extra = (f' w:themeTint="{tint}"' if tint else "") + (f' w:themeShade="{shade}"' if shade else "")
        return f'<w:color w:val="{theme_hex(self.brand, ref)}" w:themeColor="{name}"{extra}/>'

    def border(self, side: str, ref, size: int, space: int) -> str:
        name, tint, shade = ref
        extra = (f' w:themeTint="{tint}"' if tint else "") + (f' w:themeShade="{shade}"' if shade else "")
        return (f'<w:{side} w:val="single" w:sz="{size}" w:space="{space}" w:color="{theme_hex(self.brand, ref)}"'
                f' w:themeColor="{name}"{extra}/>')

    def shading(self, ref) -> str:
        name, tint, shade = ref
        extra = (f' w:themeFillTint="{tint}"' if tint else "") + (f' w:themeFillShade="{shade}"' if shade else "")
        return f'<w:shd w:val="clear" w:color="auto" w:fill="{theme_hex(self.brand, ref)}" w:themeFill="{name}"{extra}/>'

    def box(self, fill, rule, rule_size: int = 24) -> str:
        """Paragraph borders for a shaded box with a thick left rule; top, bottom and right
        borders in the fill colour pad the text.  Consecutive paragraphs with the same borders
        and indents join into one box in Word and LibreOffice."""
        return (
            "<w:pBdr>" + self.border("top", fill, 4, 4) + self.border("left", rule, rule_size, 8)
            + self.border("bottom", fill, 4, 4) + self.border("right", fill, 4, 4) + "</w:pBdr>"
            + self.shading(fill)
        )


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


def _replace_style(styles, xml: str) -> None:
    """Add a style, replacing the stock one with the same styleId if there is one."""
    new = _w(xml)
    try:
        old = _style_el(styles, new.get(wqn("w:styleId")))
    except LookupError:
        styles.append(new)
    else:
        old.addprevious(new)
        styles.remove(old)


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


def _sync_theme_colours(root, brand: Brand) -> None:
    """Make every hex value that sits beside a theme reference match the theme.

    The stock styles (Heading 5-9, Intense Quote, the table styles…) carry Office 2007's
    blue as their hex value; Word follows the theme reference, LibreOffice the hex value.
    """
    for element in root.iter():
        name = element.get(wqn("w:themeColor"))
        if name in THEME_SLOTS:
            ref = (name, element.get(wqn("w:themeTint")), element.get(wqn("w:themeShade")))
            # Runs name their colour in w:color/@w:val, borders and underlines in @w:color.
            target = "w:val" if element.tag == wqn("w:color") else "w:color"
            element.set(wqn(target), theme_hex(brand, ref))
        name = element.get(wqn("w:themeFill"))
        if name in THEME_SLOTS:
            ref = (name, element.get(wqn("w:themeFillTint")), element.get(wqn("w:themeFillShade")))
            element.set(wqn("w:fill"), theme_hex(brand, ref))


def _numbering_xml(d: _Docx) -> str:
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
    # so they render identically everywhere, in the accent colour like on the slides.
    bullet_rpr = f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}" w:hint="default"/>{d.colour(ACCENT)}</w:rPr>'
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


def _style_document_styles(document, d: _Docx) -> None:
    styles = document.styles.element
    _replace_theme_fonts(styles)

    # Document defaults: every run is Arial 10.5 pt en-GB unless a style says otherwise.
    # (The writer replaces w:lang with the output's language.)
    defaults = styles.find(f"{{{W_NS}}}docDefaults")
    defaults.getparent().replace(
        defaults,
        _w(
            f'<w:docDefaults <NS>><w:rPrDefault><w:rPr>{RFONTS}{d.colour(TEXT)}'
            f'<w:sz w:val="{BODY_SIZE}"/><w:szCs w:val="{BODY_SIZE}"/>'
            '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
            f'</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/>'
            f"</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    # Normal itself also names the font: some consumers only look at styles.  Its colour
    # stays in docDefaults: a colour on Normal would beat the table style's white header text.
    # Widow/orphan control is named explicitly: without it, a style hierarchy that never
    # mentions it leaves single lines at the top or bottom of a page.
    _set_props(_style_el(styles, "Normal"), "<w:widowControl/>", RFONTS)

    _set_paragraph_style(
        styles, "Title",
        "<w:keepNext/><w:keepLines/><w:pBdr>" + d.border("bottom", ACCENT, 12, 6) + "</w:pBdr>"
        '<w:spacing w:before="0" w:after="200" w:line="240" w:lineRule="auto"/><w:contextualSpacing/>',
        f'{RFONTS}<w:b/><w:bCs/>{d.colour(HEADING)}<w:kern w:val="28"/><w:sz w:val="52"/><w:szCs w:val="52"/>',
    )
    # The default Subtitle carries a dangling numPr (ilvl only); it is dropped here.
    _set_paragraph_style(
        styles, "Subtitle", '<w:keepNext/><w:spacing w:before="0" w:after="240"/>',
        f'{RFONTS}{d.colour(ACCENT)}<w:sz w:val="28"/><w:szCs w:val="28"/>',
    )
    # Headings and labels never end a page: they keep with the next paragraph and are never
    # split themselves.
    heading = '<w:keepNext/><w:keepLines/><w:spacing w:before="{b}" w:after="{a}"/><w:outlineLvl w:val="{o}"/>'
    for level, (size, colour, before, after, italic) in enumerate(
        [(32, HEADING, 360, 120, False), (26, ACCENT, 240, 80, False), (23, HEADING, 200, 60, False),
         (BODY_SIZE, TEXT, 160, 40, True)], start=1
    ):
        slant = "<w:i/><w:iCs/>" if italic else ""
        _set_paragraph_style(
            styles, f"Heading{level}", heading.format(b=before, a=after, o=level - 1),
            f'{RFONTS}<w:b/><w:bCs/>{slant}{d.colour(colour)}<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>',
        )

    # List styles: numbering plus the same indents as the numbering levels (Word applies
    # the style's own w:ind over the level's, so both must agree).  keepLines: an item of a
    # few lines is not split across pages.  "List Continue N" is a paragraph inside an item
    # at level N: indented to the item's text, no marker.
    for base, num in (("ListBullet", BULLET_NUM), ("ListNumber", DECIMAL_NUM), ("ListContinue", None)):
        for ilvl in range(3):
            style_id = base + ("" if ilvl == 0 else str(ilvl + 1))
            left = LIST_INDENT * (ilvl + 1)
            numbering = f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>' if num else ""
            indent = f'<w:ind w:left="{left}" w:hanging="{LIST_INDENT}"/>' if num else f'<w:ind w:left="{left}"/>'
            _set_props(_style_el(styles, style_id), f'<w:keepLines/>{numbering}<w:spacing w:after="60"/>{indent}', None)

    _set_paragraph_style(
        styles, "Quote",
        "<w:pBdr>" + d.border("left", RULE, 18, 8) + "</w:pBdr>"
        '<w:spacing w:before="120" w:after="120"/><w:ind w:left="425" w:right="425"/>',
        f"{RFONTS}<w:i/><w:iCs/>{d.colour(HEADING)}",
    )
    # Word has no "keep with previous": the picture's paragraph ("Figure") keeps with its
    # caption instead, and the caption keeps its own lines together.
    _set_paragraph_style(
        styles, "Caption", '<w:keepLines/><w:spacing w:before="60" w:after="200" w:line="240" w:lineRule="auto"/>',
        f'{RFONTS}<w:i/><w:iCs/>{d.colour(MUTED_TEXT)}<w:sz w:val="{SMALL_SIZE}"/><w:szCs w:val="{SMALL_SIZE}"/>',
    )
    # Header/footer: small muted text (9 pt, >= 4.5:1 on white), tab stops at the centre and
    # the right edge of A4's text width.
    for style_id in ("Header", "Footer"):
        _set_paragraph_style(
            styles, style_id,
            f'<w:tabs><w:tab w:val="center" w:pos="{TEXT_WIDTH // 2}"/><w:tab w:val="right" w:pos="{TEXT_WIDTH}"/>'
            '</w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
            f'{RFONTS}{d.colour(MUTED_TEXT)}<w:sz w:val="{SMALL_SIZE}"/><w:szCs w:val="{SMALL_SIZE}"/>',
        )
    # The contents heading looks like Heading 1 but is not itself listed (outline level 10).
    _set_props(_style_el(styles, "TOCHeading"),
               '<w:keepNext/><w:keepLines/><w:spacing w:before="0" w:after="200"/><w:outlineLvl w:val="9"/>', None)

    def paragraph_style(style_id: str, name: str, ppr: str, rpr: str, based_on: str = "Normal",
                        link: str | None = None, priority: int = 30, custom: bool = True) -> str:
        linked = f'<w:link w:val="{link}"/>' if link else ""
        flag = ' w:customStyle="1"' if custom else ""
        return (
            f'<w:style <NS> w:type="paragraph"{flag} w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="{based_on}"/><w:next w:val="Normal"/>{linked}<w:uiPriority w:val="{priority}"/>'
            f"<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )

    def character_style(style_id: str, name: str, rpr: str, link: str | None = None, priority: int = 30) -> str:
        linked = f'<w:link w:val="{link}"/>' if link else ""
        return (
            f'<w:style <NS> w:type="character" w:customStyle="1" w:styleId="{style_id}"><w:name w:val="{name}"/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/>{linked}<w:uiPriority w:val="{priority}"/>'
            f"<w:rPr>{rpr}</w:rPr></w:style>"
        )

    label_rpr = f"<w:b/><w:bCs/>{d.colour(ACCENT)}"
    aside_label_rpr = f'<w:b/><w:bCs/><w:smallCaps/>{d.colour(ACCENT_DARK)}<w:spacing w:val="6"/>'
    # Plain bold at a size above the body's: participants find the field they write under at a glance.
    field_label_rpr = f'<w:b/><w:bCs/>{d.colour(HEADING)}<w:sz w:val="22"/><w:szCs w:val="22"/>'
    code_box = ("<w:pBdr>" + "".join(d.border(s, BAND_FILL, 4, 4) for s in ("top", "left", "bottom", "right"))
                + "</w:pBdr>" + d.shading(BAND_FILL))
    new_styles = [
        # "Label" says what follows ("Speaker notes", "Solution", "Slide 5"); it never ends a page.
        paragraph_style("Label", "Label", '<w:keepNext/><w:keepLines/><w:spacing w:before="160" w:after="40"/>',
                        label_rpr, priority=20),
        # A picture's own paragraph: centred, kept with the caption that follows it.
        paragraph_style("Figure", "Figure", '<w:keepNext/><w:spacing w:before="120" w:after="60"/><w:jc w:val="center"/>',
                        "", priority=34),
        # Table of contents entries: page numbers right-aligned at the text margin behind a
        # dot leader; a level-1 entry keeps with its first sub-entry.
        paragraph_style("TOC1", "TOC 1",
                        f'<w:keepNext/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
                        '<w:spacing w:before="120" w:after="40"/>', "<w:b/><w:bCs/>", priority=39, custom=False),
        paragraph_style("TOC2", "TOC 2",
                        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>'
                        f'<w:spacing w:before="0" w:after="40"/><w:ind w:left="{LIST_INDENT}"/>', "", priority=39,
                        custom=False),
        # Code blocks: one paragraph per line.  Identical borders/shading on consecutive
        # paragraphs merge into one box in Word and LibreOffice; the borders in the
        # shading colour add padding around the text.  w:contextualSpacing drops the
        # spacing between lines of one block but keeps it before and after the block.
        paragraph_style("Code", "Code",
                        f'<w:keepLines/>{code_box}<w:spacing w:before="120" w:after="160" w:line="240" w:lineRule="auto"/>'
                        '<w:ind w:left="113" w:right="113"/><w:contextualSpacing/>',
                        f'{RFONTS_MONO}<w:noProof/><w:sz w:val="19"/><w:szCs w:val="19"/>'),
        # Inline code (Pandoc's name for it, so Pandoc-made documents map onto it too).
        character_style("VerbatimChar", "Verbatim Char", f'{RFONTS_MONO}<w:noProof/><w:sz w:val="19"/><w:szCs w:val="19"/>'),
        character_style("Hyperlink", "Hyperlink", f'{d.colour(("hyperlink", None, None))}<w:u w:val="single"/>',
                        priority=99),
        # Exercise box: accent2 left rule and a faint accent2 shading, like the Exercise slide;
        # consecutive "Exercise" paragraphs form one box (same mechanism as "Code").
        paragraph_style("Exercise", "Exercise",
                        d.box(EXERCISE_FILL, ("accent2", None, None))
                        + '<w:spacing w:before="120" w:after="160"/><w:ind w:left="227" w:right="113"/><w:contextualSpacing/>',
                        ""),
        # Asides (callouts, facilitator tips, handout notes): accent1 left rule on a faint
        # accent1 shading.  "Aside Label" opens the box with a small-caps label ("Tip") and
        # joins it (same borders and indents); "Aside Label Char" is the same label inline.
        paragraph_style("Aside", "Aside",
                        d.box(ASIDE_FILL, ACCENT) + '<w:spacing w:before="60" w:after="60"/><w:ind w:left="227" w:right="113"/>',
                        ""),
        paragraph_style("AsideLabel", "Aside Label",
                        '<w:keepNext/><w:keepLines/><w:spacing w:before="60" w:after="0"/>', aside_label_rpr,
                        based_on="Aside", link="AsideLabelChar"),
        character_style("AsideLabelChar", "Aside Label Char", aside_label_rpr, link="AsideLabel"),
        # Exercise sheets: the label above an answer field (ruled lines, a box), kept with it.
        paragraph_style("FieldLabel", "Field Label",
                        '<w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="40"/>', field_label_rpr,
                        link="FieldLabelChar"),
        character_style("FieldLabelChar", "Field Label Char", field_label_rpr, link="FieldLabel"),
        # Tables: thin grid, header row in accent1 with white bold text, light banding on every
        # second body row.  python-docx tables have firstRow/hBand on in their w:tblLook, so the
        # conditional formats apply without further work.
        '<w:style <NS> w:type="table" w:customStyle="1" w:styleId="TrainkitTable"><w:name w:val="Trainkit Table"/>'
        '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
        '<w:pPr><w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/></w:pPr>'
        '<w:rPr><w:sz w:val="19"/><w:szCs w:val="19"/></w:rPr>'
        '<w:tblPr><w:tblStyleRowBandSize w:val="1"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>'
        + "".join(d.border(s, RULE, 4, 0) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders><w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>'
        '<w:tblStylePr w:type="firstRow">'
        f'<w:rPr><w:b/><w:bCs/>{d.colour(("background1", None, None))}</w:rPr><w:tblPr/>'
        f"<w:tcPr>{d.shading(ACCENT)}</w:tcPr>"
        "</w:tblStylePr>"
        f'<w:tblStylePr w:type="band2Horz"><w:tblPr/><w:tcPr>{d.shading(BAND_FILL)}</w:tcPr></w:tblStylePr>'
        "</w:style>",
    ]
    for xml in new_styles:
        _replace_style(styles, xml)
    _sync_theme_colours(styles, d.brand)


def _fix_settings(document) -> None:
    """Settings that validate and suit a template.

    python-docx's stock settings.xml has ``<w:zoom w:val="bestFit"/>`` without the required
    w:percent (a schema error in every document); the zoom becomes a plain 100 %.  Word 2013+
    layout (compatibilityMode 15) instead of Word 2010's; no preview picture (none is kept).
    """
    settings = document.settings.element
    zoom = settings.find(wqn("w:zoom"))
    zoom.attrib.clear()
    zoom.set(wqn("w:percent"), "100")
    preview = settings.find(wqn("w:savePreviewPicture"))
    if preview is not None:
        settings.remove(preview)
    for setting in settings.iter(wqn("w:compatSetting")):
        if setting.get(wqn("w:name")) == "compatibilityMode":
            setting.set(wqn("w:val"), "15")
    lang = settings.find(wqn("w:themeFontLang"))
    if lang is not None:
        lang.set(wqn("w:val"), "en-GB")


def build_document(path: Path, title: str, brand: Brand) -> str:
    document = docx.Document()  # python-docx's own default template (US Letter, Calibri)
    d = _Docx(brand)

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

    _style_document_styles(document, d)

    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)  # the default's single-level lists cannot nest properly
    for node in _w(f"<w:numbering <NS>>{_numbering_xml(d)}</w:numbering>"):
        numbering.append(node)

    # The document part keeps its theme as raw bytes: same colours and fonts as the deck.
    retheme_blob(document.part.part_related_by(DOCX_RT.THEME), brand)

    # stylesWithEffects.xml is Word 2010's second copy of the styles (Calibri); dropping it
    # leaves styles.xml as the only source, and the 4:3-era thumbnail would be stale.
    for rid in [r for r, rel in document.part.rels.items() if rel.reltype.endswith("/stylesWithEffects")]:
        document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid in [r for r, rel in package_rels.items() if rel.reltype == DOCX_RT.THUMBNAIL]:
        del package_rels[rid]

    _fix_settings(document)

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

    fix_core_properties(document.core_properties, title, f"{brand.label} document template")
    return save(document, path)


def build_set(brand: Brand, out: Path | None = None) -> dict[Path, str]:
    """Write ``brand``'s three templates into ``out`` (default: the brand's folder); path -> sha256."""
    folder = out or brand.out
    return {
        folder / "slides.pptx": build_slides(folder / "slides.pptx", brand),
        folder / "handout.docx": build_document(folder / "handout.docx", f"{brand.label} handout template", brand),
        folder / "facilitator-guide.docx": build_document(
            folder / "facilitator-guide.docx", f"{brand.label} facilitator guide template", brand
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brand", choices=[*BRANDS, "all"], default="all",
                        help="which set to build (default: all, each into its own folder)")
    parser.add_argument("--out", type=Path, help="output folder (only with one --brand)")
    args = parser.parse_args(argv)
    if args.out is not None and args.brand == "all":
        parser.error("--out needs one --brand")
    brands = list(BRANDS.values()) if args.brand == "all" else [BRANDS[args.brand]]
    for brand in brands:
        for path, digest in build_set(brand, args.out).items():
            print(f"{digest}  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
