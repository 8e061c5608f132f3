"""Slide deck writer (pptx): draws a deck plan (trainkit.writers.deckplan) on the reference template.

Everything was decided and measured by the plan; this module only turns planned slides into
python-pptx slides: layouts looked up by name with fallbacks, text in the layouts' placeholders,
pictures and tables where the plan put them, footers, notes, language and properties.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.util import Emu

from trainkit import model as m
from trainkit.writers import RenderContext, fit
from trainkit.writers.deckplan import CAPTION_SIZE, PicturePart, PlannedSlide, TablePart, TextPart, stack
from trainkit.writers.layouts import Box
from trainkit.writers.ooxml import save_package
from trainkit.writers.pptx_shapes import (
    add_caption, add_footer, add_picture, add_table, ensure_title, master_body_box, prune_empty, write_title,
)
from trainkit.writers.pptx_text import set_language, write_paras, write_plain
from trainkit.writers.slide_template import Roles, TemplateLayouts


class _Painter:
    """Draws planned slides into one presentation."""

    def __init__(self, context: RenderContext) -> None:
        self.context = context
        self.prs = Presentation(str(context.template))
        self.layouts = TemplateLayouts(self.prs)
        self.tag = context.language.tag
        self.acknowledgement = context.branding.acknowledgement_in(context.language.code)

    def draw(self, planned: PlannedSlide, number: int) -> None:
        layout = self.layouts.find(planned.layout)
        slide = self.prs.slides.add_slide(layout)
        write_title(ensure_title(slide, self.prs), planned.title, planned.title_size, self.tag)
        roles = self.layouts.roles(planned.layout)
        if planned.footer:
            add_footer(slide, roles.footer, roles.slide_number, number, self.acknowledgement, self.tag, self.prs)
        for part in planned.parts:
            if isinstance(part, TextPart):
                self.text(slide, roles, part)
            elif isinstance(part, PicturePart):
                self.pictures(slide, roles, part)
            else:
                self.table(slide, roles, part)
        if planned.logo and self.context.branding.logo:
            self.logo(slide)
        prune_empty(slide)
        if planned.notes:
            write_paras(slide.notes_slide.notes_text_frame, list(planned.notes), fit.BODY_FLOOR, self.tag)

    def placeholder(self, slide, roles: Roles, slot: str, index: int):
        """The slide's placeholder for a planned slot, None when the layout has none."""
        if slot == "content":
            found = roles.contents[index] if index < len(roles.contents) else None
        elif slot == "subtitle":
            found = roles.subtitle or (roles.contents[0] if roles.contents else None)
        elif slot == "caption":
            found = roles.caption
        else:
            found = roles.headers[index] if index < len(roles.headers) else None
        return slide.placeholders[found.placeholder_format.idx] if found is not None else None

    def text(self, slide, roles: Roles, part: TextPart) -> None:
        placeholder = self.placeholder(slide, roles, part.slot, part.index)
        if placeholder is None:
            # a layout without a content area: a text box where the master's body is
            box = master_body_box(self.prs)
            shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
            shape.text_frame.word_wrap = True
            frame = shape.text_frame
        else:
            frame = placeholder.text_frame
            if part.box is not None:
                placeholder.left, placeholder.top = Emu(part.box.x), Emu(part.box.y)
                placeholder.width, placeholder.height = Emu(part.box.w), Emu(part.box.h)
        if part.plain:
            write_plain(frame, [p.inlines for p in part.paras], part.size, self.tag)
        else:
            write_paras(frame, list(part.paras), part.size or fit.BODY_FLOOR, self.tag)

    def pictures(self, slide, roles: Roles, part: PicturePart) -> None:
        """Pictures stacked in the part's box, each with its caption; the first takes the placeholder's place."""
        placeholder = self.placeholder(slide, roles, part.slot, part.index) if part.slot else None
        for n, (image, area, caption) in enumerate(stack(part.images, part.box)):
            if caption is not None:
                add_caption(slide, (m.Text(image.caption),), caption, CAPTION_SIZE, self.tag)
            add_picture(slide, image.resolved, area, image.alt or image.caption, placeholder if n == 0 else None)

    def table(self, slide, roles: Roles, part: TablePart) -> None:
        placeholder = self.placeholder(slide, roles, "content", part.replaces) if part.replaces is not None else None
        add_table(slide, part.table, list(part.rows), part.layout, part.box, self.tag, placeholder)

    def logo(self, slide) -> None:
        path = self.context.root / self.context.branding.logo
        if not path.is_file():
            return
        width = int(self.prs.slide_width)
        margin = 365760  # 0.4 in
        box = Box(width - margin - 2286000, margin, 2286000, 914400)
        add_picture(slide, str(path), box, self.context.language.gettext("Logo"))

    def finish(self, module: m.Module) -> None:
        """Language on every run and in the defaults; core properties from the module."""
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
        props.subject = m.plain_text(meta.description)
        props.comments = m.plain_text(meta.description)
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
    """Writes ``slides.pptx``: the module's deck plan, drawn."""

    name = "slides"
    scope = "module"
    view = "slides"
    filename = "slides.pptx"
    template = "slides"
    default_template = "slides.pptx"
    default = True
    needs_deck = True

    def write(self, module: m.Module, context: RenderContext, target: Path) -> list[Path]:
        painter = _Painter(context)
        for number, planned in enumerate(context.decks[module.id].slides, 1):
            painter.draw(planned, number)
        painter.finish(module)
        save_package(painter.prs, target, context.timestamp)
        return [target]
