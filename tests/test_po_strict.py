"""PO files: read as strictly as ``msgfmt --check``, written exactly as gettext's msgcat writes them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from trainkit.errors import Diagnostics
from trainkit.i18n import catalogs
from trainkit.i18n.posyntax import Finding, check_po
from trainkit.i18n.powrap import columns

REPO = Path(__file__).parent.parent
MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.skipif(MSGCAT is None, reason="GNU gettext's msgcat is not installed")

HEADER = '''msgid ""
msgstr ""
"Project-Id-Version: demo 1.0\\n"
"Language: de\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

'''
"""A sound German header of 9 lines: the entries of each case start at line 10."""


def shipped_catalogs() -> list[Path]:
    locale = REPO / "trainkit" / "resources" / "locale"
    return (sorted((REPO / "locales").glob("*/*.po")) + sorted((REPO / "locales").glob("*.pot"))
            + [locale / "trainkit.pot"] + sorted(locale.glob("*/LC_MESSAGES/*.po")))


def language_of(path: Path) -> str | None:
    if path.suffix == ".pot":
        return None
    return path.parent.parent.name if path.parent.name == "LC_MESSAGES" else path.parent.name


def msgfmt_lines(path: Path) -> tuple[int, set[int]]:
    """msgfmt --check's exit status on ``path`` and the lines its messages point at."""
    done = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", path.name], cwd=path.parent,
                          capture_output=True, text=True)
    return done.returncode, {int(n) for n in re.findall(rf"^{re.escape(path.name)}:(\d+):", done.stderr, re.M)}


# --- reading: one broken file per case -------------------------------------------------

