"""See every slide and page of built outputs without Office: PDF, PNG pages, contact sheets, a gallery.

LibreOffice converts each output to PDF, pdftoppm renders the pages, Pillow draws contact sheets
and Jinja writes the HTML. Conversions run in parallel, each worker with its own LibreOffice
profile, and are skipped when the PDF beside its ``.sha256`` stamp was made from the same bytes.
Every file lands by a rename from a private temporary name, so two previews into one folder
never see each other's half-written files.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import queue
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import jinja2
from babel import Locale, UnknownLocaleError
from PIL import Image, ImageDraw, ImageFont

from trainkit.errors import Diagnostic, Location, TrainkitError, UsageError
from trainkit.files import atomic_target, shown_path, write_atomic

if TYPE_CHECKING:
    from trainkit.build import BuildRequest, BuildResult, BuiltOutput, Project

ENV_SOFFICE = "TRAINKIT_SOFFICE"
"""Environment variable naming the LibreOffice ``soffice`` program to use."""

_INSTALL_SOFFICE = ("install it with 'apt-get install libreoffice-impress libreoffice-writer' "
                    f"or set {ENV_SOFFICE} to its path")

_USUAL_SOFFICE = (Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                  Path("C:/Program Files/LibreOffice/program/soffice.exe"))
"""Where the macOS and Windows installers put soffice without adding it to PATH."""

DPI = 96
"""Resolution of full-size page images: a 16:9 slide becomes 1280 x 720 pixels."""
THUMB_WIDTH = 240
"""Width of page thumbnails in the gallery and on contact sheets, in pixels."""
SHEET_COLUMNS = 4
"""Thumbnails per row on a contact sheet."""
_MARGIN = 16
_GAP = 12
_HEADER = 44
"""Height of a one-line header band; each further line of a wrapped header adds _HEADER_LINE."""
_HEADER_SIZE = 18
_HEADER_LINE = 24
_LABEL = 22
_BACKGROUND = (245, 245, 245)
_INK = (30, 39, 46)


# --- finding the tools ----------------------------------------------------------------------


def find_soffice(explicit: str | os.PathLike[str] | None = None) -> str:
    """The LibreOffice program to run: ``explicit``, else $TRAINKIT_SOFFICE, else soffice/libreoffice on PATH
    (or where the macOS and Windows installers put it).

    Raises TrainkitError (one line, saying how to install it) when there is none: a UsageError
    when ``explicit`` (the ``--soffice`` option) names no program, since that is the command's mistake.
    """
    for origin, value in (("--soffice", explicit), (ENV_SOFFICE, os.environ.get(ENV_SOFFICE))):
        if value:
            found = shutil.which(str(value))
            if found is None:
                # A wrong --soffice is a mistake on the command line; a wrong variable, the environment's.
                error = UsageError if origin == "--soffice" else TrainkitError
                raise error(f"LibreOffice not found: {origin} names '{value}', which is not a program; "
                            f"{_INSTALL_SOFFICE}")
            return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for usual in _USUAL_SOFFICE:
        if usual.is_file() and os.access(usual, os.X_OK):
            return str(usual)
    raise TrainkitError(f"LibreOffice (soffice) not found on PATH: {_INSTALL_SOFFICE}")


def find_poppler(program: str = "pdftoppm") -> str:
    """Path of a poppler-utils program (pdftoppm, pdftotext, pdfimages); TrainkitError when absent."""
    found = shutil.which(program)
    if found is None:
        raise TrainkitError(f"{program} not found on PATH: install it with 'apt-get install poppler-utils'")
    return found


# --- what to preview and what came out ------------------------------------------------------


@dataclass(frozen=True)
class PreviewItem:
    """One built output to preview."""

    path: Path
    """The built file (``.pptx`` or ``.docx``)."""
    module: str
    """Module (or course) id: the gallery groups by it."""
    title: str
    """Module title in the output's language, for headers."""
    language: str
    """Output language code (``de``)."""
    kind: str
    """Output name (``slides``, ``handout``, ``guide``…); names the files in the preview folder."""
    sources: tuple[Location | None, ...] = ()
    """Source location of each page (slide), in page order; shorter tuples leave later pages unlinked."""


