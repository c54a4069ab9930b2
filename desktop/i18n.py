"""Translations: English source strings, Babel catalogs in ``resources/locale``.

Persian (``fa``) is the default language. Catalogs are read from the ``.po`` files, so a source
checkout, a wheel and a PyInstaller bundle all work without a separate compile step. Parsing a
``.po`` with Babel costs more at start-up than everything else in this module, so the compiled
``.mo`` is kept in the data directory (``cache/``) under a name holding the ``.po``'s content
hash: an edited or updated catalog gets a new name and is compiled again, once.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import hashlib
import io
import logging
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from desktop.domain import errors
from desktop.domain.digits import to_persian_digits
from desktop.fileio import write_atomic
from desktop.resources import resources_root

log = logging.getLogger(__name__)

DOMAIN = "messages"
LANGUAGES = ("fa", "en")
DEFAULT_LANGUAGE = "fa"

_current: stdlib_gettext.NullTranslations = stdlib_gettext.NullTranslations()
_language = "en"


# Part of every cached file's name: change it when the compiled form must change.
CACHE_FORMAT = "1"


@cache
def _catalog(language: str) -> stdlib_gettext.NullTranslations:
    po_path = resources_root() / "locale" / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        source = po_path.read_bytes()
    except FileNotFoundError:
        return stdlib_gettext.NullTranslations()
    cached = compiled_catalog_path(language, source)
    try:
        with cached.open("rb") as mo_file:
            return stdlib_gettext.GNUTranslations(mo_file)
    except FileNotFoundError:
        pass
    except Exception as error:  # a damaged cache file is compiled again, never fatal
        log.warning("cached catalog %s unreadable (%s); compiling again", cached.name, error)
    compiled = compile_catalog(source, language)
    _store(cached, compiled)
    return stdlib_gettext.GNUTranslations(io.BytesIO(compiled))


def compiled_catalog_path(language: str, source: bytes) -> Path:
    """Where the compiled form of this exact ``.po`` content is kept."""
    from desktop.paths import data_dir

    digest = hashlib.sha256(source).hexdigest()[:20]
    return data_dir() / "cache" / f"{DOMAIN}-{language}-{CACHE_FORMAT}-{digest}.mo"


def compile_catalog(source: bytes, language: str) -> bytes:
    """The ``.mo`` bytes of a ``.po`` (fuzzy entries left out), compiled by Babel."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(source), locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _store(path: Path, compiled: bytes) -> None:
    """Write the cache file whole (temporary file, then rename) and drop the language's older
    ones. A read-only or full disk only means compiling again next time."""
    try:
        write_atomic(path, compiled)
        prefix = path.name.rsplit("-", 1)[0] + "-"
        for old in path.parent.glob(f"{prefix}*.mo"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as error:
        log.warning("compiled catalog not cached: %s", error)


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
