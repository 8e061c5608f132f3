"""SVG pictures in pptx and docx as Office 2016+ stores them: a PNG blip with an SVG blip extension.

The picture's ``a:blip r:embed`` points to the PNG part, which every reader shows; Office 2016
and later draw the ``image/svg+xml`` part named by the ``asvg:svgBlip`` extension instead, so
the picture stays vector and its text sharp. This is the only module that adds SVG parts to a
package. Parts are added through python-pptx's and python-docx's package APIs: the PNG through
their own ``add_picture`` (which stores an identical PNG once), the SVG as a part named like
their image parts and likewise stored once per package, so the same inputs give the same
parts in the same order.
"""

from __future__ import annotations

import io

from docx.opc.constants import RELATIONSHIP_TYPE as DOCX_RT
from docx.opc.packuri import PackURI as DocxPackURI
from docx.parts.image import ImagePart as DocxImagePart
from docx.shared import Emu as DocxEmu
from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as PPTX_RT
from pptx.opc.package import Part as PptxPart
from pptx.util import Emu

SVG_CONTENT_TYPE = "image/svg+xml"
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
"""The ``a:ext`` uri Office gives the SVG blip extension."""
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"


def add_svg_picture(slide, svg: bytes, png: bytes, left: int, top: int, width: int, height: int, descr: str):
    """A picture shape on ``slide`` (EMU position and size) showing ``svg``, with ``png`` as its
    fallback and ``descr`` as its alt text; returns the python-pptx Picture.

    ``svg`` should come from trainkit.pictures (checked); ``png`` from ``rasterize_svg``."""
    picture = slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(top), Emu(width), Emu(height))
    picture._element.find(f"{{{_P}}}nvPicPr/{{{_P}}}cNvPr").set("descr", descr)
    svg_part = _pptx_svg_part(slide.part.package, svg)
    r_id = slide.part.relate_to(svg_part, PPTX_RT.IMAGE)
    _add_svg_blip(picture._element.find(f".//{{{_A}}}blip"), r_id)
    return picture


def add_svg_run_picture(run, svg: bytes, png: bytes, width_emu: int, height_emu: int, descr: str):
    """An inline picture in the python-docx ``run`` showing ``svg``, with ``png`` as its fallback
    and ``descr`` as its alt text; returns the python-docx InlineShape."""
    shape = run.add_picture(io.BytesIO(png), width=DocxEmu(width_emu), height=DocxEmu(height_emu))
    inline = shape._inline
    for tag in (f"{{{_WP}}}docPr", f"{{{_PIC}}}cNvPr"):
        for element in inline.iter(tag):
            element.set("descr", descr)
    story = run.part
    svg_part = _docx_svg_part(story.package, svg)
    r_id = story.relate_to(svg_part, DOCX_RT.IMAGE)
    _add_svg_blip(inline.find(f".//{{{_A}}}blip"), r_id)
    return shape


def _add_svg_blip(blip: etree._Element, r_id: str) -> None:
    """``<a:extLst><a:ext uri=…><asvg:svgBlip r:embed=…/></a:ext></a:extLst>`` as the blip's last
    child (the schema puts extLst after every effect)."""
    ext_lst = blip.find(f"{{{_A}}}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(blip, f"{{{_A}}}extLst")
    ext = etree.SubElement(ext_lst, f"{{{_A}}}ext", uri=SVG_BLIP_URI)
    svg_blip = etree.SubElement(ext, f"{{{ASVG_NS}}}svgBlip", nsmap={"asvg": ASVG_NS})
    svg_blip.set(f"{{{_R}}}embed", r_id)


def _existing_svg_part(package, svg: bytes):
    """The package's SVG part holding exactly ``svg``, if any (an SVG used twice is stored once)."""
    for part in package.iter_parts():
        if part.content_type == SVG_CONTENT_TYPE and part.blob == svg:
            return part
    return None


def _pptx_svg_part(package, svg: bytes):
    """python-pptx reads an SVG part back as a plain Part; it is created as one too, named by the
    package's own image numbering (``/ppt/media/imageN.svg``)."""
    existing = _existing_svg_part(package, svg)
    if existing is not None:
        return existing
    return PptxPart(package.next_image_partname("svg"), SVG_CONTENT_TYPE, package, svg)


def _docx_svg_part(package, svg: bytes):
    """python-docx reads every image-relationship target back as its ImagePart; the SVG part is
    one too, and joins the package's image parts so later pictures are numbered after it."""
    existing = _existing_svg_part(package, svg)
    if existing is not None:
        return existing
    used = {part.partname.idx for part in package.image_parts}
    number = next(n for n in range(1, len(used) + 2) if n not in used)
    part = DocxImagePart(DocxPackURI(f"/word/media/image{number}.svg"), SVG_CONTENT_TYPE, svg)
    package.image_parts.append(part)
    return part
