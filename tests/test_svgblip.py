"""SVG pictures in pptx and docx: the PNG fallback in a:blip, the SVG part through the svgBlip
extension, stored once, saved identically, and readable by python-pptx, python-docx and LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from docx import Document
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from trainkit.pictures import load_picture, rasterize_svg
from trainkit.writers.ooxml import normalise_zip
from trainkit.writers.svgblip import ASVG_NS, SVG_BLIP_URI, add_svg_picture, add_svg_run_picture

HERE = Path(__file__).parent / "pictures"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
STAMP = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
BOX_BLUE = (0xd6, 0xe6, 0xf5)
"""Fill of the first box in labels.svg: seen in a rendering, the picture is there."""


@pytest.fixture(scope="module")
def diagram() -> tuple[bytes, bytes]:
    """labels.svg as checked, and its PNG fallback."""
    svg = load_picture(HERE / "labels.svg").data
    return svg, rasterize_svg(svg, 1280)


@pytest.fixture(scope="module")
def other() -> tuple[bytes, bytes]:
    """A second SVG: labels.svg with its first box grey."""
    svg = load_picture(HERE / "labels.svg").data.replace(b"#d6e6f5", b"#aaaaaa")
    return svg, rasterize_svg(svg, 640)


def make_deck(diagram, other) -> bytes:
    """Three slides: the diagram, the diagram again, another SVG."""
    prs = Presentation()
    for n, (svg, png) in enumerate((diagram, diagram, other)):
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        add_svg_picture(slide, svg, png, Inches(1), Inches(1), Inches(8), Inches(4.5), f"Diagram {n + 1}")
    buffer = io.BytesIO()
    prs.save(buffer)
    return normalise_zip(buffer.getvalue(), STAMP)


def make_document(diagram, other) -> bytes:
    document = Document()
    for n, (svg, png) in enumerate((diagram, diagram, other)):
        run = document.add_paragraph().add_run()
        add_svg_run_picture(run, svg, png, Inches(6), Inches(3.375), f"Diagram {n + 1}")
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), STAMP)


def content_type(package: zipfile.ZipFile, member: str) -> str:
    """The content type [Content_Types].xml gives a part, by Override or by extension Default."""
    types = etree.fromstring(package.read("[Content_Types].xml"))
    for override in types.iter(f"{{{CT}}}Override"):
        if override.get("PartName") == "/" + member:
            return override.get("ContentType")
    extension = member.rsplit(".", 1)[-1]
    for default in types.iter(f"{{{CT}}}Default"):
        if default.get("Extension").lower() == extension:
            return default.get("ContentType")
    raise AssertionError(f"no content type for {member}")


def pictures_in(package: zipfile.ZipFile, member: str) -> list[dict]:
    """Each picture of a slide or document part: alt text, and the members its blip and svgBlip
    relationships resolve to."""
    part = PurePosixPath(member)
    rels = etree.fromstring(package.read(str(part.parent / "_rels" / (part.name + ".rels"))))
    targets = {rel.get("Id"): rel for rel in rels.iter(f"{{{PR}}}Relationship")}

    def resolve(r_id: str) -> str:
        rel = targets[r_id]
        assert rel.get("Type").endswith("/image") and rel.get("TargetMode") is None
        return str(PurePosixPath(*_normalised((part.parent / rel.get("Target")).parts)))

    found = []
    root = etree.fromstring(package.read(member))
    for blip in root.iter(f"{{{A}}}blip"):
        exts = blip.findall(f"{{{A}}}extLst/{{{A}}}ext")
        svg_blips = [e.find(f"{{{ASVG_NS}}}svgBlip") for e in exts if e.get("uri") == SVG_BLIP_URI]
        pic = next(blip.iterancestors("{*}pic"))
        found.append({
            "descr": next(e.get("descr") for e in pic.iter("{*}cNvPr")),
            "png": resolve(blip.get(f"{{{R}}}embed")),
            "svg": [resolve(s.get(f"{{{R}}}embed")) for s in svg_blips],
            "last_child_is_extLst": blip[-1].tag == f"{{{A}}}extLst",
        })
    return found


def _normalised(parts: tuple[str, ...]) -> list[str]:
    out: list[str] = []
    for piece in parts:
        if piece == "..":
            out.pop()
        elif piece not in (".", ""):
            out.append(piece)
    return out


def test_a_deck_shows_the_png_and_points_office_to_the_svg(diagram, other):
    data = make_deck(diagram, other)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        slides = [pictures_in(package, f"ppt/slides/slide{n}.xml") for n in (1, 2, 3)]
        assert [len(s) for s in slides] == [1, 1, 1]
        first, again, another = (s[0] for s in slides)
        assert [p["descr"] for p in (first, again, another)] == ["Diagram 1", "Diagram 2", "Diagram 3"]
        assert first["svg"] == again["svg"] and first["png"] == again["png"], "an SVG used twice is stored once"
        assert another["svg"] != first["svg"]
        assert all(p["last_child_is_extLst"] and len(p["svg"]) == 1 for p in (first, again, another))
        assert package.read(first["svg"][0]) == diagram[0] and package.read(another["svg"][0]) == other[0]
        assert package.read(first["png"]) == diagram[1]
        assert content_type(package, first["svg"][0]) == "image/svg+xml"
        assert content_type(package, first["png"]) == "image/png"
        assert sorted(n for n in package.namelist() if n.startswith("ppt/media/")) == [
            "ppt/media/image1.png", "ppt/media/image2.svg", "ppt/media/image3.png", "ppt/media/image4.svg"]


def test_a_document_shows_the_png_and_points_word_to_the_svg(diagram, other):
    data = make_document(diagram, other)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        found = pictures_in(package, "word/document.xml")
        assert [p["descr"] for p in found] == ["Diagram 1", "Diagram 2", "Diagram 3"]
        first, again, another = found
        assert first["svg"] == again["svg"] != another["svg"]
        assert package.read(first["svg"][0]) == diagram[0] and package.read(first["png"]) == diagram[1]
        assert content_type(package, first["svg"][0]) == "image/svg+xml"
        assert sorted(n for n in package.namelist() if n.startswith("word/media/")) == [
            "word/media/image1.png", "word/media/image2.svg", "word/media/image3.png", "word/media/image4.svg"]
        body = package.read("word/document.xml").decode()
        assert len(re.findall(r'<wp:docPr [^>]*descr="Diagram \d"', body)) == 3


def test_saving_twice_gives_the_same_bytes(diagram, other):
    assert make_deck(diagram, other) == make_deck(diagram, other)
    assert make_document(diagram, other) == make_document(diagram, other)


def test_python_pptx_reopens_the_deck_and_reuses_the_stored_svg(diagram, other):
    prs = Presentation(io.BytesIO(make_deck(diagram, other)))
    picture = next(iter(prs.slides[0].shapes))
    assert picture.image.content_type == "image/png" and picture.image.blob == diagram[1]
    svg_id = picture._element.find(f".//{{{ASVG_NS}}}svgBlip").get(f"{{{R}}}embed")
    svg_part = prs.slides[0].part.related_part(svg_id)
    assert (svg_part.content_type, svg_part.blob) == ("image/svg+xml", diagram[0])
    # a slide added to the reopened deck finds the SVG already there
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    add_svg_picture(slide, *diagram, 0, 0, Inches(4), Inches(2.25), "Again")
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        assert sum(n.endswith(".svg") for n in package.namelist()) == 2
        assert pictures_in(package, "ppt/slides/slide4.xml")[0]["svg"] == ["ppt/media/image2.svg"]


def test_python_docx_reopens_the_document_and_numbers_new_pictures_after_the_svgs(diagram, other):
    document = Document(io.BytesIO(make_document(diagram, other)))
    shape = document.inline_shapes[0]
    blip = shape._inline.find(f".//{{{A}}}blip")
    svg_part = document.part.related_parts[blip.find(f".//{{{ASVG_NS}}}svgBlip").get(f"{{{R}}}embed")]
    assert (svg_part.content_type, svg_part.blob) == ("image/svg+xml", diagram[0])
    assert document.part.related_parts[blip.get(f"{{{R}}}embed")].blob == diagram[1]
    plain = io.BytesIO()
    Image.new("RGB", (10, 10), "green").save(plain, "PNG")
    document.add_paragraph().add_run().add_picture(plain, width=Inches(1))
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        assert "word/media/image5.png" in package.namelist()


def _render_or_skip() -> str:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: the rendering check needs it to make a PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed: the rendering check reads the PDF with it")
    return soffice


def test_libreoffice_converts_both_and_draws_the_picture(diagram, other, tmp_path):
    """LibreOffice 7.4 draws the PNG fallback (later versions may draw the SVG): either way the
    picture is on the page, not a blank or a broken-image frame."""
    soffice = _render_or_skip()
    deck, document = tmp_path / "deck.pptx", tmp_path / "document.docx"
    deck.write_bytes(make_deck(diagram, other))
    document.write_bytes(make_document(diagram, other))
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(deck), str(document)],
        capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr
    for name in ("deck", "document"):
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.is_file(), done.stdout + done.stderr
        subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / name)],
                       check=True, timeout=60)
        page = next(tmp_path.glob(f"{name}-*1.png"))
        with Image.open(page) as image:
            rgb = image.convert("RGB").tobytes()
            pixels = zip(rgb[0::3], rgb[1::3], rgb[2::3])
            blue = sum(1 for p in pixels if all(abs(a - b) <= 8 for a, b in zip(p, BOX_BLUE)))
            assert blue > 100, f"{name}: the diagram's blue box is not on the first page"
