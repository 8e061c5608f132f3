"""Handouts, facilitator guides and exercise sheets opened as Word documents and checked as a trainer would."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt
from outline import document_text, headings

from trainkit.cli import cli
from trainkit.writers.docx_blocks import CELL_MARGIN

PROJECTS = Path(__file__).parent / "projects"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _build(root: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["-C", str(root), "build", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def full(tmp_path_factory) -> Path:
    """The full-syntax project built in English and German (every format)."""
    root = tmp_path_factory.mktemp("docs") / "full"
    shutil.copytree(PROJECTS / "full", root)
    _build(root, "--lang", "en", "--lang", "de")
    return root / "build"


def _out(full: Path, name: str, module: str = "full-syntax", lang: str = "en") -> Path:
    return full / lang / module / name


def _list_paragraphs(path: Path) -> list[tuple[str, str, int, int]]:
    """(style, text, ilvl, numId) of every paragraph with direct numbering, table cells included."""
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    rows = []
    for element in document.element.body.iter(qn("w:p")):
        p = Paragraph(element, document.part)
        numpr = p._p.find(f"{W}pPr/{W}numPr")
        if numpr is not None:
            rows.append((p.style.name, p.text, int(numpr.find(f"{W}ilvl").get(f"{W}val")),
                         int(numpr.find(f"{W}numId").get(f"{W}val"))))
    return rows


# --- audiences and structure ------------------------------------------------------------


def test_handout_shows_content_and_exercises_never_notes_or_solutions(full):
    text = document_text(_out(full, "handout.docx"))
    for shown in ("Section introduction for the handout.", "Handout-only further reading.", "Draw the actors.",
                  "Clusters connect sectors", "Explain what a cluster does", "Your notes", "Exercise · 20 min",
                  "Unknown div content for everyone.", "code block line", "— A cluster manager"):
        assert shown in text
    for hidden in ("Speaker note", "Facilitator-only advice", "Expected: at least five", "Slides-only remark",
                   "Carpentries-style instructor note", "Speaker notes", "Solution"):
        assert hidden not in text


def test_handout_cover_and_heading_order(full):
    path = _out(full, "handout.docx")
    assert headings(path) == [
        ("Title", "Full syntax module"), ("Heading 1", "Learning objectives"), ("Heading 1", "Concepts"),
        ("Heading 2", "Bullets and levels"), ("Heading 2", "Numbered steps"), ("Heading 2", "A table"),
        ("Heading 2", "Pictures"), ("Heading 1", "Practice"), ("Heading 2", "Exercise: map your region"),
        ("Heading 1", "Key points"),
    ]
    document = Document(str(path))
    assert document.paragraphs[1].style.name == "Subtitle" and document.paragraphs[1].text == "Handout"
    facts = document.tables[0]
    assert [[c.text for c in row.cells] for row in facts.rows] == [
        ["Duration", "Level", "Audience", "Prerequisites"],
        ["1 h", "intermediate", "cluster managers and regional authorities", "Second module"]]
    # A data table: its labels are a header row that assistive technology reads as one.
    assert facts.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    styles = {p.style.name for p in document.paragraphs} | {
        p.style.name for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs}
    assert {"Quote", "Caption", "Code", "List Bullet", "List Bullet 2", "List Bullet 3", "List Number",
            "List Number 2"} <= styles


def test_guide_shows_everything_but_slides_blocks_slide_by_slide(full):
    path = _out(full, "facilitator-guide.docx")
    text = document_text(path)
    for shown in ("Speaker note for the bullets slide.", "Facilitator-only advice about timing.",
                  "Handout-only further reading.", "Expected: at least five actor types.",
                  "Carpentries-style instructor note.", "Speaker notes", "Facilitator notes", "Solution",
                  "At a glance", "☐\tPrint the case cards", "Slide 5", "Slides 6–7",
                  "Slide 11 · Exercise · 20 min · 0:25–0:45", "Slide 4 · 0:00–0:25 (25 min)",
                  "Welcome the group and introduce the module: Full syntax module. It takes 1 h."):
        assert shown in text
    assert "Slides-only remark" not in text
    names = [t for s, t in headings(path) if s.startswith("Heading")]
    assert names == ["At a glance", "Session plan", "Opening", "Concepts", "Bullets and levels", "Numbered steps",
                     "A table", "Pictures", "Practice", "Exercise: map your region", "Key points"]
    labels = [p.text for p in Document(str(path)).paragraphs if p.style.name == "Label"]
    assert labels[:3] == ["Learning objectives", "Materials", "Preparation"]  # at a glance
    labels = labels[3:]
    # guidance from slide 1, and one slide label per block
    assert labels[:7] == ["Slide 1 · Full syntax module", "Slide 2 · Learning objectives", "Slide 3 · Agenda",
                          "Slide 4 · 0:00–0:25 (25 min)", "Slide 5", "Speaker notes", "Facilitator notes"]
    # the exercise box names its own slide only where the heading's label spans more (here a callout follows)
    assert "Slides 11–12" in labels


def test_guide_session_plan_table(full):
    document = Document(str(_out(full, "facilitator-guide.docx")))
    plan = next(t for t in document.tables if t.rows[0].cells[0].text == "Time")
    rows = [[c.text for c in row.cells] for row in plan.rows]
    # an exercise's minutes are its section's: beside its name, not in the duration column
    assert rows == [
        ["Time", "Activity", "Type", "Material", "Duration"],
        ["0:00–0:25", "Concepts", "Input and discussion", "", "25 min"],
        ["0:25–1:00", "Practice", "Input and discussion", "", "35 min"],
        ["0:25–0:45", "Exercise: Map your region (20 min)", "Exercise", "", ""],
        ["", "Total", "", "", "1 h"],
    ]
    assert plan.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # a short plan is kept on one page, so its total never stands alone at the top of the next
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in plan.rows)
    assert all(p.paragraph_format.keep_with_next for row in plan.rows[:-1] for c in row.cells for p in c.paragraphs)
    glance = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert glance[0] == ["Duration", "Audience", "Level", "Prerequisites"]
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    at = texts.index(("Label", "Learning objectives"))
    assert texts[at + 1:at + 3] == [("List Bullet", "Explain what a cluster does"),
                                    ("List Bullet", "Map the actors of a region")]
    assert [t for style, t in texts[:texts.index(("Heading 1", "Session plan"))] if style == "Label"] == [
        "Learning objectives", "Materials", "Preparation"]


def test_guide_has_a_table_of_contents_field(full):
    document = Document(str(_out(full, "facilitator-guide.docx")))
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert instructions == [r' TOC \o "1-2" \h \z \u ']
    toc = [p.text for p in document.paragraphs if p.style.name.startswith("TOC")]
    assert toc[:3] == ["Contents", "At a glance", "Session plan"]


# --- Word structure ------------------------------------------------------------------------


def test_lists_use_word_numbering_with_levels_and_restarts(full):
    rows = _list_paragraphs(_out(full, "handout.docx"))
    bullets = [r for r in rows if r[0].startswith("List Bullet")]
    assert [(r[0], r[2]) for r in bullets[2:6]] == [("List Bullet", 0), ("List Bullet 2", 1), ("List Bullet 3", 2),
                                                   ("List Bullet", 0)]
    assert not any(r[1].startswith(("•", "-", "1.")) for r in rows)  # markers come from numbering, not text
    numbered = [r for r in rows if r[0].startswith("List Number")]
    assert [(r[1], r[2]) for r in numbered] == [("First step", 0), ("Second step", 0), ("Sub step", 1),
                                                ("Draw the actors.", 0), ("Mark the gaps.", 0)]
    steps, exercise = numbered[0][3], numbered[3][3]
    assert numbered[2][3] == steps and exercise != steps  # nested level shares its list; a new list restarts
    numbering = Document(str(_out(full, "handout.docx"))).part.numbering_part.element
    for num_id in (steps, exercise):
        num = numbering.num_having_numId(num_id)
        starts = [o.find(qn("w:startOverride")).get(qn("w:val")) for o in num.findall(qn("w:lvlOverride"))]
        assert starts == ["1", "1", "1"]


def test_tables_are_native_with_repeating_header(full):
    document = Document(str(_out(full, "handout.docx")))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "Actor")
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Actor", "Role", "Budget"], ["Region", "Funds", "10"], ["Cluster", "Connects", "5"]]
    assert table.style.name == "Trainkit Table"
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.paragraphs[0].alignment for c in table.rows[1].cells][1:] == [1, 2]  # centre, right


def test_pictures_have_alt_text_width_and_captions(full):
    document = Document(str(_out(full, "handout.docx")))
    body = document.element.body
    described = [d.get("descr") for d in body.iter(qn("wp:docPr"))]
    assert described == ["A wide diagram", "A tall photo"]
    ids = [d.get("id") for d in document.element.iter(qn("wp:docPr"))]
    assert len(ids) == len(set(ids))
    widths = [int(e.get("cx")) for e in body.iter(qn("wp:extent"))]
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    # a large picture and its caption stand in a one-cell table that never breaks (LibreOffice keeps
    # a heading with a table, not with a picture too tall for the rest of the page), a little
    # narrower than the cell's text
    frame = next(t for t in document.tables if list(t._tbl.iter(qn("wp:extent"))))
    assert frame.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None and len(frame.rows) == 1
    assert text_width - 2 * CELL_MARGIN - Pt(6) == widths[0]
    captions = [p.text for p in frame.cell(0, 0).paragraphs if p.style.name == "Caption"]
    assert captions == ["Wide caption"]
    assert frame._tbl.getnext().tag == qn("w:p"), "a paragraph keeps the frame apart from what follows"


def test_links_are_real_external_hyperlinks(full):
    document = Document(str(_out(full, "handout.docx")))
    links = list(document.element.body.iter(qn("w:hyperlink")))
    assert len(links) == 1
    rel = document.part.rels[links[0].get(qn("r:id"))]
    assert rel.is_external and rel.target_ref == "https://example.org/csei"
    assert "".join(t.text for t in links[0].iter(qn("w:t"))) == "link"
    assert links[0].find(f"{W}r/{W}rPr/{W}rStyle").get(qn("w:val")) == "Hyperlink"


def test_code_uses_the_code_style(full):
    document = Document(str(_out(full, "handout.docx")))
    assert [p.text for p in document.paragraphs if p.style.name == "Code"] == ["code block line"]
    inline = [r for p in document.paragraphs for r in p.runs if r.text == "code"]
    assert inline and inline[0].style.name == "Verbatim Char"


@pytest.mark.parametrize("lang,tag", [("en", "en-GB"), ("de", "de-DE")])
def test_language_on_styles_runs_and_properties(full, lang, tag):
    for name in ("handout.docx", "facilitator-guide.docx", "exercises.docx"):
        document = Document(str(_out(full, name, lang=lang)))
        defaults = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        assert defaults.get(qn("w:val")) == tag
        runs = list(document.element.body.iter(qn("w:r")))
        assert runs and all(r.find(f"{W}rPr/{W}lang").get(qn("w:val")) == tag for r in runs)
        props = document.core_properties
        assert props.language == tag
        assert props.title == "Full syntax module"
        assert props.identifier == "full-syntax"


def test_header_and_footer_with_page_fields(full):
    document = Document(str(_out(full, "handout.docx")))
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Full syntax module\tHandout"
    footer = section.footer._element
    assert [t.text for t in footer.iter(qn("w:instrText"))] == [" PAGE ", " NUMPAGES "]
    assert section.footer.paragraphs[0].text.startswith("Co-funded by the European Union\tPage ")
    assert section.different_first_page_header_footer
    assert "Page" not in section.first_page_footer.paragraphs[0].text  # the cover has no page number
    german = Document(str(_out(full, "handout.docx", lang="de"))).sections[0].footer.paragraphs[0].text
    assert "Page" not in german and "Seite" in german


def test_same_input_gives_identical_bytes(full, tmp_path):
    root = tmp_path / "again"
    shutil.copytree(PROJECTS / "full", root)
    _build(root, "--lang", "en", "--lang", "de")
    for path in sorted(full.rglob("*.docx")):
        assert (root / "build" / path.relative_to(full)).read_bytes() == path.read_bytes(), path


# --- exercise sheets -------------------------------------------------------------------------


def test_exercise_sheets_only_for_modules_with_exercises(full):
    path = _out(full, "exercises.docx")
    text = document_text(path)
    assert "Map your region" in text and "Draw the actors." in text and "Your notes" in text
    assert "Expected: at least five" not in text
    # a page per exercise, headed by its name (the page header names the module)
    assert [t for _, t in headings(path)] == ["Map your region"]
    assert "Name" in text and "Group" in text
    assert (full / "en" / "second" / "exercises.docx").is_file()  # a Carpentries challenge counts


def test_no_sheet_for_a_module_without_exercises(make_project, run):
    root = make_project("minimal")
    assert run(root, "build", "--format", "exercises").exit_code == 0
    assert not list((root / "build").rglob("exercises.docx"))


def _write_directly(root, writer, target, **context_fields):
    """Render the 'full-syntax' module with ``writer`` and a context the test chooses."""
    from trainkit.build import load_project, output_settings
    from trainkit.i18n.ui import OutputLanguage
    from trainkit.views import view
    from trainkit.writers import RenderContext

    project = load_project(root)
    settings = output_settings(project)
    context = RenderContext(OutputLanguage("en"), settings.branding, settings.templates[writer.template], root,
                            settings.timestamp, **context_fields)
    module = dataclasses.replace(project.module("full-syntax"), language="en")
    return writer.write(view(module, writer.view), context, target)


def test_solution_key_beside_the_sheets(make_project, run):
    root = make_project("full")
    assert run(root, "build", "--lang", "en", "--module", "full-syntax", "--format", "exercises",
               "--with-solutions").exit_code == 0
    folder = root / "build" / "en" / "full-syntax"
    assert sorted(p.name for p in folder.iterdir()) == ["exercises.docx", "solutions.docx"]
    key = document_text(folder / "solutions.docx")
    assert "Solution key" in key and "Expected: at least five actor types." in key and "Draw the actors." in key
    # every exercise's page says it is the key, under the exercise's name
    labels = [p.text for p in Document(str(folder / "solutions.docx")).paragraphs if p.style.name == "Label"]
    assert labels[0] == "Solution key · Exercise · 20 min"


# --- printing --------------------------------------------------------------------------------


def _content_words(module) -> dict[str, set[str]]:
    """Words of the content each document must show: handout view and guide view."""
    from trainkit import model as m
    from trainkit.views import view

    def texts(blocks):
        for block in blocks:
            if isinstance(block, (m.Paragraph, m.Heading)):
                yield m.plain_text(block.inlines)
            elif isinstance(block, (m.BulletList, m.OrderedList)):
                for item in block.items:
                    yield from texts(item.blocks)
            elif isinstance(block, m.Table):
                for row in (block.header, *block.rows):
                    yield from (m.plain_text(c.inlines) for c in row)
            elif isinstance(block, m.Image):
                yield block.caption
            elif isinstance(block, m.CodeBlock):
                yield block.text
            elif isinstance(block, (m.Quote, m.Aside, m.Exercise)):
                yield from texts(block.blocks)
                yield m.plain_text(getattr(block, "attribution", ()) or getattr(block, "title", ()))

    words = {}
    for audience in ("handout", "guide"):
        seen = view(module, audience)
        found = [seen.metadata.title, m.plain_text(seen.metadata.description)]
        for section in seen.sections:
            found.append(m.plain_text(section.title))
            found.extend(texts(section.blocks))
            for slide in section.slides:
                found.append(m.plain_text(slide.title))
                found.extend(texts(slide.blocks))
        words[audience] = {w for text in found for w in re.findall(r"\w+", text)}
    return words


@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdftotext"),
                    reason="LibreOffice (soffice) and pdftotext are needed to print documents to PDF")
def test_long_module_prints_to_pdf_with_every_word(tmp_path):
    from trainkit.build import load_project

    root = tmp_path / "longdoc"
    shutil.copytree(PROJECTS / "longdoc", root)
    _build(root, "--lang", "en", "--format", "handout", "--format", "guide")
    folder = root / "build" / "en" / "long-doc"
    profile = (tmp_path / "lo-profile").as_uri()
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(tmp_path / "pdf"), str(folder / "handout.docx"), str(folder / "facilitator-guide.docx")],
        capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr
    expected = _content_words(load_project(root).module("long-doc"))
    for name, audience in (("handout", "handout"), ("facilitator-guide", "guide")):
        pdf = tmp_path / "pdf" / f"{name}.pdf"
        assert pdf.is_file(), result.stdout + result.stderr
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        missing = expected[audience] - set(re.findall(r"\w+", text))
        assert not missing, f"{name}: {sorted(missing)[:20]}"
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
        assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) >= 5


def test_prerequisites_are_named_by_title_when_the_build_passes_titles(make_project, tmp_path):
    from trainkit.writers.documents import HandoutWriter

    _write_directly(make_project("full"), HandoutWriter(), tmp_path / "handout.docx",
                    module_titles=(("second", "Second module"),))
    labels, values = ([c.text for c in row.cells] for row in Document(str(tmp_path / "handout.docx")).tables[0].rows)
    assert values[labels.index("Prerequisites")] == "Second module"


def test_exercise_label_does_not_repeat_the_word():
    from trainkit.writers.documents import exercise_label

    assert exercise_label("Ćwiczenie", "Ćwiczenie: naszkicujcie teorię zmiany") == "Ćwiczenie: naszkicujcie teorię zmiany"
    assert exercise_label("Exercise", "Map your region") == "Exercise: Map your region"
    assert exercise_label("Exercise", "") == "Exercise"


def test_an_exercise_box_does_not_repeat_the_slide_its_heading_names(make_project, run):
    root = make_project("minimal")
    (root / "modules" / "hello.md").write_text(
        "---\ntitle: T\nduration: 20\n---\n\n# Part {duration=20}\n\n## Exercise: try it\n\n"
        "::: {.exercise duration=\"10\"}\nDo it.\n:::\n", encoding="utf-8")
    assert run(root, "build", "--lang", "en", "--format", "guide").exit_code == 0
    labels = [p.text for p in Document(str(root / "build/en/hello/facilitator-guide.docx")).paragraphs
              if p.style.name == "Label"]
    text = document_text(root / "build/en/hello/facilitator-guide.docx")
    assert "Slide 3" in labels and "Slide 3 · Exercise" not in text and "Exercise · 10 min" in text


def test_a_table_in_an_exercise_stands_outside_its_box_at_a_width_that_fits(make_project, run):
    """LibreOffice cannot break a box row holding a table: the box moved whole to the next page,
    left its heading behind and cut the inner table's last column at the page edge."""
    project = make_project("intl")
    assert run(project, "build", "--lang", "en", "--format", "handout", "--format", "exercises").exit_code == 0
    for name in ("handout.docx", "exercises.docx"):
        document = Document(str(project / "build" / "en" / "full-syntax" / name))
        nested = [t for table in document.tables for row in table.rows for cell in row.cells for t in cell.tables]
        assert not nested, f"{name}: a table inside a table"
        answer = next(t for t in document.tables if t.rows[0].cells[0].text == "Actor type")
        body = document.element.body
        before = answer._tbl.getprevious()
        assert before.tag == qn("w:p"), "a paragraph keeps the box and the table two tables"
        boxes = [t for t in document.tables if t._tbl.find(f".//{qn('w:shd')}") is not None
                 and len(t.columns) == 1]
        assert any("Draw the actors" in b.cell(0, 0).text for b in boxes)
        assert body.index(boxes[0]._tbl) < body.index(answer._tbl)
        # Short tables keep together: no row breaks, every row but the last keeps with the next.
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in answer.rows)
        assert all(p.paragraph_format.keep_with_next for row in answer.rows[:-1] for c in row.cells
                   for p in c.paragraphs)


