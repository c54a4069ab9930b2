"""Attendance: one mark to a committed row, and opening a 40-person × 30-session sheet.

* Mark → committed: ``AttendanceService.set_mark`` (the call the sheet makes on the pool), each a
  durable SQLite commit (WAL, synchronous=FULL). Target p95 < 16 ms. Also through the widget:
  a key press on the sheet until its ``saved`` signal (optimistic display, background save,
  result back on the GUI thread).
* Opening the sheet: the service's grid read, the table model, and the widget constructed,
  shown, loaded and painted. Target < 150 ms.

Runs offscreen (QT_QPA_PLATFORM=offscreen) on a fresh database in a temporary directory.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import median, ms, percentile, timed

PEOPLE = 40
SESSIONS = 30
MARKS = 300
KEY_PRESSES = 120
OPENS = 20
FIRST = ["مریم", "فاطمه", "زهرا", "سمیه", "لیلا", "نرگس", "رقیه", "معصومه"]
LAST = ["رضایی", "احمدی", "محمدی", "حسینی", "کریمی"]


def build(work: Path) -> tuple[Any, Any]:
    """An office with one workshop of PEOPLE people and SESSIONS sessions, most of them held,
    with every held session marked."""
    from desktop.domain.enums import AttendanceMark
    from desktop.domain.national_id import national_id_check_digit
    from desktop.services.app import Services
    from desktop.services.participants import ParticipantInput
    from desktop.services.setup import OfficeInput, initialise_office
    from desktop.services.workshops import WorkshopInput
    from desktop.store.engine import Database

    os.environ["HAMYAR_HOME"] = str(work / "home")
    db = Database(work / "attendance.sqlite3")
    actor = initialise_office(
        db, OfficeInput("BEN01", "دفتر تسهیل‌گری نمونه", "ارومیه", "آذربایجان غربی")
    )
    services = Services(db, actor)
    start = date.today() - timedelta(days=45)
    workshop = services.workshops.create(
        WorkshopInput(
            title="کارگاه قالیبافی",
            skill_id=services.skills.skill_by_code("CARPET_WEAVING").id,
            capacity=PEOPLE,
            planned_hours=SESSIONS * 3,
            start_date=start,
            min_attendance_share=0.75,
        )
    )
    people = []
    for i in range(PEOPLE):
        nine = f"{(314159265 + i * 7919) % 10**9:09d}"
        people.append(
            ParticipantInput(
                first_name=FIRST[i % len(FIRST)],
                last_name=LAST[i // len(FIRST)],
                national_id=nine + str(national_id_check_digit(nine)),
            )
        )
    ids = services.participants.register_many(people)
    enrolments = [r.enrolment.id for r in services.workshops.enrol_many(workshop.id, ids)]
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[5, 0, 2], count=SESSIONS, hours=3
    )
    for item in sessions:
        if item.session_date <= date.today():
            for enrolment in enrolments:
                services.attendance.mark(item.id, enrolment, AttendanceMark.PRESENT)
    return services, workshop.id


def bench_service_marks(services: Any, workshop_id: Any) -> list[float]:
    from desktop.domain.enums import AttendanceMark

    grid = services.attendance.grid(workshop_id)
    cells = [(s, p.enrolment_id) for s in grid.held_ids for p in grid.people]
    marks = list(AttendanceMark)
    times = []
    for n in range(MARKS):
        session_id, enrolment_id = cells[(n * 7) % len(cells)]
        mark = marks[n % len(marks)]
        times.append(
            timed(
                lambda s=session_id, e=enrolment_id, m=mark: services.attendance.set_mark(s, e, m)
            )
        )
    return times


def wait_for(signal: Any, timeout_ms: int = 5000) -> None:
    """Run the event loop until ``signal`` fires (benchmark harness, not application code)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def bench_gui(services: Any, workshop_id: Any, work: Path) -> dict[str, list[float]]:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from desktop.gui.app import configure_application
    from desktop.gui.context import GuiContext
    from desktop.gui.models.attendance import MARK_ROLE, AttendanceModel
    from desktop.gui.tasks import TaskRunner
    from desktop.gui.workshops.attendance_sheet import AttendanceSheetWidget

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    runner = TaskRunner(app)
    ctx = GuiContext(services, runner, work / "attendance.sqlite3")

    grid_times = [timed(lambda: services.attendance.grid(workshop_id)) for _ in range(OPENS)]
    grid = services.attendance.grid(workshop_id)
    model_times = [timed(lambda: AttendanceModel().set_grid(grid)) for _ in range(OPENS)]

    open_times: list[float] = []
    widget = None
    for _ in range(OPENS):
        if widget is not None:
            widget.close()
            widget.deleteLater()
        start = time.perf_counter()
        widget = AttendanceSheetWidget(ctx, workshop_id)
        widget.resize(1366, 768)
        widget.show()
        if not widget.is_loaded:
            wait_for(widget.loaded)
        widget.repaint()  # the grid painted once, synchronously
        open_times.append(time.perf_counter() - start)
    assert widget is not None and widget.model.rowCount() == PEOPLE + 1

    key_times: list[float] = []
    column = widget.model.default_column()
    keys = {"p": "present", "ش": "absent", "ث": "excused", "م": "late"}  # Persian layout too
    for n in range(KEY_PRESSES):
        index = widget.model.index(n % PEOPLE, column)
        widget.table.setCurrentIndex(index)
        shown = index.data(MARK_ROLE)
        # A key that changes the mark (pressing the mark already there saves nothing).
        key = next(k for k, value in keys.items() if shown is None or str(shown) != value)
        start = time.perf_counter()
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, key)
            QApplication.sendEvent(widget.table, event)
        wait_for(widget.saved)
        key_times.append(time.perf_counter() - start)
    runner.wait()
    widget.close()
    return {"grid": grid_times, "model": model_times, "open": open_times, "key": key_times}


def main() -> dict[str, float]:
    from desktop import i18n

    work = Path(tempfile.mkdtemp(prefix="hamyar-bench-attendance-"))
    i18n.activate("fa")
    services, workshop_id = build(work)
    marks = bench_service_marks(services, workshop_id)
    gui = bench_gui(services, workshop_id, work)
    services.db.dispose()
    result = {
        "mark_median": median(marks),
        "mark_p95": percentile(marks, 0.95),
        "key_median": median(gui["key"]),
        "key_p95": percentile(gui["key"], 0.95),
        "grid_median": median(gui["grid"]),
        "model_median": median(gui["model"]),
        "open_median": median(gui["open"]),
        "open_p95": percentile(gui["open"], 0.95),
    }
    print(f"attendance, {PEOPLE} people x {SESSIONS} sessions (durable SQLite commits)")
    print(
        f"  mark -> committed row (service.set_mark, {MARKS} marks): median "
        f"{ms(result['mark_median'])}, p95 {ms(result['mark_p95'])} (target p95 < 16 ms)"
    )
    print(
        f"  key press on the sheet -> committed ({KEY_PRESSES} presses): median "
        f"{ms(result['key_median'])}, p95 {ms(result['key_p95'])}"
    )
    print(
        f"  open the sheet ({OPENS} times): service grid median {ms(result['grid_median'])}, "
        f"model {ms(result['model_median'])}, widget shown+loaded+painted median "
        f"{ms(result['open_median'])}, p95 {ms(result['open_p95'])} (target < 150 ms)"
    )
    return result


if __name__ == "__main__":
    main()
