"""Pictures: raster formats kept or converted, hostile files refused with their line, SVG rendered
to PNG with the system's fonts, and diagram labels listed and translated into their boxes."""

from __future__ import annotations

import base64
import io
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageFont

from trainkit import pictures
from trainkit.pictures import (
    Label, PictureError, fallback_width_px, load_picture, rasterize_svg, sanitize_svg, svg_labels,
    translate_svg,
)

HERE = Path(__file__).parent / "pictures"
LABELS = HERE / "labels.svg"
LIBERATION = Path("/usr/share/fonts/truetype/liberation")


def save(tmp_path: Path, name: str, image: Image.Image | list[Image.Image], fmt: str, **options) -> Path:
    """Write a picture made with Pillow; a list is saved as an animation."""
    path = tmp_path / name
    if isinstance(image, list):
        image[0].save(path, fmt, save_all=True, append_images=image[1:], **options)
    else:
        image.save(path, fmt, **options)
    return path


def png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def svg_file(tmp_path: Path, body: str, attributes: str = 'width="100" height="100"', name: str = "x.svg") -> Path:
    path = tmp_path / name
    path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
                    f'{attributes}>\n{body}\n</svg>\n', encoding="utf-8")
    return path


def refused(path: Path) -> PictureError:
    with pytest.raises(PictureError) as caught:
        load_picture(path)
    return caught.value


# --- raster pictures ------------------------------------------------------------------------


def test_png_jpeg_and_still_gif_are_embedded_as_they_are(tmp_path):
    for name, fmt, kind in (("a.png", "PNG", "png"), ("b.jpg", "JPEG", "jpeg"), ("c.gif", "GIF", "gif")):
        path = save(tmp_path, name, Image.new("RGB", (40, 30), (200, 30, 30)), fmt)
        picture = load_picture(path)
        assert (picture.kind, picture.width_px, picture.height_px) == (kind, 40, 30)
        assert picture.data == path.read_bytes()
        assert picture.warnings == ()


def test_webp_and_tiff_are_converted_to_png_with_their_pixels(tmp_path):
    image = Image.new("RGB", (24, 16), (10, 120, 200))
    image.putpixel((3, 4), (250, 250, 0))
    for name, fmt, options in (("a.webp", "WEBP", {"lossless": True}), ("b.tiff", "TIFF", {}),
                               ("c.bmp", "BMP", {})):
        picture = load_picture(save(tmp_path, name, image, fmt, **options))
        assert (picture.kind, picture.source_format, picture.width_px, picture.height_px) == ("png", fmt, 24, 16)
        with Image.open(io.BytesIO(picture.data)) as converted:
            assert converted.format == "PNG"
            assert converted.convert("RGB").getpixel((3, 4)) == (250, 250, 0)
            assert converted.convert("RGB").getpixel((10, 10)) == (10, 120, 200)


def test_a_cmyk_tiff_becomes_an_rgb_png(tmp_path):
    picture = load_picture(save(tmp_path, "print.tif", Image.new("CMYK", (8, 8), (0, 255, 255, 0)), "TIFF"))
    with Image.open(io.BytesIO(picture.data)) as converted:
        assert converted.mode == "RGB" and converted.getpixel((0, 0)) == (255, 0, 0)


