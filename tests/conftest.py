"""Shared fixtures: fixture projects copied into tmp_path, the CLI, and document outlines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from trainkit.cli import cli

PROJECTS = Path(__file__).parent / "projects"


@pytest.fixture
def make_project(tmp_path: Path):
    """Copy ``tests/projects/<name>`` into a temporary folder and return its path."""

    def make(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(PROJECTS / name, target)
        return target

    return make


@pytest.fixture
def run():
    """Run the CLI: ``run(project, "build", "--lang", "en")`` -> click Result (stderr kept apart)."""

    def invoke(project: Path | None, *args: str) -> Result:
        runner = CliRunner()
        prefix = ["-C", str(project)] if project is not None else []
        return runner.invoke(cli, [*prefix, *args], catch_exceptions=False)

    return invoke
