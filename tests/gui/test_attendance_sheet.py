"""The attendance sheet: the table model (totals, highlight, markable cells, optimistic marks)
and the keyboard-driven widget (Latin, Persian-layout, Persian-initial and digit keys, arrows,
saving through the service, refusals that leave nothing saved)."""

from __future__ import annotations

import re
import subprocess
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.enums import AttendanceMark
from desktop.gui.context import GuiContext
from desktop.gui.models.attendance import (
    BELOW_ROLE,
    FIRST_SESSION,
    MARK_ROLE,
    MARKABLE_ROLE,
    PENDING_ROLE,
    AttendanceModel,
    Total,
)
from desktop.gui.workshops.attendance_sheet import (
    MARK_KEY_GROUPS,
    AttendanceSheetWidget,
    mark_for_text,
)
from desktop.i18n import _, format_message
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.workshops import WorkshopInput

if TYPE_CHECKING:
    from tests.gui.conftest_registry import ManualRunner

pytest_plugins = ["tests.gui.conftest_registry"]

TODAY = date.today()
P, A, E, L = (
    AttendanceMark.PRESENT,
    AttendanceMark.ABSENT,
    AttendanceMark.EXCUSED,
    AttendanceMark.LATE,
)
PEOPLE = [("مریم", "رضایی"), ("زهرا", "احمدی"), ("سمیه", "کریمی"), ("لیلا", "حسینی")]
CANCELLED_MSG = "این جلسه لغو شده است؛ نمی‌توان برای آن حضور و غیاب ثبت کرد."
FUTURE_MSG = "این جلسه هنوز برگزار نشده است."


@dataclass
class Workshop:
    id: uuid.UUID
    sessions: list[uuid.UUID]  # by date
    held: list[uuid.UUID]  # scheduled and not in the future, by date
    cancelled: uuid.UUID
    future: uuid.UUID
    enrolments: dict[str, uuid.UUID]  # first name → enrolment id


@pytest.fixture
def workshop(services: Services) -> Workshop:
    """Started six days ago, a session every day but Friday: about five held (one of them
    cancelled), the rest to come. Four people; the minimum attendance is 75%."""
    start = TODAY - timedelta(days=6)
    skill = services.skills.skill_by_code("CARPET_WEAVING").id
    row = services.workshops.create(
        WorkshopInput(
            title="کارگاه قالیبافی",
            skill_id=skill,
            capacity=10,
            planned_hours=30,
            start_date=start,
            min_attendance_share=0.75,
        )
    )
    people = services.participants.register_many(
        [ParticipantInput(first_name=first, last_name=last) for first, last in PEOPLE]
    )
    results = services.workshops.enrol_many(row.id, people)
    sessions = services.workshops.generate_schedule(
        row.id, start=start, weekdays=range(7), count=10, hours=3
    )
    held = [s.id for s in sessions if s.session_date <= TODAY]
    cancelled = held[1]
    services.workshops.cancel_session(cancelled)
    future = next(s.id for s in sessions if s.session_date > TODAY)
    return Workshop(
        id=row.id,
        sessions=[s.id for s in sessions],
        held=[sid for sid in held if sid != cancelled],
        cancelled=cancelled,
        future=future,
        enrolments={first: r.enrolment.id for (first, _), r in zip(PEOPLE, results, strict=True)},
    )


def loaded_model(services: Services, workshop: Workshop) -> AttendanceModel:
    model = AttendanceModel()
    model.set_grid(services.attendance.grid(workshop.id))
    return model


def row_of(model: AttendanceModel, first_name: str) -> int:
    return next(r for r, p in enumerate(model.people) if p.first_name == first_name)


def column_of(model: AttendanceModel, session_id: uuid.UUID) -> int:
    column = model.column_of(session_id)
    assert column is not None
    return column


def stored_marks(services: Services, workshop: Workshop) -> dict[tuple[uuid.UUID, uuid.UUID], str]:
    return {k: v.value for k, v in services.attendance.grid(workshop.id).marks.items()}


# --- the model --------------------------------------------------------------------------------


