"""Pages whose features arrive in later versions: say so plainly, show no made-up data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.gui.style import leading, muted, title
from desktop.i18n import _


class UnavailablePage(QWidget):
    """A title, the fact that it is not in this version yet, and what it will do."""

    def __init__(self, heading: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(12)
        self.heading = title(QLabel(heading))
        self.notice = QLabel(_("Not yet available in this version."))
        self.notice.setObjectName("notice")
        self.notice.setStyleSheet("font-weight: bold;")
        self.description = muted(QLabel(description))
        self.description.setObjectName("description")
        for label in (self.heading, self.notice, self.description):
            leading(label, Qt.AlignmentFlag.AlignTop)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch(1)

    def text(self) -> str:
        """Everything the page says, for tests and screen readers."""
        return "\n".join(label.text() for label in (self.heading, self.notice, self.description))


def reports_page() -> UnavailablePage:
    return UnavailablePage(
        _("Reports"),
        _(
            "Reports for the office and the province by Jalali month, quarter and year: "
            "registrations, interviews, workshops, certificates and outcomes."
        ),
    )
