"""Module files -> Module objects: metadata validation, images, ids."""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path
from typing import Any

from trainkit import model as m
from trainkit.errors import Diagnostics, Location
from trainkit.limits import MAX_MINUTES
from trainkit.paths import inside
from trainkit.pictures import PictureError, load_picture
from trainkit.reader.markdown import Body, inline_links, parse_inline, read_body, report_link
from trainkit.reader.source import read_source

MODULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LEVELS = ("introductory", "intermediate", "advanced")

_TEXT_FIELDS = ("title", "description", "version", "level", "license", "id")
_LIST_FIELDS = ("audience", "objectives", "questions", "prerequisites", "materials", "preparation",
                "key_points", "tags", "authors", "reading")
KNOWN_FIELDS = frozenset(_TEXT_FIELDS + _LIST_FIELDS + ("duration", "incremental", "glossary"))
WORKBENCH_MINUTES = ("teaching", "exercises")
"""Carpentries Workbench minutes: together they are the duration when ``duration`` is absent."""
WORKBENCH_FIELDS = frozenset(WORKBENCH_MINUTES + ("keypoints", "source", "editor_options"))
"""Front matter the Carpentries Workbench (and R Markdown) defines: ``keypoints`` of older lessons
are the key points; ``source`` and ``editor_options`` mean nothing here and are ignored quietly."""


def _minutes(data: dict[str, Any], at, diagnostics: Diagnostics) -> dict[str, int]:
    """The Workbench's ``teaching`` and ``exercises`` minutes that are given and valid."""
    found: dict[str, int] = {}
    for key in WORKBENCH_MINUTES:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_MINUTES:
            diagnostics.error(at(key), f"{key} must be a whole number of minutes"
                              f"{f' up to {MAX_MINUTES}' if isinstance(value, int) and value > 0 else ''}, "
                              f"not {value!r}", f"meta.{key}")
            continue
        found[key] = value
    return found


def _metadata(data: dict[str, Any], lines: dict[str, int], path: str,
              diagnostics: Diagnostics) -> tuple[m.Metadata, dict[str, int]]:
    """The validated metadata, and the Workbench minutes (``teaching``, ``exercises``) that were given."""
    def at(key: str) -> Location:
        return Location(path, lines.get(key, 1))

    values: dict[str, Any] = {}
    for key in data:
        if key not in KNOWN_FIELDS and key not in WORKBENCH_FIELDS:
            diagnostics.warning(at(str(key)), f"unknown metadata field '{key}' is ignored", "meta.unknown")
    if "keypoints" in data and "key_points" not in data:
        data = {**data, "key_points": data["keypoints"]}
        lines = {**lines, **{k.replace("keypoints", "key_points", 1): v for k, v in lines.items()
                             if k == "keypoints" or k.startswith("keypoints.")}}
    for key in _TEXT_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            hint = " (write it in quotes)" if isinstance(value, (int, float)) else ""
            diagnostics.error(at(key), f"{key} must be text, not {_kind(value)}{hint}", f"meta.{key}")
            continue
        values[key] = value.strip()
    for key in _LIST_FIELDS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            diagnostics.error(at(key), f"{key} must be a list of texts", f"meta.{key}")
            continue
        values[key] = tuple(v.strip() for v in value if v.strip())
    # texts a reader sees keep their inline Markdown, parsed once here for every writer
    for key in m.METADATA_INLINE_FIELDS:
        if key in values:
            values[key] = parse_inline(values[key])
            for url in inline_links(values[key]):
                report_link(url, at(key), diagnostics)
    for key in m.METADATA_INLINE_LIST_FIELDS:
        if key in values:
            values[key] = tuple(parse_inline(v) for v in values[key])
            for n, inlines in enumerate(values[key]):
                for url in inline_links(inlines):
                    report_link(url, Location(path, lines.get(f"{key}.{n}", lines.get(key, 1))), diagnostics)

    title = values.pop("title", "")
    if "title" not in data:
        diagnostics.error(Location(path, 1), "missing required field 'title'", "meta.title")
    elif not title and (data.get("title") is None or isinstance(data.get("title"), str)):
        diagnostics.error(at("title"), "title must not be empty", "meta.title")
    duration = data.get("duration")
    minutes = _minutes(data, at, diagnostics)
    if duration is None and minutes:
        duration = sum(minutes.values())
        first = next(iter(minutes))
        lines = {**lines, "duration": lines.get(first, 1)}
        if not duration:
            diagnostics.error(at(first), "teaching and exercises add up to 0 minutes: give the module a duration",
                              "meta.duration")
    elif duration is None:
        diagnostics.error(at("duration") if "duration" in data else Location(path, 1),
                          "missing required field 'duration' (minutes)", "meta.duration")
        duration = 0
    elif isinstance(duration, bool) or not isinstance(duration, int) or duration <= 0:
        diagnostics.error(at("duration"),
                          f"duration must be a positive whole number of minutes, not {duration!r}", "meta.duration")
        duration = 0
    elif duration > MAX_MINUTES:
        diagnostics.error(at("duration"), f"duration must be at most {MAX_MINUTES} minutes (a day), not {duration}",
                          "meta.duration")
        duration = 0
    glossary = data.get("glossary")
    if glossary is not None:
        if isinstance(glossary, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in glossary.items()):
            values["glossary"] = tuple((k.strip(), parse_inline(v.strip())) for k, v in glossary.items())
        else:
            diagnostics.error(at("glossary"), "glossary must map each term to its definition (term: definition)",
                              "meta.glossary")
    incremental = data.get("incremental")
    if incremental is not None and not isinstance(incremental, bool):
        diagnostics.error(at("incremental"), f"incremental must be true or false, not {incremental!r}",
                          "meta.incremental")
        incremental = None
    values["incremental"] = incremental
    level = values.get("level", "")
    if level and level not in LEVELS:
        diagnostics.error(at("level"), f"level must be one of {', '.join(LEVELS)}, not '{level}'", "meta.level")
    values.pop("id", None)
    return m.Metadata(title=title, duration=duration, lines=dict(lines), **values), minutes


