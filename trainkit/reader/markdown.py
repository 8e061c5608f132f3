"""Markdown body -> sections, slides and blocks of the document model."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from trainkit import model as m
from trainkit.errors import Diagnostics, Location
from trainkit.reader.plugins import pandoc_plugin, parse_attributes
from trainkit.divs import div_kind


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark + GFM tables + Pandoc fenced divs and heading attributes."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(pandoc_plugin)


@dataclass
class _Context:
    path: str
    first_line: int
    diagnostics: Diagnostics

    def loc(self, node: SyntaxTreeNode) -> Location:
        line = node.map[0] if node.map else 0
        return Location(self.path, self.first_line + line)


# --- inlines ----------------------------------------------------------------


def convert_inlines(node: SyntaxTreeNode, location: m.Location = m.Location("")) -> m.Inlines:
    """Inline children of ``node`` as model spans; a picture stays in its sentence as an InlineImage."""
    spans: list[m.Inline] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            spans.append(m.Text(child.content))
        elif kind == "softbreak":
            spans.append(m.Text(" "))
        elif kind == "hardbreak":
            spans.append(m.LineBreak())
        elif kind == "code_inline":
            spans.append(m.Code(child.content))
        elif kind == "strong":
            spans.append(m.Strong(convert_inlines(child, location)))
        elif kind == "em":
            spans.append(m.Emphasis(convert_inlines(child, location)))
        elif kind == "link":
            spans.append(m.Link(str(child.attrs.get("href", "")), convert_inlines(child, location)))
        elif kind == "image":
            alt = "".join(c.content for c in child.walk() if c.type in ("text", "code_inline"))
            spans.append(m.InlineImage(m.Image(str(child.attrs.get("src", "")), alt,
                                               str(child.attrs.get("title", "") or ""), location)))
        else:  # html_inline and anything a future rule adds: keep its text
            spans.append(m.Text(child.content))
    return normalise_inlines(spans)


def normalise_inlines(spans: list[m.Inline]) -> m.Inlines:
    """Merge neighbouring text spans and trim the ends."""
    merged: list[m.Inline] = []
    for span in spans:
        if isinstance(span, m.Text) and merged and isinstance(merged[-1], m.Text):
            merged[-1] = m.Text(merged[-1].text + span.text)
        elif not (isinstance(span, m.Text) and not span.text):
            merged.append(span)
    if merged and isinstance(merged[0], m.Text):
        merged[0] = m.Text(merged[0].text.lstrip())
    if merged and isinstance(merged[-1], m.Text):
        merged[-1] = m.Text(merged[-1].text.rstrip())
    return tuple(s for s in merged if not (isinstance(s, m.Text) and not s.text))


# --- blocks -----------------------------------------------------------------


def _alignment(node: SyntaxTreeNode) -> m.Alignment:
    style = str(node.attrs.get("style", ""))
    for value in ("left", "center", "right"):
        if value in style:
            return value  # type: ignore[return-value]
    return None


def _table(node: SyntaxTreeNode, ctx: _Context) -> m.Table:
    rows: list[tuple[m.TableCell, ...]] = []
    align: tuple[m.Alignment, ...] = ()
    for part in node.children:  # thead, tbody
        for row in part.children:
            cells = tuple(
                m.TableCell(convert_inlines(cell.children[0]) if cell.children else (), ctx.loc(row))
                for cell in row.children
            )
            if not align:
                align = tuple(_alignment(cell) for cell in row.children)
            rows.append(cells)
    return m.Table(rows[0], tuple(rows[1:]), align, ctx.loc(node))


def _attribution(blocks: list[m.Block]) -> m.Inlines:
    """Take a closing ``— Name`` paragraph off a quote's blocks and return it."""
    if blocks and isinstance(blocks[-1], m.Paragraph):
        first = blocks[-1].inlines[0] if blocks[-1].inlines else None
        if isinstance(first, m.Text):
            for dash in ("—", "―", "--", "-"):
                if first.text.startswith(dash + " ") or (dash != "-" and first.text.startswith(dash)):
                    rest = (m.Text(first.text[len(dash):].lstrip()),) + blocks[-1].inlines[1:]
                    blocks.pop()
                    return normalise_inlines(list(rest))
    return ()


def _div(node: SyntaxTreeNode, ctx: _Context) -> m.Div | m.Exercise:
    location = ctx.loc(node)
    info = node.info.strip()
    attrs: dict[str, str] = {}
    if info.startswith("{"):
        try:
            attrs = parse_attributes(info)
        except ValueError as exc:
            ctx.diagnostics.error(location, f"malformed div attributes {info}: {exc}", "div.attributes")
        classes = attrs.get("class", "").split()
        name = classes[0] if classes else ""
    else:
        name = info.split()[0]
    kind = div_kind(name)
    blocks = tuple(convert_blocks(node.children, ctx))
    if kind is None:
        ctx.diagnostics.warning(location, f"unknown div '{name or info}': its content is kept for every audience",
                                "div.unknown")
        return m.Div("other", blocks, location, name or info)
    if kind.name != "exercise":
        return m.Div(kind.name, blocks, location, name)
    duration = None
    if "duration" in attrs:
        value = attrs["duration"]
        if value.isdigit() and int(value) > 0:
            duration = int(value)
        else:
            ctx.diagnostics.error(location, f"div duration must be a positive number of minutes, not '{value}'",
                                  "div.duration")
    return m.Exercise(parse_inline(attrs.get("title", "")), blocks, location, duration, name)