def test_an_animated_gif_keeps_its_first_frame_and_says_so(tmp_path):
    frames = [Image.new("P", (20, 20), colour) for colour in (1, 2, 3)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
    picture = load_picture(save(tmp_path, "spin.gif", frames, "GIF", duration=100, loop=0))
    assert picture.kind == "png"
    assert [str(w) for w in picture.warnings] == ["animated GIF has 3 frames; only the first is shown"]
    with Image.open(io.BytesIO(picture.data)) as first:
        assert getattr(first, "n_frames", 1) == 1
        assert first.convert("RGB").getpixel((5, 5)) == (255, 0, 0)


@pytest.mark.parametrize("width, height", [(10_000, 10_000), (50_000, 50_000)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(tmp_path, width, height):
    # 10^8 pixels is past Pillow's warning limit, 2.5 * 10^9 past its error limit: both refused
    path = tmp_path / "bomb.png"
    path.write_bytes(png_declaring(width, height))
    assert path.stat().st_size < 200
    assert "more than 89,478,485 pixels" in refused(path).message


def test_a_truncated_png_is_refused(tmp_path):
    noise = Image.frombytes("L", (64, 64), bytes(range(256)) * 16)
    whole = save(tmp_path, "whole.png", noise, "PNG").read_bytes()
    path = tmp_path / "cut.png"
    path.write_bytes(whole[: len(whole) // 2])
    error = refused(path)
    assert error.message.startswith("picture is damaged or truncated")
    assert error.line == 0


def test_files_that_are_not_pictures_are_refused(tmp_path):
    path = tmp_path / "notes.png"
    path.write_bytes(b"\x00\x01 just some bytes, not a picture")
    assert refused(path).message == "not a picture trainkit can read; use PNG, JPEG, GIF or SVG"
    compressed = tmp_path / "x.svgz"
    compressed.write_bytes(b"\x1f\x8b\x08\x00")
    assert "compressed SVG (.svgz) is not supported" in refused(compressed).message


def test_postscript_is_refused_so_ghostscript_never_runs(tmp_path):
    path = save(tmp_path, "logo.eps", Image.new("RGB", (8, 8), "red"), "EPS")
    assert refused(path).message == "not a picture trainkit can read; use PNG, JPEG, GIF or SVG"


def test_a_file_over_the_size_cap_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.png"
    with path.open("wb") as file:
        file.truncate(pictures.MAX_FILE_BYTES + 1)  # sparse: no disk used
    assert refused(path).message == "picture has 52,428,801 bytes; pictures may have at most 50 MB"


# --- SVG: what is kept ----------------------------------------------------------------------


def test_an_svg_is_kept_as_vector_with_its_size_title_and_description():
    picture = load_picture(LABELS)
    assert (picture.kind, picture.source_format, picture.width_px, picture.height_px) == ("svg", "SVG", 640, 360)
    text = picture.data.decode()
    assert "<title>Support ecosystem</title>" in text and "<desc>Three boxes" in text
    assert "<!--" not in text, "comments are dropped"
    assert sanitize_svg(picture.data) == picture.data, "checking is idempotent"
    assert sanitize_svg(LABELS.read_bytes()) == picture.data


@pytest.mark.parametrize("attributes, size", [
    ('viewBox="0 0 300 150"', (300, 150)),
    ('width="50mm" height="25mm"', (188.98, 94.49)),
    ('width="200" viewBox="0 0 100 50"', (200, 100)),
    ('width="100%" height="100%" viewBox="0 0 40 30"', (40, 30)),
    ('width="12pt" height="1in"', (16, 96)),
    ('width="auto" height="30" viewBox="0 0 20 10"', (60, 30)),
])
def test_the_natural_size_comes_from_width_height_and_viewbox(tmp_path, attributes, size):
    picture = load_picture(svg_file(tmp_path, "<rect width='1' height='1'/>", attributes))
    assert (round(picture.width_px, 2), round(picture.height_px, 2)) == size
    root = re.search(rb"<svg[^>]*>", picture.data).group(0).decode()
    assert f'width="{pictures._num(size[0])}"' in root, "the size is written out for Office"


def test_an_svg_without_any_size_is_refused(tmp_path):
    error = refused(svg_file(tmp_path, "<rect width='1' height='1'/>", ""))
    assert (error.message, error.line) == ("SVG has neither width and height nor a viewBox; give it a viewBox", 1)


def test_editor_metadata_is_dropped_and_flowed_text_is_reported(tmp_path):
    path = tmp_path / "inkscape.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"\n'
        '     xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" width="10" height="10"\n'
        '     inkscape:version="1.2" sodipodi:docname="/home/me/secret/x.svg">\n'
        '  <sodipodi:namedview inkscape:zoom="2"/>\n'
        '  <g inkscape:label="Layer 1" inkscape:groupmode="layer"><rect width="5" height="5"/></g>\n'
        '  <flowRoot><flowPara>Lost text</flowPara></flowRoot>\n'
        '</svg>\n', encoding="utf-8")
    picture = load_picture(path)
    assert b"inkscape" not in picture.data and b"sodipodi" not in picture.data and b"secret" not in picture.data
    assert b'<rect height="5" width="5"></rect>' in picture.data
    assert [(w.line, str(w)) for w in picture.warnings] == [
        (6, "<flowRoot> is not an SVG element Office and LibreOffice draw; it is left out "
            "(Inkscape flowed text: use Text > Convert to Text)")]


def test_embedded_png_and_jpeg_and_internal_references_are_allowed(tmp_path):
    png = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 128, 0)).save(png, "PNG")
    data = base64.b64encode(png.getvalue()).decode()
    picture = load_picture(svg_file(tmp_path, f"""
  <defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>
        <rect id="box" width="10" height="10"/></defs>
  <use href="#box" fill="url(#g)"/><use xlink:href="#box" x="20" style="fill:url('#g')"/>
  <image href="data:image/png;base64,{data}" width="4" height="4"/>
  <a href="#box"><text y="50">internal link</text></a>"""))
    assert picture.kind == "svg" and picture.warnings == ()


# --- SVG: hostile files ---------------------------------------------------------------------


@pytest.mark.parametrize("name, line, message", [
    ("external-entity.svg", 2, "SVG has a <!DOCTYPE> declaration; remove it (pictures may not declare entities "
                               "or load DTDs)"),
    ("laughs.svg", 2, "SVG has a <!DOCTYPE> declaration; remove it (pictures may not declare entities or load DTDs)"),
    ("script.svg", 4, "<script> is not allowed in pictures"),
    ("onload.svg", 2, "event handler attribute 'onload' is not allowed in pictures"),
    ("passwd-link.svg", 5, "<image> refers to 'file:///etc/passwd'; pictures may only refer to '#id' inside the "
                           "SVG and embed PNG or JPEG as data: URIs"),
    ("remote-image.svg", 4, "<image> refers to 'http://example.org/tracker.png'; pictures may only refer to "
                            "'#id' inside the SVG and embed PNG or JPEG as data: URIs"),
    ("huge.svg", 2, "SVG width 1000000 px is not between 0 and 20000 px"),
])
def test_hostile_svg_files_are_refused_at_their_line(name, line, message):
    """The line is where the offending element's start tag ends (libxml2's element line)."""
    error = refused(HERE / name)
    assert (error.line, error.message) == (line, message)


def test_an_entity_hidden_by_another_encoding_is_still_refused(tmp_path):
    # in UTF-16 the raw bytes hold no "<!DOCTYPE"; the parsed document still shows it
    path = tmp_path / "utf16.svg"
    path.write_bytes((HERE / "external-entity.svg").read_text().replace('encoding="UTF-8"', 'encoding="UTF-16"')
                     .encode("utf-16"))
    error = refused(path)
    assert "DOCTYPE" in error.message
    passwd = Path("/etc/passwd").read_text().split(":")[0]
    with pytest.raises(PictureError):
        svg_labels(path.read_bytes())
    assert passwd not in error.message


@pytest.mark.parametrize("body, message", [
    ('<rect style="fill:url(http://evil.example/x.svg#p)" width="1" height="1"/>',
     "CSS url(http://evil.example/x.svg#p) refers outside the SVG; only url(#id) is allowed"),
    ('<rect fill="url(file:///etc/passwd#x)" width="1" height="1"/>',
     "CSS url(file:///etc/passwd#x) refers outside the SVG; only url(#id) is allowed"),
    ('<style>@import url("https://evil.example/x.css");</style>', "@import is not allowed in a picture's CSS"),
    ('<style>rect {}<x/>@import url("https://evil.example/x.css");</style>',
     "@import is not allowed in a picture's CSS"),
    ("<style>@font-face { font-family: X; src: local(Arial) }</style>",
     "@font-face is not allowed in a picture's CSS"),
    (r'<rect style="fill:\75rl(http://e.example/)" width="1" height="1"/>',
     "CSS escapes is not allowed in a picture's CSS"),
    ('<use href="other.svg#shape"/>', "<use> refers to 'other.svg#shape'; pictures may only refer to '#id' "
                                      "inside the SVG and embed PNG or JPEG as data: URIs"),
    ('<a href="https://example.org"><text>x</text></a>',
     "<a> refers to 'https://example.org'; pictures may only refer to '#id' inside the SVG and embed PNG or JPEG "
     "as data: URIs"),
    ('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="1" height="1"/>',
     "<image> refers to 'data:image/svg+xml;base64,PHN2Zy8+'; pictures may only refer to '#id' inside the SVG "
     "and embed PNG or JPEG as data: URIs"),
    ('<foreignObject width="9" height="9"><p xmlns="http://www.w3.org/1999/xhtml">hi</p></foreignObject>',
     "<foreignObject> (HTML inside SVG) is not allowed; export the diagram with its labels as SVG text "
     "(in diagrams.net: untick 'Embed fonts', tick 'Convert labels to SVG')"),
    ('<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>', "<set> may not change 'href'"),
    ('<rect width="1" height="1" ONCLICK="alert(1)"/>', "event handler attribute 'ONCLICK' is not allowed in pictures"),
    ('<g id="a"><use href="#a"/></g>', "<use> refers to an element that contains it"),
])
def test_references_outside_the_svg_and_active_content_are_refused(tmp_path, body, message):
    error = refused(svg_file(tmp_path, body))
    assert (error.line, error.message) == (2, message)


def test_an_embedded_decompression_bomb_is_refused(tmp_path):
    data = base64.b64encode(png_declaring(50_000, 50_000)).decode()
    error = refused(svg_file(tmp_path, f'<image href="data:image/png;base64,{data}" width="1" height="1"/>'))
    assert error.line == 2 and error.message.startswith("embedded picture: picture declares more than")


def test_a_use_bomb_is_refused(tmp_path):
    # seven levels of ten <use> each would draw ten million rectangles from 71 elements
    levels = ['<g id="l0"><rect width="1" height="1"/></g>']
    levels += [f'<g id="l{n}">' + "".join(f'<use href="#l{n - 1}" x="{j}"/>' for j in range(10)) + "</g>"
               for n in range(1, 8)]
    error = refused(svg_file(tmp_path, "<defs>" + "".join(levels) + '</defs><use href="#l7"/>'))
    assert error.message == "SVG draws more than 200,000 elements once <use> references are expanded"


def test_too_many_elements_are_refused(tmp_path):
    error = refused(svg_file(tmp_path, "<rect/>" * (pictures.MAX_SVG_ELEMENTS + 1)))
    assert error.message == "SVG has more than 50,000 elements"


@pytest.mark.parametrize("content, line, message", [
    ('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">\n<g>\n</svg>', 3,
     "SVG is not well-formed XML: Opening and ending tag mismatch: g line 2 and svg"),
    ('<svg width="1" height="1"/>', 1, 'the root element must be <svg xmlns="http://www.w3.org/2000/svg">'),
    ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1e9 10"/>', 1,
     "viewBox '0 0 1e9 10' is not within 0 to 20000 units"),
    ('<svg xmlns="http://www.w3.org/2000/svg" width="-5" height="5"/>', 1,
     "SVG width -5 px is not between 0 and 20000 px"),
])
def test_broken_svg_files_say_what_and_where(tmp_path, content, line, message):
    path = tmp_path / "broken.svg"
    path.write_text(content, encoding="utf-8")
    error = refused(path)
    assert (error.line, error.message) == (line, message)


# --- SVG: rendering -------------------------------------------------------------------------


def ink_box(png: bytes) -> tuple[int, int, int, int] | None:
    """Bounding box of everything drawn darker than mid-grey."""
    with Image.open(io.BytesIO(png)) as image:
        grey = Image.new("RGBA", image.size, "white")
        grey.alpha_composite(image.convert("RGBA"))
        return grey.convert("L").point(lambda v: 255 if v < 128 else 0).getbbox()


def text_svg(family: str, text: str = "Sozialunternehmen Łódź ąčęėįšųūž", weight: str = "normal") -> bytes:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="60"><text x="10" y="40" '
            f'font-family="{family}" font-size="30" font-weight="{weight}">{text}</text></svg>').encode()


