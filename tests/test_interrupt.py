"""Interrupted and concurrent runs, with the real command line in other processes.

Ctrl-C (SIGINT) and SIGTERM during build, i18n update and release leave every output, catalog and
bundle either as it was or as the finished run writes it (a module's outputs all one or all the
other), and no temporary file or folder. Two runs that write into one folder take turns.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import PROJECTS

from trainkit.pictures import STORE_FOLDER

REPO = Path(__file__).parent.parent
EPOCH = "1767225600"


def _env(tmp_path: Path) -> dict[str, str]:
    """Fixed time (outputs are byte-for-byte repeatable) and a temporary folder the test can inspect."""
    temp = tmp_path / "tmpdir"
    temp.mkdir(exist_ok=True)
    return {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "TMPDIR": str(temp)}


def _start(project: Path, env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "trainkit", "-C", str(project), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _run(project: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "trainkit", "-C", str(project), *args],
                          capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    return done


def _wait_for(condition, process: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the run ended (exit {process.returncode}) before {what}: {process.stderr.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.005)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and STORE_FOLDER not in p.parts}


def _stamps(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith(".") and STORE_FOLDER not in p.parts}


def _changed(before: dict[Path, int]):
    def check() -> bool:
        for path, stamp in before.items():
            try:
                if path.stat().st_mtime_ns != stamp:
                    return True
            except FileNotFoundError:
                continue
        return False
    return check


def _leftovers(*folders: Path) -> list[str]:
    """Temporary files and staging folders (``.<name>.XXXXXXXX.tmp``) and release staging folders."""
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [p.as_posix() for p in folder.rglob("*") if p.name.endswith(".tmp")
                      or p.name.startswith("trainkit-release-")]
    return found


def _edit_every_module(project: Path, word: str) -> None:
    """Change each module's title, which every output of the module shows, and add a sentence."""
    for module in sorted((project / "modules").glob("*.md")):
        text = module.read_text(encoding="utf-8")
        head, _, rest = text.partition("\ntitle: ")
        title, _, tail = rest.partition("\n")
        module.write_text(f"{head}\ntitle: {title} {word}\n{tail}\n{word} is new here.\n", encoding="utf-8")


SIGNALS = [pytest.param(signal.SIGINT, id="SIGINT"), pytest.param(signal.SIGTERM, id="SIGTERM")]


# --- build ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("signum", SIGNALS)
def test_an_interrupted_build_leaves_each_module_as_it_was_or_as_rebuilt(signum, make_project, tmp_path):
    project = make_project("full")
    env = _env(tmp_path)
    _run(project, env, "build")
    build = project / "build"
    old = {folder: _files(folder) for folder in sorted(build.glob("*/*"))}
    assert len(old) == 6  # two modules in three languages

    _edit_every_module(project, "Revised")
    expected = tmp_path / "expected"
    shutil.copytree(project, expected)
    _run(expected, env, "build")
    new = {folder: _files(expected / "build" / folder.relative_to(build)) for folder in old}
    assert all(new[f][name] != old[f][name] for f in old for name in old[f])  # every output changes

    process = _start(project, env, "build")
    _wait_for(_changed(_stamps(build)), process, "the first module was rebuilt")
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signum, stderr
    assert stderr.splitlines()[-1] == (f"trainkit: interrupted ({signal.Signals(signum).name}); files written "
                                       "before stay whole, nothing half-written was left")
    assert "Traceback" not in stderr
    states = {folder: "old" if _files(folder) == old[folder] else "new" if _files(folder) == new[folder] else "mixed"
              for folder in old}
    assert "mixed" not in states.values(), states
    assert "new" in states.values() and "old" in states.values(), states  # really stopped partway
    assert _leftovers(build, tmp_path / "tmpdir") == []


def test_a_build_killed_with_sigkill_leaves_only_stale_temporaries_the_next_build_removes(make_project, tmp_path):
    """kill -9 runs no cleanup at all: outputs stay whole; what it left is removed once stale."""
    from trainkit.files import STALE_AFTER

    project = make_project("full")
    env = _env(tmp_path)
    _run(project, env, "build")
    build = project / "build"
    old = {folder: _files(folder) for folder in sorted(build.glob("*/*"))}
    _edit_every_module(project, "Revised")
    process = _start(project, env, "build")
    _wait_for(lambda: bool(_leftovers(build)), process, "a staging folder appeared")
    process.kill()
    # the worker processes hold the run's stdout: this returns once they have ended too, on their own
    process.communicate(timeout=60)
    for folder, files in old.items():  # a module's files are never partly written
        assert set(_files(folder)) == set(files)
    left = [Path(p) for p in _leftovers(build)]
    assert left
    past = time.time() - STALE_AFTER - 60
    for path in left:
        os.utime(path, (past, past))
    _run(project, env, "build")
    assert _leftovers(build) == []


# --- i18n update ---------------------------------------------------------------------------------