def _with_lists(metadata: m.Metadata, body: Body) -> m.Metadata:
    """The metadata with the list items of Workbench ``objectives``/``questions``/``keypoints`` divs
    added after those of the front matter, each with its line for PO references."""
    changes: dict[str, Any] = {}
    lines = dict(metadata.lines)
    for found in body.lists:
        before = changes.get(found.field, getattr(metadata, found.field))
        lines.setdefault(found.field, found.line)
        for n, (_, line) in enumerate(found.items, len(before)):
            lines[f"{found.field}.{n}"] = line
        changes[found.field] = tuple(before) + tuple(text for text, _ in found.items)
    return dataclasses.replace(metadata, lines=lines, **changes) if changes else metadata


def _workbench_time(module: m.Module, minutes: dict[str, int]) -> m.Module:
    """A Workbench episode's minutes in its session plan: a module of one untimed section gives it
    the module's duration, and the ``exercises`` minutes not taken by exercises that state their
    own are shared among the exercises that do not (whole minutes, the first ones get the rest)."""
    sections = module.sections
    if len(sections) == 1 and sections[0].duration is None and module.metadata.duration:
        sections = (dataclasses.replace(sections[0], duration=module.metadata.duration),)
    module = dataclasses.replace(module, sections=sections)
    found = m.exercises(module)
    untimed = [e.location for e in found if e.duration is None]
    left = minutes.get("exercises", 0) - sum(e.duration or 0 for e in found)
    if not untimed or left < len(untimed):
        return module
    share = {location: left // len(untimed) + (1 if n < left % len(untimed) else 0)
             for n, location in enumerate(untimed)}

    def visit(block: m.Block, _) -> m.Block:
        if isinstance(block, m.Exercise) and block.location in share:
            return dataclasses.replace(block, duration=share[block.location])
        return block

    return m.map_module(module, visit)


def _kind(value: Any) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list",
            dict: "a mapping"}.get(type(value), type(value).__name__)


def check_image(image: m.Image, module_dir: Path, root: Path, diagnostics: Diagnostics) -> m.Image:
    """Resolve an image inside the project and check it is a real image; return it resolved."""
    loc = image.location
    if not image.alt.strip():
        diagnostics.warning(loc, f"image '{image.src}' has no alt text", "image.alt")
    src = image.src
    if re.match(r"^https?://", src, re.I):  # lessons from elsewhere link badges and logos on the web
        diagnostics.warning(loc, f"image '{src}' is on the web: it is left out of the outputs, its alt text "
                            "shown in documents (save it into the project to show it)", "image.url")
        return image
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.I):
        diagnostics.error(loc, f"image '{src}' must be a file in the project, not a URL", "image.url")
        return image
    if src.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:[\\/]", src):
        diagnostics.error(loc, f"image path '{src}' is absolute; write it relative to the module file",
                          "image.absolute")
        return image
    candidate = module_dir / src
    root = root.resolve()
    if not Path(os.path.normpath(candidate.absolute())).is_relative_to(root):
        diagnostics.error(loc, f"image '{src}' lies outside the project", "image.outside")
        return image
    try:
        resolved = candidate.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError):
        diagnostics.error(loc, f"image '{src}' not found", "image.missing")
        return image
    except (OSError, RuntimeError) as exc:
        diagnostics.error(loc, f"image '{src}' cannot be read: {exc}", "image.unreadable")
        return image
    if not resolved.is_relative_to(root):  # a symbolic link that points out
        diagnostics.error(loc, f"image '{src}' lies outside the project", "image.outside")
        return image
    if not resolved.is_file():
        diagnostics.error(loc, f"image '{src}' is not a file", "image.not-file")
        return image
    checked = _checked_picture(resolved, root, image, src, diagnostics)
    if checked is None:
        return image
    return dataclasses.replace(image, resolved=str(resolved), variants=_variants(resolved, root, image, diagnostics),
                               kind=checked.kind, width=checked.width_px, height=checked.height_px)


