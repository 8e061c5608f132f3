"""Every kind of bad input, in one table: the exact line a user reads, its location, the exit status,
and that no output changed.

Each case starts from the 'hardening' project built in English and German, breaks one file
(a module, a catalog, trainkit.yaml, a template or a picture), runs the command again and checks
what a user would check: the one-line diagnostic, word for word with its ``file:line``; the exit
status; no traceback; and, for an error, every output of the build folder byte-identical with
its old modification time. A warning (exit 0) rebuilds and is checked where it matters.

Bundles for ``verify`` have their own table in tests/test_release.py (``HOSTILE``: '..' member,
absolute and drive-letter members, a member listed twice, a zip bomb, an encrypted member, a
symbolic link, not a zip, a truncated zip); PO syntax in every detail is in tests/test_po_strict.py.
"""

from __future__ import annotations

import io
import os
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from PIL import Image

from trainkit.cli import cli
from trainkit.pictures import STORE_FOLDER

from conftest import PROJECTS

PICTURES = Path(__file__).parent / "pictures"
ALPHA = "modules/alpha.md"


# --- what a case does to the project -------------------------------------------------------------

def write(relative: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        path = project / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def append(relative: str, text: str) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        with (project / relative).open("a", encoding="utf-8") as out:
            out.write(text)
    return apply


def each(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        for step in steps:
            step(project)
    return apply


def symlink(relative: str, outside_name: str, data: bytes) -> Callable[[Path], None]:
    """``relative`` becomes a symbolic link to a file beside the project (outside it)."""
    def apply(project: Path) -> None:
        outside = project.parent / outside_name
        outside.write_bytes(data)
        link = project / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to(outside)
    return apply


def sparse(relative: str, size: int) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        with (project / relative).open("wb") as file:
            file.truncate(size)  # no disk used
    return apply


def alpha(front: str = "title: Alpha\nduration: 20\n", body: str = "") -> Callable[[Path], None]:
    """alpha.md with this front matter and, after the first slide's title (line 9 when the front
    matter has 2 lines), this body."""
    return write(ALPHA, f"---\n{front}---\n\n# Part {{duration=20}}\n\n## First slide\n\n{body}")


GOOD = (PROJECTS / "hardening" / ALPHA).read_text(encoding="utf-8")


# --- pictures ----------------------------------------------------------------------------------

def _png() -> bytes:
    """A 64 x 64 picture that does not compress much, so half of it is a truncated file."""
    out = io.BytesIO()
    Image.frombytes("L", (64, 64), bytes(range(256)) * 16).save(out, "PNG")
    return out.getvalue()


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
            + chunk(b"IEND", b""))


def _animated_gif() -> bytes:
    frames = [Image.new("P", (20, 20), colour) for colour in (1, 2, 3)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255] + [0] * 756)
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return out.getvalue()


def picture(name: str, data: bytes) -> Callable[[Path], None]:
    """alpha's picture line points at ``img/<name>``, which holds ``data``."""
    return each(write(f"modules/img/{name}", data), replace(ALPHA, "img/wide.png", f"img/{name}"))


# --- templates ---------------------------------------------------------------------------------

def _builtin(name: str) -> bytes:
    from trainkit.build import builtin_template

    return builtin_template(name).read_bytes()


def _with_macros(data: bytes, main: bytes, macro_main: bytes, vba: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            part = old.read(info)
            new.writestr(info, part.replace(main, macro_main) if info.filename == "[Content_Types].xml" else part)
        new.writestr(vba, b"macro code")
    return out.getvalue()


def _pptx_without_content_placeholders() -> bytes:
    """The built-in deck with every placeholder but the titles taken off every layout."""
    from pptx import Presentation
    from pptx.enum.shapes import PP_PLACEHOLDER

    deck = Presentation(io.BytesIO(_builtin("slides.pptx")))
    for layout in deck.slide_layouts:
        for placeholder in list(layout.placeholders):
            if placeholder.placeholder_format.type not in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE):
                placeholder._element.getparent().remove(placeholder._element)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def _zip_bomb() -> bytes:
    """The built-in deck with a part of 64 MiB of zeros: some kilobytes, unpacked into memory whole."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_builtin("slides.pptx"))) as old, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr("ppt/media/image99.png", bytes(64 << 20))
    return out.getvalue()


def template(key: str, name: str, data: Callable[[], bytes]) -> Callable[[Path], None]:
    def apply(project: Path) -> None:
        write(f"templates/{name}", data())(project)
        append("trainkit.yaml", f"templates:\n  {key}: templates/{name}\n")(project)
    return apply


# --- catalogs ----------------------------------------------------------------------------------

PO = "locales/de/alpha.po"


def po_entry(msgid: str, msgstr: str) -> Callable[[Path], None]:
    """Give alpha's German catalog this translation of ``msgid`` (whose entry must exist)."""
    def apply(project: Path) -> None:
        path = project / PO
        lines = path.read_text(encoding="utf-8").split("\n")
        at = lines.index(f'msgid "{msgid}"')
        end = at + 1
        while end < len(lines) and lines[end].startswith(("msgstr", '"')):
            end += 1
        lines[at + 1 : end] = [f'msgstr "{msgstr}"']
        path.write_text("\n".join(lines), encoding="utf-8")
    return apply


def po_line(project: Path, text: str) -> int:
    return (project / PO).read_text(encoding="utf-8").split("\n").index(text) + 1