def _curriculum(tmp_path: Path) -> Path:
    """The repository's own project (eight languages, every module): enough catalogs to stop partway."""
    project = tmp_path / "curriculum"
    project.mkdir()
    for name in ("trainkit.yaml", "modules", "locales", "templates"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        elif source.is_file():
            shutil.copy2(source, project / name)
    return project


@pytest.mark.parametrize("signum", SIGNALS)
def test_an_interrupted_i18n_update_leaves_each_catalog_as_it_was_or_as_updated(signum, tmp_path):
    project = _curriculum(tmp_path)
    env = _env(tmp_path)
    locales = project / "locales"
    old = _files(locales)
    _edit_every_module(project, "Revised")
    expected = tmp_path / "expected"
    shutil.copytree(project, expected)
    _run(expected, env, "i18n", "update")
    new = _files(expected / "locales")
    assert set(new) == set(old) and sum(new[n] != old[n] for n in old) > 20

    process = _start(project, env, "i18n", "update")
    _wait_for(_changed(_stamps(locales)), process, "the first catalog was written")
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signum, stderr
    found = _files(locales)
    assert set(found) == set(old)
    states = {name: "old" if data == old[name] else "new" if data == new[name] else "mixed"
              for name, data in found.items() if old[name] != new[name]}
    assert "mixed" not in states.values(), states
    assert "new" in states.values() and "old" in states.values(), states
    assert _leftovers(locales, tmp_path / "tmpdir") == []


# --- release -------------------------------------------------------------------------------------

@pytest.mark.parametrize("signum", SIGNALS)
def test_an_interrupted_release_keeps_the_previous_bundle_and_no_staging(signum, make_project, tmp_path):
    project = make_project("full")
    env = _env(tmp_path)
    _run(project, env, "release", "pl", "--version", "1.0.0", "--allow-incomplete")
    bundle = project / "dist" / "full-pl-1.0.0.zip"
    previous = bundle.read_bytes()
    _edit_every_module(project, "Revised")

    temp = tmp_path / "tmpdir"
    process = _start(project, env, "release", "pl", "--version", "1.0.0", "--allow-incomplete", "--force")
    _wait_for(lambda: any(p.is_file() for p in temp.glob("trainkit-release-*/**/*")), process,
              "the release wrote its first output")
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode == 128 + signum, stderr
    assert bundle.read_bytes() == previous
    assert sorted(p.name for p in bundle.parent.iterdir()) == [bundle.name]
    assert _leftovers(project, temp) == []


# --- two runs at once ----------------------------------------------------------------------------

def test_a_build_waits_while_another_run_holds_the_output_folder(make_project, tmp_path):
    project = make_project("minimal")
    env = _env(tmp_path)
    build = project / "build"
    build.mkdir()
    holder = os.open(build, os.O_RDONLY)
    try:
        fcntl.flock(holder, fcntl.LOCK_EX)
        process = _start(project, env, "build")
        time.sleep(3)  # long enough for a build of this project to finish, were it not waiting
        assert process.poll() is None
        assert _files(build) == {}
    finally:
        os.close(holder)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert stderr.splitlines()[0] == (f"trainkit: waiting for another trainkit run to finish writing into {build} "
                                      "(Ctrl-C stops waiting)")
    assert (build / "en" / "hello" / "slides.pptx").is_file()


def test_two_builds_into_one_folder_take_turns(make_project, tmp_path):
    from docx import Document
    from pptx import Presentation

    project = make_project("full")
    env = _env(tmp_path)
    build = project / "build"
    first = _start(project, env, "build")

    def first_holds_the_lock() -> bool:
        if not build.is_dir():
            return False
        probe = os.open(build, os.O_RDONLY)
        try:
            fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(probe)
        return False

    _wait_for(first_holds_the_lock, first, "the first build took the lock")
    second = _start(project, env, "build")
    _, second_err = second.communicate(timeout=300)
    first_out, first_err = first.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, (first_err, second_err)
    assert "waiting for another trainkit run" not in first_err
    assert f"trainkit: waiting for another trainkit run to finish writing into {build}" in second_err
    for path in build.rglob("*.pptx"):
        Presentation(str(path))
    for path in build.rglob("*.docx"):
        Document(str(path))
    assert _leftovers(build) == []


def test_two_releases_of_one_version_do_not_both_write_it(make_project, tmp_path):
    """The second release waits for the first, then finds its bundle and refuses to replace it."""
    project = make_project("full")
    env = _env(tmp_path)
    args = ("release", "pl", "--version", "2.0.0", "--allow-incomplete")
    first = _start(project, env, *args)
    dist = project / "dist"
    _wait_for(dist.is_dir, first, "the first release took the dist folder")
    second = _start(project, env, *args)
    outcomes = sorted([(p.wait(timeout=300), p.stderr.read()) for p in (first, second)])
    assert [code for code, _ in outcomes] == [0, 1], outcomes
    assert "already exists: use --force to replace version 2.0.0" in outcomes[1][1]
    assert sorted(p.name for p in dist.iterdir()) == ["full-pl-2.0.0.zip"]