# (case, file, line, code, words of our message, line msgfmt reports: 0 when it rejects the file without a line,
#  None when it accepts the file and trainkit is stricter)
BROKEN = [
    ("unterminated string", HEADER + 'msgid "Local"\nmsgstr "Lokal\n',
     11, "i18n.po-syntax", "end-of-line within string", 12),  # msgfmt counts the newline it stopped at
    ("unterminated string at the end of the file", HEADER + 'msgid "Local"\nmsgstr "Lokal',
     11, "i18n.po-syntax", "end-of-file within string", 11),
    ("unescaped quotation marks", HEADER + 'msgid "Will come"\nmsgstr "Will "kommen""\n',
     11, "i18n.po-syntax", 'keyword "kommen" unknown; a quotation mark inside a string is written \\"', 11),
    ("garbage after a string", HEADER + 'msgid "a"\nmsgstr "b" 12\n',
     11, "i18n.po-syntax", "syntax error", 11),
    ("invalid escape", HEADER + 'msgid "a"\nmsgstr "b\\q"\n',
     11, "i18n.po-syntax", "invalid control sequence '\\q'", 11),
    ("unknown keyword", HEADER + 'msgid "a"\nmsgstr_bogus "b"\nmsgstr "c"\n',
     11, "i18n.po-syntax", 'keyword "msgstr_bogus" unknown', 11),
    ("msgstr without msgid", HEADER + 'msgstr "b"\n',
     10, "i18n.po-syntax", "syntax error: unexpected 'msgstr'", 10),
    ("missing msgstr", HEADER + 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n',
     10, "i18n.po-syntax", "missing 'msgstr' section", 10),
    ("msgstr[1] without msgid_plural", HEADER + 'msgid "a"\nmsgstr[0] "b"\n',
     10, "i18n.po-syntax", "missing 'msgid_plural' section", 10),
    ("plural forms out of order", HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[2] "bs"\n',
     13, "i18n.po-syntax", "plural form has wrong index", 13),
    ("obsolete and live lines mixed", HEADER + '#~ msgid "a"\nmsgstr "b"\n',
     11, "i18n.po-syntax", "inconsistent use of #~", 11),
    ("broken previous msgid", HEADER + '#| msgid "old\nmsgid "a"\nmsgstr "b"\n',
     10, "i18n.po-syntax", "end-of-line within string", 11),
    ("broken fuzzy entry", HEADER + '#, fuzzy\nmsgid "a"\nmsgstr "b\n',
     12, "i18n.po-syntax", "end-of-line within string", 13),
    ("broken obsolete entry", HEADER + '#~ msgid "a"\n#~ msgstr "b\\q"\n',
     11, "i18n.po-syntax", "invalid control sequence", 11),
    ("domain directive", HEADER + 'domain "other"\nmsgid "a"\nmsgstr "b"\n',
     10, "i18n.po-syntax", "'domain other' directive ignored", 10),
    ("byte order mark", "\ufeff" + HEADER + 'msgid "a"\nmsgstr "b"\n',
     1, "i18n.po-syntax", "byte order mark", 1),
    ("duplicate msgid", HEADER + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
     13, "i18n.po-duplicate", "duplicate message definition; the first definition is at line 11", 13),
    ("duplicate msgid and msgctxt",
     HEADER + 'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "c"\n',
     15, "i18n.po-duplicate", "first definition is at line 12", 15),
    ("duplicate of an obsolete entry", HEADER + 'msgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n',
     13, "i18n.po-duplicate", "duplicate message definition", 13),
    ("msgstr ends with \\n, msgid does not", HEADER + 'msgid "Line"\nmsgstr "Zeile\\n"\n',
     11, "i18n.po-newline", "'msgid' and 'msgstr' entries do not both end with '\\n'", 11),
    ("msgstr begins with \\n, msgid does not", HEADER + 'msgid "Line"\nmsgstr "\\nZeile"\n',
     11, "i18n.po-newline", "'msgid' and 'msgstr' entries do not both begin with '\\n'", 11),
    ("plural form without the \\n", HEADER + 'msgid "a\\n"\nmsgid_plural "as\\n"\nmsgstr[0] "b\\n"\nmsgstr[1] "bs"\n',
     12, "i18n.po-newline", "'msgid' and 'msgstr[1]' entries do not both end with '\\n'", 12),
    ("too few plural forms", HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\n',
     12, "i18n.po-plural", "nplurals = 2 (header, line 2), but this message has only one plural form", 12),
    ("too many plural forms", HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\nmsgstr[2] "d"\n',
     12, "i18n.po-plural", "but this message has 3 plural forms", 12),
    ("python-brace-format argument renamed",
     HEADER + '#, python-brace-format\nmsgid "Page {page}"\nmsgstr "Seite {seite}"\n',
     12, "i18n.po-format", "a format specification for argument 'page' doesn't exist in 'msgstr'", 12),
    ("python-brace-format directive broken",
     HEADER + '#, python-brace-format\nmsgid "Page {page}"\nmsgstr "Seite { page}"\n',
     12, "i18n.po-format", "'msgstr' is not a valid Python brace format string, unlike 'msgid'", 12),
    ("python-format argument lost", HEADER + '#, python-format\nmsgid "Version %(version)s"\nmsgstr "Version"\n',
     12, "i18n.po-format", "a format specification for argument 'version' doesn't exist in 'msgstr'", 12),
    ("python-format count differs", HEADER + '#, python-format\nmsgid "%s of %d"\nmsgstr "%d"\n',
     12, "i18n.po-format", "number of format specifications in 'msgid' and 'msgstr' does not match", 12),
    ("invalid UTF-8", HEADER.encode() + b'msgid "a"\nmsgstr "b\xff"\n',
     11, "i18n.po-encoding", "invalid multibyte sequence (byte 0xff)", 11),
]

HEADER_BROKEN = [
    ("no header", 'msgid "a"\nmsgstr "b"\n',
     1, "i18n.po-header", "PO file header missing", 0),
    ("no charset", 'msgid ""\nmsgstr ""\n"Language: de\\n"\n\nmsgid "a"\nmsgstr "b"\n',
     2, "i18n.po-header", "header has no charset in Content-Type; trainkit reads only UTF-8", None),
    ("charset not UTF-8", HEADER.replace("UTF-8", "ISO-8859-1") + 'msgid "a"\nmsgstr "b"\n',
     6, "i18n.po-header", "charset 'ISO-8859-1' is not supported: trainkit reads only UTF-8", None),
    ("Plural-Forms missing with plural translations",
     HEADER.replace('"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n', "")
     + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n',
     2, "i18n.po-header", 'lacks a "nplurals=INTEGER" and "plural=EXPRESSION" attribute', 2),
    ("invalid plural expression", HEADER.replace("(n != 1)", "(n !! 1)") + 'msgid "a"\nmsgstr "b"\n',
     2, "i18n.po-header", "invalid plural expression", 2),
    ("plural expression beyond nplurals", HEADER.replace("(n != 1)", "(n > 3 ? 2 : 1)") + 'msgid "a"\nmsgstr "b"\n',
     2, "i18n.po-header", "nplurals = 2 but plural expression can produce values as large as 2", 2),
    ("octal escape", HEADER + 'msgid "a"\nmsgstr "\\101"\n',
     11, "i18n.po-syntax", "escape sequence '\\101' is not supported by trainkit", None),
]


