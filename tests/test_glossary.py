"""The terminology glossary: the shipped one is complete, and `i18n check` warns where it is not followed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from trainkit.i18n.glossary import Term, glossary_problems, uses_translation

from test_i18n import fill

REPO = Path(__file__).parent.parent


def test_inflected_forms_of_the_agreed_term_count():
    assert uses_translation("socialinė įmonė", "Socialinės įmonės dažnai derina tikslus.", "lt")
    assert uses_translation("przedsiębiorstwo społeczne", "Wsparcie dla przedsiębiorstw społecznych", "pl")
    assert uses_translation("sotsiaalne ettevõte", "sotsiaalsete ettevõtete rahastamine", "et")
    assert not uses_translation("Sozialunternehmen", "Soziale Firmen brauchen Kapital", "de")


@pytest.mark.parametrize("language, agreed, text", [
    # Endings that change the word inside: the lemmatiser knows them, a shared prefix would not.
    ("lv", "ieinteresētā puse", "sadarbība ar ieinteresētajām pusēm"),
    ("lv", "ieinteresētā puse", "ieinteresēto pušu karte"),
    ("lt", "suinteresuotoji šalis", "suinteresuotųjų šalių žemėlapis"),
    ("pl", "instytucja finansująca", "wymagania instytucji finansujących"),
    # Words the dictionary does not know: loanwords and compounds.
    ("et", "klaster", "klastrite juhid"),
    ("de", "Clustermanager", "Die Clustermanagerin lädt ein"),
])
def test_forms_the_old_prefix_rule_missed_or_needed_listing(language, agreed, text):
    assert uses_translation(agreed, text, language)


@pytest.mark.parametrize("language, agreed, text", [
    ("pl", "instytucja finansująca", "grantodawca decydujący o pożyczce"),
    ("sv", "cykeldiagram", "Cirkeldiagram med fyra steg"),
    ("de", "Moderierende", "Trainerinnen und Trainer"),
])
def test_other_words_do_not_count(language, agreed, text):
    assert not uses_translation(agreed, text, language)


def test_a_term_in_the_source_must_be_translated_as_agreed():
    terms = [Term("social enterprise", {"de": ("Sozialunternehmen", "soziales Unternehmen")}, 3)]
    assert glossary_problems(terms, "de", "Support for social enterprises", "Hilfe für soziale Firmen") == [
        "'social enterprise' should be translated as 'Sozialunternehmen' (see the glossary)"]
    assert glossary_problems(terms, "de", "Support for social enterprises", "Hilfe für Sozialunternehmen") == []
    assert glossary_problems(terms, "de", "Support for firms", "Hilfe für soziale Firmen") == []
    assert glossary_problems(terms, "de", "A social enterprise", "Ein soziales Unternehmen") == []


def test_shipped_glossary_covers_every_project_language():
    languages = yaml.safe_load((REPO / "trainkit.yaml").read_text(encoding="utf-8"))["languages"]
    terms = yaml.safe_load((REPO / "locales" / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    assert len(terms) >= 10
    for term in terms:
        assert sorted(term) == sorted(languages), term


@pytest.fixture
def strayed(make_project, run):
    """The intl project with a one-term glossary and a German catalog that strays from it once."""
    project = make_project("intl")
    (project / "locales").mkdir(exist_ok=True)
    (project / "locales" / "glossary.yaml").write_text(
        "terms:\n  - en: cluster\n    de: Cluster\n    pl: klaster\n", encoding="utf-8")
    assert run(project, "i18n", "update", "--lang", "de").exit_code == 0
    po = project / "locales" / "de" / "full-syntax.po"
    fill(po, lambda msgid: "Was ein Verbund tut" if msgid == "Explain what a *cluster* does" else "DE " + msgid)
    return project, po


def test_check_warns_where_the_glossary_is_not_followed(strayed, run):
    project, po = strayed
    result = run(project, "i18n", "check", "--lang", "de")
    lines = po.read_text(encoding="utf-8").splitlines()
    line = lines.index('msgid "Explain what a *cluster* does"') + 1
    assert (f"locales/de/full-syntax.po:{line}: warning: 'cluster' should be translated as 'Cluster' "
            "(see the glossary) [i18n.glossary]") in result.stderr
    assert result.exit_code == 0


def test_flagged_entries_are_exempt_and_the_flag_survives_update(strayed, run):
    project, po = strayed
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Explain what a *cluster* does"',
                               '#, ignore-check-glossary\nmsgid "Explain what a *cluster* does"'), encoding="utf-8")
    assert "[i18n.glossary]" not in run(project, "i18n", "check", "--lang", "de").stderr
    assert run(project, "i18n", "update", "--lang", "de").exit_code == 0
    assert "#, ignore-check-glossary\n" in po.read_text(encoding="utf-8")