def test_the_png_fallback_has_the_asked_width_and_the_drawing():
    png = rasterize_svg(LABELS.read_bytes(), 1280)
    with Image.open(io.BytesIO(png)) as image:
        assert (image.format, image.size) == ("PNG", (1280, 720))
        rgb = image.convert("RGB")
        assert rgb.getpixel((60, 200)) == (0xd6, 0xe6, 0xf5), "the first box's fill"
        assert rgb.getpixel((1200, 200)) == (0xfc, 0xec, 0xd0), "the third box's fill"
    assert ink_box(png) is not None


@pytest.mark.skipif(not (LIBERATION / "LiberationSans-Regular.ttf").is_file(), reason="Liberation fonts not installed")
@pytest.mark.parametrize("family", ["Liberation Sans", "NoSuchFont, 'Liberation Sans', sans-serif", "Arial",
                                    "Helvetica, sans-serif"])
def test_text_is_drawn_in_liberation_sans_at_its_measured_width(family):
    """A family list is honoured, and Arial/Helvetica fall to Liberation Sans (same widths), not to
    some other installed font: labels are fitted with Liberation Sans widths."""
    text = "Sozialunternehmen Łódź ąčęėįšųūž"
    font = ImageFont.truetype(str(LIBERATION / "LiberationSans-Regular.ttf"), 30)
    expected = font.getbbox(text)[2] - font.getbbox(text)[0]
    left, _, right, _ = ink_box(rasterize_svg(text_svg(family, text), 800))
    assert abs((right - left) - expected) <= expected * 0.02, (family, right - left, expected)


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu fonts not installed")
def test_a_family_list_reaches_dejavu_sans_too():
    text = "Sozialunternehmen Łódź ąčęėįšųūž"
    font = ImageFont.truetype(str(DEJAVU), 30)
    expected = font.getbbox(text)[2] - font.getbbox(text)[0]
    left, _, right, _ = ink_box(rasterize_svg(text_svg("NoSuchFont, 'DejaVu Sans', serif", text), 800))
    assert abs((right - left) - expected) <= expected * 0.02, (right - left, expected)


