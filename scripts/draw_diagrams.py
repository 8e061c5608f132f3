"""Draw the diagrams of the CSEI curriculum into modules/img/ (PNG, 1600 x 900 px), in every language.

Run from anywhere (only Pillow is needed)::

    /work/venv/bin/python scripts/draw_diagrams.py

Each diagram is drawn once per language of the curriculum: ``NAME.png`` in English and
``NAME.<lang>.png`` beside it for the others (``theory-of-change.de.png``), which trainkit uses
in that language's outputs. The texts are in one table per diagram (label id -> {language:
text}); the drawing code is shared by all languages.

Every text is fitted to its place: wrapped, and where that is not enough set smaller, down to a
minimum size; a text that still does not fit stops the script with an error instead of
overflowing. A soft hyphen (``\\u00ad``) in a long word marks where it may be broken, with a
hyphen, when the word does not fit on a line of its own; a word is also broken after a hyphen
it already has ("Was-wäre-wenn-Fragen").

The drawings are deterministic: the same Pillow version and fonts give the same bytes.
Each diagram is drawn at twice its size and scaled down, for smooth lines and text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 900
SCALE = 2
OUT = Path(__file__).resolve().parent.parent / "modules" / "img"
LANGUAGES = ("en", "de", "et", "lt", "lv", "nb", "pl", "sv")  # English first: NAME.png
SHY = "\u00ad"  # soft hyphen: where a long word may be broken
LINE = 1.25  # line height, in font sizes

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


class LayoutError(RuntimeError):
    """A text does not fit its place, even at its smallest allowed size."""


def labels(table: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """The texts of one diagram in ``lang``: label id -> text."""
    return {key: texts[lang] for key, texts in table.items()}


def _pieces(word: str) -> list[str]:
    """A word cut where it may be broken: at soft hyphens and after hyphens."""
    return [p for p in re.split(r"\u00ad|(?<=-)", word) if p]


class Canvas:
    """Drawing helpers in final-image pixels (multiplied by SCALE internally)."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH * SCALE, HEIGHT * SCALE), WHITE)
        self.draw = ImageDraw.Draw(self.image)

    @staticmethod
    def s(*values: float) -> list[float]:
        return [v * SCALE for v in values]

    # text -------------------------------------------------------------
    def measure(self, text: str, size: int, bold: bool = False) -> float:
        """The width of one line of text, in final-image pixels."""
        return self.draw.textlength(text, font=font(size, bold)) / SCALE

    def wrap(self, text: str, size: int, width: float, bold: bool = False) -> list[str]:
        """Break text into lines of at most ``width`` px; a line breaks inside a word only where
        the word is too long for a line of its own (and the word allows it)."""
        def fits(line: str) -> bool:
            return self.measure(line, size, bold) <= width

        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                plain = word.replace(SHY, "")
                trial = f"{line} {plain}".strip()
                pieces = _pieces(word)
                if fits(trial) or (not line and len(pieces) == 1):
                    line = trial
                elif fits(plain) or len(pieces) == 1:
                    lines.append(line)
                    line = plain
                else:  # too long for a line of its own: break it
                    if line:
                        lines.append(line)
                    line = ""
                    for i, piece in enumerate(pieces):
                        hyphen = "" if i == len(pieces) - 1 or piece.endswith("-") else "-"
                        if not line or fits(line + piece + hyphen):
                            line += piece
                        else:
                            lines.append(line if line.endswith("-") else line + "-")
                            line = piece
            lines.append(line)
        return lines

    def fit(self, text: str, size: int, width: float | Sequence[float], height: float | None = None,
            bold: bool = False, min_size: int | None = None, wrap: bool = True,
            check: Callable[[int, list[str]], bool] | None = None) -> tuple[int, list[str]]:
        """The largest font size from ``size`` down to ``min_size`` at which ``text`` fits, with its lines.

        ``width`` is the widest a line may be, or several widths to try in turn at each size (a
        narrower one gives more, shorter lines); ``height`` is the most all lines may take up.
        With ``wrap=False`` only the text's own line breaks are used. ``check(size, lines)`` can
        add a test of its own, such as staying inside a circle.
        """
        widths = (width,) if isinstance(width, (int, float)) else tuple(width)
        smallest = size if min_size is None else min_size
        for s in range(size, smallest - 1, -1):
            for w in widths:
                lines = self.wrap(text, s, w, bold) if wrap else text.split("\n")
                if max(self.measure(line, s, bold) for line in lines) > w:
                    continue
                if height is not None and len(lines) * s * LINE > height + 1e-6:
                    continue
                if check is not None and not check(s, lines):
                    continue
                return s, lines
        raise LayoutError(f"{text!r} does not fit {'/'.join(map(str, widths))} x {height} px "
                          f"at {smallest} px or more")

    def fit_few(self, text: str, size: int, width: float, max_lines: int, min_size: int,
                bold: bool = False, shrink: int = 3) -> tuple[int, list[str]]:
        """Like fit(), on as few lines as possible: a line is added only when the text would
        otherwise have to be set more than ``shrink`` px smaller (for long one-line texts)."""
        for n in range(1, max_lines):
            try:
                return self.fit(text, size, width, n * size * LINE, bold, max(min_size, size - shrink))
            except LayoutError:
                pass
        return self.fit(text, size, width, max_lines * size * LINE, bold, min_size)

    def common_size(self, texts: Sequence[str], size: int, width: float | Sequence[float],
                    height: float | None = None, bold: bool = False, min_size: int | None = None,
                    wrap: bool = True) -> int:
        """One font size at which each of ``texts`` fits (for labels that belong together)."""
        return min(self.fit(t, size, width, height, bold, min_size, wrap)[0] for t in texts)

    def lines(self, x: float, y: float, lines: list[str], size: int, bold: bool = False, fill=INK,
              align: str = "center", anchor_y: str = "middle") -> float:
        """Draw lines centred on x (starting at x for 'left', ending at x for 'right'); return their height."""
        f = font(size, bold)
        line_h = size * LINE
        total = line_h * len(lines)
        top = y - total / 2 if anchor_y == "middle" else y
        anchor = {"center": "mm", "left": "lm", "right": "rm"}[align]
        for i, line in enumerate(lines):
            ly = top + i * line_h + line_h / 2
            self.draw.text((x * SCALE, ly * SCALE), line, font=f, fill=fill, anchor=anchor)
        return total

    def text(self, x: float, y: float, text: str, size: int = 24, bold: bool = False, fill=INK,
             width: float | Sequence[float] | None = None, height: float | None = None,
             min_size: int | None = None, wrap: bool = True, align: str = "center",
             anchor_y: str = "middle", check: Callable[[int, list[str]], bool] | None = None) -> float:
        """Draw text fitted to ``width`` x ``height`` (see fit); return its height.

        Without ``width`` the text is drawn as it is, for symbols and the like."""
        if width is None:
            lines = text.split("\n")
        else:
            size, lines = self.fit(text, size, width, height, bold, min_size, wrap, check)
        return self.lines(x, y, lines, size, bold, fill, align, anchor_y)

    def in_circle(self, cx: float, cy: float, r: float, x: float, y: float, bold: bool = False,
                  above: float | None = None) -> Callable[[int, list[str]], bool]:
        """A check for fit(): lines centred on (x, y) stay inside the circle, and above ``above``."""
        def check(size: int, lines: list[str]) -> bool:
            line_h = size * LINE
            top = y - line_h * len(lines) / 2
            for i, line in enumerate(lines):
                half = self.measure(line, size, bold) / 2
                for ly in (top + i * line_h, top + (i + 1) * line_h):
                    if above is not None and ly > above:
                        return False
                    if any(math.hypot(lx - cx, ly - cy) > r for lx in (x - half, x + half)):
                        return False
            return True
        return check

    def title(self, text: str) -> None:
        self.text(WIDTH / 2, 48, text, size=40, bold=True, fill=INK, width=WIDTH - 80, min_size=28,
                  wrap=False)

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

    def save(self, name: str, lang: str) -> Path:
        """Save as NAME.png in English and NAME.<lang>.png in the other languages."""
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / (f"{name}.png" if lang == "en" else f"{name}.{lang}.png")
        final = self.image.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
        final.save(path, format="PNG", optimize=False)
        return path


