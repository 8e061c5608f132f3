"""Check built decks and documents as an accessibility checker and a careful reviewer would.

Checks read the typed outlines of ``writers/inspect.py`` (never the source), so they judge what
a participant gets. Each finding names the output and the slide, page, paragraph or table; a
slide's finding also names its source line when the build passes the deck plan's locations:

    build/de/x/slides.pptx: slide 7 (modules/x.md:42): error: slide has no title [review.title.missing]

Page checks of documents (empty pages, headings stranded at a page foot) need the printed
pages: they run when ``pdf_dir`` is given, on PDFs made by LibreOffice (cached as in preview).
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PIL import Image

from trainkit.errors import Location, Severity, TrainkitError, UsageError
from trainkit.files import shown_path
from trainkit.preview import (ENV_SOFFICE, Conversion, ConversionFailed, convert_many, find_poppler, find_soffice,
                              preview_folder, preview_pdf, run_tool)
from trainkit.writers.inspect import Deck, Document, Run, Slide, read_deck, read_document

if TYPE_CHECKING:
    from trainkit import model as m
    from trainkit.build import BuildRequest, BuildResult, BuiltOutput, Project

MIN_SIZE_PT = 14.0
"""Smallest readable text on a slide, in points."""
MIN_FOOTER_SIZE_PT = 12.0
"""Smallest readable footer, slide number or date, in points."""
LEAK_MIN_WORDS = 4
"""A source message is a leak only from this many words on: short ones (names, "CSEI") may stay."""

_FOOTER_PLACEHOLDERS = frozenset({"ftr", "sldNum", "dt", "hdr"})
_EMU_PER_PT = 12700
_IMAGE_NAME = re.compile(r"(?i)\S+\.(png|jpe?g|gif|svg|bmp|tiff?|webp|emf|wmf)")
_PAGE_DPI = 24
"""Resolution of the page pictures that show whether a page's body is empty; low is enough."""
_INK = 245
"""Grey level below which a pixel counts as something printed."""


@dataclass(frozen=True)
class ReviewItem:
    """One built output to review, with what the build knows about it."""

    path: Path
    """The built ``.pptx`` or ``.docx``."""
    language: str | None = None
    """Language the output is in (``de``); runs marked with another language are reported."""
    sources: tuple[Location | None, ...] = ()
    """Source location of each slide, in slide order (from the deck plan); decks only."""
    source_messages: frozenset[str] = frozenset()
    """Plain text of the source-language messages; given for a translated output, empty otherwise."""
    continued: str = "(continued)"
    """The continuation-title suffix in the output's language: such titles may repeat."""
    pdf: Path | None = None
    """Where a document's printed PDF is kept (preview's place, to share its conversions); by default
    under ``pdf_dir`` at the document's own path."""


@dataclass(frozen=True)
class Finding:
    """One problem found in a built output."""

    path: str
    """The output, as messages show it (relative to the project root when inside it)."""
    place: str
    """``slide 7``, ``page 3``, ``paragraph 12``, ``table 2``, ``picture 1``; empty for the whole file."""
    source: Location | None
    severity: Severity
    message: str
    code: str

    def __str__(self) -> str:
        where = self.path
        if self.place:
            where += f": {self.place}"
        if self.source is not None:
            where += f" ({self.source})"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


def to_json(findings: Sequence[Finding]) -> str:
    """Findings as a JSON array, for ``trainkit review --json``."""
    return json.dumps([{"path": f.path, "place": f.place,
                        "source": None if f.source is None else {"path": f.source.path, "line": f.source.line},
                        "severity": f.severity, "message": f.message, "code": f.code, "text": str(f)}
                       for f in findings], ensure_ascii=False, indent=2)


