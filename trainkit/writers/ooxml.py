"""Shared helpers for OOXML packages: deterministic, atomic saving."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Protocol

from trainkit.files import write_atomic


class _Saveable(Protocol):
    def save(self, file: io.BytesIO) -> None: ...


def normalise_zip(data: bytes, timestamp: dt.datetime) -> bytes:
    """Rewrite a zip with one fixed timestamp and fixed attributes, keeping entry order."""
    stamp = max(timestamp, dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def save_package(document: _Saveable, target: Path, timestamp: dt.datetime) -> None:
    """Save a python-pptx/python-docx document deterministically and atomically."""
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(target, normalise_zip(buffer.getvalue(), timestamp))
