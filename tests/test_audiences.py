"""Who sees what: every block kind, nested in every container, through every view and every writer.

One generated module holds each (block kind, container) pair with its own marker word; one build
writes every output, and each marker is looked for where a user would look: the slides, the
notes pages, the handout, the facilitator guide, the exercise sheets and the solution key.
"""

from __future__ import annotations

import pytest
from outline import document_text, slide_texts

from trainkit import model as m
from trainkit.views import AUDIENCES, block_types, view
from trainkit.writers import registry
from trainkit.writers.dispatch import missing_methods

BLOCKS = {
    "paragraph": "{w} in a paragraph.",
    "heading": "### {w} heading",
    "bullets": "- {w} bullet",
    "numbers": "1. {w} step",
    "table": "| {w} | b |\n|---|---|\n| c | d |",
    "image": '![{w} picture](img/wide.png "{w} caption")',
    "code": "```\n{w} = 1\n```",
    "quote": "> {w} quoted",
    "exercise": '::: {{.exercise duration="5"}}\n{w} task.\n:::',
}
"""Block kind -> Markdown holding the marker ``{w}``."""


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else prefix.rstrip() for line in text.split("\n"))


CONTAINERS = {
    "slide": lambda b: b,
    "list item": lambda b: "- An item\n\n" + _indent(b, "    "),
    "quote": lambda b: _indent(b, "> "),
    "notes": lambda b: f"::: notes\n{b}\n:::",
    "facilitator": lambda b: f"::: facilitator\n{b}\n:::",
    "instructor": lambda b: f"::: instructor\n{b}\n:::",
    "handout": lambda b: f"::: handout\n{b}\n:::",
    "slides": lambda b: f"::: slides\n{b}\n:::",
    "unknown div": lambda b: f"::: sidebar\n{b}\n:::",
    "callout": lambda b: f"::: callout\n{b}\n:::",
    "exercise": lambda b: f'::: {{.exercise duration="5"}}\nDo it.\n\n{b}\n:::',
    "solution": lambda b: f'::: {{.exercise duration="5"}}\nDo it.\n\n::: solution\n{b}\n:::\n:::',
    "facilitator in a list item": lambda b: "- An item\n\n" + _indent(f"::: facilitator\n{b}\n:::", "    "),
    "solution in a quote": lambda b: _indent(f"::: solution\n{b}\n:::", "> "),
    "notes in a list item": lambda b: "- An item\n\n" + _indent(f"::: notes\n{b}\n:::", "    "),
}
"""Container -> how it wraps a block's Markdown."""

EVERYONE = {"slide", "handout", "guide"}
SEEN_BY = {
    "slide": EVERYONE, "list item": EVERYONE, "quote": EVERYONE, "unknown div": EVERYONE, "callout": EVERYONE,
    "exercise": EVERYONE | {"sheet", "key"},
    "notes": {"notes", "guide"}, "notes in a list item": {"notes", "guide"},
    "facilitator": {"notes", "guide"}, "instructor": {"notes", "guide"},
    "facilitator in a list item": {"notes", "guide"},
    "handout": {"handout", "guide"},
    "slides": {"slide"},
    "solution": {"notes", "guide", "key"}, "solution in a quote": {"notes", "guide"},
}
"""Container -> where a user finds its content: slide, notes page, handout, guide, exercise
sheet, solution key. Written out by hand, not derived from the views table it checks."""


def _marker(block: str, container: str) -> str:
    """A word naming the pair; the closing ``Qz`` keeps one marker from being the start of another."""
    return "Mk" + "".join(part.capitalize() for part in f"{block} {container}".split()).replace("-", "") + "Qz"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from click.testing import CliRunner
    import shutil

    from conftest import PROJECTS
    from trainkit.cli import cli

    root = tmp_path_factory.mktemp("audiences") / "full"
    shutil.copytree(PROJECTS / "full", root)
    slides = []
    for container, wrap in CONTAINERS.items():
        for block, text in BLOCKS.items():
            marker = _marker(block, container)
            slides.append(f"## Slide {marker}\n\n{wrap(text.format(w=marker))}\n")
    (root / "modules" / "every.md").write_text(
        "---\ntitle: Every block\nduration: 60\n---\n\n# All {duration=60}\n\n" + "\n".join(slides),
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--lang", "en", "--module", "every",
                                      "--with-solutions"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    folder = root / "build" / "en" / "every"
    deck = slide_texts(folder / "slides.pptx")
    from pptx import Presentation

    alts = [pic.find(".//{*}cNvPr").get("descr") for slide in Presentation(str(folder / "slides.pptx")).slides
            for pic in slide.shapes._spTree.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}pic")]
    return {
        "slide": " ".join(" ".join([s["title"], *s["body"]]) for s in deck) + " " + " ".join(alts),
        "notes": " ".join(s["notes"] for s in deck),
        "handout": document_text(folder / "handout.docx"),
        "guide": document_text(folder / "facilitator-guide.docx"),
        "sheet": document_text(folder / "exercises.docx"),
        "key": document_text(folder / "solutions.docx"),
    }


@pytest.mark.parametrize("container", list(CONTAINERS))
@pytest.mark.parametrize("block", list(BLOCKS))
def test_each_block_in_each_container_reaches_exactly_its_audiences(built, block, container):
    marker = _marker(block, container)
    seen = {where for where, text in built.items() if marker in text.replace(f"Slide {marker}", "")}
    expected = set(SEEN_BY[container])
    if block == "exercise":  # an exercise anywhere has a sheet (handout view) and a key (guide view)
        expected |= {"sheet"} if "handout" in expected else set()
        expected |= {"key"} if "guide" in expected else set()
    own_slide = container == "exercise" or (block == "exercise" and container in ("slide", "unknown div", "slides"))
    if own_slide and block not in ("image", "table"):
        expected.add("notes")  # an exercise on a slide of its own has its steps on its notes page too
    assert seen == expected


def test_every_writer_handles_every_block_type_its_view_can_hold():
    """A new block type fails here until every writer that can receive it draws it."""
    from trainkit.writers.docx_blocks import DocxBlocks
    from trainkit.writers.slidetext import _Paragraphs

    renderers = {"slides": _Paragraphs, "handout": DocxBlocks, "guide": DocxBlocks}
    for audience in AUDIENCES:
        assert missing_methods(renderers[audience], block_types(audience)) == [], audience
    assert {w.view for w in registry().values()} <= set(renderers)


def test_views_hold_no_divs_at_any_depth(make_project):
    from trainkit.build import load_project

    module = load_project(make_project("full")).module("full-syntax")
    for audience in AUDIENCES:
        seen = view(module, audience)
        assert not [b for b in m.module_blocks(seen) if type(b) not in block_types(audience)], audience