@pytest.mark.skipif(not (LIBERATION / "LiberationSans-Bold.ttf").is_file(), reason="Liberation fonts not installed")
def test_bold_text_is_drawn_bold():
    regular = ink_box(rasterize_svg(text_svg("Liberation Sans"), 800))
    bold = ink_box(rasterize_svg(text_svg("Liberation Sans", weight="bold"), 800))
    assert bold[2] - bold[0] > (regular[2] - regular[0]) * 1.05


def test_rendering_is_deterministic():
    first = rasterize_svg(LABELS.read_bytes(), 640)
    pictures._rasterize.cache_clear()
    assert rasterize_svg(LABELS.read_bytes(), 640) == first


@pytest.mark.parametrize("name", ["script.svg", "huge.svg", "passwd-link.svg", "laughs.svg"])
def test_rendering_checks_the_svg_first(name):
    with pytest.raises(PictureError):
        rasterize_svg((HERE / name).read_bytes(), 100)


def test_a_picture_too_tall_for_its_width_is_not_rendered():
    tall = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="20000"/>'
    with pytest.raises(PictureError, match="too tall for its width: 1000 px wide it would be 20000000 px high"):
        rasterize_svg(tall, 1000)


def test_fallback_width_is_192_dpi_within_limits():
    assert fallback_width_px(914_400 * 6) == 1152
    assert fallback_width_px(1) == 1
    assert fallback_width_px(914_400 * 1000) == pictures.MAX_RASTER_PX