def review(items: Sequence[ReviewItem], root: Path | None = None, pdf_dir: Path | None = None,
           soffice: str | None = None, jobs: int = 2, timeout: float = 120) -> list[Finding]:
    """Every finding for ``items``, in output order.

    ``root`` makes paths relative to the project. With ``pdf_dir``, documents are also printed
    to PDF there (kept while their input is unchanged) and their pages checked; this raises
    TrainkitError when LibreOffice or poppler is missing. An unreadable file is a finding.
    """
    findings: list[Finding] = []
    documents: list[tuple[ReviewItem, Document, str]] = []
    for item in items:
        shown = shown_path(item.path, root)
        deck = item.path.suffix.lower() == ".pptx"
        try:
            outline = read_deck(item.path) if deck else read_document(item.path)
        except TrainkitError as exc:
            # One unreadable output must not hide the findings of the others.
            reason = exc.__cause__ or exc
            findings.append(Finding(shown, "", None, "error", f"cannot read it as a {'deck' if deck else 'document'}"
                                                              f" ({reason})", "review.read"))
            continue
        if isinstance(outline, Deck):
            findings.extend(check_deck(outline, item, shown))
        else:
            findings.extend(check_document(outline, item, shown))
            documents.append((item, outline, shown))
    if pdf_dir is not None and documents:
        findings.extend(_page_findings(documents, pdf_dir, soffice, jobs, timeout))
    order = {shown_path(item.path, root): n for n, item in enumerate(items)}
    return sorted(findings, key=lambda f: (order.get(f.path, len(order)), _place_key(f.place), f.code))


def _place_key(place: str) -> tuple[str, int]:
    kind, _, number = place.partition(" ")
    return kind, int(number) if number.isdigit() else 0


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[:limit - 1] + '…'}'"


def _visible(runs: Iterable[Run]) -> list[Run]:
    return [run for run in runs if run.text.strip()]


# --- decks --------------------------------------------------------------------------------


def check_deck(deck: Deck, item: ReviewItem, shown: str) -> list[Finding]:
    """Findings of one deck: titles, bounds, sizes, alt text, tables, languages, notes, leaks."""
    findings: list[Finding] = []
    add = _adder(findings, shown)
    add("", None, *_document_language(deck.core.language or deck.language, "presentation"))
    if not deck.core.title.strip():
        add("", None, "warning", "the presentation has no title in its properties", "review.title.document")
    seen: dict[str, int] = {}
    for slide in deck.slides:
        source = item.sources[slide.number - 1] if slide.number <= len(item.sources) else None
        place = f"slide {slide.number}"
        for severity, message, code in _slide_problems(deck, slide, item, seen):
            add(place, source, severity, message, code)
    return findings


def _adder(findings: list[Finding], shown: str) -> Callable[..., None]:
    """A function that records a finding in ``shown``; a None severity (no problem) records nothing."""

    def add(place: str, source: Location | None, severity: Severity | None, message: str = "",
            code: str = "") -> None:
        if severity is not None:
            findings.append(Finding(shown, place, source, severity, message, code))
    return add


def _document_language(language: str | None, what: str) -> tuple[Severity | None, str, str]:
    if language:
        return None, "", ""
    return "error", f"the {what} has no language, so spell-checkers and screen readers guess", "review.lang.document"


def _slide_problems(deck: Deck, slide: Slide, item: ReviewItem, seen: dict[str, int]
                    ) -> Iterable[tuple[Severity, str, str]]:
    yield from _title_problems(slide, item.continued, seen)
    yield from _bounds_problems(deck, slide)
    yield from _size_problems(slide)
    for picture in slide.pictures:
        yield from _alt_problems(picture.alt, picture.decorative, f"picture '{picture.name}'")
    for table in slide.tables:
        if not table.header_row and _is_data_table([[cell.text for cell in row] for row in table.rows]):
            yield ("error", f"table '{table.name}' has no header row (turn on 'Header Row' for its first row)",
                   "review.table.header")
    paragraphs: list[_Text] = [*(p for t in slide.texts for p in t.paragraphs),
                  *(p for t in slide.tables for row in t.rows for cell in row for p in cell.paragraphs),
                  *slide.notes]
    yield from _language_problems([r for p in paragraphs for r in p.runs], item.language)
    if not slide.notes_text:
        yield "warning", "slide has no speaker notes", "review.notes.missing"
    yield from _leaks(paragraphs, item.source_messages)


