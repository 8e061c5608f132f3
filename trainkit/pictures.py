"""Picture files -> checked bytes to embed: raster formats through Pillow, SVG through a strict check.

Pure: no python-pptx or python-docx. The reader calls `load_picture` to check each image; the
writers embed `Picture.data`, and for SVG add the PNG from `rasterize_svg` as the fallback that
Office versions before 2016 and other readers show. Diagram labels (`<text>` elements) are
listed by `svg_labels` for translation and replaced, re-wrapped to their boxes, by `translate_svg`.
Rendered fallbacks are kept in a ``RenderStore`` in the output folder while a build sets one
(`use_store`), so a rebuild never draws a picture it drew before.

SVG is checked rather than cleaned: anything that could reach outside the file (entities,
scripts, event handlers, external links, CSS imports) is an error with the SVG's line number,
so the author learns what to change instead of getting a silently different drawing. What is
kept is re-serialised canonically (C14N), without comments and editor metadata.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import io
import math
import os
import re
import struct
import tempfile
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from lxml import etree
from PIL import Image, UnidentifiedImageError

from trainkit.errors import TrainkitError
from trainkit.files import write_atomic

PictureKind = Literal["png", "jpeg", "gif", "svg"]

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Larger picture files are refused: no slide needs them, and they would bloat every output."""
MAX_SVG_PX = 20_000
"""Largest width, height or viewBox side of an SVG (CSS px); renderers allocate by these."""
MAX_SVG_ELEMENTS = 50_000
"""Most elements an SVG may have, as written."""
MAX_SVG_EXPANDED = 200_000
"""Most elements an SVG may draw once every ``<use>`` is expanded (stops "use bombs")."""
MAX_RASTER_PX = 16_384
"""Largest side of a rendered PNG fallback."""
FALLBACK_DPI = 192
"""Resolution of PNG fallbacks: twice the screen's 96 dpi, sharp on projectors and in print."""

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
_EMU_PER_INCH = 914_400
_CSS_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
_DEFAULT_FONT_SIZE = 16.0
"""CSS ``medium``: the size of text that sets none."""


class PictureError(TrainkitError):
    """A picture that cannot be used; ``line`` is the line in an SVG file (0: the whole file):
    where the offending element's start tag ends, as libxml2 counts an element's line."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class PictureWarning:
    """Something about a picture the author should know; it is used anyway."""

    message: str
    line: int = 0
    """Line in the SVG file; 0 when the whole file is meant."""

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Picture:
    """A checked picture, ready to embed."""

    kind: PictureKind
    """Format of ``data``: converted formats (WebP, TIFF, BMP, animated GIF…) are ``png``."""
    width_px: float
    """Natural width: pixels for raster pictures, CSS px (96 dpi) for SVG."""
    height_px: float
    data: bytes
    """The bytes to embed: the file itself (PNG, JPEG, still GIF), a PNG conversion, or the
    checked SVG re-serialised."""
    source_format: str
    """What the file was, as Pillow names it (``PNG``, ``WEBP``…) or ``SVG``; for messages."""
    warnings: tuple[PictureWarning, ...] = ()


def load_picture(path: Path) -> Picture:
    """Read and check the picture at ``path``; raises PictureError when it cannot be used."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PictureError(f"picture has {size:,} bytes; pictures may have at most "
                               f"{MAX_FILE_BYTES // 2**20} MB")
        data = path.read_bytes()
    except OSError as error:
        raise PictureError(f"cannot read picture: {error.strerror or error}") from None
    if path.suffix.lower() == ".svgz" or data[:2] == b"\x1f\x8b":
        raise PictureError("compressed SVG (.svgz) is not supported; save the picture as plain .svg")
    if path.suffix.lower() == ".svg" or _looks_like_xml(data):
        return _load_svg(data)
    return _load_raster(data)


def fallback_width_px(width_emu: int) -> int:
    """Pixel width of the PNG fallback for an SVG shown ``width_emu`` wide (FALLBACK_DPI)."""
    return max(1, min(MAX_RASTER_PX, round(width_emu / _EMU_PER_INCH * FALLBACK_DPI)))


# --- raster pictures ------------------------------------------------------------------------

_KEPT = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif"}
"""Formats every writer embeds as they are."""
_READ = ("PNG", "JPEG", "GIF", "WEBP", "TIFF", "BMP", "DIB", "ICO", "PPM", "TGA", "JPEG2000", "AVIF")
"""Formats Pillow may open (JPEG includes MPO): common raster formats only. Not EPS/PS (Pillow
runs Ghostscript on them), nor the many rarely used decoders, which are where parser bugs live."""


@lru_cache(maxsize=1)
def _readable() -> tuple[str, ...]:
    """The formats of _READ this Pillow has (AVIF is recent); Pillow refuses unknown names."""
    Image.init()
    return tuple(name for name in _READ if name in Image.OPEN)


_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"}


