"""Language versions of images: ``img/x.de.png`` replaces ``img/x.png`` in German outputs."""

from __future__ import annotations

import hashlib

from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE


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