@dataclass(frozen=True)
class RenderedOutput:
    """The pictures of one output."""

    item: PreviewItem
    pdf: Path
    pages: tuple[Path, ...]
    """Full-size PNG of each page, in order."""
    thumbnails: tuple[Path, ...]
    sheet: Path
    """Contact sheet: numbered thumbnails under a header line."""
    converted: bool
    """False when the PDF of an earlier run was made from the same bytes and was kept."""


@dataclass(frozen=True)
class PreviewResult:
    """What a preview wrote, and the outputs it could not show."""

    index: Path | None
    """The gallery page; None when nothing could be shown."""
    outputs: tuple[RenderedOutput, ...]
    problems: tuple[Diagnostic, ...]
    """One located error per output that failed to convert or render."""

    @property
    def converted(self) -> int:
        return sum(1 for o in self.outputs if o.converted)

    @property
    def reused(self) -> int:
        return sum(1 for o in self.outputs if not o.converted)


@dataclass(frozen=True)
class ComparedOutput:
    """One output shown in two languages, page beside page."""

    left: RenderedOutput
    right: RenderedOutput
    sheet: Path
    page: Path
    """The compare page (HTML)."""


@dataclass(frozen=True)
class CompareResult:
    compared: tuple[ComparedOutput, ...]
    problems: tuple[Diagnostic, ...]


