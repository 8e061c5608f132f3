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
def diagram_project(make_project) -> Path:
    """The minimal project in English and German, its one module showing the diagram
    tests/pictures/labels.svg (labels a translator can translate) on a slide of its own."""
    root = make_project("minimal")
    config = root / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en]", "languages: [en, de]"),
                      encoding="utf-8")
    (root / "modules" / "img").mkdir()
    shutil.copy(Path(__file__).parent / "pictures" / "labels.svg", root / "modules" / "img" / "labels.svg")
    (root / "modules" / "hello.md").write_text(
        "---\ntitle: Ecosystem\nduration: 10\n---\n\n# Part {duration=10}\n\n## The ecosystem\n\n"
        "![Support ecosystem](img/labels.svg){alt='Three boxes: regional authority, cluster, social enterprise'}\n",
        encoding="utf-8")
    return root


@pytest.fixture
def run():
    """Run the CLI: ``run(project, "build", "--lang", "en")`` -> click Result (stderr kept apart)."""

    def invoke(project: Path | None, *args: str) -> Result:
        runner = CliRunner()
        prefix = ["-C", str(project)] if project is not None else []
        return runner.invoke(cli, [*prefix, *args], catch_exceptions=False)

    return invoke
