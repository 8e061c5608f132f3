"""A project's own words over trainkit's labels (locales/<lang>/trainkit.po), and the glossary
over every text a reader sees: labels, course titles and region names in trainkit.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from outline import document_text, slide_texts

GLOSSARY = """terms:
  - en: facilitator
    de: Trainer
  - en: handout
    de: Kursunterlagen
"""


def _set(po: Path, msgid: str, msgstr: str) -> None:
    """Replace the translation of a one-line ``msgid`` in ``po``."""
    text = po.read_text(encoding="utf-8")
    pattern = re.compile(rf'(msgid "{re.escape(msgid)}"\nmsgstr )"[^\n]*"')
    assert pattern.search(text), msgid
    po.write_text(pattern.sub(lambda m: m.group(1) + f'"{msgstr}"', text), encoding="utf-8")


def _line(po: Path, msgid: str) -> int:
    return po.read_text(encoding="utf-8").splitlines().index(f'msgid "{msgid}"') + 1


@pytest.fixture
def own(make_project, run):
    """The intl project with locales/de/trainkit.po created and three labels in the project's words."""
    project = make_project("intl")
    result = run(project, "i18n", "update", "--own-words", "--lang", "de")
    assert result.exit_code == 0, result.stderr
    po = project / "locales" / "de" / "trainkit.po"
    assert "locales/de/trainkit.po" in result.output
    _set(po, "Facilitator guide", "Trainerleitfaden")
    _set(po, "Handout", "Kursunterlagen")
    _set(po, "Exercise", "Aufgabe")
    return project, po


def test_update_creates_every_label_with_trainkits_translation(own):
    project, po = own
    catalog = read_po(po.open("rb"), locale="de")
    assert catalog.get("Learning objectives").string == "Lernziele"
    assert "trainkit: Lernziele" in catalog.get("Learning objectives").auto_comments
    assert catalog.get(("{n} minute", "{n} minutes")).string == ("{n} Minute", "{n} Minuten")
    assert "python-brace-format" in catalog.get("Page {page} of {pages}").flags
    assert not (project / "locales" / "pl" / "trainkit.po").exists(), "only the languages asked for"


def test_the_projects_words_show_in_every_output(own, run):
    project, _ = own
    result = run(project, "build", "--lang", "de", "--lang", "pl", "--with-solutions")
    assert result.exit_code == 0, result.stderr
    out = project / "build" / "de" / "full-syntax"
    guide = document_text(out / "facilitator-guide.docx")
    handout = document_text(out / "handout.docx")
    sheets = document_text(out / "exercises.docx")
    slides = slide_texts(out / "slides.pptx")
    assert "Trainerleitfaden" in guide and "Leitfaden für Moderierende" not in guide
    assert "Kursunterlagen" in handout and "Teilnehmerunterlagen" not in handout
    assert "Aufgabe" in sheets and "Übung" not in sheets
    assert any(s["title"].startswith("Aufgabe") or any(b.startswith("Aufgabe") for b in s["body"]) for s in slides)
    assert not any("Übung" in s["title"] for s in slides)
    assert "Lernziele" in guide, "labels the project left alone stay trainkit's"
    # Polish has no project catalog: trainkit's own words.
    assert "Przewodnik dla prowadzącego" in document_text(
        project / "build" / "pl" / "full-syntax" / "facilitator-guide.docx")


def test_course_outputs_use_the_projects_words_too(make_project, run):
    project = make_project("full")
    assert run(project, "i18n", "update", "--own-words", "--lang", "pl").exit_code == 0
    po = project / "locales" / "pl" / "trainkit.po"
    _set(po, "Programme", "Harmonogram szkolenia")
    result = run(project, "build", "--course", "intro", "--lang", "pl")
    assert result.exit_code == 0, result.stderr
    programme = next((project / "build").rglob("programme.docx"))
    assert "Harmonogram szkolenia" in document_text(programme)


def test_update_keeps_the_projects_words_and_follows_trainkit_elsewhere(own, run):
    project, po = own
    # As if trainkit's translation of "Learning objectives" had been "Ziele" when the file was
    # made and the project had left it alone: the next update brings trainkit's current word.
    text = po.read_text(encoding="utf-8")
    text = text.replace('#. trainkit: Lernziele\nmsgid "Learning objectives"\nmsgstr "Lernziele"',
                        '#. trainkit: Ziele\nmsgid "Learning objectives"\nmsgstr "Ziele"')
    po.write_text(text, encoding="utf-8")
    assert run(project, "i18n", "update", "--lang", "de").exit_code == 0
    catalog = read_po(po.open("rb"), locale="de")
    assert catalog.get("Learning objectives").string == "Lernziele"
    assert catalog.get("Facilitator guide").string == "Trainerleitfaden"
    assert "trainkit: Leitfaden für Moderierende" in catalog.get("Facilitator guide").auto_comments
    second = run(project, "i18n", "update", "--lang", "de")
    assert "0 catalog(s) written" in second.stderr


