"""The only source of time for outputs, so builds and releases are reproducible."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
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


def build_time(root: Path, sources: list[Path]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the last commit's date, else the newest source's mtime."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise TrainkitError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None
    else:
        seconds = _last_commit_time(root) or int(max((p.stat().st_mtime for p in sources if p.exists()), default=0))
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