# --- SVG: labels ----------------------------------------------------------------------------


def fake_measure(text: str, size: float, bold: bool) -> float:
    """Every letter half an em wide, 0.6 em in bold: round numbers to check wrapping against."""
    return len(text) * size * (0.6 if bold else 0.5)


def texts(svg: bytes) -> dict[int, dict]:
    """Each <text> of an SVG by position: attributes, and its lines with their baselines."""
    out = {}
    for n, match in enumerate(re.finditer(rb"<text([^>]*)>(.*?)</text>", svg, re.S)):
        attributes = dict(re.findall(r'([\w-]+)="([^"]*)"', match.group(1).decode()))
        spans = re.findall(r'<tspan x="([^"]*)" y="([^"]*)">([^<]*)</tspan>', match.group(2).decode())
        lines = [(float(y), t) for _, y, t in spans] or [(float(attributes["y"]), match.group(2).decode())]
        out[n] = {"attributes": attributes, "lines": lines, "xs": {x for x, _, _ in spans}}
    return out


def centre(text: dict) -> float:
    """The visual centre of a label's block, as translate_svg keeps it."""
    ys = [y for y, _ in text["lines"]]
    return (ys[0] + ys[-1]) / 2 - 0.35 * float(text["attributes"]["font-size"])


def test_labels_are_listed_with_their_lines_and_boxes():
    assert svg_labels(LABELS.read_bytes()) == [
        Label("Support ecosystem", 10, 600, 1),
        Label("Regional authority", 12, 160, 3),
        Label("Cluster", 17, 160, 2),
        Label("Social enterprise", 20, 160, 2),
        Label("Source: CSEI project", 22, None, None),
    ]


