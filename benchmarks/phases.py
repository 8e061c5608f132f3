"""Run one trainkit command in this process with timers around the build's phases; print figures.

    python benchmarks/phases.py [--json] [--gc] -- -C PROJECT build [BUILD OPTIONS]

Phases (seconds, exclusive: a phase inside another counts only for the inner one):
read (Markdown -> model), check, localise, view, plan (the deck plan), write:<writer> (drawing
one output), save (serialising and zipping a package), other (config, templates, the rest of the
command). Timers wrap trainkit's functions by name; a phase whose function a later version
renames is left out, never guessed. With parallel jobs, work done in worker processes is not in
the phases (they time this process only); the wall time and peak memory still count.

``--gc`` freezes what is loaded before the build and, after each (module, language) the build
writes, runs ``gc.collect()`` and freezes again: to measure what collecting the reference cycles
each document leaves does to peak memory. Without it, peak memory depends on when Python's
collector happens to run (the same build has peaked at 129 and at 180 MiB depending on what was
imported before it).
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import resource
import sys
import time
from collections import defaultdict
from functools import wraps
from typing import Callable

FUNCTIONS: tuple[tuple[str, str, str], ...] = (
    ("read", "trainkit.build", "read_modules"),
    ("check", "trainkit.build", "check_project"),
    ("localise", "trainkit.build", "localise"),
    ("view", "trainkit.build", "view"),
    ("plan", "trainkit.build", "deck_plan"),
    ("save", "trainkit.writers.ooxml", "save_package"),
)
"""Phase name, module and function: what the timers wrap."""


class PhaseClock:
    """Exclusive time per phase: time spent in a nested phase is taken off its parent."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self._stack: list[list[float]] = []  # per open phase: [start, time in nested phases]

    def wrap(self, phase: str, function: Callable) -> Callable:
        @wraps(function)
        def timed(*args, **kwargs):
            self._stack.append([time.perf_counter(), 0.0])
            try:
                return function(*args, **kwargs)
            finally:
                start, nested = self._stack.pop()
                spent = time.perf_counter() - start
                self.seconds[phase] += spent - nested
                self.calls[phase] += 1
                if self._stack:
                    self._stack[-1][1] += spent
        return timed


def _replace_everywhere(function: Callable, replacement: Callable) -> None:
    """Rebind ``function`` in every loaded trainkit module (``from x import f`` makes copies of the name)."""
    for name, module in list(sys.modules.items()):
        if name == "trainkit" or name.startswith("trainkit."):
            for attribute, value in list(vars(module).items()):
                if value is function:
                    setattr(module, attribute, replacement)


def install(clock: PhaseClock, collect: bool = False) -> list[str]:
    """Put the timers in place; return the phases that could not be timed (function not found)."""
    importlib.import_module("trainkit.cli")
    missing = []
    for phase, module_name, attribute in FUNCTIONS:
        function = getattr(importlib.import_module(module_name), attribute, None)
        if function is None:
            missing.append(phase)
            continue
        _replace_everywhere(function, clock.wrap(phase, function))
    from trainkit.writers import registry

    for writer in registry().values():
        cls = type(writer)
        cls.write = clock.wrap(f"write:{writer.name}", cls.write)
    if collect:
        _collect_per_module(clock)
    return missing


def _collect_per_module(clock: PhaseClock) -> None:
    """What ``--gc`` measures: before the build, collect once and freeze what is loaded (the
    project, the imported libraries) so later collections skip it; after each (module, language)
    the build writes, ``gc.collect()`` and freeze again, so each collection walks only what that
    module left. Without the freezes each collection walks every object loaded and costs 40-80 ms;
    with them a few milliseconds. The build unfreezes when it ends."""
    import trainkit.build as build

    write_module = build.write_module
    timed_collect = clock.wrap("gc", gc.collect)

    @wraps(write_module)
    def collected(*args, **kwargs):
        try:
            return write_module(*args, **kwargs)
        finally:
            timed_collect()
            gc.freeze()  # what is still alive (the project's caches) lives on: later collections skip it

    build.write_module = collected
    for name in ("build", "build_course"):
        outer = getattr(build, name, None)
        if outer is None:
            continue

        @wraps(outer)
        def frozen(*args, _outer=outer, **kwargs):
            gc.collect()
            gc.freeze()
            try:
                return _outer(*args, **kwargs)
            finally:
                gc.unfreeze()

        _replace_everywhere(outer, frozen)


def run(arguments: list[str], collect: bool = False) -> dict:
    """Run ``trainkit ARGUMENTS`` here with the timers; return wall time, peak memory and phases."""
    clock = PhaseClock()
    started = time.perf_counter()
    missing = install(clock, collect)
    imported = time.perf_counter() - started
    from trainkit.cli import cli

    started = time.perf_counter()
    status = 0
    try:
        cli.main(args=arguments, prog_name="trainkit")
    except SystemExit as stop:
        status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    wall = time.perf_counter() - started
    phases = dict(clock.seconds)
    phases["other"] = max(0.0, wall - sum(phases.values()))
    return {
        "status": status,
        "wall": wall,
        "import": imported,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "phases": phases,
        "calls": dict(clock.calls),
        "untimed": missing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="Print one JSON object (for benchmarks/build.py).")
    parser.add_argument("--gc", action="store_true",
                        help="gc.freeze() before the build, gc.collect() and gc.freeze() after each module "
                             "and language.")
    parser.add_argument("trainkit", nargs=argparse.REMAINDER, help="-- then the trainkit arguments")
    args = parser.parse_args()
    arguments = args.trainkit[1:] if args.trainkit[:1] == ["--"] else args.trainkit
    figures = run(arguments, args.gc)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"trainkit {' '.join(arguments)}: exit {figures['status']}, {figures['wall']:.2f} s, "
          f"peak RSS {figures['peak_rss_mib']:.0f} MiB")
    for phase, seconds in sorted(figures["phases"].items(), key=lambda item: -item[1]):
        calls = figures["calls"].get(phase)
        print(f"  {phase:<20} {seconds:8.2f} s  {seconds / figures['wall'] * 100:5.1f} %"
              + (f"  ({calls} calls)" if calls else ""))
    if figures["untimed"]:
        print(f"  not timed (function not found): {', '.join(figures['untimed'])}")


if __name__ == "__main__":
    main()
