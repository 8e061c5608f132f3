"""Benchmark: how long `trainkit build` takes and how much memory it needs, for the shipped
curriculum and for generated projects of growing size, beside Pandoc on the same sources; prints figures.

    python benchmarks/build.py                              # shipped curriculum + 10, 50, 100, 200 modules
    python benchmarks/build.py --sizes 10 --languages en    # a quick run
    python benchmarks/build.py --no-shipped --sizes 50,100 --jobs 2 --json /tmp/figures.json

Each build runs as its own process (benchmarks/phases.py runs `trainkit build` with timers around
its phases), so its wall time includes starting Python and importing trainkit, and its peak memory
is its own. Where `pandoc` is on the PATH, the same Markdown files are converted to pptx and docx
once per language, one Pandoc process per file as a user would run it, and the ratio is taken
from this run. Pandoc does less: no translation, no guide, no exercise sheets, no fitting; the
ratio says what trainkit's extra work costs, not which tool is better.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
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


def supports_jobs() -> bool:
    """Whether this trainkit's ``build`` has a ``--jobs`` option (parallel builds)."""
    return "--jobs" in _trainkit("build", "--help").stdout


@dataclass
class Figures:
    """What one benchmark row measured."""

    project: str
    modules: int
    languages: list[str]
    outputs: int = 0
    wall: float = 0.0
    """Seconds for the whole `trainkit build` process, from start to exit."""
    in_process: float = 0.0
    """Seconds inside the command (without starting Python and importing trainkit)."""
    peak_rss_mib: float = 0.0
    workers_peak_rss_mib: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    status: int = 0
    pandoc: float | None = None
    """Seconds Pandoc took for the same sources to pptx and docx, once per language."""
    pandoc_outputs: int = 0
    pandoc_failed: int = 0


def measure_build(name: str, root: Path, languages: list[str], out: Path, jobs: int | None,
                  collect: bool) -> Figures:
    """`trainkit build` of the project at ``root`` in its own process, with phase timers."""
    module_files = sorted((root / "modules").glob("*.md"))
    command = [sys.executable, str(HERE / "phases.py"), "--json"] + (["--gc"] if collect else [])
    command += ["--", "-C", str(root), "build", "--out", str(out)]
    for code in languages:
        command += ["--lang", code]
    if jobs is not None:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise SystemExit(f"{name}: the build printed no figures:\n{done.stderr.strip()}")
    data = json.loads(lines[-1])
    outputs = sum(1 for path in out.rglob("*") if path.suffix in (".pptx", ".docx"))
    return Figures(name, len(module_files), languages, outputs, wall, data["wall"], data["peak_rss_mib"],
                   data["children_peak_rss_mib"], data["phases"], data["calls"], data["status"])


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


