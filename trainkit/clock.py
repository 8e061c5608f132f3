"""The only source of time for outputs, so builds and releases are reproducible."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from trainkit.errors import TrainkitError


def _last_commit_time(root: Path) -> int | None:
    """Seconds since the epoch of the last commit of the git repository at ``root``, if any."""
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def source_revision(root: Path) -> str:
    """The git commit of the sources (with ``-dirty`` when files changed), or empty outside git."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"],
                              capture_output=True, text=True, timeout=10, check=False)
        if head.returncode != 0:
            return ""
        status = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                                capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return head.stdout.strip() + ("-dirty" if status.stdout.strip() else "")


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a number of seconds, None when it is not set; a one-line error when it is no number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return None
    try:
        return int(epoch)
    except ValueError:
        raise TrainkitError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None


def _utc(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)


def build_time(root: Path, sources: list[Path]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the last commit's date, else the newest source's mtime."""
    seconds = source_date_epoch()
    if seconds is None:
        seconds = _last_commit_time(root) or int(max((p.stat().st_mtime for p in sources if p.exists()), default=0))
    return _utc(seconds)


def _commit_times(root: Path) -> dict[str, int]:
    """Project-relative path -> seconds since the epoch of the last commit that touched it, for every
    file the history of the git repository at ``root`` names under ``root``; empty outside git.

    One ``git log`` for the whole history, not one per file: the commit times and the files each
    commit touched, NUL-separated (``-z``) so that no file name needs unquoting.
    """
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "--format=%x01%ct", "--name-only", "--relative", "-z"],
                              capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return {}
    if done.returncode != 0:
        return {}
    times: dict[str, int] = {}
    current = 0
    for token in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
        token = token.lstrip("\n")
        if token.startswith("\x01"):
            current = int(token[1:]) if token[1:].isdigit() else 0
        elif token:
            # the newest time wins, whatever order the history is listed in
            times[token] = max(times.get(token, 0), current)
    return times


@dataclass(frozen=True)
class SourceDates:
    """When each source file last changed, for dating outputs by their own inputs.

    An output's date is the newest date among the files it is made from: a file's last commit,
    or its modification time when git does not know it (no repository, a file not yet committed).
    ``SOURCE_DATE_EPOCH``, when set, dates every output alike. So a commit to one module changes
    the dates (and the bytes) of that module's outputs only.
    """

    root: Path
    epoch: int | None = None
    """SOURCE_DATE_EPOCH, when set."""
    commits: Mapping[str, int] = field(default_factory=dict, repr=False)
    """Project-relative path -> its last commit's time; empty outside git."""

    @classmethod
    def read(cls, root: Path) -> "SourceDates":
        """The dates of the project at ``root``: SOURCE_DATE_EPOCH, else one ``git log`` of its history."""
        epoch = source_date_epoch()
        return cls(root, epoch, {} if epoch is not None else _commit_times(root))

    def seconds(self, path: str | Path) -> int:
        """The date of one file (project-relative or absolute): its last commit, else its mtime, else 0."""
        absolute = self.root / path
        relative = ""
        for root in (self.root, self.root.resolve()):  # an image's path may be resolved, the root not
            try:
                relative = absolute.relative_to(root).as_posix()
                break
            except ValueError:
                continue
        if relative in self.commits:
            return self.commits[relative]
        try:
            return int(absolute.stat().st_mtime)
        except OSError:
            return 0

    def time_of(self, paths: Iterable[str | Path]) -> dt.datetime:
        """The date of an output made from ``paths``: SOURCE_DATE_EPOCH, else the newest of their dates."""
        if self.epoch is not None:
            return _utc(self.epoch)
        return _utc(max((self.seconds(path) for path in paths), default=0))