def test_the_guide_lists_the_sheet_s_answer_fields_in_the_box_before_the_solution(make_project, run):
    """A facilitator sees what participants fill in where the author put it, labelled as such, not as
    bare bold lines after the solution."""
    project = make_project("intl")
    assert run(project, "build", "--lang", "en", "--format", "guide").exit_code == 0
    document = Document(str(project / "build" / "en" / "full-syntax" / "facilitator-guide.docx"))
    from docx.text.paragraph import Paragraph

    box = next(t.cell(0, 0) for t in document.tables if "Draw the actors" in t.cell(0, 0).text)
    listed = "Answer fields on the exercise sheet: 1. Actors you found; 2. Gaps you marked"
    assert listed in [p.text for p in box.paragraphs]
    in_order = [Paragraph(p, document.part).text for p in document.element.body.iter(qn("w:p"))]
    assert in_order.index(listed) < in_order.index("Solution")
    outside = [p.text for p in document.paragraphs]
    assert "Actors you found" not in outside and not any(t.startswith("1. Actors") for t in outside)


def test_a_column_is_never_narrower_than_its_longest_word():
    from docx.shared import Cm

    from trainkit.writers.docx_blocks import column_widths

    texts = [["Area", "Missing, mentioned or developed?", "Page"],
             ["Recognition: does the strategy name social innovation and social enterprises?", "", ""]]
    widths = column_widths(texts, 3, int(Cm(15)))
    assert sum(widths) <= int(Cm(15)) and sum(widths) > int(Cm(14.9))
    assert widths[2] >= 4 * int(Pt(6)) + 2 * 108 * 635  # "Page" in 10-point bold, with the cell margins
    assert widths[0] > widths[1] > widths[2]


def test_parts_start_new_pages_without_page_break_paragraphs(full):
    """A paragraph holding a page break lands alone on the next page when the page before is
    full, and breaks again: an empty page. Parts start with 'page break before' instead."""
    for name in ("handout.docx", "facilitator-guide.docx", "exercises.docx"):
        document = Document(str(_out(full, name)))
        breaks = document.element.body.findall(f".//{W}br[@{W}type='page']")
        assert not breaks, name
    guide = Document(str(_out(full, "facilitator-guide.docx")))
    starts = [p.text for p in guide.paragraphs if p.paragraph_format.page_break_before]
    assert starts[:2] == ["Contents", "Opening"]