def test_an_untranslated_svg_is_the_checked_original():
    out, notes = translate_svg(LABELS.read_bytes(), lambda text: text, fake_measure)
    assert (out, notes) == (load_picture(LABELS).data, [])


def test_a_label_is_wrapped_into_its_box_and_shrunk_only_as_far_as_needed():
    # "Gebietskörperschaft" is 19 letters: 190 units at size 20, wider than the 160-unit box;
    # at 16.5 (in steps of 2.5 % of 20) it takes 156.75 and the label fits in three lines
    translations = {"Regional authority": "Regionale Gebietskörperschaft und Verwaltung"}
    out, notes = translate_svg(LABELS.read_bytes(), lambda t: translations.get(t, t), fake_measure)
    assert notes == []
    label = texts(out)[1]
    assert label["attributes"]["font-size"] == "16.5"
    assert [t for _, t in label["lines"]] == ["Regionale", "Gebietskörperschaft", "und Verwaltung"]
    assert label["attributes"]["text-anchor"] == "middle" and label["xs"] == {"110"}
    assert centre(label) == pytest.approx((124 + 148) / 2 - 0.35 * 20, abs=0.01), "centred where the two lines were"
    assert label["lines"][1][0] - label["lines"][0][0] == pytest.approx(1.2 * 16.5), "the original line spacing"


def test_lines_are_balanced_and_a_bold_label_measured_bold():
    calls = []

    def measure(text, size, bold):
        calls.append((text, bold))
        return fake_measure(text, size, bold)

    # greedy wrapping would give "Teams and local" / "partners"; even lines read better
    translations = {"Regional authority": "Teams and local partners", "Cluster": "Netz und Cluster Verbund"}
    out, notes = translate_svg(LABELS.read_bytes(), lambda t: translations.get(t, t), measure)
    assert notes == []
    assert [t for _, t in texts(out)[1]["lines"]] == ["Teams and", "local partners"]
    assert texts(out)[1]["attributes"]["font-size"] == "20"
    # bold at 20: 12 units a letter, three lines; two lines fit from 17.5 (15 letters: 157.5 units)
    cluster = texts(out)[2]
    assert [t for _, t in cluster["lines"]] == ["Netz und", "Cluster Verbund"]
    assert cluster["attributes"]["font-size"] == "17.5" and cluster["attributes"]["font-weight"] == "bold"
    assert cluster["xs"] == {"240"} and "text-anchor" not in cluster["attributes"]
    assert ("Cluster Verbund", True) in calls and ("Cluster Verbund", False) not in calls


def test_a_label_that_cannot_fit_keeps_every_word_and_is_reported_with_its_line():
    long = "Klyngeorganisasjon og nettverk"  # 18 bold letters at 15 (75 % of 20) take 162 > 160
    out, notes = translate_svg(LABELS.read_bytes(), lambda t: long if t == "Cluster" else t, fake_measure)
    assert [(w.line, str(w)) for w in notes] == [
        (17, "label 'Klyngeorganisasjon og nettverk' does not fit in 2 line(s) of 160 units even at font size 15")]
    cluster = texts(out)[2]
    assert " ".join(t for _, t in cluster["lines"]) == long
    assert cluster["attributes"]["font-size"] == "15"


def test_a_long_word_breaks_at_its_soft_hyphens_with_a_visible_hyphen():
    word = "Sozial\u00adunter\u00adnehmens\u00adnetzwerk"  # 26 letters; 16 fit a line at size 20
    out, notes = translate_svg(LABELS.read_bytes(), lambda t: word if t == "Regional authority" else t,
                               fake_measure)
    assert notes == []
    assert [t for _, t in texts(out)[1]["lines"]] == ["Sozialunter-", "nehmensnetzwerk"]
    assert "\u00ad" not in out.decode()


def test_a_label_without_a_box_becomes_one_line_in_place():
    out, _ = translate_svg(LABELS.read_bytes(), lambda t: "Quelle: CSEI-Projekt" if t.startswith("Source") else t,
                           fake_measure)
    source = texts(out)[4]
    assert source["lines"] == [(330.0, "Quelle: CSEI-Projekt")]
    assert source["attributes"]["x"] == "20" and source["attributes"]["fill"] == "#6c757d"


