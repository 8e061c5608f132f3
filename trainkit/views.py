"""Which blocks each audience sees: one table of div kinds, applied to the model before any writer runs.

A view returns the module shaped for its audience: divs are gone, replaced by what the audience
sees of them (their content in place, speaker notes, a labelled aside, columns) or by nothing.
Writers render the node types they receive and never ask what kind a div was.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainkit import model as m
from trainkit.i18n import words

Audience = Literal["slides", "handout", "guide"]
AUDIENCES: tuple[Audience, ...] = ("slides", "handout", "guide")

Treatment = Literal["show", "hide", "notes", "aside", "columns", "exercise"]
"""What an audience sees of a div: its content in place (``show``), nothing, the notes page of its
slide, a labelled aside, columns side by side, or an exercise."""


@dataclass(frozen=True)
class DivKind:
    """One kind of fenced div: its names, what each audience sees of it, and how it is labelled."""

    name: str
    slides: Treatment
    handout: Treatment
    guide: Treatment
    label: str = ""
    """trainkit's own word over the div where it is an aside (translated by the writer)."""
    place: str = "Text"
    """What the div's text is, for translators (``#.`` comments in PO files)."""
    aliases: tuple[str, ...] = ()
    """Other names for it, such as the Carpentries Workbench's ``instructor``."""

    def treatment(self, audience: Audience) -> Treatment:
        return getattr(self, audience)


DIV_KINDS: dict[str, DivKind] = {kind.name: kind for kind in (
    DivKind("notes", "notes", "hide", "aside", words.SPEAKER_NOTES, "Speaker note"),
    DivKind("facilitator", "hide", "hide", "aside", words.FACILITATOR_NOTES, "Facilitator guide note",
            aliases=("instructor",)),
    DivKind("handout", "hide", "show", "aside", words.HANDOUT, "Handout text"),
    DivKind("slides", "show", "hide", "hide", place="Slide-only text"),
    DivKind("exercise", "exercise", "exercise", "exercise", place="Exercise", aliases=("challenge",)),
    DivKind("solution", "hide", "hide", "aside", words.SOLUTION, "Exercise solution (facilitator guide only)"),
    DivKind("columns", "columns", "show", "show"),
    DivKind("column", "show", "show", "show"),
)}
"""Every div kind trainkit knows. A new kind is one row here: the reader, the views, extraction
(translator notes) and the writers (labels) all follow from it."""

UNKNOWN = DivKind("other", "show", "show", "show")
"""Any other div: kept for every audience (the reader warns)."""

_BY_NAME = {name: kind for kind in DIV_KINDS.values() for name in (kind.name, *kind.aliases)}


def div_kind(name: str) -> DivKind | None:
    """The kind a div name stands for (aliases included), None for an unknown name."""
    return _BY_NAME.get(name)


def kind_of(div: m.Div) -> DivKind:
    return DIV_KINDS.get(div.kind, UNKNOWN)


def view_blocks(blocks: tuple[m.Block, ...], audience: Audience) -> tuple[m.Block, ...]:
    """``blocks`` as ``audience`` sees them, at any depth (inside list items and quotes too)."""

    def visit(block: m.Block, ancestors) -> m.Block | tuple[m.Block, ...] | None:
        if isinstance(block, m.SlideBreak):
            return block if audience == "slides" else None  # a break only matters on slides
        if not isinstance(block, m.Div):
            return block
        kind = kind_of(block)
        treatment = kind.treatment(audience)
        if treatment == "hide":
            return None
        if treatment == "notes":
            return m.Notes(block.blocks, block.location)
        if treatment == "aside":
            return m.Aside(kind.label, kind.name, block.blocks, block.location)
        if treatment == "columns":
            return _columns(block)
        return block.blocks  # show: the content in place of the div

    return m.map_blocks(blocks, visit)


def _columns(div: m.Div) -> m.Columns:
    """``::: column`` divs side by side; other content of the ``columns`` div opens the first column."""
    columns = [c.blocks for c in div.blocks if isinstance(c, m.Div) and c.kind == "column"]
    rest = tuple(b for b in div.blocks if not (isinstance(b, m.Div) and b.kind == "column"))
    if rest:
        columns = [rest + (columns[0] if columns else ())] + columns[1:]
    return m.Columns(tuple(columns), div.location)


def view(module: m.Module, audience: Audience) -> m.Module:
    """The module as ``audience`` sees it."""
    sections = tuple(
        m.Section(section.title, view_blocks(section.blocks, audience),
                  tuple(m.Slide(s.title, view_blocks(s.blocks, audience), s.location, s.layout)
                        for s in section.slides),
                  section.location, section.duration)
        for section in module.sections
    )
    return m.Module(module.id, module.path, module.metadata, sections, module.language)


def block_types(audience: Audience) -> frozenset[type]:
    """The block types a writer of ``audience`` can receive (what its renderer must handle)."""
    made = {"notes": m.Notes, "aside": m.Aside, "columns": m.Columns, "exercise": m.Exercise}
    types = {t for t in m.BLOCK_TYPES if t not in (m.Div, m.Notes, m.Aside, m.Columns, m.SlideBreak)}
    if audience == "slides":
        types.add(m.SlideBreak)
    for kind in (*DIV_KINDS.values(), UNKNOWN):
        treatment = kind.treatment(audience)
        if treatment in made:
            types.add(made[treatment])
    return frozenset(types)
