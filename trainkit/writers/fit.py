"""Text measurement and pagination for slides: pure functions over points, no python-pptx.

Sizes are measured, never left to an autofit flag: PowerPoint applies ``normAutofit`` only once
someone edits the text, LibreOffice applies it at once, so a deck relying on it looks fine in one
and overflows in the other. Widths come from the Liberation Sans/Mono fonts (metric-compatible
with Arial and Courier New, the template's fonts) through Pillow; without them a conservative
estimate is used (0.55 em per character, 0.6 em for bold and monospace).
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LINE_HEIGHT = 1.2
"""Line height as a multiple of the font size; Arial's own is about 1.15."""
SAFETY = 0.94
"""Share of a text box's height that content may fill, for renderer differences."""
BODY_FLOOR = 14
"""No body text under this size (points)."""
BODY_SIZES = (28, 26, 24, 22, 20, 18, 16, 14)
TABLE_SIZES = (20, 18, 16, 14)
TITLE_FLOOR = 20
SPLIT_SIZE = 18
"""Once content must be split anyway, it is split at this size rather than at the floor: three
readable slides serve a room better than two crammed ones."""

_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/liberation", "/usr/share/fonts/liberation-sans", "/usr/share/fonts/liberation-mono",
    "/usr/local/share/fonts", "/Library/Fonts", str(Path.home() / ".fonts"),
)
_FACES = {
    (False, False, False): ("LiberationSans-Regular.ttf", "Liberation Sans:regular"),
    (True, False, False): ("LiberationSans-Bold.ttf", "Liberation Sans:bold"),
    (False, True, False): ("LiberationSans-Italic.ttf", "Liberation Sans:italic"),
    (True, True, False): ("LiberationSans-BoldItalic.ttf", "Liberation Sans:bold:italic"),
    (False, False, True): ("LiberationMono-Regular.ttf", "Liberation Mono:regular"),
    (True, False, True): ("LiberationMono-Bold.ttf", "Liberation Mono:bold"),
    (False, True, True): ("LiberationMono-Italic.ttf", "Liberation Mono:italic"),
    (True, True, True): ("LiberationMono-BoldItalic.ttf", "Liberation Mono:bold:italic"),
}
_UNITS = 1000  # fonts are loaded at this size; widths scale linearly


def _find_font(filename: str, pattern: str) -> str | None:
    for folder in _FONT_DIRS:
        candidate = Path(folder) / filename
        if candidate.is_file():
            return str(candidate)
    if shutil.which("fc-match"):
        try:
            done = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True,
                                  timeout=10, check=False)
        except (OSError, subprocess.SubprocessError):
            return None
        # fc-match always answers with some font; only a Liberation one has Arial's metrics
        if done.returncode == 0 and Path(done.stdout).name == filename:
            return done.stdout
    return None


