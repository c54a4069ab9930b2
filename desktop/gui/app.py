"""Starting the desktop app: Persian, right-to-left, Vazirmatn, Qt's own Persian strings."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.resources import resource_path

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")


def configure_application(app: QApplication) -> None:
    """Everything app-wide, done once: language, direction, locale, font, Qt translations."""
    persian = i18n.is_persian()
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if persian else Qt.LayoutDirection.LeftToRight
    )
    locale = (
        QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
        if persian
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    QLocale.setDefault(locale)
    families: list[str] = []
    for name in FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        if font_id >= 0:
            families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        app.setFont(QFont(families[0], 10))
    if persian:
        translator = QTranslator(app)
        translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(locale, "qtbase", "_", translations):
            app.installTranslator(translator)


def run_gui(db_path: Path) -> int:
    from desktop.gui.overview import OverviewWindow

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Hamyar")
    configure_application(app)
    window = OverviewWindow(db_path)
    window.show()
    return app.exec()
