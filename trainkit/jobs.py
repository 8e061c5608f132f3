"""The build commands (``build``, ``build_course``) and their output tasks: which outputs a build
must write and which are up to date, and writing the rest, in this process or in worker
processes, with the same bytes and the same reports either way.

A build first plans, in this process and in build order: for each module (or course) and language
it looks every chosen output up in the cache. An output made from the same inputs is left as it is
(or copied, when an identical one exists in another folder); the module is localised only when
something of it must be written, and otherwise its problems are replayed from the cache, so the
decisions (which modules errors stop) are the same as a build that writes everything. Then the
tasks run: here, one after the other, or in a pool of worker processes that receive everything
they need (the config and the localised module), so they work under spawn and forkserver alike.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from trainkit import model as m
from trainkit.build import (BuildRequest, BuildResult, DeckKey, OutputSettings, Project, course_model, course_time,
                            deck_key, localise, module_time, output_settings, prerequisite_titles, selection,
                            write_course_outputs, write_outputs)
from trainkit.cache import Inputs, OutputCache, Record, environment
from trainkit.config import ProjectConfig, require_valid
from trainkit.errors import Diagnostic, Diagnostics, TrainkitError, UsageError
from trainkit.pictures import STORE_FOLDER, RenderStore, use_store
from trainkit.writers import Writer, registry, writers

TASKS_PER_WORKER = 2
"""Starting a worker costs about what writing two modules' outputs does: a run with fewer tasks
than twice the workers it could use runs with fewer workers, or here."""


def available_cpus() -> int:
    """The CPUs this process may run on: the default number of jobs."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13 and later
    if counter is not None:
        return counter() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # macOS and Windows have no affinity
        return os.cpu_count() or 1


class Progress(Protocol):
    """Told how many tasks a run has, and each time one is done."""

    def start(self, total: int) -> None: ...

    def advance(self) -> None: ...


@dataclass(frozen=True)
class Task:
    """The outputs of one module or course in one language, to write into one folder: all a worker needs."""

    subject: m.Module | m.Course
    """The localised module, or the course holding its localised modules."""
    writers: tuple[str, ...]
    """Names of the writers to run, in build order."""
    folder: Path
    """Absolute: a worker may have started in another folder."""
    settings: OutputSettings
    """Without ``dates``: the task carries its own."""
    timestamp: dt.datetime
    titles: tuple[tuple[str, str], ...]
    """Titles of the prerequisites the subject names."""
    module_times: tuple[tuple[str, dt.datetime], ...] = ()
    """Of a course: each module's date, with which its deck is planned."""


@dataclass(frozen=True)
class Done:
    """What a task wrote, per writer, and what planning each deck it used reported."""

    files: dict[str, list[Path]]
    decks: tuple[tuple[DeckKey, tuple[Diagnostic, ...]], ...]


def perform(project: Project, task: Task) -> Done:
    """Write a task's outputs, with ``project``'s caches (trainkit's words, deck plans)."""
    registered = registry()
    chosen = [registered[name] for name in task.writers]
    needs_deck = any(w.needs_deck for w in chosen)
    if isinstance(task.subject, m.Course):
        times = dict(task.module_times)
        files = write_course_outputs(project, task.subject, task.titles, chosen, task.settings, task.timestamp,
                                     times, task.folder)
        keys = [deck_key(mod, task.settings, times[mod.id]) for mod in task.subject.modules] if needs_deck else []
    else:
        files = write_outputs(project, task.subject, task.titles, chosen, task.settings, task.timestamp,
                              task.folder)
        keys = [deck_key(task.subject, task.settings, task.timestamp)] if needs_deck else []
    return Done(files, tuple((key, project.deck_notes[key]) for key in keys))


# --- running tasks ---------------------------------------------------------------------------