def _is_data_table(rows: Sequence[Sequence[str]]) -> bool:
    """Whether a table holds data that a header row would describe.

    A table of one row (a framed box), without any text (lines to write on), or of one column
    whose text is all in its first row (a field's label over its lines) only lays out the page:
    a header row would be wrong there, as accessibility guidance for layout tables says.
    """
    if len(rows) < 2 or not any(text.strip() for row in rows for text in row):
        return False
    field = all(len(row) == 1 for row in rows) and not any(row[0].strip() for row in rows[1:])
    return not field


def _title_problems(slide: Slide, continued: str, seen: dict[str, int]) -> Iterable[tuple[Severity, str, str]]:
    title = " ".join((slide.title or "").split())
    if slide.title is None:
        yield "error", "slide has no title placeholder, so it has no title for screen readers", "review.title.missing"
        return
    if not title:
        yield "error", "slide title is empty", "review.title.missing"
        return
    if continued and title.endswith(continued.strip()):
        return
    # Titles that differ only in case sound the same to a screen reader's user.
    key = title.casefold()
    if key in seen:
        yield ("warning", f"title {_quote(title)} repeats the title of slide {seen[key]}",
               "review.title.duplicate")
    else:
        seen[key] = slide.number


def _bounds_problems(deck: Deck, slide: Slide) -> Iterable[tuple[Severity, str, str]]:
    for shape in slide.texts:
        if shape.box is None or not shape.text.strip():
            continue
        box = shape.box
        edges = [name for name, out in (("left", box.left < 0), ("top", box.top < 0),
                                        ("right", box.right > deck.width), ("bottom", box.bottom > deck.height))
                 if out]
        if edges:
            yield ("error", f"text {_quote(shape.text)} reaches past the slide's {' and '.join(edges)} edge",
                   "review.bounds")


def _size_problems(slide: Slide) -> Iterable[tuple[Severity, str, str]]:
    """At most one finding for small body text and one for small footers, naming the smallest run."""
    body: list[tuple[float, str]] = []
    footer: list[tuple[float, str]] = []
    for shape in slide.texts:
        into = footer if shape.placeholder in _FOOTER_PLACEHOLDERS else body
        into.extend((run.size * shape.font_scale, run.text) for p in shape.paragraphs for run in _visible(p.runs)
                    if run.size is not None)
    body.extend((run.size, run.text) for table in slide.tables for row in table.rows for cell in row
                for p in cell.paragraphs for run in _visible(p.runs) if run.size is not None)
    checks: tuple[tuple[list[tuple[float, str]], float, Severity, str, str], ...] = (
        (body, MIN_SIZE_PT, "error", "text", "review.size.small"),
        (footer, MIN_FOOTER_SIZE_PT, "warning", "footer text", "review.size.footer"))
    for runs, limit, severity, what, code in checks:
        small = [(size, text) for size, text in runs if size < limit - 0.05]
        if small:
            size, text = min(small)
            yield (severity, f"{what} {_quote(text)} is {size:g} pt; {len(small)} run(s) on the slide are under "
                             f"the {limit:g} pt readable when projected", code)


def _alt_problems(alt: str, decorative: bool, what: str) -> Iterable[tuple[Severity, str, str]]:
    alt = alt.strip()
    if decorative:
        return
    if not alt:
        yield "error", f"{what} has no alternative text", "review.alt.missing"
    elif _IMAGE_NAME.fullmatch(alt) or (("/" in alt or "\\" in alt) and not any(c.isspace() for c in alt)):
        yield "error", f"{what} has a file name as alternative text ({_quote(alt)})", "review.alt.filename"