# ----------------------------------------------------------------------
# the texts: label id -> {language: text}
# ----------------------------------------------------------------------

THEORY_OF_CHANGE = {
    "title": {
        "en": "Theory of change: from inputs to impact",
        "de": "Wirkungslogik: vom Input zum Impact",
        "et": "Muutuste teooria: sisenditest mõjuni",
        "lt": "Pokyčių teorija: nuo išteklių iki poveikio",
        "lv": "Pārmaiņu teorija: no ieguldījumiem līdz ietekmei",
        "nb": "Endringsteori: fra innsatsfaktorer til samfunnseffekt",
        "pl": "Teoria zmiany: od nakładów do wpływu",
        "sv": "Förändringsteori: från insatser till effekter",
    },
    "inputs": {
        "en": "Inputs", "de": "Input", "et": "Sisendid", "lt": "Ištekliai", "lv": "Ieguldījumi",
        "nb": "Innsatsfaktorer", "pl": "Nakłady", "sv": "Insatser",
    },
    "inputs_example": {
        "en": "Staff, money, premises, partners",
        "de": "Personal, Geld, Räume, Partner",
        "et": "Töötajad, raha, ruumid, partnerid",
        "lt": "Darbuotojai, lėšos, patalpos, partneriai",
        "lv": "Darbinieki, finansējums, telpas, partneri",
        "nb": "Ansatte, penger, lokaler, partnere",
        "pl": "Personel, pieniądze, pomieszczenia, partnerzy",
        "sv": "Personal, pengar, lokaler, partner",
    },
    "activities": {
        "en": "Activities", "de": "Aktivitäten", "et": "Tegevused", "lt": "Veiklos", "lv": "Aktivitātes",
        "nb": "Aktiviteter", "pl": "Działania", "sv": "Aktiviteter",
    },
    "activities_example": {
        "en": "Training, coaching, job placements",
        "de": "Schulungen, Coaching, Vermittlung in Arbeit",
        "et": "Koolitus, juhendamine, tööle suunamine",
        "lt": "Mokymai, koučingas, įdarbinimas",
        "lv": "Apmācība, koučings, iekārtošana darbā",
        "nb": "Opplæring, coaching, arbeidsformidling",
        "pl": "Szkolenia, coaching, pośrednictwo pracy",
        "sv": "Utbildning, coachning, jobbmatchning",
    },
    "outputs": {
        "en": "Outputs", "de": "Output", "et": "Väljundid", "lt": "Produktai", "lv": "Iznākumi",
        "nb": "Leveranser", "pl": "Produkty", "sv": "Prestationer",
    },
    "outputs_example": {
        "en": "People trained, hours of coaching delivered",
        "de": "Geschulte Personen, geleistete Coachingstunden",
        "et": "Koolitatud inimesed, antud juhendamis\u00adtunnid",
        "lt": "Apmokyti žmonės, suteiktos koučingo valandos",
        "lv": "Apmācīti cilvēki, nodrošinātās koučinga stundas",
        "nb": "Opplærte personer, gjennomførte coachingtimer",
        "pl": "Przeszkolone osoby, zrealizowane godziny coachingu",
        "sv": "Utbildade personer, genomförda coachnings\u00adtimmar",
    },
    "outcomes": {
        "en": "Outcomes", "de": "Outcome", "et": "Tulemused", "lt": "Rezultatai", "lv": "Rezultāti",
        "nb": "Effekter", "pl": "Rezultaty", "sv": "Resultat",
    },
    "outcomes_example": {
        "en": "Participants find and keep stable work",
        "de": "Teilnehmende finden eine feste Stelle und behalten sie",
        "et": "Osalejad leiavad püsiva töö ja hoiavad seda",
        "lt": "Dalyviai susiranda ir išlaiko stabilų darbą",
        "lv": "Dalībnieki atrod stabilu darbu un to saglabā",
        "nb": "Deltakerne får og beholder fast arbeid",
        "pl": "Uczestnicy znajdują i utrzymują stałą pracę",
        "sv": "Deltagarna får och behåller ett stabilt arbete",
    },
    "impact": {
        "en": "Impact", "de": "Impact", "et": "Mõju", "lt": "Poveikis", "lv": "Ietekme",
        "nb": "Samfunnseffekt", "pl": "Wpływ", "sv": "Effekter",
    },
    "impact_example": {
        "en": "Fewer people excluded from the labour market",
        "de": "Weniger Menschen vom Arbeitsmarkt ausgeschlossen",
        "et": "Vähem tööturult tõrjutud inimesi",
        "lt": "Mažiau iš darbo rinkos išstumtų žmonių",
        "lv": "Mazāk no darba tirgus atstumtu cilvēku",
        "nb": "Færre står utenfor arbeidslivet",
        "pl": "Mniej osób wykluczonych z rynku pracy",
        "sv": "Färre står utanför arbetsmarknaden",
    },
    "delivers": {
        "en": "What the project does and delivers",
        "de": "Was das Projekt tut und leistet",
        "et": "Mida projekt teeb ja pakub",
        "lt": "Ką projektas daro ir suteikia",
        "lv": "Ko projekts dara un nodrošina",
        "nb": "Hva prosjektet gjør og leverer",
        "pl": "Co projekt robi i dostarcza",
        "sv": "Vad projektet gör och levererar",
    },
    "changes": {
        "en": "What changes for people",
        "de": "Was sich für Menschen verändert",
        "et": "Mis muutub inimeste jaoks",
        "lt": "Kas pasikeičia žmonėms",
        "lv": "Kas mainās cilvēkiem",
        "nb": "Hva som endrer seg for folk",
        "pl": "Co zmienia się dla ludzi",
        "sv": "Vad som förändras för människor",
    },
    "control": {
        "en": "Direct control and attribution",
        "de": "Direkte Kontrolle und Zurechnung",
        "et": "Otsene kontroll ja omistamine",
        "lt": "Tiesioginė kontrolė ir priskyrimas",
        "lv": "Tieša kontrole un attiecināšana",
        "nb": "Direkte kontroll og attribusjon",
        "pl": "Bezpośrednia kontrola i atrybucja",
        "sv": "Direkt kontroll och tillskrivning",
    },
    "contribution": {
        "en": "Contribution, shared with others",
        "de": "Beitrag, gemeinsam mit anderen",
        "et": "Panus, jagatud teistega",
        "lt": "Indėlis, bendras su kitais",
        "lv": "Devums, kopīgs ar citiem",
        "nb": "Bidrag, delt med andre",
        "pl": "Wkład, wspólny z innymi",
        "sv": "Bidrag, delat med andra",
    },
    "assumptions": {
        "en": "Assumptions link each step to the next: make them explicit and test them.",
        "de": "Annahmen verbinden jede Stufe mit der nächsten: Machen Sie sie sichtbar und prüfen Sie sie.",
        "et": "Eeldused seovad iga sammu järgmisega: sõnastage need selgelt ja kontrollige neid.",
        "lt": "Prielaidos sieja kiekvieną žingsnį su kitu: aiškiai jas įvardykite ir patikrinkite.",
        "lv": "Pieņēmumi saista katru soli ar nākamo: skaidri formulējiet un pārbaudiet tos.",
        "nb": "Antakelser knytter hvert trinn til det neste: gjør dem tydelige og test dem.",
        "pl": "Założenia łączą każdy krok z następnym: nazwijcie je wprost i sprawdźcie.",
        "sv": "Antaganden knyter varje steg till nästa: gör dem tydliga och pröva dem.",
    },
}

