"""trainkit: localised course packs (pptx, docx) from Markdown training modules."""

__version__ = "0.1.0"
