"""Which blocks each audience sees: the table of div kinds (trainkit.divs), applied to the model before any writer runs.

A view returns the module shaped for its audience: divs are gone, replaced by what the audience
sees of them (their content in place, speaker notes, a labelled aside, columns) or by nothing.
Writers render the node types they receive and never ask what kind a div was.
"""

from __future__ import annotations

import dataclasses

from trainkit import model as m
from trainkit.divs import AUDIENCES, DIV_KINDS, UNKNOWN, Audience, kind_of

__all__ = ["AUDIENCES", "Audience", "block_types", "view", "view_blocks"]

def view_blocks(blocks: tuple[m.Block, ...], audience: Audience) -> tuple[m.Block, ...]:
    """``blocks`` as ``audience`` sees them, at any depth (inside list items and quotes too)."""

    def visit(block: m.Block, ancestors) -> m.Block | tuple[m.Block, ...] | None:
        if isinstance(block, (m.SlideBreak, m.Pause)):
            return block if audience == "slides" else None  # breaks and pauses only matter on slides
        if not isinstance(block, m.Div):
            return block
        kind = kind_of(block)
        treatment = kind.treatment(audience, any(isinstance(a, m.Exercise) for a in ancestors))
        if treatment == "hide":
            return None
        if treatment == "notes":
            # a facilitator's tip or a solution on the notes page keeps its label; notes are notes
            content = block.blocks if kind.name == "notes" else (
                m.Aside(kind.label, kind.name, block.blocks, block.location),)
            return m.Notes(content, block.location)
        if treatment == "aside":
            return m.Aside(kind.label_for(audience), kind.name, block.blocks, block.location)
        if treatment == "columns":
            return _columns(block)
        if treatment in ("incremental", "nonincremental"):
            return _lists_appear(block.blocks, treatment == "incremental")
        if treatment == "fields":
            return _fields(block)
        return block.blocks  # show: the content in place of the div

    return m.map_blocks(blocks, visit)


def _lists_appear(blocks: tuple[m.Block, ...], incremental: bool) -> tuple[m.Block, ...]:
    """``blocks`` with the lists directly in them marked to appear item by item, or all at once."""
    return tuple(dataclasses.replace(b, incremental=incremental) if isinstance(b, (m.BulletList, m.OrderedList))
                 else b for b in blocks)


FIELD_LINES = 3
"""Ruled lines under an answer field unless ``lines="N"`` says otherwise."""


def _fields(div: m.Div) -> m.Fields:
    """The items of the lists in ``::: fields``, each a label to write under."""
    labels = tuple(item.blocks[0].inlines for block in div.blocks if isinstance(block, (m.BulletList, m.OrderedList))
                   for item in block.items if item.blocks and isinstance(item.blocks[0], m.Paragraph))
    return m.Fields(labels, int(dict(div.attrs).get("lines", FIELD_LINES)), div.location)


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
        dataclasses.replace(section, blocks=view_blocks(section.blocks, audience),
                            slides=tuple(dataclasses.replace(s, blocks=view_blocks(s.blocks, audience))
                                         for s in section.slides))
        for section in module.sections
    )
    return dataclasses.replace(module, sections=sections)


def block_types(audience: Audience) -> frozenset[type]:
    """The block types a writer of ``audience`` can receive (what its renderer must handle)."""
    made = {"notes": m.Notes, "aside": m.Aside, "columns": m.Columns, "exercise": m.Exercise, "fields": m.Fields}
    types = {t for t in m.BLOCK_TYPES if t not in (m.Div, m.Notes, m.Aside, m.Columns, m.SlideBreak, m.Pause,
                                                    m.Fields)}
    if audience == "slides":
        types.update((m.SlideBreak, m.Pause))
    for kind in (*DIV_KINDS.values(), UNKNOWN):
        treatment = kind.treatment(audience)
        if treatment in made:
            types.add(made[treatment])
    return frozenset(types)
