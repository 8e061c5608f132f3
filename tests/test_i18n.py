"""Localisation: extract -> update -> translate -> build, status, check, pseudo-locale, trainkit's own words."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import write_po

from trainkit import model as m
from trainkit.build import builtin_template, load_project
from trainkit.i18n.extract import extract_messages, serialise_inlines
from trainkit.i18n.pseudo import pseudo_translate, visible_length
from trainkit.reader.markdown import parse_inline

from conftest import PROJECTS
from outline import document_text, slide_texts

MSGFMT = shutil.which("msgfmt")


# --- helpers ----------------------------------------------------------------


def ensure_templates(root: Path) -> None:
    """Use the built-in templates; while they do not exist yet, python-pptx/python-docx defaults."""
    if builtin_template("slides.pptx").is_file():
        return
    from docx import Document
    from pptx import Presentation

    (root / "templates").mkdir(exist_ok=True)
    deck, document = Presentation(), Document()
    # The libraries' default files describe themselves in English; a real template would not.
    deck.core_properties.comments = document.core_properties.comments = ""
    deck.save(str(root / "templates" / "slides.pptx"))
    document.save(str(root / "templates" / "handout.docx"))
    document.save(str(root / "templates" / "guide.docx"))
    with (root / "trainkit.yaml").open("a", encoding="utf-8") as out:
        out.write("templates:\n  slides: templates/slides.pptx\n  handout: templates/handout.docx\n"
                  "  guide: templates/guide.docx\n")


@pytest.fixture
def intl(make_project) -> Path:
    root = make_project("intl")
    ensure_templates(root)
    return root


def read(path: Path):
    from trainkit.errors import Diagnostics
    from trainkit.i18n.catalogs import read_catalog

    return read_catalog(path, path.name, Diagnostics())


def save(path: Path, catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog, width=76)


def fill(path: Path, translate) -> None:
    """What a translator does: give every entry a translation."""
    catalog = read(path)
    for message in catalog:
        if message.id:
            message.string = translate(message.id)
            message.flags.discard("fuzzy")
    save(path, catalog)


def german(msgid: str) -> str:
    known = {
        "Level one **bold** and *italic* and `code`": "Ebene eins **fett** und *kursiv* und `code`",
        "Bullets and levels": "Aufzählungen und Ebenen",
        "Full syntax module": "Modul mit voller Syntax",
        "Speaker note for the bullets slide.": "Sprechernotiz zur Aufzählungsfolie.",
        "Handout-only further reading.": "Weiterführende Lektüre nur im Handout.",
        "Facilitator-only advice about timing.": "Zeithinweis nur für Moderierende.",
    }
    return known.get(msgid, "DE " + msgid)


def msgfmt_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([MSGFMT, "--check-format", "--check-header", "-o", "/dev/null", str(path)],
                          capture_output=True, text=True)


def entry_block(po_text: str, msgid: str) -> str:
    """The lines of the PO entry whose msgid is ``msgid`` (comments included)."""
    for block in po_text.split("\n\n"):
        if f'\nmsgid "{msgid}"' in "\n" + block:
            return block
    raise AssertionError(f"no entry for {msgid!r}")


# --- inline Markdown round trip --------------------------------------------


def _all_inlines(module: m.Module):
    def blocks(items):
        for block in items:
            if isinstance(block, (m.Paragraph, m.Heading)):
                yield block.inlines
            elif isinstance(block, (m.BulletList, m.OrderedList)):
                for item in block.items:
                    yield from blocks(item.blocks)
            elif isinstance(block, m.Table):
                for row in (block.header, *block.rows):
                    yield from (cell.inlines for cell in row)
            elif isinstance(block, (m.Div, m.Quote)):
                yield from blocks(block.blocks)

    for section in module.sections:
        yield section.title
        yield from blocks(section.blocks)
        for slide in section.slides:
            yield slide.title
            yield from blocks(slide.blocks)


def test_serialised_inlines_parse_back_to_the_same_model(intl):
    project = load_project(intl)
    tricky = [
        (m.Text("5 * 3 = 15, snake_case, _lead, a [b] <c> &amp; back\\slash"),),
        (m.Code("a `tick`"), m.Text(" and "), m.Code("`")),
        (m.Link("https://example.org/a_(b)", (m.Text("wiki"),)),),
        (m.Strong((m.Text("bold "), m.Emphasis((m.Text("both"),)))), m.Text(" end")),
        (m.Text("line"), m.LineBreak(), m.Text("two")),
    ]
    for inlines in [*(i for mod in project.modules for i in _all_inlines(mod)), *tricky]:
        assert parse_inline(serialise_inlines(inlines)) == inlines, serialise_inlines(inlines)


# --- extract ---------------------------------------------------------------


def test_extract_writes_a_template_with_references_and_translator_notes(intl, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = run(intl, "i18n", "extract")
    assert result.exit_code == 0, result.stderr
    assert "wrote locales/full-syntax.pot" in result.stdout
    pot = (intl / "locales" / "full-syntax.pot").read_text(encoding="utf-8")
    assert entry_block(pot, "Level one **bold** and *italic* and `code`").splitlines()[:2] == [
        "#. Bullet on slide “Bullets and levels”", "#: modules/full-syntax.md:32"]
    assert entry_block(pot, "Bullets and levels").startswith("#. Slide title in section “Concepts”\n")
    assert "#. Speaker note on slide “Bullets and levels”" in entry_block(pot, "Speaker note for the bullets slide.")
    assert "#. Table header cell on slide “A table”" in entry_block(pot, "Actor")
    assert "#. Learning objective" in entry_block(pot, "Explain what a *cluster* does")
    assert "Exercise title" in entry_block(pot, "Map your region")
    assert "Exercise: what participants need" in entry_block(pot, "large sheets, coloured markers")
    assert "Answer field" in entry_block(pot, "Actors you found")
    assert "Glossary term" in entry_block(pot, "Cluster")
    assert "Image alt text" in entry_block(pot, "A wide diagram")
    assert "Image caption" in entry_block(pot, "Wide caption")
    assert 'msgid "Level two with a [link](https://example.org/csei)"' in pot
    # Code blocks and numbers are not messages; keywords and authors are (the documents' properties)
    for absent in ('msgid "code block line"', 'msgid "10"', 'msgid "5"'):
        assert absent not in pot
    assert entry_block(pot, "csei").startswith("#. Keyword")
    assert entry_block(pot, "Test Author").startswith("#. Author")
    assert 'POT-Creation-Date: 2023-11-14 22:13+0000' in pot


def test_extract_is_deterministic_and_keeps_the_date_while_messages_stay(intl, run, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    run(intl, "i18n", "extract")
    first = (intl / "locales" / "full-syntax.pot").read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    result = run(intl, "i18n", "extract")
    assert result.exit_code == 0
    assert "0 catalog(s) written, 2 unchanged" in result.stderr
    assert (intl / "locales" / "full-syntax.pot").read_bytes() == first
    assert run(intl, "i18n", "extract", "--check").exit_code == 0


@pytest.mark.parametrize("setting, reference", [("file", "#: modules/second.md\n"), ("never", None)])
def test_add_location_setting_drops_line_numbers(intl, run, setting, reference):
    config = intl / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + f"i18n:\n  add_location: {setting}\n", encoding="utf-8")
    assert run(intl, "i18n", "extract").exit_code == 0
    pot = (intl / "locales" / "second.pot").read_text(encoding="utf-8")
    assert "modules/second.md:" not in pot
    if reference:
        assert reference in pot
    else:
        assert "#: " not in pot


# --- update ----------------------------------------------------------------


def test_update_creates_catalogs_with_the_right_headers(intl, run):
    result = run(intl, "i18n", "update")
    assert result.exit_code == 0, result.stderr
    de = (intl / "locales" / "de" / "full-syntax.po").read_text(encoding="utf-8")
    pl = (intl / "locales" / "pl" / "full-syntax.po").read_text(encoding="utf-8")
    assert '"Language: de\\n"' in de and '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in de
    assert '"Language: pl\\n"' in pl and "nplurals=3;" in pl
    assert '"Language-Team: Polish <>\\n"' in pl
    assert (intl / "locales" / "en").exists() is False
    assert run(intl, "i18n", "update", "--check").exit_code == 0


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_accepts_every_catalog_the_project_writes(intl, run):
    assert run(intl, "i18n", "update").exit_code == 0
    assert run(intl, "i18n", "pseudo", "pl").exit_code == 0
    fill(intl / "locales" / "de" / "second.po", german)
    files = sorted((intl / "locales").rglob("*.po*"))
    assert len(files) == 6
    for path in files:
        done = msgfmt_check(path)
        assert done.returncode == 0, done.stderr


@pytest.mark.skipif(MSGFMT is None, reason="GNU gettext's msgfmt is not installed")
def test_msgfmt_accepts_trainkits_own_catalogs():
    from trainkit.i18n import own

    for path in [own.template_path(), *(own.po_path(code) for code in own.LANGUAGES)]:
        done = msgfmt_check(path)
        assert done.returncode == 0, done.stderr


def test_round_trip_translations_reach_every_output_and_edits_turn_fuzzy(intl, run):
    assert run(intl, "i18n", "update").exit_code == 0
    de_po = intl / "locales" / "de" / "full-syntax.po"
    fill(de_po, german)
    fill(intl / "locales" / "de" / "second.po", german)
    result = run(intl, "build", "--lang", "de", "--module", "full-syntax")
    assert result.exit_code == 0, result.stderr
    assert "untranslated" not in result.stderr
    out = intl / "build" / "de" / "full-syntax"
    slides = slide_texts(out / "slides.pptx")
    assert any(s["title"] == "Aufzählungen und Ebenen" for s in slides)
    assert "Ebene eins fett und kursiv und code" in [t for s in slides for t in s["body"]]
    assert "Sprechernotiz zur Aufzählungsfolie." in "".join(s["notes"] for s in slides)
    handout = document_text(out / "handout.docx")
    guide = document_text(out / "facilitator-guide.docx")
    for text in (handout, guide):
        assert "Modul mit voller Syntax" in text and "Ebene eins fett und kursiv und code" in text
        assert "Level one" not in text
    assert "Weiterführende Lektüre nur im Handout." in handout
    assert "Zeithinweis nur für Moderierende." in guide

    # The trainer edits one bullet and removes another; the translator's work survives.
    module = intl / "modules" / "full-syntax.md"
    source = module.read_text(encoding="utf-8")
    source = source.replace("- Level one **bold** and *italic* and `code`", "- Level one **bold** and *italic* with `code`")
    source = source.replace("- Another level one\n", "")
    module.write_text(source, encoding="utf-8")
    assert run(intl, "i18n", "update", "--check").exit_code == 1
    assert run(intl, "i18n", "update").exit_code == 0
    po = de_po.read_text(encoding="utf-8")
    changed = entry_block(po, "Level one **bold** and *italic* with `code`")
    assert "#, fuzzy" in changed
    assert '#| msgid "Level one **bold** and *italic* and `code`"' in changed
    assert 'msgstr "Ebene eins **fett** und *kursiv* und `code`"' in changed
    assert '#~ msgid "Another level one"' in po
    # Until the translator looks at it, the entry keeps the text to compare with, update after update.
    assert run(intl, "i18n", "update").exit_code == 0
    assert '#| msgid "Level one **bold** and *italic* and `code`"' in entry_block(
        de_po.read_text(encoding="utf-8"), "Level one **bold** and *italic* with `code`")
    assert entry_block(po, "Bullets and levels").endswith('msgstr "Aufzählungen und Ebenen"')
    assert "fuzzy" not in entry_block(po, "Bullets and levels")
    # The build falls back to the source text for the fuzzy entry and says so.
    result = run(intl, "build", "--lang", "de", "--module", "full-syntax", "--format", "slides")
    assert result.exit_code == 0
    assert ("modules/full-syntax.md: warning: 1 untranslated message(s) in 'de', 1 of them fuzzy "
            "(first: modules/full-syntax.md:32) [i18n.untranslated]") in result.stderr
    assert run(intl, "build", "--lang", "de", "--module", "full-syntax", "--format", "slides",
               "--strict").exit_code == 1


def test_small_edit_in_a_long_paragraph_is_fuzzy_not_obsolete(intl, run):
    long_text = ("Social enterprises combine a social mission with a business model, and regional support "
                 "organisations often find that their usual instruments for start-ups, loans and coaching do "
                 "not fit them well, because impact has to be measured alongside turnover and the founders "
                 "come from civil society rather than from technology or the trades.")
    module = intl / "modules" / "second.md"
    module.write_text(module.read_text(encoding="utf-8") + f"\n## Long\n\n{long_text}\n", encoding="utf-8")
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "second.po"
    fill(po, lambda msgid: "DE " + msgid)
    edited = long_text.replace("often find", "frequently find")
    module.write_text(module.read_text(encoding="utf-8").replace(long_text, edited), encoding="utf-8")
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    catalog = read(po)
    message = catalog.get(edited)
    assert message is not None and message.fuzzy
    assert message.previous_id == [long_text]
    assert message.string == "DE " + long_text
    assert not catalog.obsolete


def test_update_check_reports_stale_catalogs_for_ci(intl, run):
    result = run(intl, "i18n", "update", "--check")
    assert result.exit_code == 1
    assert "out of date: locales/de/second.po" in result.stdout
    assert not (intl / "locales").exists()


# --- build fallbacks --------------------------------------------------------


def test_build_without_catalog_warns_once_per_module_and_language(intl, run):
    result = run(intl, "build", "--lang", "pl", "--module", "second", "--format", "slides")
    assert result.exit_code == 0, result.stderr
    assert ("modules/second.md: warning: 6 untranslated message(s) in 'pl': locales/pl/second.po does not exist "
            "(run 'trainkit i18n update --lang pl') [i18n.untranslated]") in result.stderr
    strict = run(intl, "build", "--lang", "pl", "--module", "second", "--format", "slides", "--strict")
    assert strict.exit_code == 1


def test_build_warning_names_the_first_untranslated_locations(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    result = run(intl, "build", "--lang", "de", "--module", "second", "--format", "handout")
    assert ("modules/second.md: warning: 6 untranslated message(s) in 'de' (first: modules/second.md:2, "
            "modules/second.md:4, modules/second.md:7, …) [i18n.untranslated]") in result.stderr


# --- status -----------------------------------------------------------------


def test_status_table_json_and_minimum(intl, run):
    assert run(intl, "i18n", "update").exit_code == 0
    fill(intl / "locales" / "de" / "second.po", german)
    result = run(intl, "i18n", "status")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["module", "lang", "translated", "fuzzy", "untranslated", "words", "left", "%"]
    assert lines[3].split() == ["second", "de", "6", "0", "0", "0", "100.0"]
    assert lines[4].split() == ["second", "pl", "0", "0", "6", "18", "0.0"]
    data = json.loads(run(intl, "i18n", "status", "--json", "--lang", "de").stdout)
    assert data[1] == {"module": "second", "language": "de", "translated": 6, "fuzzy": 0, "untranslated": 0,
                       "total": 6, "words_left": 0, "percent": 100.0, "catalog": "locales/de/second.po"}
    below = run(intl, "i18n", "status", "--min", "100", "--lang", "de")
    assert below.exit_code == 1
    assert "locales/de/full-syntax.po: 0.0% translated, under the minimum of 100%" in below.stderr
    assert "second.po" not in below.stderr


# --- check ------------------------------------------------------------------


def test_check_finds_broken_markup_with_file_and_line(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "full-syntax.po"
    broken = {
        "Level two with a [link](https://example.org/csei)": "Ebene zwei mit einem [Link](https://example.org/other)",
        "Level one **bold** and *italic* and `code`": "Ebene eins **fett und *kursiv* und code",
        "Bullets and levels": "Aufzählungen ![Bild](x.png)",
    }
    fill(po, lambda msgid: broken.get(msgid, "DE " + msgid))
    assert run(intl, "i18n", "check", "--lang", "pl").exit_code == 0
    result = run(intl, "i18n", "check")
    assert result.exit_code == 1
    text = po.read_text(encoding="utf-8").splitlines()

    def line_of(msgid: str) -> int:
        return text.index(f'msgid "{msgid}"') + 1

    link, code = line_of(list(broken)[0]), line_of(list(broken)[1])
    assert (f"locales/de/full-syntax.po:{link}: error: translation does not keep the links of the source text "
            f"(missing https://example.org/csei; unexpected https://example.org/other) [i18n.links]") in result.stderr
    assert (f"locales/de/full-syntax.po:{code}: error: translation does not keep the code spans of the source "
            f"text (missing `code`) [i18n.code]") in result.stderr
    assert (f"locales/de/full-syntax.po:{code}: error: translation has unbalanced emphasis or code markers "
            f"(*, _ or `), which would be shown as they are [i18n.emphasis]") in result.stderr
    assert "[i18n.images]" in result.stderr
    assert "checked 2 catalog(s): 4 problem(s)" in result.stderr


def test_emphasis_is_compared_by_count_and_kind(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "full-syntax.po"
    source = "Level one **bold** and *italic* and `code`"
    fill(po, lambda msgid: {source: "Ebene eins fett und kursiv und `code`",
                            "Bullets and levels": "**Aufzählungen** und Ebenen"}.get(msgid, "DE " + msgid))
    result = run(intl, "i18n", "check", "--lang", "de")
    lines = po.read_text(encoding="utf-8").splitlines()
    dropped = lines.index(f'msgid "{source}"') + 1
    added = lines.index('msgid "Bullets and levels"') + 1
    assert (f"locales/de/full-syntax.po:{dropped}: warning: translation does not keep the emphasis of the source "
            f"text (source: 1 bold, 1 italic; translation: 0 bold, 0 italic) [i18n.emphasis]") in result.stderr
    assert (f"locales/de/full-syntax.po:{added}: warning: translation does not keep the emphasis of the source "
            f"text (source: 0 bold, 0 italic; translation: 1 bold, 0 italic) [i18n.emphasis]") in result.stderr
    assert result.exit_code == 0  # a warning: the translation is still used


def test_a_broken_translation_is_never_shipped(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "full-syntax.po"
    fill(po, lambda msgid: "**Ebenen und Aufzählungen" if msgid == "Bullets and levels" else "DE " + msgid)
    result = run(intl, "build", "--lang", "de", "--lang", "en")
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Bullets and levels"') + 1
    assert result.exit_code == 1
    assert (f"locales/de/full-syntax.po:{line}: error: translation has unbalanced emphasis or code markers "
            f"(*, _ or `), which would be shown as they are [i18n.emphasis]") in result.stderr.splitlines()
    assert "not built because of errors: full-syntax (de)" in result.stderr
    assert not (intl / "build" / "de" / "full-syntax").exists()
    assert (intl / "build" / "en" / "full-syntax" / "slides.pptx").is_file()
    assert (intl / "build" / "de" / "second" / "slides.pptx").is_file()  # its own catalog is fine
    status = json.loads(run(intl, "i18n", "status", "--json", "--lang", "de").stdout)
    assert status[0]["untranslated"] == 1  # the broken one counts as not translated


def test_po_syntax_errors_are_reported_with_file_and_line(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "second.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    target = lines.index('msgid "Second module"') + 2
    lines.insert(target - 1, 'msgstr_bogus "oops"')
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(intl, "i18n", "check")
    assert result.exit_code == 1
    assert re.search(rf"^locales/de/second\.po:{target}: error: invalid PO file: .*\[i18n\.po-syntax\]$",
                     result.stderr, re.M), result.stderr
    # A broken catalog is never overwritten by update, and the build reports it too.
    before = po.read_bytes()
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 1
    assert po.read_bytes() == before
    build = run(intl, "build", "--lang", "de", "--module", "second", "--format", "slides")
    assert build.exit_code == 1
    assert f"locales/de/second.po:{target}: error: invalid PO file" in build.stderr


# --- pseudo-localisation ----------------------------------------------------


def test_pseudo_translations_are_accented_longer_and_keep_markup():
    source = "Level two with a [link](https://example.org/csei) and `code`"
    pseudo = pseudo_translate(source)
    assert "(https://example.org/csei)" in pseudo and "`code`" in pseudo
    assert parse_inline(pseudo)[1] == m.Link("https://example.org/csei", (m.Text("ĺîñķ"),))
    for text in ("Map the actors of a region", "Support must fit social enterprises", source):
        ratio = visible_length(pseudo_translate(text)) / visible_length(text)
        assert 1.3 <= ratio <= 1.4, (text, ratio)
    assert not re.search(r"[A-Za-z]{2}", m.plain_text(parse_inline(pseudo_translate("Plain words only"))))


def test_pseudo_refuses_to_replace_real_translations(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    fill(intl / "locales" / "de" / "second.po", german)
    before = {p.name: p.read_bytes() for p in (intl / "locales" / "de").glob("*.po")}
    result = run(intl, "i18n", "pseudo", "de")
    assert result.exit_code == 2
    assert result.stderr.strip() == ("trainkit: error: locales/de/second.po hold(s) real translations; nothing "
                                     "was changed (use --force to replace them with pseudo-translations)")
    # full-syntax.po (before second.po) was not pseudo-filled either: all or nothing
    assert {p.name: p.read_bytes() for p in (intl / "locales" / "de").glob("*.po")} == before
    assert run(intl, "i18n", "pseudo", "de", "--force").exit_code == 0
    assert run(intl, "i18n", "pseudo", "de").exit_code == 0  # pseudo over pseudo is fine


def test_catalogs_of_deleted_modules_are_reported_and_pruned(intl, run):
    extra = intl / "modules" / "extra.md"
    extra.write_text((intl / "modules" / "second.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert run(intl, "i18n", "update").exit_code == 0
    extra.unlink()
    result = run(intl, "i18n", "check")
    assert ("locales/de/extra.po: warning: no module 'extra' in modules/: this catalog is left from a deleted "
            "or renamed module (remove it with 'trainkit i18n update --prune') [i18n.orphan]") in result.stderr
    assert "locales/extra.pot: warning: no module 'extra'" in result.stderr
    assert run(intl, "i18n", "update", "--check", "--prune").exit_code == 1
    pruned = run(intl, "i18n", "update", "--prune")
    assert pruned.exit_code == 0, pruned.stderr
    assert "removed locales/de/extra.po" in pruned.stdout and "removed locales/extra.pot" in pruned.stdout
    assert not list((intl / "locales").rglob("extra.po*"))
    assert "[i18n.orphan]" not in run(intl, "i18n", "check").stderr


def _english_vocabulary(project) -> set[str]:
    """Words of every source text: module messages and trainkit's own words (code and URLs left out)."""
    from trainkit.i18n import own

    texts = [msg.msgid for mod in project.modules for msg in extract_messages(mod)]
    catalog = read(own.template_path())
    for message in catalog:
        if message.id:
            texts.extend(message.id if isinstance(message.id, (list, tuple)) else [message.id])
    german_words = {w.lower() for msg in read(own.po_path("de")) if msg.id
                    for text in ([msg.string] if isinstance(msg.string, str) else msg.string)
                    for w in re.findall(r"[A-Za-z]+", text)}
    words: set[str] = set()
    for text in texts:
        text = re.sub(r"`[^`]*`|\]\([^)]*\)|\{[a-z]+\}", " ", text)
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{3,}", text))
    # Common English words a hard-coded label would contain.
    words.update({"the", "and", "for", "with", "page", "minutes", "minute", "hour", "hours", "hrs", "mins", "notes",
                  "slide", "slides", "exercise", "objectives", "agenda", "continued", "handout", "guide", "facilitator"})
    return words - german_words


