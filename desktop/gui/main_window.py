"""The main window: a side bar of sections (on the right in right-to-left) and their pages.

Pages are built the first time they are opened, so start-up only pays for the dashboard.
Keyboard: the side bar has focus first (arrow keys move between sections, Tab goes into the
page); Ctrl+1…Ctrl+7 open the sections in side-bar order, Ctrl+F opens the participant list
with the cursor in its search field, Ctrl+Q quits.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import N_
from desktop.gui.context import GuiContext
from desktop.gui.pages.dashboard import DashboardPage
from desktop.gui.style import (
    error_label,
    leading,
    ltr,
    muted,
    scaled_font,
    set_message,
    title,
)
from desktop.i18n import _, localise_digits, ngettext
from desktop.services.quickstart import OfficeDetails, UserDetails, office_details, user_details

log = logging.getLogger(__name__)

DEFAULT_SIZE = QSize(1366, 768)
MINIMUM_SIZE = QSize(760, 520)


@dataclass(frozen=True)
class Section:
    key: str
    label_msgid: str


SECTIONS = (
    Section("dashboard", N_("Dashboard")),
    Section("participants", N_("Participants")),
    Section("workshops", N_("Workshops")),
    Section("certificates", N_("Certificates")),
    Section("sync", N_("Sync")),
    Section("reports", N_("Reports")),
    Section("settings", N_("Settings")),
)


@dataclass(frozen=True)
class SessionInfo:
    office: OfficeDetails
    user: UserDetails | None


def load_session_info(ctx: GuiContext) -> SessionInfo:
    """Runs on the thread pool: the office and the signed-in user's name for the title bars."""
    services = ctx.services
    user = user_details(ctx.db_path, services.actor) if services.actor.user_id else None
    return SessionInfo(office=office_details(ctx.db_path), user=user)