@dataclass(frozen=True)
class Span:
    """A piece of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False
    mono: bool = False


@dataclass
class Metrics:
    """Text widths in points, from font files or from the fallback estimate."""

    fonts: dict = field(default_factory=dict)
    """(bold, italic, mono) -> Pillow FreeTypeFont at 1000 units; missing faces use the estimate."""
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def measured(self) -> bool:
        return bool(self.fonts)

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False, mono: bool = False) -> float:
        return self._units(text, bold, italic, mono) * size / _UNITS

    def _units(self, text: str, bold: bool, italic: bool, mono: bool) -> float:
        key = (text, bold, italic, mono)
        if key not in self._cache:
            font = self.fonts.get((bold, italic, mono))
            if font is None:
                self._cache[key] = len(text) * _UNITS * (0.6 if bold or mono else 0.55)
            else:
                self._cache[key] = float(font.getlength(text))
        return self._cache[key]


@lru_cache(maxsize=1)
def metrics() -> Metrics:
    """The process-wide metrics: Liberation fonts when installed, else the estimate."""
    from PIL import ImageFont

    fonts = {}
    for style, (filename, pattern) in _FACES.items():
        path = _find_font(filename, pattern)
        if path:
            # the basic layout engine ignores kerning: slightly wider, and the same on every machine
            fonts[style] = ImageFont.truetype(path, _UNITS, layout_engine=ImageFont.Layout.BASIC)
    return Metrics(fonts)


# --- wrapping ---------------------------------------------------------------


def _words(spans: tuple[Span, ...]) -> list[list[tuple[Span, str]]]:
    """Split spans into words (pieces between spaces), each word a list of styled pieces."""
    words: list[list[tuple[Span, str]]] = [[]]
    for span in spans:
        parts = span.text.split(" ")
        for i, part in enumerate(parts):
            if i:
                words.append([])
            if part:
                words[-1].append((span, part))
    return words


def count_lines(spans: tuple[Span, ...], width: float, size: float, m: Metrics) -> int:
    """Lines the spans take when wrapped at spaces into ``width`` points (``\\n`` forces a break)."""
    lines = 0
    for chunk in _split_breaks(spans):
        lines += _count_chunk(chunk, width, size, m)
    return lines


def _split_breaks(spans: tuple[Span, ...]) -> list[tuple[Span, ...]]:
    chunks: list[list[Span]] = [[]]
    for span in spans:
        pieces = span.text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                chunks.append([])
            chunks[-1].append(Span(piece, span.bold, span.italic, span.mono))
    return [tuple(c) for c in chunks]


def _count_chunk(spans: tuple[Span, ...], width: float, size: float, m: Metrics) -> int:
    width = max(width, size)  # a column narrower than one letter still shows a letter per line
    lines, used = 1, 0.0
    for word in _words(spans):
        if not word:
            continue
        space = m.width(" ", size, word[0][0].bold, word[0][0].italic, word[0][0].mono)
        w = sum(m.width(text, size, s.bold, s.italic, s.mono) for s, text in word)
        if used and used + space + w <= width:
            used += space + w
            continue
        if used:
            lines += 1
        if w <= width:
            used = w
            continue
        # a word wider than the line is broken between letters, as PowerPoint does
        used = 0.0
        for s, text in word:
            for char in text:
                c = m.width(char, size, s.bold, s.italic, s.mono)
                if used + c > width and used:
                    lines += 1
                    used = 0.0
                used += c
    return lines


def text_width(spans: tuple[Span, ...], size: float, m: Metrics) -> float:
    """Width of the spans on one line (the widest line when they hold breaks)."""
    return max((sum(m.width(s.text, size, s.bold, s.italic, s.mono) for s in chunk)
                for chunk in _split_breaks(spans)), default=0.0)


def longest_word(spans: tuple[Span, ...], size: float, m: Metrics) -> float:
    return max((sum(m.width(t, size, s.bold, s.italic, s.mono) for s, t in word) for word in _words(spans)),
               default=0.0)


# --- paragraphs and pages ---------------------------------------------------


@dataclass(frozen=True)
class Para:
    """A paragraph as the fitter sees it: styled text, its size relative to the body size, its indent."""

    spans: tuple[Span, ...]
    scale: float = 1.0
    """Font size as a share of the body size (sub-levels and code are smaller)."""
    indent: float = 0.0
    """Left margin in points (bullet hang and level)."""
    space_before: float = 0.0
    """Space above, as a share of the font size; dropped at the top of a page."""
    keep_with_previous: bool = False
    """Not to start a page (a sub-bullet, a quote's attribution, what follows a heading)."""
    floor: float = BODY_FLOOR
    """No size under this, whatever the scale: prose keeps its code and sub-items readable too."""


def para_size(base: float, para: Para) -> float:
    """The font size of ``para`` when the body size is ``base``: whole or half points, never under its floor."""
    return max(para.floor, round(base * para.scale * 2) / 2)


def para_height(para: Para, width: float, base: float, m: Metrics, first: bool = False) -> float:
    size = para_size(base, para)
    lines = count_lines(para.spans, width - para.indent, size, m)
    return lines * size * LINE_HEIGHT + (0.0 if first else para.space_before * size)


def paginate(paras: list[Para], width: float, height: float, base: float, m: Metrics) -> list[list[int]]:
    """Indexes of ``paras`` per page at body size ``base``: break before a paragraph that would
    overflow, preferably where ``keep_with_previous`` is false. A paragraph taller than a page
    gets a page of its own (the caller shrinks or accepts it)."""
    pages: list[list[int]] = [[]]
    used = 0.0
    groups: list[list[int]] = []
    for i, para in enumerate(paras):
        if para.keep_with_previous and groups:
            groups[-1].append(i)
        else:
            groups.append([i])
    for group in groups:
        heights = [para_height(paras[i], width, base, m, first=False) for i in group]
        first_height = para_height(paras[group[0]], width, base, m, first=True)
        total = sum(heights)
        if pages[-1] and used + total <= height:
            pages[-1].extend(group)
            used += total
            continue
        if not pages[-1] and first_height + sum(heights[1:]) <= height:
            pages[-1].extend(group)
            used = first_height + sum(heights[1:])
            continue
        if pages[-1] and first_height + sum(heights[1:]) <= height:
            pages.append(list(group))
            used = first_height + sum(heights[1:])
            continue
        # the group is taller than a page: fill paragraph by paragraph
        for i in group:
            h = para_height(paras[i], width, base, m, first=not pages[-1])
            if pages[-1] and used + h > height:
                pages.append([])
                h = para_height(paras[i], width, base, m, first=True)
                used = 0.0
            pages[-1].append(i)
            used += h
    return [p for p in pages if p] or [[]]


@dataclass(frozen=True)
class TextFit:
    """The body size chosen and the paragraphs of each page."""

    size: float
    pages: list[list[int]]

    @property
    def fits_one(self) -> bool:
        return len(self.pages) == 1


def fit_text(paras: list[Para], width: float, height: float, m: Metrics,
             sizes: tuple[float, ...] = BODY_SIZES) -> TextFit:
    """The largest size that fits one page, down to the floor; content that does not fit even
    then is split at SPLIT_SIZE (or the largest size allowed, when smaller) over balanced pages."""
    height *= SAFETY
    for size in sizes:
        pages = paginate(paras, width, height, size, m)
        if len(pages) == 1:
            return TextFit(size, pages)
    size = next((s for s in sizes if s <= SPLIT_SIZE), sizes[-1])
    pages = paginate(paras, width, height, size, m)
    # fill the pages evenly: lower the page height while the page count stays the same
    target = height
    while target > height / 2:
        trial = paginate(paras, width, target * 0.95, size, m)
        if len(trial) != len(pages):
            break
        target, pages = target * 0.95, trial
    return TextFit(size, pages)


def text_height(paras: list[Para], width: float, base: float, m: Metrics) -> float:
    """Height of the paragraphs on one page, with the safety margin added back."""
    total = sum(para_height(p, width, base, m, first=i == 0) for i, p in enumerate(paras))
    return total / SAFETY


def fit_title(spans: tuple[Span, ...], width: float, height: float, m: Metrics, largest: float,
              smallest: float = TITLE_FLOOR) -> tuple[float, int]:
    """The largest title size (and its line count) whose wrapped lines fit the title area;
    below ``smallest`` only when nothing else fits, never under the body floor."""
    size = float(largest)
    while True:
        lines = count_lines(spans, width, size, m)
        if lines * size * LINE_HEIGHT <= height * SAFETY or size <= BODY_FLOOR:
            return size, lines
        if size <= smallest and lines * size * LINE_HEIGHT <= height * 1.5:
            # rather a title that grows a little than one too small to read
            return size, lines
        size -= 2 if size > 24 else 1


# --- tables -----------------------------------------------------------------

CELL_MARGIN_X = 7.2
"""PowerPoint's default left and right cell margins (0.1 in), in points."""
CELL_MARGIN_Y = 3.6
"""Default top and bottom cell margins (0.05 in)."""


@dataclass(frozen=True)
class TableFit:
    """Font size, column widths and row heights (points), and the body rows of each page."""

    size: float
    widths: list[float]
    header_height: float
    heights: list[float]
    pages: list[list[int]]


def _bold(cells: list[tuple[Span, ...]]) -> list[tuple[Span, ...]]:
    """The header row as drawn: in bold, which is wider."""
    return [tuple(Span(s.text, True, s.italic, s.mono) for s in cell) for cell in cells]


def words_fit(header: list[tuple[Span, ...]], rows: list[list[tuple[Span, ...]]], width: float,
              size: float, m: Metrics) -> bool:
    """Whether every column can be as wide as its longest word at ``size`` (so no word is broken)."""
    return sum(_minimum_widths(header, rows, size, m)) <= width


def _minimum_widths(header, rows, size: float, m: Metrics) -> list[float]:
    minimum = [CELL_MARGIN_X * 2 + 1.0] * len(header)
    for row in [_bold(header), *rows]:
        for c, cell in enumerate(row[:len(header)]):
            # the same safety share as for heights: renderers' metrics differ slightly from ours,
            # and a long word must never be broken inside a narrow column
            minimum[c] = max(minimum[c], longest_word(cell, size, m) / SAFETY + 2 * CELL_MARGIN_X)
    return minimum


def column_widths(header: list[tuple[Span, ...]], rows: list[list[tuple[Span, ...]]], width: float,
                  size: float, m: Metrics) -> list[float]:
    """Share ``width`` between columns by the length of their text, never narrower than their longest word."""
    count = len(header)
    desired = [CELL_MARGIN_X * 2 + 1.0] * count
    minimum = [CELL_MARGIN_X * 2 + 1.0] * count
    for row in [_bold(header), *rows]:
        for c, cell in enumerate(row[:count]):
            desired[c] = max(desired[c], text_width(cell, size, m) + 2 * CELL_MARGIN_X)
            # the same safety share as for heights: renderers' metrics differ slightly from ours,
            # and a long word must never be broken inside a narrow column
            minimum[c] = max(minimum[c], longest_word(cell, size, m) / SAFETY + 2 * CELL_MARGIN_X)
    total = sum(desired)
    if total <= width:
        return [d * width / total for d in desired]
    # take width from the columns with the most text first, down to their longest word
    widths = [max(mn, width * d / total) for d, mn in zip(desired, minimum)]
    excess = sum(widths) - width
    if excess > 0:
        slack = [w - mn for w, mn in zip(widths, minimum)]
        spare = sum(slack)
        if spare > 0:
            widths = [w - excess * s / spare if spare >= excess else mn
                      for w, s, mn in zip(widths, slack, minimum)]
        total = sum(widths)
        widths = [w * width / total for w in widths]
    return widths


def row_height(cells: list[tuple[Span, ...]], widths: list[float], size: float, m: Metrics) -> float:
    lines = max((count_lines(cell, w - 2 * CELL_MARGIN_X, size, m) for cell, w in zip(cells, widths)),
                default=1)
    return max(lines, 1) * size * LINE_HEIGHT + 2 * CELL_MARGIN_Y


def fit_table(header: list[tuple[Span, ...]], rows: list[list[tuple[Span, ...]]], width: float,
              height: float, m: Metrics, sizes: tuple[float, ...] = TABLE_SIZES) -> TableFit:
    """The largest size at which the table fits one page with no word broken; otherwise its rows
    are split, at SPLIT_SIZE (or smaller, until every column holds its longest word), over
    balanced pages that each repeat the header."""
    height *= SAFETY
    # a size at which some column cannot hold its longest word would break words: never use one
    # (at the smallest size the words break all the same: the table is too wide for the slide)
    whole = tuple(s for s in sizes if words_fit(header, rows, width, s, m)) or sizes[-1:]
    sizes = whole

    def layout(size: float, page_height: float) -> TableFit:
        widths = column_widths(header, rows, width, size, m)
        head = row_height(_bold(header), widths, size, m)
        heights = [row_height(row, widths, size, m) for row in rows]
        pages: list[list[int]] = [[]]
        used = head
        for i, h in enumerate(heights):
            if pages[-1] and used + h > page_height:
                pages.append([])
                used = head
            pages[-1].append(i)
            used += h
        return TableFit(size, widths, head, heights, pages)

    for size in sizes:
        fit = layout(size, height)
        if len(fit.pages) == 1:
            return fit
    size = next((s for s in sizes if s <= SPLIT_SIZE), sizes[-1])
    fit = layout(size, height)
    target = height
    while target > height / 2:
        trial = layout(size, target * 0.95)
        if len(trial.pages) != len(fit.pages):
            break
        target, fit = target * 0.95, trial
    return fit
