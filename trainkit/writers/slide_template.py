"""Slide templates: layouts and their placeholders, the geometry the deck plan needs, and ``template check``.

Which layout serves which kind of slide, with fallbacks, is in trainkit.writers.layouts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pptx.enum.shapes import PP_PLACEHOLDER

from trainkit.writers.layouts import Area, DeckGeometry, LayoutGeometry, resolve_layout

USED: tuple[tuple[str, str], ...] = (
    ("Title Slide", "title slide"),
    ("Title and Content", "learning objectives, agenda, content slides"),
    ("Section Header", "one per '#' section"),
    ("Two Content", "text beside an image, two images"),
    ("Comparison", "slides with {layout=\"Comparison\"}"),
    ("Content with Caption", "slides with {layout=\"Content with Caption\"}"),
    ("Blank", "slides with {layout=\"Blank\"}"),
    ("Exercise", "one per exercise"),
    ("Closing", "key points / closing slide"),
)
"""Every layout trainkit asks for, and what for: the rows of ``template check``."""

TITLE_TYPES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE, PP_PLACEHOLDER.VERTICAL_TITLE)
TEXT_TYPES = (PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.SUBTITLE, PP_PLACEHOLDER.PICTURE,
              PP_PLACEHOLDER.TABLE)


def _type(placeholder):
    return placeholder.placeholder_format.type


def find_layout(prs, name: str):
    """The layout for ``name`` (see trainkit.writers.layouts for the fallbacks)."""
    return TemplateLayouts(prs).find(name)


class TemplateLayouts:
    """A presentation's layouts with their roles, read once, and the layout chosen for each name.

    Sorting a layout's placeholders into roles walks python-pptx's placeholder proxies; a deck
    asks for a layout on every slide, and the layouts do not change while it is drawn.
    """

    def __init__(self, prs) -> None:
        self.layouts = list(prs.slide_layouts)
        self._roles = [layout_roles(layout) for layout in self.layouts]
        self._names = [layout.name for layout in self.layouts]
        self._usable = [bool(roles.contents) and roles.title is not None for roles in self._roles]
        self._chosen: dict[str, int] = {}

    def _index(self, name: str) -> int:
        if name not in self._chosen:
            self._chosen[name] = resolve_layout(self._names, self._usable, name)
        return self._chosen[name]

    def find(self, name: str):
        """The layout for ``name``, as ``find_layout`` chooses it."""
        return self.layouts[self._index(name)]

    def roles(self, name: str) -> Roles:
        """``layout_roles`` of the layout for ``name``."""
        return self._roles[self._index(name)]


@dataclass
class Roles:
    """A layout's (or slide's) placeholders by what trainkit puts in them."""

    title: object = None
    subtitle: object = None
    """Title Slide: description, version, date; Section Header: duration."""
    headers: list = field(default_factory=list)
    """Comparison: a heading above each column."""
    contents: list = field(default_factory=list)
    """Text, tables and pictures, left to right."""
    caption: object = None
    """Content with Caption: the text beside the content."""
    footer: object = None
    slide_number: object = None
    picture: object = None
    """A picture placeholder on the title slide, for the logo."""


def layout_roles(layout_or_slide) -> Roles:
    """Sort the placeholders of a layout or slide into roles, by type and then by position."""
    roles = Roles()
    texts = []
    for ph in layout_or_slide.placeholders:
        kind = _type(ph)
        if kind in TITLE_TYPES and roles.title is None:
            roles.title = ph
        elif kind == PP_PLACEHOLDER.SUBTITLE and roles.subtitle is None:
            roles.subtitle = ph
        elif kind == PP_PLACEHOLDER.FOOTER:
            roles.footer = ph
        elif kind == PP_PLACEHOLDER.SLIDE_NUMBER:
            roles.slide_number = ph
        elif kind in TEXT_TYPES:
            texts.append(ph)
    name = getattr(layout_or_slide, "name", "") or getattr(getattr(layout_or_slide, "slide_layout", None),
                                                             "name", "")
    if name.strip().lower() in ("title slide", "section header"):
        if roles.subtitle is None and texts:
            roles.subtitle = texts.pop(0)
        pictures = [p for p in texts if _type(p) == PP_PLACEHOLDER.PICTURE]
        roles.picture = pictures[0] if pictures else None
        return roles
    if name.strip().lower() == "content with caption" and len(texts) >= 2:
        # the caption is the narrower text placeholder
        texts.sort(key=lambda p: (p.width or 0) * (p.height or 0))
        roles.caption = texts.pop(0)
    # placeholders stacked in one column: the short upper one is a header (Comparison)
    columns: dict[int, list] = {}
    for ph in sorted(texts, key=lambda p: (p.left or 0, p.top or 0)):
        key = next((k for k in columns if abs(k - (ph.left or 0)) < 457200), ph.left or 0)
        columns.setdefault(key, []).append(ph)
    for key in sorted(columns):
        stack = sorted(columns[key], key=lambda p: p.top or 0)
        if len(stack) >= 2 and (stack[0].height or 0) < (stack[1].height or 0):
            roles.headers.append(stack[0])
            roles.contents.append(stack[1])
        else:
            roles.contents.append(max(stack, key=lambda p: (p.height or 0) * (p.width or 0)))
    if roles.subtitle is not None and not roles.contents:
        roles.contents.append(roles.subtitle)
        roles.subtitle = None
    return roles


def geometry_of(prs) -> DeckGeometry:
    """The slide size and every layout's areas, read once from an open presentation."""
    from trainkit.writers.pptx_shapes import box_of, default_size, master_body_box, text_box, title_geometry

    def area(placeholder) -> Area:
        return Area(box_of(placeholder), text_box(placeholder), default_size(placeholder, prs, title=False))

    layouts = []
    for layout in prs.slide_layouts:
        roles = layout_roles(layout)
        title, title_size = title_geometry(roles.title, prs)
        layouts.append(LayoutGeometry(
            layout.name, title, title_size,
            subtitle=area(roles.subtitle) if roles.subtitle is not None else None,
            contents=tuple(area(p) for p in roles.contents),
            headers=tuple(area(p) for p in roles.headers),
            caption=area(roles.caption) if roles.caption is not None else None,
            has_title=roles.title is not None,
        ))
    return DeckGeometry(int(prs.slide_width), int(prs.slide_height), tuple(layouts), master_body_box(prs))