ECOSYSTEM_MAP = {
    "title": {
        "en": "A regional ecosystem for social innovation",
        "de": "Ein regionales Ökosystem für soziale Innovation",
        "et": "Sotsiaalse innovatsiooni piirkondlik ökosüsteem",
        "lt": "Regiono socialinių inovacijų ekosistema",
        "lv": "Reģionālā sociālās inovācijas ekosistēma",
        "nb": "Et regionalt økosystem for sosial innovasjon",
        "pl": "Regionalny ekosystem innowacji społecznych",
        "sv": "Ett regionalt ekosystem för social innovation",
    },
    "legend": {
        "en": "= gap: a missing actor, role or link",
        "de": "= Lücke: fehlender Akteur, fehlende Rolle oder Verbindung",
        "et": "= lünk: puuduv toimija, roll või seos",
        "lt": "= spraga: trūkstamas veikėjas, vaidmuo ar ryšys",
        "lv": "= nepilnība: trūkstošs dalībnieks, loma vai saikne",
        "nb": "= hull: en manglende aktør, rolle eller forbindelse",
        "pl": "= luka: brakujący podmiot, rola lub powiązanie",
        "sv": "= lucka: en saknad aktör, roll eller koppling",
    },
    # the core and the three rings, from the inside out
    "core": {
        "en": "Social\nenterprises and\nsocial innovators",
        "de": "Sozialunternehmen und soziale Innovatorinnen und Innovatoren",
        "et": "Sotsiaalsed ettevõtted ja sotsiaalsed uuendajad",
        "lt": "Socialinės įmonės ir socialiniai novatoriai",
        "lv": "Sociālie uzņēmumi un sociālie inovatori",
        "nb": "Sosiale foretak og sosiale innovatører",
        "pl": "Przedsiębiorstwa społeczne i innowatorzy społeczni",
        "sv": "Sociala företag och sociala innovatörer",
    },
    "direct": {
        "en": "Direct\nsupport", "de": "Direkte Unterstützung", "et": "Otsene tugi",
        "lt": "Tiesioginė parama", "lv": "Tiešais atbalsts", "nb": "Direkte støtte",
        "pl": "Wsparcie bezpośrednie", "sv": "Direkt stöd",
    },
    "enablers": {
        "en": "Enablers", "de": "Wegbereiter", "et": "Võimaldajad", "lt": "Sąlygų kūrėjai",
        "lv": "Veicinātāji", "nb": "Tilrette\u00adleggere", "pl": "Otoczenie instytucjonalne",
        "sv": "Möjliggörare",
    },
    "markets": {
        "en": "Markets and\nsociety", "de": "Märkte und Gesell\u00adschaft", "et": "Turud ja ühiskond",
        "lt": "Rinkos ir visuomenė", "lv": "Tirgi un sabiedrība", "nb": "Marked og samfunn",
        "pl": "Rynki i społe\u00adczeństwo", "sv": "Marknader och samhälle",
    },
    # actors in the ring of direct support
    "networks": {
        "en": "Networks", "de": "Netzwerke", "et": "Võrgustikud", "lt": "Tinklai", "lv": "Tīkli",
        "nb": "Nettverk", "pl": "Sieci", "sv": "Nätverk",
    },
    "incubators": {
        "en": "Incubators", "de": "Inkubatoren", "et": "Inkubaatorid", "lt": "Inkubatoriai",
        "lv": "Inkubatori", "nb": "Inkubatorer", "pl": "Inkubatory", "sv": "Inkubatorer",
    },
    "business_support": {
        "en": "Business support", "de": "Wirtschafts\u00adförderung", "et": "Ettevõtlustugi",
        "lt": "Verslo parama", "lv": "Uzņēmējdarbības atbalsts", "nb": "Virkemiddel\u00adapparatet",
        "pl": "Wsparcie biznesu", "sv": "Företagsstöd",
    },
    "social_finance": {
        "en": "Social finance", "de": "Sozial\u00adfinanzierung", "et": "Sotsiaalne rahastus",
        "lt": "Socialinis finansavimas", "lv": "Sociālais finansējums", "nb": "Sosial finansiering",
        "pl": "Finansowanie społeczne", "sv": "Social finansiering",
    },
    # actors in the ring of enablers
    "municipalities": {
        "en": "Municipalities", "de": "Kommunen", "et": "Omavalitsused", "lt": "Savivaldybės",
        "lv": "Pašvaldības", "nb": "Kommuner", "pl": "Gminy", "sv": "Kommuner",
    },
    "regional_authority": {
        "en": "Regional authority", "de": "Regional\u00adverwaltung", "et": "Piirkondlik ametiasutus",
        "lt": "Regiono valdžia", "lv": "Reģionālā pārvalde", "nb": "Fylkeskommunen",
        "pl": "Samorząd województwa", "sv": "Regionen",
    },
    "universities": {
        "en": "Universities", "de": "Hochschulen", "et": "Ülikoolid", "lt": "Universitetai",
        "lv": "Universitātes", "nb": "Universiteter", "pl": "Uczelnie", "sv": "Universitet",
    },
    "foundations": {
        "en": "Foundations", "de": "Stiftungen", "et": "Sihtasutused", "lt": "Fondai", "lv": "Fondi",
        "nb": "Stiftelser", "pl": "Fundacje", "sv": "Stiftelser",
    },
    "employment": {
        "en": "Employment services", "de": "Arbeits\u00adagenturen", "et": "Töötukassa",
        "lt": "Užimtumo tarnyba", "lv": "Nodarbinātības dienests", "nb": "NAV", "pl": "Urzędy pracy",
        "sv": "Arbets\u00adförmedlingen",
    },
    # actors in the ring of markets and society
    "public_buyers": {
        "en": "Public buyers", "de": "Öffentliche Auftraggeber", "et": "Avaliku sektori ostjad",
        "lt": "Viešieji pirkėjai", "lv": "Publiskie pasūtītāji", "nb": "Offentlige innkjøpere",
        "pl": "Zamawiający publiczni", "sv": "Offentliga upphandlare",
    },
    "companies": {
        "en": "Companies", "de": "Unternehmen", "et": "Ettevõtted", "lt": "Bendrovės", "lv": "Uzņēmumi",
        "nb": "Bedrifter", "pl": "Firmy", "sv": "Företag",
    },
    "citizens": {
        "en": "Citizens and volunteers", "de": "Bürgerschaft und Ehrenamt",
        "et": "Kodanikud ja vabatahtlikud", "lt": "Piliečiai ir savanoriai",
        "lv": "Iedzīvotāji un brīvprātīgie", "nb": "Innbyggere og frivillige",
        "pl": "Mieszkańcy i wolontariusze", "sv": "Medborgare och frivilliga",
    },
    "customers": {
        "en": "Private customers", "de": "Privatkundschaft", "et": "Erakliendid",
        "lt": "Privatūs klientai", "lv": "Privātie klienti", "nb": "Privatkunder",
        "pl": "Klienci indywidualni", "sv": "Privatkunder",
    },
    "media": {
        "en": "Media", "de": "Medien", "et": "Meedia", "lt": "Žiniasklaida", "lv": "Mediji",
        "nb": "Medier", "pl": "Media", "sv": "Medier",
    },
}