def _write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "case.po"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("case, body, line, code, words, msgfmt_line",
                         BROKEN + HEADER_BROKEN, ids=[c[0] for c in BROKEN + HEADER_BROKEN])
def test_broken_po_files_are_found_at_their_line_as_msgfmt_finds_them(tmp_path, case, body, line, code, words,
                                                                       msgfmt_line):
    path = _write(tmp_path, body)
    findings = check_po(path.read_bytes())
    assert any(f.line == line and f.code == code and words in f.message for f in findings), findings
    if MSGFMT is None:
        return
    status, lines = msgfmt_lines(path)
    if msgfmt_line is None:
        assert status == 0  # msgfmt only warns; trainkit needs UTF-8 and a header to read the file
    elif msgfmt_line == 0:
        assert status != 0
    else:
        assert status != 0 and msgfmt_line in lines, (status, lines)


SOUND = [
    ("obsolete entries", 'msgid "a"\nmsgstr "b"\n\n#~ msgid "old"\n#~ msgstr "alt"\n'),
    ("previous msgid", '#, fuzzy\n#| msgid "Old text"\nmsgid "New text"\nmsgstr "Alter Text"\n'),
    ("fuzzy entry with a format mismatch", '#, fuzzy, python-brace-format\nmsgid "{n} pages"\nmsgstr "Seiten"\n'),
    ("untranslated format entry", '#, python-brace-format\nmsgid "{n} pages"\nmsgstr ""\n'),
    ("same msgid in two contexts", 'msgctxt "a"\nmsgid "x"\nmsgstr "y"\n\nmsgctxt "b"\nmsgid "x"\nmsgstr "z"\n'),
    ("relaxed plural format", '#, python-brace-format\nmsgid "One page"\nmsgid_plural "{n} pages"\n'
                              'msgstr[0] "Eine Seite"\nmsgstr[1] "{n} Seiten"\n'),
    ("escapes and strings split over lines", 'msgid ""\n"Tab\\there, \\"quoted\\", back\\\\slash\\n"\n"next"\n'
                                             'msgstr "Tab\\tda, \\"zitiert\\", Rück\\\\strich\\nnächste"\n'),
]


@pytest.mark.parametrize("case, body", SOUND, ids=[c[0] for c in SOUND])
def test_sound_po_files_pass_like_msgfmt(tmp_path, case, body):
    path = _write(tmp_path, HEADER + body)
    assert check_po(path.read_bytes()) == []
    if MSGFMT is not None:
        assert msgfmt_lines(path)[0] == 0


def test_every_problem_of_a_file_is_reported_in_one_pass(tmp_path):
    body = ('msgid "Local"\nmsgstr "Lokal\n\n'  # 10-11
            'msgid "a"\nmsgstr "b\\q"\n\n'  # 13-14
            'msgid "Local"\nmsgstr "Lokal"\n\n'  # 16-17: duplicate of line 10
            '#, python-brace-format\nmsgid "{n} pages"\nmsgstr "{m} Seiten"\n')  # 19-21
    findings = check_po((HEADER + body).encode())
    assert [(f.line, f.code) for f in findings] == [
        (11, "i18n.po-syntax"), (14, "i18n.po-syntax"), (16, "i18n.po-duplicate"), (21, "i18n.po-format")]