def _load_raster(data: bytes) -> Picture:
    """Decode the whole first frame (so truncation shows), then keep or convert to PNG."""
    notes: list[PictureWarning] = []
    try:
        # Pillow only warns between its limit and twice it; both are refused here
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=_readable()) as image:
                fmt = image.format or "unknown"
                frames = getattr(image, "n_frames", 1)
                image.seek(0)
                image.load()
                width, height = image.size
                if fmt in _KEPT and frames == 1:
                    return Picture(_KEPT[fmt], float(width), float(height), data, fmt)
                if frames > 1:
                    notes.append(PictureWarning(f"{_describe(fmt)} has {frames} frames; only the first is shown"))
                png = _to_png(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(f"picture declares more than {Image.MAX_IMAGE_PIXELS:,} pixels "
                           "(a decompression bomb, or far larger than any slide needs)") from None
    except UnidentifiedImageError:
        raise PictureError("not a picture trainkit can read; use PNG, JPEG, GIF or SVG") from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise PictureError(f"picture is damaged or truncated ({error})") from None
    return Picture("png", float(width), float(height), png, fmt, tuple(notes))


def _describe(fmt: str) -> str:
    return "animated GIF" if fmt == "GIF" else f"{fmt} picture"


def _to_png(image: Image.Image) -> bytes:
    """The current frame as PNG, in a mode PNG can hold; colour profile kept, other metadata not."""
    frame = image
    if frame.mode not in _PNG_MODES:
        alpha = "A" in frame.getbands() or "transparency" in frame.info
        frame = frame.convert("RGBA" if alpha else "RGB")
    out = io.BytesIO()
    icc = image.info.get("icc_profile")
    frame.save(out, "PNG", **({"icc_profile": icc} if icc else {}))
    return out.getvalue()


# --- SVG: parsing and checking --------------------------------------------------------------

_ALLOWED_ELEMENTS = frozenset("""
    a circle clipPath defs desc ellipse feBlend feColorMatrix feComponentTransfer feComposite
    feConvolveMatrix feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA
    feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology feOffset
    fePointLight feSpecularLighting feSpotLight feTile feTurbulence filter g image line linearGradient
    marker mask metadata path pattern polygon polyline radialGradient rect stop style svg switch symbol
    text textPath title tspan use view animate animateMotion animateTransform set mpath
""".split())
"""SVG 1.1/2 elements kept; others in the SVG namespace are left out with a warning."""
_REFUSED_ELEMENTS = {
    "script": "<script> is not allowed in pictures",
    "foreignObject": "<foreignObject> (HTML inside SVG) is not allowed; export the diagram with its "
                     "labels as SVG text (in diagrams.net: untick 'Embed fonts', tick 'Convert labels to SVG')",
    "iframe": "<iframe> is not allowed in pictures",
}
_ANIMATIONS = frozenset({"animate", "animateMotion", "animateTransform", "set"})
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg);base64,([A-Za-z0-9+/=\s]*)\Z", re.S)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")]*)", re.I)
_CSS_REFUSED = re.compile(r"@import|@font-face|image-set\(|\bsrc\(|\\", re.I)
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-z%]*)\s*\Z")


@dataclass
class _Svg:
    """A parsed, checked SVG: the tree (editor metadata already removed) and its natural size."""

    root: etree._Element
    width: float
    height: float
    notes: list[PictureWarning]

    def serialise(self) -> bytes:
        return b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(self.root, method="c14n") + b"\n"


def _looks_like_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<"


def _load_svg(data: bytes) -> Picture:
    svg = _checked(data)
    return Picture("svg", svg.width, svg.height, svg.serialise(), "SVG", tuple(svg.notes))


def sanitize_svg(svg: bytes) -> bytes:
    """The SVG checked and re-serialised canonically; raises PictureError (with its line) when unsafe."""
    return _checked(svg).serialise()


def _checked(data: bytes) -> _Svg:
    """Parse without DTD, entities or network; refuse what could reach outside; measure."""
    if len(data) > MAX_FILE_BYTES:
        raise PictureError(f"SVG is larger than {MAX_FILE_BYTES // 2**20} MB")
    for declaration in re.finditer(rb"<!(DOCTYPE|ENTITY)[^>]*>?", data):
        if not _PUBLIC_SVG_DOCTYPE.fullmatch(declaration.group()):
            raise PictureError(f"SVG has a <!{declaration.group(1).decode()}> declaration; remove it (pictures "
                               "may not declare entities or load DTDs)", _line_at(data, declaration.start()))
        # left out before parsing, so no parser ever looks at the DTD it names (line numbers stay)
        start, end = declaration.span()
        data = data[:start] + re.sub(rb"[^\n]", b" ", declaration.group()) + data[end:]
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        message = re.sub(r", line \d+, column \d+\Z", "", error.msg)  # the line is reported apart
        raise PictureError(f"SVG is not well-formed XML: {message}", error.lineno or 0) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # declared in another encoding
        raise PictureError("SVG has a DOCTYPE declaration; remove it", 1)
    if root.tag != f"{{{SVG_NS}}}svg":
        raise PictureError(f'the root element must be <svg xmlns="{SVG_NS}">', root.sourceline or 0)
    notes: list[PictureWarning] = []
    _check_tree(root, notes)
    _check_expansion(root)
    width, height = _natural_size(root)
    return _Svg(root, width, height, notes)