class ConversionFailed(Exception):
    """A conversion or rendering failed or hung; carries its located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


# --- the public entry points ----------------------------------------------------------------


def preview(items: Sequence[PreviewItem], out_dir: Path, jobs: int = 2, soffice: str | None = None,
            timeout: float = 120, templates_dir: Path | None = None, root: Path | None = None,
            source_url: str | None = None) -> PreviewResult:
    """Convert, render and index ``items`` into ``out_dir`` (``build/preview``); return what was written.

    ``root`` is the project root: messages show paths relative to it and source links point into
    it. ``source_url`` (``vscode://file/{path}:{line}``) makes source links open an editor instead.
    ``templates_dir`` is the project's ``templates/`` folder, whose ``preview/*.html.j2`` win.
    Raises TrainkitError when LibreOffice or pdftoppm is missing and something needs converting.
    """
    rendered, problems = _render_all(items, out_dir, jobs, soffice, timeout, root)
    env = template_environment(templates_dir)
    links = _Links(out_dir, root, source_url)
    for (language, module), outputs in _by_module(rendered).items():
        page = out_dir / language / module / "index.html"
        write_atomic(page, env.get_template("preview/module.html.j2").render(
            module=module, title=outputs[0].item.title, language=language,
            language_name=language_name(language), outputs=[links.output(o, page.parent) for o in outputs],
            index_href=links.href(out_dir / "index.html", page.parent)).encode("utf-8"))
    index = None
    if rendered:
        index = out_dir / "index.html"
        write_atomic(index, env.get_template("preview/index.html.j2").render(
            modules=links.gallery(rendered), problems=[str(p) for p in problems]).encode("utf-8"))
    return PreviewResult(index=index, outputs=tuple(rendered), problems=tuple(problems))


def compare(items_a: Sequence[PreviewItem], items_b: Sequence[PreviewItem], out_dir: Path, jobs: int = 2,
            soffice: str | None = None, timeout: float = 120, templates_dir: Path | None = None,
            root: Path | None = None, source_url: str | None = None) -> CompareResult:
    """Show each output of ``items_a`` beside the output of ``items_b`` with the same module and kind.

    Writes ``compare/<a>-<b>/<module>/<kind>.png`` (page n of A beside page n of B, numbered rows)
    and a ``.html`` page beside it under ``out_dir``; outputs without a partner are reported.
    """
    rendered, problems = _render_all([*items_a, *items_b], out_dir, jobs, soffice, timeout, root)
    by_key = {(o.item.language, o.item.module, o.item.kind): o for o in rendered}
    env = template_environment(templates_dir)
    links = _Links(out_dir, root, source_url)
    partners = {(b.module, b.kind): b for b in items_b}
    compared = []
    for a in items_a:
        b = partners.get((a.module, a.kind))
        if b is None:
            problems.append(Diagnostic(Location(shown_path(a.path, root)), "warning",
                                       f"no {a.kind} of '{a.module}' in the other language to compare with",
                                       "preview.compare"))
            continue
        left, right = by_key.get((a.language, a.module, a.kind)), by_key.get((b.language, b.module, b.kind))
        if left is None or right is None:
            continue  # its conversion failed and is already reported
        folder = out_dir / "compare" / f"{a.language}-{b.language}" / a.module
        sheet = folder / f"{a.kind}.png"
        compare_sheet(left.thumbnails, right.thumbnails, sheet,
                      f"{a.title} — {a.kind} — {language_name(a.language)} | {language_name(b.language)}")
        page = folder / f"{a.kind}.html"
        write_atomic(page, env.get_template("preview/compare.html.j2").render(
            title=a.title, kind=a.kind, left=links.output(left, folder), right=links.output(right, folder),
            left_name=language_name(a.language), right_name=language_name(b.language),
            sheet_href=links.href(sheet, folder), rows=_rows(links.output(left, folder), links.output(right, folder))
        ).encode("utf-8"))
        compared.append(ComparedOutput(left=left, right=right, sheet=sheet, page=page))
    return CompareResult(compared=tuple(compared), problems=tuple(problems))


# --- converting and rendering ---------------------------------------------------------------


T = TypeVar("T")
R = TypeVar("R")


def _in_pool(tasks: Sequence[T], jobs: int, work: Callable[[T, Path], R]) -> list[R | Diagnostic]:
    """Run ``work(task, profile)`` for every task in ``jobs`` threads, results in task order.

    Each thread holds its own LibreOffice user profile while it works, because LibreOffice
    refuses to share one between running instances. The work itself runs in subprocesses,
    so threads are enough. A ConversionFailed becomes its diagnostic in the results.
    """
    jobs = max(1, min(jobs, len(tasks) or 1))
    with tempfile.TemporaryDirectory(prefix="trainkit-lo-") as profiles_root:
        profiles: queue.Queue[Path] = queue.Queue()
        for n in range(jobs):
            profiles.put(Path(profiles_root) / f"worker-{n}")

        def run(task: T) -> R | Diagnostic:
            profile = profiles.get()
            try:
                return work(task, profile)
            except ConversionFailed as failed:
                return failed.diagnostic
            finally:
                profiles.put(profile)

        with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="preview") as pool:
            return list(pool.map(run, tasks))


@dataclass(frozen=True)
class Conversion:
    """One file to convert to PDF."""

    source: Path
    pdf: Path
    shown: str
    """The source's path as messages show it."""


def convert_many(conversions: Sequence[Conversion], jobs: int = 2, soffice: str | None = None,
                 timeout: float = 120) -> list[Diagnostic]:
    """Convert every source whose PDF is not current, ``jobs`` at a time; one located error per failure.

    Raises TrainkitError when a conversion is needed and LibreOffice is missing.
    """
    needed = [c for c in conversions if not _pdf_is_current(c.source, c.pdf)]
    if not needed:
        return []
    program = find_soffice(soffice)
    results = _in_pool(needed, jobs, lambda c, profile: to_pdf(c.source, c.pdf, program, profile, timeout, c.shown))
    return [r for r in results if isinstance(r, Diagnostic)]


def _render_all(items: Sequence[PreviewItem], out_dir: Path, jobs: int, soffice: str | None, timeout: float,
                root: Path | None) -> tuple[list[RenderedOutput], list[Diagnostic]]:
    """Convert and render every item in a pool of ``jobs`` workers, in item order."""
    unique = list({(i.language, i.module, i.kind): i for i in items}.values())
    if not unique:
        return [], []
    needs_conversion = [i for i in unique if not _pdf_is_current(i.path, _pdf_path(out_dir, i))]
    program = find_soffice(soffice) if needs_conversion else ""
    pdftoppm = find_poppler("pdftoppm")
    results = _in_pool(unique, jobs, lambda item, profile: _render_one(item, out_dir, program, profile, timeout,
                                                                        pdftoppm, root))
    rendered = [r for r in results if isinstance(r, RenderedOutput)]
    problems = [r for r in results if isinstance(r, Diagnostic)]
    return rendered, problems


def _render_one(item: PreviewItem, out_dir: Path, soffice: str, profile: Path, timeout: float, pdftoppm: str,
                root: Path | None) -> RenderedOutput:
    shown = shown_path(item.path, root)
    pdf = _pdf_path(out_dir, item)
    converted = False
    if not _pdf_is_current(item.path, pdf):
        to_pdf(item.path, pdf, soffice, profile, timeout, shown)
        converted = True
    pages, thumbs = _page_images(pdf, out_dir / item.language / item.module / item.kind, pdftoppm, shown, timeout)
    sheet = out_dir / item.language / item.module / f"{item.kind}-sheet.png"
    contact_sheet(thumbs, sheet, f"{item.title} — {language_name(item.language)} — {item.kind}")
    return RenderedOutput(item=item, pdf=pdf, pages=pages, thumbnails=thumbs, sheet=sheet, converted=converted)


def _pdf_path(out_dir: Path, item: PreviewItem) -> Path:
    return out_dir / item.language / item.module / f"{item.kind}.pdf"


def _stamp_path(pdf: Path) -> Path:
    return pdf.with_name(pdf.name + ".sha256")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _pdf_is_current(source: Path, pdf: Path) -> bool:
    """Whether ``pdf`` exists and its stamp names the same input bytes.

    Only the bytes count, not the times: a build rewrites every output, and deterministic outputs
    rewritten unchanged keep their PDFs.
    """
    stamp = _stamp_path(pdf)
    try:
        if not pdf.is_file():
            return False
        recorded = stamp.read_text(encoding="utf-8").split()[0]
        return recorded == _sha256(source.read_bytes())
    except (OSError, IndexError):
        return False


def to_pdf(source: Path, pdf: Path, soffice: str, profile: Path, timeout: float, shown: str | None = None) -> Path:
    """Convert ``source`` to ``pdf`` with LibreOffice, writing the ``.sha256`` stamp beside it.

    The input is copied first, so the stamp names exactly the bytes converted even when a build
    replaces the file meanwhile. Raises ConversionFailed with a located error on failure or timeout
    (after killing LibreOffice's whole process group).
    """
    shown = shown or str(source)
    pdf.parent.mkdir(parents=True, exist_ok=True)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ConversionFailed(Diagnostic(Location(shown), "error", f"cannot read it: {exc.strerror}",
                                 "preview.read")) from exc
    with _private_dir(pdf.parent) as work:
        copy = work / source.name
        copy.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--nodefault", "--nologo", "--convert-to", "pdf", "--outdir",
                   str(work / "out"), str(copy)]
        output = run_tool(command, timeout, shown, "LibreOffice", "preview.timeout")
        produced = work / "out" / f"{source.stem}.pdf"
        if not produced.is_file():
            raise ConversionFailed(Diagnostic(Location(shown), "error",
                                     f"LibreOffice could not convert it to PDF: {_last_line(output)}",
                                     "preview.convert"))
        os.replace(produced, pdf)
        write_atomic(_stamp_path(pdf), f"{_sha256(data)}  {source.name}\n".encode("utf-8"))
    return pdf