def test_a_language_trainkit_does_not_have_gets_its_labels_from_the_project(make_project, run):
    project = make_project("intl")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("languages: [en, de, pl]",
                                                                 "languages: [en, de, pl, fr]"), encoding="utf-8")
    assert run(project, "i18n", "update", "--own-words", "--lang", "fr").exit_code == 0
    po = project / "locales" / "fr" / "trainkit.po"
    catalog = read_po(po.open("rb"), locale="fr")
    assert catalog.get("Learning objectives").string == ""
    status = run(project, "i18n", "status", "--lang", "fr")
    row = next(line.split() for line in status.output.splitlines() if line.startswith("trainkit "))
    assert row[1] == "fr" and int(row[2]) == 0 and int(row[4]) > 50
    _set(po, "Learning objectives", "Objectifs pédagogiques")
    assert run(project, "build", "--lang", "fr", "--format", "handout").exit_code == 0
    handout = document_text(project / "build" / "fr" / "full-syntax" / "handout.docx")
    assert "Objectifs pédagogiques" in handout and "Learning objectives" not in handout


def test_a_broken_catalog_of_labels_stops_its_language_only(own, run):
    project, po = own
    text = po.read_text(encoding="utf-8").replace('msgstr "Trainerleitfaden"', 'msgstr "Trainerleitfaden')
    po.write_text(text, encoding="utf-8")
    result = run(project, "build", "--lang", "de", "--lang", "pl", "--format", "guide")
    assert result.exit_code == 1
    assert re.search(rf"^locales/de/trainkit.po:{_line(po, 'Facilitator guide') + 1}: error: invalid PO file",
                     result.stderr, re.M), result.stderr
    assert not (project / "build" / "de").exists(), "nothing half-right in German"
    assert (project / "build" / "pl" / "full-syntax" / "facilitator-guide.docx").is_file()


def test_check_flags_labels_and_course_titles_against_the_glossary(own, make_project, run):
    project, po = own
    (project / "locales" / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + (
        "courses:\n"
        "  pilot:\n"
        "    title:\n"
        "      en: Facilitator training\n"
        "      de: Schulung für Moderierende\n"
        "    description:\n"
        "      en: One day for facilitators\n"
        "    modules: [full-syntax]\n"), encoding="utf-8")
    title_line = config.read_text(encoding="utf-8").splitlines().index("      de: Schulung für Moderierende") + 1
    result = run(project, "i18n", "check", "--lang", "de")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert (f"trainkit.yaml:{title_line}: warning: 'facilitator' should be translated as 'Trainer' "
            "(see the glossary) [i18n.glossary]") in lines
    assert any(line.startswith(f"trainkit.yaml:{title_line + 1}: warning: the course 'pilot' description has no "
                               "de text") for line in lines), result.stderr
    # A label the project's file holds: warned at its entry.
    assert (f"locales/de/trainkit.po:{_line(po, 'Facilitator notes')}: warning: 'facilitator' should be "
            "translated as 'Trainer' (see the glossary) [i18n.glossary]") in lines
    # The project's word for the handout agrees with the glossary: no warning for it.
    assert not any(f"trainkit.po:{_line(po, 'Handout')}:" in line for line in lines)
    # Without the project's file, trainkit's label is warned at the glossary term.
    po.unlink()
    lines = run(project, "i18n", "check", "--lang", "de").stderr.splitlines()
    assert any(line.startswith("locales/glossary.yaml:2: warning: trainkit's label 'Facilitator guide' reads "
                               "'Leitfaden für Moderierende' in de") for line in lines), lines


def test_region_names_are_per_language_on_the_title_slide(make_project, run):
    project = make_project("full")
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    name: Pomorskie\n", "    name:\n      en: Pomerania\n      pl: Pomorze\n"), encoding="utf-8")
    assert run(project, "build", "--region", "pl", "--format", "slides").exit_code == 0
    polish = slide_texts(next((project / "build" / "pl").rglob("slides.pptx")))[0]
    english = slide_texts(next((project / "build" / "en").rglob("slides.pptx")))[0]
    assert any("Pomorze" in text for text in polish["body"]) and not any("Pomerania" in t for t in polish["body"])
    assert any("Pomerania" in text for text in english["body"])


def test_no_module_may_be_called_trainkit(make_project, run):
    project = make_project("minimal")
    source = next((project / "modules").glob("*.md"))
    source.rename(source.with_name("trainkit.md"))
    result = run(project, "validate")
    assert result.exit_code == 1
    assert "modules/trainkit.md:1: error: a module cannot be called 'trainkit'" in result.stderr
