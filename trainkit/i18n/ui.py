"""trainkit's own words in the output language, and Babel formatting for that language."""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from dataclasses import dataclass, field
from functools import lru_cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit


@lru_cache(maxsize=None)
def _translations(language: str) -> _gettext.NullTranslations:
    """trainkit's own catalog for ``language`` (falls back to English)."""
    from trainkit.i18n.own import load_translations

    return load_translations(language)


@dataclass(frozen=True)
class OutputLanguage:
    """The output language of one rendering: words, dates, durations, numbers, lists.

    Carried in the render context and never global, because one process renders many languages.
    """

    code: str
    words: _gettext.NullTranslations | None = field(default=None, compare=False, repr=False)
    """trainkit's words as the project has them (``locales/<lang>/trainkit.po`` over trainkit's own
    catalog); None for trainkit's own."""
    locale: Locale = field(init=False, compare=False)

    def __post_init__(self) -> None:
        locale = Locale.parse(self.code.replace("-", "_"))
        if not locale.territory and locale.language in _DEFAULT_TERRITORY:
            # A bare "en" formats as en_US in CLDR; partners expect their own region's conventions.
            locale = Locale(locale.language, _DEFAULT_TERRITORY[locale.language])
        object.__setattr__(self, "locale", locale)

    @property
    def tag(self) -> str:
        """BCP 47 tag for documents (``de-DE``, ``nb-NO``): what Word and PowerPoint spell-check with."""
        territory = self.locale.territory
        return f"{self.locale.language}-{territory}" if territory else self.locale.language

    def gettext(self, message: str) -> str:
        return (self.words or _translations(self.code)).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return (self.words or _translations(self.code)).ngettext(singular, plural, n)

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def time(self, value: dt.time) -> str:
        return format_time(value, format="short", locale=self.locale)

    def number(self, value: float) -> str:
        return format_decimal(value, locale=self.locale)

    def join(self, items: list[str]) -> str:
        return format_list(items, locale=self.locale) if items else ""

    def duration(self, minutes: int) -> str:
        """``1 h 30 min`` in the language's own short units."""
        hours, rest = divmod(minutes, 60)
        if self.locale.language in _SI_UNITS:
            hour, minute = _SI_UNITS[self.locale.language]
            shown = [f"{self.number(hours)} {hour}"] if hours else []
            return " ".join(shown + ([f"{self.number(rest)} {minute}"] if rest or not hours else []))
        parts = []
        if hours:
            parts.append(format_unit(hours, "duration-hour", length="short", locale=self.locale))
        if rest or not hours:
            parts.append(format_unit(rest, "duration-minute", length="short", locale=self.locale))
        return " ".join(parts)

    def language_name(self, code: str) -> str:
        """The display name of language ``code`` in this language."""
        return Locale.parse(code.replace("-", "_")).get_display_name(self.locale) or code


_SI_UNITS = {"en": ("h", "min")}
"""Languages whose CLDR short units read oddly in training material (English "1 hr 30 mins"):
the SI symbols instead."""

_DEFAULT_TERRITORY = {
    "en": "GB", "de": "DE", "et": "EE", "lt": "LT", "lv": "LV", "nb": "NO", "pl": "PL", "sv": "SE",
}
"""Region used for document language tags when a project names a bare language."""