QUADRUPLE_HELIX = {
    "title": {
        "en": "A cluster for social and ecological innovation",
        "de": "Ein Cluster für soziale und ökologische Innovation",
        "et": "Sotsiaalse ja ökoloogilise innovatsiooni klaster",
        "lt": "Socialinių ir ekologinių inovacijų klasteris",
        "lv": "Klasteris sociālajai un ekoloģiskajai inovācijai",
        "nb": "En klynge for sosial og økologisk innovasjon",
        "pl": "Klaster na rzecz innowacji społecznych i ekologicznych",
        "sv": "Ett kluster för social och ekologisk innovation",
    },
    "challenge": {
        "en": "Partners from four sectors work on a shared challenge, e.g. inclusive jobs in a "
              "climate-neutral region",
        "de": "Partner aus vier Sektoren arbeiten an einer gemeinsamen Herausforderung, z. B. inklusive "
              "Arbeitsplätze in einer klimaneutralen Region",
        "et": "Nelja sektori partnerid tegelevad ühise väljakutsega, nt kaasavad töökohad "
              "kliimaneutraalses piirkonnas",
        "lt": "Keturių sektorių partneriai sprendžia bendrą iššūkį, pvz., įtraukios darbo vietos "
              "klimatui neutraliame regione",
        "lv": "Četru sektoru partneri risina kopīgu izaicinājumu, piem., iekļaujošas darbvietas "
              "klimatneitrālā reģionā",
        "nb": "Partnere fra fire sektorer jobber med en felles utfordring, f.eks. inkluderende "
              "arbeidsplasser i en klimanøytral region",
        "pl": "Partnerzy z czterech sektorów podejmują wspólne wyzwanie, np. włączające miejsca pracy "
              "w neutralnym klimatycznie regionie",
        "sv": "Partner från fyra sektorer arbetar med en gemensam utmaning, t.ex. inkluderande jobb i en "
              "klimatneutral region",
    },
    "public": {
        "en": "Public sector", "de": "Öffentlicher Sektor", "et": "Avalik sektor",
        "lt": "Viešasis sektorius", "lv": "Publiskais sektors", "nb": "Offentlig sektor",
        "pl": "Sektor publiczny", "sv": "Offentlig sektor",
    },
    "public_examples": {
        "en": "Regional authority, municipalities, public buyers",
        "de": "Regionalverwaltung, Kommunen, öffentliche Auftraggeber",
        "et": "Piirkondlikud ametiasutused, omavalitsused, avaliku sektori ostjad",
        "lt": "Regiono valdžia, savivaldybės, viešieji pirkėjai",
        "lv": "Reģionālā pārvalde, pašvaldības, publiskie pasūtītāji",
        "nb": "Fylkeskommunen, kommuner, offentlige innkjøpere",
        "pl": "Samorząd województwa, gminy, zamawiający publiczni",
        "sv": "Regionen, kommuner, offentliga upphandlare",
    },
    "business": {
        "en": "Business", "de": "Wirtschaft", "et": "Ärisektor", "lt": "Verslas",
        "lv": "Uzņēmējdarbība", "nb": "Næringsliv", "pl": "Biznes", "sv": "Näringsliv",
    },
    "business_examples": {
        "en": "Social enterprises, companies, business support organisations",
        "de": "Sozialunternehmen, Unternehmen, Wirtschafts\u00adförderungs\u00adeinrichtungen",
        "et": "Sotsiaalsed ettevõtted, äriettevõtted, ettevõtlus\u00adtoetus\u00adorganisatsioonid",
        "lt": "Socialinės įmonės, bendrovės, verslo paramos organizacijos",
        "lv": "Sociālie uzņēmumi, komercuzņēmumi, uzņēmējdarbības atbalsta organizācijas",
        "nb": "Sosiale foretak, bedrifter, virkemiddelaktører",
        "pl": "Przedsiębiorstwa społeczne, firmy, instytucje otoczenia biznesu",
        "sv": "Sociala företag, andra företag, företagsfrämjande organisationer",
    },
    "research": {
        "en": "Research and education", "de": "Forschung und Bildung", "et": "Teadus ja haridus",
        "lt": "Mokslas ir švietimas", "lv": "Pētniecība un izglītība", "nb": "Forskning og utdanning",
        "pl": "Nauka i edukacja", "sv": "Forskning och utbildning",
    },
    "research_examples": {
        "en": "Universities, colleges, training providers",
        "de": "Universitäten, Hochschulen, Bildungsträger",
        "et": "Ülikoolid, kõrgkoolid, koolitajad",
        "lt": "Universitetai, kolegijos, mokymo įstaigos",
        "lv": "Universitātes, koledžas, mācību iestādes",
        "nb": "Universiteter, høgskoler, opplæringsaktører",
        "pl": "Uniwersytety, szkoły wyższe, instytucje szkoleniowe",
        "sv": "Universitet, högskolor, utbildningsanordnare",
    },
    "civil": {
        "en": "Civil society", "de": "Zivilgesellschaft", "et": "Kodanikuühiskond",
        "lt": "Pilietinė visuomenė", "lv": "Pilsoniskā sabiedrība", "nb": "Sivilsamfunn",
        "pl": "Społeczeństwo obywatelskie", "sv": "Civilsamhälle",
    },
    "civil_examples": {
        "en": "Associations, citizen initiatives, user groups",
        "de": "Vereine, Bürgerinitiativen, Nutzergruppen",
        "et": "Ühingud, kodanikualgatused, kasutajarühmad",
        "lt": "Asociacijos, piliečių iniciatyvos, naudotojų grupės",
        "lv": "Biedrības, iedzīvotāju iniciatīvas, lietotāju grupas",
        "nb": "Foreninger, innbyggerinitiativer, brukergrupper",
        "pl": "Stowarzyszenia, inicjatywy obywatelskie, grupy użytkowników",
        "sv": "Föreningar, medborgarinitiativ, användargrupper",
    },
    "manager": {
        "en": "Cluster\nmanager", "de": "Cluster\u00admanagement", "et": "Klastrijuht",
        "lt": "Klasterio vadovas", "lv": "Klastera vadītājs", "nb": "Klyngeleder",
        "pl": "Koordynator klastra", "sv": "Kluster\u00adledare",
    },
}

