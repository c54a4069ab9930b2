"""The start window until the full interface lands: which office this is and real figures.

It says plainly what the desktop app can do today and what the command line offers; every
number comes from the database (read on the thread pool, shown on the GUI thread).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QMainWindow,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.digits import format_number
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _, is_persian
from desktop.services.stats import Overview


def _load(db_path: Path) -> Overview | None:
    from desktop.services.setup import is_initialised, open_database
    from desktop.services.stats import office_overview
    from desktop.store.engine import Database

    db = Database(db_path)
    try:
        if not db_path.exists() or not is_initialised(db):
            return None
        open_database(db)
        return office_overview(db)
    finally:
        db.dispose()


class OverviewWindow(QMainWindow):
    def __init__(self, db_path: Path, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.setWindowTitle(_("Hamyar"))
        self.resize(900, 560)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(32, 24, 32, 24)
        title = QLabel(_("Hamyar — facilitation office records"))
        title.setObjectName("title")
        title.setStyleSheet("font-size: 20pt; font-weight: bold;")
        layout.addWidget(title)

        self.status = QLabel(_("Reading the database…"))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.figures = QFormLayout(frame)
        self.figures.setLabelAlignment(Qt.AlignmentFlag.AlignLeading)
        layout.addWidget(frame)

        note = QLabel(
            _(
                "This version keeps the office's records and has a complete command line: "
                "hamyar init, participants import / search / export, workshops list / completion "
                "and demo. The registration screens, workshops and certificates arrive in the "
                "next versions."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self.setCentralWidget(central)
        self.runner.run(lambda: _load(self.db_path), self._show, self._failed)

    def _show(self, overview: Overview | None) -> None:
        if overview is None:
            self.status.setText(
                _("No office is set up in {path}. Set one up with: hamyar init --db …").format(
                    path=str(self.db_path)
                )
            )
            return
        self.status.setText(
            _("Office {name} ({code}), {county}, {province}").format(
                name=overview.office_name,
                code=overview.office_code,
                county=overview.county,
                province=overview.province,
            )
        )
        for label, value in (
            (_("Participants"), overview.participants),
            (_("Intake interviews this month"), overview.interviews_this_month),
            (_("Running workshops"), overview.running_workshops),
            (_("Follow-ups due"), overview.follow_ups_due),
        ):
            shown = QLabel(format_number(value, persian=is_persian()))
            shown.setObjectName(f"figure-{label}")
            self.figures.addRow(label, shown)

    def _failed(self, error: Exception) -> None:
        self.status.setText(_("The database could not be opened: {error}").format(error=error))