def _pptx_texts(path: Path) -> list[str]:
    from pptx import Presentation

    deck = Presentation(str(path))
    texts: list[str] = []

    def shapes(collection):
        for shape in collection:
            if shape.shape_type == 6:  # group
                shapes(shape.shapes)
            if shape.has_text_frame:
                texts.extend(run.text for p in shape.text_frame.paragraphs for run in p.runs)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(run.text for row in shape.table.rows for cell in row.cells
                             for p in cell.text_frame.paragraphs for run in p.runs)

    for slide in deck.slides:
        shapes(slide.shapes)
        if slide.has_notes_slide:
            texts.extend(run.text for p in slide.notes_slide.notes_text_frame.paragraphs for run in p.runs)
    return [("content", text) for text in texts] + _properties(deck.core_properties)


def _properties(props) -> list[tuple[str, str]]:
    return [(f"core property {name}", getattr(props, name) or "")
            for name in ("title", "subject", "keywords", "comments", "category")]


def _docx_texts(path: Path) -> list[str]:
    from docx import Document

    document = Document(str(path))
    texts: list[str] = []

    def paragraphs(items):
        texts.extend(p.text for p in items)

    def tables(items):
        for table in items:
            for row in table.rows:
                for cell in row.cells:
                    paragraphs(cell.paragraphs)
                    tables(cell.tables)

    paragraphs(document.paragraphs)
    tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer,
                     section.even_page_header, section.even_page_footer):
            if not part.is_linked_to_previous:
                paragraphs(part.paragraphs)
                tables(part.tables)
    return [("content", text) for text in texts] + _properties(document.core_properties)


