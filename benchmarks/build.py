"""Benchmark: time and peak memory of reading and building a generated project; prints figures.

    python benchmarks/build.py [--modules 20] [--slides 12]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import tempfile
import time
from pathlib import Path

from trainkit.build import BuildRequest, build, load_project

MODULE = """---
title: Benchmark module {n}
duration: 90
objectives: [Explain the first idea, Apply the second idea]
key_points: [One, Two]
---
"""


def make_project(folder: Path, modules: int, slides: int) -> None:
    (folder / "modules").mkdir(parents=True)
    (folder / "trainkit.yaml").write_text("project: bench\nsource_language: en\nlanguages: [en]\n")
    for n in range(modules):
        parts = [MODULE.format(n=n)]
        for s in range(3):
            parts.append(f"# Section {s} {{duration=30}}\n")
            for k in range(slides // 3):
                parts.append(f"## Slide {s}.{k}\n\n" + "".join(
                    f"- Bullet {b} with **bold** and *italic* words about social innovation\n" for b in range(6)))
                parts.append("\n::: notes\nWhat the trainer says on this slide, in two sentences. Then a question.\n:::\n\n")
        (folder / "modules" / f"m{n:03}.md").write_text("\n".join(parts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=20)
    parser.add_argument("--slides", type=int, default=12)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="trainkit-bench-"))
    try:
        make_project(folder, args.modules, args.slides)
        started = time.perf_counter()
        project = load_project(folder)
        read = time.perf_counter() - started
        started = time.perf_counter()
        result = build(project, BuildRequest())
        written = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"modules: {args.modules}, slides per module: {args.slides}")
        print(f"read + check: {read:.2f} s ({read / args.modules * 1000:.1f} ms per module)")
        print(f"build: {written:.2f} s for {len(result.written)} files "
              f"({written / args.modules * 1000:.0f} ms per module)")
        print(f"peak memory (max RSS): {peak:.0f} MiB")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