def test_model_passes_qtmodeltester(
    qtmodeltester: ModelTester, gui_app: QApplication, services: Services, workshop: Workshop
) -> None:
    services.attendance.mark(workshop.held[0], workshop.enrolments["مریم"], P)
    model = AttendanceModel()
    qtmodeltester.check(model, force_py=True)  # empty before the grid lands
    model.set_grid(services.attendance.grid(workshop.id))
    qtmodeltester.check(model, force_py=True)
    token = model.apply(0, column_of(model, workshop.held[1]), L)
    model.rollback(token)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == len(PEOPLE) + 1  # and the totals row
    assert model.columnCount() == FIRST_SESSION + len(workshop.sessions)


def test_model_totals_per_person_and_per_session(
    gui_app: QApplication, services: Services, workshop: Workshop
) -> None:
    maryam, zahra = workshop.enrolments["مریم"], workshop.enrolments["زهرا"]
    first, second = workshop.held[0], workshop.held[1]
    services.attendance.mark(first, maryam, P)
    services.attendance.mark(second, maryam, L)
    services.attendance.mark(first, zahra, E)
    model = loaded_model(services, workshop)
    held = len(workshop.held)
    row = row_of(model, "مریم")

    tally = model.tally(row)
    assert (tally.held, tally.present, tally.late, tally.excused) == (held, 1, 1, 0)
    assert tally.absent == held - 2  # held sessions not marked count as absences
    assert model.index(row, Total.PRESENT).data() == "۱"
    assert model.index(row, Total.ABSENT).data() == str(held - 2).translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    assert model.index(row, Total.SHARE).data() == f"{int(200 / held)}٪".translate(
        str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    )
    totals = model.totals_row
    assert model.headerData(totals, Qt.Orientation.Vertical)  # "Total"
    # The first session: Maryam present, Zahra excused → one attended.
    assert model.index(totals, column_of(model, first)).data() == "۱"
    assert model.session_counts(column_of(model, first)) == {P: 1, E: 1}
    # The totals row's count columns add up the people.
    assert model.index(totals, Total.EXCUSED).data() == "۱"
    assert model.index(totals, Total.LATE).data() == "۱"