_PUBLIC_SVG_DOCTYPE = re.compile(rb'<!DOCTYPE\s+svg\s+PUBLIC\s+"[^"\[\]<>]*"\s+"[^"\[\]<>]*"\s*>')
"""The DOCTYPE that drawing programs write (Illustrator, Inkscape's plain SVG): it names the SVG
1.0/1.1 DTD, declares nothing, and is never loaded (the parser reads no DTD and no network)."""


def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _check_tree(root: etree._Element, notes: list[PictureWarning]) -> None:
    """Refuse unsafe elements and attributes; remove editor metadata (other namespaces)."""
    foreign: set[etree._Element] = set()
    unknown: dict[str, int] = {}
    count = 0
    for element in root.iter():
        if isinstance(element, etree._Entity):
            raise PictureError(f"SVG uses the entity &{element.name};", element.sourceline or 0)
        if not isinstance(element.tag, str):
            continue
        count += 1
        if count > MAX_SVG_ELEMENTS:
            raise PictureError(f"SVG has more than {MAX_SVG_ELEMENTS:,} elements", element.sourceline or 0)
        namespace, name = _split(element.tag)
        line = element.sourceline or 0
        if name in _REFUSED_ELEMENTS:
            raise PictureError(_REFUSED_ELEMENTS[name], line)
        if namespace != SVG_NS:
            foreign.add(element)
            continue
        if name not in _ALLOWED_ELEMENTS:
            if element.getparent() not in foreign:  # a dropped element's content goes unmentioned
                unknown.setdefault(name, line)
            foreign.add(element)
            continue
        _check_attributes(element, name, line)
        if name == "style":
            _check_css("".join(element.itertext()), line)  # with any text after a child element
        if name in _ANIMATIONS:
            target = (element.get("attributeName") or "").strip().lower()
            if target.split(":")[-1] in ("href", "style") or target.startswith("on"):
                raise PictureError(f"<{name}> may not change '{target}'", line)
    for name, line in sorted(unknown.items(), key=lambda item: item[1]):
        hint = " (Inkscape flowed text: use Text > Convert to Text)" if name.startswith("flow") else ""
        notes.append(PictureWarning(f"<{name}> is not an SVG element Office and LibreOffice draw; "
                                    f"it is left out{hint}", line))
    for element in sorted(foreign, key=lambda e: e.sourceline or 0):
        if element.getparent() is not None:
            _remove_keeping_tail(element)
    etree.cleanup_namespaces(root)  # the editors' namespace declarations go with their content


def _check_attributes(element: etree._Element, name: str, line: int) -> None:
    for key in list(element.attrib):
        namespace, local = _split(key)
        value = element.attrib[key]
        if namespace not in (None, XLINK_NS, XML_NS) or (namespace == XML_NS and local == "base"):
            del element.attrib[key]  # editor metadata (inkscape:, sodipodi:…) and xml:base
            continue
        if local.lower().startswith("on"):
            raise PictureError(f"event handler attribute '{local}' is not allowed in pictures", line)
        if local == "href" and namespace in (None, XLINK_NS):
            _check_href(value, name, line)
        elif local == "style":
            _check_css(value, line)
        elif "url(" in value.lower():
            _check_css(value, line)


def _check_href(value: str, element: str, line: int) -> None:
    """Only ``#id`` references, and PNG/JPEG data URIs on <image>/<feImage> (checked as pictures)."""
    value = value.strip()
    if value.startswith("#"):
        return
    embedded = _DATA_IMAGE.match(value)
    if embedded and element in ("image", "feImage"):
        try:
            raw = base64.b64decode(re.sub(r"\s+", "", embedded.group(2)), validate=True)
        except (binascii.Error, ValueError):
            raise PictureError("embedded picture is not valid base64", line) from None
        try:
            _load_raster(raw)
        except PictureError as error:
            raise PictureError(f"embedded picture: {error.message}", line) from None
        return
    shown = value if len(value) <= 60 else value[:57] + "..."
    raise PictureError(f"<{element}> refers to '{shown}'; pictures may only refer to '#id' inside the SVG "
                       "and embed PNG or JPEG as data: URIs", line)


def _check_css(css: str, line: int) -> None:
    refused = _CSS_REFUSED.search(css)
    if refused:
        what = "CSS escapes" if refused.group(0) == "\\" else refused.group(0).rstrip("(")
        raise PictureError(f"{what} is not allowed in a picture's CSS", line)
    for match in _CSS_URL.finditer(css):
        if not match.group(2).strip().startswith("#"):
            raise PictureError(f"CSS url({match.group(2).strip()[:60]}) refers outside the SVG; only url(#id) "
                               "is allowed", line)


def _check_expansion(root: etree._Element) -> None:
    """Count the elements drawn with every <use> expanded; refuse reference cycles and use bombs.

    Iterative depth-first walk (references may chain deeper than Python's recursion limit):
    an element met again while it is still being expanded refers to itself."""
    ids = {element.get("id"): element for element in root.iter("{*}*") if element.get("id")}
    cost: dict[etree._Element, int] = {}
    open_: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, False)]
    while stack:
        element, finished = stack.pop()
        edges = _edges(element, ids)
        if finished:
            open_.discard(element)
            cost[element] = min(1 + sum(cost[e] for e in edges), MAX_SVG_EXPANDED + 1)
            continue
        if element in cost:
            continue
        if element in open_:
            raise PictureError("<use> refers to an element that contains it", element.sourceline or 0)
        open_.add(element)
        stack.append((element, True))
        stack.extend((edge, False) for edge in edges if edge not in cost)
    if cost[root] > MAX_SVG_EXPANDED:
        raise PictureError(f"SVG draws more than {MAX_SVG_EXPANDED:,} elements once <use> references are "
                           "expanded", root.sourceline or 0)


