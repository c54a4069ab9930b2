"""The participant list: search as you type, filters, a paged table, and each person's profile.

Keyboard: Ctrl+F puts the cursor in the search box (the main window's Ctrl+F calls
:meth:`ParticipantsPage.focus_search`); Down moves from the search box into the table; Enter in
the search box opens the only match, or moves into the table when there are several; Enter or
a double click on a row opens the profile; Ctrl+N registers a new person. The profile replaces
the list inside the page; "Back to the list" (Esc or Alt+Left) returns.
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

from desktop.domain.digits import format_number
from desktop.domain.enums import ParticipantStatus
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import (
    SORT_KEYS,
    Column,
    ParticipantTableModel,
    alive_callback,
)
from desktop.gui.style import error_label, muted, set_message, title
from desktop.gui.widgets.lists import (
    ResultsStack,
    add_labelled_filters,
    select_table_row,
    set_up_list_table,
)
from desktop.i18n import _, is_persian
from desktop.services.participants import Filters
from desktop.store.models import Skill

ANY = "any"


class ParticipantsPage(QWidget):
    """``open_participant(id)`` is emitted whenever a profile is opened from the list."""

    open_participant = Signal(object)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile: QWidget | None = None
        self.editor: QWidget | None = None
        self._counted_generation = 0
        self._count_busy = False
        self._count_wanted: tuple[int, str, Filters] | None = None
        self._select_after_load: uuid.UUID | None = None
        self._profile_changed = False
        self._sort_indicator = (int(Column.NAME), Qt.SortOrder.AscendingOrder)

        self.model = ParticipantTableModel(ctx, self, autoload=False)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(self._failed)

        self.stack = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        self.list_page = QWidget()
        self.stack.addWidget(self.list_page)
        self._build_list(self.list_page)

        self.profile_page = QWidget()
        profile_layout = QVBoxLayout(self.profile_page)
        profile_layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 0, 16, 0)
        self.back_button = QPushButton(_("Back to the list"))
        self.back_button.setToolTip(_("Esc"))
        self.back_button.clicked.connect(self.show_list)
        bar.addWidget(self.back_button)
        bar.addStretch(1)
        profile_layout.addLayout(bar)
        self.profile_holder = QVBoxLayout()
        profile_layout.addLayout(self.profile_holder, 1)
        self.stack.addWidget(self.profile_page)
        for keys in (QKeySequence(Qt.Key.Key_Escape), QKeySequence("Alt+Left")):
            back = QShortcut(keys, self.profile_page)
            back.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            back.activated.connect(self.show_list)

        new = QShortcut(QKeySequence.StandardKey.New, self)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.activated.connect(self.new_participant)

        self._load_choices()
        self.model.refresh()

    # --- building --------------------------------------------------------------------------

    def _build_list(self, page: QWidget) -> None:
        layout = QVBoxLayout(page)
        layout.setContentsMargins(20, 16, 20, 12)
        layout.setSpacing(8)
        layout.addWidget(title(QLabel(_("Participants")), 1.4))

        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Search by name, father's name, national ID or mobile (Ctrl+F)")
        )
        self.search.textChanged.connect(self.model.set_query)
        self.search.installEventFilter(self)
        self.new_button = QPushButton(_("New participant (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_participant)
        self.open_button = QPushButton(_("Open"))
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self.open_current)
        top.addWidget(self.search, 1)
        top.addWidget(self.open_button)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        filters.setSpacing(6)
        self.neighbourhood = QComboBox()
        self.neighbourhood.addItem(_("All neighbourhoods"), None)
        self.neighbourhood.setMinimumContentsLength(14)
        self.neighbourhood.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.head = QComboBox()
        for text, value in (
            (_("Anyone"), ANY),
            (_("Heads of household"), "yes"),
            (_("Not heads of household"), "no"),
        ):
            self.head.addItem(text, value)
        self.skill = QComboBox()
        self.skill.addItem(_("Any skill"), None)
        self.skill.setMinimumContentsLength(16)
        self.skill.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.status = QComboBox()
        for text, value in (
            (_("Active"), ParticipantStatus.ACTIVE.value),
            (_("Archived"), ParticipantStatus.ARCHIVED.value),
            (_("Active and archived"), ANY),
        ):
            self.status.addItem(text, value)
        add_labelled_filters(
            filters,
            (
                (_("Neighbourhood"), self.neighbourhood),
                (_("Head of household"), self.head),
                (_("Skill"), self.skill),
                (_("Status"), self.status),
            ),
            self._filters_changed,
        )
        filters.addStretch(1)
        self.count_label = muted(QLabel())
        self.count_label.setWordWrap(False)
        filters.addWidget(self.count_label)
        layout.addLayout(filters)

        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_list_table(self.table)
        header = self.table.horizontalHeader()
        header.setSortIndicator(int(Column.NAME), Qt.SortOrder.AscendingOrder)
        header.setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self._size_columns()
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(lambda *_args: self._update_buttons())

        self.results = ResultsStack(self.table)
        self.empty = self.results.empty
        layout.addWidget(self.results, 1)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)

        self.setTabOrder(self.search, self.open_button)
        self.setTabOrder(self.open_button, self.new_button)
        self.setTabOrder(self.new_button, self.neighbourhood)
        self.setTabOrder(self.neighbourhood, self.head)
        self.setTabOrder(self.head, self.skill)
        self.setTabOrder(self.skill, self.status)
        self.setTabOrder(self.status, self.table)

    def _size_columns(self) -> None:
        """Widths from the font (never from the rows: they arrive a page at a time)."""
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header_metrics = header.fontMetrics()
        padding = 28
        samples = {
            Column.FATHER: "محمدحسین",
            Column.NATIONAL_ID: "۰۰۰۰۰۰۰۰۰۰",
            Column.MOBILE: "۰۹۱۲۰۰۰۰۰۰۰",
            Column.NEIGHBOURHOOD: "اسلام‌آباد شمالی",
            Column.HEAD_OF_HOUSEHOLD: "خیر",
            Column.REGISTERED: "۱۴۰۰/۰۰/۰۰",
        }
        for column, sample in samples.items():
            title_text = self.model.headerData(int(column), Qt.Orientation.Horizontal) or ""
            width = max(
                metrics.horizontalAdvance(sample),
                header_metrics.horizontalAdvance(str(title_text)) + 16,  # sort arrow
            )
            header.resizeSection(int(column), width + padding)
            header.setSectionResizeMode(int(column), QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(int(Column.NAME), QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(metrics.horizontalAdvance("000") + padding)

    # --- choices for the filters -----------------------------------------------------------

    def _load_choices(self) -> None:
        services = self.ctx.services

        def read() -> tuple[list[str], list[Skill]]:
            return services.participants.neighbourhoods(), services.skills.skills()

        self.ctx.runner.run(
            read,
            alive_callback(self, self._set_choices),
            alive_callback(self, self._failed),
        )

    def _set_choices(self, result: tuple[list[str], list[Skill]]) -> None:
        neighbourhoods, skills = result
        chosen = self.neighbourhood.currentData()
        self.neighbourhood.blockSignals(True)
        while self.neighbourhood.count() > 1:
            self.neighbourhood.removeItem(1)
        for name in neighbourhoods:
            self.neighbourhood.addItem(name, name)
        self.neighbourhood.setCurrentIndex(max(self.neighbourhood.findData(chosen), 0))
        self.neighbourhood.blockSignals(False)
        if self.skill.count() == 1:
            persian = is_persian()
            for skill in skills:
                name = skill.name_fa if persian else (skill.name_en or skill.name_fa)
                self.skill.addItem(name, str(skill.id))

    def current_filters(self) -> Filters:
        head = self.head.currentData()
        status = self.status.currentData()
        skill = self.skill.currentData()
        return Filters(
            neighbourhood=self.neighbourhood.currentData() or None,
            head_of_household=None if head == ANY else head == "yes",
            skill_id=uuid.UUID(skill) if skill else None,
            status=None if status == ANY else ParticipantStatus(status),
        )

    def _filters_changed(self) -> None:
        self.model.set_filters(self.current_filters())

    # --- results -----------------------------------------------------------------------------

    def _loaded(self, generation: int, rows: int) -> None:
        set_message(self.message, "")
        first_page = generation != self._counted_generation
        if first_page:
            self._counted_generation = generation
            self._show_count(generation, rows)
            self._show_results(rows)
        elif not self.model.has_more():
            self._set_count_text(rows)
        if self._select_after_load is not None:
            row = self.model.row_of(self._select_after_load)
            if row is not None:
                self._select_after_load = None
                self.select_row(row)
                self.table.scrollTo(self.model.index(row, 0))
                self.table.setFocus()
        elif first_page and rows and not self.table.currentIndex().isValid():
            self.select_row(0)
        self._update_buttons()

    def _show_results(self, rows: int) -> None:
        searching = bool(self.model.query().strip()) or self.model.filters() != Filters()
        self.results.show_rows(
            rows,
            _("Nobody matches. Check the spelling, or clear the search and the filters.")
            if searching
            else _("No participants yet. Press Ctrl+N to register the first person."),
        )

    def _set_count_text(self, count: int, *, more: bool = False) -> None:
        shown = format_number(count, persian=is_persian()) + ("+" if more else "")
        self.count_label.setText(_("{count} found.").format(count=shown))

    def _show_count(self, generation: int, rows: int) -> None:
        if not self.model.has_more():
            self._set_count_text(rows)
            return
        self._set_count_text(rows, more=True)
        self._count_wanted = (generation, self.model.query(), self.model.filters())
        self._next_count()

    def _next_count(self) -> None:
        """Count in the background, one count at a time, only the newest request."""
        if self._count_busy or self._count_wanted is None:
            return
        generation, query, filters = self._count_wanted
        self._count_wanted = None
        self._count_busy = True
        participants = self.ctx.services.participants

        def counted(total: int) -> None:
            self._count_busy = False
            if generation == self.model.generation:
                self._set_count_text(total)
            self._next_count()

        def failed(_error: Exception) -> None:
            self._count_busy = False
            self._next_count()

        self.ctx.runner.run(
            lambda: participants.count(query, filters=filters),
            alive_callback(self, counted),
            alive_callback(self, failed),
        )

    def _failed(self, message: str | Exception) -> None:
        set_message(self.message, _("The list could not be read: {error}").format(error=message))

    def _sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        """The service sorts some columns (either way): on any other the arrow goes back to
        the column the list is sorted by. A column's first click sorts it the usual way (the
        model's InitialSortOrderRole: names A→Z, newest registration first), the next click
        reverses it."""
        try:
            column = Column(section)
        except ValueError:
            column = None
        if column is not None and column in SORT_KEYS:
            self._sort_indicator = (section, Qt.SortOrder(order))
            return
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(*self._sort_indicator)
        header.blockSignals(False)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    # --- keyboard ----------------------------------------------------------------------------

    def focus_search(self) -> None:
        if self.stack.currentWidget() is not self.list_page:
            self.show_list()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Down and self.model.rowCount():
                self._enter_table()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.model.rowCount():
                if self.model.rowCount() == 1 and not self.model.has_more():
                    self.open_row(0)
                else:
                    self._enter_table()
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.matches(QKeySequence.StandardKey.Find):
            self.focus_search()
            return
        super().keyPressEvent(event)

    def _enter_table(self) -> None:
        current = self.table.currentIndex()
        self.select_row(current.row() if current.isValid() else 0)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_row(self, row: int) -> None:
        select_table_row(self.table, row, int(Column.NAME))

    # --- opening -------------------------------------------------------------------------------

    def open_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.show_profile(self.model.participant_id(row))

    def show_profile(self, participant_id: uuid.UUID) -> None:
        from desktop.gui.pages.profile import ParticipantProfile

        self.open_participant.emit(participant_id)
        self._drop_profile()
        profile = ParticipantProfile(self.ctx, participant_id)
        profile.changed.connect(self._profile_edited)
        self.profile = profile
        self.profile_holder.addWidget(profile)
        self.stack.setCurrentWidget(self.profile_page)
        profile.tabs.setFocus()

    def _profile_edited(self, _participant_id: Any) -> None:
        self._profile_changed = True

    def _drop_profile(self) -> None:
        if self.profile is not None:
            self.profile_holder.removeWidget(self.profile)
            self.profile.deleteLater()
            self.profile = None

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_page)
        self._drop_profile()
        if self._profile_changed:
            self._profile_changed = False
            self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        """Read the list and the filter choices again (after a save elsewhere)."""
        self.model.refresh()
        self._load_choices()

    def new_participant(self) -> None:
        from desktop.gui.dialogs.participant_editor import edit_participant

        if self.stack.currentWidget() is not self.list_page:
            self.show_list()
        self.editor = edit_participant(self.ctx, None, self, self._registered)

    def _registered(self, participant_id: uuid.UUID) -> None:
        """Show the new person in the list, selected: Enter opens her profile."""
        self.editor = None
        self._select_after_load = participant_id
        participants = self.ctx.services.participants

        def shown(person: Any) -> None:
            for combo in (self.neighbourhood, self.head, self.skill, self.status):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.model.set_filters(self.current_filters())
            self.search.setText(f"{person.first_name} {person.last_name}")
            if self.model.query() == self.search.text():
                self.model.refresh()
            self._load_choices()

        self.ctx.runner.run(
            lambda: participants.get(participant_id),
            alive_callback(self, shown),
            alive_callback(self, self._failed),
        )


__all__ = ["ParticipantsPage"]
