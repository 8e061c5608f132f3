"""Draw the diagrams of the CSEI curriculum into modules/img/ (PNG, 1600 x 900 px).

Run from anywhere (only Pillow is needed)::

    /work/venv/bin/python scripts/draw_diagrams.py

The drawings are deterministic: the same Pillow version and fonts give the same bytes.
Each diagram is drawn at twice its size and scaled down, for smooth lines and text.
Labels are in English; the slides carry translatable alt text and captions.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
SCALE = 2
OUT = Path(__file__).resolve().parent.parent / "modules" / "img"

# A calm palette that prints well in greyscale too.
WHITE = (255, 255, 255)
INK = (33, 37, 41)
GREY = (108, 117, 125)
LIGHT = (233, 236, 239)
BLUE = (31, 94, 153)
BLUE_L = (214, 230, 245)
TEAL = (23, 128, 112)
TEAL_L = (210, 238, 232)
GREEN = (76, 130, 47)
GREEN_L = (226, 240, 214)
AMBER = (191, 120, 10)
AMBER_L = (252, 236, 205)
PURPLE = (110, 72, 150)
PURPLE_L = (232, 222, 244)
RED = (176, 42, 55)

_REGULAR = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf")
_BOLD = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf")
_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu",
              "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/truetype/liberation2",
              "/usr/share/fonts/liberation")
_cache: dict[tuple[int, bool], ImageFont.ImageFont] = {}


def font(size: int, bold: bool = False):
    """DejaVu Sans (or Liberation Sans) at ``size`` px of the final image; Pillow's own font otherwise."""
    key = (size, bold)
    if key in _cache:
        return _cache[key]
    px = size * SCALE
    found = None
    for name in (_BOLD if bold else _REGULAR):
        candidates = [str(Path(d) / name) for d in _FONT_DIRS] + [name]
        for candidate in candidates:
            try:
                found = ImageFont.truetype(candidate, px)
                break
            except OSError:
                continue
        if found is not None:
            break
    if found is None:
        found = ImageFont.load_default(size=px)
    _cache[key] = found
    return found


