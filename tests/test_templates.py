"""The reference templates as a reviewer checks them: readable footers, steady titles, a free funding
band, printable notes pages, Word styles that paginate well, schema-valid XML, reproducible bytes.

Both sets are checked: trainkit's built-in default (package data) and the CSEI curriculum's branded
set in templates/.  Colours are read from the templates' own XML (theme, colour map, style) and
compared with the WCAG 2.x contrast formula.
"""

from __future__ import annotations

import colorsys
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER

from trainkit.writers.slide_template import check_template

ROOT = Path(__file__).parents[1]
SETS = {
    "default": ROOT / "trainkit" / "resources" / "templates" / "default",
    "csei": ROOT / "templates",
}
FILES = ("slides.pptx", "handout.docx", "facilitator-guide.docx")

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}
EMU_IN = 914400
EMU_PT = 12700

CONTENT_LAYOUTS = ("Title and Content", "Two Content", "Comparison", "Title Only", "Content with Caption",
                   "Exercise")
OWN_TITLE_LAYOUTS = ("Title Slide", "Section Header", "Closing")
BAND_LAYOUTS = ("Title Slide", "Closing")
BAND_HEIGHT = 1.1 * EMU_IN


@pytest.fixture(params=sorted(SETS), scope="module")
def folder(request) -> Path:
    return SETS[request.param]


# --- colours ----------------------------------------------------------------------


def relative_luminance(rgb: str) -> float:
    """WCAG 2.x relative luminance of an RRGGBB colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2.x contrast ratio (1 to 21)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shift_lightness(rgb: str, mod: float, off: float) -> str:
    """HSL lightness mapped to L * mod + off (DrawingML lumMod/lumOff, Word's tint and shade)."""
    h, lightness, s = colorsys.rgb_to_hls(*(int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4)))
    r, g, b = colorsys.hls_to_rgb(h, min(max(lightness * mod + off, 0.0), 1.0), s)
    return "".join(f"{round(c * 255):02X}" for c in (r, g, b))


def test_contrast_formula_matches_known_values():
    assert contrast("FFFFFF", "000000") == pytest.approx(21.0)
    assert contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)  # the classic 4.5:1 grey
    assert contrast("90A6B7", "FFFFFF") < 2.6  # the old footer grey, which failed on a projector


class Deck:
    """A template deck's XML: theme colours through the master's colour map, placeholders by layout."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.prs = Presentation(str(path))
        with zipfile.ZipFile(path) as package:
            master_rels = etree.fromstring(package.read("ppt/slideMasters/_rels/slideMaster1.xml.rels"))
            theme = next(r.get("Target") for r in master_rels if r.get("Type").endswith("/theme"))
            theme_xml = etree.fromstring(package.read("ppt/" + theme.replace("../", "")))
        scheme = theme_xml.find(".//a:clrScheme", NS)
        self.scheme = {etree.QName(slot).localname: slot.find("a:srgbClr", NS).get("val") for slot in scheme}
        self.master = self.prs.slide_master._element
        self.clr_map = dict(self.master.find("p:clrMap", NS).attrib)

    def colour(self, fill) -> str:
        """RRGGBB of an a:solidFill (srgbClr or schemeClr with lumMod/lumOff)."""
        srgb = fill.find("a:srgbClr", NS)
        if srgb is not None:
            return srgb.get("val")
        scheme = fill.find("a:schemeClr", NS)
        name = scheme.get("val")
        rgb = self.scheme[self.clr_map.get(name, name)]
        mods = {etree.QName(m).localname: int(m.get("val")) / 100000 for m in scheme}
        if mods:
            rgb = shift_lightness(rgb, mods.get("lumMod", 1.0), mods.get("lumOff", 0.0))
        return rgb

    def background(self, layout) -> str:
        """The layout's background colour, else the master's."""
        for element in (layout._element, self.master):
            fill = element.find("p:cSld/p:bg/p:bgPr/a:solidFill", NS)
            if fill is not None:
                return self.colour(fill)
            ref = element.find("p:cSld/p:bg/p:bgRef", NS)
            if ref is not None:
                return self.colour(ref)
        return "FFFFFF"

    def master_placeholder(self, kind: PP_PLACEHOLDER):
        return next(ph for ph in self.prs.slide_master.placeholders if ph.placeholder_format.type == kind)

    def level1(self, placeholder, master_kind: PP_PLACEHOLDER):
        """The first-level run defaults of a layout placeholder, inherited from the master's."""
        for element in (placeholder._element, self.master_placeholder(master_kind)._element):
            defrpr = element.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS)
            if defrpr is not None:
                return defrpr
        return None

    def layout(self, name: str):
        return next(layout for layout in self.prs.slide_layouts if layout.name == name)

    def title_size(self, layout) -> float:
        title = next(ph for ph in layout.placeholders if ph.placeholder_format.type in
                     (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE))
        defrpr = title._element.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS)
        if defrpr is None or defrpr.get("sz") is None:
            defrpr = self.master.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
        return int(defrpr.get("sz")) / 100

    def anchor(self, placeholder, master_kind: PP_PLACEHOLDER) -> str:
        for element in (placeholder._element, self.master_placeholder(master_kind)._element):
            value = element.find("p:txBody/a:bodyPr", NS).get("anchor")
            if value:
                return value
        return "t"


