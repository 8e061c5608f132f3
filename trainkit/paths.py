"""Confinement: a path that content, trainkit.yaml, catalogs or templates name stays inside the project.

A project may come from someone else (a partner's repository, a zip sent by mail). What its files
name is read into outputs and bundles, or written to, so a setting such as ``modules_dir:
../elsewhere``, an absolute logo path or a symbolic link to ``~/.ssh`` must not reach outside the
project folder. Only the command line (``--out``, ``-C``) names places elsewhere: that is the
user's own choice.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_ABSOLUTE = re.compile(r"^(?:[/\\]|[A-Za-z]:)")
"""``/x``, ``\\x``, ``C:x`` and ``C:\\x``: absolute on POSIX or Windows, wherever trainkit runs."""


def outside_reason(root: Path, relative: str | Path) -> str:
    """Why ``relative`` (as written in a project file, relative to ``root``) leads out of the project;
    empty when it stays inside. Symbolic links are followed, whether the target exists or not."""
    text = str(relative)
    if _ABSOLUTE.match(text):
        return "is an absolute path"
    base = root.resolve()
    if not Path(os.path.normpath(base / text)).is_relative_to(base):
        return "goes up out of the project with '..'"
    try:
        resolved = (base / text).resolve()
    except (OSError, RuntimeError):  # a loop of symbolic links
        return "is a loop of symbolic links"
    if not resolved.is_relative_to(base):
        return "leads out of the project through a symbolic link"
    return ""


def inside(root: Path, path: Path) -> bool:
    """Whether the existing or future file ``path`` (absolute, or relative to the working folder)
    resolves inside the project at ``root``, symbolic links followed."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):
        return False