def test_a_language_with_another_plural_count_is_reported():
    findings = check_po((HEADER + 'msgid "a"\nmsgstr "b"\n').encode(), nplurals=3)
    assert findings == [Finding(2, "Plural-Forms declares nplurals=2, but the catalog's language has 3 plural forms",
                                "i18n.po-plural")]


def test_read_catalog_reports_every_finding_and_does_not_use_the_file(tmp_path):
    path = _write(tmp_path, HEADER + 'msgid "Local"\nmsgstr "Lokal\n\nmsgid "Local"\nmsgstr "Lokal"\n')
    diagnostics = Diagnostics()
    assert catalogs.read_catalog(path, "locales/de/case.po", diagnostics, "de") is None
    assert [str(d) for d in diagnostics.sorted()] == [
        "locales/de/case.po:11: error: invalid PO file: end-of-line within string (the closing '\"' is missing) "
        "[i18n.po-syntax]",
        "locales/de/case.po:13: error: invalid PO file: duplicate message definition; the first definition is at "
        "line 11 [i18n.po-duplicate]"]


def test_a_file_msgmerge_wrote_with_previous_msgids_of_obsolete_entries_is_read(tmp_path):
    path = _write(tmp_path, HEADER + 'msgid "a"\nmsgstr "b"\n\n#, fuzzy\n#~| msgid "older"\n#~ msgid "old"\n'
                                     '#~ msgstr "alt"\n')
    assert check_po(path.read_bytes()) == []
    catalog = catalogs.read_catalog(path, "case.po", Diagnostics(), "de")
    assert catalog is not None and catalog["a"].string == "b"
    assert catalogs.render(catalog).endswith(b'\n\n#, fuzzy\n#~ msgid "old"\n#~ msgstr "alt"\n')


def test_i18n_check_reports_a_broken_translation_file(make_project, run):
    root = make_project("intl")
    assert run(root, "i18n", "update", "--lang", "de").exit_code == 0
    po = root / "locales" / "de" / "second.po"
    text = po.read_text(encoding="utf-8")
    first = text.index('msgstr ""', text.index('msgid "Second module"'))
    po.write_text(text[:first] + 'msgstr "Zweites "Modul""' + text[first + len('msgstr ""'):], encoding="utf-8")
    line = po.read_text(encoding="utf-8")[:first].count("\n") + 1
    result = run(root, "i18n", "check", "--lang", "de")
    assert result.exit_code == 1
    assert (f'locales/de/second.po:{line}: error: invalid PO file: keyword "Modul" unknown; a quotation mark '
            f'inside a string is written \\" [i18n.po-syntax]') in result.stderr


@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_shipped_catalog_passes_the_strict_check(path):
    assert check_po(path.read_bytes()) == []
    diagnostics = Diagnostics()
    assert catalogs.read_catalog(path, path.name, diagnostics, language_of(path)) is not None, diagnostics.items


# --- writing: msgcat changes nothing ---------------------------------------------------


def msgcat(data: bytes, tmp_path: Path, *options: str) -> bytes:
    source = tmp_path / "msgcat-in.po"
    source.write_bytes(data)
    return subprocess.run([MSGCAT, *options, str(source)], capture_output=True, check=True).stdout


_UNKNOWN_FLAGS = {"ignore-check-glossary"}


def without_unknown_flags(data: bytes) -> bytes:
    """``data`` less the flags gettext does not know: msgcat drops them, trainkit keeps them for Weblate."""
    out = []
    for line in data.decode("utf-8").split("\n"):
        if line.startswith("#, "):
            flags = [flag for flag in line[3:].split(", ") if flag not in _UNKNOWN_FLAGS]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        out.append(line)
    return "\n".join(out).encode("utf-8")


@needs_msgcat
@pytest.mark.parametrize("path", shipped_catalogs(), ids=lambda p: str(p.relative_to(REPO)))
def test_msgcat_changes_nothing_in_a_catalog_trainkit_writes(path, tmp_path):
    catalog = catalogs.read_catalog(path, path.name, Diagnostics(), language_of(path))
    data = catalogs.render(catalog, "file" if "resources" in path.parts else "full")
    assert msgcat(data, tmp_path) == without_unknown_flags(data)


