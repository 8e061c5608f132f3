"""Pictures per language: ``img/x.de.png`` replaces ``img/x.png`` in German outputs, and an SVG's labels
are translated through the module's catalog."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from babel.messages.pofile import read_po, write_po
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from trainkit.pictures import rasterize_svg


def _picture_digests(path):
    found = set()
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or getattr(shape, "image", None) is not None:
                try:
                    found.add(hashlib.sha256(shape.image.blob).hexdigest())
                except (AttributeError, ValueError):
                    pass
    return found


def test_language_version_of_an_image_is_used_in_that_language(make_project, run):
    project = make_project("full")
    img = project / "modules" / "img"
    Image.new("RGB", (400, 200), (200, 30, 30)).save(img / "wide.de.png")
    source = hashlib.sha256((img / "wide.png").read_bytes()).hexdigest()
    german = hashlib.sha256((img / "wide.de.png").read_bytes()).hexdigest()
    result = run(project, "build", "--module", "full-syntax", "--format", "slides", "--lang", "en", "--lang", "de")
    assert result.exit_code == 0, result.output
    de = _picture_digests(project / "build/de/full-syntax/slides.pptx")
    en = _picture_digests(project / "build/en/full-syntax/slides.pptx")
    assert german in de and source not in de
    assert source in en and german not in en


def test_broken_language_version_is_a_located_error(make_project, run):
    project = make_project("full")
    (project / "modules" / "img" / "wide.pl.png").write_text("not a picture")
    result = run(project, "validate")
    assert result.exit_code == 1
    assert ("modules/full-syntax.md:68: error: 'img/wide.pl.png' is not a readable image: not a picture trainkit "
            "can read; use PNG, JPEG, GIF or SVG [image.invalid]") in result.stderr.splitlines()


def test_a_translated_diagram_label_is_in_the_german_deck_s_svg_and_its_png_fallback(diagram_project, run):
    project = diagram_project
    assert run(project, "i18n", "update", "--lang", "de").exit_code == 0
    po = project / "locales" / "de" / "hello.po"
    with po.open("rb") as handle:
        catalog = read_po(handle)
    assert catalog.get("Social enterprise") is not None, "diagram labels are messages of the module's catalog"
    catalog["Social enterprise"].string = "Sozialunternehmen"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    result = run(project, "build", "--format", "slides")
    assert result.exit_code == 0, result.stderr

    def picture(language: str) -> tuple[bytes, bytes]:
        with zipfile.ZipFile(project / "build" / language / "hello" / "slides.pptx") as deck:
            media = {name: deck.read(name) for name in deck.namelist() if name.startswith("ppt/media/")}
        svgs = [data for name, data in media.items() if name.endswith(".svg") and b"ecosystem" in data]
        pngs = [data for name, data in media.items() if name.endswith(".png")
                and Image.open(io.BytesIO(data)).width > 1000]  # the fallback, not the emblem or logo
        assert len(svgs) == 1 and len(pngs) == 1, sorted(media)
        return svgs[0], pngs[0]

    german_svg, german_png = picture("de")
    english_svg, english_png = picture("en")
    assert re.search(rb">\s*Sozialunternehmen\s*<", german_svg) and b"Social enterprise" not in german_svg
    assert b"Social enterprise" in english_svg
    width = Image.open(io.BytesIO(german_png)).width
    # the fallback is the German drawing (and not the English one), rendered at the size shown
    assert german_png == rasterize_svg(german_svg, width) != rasterize_svg(english_svg, width)
    assert english_png == rasterize_svg(english_svg, width)