@pytest.fixture(scope="module")
def decks() -> dict[str, Deck]:
    return {key: Deck(folder / "slides.pptx") for key, folder in SETS.items()}


@pytest.fixture(params=sorted(SETS))
def deck(request, decks) -> Deck:
    return decks[request.param]


# --- slides -----------------------------------------------------------------------


def test_every_layout_trainkit_asks_for_is_there_in_order(deck):
    names = [layout.name for layout in deck.prs.slide_layouts]
    assert names == ["Title Slide", "Title and Content", "Section Header", "Two Content", "Comparison",
                     "Title Only", "Blank", "Content with Caption", "Exercise", "Closing"]
    lines, ok = check_template(deck.path)
    problems = [line for line in lines if "missing" in line or "warning" in line]
    # Blank has no title by design (as in Pandoc's reference deck); the writer adds the master's.
    assert ok and problems == ['  warning: "Blank" has no title placeholder: the master\'s title position is used']


def test_footer_and_slide_number_are_12_pt_and_contrast_at_least_4_5_to_1(deck):
    checked = 0
    for layout in deck.prs.slide_layouts:
        background = deck.background(layout)
        for ph in layout.placeholders:
            kind = ph.placeholder_format.type
            if kind not in (PP_PLACEHOLDER.FOOTER, PP_PLACEHOLDER.SLIDE_NUMBER):
                continue
            defrpr = deck.level1(ph, kind)
            assert int(defrpr.get("sz")) >= 1200, (layout.name, kind)
            colour = deck.colour(defrpr.find("a:solidFill", NS))
            ratio = contrast(colour, background)
            assert ratio >= 4.5, f"{layout.name} {kind}: {colour} on {background} is {ratio:.2f}:1"
            checked += 1
    assert checked >= 14  # footer and number on the eight layouts that keep them


def test_every_text_colour_of_every_layout_reaches_4_5_to_1_on_its_background(deck):
    checked = 0
    for layout in deck.prs.slide_layouts:
        background = deck.background(layout)
        for fill in layout._element.iterfind(".//p:sp/p:txBody/a:lstStyle//a:defRPr/a:solidFill", NS):
            colour = deck.colour(fill)
            assert contrast(colour, background) >= 4.5, f"{layout.name}: {colour} on {background}"
            checked += 1
    for style in ("p:titleStyle", "p:bodyStyle"):
        fill = deck.master.find(f"p:txStyles/{style}/a:lvl1pPr/a:defRPr/a:solidFill", NS)
        assert contrast(deck.colour(fill), deck.background(deck.layout("Title and Content"))) >= 4.5
    assert checked > 20


def test_content_layouts_share_one_title_size_and_the_others_have_their_own(deck):
    sizes = {name: deck.title_size(deck.layout(name)) for name in CONTENT_LAYOUTS}
    assert len(set(sizes.values())) == 1, sizes
    for name in OWN_TITLE_LAYOUTS:
        title = deck.layout(name).placeholders[0]
        assert title._element.find("p:txBody/a:lstStyle/a:lvl1pPr/a:defRPr", NS).get("sz"), name


