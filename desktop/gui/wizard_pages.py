"""A wizard page whose Next/Finish button follows a check the owner supplies.

Qt Designer forms promote their ``QWizardPage`` to this class (see ``ui/setup_wizard.ui``), so
the wizard can keep Next disabled while a page's fields are invalid.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget, QWizardPage


def _always() -> bool:
    return True


class ValidatedPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check: Callable[[], bool] = _always

    def set_check(self, check: Callable[[], bool]) -> None:
        """``check()`` says whether the page is complete; call :meth:`recheck` when it may
        have changed."""
        self._check = check
        self.recheck()

    def recheck(self) -> None:
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt's name)
        return super().isComplete() and self._check()
