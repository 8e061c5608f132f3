"""Atomic file writes: a failed or interrupted run never leaves a half-written file in place."""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; an open file cannot be deleted there, which protects it instead
    fcntl = None  # type: ignore[assignment]

STALE_AFTER = 5 * 60
"""Seconds a temporary file must stay unchanged before a later run may treat it as abandoned."""

_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
"""The names ``atomic_target`` gives its temporary files: ``.<target>.<mkstemp's 8 characters>.tmp``."""


@contextmanager
def atomic_target(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed onto it when the block succeeds, removed otherwise.

    Temporary files that an earlier, killed run left in the same folder are removed first
    (see ``remove_stale_temporaries``). While the block runs, the temporary file is locked, so
    other runs know its writer is alive.
    """
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)  # one directory scan, cheap beside the write itself
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if fcntl is not None:
            _lock(fd)
        else:
            os.close(fd)  # Windows cannot rename a file that is still open
            fd = -1
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; outputs are ordinary files
        yield Path(temp)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    finally:
        if fd >= 0:
            os.close(fd)


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    with atomic_target(target) as temp:
        temp.write_bytes(data)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of atomic writes that killed runs left in ``folder``; return them.

    A file is removed only when all three hold: its name is one ``atomic_target`` makes
    (``.<name>.XXXXXXXX.tmp``), it has not changed for ``STALE_AFTER`` seconds, and no live
    process holds its lock. The lock alone would do on POSIX, but a writer takes it a moment
    after creating the file, and the age rule covers that moment; the age alone would do for
    a writer that keeps writing, and the lock covers one that pauses. On Windows, where there
    is no lock, deleting a file another process has open fails, and the file is kept.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        if not _TEMPORARY.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            if _remove_unless_locked(Path(entry.path)):
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, in use, or not ours to delete: leave it alone
    return removed


def _remove_unless_locked(path: Path) -> bool:
    """Delete ``path`` unless a live process holds its lock; deleting while holding the lock closes a race."""
    if fcntl is None:
        path.unlink()
        return True
    with path.open("rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        path.unlink()
    return True


def _lock(fd: int) -> None:
    """Lock an open temporary file for as long as it stays open; the kernel drops the lock when the
    process ends, even by kill -9. Best effort: where the file system has no locks, the age rule remains."""
    with suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
