"""Benchmark: how long `trainkit build` takes and how much memory it needs, for the shipped
curriculum and for generated projects of growing size, beside Pandoc on the same sources; how
long a rebuild takes when nothing changed and when one module was edited; prints figures.

    python benchmarks/build.py                              # shipped curriculum + 10, 50, 100, 200 modules
    python benchmarks/build.py --sizes 10 --languages en    # a quick run
    python benchmarks/build.py --no-shipped --sizes 50,100 --jobs 2 --json /tmp/figures.json

Each build runs as its own process (benchmarks/phases.py runs `trainkit build` with timers around
its phases), so its wall time includes starting Python and importing trainkit, and its peak memory
is its own (and its worker processes'). Full builds go into an empty folder, once per `--jobs`
value; then the same build runs again with nothing changed, and again after one module's source
was edited (the shipped curriculum is copied first, so the repository is never touched), and for
the shipped curriculum `release --all` runs after the build and once more. Where `pandoc` is on
the PATH, the same Markdown files are converted to pptx and docx once per language, one Pandoc
process per file as a user would run it, and the ratio is taken from this run. Pandoc does less:
no translation, no guide, no exercise sheets, no fitting; the ratio says what trainkit's extra
work costs, not which tool is better.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHIPPED = HERE.parent
"""The repository is itself a trainkit project: the shipped curriculum."""
PHASE_ORDER = ("read", "check", "localise", "view", "plan", "write:slides", "write:handout", "write:guide",
               "write:exercises", "save", "other")

FRONT = """---
title: Benchmark module {n}
duration: 90
description: A generated module about *social innovation* support in a region.
version: 1.0.0
level: introductory
audience: [business support organisations, regional authorities]
objectives: [Explain what a social enterprise is, Map the support offers of a region, Plan **one** next step]
materials: [flipchart, sticky notes]
preparation: [Print the case cards, Put up two flipcharts]
key_points: [Social innovation is social in its ends and means, Support needs partners, Start small]
tags: [benchmark]
authors: [trainkit benchmark]
---
"""

BULLETS = (
    "- Regional support offers rarely reach **social enterprises** in rural areas\n",
    "- Cluster managers can open *existing* services to new members\n",
    "  - Start with one sector and one partner organisation\n",
    "  - Agree on a shared [definition](https://example.org/definition) first\n",
    "- Impact measurement should fit the size of the organisation\n",
    "- Public procurement can create first markets for social innovators\n",
)


def _slide(section: int, number: int) -> str:
    """One content slide: bullets, notes, and every third slide a facilitator or handout block."""
    parts = [f"## Slide {section}.{number}: what support organisations can do\n\n", "".join(BULLETS), "\n"]
    parts.append("::: notes\nAsk the group which of these points they see in their own region, and collect "
                 "two examples on the flipchart. Keep this to five minutes.\n:::\n\n")
    if number % 3 == 1:
        parts.append("::: facilitator\nIf the group is quiet, start with an example from your own work.\n:::\n\n")
    if number % 3 == 2:
        parts.append("::: handout\nFurther reading: the regional strategy and the cluster's annual report."
                     "\n:::\n\n")
    return "".join(parts)


def module_text(n: int, slides: int) -> str:
    """A module like the shipped ones: three sections, content slides, a table, a picture, an exercise."""
    parts = [FRONT.format(n=n)]
    per_section = max(1, slides // 3)
    for section in range(3):
        parts.append(f"# Section {section} {{duration=30}}\n\n")
        for number in range(per_section):
            parts.append(_slide(section, number))
        if section == 0:
            rows = "".join(f"| Actor {r} | Coaching, *loans* and networks | {'yes' if r % 2 else 'rarely'} |\n"
                           for r in range(5))
            parts.append(f"## Who offers what\n\n| Actor | Offer | Reaches social enterprises |\n|---|---|---|\n"
                         f"{rows}\n")
        if section == 1:
            parts.append("## The support journey\n\n![The stages of the support journey](img/diagram.png "
                         '"From idea to growth")\n\n')
        if section == 2:
            parts.append('::: {.exercise duration="20" title="Map your region"}\n'
                         "1. List the support organisations you know\n2. Mark those that reach social "
                         "enterprises\n3. Agree on one gap to close\n\n::: solution\nMost groups find "
                         "that finance is the largest gap.\n:::\n:::\n\n")
    return "".join(parts)


def _diagram(path: Path) -> None:
    """A PNG of the size and kind the shipped diagrams have (boxes and lines on white)."""
    from PIL import Image, ImageDraw

    rng = random.Random(7)
    image = Image.new("RGB", (1600, 900), "white")
    draw = ImageDraw.Draw(image)
    for _ in range(60):
        x, y = rng.randrange(1500), rng.randrange(800)
        draw.rectangle((x, y, x + rng.randrange(40, 200), y + rng.randrange(30, 120)),
                       fill=tuple(rng.randrange(256) for _ in range(3)), outline="black")
        draw.line((x, y, rng.randrange(1600), rng.randrange(900)), fill="black", width=3)
    image.save(path)


def _trainkit(*arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "trainkit", *arguments], capture_output=True, text=True,
                          check=False)


def make_project(folder: Path, modules: int, slides: int, languages: list[str]) -> None:
    """A project of ``modules`` generated modules in ``languages`` (en first); other languages get
    pseudo-translations (``trainkit i18n pseudo``), so localisation does real work."""
    (folder / "modules" / "img").mkdir(parents=True)
    codes = ["en"] + [code for code in languages if code != "en"]
    (folder / "trainkit.yaml").write_text(
        f"project: bench\ntitle: Benchmark\nsource_language: en\nlanguages: [{', '.join(codes)}]\n"
        "branding:\n  acknowledgement: Co-funded by the European Union\n")
    _diagram(folder / "modules" / "img" / "diagram.png")
    for n in range(modules):
        (folder / "modules" / f"m{n:03}.md").write_text(module_text(n, slides))
    if len(codes) > 1:
        done = _trainkit("-C", str(folder), "i18n", "update")
        if done.returncode != 0:
            raise SystemExit(f"trainkit i18n update failed: {done.stderr.strip()}")
        for code in codes[1:]:
            done = _trainkit("-C", str(folder), "i18n", "pseudo", code, "--force")
            if done.returncode != 0:
                raise SystemExit(f"trainkit i18n pseudo {code} failed: {done.stderr.strip()}")


def available_cpus() -> int:
    """The CPUs this process may run on (what `trainkit build` uses by default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass
class Figures:
    """What one benchmark row measured: a full build into an empty folder, with ``jobs`` processes."""

    project: str
    modules: int
    languages: list[str]
    jobs: int = 1
    outputs: int = 0
    wall: float = 0.0
    """Seconds for the whole `trainkit build` process, from start to exit."""
    in_process: float = 0.0
    """Seconds inside the command (without starting Python and importing trainkit)."""
    peak_rss_mib: float = 0.0
    workers_peak_rss_mib: float = 0.0
    cpu: float = 0.0
    """CPU seconds of the build process and its worker processes (sampled: a little low with jobs)."""
    phases: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    status: int = 0
    pandoc: float | None = None
    """Seconds Pandoc took for the same sources to pptx and docx, once per language."""
    pandoc_outputs: int = 0
    pandoc_failed: int = 0


@dataclass
class Rebuilds:
    """Builds after a full build, into the same folder: nothing changed, then one module edited."""

    project: str
    jobs: int
    outputs: int
    no_op: float = 0.0
    no_op_built: int = 0
    edited: float = 0.0
    edited_built: int = 0
    release: float | None = None
    """`release --all` after the build (shipped curriculum only), then again with nothing changed."""
    release_again: float | None = None
    regions: int = 0


def _phases(arguments: list[str]) -> tuple[dict, str, float]:
    """Run `trainkit ARGUMENTS` through phases.py: its figures, its stderr and the wall time."""
    command = [sys.executable, str(HERE / "phases.py"), "--json", "--", *arguments]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"trainkit {' '.join(arguments)} printed no figures:\n{done.stderr.strip()}")
    return json.loads(lines[-1]), done.stderr, wall


