"""Model -> messages: every translatable text of a module, with its location and a note for translators.

One walker (``map_module``) serves extraction and localisation alike, so the messages a catalog
holds are exactly the ones the build looks up.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Protocol

from trainkit import model as m
from trainkit.errors import Location
from trainkit.pictures import Label, svg_labels
from trainkit.divs import kind_of


@dataclass(frozen=True)
class Message:
    """One occurrence of a translatable text."""

    msgid: str
    location: Location
    comment: str
    """Where the text appears, for the translator (``#.`` in the PO file)."""


class TextMapper(Protocol):
    def __call__(self, msgid: str, location: Location, comment: str) -> str:
        """The text to use for ``msgid``: a translation, or ``msgid`` itself."""


# --- inline Markdown --------------------------------------------------------

_ENTITY = re.compile(r"&(#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_ALWAYS_ESCAPED = set("\\`*[]<")


def _escape(text: str) -> str:
    """Escape what inline Markdown would read as markup; keep the rest readable for translators."""
    out = []
    for i, char in enumerate(text):
        if char in _ALWAYS_ESCAPED:
            out.append("\\" + char)
        elif char == "_":
            # An underscore inside a word (snake_case) is never emphasis in CommonMark.
            inside = 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            out.append(char if inside else "\\_")
        elif char == "&" and _ENTITY.match(text, i):
            out.append("\\&")
        else:
            out.append(char)
    return "".join(out)


def _code(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or (text.startswith(" ") and text.endswith(" ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _url(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def serialise_inlines(inlines: m.Inlines) -> str:
    """Inline spans as inline Markdown; ``reader.markdown.parse_inline`` reads it back to the same spans."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, m.Text):
            parts.append(_escape(node.text))
        elif isinstance(node, m.Code):
            parts.append(_code(node.text))
        elif isinstance(node, m.LineBreak):
            parts.append("\\\n")
        elif isinstance(node, m.Strong):
            parts.append(f"**{serialise_inlines(node.children)}**")
        elif isinstance(node, m.Emphasis):
            parts.append(f"*{serialise_inlines(node.children)}*")
        elif isinstance(node, m.Link):
            parts.append(f"[{serialise_inlines(node.children)}]({_url(node.url)})")
        elif isinstance(node, m.InlineImage):
            image = node.image
            title = ' "' + image.caption.replace("\\", "\\\\").replace('"', '\\"') + '"' if image.caption else ""
            parts.append(f"![{_escape(image.alt)}]({_url(image.src)}{title})")
    return "".join(parts)


_NOT_WORDS = re.compile(r"^[\W\d_]*$")


def translatable_inlines(inlines: m.Inlines) -> bool:
    """False for content with nothing to translate: code, bare URLs, numbers, punctuation."""
    for node in inlines:
        if isinstance(node, m.Text) and not _NOT_WORDS.match(node.text):
            return True
        if isinstance(node, (m.Strong, m.Emphasis)) and translatable_inlines(node.children):
            return True
        if isinstance(node, m.Link):
            text = m.plain_text(node.children)
            if text.strip() not in (node.url, node.url.removeprefix("mailto:")) and translatable_inlines(node.children):
                return True
    return False


def translatable_text(text: str) -> bool:
    return not _NOT_WORDS.match(text) and not re.match(r"^[a-z][a-z0-9+.-]*://\S*$", text.strip(), re.I)


# --- the walker -------------------------------------------------------------

_METADATA_PLACES = {
    "title": "Module title (title slide, document titles)",
    "description": "Module description (under the title)",
    "audience": "Audience (target group of the module)",
    "questions": "Question the module answers (slide before the learning objectives)",
    "objectives": "Learning objective",
    "materials": "Material needed",
    "preparation": "Preparation step for the facilitator",
    "key_points": "Key point",
    "reading": "Further reading: a reference at the end of the handout (keep official titles as published)",
    "tags": "Keyword (the documents' properties, for search)",
    "authors": "Author (the documents' properties); a person's name stays as it is, a team's name is translated",
}
_METADATA_ORDER = ("title", "description", "audience", "questions", "objectives", "materials", "preparation",
                   "key_points", "tags", "authors", "reading")
"""Metadata in catalog order: the order translators have always seen."""


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True)
class _Place:
    """Where the walk is, for translator comments."""

    what: str = "Text"
    """``Text``, ``Speaker note``, ``Exercise``…: the kind of text at this point."""
    where: str = ""
    """`` on slide “Title”`` or `` in section “Title”``."""
    depth: int = 0
    """Nesting depth of lists."""
    list_label: str = ""
    """Inside a list item: the label of its list (``Bullet (level 2)``)."""


def _list_label(block: m.BulletList | m.OrderedList, place: _Place) -> str:
    kind = "bullet" if isinstance(block, m.BulletList) else "numbered step"
    if place.depth:
        kind += f" (level {place.depth + 1})"
    return kind.capitalize() if place.what == "Text" else f"{place.what}: {kind}"


def _labelled(place: _Place, plain: str, suffix: str) -> str:
    """``plain`` for ordinary content, ``What: suffix`` inside a div, quote or exercise."""
    return plain if place.what == "Text" else f"{place.what}: {suffix}"


def _place(ancestors: tuple[object, ...]) -> _Place:
    """Fold the ancestors of a block into its place: the slide or section, then every container."""
    place = _Place()
    for node in ancestors:
        if isinstance(node, m.Section):
            title = _short(m.plain_text(node.title))
            place = _Place(where=f" (section introduction) in section “{title}”" if title
                           else " (section introduction)")
        elif isinstance(node, m.Slide):
            place = _Place(where=f" on slide “{_short(m.plain_text(node.title))}”")
        elif isinstance(node, (m.BulletList, m.OrderedList)):
            place = _Place(place.what, place.where, place.depth + 1, _list_label(node, place))
        elif isinstance(node, m.ListItem):
            continue
        elif isinstance(node, m.Quote):
            place = _Place(_labelled(place, "Quotation", "quotation"), place.where)
        elif isinstance(node, m.Exercise):
            where = f" in exercise “{_short(m.plain_text(node.title))}”{place.where}" if node.title else place.where
            place = _Place("Exercise", where)
        elif isinstance(node, m.Div):
            place = _Place(kind_of(node).place, place.where)
        else:
            raise TypeError(f"unknown container {type(node).__name__}")
        if not isinstance(node, (m.BulletList, m.OrderedList)):
            place = _Place(place.what, place.where, place.depth, "")
    return place


SvgTranslator = Callable[[m.Image, dict[str, str]], bytes]
"""Makes the translated content of an SVG picture from its labels' translations."""


@lru_cache(maxsize=128)
def _svg_labels(path: str, stamp: tuple[int, int]) -> tuple[Label, ...]:
    return tuple(svg_labels(Path(path).read_bytes()))


def diagram_labels(image: m.Image) -> tuple[Label, ...]:
    """The labels of an SVG picture (read once per process), () for other pictures."""
    if image.kind != "svg" or not image.resolved:
        return ()
    stat = Path(image.resolved).stat()
    return _svg_labels(image.resolved, (stat.st_mtime_ns, stat.st_size))


class _Walker:
    """Passes every translatable text of a module through a mapper, with a note for translators."""

    def __init__(self, mapper: TextMapper, svg: SvgTranslator | None = None) -> None:
        self.mapper = mapper
        self.svg = svg
        self.path = ""
        """Project-relative path of the module being walked, to name its pictures' files."""

    def text(self, text: str, location: Location, comment: str) -> str:
        if not text or not translatable_text(text):
            return text
        return self.mapper(text, location, comment)

    def inlines(self, inlines: m.Inlines, location: Location, comment: str) -> m.Inlines:
        if not inlines or not translatable_inlines(inlines):
            return inlines
        msgid = serialise_inlines(inlines)
        result = self.mapper(msgid, location, comment)
        if result == msgid:
            return inlines
        from trainkit.reader.markdown import parse_inline

        # a picture in the translation is the source's picture (checked, resolved) with translated words
        source = {image.src: image for image in m.inline_images(inlines)}
        return m.map_inline_images(parse_inline(result), lambda image: dataclasses.replace(
            source[image.src], alt=image.alt, caption=image.caption) if image.src in source else image)

    def visit(self, block: m.Block, ancestors: tuple[object, ...]) -> m.Block:
        """``block`` with its own texts mapped; the walk maps what is inside it."""
        place = _place(ancestors)
        where = place.where
        if isinstance(block, m.Paragraph):
            label = place.list_label or ("Paragraph" if place.what == "Text" else place.what)
            return dataclasses.replace(block, inlines=self.inlines(block.inlines, block.location, label + where))
        if isinstance(block, m.Heading):
            label = _labelled(place, "Subheading", "subheading")
            return dataclasses.replace(block, inlines=self.inlines(block.inlines, block.location, label + where))
        if isinstance(block, m.Table):
            label = _labelled(place, "Table", "table")
            header = tuple(self.cell(c, f"{label} header cell{where}") for c in block.header)
            rows = tuple(tuple(self.cell(c, f"{label} cell{where}") for c in row) for row in block.rows)
            return dataclasses.replace(block, header=header, rows=rows)
        if isinstance(block, m.Image):
            label = _labelled(place, "Image", "image")
            return self.diagram(dataclasses.replace(
                block,
                alt=self.text(block.alt, block.location, f"{label} alt text (read aloud by screen readers){where}"),
                caption=self.text(block.caption, block.location, f"{label} caption{where}"),
            ), block)
        if isinstance(block, m.Quote):
            label = _labelled(place, "Quotation", "quotation")
            return dataclasses.replace(
                block, attribution=self.inlines(block.attribution, block.location, f"{label}: attribution{where}"))
        if isinstance(block, m.Exercise):
            return dataclasses.replace(
                block, title=self.inlines(block.title, block.location, f"Exercise title{where}"),
                materials=self.inlines(block.materials, block.location,
                                       f"Exercise: what participants need (its sheet and the session plan){where}"))
        m.children(block)  # code blocks, breaks and containers have no text of their own
        return block

    def diagram(self, image: m.Image, source: m.Image) -> m.Image:
        """An SVG's labels are messages too, located in the SVG file; translated, they make the
        picture's content in the output language."""
        labels = diagram_labels(source)
        if not labels:
            return image
        file = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), source.src))
        comment = f"Diagram label in picture “{_short(source.alt or source.caption)}”"
        mapped = {label.text: self.text(label.text, Location(file, label.line), comment) for label in labels}
        if self.svg is None or all(text == translated for text, translated in mapped.items()):
            return image
        return dataclasses.replace(image, data=self.svg(source, mapped))

    def cell(self, cell: m.TableCell, comment: str) -> m.TableCell:
        return dataclasses.replace(cell, inlines=self.inlines(cell.inlines, cell.location, comment))

    def metadata(self, module: m.Module) -> m.Metadata:
        meta = module.metadata
        changes: dict[str, object] = {}
        for name in _METADATA_ORDER:
            location = Location(module.path, meta.lines.get(name, 1))
            value, comment = getattr(meta, name), _METADATA_PLACES[name]
            if name in m.METADATA_TEXT_FIELDS:
                changes[name] = self.text(value, location, comment)
            elif name in m.METADATA_INLINE_FIELDS:
                changes[name] = self.inlines(value, location, comment)
            elif name in m.METADATA_LIST_FIELDS:
                changes[name] = tuple(self.text(v, location, comment) for v in value)
            else:
                changes[name] = tuple(self.inlines(v, location, comment) for v in value)
        if meta.glossary:
            location = Location(module.path, meta.lines.get("glossary", 1))
            changes["glossary"] = tuple(
                (self.text(term, Location(module.path, meta.lines.get(f"glossary.{term}", location.line)),
                           "Glossary term (the handout's glossary)"),
                 self.inlines(definition, Location(module.path, meta.lines.get(f"glossary.{term}", location.line)),
                              f"Glossary definition of “{term}”"))
                for term, definition in meta.glossary)
        return dataclasses.replace(meta, **changes)

    def module(self, module: m.Module) -> m.Module:
        """Metadata first, then each section's title, introduction and slides in reading order."""
        self.path = module.path
        metadata = self.metadata(module)
        sections = []
        for section in module.sections:
            title = _short(m.plain_text(section.title))
            section_where = f" in section “{title}”" if title else ""
            new_title = self.inlines(section.title, section.location,
                                     "Section title (section header slide, heading in documents)")
            blocks = m.map_blocks(section.blocks, self.visit, (section,))
            slides = []
            for slide in section.slides:
                slide_title = self.inlines(slide.title, slide.location, f"Slide title{section_where}")
                slides.append(dataclasses.replace(slide, title=slide_title,
                                                  blocks=m.map_blocks(slide.blocks, self.visit, (section, slide))))
            sections.append(dataclasses.replace(section, title=new_title, blocks=blocks, slides=tuple(slides)))
        return dataclasses.replace(module, metadata=metadata, sections=tuple(sections))


def map_module(module: m.Module, mapper: TextMapper, svg: SvgTranslator | None = None) -> m.Module:
    """The module with every translatable text passed through ``mapper`` (inline Markdown is parsed
    back); with ``svg``, diagrams whose labels were translated get their translated content."""
    return _Walker(mapper, svg).module(module)


def extract_messages(module: m.Module) -> list[Message]:
    """Every translatable text of ``module`` in reading order (duplicates kept, one per occurrence)."""
    found: list[Message] = []

    def record(msgid: str, location: Location, comment: str) -> str:
        found.append(Message(msgid, location, comment))
        return msgid

    map_module(module, record)
    return found
