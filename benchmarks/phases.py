"""Run one trainkit command in this process with timers around the build's phases; print figures.

    python benchmarks/phases.py [--json] -- -C PROJECT build [BUILD OPTIONS]

Phases (seconds, exclusive: a phase inside another counts only for the inner one):
read (Markdown -> model), check, localise, view, plan (the deck plan), write:<writer> (drawing
one output), save (serialising and zipping a package), cache (what each output is made from, and
whether it is up to date), other (config, templates, the rest of the command). Timers wrap
trainkit's functions by name; a phase whose function a later version renames is left out, never
guessed. With parallel jobs, work done in worker processes is not in the phases (they time this
process only); the wall time counts, and the peak memory of the worker processes is sampled from
/proc (Linux) every 0.2 s.

The build itself collects garbage after each task (module and language) and freezes what is
alive, so peak memory no longer depends on when Python's collector happens to run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import resource
import sys
import threading
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
    ("cache", "trainkit.cache", "Inputs.module_output"),
    ("cache", "trainkit.cache", "Inputs.course_output"),
    ("cache", "trainkit.cache", "OutputCache.fresh"),
    ("cache", "trainkit.cache", "OutputCache.save"),
)
"""Phase name, module and function (or Class.method): what the timers wrap."""


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


def install(clock: PhaseClock) -> list[str]:
    """Put the timers in place; return the phases that could not be timed (function not found)."""
    importlib.import_module("trainkit.cli")
    missing = []
    for phase, module_name, attribute in FUNCTIONS:
        owner_name, _, name = attribute.rpartition(".")
        module = importlib.import_module(module_name)
        owner = getattr(module, owner_name, None) if owner_name else module
        function = getattr(owner, name, None) if owner is not None else None
        if function is None:
            missing.append(phase)
            continue
        if owner_name:
            setattr(owner, name, clock.wrap(phase, function))
        else:
            _replace_everywhere(function, clock.wrap(phase, function))
    from trainkit.writers import registry

    for writer in registry().values():
        cls = type(writer)
        cls.write = clock.wrap(f"write:{writer.name}", cls.write)
    return sorted(set(missing))


class Workers:
    """The processes started by this one (worker processes), sampled from /proc every ``every``
    seconds: the largest peak memory (VmHWM) of any, and the CPU seconds each had used when last seen
    (a worker's last moments before it ends are missed)."""

    def __init__(self, every: float = 0.2) -> None:
        self.peak_kib = 0
        self.cpu: dict[int, float] = {}
        self._every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "Workers":
        if os.path.isdir("/proc"):
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def _sample(self) -> None:
        while not self._stop.wait(self._every):
            for pid in _descendants(os.getpid()):
                self.peak_kib = max(self.peak_kib, _high_water_kib(pid))
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), _cpu_seconds(pid))


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children[parent].append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _high_water_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def run(arguments: list[str]) -> dict:
    """Run ``trainkit ARGUMENTS`` here with the timers; return wall time, peak memory and phases."""
    clock = PhaseClock()
    started = time.perf_counter()
    missing = install(clock)
    imported = time.perf_counter() - started
    from trainkit.cli import cli

    started = time.perf_counter()
    status = 0
    with Workers() as workers:
        try:
            cli.main(args=arguments, prog_name="trainkit")
        except SystemExit as stop:
            status = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    waited = resource.getrusage(resource.RUSAGE_CHILDREN)
    phases = dict(clock.seconds)
    phases["other"] = max(0.0, wall - sum(phases.values()))
    return {
        "status": status,
        "wall": wall,
        "import": imported,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "children_peak_rss_mib": max(waited.ru_maxrss, workers.peak_kib) / 1024,
        "cpu": own.ru_utime + own.ru_stime + waited.ru_utime + waited.ru_stime + sum(workers.cpu.values()),
        "phases": phases,
        "calls": dict(clock.calls),
        "untimed": missing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="Print one JSON object (for benchmarks/build.py).")
    parser.add_argument("trainkit", nargs=argparse.REMAINDER, help="-- then the trainkit arguments")
    args = parser.parse_args()
    arguments = args.trainkit[1:] if args.trainkit[:1] == ["--"] else args.trainkit
    figures = run(arguments)
    if args.json:
        print(json.dumps(figures))
        return
    print(f"trainkit {' '.join(arguments)}: exit {figures['status']}, {figures['wall']:.2f} s, "
          f"peak RSS {figures['peak_rss_mib']:.0f} MiB (worker processes {figures['children_peak_rss_mib']:.0f} MiB)")
    for phase, seconds in sorted(figures["phases"].items(), key=lambda item: -item[1]):
        calls = figures["calls"].get(phase)
        print(f"  {phase:<20} {seconds:8.2f} s  {seconds / figures['wall'] * 100:5.1f} %"
              + (f"  ({calls} calls)" if calls else ""))
    if figures["untimed"]:
        print(f"  not timed (function not found): {', '.join(figures['untimed'])}")


if __name__ == "__main__":
    main()