# --- the table ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    apply: Callable[[Path], None]
    expected: str
    """The diagnostic line, word for word; ``{po:TEXT}`` stands for the line of TEXT in the German catalog."""
    exit: int = 1
    command: tuple[str, ...] = ("build", "--lang", "en", "--module", "alpha")
    also: tuple[str, ...] = field(default=())
    """Further lines that must be printed too."""
    untouched: str = "build"
    """The outputs that must not change (an error): the whole build folder, or one module's."""


YAML_ALIAS = 'title: &t Alpha\nduration: 20\ndescription: *t\n'
HEAD = "modules/alpha.md"

CASES = [
    # encodings and sizes
    Case("encoding", "UTF-16 with a byte order mark", write(ALPHA, GOOD.encode("utf-16")),
         f"{HEAD}:1: error: the file is saved as UTF-16; save it as UTF-8 [source.encoding]"),
    Case("encoding", "UTF-16 without a byte order mark", write(ALPHA, GOOD.encode("utf-16-le")),
         f"{HEAD}:1: error: the file is saved as UTF-16; save it as UTF-8 [source.encoding]"),
    Case("encoding", "invalid UTF-8", write(ALPHA, GOOD.replace("Alpha", "Alph\xe9").encode("latin-1")),
         f"{HEAD}:2: error: not valid UTF-8 (byte 0xe9); save the file as UTF-8 [source.encoding]"),
    Case("encoding", "a NUL byte", write(ALPHA, GOOD.replace("Two points", "Two\x00points")),
         f"{HEAD}:12: error: NUL byte: this is not a text file, or not one saved as UTF-8 [source.encoding]"),
    Case("encoding", "a line of 5 MB", append(ALPHA, "\n" + "word " * 1_000_000 + "\n"),
         f"{HEAD}:18: error: line is 5,000,000 characters long; trainkit reads lines of up to 100,000 "
         "[source.line]"),
    Case("encoding", "a file of 9 MiB (sparse)", sparse(ALPHA, 9 << 20),
         f"{HEAD}:1: error: the file has 9.0 MiB; trainkit reads files of up to 8 MiB [source.size]"),
    Case("encoding", "UTF-8 with a byte order mark (fine)", write(ALPHA, "\ufeff" + GOOD), "", exit=0),
    # links
    Case("link", "javascript: target", replace(ALPHA, "https://example.org", "javascript:alert(1)"),
         f"{HEAD}:11: error: link 'javascript:alert(1)' uses a 'javascript:' address, which trainkit never "
         "writes into a deck or document; link to an http(s) or mailto address, or write it as text [link.scheme]"),
    Case("link", "file: target", replace(ALPHA, "https://example.org", "FILE:///etc/passwd"),
         f"{HEAD}:11: error: link 'FILE:///etc/passwd' uses a 'file:' address, which trainkit never writes into "
         "a deck or document; link to an http(s) or mailto address, or write it as text [link.scheme]"),
    Case("link", "data: target", replace(ALPHA, "https://example.org", "data:text/html;base64,PHNjcmlwdD4="),
         f"{HEAD}:11: error: link 'data:text/html;base64,PHNjcmlwdD4=' uses a 'data:' address, which trainkit "
         "never writes into a deck or document; link to an http(s) or mailto address, or write it as text "
         "[link.scheme]"),
    Case("link", "javascript: in an objective", replace(ALPHA, "[Name the parts]", "['[x](javascript:x)']"),
         f"{HEAD}:4: error: link 'javascript:x' uses a 'javascript:' address, which trainkit never writes into "
         "a deck or document; link to an http(s) or mailto address, or write it as text [link.scheme]"),
    Case("link", "a target with '..'", replace(ALPHA, "https://example.org", "../../secret.txt"),
         f"{HEAD}:11: warning: link '../../secret.txt' is not a web address: the outputs show its text without "
         "a link [link.local]", exit=0),
    Case("link", "an absolute target", replace(ALPHA, "https://example.org", "/etc/passwd"),
         f"{HEAD}:11: warning: link '/etc/passwd' is not a web address: the outputs show its text without a link "
         "[link.local]", exit=0),
    Case("link", "another scheme", replace(ALPHA, "https://example.org", "tel:+4912345"),
         f"{HEAD}:11: warning: link 'tel:+4912345' is not a web or mail address: the outputs show its text without "
         "a link [link.other]", exit=0),
    # image paths
    Case("image", "a path with '..'", replace(ALPHA, "img/wide.png", "../../outside.png"),
         f"{HEAD}:16: error: image '../../outside.png' lies outside the project [image.outside]"),
    Case("image", "an absolute path", replace(ALPHA, "img/wide.png", "/etc/hostname"),
         f"{HEAD}:16: error: image path '/etc/hostname' is absolute; write it relative to the module file "
         "[image.absolute]"),
    Case("image", "a symbolic link out of the project", symlink("modules/img/wide.png", "outside.png", _png()),
         f"{HEAD}:16: error: image 'img/wide.png' lies outside the project [image.outside]"),
    Case("image", "a URL", replace(ALPHA, "img/wide.png", "javascript:alert(1)"),
         f"{HEAD}:16: error: image 'javascript:alert(1)' must be a file in the project, not a URL [image.url]"),
    # front matter YAML
    Case("yaml", "an unclosed list", replace(ALPHA, "[Name the parts]", "[Name the parts"),
         f"{HEAD}:4: error: invalid YAML: a list in [ ] is not closed, or an item holds ': '; close it or quote "
         "the item [yaml.syntax]"),
    Case("yaml", "a tab", replace(ALPHA, "duration: 20\n", "duration: 20\n\tlevel: advanced\n"),
         f"{HEAD}:4: error: invalid YAML: a tab character; indent YAML with spaces [yaml.syntax]"),
    Case("yaml", "a key given twice", replace(ALPHA, "duration: 20\n", "duration: 20\ntitle: Other\n"),
         f"{HEAD}:4: error: 'title' is given twice (first at line 2); YAML keeps only one of them [yaml.duplicate]"),
    Case("yaml", "nesting 100 deep", replace(ALPHA, "[Name the parts]", "[" * 100 + "]" * 100),
         f"{HEAD}:4: error: YAML nested more than 32 levels deep [yaml.depth]"),
    Case("yaml", "an alias", alpha(YAML_ALIAS), f"{HEAD}:4: error: YAML aliases (*name) are not allowed [yaml.alias]"),
    Case("yaml", "a Python tag", replace(ALPHA, "title: Alpha", "title: !!python/object/apply:os.system ['true']"),
         f"{HEAD}:2: error: invalid YAML: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object/apply:os.system' (check quotes and indentation) [yaml.syntax]"),
    Case("yaml", "a list instead of a mapping", write(ALPHA, "---\n- title\n- duration\n---\n"),
         f"{HEAD}:2: error: front matter must be a mapping of 'key: value' lines [meta.type]"),
    Case("yaml", "no closing fence", write(ALPHA, "---\ntitle: Alpha\nduration: 20\n"),
         f"{HEAD}:1: error: front matter is not closed with a '---' line [meta.unclosed]"),
    Case("yaml", "an unknown key", replace(ALPHA, "duration: 20\n", "duration: 20\ncolour: blue\n"),
         f"{HEAD}:4: warning: unknown metadata field 'colour' is ignored [meta.unknown]", exit=0),
    # metadata values
    Case("meta", "an empty title", replace(ALPHA, "title: Alpha", "title:"),
         f"{HEAD}:2: error: title must not be empty [meta.title]"),
    Case("meta", "a duration over a day", replace(ALPHA, "duration: 20", "duration: 100000"),
         f"{HEAD}:3: error: duration must be at most 1440 minutes (a day), not 100000 [meta.duration]"),
    Case("meta", "prerequisites in a circle", replace(ALPHA, "duration: 20\n", "duration: 20\nprerequisites: [beta]\n"),
         f"{HEAD}:4: error: prerequisites go round in a circle: alpha -> beta -> alpha [meta.prerequisites]",
         also=("modules/beta.md:4: error: prerequisites go round in a circle: beta -> alpha -> beta "
               "[meta.prerequisites]",), command=("build", "--lang", "en")),
    Case("meta", "a module that needs itself",
         replace(ALPHA, "duration: 20\n", "duration: 20\nprerequisites: [alpha]\n"),
         f"{HEAD}:4: error: prerequisites go round in a circle: alpha -> alpha [meta.prerequisites]"),
    Case("meta", "a module id used as a path", replace(ALPHA, "duration: 20\n", "duration: 20\nid: ../../etc\n"),
         f"{HEAD}:4: error: module id '../../etc' must use only a-z, 0-9 and '-' (rename the file or set 'id:') "
         "[module.id]", command=("build", "--lang", "en"), untouched="build/en/alpha"),
    Case("meta", "a module file that is a symbolic link out", symlink(ALPHA, "secret.md", GOOD.encode()),
         f"{HEAD}: error: leads out of the project through a symbolic link; a module must be a file in the "
         "project [module.outside]"),
    # pictures
    Case("picture", "missing", replace(ALPHA, "img/wide.png", "img/none.png"),
         f"{HEAD}:16: error: image 'img/none.png' not found [image.missing]"),
    Case("picture", "a truncated PNG", picture("cut.png", _png()[: len(_png()) // 2]),
         f"{HEAD}:16: error: 'img/cut.png' is not a readable image: picture is damaged or truncated "
         "(image file is truncated) [image.invalid]"),
    Case("picture", "not a picture", picture("notes.png", b"just some text\n"),
         f"{HEAD}:16: error: 'img/notes.png' is not a readable image: not a picture trainkit can read; use PNG, "
         "JPEG, GIF or SVG [image.invalid]"),
    Case("picture", "a decompression bomb", picture("bomb.png", _png_declaring(50_000, 50_000)),
         f"{HEAD}:16: error: 'img/bomb.png' is not a readable image: picture declares more than 89,478,485 pixels "
         "(a decompression bomb, or far larger than any slide needs) [image.invalid]"),
    Case("picture", "a huge file (sparse)", each(replace(ALPHA, "img/wide.png", "img/huge.png"),
                                               sparse("modules/img/huge.png", 60 << 20)),
         f"{HEAD}:16: error: 'img/huge.png' is not a readable image: picture has 62,914,560 bytes; pictures may "
         "have at most 50 MB [image.invalid]"),
    Case("picture", "an animated GIF", picture("spin.gif", _animated_gif()),
         f"{HEAD}:16: warning: image 'img/spin.gif': animated GIF has 3 frames; only the first is shown "
         "[image.converted]", exit=0),
    Case("picture", "an SVG with a script", picture("script.svg", (PICTURES / "script.svg").read_bytes()),
         "modules/img/script.svg:4: error: 'img/script.svg' is not a readable image: <script> is not allowed in "
         "pictures [image.invalid]"),
    Case("picture", "an SVG with an external entity",
         picture("entity.svg", (PICTURES / "external-entity.svg").read_bytes()),
         "modules/img/entity.svg:2: error: 'img/entity.svg' is not a readable image: SVG has a <!DOCTYPE> "
         "declaration; remove it (pictures may not declare entities or load DTDs) [image.invalid]"),
    Case("picture", "an SVG with an external href",
         picture("remote.svg", (PICTURES / "remote-image.svg").read_bytes()),
         "modules/img/remote.svg:4: error: 'img/remote.svg' is not a readable image: <image> refers to "
         "'http://example.org/tracker.png'; pictures may only refer to '#id' inside the SVG and embed PNG or JPEG "
         "as data: URIs [image.invalid]"),
]

# wrong types for every metadata field
CASES += [
    Case("meta", f"{key}: a list", replace(ALPHA, "duration: 20\n", f"duration: 20\n{key}: [a, b]\n"),
         f"{HEAD}:4: error: {key} must be text, not a list [meta.{key}]")
    for key in ("description", "version", "level", "license")
] + [
    Case("meta", f"{key}: a mapping", replace(ALPHA, "duration: 20\n", f"duration: 20\n{key}: {{a: 1}}\n"),
         f"{HEAD}:4: error: {key} must be a list of texts [meta.{key}]")
    for key in ("audience", "questions", "prerequisites", "materials", "preparation", "key_points", "tags",
                "authors")
] + [
    Case("meta", "objectives: a number", replace(ALPHA, "[Name the parts]", "5"),
         f"{HEAD}:4: error: objectives must be a list of texts [meta.objectives]"),
    Case("meta", "title: a number", replace(ALPHA, "title: Alpha", "title: 2026"),
         f"{HEAD}:2: error: title must be text, not a number (write it in quotes) [meta.title]"),
    Case("meta", "duration: text", replace(ALPHA, "duration: 20", "duration: ninety"),
         f"{HEAD}:3: error: duration must be a positive whole number of minutes, not 'ninety' [meta.duration]"),
    Case("meta", "duration: a fraction", replace(ALPHA, "duration: 20", "duration: 1.5"),
         f"{HEAD}:3: error: duration must be a positive whole number of minutes, not 1.5 [meta.duration]"),
    Case("meta", "level: unknown", replace(ALPHA, "duration: 20\n", "duration: 20\nlevel: expert\n"),
         f"{HEAD}:4: error: level must be one of introductory, intermediate, advanced, not 'expert' [meta.level]"),
    Case("meta", "id: a number", replace(ALPHA, "duration: 20\n", "duration: 20\nid: 12\n"),
         f"{HEAD}:4: error: id must be text, not a number (write it in quotes) [meta.id]",
         also=(f"{HEAD}:4: error: module id '12' must use only a-z, 0-9 and '-' (rename the file or set 'id:') "
               "[module.id]",)),
    Case("meta", "an exercise of two days", append(ALPHA, '\n::: {.exercise duration="2880"}\nDo it.\n:::\n'),
         f"{HEAD}:18: error: div duration must be a positive number of minutes up to 1440, not '2880' [div.duration]"),
]

PLURALS_3 = '"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"'
ORPHAN = ("locales/de/gone.po: warning: no module 'gone' in modules/: this catalog is left from a deleted or "
          "renamed module (remove it with 'trainkit i18n update --prune') [i18n.orphan]")
DE = ("build", "--lang", "de", "--module", "alpha")
UNTRANSLATED = ("modules/alpha.md: warning: 1 untranslated message(s) in 'de' (first: modules/alpha.md:%d) "
                "[i18n.untranslated]")

CASES += [
    # catalogs (PO syntax in every detail: tests/test_po_strict.py)
    Case("po", "an unterminated string", replace(PO, 'msgstr "⟦Ţŵö þöîñţš ĺ⟧"', 'msgstr "Zwei Punkte'),
         f'{PO}:{{po:msgstr "Zwei Punkte}}: error: invalid PO file: end-of-line within string (the closing '
         '\'"\' is missing) [i18n.po-syntax]',
         command=DE),
    Case("po", "a plural count German does not have", replace(PO, '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
                                                              PLURALS_3),
         f"{PO}:4: error: invalid PO file: Plural-Forms declares nplurals=3, but the catalog's language has 2 "
         "plural forms [i18n.po-plural]", command=DE),
    Case("po", "a charset other than UTF-8", replace(PO, "charset=utf-8", "charset=ISO-8859-1"),
         f"{PO}:14: error: invalid PO file: charset 'ISO-8859-1' is not supported: trainkit reads only UTF-8 "
         "(convert the file with 'msgconv --to-code=UTF-8') [i18n.po-header]", command=DE),
    Case("po", "no charset", replace(PO, '"Content-Type: text/plain; charset=utf-8\\n"\n', ""),
         f"{PO}:4: error: invalid PO file: header has no charset in Content-Type; trainkit reads only UTF-8: "
         'write "Content-Type: text/plain; charset=UTF-8\\n" [i18n.po-header]', command=DE),
    Case("po", "a msgid given twice", append(PO, '\n\nmsgid "Two points"\nmsgstr "Zwei Punkte"\n'),
         # as msgfmt does: the second msgid's line, and the first definition's msgstr line
         f'{PO}:{{po:msgid "Two points"@2}}: error: invalid PO file: duplicate message definition; the first '
         'definition is at line {po:msgstr "⟦Ţŵö þöîñţš ĺ⟧"} [i18n.po-duplicate]', command=DE),
    Case("po", "saved as UTF-16", lambda p: (p / PO).write_bytes((p / PO).read_text("utf-8").encode("utf-16")),
         f"{PO}:1: error: invalid PO file: the file is saved as UTF-16; trainkit reads PO files only as UTF-8 "
         "(convert it with 'msgconv --to-code=UTF-8') [i18n.po-encoding]", command=DE),
    Case("po", "a translation that loses a link",
         po_entry("One point with a [link](https://example.org)", "Ein Punkt ohne Verweis"),
         f'{PO}:{{po:msgid "One point with a [link](https://example.org)"}}: error: translation does not keep the '
         "links of the source text (missing https://example.org) [i18n.links]", command=DE, also=(UNTRANSLATED % 11,)),
    Case("po", "a translation that adds a javascript: link", po_entry("Two points", "Zwei [Punkte](javascript:x)"),
         f'{PO}:{{po:msgid "Two points"}}: error: translation does not keep the links of the source text '
         "(unexpected javascript:x) [i18n.links]", command=DE, also=(UNTRANSLATED % 12,)),
    Case("po", "a translation with a stray '**'", po_entry("Two points", "Zwei **Punkte"),
         f'{PO}:{{po:msgid "Two points"}}: error: translation has unbalanced emphasis or code markers '
         "(*, _ or `), which would be shown as they are [i18n.emphasis]", command=DE, also=(UNTRANSLATED % 12,)),
    Case("po", "a catalog that is a symbolic link out", symlink(PO, "alpha.po", b'msgid ""\nmsgstr ""\n'),
         f"{PO}: error: leads out of the project through a symbolic link; a catalog must be a file in the "
         "project [i18n.outside]", command=DE),
    Case("po", "a glossary that is a symbolic link out", symlink("locales/glossary.yaml", "g.yaml", b"terms: []\n"),
         "locales/glossary.yaml: error: leads out of the project through a symbolic link; the glossary must be a "
         "file in the project [glossary.outside]", command=("i18n", "check")),
    Case("po", "a file of 9 MiB (sparse)", sparse(PO, 9 << 20),
         f"{PO}:1: error: the file has 9.0 MiB; trainkit reads PO files of up to 8 MiB [i18n.po-size]", command=DE),
    Case("po", "a control character", po_entry("Two points", "Zwei\\vPunkte"),
         f'{PO}:{{po:msgid "Two points"}}: warning: removed control character(s) U+000B [i18n.control]', exit=0,
         command=DE),
    Case("po", "obsolete entries (fine)", append(PO, '\n\n#~ msgid "Old text"\n#~ msgstr "Alter Text"\n'),
         "", exit=0, command=DE),
    Case("po", "a catalog of a module that no longer exists",
         lambda p: shutil.copy(p / PO, p / "locales/de/gone.po"),
         ORPHAN, exit=0, command=("i18n", "check")),
]


def config(old: str, new: str) -> Callable[[Path], None]:
    return replace("trainkit.yaml", old, new)


CONFIG = "trainkit.yaml"
BUILD = ("build",)
CASES += [
    Case("config", "project: a list", config("project: hardening", "project: [a]"),
         f"{CONFIG}:2: error: 'project' must be text [config.type]", command=BUILD),
    Case("config", "project: not an identifier", config("project: hardening", "project: ../../x"),
         f"{CONFIG}:2: error: project '../../x' must use only a-z, 0-9 and '-' [config.project]", command=BUILD),
    Case("config", "title: a mapping", config("title: Hardening project", "title: {a: b}"),
         f"{CONFIG}:3: error: 'title' must be text [config.type]", command=BUILD),
    Case("config", "source_language: a number", config("source_language: en", "source_language: 5"),
         f"{CONFIG}:4: error: 'source_language' must be text [config.type]", command=BUILD),
    Case("config", "languages: a mapping", config("languages: [en, de]", "languages: {en: 1}"),
         f"{CONFIG}:5: error: 'languages' must be a list of texts [config.type]", command=BUILD,
         also=(f"{CONFIG}:13: error: region 'north' uses language 'de', which is not in the project's languages "
               "[config.region]",)),
    Case("config", "an unknown language", config("languages: [en, de]", "languages: [en, de, tlh-x]"),
         f"{CONFIG}:5: error: unknown language code 'tlh-x' [config.language]", command=BUILD),
    Case("config", "a language code used as a path", config("languages: [en, de]", "languages: [en, de, ../x]"),
         f"{CONFIG}:5: error: unknown language code '../x' [config.language]", command=BUILD),
    Case("config", "a language listed twice", config("languages: [en, de]", "languages: [en, de, de]"),
         f"{CONFIG}:5: warning: language 'de' is listed twice [config.language]", exit=0, command=("validate",)),
    Case("config", "output: a list", append(CONFIG, "output: [a]\n"),
         f"{CONFIG}:15: error: 'output' must be text [config.type]", command=BUILD),
    Case("config", "output outside the project", append(CONFIG, "output: ../elsewhere\n"),
         f"{CONFIG}:15: error: output '../elsewhere' goes up out of the project with '..'; trainkit reads and "
         "writes only inside the project (use 'trainkit build --out DIR' to build elsewhere) [config.outside]",
         command=BUILD),
    Case("config", "modules_dir absolute", append(CONFIG, "modules_dir: /etc\n"),
         f"{CONFIG}:15: error: modules_dir '/etc' is an absolute path; trainkit reads and writes only inside the "
         "project [config.outside]", command=BUILD),
    Case("config", "locales_dir through a symbolic link",
         each(lambda p: (p.parent / "elsewhere").mkdir(), lambda p: (p / "loc").symlink_to(p.parent / "elsewhere"),
              append(CONFIG, "locales_dir: loc\n")),
         f"{CONFIG}:15: error: locales_dir 'loc' leads out of the project through a symbolic link; trainkit reads "
         "and writes only inside the project [config.outside]", command=BUILD),
    Case("config", "i18n: a list", append(CONFIG, "i18n: [a]\n"),
         f"{CONFIG}:15: error: 'i18n' must be a mapping of 'key: value' settings [config.type]", command=BUILD),
    Case("config", "add_location: unknown", append(CONFIG, "i18n:\n  add_location: sometimes\n"),
         f"{CONFIG}:16: error: add_location must be full, file or never, not 'sometimes' [config.i18n]",
         command=BUILD),
    Case("config", "branding: text", append(CONFIG, "branding: blue\n"),
         f"{CONFIG}:15: error: 'branding' must be a mapping of 'key: value' settings [config.type]", command=BUILD),
    Case("config", "logo: not a picture", append(CONFIG, "branding:\n  logo: trainkit.yaml\n"),
         f"{CONFIG}:16: error: logo 'trainkit.yaml' cannot be used: not a picture trainkit can read; use PNG, "
         "JPEG, GIF or SVG [config.logo]", command=BUILD),
    Case("config", "logo outside the project", append(CONFIG, "branding:\n  logo: /etc/hostname\n"),
         f"{CONFIG}:16: error: logo '/etc/hostname' is an absolute path [config.logo]", command=BUILD),
    Case("config", "acknowledgement: a list", append(CONFIG, "branding:\n  acknowledgement: [a]\n"),
         f"{CONFIG}:16: error: 'acknowledgement' must be text, or a mapping of language codes to texts "
         "[config.type]", command=BUILD),
    Case("config", "templates: a list", append(CONFIG, "templates: [a]\n"),
         f"{CONFIG}:15: error: 'templates' must be a mapping of 'key: value' settings [config.type]", command=BUILD),
    Case("config", "courses: a list",
         config("courses:\n  intro:\n    title: Introduction\n    modules: [alpha, beta]\n", "courses: [intro]\n"),
         f"{CONFIG}:6: error: 'courses' must be a mapping of 'key: value' settings [config.type]", command=BUILD,
         also=(f"{CONFIG}:11: error: region 'north' names unknown course 'intro' [config.region]",)),
    Case("config", "a course id used as a path", config("  intro:\n    title", "  ../intro:\n    title"),
         f"{CONFIG}:7: error: course id '../intro' must use only a-z, 0-9 and '-' [config.course]", command=BUILD,
         also=(f"{CONFIG}:14: error: region 'north' names unknown course 'intro' [config.region]",)),
    Case("config", "a course module that does not exist", config("modules: [alpha, beta]", "modules: [alpha, gone]"),
         f"{CONFIG}:9: error: course 'intro' names unknown module 'gone' [config.course]", command=BUILD),
    Case("config", "course start unquoted",
         config("    title: Introduction\n", "    title: Introduction\n    start: 10:30\n"),
         f'{CONFIG}:9: error: start must be a time of day in quotes, like "10:30" [config.course]', command=BUILD),
    Case("config", "a break of a year", config("modules: [alpha, beta]", "days: [[alpha, {break: 525600}, beta]]"),
         f"{CONFIG}:9: error: a day lists module ids, {{break: MINUTES}} or {{lunch: MINUTES}} (1 to 1440 minutes) "
         "[config.course]", command=BUILD),
    Case("config", "regions: text", config("regions:\n  north:\n    name: North\n    languages: [en, de]\n"
                                           "    courses: [intro]\n", "regions: north\n"),
         f"{CONFIG}:10: error: 'regions' must be a mapping of 'key: value' settings [config.type]", command=BUILD),
    Case("config", "a region id used as a path", config("  north:", "  ../north:"),
         f"{CONFIG}:11: error: region id '../north' must use only a-z, 0-9 and '-' [config.region]", command=BUILD),
    Case("config", "a region name that is a list", config("name: North", "name: [a]"),
         f"{CONFIG}:12: error: 'name' must be text, or a mapping of language codes to texts [config.type]", command=BUILD),
    Case("config", "a region language the project lacks", config("languages: [en, de]\n    courses",
                                                                "languages: [en, fr]\n    courses"),
         f"{CONFIG}:13: error: region 'north' uses language 'fr', which is not in the project's languages "
         "[config.region]", command=BUILD),
    Case("config", "a region course that does not exist", config("courses: [intro]", "courses: [advanced]"),
         f"{CONFIG}:14: error: region 'north' names unknown course 'advanced' [config.region]", command=BUILD),
    Case("config", "a key given twice", append(CONFIG, "title: Again\n"),
         f"{CONFIG}:15: error: 'title' is given twice (first at line 3); YAML keeps only one of them "
         "[yaml.duplicate]", command=BUILD),
    Case("config", "an unknown setting", append(CONFIG, "colour: blue\n"),
         f"{CONFIG}:15: warning: unknown setting 'colour' is ignored [config.unknown]", exit=0, command=("validate",)),
    Case("config", "not a mapping", write(CONFIG, "- project\n- title\n"),
         f"{CONFIG}:1: error: trainkit.yaml must be a mapping of 'key: value' settings [config.type]",
         command=BUILD),
    Case("config", "saved as UTF-16", lambda p: (p / CONFIG).write_bytes((p / CONFIG).read_text().encode("utf-16")),
         f"{CONFIG}:1: error: the file is saved as UTF-16; save it as UTF-8 [source.encoding]", command=BUILD),
    # names on the command line (usage errors, exit 2)
    Case("usage", "an unknown region", lambda p: None,
         "trainkit: error: unknown region 'south' (the project has: north)", exit=2,
         command=("build", "--region", "south")),
    Case("usage", "an unknown course", lambda p: None,
         "trainkit: error: unknown course 'advanced' (the project has: intro)", exit=2,
         command=("build", "--course", "advanced")),
    Case("usage", "an unknown module", lambda p: None,
         "trainkit: error: unknown module 'gamma' (the project has: alpha, beta)", exit=2,
         command=("build", "--module", "gamma")),
    Case("usage", "an unknown language", lambda p: None,
         "trainkit: error: unknown language 'fr' (the project has: en, de)", exit=2, command=("build", "--lang", "fr")),
    # templates: validate reports the same line (test_templates_are_checked_by_validate_too)
    Case("template", "not a zip", template("slides", "deck.pptx", lambda: b"just text"),
         f"{CONFIG}:16: error: template 'templates/deck.pptx' is not a PowerPoint presentation (.pptx) "
         "(BadZipFile) [config.template]", command=BUILD),
    Case("template", "a .docx as the slide template", template("slides", "deck.pptx", lambda: _builtin("handout.docx")),
         f"{CONFIG}:16: error: template 'templates/deck.pptx' is not a PowerPoint presentation (.pptx) but a Word "
         "document (.docx) [config.template]", command=BUILD),
    Case("template", "a .pptm with macros", template("slides", "deck.pptm", lambda: _with_macros(
        _builtin("slides.pptx"), b"presentationml.presentation.main+xml",
        b"presentationml.slideshow.macroEnabled.main+xml", "ppt/vbaProject.bin")),
         f"{CONFIG}:16: error: template 'templates/deck.pptm' holds macros; save it as a macro-free .pptx/.docx "
         "[config.template]", command=BUILD),
    Case("template", "a .docm with macros", template("handout", "page.docm", lambda: _with_macros(
        _builtin("handout.docx"), b"wordprocessingml.document.main+xml",
        b"wordprocessingml.document.macroEnabled.main+xml", "word/vbaProject.bin")),
         f"{CONFIG}:16: error: template 'templates/page.docm' holds macros; save it as a macro-free .pptx/.docx "
         "[config.template]", command=BUILD),
    Case("template", "a deck without a usable layout",
         template("slides", "deck.pptx", _pptx_without_content_placeholders),
         f"{CONFIG}:16: error: template 'templates/deck.pptx' has no layout with a content placeholder for content "
         "slides, so trainkit cannot build decks with it (see 'trainkit template check') [config.template]",
         command=BUILD),
    Case("template", "a zip bomb", template("slides", "deck.pptx", _zip_bomb),
         f"{CONFIG}:16: error: template 'templates/deck.pptx' expands to 64 MiB, more than a template needs (at "
         "most 256 MiB, 100-fold per part): a damaged file or a zip bomb [config.template]", command=BUILD),
    Case("template", "a template outside the project", append(CONFIG, "templates:\n  slides: ../deck.pptx\n"),
         f"{CONFIG}:16: error: template '../deck.pptx' goes up out of the project with '..'; templates are files "
         "in the project [config.template]", command=BUILD),
]


# --- running a case --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The 'hardening' project with German pseudo-translations, built in both languages: made once."""
    project = tmp_path_factory.mktemp("built") / "hardening"
    shutil.copytree(PROJECTS / "hardening", project)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        for args in (("i18n", "update"), ("i18n", "pseudo", "de"), ("build",)):
            result = CliRunner().invoke(cli, ["-C", str(project), *args])
            assert result.exit_code == 0, result.output
    return project


def _outputs(project: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(project).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted((project / "build").rglob("*")) if p.is_file() and STORE_FOLDER not in p.parts}


def _expected(text: str, project: Path) -> str:
    """Fill in ``{po:TEXT}`` (the line of TEXT in the German catalog; ``@2`` for its second time)."""
    while "{po:" in text:
        start = text.index("{po:")
        end = text.index("}", start)
        wanted, _, nth = text[start + 4 : end].partition("@")
        lines = (project / PO).read_text(encoding="utf-8").split("\n")
        found = [n + 1 for n, line in enumerate(lines) if line == wanted][int(nth or 1) - 1]
        text = text[:start] + str(found) + text[end + 1 :]
    return text


@pytest.mark.parametrize("case", CASES, ids=[f"{c.kind}: {c.name}" for c in CASES])
def test_bad_input_gets_one_located_line_the_right_exit_status_and_changes_no_output(case, built, tmp_path,
                                                                                     monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = tmp_path / "hardening"
    shutil.copytree(built, project, symlinks=True)
    before = _outputs(project)
    case.apply(project)
    result = CliRunner().invoke(cli, ["-C", str(project), *case.command])
    lines = result.stderr.splitlines()
    assert result.exit_code == case.exit, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output
    for expected in filter(None, (case.expected, *case.also)):
        assert _expected(expected, project) in lines, lines
    problems = [line for line in lines if ": error: " in line or ": warning: " in line]
    if case.expected:
        assert len(problems) == 1 + len(case.also), problems  # one line per problem, nothing else
    else:
        assert problems == [], problems
    if case.exit:  # bytes and modification times
        after = _outputs(project)
        assert {k: v for k, v in after.items() if k.startswith(case.untouched)} == {
            k: v for k, v in before.items() if k.startswith(case.untouched)}



TEMPLATES = [case for case in CASES if case.kind == "template"]


@pytest.mark.parametrize("case", TEMPLATES, ids=[case.name for case in TEMPLATES])
def test_validate_reports_each_template_problem_at_its_line(case, built, tmp_path):
    project = tmp_path / "hardening"
    shutil.copytree(built, project, symlinks=True)
    case.apply(project)
    result = CliRunner().invoke(cli, ["-C", str(project), "validate"])
    assert result.exit_code == 1
    assert case.expected in result.stderr.splitlines()


def _targets(path: Path) -> list[str]:
    """Every relationship target of a .pptx or .docx: hyperlinks, pictures, parts."""
    import re

    with zipfile.ZipFile(path) as package:
        return [target for name in package.namelist() if name.endswith(".rels")
                for target in re.findall(r'Target="([^"]*)"', package.read(name).decode("utf-8"))]


def test_decks_and_documents_link_only_web_addresses(built, tmp_path, monkeypatch):
    """A target without a scheme is shown as its text: neither PowerPoint nor Word gets a link to it."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = tmp_path / "hardening"
    shutil.copytree(built, project, symlinks=True)
    replace(ALPHA, "- Two points", "- [Up](../../secret.txt), [root](/etc/passwd), [share](//host/share), "
                                   "[mail](mailto:team@example.org)")(project)
    result = CliRunner().invoke(cli, ["-C", str(project), "build", "--lang", "en", "--module", "alpha"])
    assert result.exit_code == 0, result.output
    for path in sorted((project / "build" / "en" / "alpha").glob("*.*x")):
        targets = _targets(path)
        assert "https://example.org" in targets and "mailto:team@example.org" in targets, path.name
        assert not [t for t in targets if "secret" in t or "passwd" in t or "host" in t], (path.name, targets)


def test_module_text_reaches_no_template_engine(built, tmp_path, monkeypatch):
    """Jinja renders trainkit's and the project's templates with module text as values: braces stay text."""
    from docx import Document

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = tmp_path / "hardening"
    shutil.copytree(built, project, symlinks=True)
    replace(ALPHA, "- Two points", "- {{ 7 * 7 }} and {% if true %}x{% endif %}")(project)
    assert CliRunner().invoke(cli, ["-C", str(project), "build", "--lang", "en", "--module", "alpha"]).exit_code == 0
    text = "\n".join(p.text for p in Document(str(project / "build/en/alpha/handout.docx")).paragraphs)
    assert "{{ 7 * 7 }} and {% if true %}x{% endif %}" in text
    created = CliRunner().invoke(cli, ["-C", str(project), "new", "module", "braces", "--title", "{{ 7 * 7 }}"])
    assert created.exit_code == 0, created.output
    assert "title: '{{ 7 * 7 }}'" in (project / "modules" / "braces.md").read_text(encoding="utf-8")


def test_a_locales_folder_that_leads_out_is_not_written(built, tmp_path):
    project = tmp_path / "hardening"
    shutil.copytree(built, project, symlinks=True)
    elsewhere = tmp_path / "elsewhere"
    shutil.move(str(project / "locales" / "de"), str(elsewhere))
    (project / "locales" / "de").symlink_to(elsewhere)
    before = {p.name: p.read_bytes() for p in elsewhere.iterdir()}
    append(ALPHA, "\nA new sentence.\n")(project)
    result = CliRunner().invoke(cli, ["-C", str(project), "i18n", "update"])
    assert result.exit_code == 1
    assert ("locales/de/alpha.po: error: leads out of the project through a symbolic link; a catalog must be a "
            "file in the project [i18n.outside]") in result.stderr.splitlines()
    assert {p.name: p.read_bytes() for p in elsewhere.iterdir()} == before


# --- bundles -------------------------------------------------------------------------------------
# tests/test_release.py refuses '..', absolute, drive-letter, duplicate, encrypted, symbolic-link and
# zip-bomb members, non-zips and truncated zips (HOSTILE); what it did not cover:

from test_release import _with_extra, good_bundle  # noqa: E402,F401  (the fixture is used by name)

BUNDLE_CASES = {
    "letter case": ([("en/intro/Programme.docx", b"evil")],
                    "refused: members 'en/intro/programme.docx' and 'en/intro/Programme.docx' are one name on "
                    "Windows and macOS (letter case, or accents written another way): unpacked there, one would "
                    "replace the other"),
    "unicode form": ([("en/intro/cafe\u0301.txt", b"a"), ("en/intro/caf\u00e9.txt", b"b")],
                     "refused: members 'en/intro/cafe\u0301.txt' and 'en/intro/caf\u00e9.txt' are one name on "
                     "Windows and macOS (letter case, or accents written another way): unpacked there, one would "
                     "replace the other"),
    "backslashes": ([("en\\..\\..\\evil.txt", b"x")],
                    "refused: member 'en\\..\\..\\evil.txt' has an unsafe name (it goes up with '..')"),
    "control characters": ([("en/evil\x1b[31m.txt", b"x")], "refused: member "),
}


@pytest.mark.parametrize("kind", BUNDLE_CASES)
def test_bundles_whose_members_would_collide_or_climb_are_refused(kind, good_bundle, tmp_path):  # noqa: F811
    extra, problem = BUNDLE_CASES[kind]
    bundle = tmp_path / "full-uk-1.0.0.zip"
    _with_extra(bundle, good_bundle, extra)
    result = CliRunner().invoke(cli, ["verify", str(bundle)])
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"full-uk-1.0.0.zip: {problem}"), lines
    assert lines[-1] == "full-uk-1.0.0.zip: 1 problem(s)", lines


def test_out_may_be_anywhere(built, tmp_path):
    """--out is the user's own choice on the command line: a folder outside the project is fine."""
    project = tmp_path / "hardening"
    shutil.copytree(built, project, symlinks=True)
    elsewhere = tmp_path / "elsewhere" / "packs"
    result = CliRunner().invoke(cli, ["-C", str(project), "build", "--lang", "en", "--module", "beta", "--out",
                                      str(elsewhere)])
    assert result.exit_code == 0, result.output
    assert (elsewhere / "en" / "beta" / "slides.pptx").is_file()
