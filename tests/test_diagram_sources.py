"""The SVG diagram sources and the EU emblem follow docs/diagrams.md.

Each diagram in modules/img/<name>.svg is plain SVG 1.1 whose labels are large enough to read
from the back of a training room (18 pt or more when the picture fills a slide's content area),
declare the box a translation may fill, contrast with what lies under them, and match the
module's alt text and caption. The emblem is the official geometric description, computed here.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
IMG = REPO / "modules" / "img"
EMBLEM = REPO / "templates" / "branding" / "eu-emblem.svg"
NS = "{http://www.w3.org/2000/svg}"
DIAGRAMS = ("diverge-converge", "ecosystem-map", "quadruple-helix", "strategy-cycle", "support-adaptation",
            "theory-of-change")

# A picture slide's content area (12.0 x 4.95 in) in CSS px, 96 to the inch: 1 px = 0.75 pt.
AREA = (12.0 * 96, 4.95 * 96)
MIN_PT = 18.0
FONT_FAMILY = "Liberation Sans, Arial, Helvetica, sans-serif"
LINE_HEIGHT = 1.2  # in font sizes: the dy of a label's continuation lines
ASCENT, DESCENT = 0.95, 0.25  # a line's slot around its baseline, in font sizes (sums to LINE_HEIGHT)
SPARE = 0.30  # of a box's width that the English text leaves free for longer translations

SHAPES = {"rect", "circle", "ellipse", "line", "polyline", "polygon", "path"}
ALLOWED = {"svg", "title", "desc", "g", "text", "tspan"} | SHAPES
FORBIDDEN_ATTRIBUTES = {"style", "class", "transform", "filter", "mask", "clip-path", "href"}

FONT_DIRS = ("/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2",
             "/usr/share/fonts/liberation", "/usr/share/fonts/TTF")


# --- reading the sources ---------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """One ``<text>`` element: its lines and how it is set."""

    lines: tuple[str, ...]
    x: float
    y: float  # baseline of the first line
    size: float
    bold: bool
    anchor: str
    fill: str
    box_width: float
    box_lines: int
    valign: str
    attributes: dict[str, str]

    @property
    def one_line(self) -> str:
        """The label as one line of text: how it appears in a catalog."""
        return " ".join(self.lines)

    def box(self) -> tuple[float, float, float, float]:
        """The box (x0, y0, x1, y1) a translation may fill, as docs/diagrams.md defines it."""
        x0 = {"start": self.x, "middle": self.x - self.box_width / 2, "end": self.x - self.box_width}[self.anchor]
        step = LINE_HEIGHT * self.size
        top = self.y - ASCENT * self.size
        bottom = self.y + (len(self.lines) - 1) * step + DESCENT * self.size
        height = self.box_lines * step
        y0 = {"top": top, "bottom": bottom - height, "middle": (top + bottom - height) / 2}[self.valign]
        return x0, y0, x0 + self.box_width, y0 + height


def tag(element: ET.Element) -> str:
    return element.tag.removeprefix(NS)


def load(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def view_box(root: ET.Element) -> tuple[float, float, float, float]:
    x, y, w, h = (float(v) for v in root.attrib["viewBox"].replace(",", " ").split())
    return x, y, w, h


def slide_scale(root: ET.Element) -> float:
    """Slide px per user unit when the viewBox is fitted into the content area."""
    _x, _y, w, h = view_box(root)
    return min(AREA[0] / w, AREA[1] / h)


def walk(element: ET.Element, inherited: dict[str, str] | None = None) -> Iterator[tuple[ET.Element, dict[str, str]]]:
    """Every element in document order with its presentation attributes, those of its groups included."""
    attributes = {**(inherited or {}), **element.attrib}
    yield element, attributes
    if tag(element) != "text":
        for child in element:
            yield from walk(child, attributes)


def labels(root: ET.Element) -> list[Label]:
    """Every ``<text>`` in document order, read from its own attributes (the convention: each
    label carries its font, box and colour itself, so it can be extracted on its own)."""
    found = []
    for element in root.iter(f"{NS}text"):
        a = element.attrib
        spans = [child for child in element if tag(child) == "tspan"]
        lines = tuple((span.text or "").strip() for span in spans) if spans else ((element.text or "").strip(),)
        found.append(Label(
            lines=lines, x=float(a.get("x", "nan")), y=float(a.get("y", "nan")),
            size=float(a.get("font-size", "16")), bold=a.get("font-weight") == "bold",
            anchor=a.get("text-anchor", "start"), fill=a.get("fill", "#000000"),
            box_width=float(a.get("data-box-width", "0")), box_lines=int(a.get("data-box-lines", "0")),
            valign=a.get("data-box-valign", "middle"), attributes=dict(a)))
    return found


def module_images() -> dict[str, tuple[str, str]]:
    """Image stem -> (alt text, caption), from the modules' Markdown."""
    images = {}
    for module in sorted((REPO / "modules").glob("*.md")):
        text = module.read_text(encoding="utf-8")
        for alt, stem, caption in re.findall(r'!\[([^\]]*)\]\(img/([\w-]+)\.(?:png|svg) "([^"]*)"\)', text):
            images[stem] = (alt, caption)
    return images