def _built(stderr: str) -> int:
    found = re.search(r"^built (\d+) file", stderr, re.M)
    return int(found.group(1)) if found else -1


def measure_build(name: str, root: Path, languages: list[str], out: Path, jobs: int) -> Figures:
    """A full `trainkit build` of the project at ``root`` into the empty folder ``out``, in its own
    process, with phase timers."""
    module_files = sorted((root / "modules").glob("*.md"))
    arguments = ["-C", str(root), "build", "--out", str(out), "--jobs", str(jobs)]
    for code in languages:
        arguments += ["--lang", code]
    data, _, wall = _phases(arguments)
    outputs = sum(1 for path in out.rglob("*") if path.suffix in (".pptx", ".docx"))
    return Figures(name, len(module_files), languages, jobs, outputs, wall, data["wall"], data["peak_rss_mib"],
                   data["children_peak_rss_mib"], data["cpu"], data["phases"], data["calls"], data["status"])


def measure_rebuilds(row: Figures, root: Path, out: Path, release: bool) -> Rebuilds:
    """After ``row``'s build into ``out``: the same build again (nothing changed), then again after one
    module's source was edited; for the shipped curriculum also `release --all` (reusing the build's
    outputs), and that release again."""
    arguments = ["-C", str(root), "build", "--out", str(out), "--jobs", str(row.jobs)]
    for code in row.languages:
        arguments += ["--lang", code]
    rebuilds = Rebuilds(row.project, row.jobs, row.outputs)
    _, stderr, rebuilds.no_op = _phases(arguments)
    rebuilds.no_op_built = _built(stderr)
    first = sorted((root / "modules").glob("*.md"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nOne more sentence, added for the benchmark.\n",
                     encoding="utf-8")
    _, stderr, rebuilds.edited = _phases(arguments)
    rebuilds.edited_built = _built(stderr)
    if release:
        command = ["-C", str(root), "release", "--all", "--version", "0.0.1", "--allow-incomplete", "--force",
                   "--out", str(out.parent / "dist"), "--jobs", str(row.jobs)]
        data, stderr, rebuilds.release = _phases(command)
        if data["status"] != 0:
            raise SystemExit(f"release --all failed:\n{stderr.strip()}")
        _, _, rebuilds.release_again = _phases(command)
        rebuilds.regions = len(list((out.parent / "dist").glob("*.zip")))
    return rebuilds


def measure_pandoc(root: Path, languages: list[str], out: Path, figures: Figures) -> None:
    """Pandoc on the same Markdown files, to pptx and to docx, once per language (Pandoc does not
    translate: each language converts the source again, as a build of that language would)."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return
    module_files = sorted((root / "modules").glob("*.md"))
    started = time.perf_counter()
    for code in languages:
        folder = out / code
        folder.mkdir(parents=True, exist_ok=True)
        for path in module_files:
            for suffix in (".pptx", ".docx"):
                done = subprocess.run([pandoc, str(path), "--resource-path", str(path.parent), "-o",
                                       str(folder / (path.stem + suffix))], capture_output=True, check=False)
                figures.pandoc_outputs += 1
                figures.pandoc_failed += done.returncode != 0
    figures.pandoc = time.perf_counter() - started


def _shipped_languages(requested: list[str] | None) -> list[str]:
    import yaml

    config = yaml.safe_load((SHIPPED / "trainkit.yaml").read_text(encoding="utf-8"))
    return [code for code in config["languages"] if not requested or code in requested]


def _pandoc_version() -> str:
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return "pandoc not on the PATH (no comparison)"
    done = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=False)
    return done.stdout.splitlines()[0]


def report(rows: list[Figures], rebuilds: list[Rebuilds]) -> None:
    from trainkit import __version__

    print(f"trainkit {__version__}, Python {platform.python_version()}, {available_cpus()} CPUs, "
          f"{_pandoc_version()}")
    print()
    print("Full builds, each into an empty folder:")
    print(f"{'project':<16}{'modules':>8}{'langs':>6}{'outputs':>8}{'jobs':>5}{'build s':>9}{'cpu s':>7}"
          f"{'ms/output':>10}{'peak MiB':>9}{'pandoc s':>9}{'ratio':>7}{'ratio/output':>13}")
    for row in rows:
        per_output = row.wall / row.outputs * 1000 if row.outputs else 0.0
        line = (f"{row.project:<16}{row.modules:>8}{len(row.languages):>6}{row.outputs:>8}{row.jobs:>5}"
                f"{row.wall:>9.1f}{row.cpu:>7.1f}{per_output:>10.0f}"
                f"{max(row.peak_rss_mib, row.workers_peak_rss_mib):>9.0f}")
        if row.pandoc is not None and row.pandoc_outputs:
            pandoc_per_output = row.pandoc / row.pandoc_outputs * 1000
            line += (f"{row.pandoc:>9.1f}{row.wall / row.pandoc:>7.2f}"
                     f"{per_output / pandoc_per_output:>13.2f}")
        print(line + ("" if row.status == 0 else f"  (exit {row.status})"))
    print("\nbuild s: the whole `trainkit build` process; cpu s: CPU time of it and its worker processes (on a\n"
          "shared machine, build s near cpu s / jobs means the cores were free); peak MiB: the largest peak\n"
          "memory of the build process and of its worker processes; ratio: trainkit's build time / Pandoc's\n"
          "time for the same sources (pptx + docx per module and language); ratio/output: the same per output\n"
          "file (trainkit writes slides, handout, guide and exercise sheets, Pandoc a pptx and a docx).")
    if any(row.pandoc_failed for row in rows):
        print("Pandoc failed on " + ", ".join(f"{row.pandoc_failed} file(s) of {row.project}"
                                              for row in rows if row.pandoc_failed))
    if rebuilds:
        print("\nRebuilds into the same folder, after the last full build (whole processes, seconds):")
        print(f"{'project':<16}{'jobs':>5}{'no-op s':>9}{'written':>9}{'one module edited s':>21}{'written':>9}")
        for again in rebuilds:
            print(f"{again.project:<16}{again.jobs:>5}{again.no_op:>9.2f}{again.no_op_built:>9}"
                  f"{again.edited:>21.2f}{again.edited_built:>9}   of {again.outputs}")
        for again in rebuilds:
            if again.release is not None:
                print(f"\n`release --all` of the {again.project} project ({again.regions} regions) after its build: "
                      f"{again.release:.1f} s; again with nothing changed: {again.release_again:.1f} s")
    phases = [p for p in PHASE_ORDER if any(p in row.phases for row in rows)]
    phases += sorted({p for row in rows for p in row.phases} - set(phases))
    print("\nPhases (seconds inside the build process, exclusive; start = starting Python and importing;\n"
          "with more than one job, the writing happens in worker processes and is not in these columns):")
    print(f"{'project':<16}{'jobs':>5}" + "".join(f"{p.replace('write:', 'w:'):>12}" for p in phases) + f"{'start':>8}")
    for row in rows:
        print(f"{row.project:<16}{row.jobs:>5}" + "".join(f"{row.phases.get(p, 0.0):>12.2f}" for p in phases)
              + f"{row.wall - row.in_process:>8.2f}")
    writers = [p for p in phases if p.startswith("write:")]
    serial = [row for row in rows if row.jobs == 1]
    if serial and writers:
        print("\nmilliseconds per output, drawing (w:) and saving, in one process:")
        print(f"{'project':<16}" + "".join(f"{p.replace('write:', 'w:'):>12}" for p in writers) + f"{'save':>10}")
        for row in serial:
            cells = "".join(f"{row.phases.get(p, 0.0) / row.calls[p] * 1000 if row.calls.get(p) else 0.0:>12.0f}"
                            for p in writers)
            save = row.phases.get("save", 0.0) / row.calls["save"] * 1000 if row.calls.get("save") else 0.0
            print(f"{row.project:<16}{cells}{save:>10.0f}")


def _copy_shipped(target: Path) -> None:
    """The shipped curriculum's sources, copied with their times, so rebuilds can edit a module."""
    target.mkdir(parents=True)
    shutil.copy2(SHIPPED / "trainkit.yaml", target / "trainkit.yaml")
    for folder in ("modules", "locales", "templates"):
        if (SHIPPED / folder).is_dir():
            shutil.copytree(SHIPPED / folder, target / folder)


def _list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0].replace("\n", " "))
    parser.add_argument("--sizes", default="10,50,100,200",
                        help="Module counts of the generated projects, comma-separated ('' for none).")
    parser.add_argument("--languages", default="",
                        help="Languages to build, comma-separated (default: all eight of the shipped "
                             "curriculum; en for generated projects, others get pseudo-translations).")
    parser.add_argument("--slides", type=int, default=12, help="Content slides per generated module.")
    parser.add_argument("--jobs", default=f"1,{available_cpus()}",
                        help="Full builds with these numbers of jobs, comma-separated (default: 1 and the CPUs "
                             "available); the rebuilds use the last.")
    parser.add_argument("--no-shipped", action="store_true", help="Skip the shipped curriculum.")
    parser.add_argument("--no-pandoc", action="store_true", help="Skip the Pandoc comparison.")
    parser.add_argument("--no-rebuilds", action="store_true",
                        help="Skip the no-op and one-module-edited rebuilds and the release.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args()
    requested = _list(args.languages) or None
    jobs = list(dict.fromkeys(int(j) for j in _list(args.jobs))) or [1]
    rows: list[Figures] = []
    rebuilds: list[Rebuilds] = []
    with tempfile.TemporaryDirectory(prefix="trainkit-bench-") as tmp:
        scratch = Path(tmp)
        plans: list[tuple[str, Path, list[str]]] = []
        if not args.no_shipped:
            _copy_shipped(scratch / "shipped")
            plans.append(("shipped", scratch / "shipped", _shipped_languages(requested)))
        for size in (int(s) for s in _list(args.sizes)):
            folder = scratch / f"generated-{size}"
            languages = requested or ["en"]
            make_project(folder, size, args.slides, languages)
            plans.append((f"generated-{size}", folder, ["en"] + [c for c in languages if c != "en"]))
        for name, root, languages in plans:
            pandoc = None
            for count in jobs:
                print(f"building {name} ({', '.join(languages)}) with --jobs {count}...", file=sys.stderr,
                      flush=True)
                out = scratch / "out" / f"{name}-{count}"
                row = measure_build(name, root, languages, out, count)
                if not args.no_pandoc and pandoc is None:
                    measure_pandoc(root, languages, scratch / "pandoc" / name, row)
                    pandoc = row
                elif pandoc is not None:
                    row.pandoc, row.pandoc_outputs, row.pandoc_failed = (pandoc.pandoc, pandoc.pandoc_outputs,
                                                                         pandoc.pandoc_failed)
                rows.append(row)
                if count != jobs[-1] or args.no_rebuilds:
                    shutil.rmtree(out, ignore_errors=True)
            if not args.no_rebuilds:
                print(f"rebuilding {name}...", file=sys.stderr, flush=True)
                out = scratch / "out" / f"{name}-{jobs[-1]}"
                rebuilds.append(measure_rebuilds(rows[-1], root, out, release=name == "shipped"))
                shutil.rmtree(scratch / "out", ignore_errors=True)
            shutil.rmtree(scratch / "pandoc" / name, ignore_errors=True)
    report(rows, rebuilds)
    if args.json:
        args.json.write_text(json.dumps({"builds": [asdict(row) for row in rows],
                                         "rebuilds": [asdict(again) for again in rebuilds]}, indent=2) + "\n",
                             encoding="utf-8")


if __name__ == "__main__":
    main()
