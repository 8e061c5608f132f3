"""The table of div kinds: their names, what each audience sees of them, and how they are labelled.

The reader names divs with it, views apply it, extraction tells translators where text appears
from it, and writers label asides with it. A new div kind is one row in ``DIV_KINDS``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from trainkit import model as m
from trainkit.i18n import words

Audience = Literal["slides", "handout", "guide"]
AUDIENCES: tuple[Audience, ...] = ("slides", "handout", "guide")

Treatment = Literal["show", "hide", "notes", "aside", "columns", "exercise", "incremental", "nonincremental",
                    "fields"]
"""What an audience sees of a div: its content in place (``show``), nothing, the notes page of its
slide, a labelled aside, columns side by side, an exercise, or its content with the lists in it
appearing item by item (or all at once)."""


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
    metadata: str = ""
    """The metadata field (``objectives``) a div of this kind fills when it stands at the top level of a
    module: the reader lifts its list items into the field and leaves nothing of it in the body."""
    handout_label: str = ""
    """The label over it as an aside in the handout, when participants should read another word."""
    in_exercise: Treatment | None = None
    """What the handout and guide show of it inside an exercise, when that differs (a case text
    is the exercise's material, not an aside)."""

    def treatment(self, audience: Audience, in_exercise: bool = False) -> Treatment:
        if in_exercise and self.in_exercise is not None and audience != "slides":
            return self.in_exercise
        return getattr(self, audience)

    def label_for(self, audience: Audience) -> str:
        return self.handout_label if audience == "handout" and self.handout_label else self.label


DIV_KINDS: dict[str, DivKind] = {kind.name: kind for kind in (
    DivKind("notes", "notes", "hide", "aside", words.SPEAKER_NOTES, "Speaker note"),
    DivKind("facilitator", "notes", "hide", "aside", words.FACILITATOR_NOTES, "Facilitator guide note",
            aliases=("instructor",)),
    DivKind("handout", "hide", "aside", "aside", words.HANDOUT, "Handout text", handout_label=words.IN_DEPTH,
            in_exercise="show"),
    DivKind("slides", "show", "hide", "hide", place="Slide-only text"),
    DivKind("exercise", "exercise", "exercise", "exercise", place="Exercise", aliases=("challenge",)),
    DivKind("solution", "notes", "hide", "aside", words.SOLUTION, "Exercise solution (facilitator guide only)"),
    DivKind("columns", "columns", "show", "show"),
    DivKind("fields", "hide", "fields", "fields", place="Answer field on the exercise sheet (a label to write under)"),
    DivKind("incremental", "incremental", "show", "show"),
    DivKind("nonincremental", "nonincremental", "show", "show"),
    DivKind("column", "show", "show", "show"),
    # ::: {#id}: blocks with an id and no kind, for an exercise step to point at ("the table below")
    DivKind("group", "show", "show", "show"),
    # The Carpentries Workbench (and Quarto's callouts): lessons written for it read as they are
    DivKind("objectives", "show", "show", "show", place="Learning objective", metadata="objectives"),
    DivKind("questions", "show", "show", "show", place="Question the lesson answers", metadata="questions"),
    DivKind("keypoints", "show", "show", "show", place="Key point", metadata="key_points"),
    DivKind("callout", "aside", "aside", "aside", words.NOTE, "Note (a box on slides and in documents)",
            aliases=("callout-note", "callout-tip")),
    DivKind("discussion", "aside", "aside", "aside", words.DISCUSSION, "Discussion prompt (a box)"),
    DivKind("prereq", "aside", "aside", "aside", words.PREREQUISITE, "Prerequisite (a box)",
            aliases=("prerequisite",)),
    DivKind("checklist", "aside", "aside", "aside", words.CHECKLIST, "Checklist (a box)"),
    DivKind("caution", "aside", "aside", "aside", words.CAUTION, "Caution (a box)",
            aliases=("warning", "callout-warning", "callout-caution", "callout-important")),
    DivKind("testimonial", "aside", "aside", "aside", words.TESTIMONIAL, "Testimonial (a box)"),
    DivKind("hint", "notes", "hide", "aside", words.HINT, "Exercise hint (facilitator guide only)"),
    DivKind("spoiler", "notes", "hide", "aside", words.DETAILS, "Details (facilitator guide only)"),
    DivKind("tab", "show", "show", "show", place="Tab of a tab group (shown one after the other)",
            aliases=("group-tab", "panel-tabset", "tabs")),
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
