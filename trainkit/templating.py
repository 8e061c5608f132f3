"""Jinja templates for text trainkit writes: module and project scaffolds (and later pages).

A project overrides any of them by putting a file of the same name in its top-level
``templates/`` folder; trainkit's own are in ``trainkit/resources/templates/scaffold/``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import yaml

BUILTIN = Path(__file__).parent / "resources" / "templates" / "scaffold"
PROJECT_TEMPLATES = "templates"
"""The project folder whose files override trainkit's templates (and hold its reference documents)."""


def yaml_value(value: object) -> str:
    """``value`` as one YAML scalar or flow sequence that reads back as exactly ``value``: quoted
    only when it must be (``'Impact: the basics'``, ``'Yes'``, ``'123'``, ``'What''s new? #2'``)."""
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1 << 20)
    text = text.removesuffix("\n...\n").strip()
    if yaml.safe_load(text) != value:  # never write what would read back as something else
        raise ValueError(f"cannot write {value!r} as YAML")
    return text


def environment(project_root: Path | None = None) -> jinja2.Environment:
    """Templates from the project's ``templates/`` folder first, then trainkit's own."""
    folders = [BUILTIN]
    if project_root is not None and (project_root / PROJECT_TEMPLATES).is_dir():
        folders.insert(0, project_root / PROJECT_TEMPLATES)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]),
                             autoescape=jinja2.select_autoescape(["html", "htm", "xml"]),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["yaml"] = yaml_value
    return env


def render(name: str, project_root: Path | None = None, **values: object) -> str:
    """Render the template ``name`` with ``values``."""
    return environment(project_root).get_template(name).render(**values)