@lru_cache(maxsize=16)
def _geometry(path: str, stamp: tuple[int, int]) -> DeckGeometry:
    from pptx import Presentation

    return geometry_of(Presentation(path))


def read_geometry(path: Path) -> DeckGeometry:
    """The geometry of the slide template at ``path``, read once per process (and again when it changes)."""
    stat = path.stat()
    return _geometry(str(path), (stat.st_mtime_ns, stat.st_size))


def _describe(roles: Roles) -> list[str]:
    parts = []
    if roles.title is not None:
        parts.append("title")
    if roles.subtitle is not None:
        parts.append("subtitle")
    if roles.picture is not None:
        parts.append("logo picture")
    if roles.headers:
        parts.append(f"{len(roles.headers)} header(s)")
    if roles.contents:
        parts.append(f"{len(roles.contents)} content area(s)")
    if roles.caption is not None:
        parts.append("caption")
    if roles.footer is not None:
        parts.append("footer")
    if roles.slide_number is not None:
        parts.append("slide number")
    return parts


def check_template(path: Path) -> tuple[list[str], bool]:
    """What trainkit will use from the slide template at ``path``: one line per layout it asks for,
    then what is missing. ``ok`` is false when the file is not a pptx or has no layout with a
    title and a text area (content slides could not be built); missing optional parts only warn."""
    from pptx import Presentation
    from pptx.exc import PackageNotFoundError

    import zipfile

    from trainkit.writers.ooxml import expansion_problem

    try:
        with zipfile.ZipFile(path) as package:
            oversized = expansion_problem(package)
        if oversized:  # python-pptx would unpack every part into memory
            return [f"{path}: {oversized}"], False
        prs = Presentation(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError, zipfile.BadZipFile) as exc:
        return [f"{path}: not a PowerPoint file ({exc})"], False
    width, height = prs.slide_width / 914400, prs.slide_height / 914400
    lines = [f"{path}: {width:.2f} x {height:.2f} in, {len(prs.slide_layouts)} layout(s): "
             + ", ".join(f'"{layout.name}"' for layout in prs.slide_layouts)]
    problems: list[str] = []
    ok = True
    names = {layout.name.strip().lower() for layout in prs.slide_layouts}
    layouts = TemplateLayouts(prs)  # each layout's roles sorted once, not once per row
    for wanted, purpose in USED:
        layout = layouts.find(wanted)
        roles = layouts.roles(wanted)
        found = layout.name.strip().lower() == wanted.lower()
        how = "" if found else f' (no "{wanted}" layout: falls back to "{layout.name}")'
        lines.append(f'  {wanted:<21} -> "{layout.name}"{how}: {", ".join(_describe(roles)) or "no placeholders"}'
                     f"  [{purpose}]")
        if not found and wanted.lower() not in names:
            problems.append(f'layout "{wanted}"' + (" (optional)" if wanted in ("Exercise", "Closing")
                                                           else ""))
        if roles.title is None:
            problems.append(f'"{layout.name}" has no title placeholder: the master\'s title position is used')
        if wanted in ("Title and Content", "Exercise", "Closing", "Two Content", "Comparison") and not roles.contents:
            problems.append(f'"{layout.name}" has no content placeholder for {purpose}')
            if wanted == "Title and Content":
                ok = False
        if wanted == "Title and Content":
            if roles.footer is None:
                problems.append(f'"{layout.name}" has no footer placeholder: the acknowledgement is drawn in a '
                                "text box")
            if roles.slide_number is None:
                problems.append(f'"{layout.name}" has no slide number placeholder: the number is drawn in a '
                                "text box")
    if abs(width / height - 16 / 9) > 0.01:
        problems.append(f"slides are {width:.2f} x {height:.2f} in, not 16:9")
    lines.extend(f"  missing: {p}" if p.startswith("layout") else f"  warning: {p}" for p in problems)
    lines.append("ok: trainkit can build decks with this template" if ok
                 else "error: trainkit cannot build decks with this template")
    return lines, ok
