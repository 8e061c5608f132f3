"""Built decks and documents are valid Office Open XML: every part against the ISO/IEC 29500
transitional schemas (after markup-compatibility processing, as Office reads them).

The schemas cannot ship with the project; set TRAINKIT_OOXML_XSD to run these tests (see
tests/test_templates.py for where to get them); without them the tests skip and say so.
"""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from test_templates import markup_compatibility, schema  # noqa: F401  (schema is a fixture)
from test_reveal import MODULE


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    import shutil

    from click.testing import CliRunner
    from conftest import PROJECTS

    from trainkit.cli import cli

    root = tmp_path_factory.mktemp("validity") / "full"
    shutil.copytree(PROJECTS / "full", root)
    (root / "modules" / "reveal.md").write_text(MODULE.format(front="incremental: true\n"), encoding="utf-8")
    runner = CliRunner()
    for args in (["build", "--lang", "en", "--lang", "de", "--with-solutions"],
                 ["build", "--course", "intro", "--lang", "pl"]):
        result = runner.invoke(cli, ["-C", str(root), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
    return sorted(p for p in (root / "build").rglob("*") if p.suffix in (".pptx", ".docx"))


def test_every_part_of_every_built_output_is_valid(schema, built):  # noqa: F811
    problems = []
    for output in built:
        with zipfile.ZipFile(output) as package:
            for part in sorted(package.namelist()):
                if part.endswith((".xml", ".rels")):
                    root = markup_compatibility(etree.fromstring(package.read(part)))
                    if not schema.validate(root):
                        problems.extend(f"{output.name}:{part}:{e.line}: {e.message}" for e in schema.error_log)
    assert len(built) > 20
    assert not problems, "\n".join(dict.fromkeys(problems))
