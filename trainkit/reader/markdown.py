"""Markdown body -> sections, slides and blocks of the document model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from trainkit import model as m
from trainkit.errors import Diagnostics, Location
from trainkit.links import link_problem
from trainkit.limits import MAX_MINUTES
from trainkit.reader.plugins import pandoc_plugin, parse_attributes
from trainkit.divs import div_kind


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark (raw HTML recognised, so it can be left out as Pandoc's pptx and docx writers do)
    + GFM tables + Pandoc fenced divs, heading and image attributes."""
    parser = MarkdownIt("commonmark", {"html": True}).enable("table").use(pandoc_plugin)
    # markdown-it turns a link to javascript:, vbscript:, file: or data: into its plain Markdown text,
    # without a word; trainkit reads every target and says what it does with it (links.link_problem)
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.S)


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
            spans.append(m.InlineImage(_image(child, location)))
        elif kind == "html_inline":
            # raw HTML tags (<kbd>Ctrl</kbd>, comments) mean nothing on a slide or a page; the
            # text between them is kept, as Pandoc's pptx and docx writers do
            continue
        else:  # anything a future rule adds: keep its text
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


_PAUSE = re.compile(r"^\.[ \t]+\.[ \t]+\.$")
"""``. . .`` alone in its paragraph."""
_PERCENT = re.compile(r"^(\d+(?:\.\d+)?)%$")


def _image(child: SyntaxTreeNode, location: Location) -> m.Image:
    """A picture. ``![text](src "title")`` gives alt text and caption; with Pandoc's ``{alt="…"}``
    the attribute is the alt text and the bracketed text the caption (when there is no title), as
    in Pandoc and the Carpentries Workbench. ``{width=60%}`` is kept; other attributes (``#id``,
    ``.class``, widths in other units) mean nothing on a slide or a page and are ignored."""
    text = "".join(c.content for c in child.walk() if c.type in ("text", "code_inline"))
    title = str(child.attrs.get("title", "") or "")
    attributes = child.meta.get("attributes", {})
    alt, caption = text, title
    if "alt" in attributes:
        alt, caption = " ".join(attributes["alt"].split()), title or text
    share = None
    percent = _PERCENT.match(attributes.get("width", "").strip())
    if percent and 0 < float(percent.group(1)):
        share = min(float(percent.group(1)) / 100, 1.0)
    return m.Image(str(child.attrs.get("src", "")), alt, caption, location, share=share)


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


def _div_name(node: SyntaxTreeNode, ctx: _Context, report: bool = True) -> tuple[str, dict[str, str]]:
    """A div's name (``::: name`` or its first ``.class``) and its attributes."""
    info = node.info.strip()
    if not info.startswith("{"):
        return info.split()[0], {}
    attrs: dict[str, str] = {}
    try:
        attrs = parse_attributes(info)
    except ValueError as exc:
        if report:
            ctx.diagnostics.error(ctx.loc(node), f"malformed div attributes {info}: {exc}", "div.attributes")
    classes = attrs.get("class", "").split()
    return (classes[0] if classes else ""), attrs


def _div(node: SyntaxTreeNode, ctx: _Context) -> m.Div | m.Exercise:
    location = ctx.loc(node)
    info = node.info.strip()
    name, attrs = _div_name(node, ctx)
    if not name and "id" in attrs:  # ::: {#case}: a group of blocks named so exercise steps can point at it
        name = "group"
    kind = div_kind(name)
    blocks = tuple(convert_blocks(node.children, ctx))
    if kind is None:
        ctx.diagnostics.warning(location, f"unknown div '{name or info}': its content is kept for every audience",
                                "div.unknown")
        return m.Div("other", blocks, location, name or info)
    if kind.name != "exercise":
        kept = tuple(sorted((k, v) for k, v in attrs.items() if k != "class"))
        if kind.name == "fields" and "lines" in attrs and not (attrs["lines"].isdigit() and 0 < int(attrs["lines"]) <= 30):
            ctx.diagnostics.error(location, f"lines must be a number of lines from 1 to 30, not '{attrs['lines']}'",
                                  "div.attributes")
            kept = tuple((k, v) for k, v in kept if k != "lines")
        return m.Div(kind.name, blocks, location, name, kept)
    duration = None
    if "duration" in attrs:
        value = attrs["duration"]
        if value.isdigit() and 0 < int(value) <= MAX_MINUTES:
            duration = int(value)
        else:
            ctx.diagnostics.error(location, f"div duration must be a positive number of minutes"
                                  f"{_up_to(value)}, not '{value}'", "div.duration")
    title = parse_inline(attrs.get("title", ""))
    for url in inline_links(title):
        report_link(url, location, ctx.diagnostics)
    if not title:  # a Workbench challenge names itself with a heading: "## Challenge 1: Can you do it?"
        title, blocks = m.leading_heading(blocks)
    return m.Exercise(title, blocks, location, duration, parse_inline(attrs.get("materials", "")), name)