def _edges(element: etree._Element, ids: dict[str, etree._Element]) -> list[etree._Element]:
    children = [child for child in element if isinstance(child.tag, str)]
    if _split(element.tag)[1] == "use":
        href = (element.get("href") or element.get(f"{{{XLINK_NS}}}href") or "").strip()
        target = ids.get(href[1:]) if href.startswith("#") else None
        if target is not None:
            children.append(target)
    return children


def _natural_size(root: etree._Element) -> tuple[float, float]:
    """Width and height in CSS px from width/height and viewBox; the root gets them written out."""
    line = root.sourceline or 0
    box = _view_box(root.get("viewBox"), line)
    width = _length(root.get("width"), "width", line)
    height = _length(root.get("height"), "height", line)
    if width is None and height is None:
        if box is None:
            raise PictureError("SVG has neither width and height nor a viewBox; give it a viewBox", line)
        width, height = box[2], box[3]
    elif width is None or height is None:
        if box is None:
            raise PictureError("SVG gives only one of width and height and no viewBox", line)
        width = width if width is not None else height * box[2] / box[3]
        height = height if height is not None else width * box[3] / box[2]
    for what, value in (("width", width), ("height", height)):
        if not 0 < value <= MAX_SVG_PX:
            raise PictureError(f"SVG {what} {_num(value)} px is not between 0 and {MAX_SVG_PX} px", line)
    root.set("width", _num(width))
    root.set("height", _num(height))
    return width, height


def _view_box(value: str | None, line: int) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        numbers = [float(n) for n in re.split(r"[\s,]+", value.strip())]
    except ValueError:
        raise PictureError(f"viewBox '{value}' is not four numbers", line) from None
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise PictureError(f"viewBox '{value}' is not four numbers", line)
    if not (0 < numbers[2] <= MAX_SVG_PX and 0 < numbers[3] <= MAX_SVG_PX) or max(map(abs, numbers[:2])) > MAX_SVG_PX:
        raise PictureError(f"viewBox '{value}' is not within 0 to {MAX_SVG_PX} units", line)
    return numbers[0], numbers[1], numbers[2], numbers[3]


def _length(value: str | None, what: str, line: int) -> float | None:
    """An absolute length in CSS px; None when absent or relative (%, em), as for a missing one."""
    if value is None or value.strip() == "auto":
        return None
    match = _LENGTH.match(value)
    if not match:
        raise PictureError(f"SVG {what} '{value}' is not a length", line)
    number, unit = float(match.group(1)), match.group(2)
    if unit in ("%", "em", "ex", "rem"):
        return None
    if unit not in _CSS_UNITS or not math.isfinite(number):
        raise PictureError(f"SVG {what} '{value}' is not a length", line)
    return number * _CSS_UNITS[unit]