def _allowed_words(project) -> set[str]:
    """Plain ASCII words a German output may show: its own words, code, identifiers, Babel's German."""
    from babel import Locale

    from trainkit.i18n import own

    texts = [project.config.branding.acknowledgement_in("de"), "de DE", "trainkit"]
    for message in read(own.po_path("de")):
        if message.id:
            texts.extend([message.string] if isinstance(message.string, str) else message.string)
    for module in project.modules:
        meta = module.metadata
        texts.extend([module.id, meta.license, meta.version, *meta.authors, *meta.tags, *meta.prerequisites])
        for msg in extract_messages(module):
            texts.extend(re.findall(r"`([^`]*)`", msg.msgid))
    texts.append("code block line")  # the fixture's code block
    locale = Locale.parse("de_DE")
    for names in (locale.months["format"]["wide"], locale.days["format"]["wide"]):
        texts.extend(names.values())
    texts.append("Std Min Uhr")
    return {w.lower() for text in texts for w in re.findall(r"[A-Za-z]+", text)}


@pytest.fixture
def pseudo_leaks(intl, run) -> dict[str, set[str]]:
    """Build German from complete pseudo-catalogs; plain ASCII words found, by file and part."""
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    assert run(intl, "i18n", "pseudo", "de").exit_code == 0
    status = json.loads(run(intl, "i18n", "status", "--json", "--lang", "de").stdout)
    assert all(row["percent"] == 100.0 for row in status)
    result = run(intl, "build", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    assert "[i18n." not in result.stderr
    project = load_project(intl)
    english, allowed = _english_vocabulary(project), _allowed_words(project)
    leaks: dict[str, set[str]] = {}
    for path in sorted((intl / "build" / "de").rglob("*.*x")):
        texts = _pptx_texts(path) if path.suffix == ".pptx" else _docx_texts(path)
        for part, text in texts:
            text = re.sub(r"https?://\S+", " ", text)
            # Pseudo-translations have no plain ASCII words: any such word is source text or hard-coded,
            # unless it is German output of trainkit or Babel, code, or an identifier.
            found = {w for w in re.findall(r"(?<![^\W\d_])[A-Za-z]{3,}(?![^\W\d_])", text)
                     if w.lower() in english or w.lower() not in allowed}
            if found:
                leaks.setdefault(f"{path.relative_to(intl).as_posix()} ({part})", set()).update(found)
    return leaks


def test_pseudo_locale_leaves_no_source_text_in_any_output(pseudo_leaks):
    assert not pseudo_leaks, f"source-language text in translated outputs: {pseudo_leaks}"


# --- trainkit's own words ---------------------------------------------------


def test_own_catalog_is_current_and_complete_in_every_partner_language():
    from trainkit.i18n import own

    assert own.update_catalogs(check=True) == [], "run scripts/extract_own_messages.py"
    template = [msg.id for msg in read(own.template_path()) if msg.id]
    assert "Learning objectives" in template and ("{n} minute", "{n} minutes") in template
    for code in own.LANGUAGES:
        catalog = read(own.po_path(code))
        for msg in catalog:
            if not msg.id:
                continue
            strings = msg.string if isinstance(msg.string, (list, tuple)) else [msg.string]
            assert all(strings) and not msg.fuzzy, (code, msg.id)
            if isinstance(msg.id, (list, tuple)):
                assert len(strings) == catalog.num_plurals
        assert catalog.num_plurals == (3 if code in ("lt", "lv", "pl") else 2)


@pytest.mark.parametrize("code, expected", [
    ("de", ["1 Minute", "2 Minuten", "5 Minuten", "21 Minuten"]),
    ("lt", ["1 minutė", "2 minutės", "5 minutės", "21 minutė", "11 minučių"]),
    ("lv", ["1 minūte", "2 minūtes", "5 minūtes", "21 minūte", "11 minūšu"]),
    ("pl", ["1 minuta", "2 minuty", "5 minut", "21 minut", "22 minuty"]),
    ("nb", ["1 minutt", "2 minutter", "5 minutter", "21 minutter"]),
])
def test_own_plurals_follow_each_language(code, expected):
    from trainkit.i18n import words
    from trainkit.i18n.ui import OutputLanguage

    language = OutputLanguage(code)
    numbers = [int(text.split()[0]) for text in expected]
    assert [language.ngettext(*words.MINUTES, n).format(n=n) for n in numbers] == expected


def test_output_words_are_translated_and_unknown_languages_stay_english():
    from trainkit.i18n.ui import OutputLanguage

    assert OutputLanguage("de").gettext("Learning objectives") == "Lernziele"
    assert OutputLanguage("nb-NO").gettext("Exercise") == "Øvelse"
    assert OutputLanguage("et").gettext("Page {page} of {pages}").format(page=3, pages=9) == "Lehekülg 3 / 9"
    assert OutputLanguage("sv").gettext("Break") == "Paus"
    assert OutputLanguage("en").gettext("Break") == "Break"


@pytest.mark.parametrize("code, expected", [
    ("en", "1 h 30 min"), ("de", "1 Std. 30 Min."), ("pl", "1 godz. 30 min"), ("lt", "1 val. 30 min."),
])
def test_durations_in_each_languages_own_way(code, expected):
    from trainkit.i18n.ui import OutputLanguage

    assert OutputLanguage(code).duration(90) == expected


def test_language_names_and_list_joins_in_the_output_language():
    from trainkit.i18n.ui import OutputLanguage

    assert OutputLanguage("de").language_name("et") == "Estnisch"
    assert OutputLanguage("pl").join(["a", "b", "c"]) == "a, b i c"


def test_an_unreadable_catalog_stops_its_module_in_its_language_only(intl, run):
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "second.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    bad = lines.index('msgid "Second module"') + 1
    lines.insert(bad, 'msgstr_bogus "oops"')
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(intl, "build", "--lang", "de")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "second.po" in line]
    assert errors and all(e.startswith("locales/de/second.po:") and ": error: invalid PO file" in e for e in errors)
    assert any(e.startswith(f"locales/de/second.po:{bad + 1}: error:") for e in errors)
    assert "does not exist" not in result.stderr
    assert not (intl / "build" / "de" / "second").exists()
    assert (intl / "build" / "de" / "full-syntax" / "slides.pptx").is_file()


