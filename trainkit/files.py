"""Atomic file writes: a failed or interrupted run never leaves a half-written file in place.

Also the two things that make whole runs safe: a staged folder (a module's outputs replace the
previous ones together, or not at all) and a folder lock (runs that write into the same folder
take turns).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no flock; an open file cannot be deleted there, which protects it instead
    fcntl = None  # type: ignore[assignment]

STALE_AFTER = 5 * 60
"""Seconds a temporary file must stay unchanged before a later run may treat it as abandoned."""

_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")
"""The names ``atomic_target`` and ``staged_folder`` give their temporary files and folders:
``.<target>.<mkstemp's 8 characters>.tmp``."""


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


@contextmanager
def staged_folder(folder: Path) -> Iterator[Path]:
    """A new, empty folder beside ``folder`` to write into; when the block succeeds, every file in it
    replaces the file of the same name in ``folder`` and the staging folder is removed.

    A block that fails or is interrupted leaves ``folder`` as it was: a module's slides, handout
    and guide (whose slide numbers follow the deck) are replaced together or not at all. Files of
    ``folder`` the block did not write stay. The renames at the end are not interrupted by SIGINT
    or SIGTERM (see ``signals_deferred``). A staging folder a killed run left behind is removed by
    a later run, as temporary files are (``remove_stale_temporaries``).
    """
    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(parent)
    staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.", suffix=".tmp"))
    fd = -1
    try:
        fd = _open_locked(staging)
        os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; the files inside are ordinary
        yield staging
        files = sorted(p for p in staging.rglob("*") if p.is_file() and not p.is_symlink())
        with signals_deferred():
            for file in files:
                target = folder / file.relative_to(staging)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(file, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if fd >= 0:
            os.close(fd)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for the block (a few renames), and deliver them after it, so an
    interrupted run stops before the block or after it, never halfway. Elsewhere than in the main
    thread, or where signals cannot be blocked (Windows), the block runs as it is."""
    blockable = hasattr(signal, "pthread_sigmask") and threading.current_thread() is threading.main_thread()
    if not blockable:
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def folder_lock(folder: Path, waiting: Callable[[], None] = lambda: None) -> Iterator[None]:
    """Hold the lock of ``folder`` for the block, so trainkit runs that write into the same folder
    take turns; when another run holds it, call ``waiting`` once and wait for it.

    The lock is the folder itself (flock on its directory): no lock file is left behind or
    committed by mistake, and the kernel releases the lock when its holder ends in any way,
    kill -9 included, so a lock is never stale. The folder is created for the lock and removed
    again when the block leaves it empty (a build stopped by an error writes nothing). A folder
    that cannot be created is not locked: the command that writes into it reports why. On Windows
    and on file systems without locks the block runs unlocked; atomic writes still keep every
    file whole.
    """
    if fcntl is None:
        yield
        return
    fd, created = _lock_folder(folder, waiting)
    try:
        yield
    finally:
        if created:
            with suppress(OSError):  # not empty: the block wrote something, which stays
                folder.rmdir()
        if fd >= 0:
            os.close(fd)


def _lock_folder(folder: Path, waiting: Callable[[], None]) -> tuple[int, bool]:
    """Create ``folder`` if needed and lock it; (descriptor or -1 when unlocked, whether it was created)."""
    announced = False
    while True:
        try:
            created = not folder.is_dir()
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return -1, False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not announced:
                waiting()
                announced = True
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            return fd, created  # no locks on this file system
        # the run we waited for may have removed the folder (it wrote nothing): lock the new one
        with suppress(OSError):
            if os.fstat(fd).st_ino == os.stat(folder).st_ino:
                return fd, created
        os.close(fd)


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename."""
    with atomic_target(target) as temp:
        temp.write_bytes(data)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of atomic writes that killed runs left in ``folder``; return them.

    A file (or a staging folder) is removed only when all three hold: its name is one
    ``atomic_target`` or ``staged_folder`` makes (``.<name>.XXXXXXXX.tmp``), it has not changed
    for ``STALE_AFTER`` seconds, and no live process holds its lock. The lock alone would do on
    POSIX, but a writer takes it a moment after creating the file, and the age rule covers that
    moment; the age alone would do for a writer that keeps writing, and the lock covers one that
    pauses. On Windows, where there
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
            if entry.is_symlink() or not (entry.is_file() or entry.is_dir()):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            if _remove_unless_locked(Path(entry.path)):
                removed.append(Path(entry.path))
        except OSError:
            continue  # gone already, in use, or not ours to delete: leave it alone
    return removed


def _remove_unless_locked(path: Path) -> bool:
    """Delete the file or staging folder ``path`` unless a live process holds its lock; deleting while
    holding the lock closes a race."""
    remove = (lambda: shutil.rmtree(path)) if path.is_dir() else path.unlink
    if fcntl is None:
        remove()
        return True
    fd = os.open(path, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        remove()
    finally:
        os.close(fd)
    return True


def _open_locked(path: Path) -> int:
    """An open descriptor of the staging folder ``path``, locked as ``_lock`` locks temporary files; -1
    where there are no locks."""
    if fcntl is None:
        return -1
    fd = os.open(path, os.O_RDONLY)
    _lock(fd)
    return fd


def _lock(fd: int) -> None:
    """Lock an open temporary file for as long as it stays open; the kernel drops the lock when the
    process ends, even by kill -9. Best effort: where the file system has no locks, the age rule remains."""
    with suppress(OSError):
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def shown_path(path: Path, root: Path | None) -> str:
    """``path`` as messages show it: relative to the project root when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()