def _language_problems(runs: Sequence[Run], expected: str | None) -> Iterable[tuple[Severity, str, str]]:
    visible = _visible(runs)
    unmarked = [run for run in visible if not run.language]
    if unmarked:
        yield ("error", f"{len(unmarked)} run(s) have no language, first {_quote(unmarked[0].text)}",
               "review.lang.missing")
    if expected:
        want = _primary(expected)
        other = [run for run in visible if run.language and _primary(run.language) != want]
        if other:
            yield ("warning", f"{len(other)} run(s) are marked {other[0].language}, not {expected}, "
                              f"first {_quote(other[0].text)}", "review.lang.mismatch")


def _primary(tag: str) -> str:
    return tag.replace("_", "-").split("-")[0].lower()


class _Text(Protocol):
    """A slide paragraph or a document paragraph."""

    @property
    def runs(self) -> tuple[Run, ...]: ...

    @property
    def text(self) -> str: ...


def _leaks(paragraphs: Iterable[_Text], messages: frozenset[str]) -> Iterable[tuple[Severity, str, str]]:
    """Texts identical to a source-language message of more than three words, each reported once.

    Whole paragraphs and single runs are compared, so a message kept as one run of a longer
    paragraph is found too.
    """
    if not messages:
        return
    wanted = {" ".join(m.split()) for m in messages if len(m.split()) >= LEAK_MIN_WORDS}
    reported: set[str] = set()
    for paragraph in paragraphs:
        for text in (paragraph.text, *(run.text for run in paragraph.runs)):
            text = " ".join(text.split())
            if text in wanted and text not in reported:
                reported.add(text)
                yield "error", f"text left in the source language: {_quote(text)}", "review.leak"


# --- documents ----------------------------------------------------------------------------


def check_document(document: Document, item: ReviewItem, shown: str) -> list[Finding]:
    """Findings of one document read from its file: language, title, tables, pictures, leaks."""
    findings: list[Finding] = []
    add = _adder(findings, shown)
    add("", None, *_document_language(document.language, "document"))
    if not document.core.title.strip():
        add("", None, "warning", "the document has no title in its properties", "review.title.document")
    for paragraph in document.paragraphs:
        for problem in (*_language_problems(paragraph.runs, item.language),
                        *_leaks([paragraph], item.source_messages)):
            add(f"paragraph {paragraph.number}", None, *problem)
    for table in document.tables:
        if not table.header_row and _is_data_table([["".join(p.text for p in cell) for cell in row]
                                                    for row in table.rows]):
            add(f"table {table.number}", None, "error",
                "table has no header row (mark its first row 'Repeat as header row')", "review.table.header")
        cells = [p for row in table.rows for cell in row for p in cell]
        for problem in (*_language_problems([r for p in cells for r in p.runs], item.language),
                        *_leaks(cells, item.source_messages)):
            add(f"table {table.number}", None, *problem)
    for picture in document.pictures:
        where = f"paragraph {picture.paragraph}" if picture.paragraph else f"table {picture.table}"
        for problem in _alt_problems(picture.alt, picture.decorative, f"picture '{picture.name}'"):
            add(where, None, *problem)
    return findings


@dataclass(frozen=True)
class PrintedLine:
    """A line of text on a printed page, in points from the top of the page."""

    top: float
    bottom: float
    text: str


@dataclass(frozen=True)
class PrintedPage:
    number: int
    height: float
    """Page height in points."""
    lines: tuple[PrintedLine, ...]


