"""trainkit's own output words that writers may use: marked here so extraction always finds them.

A writer translates them through the render context, never a global ``_``::

    context.language.gettext(words.LEARNING_OBJECTIVES)
    context.language.ngettext(*words.MINUTES, n).format(n=n)
"""

from __future__ import annotations



def _(message: str) -> str:
    """Mark one of trainkit's own words for extraction; it is translated later through an OutputLanguage."""
    return message


def _n(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural pair for extraction; translate it with ``OutputLanguage.ngettext(*pair, n)``."""
    return singular, plural


# Documents and their parts
FACILITATOR_GUIDE = _("Facilitator guide")
HANDOUT = _("Handout")
IN_DEPTH = _("In depth")
"""Over handout-only text in the handout itself (participants' further reading on a slide's topic)."""
SESSION_PLAN = _("Session plan")
AGENDA = _("Agenda")
PROGRAMME = _("Programme")
CONTENTS = _("Contents")
AT_A_GLANCE = _("At a glance")
SUMMARY = _("Summary")
EXERCISE_SHEET = _("Exercise sheet")
ANSWER_FIELDS = _("Answer fields on the exercise sheet")
"""Over the list of an exercise's answer fields in the facilitator guide and the solution key."""
SOLUTION_KEY = _("Solution key")
SLIDE_DECK = _("Slides")
"""A slide deck, named as a kind of document (in a release bundle's index)."""

# Module metadata labels
LEARNING_OBJECTIVES = _("Learning objectives")
KEY_POINTS = _("Key points")
DURATION = _("Duration")
LEVEL = _("Level")
AUDIENCE = _("Audience")
PREREQUISITES = _("Prerequisites")
MATERIALS = _("Materials")
PREPARATION = _("Preparation")
VERSION = _("Version")
VERSION_NUMBER = _("Version %(version)s")
LICENCE = _("Licence")
NAME = _("Name")
GROUP = _("Group")
OPENING = _("Opening")
TYPE = _("Type")
"""Column of the session plan: what kind of activity a row is."""
MATERIAL = _("Material")
INPUT = _("Input and discussion")
"""An activity type in the session plan: a section's slides."""
FURTHER_READING = _("Further reading")
GLOSSARY = _("Glossary")
EMBLEM = _("Emblem")
"""Alt text of the funder's emblem when no acknowledgement is given."""
DATE = _("Date")
REGION = _("Region")
LEVELS = {
    "introductory": _("introductory"),
    "intermediate": _("intermediate"),
    "advanced": _("advanced"),
}
"""Module levels as written in front matter -> their label."""

# Blocks
EXERCISE = _("Exercise")
EXERCISES = _("Exercises")
SOLUTION = _("Solution")
SOLUTIONS = _("Solutions")
DEBRIEF = _("Debrief")
SPEAKER_NOTES = _("Speaker notes")
FACILITATOR_NOTES = _("Facilitator notes")
NOTES = _("Notes")
YOUR_NOTES = _("Your notes")
SLIDE = _("Slide")
CONTINUED = _("continued")
CONTINUED_SUFFIX = _("(continued)")
"""Appended to the title of a continuation slide."""
QUESTIONS = _("Questions and discussion")
LESSON_QUESTIONS = _("Questions")
"""The questions a lesson answers (the Carpentries Workbench's ``questions``): a slide and a heading."""
NOTE = _("Note")
DISCUSSION = _("Discussion")
PREREQUISITE = _("Prerequisite")
CHECKLIST = _("Checklist")
CAUTION = _("Caution")
TESTIMONIAL = _("Testimonial")
HINT = _("Hint")
DETAILS = _("Details")
"""Labels of asides: Workbench callouts, discussions, prerequisites, hints and spoilers."""
THANK_YOU = _("Thank you")

# Schedules
TIME = _("Time")
ACTIVITY = _("Activity")
BREAK = _("Break")
LUNCH = _("Lunch")
TOTAL = _("Total")
DAY = _("Day {n}")
"""``.format(n=…)``."""

# Headers and footers
PAGE_OF = _("Page {page} of {pages}")
"""Split around the placeholders to insert Word's PAGE and NUMPAGES fields."""

# Plurals: ``language.ngettext(*MINUTES, n).format(n=language.number(n))``
MINUTES = _n("{n} minute", "{n} minutes")
SLIDES = _n("{n} slide", "{n} slides")

# Notes for the presenter on slides the author wrote none for
GUIDE_TITLE = _("Welcome the group and introduce the module: {title}. It takes {duration}.")
GUIDE_QUESTIONS = _("Ask the questions and let the group answer briefly before you start.")
GUIDE_OBJECTIVES = _("Read the learning objectives aloud and ask which one matters most to the group.")
GUIDE_AGENDA = _("Walk through the agenda and its timing ({duration} in all).")
GUIDE_SECTION = _("Introduce this part and how it follows from the previous one.")
GUIDE_SECTION_TIMED = _("Introduce this part ({duration}) and how it follows from the previous one.")
GUIDE_CLOSING = _("Go through the key points, answer questions and ask the group for feedback.")
GUIDE_CONTINUED = _("Continued from slide {n}.")