def run_tasks(project: Project, tasks: list[Task], jobs: int, finished: Callable[[int, Done], None],
              store: RenderStore | None = None) -> None:
    """Run ``tasks`` with up to ``jobs`` processes, calling ``finished(index, done)`` in this process as
    each ends (in any order). A task that fails raises its error here, as it would in one process;
    when several fail, the first in task order is raised, after the running ones have ended. Every
    process renders pictures through ``store`` (when given) while the tasks run."""
    workers = min(jobs, len(tasks) // TASKS_PER_WORKER)
    if workers < 2:
        previous = use_store(store)
        try:
            _run_here(project, tasks, finished)
        finally:
            use_store(previous)
    else:
        _run_pool(project, tasks, workers, finished, store)


def _run_here(project: Project, tasks: list[Task], finished: Callable[[int, Done], None]) -> None:
    # Writing a document leaves reference cycles (lxml proxies, the libraries' parts) that Python's
    # collector finds late: collected after each task, peak memory stays flat. Freezing what is
    # alive (the project, imported modules, caches) makes each collection walk only what the last
    # task left: a few milliseconds instead of tens.
    gc.collect()
    gc.freeze()
    try:
        for index, task in enumerate(tasks):
            finished(index, perform(project, task))
            gc.collect()
            gc.freeze()
    finally:
        gc.unfreeze()


_WORKER: Project | None = None
"""In a worker process: the project, with its config only (tasks bring their modules)."""


def _start_worker(config: ProjectConfig, lifeline: Connection, store: RenderStore | None) -> None:
    global _WORKER
    use_store(store)
    # Ctrl-C reaches every process of the terminal: the parent stops the run, workers end their task
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_end_with, args=(lifeline,), name="trainkit-lifeline", daemon=True).start()
    _WORKER = Project(config, [], Diagnostics())
    gc.freeze()


def _end_with(lifeline: Connection) -> None:
    """End this worker once the trainkit process that started it has ended: only that process holds
    the other end of ``lifeline``, which the system closes however it ends. A parent killed with
    SIGKILL runs no cleanup, and its workers would otherwise wait for tasks forever (each holds its
    task queue's writing end too, so it never sees the queue close), the forkserver with them."""
    try:
        lifeline.recv()
    except (EOFError, OSError):
        pass
    os._exit(1)  # what a task was writing is a temporary file, removed by a later run once stale


def _work(task: Task) -> Done:
    assert _WORKER is not None, "the pool's initializer sets the worker's project"
    try:
        return perform(_WORKER, task)
    finally:
        _WORKER.decks.clear()  # a task's decks are seldom another's: memory stays flat
        _WORKER.deck_notes.clear()
        gc.collect()
        gc.freeze()


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one (a fresh process, forked for each worker with the writers already
    imported), else spawn; never a fork of this process and whatever it holds."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, *sorted({type(w).__module__ for w in registry().values()})])
    return context


