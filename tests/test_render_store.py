"""The render store: PNG fallbacks of SVG pictures kept in ``build/.trainkit-pictures/``, so a rebuild
never draws a picture it drew before; damaged entries are drawn again, unused ones pruned, and
outputs are the same bytes with or without the store."""

from __future__ import annotations

import io
import os
import time
import zipfile
from pathlib import Path

import pytest
import resvg_py
from PIL import Image

from trainkit import jobs, pictures
from trainkit.pictures import STORE_FOLDER, UNUSED_DAYS, RenderStore, load_picture, rasterize_svg

BUILD = ("build", "--jobs", "1")
DAY = 24 * 3600
EDIT = "\n## Next steps\n\nOne more sentence.\n"
"""A text edit that leaves the picture's slide and size as they were (a picture shown at another size
is another fallback to draw)."""


@pytest.fixture
def project(diagram_project, monkeypatch):
    """The minimal project in English and German, its module showing tests/pictures/labels.svg."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    return diagram_project


@pytest.fixture
def renders(monkeypatch):
    """Calls to resvg in this process (run with --jobs 1). The in-process cache is emptied first and
    before each build a test runs, as a new process would start, so only the store can spare a render."""
    calls: list[int] = []
    original = resvg_py.svg_to_bytes

    def counting(**options):
        calls.append(options["width"])
        return original(**options)

    monkeypatch.setattr(resvg_py, "svg_to_bytes", counting)
    pictures._rasterize.cache_clear()
    return calls


def build(run, project: Path, *args: str):
    pictures._rasterize.cache_clear()  # a new run is a new process: nothing drawn in memory
    result = run(project, *BUILD, *args)
    assert result.exit_code == 0, result.stderr
    return result


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".trainkit-cache.json" and STORE_FOLDER not in p.parts}


def entries(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / STORE_FOLDER).glob("*.png"))}


def fallback(deck: Path) -> tuple[bytes, bytes]:
    """The deck's one SVG picture and its PNG fallback."""
    with zipfile.ZipFile(deck) as archive:
        media = {name: archive.read(name) for name in archive.namelist() if name.startswith("ppt/media/")}
    svgs = {name: data for name, data in media.items() if name.endswith(".svg")}
    pngs = [data for name, data in media.items() if name.endswith(".png")
            and Image.open(io.BytesIO(data)).width > 1000]  # the fallback, not the emblem or logo
    assert len(svgs) == 1 and len(pngs) == 1, sorted(media)
    return next(iter(svgs.values())), pngs[0]


