"""The only source of time for outputs, so builds are reproducible."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from trainkit.errors import TrainkitError


def build_time(sources: list[Path]) -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else the newest modification time of ``sources``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            seconds = int(epoch)
        except ValueError:
            raise TrainkitError(f"SOURCE_DATE_EPOCH must be a whole number of seconds, not '{epoch}'") from None
    else:
        seconds = int(max((p.stat().st_mtime for p in sources if p.exists()), default=0))
    return dt.datetime.fromtimestamp(seconds, dt.timezone.utc)
