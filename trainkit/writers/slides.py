"""Slide deck writer (pptx): title, objectives, agenda, a header per section, content, exercises, closing.

Content is measured before it is placed (trainkit.writers.fit); what does not fit on one slide at
the smallest readable size continues on slides titled "… (continued)". Layouts are looked up by
name with fallbacks (trainkit.writers.slide_template); text goes into the layouts' placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from trainkit import model as m
from trainkit.writers import RenderContext, fit
from trainkit.writers.ooxml import save_package
from trainkit.writers.pptx_shapes import (
    Box, add_caption, add_footer, add_picture, add_table, box_of, default_size, ensure_title, master_body_box,
    prune_empty, text_box, title_geometry, write_title,
)
from trainkit.writers.pptx_text import TextPara, block_paras, measurable, set_language, write_paras, write_plain
from trainkit.writers.slide_template import find_layout, layout_roles

CAPTION_SIZE = 14.0
TEXT_ABOVE_TABLE = 0.35
"""Share of the body a paragraph may take above a table on the same slide."""
GAP = 182880
"""Space between stacked shapes (0.2 in)."""


@dataclass
class _Unit:
    """Consecutive content of one slide, or one exercise."""

    blocks: list[m.Block] = field(default_factory=list)
    exercise: m.Div | None = None


def _notes(blocks: tuple[m.Block, ...]) -> list[m.Block]:
    """The blocks of every notes div, at any depth (exercises may hold notes too)."""
    found: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Div):
            if block.kind == "notes":
                found.extend(block.blocks)
            else:
                found.extend(_notes(block.blocks))
    return found


def _flatten(blocks: list[m.Block] | tuple[m.Block, ...]) -> list[m.Block]:
    """Blocks with ``slides`` and unknown divs opened (columns stay), notes left out."""
    out: list[m.Block] = []
    for block in blocks:
        if isinstance(block, m.Div):
            if block.kind == "notes":
                continue
            if block.kind == "other" and block.name == "columns":
                out.append(block)
            elif block.kind in ("slides", "other"):
                out.extend(_flatten(block.blocks))
            else:
                out.append(block)
        else:
            out.append(block)
    return out


def _visual(block: m.Block) -> bool:
    return isinstance(block, (m.Image, m.Table))


class _Deck:
    """One deck being written: the presentation, the output language and the fitting state."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.prs = Presentation(str(context.template))
        self.language = context.language
        self.tag = context.language.tag
        self.metrics = fit.metrics()
        self.acknowledgement = context.branding.acknowledgement_in(context.language.code)

    # --- slides and titles ------------------------------------------------

    def continued(self, title: m.Inlines) -> m.Inlines:
        return tuple(title) + (m.Text(" " + self.language.gettext("(continued)")),)

    def new_slide(self, layout_name: str, title: m.Inlines, footer: bool = True):
        layout = find_layout(self.prs, layout_name)
        slide = self.prs.slides.add_slide(layout)
        title_shape = ensure_title(slide, self.prs)
        box, largest = title_geometry(layout_roles(layout).title, self.prs)
        write_title(title_shape, title, box, largest, self.tag)
        if footer:
            add_footer(slide, layout, len(self.prs.slides), self.acknowledgement, self.tag, self.prs)
        return slide

    def geometry(self, layout_name: str):
        """The layout's roles and the box of its first content area (the master's body when it has none)."""
        roles = layout_roles(find_layout(self.prs, layout_name))
        box = text_box(roles.contents[0]) if roles.contents else master_body_box(self.prs)
        return roles, box

    def body_sizes(self, layout_name: str) -> tuple[float, ...]:
        roles = layout_roles(find_layout(self.prs, layout_name))
        largest = default_size(roles.contents[0], self.prs, title=False) if roles.contents else 24.0
        return tuple(s for s in fit.BODY_SIZES if s <= max(largest, fit.BODY_FLOOR)) or (fit.BODY_FLOOR,)

    def frame_for(self, slide, roles, index: int = 0):
        """The text frame of the ``index``-th content placeholder, or a text box where the layout has none."""
        if len(roles.contents) > index:
            return slide.placeholders[roles.contents[index].placeholder_format.idx].text_frame
        box = master_body_box(self.prs)
        shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        shape.text_frame.word_wrap = True
        return shape.text_frame

    def notes(self, slide, blocks: list[m.Block]) -> None:
        paras = block_paras(tuple(blocks))
        if paras:
            write_paras(slide.notes_slide.notes_text_frame, paras, fit.BODY_FLOOR, self.tag)

    # --- text -------------------------------------------------------------

    def text_slides(self, layout_name: str, title: m.Inlines, paras: list[TextPara], continued: bool = False,
                    footer: bool = True) -> list:
        """``paras`` on as many slides of ``layout_name`` as they need."""
        roles, box = self.geometry(layout_name)
        result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt, self.metrics,
                              self.body_sizes(layout_name))
        slides = []
        for i, page in enumerate(result.pages):
            slide = self.new_slide(layout_name, self.continued(title) if i or continued else title, footer)
            if page:
                write_paras(self.frame_for(slide, roles), [paras[j] for j in page], result.size, self.tag)
            prune_empty(slide)
            slides.append(slide)
        return slides

    # --- deck parts ---------------------------------------------------------

    def title_slide(self, module: m.Module) -> None:
        meta = module.metadata
        layout = find_layout(self.prs, "Title Slide")
        roles = layout_roles(layout)
        slide = self.new_slide("Title Slide", (m.Text(meta.title),), footer=False)
        facts = []
        if meta.version:
            facts.append(self.language.gettext("Version %(version)s") % {"version": meta.version})
        facts.append(self.language.date(self.context.timestamp.date()))
        if self.context.region_name:
            facts.append(self.context.region_name)
        paras = []
        if meta.description:
            paras.append(TextPara((m.Text(meta.description),), "plain"))
        paras.append(TextPara((m.Text(" · ".join(facts)),), "plain", 1,
                              keep_with_previous=True))
        target = roles.subtitle or (roles.contents[0] if roles.contents else None)
        if target is not None:
            box = text_box(target)
            largest = default_size(target, self.prs, title=False)
            sizes = tuple(s for s in fit.BODY_SIZES if s <= largest) or (fit.BODY_FLOOR,)
            result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt, self.metrics, sizes)
            frame = slide.placeholders[target.placeholder_format.idx].text_frame
            write_paras(frame, paras, result.size, self.tag)
        if self.context.branding.logo:
            self.logo(slide)
        prune_empty(slide)

    def logo(self, slide) -> None:
        path = self.context.root / self.context.branding.logo
        if not path.is_file():
            return
        width = int(self.prs.slide_width)
        margin = 365760  # 0.4 in
        box = Box(width - margin - 2286000, margin, 2286000, 914400)
        add_picture(slide, str(path), box, self.language.gettext("Logo"))

    def objectives_slide(self, module: m.Module) -> None:
        if not module.metadata.objectives:
            return
        from trainkit.reader.markdown import parse_inline  # metadata keeps inline Markdown

        paras = [TextPara(parse_inline(text), "bullet") for text in module.metadata.objectives]
        self.text_slides("Title and Content", (m.Text(self.language.gettext("Learning objectives")),), paras)

    def agenda_slide(self, module: m.Module) -> None:
        sections = [s for s in module.sections if s.title]
        if len(sections) < 2:
            return
        paras = []
        for section in sections:
            inlines = tuple(section.title)
            if section.duration:
                inlines += (m.Text(" — " + self.language.duration(section.duration)),)
            paras.append(TextPara(inlines, "bullet"))
        self.text_slides("Title and Content", (m.Text(self.language.gettext("Agenda")),), paras)

    def section_slides(self, section: m.Section) -> None:
        """The section header (title, duration and a short introduction); a longer introduction,
        pictures or exercises before the first ``##`` follow on their own slides."""
        slide = self.new_slide("Section Header", section.title, footer=False)
        roles = layout_roles(find_layout(self.prs, "Section Header"))
        target = roles.subtitle or (roles.contents[0] if roles.contents else None)
        paras = [TextPara((m.Text(self.language.duration(section.duration)),), "plain")] if section.duration else []
        rest = _flatten(section.blocks)
        intro = block_paras(tuple(rest))
        if intro and target is not None and not any(_visual(b) or isinstance(b, m.Div) for b in rest):
            box = text_box(target)
            candidate = paras + [TextPara(p.inlines, p.kind, p.level, p.number, True) for p in intro]
            result = fit.fit_text([measurable(p) for p in candidate], box.w_pt, box.h_pt, self.metrics,
                                  (20, 18))
            if result.fits_one:
                paras, rest = candidate, []
        if paras and target is not None:
            box = text_box(target)
            result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt, self.metrics,
                                  (20, 18, 16, 14))
            write_paras(slide.placeholders[target.placeholder_format.idx].text_frame, paras, result.size, self.tag)
        prune_empty(slide)
        notes = _notes(section.blocks)
        if notes:
            self.notes(slide, notes)
        self.units(section.title, rest, "")

    def closing_slide(self, module: m.Module) -> None:
        points = module.metadata.key_points
        if points:
            from trainkit.reader.markdown import parse_inline

            paras = [TextPara(parse_inline(text), "bullet") for text in points]
            self.text_slides("Closing", (m.Text(self.language.gettext("Key points")),), paras, footer=False)
        else:
            paras = [TextPara((m.Text(self.language.gettext("Questions and discussion")),), "plain")]
            self.text_slides("Closing", (m.Text(self.language.gettext("Thank you")),), paras, footer=False)

    # --- content --------------------------------------------------------------

    def content_slide(self, item: m.Slide) -> None:
        for part in m.split_at_breaks(item.blocks):
            # a forced break continues with the same title, as the author asked for a new slide
            made = self.units(item.title, part, item.layout, always=True)
            notes = _notes(tuple(part))
            if notes and made:
                self.notes(made[0], notes)

    def units(self, title: m.Inlines, blocks, layout: str, always: bool = False) -> list:
        """Slides for ``blocks``: content slides, with each exercise on a slide of its own."""
        units: list[_Unit] = [_Unit()]
        for block in _flatten(blocks):
            if isinstance(block, m.Div) and block.kind == "exercise":
                units.append(_Unit(exercise=block))
                units.append(_Unit())
            else:
                units[-1].blocks.append(block)
        units = [u for u in units if u.exercise is not None or u.blocks]
        made: list = []
        if not units and always:
            slide = self.new_slide(layout or "Title and Content", title)
            prune_empty(slide)
            return [slide]
        for unit in units:
            if unit.exercise is not None:
                made.extend(self.exercise_slides(unit.exercise, title if not made else ()))
            else:
                made.extend(self.content_slides(title, unit.blocks, layout, continued=bool(made)))
        return made

    def exercise_slides(self, div: m.Div, title: m.Inlines) -> list:
        label = self.language.gettext("Exercise")
        if div.duration:
            label += " · " + self.language.duration(div.duration)
        if not title:
            title = (m.Text(div.title),) if div.title else (m.Text(self.language.gettext("Exercise")),)
        paras = [TextPara((m.Text(label),), "label")] + block_paras(tuple(_flatten(div.blocks)))
        return self.text_slides("Exercise", title, paras)

    def content_slides(self, title: m.Inlines, blocks: list[m.Block], layout: str, continued: bool) -> list:
        images = [b for b in blocks if isinstance(b, m.Image)]
        tables = [b for b in blocks if isinstance(b, m.Table)]
        texts = [b for b in blocks if not _visual(b)]
        columns = next((b for b in blocks if isinstance(b, m.Div) and b.name == "columns"), None)
        if layout in ("Two Content", "Comparison") or columns is not None:
            made = self.column_slides(title, blocks, layout or "Two Content", columns, continued)
            if made:
                return made
        if layout == "Content with Caption" and (images or tables) and len(images) + len(tables) == 1:
            made = self.caption_slides(title, blocks, continued)
            if made:
                return made
        if images and not tables:
            made = self.picture_slides(title, images, block_paras(tuple(texts)), layout, continued)
            if made:
                return made
        return self.flow_slides(title, blocks, layout or "Title and Content", continued)

    def flow_slides(self, title: m.Inlines, blocks: list[m.Block], layout: str, continued: bool) -> list:
        """Text, tables and pictures one after the other: text goes above a table when it is short."""
        made: list = []
        pending: list[m.Block] = []

        def flush_text() -> None:
            paras = block_paras(tuple(pending))
            if paras:
                made.extend(self.text_slides(layout, title, paras, continued=continued or bool(made)))
            pending.clear()

        for block in blocks:
            if isinstance(block, m.Table):
                paras = block_paras(tuple(pending))
                above = self.short_text(layout, paras)
                if not above:
                    flush_text()
                pending.clear()
                made.extend(self.table_slides(title, block, above, layout, continued or bool(made)))
            elif isinstance(block, m.Image):
                flush_text()
                made.extend(self.picture_slides(title, [block], [], layout, continued or bool(made)))
            else:
                pending.append(block)
        flush_text()
        return made

    def short_text(self, layout: str, paras: list[TextPara]) -> list[TextPara]:
        """``paras`` when they fit above a table at a comfortable size, else nothing."""
        if not paras:
            return []
        _, box = self.geometry(layout)
        result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt * TEXT_ABOVE_TABLE,
                              self.metrics, self.body_sizes(layout))
        return paras if result.fits_one and result.size >= 18 else []

    def table_slides(self, title: m.Inlines, table: m.Table, above: list[TextPara], layout: str,
                     continued: bool) -> list:
        from trainkit.writers.pptx_text import spans

        roles, box = self.geometry(layout)
        body_box = box_of(roles.contents[0]) if roles.contents else master_body_box(self.prs)
        text_size, text_h = 0.0, 0
        if above:
            result = fit.fit_text([measurable(p) for p in above], box.w_pt, box.h_pt * TEXT_ABOVE_TABLE,
                                  self.metrics, self.body_sizes(layout))
            text_size = result.size
            inner = fit.text_height([measurable(p) for p in above], box.w_pt, text_size, self.metrics)
            text_h = int(inner * 12700) + (body_box.h - box.h) + GAP
        header = [spans(c.inlines) for c in table.header]
        rows = [[spans(c.inlines) for c in row] for row in table.rows]
        table_box = Box(body_box.x, body_box.y + text_h, body_box.w, body_box.h - text_h)
        layout_fit = fit.fit_table(header, rows, table_box.w / 12700, table_box.h / 12700, self.metrics)
        slides = []
        for i, page in enumerate(layout_fit.pages):
            slide = self.new_slide(layout, self.continued(title) if i or continued else title)
            placeholder = slide.placeholders[roles.contents[0].placeholder_format.idx] if roles.contents else None
            if above and i == 0 and placeholder is not None:
                write_paras(placeholder.text_frame, above, text_size, self.tag)
                placeholder.top, placeholder.height = Emu(body_box.y), Emu(text_h - GAP)
                placeholder.left, placeholder.width = Emu(body_box.x), Emu(body_box.w)
                add_table(slide, table, page, layout_fit, table_box, self.tag)
            else:
                add_table(slide, table, page, layout_fit, table_box if i == 0 else body_box, self.tag, placeholder)
            prune_empty(slide)
            slides.append(slide)
        return slides

    def picture_slides(self, title: m.Inlines, images: list[m.Image], paras: list[TextPara], layout: str,
                       continued: bool) -> list:
        """One picture alone, two side by side, or text beside one or two pictures (Two Content)."""
        images = [i for i in images if i.resolved]
        if not images:
            return self.text_slides(layout or "Title and Content", title, paras, continued) if paras else []
        if paras:
            roles, box = self.geometry("Two Content")
            if len(roles.contents) >= 2 and len(images) <= 2:
                result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt, self.metrics,
                                      self.body_sizes("Two Content"))
                if result.fits_one:
                    slide = self.new_slide("Two Content", self.continued(title) if continued else title)
                    write_paras(self.frame_for(slide, roles, 0), paras, result.size, self.tag)
                    right = slide.placeholders[roles.contents[1].placeholder_format.idx]
                    self.stack_pictures(slide, images, box_of(right), right)
                    prune_empty(slide)
                    return [slide]
            # too much text to sit beside the pictures: pictures first, then the text
            made = self.picture_slides(title, images, [], layout, continued)
            return made + self.text_slides(layout or "Title and Content", title, paras, continued=True)
        made = []
        for n in range(0, len(images), 2):
            pair = images[n:n + 2]
            name = "Two Content" if len(pair) == 2 else (layout or "Title and Content")
            roles = layout_roles(find_layout(self.prs, name))
            slide = self.new_slide(name, self.continued(title) if continued or made else title)
            if len(pair) == 2 and len(roles.contents) >= 2:
                for image, area in zip(pair, roles.contents):
                    ph = slide.placeholders[area.placeholder_format.idx]
                    self.stack_pictures(slide, [image], box_of(ph), ph)
            else:
                ph = slide.placeholders[roles.contents[0].placeholder_format.idx] if roles.contents else None
                self.stack_pictures(slide, pair, box_of(ph) if ph is not None else master_body_box(self.prs), ph)
            prune_empty(slide)
            made.append(slide)
        return made

    def stack_pictures(self, slide, images: list[m.Image], box: Box, placeholder=None) -> None:
        """Pictures one above the other in ``box``, each with its caption under it."""
        share = (box.h - GAP * (len(images) - 1)) // len(images)
        for n, image in enumerate(images):
            area = Box(box.x, box.y + n * (share + GAP), box.w, share)
            if image.caption:
                caption_h = int(CAPTION_SIZE * fit.LINE_HEIGHT * 12700 * 2) + 91440
                add_caption(slide, (m.Text(image.caption),), Box(area.x, area.y + area.h - caption_h, area.w,
                                                                 caption_h), CAPTION_SIZE, self.tag)
                area = Box(area.x, area.y, area.w, area.h - caption_h)
            add_picture(slide, image.resolved, area, image.alt or image.caption,
                        placeholder if n == 0 else None)

    def column_slides(self, title: m.Inlines, blocks: list[m.Block], layout: str, columns: m.Div | None,
                      continued: bool) -> list:
        """Two columns, from ``::: columns`` / ``::: column`` divs or the blocks split in two halves.
        Comparison puts a leading ``###`` heading of each column in its header. Nothing when a
        column does not fit on one slide (the caller then stacks the content)."""
        if columns is not None:
            halves = [list(_flatten(c.blocks)) for c in columns.blocks if isinstance(c, m.Div)][:2]
            rest = [b for b in blocks if b is not columns]
            if rest:
                halves = [rest + (halves[0] if halves else [])] + halves[1:]
        else:
            middle = (len(blocks) + 1) // 2
            halves = [blocks[:middle], blocks[middle:]]
        roles, _ = self.geometry(layout)
        if len(roles.contents) < 2:
            return []
        plans = []
        for half, area in zip(halves, roles.contents):
            header = ()
            if roles.headers and half and isinstance(half[0], m.Heading):
                header, half = half[0].inlines, half[1:]
            visuals = [b for b in half if _visual(b)]
            paras = block_paras(tuple(b for b in half if not _visual(b)))
            if visuals and (paras or len(visuals) > 1 or isinstance(visuals[0], m.Table)):
                return []
            box = text_box(area)
            result = fit.fit_text([measurable(p) for p in paras], box.w_pt, box.h_pt, self.metrics,
                                  self.body_sizes(layout))
            if not result.fits_one:
                return []
            plans.append((header, paras, visuals, result.size))
        slide = self.new_slide(layout, self.continued(title) if continued else title)
        sizes = [size for _, paras, _, size in plans if paras]
        size = min(sizes) if sizes else fit.BODY_FLOOR  # both columns alike
        for n, (header, paras, visuals, _) in enumerate(plans):
            placeholder = slide.placeholders[roles.contents[n].placeholder_format.idx]
            if header and n < len(roles.headers):
                head = slide.placeholders[roles.headers[n].placeholder_format.idx]
                write_plain(head.text_frame, [header], None, self.tag)
            if visuals:
                self.stack_pictures(slide, visuals, box_of(placeholder), placeholder)
            elif paras:
                write_paras(placeholder.text_frame, paras, size, self.tag)
        prune_empty(slide)
        return [slide]

    def caption_slides(self, title: m.Inlines, blocks: list[m.Block], continued: bool) -> list:
        """Content with Caption: the picture or table in the content area, the text beside it."""
        roles, _ = self.geometry("Content with Caption")
        if not roles.contents or roles.caption is None:
            return []
        visual = next(b for b in blocks if _visual(b))
        paras = block_paras(tuple(b for b in blocks if not _visual(b)))
        caption_box = text_box(roles.caption)
        result = fit.fit_text([measurable(p) for p in paras], caption_box.w_pt, caption_box.h_pt, self.metrics,
                              tuple(s for s in fit.BODY_SIZES if s <= 20))
        if not result.fits_one:
            return []
        if isinstance(visual, m.Table):
            from trainkit.writers.pptx_text import spans

            area = box_of(roles.contents[0])
            header = [spans(c.inlines) for c in visual.header]
            rows = [[spans(c.inlines) for c in row] for row in visual.rows]
            table_fit = fit.fit_table(header, rows, area.w / 12700, area.h / 12700, self.metrics)
            if len(table_fit.pages) > 1:
                return []
        slide = self.new_slide("Content with Caption", self.continued(title) if continued else title)
        if paras:
            write_paras(slide.placeholders[roles.caption.placeholder_format.idx].text_frame, paras, result.size,
                        self.tag)
        placeholder = slide.placeholders[roles.contents[0].placeholder_format.idx]
        if isinstance(visual, m.Image) and visual.resolved:
            self.stack_pictures(slide, [visual], box_of(placeholder), placeholder)
        elif isinstance(visual, m.Table):
            add_table(slide, visual, list(range(len(visual.rows))), table_fit, box_of(placeholder), self.tag,
                      placeholder)
        prune_empty(slide)
        return [slide]

    # --- whole deck -------------------------------------------------------------

    def build(self, module: m.Module) -> None:
        self.title_slide(module)
        self.objectives_slide(module)
        self.agenda_slide(module)
        for section in module.sections:
            if section.title:
                self.section_slides(section)
            else:
                self.units((m.Text(module.metadata.title),), section.blocks, "")
            for item in section.slides:
                self.content_slide(item)
        self.closing_slide(module)
        self.finish(module)

    def finish(self, module: m.Module) -> None:
        for slide in self.prs.slides:
            set_language(slide._element, self.tag)
            if slide.has_notes_slide:
                set_language(slide.notes_slide._element, self.tag)
        default_style = self.prs.part._element.find(
            "{http://schemas.openxmlformats.org/presentationml/2006/main}defaultTextStyle")
        if default_style is not None:
            for defrpr in default_style.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}defRPr"):
                defrpr.set("lang", self.tag)
        meta = module.metadata
        props = self.prs.core_properties
        props.title = meta.title
        props.subject = meta.description
        props.comments = meta.description
        props.author = "; ".join(meta.authors)
        props.last_modified_by = "; ".join(meta.authors)
        props.keywords = ", ".join(meta.tags)
        props.category = ""
        props.language = self.tag
        props.identifier = module.id
        props.version = meta.version
        stamp = self.context.timestamp.replace(tzinfo=None)
        props.created = props.modified = props.last_printed = stamp
        props.revision = 1


class SlidesWriter:
    """Writes ``slides.pptx`` from the slides view."""

    name = "slides"
    audience = "slides"
    filename = "slides.pptx"
    template = "slides.pptx"

    def write(self, module: m.Module, context: RenderContext, target: Path) -> None:
        deck = _Deck(context)
        deck.build(module)
        save_package(deck.prs, target, context.timestamp)
