"""Fuzzing: random modules and translations through read -> localise -> every writer.

Each run either writes outputs that python-pptx and python-docx open, or stops with a TrainkitError
or located diagnostics that keep the module from being built; any other exception is a bug.

Markdown bodies come from a grammar of what trainkit reads (headings with attributes, lists,
tables, fenced divs of every kind nested, pictures, links, emphasis, code), front matter from
random values of every YAML type for every field, translations from random msgstr text. CI runs
a few examples with a fixed seed; ``TRAINKIT_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py``
runs a long session (add ``TRAINKIT_FUZZ_RANDOM=1`` for new random examples each time).

The 652 examples of the CommonMark specification go the same way, several per module; the
specification is read from ``../shared/corpus/`` beside the repository (or a folder further up),
and the test is skipped when it is absent.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trainkit import model as m
from trainkit.build import BuildRequest, load_project
from trainkit.jobs import build, build_course
from trainkit.errors import TrainkitError
from trainkit.writers import writers

from conftest import PROJECTS

REPO = Path(__file__).parent.parent
CORPUS_NAME = "shared/corpus/commonmark-spec-0.31.2.json"
CORPUS = next((folder / CORPUS_NAME for folder in REPO.parents if (folder / CORPUS_NAME).is_file()),
              REPO.parent / CORPUS_NAME)
"""``../shared/corpus/`` beside the repository (a worktree looks further up)."""
FORMATS = tuple(writers("module"))
"""Every module writer: slides, handout, guide, exercises, solutions."""

FUZZ = settings(
    max_examples=int(os.environ.get("TRAINKIT_FUZZ_EXAMPLES", "25")),
    derandomize=not os.environ.get("TRAINKIT_FUZZ_RANDOM"),  # CI: the same examples every run
    deadline=None,  # a deck with many slides takes seconds to plan and write; that is no failure
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the grammar -----------------------------------------------------------------------------

WORDS = st.sampled_from(["Regional", "cluster", "social", "enterprise", "Ökosystem", "żółw", "ĀĒĪ", "👍", "a",
                         "x" * 40, "&amp;", "<b>", "{}", "{{ 7*7 }}", "%s", "\\", "|", "#", ":::", "`", "*", "_",
                         "[", "]", "(", ")", "!", ">", "-", "1.", "\u00ad", "\u200b", "\t"])


@st.composite
def text(draw, max_words: int = 8) -> str:
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=max_words)))


def mostly(good, bad, risky: bool = True):
    """``good`` nine times in ten, else ``bad``; only ``good`` when not ``risky``. Inputs with errors
    stop a module before its writers run, so most bodies have none, for the writers to be fuzzed too."""
    return st.integers(0, 9).flatmap(lambda n: bad if n == 0 and risky else good)


@st.composite
def inline(draw, risky: bool = False) -> str:
    """A line of inline Markdown: text with emphasis, code, links and pictures."""
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        words = draw(text(5))
        parts.append(draw(mostly(st.sampled_from([
            words, words, words, f"**{words}**", f"*{words}*", f"_{words}_", f"`{words}`", f"***{words}***",
            f"[{words}](https://example.org/{draw(st.integers(0, 9))})", f"[{words}](../other.md)",
            f"[{words}](irc://example.org)", f"[{words}](mailto:a@example.org)", "<https://example.org>",
            f"![{words}](img/wide.png)", f'![{words}](img/tall.png "{words}")', "![](img/x.svg)",
            f"![{words}](img/wide.png){{width={draw(st.integers(-5, 200))}%}}", "<kbd>Ctrl</kbd>", "  \n",
        ]), st.sampled_from([
            f"[{words}](javascript:alert(1))", f"![{words}](img/none.png)", "![](http://example.org/x.png)",
            "![x](/etc/passwd)",
        ]), risky)))
    return " ".join(parts)


def heading_attributes(risky: bool):
    return mostly(
        st.sampled_from(["", "", " {duration=10}", ' {layout="Two Content"}', ' {layout="Comparison"}',
                         ' {layout="Content with Caption"}', ' {layout="Blank"}', ' {layout="Nope"}',
                         " {#id .class}"]),
        st.sampled_from([" {duration=0}", " {duration=99999}", " {duration=x}", " {unclosed", " {a='b\"}"]),
        risky)


def divs(risky: bool):
    return mostly(
        st.sampled_from(["notes", "facilitator", "handout", "slides", "solution", "instructor", "callout",
                         "columns", "column", "challenge", "objectives", "questions", "keypoints", "{.exercise}",
                         '{.exercise duration="15" title="Do **it**"}', "{.notes #id}"]),
        st.sampled_from(['{.exercise duration="0"}', '{.exercise title="[x](javascript:x)"}', "{broken",
                         '{.x key="v']),
        risky)


def block(depth: int = 0, risky: bool = False):
    """A strategy for one block of Markdown, nesting divs, lists and quotes up to three deep."""
    leaves = st.one_of(
        inline(risky).map(lambda line: line + "\n"),
        st.builds(lambda level, title, attrs: f"{'#' * level} {title}{attrs}\n", st.integers(1, 4), text(4),
                  heading_attributes(risky)),
        st.lists(inline(risky), min_size=1, max_size=4).map(lambda items: "".join(f"- {i}\n" for i in items)),
        st.lists(inline(risky), min_size=1, max_size=4).map(lambda items: "".join(f"{n}. {i}\n" for n, i in
                                                                              enumerate(items, 1))),
        st.builds(_table, st.integers(1, 4), st.lists(text(3), min_size=1, max_size=12)),
        st.builds(lambda lang, body: f"```{lang}\n{body}\n```\n", st.sampled_from(["", "python", "yaml"]), text(6)),
        st.just("---\n"),
        st.just("<div>raw html</div>\n"),
        st.just("<!-- a comment -->\n"),
    )
    if depth >= 3:
        return leaves
    inner = st.lists(st.deferred(lambda: block(depth + 1, risky)), min_size=1, max_size=3).map("\n".join)
    return st.one_of(
        leaves,
        st.builds(lambda name, body, close: f"::: {name}\n{body}\n{':::' if close else ''}\n", divs(risky), inner,
                  mostly(st.just(True), st.just(False), risky)),
        st.builds(lambda body: "- " + body.replace("\n", "\n  ") + "\n", inner),
        st.builds(lambda body: "> " + body.replace("\n", "\n> ") + "\n", inner),
    )


def _table(columns: int, cells: list[str]) -> str:
    rows = [cells[i : i + columns] + [""] * (columns - len(cells[i : i + columns]))
            for i in range(0, len(cells), columns)]
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join([":---"] * columns) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return "\n".join(lines) + "\n"


BODIES = mostly(st.lists(block(), min_size=1, max_size=8), st.lists(block(risky=True), min_size=1, max_size=8)
                ).map("\n".join)
"""Bodies without mistakes nine times in ten; the tenth may hold any."""

VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10, 10**6), st.floats(allow_nan=True), text(4),
              inline(), st.just("2026-01-01"), st.just("'quoted: value'")),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(text(1), children, max_size=3)),
    max_leaves=6,
)
FIELDS = st.sampled_from(["title", "duration", "description", "version", "level", "license", "id", "audience",
                          "objectives", "questions", "prerequisites", "materials", "preparation", "key_points",
                          "tags", "authors", "teaching", "exercises", "keypoints", "unknown"])


@st.composite
def front_matter(draw) -> str:
    """YAML front matter: a valid core, then random values of random types for random fields."""
    import yaml

    data: dict = {}
    if draw(st.booleans()):
        data["title"] = draw(text(4))
    if draw(st.booleans()):
        data["duration"] = draw(st.integers(1, 120))
    for key in draw(st.lists(FIELDS, max_size=6)):
        data[key] = draw(VALUES)
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False) if data else ""
    return draw(st.sampled_from([dumped, dumped, dumped + "broken: [\n", "- a list\n", dumped + "x: *alias\n"]))


# --- running one module through everything ---------------------------------------------------

def _project(body: str, front: str = "title: Fuzz\nduration: 30\n", languages: str = "[en]") -> Path:
    root = Path(tempfile.mkdtemp(prefix="trainkit-fuzz-")) / "fuzz"
    (root / "modules" / "img").mkdir(parents=True)
    for name in ("wide.png", "tall.png"):
        shutil.copy(PROJECTS / "full" / "modules" / "img" / name, root / "modules" / "img" / name)
    shutil.copy(Path(__file__).parent / "pictures" / "labels.svg", root / "modules" / "img" / "x.svg")
    (root / "trainkit.yaml").write_text(f"project: fuzz\nlanguages: {languages}\n", encoding="utf-8")
    (root / "modules" / "fuzz.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    return root


def _open_outputs(paths: list[Path]) -> None:
    from docx import Document
    from pptx import Presentation

    for path in paths:
        (Presentation if path.suffix == ".pptx" else Document)(str(path))


def build_everything(root: Path, languages: tuple[str, ...] = ("en",)) -> list[Path]:
    """Load and build every module with every module writer, then a course of all of them with the
    course writers; an error in the input stops it as trainkit stops it (a TrainkitError, or located
    diagnostics and the module not built). Returns what was written."""
    stems = sorted(p.stem for p in (root / "modules").glob("*.md"))
    with (root / "trainkit.yaml").open("a", encoding="utf-8") as config:
        config.write(f"courses:\n  all:\n    title: Everything\n    modules: [{', '.join(stems)}]\n")
    try:
        project = load_project(root)
        request = BuildRequest(languages, formats=FORMATS, out=root / "build", with_solutions=True)
        written = build(project, request).written
        errors = [d for d in project.diagnostics.items if d.severity == "error"]
        assert all(d.location.path for d in errors), errors  # every error says where
        for module in project.modules:
            if project.diagnostics.errors_at(module.path):
                assert not (root / "build" / languages[0] / module.id).exists(), f"{module.id} built despite errors"
        written += build_course(project, "all", BuildRequest(languages, out=root / "packs")).written
    except TrainkitError:
        return []
    _open_outputs(written)
    return written


@FUZZ
@given(body=BODIES)
@example(body='Regional\n\n## Regional {layout="Blank"}\n')  # found: a Blank slide's title crashed the deck
def test_random_bodies_build_or_stop_with_located_errors(body):
    root = _project(body)
    try:
        build_everything(root)
    finally:
        shutil.rmtree(root.parent)


@FUZZ
@given(front=front_matter(), body=BODIES)
def test_random_front_matter_builds_or_stops_with_located_errors(front, body):
    root = _project(body, front)
    try:
        build_everything(root)
    finally:
        shutil.rmtree(root.parent)


MSGSTRS = st.one_of(inline(), text(6), st.just(""), st.sampled_from([
    "**", "`", "[x](", "](https://example.org)", "![x](img/wide.png)", "[link](https://example.org)",
    "\\", '"', "\n", "%(name)s", "{0}", "::: notes", "# heading", "- item", "| a | b |", "\u202e", "\x0b",
]))


@FUZZ
@given(body=BODIES, translations=st.lists(MSGSTRS, min_size=1, max_size=20))
def test_random_translations_build_or_stop_with_located_errors(body, translations):
    """Whatever a translator writes in a msgstr is used, or refused at its catalog line."""
    from trainkit.i18n import catalogs

    root = _project(body, languages="[en, de]")
    try:
        project = load_project(root)
        config = project.config
        for module in project.valid_modules():
            merged = catalogs.merge_module(catalogs.build_template(config, module), None, "de", config, module)
            texts = iter(translations * 100)
            catalogs.fill(merged, lambda msgid: next(texts))
            path = catalogs.catalog_path(config, "de", module.id)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(catalogs.render(merged))
        build_everything(root, ("de",))
    finally:
        shutil.rmtree(root.parent)


# --- the CommonMark specification ------------------------------------------------------------

def _swallows(markdown: str) -> bool:
    """Whether an example leaves something open (a code fence, an HTML block) that would take in
    the slides after it: such an example gets a module of its own."""
    from trainkit.reader.markdown import markdown_parser

    tokens = markdown_parser().parse(markdown + "\n\n## After\n")
    return not any(t.type == "inline" and t.content == "After" for t in tokens)


def _batches(examples: list[dict], size: int) -> list[list[dict]]:
    batches: list[list[dict]] = []
    current: list[dict] = []
    for example in examples:
        if _swallows(example["markdown"]):
            batches.append([example])
            continue
        current.append(example)
        if len(current) == size:
            batches.append(current)
            current = []
    return batches + ([current] if current else [])


def _module_text(batch: list[dict]) -> str:
    slides = "".join(f"## Example {e['example']}\n\n{e['markdown']}\n\n" for e in batch)
    return f"---\ntitle: CommonMark {batch[0]['example']}\nduration: 60\n---\n\n{slides}"


@pytest.mark.skipif(not CORPUS.is_file(), reason=f"the CommonMark examples are not at {CORPUS} "
                                                 "(the shared corpus folder beside the repository)")
def test_every_commonmark_example_is_read_and_written(tmp_path):
    examples = json.loads(CORPUS.read_text(encoding="utf-8"))
    assert len(examples) == 652
    root = _project("")
    try:
        (root / "modules" / "fuzz.md").unlink()
        batches = _batches(examples, 30)
        for n, batch in enumerate(batches):
            (root / "modules" / f"cm{n:03d}.md").write_text(_module_text(batch), encoding="utf-8")
        written = build_everything(root)
        project = load_project(root)
        blocked = [int(module.id[2:]) for module in project.modules if project.diagnostics.errors_at(module.path)]
        # a module with errors was not built: each of its examples alone either builds or has located errors
        for n in blocked:
            for example in batches[n]:
                alone = _project(example["markdown"])
                try:
                    build_everything(alone)
                finally:
                    shutil.rmtree(alone.parent)
        assert len({p.parent.name for p in written if p.parent.parent.parent.name == "build"}) == \
            len(batches) - len(blocked)
        # the specification's pictures (moon.jpg, /url) are not in the project: the only errors there are
        codes = {d.code for d in project.diagnostics.items if d.severity == "error"}
        assert codes <= {"image.missing", "image.absolute", "image.url", "link.scheme"}, codes
    finally:
        shutil.rmtree(root.parent)
