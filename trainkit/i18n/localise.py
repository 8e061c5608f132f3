"""Module + catalog -> Module in a language (the source file is never re-read)."""

from __future__ import annotations

import dataclasses

from trainkit import model as m
from trainkit.config import ProjectConfig
from trainkit.errors import Diagnostics, Location


def localise_module(config: ProjectConfig, module: m.Module, language: str, diagnostics: Diagnostics) -> m.Module:
    """Placeholder until catalogs exist: the source text, reported as untranslated."""
    diagnostics.warning(Location(module.path), f"no translations into '{language}' yet; using the source text",
                        "i18n.missing")
    return dataclasses.replace(module, language=language)