def rich_catalog() -> Catalog:
    """Entries of every shape a translator meets: long text, previous msgids, flags, notes, plurals."""
    catalog = catalogs.merge(Catalog(project="demo", version="1.0"), None, "de", "# German demo.")
    long_de = ("Die Teilnehmenden lernen, die Akteure, Rollen und Lücken des Ökosystems zu kartieren, das soziale "
               "Innovation in ihrer eigenen Region unterstützt – über Grenzen hinweg.")
    catalog.add("Short", "Kurz", locations=[("modules/a.md", 3)])
    message = catalog.add(
        "Participants learn to map the actors, roles and gaps of the ecosystem that supports social innovation.",
        long_de, flags=["fuzzy", "ignore-check-glossary"], auto_comments=[
            "Paragraph on slide “Mapping the regional ecosystem for social innovation and social enterprises”"],
        user_comments=["Checked with the glossary team in Riga."],
        locations=[(f"modules/a-very-long-module-name-{i}.md", 100 + i) for i in range(6)])
    message.previous_id = ["Participants learn to map the actors, roles and gaps of the ecosystem that supports "
                           "social innovation in their region."]
    url = "https://example.org/csei/resources/toolkit/ecosystem-mapping/regional-support-organisations.html"
    catalog.add(f"Read {url} before the session", f"Lesen Sie {url} vor der Sitzung", locations=[("modules/a.md", 9)])
    catalog.add("First line\nSecond line with a \"quote\", a tab\tand a back\\slash\n",
                "Erste Zeile\nZweite Zeile mit „Zitat“, Tab\tund Rück\\strich\n")
    catalog.add(("{n} page of the participant handout for the regional ecosystem session",
                 "{n} pages of the participant handout for the regional ecosystem session"),
                ("{n} Seite des Teilnehmerhandouts für die Sitzung zum regionalen Ökosystem",
                 "{n} Seiten des Teilnehmerhandouts für die Sitzung zum regionalen Ökosystem"),
                flags=["python-brace-format"])
    catalog.add("Version %(version)s of the facilitator guide for the regional ecosystem mapping workshop",
                "Version %(version)s des Moderationsleitfadens für den Workshop zur Kartierung des Ökosystems",
                flags=["python-format"], context="cover page")
    catalog.add("Slide {slide.number} of {slides:>3} in the deck {deck.title} for the regional ecosystem workshop",
                "Folie {slide.number} von {slides:>3} im Foliensatz {deck.title} für den Workshop zum Ökosystem",
                flags=["python-brace-format"])
    catalog.add("中文标题：社会创新与社会企业在波罗的海地区的支持——区域生态系统地图绘制工作坊参与者手册",
                "中文標題：波羅的海地區社會創新與社會企業的支持——區域生態系統地圖繪製工作坊參與者手冊")
    catalog.add("Combining marks: Ạ̈ạ̈ Ẹ̈ẹ̈ Ọ̈ọ̈ Ụ̈ụ̈ in a long line that has to wrap somewhere near the end",
                "Kombinierende Zeichen: Ạ̈ạ̈ Ẹ̈ẹ̈ Ọ̈ọ̈ Ụ̈ụ̈ in einer langen Zeile, die irgendwo am Ende umbricht")
    catalog.add("A long line that must not wrap because the translator asked for it with the no-wrap flag here",
                "Eine lange Zeile, die nicht umbrechen darf, weil die Übersetzerin es mit no-wrap verlangt hat",
                flags=["no-wrap"])
    catalog.add("Untranslated but fuzzy", "", flags=["fuzzy"])
    for removed in (Message("Removed text that was translated once and is now kept as an obsolete entry",
                            "Entfernter Text, der einmal übersetzt wurde und jetzt als veraltet bleibt"),
                    Message("Removed text that nobody translated", "")):
        catalog.obsolete[removed.id] = removed
    return catalog


