"""Checks across modules and the config: prerequisites, courses, timing, what exercises refer to."""

from __future__ import annotations

from trainkit import model as m
from trainkit.config import ProjectConfig
from trainkit.divs import DIV_KINDS
from trainkit.errors import Diagnostics, Location


def check_timing(module: m.Module, diagnostics: Diagnostics) -> None:
    """Section durations must add up to the module's duration; exercises must fit their section."""
    timed = [s for s in module.sections if s.duration is not None]
    if not timed or not module.metadata.duration:
        return
    for section in module.sections:
        if section.duration is None and (section.title or section.slides):
            diagnostics.warning(section.location, "section has no {duration=N}: the session plan cannot time it",
                                "timing.section")
            continue
        inner = sum(block.duration or 0 for s in section.slides for block in m.walk(s.blocks)
                    if isinstance(block, m.Exercise))
        if section.duration is not None and inner > section.duration:
            diagnostics.warning(section.location, f"exercises take {inner} min but the section lasts "
                                f"{section.duration} min", "timing.exercise")
    total = sum(s.duration or 0 for s in timed)
    if total != module.metadata.duration:
        lines = ", ".join(str(s.location.line) for s in timed)
        declared = Location(module.path, module.metadata.lines.get("duration", 1))
        diagnostics.warning(declared, f"sections add up to {total} min (lines {lines}) but the module "
                            f"declares duration: {module.metadata.duration}", "timing.total")


def _texts(blocks: tuple[m.Block, ...]):
    """(inlines, location) of every paragraph, heading and table cell in ``blocks``, at any depth."""
    for block in m.walk(blocks):
        if isinstance(block, (m.Paragraph, m.Heading)):
            yield block.inlines, block.location
        elif isinstance(block, m.Table):
            for cell in (*block.header, *(c for row in block.rows for c in row)):
                yield cell.inlines, cell.location


def check_references(module: m.Module, diagnostics: Diagnostics) -> None:
    """An exercise's link to ``#id`` must lead to a div with that id in the same exercise, one that
    participants see: a step that says "the checklist below" then finds it on the sheet."""
    for exercise in m.exercises(module):
        targets = {dict(block.attrs).get("id"): block for block in m.walk(exercise.blocks)
                   if isinstance(block, m.Div)}
        for inlines, location in _texts(exercise.blocks):
            for link in m.links(inlines):
                if not link.url.startswith("#"):
                    continue
                target = targets.get(link.url[1:])
                shown = f"[{m.plain_text(link.children)}]({link.url})"
                if target is None:
                    diagnostics.warning(location, f"{shown} refers to no div {{#{link.url[1:]}}} in this exercise: "
                                        "participants will not find it on their sheet", "exercise.reference")
                elif target.kind in DIV_KINDS and DIV_KINDS[target.kind].treatment("handout", True) == "hide":
                    diagnostics.warning(location, f"{shown} refers to a '{target.name}' div, which participants "
                                        "do not see on their sheet", "exercise.reference")


RESERVED_ID = "trainkit"
"""No module may have this id: its catalogs would be the project's catalogs of trainkit's words."""


def check_project(config: ProjectConfig, modules: list[m.Module], diagnostics: Diagnostics) -> None:
    """Checks that need every module: prerequisites, course contents, timing."""
    ids = {module.id for module in modules}
    for module in modules:
        if module.id == RESERVED_ID:
            diagnostics.error(Location(module.path, 1), f"a module cannot be called '{RESERVED_ID}': "
                              f"{config.locales_dir}/<lang>/{RESERVED_ID}.po holds the project's version of "
                              "trainkit's own words (rename the file)", "module.id")
        for index, prerequisite in enumerate(module.metadata.prerequisites):
            if prerequisite not in ids:
                line = module.metadata.lines.get(f"prerequisites.{index}", module.metadata.lines.get("prerequisites", 1))
                diagnostics.error(Location(module.path, line), f"unknown prerequisite '{prerequisite}'",
                                  "meta.prerequisites")
        check_timing(module, diagnostics)
        check_references(module, diagnostics)
    for course in config.courses.values():
        for index, module_id in enumerate(course.modules):
            if module_id not in ids:
                diagnostics.error(config.location(f"courses.{course.id}.modules.{index}"),
                                  f"course '{course.id}' names unknown module '{module_id}'", "config.course")