class Canvas:
    """Drawing helpers in final-image pixels (multiplied by SCALE internally)."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WHITE)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def s(*values: float) -> list[float]:
        return [v * SCALE for v in values]

    # text -------------------------------------------------------------
    def wrap(self, text: str, size: int, width: float, bold: bool = False) -> list[str]:
        f = font(size, bold)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            words = paragraph.split()
            line = ""
            for word in words:
                trial = f"{line} {word}".strip()
                if self.draw.textlength(trial, font=f) <= width * SCALE or not line:
                    line = trial
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        return lines

    def text(self, x: float, y: float, text: str, size: int = 24, bold: bool = False, fill=INK,
             width: float | None = None, align: str = "center", anchor_y: str = "middle") -> float:
        """Draw (wrapped) text centred on x (or starting at x for align='left'); return its height."""
        f = font(size, bold)
        lines = self.wrap(text, size, width, bold) if width else text.split("\n")
        line_h = size * 1.25
        total = line_h * len(lines)
        top = y - total / 2 if anchor_y == "middle" else y
        for i, line in enumerate(lines):
            ly = top + i * line_h + line_h / 2
            if align == "center":
                self.draw.text((x * SCALE, ly * SCALE), line, font=f, fill=fill, anchor="mm")
            else:
                self.draw.text((x * SCALE, ly * SCALE), line, font=f, fill=fill, anchor="lm")
        return total

    def title(self, text: str) -> None:
        self.text(WIDTH / 2, 48, text, size=40, bold=True, fill=INK)

    # shapes -----------------------------------------------------------
    def box(self, x0, y0, x1, y1, fill=LIGHT, outline=GREY, width=3, radius=18) -> None:
        self.draw.rounded_rectangle(self.s(x0, y0, x1, y1), radius=radius * SCALE, fill=fill,
                                    outline=outline, width=width * SCALE)

    def circle(self, cx, cy, r, fill=LIGHT, outline=GREY, width=3) -> None:
        self.draw.ellipse(self.s(cx - r, cy - r, cx + r, cy + r), fill=fill, outline=outline,
                          width=width * SCALE)

    def line(self, x0, y0, x1, y1, fill=GREY, width=4, dash: float | None = None) -> None:
        if not dash:
            self.draw.line(self.s(x0, y0, x1, y1), fill=fill, width=width * SCALE)
            return
        length = math.hypot(x1 - x0, y1 - y0)
        steps = int(length // (dash * 2)) + 1
        for i in range(steps):
            a = i * 2 * dash / length
            b = min((i * 2 + 1) * dash / length, 1.0)
            if a >= 1:
                break
            self.draw.line(self.s(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a,
                                  x0 + (x1 - x0) * b, y0 + (y1 - y0) * b), fill=fill, width=width * SCALE)

    def head(self, x, y, angle, fill=GREY, size=20) -> None:
        """An arrow head with its tip at (x, y), pointing along ``angle`` (radians)."""
        left = (x - size * math.cos(angle - 0.45), y - size * math.sin(angle - 0.45))
        right = (x - size * math.cos(angle + 0.45), y - size * math.sin(angle + 0.45))
        self.draw.polygon([(x * SCALE, y * SCALE), (left[0] * SCALE, left[1] * SCALE),
                           (right[0] * SCALE, right[1] * SCALE)], fill=fill)

    def arrow(self, x0, y0, x1, y1, fill=GREY, width=4, size=20, both: bool = False) -> None:
        angle = math.atan2(y1 - y0, x1 - x0)
        shorten = size * 0.8
        self.line(x0 + (shorten * math.cos(angle) if both else 0), y0 + (shorten * math.sin(angle) if both else 0),
                  x1 - shorten * math.cos(angle), y1 - shorten * math.sin(angle), fill=fill, width=width)
        self.head(x1, y1, angle, fill=fill, size=size)
        if both:
            self.head(x0, y0, angle + math.pi, fill=fill, size=size)

    def save(self, name: str) -> Path:
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / name
        final = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        final.save(path, format="PNG", optimize=False)
        return path


# ----------------------------------------------------------------------
# the diagrams
# ----------------------------------------------------------------------

def theory_of_change() -> Path:
    c = Canvas()
    c.title("Theory of change: from inputs to impact")
    steps = [
        ("Inputs", "Staff, money, premises, partners", BLUE, BLUE_L),
        ("Activities", "Training, coaching, job placements", BLUE, BLUE_L),
        ("Outputs", "People trained, hours of coaching delivered", TEAL, TEAL_L),
        ("Outcomes", "Participants find and keep stable work", GREEN, GREEN_L),
        ("Impact", "Fewer people excluded from the labour market", AMBER, AMBER_L),
    ]
    box_w, gap, top, bottom = 250, 62, 300, 600
    x = (WIDTH - (5 * box_w + 4 * gap)) / 2
    centres = []
    for i, (name, example, dark, light) in enumerate(steps):
        c.box(x, top, x + box_w, bottom, fill=light, outline=dark, width=4)
        c.box(x, top, x + box_w, top + 80, fill=dark, outline=dark, width=4)
        c.draw.rectangle(c.s(x + 2, top + 50, x + box_w - 2, top + 80), fill=dark)
        c.text(x + box_w / 2, top + 40, name, size=32, bold=True, fill=WHITE)
        c.text(x + box_w / 2, (top + 80 + bottom) / 2, example, size=25, fill=INK, width=box_w - 36)
        centres.append(x + box_w / 2)
        if i < 4:
            c.arrow(x + box_w + 8, (top + bottom) / 2, x + box_w + gap - 8, (top + bottom) / 2, fill=INK, width=5)
        x += box_w + gap
    # brackets: what you deliver / what changes
    left0, left1 = centres[0] - box_w / 2, centres[2] + box_w / 2
    right0, right1 = centres[3] - box_w / 2, centres[4] + box_w / 2
    for x0, x1, label, colour in ((left0, left1, "What the project does and delivers", BLUE),
                                  (right0, right1, "What changes for people", GREEN)):
        c.line(x0, 250, x1, 250, fill=colour, width=4)
        c.line(x0, 250, x0, 275, fill=colour, width=4)
        c.line(x1, 250, x1, 275, fill=colour, width=4)
        c.text((x0 + x1) / 2, 205, label, size=28, bold=True, fill=colour)
    # control and attribution arrow
    c.arrow(left0, 690, right1, 690, fill=GREY, width=5, size=24)
    c.text(left0, 740, "Direct control and attribution", size=26, fill=GREY, align="left")
    c.text(right1 - 470, 740, "Contribution, shared with others", size=26, fill=GREY, align="left")
    c.text(WIDTH / 2, 830, "Assumptions link each step to the next: make them explicit and test them.",
           size=28, fill=INK)
    return c.save("theory-of-change.png")


def ecosystem_map() -> Path:
    c = Canvas()
    c.title("A regional ecosystem for social innovation")
    cx, cy = WIDTH / 2, 860
    rings = [  # outer radius, name, fill, outline
        (740, "Markets and\nsociety", PURPLE_L, PURPLE),
        (550, "Enablers", GREEN_L, GREEN),
        (360, "Direct\nsupport", TEAL_L, TEAL),
        (170, "", AMBER_L, AMBER),
    ]
    for r, _name, fill, outline in rings:
        c.draw.pieslice(c.s(cx - r, cy - r, cx + r, cy + r), start=180, end=360, fill=fill,
                        outline=outline, width=4 * SCALE)
    c.line(cx - 740, cy, cx + 740, cy, fill=GREY, width=4)
    c.text(cx, cy - 75, "Social\nenterprises and\nsocial innovators", size=23, bold=True, fill=INK)
    # ring names at the left end of each band
    inner = [550, 360, 170]
    for (r, name, _fill, dark), r_in in zip(rings[:3], inner):
        c.text(cx - (r + r_in) / 2, cy - 42, name, size=23, bold=True, fill=dark)
    # actors: (mid radius, colour, [(angle in degrees, 180 = left, 270 = top), label])
    actors = [
        (265, TEAL, [(212, "Networks"), (243, "Incubators"), (297, "Business support"), (328, "Social finance")]),
        (455, GREEN, [(205, "Municipalities"), (237, "Regional authority"), (270, "Universities"),
                      (303, "Foundations"), (335, "Employment services")]),
        (645, PURPLE, [(207, "Public buyers"), (235, "Companies"), (270, "Citizens and volunteers"),
                       (305, "Private customers"), (333, "Media")]),
    ]
    for radius, colour, items in actors:
        for angle, label in items:
            a = math.radians(angle)
            x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
            f = font(20, True)
            w = c.draw.textlength(label, font=f) / SCALE + 30
            c.box(x - w / 2, y - 21, x + w / 2, y + 21, fill=WHITE, outline=colour, width=3, radius=21)
            c.text(x, y, label, size=20, bold=True, fill=colour)
    # a gap: a missing actor, role or link
    gx, gy = cx, cy - 320
    c.circle(gx, gy, 32, fill=WHITE, outline=RED, width=5)
    c.text(gx, gy, "?", size=34, bold=True, fill=RED)
    c.circle(80, 120, 22, fill=WHITE, outline=RED, width=4)
    c.text(80, 120, "?", size=24, bold=True, fill=RED)
    c.text(115, 120, "= gap: a missing actor, role or link", size=21, fill=INK, align="left")
    return c.save("ecosystem-map.png")


def _ellipse_point(cx, cy, rx, ry, ux, uy):
    """Where the ray from the centre along (ux, uy) meets the ellipse."""
    k = 1 / math.sqrt((ux / rx) ** 2 + (uy / ry) ** 2)
    return cx + k * ux, cy + k * uy


def quadruple_helix() -> Path:
    c = Canvas()
    c.title("A cluster for social and ecological innovation")
    c.box(60, 90, WIDTH - 60, HEIGHT - 25, fill=(248, 249, 250), outline=GREY, width=3, radius=40)
    c.text(WIDTH / 2, 128, "Partners from four sectors work on a shared challenge, "
           "e.g. inclusive jobs in a climate-neutral region", size=23, fill=GREY)
    cx, cy = WIDTH / 2, 515
    partners = [
        (-1, -1, "Public sector", "Regional authority, municipalities, public buyers", BLUE, BLUE_L),
        (1, -1, "Business", "Social enterprises, companies, business support organisations", AMBER, AMBER_L),
        (-1, 1, "Research and education", "Universities, colleges, training providers", PURPLE, PURPLE_L),
        (1, 1, "Civil society", "Associations, citizen initiatives, user groups", GREEN, GREEN_L),
    ]
    dx, dy, rx, ry, rc = 480, 200, 235, 120, 120
    points = [(cx + sx * dx, cy + sy * dy) for sx, sy, *_ in partners]
    for (x0, y0), (x1, y1) in ((points[0], points[1]), (points[2], points[3]),
                               (points[0], points[2]), (points[1], points[3])):
        c.line(x0, y0, x1, y1, fill=GREY, width=4, dash=14)
    for x, y in points:
        d = math.hypot(cx - x, cy - y)
        ux, uy = (cx - x) / d, (cy - y) / d
        ex, ey = _ellipse_point(x, y, rx + 8, ry + 8, ux, uy)
        c.arrow(ex, ey, cx - (rc + 6) * ux, cy - (rc + 6) * uy, fill=INK, width=5, size=22, both=True)
    for (_sx, _sy, name, examples, dark, light), (x, y) in zip(partners, points):
        c.draw.ellipse(c.s(x - rx, y - ry, x + rx, y + ry), fill=light, outline=dark, width=4 * SCALE)
        c.text(x, y - 42, name, size=27, bold=True, fill=dark)
        c.text(x, y + 20, examples, size=22, fill=INK, width=310)
    c.circle(cx, cy, rc, fill=TEAL, outline=TEAL, width=4)
    c.text(cx, cy, "Cluster\nmanager", size=30, bold=True, fill=WHITE)
    return c.save("quadruple-helix.png")


def support_adaptation() -> Path:
    c = Canvas()
    c.title("Opening business support to social enterprises")
    # left: the mainstream offer
    c.box(50, 180, 480, 760, fill=LIGHT, outline=GREY, width=4)
    c.text(265, 230, "Mainstream support", size=30, bold=True, fill=INK)
    c.text(265, 272, "for ordinary firms", size=24, fill=GREY)
    items = ["Start-up training", "Loans and grants", "Trade fairs and export help",
             "Matchmaking events"]
    y = 350
    for item in items:
        c.box(80, y - 34, 450, y + 34, fill=WHITE, outline=GREY, width=2, radius=12)
        c.text(265, y, item, size=23, fill=INK)
        y += 100
    # arrow: adapt
    c.arrow(500, 470, 640, 470, fill=TEAL, width=10, size=36)
    c.text(570, 420, "adapt", size=28, bold=True, fill=TEAL)
    # right: four needs
    needs = [
        ("Qualification", "Training that covers impact, governance and hybrid income", BLUE, BLUE_L),
        ("Financing", "Loans and grants that accept social goals and slower returns", AMBER, AMBER_L),
        ("Market access", "Introductions to public and private buyers", GREEN, GREEN_L),
        ("Partners", "Matchmaking with companies, municipalities and researchers", PURPLE, PURPLE_L),
    ]
    x0, y0, w, h, gx, gy = 680, 160, 400, 290, 30, 40
    for i, (name, text, dark, light) in enumerate(needs):
        x = x0 + (i % 2) * (w + gx)
        y = y0 + (i // 2) * (h + gy)
        c.box(x, y, x + w, y + h, fill=light, outline=dark, width=4)
        c.text(x + w / 2, y + 55, name, size=32, bold=True, fill=dark)
        c.text(x + w / 2, y + 165, text, size=25, fill=INK, width=w - 60)
    c.text(WIDTH / 2, 850, "Same four needs as any firm, but with social goals, hybrid income and other partners.",
           size=26, fill=GREY)
    return c.save("support-adaptation.png")


def diverge_converge() -> Path:
    c = Canvas()
    c.title("Diverge and converge: the shape of a co-creation workshop")
    mid, half = 400, 240
    phases = [
        (90, 790, "Explore the challenge", "Define the focus",
         "Walk-throughs, interviews, user stories", "Clustering, dot voting"),
        (810, 1510, "Generate ideas", "Choose and test",
         "Brainwriting, role play, 'what if' questions", "Rough prototypes, feedback rounds"),
    ]
    colours = [(BLUE, BLUE_L), (TEAL, TEAL_L)]
    for (x0, x1, open_name, close_name, open_methods, close_methods), (dark, light) in zip(phases, colours):
        xm = (x0 + x1) / 2
        c.draw.polygon([(x0 * SCALE, mid * SCALE), (xm * SCALE, (mid - half) * SCALE),
                        (x1 * SCALE, mid * SCALE), (xm * SCALE, (mid + half) * SCALE)],
                       fill=light, outline=dark, width=5 * SCALE)
        c.line(xm, mid - half, xm, mid + half, fill=dark, width=3, dash=12)
        for xc, xb, name, move, methods in (
                ((x0 + xm) / 2 + 35, (x0 + xm) / 2, open_name, "diverge: open up", open_methods),
                ((xm + x1) / 2 - 35, (xm + x1) / 2, close_name, "converge: choose", close_methods)):
            c.text(xc, mid - 25, name, size=26, bold=True, fill=dark, width=240)
            c.text(xc, mid + 42, move, size=21, fill=GREY)
            c.box(xb - 150, 690, xb + 150, 780, fill=WHITE, outline=dark, width=3, radius=14)
            c.text(xb, 735, methods, size=22, fill=INK, width=270)
    c.text(90, 665, "Typical methods", size=22, bold=True, fill=GREY, align="left")
    c.arrow(90, 830, 1510, 830, fill=GREY, width=4, size=20)
    c.text(WIDTH / 2, 860, "Workshop time", size=22, fill=GREY)
    return c.save("diverge-converge.png")


def strategy_cycle() -> Path:
    c = Canvas()
    c.title("Social innovation in the regional strategy cycle")
    cx, cy, rx, ry = WIDTH / 2, 490, 470, 300
    steps = [
        ("1  Analyse", "the ecosystem and its gaps", BLUE, BLUE_L),
        ("2  Set objectives", "and proportionate indicators", TEAL, TEAL_L),
        ("3  Implement", "instruments and support services", GREEN, GREEN_L),
        ("4  Monitor", "collect data and stories", AMBER, AMBER_L),
        ("5  Review", "learn and adjust the strategy", PURPLE, PURPLE_L),
    ]
    n = len(steps)
    bw, bh = 340, 120
    params = [math.radians(-90 + i * 360 / n) for i in range(n)]
    centres = [(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in params]

    def inside(x, y, centre, margin):
        return abs(x - centre[0]) <= bw / 2 + margin and abs(y - centre[1]) <= bh / 2 + margin

    for i in range(n):
        t0, t1 = params[i], params[(i + 1) % n]
        if t1 < t0:
            t1 += 2 * math.pi
        pts = [(cx + rx * math.cos(t0 + (t1 - t0) * k / 400), cy + ry * math.sin(t0 + (t1 - t0) * k / 400))
               for k in range(401)]
        pts = [p for p in pts if not inside(*p, centres[i], 12) and not inside(*p, centres[(i + 1) % n], 12)]
        c.draw.line([(x * SCALE, y * SCALE) for x, y in pts], fill=GREY, width=6 * SCALE, joint="curve")
        (xa, ya), (xb, yb) = pts[-3], pts[-1]
        c.head(xb + 10 * (xb - xa) / math.hypot(xb - xa, yb - ya), yb + 10 * (yb - ya) / math.hypot(xb - xa, yb - ya),
               math.atan2(yb - ya, xb - xa), fill=GREY, size=28)
    for (x, y), (name, text, dark, light) in zip(centres, steps):
        c.box(x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2, fill=light, outline=dark, width=4)
        c.text(x, y - 24, name, size=27, bold=True, fill=dark)
        c.text(x, y + 22, text, size=22, fill=INK, width=bw - 30)
    c.circle(cx, cy + 10, 145, fill=LIGHT, outline=GREY, width=3)
    c.text(cx, cy + 10, "Stakeholders of the quadruple helix take part in every step", size=23, bold=True,
           fill=INK, width=230)
    return c.save("strategy-cycle.png")


DIAGRAMS = (theory_of_change, ecosystem_map, quadruple_helix, support_adaptation, diverge_converge,
            strategy_cycle)


def main() -> None:
    for draw in DIAGRAMS:
        path = draw()
        print(f"wrote {path.relative_to(OUT.parent.parent)}")


if __name__ == "__main__":
    main()
