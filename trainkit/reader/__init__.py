"""Reading modules: front matter and Markdown into the document model (the only place that knows Markdown)."""

from trainkit.reader.module import read_module, read_modules

__all__ = ["read_module", "read_modules"]