# --- geometry of filled shapes, for the contrast check ----------------------------------------


def _numbers(text: str) -> list[float]:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)]


def _arc_points(x1: float, y1: float, rx: float, ry: float, phi: float, large: bool, sweep: bool,
                x2: float, y2: float, steps: int = 48) -> list[tuple[float, float]]:
    """Points along an SVG elliptical arc, by the centre parameterisation of SVG 1.1 F.6.5."""
    cos, sin = math.cos(math.radians(phi)), math.sin(math.radians(phi))
    dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
    xp, yp = cos * dx + sin * dy, -sin * dx + cos * dy
    grow = (xp / rx) ** 2 + (yp / ry) ** 2
    if grow > 1:
        rx, ry = rx * math.sqrt(grow), ry * math.sqrt(grow)
    num = rx * rx * ry * ry - rx * rx * yp * yp - ry * ry * xp * xp
    coef = math.sqrt(max(0.0, num / (rx * rx * yp * yp + ry * ry * xp * xp)))
    if large == sweep:
        coef = -coef
    cxp, cyp = coef * rx * yp / ry, -coef * ry * xp / rx
    cx, cy = cos * cxp - sin * cyp + (x1 + x2) / 2, sin * cxp + cos * cyp + (y1 + y2) / 2
    start = math.atan2((yp - cyp) / ry, (xp - cxp) / rx)
    delta = math.atan2((-yp - cyp) / ry, (-xp - cxp) / rx) - start
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    points = []
    for i in range(1, steps + 1):
        t = start + delta * i / steps
        ex, ey = rx * math.cos(t), ry * math.sin(t)
        points.append((cx + cos * ex - sin * ey, cy + sin * ex + cos * ey))
    return points


def path_polygon(d: str) -> list[tuple[float, float]]:
    """A filled path as one polygon: absolute M, L, H, V, A, Z (curves by their end points)."""
    points: list[tuple[float, float]] = []
    for command, args in re.findall(r"([MLHVACQZ])([^MLHVACQZ]*)", d):
        values = _numbers(args)
        x, y = points[-1] if points else (0.0, 0.0)
        if command in "ML":
            points += list(zip(values[0::2], values[1::2]))
        elif command == "H":
            points += [(v, y) for v in values]
        elif command == "V":
            points += [(x, v) for v in values]
        elif command == "A":
            for i in range(0, len(values), 7):
                rx, ry, phi, large, sweep, ex, ey = values[i:i + 7]
                points += _arc_points(x, y, rx, ry, phi, bool(large), bool(sweep), ex, ey)
                x, y = ex, ey
        elif command == "C":
            points += [(values[i + 4], values[i + 5]) for i in range(0, len(values), 6)]
        elif command == "Q":
            points += [(values[i + 2], values[i + 3]) for i in range(0, len(values), 4)]
    return points