def _split(tag: str) -> tuple[str | None, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return None, tag


def _remove_keeping_tail(element: etree._Element) -> None:
    parent = element.getparent()
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _num(value: float) -> str:
    """A number for SVG attributes: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- SVG: rendering -------------------------------------------------------------------------

_METRIC_TWINS = {
    "arial": "Liberation Sans", "helvetica": "Liberation Sans",
    "times new roman": "Liberation Serif", "times": "Liberation Serif",
    "courier new": "Liberation Mono", "courier": "Liberation Mono",
    "calibri": "Carlito", "cambria": "Caladea",
}
"""Fonts Office has and Linux lacks -> the free font with the same widths (fontconfig's metric
aliases); resvg does not read fontconfig, so the twins are added to font-family lists."""
_FONT_FAMILY_CSS = re.compile(r"(font-family\s*:\s*)([^;}]+)", re.I)


def rasterize_svg(svg: bytes, width_px: int) -> bytes:
    """PNG of the SVG, ``width_px`` wide, height by its aspect ratio, transparent background,
    text in the system's fonts. The SVG is checked first (PictureError when unsafe). While a
    render store is in use (``use_store``), a PNG rendered before, in any run, is read from it."""
    if not 0 < width_px <= MAX_RASTER_PX:
        raise ValueError(f"width_px must be between 1 and {MAX_RASTER_PX}, not {width_px}")
    return _rasterize(bytes(svg), int(width_px), _STORE)


@lru_cache(maxsize=64)
def _rasterize(svg: bytes, width_px: int, store: RenderStore | None) -> bytes:
    """Cached: every language's deck and documents ask for the same fallbacks. The store is part
    of the key, so a PNG this process has is still put into (or touched in) each store it uses."""
    checked = _checked(svg)
    height_px = round(width_px * checked.height / checked.width)
    if height_px > MAX_RASTER_PX:
        raise PictureError(f"SVG is too tall for its width: {width_px} px wide it would be {height_px} px high")
    if store is None:
        return _render(checked, width_px, height_px)
    entry = store.entry(svg, width_px)
    png = store.read(entry, width_px, height_px)
    if png is None:
        png = _render(checked, width_px, height_px)
        store.keep(entry, png)
    return png


def _render(checked: _Svg, width_px: int, height_px: int) -> bytes:
    """The PNG resvg draws of ``checked`` (whose tree gains the metric twins)."""
    import resvg_py  # imported here: only builds with SVG pictures need the renderer

    _add_metric_twins(checked.root)
    text = checked.serialise().decode("utf-8")
    with tempfile.TemporaryDirectory() as empty:
        # the check allows no file references; an empty resources folder makes sure of it
        return resvg_py.svg_to_bytes(
            svg_string=text, width=width_px, height=max(1, height_px), resources_dir=empty,
            font_family="Liberation Serif", serif_family="Liberation Serif",
            sans_serif_family="Liberation Sans", monospace_family="Liberation Mono")


def _add_metric_twins(root: etree._Element) -> None:
    """Every font-family list (attribute, style attribute, <style> sheet) with the twins added."""
    def in_css(css: str) -> str:
        return _FONT_FAMILY_CSS.sub(lambda m: m.group(1) + _with_twins(m.group(2)), css)

    for element in root.iter("{*}*"):
        if element.get("font-family"):
            element.set("font-family", _with_twins(element.get("font-family")))
        if element.get("style"):
            element.set("style", in_css(element.get("style")))
        if _split(element.tag)[1] == "style" and element.text:
            element.text = in_css(element.text)


def _with_twins(families: str) -> str:
    """``Arial, sans-serif`` -> ``Arial, "Liberation Sans", sans-serif`` (twins not already listed)."""
    names = [name.strip() for name in families.split(",") if name.strip()]
    present = {name.strip("'\" ").lower() for name in names}
    out: list[str] = []
    for name in names:
        out.append(name)
        twin = _METRIC_TWINS.get(name.strip("'\" ").lower())
        if twin and twin.lower() not in present:
            out.append(f"'{twin}'")
            present.add(twin.lower())
    return ", ".join(out)


# --- SVG: the render store ------------------------------------------------------------------

STORE_FOLDER = ".trainkit-pictures"
"""The render store's folder, inside the output folder it serves."""
UNUSED_DAYS = 30
"""A store entry no run has used for this many days is removed (see ``RenderStore.prune``)."""
_ENTRY_NAME = re.compile(r"[0-9a-f]{64}\.png")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"
"""The last chunk of every PNG: an empty IEND with its fixed CRC."""


@dataclass(frozen=True)
class RenderStore:
    """PNG fallbacks kept on disk between runs: ``<folder>/<sha256>.png``, keyed by the checked SVG's
    bytes, the width and ``environment`` (the digest of trainkit and the libraries that turn sources
    into bytes, resvg-py among them, as the build cache keys outputs with). A PNG is the same bytes
    whenever all three are, so a rebuild reads what it drew before instead of drawing it again.

    Entries are written atomically and checked when read (a PNG of the expected size, complete); a
    damaged one is drawn again and replaced. The store only saves time: an entry that cannot be
    read, written or touched costs a render, never a wrong picture or a failed build."""

    folder: Path
    environment: str

    def entry(self, svg: bytes, width_px: int) -> Path:
        """Where the PNG of ``svg`` drawn ``width_px`` wide is kept."""
        digest = hashlib.sha256(f"trainkit render store\0{self.environment}\0{width_px}\0".encode())
        digest.update(svg)
        return self.folder / f"{digest.hexdigest()}.png"

    def read(self, entry: Path, width_px: int, height_px: int) -> bytes | None:
        """The PNG kept at ``entry`` when it looks whole and is of the size asked for, marked as used
        (its modification time set to now); None when there is none or it is damaged. The size is
        compared to within a pixel: resvg rounds it its own way (1254 px wide when 1255 are asked
        for, and one pixel higher at times), and any other size is another picture's."""
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        if not _whole_png(data, width_px, max(1, height_px)):
            return None
        try:
            os.utime(entry)
        except OSError:
            pass  # a store we may read but not touch: the entry may be pruned early, and drawn again
        return data

    def keep(self, entry: Path, png: bytes) -> None:
        """Put ``png`` at ``entry`` (atomically, replacing a damaged one)."""
        try:
            write_atomic(entry, png)
        except OSError:
            pass  # not kept (a read-only or full disk): the next run draws it again

    def prune(self, now: float | None = None) -> list[Path]:
        """Remove the entries no run has used for ``UNUSED_DAYS`` days; return them.

        Entries are keyed by content, so one whose SVG was edited, or that an earlier trainkit or
        resvg-py drew, is never asked for again, and without pruning the store would grow with
        every edit of a diagram and every upgrade. Which entries the project still needs is not
        known to a single run (another language, region, course or branch may use them), but
        every run that draws a picture marks its entry as used; an entry unused for a month
        belongs to no output built in that time, and removing one too early costs one render.
        One directory scan; other files in the folder are left alone."""
        cutoff = (time.time() if now is None else now) - UNUSED_DAYS * 24 * 3600
        removed: list[Path] = []
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return removed
        for found in entries:
            if not _ENTRY_NAME.fullmatch(found.name):
                continue
            try:
                if found.is_file(follow_symlinks=False) and found.stat(follow_symlinks=False).st_mtime < cutoff:
                    os.unlink(found.path)
                    removed.append(Path(found.path))
            except OSError:
                continue  # removed by another run meanwhile, or not ours to remove
        return removed


def _whole_png(data: bytes, width_px: int, height_px: int) -> bool:
    """Whether ``data`` is a PNG of about ``width_px`` x ``height_px`` (to a pixel) that ends as a PNG
    ends: a cheap check of its first and last bytes, not a decode."""
    if len(data) < 57 or data[:8] != _PNG_SIGNATURE or data[12:16] != b"IHDR" or data[-12:] != _PNG_END:
        return False
    width, height = struct.unpack(">II", data[16:24])
    return abs(width - width_px) <= 1 and abs(height - height_px) <= 1


_STORE: RenderStore | None = None
"""The render store ``rasterize_svg`` uses in this process, if any."""


def use_store(store: RenderStore | None) -> RenderStore | None:
    """Make ``rasterize_svg`` use ``store`` (None: none) in this process; return the one it used."""
    global _STORE
    previous, _STORE = _STORE, store
    return previous


# --- SVG: labels for translation -----------------------------------------------------------


@dataclass(frozen=True)
class Label:
    """The text of one ``<text>`` element of an SVG, as translators see it."""

    text: str
    """Its text: tspans joined with single spaces, whitespace normalised."""
    line: int
    """Line of the ``<text>`` element in the SVG."""
    box_width: float | None = None
    """``data-box-width``: the width (user units) its lines must fit into."""
    box_lines: int | None = None
    """``data-box-lines``: the most lines it may take."""


Measure = Callable[[str, float, bool], float]
"""``measure(text, font_size, bold) -> width`` in the units of ``font_size``."""

SHY = "\u00ad"
"""Soft hyphen: where a long word may be broken, with a hyphen, when it does not fit a line."""
_LINE_HEIGHT = 1.2
"""Line height (in font sizes) when the original label has one line to learn it from."""
_CENTRE = 0.35
"""Height of a line's visual centre above its baseline, in font sizes (half Arial's cap height)."""
_STEP = 0.025
"""Font size shrinks by this share of the original size per step."""


def svg_labels(svg: bytes) -> list[Label]:
    """Every non-empty ``<text>`` of the SVG in document order; the SVG is checked first, so
    lines refer to the bytes given (pass the file's bytes for ``file:line`` messages)."""
    root = _checked(svg).root
    return [label for label, _ in _labels(root)]


def _labels(root: etree._Element) -> Iterator[tuple[Label, etree._Element]]:
    for text in root.iter(f"{{{SVG_NS}}}text"):
        content = _label_text(text)
        if content and text.get("data-translate") != "no":  # symbols such as "?" are not words
            yield Label(content, text.sourceline or 0, _box_width(text), _box_lines(text)), text


def _label_text(text: etree._Element) -> str:
    pieces: list[str] = []

    def walk(element: etree._Element) -> None:
        if element.text:
            pieces.append(element.text)
        for child in element:
            if isinstance(child.tag, str) and _split(child.tag)[1] not in ("title", "desc"):
                walk(child)
            if child.tail:
                pieces.append(child.tail)

    walk(text)
    return " ".join(" ".join(pieces).split())


def _box_width(text: etree._Element) -> float | None:
    value = text.get("data-box-width")
    line = text.sourceline or 0
    if value is None:
        return None
    try:
        width = float(value)
    except ValueError:
        raise PictureError(f"data-box-width '{value}' is not a number", line) from None
    if not 0 < width <= MAX_SVG_PX:
        raise PictureError(f"data-box-width '{value}' is not a positive width", line)
    return width


def _box_lines(text: etree._Element) -> int | None:
    value = text.get("data-box-lines")
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        raise PictureError(f"data-box-lines '{value}' is not a positive whole number", text.sourceline or 0)
    return int(value)


def translate_svg(svg: bytes, translations: Callable[[str], str], measure: Measure, *,
                  min_scale: float = 0.75, min_size: float = 0.0) -> tuple[bytes, list[PictureWarning]]:
    """The SVG with every label replaced by ``translations(label.text)``, checked and canonical.

    A label with ``data-box-width`` is wrapped (at spaces, after hyphens, and at soft hyphens with
    a hyphen when a word is wider than the box) into at most ``data-box-lines`` lines, as evenly
    as possible, shrinking its font size in small steps down to ``min_scale`` of the original
    when needed; its lines keep the original x and text-anchor and stay centred on the original
    block's centre (``data-box-valign="top"`` keeps its first line, ``bottom`` its last).
    ``min_size`` (user units) is a floor under any shrinking, for diagrams whose labels must
    stay readable at the size they are shown. A label without a box becomes one line. A label
    whose translation is its own text is left as drawn; ``data-translate="no"`` marks one that is
    never translated. Labels that do not fit even at the smallest size are drawn at that size,
    overflowing, and reported as warnings with their line."""
    checked = _checked(svg)
    notes: list[PictureWarning] = []
    for label, text in list(_labels(checked.root)):
        translated = " ".join(translations(label.text).split())
        if translated in ("", label.text):
            continue
        floor = max(min_scale, min_size / _block(text).size if min_size else 0.0)
        problem = _replace(text, label, translated, measure, min(floor, 1.0))
        if problem:
            notes.append(PictureWarning(problem, label.line))
    return checked.serialise(), notes


@dataclass(frozen=True)
class _Block:
    """How a label is drawn: where, in which font, and where its lines' baselines are."""

    x: str
    size: float
    bold: bool
    baselines: tuple[float, ...]


def _replace(text: etree._Element, label: Label, translated: str, measure: Measure, min_scale: float) -> str | None:
    block = _block(text)
    _hoist(text)
    path = next(text.iter(f"{{{SVG_NS}}}textPath"), None)
    if path is not None:  # text on a path: no wrapping; the path decides where it goes
        for child in list(path):
            path.remove(child)
        path.text = translated
        return None
    if label.box_width is None:
        _draw(text, block, [translated], block.size, block.baselines[0])
        return None
    lines, size, fits = _fit(translated, label.box_width, label.box_lines, block, measure, min_scale)
    first, last = block.baselines[0], block.baselines[-1]
    spacing = (last - first) / (len(block.baselines) - 1) / block.size if len(block.baselines) > 1 else _LINE_HEIGHT
    if not 0.8 <= spacing <= 3:  # lines drawn over each other or far apart: not a spacing to copy
        spacing = _LINE_HEIGHT
    valign = text.get("data-box-valign", "middle")
    if valign == "top":  # the block grows downwards from its first line
        top = first - _CENTRE * block.size + _CENTRE * size
    elif valign == "bottom":  # upwards from its last line
        top = last - _CENTRE * block.size + _CENTRE * size - (len(lines) - 1) * spacing * size
    else:
        centre = (first + last) / 2 - _CENTRE * block.size
        top = centre + _CENTRE * size - (len(lines) - 1) * spacing * size / 2
    _draw(text, block, lines, size, top, spacing * size)
    if fits:
        return None
    where = f"{label.box_lines} line(s) of {label.box_width:g} units" if label.box_lines else \
        f"lines {label.box_width:g} units wide"
    return f"label '{_short(translated)}' does not fit in {where} even at font size {size:g}"


def _block(text: etree._Element) -> _Block:
    """Position, font and line baselines of a label as drawn, from the text element and its tspans."""
    first = next((e for e in text.iter() if isinstance(e.tag, str) and (e.text or "").strip()), text)
    size, bold = _font(first)
    x = text.get("x") or first.get("x") or "0"
    y = _first_number(text.get("y"))
    if y is None:
        y = _first_number(first.get("y")) or 0.0
    if text.get("dy"):  # a shift on the text element itself (dy="0.35em" centres a line on y)
        y += _dy(text.get("dy"), size)
    baselines: list[float] = [y] if (text.text or "").strip() else []
    current = y
    for tspan in text.iterchildren(f"{{{SVG_NS}}}tspan"):
        starts_line = any(tspan.get(k) is not None for k in ("x", "y", "dy"))
        absolute = _first_number(tspan.get("y"))
        if absolute is not None:
            current = absolute
        if tspan.get("dy") is not None:
            current += _dy(tspan.get("dy"), size)
        if starts_line and _label_text(tspan):
            baselines.append(current)
    if not baselines:
        baselines.append(y)
    return _Block(re.split(r"[\s,]+", x.strip())[0], size, bold, tuple(baselines))


_POSITIONAL = frozenset({"x", "y", "dx", "dy", "rotate", "textLength", "lengthAdjust", "id"})


def _hoist(text: etree._Element) -> None:
    """Move the presentation of the label's first styled tspan (Inkscape puts fill, anchor and
    font there) onto the text element, since the tspans are about to be replaced."""
    first = next((e for e in text.iterdescendants() if isinstance(e.tag, str) and (e.text or "").strip()), None)
    if first is None or _split(first.tag)[1] != "tspan":
        return
    style = _style(text.get("style"))
    for key, value in first.attrib.items():
        if key == "style":
            style.update(_style(value))
        elif key not in _POSITIONAL and not key.startswith(("data-", "{")):
            text.set(key, value)
            style.pop(key, None)  # the tspan's attribute was closer than the text's declaration
    if style:
        text.set("style", ";".join(f"{k}:{v}" for k, v in style.items()))


def _font(element: etree._Element) -> tuple[float, bool]:
    """Font size and boldness in effect on ``element``: attributes and style declarations,
    inherited from its ancestors (em and % relative to the parent's size)."""
    chain = [element, *element.iterancestors()][::-1]
    size, bold = _DEFAULT_FONT_SIZE, False
    for node in chain:
        declared = _style(node.get("style"))
        value = declared.get("font-size", node.get("font-size"))
        if value:
            size = _font_size(value, size)
        weight = (declared.get("font-weight", node.get("font-weight")) or "").strip().lower()
        if weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600):
            bold = True
        elif weight in ("normal", "lighter") or weight.isdigit():
            bold = False
    return size, bold


