"""Checks across modules and the config: prerequisites, courses, timing, what exercises refer to."""

from __future__ import annotations

from collections.abc import Set

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


def check_project(config: ProjectConfig, modules: list[m.Module], diagnostics: Diagnostics,
                  unreadable: Set[str] = frozenset()) -> None:
    """Checks that need every module: prerequisites, course contents, timing. ``unreadable`` are the
    ids (file names) of module files that exist but could not be read: naming them is no error."""
    ids = {module.id for module in modules} | unreadable
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
    check_cycles(modules, diagnostics)
    for course in config.courses.values():
        for index, module_id in enumerate(course.modules):
            if module_id not in ids:
                diagnostics.error(config.location(f"courses.{course.id}.modules.{index}"),
                                  f"course '{course.id}' names unknown module '{module_id}'", "config.course")


def _prerequisite_line(module: m.Module, prerequisite: str) -> int:
    lines = module.metadata.lines
    index = module.metadata.prerequisites.index(prerequisite)
    return lines.get(f"prerequisites.{index}", lines.get("prerequisites", 1))


def check_cycles(modules: list[m.Module], diagnostics: Diagnostics) -> None:
    """Prerequisites must not go round in a circle (a -> b -> a, or a module needing itself): no
    order of teaching satisfies them. Each module of a cycle gets the error, naming the cycle from
    itself, at the line of the prerequisite that continues it."""
    by_id = {module.id: module for module in modules}
    reported: set[str] = set()
    for start in modules:
        path = _cycle_from(start.id, by_id)
        if not path or start.id in reported:
            continue
        for n, module_id in enumerate(path[:-1]):
            module = by_id[module_id]
            circle = path[n:-1] + path[:n] + [module_id]
            diagnostics.error(Location(module.path, _prerequisite_line(module, path[n + 1])),
                              f"prerequisites go round in a circle: {' -> '.join(circle)}", "meta.prerequisites")
            reported.add(module_id)


def _cycle_from(start: str, by_id: dict[str, m.Module]) -> list[str]:
    """The ids of a cycle through ``start`` (``[a, b, a]``), found depth first; empty when there is none."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        for prerequisite in by_id[current].metadata.prerequisites:
            if prerequisite == start:
                return path + [start]
            if prerequisite in by_id and prerequisite not in seen:
                seen.add(prerequisite)
                stack.append((prerequisite, path + [prerequisite]))
    return []