def test_people_below_the_minimum_are_highlighted_with_the_reason(
    gui_app: QApplication, services: Services, workshop: Workshop
) -> None:
    maryam = workshop.enrolments["مریم"]
    for session_id in workshop.held:
        services.attendance.mark(session_id, maryam, P)
    sara = workshop.enrolments["سمیه"]
    services.attendance.mark(workshop.held[0], sara, P)
    model = loaded_model(services, workshop)

    good, weak = row_of(model, "مریم"), row_of(model, "سمیه")
    assert model.index(good, Total.SHARE).data(BELOW_ROLE) is False
    assert model.index(good, Total.SHARE).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(weak, Total.SHARE).data(BELOW_ROLE) is True
    assert model.index(weak, Total.SHARE).data(Qt.ItemDataRole.BackgroundRole) is not None
    assert model.headerData(weak, Qt.Orientation.Vertical, BELOW_ROLE) is True
    share = 100 // len(workshop.held)
    reason = format_message(
        "Attendance {share}% is below the required {required}%.",
        {"share": share, "required": 75},
    )
    assert reason in model.index(weak, Total.SHARE).data(Qt.ItemDataRole.ToolTipRole)
    assert reason in model.headerData(weak, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "۷۵" in reason  # Persian digits in the Persian message
    assert model.below_count() == 3  # the other two have no marks at all


def test_cancelled_and_future_sessions_are_not_markable(
    gui_app: QApplication, services: Services, workshop: Workshop
) -> None:
    model = loaded_model(services, workshop)
    held = column_of(model, workshop.held[0])
    cancelled = column_of(model, workshop.cancelled)
    future = column_of(model, workshop.future)
    assert model.index(0, held).data(MARKABLE_ROLE) is True
    assert model.index(0, cancelled).data(MARKABLE_ROLE) is False
    assert model.index(0, future).data(MARKABLE_ROLE) is False
    assert CANCELLED_MSG in model.index(0, cancelled).data(Qt.ItemDataRole.ToolTipRole)
    assert FUTURE_MSG in model.index(0, future).data(Qt.ItemDataRole.ToolTipRole)
    hatched = model.index(0, cancelled).data(Qt.ItemDataRole.BackgroundRole)
    assert hatched.style() == Qt.BrushStyle.BDiagPattern
    assert model.headerData(cancelled, Qt.Orientation.Horizontal, Qt.ItemDataRole.FontRole)
    # The cancelled session does not count as held.
    assert model.tally(0).held == len(workshop.held)


def test_optimistic_marks_roll_back_and_survive_a_reload(
    gui_app: QApplication, services: Services, workshop: Workshop
) -> None:
    model = loaded_model(services, workshop)
    column = column_of(model, workshop.held[0])
    before = model.tally(0)
    first = model.apply(0, column, P)
    assert model.index(0, column).data(MARK_ROLE) == P
    assert model.index(0, column).data(PENDING_ROLE) is True
    assert model.tally(0).present == before.present + 1
    second = model.apply(0, column, A)
    assert model.index(0, column).data(MARK_ROLE) == A
    # A reload while both are being saved keeps them on screen.
    model.set_grid(services.attendance.grid(workshop.id))
    assert model.index(0, column).data(MARK_ROLE) == A
    model.rollback(second)  # back to the older pending mark
    assert model.index(0, column).data(MARK_ROLE) == P
    model.confirm(first)
    assert model.index(0, column).data(MARK_ROLE) == P
    assert model.index(0, column).data(PENDING_ROLE) is False
    cleared = model.apply(0, column, None)
    assert model.index(0, column).data(MARK_ROLE) is None
    model.rollback(cleared)
    assert model.index(0, column).data(MARK_ROLE) == P
    assert model.tally(0) == before.__class__(
        before.held, before.present + 1, before.late, before.excused, before.absent - 1
    )


def test_mark_keys_are_conflict_free_and_cover_both_layouts() -> None:
    seen: dict[str, AttendanceMark] = {}
    for mark, keys in MARK_KEY_GROUPS.items():
        for key in keys:
            assert key not in seen, f"{key} means both {seen[key]} and {mark}"
            seen[key] = mark
    # ISIRI 9147: the physical keys P, A, E, L type ح, ش, ث, م.
    for latin, persian in (("p", "ح"), ("a", "ش"), ("e", "ث"), ("l", "م")):
        assert mark_for_text(latin) == mark_for_text(latin.upper()) == mark_for_text(persian)
    assert mark_for_text("غ") == A and mark_for_text("ت") == L and mark_for_text("ع") == E
    for ascii_digit, persian_digit, arabic_digit, mark in (
        ("1", "۱", "١", P),
        ("2", "۲", "٢", A),
        ("3", "۳", "٣", E),
        ("4", "۴", "٤", L),
    ):
        assert (
            mark_for_text(ascii_digit)
            == mark_for_text(persian_digit)
            == mark_for_text(arabic_digit)
            == mark
        )
    assert mark_for_text("x") is None and mark_for_text("ب") is None and mark_for_text("") is None


# --- the widget -------------------------------------------------------------------------------


def open_sheet(qtbot: QtBot, ctx: GuiContext, workshop: Workshop) -> AttendanceSheetWidget:
    widget = AttendanceSheetWidget(ctx, workshop.id)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.show()
    return widget


def press_text(widget: AttendanceSheetWidget, text: str) -> None:
    """A key that types ``text`` (any script: the active keyboard layout decides)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            widget.table,
            QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text),
        )


def go_to(widget: AttendanceSheetWidget, row: int, session_id: uuid.UUID) -> None:
    column = widget.model.column_of(session_id)
    assert column is not None
    widget.table.setCurrentIndex(widget.model.index(row, column))


def wait_idle(qtbot: QtBot, widget: AttendanceSheetWidget) -> None:
    qtbot.waitUntil(widget.is_idle, timeout=5000)


def test_cursor_starts_on_the_latest_session_held(
    qtbot: QtBot, ctx: GuiContext, workshop: Workshop
) -> None:
    widget = open_sheet(qtbot, ctx, workshop)
    current = widget.table.currentIndex()
    assert (current.row(), current.column()) == (0, widget.model.column_of(workshop.held[-1]))
    assert widget.focusWidget() is widget.table
    assert "ح" in widget.legend.text() and "غ" in widget.legend.text()


def test_marking_a_column_with_latin_persian_and_digit_keys(
    qtbot: QtBot, ctx: GuiContext, services: Services, workshop: Workshop
) -> None:
    widget = open_sheet(qtbot, ctx, workshop)
    session_id = workshop.held[0]
    go_to(widget, 0, session_id)
    qtbot.keyClick(widget.table, Qt.Key.Key_P)  # Latin P, then down
    press_text(widget, "ش")  # the A key on a Persian layout: absent
    press_text(widget, "ث")  # the E key on a Persian layout: excused
    press_text(widget, "م")  # the L key on a Persian layout: late
    assert widget.table.currentIndex().row() == 3  # the last person: the cursor stays
    wait_idle(qtbot, widget)
    people = widget.model.people
    marks = stored_marks(services, workshop)
    assert [marks.get((p.enrolment_id, session_id)) for p in people] == [
        "present",
        "absent",
        "excused",
        "late",
    ]

    # Persian initials and Persian digits on the next session.
    second = workshop.held[1]
    go_to(widget, 0, second)
    for text in ("ح", "غ", "ع", "ت"):
        press_text(widget, text)
    wait_idle(qtbot, widget)
    go_to(widget, 0, workshop.held[2])
    for text in ("۱", "۲", "۳", "۴"):
        press_text(widget, text)
    wait_idle(qtbot, widget)
    marks = stored_marks(services, workshop)
    for sid in (second, workshop.held[2]):
        assert [marks.get((p.enrolment_id, sid)) for p in people] == [
            "present",
            "absent",
            "excused",
            "late",
        ]


def test_arrows_move_and_delete_clears(
    qtbot: QtBot, ctx: GuiContext, services: Services, workshop: Workshop
) -> None:
    widget = open_sheet(qtbot, ctx, workshop)
    first = widget.model.column_of(workshop.held[0])
    assert first is not None
    widget.table.setCurrentIndex(widget.model.index(1, first))
    qtbot.keyClick(widget.table, Qt.Key.Key_Down)
    assert widget.table.currentIndex().row() == 2
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    assert widget.table.currentIndex().row() == 0
    # Right to left: the next session is to the left.
    qtbot.keyClick(widget.table, Qt.Key.Key_Left)
    assert widget.table.currentIndex().column() == first + 1
    qtbot.keyClick(widget.table, Qt.Key.Key_Right)
    assert widget.table.currentIndex().column() == first

    qtbot.keyClick(widget.table, Qt.Key.Key_A)
    wait_idle(qtbot, widget)
    person = widget.model.people[0]
    assert stored_marks(services, workshop)[(person.enrolment_id, workshop.held[0])] == "absent"
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    qtbot.keyClick(widget.table, Qt.Key.Key_Delete)
    assert widget.model.index(0, first).data(MARK_ROLE) is None
    wait_idle(qtbot, widget)
    assert (person.enrolment_id, workshop.held[0]) not in stored_marks(services, workshop)
    assert widget.table.currentIndex().row() == 1  # clearing moves on too
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    qtbot.keyClick(widget.table, Qt.Key.Key_L)
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    qtbot.keyClick(widget.table, Qt.Key.Key_Backspace)
    wait_idle(qtbot, widget)
    assert (person.enrolment_id, workshop.held[0]) not in stored_marks(services, workshop)


def test_totals_and_highlight_follow_the_keys(
    qtbot: QtBot, ctx: GuiContext, workshop: Workshop
) -> None:
    widget = open_sheet(qtbot, ctx, workshop)
    model = widget.model
    assert model.index(0, Total.SHARE).data(BELOW_ROLE) is True  # nothing marked yet
    for session_id in workshop.held:
        go_to(widget, 0, session_id)
        qtbot.keyClick(widget.table, Qt.Key.Key_P)
    # Shown at once, before any save has landed.
    assert model.tally(0).present == len(workshop.held)
    assert model.index(0, Total.SHARE).data() == "۱۰۰٪"
    assert model.index(0, Total.SHARE).data(BELOW_ROLE) is False
    column = model.column_of(workshop.held[0])
    assert column is not None
    assert model.index(model.totals_row, column).data() == "۱"
    wait_idle(qtbot, widget)
    assert model.tally(0).present == len(workshop.held)
    assert not widget.message.isVisible()


@pytest.mark.parametrize("which", ["future", "cancelled"])
def test_refused_marks_roll_back_with_the_service_message(
    qtbot: QtBot, ctx: GuiContext, services: Services, workshop: Workshop, which: str
) -> None:
    widget = open_sheet(qtbot, ctx, workshop)
    session_id = workshop.future if which == "future" else workshop.cancelled
    go_to(widget, 2, session_id)
    column = widget.table.currentIndex().column()
    with qtbot.waitSignal(widget.refused, timeout=5000) as refused:
        qtbot.keyClick(widget.table, Qt.Key.Key_P)
    message = refused.args[0]
    assert (FUTURE_MSG if which == "future" else CANCELLED_MSG) in message
    assert widget.model.people[2].full_name in message
    assert widget.message.isVisibleTo(widget) and widget.message.text() == message
    assert widget.model.index(2, column).data(MARK_ROLE) is None  # rolled back
    assert widget.table.currentIndex().row() == 2  # did not move on
    wait_idle(qtbot, widget)
    assert stored_marks(services, workshop) == {}
    # The next good mark clears the message.
    go_to(widget, 0, workshop.held[0])
    with qtbot.waitSignal(widget.saved, timeout=5000):
        qtbot.keyClick(widget.table, Qt.Key.Key_P)
    assert not widget.message.isVisibleTo(widget)


def test_saves_run_one_at_a_time_in_key_order(
    qtbot: QtBot,
    manual_ctx: GuiContext,
    manual_runner: ManualRunner,
    services: Services,
    workshop: Workshop,
) -> None:
    widget = AttendanceSheetWidget(manual_ctx, workshop.id)
    qtbot.addWidget(widget)
    manual_runner.take().deliver()  # the grid
    session_id = workshop.held[0]
    go_to(widget, 0, session_id)
    qtbot.keyClick(widget.table, Qt.Key.Key_P)
    qtbot.keyClick(widget.table, Qt.Key.Key_Up)
    qtbot.keyClick(widget.table, Qt.Key.Key_A)  # same cell, changed mind
    assert len(manual_runner.jobs) == 1  # the second waits for the first
    assert widget.model.index(0, widget.model.column_of(session_id) or 0).data(MARK_ROLE) == A
    manual_runner.take().deliver()
    assert len(manual_runner.jobs) == 1
    manual_runner.take().deliver()
    assert widget.is_idle()
    person = widget.model.people[0]
    assert stored_marks(services, workshop) == {(person.enrolment_id, session_id): "absent"}


def test_sheet_reloads_when_someone_else_changed_attendance(
    qtbot: QtBot,
    manual_ctx: GuiContext,
    manual_runner: ManualRunner,
    services: Services,
    workshop: Workshop,
) -> None:
    widget = AttendanceSheetWidget(manual_ctx, workshop.id)
    qtbot.addWidget(widget)
    manual_runner.take().deliver()
    session_id = workshop.held[0]
    other = widget.model.people[1].enrolment_id
    services.attendance.mark(session_id, other, L)  # another computer, after the sheet loaded
    go_to(widget, 0, session_id)
    qtbot.keyClick(widget.table, Qt.Key.Key_P)
    manual_runner.take().deliver()  # the save: its session counts include the other mark
    assert manual_runner.jobs, "a reload was started"
    manual_runner.take().deliver()
    column = widget.model.column_of(session_id)
    assert column is not None
    assert widget.model.index(1, column).data(MARK_ROLE) == L


def test_pdfs_open_in_the_viewer_from_the_menu(
    qtbot: QtBot, ctx: GuiContext, services: Services, workshop: Workshop
) -> None:
    pytest.importorskip("desktop.pdf.attendance")
    widget = open_sheet(qtbot, ctx, workshop)
    opened: list[str] = []
    widget.open_file = lambda path: opened.append(str(path))
    menu = widget.sign_in_button.menu()
    assert [a.text() for a in menu.actions()] == [
        _("Print…"),
        _("Open in the PDF viewer"),
        _("Save as PDF…"),
    ]
    with qtbot.waitSignal(widget.exported, timeout=20000) as sign_in:
        menu.actions()[1].trigger()
    with qtbot.waitSignal(widget.exported, timeout=20000) as report:
        widget.open_pdf("report")
    assert opened == [sign_in.args[0], report.args[0]]
    assert widget.print_flow is None  # the viewer path opens no print dialog
    for path in opened:
        with Path(path).open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"


def pdfinfo(path: Path) -> tuple[int, float, float]:
    """Pages, width and height (points) of a PDF, as poppler reads it."""
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    info = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    width, height = (float(v) for v in re.findall(r"[0-9.]+", info["Page size"])[:2])
    return int(info["Pages"]), width, height


@pytest.mark.parametrize(
    ("kind", "landscape"),
    [("sign_in", False), ("report", True)],
)
def test_print_shortcut_opens_the_print_dialog_and_prints_every_page(
    qtbot: QtBot,
    ctx: GuiContext,
    workshop: Workshop,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
    landscape: bool,
) -> None:
    """Ctrl+P / Ctrl+Shift+P: the PDF is written, the print dialog opens without blocking, and
    accepting it prints every page on the paper the PDF asks for. The printer is "Print to
    file (PDF)", as if chosen in the dialog, so poppler can read what was printed."""
    pytest.importorskip("desktop.pdf.attendance")
    import desktop.gui.printing

    printed = tmp_path / f"{kind}.pdf"

    class FilePrinter(QPrinter):
        def __init__(self, mode: QPrinter.PrinterMode) -> None:
            super().__init__(mode)
            self.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            self.setOutputFileName(str(printed))

    monkeypatch.setattr(desktop.gui.printing, "QPrinter", FilePrinter)
    widget = open_sheet(qtbot, ctx, workshop)
    widget.activateWindow()
    widget.table.setFocus()
    modifiers = Qt.KeyboardModifier.ControlModifier
    if landscape:
        modifiers |= Qt.KeyboardModifier.ShiftModifier
    with qtbot.waitSignal(widget.exported, timeout=20000) as written:
        qtbot.keyClick(widget.table, Qt.Key.Key_P, modifiers)
    flow = widget.print_flow
    assert flow is not None and flow.dialog.isVisible()  # open(), not exec(): we got here
    # Printed from memory: no copy of the names is left in the temporary folder.
    assert not Path(written.args[0]).exists()
    assert isinstance(flow.source, bytes)
    source = tmp_path / "source.pdf"
    source.write_bytes(flow.source)
    source_pages, source_width, source_height = pdfinfo(source)
    assert (source_width > source_height) is landscape
    assert flow.dialog.windowModality() == Qt.WindowModality.WindowModal
    layout = flow.printer.pageLayout()
    expected = layout.Orientation.Landscape if landscape else layout.Orientation.Portrait
    assert layout.orientation() == expected

    with qtbot.waitSignal(widget.printed, timeout=30000) as done:
        flow.dialog.accept()
    pages, width, height = pdfinfo(printed)
    assert done.args == [source_pages] and pages == source_pages
    assert (width > height) is landscape
    assert abs(max(width, height) - 842) < 3 and abs(min(width, height) - 595) < 3  # A4
    assert str(source_pages) in widget.status.text().translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )


