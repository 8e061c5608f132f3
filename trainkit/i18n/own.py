"""trainkit's own message catalog (package data): loading translations for output words."""

from __future__ import annotations

import gettext as _gettext


def load_translations(language: str) -> _gettext.NullTranslations:
    """Translations of trainkit's own words into ``language``; untranslated words stay English."""
    return _gettext.NullTranslations()