SUPPORT_ADAPTATION = {
    "title": {
        "en": "Opening business support to social enterprises",
        "de": "Wirtschaftsförderung für Sozialunternehmen öffnen",
        "et": "Ettevõtlustoe avamine sotsiaalsetele ettevõtetele",
        "lt": "Verslo paramos atvėrimas socialinėms įmonėms",
        "lv": "Uzņēmējdarbības atbalsta pieejamība sociālajiem uzņēmumiem",
        "nb": "Å åpne virkemiddelapparatet for sosiale foretak",
        "pl": "Otwieranie wsparcia biznesu na przedsiębiorstwa społeczne",
        "sv": "Att öppna företagsstödet för sociala företag",
    },
    "mainstream": {
        "en": "Mainstream support", "de": "Klassische Förderung", "et": "Tavapärane tugi",
        "lt": "Įprasta parama", "lv": "Ierastais atbalsts", "nb": "Ordinært tilbud",
        "pl": "Standardowe wsparcie", "sv": "Ordinarie stöd",
    },
    "ordinary": {
        "en": "for ordinary firms", "de": "für herkömmliche Unternehmen", "et": "tavaettevõtetele",
        "lt": "įprastoms įmonėms", "lv": "parastajiem uzņēmumiem", "nb": "for vanlige bedrifter",
        "pl": "dla zwykłych firm", "sv": "för vanliga företag",
    },
    "start_up": {
        "en": "Start-up training", "de": "Gründungsseminare", "et": "Alustajate koolitus",
        "lt": "Verslo pradžios mokymai", "lv": "Jaunuzņēmēju apmācība",
        "nb": "Gründeropplæring", "pl": "Szkolenia z zakładania firmy", "sv": "Starta eget-utbildning",
    },
    "loans": {
        "en": "Loans and grants", "de": "Kredite und Zuschüsse", "et": "Laenud ja toetused",
        "lt": "Paskolos ir dotacijos", "lv": "Aizdevumi un granti", "nb": "Lån og tilskudd",
        "pl": "Pożyczki i dotacje", "sv": "Lån och bidrag",
    },
    "fairs": {
        "en": "Trade fairs and export help", "de": "Messen und Exportförderung",
        "et": "Messid ja ekspordiabi", "lt": "Mugės ir pagalba eksportui",
        "lv": "Izstādes un eksporta atbalsts", "nb": "Messer og eksporthjelp",
        "pl": "Targi i wsparcie eksportu", "sv": "Mässor och exportstöd",
    },
    "matchmaking": {
        "en": "Matchmaking events", "de": "Matchmaking-Veranstaltungen", "et": "Kontaktüritused",
        "lt": "Verslo kontaktų renginiai", "lv": "Kontaktbiržas", "nb": "Matchmaking-arrangementer",
        "pl": "Giełdy kooperacyjne", "sv": "Matchmakingträffar",
    },
    "adapt": {
        "en": "adapt", "de": "anpassen", "et": "kohandada", "lt": "pritaikyti", "lv": "pielāgot",
        "nb": "tilpasse", "pl": "dostosować", "sv": "anpassa",
    },
    "qualification": {
        "en": "Qualification", "de": "Qualifizierung", "et": "Oskuste arendamine", "lt": "Kvalifikacija",
        "lv": "Kvalifikācijas celšana", "nb": "Kompetanseheving", "pl": "Kwalifikacje",
        "sv": "Kompetensutveckling",
    },
    "qualification_text": {
        "en": "Training that covers impact, governance and hybrid income",
        "de": "Schulungen zu Wirkung, Unternehmensführung und hybriden Einnahmen",
        "et": "Koolitus, mis käsitleb ka mõju, juhtimist ja hübriidtulu",
        "lt": "Mokymai, apimantys poveikį, valdyseną ir hibridines pajamas",
        "lv": "Apmācība, kas aptver ietekmi, pārvaldību un hibrīdos ienākumus",
        "nb": "Opplæring som dekker samfunnseffekt, styring og hybride inntekter",
        "pl": "Szkolenia obejmujące wpływ, zarządzanie i przychody hybrydowe",
        "sv": "Utbildning som tar upp effekter, styrning och blandade intäkter",
    },
    "financing": {
        "en": "Financing", "de": "Finanzierung", "et": "Rahastamine", "lt": "Finansavimas",
        "lv": "Finansējums", "nb": "Finansiering", "pl": "Finansowanie", "sv": "Finansiering",
    },
    "financing_text": {
        "en": "Loans and grants that accept social goals and slower returns",
        "de": "Kredite und Zuschüsse, die soziale Ziele und langsamere Renditen akzeptieren",
        "et": "Laenud ja toetused, mis arvestavad sotsiaalsete eesmärkide ja aeglasema tasuvusega",
        "lt": "Paskolos ir dotacijos, pripažįstančios socialinius tikslus ir lėtesnę grąžą",
        "lv": "Aizdevumi un granti, kas pieļauj sociālus mērķus un lēnāku atdevi",
        "nb": "Lån og tilskudd som godtar sosiale mål og langsommere avkastning",
        "pl": "Pożyczki i dotacje, które uwzględniają cele społeczne i wolniejszy zwrot",
        "sv": "Lån och bidrag som godtar sociala mål och långsammare avkastning",
    },
    "market": {
        "en": "Market access", "de": "Marktzugang", "et": "Turulepääs", "lt": "Patekimas į rinkas",
        "lv": "Piekļuve tirgum", "nb": "Markedstilgang", "pl": "Dostęp do rynku", "sv": "Marknadstillträde",
    },
    "market_text": {
        "en": "Introductions to public and private buyers",
        "de": "Kontakte zu öffentlicher und privater Kundschaft",
        "et": "Kontaktid avaliku ja erasektori ostjatega",
        "lt": "Supažindinimas su viešaisiais ir privačiais pirkėjais",
        "lv": "Iepazīstināšana ar publiskajiem un privātajiem pircējiem",
        "nb": "Kontakt med offentlige og private innkjøpere",
        "pl": "Kontakty z nabywcami publicznymi i prywatnymi",
        "sv": "Kontakter med offentliga och privata köpare",
    },
    "partners": {
        "en": "Partners", "de": "Partner", "et": "Partnerid", "lt": "Partneriai", "lv": "Partneri",
        "nb": "Partnere", "pl": "Partnerzy", "sv": "Partner",
    },
    "partners_text": {
        "en": "Matchmaking with companies, municipalities and researchers",
        "de": "Matchmaking mit Unternehmen, Kommunen und Forschenden",
        "et": "Kokkuviimine ettevõtete, omavalitsuste ja teadlastega",
        "lt": "Suvedimas su bendrovėmis, savivaldybėmis ir mokslininkais",
        "lv": "Partneru savešana ar uzņēmumiem, pašvaldībām un pētniekiem",
        "nb": "Matchmaking med bedrifter, kommuner og forskere",
        "pl": "Kojarzenie z firmami, gminami i naukowcami",
        "sv": "Matchmaking med företag, kommuner och forskare",
    },
    "same_needs": {
        "en": "Same four needs as any firm, but with social goals, hybrid income and other partners.",
        "de": "Dieselben vier Bedarfe wie jedes Unternehmen, aber mit sozialen Zielen, hybriden Einnahmen "
              "und anderen Partnern.",
        "et": "Samad neli vajadust nagu igal ettevõttel, kuid sotsiaalsete eesmärkide, hübriidtulu ja "
              "teiste partneritega.",
        "lt": "Tie patys keturi poreikiai kaip bet kuriai įmonei, tik su socialiniais tikslais, "
              "hibridinėmis pajamomis ir kitais partneriais.",
        "lv": "Tās pašas četras vajadzības kā jebkuram uzņēmumam, bet ar sociāliem mērķiem, hibrīdiem "
              "ienākumiem un citiem partneriem.",
        "nb": "De samme fire behovene som alle bedrifter har, men med sosiale mål, hybride inntekter og "
              "andre partnere.",
        "pl": "Te same cztery potrzeby co każda firma, ale z celami społecznymi, przychodami hybrydowymi "
              "i innymi partnerami.",
        "sv": "Samma fyra behov som alla företag har, men med sociala mål, blandade intäkter och andra "
              "partner.",
    },
}

DIVERGE_CONVERGE = {
    "title": {
        "en": "Diverge and converge: the shape of a co-creation workshop",
        "de": "Divergieren und konvergieren: die Form eines Ko-Kreations-Workshops",
        "et": "Avardamine ja koondamine: koosloome töötoa ülesehitus",
        "lt": "Plėsti ir siaurinti: bendrakūros dirbtuvių forma",
        "lv": "Paplašināt un sašaurināt: koprades darbnīcas uzbūve",
        "nb": "Divergere og konvergere: formen på en samskapingsworkshop",
        "pl": "Dywergencja i konwergencja: przebieg warsztatu współtworzenia",
        "sv": "Divergera och konvergera: formen på en workshop i samskapande",
    },
    "explore": {
        "en": "Explore the challenge", "de": "Herausforderung erkunden", "et": "Väljakutse uurimine",
        "lt": "Ištirti iššūkį", "lv": "Izpētīt izaicinājumu", "nb": "Utforske utfordringen",
        "pl": "Zbadanie wyzwania", "sv": "Utforska utmaningen",
    },
    "explore_methods": {
        "en": "Walk-throughs, interviews, user stories",
        "de": "Begehungen, Interviews, Nutzergeschichten",
        "et": "Ringkäigud, intervjuud, kasutajalood",
        "lt": "Apžiūros vietoje, interviu, naudotojų istorijos",
        "lv": "Izpētes pastaigas, intervijas, lietotāju stāsti",
        "nb": "Befaringer, intervjuer, brukerhistorier",
        "pl": "Wizyty w terenie, wywiady, historie użytkowników",
        "sv": "Rundvandringar, intervjuer, användarberättelser",
    },
    "focus": {
        "en": "Define the focus", "de": "Fokus festlegen", "et": "Fookuse seadmine",
        "lt": "Apibrėžti kryptį", "lv": "Noteikt fokusu", "nb": "Spisse fokuset",
        "pl": "Zawężenie tematu", "sv": "Ringa in fokus",
    },
    "focus_methods": {
        "en": "Clustering, dot voting", "de": "Clustern, Punktabfrage", "et": "Rühmitamine, täpphääletus",
        "lt": "Grupavimas, balsavimas taškais", "lv": "Grupēšana, balsošana ar punktiem",
        "nb": "Gruppering, prikkavstemning", "pl": "Grupowanie, głosowanie kropkami",
        "sv": "Gruppering, prickröstning",
    },
    "ideas": {
        "en": "Generate ideas", "de": "Ideen entwickeln", "et": "Ideede loomine", "lt": "Kurti idėjas",
        "lv": "Radīt idejas", "nb": "Skape ideer", "pl": "Generowanie pomysłów", "sv": "Ta fram idéer",
    },
    "ideas_methods": {
        "en": "Brainwriting, role play, 'what if' questions",
        "de": "Brainwriting, Rollenspiel, Was-wäre-wenn-Fragen",
        "et": "Vaikne ajurünnak, rollimäng, küsimused „mis siis, kui“",
        "lt": "Tylusis idėjų rašymas, vaidmenų žaidimas, klausimai „O kas, jeigu?“",
        "lv": "Rakstiskā prāta vētra, lomu spēles, „kas būtu, ja…“ jautājumi",
        "nb": "Skriftlig idémyldring, rollespill, hva om-spørsmål",
        "pl": "Brainwriting, odgrywanie ról, pytania „co by było, gdyby”",
        "sv": "Brainwriting, rollspel, tänk om-frågor",
    },
    "test": {
        "en": "Choose and test", "de": "Auswählen und testen", "et": "Valimine ja katsetamine",
        "lt": "Atrinkti ir išbandyti", "lv": "Izvēlēties un pārbaudīt", "nb": "Velge og teste",
        "pl": "Wybór i testowanie", "sv": "Välja och testa",
    },
    "test_methods": {
        "en": "Rough prototypes, feedback rounds",
        "de": "Einfache Prototypen, Feedbackrunden",
        "et": "Lihtsad prototüübid, tagasisidevoorud",
        "lt": "Paprasti prototipai, grįžtamojo ryšio ratai",
        "lv": "Vienkārši prototipi, atsauksmju apļi",
        "nb": "Enkle prototyper, tilbakemeldingsrunder",
        "pl": "Proste prototypy, rundy informacji zwrotnej",
        "sv": "Enkla prototyper, återkopplingsrundor",
    },
    "diverge": {
        "en": "diverge: open up", "de": "divergieren: öffnen", "et": "avardamine: avame",
        "lt": "plėsti: atverti", "lv": "paplašināt: atvērties", "nb": "divergere: åpne opp",
        "pl": "dywergencja: otwarcie", "sv": "divergera: öppna upp",
    },
    "converge": {
        "en": "converge: choose", "de": "konvergieren: auswählen", "et": "koondamine: valime",
        "lt": "siaurinti: rinktis", "lv": "sašaurināt: izvēlēties", "nb": "konvergere: velge",
        "pl": "konwergencja: wybór", "sv": "konvergera: välja",
    },
    "methods": {
        "en": "Typical methods", "de": "Typische Methoden", "et": "Tüüpilised meetodid",
        "lt": "Tipiniai metodai", "lv": "Tipiskās metodes", "nb": "Typiske metoder",
        "pl": "Typowe metody", "sv": "Typiska metoder",
    },
    "time": {
        "en": "Workshop time", "de": "Zeitverlauf des Workshops", "et": "Töötoa aeg",
        "lt": "Dirbtuvių laikas", "lv": "Darbnīcas laiks", "nb": "Tid i workshopen",
        "pl": "Czas warsztatu", "sv": "Tid i workshoppen",
    },
}