class ErrorPage(QWidget):
    """Shown in place of a page that could not be built; says why instead of crashing."""

    def __init__(self, heading: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(title(QLabel(heading)))
        self.message = error_label(QLabel())
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        set_message(self.message, message)
        layout.addWidget(self.message)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    ready = Signal()  # shown, office known and dashboard figures on screen
    page_opened = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.info: SessionInfo | None = None
        self._pending_ready = {"info", "dashboard"}
        self.recovery_prompt: QMessageBox | None = None
        self._to_recover: list[tuple[uuid.UUID, uuid.UUID]] = []
        self.recovery_dialogs: list[QWidget] = []
        self.setWindowTitle(_("Hamyar"))
        self.setMinimumSize(MINIMUM_SIZE)
        self.resize(DEFAULT_SIZE)

        self.factories: dict[str, Callable[[], QWidget]] = {
            "dashboard": self._build_dashboard,
            "participants": self._build_participants,
            "workshops": self._build_workshops,
            "certificates": self._build_certificates,
            "sync": self._build_sync,
            "reports": self._build_unavailable("reports_page"),
            "settings": self._build_settings,
        }
        self.pages: dict[str, QWidget] = {}
        self.holders: dict[str, QWidget] = {}

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFont(scaled_font(self.sidebar, 1.15))
        self.sidebar.setFixedWidth(200)
        self.sidebar.setFrameShape(QListWidget.Shape.NoFrame)
        self.sidebar.setStyleSheet(
            "QListWidget#sidebar { background: palette(window); border: none;"
            " padding-top: 12px; }"
            " QListWidget#sidebar::item { padding: 10px 16px; }"
            " QListWidget#sidebar::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
        )
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        self.stack = QStackedWidget()
        for number, section in enumerate(SECTIONS, start=1):
            item = QListWidgetItem(_(section.label_msgid))
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(
                _("{section} (Ctrl+{number})").format(section=_(section.label_msgid), number=number)
            )
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
            self.sidebar.addItem(item)
            holder = QWidget()
            holder.setObjectName(f"holder-{section.key}")
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            self.holders[section.key] = holder
            self.stack.addWidget(holder)
        layout.addWidget(self.sidebar)  # first in the layout: the right-hand side in RTL
        layout.addWidget(divider)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.sidebar.currentRowChanged.connect(self._row_changed)

        self.user_label = leading(QLabel(""))
        self.user_label.setObjectName("userLabel")
        self.database_label = muted(
            QLabel(_("Database: {path}").format(path=ltr(str(ctx.db_path)))), wrap=False
        )
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addWidget(self.user_label, 1)
        self.statusBar().addPermanentWidget(self.database_label)

        self._shortcuts: list[QShortcut] = []
        for number, section in enumerate(SECTIONS, start=1):
            self._shortcut(f"Ctrl+{number}", partial(self.open_page, section.key))
        self._shortcut("Ctrl+F", self.search_participants)
        self._shortcut("Ctrl+Q", self.close)

        self.open_page("dashboard")
        self.sidebar.setFocus()
        self.ctx.runner.run(lambda: load_session_info(ctx), self._show_info, self._info_failed)

    def _shortcut(self, keys: str, action: Callable[[], Any]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        self._shortcuts.append(shortcut)

    # --- pages --------------------------------------------------------------------------------

    def _build_dashboard(self) -> QWidget:
        page = DashboardPage(self.ctx)
        page.loaded.connect(lambda: self._part_ready("dashboard"))
        page.open_participant.connect(self.show_participant)
        return page

    def show_participant(self, participant_id: uuid.UUID) -> None:
        """Open the participants page on this person's record."""
        registry = self.open_page("participants")
        show_profile = getattr(registry, "show_profile", None)
        if show_profile is not None:
            show_profile(participant_id)

    def _build_participants(self) -> QWidget:
        from desktop.gui.pages.participants import ParticipantsPage

        return ParticipantsPage(self.ctx)

    def _build_workshops(self) -> QWidget:
        from desktop.gui.workshops.page import WorkshopsPage

        page = WorkshopsPage(self.ctx)
        page.open_participant.connect(self.show_participant)
        return page

    def _build_certificates(self) -> QWidget:
        from desktop.gui.certificates.page import CertificatesPage

        return CertificatesPage(self.ctx)

    def _build_sync(self) -> QWidget:
        from desktop.gui.sync.office_page import OfficeSyncPage

        return OfficeSyncPage(self.ctx)

    def _build_settings(self) -> QWidget:
        from desktop.gui.pages.settings import SettingsPage

        return SettingsPage(self.ctx)

    @staticmethod
    def _build_unavailable(name: str) -> Callable[[], QWidget]:
        def build() -> QWidget:
            from desktop.gui.pages import unavailable

            page: QWidget = getattr(unavailable, name)()
            return page

        return build

    def page(self, key: str) -> QWidget:
        """The page of a section, built now if it was never opened."""
        if key not in self.pages:
            try:
                page = self.factories[key]()
            except Exception as error:  # one broken page must not take the office down
                log.exception("page %s could not be built", key)
                page = ErrorPage(
                    _("Something went wrong"),
                    _("This page could not be opened: {error}").format(error=error),
                )
            page.setObjectName(f"page-{key}")
            self.pages[key] = page
            holder = self.holders[key]
            layout = holder.layout()
            assert layout is not None
            layout.addWidget(page)
        return self.pages[key]

    def open_page(self, key: str) -> QWidget:
        keys = [section.key for section in SECTIONS]
        page = self.page(key)
        row = keys.index(key)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)  # -> _row_changed
        else:
            self.stack.setCurrentWidget(self.holders[key])
        return page

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = SECTIONS[row].key
        self.page(key)
        self.stack.setCurrentWidget(self.holders[key])
        self.page_opened.emit(key)

    def current_key(self) -> str:
        return SECTIONS[max(0, self.sidebar.currentRow())].key

    # --- answers left behind by a crash or a power cut --------------------------------------

    def offer_recoveries(self) -> None:
        """Look (off the GUI thread) for interviews whose typed answers never reached the
        database, and offer to reopen them; each dialog then offers its answers back."""

        def look() -> list[tuple[uuid.UUID, uuid.UUID]]:
            # Imported here, on the pool: the dialog's module is not needed unless answers are.
            from desktop.gui.intake.interview_dialog import recoverable_interviews

            return recoverable_interviews()

        self.ctx.runner.run(
            look,
            self._recoveries_found,
            lambda error: log.warning("could not look for unsaved interviews: %s", error),
        )

    def _recoveries_found(self, found: list[tuple[uuid.UUID, uuid.UUID]]) -> None:
        if not found:
            return
        self._to_recover = list(found)
        prompt = QMessageBox(
            QMessageBox.Icon.Question,
            _("Unsaved interview answers"),
            ngettext(
                "Hamyar was closed while an intake interview had unsaved answers. "
                "Open it now to get the answers back?",
                "Hamyar was closed while {count} intake interviews had unsaved answers. "
                "Open them now to get the answers back?",
                len(found),
            ).format(count=localise_digits(len(found))),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        prompt.setDefaultButton(QMessageBox.StandardButton.Yes)
        prompt.accepted.connect(self._recover_next)
        self.recovery_prompt = prompt
        prompt.open()

    def _recover_next(self) -> None:
        if not self._to_recover:
            return
        from desktop.gui.intake.interview_dialog import InterviewDialog

        participant_id, interview_id = self._to_recover.pop(0)
        dialog = InterviewDialog(self.ctx, participant_id, interview_id, parent=self)
        self.recovery_dialogs.append(dialog)
        dialog.finished.connect(lambda _result: self._recover_next())
        dialog.open()

    def search_participants(self) -> None:
        page = self.open_page("participants")
        focus_search = getattr(page, "focus_search", None)
        if callable(focus_search):
            focus_search()

    # --- office and user ----------------------------------------------------------------------

    def _show_info(self, info: Any) -> None:
        assert isinstance(info, SessionInfo)
        self.info = info
        self.setWindowTitle(_("Hamyar — {office}").format(office=info.office.name))
        if info.user is not None:
            self.user_label.setText(
                _("Signed in: {name} ({role})").format(
                    name=info.user.full_name, role=_(info.user.role.label_msgid)
                )
            )
        self._part_ready("info")

    def _info_failed(self, error: Exception) -> None:
        log.error("office details could not be read", exc_info=error)
        self.user_label.setText(
            _("The office details could not be read: {error}").format(error=error)
        )
        self._part_ready("info")

    def _part_ready(self, part: str) -> None:
        if part in self._pending_ready:
            self._pending_ready.discard(part)
            if not self._pending_ready:
                self.ready.emit()
                self.offer_recoveries()

    @property
    def is_ready(self) -> bool:
        return not self._pending_ready