def _style(value: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for declaration in (value or "").split(";"):
        key, _, val = declaration.partition(":")
        if val.strip():
            out[key.strip().lower()] = val.strip()
    return out


def _font_size(value: str, inherited: float) -> float:
    match = _LENGTH.match(value)
    if not match:
        return inherited
    number, unit = float(match.group(1)), match.group(2)
    if unit == "em":
        return number * inherited
    if unit == "%":
        return number * inherited / 100
    return number * _CSS_UNITS.get(unit, 1.0)


def _dy(value: str, size: float) -> float:
    match = _LENGTH.match(value.split()[0].rstrip(",")) if value.strip() else None
    if not match:
        return 0.0
    number, unit = float(match.group(1)), match.group(2)
    return number * size if unit == "em" else number * _CSS_UNITS.get(unit, 1.0)


def _first_number(value: str | None) -> float | None:
    if not value or not value.strip():
        return None
    match = _LENGTH.match(re.split(r"[\s,]+", value.strip())[0])
    return float(match.group(1)) * _CSS_UNITS.get(match.group(2), 1.0) if match else None


def _fit(text: str, width: float, most: int | None, block: _Block, measure: Measure,
         min_scale: float) -> tuple[list[str], float, bool]:
    """Lines and font size for ``text``: the largest size (in steps) at which it fits, lines balanced."""
    steps = max(0, int(round((1 - min_scale) / _STEP)))
    size = block.size
    lines: list[str] = []
    for step in range(steps + 1):
        size = round(block.size * (1 - step * _STEP), 2)
        lines, fits = _wrap(text, width, size, block.bold, measure)
        if fits and (most is None or len(lines) <= most):
            return _balance(text, width, len(lines), size, block.bold, measure), size, True
    return lines, size, False


def _balance(text: str, width: float, count: int, size: float, bold: bool, measure: Measure) -> list[str]:
    """The wrapping into ``count`` lines with the narrowest widest line: even lines read better
    in a box than a long line over a short one."""
    widest_word = max(measure(word.replace(SHY, ""), size, bold) for word in text.split(" "))
    low, high = min(widest_word, width), width  # never narrower than a word: no needless hyphens
    best, _ = _wrap(text, width, size, bold, measure)
    for _ in range(20):
        middle = (low + high) / 2
        lines, fits = _wrap(text, middle, size, bold, measure)
        if fits and len(lines) <= count:
            best, high = lines, middle
        else:
            low = middle
    return best


def _wrap(text: str, width: float, size: float, bold: bool, measure: Measure) -> tuple[list[str], bool]:
    """Greedy wrapping at spaces; a word wider than a line breaks after a hyphen or at a soft
    hyphen (shown as '-'). Returns the lines and whether every line fits."""
    def fits(line: str) -> bool:
        return measure(line, size, bold) <= width

    lines: list[str] = []
    current = ""
    ok = True
    for word in text.split(" "):
        clean = word.replace(SHY, "")
        if current and fits(f"{current} {clean}"):
            current = f"{current} {clean}"
            continue
        if fits(clean):
            if current:
                lines.append(current)
            current = clean
            continue
        if current:
            lines.append(current)
        current = ""
        for piece_line, piece_ok in _break_word(word, fits):
            if current:
                lines.append(current)
            current = piece_line
            ok = ok and piece_ok
    if current:
        lines.append(current)
    return lines, ok


def _break_word(word: str, fits: Callable[[str], bool]) -> Iterator[tuple[str, bool]]:
    """A word too wide for a line, in lines: as many of its pieces (split after '-' and soft
    hyphens) on each line as fit; a piece that alone is too wide takes a line anyway."""
    pieces = [p for p in re.split(f"(?<=[{SHY}-])", word) if p]
    start = 0
    while start < len(pieces):
        end = len(pieces)
        while end > start + 1 and not fits(_joined(pieces, start, end)):
            end -= 1
        line = _joined(pieces, start, end)
        yield line, fits(line)
        start = end


def _joined(pieces: list[str], start: int, end: int) -> str:
    text = "".join(pieces[start:end])
    if end < len(pieces) and text.endswith(SHY):
        text += "-"  # the soft hyphen becomes visible where the word is broken
    return text.replace(SHY, "")


def _draw(text: etree._Element, block: _Block, lines: list[str], size: float, first: float,
          spacing: float = 0.0) -> None:
    """Replace the label's content by ``lines``, one tspan each, at ``x``; font on the text element."""
    for child in list(text):
        text.remove(child)
    text.text = None
    for key in ("dx", "dy", "rotate", "textLength", "lengthAdjust"):  # positions per glyph of the old text
        text.attrib.pop(key, None)
    text.set("x", block.x)
    text.set("y", _num(first))
    style = _style(text.get("style"))
    for key, value in (("font-size", _num(size)), ("font-weight", "bold" if block.bold else "normal")):
        if key in style:
            style[key] = value
        else:
            text.set(key, value)
    if text.get("style") is not None:
        text.set("style", ";".join(f"{k}:{v}" for k, v in style.items()))
    if len(lines) == 1:
        text.text = lines[0]
        return
    for n, line in enumerate(lines):
        tspan = etree.SubElement(text, f"{{{SVG_NS}}}tspan")
        tspan.set("x", block.x)
        tspan.set("y", _num(first + n * spacing))
        tspan.text = line


def _short(text: str) -> str:
    text = text.replace(SHY, "")
    return text if len(text) <= 40 else text[:37] + "..."
