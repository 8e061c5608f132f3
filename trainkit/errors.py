"""Locations, diagnostics and the user-facing error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Location:
    """A place in a project file, for messages and PO references."""

    path: str
    """Path relative to the project root, with forward slashes."""
    line: int = 0
    """1-based line number; 0 when the whole file is meant."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the user's input."""

    location: Location
    severity: Severity
    message: str
    code: str
    """Short machine-readable kind, such as ``meta.duration``."""
    owner: str = ""
    """The module file the problem stops, when it is reported in another file (an SVG picture's
    own line): an error there keeps that module from being built, as one in the module would."""

    def __str__(self) -> str:
        return f"{self.location}: {self.severity}: {self.message} [{self.code}]"


class TrainkitError(Exception):
    """A problem with the user's input or environment: shown as one line, exit 1."""

    exit_code = 1


class UsageError(TrainkitError):
    """The command was called wrongly (unknown module, language, course): exit 2."""

    exit_code = 2


class DiagnosticsFailed(TrainkitError):
    """Raised at the end of a phase that collected at least one error."""

    def __init__(self, diagnostics: "Diagnostics") -> None:
        super().__init__(f"{diagnostics.error_count} error(s)")
        self.diagnostics = diagnostics


@dataclass
class Diagnostics:
    """Collects errors and warnings of a run, so one run reports all of them."""

    items: list[Diagnostic] = field(default_factory=list)
    strict: bool = False
    """Record warnings as errors (``--strict``): what would be a warning stops its module."""

    def error(self, location: Location, message: str, code: str, owner: str = "") -> None:
        self.items.append(Diagnostic(location, "error", message, code, owner))

    def warning(self, location: Location, message: str, code: str, owner: str = "") -> None:
        self.items.append(Diagnostic(location, "error" if self.strict else "warning", message, code, owner))

    def extend(self, other: "Diagnostics") -> None:
        for item in other.items:
            self.items.append(Diagnostic(item.location, "error", item.message, item.code, item.owner)
                              if self.strict and item.severity == "warning" else item)

    @property
    def error_count(self) -> int:
        return sum(1 for d in self.items if d.severity == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for d in self.items if d.severity == "warning")

    def errors_at(self, path: str) -> bool:
        """Whether any error was reported against the file ``path``, or stops it from another file."""
        return any(d.severity == "error" and path in (d.location.path, d.owner) for d in self.items)

    def only(self, paths: set[str] | None = None, codes: tuple[str, ...] = ()) -> "Diagnostics":
        """The diagnostics about ``paths`` (every file when None), or whose code starts with one of
        ``codes``: what a command that worked on part of a project reports."""
        kept = [d for d in self.items
                if (paths is None or d.location.path in paths or d.owner in paths)
                and (not codes or d.code.startswith(codes))]
        return Diagnostics(kept, self.strict)

    def sorted(self) -> list[Diagnostic]:
        """Diagnostics in file and line order, duplicates removed."""
        return sorted(set(self.items), key=lambda d: (d.location, d.severity, d.message))