STRATEGY_CYCLE = {
    "title": {
        "en": "Social innovation in the regional strategy cycle",
        "de": "Soziale Innovation im regionalen Strategiezyklus",
        "et": "Sotsiaalne innovatsioon piirkondlikus strateegiatsüklis",
        "lt": "Socialinės inovacijos regiono strategijos cikle",
        "lv": "Sociālā inovācija reģionālās stratēģijas ciklā",
        "nb": "Sosial innovasjon i den regionale strategisyklusen",
        "pl": "Innowacje społeczne w cyklu strategii regionalnej",
        "sv": "Social innovation i den regionala strategicykeln",
    },
    "analyse": {
        "en": "Analyse", "de": "Analyse", "et": "Analüüs", "lt": "Analizė", "lv": "Analīze",
        "nb": "Analyse", "pl": "Analiza", "sv": "Analys",
    },
    "analyse_text": {
        "en": "the ecosystem and its gaps",
        "de": "Ökosystem und seine Lücken",
        "et": "ökosüsteem ja selle lüngad",
        "lt": "ekosistema ir jos spragos",
        "lv": "ekosistēma un tās nepilnības",
        "nb": "økosystemet og hullene",
        "pl": "ekosystemu i jego luk",
        "sv": "ekosystemet och luckorna",
    },
    "objectives": {
        "en": "Set objectives", "de": "Ziele", "et": "Eesmärgid", "lt": "Tikslai", "lv": "Mērķi",
        "nb": "Mål", "pl": "Cele", "sv": "Mål",
    },
    "objectives_text": {
        "en": "and proportionate indicators",
        "de": "und angemessene Indikatoren",
        "et": "ja proportsionaalsed indikaatorid",
        "lt": "ir proporcingi rodikliai",
        "lv": "un samērīgi rādītāji",
        "nb": "og forholdsmessige indikatorer",
        "pl": "i proporcjonalne wskaźniki",
        "sv": "och proportionerliga indikatorer",
    },
    "implement": {
        "en": "Implement", "de": "Umsetzung", "et": "Elluviimine", "lt": "Įgyvendinimas",
        "lv": "Īstenošana", "nb": "Gjennomføring", "pl": "Wdrażanie", "sv": "Genomförande",
    },
    "implement_text": {
        "en": "instruments and support services",
        "de": "Instrumente und Unterstützungsangebote",
        "et": "instrumendid ja tugiteenused",
        "lt": "priemonės ir paramos paslaugos",
        "lv": "instrumenti un atbalsta pakalpojumi",
        "nb": "virkemidler og støttetjenester",
        "pl": "instrumenty i usługi wsparcia",
        "sv": "instrument och stödtjänster",
    },
    "monitor": {
        "en": "Monitor", "de": "Monitoring", "et": "Seire", "lt": "Stebėsena", "lv": "Uzraudzība",
        "nb": "Oppfølging", "pl": "Monitorowanie", "sv": "Uppföljning",
    },
    "monitor_text": {
        "en": "collect data and stories",
        "de": "Daten und Geschichten sammeln",
        "et": "andmete ja lugude kogumine",
        "lt": "duomenų ir istorijų rinkimas",
        "lv": "datu un stāstu vākšana",
        "nb": "samle inn data og historier",
        "pl": "zbieranie danych i historii",
        "sv": "samla in data och berättelser",
    },
    "review": {
        "en": "Review", "de": "Überprüfung", "et": "Ülevaatamine", "lt": "Peržiūra",
        "lv": "Pārskatīšana", "nb": "Evaluering", "pl": "Przegląd", "sv": "Översyn",
    },
    "review_text": {
        "en": "learn and adjust the strategy",
        "de": "lernen und die Strategie anpassen",
        "et": "õppimine ja strateegia kohandamine",
        "lt": "mokymasis ir strategijos koregavimas",
        "lv": "mācīšanās un stratēģijas pielāgošana",
        "nb": "lære og justere strategien",
        "pl": "wnioski i korekta strategii",
        "sv": "lära och justera strategin",
    },
    "stakeholders": {
        "en": "Stakeholders of the quadruple helix take part in every step",
        "de": "Stakeholder der Vierfach-Helix wirken an jedem Schritt mit",
        "et": "Neljakordse heeliksi osapooled osalevad igas etapis",
        "lt": "Keturgubosios spiralės suinteresuotosios šalys dalyvauja kiekviename žingsnyje",
        "lv": "Četrkāršās spirāles ieinteresētās puses piedalās katrā solī",
        "nb": "Interessenter fra den firedelte heliksen deltar i hvert trinn",
        "pl": "Interesariusze poczwórnej helisy uczestniczą w każdym etapie",
        "sv": "Intressenter från den fyrdubbla helixen deltar i varje steg",
    },
}

TABLES = (THEORY_OF_CHANGE, ECOSYSTEM_MAP, QUADRUPLE_HELIX, SUPPORT_ADAPTATION, DIVERGE_CONVERGE,
          STRATEGY_CYCLE)


# ----------------------------------------------------------------------
# the diagrams
# ----------------------------------------------------------------------