def _page_findings(documents: Sequence[tuple[ReviewItem, Document, str]], pdf_dir: Path, soffice: str | None,
                   jobs: int, timeout: float) -> list[Finding]:
    conversions = [Conversion(item.path, item.pdf or _review_pdf(pdf_dir, shown), shown)
                   for item, _, shown in documents]
    findings = [Finding(d.location.path, "", None, d.severity, d.message, d.code)
                for d in convert_many(conversions, jobs, soffice, timeout)]
    failed = {f.path for f in findings}
    for (_, document, shown), conversion in zip(documents, conversions):
        if shown in failed:
            continue
        try:
            findings.extend(check_pages(document, conversion.pdf, shown, timeout))
        except ConversionFailed as problem:
            d = problem.diagnostic
            findings.append(Finding(d.location.path, "", None, d.severity, d.message, d.code))
    return findings


def _review_pdf(pdf_dir: Path, shown: str) -> Path:
    relative = Path(shown.lstrip("/").replace(":", ""))
    return (pdf_dir / relative).with_suffix(".pdf")


def check_pages(document: Document, pdf: Path, shown: str, timeout: float = 120) -> list[Finding]:
    """Findings of a document's printed pages: pages empty but for header and footer, stranded headings.

    The body of a page is the band between the document's top and bottom margins; headers and
    footers print outside it. A page is empty when its rendering shows nothing in that band
    (a picture or a table rule counts as content, unlike with a text-only test); a heading is
    stranded when it is the last line of text in the band and another page follows.
    """
    top = min((s.top_margin for s in document.sections), default=0) / _EMU_PER_PT
    bottom = min((s.bottom_margin for s in document.sections), default=0) / _EMU_PER_PT
    pages = printed_pages(pdf, shown, timeout)
    blank = _blank_bodies(pdf, pages, top, bottom, shown, timeout)
    headings = [" ".join(h.text.split()) for h in document.headings if h.heading and h.text.strip()]
    findings = []
    for page in pages:
        place = f"page {page.number}"
        if page.number in blank:
            findings.append(Finding(shown, place, None, "error",
                                    "page is empty but for its header and footer", "review.page.empty"))
            continue
        body = [line for line in page.lines if top <= (line.top + line.bottom) / 2 <= page.height - bottom]
        if not body or page.number == len(pages):
            continue
        last = max(body, key=lambda line: line.bottom)
        heading = _matching_heading(last.text, headings)
        if heading is not None:
            findings.append(Finding(shown, place, None, "warning",
                                    f"heading {_quote(heading)} is the last line of the page; its text starts on "
                                    "the next page", "review.page.heading"))
    return findings


def _matching_heading(line: str, headings: Sequence[str]) -> str | None:
    """The heading printed as ``line``: the whole heading, after a list number, or its first line if it wraps."""
    line = " ".join(line.split())
    for heading in headings:
        if line == heading or line.endswith(" " + heading) or (
                len(line.split()) >= 2 and heading.startswith(line + " ")):
            return heading
    return None


def printed_pages(pdf: Path, shown: str, timeout: float = 120) -> list[PrintedPage]:
    """Every page of ``pdf`` with its text lines and their positions (``pdftotext -bbox-layout``)."""
    output = run_tool([find_poppler("pdftotext"), "-bbox-layout", str(pdf), "-"], timeout, shown,
                      "pdftotext", "review.pdftotext")
    # The XHTML names a DTD that need not (and must not) be fetched; only the elements matter.
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", output, count=1))
    pages = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        lines = tuple(
            PrintedLine(top=float(line.get("yMin", 0)), bottom=float(line.get("yMax", 0)),
                        text=" ".join(w.text or "" for w in line.iter("{http://www.w3.org/1999/xhtml}word")))
            for line in page.iter("{http://www.w3.org/1999/xhtml}line"))
        pages.append(PrintedPage(number=number, height=float(page.get("height", 0)), lines=lines))
    return pages