def convert_blocks(nodes: list[SyntaxTreeNode], ctx: _Context) -> list[m.Block]:
    """Convert block nodes; headings of levels 1 and 2 come back as Heading blocks too."""
    blocks: list[m.Block] = []
    for node in nodes:
        location = ctx.loc(node)
        kind = node.type
        if kind == "paragraph":
            inlines = convert_inlines(node.children[0], location)
            if _PAUSE.match(node.children[0].content):
                blocks.append(m.Pause(location))  # Pandoc's pause: what follows comes on the next click
                continue
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
        elif kind == "html_block" and not _HTML_COMMENT.match(node.content):  # comments are the author's
            ctx.diagnostics.warning(location, "raw HTML is not supported and was left out", "markdown.html")
    return blocks


# --- structure --------------------------------------------------------------


PROSE_WORDS = 150
"""Running text (paragraphs and code, not lists) under one ``##`` beyond which it reads as prose
rather than as a slide: about what one slide shows at a size a room can read."""
CODE_LINE_WORDS = 8
"""A line of code takes about as much room on a slide as this many words of text."""
COLUMN_LAYOUTS = ("Two Content", "Comparison", "Content with Caption")
"""Layouts whose ``###`` headings head columns, so a slide asking for one is never prose."""


def _running_words(blocks: list[m.Block]) -> int:
    """Words of the paragraphs and code standing at the top of a slide (lists and divs not counted)."""
    words = 0
    for block in blocks:
        if isinstance(block, m.Paragraph):
            words += len(m.plain_text(block.inlines).split())
        elif isinstance(block, m.CodeBlock):
            words += CODE_LINE_WORDS * len(block.text.split("\n"))
    return words


def is_prose(blocks: list[m.Block], layout: str = "") -> bool:
    """Whether a slide's content is written as prose: more running text than a slide holds."""
    return layout not in COLUMN_LAYOUTS and _running_words(blocks) > PROSE_WORDS


@dataclass
class _SlideBuilder:
    title: m.Inlines
    location: Location
    layout: str
    blocks: list[m.Block] = field(default_factory=list)

    def build(self) -> m.Slide:
        return m.Slide(self.title, tuple(self.blocks), self.location, self.layout,
                       prose=is_prose(self.blocks, self.layout))


@dataclass
class _SectionBuilder:
    title: m.Inlines
    location: Location
    duration: int | None
    blocks: list[m.Block] = field(default_factory=list)
    slides: list[_SlideBuilder] = field(default_factory=list)

    def build(self) -> m.Section:
        return m.Section(self.title, tuple(self.blocks), tuple(s.build() for s in self.slides),
                         self.location, self.duration, prose=is_prose(self.blocks))


@dataclass(frozen=True)
class MetadataList:
    """A top-level div that fills a metadata field (Workbench ``objectives``, ``questions``, ``keypoints``)."""

    field: str
    """The metadata field (``objectives``, ``questions``, ``key_points``)."""
    items: tuple[tuple[m.Inlines, int], ...]
    """Each list item's text and its line in the module file."""
    line: int


@dataclass(frozen=True)
class Body:
    """A module body as read: its sections, and what top-level divs give the metadata."""

    sections: tuple[m.Section, ...]
    lists: tuple[MetadataList, ...] = ()


def _metadata_list(node: SyntaxTreeNode, field_name: str, ctx: _Context) -> MetadataList:
    """The items of a Workbench ``objectives``/``questions``/``keypoints`` div: its list items (or its
    paragraphs); anything else in it is reported, not silently lost."""
    items: list[tuple[m.Inlines, int]] = []
    for block in convert_blocks(node.children, ctx):
        if isinstance(block, (m.BulletList, m.OrderedList)):
            for item in block.items:
                texts = [b.inlines for b in item.blocks if isinstance(b, m.Paragraph)]
                if texts:
                    items.append((texts[0], item.location.line))
        elif isinstance(block, m.Paragraph):
            items.append((block.inlines, block.location.line))
        else:
            name = _div_name(node, ctx, report=False)[0]
            ctx.diagnostics.warning(block.location, f"only the list items of a '{name}' div are read; "
                                    "this content is left out", "div.metadata")
    return MetadataList(field_name, tuple(items), ctx.loc(node).line)


