"""Is a reference template usable? The checks ``validate`` runs on every template trainkit.yaml names."""

from __future__ import annotations

import zipfile
from pathlib import Path

from trainkit.writers.ooxml import expansion_problem

MAIN_TYPES = {
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
              "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
}
"""Content types of the main part of a PowerPoint and a Word package (documents and templates)."""
MACRO_TYPES = ("macroEnabled", "vbaProject")
KIND_NAMES = {".pptx": "a PowerPoint presentation (.pptx)", ".docx": "a Word document (.docx)"}


def template_problem(path: Path, expected: str) -> str:
    """Why the file at ``path`` cannot serve as a template of kind ``expected`` (``.pptx``/``.docx``);
    empty when it can."""
    if not path.is_file():
        return "not found"
    try:
        with zipfile.ZipFile(path) as package:
            oversized = expansion_problem(package)
            if oversized:
                return oversized
            types = package.read("[Content_Types].xml").decode("utf-8", "replace")
            names = package.namelist()
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        return f"is not {KIND_NAMES[expected]} ({exc.__class__.__name__})"
    if any(marker in types for marker in MACRO_TYPES) or any(n.endswith("vbaProject.bin") for n in names):
        return "holds macros; save it as a macro-free .pptx/.docx"
    if not any(main in types for main in MAIN_TYPES[expected]):
        other = next((kind for kind, mains in MAIN_TYPES.items() if any(main in types for main in mains)), "")
        found = f" but {KIND_NAMES[other]}" if other else ""
        return f"is not {KIND_NAMES[expected]}{found}"
    if expected == ".pptx":
        from trainkit.writers.slide_template import check_template

        lines, ok = check_template(path)
        if not ok:  # the content slides need a layout with a title and a text area
            return ("has no layout with a content placeholder for content slides, so trainkit cannot build decks "
                    "with it (see 'trainkit template check')")
    else:
        from docx import Document
        from docx.opc.exceptions import PackageNotFoundError
        from lxml.etree import XMLSyntaxError

        try:
            Document(str(path))
        except (PackageNotFoundError, KeyError, ValueError, XMLSyntaxError, OSError) as exc:
            return f"cannot be opened as a Word document ({exc.__class__.__name__}: {exc})"
    return ""