def test_title_slide_subtitle_has_one_size(deck):
    subtitle = next(ph for ph in deck.layout("Title Slide").placeholders
                    if ph.placeholder_format.type == PP_PLACEHOLDER.SUBTITLE)
    levels = subtitle._element.find("p:txBody/a:lstStyle", NS)
    assert len({level.find("a:defRPr", NS).get("sz") for level in levels}) == 1


@pytest.mark.parametrize("name", CONTENT_LAYOUTS + OWN_TITLE_LAYOUTS)
def test_titles_hang_from_the_top_and_hold_two_lines(deck, name):
    layout = deck.layout(name)
    title = next(ph for ph in layout.placeholders if ph.placeholder_format.type in
                 (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE))
    assert deck.anchor(title, PP_PLACEHOLDER.TITLE) == "t"
    size = deck.title_size(layout)
    text_height = (title.height - 2 * 45720) / EMU_PT  # default top and bottom insets
    # the writer's measure (trainkit.writers.fit): 1.2 x size per line within 94 % of the height
    assert 2 * size * 1.2 <= text_height * 0.94, f"{name}: {text_height:.0f} pt holds less than two lines"
    assert title.top >= 0.3 * EMU_IN


def test_title_and_content_body_is_12_by_4_95_inches(deck):
    body = next(ph for ph in deck.layout("Title and Content").placeholders if ph.placeholder_format.idx == 1)
    assert (round(body.width / EMU_IN, 2), round(body.height / EMU_IN, 2)) == (12.0, 4.95)
    title = deck.layout("Title and Content").placeholders[0]
    assert title.top + title.height <= body.top


@pytest.mark.parametrize("name", BAND_LAYOUTS)
def test_title_slide_and_closing_keep_the_funding_band_free(deck, name):
    band_top = deck.prs.slide_height - BAND_HEIGHT
    layout = deck.layout(name)
    assert list(layout.placeholders)
    for ph in layout.placeholders:
        assert ph.top + ph.height <= band_top, f"{name}: {ph.name} reaches into the funding band"
    # nothing drawn in the band either (decoration ends above it)
    for shape in layout.shapes:
        assert shape.top + shape.height <= band_top, f"{name}: {shape.name} reaches into the funding band"


def test_notes_master_prints_a_16_9_slide_and_a_page_number_on_a_portrait_page(deck):
    notes_size = deck.prs.part._element.find("p:notesSz", NS)
    page_w, page_h = int(notes_size.get("cx")), int(notes_size.get("cy"))
    assert page_h > page_w
    assert (round(page_w / 36000), round(page_h / 36000)) in ((210, 297), (216, 279))  # A4 or Letter (mm)
    master = deck.prs.notes_master
    kinds = {ph.placeholder_format.type: ph for ph in master.placeholders}
    image, body = kinds[PP_PLACEHOLDER.SLIDE_IMAGE], kinds[PP_PLACEHOLDER.BODY]
    assert PP_PLACEHOLDER.SLIDE_NUMBER in kinds
    assert image.width / image.height == pytest.approx(deck.prs.slide_width / deck.prs.slide_height, rel=0.005)
    for ph in master.placeholders:
        assert 0 <= ph.left and ph.left + ph.width <= page_w and 0 <= ph.top and ph.top + ph.height <= page_h, ph.name
    assert body.top >= image.top + image.height
    assert body.height >= 3 * EMU_IN
    level1 = master._element.find("p:notesStyle/a:lvl1pPr/a:defRPr", NS)
    assert level1.get("sz") == "1200"


def test_the_branded_deck_differs_only_in_colours_and_names(decks):
    default, branded = decks["default"], decks["csei"]
    assert default.scheme != branded.scheme
    for ours, theirs in zip(default.prs.slide_layouts, branded.prs.slide_layouts):
        assert ours.name == theirs.name
        assert [(p.placeholder_format.idx, p.left, p.top, p.width, p.height) for p in ours.placeholders] == \
            [(p.placeholder_format.idx, p.left, p.top, p.width, p.height) for p in theirs.placeholders]


