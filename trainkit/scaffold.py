"""Creating projects and modules from the starter files shipped with trainkit."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

from trainkit.errors import UsageError
from trainkit.reader.module import MODULE_ID

MODULE_TEMPLATE = """\
---
title: {title}
duration: 45
description: One sentence that says what participants get from this module.
version: 0.1.0
level: introductory
audience: [business support organisations]
objectives:
  - Explain the main idea of this module
materials: [flipchart]
preparation: [Print the handout]
key_points:
  - The one thing participants should remember
---

# Introduction {{duration=15}}

## Why this matters

- A first point
- A second point

::: notes
What the trainer says while this slide is shown.
:::

# Practice {{duration=30}}

## Exercise: try it

::: {{.exercise duration="20"}}
1. Work in pairs.
2. Write down one example.

::: solution
What good answers have in common.
:::
:::
"""


def init_project(directory: Path) -> None:
    """Create a new project with one module that builds as it is."""
    if (directory / "trainkit.yaml").exists():
        raise UsageError(f"{directory}: a trainkit project already exists here")
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory}: folder is not empty")
    starter = resources.files("trainkit") / "resources" / "starter"
    with resources.as_file(starter) as source:
        shutil.copytree(source, directory, dirs_exist_ok=True)
    name = directory.resolve().name.lower().replace("_", "-").replace(" ", "-")
    config = directory / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("{project}", name if MODULE_ID.match(name)
                                                                 else "my-course"), encoding="utf-8")


def new_module(root: Path, module_id: str, title: str = "") -> Path:
    """Create ``modules/<id>.md`` from the module template."""
    if not MODULE_ID.match(module_id):
        raise UsageError(f"module id '{module_id}' must use only a-z, 0-9 and '-'")
    path = root / "modules" / f"{module_id}.md"
    if path.exists():
        raise UsageError(f"{path.relative_to(root)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    title = title or module_id.replace("-", " ").capitalize()
    path.write_text(MODULE_TEMPLATE.format(title=title), encoding="utf-8")
    return path.relative_to(root)
