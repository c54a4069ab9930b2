"""Small helpers the certificate screens share."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices

from desktop.domain.errors import DomainError

ProgressCallback = Callable[[int, int, str], None]


def alive_progress(owner: QObject, function: ProgressCallback) -> ProgressCallback:
    """``function`` unless ``owner`` was deleted by the time a progress report lands."""

    def call(done: int, total: int, text: str) -> None:
        if shiboken6.isValid(owner):
            function(done, total, text)

    return call


def error_text(error: Exception) -> str:
    """A domain error's Persian message, or the exception's own words."""
    return error.message if isinstance(error, DomainError) else str(error)


def open_path(path: Path) -> bool:
    """Open a file or folder with the system's program for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


__all__ = ["alive_progress", "error_text", "open_path"]
