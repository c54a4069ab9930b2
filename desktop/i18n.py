"""Translations: English source strings, Babel catalogs in ``resources/locale``.

Persian (``fa``) is the default language. Catalogs are read from the ``.po`` files at start-up
(Babel parses and compiles them in memory), so a source checkout, a wheel and a PyInstaller
bundle all work without a separate compile step.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import os
from collections.abc import Mapping
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from desktop.domain import errors
from desktop.domain.digits import to_persian_digits
from desktop.resources import resources_root

DOMAIN = "messages"
LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"

_current: stdlib_gettext.NullTranslations = stdlib_gettext.NullTranslations()
_language = "en"


@cache
def _catalog(language: str) -> stdlib_gettext.NullTranslations:
    po_path = resources_root() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_path.exists():
        return stdlib_gettext.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return stdlib_gettext.GNUTranslations(buffer)


def activate(language: str | None = None) -> str:
    """Switch every later translation to ``language`` (``HAMYAR_LANG`` or Persian by default)."""
    global _current, _language
    chosen = language or os.environ.get("HAMYAR_LANG") or DEFAULT_LANGUAGE
    if chosen not in LANGUAGES:
        chosen = DEFAULT_LANGUAGE
    _language = chosen
    _current = _catalog(chosen)
    errors.set_renderer(_render_domain_message)
    return chosen


def language() -> str:
    return _language


def is_persian() -> bool:
    return _language == "fa"


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _current.ngettext(singular, plural, count)


def localise_digits(text: object) -> str:
    """Persian digits when the interface is Persian; text unchanged otherwise."""
    value = str(text)
    return to_persian_digits(value) if is_persian() else value


def format_message(msgid: str, params: Mapping[str, object] | None = None) -> str:
    """Translate ``msgid`` and fill its placeholders, with digits localised."""
    translated = _current.gettext(msgid)
    if not params:
        return translated
    shown = {key: _shown_param(value) for key, value in params.items()}
    return translated.format(**shown)


def _shown_param(value: object) -> str:
    """Numbers, dates and digit strings get Persian digits; codes with Latin letters stay as
    written (an office code URM01 is not a number)."""
    text = str(value)
    if any("a" <= char.lower() <= "z" for char in text):
        return text
    return localise_digits(text)


def _render_domain_message(msgid: str, params: Mapping[str, object]) -> str:
    return format_message(msgid, params)