def _run_pool(project: Project, tasks: list[Task], workers: int, finished: Callable[[int, Done], None],
              store: RenderStore | None) -> None:
    failures: dict[int, BaseException] = {}
    context = _context()
    lifeline, alive = context.Pipe(duplex=False)  # workers get the reading end; only this process writes
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                               initargs=(project.config, lifeline, store))
    try:
        futures = {pool.submit(_work, task): index for index, task in enumerate(tasks)}
        for future in as_completed(futures):
            if future.cancelled():
                continue
            index = futures[future]
            error = future.exception()
            if isinstance(error, BrokenProcessPool):
                raise TrainkitError("a worker process ended unexpectedly (out of memory?); "
                                    "--jobs 1 writes in one process") from error
            if error is not None:  # raised below, as one process would raise it; the rest is not started
                failures[index] = error
                for other in futures:
                    other.cancel()
                continue
            finished(index, future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        alive.close()
        lifeline.close()
    if failures:
        raise failures[min(failures)]


# --- planning ----------------------------------------------------------------------------------


@dataclass
class Unit:
    """One module or course in one language, into one folder: its chosen outputs and their files."""

    folder: Path
    writers: list[Writer]
    files: dict[str, list[Path]] = field(default_factory=dict)
    """Per writer name, once known: when planned for outputs up to date or copied, when run for the rest."""
    built: set[str] = field(default_factory=set)
    """Names of the writers that wrote their output in this run."""

    def written(self) -> list[Path]:
        """Every file of the unit, in writer order."""
        return [path for writer in self.writers for path in self.files.get(writer.name, [])]


@dataclass
class _Output:
    """One output as planned: up to date, copied, copied from one this run writes, or to write."""

    writer: Writer
    slot: str
    key: str
    record: Record | None = None
    """The cache's record of this very output, when it is up to date."""
    source: tuple[str, Record] | None = None
    """An identical output in another folder, to copy."""
    twin: str = ""
    """The slot of an identical output this run writes, to copy once written."""

    @property
    def stale(self) -> bool:
        return self.record is None and self.source is None and not self.twin

    @property
    def known(self) -> Record | None:
        """A record of the same output, whose notes are this output's."""
        return self.record or (self.source[1] if self.source else None)


@dataclass
class _Pending:
    task: Task
    unit: Unit
    outputs: list[_Output]
    sources: list[tuple[str, str]]
    """(module id, language) of each module the task is made from: whose localisation notes it keeps."""


class Plan:
    """What one command writes, output by output; ``run`` writes what is not up to date."""

    def __init__(self, project: Project, settings: OutputSettings, cache: OutputCache, force: bool = False) -> None:
        self.project = project
        self.settings = settings
        self.cache = cache
        self.force = force
        self.inputs = Inputs(project, settings, cache.titles)
        self.units: list[Unit] = []
        self._pending: list[_Pending] = []
        self._twins: list[tuple[_Output, Unit]] = []
        self._scheduled: dict[str, str] = {}
        """Key -> the slot this run writes it to."""
        self._replayed: set[tuple[str, str]] = set()
        self._plan_notes: list[Diagnostic] = []
        self._task_settings = dataclasses.replace(settings, dates=None)

    # --- what each output needs ---

    def _assess(self, chosen: list[Writer], folder: Path, key_of: Callable[[Writer], str]) -> list[_Output]:
        outputs = []
        for writer in chosen:
            output = _Output(writer, self.cache.slot(folder, writer.name), key_of(writer))
            if not self.force:
                output.record = self.cache.fresh(output.slot, output.key)
                if output.record is None:
                    output.source = self.cache.find(output.key)
            if output.record is None and output.source is None:
                output.twin = self._scheduled.get(output.key, "")
            outputs.append(output)
        return outputs

    def _prepare(self, module: m.Module, language: str, outputs: list[_Output], localised: bool) -> None:
        """Localise the module (its notes go to the project's diagnostics), or, when nothing of it is
        written, replay what localising it reported when its outputs were written."""
        key = (module.id, language)
        if localised or key in self.project.localise_notes:
            localise(self.project, module, language)
            return
        if key in self._replayed:
            return
        known = next((o.known for o in outputs if o.known is not None), None)
        if known is None:  # only copies of outputs this run writes: localise as they will
            localise(self.project, module, language)
            return
        self._replayed.add(key)
        self.project.diagnostics.extend(Diagnostics(list(known.notes)))

    def _commit(self, unit: Unit, outputs: list[_Output]) -> list[_Output]:
        """Put the outputs that need no writing in place; return those to write."""
        self.units.append(unit)
        stale = []
        for output in outputs:
            name = output.writer.name
            if output.record is not None:
                unit.files[name] = self.cache.files(output.slot, output.record, unit.folder)
                self._plan_notes.extend(output.record.plan_notes)
            elif output.source is not None:
                slot, record = output.source
                unit.files[name] = self.cache.copy(slot, record, unit.folder)
                self.cache.record(output.slot, output.key, unit.files[name], record.notes, record.plan_notes)
                self._plan_notes.extend(record.plan_notes)
            elif output.twin:
                self._twins.append((output, unit))
            else:
                stale.append(output)
                self._scheduled[output.key] = output.slot
        return stale

    def _schedule(self, subject: m.Module | m.Course, unit: Unit, stale: list[_Output], timestamp: dt.datetime,
                  titles: tuple[tuple[str, str], ...], sources: list[tuple[str, str]],
                  module_times: tuple[tuple[str, dt.datetime], ...] = ()) -> None:
        task = Task(subject, tuple(o.writer.name for o in stale), Path(os.path.abspath(unit.folder)),
                    self._task_settings, timestamp, titles, module_times)
        self._pending.append(_Pending(task, unit, stale, sources))

    # --- what a command asks for ---

    def module(self, module: m.Module, language: str, chosen: list[Writer], folder: Path,
               check: bool = True) -> Unit | None:
        """Plan a module's ``chosen`` outputs in ``language`` into ``folder``. With ``check``, errors
        that stop the module in that language (``Project.blocked``) plan nothing: None."""
        project = self.project
        timestamp = module_time(project, self.settings, module, language)
        outputs = self._assess(chosen, folder,
                               lambda w: self.inputs.module_output(module, language, w, timestamp))
        writing = any(o.stale for o in outputs)
        self._prepare(module, language, outputs, writing)
        if check and project.blocked(module, language):
            return None
        unit = Unit(folder, chosen)
        stale = self._commit(unit, outputs)
        if stale:
            self._schedule(localise(project, module, language), unit, stale, timestamp,
                           prerequisite_titles(project, [module], language), [(module.id, language)])
        return unit

    def course(self, course_id: str, language: str, chosen: list[Writer], folder: Path,
               check: bool = True) -> list[str]:
        """Plan a course pack in ``language`` into ``folder``: the course's own outputs, and each
        module's ``chosen`` outputs in a folder of its own. With ``check``, a language in which errors
        stop any of the course's modules plans nothing; the ids of those modules are returned."""
        project = self.project
        modules = [project.module(mid) for mid in dict.fromkeys(project.config.courses[course_id].modules)]
        timestamp = course_time(project, self.settings, course_id, language)
        own = self._assess(list(writers("course").values()), folder,
                           lambda w: self.inputs.course_output(course_id, language, w, timestamp))
        parts = []
        for module in modules:
            when = module_time(project, self.settings, module, language)
            outputs = self._assess(chosen, folder / module.id,
                                   lambda w, module=module, when=when: self.inputs.module_output(module, language,
                                                                                                 w, when))
            parts.append((module, when, outputs))
        whole = any(o.stale for o in own)  # the course's own outputs need every module localised
        for module, _, outputs in parts:
            self._prepare(module, language, outputs, whole or any(o.stale for o in outputs))
        if check:
            blocked = [mod.id for mod in modules if project.blocked(mod, language)]
            if blocked:
                return blocked
        unit = Unit(folder, list(writers("course").values()))
        stale = self._commit(unit, own)
        if stale:
            self._schedule(course_model(project, course_id, language), unit, stale, timestamp,
                           prerequisite_titles(project, modules, language), [(mod.id, language) for mod in modules],
                           tuple((module.id, when) for module, when, _ in parts))
        for module, when, outputs in parts:
            unit = Unit(folder / module.id, chosen)
            stale = self._commit(unit, outputs)
            if stale:
                self._schedule(localise(project, module, language), unit, stale, when,
                               prerequisite_titles(project, [module], language), [(module.id, language)])
        return []

    # --- writing ---

    def run(self, jobs: int, progress: Progress | None, result: BuildResult) -> None:
        """Write what the plan holds with up to ``jobs`` processes, then save the cache (also when a
        task failed: what was written stays known); add every output to ``result``. Pictures are
        rendered through the render store of the cache's folder (``<folder>/.trainkit-pictures``),
        which a run that wrote something prunes at its end."""
        if progress is not None:
            progress.start(len(self._pending))
        # PNG fallbacks are kept beside the cache, in the folder whose outputs show them
        store = RenderStore(self.cache.root / STORE_FOLDER, environment()) if self._pending else None
        try:
            run_tasks(self.project, [p.task for p in self._pending], jobs,
                      lambda index, done: self._finished(self._pending[index], done, progress), store)
            if store is not None:
                store.prune()  # once per run that wrote something: its pictures were marked as used
            for output, unit in self._twins:
                slot = self._scheduled[output.key]
                record = self.cache.fresh(slot, output.key)
                assert record is not None, "the output it copies was written in this run"
                unit.files[output.writer.name] = self.cache.copy(slot, record, unit.folder)
                self.cache.record(output.slot, output.key, unit.files[output.writer.name], record.notes,
                                  record.plan_notes)
        finally:
            self.cache.save()
        self.project.diagnostics.extend(Diagnostics(self._plan_notes))
        for unit in self.units:
            result.written.extend(unit.written())
            result.built.extend(path for writer in unit.writers if writer.name in unit.built
                                for path in unit.files.get(writer.name, []))

    def _finished(self, pending: _Pending, done: Done, progress: Progress | None) -> None:
        project = self.project
        for key, notes in done.decks:  # a worker planned it: report it here, once
            if key not in project.deck_notes:
                project.deck_notes[key] = notes
                project.diagnostics.extend(Diagnostics(list(notes)))
        notes = tuple(n for source in pending.sources for n in project.localise_notes.get(source, ()))
        plan_notes = tuple(n for _, found in done.decks for n in found)
        unit, task = pending.unit, pending.task
        for output in pending.outputs:
            name = output.writer.name
            files = [unit.folder / path.relative_to(task.folder) for path in done.files.get(name, [])]
            unit.files[name] = files
            unit.built.add(name)
            self.cache.record(output.slot, output.key, files, notes, plan_notes if output.writer.needs_deck else ())
        if progress is not None:
            progress.advance()


# --- the build commands --------------------------------------------------------------------


def build(project: Project, request: BuildRequest, *, jobs: int = 1, force: bool = False,
          progress: Progress | None = None, cache: OutputCache | None = None) -> BuildResult:
    """Write the requested outputs of every module without errors, language by language.

    A module with errors writes nothing; errors in one catalog stop that module in that language
    only. With ``--strict`` (a strict project) every warning is an error, so it stops its module too.
    Outputs whose inputs have not changed since they were written are left as they are (``force``
    rewrites them); the rest are written by ``jobs`` processes, with the same bytes as by one.
    """
    require_valid(project.diagnostics)
    languages, modules, chosen = selection(request, project)
    out = request.out or project.config.output_dir
    settings = output_settings(project, request.region)
    result = BuildResult(scope=project.paths(modules, languages) if request.modules else None)
    plan = Plan(project, settings, cache or OutputCache(out), force)
    firsts = []
    for module in modules:
        if project.diagnostics.errors_at(module.path):
            result.skipped.append(module.id)
            continue
        for language in languages:
            unit = plan.module(module, language, chosen, out / language / module.id)
            if unit is None:
                result.skipped.append(f"{module.id} ({language})")
            elif language == languages[0]:
                firsts.append((module, unit))
    plan.run(jobs, progress, result)
    for module, unit in firsts:
        result.notes.extend(_nothing_written(module, chosen, unit.written()))
    return result


def _nothing_written(module: m.Module, chosen: list[Writer], written: list[Path]) -> list[str]:
    names = {path.name for path in written}
    return [f"{module.id}: no {writer.name} to write (the module has no exercises)"
            for writer in chosen if writer.filename not in names and writer.name in ("exercises", "solutions")]


def build_course(project: Project, course_id: str, request: BuildRequest, *, jobs: int = 1, force: bool = False,
                 progress: Progress | None = None, cache: OutputCache | None = None) -> BuildResult:
    """Write a course pack per language into ``<out>/<lang>/<course>/``; a language in which any of
    the course's modules has errors writes no pack. Outputs are reused and written as ``build`` does."""
    require_valid(project.diagnostics)
    config = project.config
    if course_id not in config.courses:
        raise UsageError(f"unknown course '{course_id}' (the project has: {', '.join(config.courses) or 'none'})")
    languages, _, chosen = selection(dataclasses.replace(request, formats=(), modules=()), project)
    modules = [project.module(mid) for mid in dict.fromkeys(config.courses[course_id].modules)
               if any(mod.id == mid for mod in project.modules)]
    result = BuildResult(scope=project.paths(modules, languages))
    missing = [mid for mid in config.courses[course_id].modules if mid not in {mod.id for mod in modules}]
    if missing:
        result.skipped.extend(missing)
        return result
    settings = output_settings(project, request.region)
    out = request.out or config.output_dir
    plan = Plan(project, settings, cache or OutputCache(out), force)
    for language in languages:
        blocked = plan.course(course_id, language, chosen, out / language / course_id)
        result.skipped.extend(f"{mid} ({language})" for mid in blocked)
    plan.run(jobs, progress, result)
    return result
