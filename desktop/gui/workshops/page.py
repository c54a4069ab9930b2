"""The Workshops section: the list of workshops (filters by status and skill, search by title)
and, in its place, one workshop's detail page.

Keyboard: Ctrl+F puts the cursor in the title search; Down moves into the table; Enter or a
double click opens a workshop; Ctrl+N creates one. On the detail page Esc or Alt+Left returns
to the list.
"""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import WorkshopStatus
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, muted, set_message, title
from desktop.gui.widgets.lists import (
    ResultsStack,
    add_labelled_filters,
    select_table_row,
    set_up_list_table,
)
from desktop.gui.workshops.models import (
    Column,
    WorkshopFilter,
    WorkshopRow,
    WorkshopTableModel,
    workshop_row,
)
from desktop.gui.workshops.widgets import enum_text, skill_label
from desktop.i18n import _, localise_digits
from desktop.store.models import Skill


def _read_list(ctx: GuiContext) -> tuple[list[WorkshopRow], list[Skill]]:
    services = ctx.services
    rows = [workshop_row(summary) for summary in services.workshops.summaries()]
    return rows, services.skills.skills(include_inactive=True)


class WorkshopsPage(QWidget):
    """``open_participant(id)`` asks the main window to show a person's profile."""

    open_participant = Signal(object)
    loaded = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: Any = None
        self.editor: QWidget | None = None
        self.is_loaded = False
        self._select_after_load: uuid.UUID | None = None
        self._list_stale = False

        self.model = WorkshopTableModel(self)
        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.list_page = QWidget()
        self.stack.addWidget(self.list_page)
        self._build_list(self.list_page)
        self.detail_page = QWidget()
        self.detail_holder = QVBoxLayout(self.detail_page)
        self.detail_holder.setContentsMargins(0, 0, 0, 0)
        self.stack.addWidget(self.detail_page)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Alt+Left")):
            back = QShortcut(keys, self.detail_page)
            back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.activated.connect(self.show_list)
        new = QShortcut(QKeySequence.StandardKey.New, self.list_page)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.activated.connect(self.new_workshop)
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_list(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(title(QLabel(_("Workshops")), 1.4))

        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search by title (Ctrl+F)"))
        self.search.textChanged.connect(lambda _text: self._filters_changed())
        self.search.installEventFilter(self)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(self.open_current)
        self.new_button = QPushButton(_("New workshop (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_workshop)
        top.addWidget(self.search, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.status = QComboBox()
        self.status.addItem(_("Any status"), None)
        for status in WorkshopStatus:
            self.status.addItem(enum_text(status), status.value)
        self.skill = QComboBox()
        self.skill.addItem(_("Any skill"), None)
        self.skill.setMinimumContentsLength(16)
        self.skill.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        add_labelled_filters(
            filters, ((_("Status"), self.status), (_("Skill"), self.skill)), self._filters_changed
        )
        filters.addStretch(1)
        self.count_label = muted(QLabel(), wrap=False)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_list_table(self.table)
        self.table.setSortingEnabled(True)
        header = self.table.horizontalHeader()
        header.setSortIndicator(int(Column.START), Qt.SortOrder.DescendingOrder)
        self._size_columns()
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().currentRowChanged.connect(lambda *_args: self._update_buttons())
        self.results = ResultsStack(self.table)
        self.empty = self.results.empty
        layout.addWidget(self.results, 1)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.setTabOrder(self.search, self.open_button)
        self.setTabOrder(self.open_button, self.new_button)
        self.setTabOrder(self.new_button, self.status)
        self.setTabOrder(self.status, self.skill)
        self.setTabOrder(self.skill, self.table)
        self._update_buttons()

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        padding = 20
        # The title is what people look for: on a 1366×768 screen the other columns must leave
        # it room, so skill and partner are sized for a typical name (longer ones are elided,
        # with the whole text in a tooltip) and long headings wrap onto two lines instead of
        # widening their column of short numbers.
        samples = {
            Column.SKILL: "قالی‌بافی دستبافت",
            Column.PARTNER: "سازمان آموزش فنی",
            Column.START: "۱۴۰۰/۰۰/۰۰",
            Column.END: "۱۴۰۰/۰۰/۰۰",
            Column.STATUS: "در حال برگزاری",
            Column.ENROLLED: "۰۰ از ۰۰",
            Column.WAITING: "۰۰",
            Column.SESSIONS: "۰۰ از ۰۰",
            Column.COMPLETED: "۰۰",
        }
        header.setTextElideMode(Qt.TextElideMode.ElideNone)  # eliding would undo the wrap
        header.setMinimumHeight(2 * header_metrics.lineSpacing() + 10)
        for column, sample in samples.items():
            heading = str(self.model.headerData(int(column), Qt.Orientation.Horizontal) or "")
            longest_word = max(
                (header_metrics.horizontalAdvance(word) for word in heading.split()), default=0
            )
            width = max(metrics.horizontalAdvance(sample), longest_word + 16)
            header.resizeSection(int(column), width + padding)
            header.setSectionResizeMode(int(column), QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(int(Column.TITLE), QHeaderView.ResizeMode.Stretch)

    # --- loading -----------------------------------------------------------------------------

    def refresh(self) -> None:
        self.ctx.runner.run(
            lambda: _read_list(self.ctx),
            alive_callback(self, self._loaded),
            alive_callback(self, self._failed),
        )

    def _loaded(self, result: tuple[list[WorkshopRow], list[Skill]]) -> None:
        rows, skills = result
        if self.skill.count() == 1:
            self.skill.blockSignals(True)
            for skill in skills:
                self.skill.addItem(skill_label(skill.name_fa, skill.name_en), str(skill.id))
            self.skill.blockSignals(False)
        current = self.current_id()
        self.model.set_rows(rows)
        header = self.table.horizontalHeader()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        wanted = self._select_after_load or current
        self._select_after_load = None
        row = self.model.row_of(wanted) if wanted is not None else None
        self._show_results()
        if row is not None:
            self.select_row(row)
        elif self.model.rowCount():
            self.select_row(0)
        set_message(self.message, "")
        self.is_loaded = True
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        set_message(self.message, _("The list could not be read: {error}").format(error=error))

    def current_filter(self) -> WorkshopFilter:
        status = self.status.currentData()
        skill = self.skill.currentData()
        return WorkshopFilter(
            text=self.search.text(),
            status=WorkshopStatus(status) if status else None,
            skill_id=uuid.UUID(skill) if skill else None,
        )

    def _filters_changed(self) -> None:
        self.model.set_filter(self.current_filter())
        self._show_results()
        if self.model.rowCount():
            self.select_row(0)

    def _show_results(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count_label.setText(
            _("{shown} of {total} workshops").format(
                shown=localise_digits(shown), total=localise_digits(total)
            )
        )
        self.results.show_rows(
            shown,
            _("No workshop matches. Clear the search and the filters.")
            if total
            else _("No workshops yet. Press Ctrl+N to plan the first one."),
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def current_id(self) -> uuid.UUID | None:
        index = self.table.currentIndex()
        return self.model.workshop_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row, int(Column.TITLE))

    # --- keyboard ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.list_page:
            self.show_list()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.model.rowCount():
                self.table.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                if self.model.rowCount() == 1:
                    self.open_row(0)
                else:
                    self.table.setFocus()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if (
            event.matches(QKeySequence.StandardKey.Find)
            and self.stack.currentWidget() is self.list_page
        ):
            self.focus_search()
            return
        super().keyPressEvent(event)

    # --- opening -----------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.show_workshop(self.model.workshop_id(row))

    def show_workshop(self, workshop_id: uuid.UUID) -> Any:
        from desktop.gui.workshops.detail import WorkshopDetail

        self._drop_detail()
        detail = WorkshopDetail(self.ctx, workshop_id)
        detail.back.connect(self.show_list)
        detail.changed.connect(self._detail_changed)
        detail.open_participant.connect(self.open_participant.emit)
        self.detail = detail
        self.detail_holder.addWidget(detail)
        self.stack.setCurrentWidget(self.detail_page)
        detail.tabs.setFocus()
        return detail

    def _detail_changed(self) -> None:
        self._list_stale = True

    def _drop_detail(self) -> None:
        if self.detail is not None:
            self.detail_holder.removeWidget(self.detail)
            self.detail.deleteLater()
            self.detail = None

    def show_list(self) -> None:
        shown = self.detail.workshop_id if self.detail is not None else None
        self.stack.setCurrentWidget(self.list_page)
        self._drop_detail()
        if self._list_stale:
            self._list_stale = False
            self._select_after_load = shown
            self.refresh()
        self.table.setFocus()

    def new_workshop(self) -> None:
        from desktop.gui.workshops.editor import edit_workshop

        if self.stack.currentWidget() is not self.list_page:
            self.show_list()
        self.editor = edit_workshop(self.ctx, None, self, self._created)

    def _created(self, workshop_id: uuid.UUID) -> None:
        """Open the new workshop: planning its sessions comes next."""
        self.editor = None
        self._list_stale = True
        self.show_workshop(workshop_id)


__all__ = ["WorkshopsPage"]
