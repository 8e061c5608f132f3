"""Which blocks each audience sees: one table, applied to the model before any writer runs."""

from __future__ import annotations

import dataclasses
from typing import Literal

from trainkit import model as m

Audience = Literal["slides", "handout", "guide"]

VISIBLE: dict[str, frozenset[str]] = {
    # kind of block -> audiences that see it
    "content": frozenset({"slides", "handout", "guide"}),   # blocks outside any div
    "notes": frozenset({"slides", "guide"}),                 # on slides: the notes page, never the slide
    "facilitator": frozenset({"guide"}),
    "handout": frozenset({"handout", "guide"}),
    "slides": frozenset({"slides"}),
    "exercise": frozenset({"slides", "handout", "guide"}),
    "solution": frozenset({"guide"}),
    "other": frozenset({"slides", "handout", "guide"}),      # unknown divs are kept for everyone
}


def filter_blocks(blocks: tuple[m.Block, ...], audience: Audience) -> tuple[m.Block, ...]:
    """The blocks ``audience`` sees; divs stay (writers place them) with their content filtered too."""
    kept: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Div):
            if audience in VISIBLE[block.kind]:
                kept.append(dataclasses.replace(block, blocks=filter_blocks(block.blocks, audience)))
        elif audience in VISIBLE["content"]:
            kept.append(block)
    return tuple(kept)


def view(module: m.Module, audience: Audience) -> m.Module:
    """The module as ``audience`` sees it."""
    sections = tuple(
        dataclasses.replace(
            section,
            blocks=filter_blocks(section.blocks, audience),
            slides=tuple(dataclasses.replace(s, blocks=filter_blocks(s.blocks, audience)) for s in section.slides),
        )
        for section in module.sections
    )
    return dataclasses.replace(module, sections=sections)
