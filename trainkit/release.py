"""Release bundles for pilot regions: build, manifest, checksums, a reproducible zip; and verification."""

from __future__ import annotations

import hashlib
import json
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from trainkit import __version__
from trainkit import model as m
from trainkit.build import Project, output_settings, write_course_pack
from trainkit.clock import source_revision
from trainkit.errors import DiagnosticsFailed, TrainkitError, UsageError
from trainkit.files import atomic_target
from trainkit.writers import writers

VERSION = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?$")
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


@dataclass(frozen=True)
class LanguageCompleteness:
    """How much of a language's text is translated, over the modules of a release."""

    language: str
    translated: int
    total: int
    gaps: tuple[str, ...] = ()
    """``module: N untranslated, M fuzzy`` for each incomplete module."""

    @property
    def percent(self) -> float:
        return 100.0 if not self.total else round(100.0 * self.translated / self.total, 1)


@dataclass
class ReleaseResult:
    """What one region's release wrote."""

    region: str
    path: Path
    languages: tuple[str, ...]
    files: int
    size: int
    completeness: dict[str, LanguageCompleteness] = field(default_factory=dict)


def _completeness(project: Project, language: str, modules: list[m.Module]) -> LanguageCompleteness:
    if language == project.config.source_language:
        return LanguageCompleteness(language, 1, 1)
    from trainkit.i18n.localise import module_coverage

    translated = total = 0
    gaps = []
    for module in modules:
        coverage = module_coverage(project.config, module, language)
        translated += coverage.translated
        total += coverage.total
        if not coverage.complete:
            gaps.append(f"{module.id}: {coverage.untranslated} untranslated, {coverage.fuzzy} fuzzy")
    return LanguageCompleteness(language, translated, total, tuple(gaps))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_zip(staging: Path, target: Path, stamp: tuple[int, ...]) -> None:
    """Zip ``staging`` with sorted entries and one fixed timestamp, atomically into ``target``."""
    with atomic_target(target) as temp, zipfile.ZipFile(temp, "w", zipfile.ZIP_DEFLATED) as bundle:
        for file in sorted(staging.rglob("*"), key=lambda p: p.relative_to(staging).as_posix()):
            if not file.is_file():
                continue
            info = zipfile.ZipInfo(file.relative_to(staging).as_posix(), date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            bundle.writestr(info, file.read_bytes())


def release(project: Project, region_id: str, version: str, out: Path, allow_incomplete: bool = False) -> ReleaseResult:
    """Build every course of a region in its languages and write the verified, reproducible bundle."""
    config = project.config
    if region_id not in config.regions:
        raise UsageError(f"unknown region '{region_id}' (the project has: {', '.join(config.regions) or 'none'})")
    if not VERSION.match(version):
        raise UsageError(f"version must look like 1.2.3, not '{version}'")
    region = config.regions[region_id]
    module_ids = list(dict.fromkeys(mid for cid in region.courses for mid in config.courses[cid].modules))
    modules = [project.module(mid) for mid in module_ids]
    if project.diagnostics.error_count:
        raise DiagnosticsFailed(project.diagnostics)

    completeness = {lang: _completeness(project, lang, modules) for lang in region.languages}
    incomplete = [c for c in completeness.values() if c.translated < c.total]
    if incomplete and not allow_incomplete:
        gaps = "; ".join(f"{c.language} {c.percent:g}% ({', '.join(c.gaps)})" for c in incomplete)
        raise TrainkitError(f"region '{region_id}' is not fully translated: {gaps}; "
                            "finish the translations or use --allow-incomplete")

    settings = output_settings(project, region_id)
    chosen = [w for w in writers("module").values() if w.default]
    stamp = max(settings.timestamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    name = f"{config.project}-{region_id}-{version}.zip"
    with tempfile.TemporaryDirectory(prefix="trainkit-release-") as tmp:
        staging = Path(tmp)
        for language in region.languages:
            for course_id in region.courses:
                write_course_pack(project, course_id, language, settings, staging / language / course_id,
                                  chosen)
        files = sorted(p for p in staging.rglob("*") if p.is_file())
        entries = [{"path": p.relative_to(staging).as_posix(), "size": p.stat().st_size, "sha256": _sha256(p)}
                   for p in files]
        manifest = {
            "project": config.project,
            "region": {"id": region.id, "name": region.name},
            "version": version,
            "languages": list(region.languages),
            "courses": [{"id": cid, "title": config.courses[cid].title_in(config.source_language),
                         "modules": list(config.courses[cid].modules)} for cid in region.courses],
            "modules": [{"id": mod.id, "version": mod.metadata.version, "title": mod.metadata.title}
                        for mod in modules],
            "translation": {
                c.language: {"translated": c.translated, "total": c.total, "percent": c.percent,
                             "complete": c.translated >= c.total, "gaps": list(c.gaps)}
                for c in completeness.values()
            },
            "source_revision": source_revision(config.root),
            "built_at": settings.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "trainkit_version": __version__,
            "files": entries,
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        (staging / CHECKSUMS).write_text("".join(f"{e['sha256']}  {e['path']}\n" for e in entries), encoding="utf-8")
        target = out / name
        _write_zip(staging, target, stamp)
    return ReleaseResult(region_id, target, region.languages, len(entries),
                         target.stat().st_size, completeness)


def release_all(project: Project, version: str, out: Path, allow_incomplete: bool = False,
                progress: Callable[[str], None] | None = None) -> list[ReleaseResult]:
    """Release every region in turn; the first failure stops the run."""
    results = []
    for region_id in project.config.regions:
        if progress:
            progress(region_id)
        results.append(release(project, region_id, version, out, allow_incomplete))
    return results


def verify(bundle: Path) -> list[str]:
    """Problems of a bundle against its manifest and SHA256SUMS: missing, extra or altered files."""
    try:
        archive = zipfile.ZipFile(bundle)
    except (OSError, zipfile.BadZipFile) as exc:
        raise TrainkitError(f"{bundle}: not a readable zip file ({exc})") from None
    problems: list[str] = []
    with archive:
        names = {info.filename for info in archive.infolist() if not info.is_dir()}
        if MANIFEST not in names:
            return [f"missing: {MANIFEST}"]
        try:
            manifest = json.loads(archive.read(MANIFEST))
            listed = {entry["path"]: entry for entry in manifest["files"]}
        except (ValueError, KeyError, TypeError) as exc:
            return [f"altered: {MANIFEST} cannot be read ({exc})"]
        sums: dict[str, str] = {}
        if CHECKSUMS not in names:
            problems.append(f"missing: {CHECKSUMS}")
        else:
            for line in archive.read(CHECKSUMS).decode("utf-8", "replace").splitlines():
                digest, _, path = line.partition("  ")
                sums[path] = digest
            if set(sums) != set(listed) or any(listed[p]["sha256"] != d for p, d in sums.items() if p in listed):
                problems.append(f"altered: {CHECKSUMS} does not match {MANIFEST}")
        for path, entry in sorted(listed.items()):
            if path not in names:
                problems.append(f"missing: {path}")
                continue
            data = archive.read(path)
            if len(data) != entry["size"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
                problems.append(f"altered: {path}")
        for path in sorted(names - set(listed) - {MANIFEST, CHECKSUMS}):
            problems.append(f"extra: {path}")
    return problems
