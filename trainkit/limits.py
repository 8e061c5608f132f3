"""Limits on what trainkit reads, each with its reason: beyond them input is a mistake or an attack,
and is refused with a located error instead of costing minutes, memory or a traceback."""

from __future__ import annotations

MAX_SOURCE_BYTES = 8 << 20
"""Bytes of a module, trainkit.yaml, a lesson config or the glossary: about a million words, far more
than any of them holds. A larger file is refused before it is read."""

MAX_LINE_CHARS = 100_000
"""Characters on one line of a module or YAML file: a long paragraph on one line is some thousands;
a line of megabytes is pasted data, which no slide or page can show and which the parser and the
text fitting would spend minutes on."""

MAX_YAML_DEPTH = 32
"""Nesting of YAML collections: trainkit's deepest setting (a break in a course day) is five deep;
thousands of nested brackets would exhaust the YAML composer's recursion."""

MAX_MINUTES = 24 * 60
"""Minutes a module, section, exercise, break or lunch may last: each is taught within one day,
and a course's programme places it on a clock."""