def report(rows: list[Figures], jobs: int | None, jobs_used: bool, collect: bool) -> None:
    from trainkit import __version__

    print(f"trainkit {__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"{_pandoc_version()}")
    if jobs is not None:
        print(f"--jobs {jobs}: " + ("passed to trainkit build" if jobs_used else
                                    "ignored (this trainkit build has no --jobs option)"))
    if collect:
        print("--gc: gc.freeze() before the build, gc.collect() and gc.freeze() after each module and language")
    print()
    print(f"{'project':<16}{'modules':>8}{'langs':>6}{'outputs':>8}{'build s':>9}{'ms/output':>10}"
          f"{'peak MiB':>9}{'pandoc s':>9}{'ratio':>7}{'ratio/output':>13}")
    for row in rows:
        per_output = row.wall / row.outputs * 1000 if row.outputs else 0.0
        line = (f"{row.project:<16}{row.modules:>8}{len(row.languages):>6}{row.outputs:>8}{row.wall:>9.1f}"
                f"{per_output:>10.0f}{max(row.peak_rss_mib, row.workers_peak_rss_mib):>9.0f}")
        if row.pandoc is not None and row.pandoc_outputs:
            pandoc_per_output = row.pandoc / row.pandoc_outputs * 1000
            line += (f"{row.pandoc:>9.1f}{row.wall / row.pandoc:>7.1f}"
                     f"{per_output / pandoc_per_output:>13.1f}")
        print(line + ("" if row.status == 0 else f"  (exit {row.status})"))
    print("\nbuild s: the whole `trainkit build` process; ratio: trainkit's build time / Pandoc's time for the "
          "same\nsources (pptx + docx per module and language); ratio/output: the same per output file "
          "(trainkit writes\nslides, handout, guide and exercise sheets, Pandoc a pptx and a docx).")
    if any(row.pandoc_failed for row in rows):
        print("Pandoc failed on " + ", ".join(f"{row.pandoc_failed} file(s) of {row.project}"
                                              for row in rows if row.pandoc_failed))
    phases = [p for p in PHASE_ORDER if any(p in row.phases for row in rows)]
    phases += sorted({p for row in rows for p in row.phases} - set(phases))
    print("\nPhases (seconds inside the build process, exclusive; start = starting Python and importing):")
    print(f"{'project':<16}" + "".join(f"{p.replace('write:', 'w:'):>12}" for p in phases) + f"{'start':>8}")
    for row in rows:
        print(f"{row.project:<16}" + "".join(f"{row.phases.get(p, 0.0):>12.2f}" for p in phases)
              + f"{row.wall - row.in_process:>8.2f}")
    writers = [p for p in phases if p.startswith("write:")]
    print("\nmilliseconds per output, drawing (w:) and saving:")
    print(f"{'project':<16}" + "".join(f"{p.replace('write:', 'w:'):>12}" for p in writers) + f"{'save':>10}")
    for row in rows:
        cells = "".join(f"{row.phases.get(p, 0.0) / row.calls[p] * 1000 if row.calls.get(p) else 0.0:>12.0f}"
                        for p in writers)
        save = row.phases.get("save", 0.0) / row.calls["save"] * 1000 if row.calls.get("save") else 0.0
        print(f"{row.project:<16}{cells}{save:>10.0f}")


def _list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,50,100,200",
                        help="Module counts of the generated projects, comma-separated ('' for none).")
    parser.add_argument("--languages", default="",
                        help="Languages to build, comma-separated (default: all eight of the shipped "
                             "curriculum; en for generated projects, others get pseudo-translations).")
    parser.add_argument("--slides", type=int, default=12, help="Content slides per generated module.")
    parser.add_argument("--jobs", type=int, default=None,
                        help="Passed to `trainkit build --jobs` when that option exists, else ignored.")
    parser.add_argument("--no-shipped", action="store_true", help="Skip the shipped curriculum.")
    parser.add_argument("--no-pandoc", action="store_true", help="Skip the Pandoc comparison.")
    parser.add_argument("--gc", action="store_true",
                        help="gc.freeze() before the build, gc.collect() and gc.freeze() after each module "
                             "and language (to see the effect on memory).")
    parser.add_argument("--json", type=Path, help="Also write the figures to this JSON file.")
    args = parser.parse_args()
    requested = _list(args.languages) or None
    jobs_used = args.jobs is not None and supports_jobs()
    jobs = args.jobs if jobs_used else None
    rows: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="trainkit-bench-") as tmp:
        scratch = Path(tmp)
        plans: list[tuple[str, Path, list[str]]] = []
        if not args.no_shipped:
            plans.append(("shipped", SHIPPED, _shipped_languages(requested)))
        for size in (int(s) for s in _list(args.sizes)):
            folder = scratch / f"generated-{size}"
            languages = requested or ["en"]
            make_project(folder, size, args.slides, languages)
            plans.append((f"generated-{size}", folder, ["en"] + [c for c in languages if c != "en"]))
        for name, root, languages in plans:
            print(f"building {name} ({', '.join(languages)})...", file=sys.stderr, flush=True)
            row = measure_build(name, root, languages, scratch / "out" / name, jobs, args.gc)
            if not args.no_pandoc:
                measure_pandoc(root, languages, scratch / "pandoc" / name, row)
            rows.append(row)
            shutil.rmtree(scratch / "out" / name, ignore_errors=True)
            shutil.rmtree(scratch / "pandoc" / name, ignore_errors=True)
    report(rows, args.jobs, jobs_used, args.gc)
    if args.json:
        args.json.write_text(json.dumps([asdict(row) for row in rows], indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
