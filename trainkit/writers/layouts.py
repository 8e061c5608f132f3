"""Slide geometry as plain data: boxes, placeholder sizes and which layout serves which kind of slide.

``slide_template.read_geometry`` reads it from a reference deck once; the deck plan works on it
without any python-pptx object, and the pptx writer resolves layouts with the same rules.

trainkit asks for layouts by the names Pandoc's pptx writer uses, so a reference deck made for
Pandoc or Quarto works as a trainkit template, plus two of its own:

=====================  ==================================================================
asked for              used, first found (names compared without case)
=====================  ==================================================================
Title Slide            Title Slide
Title and Content      Title and Content
Section Header         Section Header, Title Slide
Two Content            Two Content, Comparison, Title and Content
Comparison             Comparison, Two Content, Title and Content
Content with Caption   Content with Caption, Two Content, Title and Content
Title Only             Title Only, Title and Content
Blank                  Blank, Title Only, Title and Content
Exercise               Exercise, Title and Content
Closing                Closing, Title and Content
any other name         that name, Title and Content
=====================  ==================================================================

When none of them exists, the first layout with a title and a content area is used, else the
first layout. A slide whose layout has no title placeholder gets one inherited from the master,
so every slide has a title.
"""

from __future__ import annotations

from dataclasses import dataclass

EMU_PER_PT = 12700

FALLBACKS: dict[str, tuple[str, ...]] = {
    "Title Slide": ("Title Slide",),
    "Title and Content": ("Title and Content",),
    "Section Header": ("Section Header", "Title Slide"),
    "Two Content": ("Two Content", "Comparison", "Title and Content"),
    "Comparison": ("Comparison", "Two Content", "Title and Content"),
    "Content with Caption": ("Content with Caption", "Two Content", "Title and Content"),
    "Title Only": ("Title Only", "Title and Content"),
    "Blank": ("Blank", "Title Only", "Title and Content"),
    "Exercise": ("Exercise", "Title and Content"),
    "Closing": ("Closing", "Title and Content"),
}
"""Layout asked for -> names tried in order."""


@dataclass(frozen=True)
class Box:
    """A rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int

    def inset(self, left: int, top: int, right: int, bottom: int) -> "Box":
        return Box(self.x + left, self.y + top, max(self.w - left - right, 0), max(self.h - top - bottom, 0))

    @property
    def w_pt(self) -> float:
        return self.w / EMU_PER_PT

    @property
    def h_pt(self) -> float:
        return self.h / EMU_PER_PT


@dataclass(frozen=True)
class Area:
    """A placeholder as the plan sees it: where it is, where its text may go, its first-level size."""

    box: Box
    text: Box
    """The box inside the placeholder's text insets."""
    size: float
    """The template's first-level font size, in points."""


@dataclass(frozen=True)
class LayoutGeometry:
    """One slide layout's areas, sorted into what trainkit puts in them."""

    name: str
    title: Box
    """Where a title's text goes (the master's title area when the layout has no title placeholder)."""
    title_size: float
    subtitle: Area | None = None
    """Title Slide and Section Header: description, version, date; the duration."""
    contents: tuple[Area, ...] = ()
    """Text, tables and pictures, left to right."""
    headers: tuple[Area, ...] = ()
    """Comparison: a heading above each column."""
    caption: Area | None = None
    """Content with Caption: the text beside the content."""
    has_title: bool = True
    """False when the title is drawn in a placeholder inherited from the master."""

    @property
    def usable(self) -> bool:
        """Has a title and somewhere to put content: the last resort for unknown layout names."""
        return self.has_title and bool(self.contents)

    @property
    def target(self) -> Area | None:
        """Where a title or section slide's subtitle goes: the subtitle, else the first content area."""
        return self.subtitle or (self.contents[0] if self.contents else None)


@dataclass(frozen=True)
class DeckGeometry:
    """A reference deck's slide size and layouts: all the deck plan needs to know of a template."""

    width: int
    height: int
    layouts: tuple[LayoutGeometry, ...]
    master_body: Box
    """The master's body area, for layouts without a content placeholder."""

    def index(self, asked: str) -> int:
        """The position of the layout that serves ``asked`` (see the table above)."""
        return resolve_layout([layout.name for layout in self.layouts], [layout.usable for layout in self.layouts],
                              asked)

    def layout(self, asked: str) -> LayoutGeometry:
        return self.layouts[self.index(asked)]


def resolve_layout(names: list[str], usable: list[bool], asked: str) -> int:
    """Index of the layout for ``asked`` following FALLBACKS, then the first usable layout, then 0."""
    by_name: dict[str, int] = {}
    for i, name in enumerate(names):
        by_name.setdefault(name.strip().lower(), i)
    for candidate in FALLBACKS.get(asked, (asked, "Title and Content")):
        if candidate.lower() in by_name:
            return by_name[candidate.lower()]
    return next((i for i, ok in enumerate(usable) if ok), 0)


def fitted(image_w: int, image_h: int, box: Box) -> Box:
    """The largest box of the image's aspect ratio inside ``box``, centred."""
    if image_w <= 0 or image_h <= 0 or box.w <= 0 or box.h <= 0:
        return box
    scale = min(box.w / image_w, box.h / image_h)
    w, h = int(image_w * scale), int(image_h * scale)
    return Box(box.x + (box.w - w) // 2, box.y + (box.h - h) // 2, w, h)
