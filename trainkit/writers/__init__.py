"""Writers: one per output, each declaring its name, audience and file name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from trainkit.config import Branding
from trainkit.i18n.ui import OutputLanguage
from trainkit.model import Module
from trainkit.views import Audience


@dataclass(frozen=True)
class RenderContext:
    """Everything a writer needs besides the module."""

    language: OutputLanguage
    branding: Branding
    template: Path
    """Reference template for this writer."""
    root: Path
    """Project root, to find the logo."""
    timestamp: dt.datetime
    """The build's fixed time (SOURCE_DATE_EPOCH), for core properties and dates."""
    region_name: str = ""
    with_solutions: bool = False
    """Also write a solution key beside the exercise sheets (``--with-solutions``)."""
    module_titles: tuple[tuple[str, str], ...] = ()
    """(module id, title in the output language) of the project's modules, to name prerequisites."""


class Writer(Protocol):
    name: str
    """Value of ``--format``."""
    audience: Audience
    filename: str
    template: str
    """Built-in template file name, and key in the config's ``templates``."""

    def write(self, module: Module, context: RenderContext, target: Path) -> list[Path] | None:
        """Render ``module`` (already filtered for ``audience``) to ``target``.

        Returns the files written when they are not just ``target`` (none, or several).
        """


def writers() -> dict[str, Writer]:
    """The registered writers by format name, in build order."""
    from trainkit.writers.documents import ExercisesWriter, GuideWriter, HandoutWriter
    from trainkit.writers.slides import SlidesWriter

    return {w.name: w for w in (SlidesWriter(), HandoutWriter(), GuideWriter(), ExercisesWriter())}