@needs_msgcat
def test_msgcat_changes_nothing_in_entries_of_every_shape(tmp_path):
    data = catalogs.render(rich_catalog())
    assert msgcat(data, tmp_path) == without_unknown_flags(data)
    text = data.decode("utf-8")
    assert 'msgid "Short"\nmsgstr "Kurz"\n' in text  # what fits stays on one line
    assert '#| msgid ""\n#| "Participants learn' in text  # previous msgids wrap like msgids
    assert "#, fuzzy, ignore-check-glossary\n" in text
    assert '"First line\\n"\n"Second line' in text  # a new line after each \n
    # Breaks inside a URL, after "/" and "-", where libunistring allows them.
    assert '"Read https://example.org/csei/resources/toolkit/ecosystem-mapping/regional-"\n"support-' in text
    assert '"Lesen Sie https://example.org/csei/resources/toolkit/ecosystem-mapping/"\n"regional-' in text
    assert "Untranslated but fuzzy" in text and '#, fuzzy\nmsgid "Untranslated' not in text
    assert '#~ msgid ""\n#~ "Removed text that was translated' in text and "nobody translated" not in text
    for block in text.split("\n\n"):  # strings and references fill 79 columns; comments keep their lines
        if "#, no-wrap" not in block:
            strings = [line for line in block.splitlines() if not line.startswith(("# ", "#."))]
            assert all(sum(map(columns, line)) <= 79 for line in strings), block
    # gettext counts columns, not bytes: a full line of umlauts is longer than 79 bytes.
    assert any(len(line.encode("utf-8")) > 79 >= sum(map(columns, line)) for line in text.splitlines())


def test_rendering_is_stable_when_read_back(tmp_path):
    data = catalogs.render(rich_catalog())
    path = tmp_path / "de.po"
    path.write_bytes(data)
    assert check_po(data) == []
    again = catalogs.read_catalog(path, "de.po", Diagnostics(), "de")
    assert catalogs.render(again) == data


# --- comparing: wrapping does not count -------------------------------------------------


@needs_msgcat
@pytest.mark.parametrize("path", shipped_catalogs()[:56:9], ids=lambda p: str(p.relative_to(REPO)))
@pytest.mark.parametrize("options", [("--width=60",), ("--no-wrap",)], ids=["width-60", "no-wrap"])
def test_a_catalog_rewrapped_by_msgcat_is_not_out_of_date(path, options, tmp_path):
    catalog = catalogs.read_catalog(path, path.name, Diagnostics(), language_of(path))
    written = without_unknown_flags(catalogs.render(catalog, "file" if "resources" in path.parts else "full"))
    rewrapped = msgcat(written, tmp_path, *options)
    assert rewrapped != written
    assert catalogs.same_content(rewrapped, written)
    saved = tmp_path / "saved.po"
    saved.write_bytes(rewrapped)
    assert not catalogs.needs_write(saved, written)


def test_what_a_file_says_counts_and_its_dates_do_not():
    data = catalogs.render(rich_catalog())
    dated = re.sub(rb'"POT-Creation-Date: [^"]*"', b'"POT-Creation-Date: 2031-01-01 00:00+0000\\\\n"', data)
    assert dated != data and catalogs.same_content(data, dated)
    for old, new in [(b'msgstr "Kurz"', b'msgstr "Knapp"'), (b"#, fuzzy, ignore", b"#, ignore"),
                     (b"modules/a.md:3", b"modules/a.md:4"), (b"#| msgid", b"#| msgid \"x\"\n#| "),
                     (b"# Checked with", b"# Asked")]:
        assert data.count(old) == 1, old
        assert not catalogs.same_content(data, data.replace(old, new)), old


@needs_msgcat
def test_update_leaves_a_file_saved_by_msgcat_as_it_is(make_project, run, tmp_path):
    root = make_project("intl")
    assert run(root, "i18n", "update", "--lang", "de").exit_code == 0
    po = root / "locales" / "de" / "full-syntax.po"
    rewrapped = msgcat(po.read_bytes(), tmp_path, "--width=30")
    assert rewrapped != po.read_bytes()
    po.write_bytes(rewrapped)
    result = run(root, "i18n", "update", "--lang", "de", "--check")
    assert result.exit_code == 0, result.stderr
    assert run(root, "i18n", "update", "--lang", "de").exit_code == 0
    assert po.read_bytes() == rewrapped
