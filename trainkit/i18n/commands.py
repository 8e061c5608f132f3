"""What the ``trainkit i18n`` commands do: extract, update, status, check, pseudo.

Each function takes a loaded project, collects problems in its diagnostics and returns a result
the CLI prints; none of them prints or exits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from trainkit import model as m
from trainkit.errors import Location, UsageError
from trainkit.files import write_atomic
from trainkit.i18n import catalogs, labels
from trainkit.i18n.glossary import (GLOSSARY_EXEMPT, GLOSSARY_FILE, Term, glossary_misses, glossary_problems,
                                    load_glossary, problem)
from trainkit.i18n.localise import Coverage, coverage
from trainkit.i18n.markup import markup_problems
from trainkit.i18n.pseudo import is_pseudo, pseudo_translate
from trainkit.paths import inside


@dataclass
class CatalogChanges:
    """Files an extract or update wrote, or would write with ``--check``."""

    changed: list[str] = field(default_factory=list)
    """Project-relative paths of catalogs that were (or would be) written."""
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    """Catalogs of deleted modules that were (or would be) removed (``--prune``)."""


def _modules(project) -> list[m.Module]:
    """Modules that read without errors: catalogs are never built from half-read files."""
    return project.valid_modules()


def _languages(project, languages: tuple[str, ...]) -> list[str]:
    config = project.config
    targets = [code for code in config.languages if code != config.source_language]
    for code in languages:
        if code == config.source_language:
            raise UsageError(f"'{code}' is the source language; it has no catalogs")
        if code not in config.languages:
            raise UsageError(f"unknown language '{code}' (the project has: {', '.join(config.languages)})")
    return list(languages) or targets


def _save(path, data: bytes, check: bool, changes: CatalogChanges, config, diagnostics) -> None:
    if not inside(config.root, path.parent):  # locales/<lang> as a symbolic link to somewhere else
        diagnostics.error(Location(catalogs.relative(config, path)), "the folder leads out of the project "
                          "through a symbolic link; catalogs are written only inside the project", "i18n.outside")
        return
    if catalogs.needs_write(path, data):
        changes.changed.append(catalogs.relative(config, path))
        if not check:
            write_atomic(path, data)
    else:
        changes.unchanged += 1


def _template(project, module: m.Module):
    """The module's template; the existing POT's date is kept when the messages did not change."""
    config = project.config
    template = catalogs.build_template(config, module)
    path = catalogs.template_path(config, module.id)
    if path.is_file():
        old = catalogs.read_catalog(path, catalogs.relative(config, path), project.diagnostics, root=config.root)
        if old is not None and catalogs.same_content(path.read_bytes(), catalogs.render(template, config.add_location)):
            template.creation_date = old.creation_date
    return template


def extract(project, check: bool = False) -> CatalogChanges:
    """Write ``locales/<module>.pot`` for every module."""
    changes = CatalogChanges()
    config = project.config
    for module in _modules(project):
        template = _template(project, module)
        _save(catalogs.template_path(config, module.id), catalogs.render(template, config.add_location), check,
              changes, config, project.diagnostics)
    return changes


def orphans(project) -> list[Path]:
    """Templates and catalogs of modules that no longer exist (a module file was deleted or renamed)."""
    config = project.config
    ids = {module.id for module in project.modules}
    folder = config.root / config.locales_dir
    found = [p for p in folder.glob("*.pot") if p.stem not in ids]
    for language in config.languages:
        found.extend(p for p in (folder / language).glob("*.po") if p.stem not in ids and p.stem != labels.DOMAIN)
    return sorted(found)


def update(project, languages: tuple[str, ...] = (), check: bool = False, prune: bool = False,
           own_words: bool = False) -> CatalogChanges:
    """Extract, then create or merge ``locales/<lang>/<module>.po`` for each language; with ``prune``,
    remove the templates and catalogs of modules that no longer exist.

    The project's catalogs of trainkit's words (``locales/<lang>/trainkit.po``) are brought up to
    date where they exist, and created with ``own_words``."""
    config = project.config
    targets = _languages(project, languages)
    changes = extract(project, check)
    for module in _modules(project):
        template = _template(project, module)
        for language in targets:
            path = catalogs.catalog_path(config, language, module.id)
            existing = None
            if path.is_file():
                existing = catalogs.read_catalog(path, catalogs.relative(config, path), project.diagnostics, language,
                                                   config.root)
                if existing is None:
                    continue  # a PO file with syntax errors is reported, never overwritten
            merged = catalogs.merge_module(template, existing, language, config, module)
            _save(path, catalogs.render(merged, config.add_location), check, changes, config, project.diagnostics)
    for language in targets:
        path = labels.catalog_path(config, language)
        if not (own_words or path.is_file()):
            continue
        existing = None
        if path.is_file():
            existing = catalogs.read_catalog(path, labels.shown_path(config, language), project.diagnostics, language)
            if existing is None:
                continue
        _save(path, catalogs.render(labels.merge(config, language, existing), config.add_location), check, changes,
              config, project.diagnostics)
    if prune:
        for path in orphans(project):
            changes.removed.append(catalogs.relative(config, path))
            if not check:
                path.unlink()
    return changes


def status(project, languages: tuple[str, ...] = (), region: str = "") -> list[Coverage]:
    """Coverage of every module in every target language, module by module; with ``region``, of the
    modules of its courses in its languages."""
    config = project.config
    modules = _modules(project)
    if region:
        if region not in config.regions:
            raise UsageError(f"unknown region '{region}' (the project has: {', '.join(config.regions) or 'none'})")
        spec = config.regions[region]
        ids = {mid for cid in spec.courses for mid in config.courses[cid].modules}
        modules = [module for module in modules if module.id in ids]
        languages = languages or tuple(code for code in spec.languages if code != config.source_language)
    targets = _languages(project, languages)
    rows = [coverage(config, module, language, project.diagnostics) for module in modules for language in targets]
    return rows + [labels.coverage(config, language, project.diagnostics) for language in targets]


def pseudo(project, language: str, force: bool = False) -> CatalogChanges:
    """Fill every catalog of ``language`` with pseudo-translations (creating or merging them first)."""
    config = project.config
    _languages(project, (language,))
    if project.diagnostics.error_count:
        return CatalogChanges()
    changes = CatalogChanges()
    existing: dict[str, object] = {}
    real: list[str] = []
    for module in _modules(project):  # everything is checked before anything is written
        path = catalogs.catalog_path(config, language, module.id)
        shown = catalogs.relative(config, path)
        if path.is_file():
            existing[module.id] = catalogs.read_catalog(path, shown, project.diagnostics, language, config.root)
            found = existing[module.id]
            if found is not None and not force and any(
                    msg.id and isinstance(msg.id, str) and msg.string and not is_pseudo(msg.id, msg.string)
                    for msg in found):
                real.append(shown)
    if project.diagnostics.error_count:
        return changes
    if real:
        raise UsageError(f"{', '.join(real)} hold(s) real translations; nothing was changed "
                         "(use --force to replace them with pseudo-translations)")
    for module in _modules(project):
        path = catalogs.catalog_path(config, language, module.id)
        merged = catalogs.merge_module(_template(project, module), existing.get(module.id), language, config,
                                       module)
        catalogs.fill(merged, pseudo_translate)
        _save(path, catalogs.render(merged, config.add_location), False, changes, config, project.diagnostics)
    return changes


# --- check ------------------------------------------------------------------

def check(project, languages: tuple[str, ...] = ()) -> int:
    """Check every catalog's syntax and markup; problems go to the project's diagnostics. Returns files checked."""
    config = project.config
    checked = 0
    terms = load_glossary(config.root, config.locales_dir, config.source_language, project.diagnostics)
    for path in orphans(project):
        project.diagnostics.warning(Location(catalogs.relative(config, path)),
                                    f"no module '{path.stem}' in {config.modules_dir}/: this catalog is left from "
                                    "a deleted or renamed module (remove it with 'trainkit i18n update --prune')",
                                    "i18n.orphan")
    for language in _languages(project, languages):
        folder = config.root / config.locales_dir / language
        for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
            shown = catalogs.relative(config, path)
            checked += 1
            catalog = catalogs.read_catalog(path, shown, project.diagnostics, language, config.root)
            if catalog is None:
                continue
            for msgid, entry in catalogs.entries(catalog).items():
                if not entry.msgstr or entry.fuzzy:
                    continue
                for problem in markup_problems(msgid, entry.msgstr):
                    report = project.diagnostics.error if problem.severity == "error" else project.diagnostics.warning
                    report(Location(shown, entry.line), problem.message, problem.code)
                if GLOSSARY_EXEMPT in entry.flags or path.stem == labels.DOMAIN:
                    continue
                for message in glossary_problems(terms, language, msgid, entry.msgstr):
                    project.diagnostics.warning(Location(shown, entry.line), message, "i18n.glossary")
        _check_labels(project, language, terms)
        _check_config_texts(project, language, terms)
    return checked


def _check_labels(project, language: str, terms: list[Term]) -> None:
    """trainkit's words as the outputs show them, the project's or trainkit's, against the glossary."""
    config = project.config
    for label in labels.labels(config, language, project.diagnostics):
        for term in glossary_misses(terms, language, label.msgid, label.text):
            if label.location is not None:
                project.diagnostics.warning(label.location, problem(term, language), "i18n.glossary")
                continue
            project.diagnostics.warning(
                Location(f"{config.locales_dir}/{GLOSSARY_FILE}", term.line),
                f"trainkit's label '{label.msgid}' reads '{label.text}' in {language}: "
                f"{problem(term, language)}; give the project's word in {labels.shown_path(config, language)} "
                "(create it with 'trainkit i18n update --own-words')", "i18n.glossary")


def _check_config_texts(project, language: str, terms: list[Term]) -> None:
    """Course titles and descriptions and region names in trainkit.yaml, as catalog entries are checked:
    untranslated, markup, glossary."""
    config = project.config
    source = config.source_language
    texts = [(f"courses.{course.id}.{key}", dict(getattr(course, key)), f"course '{course.id}' {key}")
             for course in config.courses.values() for key in ("title", "description")]
    texts += [(f"regions.{region.id}.name", dict(region.names), f"region '{region.id}' name")
              for region in config.regions.values() if language in region.languages]
    for key, by_language, what in texts:
        english = by_language.get(source) or by_language.get("*")
        if not english or "*" in by_language and language not in by_language:
            continue
        if language not in by_language:
            project.diagnostics.warning(config.location(key), f"the {what} has no {language} text: "
                                        f"outputs in {language} show '{english}'", "i18n.untranslated")
            continue
        location = config.location(f"{key}.{language}")
        for problem in markup_problems(english, by_language[language]):
            report = project.diagnostics.error if problem.severity == "error" else project.diagnostics.warning
            report(location, problem.message, problem.code)
        for message in glossary_problems(terms, language, english, by_language[language]):
            project.diagnostics.warning(location, message, "i18n.glossary")