def run_tool(command: list[str], timeout: float, shown: str, program: str, code: str) -> str:
    """Run ``command`` in its own process group; kill the group and raise ConversionFailed on timeout."""
    posix = os.name == "posix"
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               errors="replace", start_new_session=posix)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        # soffice is a launcher: the converting process is its child, so stop the whole group.
        if posix:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.communicate()
        raise ConversionFailed(Diagnostic(Location(shown), "error",
                                 f"{program} did not finish within {timeout:g} s and was stopped", code)) from None
    return output


def _last_line(output: str) -> str:
    lines = [line.strip() for line in output.splitlines() if line.strip() and "javaldx" not in line]
    return lines[-1] if lines else "it printed nothing"


@contextmanager
def _private_dir(parent: Path) -> Iterator[Path]:
    """A uniquely named folder inside ``parent`` (same file system, so renames out of it are atomic)."""
    parent.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(dir=parent, prefix=".work-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


_PAGE_NUMBER = re.compile(r"-(\d+)\.png$")


def _page_images(pdf: Path, folder: Path, pdftoppm: str, shown: str, timeout: float
                 ) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
    """Full-size PNG and thumbnail of every page of ``pdf`` in ``folder``; kept when the PDF is unchanged."""
    stamp = folder / "pages.sha256"
    pdf_digest = _sha256(pdf.read_bytes())
    try:
        digest, dpi, count = stamp.read_text(encoding="utf-8").split()
        pages = tuple(folder / f"page-{n:03d}.png" for n in range(1, int(count) + 1))
        thumbs = tuple(folder / f"thumb-{n:03d}.png" for n in range(1, int(count) + 1))
        if digest == pdf_digest and int(dpi) == DPI and all(p.is_file() for p in pages + thumbs):
            return pages, thumbs
    except (OSError, ValueError):
        pass
    folder.mkdir(parents=True, exist_ok=True)
    with _private_dir(folder) as work:
        output = run_tool([pdftoppm, "-r", str(DPI), "-png", str(pdf), str(work / "page")], timeout, shown,
                      "pdftoppm", "preview.render")
        made = sorted(work.glob("page-*.png"), key=lambda p: int(_PAGE_NUMBER.search(p.name).group(1)))
        if not made:
            raise ConversionFailed(Diagnostic(Location(shown), "error",
                                     f"pdftoppm rendered no page of {pdf.name}: {_last_line(output)}",
                                     "preview.render"))
        pages, thumbs = [], []
        for n, image in enumerate(made, start=1):
            thumb = work / f"thumb-{n:03d}.png"
            _thumbnail(image, thumb)
            pages.append(folder / f"page-{n:03d}.png")
            thumbs.append(folder / f"thumb-{n:03d}.png")
            os.replace(image, pages[-1])
            os.replace(thumb, thumbs[-1])
    _remove_pages_after(folder, len(pages))
    write_atomic(stamp, f"{pdf_digest} {DPI} {len(pages)}\n".encode("utf-8"))
    return tuple(pages), tuple(thumbs)


def _remove_pages_after(folder: Path, count: int) -> None:
    """Remove pictures of pages a shorter new version no longer has."""
    for old in folder.glob("*-*.png"):
        match = _PAGE_NUMBER.search(old.name)
        if match and int(match.group(1)) > count:
            old.unlink(missing_ok=True)


def _thumbnail(page: Path, target: Path) -> None:
    with Image.open(page) as image:
        height = max(1, round(image.height * THUMB_WIDTH / image.width))
        image.convert("RGB").resize((THUMB_WIDTH, height), Image.Resampling.LANCZOS).save(target, "PNG")


# --- contact and compare sheets -------------------------------------------------------------


@lru_cache(maxsize=8)
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # DejaVu and Liberation cover every partner language's letters; Pillow's own font is the fallback.
    for name in ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _cell_size(thumbs: Sequence[Path]) -> tuple[int, int]:
    width, height = THUMB_WIDTH, 1
    for thumb in thumbs:
        with Image.open(thumb) as image:
            width, height = max(width, image.width), max(height, image.height)
    return width, height


def contact_sheet(thumbs: Sequence[Path], target: Path, header: str, columns: int = SHEET_COLUMNS) -> Path:
    """Draw numbered ``thumbs`` in a grid under a ``header`` line and save it to ``target`` (PNG)."""
    columns = max(1, min(columns, len(thumbs)))
    rows = -(-len(thumbs) // columns)
    cell_w, cell_h = _cell_size(thumbs)
    width = 2 * _MARGIN + columns * cell_w + (columns - 1) * _GAP
    lines = _wrap(header, width - 2 * _MARGIN)
    top = _MARGIN + _HEADER + (len(lines) - 1) * _HEADER_LINE
    height = top + rows * (cell_h + _LABEL + _GAP)
    sheet = Image.new("RGB", (width, height), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    _draw_header(draw, lines)
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        x = _MARGIN + column * (cell_w + _GAP)
        y = top + row * (cell_h + _LABEL + _GAP)
        _paste(sheet, thumb, x, y)
        draw.text((x, y + cell_h + 3), str(index + 1), fill=_INK, font=_font(14))
    _save_png(sheet, target)
    return target


def compare_sheet(left: Sequence[Path], right: Sequence[Path], target: Path, header: str) -> Path:
    """Draw page n of ``left`` beside page n of ``right`` in numbered rows; a missing page shows as a grey box."""
    cell_w, cell_h = _cell_size([*left, *right])
    number_w = 44
    rows = max(len(left), len(right))
    width = 2 * _MARGIN + number_w + 2 * cell_w + _GAP
    lines = _wrap(header, width - 2 * _MARGIN)
    top = _MARGIN + _HEADER + (len(lines) - 1) * _HEADER_LINE
    height = top + rows * (cell_h + _GAP)
    sheet = Image.new("RGB", (width, height), _BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    _draw_header(draw, lines)
    for n in range(rows):
        y = top + n * (cell_h + _GAP)
        draw.text((_MARGIN, y + 4), str(n + 1), fill=_INK, font=_font(16))
        for column, thumbs in enumerate((left, right)):
            x = _MARGIN + number_w + column * (cell_w + _GAP)
            if n < len(thumbs):
                _paste(sheet, thumbs[n], x, y)
            else:
                draw.rectangle((x, y, x + cell_w - 1, y + cell_h - 1), fill=(210, 210, 210))
    _save_png(sheet, target)
    return target


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of the header font no wider than ``width`` pixels, broken between words.

    A sheet is as wide as its thumbnails, and a long module title in a long language does not fit
    beside two columns; a word longer than the whole width stays whole on its own line.
    """
    font = _font(_HEADER_SIZE)
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(candidate) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines or [""]


def _draw_header(draw: ImageDraw.ImageDraw, lines: Sequence[str]) -> None:
    for n, line in enumerate(lines):
        draw.text((_MARGIN, _MARGIN + n * _HEADER_LINE), line, fill=_INK, font=_font(_HEADER_SIZE))


def _paste(sheet: Image.Image, thumb: Path, x: int, y: int) -> None:
    with Image.open(thumb) as image:
        sheet.paste(image.convert("RGB"), (x, y))


def _save_png(image: Image.Image, target: Path) -> None:
    with atomic_target(target) as temp:
        image.save(temp, "PNG")


# --- HTML -----------------------------------------------------------------------------------


def template_environment(templates_dir: Path | None = None) -> jinja2.Environment:
    """Jinja environment: the project's ``templates/`` first, then trainkit's built-in templates.

    Template names keep their folder (``preview/index.html.j2``, ``bundle/index.html.j2``), so a
    project overrides one by placing a file of the same relative name in its ``templates/``.
    """
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("trainkit", "resources/templates"))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["filesize"] = filesize
    return env


def language_name(code: str) -> str:
    """The language's own name for itself (``Deutsch``, ``eesti``); the code when Babel does not know it."""
    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code


def filesize(size: int) -> str:
    """A byte count as people read it: ``512 B``, ``14 KB``, ``2.3 MB``."""
    if size < 1000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:.1f} MB"


def _by_module(rendered: Sequence[RenderedOutput]) -> dict[tuple[str, str], list[RenderedOutput]]:
    groups: dict[tuple[str, str], list[RenderedOutput]] = {}
    for output in rendered:
        groups.setdefault((output.item.language, output.item.module), []).append(output)
    return groups


@dataclass(frozen=True)
class PageView:
    """One page as a template sees it: links relative to the page being written."""

    number: int
    href: str
    thumb: str
    source: str
    """``modules/x.md:42``, or empty."""
    source_href: str


@dataclass(frozen=True)
class OutputView:
    kind: str
    language: str
    module: str
    title: str
    pdf_href: str
    sheet_href: str
    page_href: str
    """The module page of this output's language, anchored at the output."""
    pages: tuple[PageView, ...]


def _rows(left: OutputView, right: OutputView) -> list[tuple[int, PageView | None, PageView | None]]:
    count = max(len(left.pages), len(right.pages))
    return [(n + 1, left.pages[n] if n < len(left.pages) else None,
             right.pages[n] if n < len(right.pages) else None) for n in range(count)]


class _Links:
    """Relative links from a written page to images, PDFs and source files."""

    def __init__(self, out_dir: Path, root: Path | None, source_url: str | None) -> None:
        self.out_dir = out_dir
        self.root = root
        self.source_url = source_url

    @staticmethod
    def href(target: Path, from_dir: Path) -> str:
        return posixpath.relpath(Path(os.path.abspath(target)).as_posix(), Path(os.path.abspath(from_dir)).as_posix())

    def source(self, location: Location | None, from_dir: Path) -> tuple[str, str]:
        if location is None:
            return "", ""
        if self.root is None:
            return str(location), ""
        target = self.root / location.path
        if self.source_url:
            return str(location), self.source_url.format(path=target.resolve().as_posix(), line=location.line)
        return str(location), self.href(target, from_dir)

    def output(self, output: RenderedOutput, from_dir: Path) -> OutputView:
        item = output.item
        pages = []
        for n, (page, thumb) in enumerate(zip(output.pages, output.thumbnails), start=1):
            location = item.sources[n - 1] if n <= len(item.sources) else None
            label, link = self.source(location, from_dir)
            pages.append(PageView(number=n, href=self.href(page, from_dir), thumb=self.href(thumb, from_dir),
                                  source=label, source_href=link))
        module_page = self.out_dir / item.language / item.module / "index.html"
        return OutputView(kind=item.kind, language=item.language, module=item.module, title=item.title,
                          pdf_href=self.href(output.pdf, from_dir), sheet_href=self.href(output.sheet, from_dir),
                          page_href=f"{self.href(module_page, from_dir)}#{item.kind}", pages=tuple(pages))

    def gallery(self, rendered: Sequence[RenderedOutput]) -> list[dict[str, object]]:
        """Modules in first-seen order, each with its languages in order, each with its outputs."""
        modules: dict[str, dict[str, object]] = {}
        for output in rendered:
            entry = modules.setdefault(output.item.module, {"id": output.item.module, "title": output.item.title,
                                                            "languages": {}})
            languages: dict[str, dict[str, object]] = entry["languages"]  # type: ignore[assignment]
            language = languages.setdefault(output.item.language, {
                "code": output.item.language, "name": language_name(output.item.language), "outputs": []})
            language["outputs"].append(self.output(output, self.out_dir))  # type: ignore[union-attr]
        return [{**m, "languages": list(m["languages"].values())} for m in modules.values()]  # type: ignore[union-attr]


# --- release bundle index -------------------------------------------------------------------


@dataclass(frozen=True)
class BundleFile:
    """One file of a release bundle, as its index page lists it."""

    path: str
    """Path inside the bundle, with forward slashes; the page links to it."""
    title: str
    """The module's title in the file's language, or the document's kind for a course document."""
    size: int
    """Size in bytes."""
    language: str
    course: str
    """Course (or module) the file belongs to, as the page heads its group."""
    thumbnail: str | None = None
    """Path inside the bundle of a small picture of the file's first page, if any."""
    kind: str = ""
    """The kind of document in the file's language (``Folien``, ``Handout``), when the title does not say it."""


def render_bundle_index(files: Sequence[BundleFile], title: str, version: str = "", region: str = "",
                        templates_dir: Path | None = None,
                        lists: Sequence[str] = ("manifest.json", "SHA256SUMS")) -> str:
    """HTML of a release bundle's ``index.html``: files grouped by language, then course, in the given order.

    ``lists`` are the bundle's checksum lists, linked at the foot of the page. Deterministic (no
    dates), so a bundle built twice from the same input has the same bytes.
    """
    languages: dict[str, dict[str, list[BundleFile]]] = {}
    for file in files:
        languages.setdefault(file.language, {}).setdefault(file.course, []).append(file)
    groups = [{"code": code, "name": language_name(code),
               "courses": [{"title": course, "files": listed} for course, listed in courses.items()]}
              for code, courses in languages.items()]
    return template_environment(templates_dir).get_template("bundle/index.html.j2").render(
        title=title, version=version, region=region, languages=groups, lists=list(lists))

def bundle_thumbnail(preview_dir: Path, language: str, module: str, kind: str, digest: str) -> Path | None:
    """The first-page thumbnail that a preview in ``preview_dir`` made of exactly the bytes whose
    SHA-256 is ``digest``; None when there is no such preview (nothing is converted here)."""
    pdf = preview_dir / language / module / f"{kind}.pdf"
    pages = preview_dir / language / module / kind
    try:
        if _stamp_path(pdf).read_text(encoding="utf-8").split()[0] != digest:
            return None
        if (pages / "pages.sha256").read_text(encoding="utf-8").split()[0] != _sha256(pdf.read_bytes()):
            return None
    except (OSError, IndexError):
        return None
    thumb = pages / "thumb-001.png"
    return thumb if thumb.is_file() else None


# --- a project's outputs --------------------------------------------------------------------

PREVIEW_FOLDER = "preview"
"""The folder inside the build folder that previews are written to (``build/preview``)."""


def preview_folder(project: Project) -> Path:
    return project.config.output_dir / PREVIEW_FOLDER


def preview_pdf(preview_dir: Path, output: BuiltOutput) -> Path:
    """Where a preview keeps the PDF of a built output (review prints documents to the same place)."""
    return _pdf_path(preview_dir, preview_item(output))


def preview_item(output: BuiltOutput) -> PreviewItem:
    """A built output as preview shows it: grouped by module, named by its writer, slides linked to sources."""
    return PreviewItem(output.path, output.module, output.title, output.language, output.writer, output.slides)


@dataclass(frozen=True)
class ProjectPreview:
    """What ``trainkit preview`` built and showed."""

    build: BuildResult
    shown: PreviewResult
    compared: CompareResult | None = None

    @property
    def problems(self) -> tuple[Diagnostic, ...]:
        """Outputs that could not be converted or compared, each reported once."""
        found = [*self.shown.problems, *(self.compared.problems if self.compared else ())]
        return tuple(dict.fromkeys(found))


def preview_project(project: Project, request: BuildRequest, jobs: int = 2, soffice: str | None = None,
                    compare_languages: tuple[str, str] | None = None, timeout: float = 120) -> ProjectPreview:
    """Build what ``request`` asks for into the build folder, then show it in ``build/preview``.

    LibreOffice and pdftoppm are looked for first, so a missing tool stops the command (TrainkitError)
    before minutes of building. With ``compare_languages`` ``(a, b)`` every output in ``a`` is also
    shown beside the same output in ``b``; the request must include both languages. The project's
    ``templates/preview/*.html.j2`` replace the built-in gallery pages.
    """
    from trainkit.build import built_outputs
    from trainkit.jobs import build
    from trainkit.templating import PROJECT_TEMPLATES

    program = find_soffice(soffice)
    find_poppler("pdftoppm")
    result = build(project, request)
    items = [preview_item(output) for output in built_outputs(project, request, result)]
    out = preview_folder(project)
    root = project.config.root
    templates = root / PROJECT_TEMPLATES
    shown = preview(items, out, jobs, program, timeout, templates, root)
    compared = None
    if compare_languages is not None:
        left, right = compare_languages
        compared = compare([i for i in items if i.language == left], [i for i in items if i.language == right],
                           out, jobs, program, timeout, templates, root)
    return ProjectPreview(result, shown, compared)