def theory_of_change(lang: str) -> Path:
    t = labels(THEORY_OF_CHANGE, lang)
    c = Canvas()
    c.title(t["title"])
    steps = [
        ("inputs", BLUE, BLUE_L),
        ("activities", BLUE, BLUE_L),
        ("outputs", TEAL, TEAL_L),
        ("outcomes", GREEN, GREEN_L),
        ("impact", AMBER, AMBER_L),
    ]
    box_w, gap, top, bottom = 250, 62, 300, 600
    name_size = c.common_size([t[key] for key, *_ in steps], 32, box_w - 32, 76, bold=True, min_size=22)
    x = (WIDTH - (5 * box_w + 4 * gap)) / 2
    centres = []
    for i, (key, dark, light) in enumerate(steps):
        c.box(x, top, x + box_w, bottom, fill=light, outline=dark, width=4)
        c.box(x, top, x + box_w, top + 80, fill=dark, outline=dark, width=4)
        c.draw.rectangle(c.s(x + 2, top + 50, x + box_w - 2, top + 80), fill=dark)
        c.text(x + box_w / 2, top + 40, t[key], size=name_size, bold=True, fill=WHITE, width=box_w - 32,
               height=76, min_size=22)
        c.text(x + box_w / 2, (top + 80 + bottom) / 2, t[key + "_example"], size=25, fill=INK,
               width=box_w - 36, height=bottom - top - 100, min_size=20)
        centres.append(x + box_w / 2)
        if i < 4:
            c.arrow(x + box_w + 8, (top + bottom) / 2, x + box_w + gap - 8, (top + bottom) / 2, fill=INK, width=5)
        x += box_w + gap
    # brackets: what you deliver / what changes
    left0, left1 = centres[0] - box_w / 2, centres[2] + box_w / 2
    right0, right1 = centres[3] - box_w / 2, centres[4] + box_w / 2
    for x0, x1, label, colour in ((left0, left1, t["delivers"], BLUE),
                                  (right0, right1, t["changes"], GREEN)):
        c.line(x0, 250, x1, 250, fill=colour, width=4)
        c.line(x0, 250, x0, 275, fill=colour, width=4)
        c.line(x1, 250, x1, 275, fill=colour, width=4)
        c.text((x0 + x1) / 2, 205, label, size=28, bold=True, fill=colour, width=x1 - x0, min_size=20,
               wrap=False)
    # control and attribution arrow: one label at each end
    half = (right1 - left0) / 2 - 30
    c.arrow(left0, 690, right1, 690, fill=GREY, width=5, size=24)
    c.text(left0, 740, t["control"], size=26, fill=GREY, align="left", width=half, min_size=18, wrap=False)
    c.text(right1, 740, t["contribution"], size=26, fill=GREY, align="right", width=half, min_size=18,
           wrap=False)
    size, lines = c.fit_few(t["assumptions"], 28, WIDTH - 120, 2, min_size=22)
    c.lines(WIDTH / 2, 830, lines, size, fill=INK)
    return c.save("theory-of-change", lang)


def _rounded_box_in_ring(cx, cy, x0, y0, x1, y1, radius, r_in, r_out) -> bool:
    """Whether a box with rounded corners lies wholly between the circles r_in and r_out round (cx, cy)."""
    # the box is the rectangle of its corner centres, grown by the corner radius
    ax0, ay0, ax1, ay1 = x0 + radius, y0 + radius, x1 - radius, y1 - radius
    farthest = max(math.hypot(x - cx, y - cy) for x in (ax0, ax1) for y in (ay0, ay1)) + radius
    nearest = math.hypot(min(max(cx, ax0), ax1) - cx, min(max(cy, ay0), ay1) - cy) - radius
    return nearest >= r_in and farthest <= r_out


def _overlaps(a, b, margin: float = 6) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def ecosystem_map(lang: str) -> Path:
    t = labels(ECOSYSTEM_MAP, lang)
    c = Canvas()
    c.title(t["title"])
    cx, cy = WIDTH / 2, 860
    rings = [  # outer radius, name, fill, outline
        (740, "markets", PURPLE_L, PURPLE),
        (550, "enablers", GREEN_L, GREEN),
        (360, "direct", TEAL_L, TEAL),
        (170, "core", AMBER_L, AMBER),
    ]
    for r, _key, fill, outline in rings:
        c.draw.pieslice(c.s(cx - r, cy - r, cx + r, cy + r), start=180, end=360, fill=fill,
                        outline=outline, width=4 * SCALE)
    c.line(cx - 740, cy, cx + 740, cy, fill=GREY, width=4)
    c.text(cx, cy - 75, t["core"], size=23, bold=True, fill=INK, width=(260, 240, 220, 200), min_size=17,
           check=c.in_circle(cx, cy, 170 - 8, cx, cy - 75, bold=True, above=cy - 12))
    # ring names at the left end of each band, sitting on the base line when they need more room
    obstacles = []  # what the actors' labels must keep clear of
    ring_size = c.common_size([t[key] for _r, key, *_ in rings[:3]], 23, 174, 3 * 23 * LINE, bold=True,
                              min_size=18)
    for (r, key, _fill, dark), (r_in, *_) in zip(rings[:3], rings[1:]):
        size, lines = c.fit(t[key], ring_size, 174, 3 * 23 * LINE, bold=True, min_size=18)
        h = len(lines) * size * LINE
        x, y = cx - (r + r_in) / 2, min(cy - 42, cy - 13.25 - h / 2)
        c.lines(x, y, lines, size, bold=True, fill=dark)
        w = max(c.measure(line, size, True) for line in lines)
        obstacles.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    # a gap: a missing actor, role or link
    gx, gy = cx, cy - 320
    c.circle(gx, gy, 32, fill=WHITE, outline=RED, width=5)
    c.text(gx, gy, "?", size=34, bold=True, fill=RED)
    obstacles.append((gx - 32, gy - 32, gx + 32, gy + 32))
    c.circle(80, 120, 22, fill=WHITE, outline=RED, width=4)
    c.text(80, 120, "?", size=24, bold=True, fill=RED)
    size, lines = c.fit_few(t["legend"], 21, 480, 2, min_size=17)  # clear of the outer ring
    c.lines(115, 120, lines, size, fill=INK, align="left")
    # actors: (mid radius, colour, [(angle in degrees, 180 = left, 270 = top), label])
    actors = [
        (265, TEAL, [(212, "networks"), (243, "incubators"), (297, "business_support"), (328, "social_finance")]),
        (455, GREEN, [(205, "municipalities"), (237, "regional_authority"), (270, "universities"),
                      (303, "foundations"), (335, "employment")]),
        (645, PURPLE, [(207, "public_buyers"), (235, "companies"), (270, "citizens"),
                       (305, "customers"), (333, "media")]),
    ]
    for radius, colour, items in actors:
        for angle, key in items:
            a = math.radians(angle)
            x, y = cx + radius * math.cos(a), cy + radius * math.sin(a)
            size, lines, w, h = _actor_label(c, t[key], x, y, (cx, cy), radius - 95 + 3, radius + 95 - 3,
                                             obstacles)
            c.box(x - w / 2, y - h / 2, x + w / 2, y + h / 2, fill=WHITE, outline=colour, width=3, radius=21)
            c.lines(x, y, lines, size, bold=True, fill=colour)
            obstacles.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return c.save("ecosystem-map", lang)


def _actor_label(c: Canvas, text: str, x: float, y: float, centre: tuple[float, float], r_in: float,
                 r_out: float, obstacles: list) -> tuple[int, list[str], float, float]:
    """Size, lines, width and height of an actor's label at (x, y): on one line if it can, else on
    two, else smaller; always inside its ring, above the base line and clear of the other labels."""
    for size in range(20, 15, -1):
        options = []
        for width in (WIDTH, 220, 190, 160, 130):  # WIDTH: as one line
            lines = c.wrap(text, size, width, bold=True)
            if lines not in options and len(lines) <= 2 and \
                    max(c.measure(line, size, True) for line in lines) <= width:
                options.append(lines)
        for lines in options:
            w = max(c.measure(line, size, True) for line in lines) + 30
            h = len(lines) * size * LINE + 17
            box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
            if (_rounded_box_in_ring(*centre, *box, min(21, h / 2), r_in, r_out) and box[3] < centre[1] - 6
                    and not any(_overlaps(box, other) for other in obstacles)):
                return size, lines, w, h
    raise LayoutError(f"the actor {text!r} does not fit its ring")


def _ellipse_point(cx, cy, rx, ry, ux, uy):
    """Where the ray from the centre along (ux, uy) meets the ellipse."""
    k = 1 / math.sqrt((ux / rx) ** 2 + (uy / ry) ** 2)
    return cx + k * ux, cy + k * uy


