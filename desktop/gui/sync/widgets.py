"""Small pieces both Sync pages use: a read-only table view, a progress row with Cancel, and the
page base that runs one piece of work at a time and reports how it ended."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.domain.errors import DomainError
from desktop.gui.models.participants import SORT_ROLE
from desktop.gui.style import error_label, leading, muted, set_message
from desktop.gui.tasks import Progress
from desktop.i18n import _


def message_of(error: Exception) -> str:
    """A refusal's own Persian message; anything unexpected said plainly."""
    if isinstance(error, DomainError):
        return str(error)
    return _("Something went wrong: {error}").format(error=error)


def table_view(model: QAbstractItemModel, *, stretch: int = 0, sortable: bool = True) -> QTableView:
    """A read-only, row-selecting table; column ``stretch`` takes the spare width."""
    view = QTableView()
    if sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(False)
    if 0 <= stretch < model.columnCount():
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def source_row(view: QTableView) -> int:
    """The selected row in the model's own order (the view may sort), or -1."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not rows:
        return -1
    index = rows[0]
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        index = model.mapToSource(index)
    return index.row()


def select_row(view: QTableView, row: int) -> None:
    """Select a whole row, counted in the source model (``QTableView.selectRow`` toggles a row that
    is already current, which would unselect it on a refresh)."""
    model = view.model()
    selection = view.selectionModel()
    if model is None or selection is None or not (0 <= row < model.rowCount()):
        return
    index = model.index(row, 0)
    if isinstance(model, QSortFilterProxyModel):  # ``row`` is in the model's own order
        index = model.mapFromSource(model.sourceModel().index(row, 0))
    flag = QItemSelectionModel.SelectionFlag
    selection.setCurrentIndex(index, flag.ClearAndSelect | flag.Rows)


class ProgressRow(QWidget):
    """A bar, what is happening, and Cancel; hidden while nothing runs."""

    cancel_requested = Signal()

    def __init__(self, stages: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.stages = stages
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = muted(QLabel(""), wrap=False)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.cancel = QPushButton(_("Cancel"))
        self.cancel.clicked.connect(self.cancel_requested)
        layout.addWidget(leading(self.label))
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.cancel)
        self.hide()

    def start(self, text: str) -> None:
        self.label.setText(text)
        self.bar.setRange(0, 0)
        self.cancel.setEnabled(True)
        self.show()

    def report(self, done: int, total: int, stage: str) -> None:
        if stage in self.stages:
            self.label.setText(self.stages[stage])
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)

    def cancelling(self) -> None:
        self.cancel.setEnabled(False)
        self.label.setText(_("Cancelling…"))

    def stop(self) -> None:
        self.hide()


class SyncWorkPage(QWidget):
    """One piece of work at a time (``busy``; ``progress`` while it can be cancelled), shown by a
    :class:`ProgressRow`; then a result line (``result_label``) or an error line (``message``,
    also sent as ``failed``). Subclasses enable their buttons in ``_update_buttons``."""

    failed = Signal(str)  # the message shown

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress: Progress | None = None
        self.busy = False

    def _add_status_lines(self, layout: QBoxLayout, stages: dict[str, str]) -> None:
        """The progress row, the result line and the error line, in that order."""
        self.progress_row = ProgressRow(stages)
        self.progress_row.cancel_requested.connect(self.cancel)
        layout.addWidget(self.progress_row)
        self.result_label = leading(QLabel(""))
        self.result_label.setObjectName("resultLabel")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_label.hide()
        layout.addWidget(self.result_label)
        self.message = error_label(QLabel())
        self.message.setObjectName("message")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)

    def _update_buttons(self) -> None:
        raise NotImplementedError

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_buttons()

    def cancel(self) -> None:
        if self.progress is not None:
            self.progress.cancel()
            self.progress_row.cancelling()

    def _finish_work(self) -> None:
        self.progress = None
        self.progress_row.stop()
        self._set_busy(False)

    def _work_failed(self, error: Exception) -> None:
        self._finish_work()
        self._show_error(message_of(error))

    def _clear_messages(self) -> None:
        set_message(self.message, "")
        self.result_label.hide()

    def _show_error(self, text: str, *, keep_result: bool = False) -> None:
        if not keep_result:
            self.result_label.hide()
        set_message(self.message, text)
        self.failed.emit(text)