def test_print_to_file_is_named_after_the_document(
    qtbot: QtBot, ctx: GuiContext, tmp_path: Path
) -> None:
    """With no system printer Qt offers "print to file": the file is named after the document
    (slashes made safe), not left as the bare home folder, which cannot be written."""
    from desktop.gui.printing import PrintFlow

    source = tmp_path / "one.pdf"
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(source))
    painter = QPainter(printer)
    painter.drawText(100, 100, "x")
    painter.end()
    parent = QWidget()
    qtbot.addWidget(parent)
    flow = PrintFlow(ctx, source, parent, title="قالیبافی/۱")
    if flow.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
        assert Path(flow.printer.outputFileName()).name == "قالیبافی-۱.pdf"
    else:  # a real printer is installed here: Qt prints to it, no file name needed
        assert flow.printer.printerName()


def test_empty_workshop_says_so(
    qtbot: QtBot, ctx: GuiContext, services: Services, workshop: Workshop
) -> None:
    skill = services.skills.skill_by_code("SEWING").id
    empty = services.workshops.create(
        WorkshopInput(
            title="خیاطی",
            skill_id=skill,
            capacity=5,
            planned_hours=10,
            start_date=TODAY,
            min_level=2,
        )
    )
    widget = AttendanceSheetWidget(ctx, empty.id)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded, timeout=5000):
        widget.show()
    assert widget.model.rowCount() == 0
    assert widget.summary.text()
    qtbot.keyClick(widget.table, Qt.Key.Key_P)  # nothing to mark: nothing happens
    assert widget.is_idle()
