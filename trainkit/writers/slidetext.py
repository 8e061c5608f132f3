"""Text on slides, before it is drawn: model blocks as measurable paragraphs. Pure (no python-pptx).

The deck plan measures these paragraphs to decide which slides exist; the pptx writer draws the
same paragraphs with the same sizes, indents and spacing, so what was measured is what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from trainkit import model as m
from trainkit.writers import fit
from trainkit.writers.dispatch import BlockVisitor

BULLETS = ("•", "–", "▪")
LEVEL_SCALE = (1.0, 0.85, 0.75)
"""Size of list levels 1-3 relative to the body size (the template's 24/20/18 pt)."""
CODE_SCALE = 0.8
MAX_LEVEL = 2

# Indents in points: the text of level n starts at MARGIN + n * STEP, the bullet hangs HANG left of it
MARGIN, STEP, HANG, NUMBER_HANG = 27.0, 31.5, 22.5, 31.5
SPACE_BEFORE = {"top": 0.45, "sub": 0.25, "code": 0.0, "follow": 0.2}
"""Space above a paragraph as a share of its size: a top-level item, a sub-item, a code line, the rest."""


@dataclass(frozen=True)
class TextPara:
    """One paragraph to write: inline content and what kind of paragraph it is."""

    inlines: m.Inlines
    kind: str = "plain"
    """plain, bullet, number, follow (a list item's later paragraph), code, heading, quote, attribution, label."""
    level: int = 0
    number: int = 1
    """For ``number``: the item's own number, so a list split over slides counts on."""
    keep_with_previous: bool = False
    floor: float = fit.BODY_FLOOR
    """Smallest size it may be drawn at (prose: the prose floor, for code and sub-items too)."""
    step: int = 0
    """The click on which it appears: 0 with the slide, 1 on the first click (incremental lists,
    text after a ``. . .`` pause). Print, PDF and LibreOffice show every step."""

    @property
    def indent(self) -> float:
        if self.kind in ("bullet", "number"):
            return MARGIN + (NUMBER_HANG - HANG if self.kind == "number" else 0) + self.level * STEP
        if self.kind in ("quote", "attribution"):
            return MARGIN
        if self.kind == "follow":
            return MARGIN + self.level * STEP
        return 0.0

    @property
    def scale(self) -> float:
        if self.kind == "code":
            return CODE_SCALE
        if self.kind == "attribution":
            return 0.85
        return LEVEL_SCALE[min(self.level, MAX_LEVEL)]

    @property
    def bold(self) -> bool:
        return self.kind in ("heading", "label")

    @property
    def italic(self) -> bool:
        return self.kind in ("quote", "attribution")

    @property
    def mono(self) -> bool:
        return self.kind == "code"

    @property
    def prefix(self) -> str:
        """Text drawn before the paragraph's own (an attribution's dash)."""
        return "— " if self.kind == "attribution" else ""


def spans(inlines: m.Inlines, bold: bool = False, italic: bool = False, mono: bool = False) -> tuple[fit.Span, ...]:
    """Inline content as measurable spans."""
    out: list[fit.Span] = []
    for node in inlines:
        if isinstance(node, m.Text):
            out.append(fit.Span(node.text, bold, italic, mono))
        elif isinstance(node, m.Code):
            out.append(fit.Span(node.text, bold, italic, True))
        elif isinstance(node, m.LineBreak):
            out.append(fit.Span("\n", bold, italic, mono))
        elif isinstance(node, m.Strong):
            out.extend(spans(node.children, True, italic, mono))
        elif isinstance(node, m.Emphasis):
            out.extend(spans(node.children, bold, True, mono))
        elif isinstance(node, m.Link):
            out.extend(spans(node.children or (m.Text(node.url),), bold, italic, mono))
    return tuple(out)


def measurable(para: TextPara) -> fit.Para:
    """What the fitter needs to know of a paragraph."""
    marker = (fit.Span(para.prefix),) if para.prefix else ()
    if para.kind == "code":
        space = SPACE_BEFORE["code"]
    elif para.kind in ("bullet", "number"):
        space = SPACE_BEFORE["top"] if para.level == 0 else SPACE_BEFORE["sub"]
    else:
        space = SPACE_BEFORE["follow"] if para.keep_with_previous else SPACE_BEFORE["top"]
    return fit.Para(marker + spans(para.inlines, para.bold, para.italic, para.mono), para.scale, para.indent,
                    space, para.keep_with_previous, para.floor)


# --- asides ------------------------------------------------------------------

ASIDE_COLOURS: dict[str, tuple[str, str]] = {
    "callout": ("EAF1FB", "2F6EBA"),
    "prereq": ("EAF1FB", "2F6EBA"),
    "checklist": ("EAF1FB", "2F6EBA"),
    "discussion": ("EBF5EC", "3C8D40"),
    "testimonial": ("F2EEF7", "6A4C93"),
    "caution": ("FDEDEB", "C0392B"),
}
"""Aside style -> (fill, accent) of its box, hex RGB: alike on slides and in documents."""
DEFAULT_ASIDE = ("EAF1FB", "2F6EBA")


def aside_colours(style: str) -> tuple[str, str]:
    """(fill, accent) of the box an aside of ``style`` is drawn in."""
    return ASIDE_COLOURS.get(style, DEFAULT_ASIDE)


def aside_label(block: m.Aside, translate=lambda text: text) -> m.Inlines:
    """The aside's label in the output language, followed by the heading that opens it, if any:
    a Workbench callout names itself with one ("Note: Home directories")."""
    heading, _ = m.leading_heading(block.blocks)
    label = translate(block.label)
    if not heading:
        return (m.Text(label),)
    return (m.Text(f"{label}: "),) + tuple(heading) if label else tuple(heading)


def aside_body(block: m.Aside) -> tuple[m.Block, ...]:
    """The aside's content after the heading ``aside_label`` took."""
    return m.leading_heading(block.blocks)[1]


# --- model blocks -> paragraphs ---------------------------------------------


class _Paragraphs(BlockVisitor):
    """The text paragraphs of blocks on a slide. Pictures, tables, exercises at the top of a slide
    and columns are placed by the deck plan; nested ones, which a slide cannot lay out, are
    shown as text so nothing is lost."""

    def __init__(self, label, notes: bool = False, incremental: bool = False) -> None:
        self.label = label
        """Translates trainkit's own words (an aside's label) into the output language."""
        self.notes = notes
        """For the notes page, which holds only text: tables and pictures are described in words."""
        self.incremental = incremental and not notes
        """Lists appear item by item unless marked otherwise (the module's or project's default)."""
        self.step = 0
        """The click the next paragraph appears on."""

    def paras(self, blocks, level: int = 0) -> list[TextPara]:
        out: list[TextPara] = []
        for block in blocks:
            step = self.step  # where this block begins: a list may move on inside it
            out.extend(p if p.step >= step else replace(p, step=step) for p in self.visit(block, level))
        return out

    def visit_paragraph(self, block: m.Paragraph, level: int) -> list[TextPara]:
        return [TextPara(m.without_images(block.inlines), "plain", level, keep_with_previous=bool(level))]

    def visit_heading(self, block: m.Heading, level: int) -> list[TextPara]:
        return [TextPara(m.without_images(block.inlines), "heading", level)]

    def visit_bullet_list(self, block: m.BulletList, level: int) -> list[TextPara]:
        return self._list(block, level)

    def visit_ordered_list(self, block: m.OrderedList, level: int) -> list[TextPara]:
        return self._list(block, level)

    def visit_code_block(self, block: m.CodeBlock, level: int) -> list[TextPara]:
        return [TextPara((m.Text(line),) if line else (), "code") for line in block.text.split("\n")]

    def visit_quote(self, block: m.Quote, level: int) -> list[TextPara]:
        out = [TextPara(inner.inlines, "quote", 0) for inner in self.paras(block.blocks)]
        if block.attribution:
            out.append(TextPara(block.attribution, "attribution", 0, keep_with_previous=True))
        return out

    def visit_aside(self, block: m.Aside, level: int) -> list[TextPara]:
        return [TextPara(aside_label(block, self.label), "label", level)] + self.paras(aside_body(block), level)

    def visit_exercise(self, block: m.Exercise, level: int) -> list[TextPara]:
        title = (block.title,) if block.title else ()
        return [TextPara(t, "label", level) for t in title] + self.paras(block.blocks, level)

    def visit_columns(self, block: m.Columns, level: int) -> list[TextPara]:
        return self.paras([b for column in block.columns for b in column], level)

    def visit_fields(self, block: m.Fields, level: int) -> list[TextPara]:
        return [TextPara(label, "bullet", level) for label in block.labels]

    def visit_image(self, block: m.Image, level: int) -> list[TextPara]:
        if self.notes and (block.caption or block.alt):
            return [TextPara((m.Emphasis((m.Text(block.caption or block.alt),)),), "plain", level)]
        return []  # on a slide: placed as a picture by the deck plan

    def visit_table(self, block: m.Table, level: int) -> list[TextPara]:
        if not self.notes:
            return []  # placed as a table by the deck plan
        rows = []
        for row in (block.header, *block.rows):
            inlines: list[m.Inline] = []
            for n, cell in enumerate(row):
                inlines.extend(((m.Text(" · "),) if n else ()) + tuple(cell.inlines))
            rows.append(TextPara(tuple(inlines), "plain", level, keep_with_previous=bool(rows)))
        return rows

    def visit_notes(self, block: m.Notes, level: int) -> list[TextPara]:
        return []  # the notes page, collected by the deck plan

    def visit_slide_break(self, block: m.SlideBreak, level: int) -> list[TextPara]:
        return []  # the deck plan splits slides there

    def visit_pause(self, block: m.Pause, level: int) -> list[TextPara]:
        if not self.notes:
            self.step += 1  # what follows appears on the next click
        return []

    def _list(self, block: m.BulletList | m.OrderedList, level: int) -> list[TextPara]:
        numbered = isinstance(block, m.OrderedList)
        # item by item when marked so, or by default for a list of its own (sub-items come with their item)
        stepped = not self.notes and (block.incremental if block.incremental is not None
                                      else self.incremental and level == 0)
        out: list[TextPara] = []
        for n, item in enumerate(block.items):
            if stepped:
                self.step += 1
            start = len(out)
            first = True
            for inner in item.blocks:
                if isinstance(inner, m.Paragraph) and first:
                    kind = "number" if numbered else "bullet"
                    number = (block.start + n) if numbered else 1
                    out.append(TextPara(m.without_images(inner.inlines), kind, min(level, MAX_LEVEL), number,
                                        keep_with_previous=level > 0))
                    first = False
                elif isinstance(inner, (m.BulletList, m.OrderedList)):
                    out.extend(self._list(inner, level + 1))
                else:
                    for para in self.paras((inner,), min(level, MAX_LEVEL)):
                        out.append(TextPara(para.inlines, "follow" if para.kind == "plain" else para.kind,
                                            min(level, MAX_LEVEL), para.number, keep_with_previous=True))
                    first = False
            out[start:] = [p if p.step >= self.step else replace(p, step=self.step) for p in out[start:]]
        return out


def block_paras(blocks, label=lambda text: text, notes: bool = False, incremental: bool = False) -> list[TextPara]:
    """The text paragraphs of ``blocks``; what follows a heading or a label stays with it. For the notes page
    (``notes``), tables become a line per row and pictures their caption or alt text. With
    ``incremental``, lists appear item by item unless marked otherwise."""
    paras = _Paragraphs(label, notes, incremental).paras(blocks)
    for i in range(1, len(paras)):
        if paras[i - 1].kind in ("heading", "label") and not paras[i].keep_with_previous:
            paras[i] = replace(paras[i], keep_with_previous=True)
    return paras
