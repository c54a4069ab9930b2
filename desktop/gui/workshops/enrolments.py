"""The Enrolments tab of a workshop: who holds a place, the waiting list in order, adding people
from a search or many at once from a filtered list, and withdrawing.

The workshop's capacity is the service's rule: anyone enrolled beyond it goes to the waiting
list, and the tab says so in words ("the workshop is full: … is number 2 on the waiting list").
When someone holding a place withdraws, the first person waiting takes it and the tab names her.

Keyboard: Ctrl+F (inside the tab) puts the cursor in the search box; Down moves into the
results; Enter enrols the chosen person (or the only match). Enter or a double click on a
person in the lists opens her profile. Ctrl+M opens "Add many", Delete withdraws.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.enums import EnrolmentStatus, ParticipantStatus
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.models.records import Record
from desktop.gui.pages.profile import RecordTable
from desktop.gui.style import error_label, muted, set_message, title
from desktop.gui.widgets.lists import add_labelled_filters
from desktop.gui.workshops.action_dialog import ActionDialog, open_action
from desktop.gui.workshops.models import CandidateModel, candidate
from desktop.gui.workshops.widgets import (
    EMPTY,
    NOTICE_STYLE,
    WARNING_STYLE,
    enum_text,
    jalali,
    notice_label,
)
from desktop.i18n import _, is_persian, localise_digits, ngettext
from desktop.services.participants import Filters
from desktop.services.workshops import EnrolmentResult, WithdrawResult, WorkshopSummary
from desktop.store.models import Enrolment, Participant, Skill

SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 12
MANY_LIMIT = 500
ANY = "any"

Pair = tuple[Enrolment, Participant]


def full_name(person: Participant) -> str:
    return f"{person.first_name} {person.last_name}"


def person_line(person: Participant) -> str:
    """One line that tells two people of the same name apart."""
    parts = [full_name(person)]
    if person.father_name:
        parts.append(_("father's name {father}").format(father=person.father_name))
    if person.national_id:
        parts.append(localise_digits(person.national_id))
    if person.neighbourhood:
        parts.append(person.neighbourhood)
    return "، ".join(parts)


def people_titles(first: str) -> list[str]:
    return [
        first,
        _("Name"),
        _("Father's name"),
        _("National ID"),
        _("Mobile"),
        _("Neighbourhood"),
        _("Status"),
    ]


def person_record(position: int, enrolment: Enrolment, person: Participant, note: str) -> Record:
    return Record(
        cells=(
            localise_digits(position),
            full_name(person),
            person.father_name or EMPTY,
            localise_digits(person.national_id) if person.national_id else EMPTY,
            localise_digits(person.mobile) if person.mobile else EMPTY,
            person.neighbourhood or EMPTY,
            note,
        ),
        sort_values=(position, person.sort_key),
        key=enrolment.id,
    )


@dataclass(frozen=True)
class Lists:
    enrolled: list[Pair]
    waiting: list[Pair]
    withdrawn: list[Pair]

    @classmethod
    def of(cls, pairs: list[Pair]) -> Lists:
        active = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)
        return cls(
            enrolled=[p for p in pairs if p[0].status in active],
            waiting=[p for p in pairs if p[0].status == EnrolmentStatus.WAITING],
            withdrawn=[p for p in pairs if p[0].status == EnrolmentStatus.WITHDRAWN],
        )

    def listed_ids(self) -> set[uuid.UUID]:
        return {person.id for _enrolment, person in [*self.enrolled, *self.waiting]}

    def find(self, enrolment_id: object) -> Pair | None:
        for pair in (*self.enrolled, *self.waiting, *self.withdrawn):
            if pair[0].id == enrolment_id:
                return pair
        return None

    def waiting_position(self, enrolment_id: uuid.UUID) -> int | None:
        for position, (enrolment, _person) in enumerate(self.waiting, start=1):
            if enrolment.id == enrolment_id:
                return position
        return None


@dataclass(frozen=True)
class Enrolled:
    """What one enrolment did, with the lists as they are afterwards."""

    result: EnrolmentResult
    person: Participant
    lists: Lists


@dataclass(frozen=True)
class EnrolledMany:
    results: list[EnrolmentResult]
    lists: Lists


# --- withdrawing --------------------------------------------------------------------------------


class WithdrawDialog(ActionDialog):
    def __init__(
        self, ctx: GuiContext, enrolment: Enrolment, person: Participant, parent: QWidget | None
    ) -> None:
        super().__init__(
            ctx,
            _("Withdraw {name}").format(name=full_name(person)),
            _("Withdraw"),
            parent,
        )
        self.enrolment = enrolment
        self.person = person
        self.add_row(_("Participant:"), muted(QLabel(person_line(person))))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. her child is ill"))
        self.add_row(_("Reason:"), self.reason, "reason")
        if enrolment.status == EnrolmentStatus.ENROLLED:
            hint = _("Her place goes to the first person on the waiting list, if there is one.")
        else:
            hint = _("She leaves the waiting list; the people after her move up.")
        self.layout_.addWidget(muted(QLabel(hint)))
        self.finish_layout()
        self.cancel_button.setText(_("Keep her"))
        self.resize(520, self.sizeHint().height())
        self.revalidate()
        self.reason.setFocus()

    def work(self) -> Callable[[], Any]:
        workshops = self.ctx.services.workshops
        enrolment_id, reason = self.enrolment.id, self.reason.text()
        workshop_id = self.enrolment.workshop_id

        def withdraw() -> tuple[WithdrawResult, Lists]:
            result = workshops.withdraw(enrolment_id, reason)
            return result, Lists.of(workshops.enrolments(workshop_id))

        return withdraw


# --- adding many at once ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Choices:
    neighbourhoods: list[str]
    skills: list[Skill]


class AddManyDialog(QDialog):
    """The participant list with filters and a check box per person; "Enrol" adds the ticked
    people in the order shown (the overflow goes to the waiting list)."""

    def __init__(
        self,
        ctx: GuiContext,
        summary: WorkshopSummary,
        listed: set[uuid.UUID],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.summary = summary
        self.listed = listed
        self.result_value: EnrolledMany | None = None
        self.busy = False
        self._generation = 0
        self.loaded_generation = -1
        self.setWindowTitle(_("Enrol many: {title}").format(title=summary.workshop.title))
        self.setModal(True)
        layout = QVBoxLayout(self)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Name, national ID or mobile"))
        self.neighbourhood = QComboBox()
        self.neighbourhood.addItem(_("All neighbourhoods"), None)
        self.neighbourhood.setMinimumContentsLength(12)
        self.head = QComboBox()
        for text, value in (
            (_("Anyone"), ANY),
            (_("Heads of household"), "yes"),
            (_("Not heads of household"), "no"),
        ):
            self.head.addItem(text, value)
        self.skill = QComboBox()
        self.skill.addItem(_("Any skill"), None)
        self.skill.setMinimumContentsLength(14)
        filters.addWidget(self.search, 2)
        add_labelled_filters(
            filters,
            (
                (_("Neighbourhood"), self.neighbourhood),
                (_("Head of household"), self.head),
                (_("Skill"), self.skill),
            ),
            self.reload,
            stretch=1,
            spacing=0,
        )
        layout.addLayout(filters)
        layout.addWidget(
            muted(QLabel(_("Only active participants are listed; archived people cannot enrol.")))
        )

        self.model = CandidateModel(self, on_change=self._update_count)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        layout.addWidget(self.table, 1)

        below = QHBoxLayout()
        self.all_button = QPushButton(_("Select all"))
        self.all_button.setAutoDefault(False)
        self.all_button.clicked.connect(lambda: self.model.set_all(True))
        self.none_button = QPushButton(_("Select none"))
        self.none_button.setAutoDefault(False)
        self.none_button.clicked.connect(lambda: self.model.set_all(False))
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        below.addWidget(self.all_button)
        below.addWidget(self.none_button)
        below.addWidget(self.count_label, 1)
        layout.addLayout(below)
        self.more_label = muted(QLabel())
        layout.addWidget(self.more_label)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.enrol_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        self.buttons.accepted.connect(self.enrol)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.enrol_button.setDefault(True)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.resize(1000, 620)
        self._update_count()
        self._load_choices()
        self.reload()
        self.search.setFocus()

    def _load_choices(self) -> None:
        services = self.ctx.services

        def read() -> _Choices:
            return _Choices(services.participants.neighbourhoods(), services.skills.skills())

        def fill(choices: _Choices) -> None:
            for name in choices.neighbourhoods:
                self.neighbourhood.addItem(name, name)
            persian = is_persian()
            for skill in choices.skills:
                name = skill.name_fa if persian else (skill.name_en or skill.name_fa)
                self.skill.addItem(name, str(skill.id))
            # The workshop's own skill is the likeliest filter; offered, not forced.

        self.ctx.runner.run(read, alive_callback(self, fill), alive_callback(self, self._failed))

    def filters(self) -> Filters:
        head = self.head.currentData()
        skill = self.skill.currentData()
        return Filters(
            neighbourhood=self.neighbourhood.currentData() or None,
            head_of_household=None if head == ANY else head == "yes",
            skill_id=uuid.UUID(skill) if skill else None,
            status=ParticipantStatus.ACTIVE,
        )

    def reload(self) -> None:
        self._generation += 1
        generation = self._generation
        query, filters, listed = self.search.text(), self.filters(), set(self.listed)
        participants = self.ctx.services.participants

        def read() -> tuple[int, list[Any], bool]:
            people = participants.search(query, filters=filters, limit=MANY_LIMIT + 1)
            rows = [candidate(person, person.id in listed) for person in people[:MANY_LIMIT]]
            return generation, rows, len(people) > MANY_LIMIT

        self.ctx.runner.run(
            read, alive_callback(self, self._show), alive_callback(self, self._failed)
        )

    def _show(self, result: tuple[int, list[Any], bool]) -> None:
        generation, rows, more = result
        if generation != self._generation:
            return
        self.model.set_candidates(rows)
        self.loaded_generation = generation
        set_message(
            self.more_label,
            _("Only the first {count} are shown: narrow the search or the filters.").format(
                count=localise_digits(MANY_LIMIT)
            )
            if more
            else "",
        )
        if rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _failed(self, error: Exception) -> None:
        set_message(self.message, str(error))

    def free_places(self) -> int:
        return max(0, self.summary.workshop.capacity - self.summary.enrolled)

    def _update_count(self) -> None:
        chosen = len(self.model.checked_ids())
        free = self.free_places()
        text = ngettext("{count} selected.", "{count} selected.", chosen).format(
            count=localise_digits(chosen)
        )
        if chosen and not free:
            text += " " + _("The workshop is full: they all go to the waiting list, in order.")
        elif chosen > free:
            text += " " + _(
                "{free} places are free: the first {free} ticked are enrolled and the other "
                "{waiting} go to the waiting list, in the order listed."
            ).format(free=localise_digits(free), waiting=localise_digits(chosen - free))
        else:
            text += " " + _("{free} places are free.").format(free=localise_digits(free))
        self.count_label.setText(text)
        self.count_label.setStyleSheet("color: #5b3a00;" if chosen > free else "")
        self.enrol_button.setText(
            _("Enrol {count}").format(count=localise_digits(chosen)) if chosen else _("Enrol")
        )
        self.enrol_button.setEnabled(bool(chosen) and not self.busy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Space:
                index = self.table.currentIndex()
                if index.isValid():
                    self.model.toggle(index.row())
                return True
        return super().eventFilter(watched, event)

    def enrol(self) -> None:
        chosen = self.model.checked_ids()
        if not chosen or self.busy:
            return
        self.busy = True
        self.enrol_button.setEnabled(False)
        workshops = self.ctx.services.workshops
        workshop_id = self.summary.workshop.id

        def work() -> EnrolledMany:
            results = workshops.enrol_many(workshop_id, chosen)
            return EnrolledMany(results, Lists.of(workshops.enrolments(workshop_id)))

        def done(result: EnrolledMany) -> None:
            self.busy = False
            self.result_value = result
            self.accept()

        def failed(error: Exception) -> None:
            self.busy = False
            self._update_count()
            set_message(self.message, str(error))

        set_message(self.message, "")
        self.ctx.runner.run(work, alive_callback(self, done), alive_callback(self, failed))

    def reject(self) -> None:
        if not self.busy:
            super().reject()


# --- the tab ------------------------------------------------------------------------------------


class EnrolmentsTab(QWidget):
    """``changed()`` after anyone was enrolled or withdrew; ``open_participant(id)`` to show a
    person's profile."""

    changed = Signal()
    loaded = Signal()
    open_participant = Signal(object)
    searched = Signal()  # search results are on screen

    def __init__(self, ctx: GuiContext, workshop_id: uuid.UUID, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.workshop_id = workshop_id
        self.summary: WorkshopSummary | None = None
        self.lists: Lists | None = None
        self.dialog: QDialog | None = None
        self._search_generation = 0
        self._enrolling = False

        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()
        search_label = QLabel(_("Add from search:"))
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(
            _("Type a name, national ID or mobile; Enter enrols the chosen person")
        )
        search_label.setBuddy(self.search)
        self.search.installEventFilter(self)
        self.many_button = QPushButton(_("Add many… (Ctrl+M)"))
        self.many_button.clicked.connect(self.add_many)
        self.withdraw_button = QPushButton(_("Withdraw…"))
        self.withdraw_button.clicked.connect(self.withdraw_current)
        self.profile_button = QPushButton(_("Open profile"))
        self.profile_button.clicked.connect(self.open_current)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.many_button)
        search_row.addWidget(self.withdraw_button)
        search_row.addWidget(self.profile_button)
        layout.addLayout(search_row)
        self.results = QListWidget()
        self.results.setVisible(False)
        self.results.setMaximumHeight(self.fontMetrics().lineSpacing() * 6 + 16)
        self.results.itemActivated.connect(lambda item: self._enrol_item(item))
        self.results.installEventFilter(self)
        layout.addWidget(self.results)
        self.notice = notice_label()
        layout.addWidget(self.notice)
        self.message = error_label(QLabel())
        layout.addWidget(self.message)
        self.capacity_label = QLabel()
        self.capacity_label.setWordWrap(True)
        layout.addWidget(self.capacity_label)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.setChildrenCollapsible(False)
        enrolled_box = QWidget()
        enrolled_layout = QVBoxLayout(enrolled_box)
        enrolled_layout.setContentsMargins(0, 0, 0, 0)
        self.enrolled_title = title(QLabel(_("Enrolled")), 1.1)
        enrolled_layout.addWidget(self.enrolled_title)
        self.enrolled = RecordTable(people_titles(_("No.")), _("Nobody enrolled yet."), stretch=1)
        enrolled_layout.addWidget(self.enrolled, 1)
        waiting_box = QWidget()
        waiting_layout = QVBoxLayout(waiting_box)
        waiting_layout.setContentsMargins(0, 0, 0, 0)
        self.waiting_title = title(QLabel(_("Waiting list")), 1.1)
        waiting_row = QHBoxLayout()
        waiting_row.addWidget(self.waiting_title)
        waiting_row.addStretch(1)
        self.show_withdrawn = QCheckBox(_("Show those who withdrew"))
        self.show_withdrawn.toggled.connect(lambda _checked: self._show_lists())
        waiting_row.addWidget(self.show_withdrawn)
        waiting_layout.addLayout(waiting_row)
        self.waiting = RecordTable(
            people_titles(_("Position")),
            _("Nobody is waiting. When the workshop is full, new people wait here in order."),
            stretch=1,
        )
        waiting_layout.addWidget(self.waiting, 1)
        self.withdrawn = RecordTable(people_titles(_("No.")), _("Nobody has withdrawn."), stretch=1)
        self.withdrawn.setVisible(False)
        waiting_layout.addWidget(self.withdrawn, 1)
        splitter.addWidget(enrolled_box)
        splitter.addWidget(waiting_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        for table in (self.enrolled, self.waiting, self.withdrawn):
            table.activated.connect(self._open_enrolment)
            table.view.selectionModel().currentRowChanged.connect(
                lambda *_args, t=table: self._table_focused(t)
            )
        self._current_table: RecordTable = self.enrolled
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self._search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        for keys, action in (
            ("Ctrl+M", self.add_many),
            ("Ctrl+F", self.focus_search),
            (QKeySequence(Qt.Key.Key_Delete), self.withdraw_current),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self._update_buttons()

    # --- data --------------------------------------------------------------------------------

    def set_summary(self, summary: WorkshopSummary) -> None:
        self.summary = summary
        self._show_capacity()
        self._update_buttons()

    def reload(self) -> None:
        workshops = self.ctx.services.workshops
        workshop_id = self.workshop_id
        self.ctx.runner.run(
            lambda: Lists.of(workshops.enrolments(workshop_id)),
            alive_callback(self, self._set_lists),
            alive_callback(self, self._failed),
        )

    def _set_lists(self, lists: Lists) -> None:
        self.lists = lists
        self._show_lists()
        self.loaded.emit()

    def _show_lists(self) -> None:
        lists = self.lists
        if lists is None:
            return
        current = self.current_pair()
        self.enrolled.set_records(
            [
                person_record(
                    n,
                    enrolment,
                    person,
                    enum_text(enrolment.status),
                )
                for n, (enrolment, person) in enumerate(lists.enrolled, start=1)
            ]
        )
        self.waiting.set_records(
            [
                person_record(n, enrolment, person, enum_text(enrolment.status))
                for n, (enrolment, person) in enumerate(lists.waiting, start=1)
            ]
        )
        self.withdrawn.set_records(
            [
                person_record(
                    n,
                    enrolment,
                    person,
                    _("Withdrew {date}: {reason}").format(
                        date=jalali(enrolment.withdrawn_at.date())
                        if enrolment.withdrawn_at
                        else EMPTY,
                        reason=enrolment.withdraw_reason or EMPTY,
                    ),
                )
                for n, (enrolment, person) in enumerate(lists.withdrawn, start=1)
            ]
        )
        self.enrolled_title.setText(
            _("Enrolled ({count})").format(count=localise_digits(len(lists.enrolled)))
        )
        self.waiting_title.setText(
            _("Waiting list ({count})").format(count=localise_digits(len(lists.waiting)))
        )
        self.show_withdrawn.setText(
            _("Show those who withdrew ({count})").format(
                count=localise_digits(len(lists.withdrawn))
            )
        )
        self.withdrawn.setVisible(self.show_withdrawn.isChecked())
        # An empty waiting list is one line, not half the tab.
        line = self.fontMetrics().lineSpacing()
        self.waiting.setMaximumHeight(16777215 if lists.waiting else line * 3)
        self._select(current[0].id if current else None)
        self._show_capacity()
        self._update_buttons()

    def _select(self, enrolment_id: uuid.UUID | None) -> None:
        """Keep the chosen person chosen after a reload; else the first enrolled."""
        for table in (self.enrolled, self.waiting, self.withdrawn):
            for row, record in enumerate(table.model.records()):
                if enrolment_id is not None and record.key == enrolment_id:
                    table.view.setCurrentIndex(table.model.index(row, 1))
                    self._current_table = table
                    return
        if self.enrolled.model.rowCount():
            self.enrolled.view.setCurrentIndex(self.enrolled.model.index(0, 1))
            self._current_table = self.enrolled

    def _show_capacity(self) -> None:
        if self.summary is None:
            return
        capacity = self.summary.workshop.capacity
        enrolled = len(self.lists.enrolled) if self.lists else self.summary.enrolled
        if enrolled >= capacity:
            text = _(
                "{enrolled} of {capacity} places taken: the workshop is full; anyone added now "
                "goes to the waiting list."
            )
            self.capacity_label.setStyleSheet("color: #5b3a00; font-weight: bold;")
        else:
            text = _("{enrolled} of {capacity} places taken; {free} free.")
            self.capacity_label.setStyleSheet("")
        self.capacity_label.setText(
            text.format(
                enrolled=localise_digits(enrolled),
                capacity=localise_digits(capacity),
                free=localise_digits(capacity - enrolled),
            )
        )

    def _failed(self, error: Exception) -> None:
        set_message(self.message, str(error))

    def _update_buttons(self) -> None:
        ready = self.summary is not None and self.lists is not None
        self.many_button.setEnabled(ready)
        pair = self.current_pair()
        self.withdraw_button.setEnabled(
            ready
            and pair is not None
            and pair[0].status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
        )
        self.profile_button.setEnabled(pair is not None)

    def _table_focused(self, table: RecordTable) -> None:
        self._current_table = table
        self._update_buttons()

    def current_pair(self) -> Pair | None:
        if self.lists is None:
            return None
        key = self._current_table.current_key()
        return self.lists.find(key) if key is not None else None

    # --- searching and enrolling one person --------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _search(self) -> None:
        self._search_generation += 1
        generation = self._search_generation
        query = self.search.text().strip()
        if not query:
            self.results.clear()
            self.results.setVisible(False)
            return
        participants = self.ctx.services.participants

        def read() -> tuple[int, list[Participant]]:
            return generation, participants.search(query, limit=SEARCH_LIMIT)

        self.ctx.runner.run(
            read, alive_callback(self, self._show_results), alive_callback(self, self._failed)
        )

    def _show_results(self, result: tuple[int, list[Participant]]) -> None:
        generation, people = result
        if generation != self._search_generation:
            return
        self.results.clear()
        listed = self.lists.listed_ids() if self.lists else set()
        for person in people:
            text = person_line(person)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, person)
            if person.id in listed:
                item.setText(_("{person} — already on the list").format(person=text))
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        if not people:
            item = QListWidgetItem(_("Nobody matches."))
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.results.addItem(item)
        self.results.setVisible(True)
        for row in range(self.results.count()):
            if self.results.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.results.setCurrentRow(row)
                break
        self.searched.emit()

    def enabled_results(self) -> list[QListWidgetItem]:
        return [
            self.results.item(row)
            for row in range(self.results.count())
            if self.results.item(row).flags() & Qt.ItemFlag.ItemIsEnabled
        ]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if watched is self.search:
            if key == Qt.Key.Key_Down and self.enabled_results():
                self.results.setFocus()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.timer.isActive():  # typed faster than the search: search now
                    self.timer.stop()
                    self._search()
                    return True
                items = self.enabled_results()
                if len(items) == 1:
                    self._enrol_item(items[0])
                elif items:
                    self.results.setFocus()
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        if watched is self.results and key == Qt.Key.Key_Escape:
            self.search.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _enrol_item(self, item: QListWidgetItem) -> None:
        person = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(person, Participant) and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.enrol(person)

    def enrol(self, person: Participant) -> None:
        if self._enrolling:
            return
        self._enrolling = True
        workshops = self.ctx.services.workshops
        workshop_id = self.workshop_id

        def work() -> Enrolled:
            result = workshops.enrol(workshop_id, person.id)
            return Enrolled(result, person, Lists.of(workshops.enrolments(workshop_id)))

        def failed(error: Exception) -> None:
            self._enrolling = False
            set_message(self.notice, "")
            set_message(self.message, str(error))

        set_message(self.message, "")
        self.ctx.runner.run(
            work, alive_callback(self, self._enrolled), alive_callback(self, failed)
        )

    def _enrolled(self, done: Enrolled) -> None:
        self._enrolling = False
        name = full_name(done.person)
        if done.result.waiting:
            position = done.lists.waiting_position(done.result.enrolment.id) or len(
                done.lists.waiting
            )
            capacity = self.summary.workshop.capacity if self.summary else 0
            text = _(
                "The workshop is full ({capacity} places): {name} is on the waiting list, "
                "number {position}. She gets a place when someone withdraws."
            ).format(
                capacity=localise_digits(capacity),
                name=name,
                position=localise_digits(position),
            )
            set_message(self.notice, text)
            self.notice.setStyleSheet(WARNING_STYLE)
        else:
            set_message(self.notice, _("{name} is enrolled.").format(name=name))
            self.notice.setStyleSheet(NOTICE_STYLE)
        self.search.clear()
        self.results.clear()
        self.results.setVisible(False)
        self.search.setFocus()
        self._set_lists(done.lists)
        self.changed.emit()

    # --- many ----------------------------------------------------------------------------------

    def add_many(self) -> None:
        if self.summary is None or self.lists is None:
            return
        dialog = AddManyDialog(self.ctx, self.summary, self.lists.listed_ids(), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._enrolled_many(dialog.result_value))
        self.dialog = dialog
        dialog.open()

    def _enrolled_many(self, done: EnrolledMany | None) -> None:
        if done is None:
            return
        waiting = sum(1 for result in done.results if result.waiting)
        enrolled = len(done.results) - waiting
        text = ngettext("{count} person enrolled.", "{count} people enrolled.", enrolled).format(
            count=localise_digits(enrolled)
        )
        if waiting:
            text += " " + ngettext(
                "The workshop is full: {count} person was put on the waiting list.",
                "The workshop is full: {count} people were put on the waiting list, in the "
                "order chosen.",
                waiting,
            ).format(count=localise_digits(waiting))
        set_message(self.notice, text)
        self.notice.setStyleSheet(WARNING_STYLE if waiting else NOTICE_STYLE)
        self._set_lists(done.lists)
        self.changed.emit()

    # --- withdrawing ---------------------------------------------------------------------------

    def withdraw_current(self) -> None:
        pair = self.current_pair()
        if pair is None or pair[0].status not in (
            EnrolmentStatus.ENROLLED,
            EnrolmentStatus.WAITING,
        ):
            return
        enrolment, person = pair
        self.dialog = open_action(
            WithdrawDialog(self.ctx, enrolment, person, self),
            lambda result: self._withdrawn(person, result),
        )

    def _withdrawn(self, person: Participant, result: tuple[WithdrawResult, Lists]) -> None:
        outcome, lists = result
        text = _("{name} has withdrawn.").format(name=full_name(person))
        if outcome.promoted is not None:
            promoted = lists.find(outcome.promoted.id)
            promoted_name = full_name(promoted[1]) if promoted else EMPTY
            text += " " + _(
                "{name} was first on the waiting list and now has the free place."
            ).format(name=promoted_name)
        set_message(self.notice, text)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self._set_lists(lists)
        self.changed.emit()

    # --- profiles ----------------------------------------------------------------------------

    def _open_enrolment(self, key: object) -> None:
        if self.lists is None:
            return
        pair = self.lists.find(key)
        if pair is not None:
            self.open_participant.emit(pair[1].id)

    def open_current(self) -> None:
        pair = self.current_pair()
        if pair is not None:
            self.open_participant.emit(pair[1].id)


__all__ = ["AddManyDialog", "EnrolmentsTab", "Lists", "WithdrawDialog"]