def test_editing_a_module_s_text_rebuilds_its_outputs_without_drawing_its_pictures(project, run, renders):
    build(run, project)
    drawn = len(renders)
    assert drawn > 0, "the first build draws each fallback"
    assert len(entries(project / "build")) == drawn
    before = outputs(project / "build")
    source = project / "modules" / "hello.md"
    source.write_text(source.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    result = build(run, project)
    assert "built 6 file(s), 0 up to date" in result.stderr
    assert len(renders) == drawn, "no picture is drawn again"
    after = outputs(project / "build")
    assert set(after) == set(before) and all(after[name] != before[name] for name in before)


@pytest.mark.parametrize("damage", ["not a PNG", "another width", "truncated"])
def test_a_damaged_entry_is_drawn_again_and_replaced(project, run, renders, damage):
    build(run, project)
    first = outputs(project / "build")
    store = project / "build" / STORE_FOLDER
    good = entries(project / "build")
    for name, data in good.items():
        if damage == "not a PNG":
            broken = b"this is not a picture"
        elif damage == "another width":
            picture = Image.open(io.BytesIO(data))
            out = io.BytesIO()
            picture.resize((picture.width // 2, picture.height // 2)).save(out, "PNG")
            broken = out.getvalue()
        else:
            broken = data[: len(data) // 2]
        (store / name).write_bytes(broken)
    drawn = len(renders)
    build(run, project, "--force")
    assert len(renders) == 2 * drawn, "every damaged entry is drawn again"
    assert entries(project / "build") == good, "and replaced by the picture it should hold"
    assert outputs(project / "build") == first
    for language in ("en", "de"):
        svg, png = fallback(project / "build" / language / "hello" / "slides.pptx")
        assert pictures.use_store(None) is None, "a run leaves no store set"
        assert png == rasterize_svg(svg, Image.open(io.BytesIO(png)).width)  # as drawn without a store


def test_entries_unused_for_30_days_are_pruned_and_used_ones_kept(project, run, renders):
    build(run, project)
    store = project / "build" / STORE_FOLDER
    used = sorted(store.glob("*.png"))
    old = time.time() - (UNUSED_DAYS + 1) * DAY
    for path in used:  # drawn long ago, and used again by the next build
        os.utime(path, (old, old))
    forgotten = store / ("0" * 64 + ".png")  # an SVG since edited: no build asks for it
    forgotten.write_bytes(used[0].read_bytes())
    os.utime(forgotten, (old, old))
    recent = store / ("1" * 64 + ".png")  # unused, but only for a few days
    recent.write_bytes(used[0].read_bytes())
    os.utime(recent, (time.time() - 3 * DAY,) * 2)
    other = store / "notes.txt"  # not an entry: never the store's to remove
    other.write_text("kept", encoding="utf-8")
    os.utime(other, (old, old))
    drawn = len(renders)
    source = project / "modules" / "hello.md"
    source.write_text(source.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
    build(run, project)
    assert len(renders) == drawn
    assert not forgotten.exists()
    assert recent.exists() and other.exists()
    assert all(path.exists() and path.stat().st_mtime > time.time() - DAY for path in used)


def test_a_build_that_writes_nothing_leaves_the_store_alone(project, run, renders):
    build(run, project)
    store = project / "build" / STORE_FOLDER
    forgotten = store / ("0" * 64 + ".png")
    forgotten.write_bytes(b"old")
    old = time.time() - (UNUSED_DAYS + 1) * DAY
    os.utime(forgotten, (old, old))
    result = build(run, project)
    assert "built 0 file(s), 6 up to date" in result.stderr
    assert forgotten.exists(), "a run that draws nothing marks nothing as used, so it prunes nothing"


def test_outputs_are_the_same_bytes_with_and_without_the_store_and_from_worker_processes(project, run, renders,
                                                                                        monkeypatch):
    without, filled, workers = project / "without", project / "filled", project / "workers"
    original = jobs.run_tasks

    def storeless(project_, tasks, count, finished, store=None):
        original(project_, tasks, count, finished, None)

    with monkeypatch.context() as patch:
        patch.setattr(jobs, "run_tasks", storeless)
        build(run, project, "--out", str(without))
    assert not (without / STORE_FOLDER).exists()
    drawn = len(renders)
    build(run, project, "--out", str(filled))  # draws and keeps
    assert len(renders) == 2 * drawn
    build(run, project, "--out", str(filled), "--force")  # reads what it kept
    assert len(renders) == 2 * drawn
    assert outputs(filled) == outputs(without)

    # a module in four languages: four tasks, so --jobs 2 runs them in two worker processes
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, de]",
                                                                 "languages: [en, de, pl, sv]"), encoding="utf-8")
    build(run, project, "--out", str(filled))
    drawn = len(renders)
    pictures._rasterize.cache_clear()
    result = run(project, "build", "--jobs", "2", "--out", str(workers))
    assert result.exit_code == 0, result.stderr
    assert len(renders) == drawn, "the workers drew, not this process"
    assert outputs(workers) == outputs(filled)
    assert entries(workers) == entries(filled), "workers keep what they draw, under the same keys"


def test_a_fallback_resvg_draws_a_pixel_off_the_size_asked_for_is_read_from_the_store(tmp_path, renders):
    """resvg rounds sizes its own way: the shipped diagram asked 1255 px wide comes out 1254."""
    svg = load_picture(Path(__file__).parent.parent / "modules" / "img" / "diverge-converge.svg").data
    previous = pictures.use_store(RenderStore(tmp_path / STORE_FOLDER, "environment"))
    try:
        first = rasterize_svg(svg, 1255)
        assert Image.open(io.BytesIO(first)).width == 1254  # the case this test is about
        pictures._rasterize.cache_clear()
        assert rasterize_svg(svg, 1255) == first
    finally:
        pictures.use_store(previous)
    assert len(renders) == 1
