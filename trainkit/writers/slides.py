"""Slide deck writer (pptx): draws a deck plan (trainkit.writers.deckplan) on the reference template.

Everything was decided and measured by the plan; this module only turns planned slides into
python-pptx slides: layouts looked up by name with fallbacks, text in the layouts' placeholders,
pictures and tables where the plan put them, footers, notes, language and properties.
"""

from __future__ import annotations

from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Emu

from trainkit import model as m
from trainkit.writers import RenderContext, fit
from trainkit.writers.deckplan import (
    ASIDE_BAR, CAPTION_SIZE, NOTES_SIZE, AsidePart, PicturePart, PlannedSlide, TablePart, TextPart, stack,
)
from trainkit.writers.images import embeddable, picture_at
from trainkit.writers.layouts import Box
from trainkit.writers.ooxml import save_package
from trainkit.writers.pptx_shapes import (
    add_band_text, add_build_steps, add_caption, add_footer, add_picture, add_table, ensure_title, master_body_box, prune_empty, write_title,
)
from trainkit.writers.pptx_text import set_language, write_paras, write_plain
from trainkit.writers.slide_template import Roles, TemplateLayouts


BAND_HEIGHT = 640080
"""Height of the emblem and logo in the branding band (0.7 in)."""
BAND_BOTTOM = 182880
"""Space under the band (0.2 in)."""
BAND_GAP = 182880
BAND_TEXT_SIZE = 16.0
"""The acknowledgement beside the emblem: readable from the back of the room."""


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
        self.steps: list[tuple[int, int, int]] = []
        """(shape id, paragraph index, click) of paragraphs that appear on a click."""
        write_title(ensure_title(slide, self.prs), planned.title, planned.title_size, self.tag)
        roles = self.layouts.roles(planned.layout)
        if planned.footer:
            add_footer(slide, roles.footer, roles.slide_number, number, self.acknowledgement, self.tag, self.prs)
        for part in planned.parts:
            if isinstance(part, TextPart):
                self.text(slide, roles, part)
            elif isinstance(part, PicturePart):
                self.pictures(slide, roles, part)
            elif isinstance(part, AsidePart):
                self.aside(slide, part)
            else:
                self.table(slide, roles, part)
        if planned.branding:
            self.branding_band(slide)
        prune_empty(slide)
        add_build_steps(slide, self.steps)
        if planned.notes:
            write_paras(slide.notes_slide.notes_text_frame, list(planned.notes), NOTES_SIZE, self.tag)

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
            # a text box of its own where the plan put it, else (a layout without a content area)
            # where the master's body is
            box = part.box if part.slot == "free" and part.box is not None else master_body_box(self.prs)
            shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
            shape.text_frame.word_wrap = True
            frame = shape.text_frame
            if part.slot == "free":
                frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Emu(0)
        else:
            frame = placeholder.text_frame
            if part.box is not None:
                placeholder.left, placeholder.top = Emu(part.box.x), Emu(part.box.y)
                placeholder.width, placeholder.height = Emu(part.box.w), Emu(part.box.h)
        if part.plain:
            write_plain(frame, [p.inlines for p in part.paras], part.size, self.tag)
        else:
            write_paras(frame, list(part.paras), part.size or fit.BODY_FLOOR, self.tag)
        spid = int(frame._txBody.getparent().find(".//" + qn("p:cNvPr")).get("id"))
        self.steps.extend((spid, n, para.step) for n, para in enumerate(part.paras) if para.step)

    def pictures(self, slide, roles: Roles, part: PicturePart) -> None:
        """Pictures stacked in the part's box, each with its caption; the first takes the placeholder's place."""
        placeholder = self.placeholder(slide, roles, part.slot, part.index) if part.slot else None
        for n, (image, area, caption) in enumerate(stack(part.images, part.box, part.captions)):
            if caption is not None:
                add_caption(slide, (m.Text(image.caption),), caption, CAPTION_SIZE, self.tag)
            add_picture(slide, embeddable(image), area, image.alt or image.caption, placeholder if n == 0 else None)

    def aside(self, slide, part: AsidePart) -> None:
        """A shaded box with its text, and an accent bar on its left edge: two plain shapes, so the
        text stays editable and the box can be moved or recoloured like any shape."""
        box = part.box
        shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
        shape.fill.solid()
        shape.fill.fore_color.rgb = RGBColor.from_string(part.fill)
        shape.line.fill.background()
        shape.shadow.inherit = False
        shape.name = f"Aside {len(slide.shapes)}"
        frame = shape.text_frame
        frame.word_wrap = True
        inner = part.text_box
        frame.margin_left, frame.margin_top = Emu(inner.x - box.x), Emu(inner.y - box.y)
        frame.margin_right = Emu(box.x + box.w - inner.x - inner.w)
        frame.margin_bottom = Emu(box.y + box.h - inner.y - inner.h)
        write_paras(frame, list(part.paras), part.size, self.tag)
        for paragraph in frame.paragraphs:  # the theme's text colour, not the shape style's white
            for run in paragraph.runs:
                run.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
        bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(box.x), Emu(box.y), Emu(ASIDE_BAR), Emu(box.h))
        bar.fill.solid()
        bar.fill.fore_color.rgb = RGBColor.from_string(part.accent)
        bar.line.fill.background()
        bar.shadow.inherit = False
        bar.name = f"Aside bar {len(slide.shapes)}"

    def table(self, slide, roles: Roles, part: TablePart) -> None:
        placeholder = self.placeholder(slide, roles, "content", part.replaces) if part.replaces is not None else None
        add_table(slide, part.table, list(part.rows), part.layout, part.box, self.tag, placeholder)

    def branding_band(self, slide) -> None:
        """The funder's emblem with its acknowledgement on the left and the logo on the right, in
        the band the title and closing layouts keep free at the bottom of the slide."""
        branding, root = self.context.branding, self.context.root
        width, height = int(self.prs.slide_width), int(self.prs.slide_height)
        band = Box(width * 3 // 40, height - BAND_BOTTOM - BAND_HEIGHT, width * 34 // 40, BAND_HEIGHT)
        left = band.x
        if branding.emblem:
            emblem = picture_at(root / branding.emblem)
            w = int(BAND_HEIGHT * emblem.width / max(emblem.height, 1))
            add_picture(slide, emblem, Box(left, band.y, w, BAND_HEIGHT), self.acknowledgement or
                        self.context.language.gettext("Emblem"))
            left += w + BAND_GAP
        right = band.x + band.w
        if branding.logo:
            logo = picture_at(root / branding.logo)
            w = min(int(BAND_HEIGHT * logo.width / max(logo.height, 1)), band.w // 3)
            right -= w
            add_picture(slide, logo, Box(right, band.y, w, BAND_HEIGHT), self.context.language.gettext("Logo"))
            right -= BAND_GAP
        if self.acknowledgement:
            add_band_text(slide, self.acknowledgement, Box(left, band.y, max(right - left, 0), BAND_HEIGHT),
                          BAND_TEXT_SIZE, self.tag)

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
