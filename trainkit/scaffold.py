"""Creating projects and modules from Jinja templates (trainkit.templating), checked before they are written."""

from __future__ import annotations

import tempfile
from pathlib import Path

from trainkit.config import CONFIG_FILE, load_config, slug
from trainkit.errors import Diagnostics, TrainkitError, UsageError
from trainkit.files import write_atomic
from trainkit.reader.module import MODULE_ID, read_module
from trainkit.templating import BUILTIN, PROJECT_TEMPLATES, render


def init_project(directory: Path) -> None:
    """Create a new project with one module that builds as it is, a .gitignore and a glossary."""
    if (directory / CONFIG_FILE).exists():
        raise UsageError(f"{directory}: a trainkit project already exists here")
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory}: folder is not empty")
    name = slug(directory.resolve().name)
    files = {
        CONFIG_FILE: render("trainkit.yaml.j2", project=name if MODULE_ID.match(name) else "my-course",
                            title="My training course"),
        "modules/welcome.md": (BUILTIN / "welcome.md").read_text(encoding="utf-8"),
        "locales/glossary.yaml": (BUILTIN / "glossary.yaml").read_text(encoding="utf-8"),
        ".gitignore": (BUILTIN / "gitignore").read_text(encoding="utf-8"),
    }
    for relative, text in files.items():
        write_atomic(directory / relative, text.encode("utf-8"))
    (directory / PROJECT_TEMPLATES).mkdir(exist_ok=True)


def new_module(root: Path, module_id: str, title: str = "") -> Path:
    """Create ``<modules folder>/<id>.md`` from ``module.md.j2`` (the project's own when it has one).

    The rendered module is read back before anything is written: a title of any text gives a
    module that validates, and a project template that does not is refused with its errors.
    """
    if not MODULE_ID.match(module_id):
        raise UsageError(f"module id '{module_id}' must use only a-z, 0-9 and '-'")
    config = load_config(root, Diagnostics())
    path = root / config.modules_dir / f"{module_id}.md"
    shown = path.relative_to(root).as_posix()
    if path.exists():
        raise UsageError(f"{shown} already exists")
    title = title.strip() or module_id.replace("-", " ").capitalize()
    text = render("module.md.j2", root, id=module_id, title=title)
    with tempfile.TemporaryDirectory(prefix=".trainkit-new-", dir=root) as folder:
        staging = Path(folder) / path.name  # same name: the id is the file's stem
        staging.write_text(text, encoding="utf-8")
        diagnostics = Diagnostics()
        module = read_module(staging, root, diagnostics)
    errors = [d for d in diagnostics.items if d.severity == "error"]
    if errors or module is None:
        first = errors[0].message if errors else "cannot be read"
        raise TrainkitError(f"{PROJECT_TEMPLATES}/module.md.j2 makes an invalid module: {first}")
    if module.metadata.title != title:
        raise TrainkitError(f"{PROJECT_TEMPLATES}/module.md.j2 does not keep the title as given")
    write_atomic(path, text.encode("utf-8"))
    return path.relative_to(root)
