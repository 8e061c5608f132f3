"""Is a reference template usable? The checks ``validate`` runs on every template trainkit.yaml names."""

from __future__ import annotations

import zipfile
from pathlib import Path

MAIN_TYPES = {
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
              "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
              "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"),
}
"""Content types of the main part of a PowerPoint and a Word package (documents and templates)."""
MACRO_TYPES = ("macroEnabled", "vbaProject")
MAX_EXPANDED = 256 << 20
"""Bytes a template's parts may expand to together: a branded deck with fonts and pictures has
tens of megabytes; python-pptx and python-docx hold every part in memory, and copy it into every
output, so a zip bomb would cost gigabytes per file."""
MAX_RATIO = 100
"""How many times its compressed size a part larger than a megabyte may expand to."""
KIND_NAMES = {".pptx": "a PowerPoint presentation (.pptx)", ".docx": "a Word document (.docx)"}


def expansion_problem(package: zipfile.ZipFile) -> str:
    """Why the parts of ``package`` would expand too far to be loaded (a zip bomb); empty when they
    would not. Judged from the zip's directory, before a part is unpacked."""
    infos = package.infolist()
    expanded = sum(info.file_size for info in infos)
    if expanded > MAX_EXPANDED or any(info.file_size > max(1 << 20, MAX_RATIO * info.compress_size)
                                      for info in infos):
        return (f"expands to {expanded / (1 << 20):,.0f} MiB, more than a template needs (at most "
                f"{MAX_EXPANDED >> 20} MiB, {MAX_RATIO}-fold per part): a damaged file or a zip bomb")
    return ""


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
