"""Shared helpers for OOXML packages: deterministic, atomic saving."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Protocol

from trainkit.files import write_atomic

Entry = tuple[str, bytes]
"""A package member: its name in the zip and its bytes."""


class _Saveable(Protocol):
    def save(self, file: io.BytesIO) -> None: ...


def zip_entries(entries: list[Entry], timestamp: dt.datetime) -> bytes:
    """A zip of ``entries`` in their order, deflated, with one fixed timestamp and fixed attributes."""
    stamp = max(timestamp, dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, data)
    return out.getvalue()


def normalise_zip(data: bytes, timestamp: dt.datetime) -> bytes:
    """Rewrite a zip with one fixed timestamp and fixed attributes, keeping entry order."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zip_entries([(entry.filename, source.read(entry.filename)) for entry in source.infolist()],
                           timestamp)


class _Recorder:
    """Stands in for the libraries' zip writer: keeps each member they write, in order."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []

    def write(self, pack_uri, blob: bytes) -> None:
        self.entries.append((pack_uri.membername, blob))


def _docx_entries(document) -> list[Entry]:
    """What ``python-docx``'s ``OpcPackage.save`` writes, in its order (its writer's own steps)."""
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    parts = package.parts
    recorder = _Recorder()
    PackageWriter._write_content_types_stream(recorder, parts)
    PackageWriter._write_pkg_rels(recorder, package.rels)
    PackageWriter._write_parts(recorder, parts)
    return recorder.entries


def _pptx_entries(prs) -> list[Entry]:
    """What ``python-pptx``'s ``OpcPackage.save`` writes, in its order (its writer's own steps)."""
    from pptx.opc.serialized import PackageWriter

    package = prs.part.package
    writer = PackageWriter(io.BytesIO(), package._rels, tuple(package.iter_parts()))
    recorder = _Recorder()
    writer._write_content_types_stream(recorder)
    writer._write_pkg_rels(recorder)
    writer._write_parts(recorder)
    return recorder.entries


def package_entries(document: _Saveable) -> list[Entry]:
    """The members of a python-pptx/python-docx document's package, as its ``save`` writes them.

    The libraries' own package writers are run with a recorder in place of their zip, so the
    members are deflated once (by ``zip_entries``) rather than deflated, inflated and deflated
    again. Those writer steps are the libraries' internals: when they are not there (another
    library version), the document is saved and its zip read back, as before.
    """
    module = type(document).__module__
    try:
        if module.startswith("docx."):
            return _docx_entries(document)
        if module.startswith("pptx."):
            return _pptx_entries(document)
    except (AttributeError, ImportError, TypeError):
        pass
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        return [(entry.filename, source.read(entry.filename)) for entry in source.infolist()]


def save_package(document: _Saveable, target: Path, timestamp: dt.datetime) -> None:
    """Save a python-pptx/python-docx document deterministically and atomically."""
    write_atomic(target, zip_entries(package_entries(document), timestamp))


MAX_EXPANDED = 256 << 20
"""Bytes a template's parts may expand to together: a branded deck with fonts and pictures has
tens of megabytes; python-pptx and python-docx hold every part in memory, and copy it into every
output, so a zip bomb would cost gigabytes per file."""
MAX_RATIO = 100
"""How many times its compressed size a part larger than a megabyte may expand to."""


def expansion_problem(package: zipfile.ZipFile) -> str:
    """Why the parts of ``package`` would expand too far to be loaded (a zip bomb); empty when they
    would not. Judged from the zip's directory, before a part is unpacked."""
    infos = package.infolist()
    expanded = sum(info.file_size for info in infos)
    if expanded > MAX_EXPANDED or any(info.file_size > max(1 << 20, MAX_RATIO * info.compress_size)
                                      for info in infos):
        return (f"expands to {expanded / (1 << 20):,.0f} MiB, more than a template needs (at most "
                f"{MAX_EXPANDED >> 20} MiB, {MAX_RATIO}-fold per part): a damaged file or a zip bomb")
    return ""