def test_a_label_styled_on_its_tspan_keeps_its_style(tmp_path):
    # Inkscape writes the font, anchor and colour on the tspan, not on the text element
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/'
           b'sodipodi-0.dtd" width="200" height="100">\n<text xml:space="preserve" x="100" y="50" '
           b'data-box-width="100" data-box-lines="2"><tspan sodipodi:role="line" x="100" y="50" '
           b'style="font-size:10px;font-weight:bold;text-anchor:middle;fill:#ff0000">Hello</tspan></text>\n</svg>')
    out, notes = translate_svg(svg, lambda t: "Hallo Welt und noch mehr", fake_measure)
    label = texts(out)[0]
    style = label["attributes"]["style"]
    assert "text-anchor:middle" in style and "fill:#ff0000" in style and "font-weight:bold" in style
    assert [t for _, t in label["lines"]] == ["Hallo Welt", "und noch mehr"]
    assert b"sodipodi" not in out and notes == []


def test_a_label_centred_with_dy_on_its_text_element_keeps_its_centre():
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">\n<text x="50" y="50" dy="0.35em" '
           b'text-anchor="middle" font-size="10" data-box-width="40" data-box-lines="2">Hi</text>\n</svg>')
    out, notes = translate_svg(svg, lambda t: "Hallo Welt", fake_measure)
    label = texts(out)[0]
    assert "dy" not in label["attributes"] and notes == []
    # drawn centre 53.5 - 3.5 = 50 before and after: two lines 12 apart around it
    assert label["lines"] == [(47.5, "Hallo"), (59.5, "Welt")]


def test_translating_checks_the_svg_first():
    with pytest.raises(PictureError, match="<script> is not allowed"):
        translate_svg((HERE / "script.svg").read_bytes(), str.upper, fake_measure)


@pytest.mark.skipif(shutil.which("fc-list") is None or not (LIBERATION / "LiberationSans-Regular.ttf").is_file(),
                    reason="Liberation fonts not installed")
def test_a_translated_label_drawn_by_the_renderer_stays_inside_its_box():
    """With real Liberation Sans widths, the wrapped label's ink stays within its 160-unit box."""
    regular = ImageFont.truetype(str(LIBERATION / "LiberationSans-Regular.ttf"), 1000)
    bold = ImageFont.truetype(str(LIBERATION / "LiberationSans-Bold.ttf"), 1000)

    def measure(text, size, is_bold):
        return (bold if is_bold else regular).getlength(text) * size / 1000

    translations = {"Regional authority": "Regionale Gebietskörperschaft und Verwaltung"}
    out, notes = translate_svg(LABELS.read_bytes(), lambda t: translations.get(t, t), measure)
    assert notes == []
    # only the first box's label, drawn alone at twice the size
    alone = re.sub(rb"<text(?![^>]*data-box-lines=\"3\").*?</text>", b"", out, flags=re.S)
    alone = re.sub(rb"<rect[^>]*></rect>", b"", alone)
    left, top, right, bottom = ink_box(rasterize_svg(alone, 1280))
    assert 2 * (110 - 80) <= left and right <= 2 * (110 + 80), (left, right)
    assert 2 * 80 <= top and bottom <= 2 * 180, "inside the box's height"


def test_the_doctype_drawing_programs_write_is_accepted_and_never_loaded(tmp_path):
    """Illustrator and Inkscape's plain SVG name the SVG 1.1 DTD (the Software Carpentry lessons'
    figures do); the declaration is left out before parsing, so nothing is fetched."""
    path = tmp_path / "illustrator.svg"
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!-- Generator: Adobe Illustrator -->\n'
                    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
                    '<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="60px" height="30px">\n'
                    '<rect width="10" height="10"/></svg>\n', encoding="utf-8")
    picture = load_picture(path)
    assert picture.kind == "svg" and b"DOCTYPE" not in picture.data
    # the same public declaration with declarations inside it is still refused, at its line
    path.write_text(path.read_text().replace('svg11.dtd">', 'svg11.dtd" [<!ENTITY x "y">]>'), encoding="utf-8")
    assert refused(path).line == 3