def _warn_prose(sections: tuple[m.Section, ...], diagnostics: Diagnostics) -> None:
    """One warning per module with parts written as prose, at the first of them: the deck plan
    splits them, and the author learns how to write slides instead."""
    places = sorted([s.location for s in sections if s.prose] +
                    [x.location for s in sections for x in s.slides if x.prose])
    if not places:
        return
    what = (f"{len(places)} parts of this module (lines {', '.join(str(p.line) for p in places)}) are"
            if len(places) > 1 else "this part is")
    diagnostics.warning(places[0], f"{what} written as prose (more than about {PROSE_WORDS} words of paragraphs "
                        "under one heading): the slides split it at '###' headings and paragraphs; "
                        "a '##' heading for each slide gives better slides", "slides.prose")


def _up_to(value: str) -> str:
    """The limit, named only for a number beyond it (``soon`` needs no limit to be wrong)."""
    return f" up to {MAX_MINUTES}" if value.isdigit() and int(value) > MAX_MINUTES else ""


def _duration_attr(node: SyntaxTreeNode, ctx: _Context) -> int | None:
    value = node.attrs.get("duration")
    if value is None:
        return None
    value = str(value)
    if value.isdigit() and 0 < int(value) <= MAX_MINUTES:
        return int(value)
    ctx.diagnostics.error(ctx.loc(node), f"duration must be a positive number of minutes{_up_to(value)}, "
                          f"not '{value}'", "heading.duration")
    return None


def read_body(body: str, path: str, first_line: int, diagnostics: Diagnostics) -> Body:
    """Parse a module body into sections of slides; top-level divs that hold metadata (Workbench
    ``objectives``, ``questions``, ``keypoints``) are lifted out of the body."""
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

    check_links(tokens, path, first_line, diagnostics)

    sections: list[_SectionBuilder] = []
    lists: list[MetadataList] = []
    for node in tree.children:
        if node.type == "div":
            kind = div_kind(_div_name(node, ctx, report=False)[0])
            if kind is not None and kind.metadata:
                lists.append(_metadata_list(node, kind.metadata, ctx))
                continue
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
    built = tuple(s.build() for s in sections)
    _warn_prose(built, diagnostics)
    return Body(built, tuple(lists))


def check_links(tokens, path: str, first_line: int, diagnostics: Diagnostics) -> None:
    """Report every link target that cannot become a hyperlink (``links.link_problem``), at its line:
    the block's first line plus the line breaks before the link."""
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        line = first_line + (token.map[0] if token.map else 0)
        for child in _flat(token.children):
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "link_open":
                report_link(str(child.attrGet("href") or ""), Location(path, line), diagnostics)


def _flat(tokens):
    """Inline tokens in order, with those inside an image's text."""
    for token in tokens:
        yield token
        if token.children:
            yield from _flat(token.children)


def report_link(url: str, location: Location, diagnostics: Diagnostics) -> None:
    problem = link_problem(url)
    if problem is not None:
        severity, message, code = problem
        (diagnostics.error if severity == "error" else diagnostics.warning)(location, message, code)


def inline_links(inlines: m.Inlines) -> list[str]:
    """The targets of the links in ``inlines``, nested ones too."""
    found: list[str] = []
    for node in inlines:
        if isinstance(node, m.Link):
            found.append(node.url)
        if isinstance(node, (m.Strong, m.Emphasis, m.Link)):
            found.extend(inline_links(node.children))
    return found


@lru_cache(maxsize=16384)
def parse_inline(text: str) -> m.Inlines:
    """Inline Markdown (a translated msgstr) as model spans; block syntax is not interpreted.

    Cached (the spans are immutable): localising checks each msgid's markup once per language
    and parses each msgstr twice, to check its markup and to use it."""
    tokens = markdown_parser().parseInline(text, {})
    if not tokens or not tokens[0].children:
        return ()
    root = SyntaxTreeNode(tokens)
    return convert_inlines(root.children[0]) if root.children else ()