# --- documents ----------------------------------------------------------------------


class Styles:
    """A docx template's styles.xml, settings.xml and theme, read as XML."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as package:
            self.styles = etree.fromstring(package.read("word/styles.xml"))
            self.settings = etree.fromstring(package.read("word/settings.xml"))
            self.document = etree.fromstring(package.read("word/document.xml"))
            theme = etree.fromstring(package.read("word/theme/theme1.xml"))
        scheme = theme.find(".//a:clrScheme", NS)
        self.scheme = {etree.QName(slot).localname: slot.find("a:srgbClr", NS).get("val") for slot in scheme}

    def by_name(self, name: str):
        found = self.styles.xpath("./w:style[w:name/@w:val=$name]", namespaces=NS, name=name)
        assert found, f"no style {name!r}"
        return found[0]

    def has(self, style, path: str) -> bool:
        return style.find(path, NS) is not None

    def text_width(self) -> int:
        sect = self.document.find(".//w:sectPr", NS)
        width = int(sect.find("w:pgSz", NS).get(f"{{{NS['w']}}}w"))
        margins = sect.find("w:pgMar", NS)
        return width - int(margins.get(f"{{{NS['w']}}}left")) - int(margins.get(f"{{{NS['w']}}}right"))

    def theme_colour(self, name: str, tint: str | None, shade: str | None) -> str:
        slot = {"text1": "dk1", "text2": "dk2", "background1": "lt1", "background2": "lt2",
                "hyperlink": "hlink", "followedHyperlink": "folHlink", "dark1": "dk1", "light1": "lt1",
                "dark2": "dk2", "light2": "lt2"}.get(name, name)
        rgb = self.scheme[slot]
        if tint:
            t = int(tint, 16) / 255
            rgb = shift_lightness(rgb, t, 1 - t)
        if shade:
            rgb = shift_lightness(rgb, int(shade, 16) / 255, 0.0)
        return rgb


@pytest.fixture(params=[(key, name) for key in sorted(SETS) for name in FILES[1:]], ids=lambda p: "-".join(p))
def styles(request) -> Styles:
    key, name = request.param
    return Styles(SETS[key] / name)


def _attr(element, name: str) -> str | None:
    return element.get(f"{{{NS['w']}}}{name}")


def test_settings_zoom_has_the_required_percent(styles):
    zoom = styles.settings.find("w:zoom", NS)
    assert zoom is not None and _attr(zoom, "percent") is not None


def test_all_styles_the_writers_use_are_defined(styles):
    for name in ("Normal", "Title", "Subtitle", "heading 1", "heading 2", "heading 3", "heading 4", "Label",
                 "List Bullet", "List Bullet 2", "List Bullet 3", "List Number", "List Number 2",
                 "List Number 3", "List Continue", "List Continue 2", "List Continue 3", "caption", "Quote",
                 "Code", "Verbatim Char", "Hyperlink", "TOC Heading", "TOC 1", "TOC 2", "header", "footer",
                 "Trainkit Table", "Exercise", "Figure", "Aside", "Aside Label", "Aside Label Char",
                 "Field Label", "Field Label Char"):
        styles.by_name(name)


@pytest.mark.parametrize("name", ["footer", "header", "caption"])
def test_small_text_is_at_least_9_pt_with_4_5_to_1_contrast_on_the_page(styles, name):
    style = styles.by_name(name)
    size = int(_attr(style.find("w:rPr/w:sz", NS), "val"))
    assert size >= 18  # half-points
    colour = style.find("w:rPr/w:color", NS)
    assert contrast(_attr(colour, "val"), "FFFFFF") >= 4.5


def test_text_styles_reach_4_5_to_1_on_white_and_the_table_header_on_its_fill(styles):
    for name in ("Normal", "Title", "Subtitle", "heading 1", "heading 2", "heading 3", "heading 4", "Label",
                 "Quote", "Hyperlink", "Aside Label", "Field Label", "TOC 1", "TOC 2"):
        colour = styles.by_name(name).find("w:rPr/w:color", NS)
        if colour is None:  # Normal's colour is the document default
            colour = styles.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:color", NS)
        assert contrast(_attr(colour, "val"), "FFFFFF") >= 4.5, name
    for name in ("Aside", "Exercise"):  # body text on the box's shading
        fill = _attr(styles.by_name(name).find("w:pPr/w:shd", NS), "fill")
        text = _attr(styles.styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:color", NS), "val")
        assert contrast(text, fill) >= 4.5, name
    label = _attr(styles.by_name("Aside Label").find("w:rPr/w:color", NS), "val")
    assert contrast(label, _attr(styles.by_name("Aside").find("w:pPr/w:shd", NS), "fill")) >= 4.5
    header = styles.by_name("Trainkit Table").find('w:tblStylePr[@w:type="firstRow"]', NS)
    white = _attr(header.find("w:rPr/w:color", NS), "val")
    assert contrast(white, _attr(header.find("w:tcPr/w:shd", NS), "fill")) >= 4.5


def test_headings_and_labels_keep_with_next_and_keep_their_lines(styles):
    for name in ("heading 1", "heading 2", "heading 3", "heading 4", "Label", "Aside Label", "Field Label",
                 "TOC Heading"):
        style = styles.by_name(name)
        assert styles.has(style, "w:pPr/w:keepNext") and styles.has(style, "w:pPr/w:keepLines"), name
    assert styles.has(styles.by_name("Normal"), "w:pPr/w:widowControl")
    assert styles.has(styles.by_name("Figure"), "w:pPr/w:keepNext")
    for base in ("List Bullet", "List Number", "List Continue"):
        for suffix in ("", " 2", " 3"):
            assert styles.has(styles.by_name(base + suffix), "w:pPr/w:keepLines"), base + suffix


@pytest.mark.parametrize("name", ["TOC 1", "TOC 2"])
def test_contents_entries_have_a_dot_leader_tab_at_the_text_margin(styles, name):
    tabs = styles.by_name(name).findall("w:pPr/w:tabs/w:tab", NS)
    assert [(_attr(t, "val"), _attr(t, "leader"), int(_attr(t, "pos"))) for t in tabs] == \
        [("right", "dot", styles.text_width())]


def test_asides_and_field_labels_take_their_colours_from_the_theme(styles):
    aside = styles.by_name("Aside")
    shading = aside.find("w:pPr/w:shd", NS)
    assert _attr(shading, "themeFill") == "accent1"
    assert _attr(aside.find("w:pPr/w:pBdr/w:left", NS), "themeColor") == "accent1"
    label = styles.by_name("Aside Label")
    assert _attr(label.find("w:basedOn", NS), "val") == _attr(aside, "styleId")  # one box with the aside
    for name in ("Aside Label", "Aside Label Char", "Field Label", "Field Label Char"):
        rpr = styles.by_name(name).find("w:rPr", NS)
        assert rpr.find("w:b", NS) is not None, name
        assert _attr(rpr.find("w:color", NS), "themeColor"), name
    for name in ("Field Label", "Field Label Char"):  # what participants write under: plain and larger
        rpr = styles.by_name(name).find("w:rPr", NS)
        assert rpr.find("w:smallCaps", NS) is None and int(_attr(rpr.find("w:sz", NS), "val")) >= 22, name


def test_every_hex_colour_beside_a_theme_reference_matches_the_theme(styles):
    """Word draws the theme reference, LibreOffice the hex value: both must be the same colour."""
    checked = 0
    for element in styles.styles.iter():
        for ref, value, tint, shade in (("themeColor", "val" if etree.QName(element).localname == "color"
                                         else "color", "themeTint", "themeShade"),
                                        ("themeFill", "fill", "themeFillTint", "themeFillShade")):
            name = _attr(element, ref)
            if name is None or _attr(element, value) in (None, "auto"):
                continue
            expected = styles.theme_colour(name, _attr(element, tint), _attr(element, shade))
            assert _attr(element, value) == expected, (etree.QName(element).localname, name)
            checked += 1
    assert checked > 20


# --- schema validation ------------------------------------------------------------------

XSD_FILES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main": "wml.xsd",
    "http://schemas.openxmlformats.org/presentationml/2006/main": "pml.xsd",
    "http://schemas.openxmlformats.org/drawingml/2006/main": "dml-main.xsd",
    "http://schemas.openxmlformats.org/package/2006/content-types": "opc-contentTypes.xsd",
    "http://schemas.openxmlformats.org/package/2006/relationships": "opc-relationships.xsd",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "opc-coreProperties.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        "shared-documentPropertiesExtended.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/bibliography": "shared-bibliography.xsd",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml": "shared-customXmlDataProperties.xsd",
}
"""The part schemas of ISO/IEC 29500-4 (transitional) and 29500-2 (OPC); they import the rest."""

XSD_HELP = (
    "the ISO/IEC 29500 transitional schemas are not here: set TRAINKIT_OOXML_XSD to a folder holding "
    "the XSD files of ISO/IEC 29500-4 (wml.xsd, pml.xsd, dml-*.xsd, shared-*.xsd) and 29500-2 (opc-*.xsd), "
    "e.g. python-pptx's repository spec/ISO-IEC-29500-4/xsd plus spec/ISO-IEC-29500-2/opc-xsd"
)

# Small stand-ins for the two schemas the OOXML set imports from outside: the XML namespace
# (xml:space, xml:lang) and Dublin Core (core properties), which would otherwise be fetched
# from w3.org and dublincore.org.
_XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"'
_STUBS = {
    "http://www.w3.org/XML/1998/namespace": (
        "xml.xsd",
        f'<xs:schema {_XS} targetNamespace="http://www.w3.org/XML/1998/namespace">'
        '<xs:attribute name="lang" type="xs:language"/><xs:attribute name="space"><xs:simpleType>'
        '<xs:restriction base="xs:NCName"><xs:enumeration value="default"/><xs:enumeration value="preserve"/>'
        "</xs:restriction></xs:simpleType></xs:attribute></xs:schema>",
    ),
    "http://purl.org/dc/elements/1.1/": (
        "dc.xsd",
        f'<xs:schema {_XS} xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'targetNamespace="http://purl.org/dc/elements/1.1/" elementFormDefault="qualified">'
        '<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>'
        '<xs:complexType name="SimpleLiteral"><xs:simpleContent><xs:extension base="xs:string">'
        '<xs:attribute ref="xml:lang"/></xs:extension></xs:simpleContent></xs:complexType>'
        + "".join(f'<xs:element name="{n}" type="dc:SimpleLiteral"/>' for n in (
            "title", "creator", "subject", "description", "publisher", "contributor", "date", "type", "format",
            "identifier", "source", "language", "relation", "coverage", "rights"))
        + "</xs:schema>",
    ),
    "http://purl.org/dc/terms/": (
        "dcterms.xsd",
        f'<xs:schema {_XS} targetNamespace="http://purl.org/dc/terms/" elementFormDefault="qualified">'
        '<xs:complexType name="W3CDTF"><xs:simpleContent><xs:extension base="xs:dateTime"/></xs:simpleContent>'
        '</xs:complexType><xs:element name="created" type="xs:anyType"/>'
        '<xs:element name="modified" type="xs:anyType"/></xs:schema>',
    ),
}

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _xsd_folder() -> Path | None:
    """TRAINKIT_OOXML_XSD, else tests/schemas/ooxml, else shared/ooxml-xsd beside any parent folder."""
    candidates = [Path(os.environ["TRAINKIT_OOXML_XSD"])] if os.environ.get("TRAINKIT_OOXML_XSD") else []
    candidates.append(Path(__file__).parent / "schemas" / "ooxml")
    candidates.extend(parent / "shared" / "ooxml-xsd" for parent in ROOT.parents)
    return next((c for c in candidates if (c / "wml.xsd").is_file() and (c / "pml.xsd").is_file()), None)


@pytest.fixture(scope="module")
def schema(tmp_path_factory) -> etree.XMLSchema:
    folder = _xsd_folder()
    if folder is None:
        pytest.skip(XSD_HELP)
    stubs = tmp_path_factory.mktemp("xsd-stubs")
    imports = []
    # The stand-ins are imported first: a namespace is loaded once, so the OOXML schemas'
    # own imports of it (with remote or no locations) are skipped.
    for namespace, (name, text) in _STUBS.items():
        (stubs / name).write_text(text, encoding="utf-8")
        imports.append((namespace, (stubs / name).as_uri()))
    imports.extend((namespace, (folder / name).as_uri()) for namespace, name in XSD_FILES.items())
    driver = (f'<xs:schema {_XS}>'
              + "".join(f'<xs:import namespace="{ns}" schemaLocation="{uri}"/>' for ns, uri in imports)
              + "</xs:schema>")
    return etree.XMLSchema(etree.fromstring(driver, base_url=(stubs / "driver.xsd").as_uri()))


def markup_compatibility(root: etree._Element) -> etree._Element:
    """Process a part as a consumer that understands no extension namespaces (ISO/IEC 29500-3):
    drop elements and attributes of the ignorable namespaces, take each AlternateContent's
    Fallback, and drop the mc attributes."""
    ignorable: set[str] = set()
    for element in root.iter():
        prefixes = element.get(f"{{{MC}}}Ignorable")
        if prefixes:
            ignorable.update(element.nsmap[p] for p in prefixes.split())
    for alternate in list(root.iter(f"{{{MC}}}AlternateContent")):
        fallback = alternate.find(f"{{{MC}}}Fallback")
        for child in (list(fallback) if fallback is not None else []):
            alternate.addprevious(child)
        alternate.getparent().remove(alternate)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).namespace in ignorable and element.getparent() is not None:
            element.getparent().remove(element)
            continue
        for name in list(element.attrib):
            if etree.QName(name).namespace in ignorable or etree.QName(name).namespace == MC:
                del element.attrib[name]
    return root


def test_markup_compatibility_drops_ignorable_content():
    root = etree.fromstring(
        f'<w:settings xmlns:w="{NS["w"]}" xmlns:mc="{MC}" xmlns:w14="urn:x-w14" mc:Ignorable="w14">'
        '<w:zoom w:percent="100" w14:extra="1"/><w14:docId w14:val="1"/></w:settings>')
    processed = markup_compatibility(root)
    assert [etree.QName(c).localname for c in processed] == ["zoom"]
    assert dict(processed[0].attrib) == {f"{{{NS['w']}}}percent": "100"}


@pytest.mark.parametrize("key,name", [(key, name) for key in sorted(SETS) for name in FILES])
def test_every_xml_part_is_valid_against_the_transitional_schemas(schema, key, name):
    problems = []
    with zipfile.ZipFile(SETS[key] / name) as package:
        for part in sorted(package.namelist()):
            if not part.endswith((".xml", ".rels")):
                continue
            root = markup_compatibility(etree.fromstring(package.read(part)))
            if not schema.validate(root):
                problems.extend(f"{part}:{e.line}: {e.message}" for e in schema.error_log)
    assert not problems, "\n".join(problems)


def test_schema_validation_catches_the_old_zoom_defect(schema):
    settings = etree.fromstring(f'<w:settings xmlns:w="{NS["w"]}"><w:zoom w:val="bestFit"/></w:settings>')
    assert not schema.validate(settings)
    assert "percent" in str(schema.error_log)


# --- the script --------------------------------------------------------------------------


@pytest.mark.parametrize("brand", sorted(SETS))
def test_the_script_makes_the_committed_files_byte_for_byte_every_time(tmp_path, brand):
    outputs = []
    for run in ("first", "second"):
        out = tmp_path / run
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_templates.py"), "--brand", brand,
                        "--out", str(out)], check=True, capture_output=True, cwd=ROOT)
        outputs.append({name: (out / name).read_bytes() for name in FILES})
    assert outputs[0] == outputs[1]
    committed = {name: (SETS[brand] / name).read_bytes() for name in FILES}
    stale = [name for name in FILES if committed[name] != outputs[0][name]]
    assert not stale, f"run python scripts/make_templates.py: {stale} differ from what it makes"