def test_a_picture_in_a_sentence_stays_in_the_translator_s_message(intl, run):
    from pptx import Presentation

    module = intl / "modules" / "second.md"
    module.write_text(module.read_text(encoding="utf-8") + "\n## Look\n\nLook at ![the map](img/wide.png) and "
                      "**this** now.\n", encoding="utf-8")
    (intl / "modules" / "img").mkdir(exist_ok=True)
    (intl / "modules" / "img" / "wide.png").write_bytes((PROJECTS / "full" / "modules" / "img" / "wide.png").read_bytes())
    assert run(intl, "i18n", "update", "--lang", "de").exit_code == 0
    po = intl / "locales" / "de" / "second.po"
    msgid = "Look at ![the map](img/wide.png) and **this** now."
    assert f'msgid "{msgid}"' in po.read_text(encoding="utf-8")
    fill(po, lambda m_: "Jetzt **das hier** und ![die Karte](img/wide.png) ansehen." if m_ == msgid else "DE " + m_)
    assert run(intl, "i18n", "check", "--lang", "de").exit_code == 0
    assert run(intl, "build", "--lang", "en", "--lang", "de", "--module", "second").exit_code == 0
    for language, sentence, alt in (("en", "Look at and this now.", "the map"),
                                    ("de", "Jetzt das hier und ansehen.", "die Karte")):
        folder = intl / "build" / language / "second"
        deck = Presentation(str(folder / "slides.pptx"))
        texts = [p.text for s in deck.slides for sh in s.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
        assert sentence in texts, texts
        alts = [pic.find(".//{*}cNvPr").get("descr") for s in deck.slides
                for pic in s.shapes._spTree.iter("{http://schemas.openxmlformats.org/presentationml/2006/main}pic")]
        assert alt in alts
        assert sentence in document_text(folder / "handout.docx")
        assert "  " not in document_text(folder / "handout.docx").replace("\t", " ").split("Your notes")[0]
