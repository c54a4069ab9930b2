"""Strings of compiled Qt Designer forms reach the same Babel catalog as Python strings.

``pyside6-uic`` writes ``QCoreApplication.translate(context, text)`` calls; this translator
answers them from our gettext catalog, so there is one catalog and one place to translate.
``desktop/gui/ui_extract.py`` lets ``pybabel extract`` see the ``.ui`` strings.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from desktop.i18n import _


class GettextTranslator(QTranslator):
    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        # None is a *null* QString: "not translated here", so Qt asks the next translator and
        # finally shows the source text. An empty string would be taken as the translation and
        # blank out every label the catalog lacks.
        if not source_text:
            return None
        translated = _(source_text)
        return translated if translated != source_text else None

    def isEmpty(self) -> bool:  # noqa: N802 (Qt's name)
        return False
