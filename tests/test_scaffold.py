"""``trainkit init`` and ``trainkit new module``: Jinja scaffolds that give valid projects and modules."""

from __future__ import annotations

import pytest

from trainkit.templating import yaml_value

TITLES = [
    "Impact: the basics", "Q&A: open questions", "[Draft] Mapping", "*Starred* title", "@home learning",
    "% of budget", "! Urgent", "- Dash first", "What's new? #2", "Yes", "No", "123", 'He said "hi"',
    "Trailing colon:", "Ünïcödé — naïve façade", "{braces}", "key: value # not a comment", "~",
]


@pytest.mark.parametrize("title", TITLES)
def test_yaml_value_reads_back_as_written(title):
    import yaml

    assert yaml.safe_load(f"title: {yaml_value(title)}")["title"] == title


def test_new_module_keeps_any_title_and_validates(tmp_path, run):
    project = tmp_path / "course"
    assert run(None, "init", str(project)).exit_code == 0
    for n, title in enumerate(TITLES):
        result = run(project, "new", "module", f"m{n}", "--title", title)
        assert result.exit_code == 0, (title, result.stderr)
    from trainkit.build import load_project

    loaded = load_project(project)
    assert not loaded.diagnostics.error_count, [str(d) for d in loaded.diagnostics.items]
    assert [loaded.module(f"m{n}").metadata.title for n in range(len(TITLES))] == TITLES


def test_new_module_goes_into_the_configured_modules_folder(tmp_path, run):
    project = tmp_path / "course"
    run(None, "init", str(project))
    config = project / "trainkit.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "modules_dir: lessons\n", encoding="utf-8")
    (project / "modules").rename(project / "lessons")
    result = run(project, "new", "module", "impact", "--title", "Impact")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "created lessons/impact.md"
    assert (project / "lessons" / "impact.md").is_file() and not (project / "modules").exists()


def test_a_project_template_overrides_trainkit_s_and_a_broken_one_is_refused(tmp_path, run):
    project = tmp_path / "course"
    run(None, "init", str(project))
    (project / "templates" / "module.md.j2").write_text(
        "---\ntitle: {{ title | yaml }}\nduration: 20\nauthors: [Our team]\n---\n\n# Only {duration=20}\n\n"
        "## {{ title }}\n\nText.\n", encoding="utf-8")
    assert run(project, "new", "module", "ours", "--title", "Our way").exit_code == 0
    assert "authors: [Our team]" in (project / "modules" / "ours.md").read_text(encoding="utf-8")
    (project / "templates" / "module.md.j2").write_text("---\ntitle: {{ title }}\n---\n", encoding="utf-8")
    result = run(project, "new", "module", "broken", "--title", "Broken")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("trainkit: error: templates/module.md.j2 makes an invalid module: "
                                     "missing required field 'duration' (minutes)")
    assert not (project / "modules" / "broken.md").exists()


def test_init_writes_a_project_a_user_can_commit(tmp_path, run):
    project = tmp_path / "course"
    assert run(None, "init", str(project)).exit_code == 0
    assert (project / ".gitignore").read_text(encoding="utf-8").splitlines()[1:] == ["/build/", "/dist/"]
    glossary = (project / "locales" / "glossary.yaml").read_text(encoding="utf-8")
    assert "preferred term first" in glossary and "ignore-check-glossary" in glossary
    assert (project / "templates").is_dir()
    assert run(project, "i18n", "check").exit_code == 0