def _in_polygon(px: float, py: float, points: list[tuple[float, float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(element: ET.Element, px: float, py: float) -> bool:
    """Whether the filled area of a shape covers the point."""
    a = element.attrib
    kind = tag(element)
    if kind == "rect":
        x, y = float(a.get("x", 0)), float(a.get("y", 0))
        return x <= px <= x + float(a["width"]) and y <= py <= y + float(a["height"])
    if kind in ("circle", "ellipse"):
        rx = float(a.get("r", a.get("rx", 0)))
        ry = float(a.get("r", a.get("ry", 0)))
        return ((px - float(a["cx"])) / rx) ** 2 + ((py - float(a["cy"])) / ry) ** 2 <= 1
    if kind == "polygon":
        values = _numbers(a["points"])
        return _in_polygon(px, py, list(zip(values[0::2], values[1::2])))
    if kind == "path":
        return _in_polygon(px, py, path_polygon(a["d"]))
    return False


def luminance(colour: str) -> float:
    """Relative luminance of a #rrggbb colour (WCAG 2)."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def background(root: ET.Element, px: float, py: float) -> str:
    """The fill of the topmost filled shape under a point; white where there is none."""
    colour = "#ffffff"
    for element, attributes in walk(root):
        if tag(element) in SHAPES and attributes.get("fill", "#000000") != "none" and contains(element, px, py):
            colour = attributes.get("fill", "#000000")
    return colour


# --- measuring text -----------------------------------------------------------------------------


def _font_file(name: str) -> Path | None:
    return next((Path(d) / name for d in FONT_DIRS if (Path(d) / name).is_file()), None)


@pytest.fixture(scope="module")
def measure():
    """width(text, size, bold) in user units, measured with Liberation Sans (the fonts the sources name)."""
    from PIL import ImageFont

    files = {False: _font_file("LiberationSans-Regular.ttf"), True: _font_file("LiberationSans-Bold.ttf")}
    if None in files.values():
        pytest.skip("Liberation Sans is not installed (fonts-liberation)")
    fonts = {bold: ImageFont.truetype(str(path), 1000) for bold, path in files.items()}

    def width(text: str, size: float, bold: bool) -> float:
        return fonts[bold].getlength(text) * size / 1000

    return width


# --- the diagrams -----------------------------------------------------------------------------


def test_every_diagram_has_an_svg_source():
    assert sorted(path.stem for path in IMG.glob("*.svg")) == sorted(DIAGRAMS)


@pytest.mark.parametrize("path", [IMG / f"{name}.svg" for name in DIAGRAMS] + [EMBLEM], ids=lambda p: p.name)
def test_sources_are_plain_svg(path: Path):
    raw = path.read_text(encoding="utf-8")
    assert "<!DOCTYPE" not in raw and "<?xml-stylesheet" not in raw, path.name
    root = load(path)
    assert root.tag == f"{NS}svg" and root.get("version") == "1.1", path.name
    problems = []
    for element in root.iter():
        name = tag(element)
        if not element.tag.startswith(NS) or name not in ALLOWED:
            problems.append(f"element <{element.tag}>")
        for attribute in element.attrib:
            local = attribute.rsplit("}", 1)[-1]
            if local in FORBIDDEN_ATTRIBUTES or local.startswith("on"):
                problems.append(f"attribute {local} on <{name}>")
        if name == "path" and re.search(r"[a-z]", element.get("d", "").replace("e-", "")):
            problems.append(f"relative path commands in {element.get('d')!r}")
        if name in SHAPES - {"line"} and "fill" not in element.attrib:
            problems.append(f"<{name}> without a fill (SVG would fill it black)")
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("name", DIAGRAMS)
def test_title_and_desc_are_the_modules_caption_and_alt_text(name: str):
    root = load(IMG / f"{name}.svg")
    first = [tag(child) for child in root][:2]
    assert first == ["title", "desc"], name
    alt, caption = module_images()[name]
    assert root.find(f"{NS}title").text == caption
    assert " ".join(root.find(f"{NS}desc").text.split()) == alt


@pytest.mark.parametrize("name", DIAGRAMS)
def test_every_label_is_18_pt_or_more_on_the_slide(name: str):
    root = load(IMG / f"{name}.svg")
    scale = slide_scale(root)
    small = [(label.one_line, round(label.size * scale * 0.75, 1)) for label in labels(root)
             if label.size * scale * 0.75 < MIN_PT]
    assert labels(root) and not small, f"{name}: labels under {MIN_PT} pt: {small}"


@pytest.mark.parametrize("name", DIAGRAMS)
def test_every_label_declares_its_font_and_box(name: str):
    problems = []
    for label in labels(load(IMG / f"{name}.svg")):
        a = label.attributes
        if a.get("font-family") != FONT_FAMILY or a.get("font-weight", "bold") != "bold":
            problems.append(f"{label.one_line!r}: font")
        if label.anchor not in ("start", "middle", "end") or not {"x", "y", "text-anchor", "fill"} <= a.keys():
            problems.append(f"{label.one_line!r}: x, y, text-anchor and fill must be given")
        if label.box_width <= 0 or label.box_lines < len(label.lines):
            problems.append(f"{label.one_line!r}: data-box-width or data-box-lines")
        if label.valign not in ("top", "middle", "bottom"):
            problems.append(f"{label.one_line!r}: data-box-valign")
        if a.get("data-translate", "no") != "no":
            problems.append(f"{label.one_line!r}: data-translate is only ever \"no\"")
        if not all(label.lines):
            problems.append(f"{label.one_line!r}: an empty line")
    assert not problems, f"{name}: {problems}"


@pytest.mark.parametrize("name", DIAGRAMS)
def test_lines_of_a_label_are_tspans_one_line_height_apart(name: str):
    root = load(IMG / f"{name}.svg")
    for text in root.iter(f"{NS}text"):
        spans = list(text)
        if not spans:
            continue
        assert not (text.text or "").strip(), f"{name}: text outside the tspans of a multi-line label"
        size = float(text.get("font-size"))
        assert [span.get("x") for span in spans] == [text.get("x")] * len(spans), name
        steps = [float(span.get("dy")) for span in spans]
        assert steps == pytest.approx([0.0] + [LINE_HEIGHT * size] * (len(spans) - 1)), name


@pytest.mark.parametrize("name", DIAGRAMS)
def test_label_text_contrasts_with_what_lies_under_it(name: str):
    root = load(IMG / f"{name}.svg")
    poor = []
    for label in labels(root):
        shift = {"start": label.size, "middle": 0, "end": -label.size}[label.anchor]
        for i in range(len(label.lines)):
            px, py = label.x + shift, label.y + i * LINE_HEIGHT * label.size - 0.35 * label.size
            under = background(root, px, py)
            if contrast(label.fill, under) < 4.5:
                poor.append((label.one_line, label.fill, under, round(contrast(label.fill, under), 2)))
    assert not poor, f"{name}: {poor}"


@pytest.mark.parametrize("name", DIAGRAMS)
def test_labels_leave_room_for_translations_and_do_not_collide(name: str, measure):
    root = load(IMG / f"{name}.svg")
    vx, vy, vw, vh = view_box(root)
    found = labels(root)
    problems = []
    for label in found:
        widest = max(measure(line, label.size, label.bold) for line in label.lines)
        if widest > (1 - SPARE) * label.box_width:
            problems.append(f"{label.one_line!r} is {widest:.0f} wide in a box of {label.box_width:.0f}")
        x0, y0, x1, y1 = label.box()
        if x0 < vx or y0 < vy or x1 > vx + vw or y1 > vy + vh:
            problems.append(f"the box of {label.one_line!r} leaves the picture")
    for i, a in enumerate(found):
        for b in found[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a.box(), b.box()
            if min(ax1, bx1) - max(ax0, bx0) > 0.5 and min(ay1, by1) - max(ay0, by0) > 0.5:
                problems.append(f"the boxes of {a.one_line!r} and {b.one_line!r} overlap")
    assert not problems, f"{name}: {problems}"


# --- the EU emblem ----------------------------------------------------------------------------


def emblem_stars(height: float) -> list[list[tuple[float, float]]]:
    """The twelve stars of the emblem on a flag ``height`` high, as docs/diagrams.md computes them.

    Centres on a circle of radius height/3 round the flag's centre, at the hours of a clock face
    from twelve o'clock; each star upright, its five points on a circle of radius height/18, its
    inner corners where the lines between the points cross (radius ratio cos 72° / cos 36°).
    """
    width = 1.5 * height
    outer = height / 18
    inner = outer * math.cos(math.radians(72)) / math.cos(math.radians(36))
    stars = []
    for hour in range(12):
        angle = math.radians(30 * hour)
        cx, cy = width / 2 + height / 3 * math.sin(angle), height / 2 - height / 3 * math.cos(angle)
        stars.append([(cx + r * math.sin(math.radians(36 * k)), cy - r * math.cos(math.radians(36 * k)))
                      for k, r in ((k, outer if k % 2 == 0 else inner) for k in range(10))])
    return stars


def test_emblem_is_the_official_geometric_description():
    root = load(EMBLEM)
    x, y, width, height = view_box(root)
    assert (x, y) == (0, 0) and width == 1.5 * height
    shapes = [element for element in root.iter() if tag(element) in SHAPES]
    assert tag(shapes[0]) == "rect" and shapes[0].get("fill").upper() == "#003399"
    assert [float(shapes[0].get(k)) for k in ("width", "height")] == [width, height]
    stars = shapes[1:]
    assert len(stars) == 12 and all(tag(s) == "polygon" and s.get("fill").upper() == "#FFCC00" for s in stars)
    for drawn, expected in zip(stars, emblem_stars(height)):
        values = _numbers(drawn.get("points"))
        points = list(zip(values[0::2], values[1::2]))
        assert len(points) == 10
        assert all(math.dist(p, q) < 0.01 for p, q in zip(points, expected)), drawn.get("points")
