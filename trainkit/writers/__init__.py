"""Writers: one registered writer per output, each declaring its name, scope, view, file and template.

Build, course packs and releases iterate ``registry()`` by scope; a new output format is one new
writer class and one entry in ``_WRITERS``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Mapping, Protocol

from trainkit.config import Branding
from trainkit.i18n.ui import OutputLanguage
from trainkit.views import Audience

if TYPE_CHECKING:
    from trainkit.writers.deckplan import DeckPlan

Scope = Literal["module", "course"]


@dataclass(frozen=True)
class RenderContext:
    """Everything a writer needs besides what it renders."""

    language: OutputLanguage
    branding: Branding
    template: Path
    """Reference template for this writer."""
    root: Path
    """Project root, to find the logo."""
    timestamp: dt.datetime
    """The build's fixed time (SOURCE_DATE_EPOCH), for core properties and dates."""
    region_name: str = ""
    module_titles: tuple[tuple[str, str], ...] = ()
    """(module id, title in the output language) of the project's modules, to name prerequisites."""
    decks: Mapping[str, "DeckPlan"] = field(default_factory=dict)
    """Module id -> its deck plan in this language: where writers read slide numbers."""


class Writer(Protocol):
    name: str
    """Value of ``--format``."""
    scope: Scope
    """``module``: one file per module and language; ``course``: one per course and language."""
    view: Audience
    """Which audience's view of the modules the writer renders."""
    filename: str
    template: str
    """Key of the reference template in trainkit.yaml's ``templates``."""
    default_template: str
    """File name of the built-in reference template."""
    default: bool
    """Written by a plain ``trainkit build`` (module scope) or by every course pack (course scope)."""
    needs_deck: bool
    """Reads slide numbers, so the build plans the deck before writing it."""

    def write(self, subject, context: RenderContext, target: Path) -> list[Path]:
        """Render ``subject`` (a Module in the writer's view, or a Course whose modules are in it)
        to ``target``; return the files written (none when there is nothing to write)."""


_WRITERS: tuple[tuple[str, str], ...] = (
    ("trainkit.writers.slides", "SlidesWriter"),
    ("trainkit.writers.documents", "HandoutWriter"),
    ("trainkit.writers.documents", "GuideWriter"),
    ("trainkit.writers.documents", "ExercisesWriter"),
    ("trainkit.writers.documents", "SolutionsWriter"),
    ("trainkit.writers.programme", "ProgrammeWriter"),
    ("trainkit.writers.documents", "CourseHandoutWriter"),
    ("trainkit.writers.documents", "CourseGuideWriter"),
)
"""Every writer, in build order (imported on first use: python-pptx and python-docx load slowly)."""


def registry() -> dict[str, Writer]:
    """The registered writers by name, in build order."""
    found: dict[str, Writer] = {}
    for module_name, class_name in _WRITERS:
        writer = getattr(import_module(module_name), class_name)()
        found[writer.name] = writer
    return found


def writers(scope: Scope = "module") -> dict[str, Writer]:
    """The registered writers of one scope by name, in build order."""
    return {name: w for name, w in registry().items() if w.scope == scope}


def template_keys() -> dict[str, str]:
    """Template key -> built-in file name, from the writers: the keys trainkit.yaml's ``templates`` accepts."""
    keys: dict[str, str] = {}
    for writer in registry().values():
        keys.setdefault(writer.template, writer.default_template)
    return keys
