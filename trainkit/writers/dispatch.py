"""Exhaustive dispatch on block types: one ``visit_<type>`` method per block kind a renderer handles.

A renderer that meets a block type it has no method for raises instead of dropping the block, and
``missing_methods`` lets a test list, for every renderer and the view it renders, what is not
handled yet. So a new block type fails a test until every writer that can receive it draws it.
"""

from __future__ import annotations

import re

from trainkit import model as m


def method_name(block_type: type) -> str:
    """``visit_bullet_list`` for ``BulletList``."""
    return "visit_" + re.sub(r"(?<!^)(?=[A-Z])", "_", block_type.__name__).lower()


class BlockVisitor:
    """Base of renderers: ``visit(block, *args)`` calls ``visit_<type>(block, *args)``."""

    def visit(self, block: m.Block, *args, **kwargs):
        method = getattr(self, method_name(type(block)), None)
        if method is None:
            raise NotImplementedError(f"{type(self).__name__} cannot render {type(block).__name__}")
        return method(block, *args, **kwargs)


def missing_methods(visitor: type, block_types) -> list[str]:
    """The block types among ``block_types`` that ``visitor`` has no method for."""
    return sorted(t.__name__ for t in block_types if not hasattr(visitor, method_name(t)))