def quadruple_helix(lang: str) -> Path:
    t = labels(QUADRUPLE_HELIX, lang)
    c = Canvas()
    c.title(t["title"])
    c.box(60, 90, WIDTH - 60, HEIGHT - 25, fill=(248, 249, 250), outline=GREY, width=3, radius=40)
    size, lines = c.fit_few(t["challenge"], 23, WIDTH - 200, 2, min_size=19)
    c.lines(WIDTH / 2, 128 if len(lines) == 1 else 138, lines, size, fill=GREY)  # two lines: a little lower
    cx, cy = WIDTH / 2, 515
    partners = [
        (-1, -1, "public", BLUE, BLUE_L),
        (1, -1, "business", AMBER, AMBER_L),
        (-1, 1, "research", PURPLE, PURPLE_L),
        (1, 1, "civil", GREEN, GREEN_L),
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
    # the name on one line, the examples in up to three below it: both stay inside the ellipse
    name_size = c.common_size([t[key] for _sx, _sy, key, *_ in partners], 27, 390, bold=True, min_size=20,
                              wrap=False)
    for (_sx, _sy, key, dark, light), (x, y) in zip(partners, points):
        c.draw.ellipse(c.s(x - rx, y - ry, x + rx, y + ry), fill=light, outline=dark, width=4 * SCALE)
        c.text(x, y - 42, t[key], size=name_size, bold=True, fill=dark, width=390, wrap=False)
        c.text(x, y + 20, t[key + "_examples"], size=22, fill=INK, width=(310, 340, 360, 380), height=84,
               min_size=17)
    c.circle(cx, cy, rc, fill=TEAL, outline=TEAL, width=4)
    c.text(cx, cy, t["manager"], size=30, bold=True, fill=WHITE, width=(200, 220, 180), min_size=20,
           check=c.in_circle(cx, cy, rc - 14, cx, cy, bold=True))
    return c.save("quadruple-helix", lang)


def support_adaptation(lang: str) -> Path:
    t = labels(SUPPORT_ADAPTATION, lang)
    c = Canvas()
    c.title(t["title"])
    # left: the mainstream offer
    c.box(50, 180, 480, 760, fill=LIGHT, outline=GREY, width=4)
    c.text(265, 230, t["mainstream"], size=30, bold=True, fill=INK, width=400, min_size=22, wrap=False)
    c.text(265, 272, t["ordinary"], size=24, fill=GREY, width=400, min_size=18, wrap=False)
    y = 350
    for key in ("start_up", "loans", "fairs", "matchmaking"):
        c.box(80, y - 34, 450, y + 34, fill=WHITE, outline=GREY, width=2, radius=12)
        c.text(265, y, t[key], size=23, fill=INK, width=340, height=52, min_size=18)
        y += 100
    # arrow: adapt
    c.arrow(500, 470, 640, 470, fill=TEAL, width=10, size=36)
    c.text(570, 420, t["adapt"], size=28, bold=True, fill=TEAL, width=160, min_size=20, wrap=False)
    # right: four needs
    needs = [
        ("qualification", BLUE, BLUE_L),
        ("financing", AMBER, AMBER_L),
        ("market", GREEN, GREEN_L),
        ("partners", PURPLE, PURPLE_L),
    ]
    x0, y0, w, h, gx, gy = 680, 160, 400, 290, 30, 40
    name_size = c.common_size([t[key] for key, *_ in needs], 32, w - 40, bold=True, min_size=22, wrap=False)
    for i, (key, dark, light) in enumerate(needs):
        x = x0 + (i % 2) * (w + gx)
        y = y0 + (i // 2) * (h + gy)
        c.box(x, y, x + w, y + h, fill=light, outline=dark, width=4)
        c.text(x + w / 2, y + 55, t[key], size=name_size, bold=True, fill=dark, width=w - 40, wrap=False)
        c.text(x + w / 2, y + 165, t[key + "_text"], size=25, fill=INK, width=w - 60, height=150, min_size=20)
    size, lines = c.fit_few(t["same_needs"], 26, WIDTH - 80, 2, min_size=20)
    c.lines(WIDTH / 2, 850, lines, size, fill=GREY)
    return c.save("support-adaptation", lang)


def diverge_converge(lang: str) -> Path:
    t = labels(DIVERGE_CONVERGE, lang)
    c = Canvas()
    c.title(t["title"])
    mid, half = 400, 240
    phases = [(90, 790, "explore", "focus"), (810, 1510, "ideas", "test")]
    colours = [(BLUE, BLUE_L), (TEAL, TEAL_L)]
    names = [t[key] for *_, open_key, close_key in phases for key in (open_key, close_key)]
    name_size = c.common_size(names, 26, 240, 2 * 26 * LINE, bold=True, min_size=20)
    move_size = c.common_size([t["diverge"], t["converge"]], 21, 250, min_size=16, wrap=False)
    # the method boxes: one size for all four, and taller than usual if three lines need it
    methods = [t[key + "_methods"] for *_, open_key, close_key in phases for key in (open_key, close_key)]
    method_size = c.common_size(methods, 22, 270, 3 * 22 * LINE, min_size=18)
    box_h = max(90, max(len(c.wrap(text, method_size, 270)) for text in methods) * method_size * LINE + 24)
    for (x0, x1, open_key, close_key), (dark, light) in zip(phases, colours):
        xm = (x0 + x1) / 2
        c.draw.polygon([(x0 * SCALE, mid * SCALE), (xm * SCALE, (mid - half) * SCALE),
                        (x1 * SCALE, mid * SCALE), (xm * SCALE, (mid + half) * SCALE)],
                       fill=light, outline=dark, width=5 * SCALE)
        c.line(xm, mid - half, xm, mid + half, fill=dark, width=3, dash=12)
        for xc, xb, key, move in (((x0 + xm) / 2 + 35, (x0 + xm) / 2, open_key, t["diverge"]),
                                  ((xm + x1) / 2 - 35, (xm + x1) / 2, close_key, t["converge"])):
            c.text(xc, mid - 25, t[key], size=name_size, bold=True, fill=dark, width=240,
                   height=2 * 26 * LINE, min_size=20)
            c.text(xc, mid + 42, move, size=move_size, fill=GREY, width=250, wrap=False)
            c.box(xb - 150, 690, xb + 150, 690 + box_h, fill=WHITE, outline=dark, width=3, radius=14)
            c.text(xb, 690 + box_h / 2, t[key + "_methods"], size=method_size, fill=INK, width=270,
                   height=box_h - 24)
    c.text(90, 665, t["methods"], size=22, bold=True, fill=GREY, align="left", width=500, min_size=18,
           wrap=False)
    c.arrow(90, 830, 1510, 830, fill=GREY, width=4, size=20)
    c.text(WIDTH / 2, 860, t["time"], size=22, fill=GREY, width=600, min_size=18, wrap=False)
    return c.save("diverge-converge", lang)


def strategy_cycle(lang: str) -> Path:
    t = labels(STRATEGY_CYCLE, lang)
    c = Canvas()
    c.title(t["title"])
    cx, cy, rx, ry = WIDTH / 2, 490, 470, 300
    steps = [
        ("analyse", BLUE, BLUE_L),
        ("objectives", TEAL, TEAL_L),
        ("implement", GREEN, GREEN_L),
        ("monitor", AMBER, AMBER_L),
        ("review", PURPLE, PURPLE_L),
    ]
    n = len(steps)
    bw, bh = 340, 120
    params = [math.radians(-90 + i * 360 / n) for i in range(n)]
    centres = [(cx + rx * math.cos(p), cy + ry * math.sin(p)) for p in params]

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
    names = [f"{i}  {t[key]}" for i, (key, *_) in enumerate(steps, start=1)]
    name_size = c.common_size(names, 27, bw - 30, bold=True, min_size=20, wrap=False)
    for (x, y), name, (key, dark, light) in zip(centres, names, steps):
        c.box(x - bw / 2, y - bh / 2, x + bw / 2, y + bh / 2, fill=light, outline=dark, width=4)
        c.text(x, y - 24, name, size=name_size, bold=True, fill=dark, width=bw - 30, wrap=False)
        c.text(x, y + 22, t[key + "_text"], size=22, fill=INK, width=bw - 30, height=2 * 22 * LINE, min_size=17)
    c.circle(cx, cy + 10, 145, fill=LIGHT, outline=GREY, width=3)
    c.text(cx, cy + 10, t["stakeholders"], size=23, bold=True, fill=INK, width=(230, 250, 210, 270),
           min_size=16, check=c.in_circle(cx, cy + 10, 145 - 12, cx, cy + 10, bold=True))
    return c.save("strategy-cycle", lang)


DIAGRAMS = (theory_of_change, ecosystem_map, quadruple_helix, support_adaptation, diverge_converge,
            strategy_cycle)


def main() -> None:
    for table in TABLES:
        for key, texts in table.items():
            missing = [lang for lang in LANGUAGES if lang not in texts]
            if missing:
                raise SystemExit(f"label {key!r} has no text in {', '.join(missing)}")
    for draw in DIAGRAMS:
        for lang in LANGUAGES:
            path = draw(lang)
            print(f"wrote {path.relative_to(OUT.parent.parent)}")


if __name__ == "__main__":
    main()