def _checked_picture(path: Path, root: Path, image: m.Image, shown: str, diagnostics: Diagnostics):
    """The picture at ``path`` checked (pictures.load_picture), its problems reported: an SVG's at
    its own file and line, a raster's at the image in the module. None when it cannot be used."""
    file = path.relative_to(root).as_posix()
    try:
        picture = load_picture(path)
    except PictureError as exc:
        where = Location(file, exc.line) if exc.line else image.location
        # reported at the SVG's own line, the error still stops the module that shows the picture
        diagnostics.error(where, f"'{shown}' is not a readable image: {exc.message}", "image.invalid",
                          owner=image.location.path)
        return None
    for warning in picture.warnings:
        where = Location(file, warning.line) if warning.line else image.location
        diagnostics.warning(where, f"image '{shown}': {warning.message}", "image.converted",
                            owner=image.location.path)
    return picture


def _variants(resolved: Path, root: Path, image: m.Image, diagnostics: Diagnostics) -> tuple[tuple[str, str], ...]:
    """Language versions beside an image (``map.de.png`` for ``map.png``), each checked like the image."""
    found = []
    for candidate in sorted(resolved.parent.glob(f"{resolved.stem}.*{resolved.suffix}")):
        language = candidate.name[len(resolved.stem) + 1 : -len(resolved.suffix) or None]
        if not re.fullmatch(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?", language):
            continue
        shown = f"{Path(image.src).parent.as_posix()}/{candidate.name}".lstrip("./")
        if not candidate.resolve().is_relative_to(root):
            diagnostics.error(image.location, f"image '{shown}' lies outside the project", "image.outside")
            continue
        if _checked_picture(candidate.resolve(), root, image, shown, diagnostics) is None:
            continue
        found.append((language, str(candidate.resolve())))
    return tuple(found)


def read_module(file: Path, root: Path, diagnostics: Diagnostics) -> m.Module | None:
    """Read one module file; problems go to ``diagnostics``; None when it cannot be read at all."""
    path = file.relative_to(root).as_posix()
    if not inside(root, file):
        diagnostics.error(Location(path), "leads out of the project through a symbolic link; a module must be a "
                          "file in the project", "module.outside")
        return None
    source = read_source(file, path, diagnostics)
    if source is None:
        return None
    metadata, minutes = _metadata(source.meta, source.meta_lines, path, diagnostics)
    module_id = source.meta.get("id", file.stem)
    if not isinstance(module_id, str) or not MODULE_ID.match(module_id):
        where = Location(path, source.meta_lines.get("id", 1))
        diagnostics.error(where, f"module id '{module_id}' must use only a-z, 0-9 and '-' "
                                 "(rename the file or set 'id:')", "module.id")
        # the module is not built; known by its file name, courses and prerequisites naming it still hold
        module_id = file.stem if MODULE_ID.match(file.stem) else str(module_id)
    body = read_body(source.body, path, source.body_line, diagnostics)
    module = m.Module(module_id, path, _with_lists(metadata, body), body.sections)
    if minutes:
        module = _workbench_time(module, minutes)
    return m.map_images(module, lambda image: check_image(image, file.parent, root, diagnostics))


def read_modules(files: list[Path], root: Path, diagnostics: Diagnostics) -> list[m.Module]:
    """Read every module file; duplicate ids are errors."""
    modules: list[m.Module] = []
    seen: dict[str, str] = {}
    for file in files:
        module = read_module(file, root, diagnostics)
        if module is None:
            continue
        if module.id in seen:
            diagnostics.error(Location(module.path, module.metadata.lines.get("id", 1)),
                              f"duplicate module id '{module.id}' (also {seen[module.id]})", "module.duplicate")
            continue
        seen[module.id] = module.path
        modules.append(module)
    return modules