def _blank_bodies(pdf: Path, pages: Sequence[PrintedPage], top: float, bottom: float, shown: str,
                  timeout: float) -> set[int]:
    """Numbers of pages whose body band shows no ink at all."""
    blank = set()
    with tempfile.TemporaryDirectory(prefix="trainkit-review-") as work:
        run_tool([find_poppler("pdftoppm"), "-r", str(_PAGE_DPI), "-gray", "-png", str(pdf), f"{work}/p"],
                 timeout, shown, "pdftoppm", "review.pdftoppm")
        images = sorted(Path(work).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        for page, image_path in zip(pages, images):
            with Image.open(image_path) as image:
                scale = image.height / page.height if page.height else 1.0
                band = image.convert("L").crop((0, int(top * scale) + 1, image.width,
                                                int((page.height - bottom) * scale) - 1))
                if band.point(lambda v: 255 if v < _INK else 0).getbbox() is None:
                    blank.add(page.number)
    return blank



# --- a project's outputs --------------------------------------------------------------------


def source_messages(project: Project, module: m.Module, language: str) -> frozenset[str]:
    """Plain text of ``module``'s source-language messages that must not appear in ``language``.

    Messages whose translation reads the same as the source (names, "CSEI") are left out: their
    text in the output is right. Catalog problems are the build's to report, not review's.
    """
    from trainkit import model as m
    from trainkit.errors import Diagnostics
    from trainkit.i18n.extract import extract_messages
    from trainkit.i18n.localise import load_entries
    from trainkit.reader.markdown import parse_inline

    entries = load_entries(project.config, module.id, language, Diagnostics()) or {}
    found: set[str] = set()
    for message in extract_messages(module):
        source = m.plain_text(parse_inline(message.msgid))
        entry = entries.get(message.msgid)
        if entry is not None and entry.msgstr and m.plain_text(parse_inline(entry.msgstr)) == source:
            continue
        found.add(source)
    return frozenset(found)


def review_items(project: Project, outputs: Sequence[BuiltOutput]) -> list[ReviewItem]:
    """What review needs to know of each built output: language, slide sources, source text, the
    localised "(continued)", and preview's PDF place."""
    from trainkit.i18n import words
    from trainkit.i18n.ui import OutputLanguage

    source = project.config.source_language
    messages: dict[tuple[str, str], frozenset[str]] = {}
    items = []
    for output in outputs:
        key = (output.module, output.language)
        if output.language != source and key not in messages:
            messages[key] = source_messages(project, project.module(output.module), output.language)
        items.append(ReviewItem(output.path, output.language, output.slides, messages.get(key, frozenset()),
                                OutputLanguage(output.language).gettext(words.CONTINUED_SUFFIX),
                                preview_pdf(preview_folder(project), output)))
    return items


@dataclass(frozen=True)
class ProjectReview:
    """What ``trainkit review`` built and found."""

    build: BuildResult
    findings: list[Finding]
    outputs: int
    """How many outputs were reviewed."""
    pages_skipped: str = ""
    """Why the printed pages were not checked (no LibreOffice or poppler); empty when they were."""


def review_project(project: Project, request: BuildRequest, jobs: int = 2, soffice: str | None = None,
                   timeout: float = 120) -> ProjectReview:
    """Build what ``request`` asks for, then review every output it wrote.

    Documents' printed pages are checked when LibreOffice and poppler are there (PDFs shared with
    preview, in ``build/preview``); without them the page checks are skipped and the reason kept.
    A LibreOffice named by ``soffice`` or $TRAINKIT_SOFFICE that is not there is an error, though:
    the user asked for it.
    """
    from trainkit.build import built_outputs
    from trainkit.jobs import build

    skipped = ""
    try:
        find_soffice(soffice)
        find_poppler("pdftoppm")
        find_poppler("pdftotext")
    except UsageError:
        raise
    except TrainkitError as missing:
        if soffice or os.environ.get(ENV_SOFFICE):
            raise
        skipped = str(missing)
    result = build(project, request)
    items = review_items(project, built_outputs(project, request, result))
    pdf_dir = None if skipped else preview_folder(project) / "review"
    findings = review(items, project.config.root, pdf_dir, soffice, jobs, timeout)
    return ProjectReview(result, findings, len(items), skipped)