def convert_blocks(nodes: list[SyntaxTreeNode], ctx: _Context) -> list[m.Block]:
    """Convert block nodes; headings of levels 1 and 2 come back as Heading blocks too."""
    blocks: list[m.Block] = []
    for node in nodes:
        location = ctx.loc(node)
        kind = node.type
        if kind == "paragraph":
            inlines = convert_inlines(node.children[0], location)
            pictures = [n.image for n in inlines if isinstance(n, m.InlineImage)]
            if pictures and all(isinstance(n, m.InlineImage) or (isinstance(n, m.Text) and not n.text.strip())
                                for n in inlines):
                blocks.extend(pictures)  # pictures standing alone: image blocks with alt and caption
            elif inlines:
                blocks.append(m.Paragraph(inlines, location))
        elif kind == "heading":
            blocks.append(m.Heading(int(node.tag[1]), convert_inlines(node.children[0]), location))
        elif kind in ("bullet_list", "ordered_list"):
            items = tuple(m.ListItem(tuple(convert_blocks(item.children, ctx)), ctx.loc(item))
                          for item in node.children)
            if kind == "bullet_list":
                blocks.append(m.BulletList(items, location))
            else:
                blocks.append(m.OrderedList(items, location, int(node.attrs.get("start", 1))))
        elif kind == "table":
            blocks.append(_table(node, ctx))
        elif kind in ("fence", "code_block"):
            blocks.append(m.CodeBlock(node.content.rstrip("\n"), node.info.strip().split(" ")[0], location))
        elif kind == "blockquote":
            inner = convert_blocks(node.children, ctx)
            attribution = _attribution(inner)
            blocks.append(m.Quote(tuple(inner), attribution, location))
        elif kind == "hr":
            blocks.append(m.SlideBreak(location))
        elif kind == "div":
            blocks.append(_div(node, ctx))
        elif kind == "html_block":
            ctx.diagnostics.warning(location, "raw HTML is not supported and was left out", "markdown.html")
    return blocks


# --- structure --------------------------------------------------------------


@dataclass
class _SlideBuilder:
    title: m.Inlines
    location: Location
    layout: str
    blocks: list[m.Block] = field(default_factory=list)

    def build(self) -> m.Slide:
        return m.Slide(self.title, tuple(self.blocks), self.location, self.layout)


@dataclass
class _SectionBuilder:
    title: m.Inlines
    location: Location
    duration: int | None
    blocks: list[m.Block] = field(default_factory=list)
    slides: list[_SlideBuilder] = field(default_factory=list)

    def build(self) -> m.Section:
        return m.Section(self.title, tuple(self.blocks), tuple(s.build() for s in self.slides),
                         self.location, self.duration)


def _duration_attr(node: SyntaxTreeNode, ctx: _Context) -> int | None:
    value = node.attrs.get("duration")
    if value is None:
        return None
    value = str(value)
    if value.isdigit() and int(value) > 0:
        return int(value)
    ctx.diagnostics.error(ctx.loc(node), f"duration must be a positive number of minutes, not '{value}'",
                          "heading.duration")
    return None


def read_body(body: str, path: str, first_line: int, diagnostics: Diagnostics) -> tuple[m.Section, ...]:
    """Parse a module body into sections of slides."""
    env: dict = {}
    tokens = markdown_parser().parse(body, env)
    tree = SyntaxTreeNode(tokens)
    ctx = _Context(path, first_line, diagnostics)
    for line in env.get("unclosed_divs", []):
        diagnostics.error(Location(path, first_line + line), "fenced div is not closed (add a ':::' line)",
                          "div.unclosed")
    for line, message in env.get("bad_attributes", []):
        diagnostics.error(Location(path, first_line + line), f"malformed heading attributes: {message}",
                          "heading.attributes")

    sections: list[_SectionBuilder] = []
    for node in tree.children:
        if node.type == "heading" and node.tag in ("h1", "h2"):
            title = convert_inlines(node.children[0])
            if node.tag == "h1":
                sections.append(_SectionBuilder(title, ctx.loc(node), _duration_attr(node, ctx)))
                continue
            if not sections:
                sections.append(_SectionBuilder((), ctx.loc(node), None))
            if node.attrs.get("duration") is not None:
                diagnostics.warning(ctx.loc(node), "durations belong on '#' section headings; ignored here",
                                    "heading.duration")
            sections[-1].slides.append(_SlideBuilder(title, ctx.loc(node), str(node.attrs.get("layout", ""))))
            continue
        blocks = convert_blocks([node], ctx)
        if not sections:
            sections.append(_SectionBuilder((), ctx.loc(node), None))
        target = sections[-1].slides[-1].blocks if sections[-1].slides else sections[-1].blocks
        target.extend(blocks)
    return tuple(s.build() for s in sections)


def parse_inline(text: str) -> m.Inlines:
    """Inline Markdown (a translated msgstr) as model spans; block syntax is not interpreted."""
    tokens = markdown_parser().parseInline(text, {})
    if not tokens or not tokens[0].children:
        return ()
    root = SyntaxTreeNode(tokens)
    return convert_inlines(root.children[0]) if root.children else ()
