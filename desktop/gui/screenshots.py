"""``make screenshots``: PNGs of the main screens at 1366×768 with demo data, into docs/.

Run offscreen (QT_QPA_PLATFORM=offscreen); the README shows the pictures. Every screen is a
function registered in :data:`SCREENS` with :func:`screen`: it gets a :class:`Shots` (the
application, a demo office database with about 3000 participants, the signed-in manager's
services, the task runner) and returns the widget to photograph once its data is on screen
(wait with :meth:`Shots.settle`). Windows are shot at 1366×768; dialogs are shown centred on a
1366×768 backdrop, as they appear on such a screen.

``python -m desktop.gui.screenshots docs [NAME ...]`` writes only the named screens.
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, QPoint, QRect, QTimer
from PySide6.QtGui import QColor, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from desktop import i18n

if TYPE_CHECKING:
    from desktop.gui.context import GuiContext
    from desktop.gui.tasks import TaskRunner
    from desktop.services.app import Services

SIZE = (1366, 768)
DEMO_PARTICIPANTS = 3000
OFFICE = ("URM01", "دفتر تسهیل‌گری محله اسلام‌آباد", "ارومیه", "آذربایجان غربی")
MANAGER = ("manager", "زهرا احمدی", "demo-password")


@dataclass
class Shots:
    app: QApplication
    work: Path
    db_path: Path
    services: Services
    runner: TaskRunner
    keep: list[QWidget] = field(default_factory=list)

    def context(self) -> GuiContext:
        from desktop.gui.context import GuiContext

        return GuiContext(self.services, self.runner, self.db_path)

    def settle(self, ready: Callable[[], bool], timeout_ms: int = 15000) -> bool:
        """Run the event loop until ``ready()`` (background loads delivered) or the timeout;
        then a little longer so layouts and paints finish."""
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(20)
        left = [timeout_ms // 20]
        calm = [5]

        def check() -> None:
            left[0] -= 1
            if ready() or left[0] <= 0:
                calm[0] -= 1
                if calm[0] <= 0:
                    loop.quit()

        timer.timeout.connect(check)
        timer.start()
        loop.exec()
        timer.stop()
        return ready()


Screen = Callable[[Shots], QWidget]
SCREENS: dict[str, Screen] = {}


def screen(name: str) -> Callable[[Screen], Screen]:
    """Register a screenshot: ``docs/<name>.png``."""

    def register(function: Screen) -> Screen:
        SCREENS[name] = function
        return function

    return register


def photograph(widget: QWidget) -> QPixmap:
    """A window as it is; a dialog centred on a 1366×768 backdrop."""
    if not isinstance(widget, QDialog):
        return widget.grab()
    shot = widget.grab()
    canvas = QPixmap(*SIZE)
    canvas.fill(QColor("#d9dde3"))
    painter = QPainter(canvas)
    left = (SIZE[0] - shot.width()) // 2
    top = (SIZE[1] - shot.height()) // 2
    painter.setPen(QColor("#8a9099"))
    painter.drawRect(QRect(left - 1, top - 1, shot.width() + 1, shot.height() + 1))
    painter.drawPixmap(QPoint(left, top), shot)
    painter.end()
    return canvas


# --- the screens -----------------------------------------------------------------------------


@screen("dashboard")
def dashboard(shots: Shots) -> QWidget:
    from desktop.gui.main_window import MainWindow

    window = MainWindow(shots.context())
    window.resize(*SIZE)
    window.show()
    shots.settle(lambda: window.is_ready)
    return window


@screen("settings")
def settings(shots: Shots) -> QWidget:
    from desktop.gui.main_window import MainWindow
    from desktop.gui.pages.settings import SettingsPage

    window = MainWindow(shots.context())
    window.resize(*SIZE)
    window.show()
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    shots.settle(lambda: window.is_ready and page.data is not None)
    return window


@screen("login")
def login(shots: Shots) -> QWidget:
    from desktop.gui.login import LoginDialog
    from desktop.services.base import Actor
    from desktop.services.users import UserService

    users = UserService(shots.services.db, Actor(office_code=OFFICE[0]))
    dialog = LoginDialog(users, shots.runner, OFFICE[1])
    dialog.ui.username.setText(MANAGER[0])
    dialog.show()
    dialog.ui.password.setFocus()
    shots.settle(lambda: True, 200)
    return dialog


@screen("setup_wizard")
def setup_wizard(shots: Shots) -> QWidget:
    from desktop.gui.setup_wizard import SetupWizard

    wizard = SetupWizard(shots.work / "new-office.sqlite3", shots.runner)
    wizard.show()
    wizard.next()
    ui = wizard.ui
    for editor, text in (
        (ui.province, OFFICE[3]),
        (ui.county, OFFICE[2]),
        (ui.officeCode, "ار۰۱"),  # a Persian keyboard was on: the inline message says why
        (ui.officeName, OFFICE[1]),
    ):
        editor.setText(text)
    wizard._touch("officeCode")
    ui.officeName.setFocus()
    shots.settle(lambda: True, 200)
    return wizard


def _main_window_on(shots: Shots, key: str) -> tuple[QWidget, QWidget]:
    from desktop.gui.main_window import MainWindow

    window = MainWindow(shots.context())
    window.resize(*SIZE)
    window.show()
    page = window.open_page(key)
    return window, page


def _someone_with_history(shots: Shots) -> uuid.UUID:
    """A person with a complete interview, assessments and a workshop: a full profile."""
    from desktop.services.participants import Filters

    for person in shots.services.participants.search("", filters=Filters(status=None), limit=400):
        interviews = shots.services.intake.for_participant(person.id)
        if (
            any(i.status.value == "complete" for i in interviews)
            and len(shots.services.skills.for_participant(person.id)) >= 2
        ):
            return person.id
    return shots.services.participants.search("", limit=1)[0].id


@screen("participants")
def participants(shots: Shots) -> QWidget:
    from desktop.gui.pages.participants import ParticipantsPage

    window, page = _main_window_on(shots, "participants")
    assert isinstance(page, ParticipantsPage)
    page.search.setText("فاطمه")
    shots.settle(lambda: page.model.rowCount() > 0 and not page.model.is_loading())
    return window


@screen("participant_profile")
def participant_profile(shots: Shots) -> QWidget:
    from desktop.gui.pages.participants import ParticipantsPage
    from desktop.gui.pages.profile import ParticipantProfile

    window, page = _main_window_on(shots, "participants")
    assert isinstance(page, ParticipantsPage)
    page.show_profile(_someone_with_history(shots))
    shots.settle(
        lambda: isinstance(page.profile, ParticipantProfile) and page.profile.data is not None
    )
    return window


@screen("participant_editor")
def participant_editor(shots: Shots) -> QWidget:
    from desktop.gui.dialogs.participant_editor import ParticipantEditor

    editor = ParticipantEditor(shots.context())
    editor.first_name.setText("مریم")
    editor.last_name.setText("رضایی")
    editor.father_name.setText("حسن")
    editor.show()
    # A typing mistake in the national ID, typed as a person would: the message says why.
    editor.national_id.setText("۰۴۹۹۳۷۰۸۹۸")
    editor.national_id.textEdited.emit(editor.national_id.text())
    shots.settle(lambda: True, 400)
    return editor


@screen("intake_interview")
def intake_interview(shots: Shots) -> QWidget:
    from desktop.gui.intake.interview_dialog import InterviewDialog

    person = shots.services.participants.search("", limit=1)[0]
    dialog = InterviewDialog(shots.context(), person.id)
    dialog.resize(*SIZE)
    dialog.show()
    shots.settle(lambda: dialog.is_idle() and getattr(dialog, "view", None) is not None)
    return dialog


def _assessed_person(shots: Shots) -> tuple[uuid.UUID, uuid.UUID]:
    """Someone with a skill assessed several times (a progress chart worth showing)."""
    from desktop.services.participants import Filters

    best: tuple[int, uuid.UUID, uuid.UUID] | None = None
    for person in shots.services.participants.search("", filters=Filters(status=None), limit=400):
        for history in shots.services.skills.history(person.id):
            if best is None or len(history.assessments) > best[0]:
                best = (len(history.assessments), person.id, history.skill.id)
        if best is not None and best[0] >= 3:
            break
    assert best is not None, "the demo data has no assessments"
    return best[1], best[2]


@screen("assessment_dialog")
def assessment_dialog(shots: Shots) -> QWidget:
    from desktop.gui.assessments.dialog import AssessmentDialog

    person, skill = _assessed_person(shots)
    dialog = AssessmentDialog(shots.context(), person, skill)
    dialog.show()
    shots.settle(lambda: bool(dialog.rows))
    for row, level in zip(dialog.rows[:-1], (4, 5, 3, 4, 3), strict=False):
        row.selector.set_level(level)  # the last criterion not scored yet: its message shows
    dialog.notes.setPlainText(
        "دو نمونه بافته شده در کارگاه؛ گره‌ها یکنواخت، پرداخت نیاز به تمرین دارد."
    )
    dialog.save()
    shots.settle(lambda: True, 300)
    return dialog


@screen("participant_profile_assessments")
def participant_profile_assessments(shots: Shots) -> QWidget:
    from desktop.gui.pages.participants import ParticipantsPage
    from desktop.gui.pages.profile import ParticipantProfile

    person, skill = _assessed_person(shots)
    window, page = _main_window_on(shots, "participants")
    assert isinstance(page, ParticipantsPage)
    page.show_profile(person)
    shots.settle(
        lambda: isinstance(page.profile, ParticipantProfile) and page.profile.data is not None
    )
    profile = page.profile
    assert isinstance(profile, ParticipantProfile)
    profile.tabs.setCurrentWidget(profile.assessments_tab)
    profile.assessments_tab.select_skill(skill)
    shots.settle(lambda: True, 300)
    return window


def _busiest_running_workshop(shots: Shots) -> uuid.UUID:
    """A running workshop with a waiting list if there is one: every tab has something."""
    from desktop.domain.enums import WorkshopStatus

    summaries = shots.services.workshops.summaries()
    running = [s for s in summaries if s.status == WorkshopStatus.RUNNING] or summaries
    return max(running, key=lambda s: (s.waiting > 0, s.sessions_held, s.enrolled)).workshop.id


@screen("workshops")
def workshops(shots: Shots) -> QWidget:
    from desktop.gui.workshops.page import WorkshopsPage

    window, page = _main_window_on(shots, "workshops")
    assert isinstance(page, WorkshopsPage)
    shots.settle(lambda: page.is_loaded)
    return window


@screen("workshop_detail")
def workshop_detail(shots: Shots) -> QWidget:
    from desktop.gui.workshops.detail import WorkshopDetail
    from desktop.gui.workshops.page import WorkshopsPage

    window, page = _main_window_on(shots, "workshops")
    assert isinstance(page, WorkshopsPage)
    detail = page.show_workshop(_busiest_running_workshop(shots))
    assert isinstance(detail, WorkshopDetail)
    detail.show_tab("enrolments")
    shots.settle(detail.is_loaded)
    return window


@screen("attendance_sheet")
def attendance_sheet(shots: Shots) -> QWidget:
    """The Attendance tab of a running workshop with the most sessions held so far."""
    from desktop.domain.enums import WorkshopStatus
    from desktop.gui.workshops.attendance_sheet import AttendanceSheetWidget
    from desktop.gui.workshops.detail import WorkshopDetail
    from desktop.gui.workshops.page import WorkshopsPage

    summaries = shots.services.workshops.summaries()
    running = [s for s in summaries if s.status == WorkshopStatus.RUNNING and s.enrolled]
    chosen = max(running or summaries, key=lambda s: (s.sessions_held, s.enrolled))
    window, page = _main_window_on(shots, "workshops")
    assert isinstance(page, WorkshopsPage)
    detail = page.show_workshop(chosen.workshop.id)
    assert isinstance(detail, WorkshopDetail)
    detail.show_tab("attendance")
    sheet = detail.attendance
    assert isinstance(sheet, AttendanceSheetWidget)
    shots.settle(lambda: detail.is_loaded() and sheet.is_loaded)
    return window


@screen("workshop_completion")
def workshop_completion(shots: Shots) -> QWidget:
    from desktop.domain.enums import WorkshopStatus
    from desktop.gui.workshops.detail import WorkshopDetail
    from desktop.gui.workshops.page import WorkshopsPage

    window, page = _main_window_on(shots, "workshops")
    assert isinstance(page, WorkshopsPage)
    finished = [
        s for s in shots.services.workshops.summaries() if s.status == WorkshopStatus.FINISHED
    ]
    # The one where most people fell short: the picture shows the reasons.
    chosen = max(finished, key=lambda s: (s.enrolled - s.completed, s.enrolled)).workshop.id
    detail = page.show_workshop(chosen)
    assert isinstance(detail, WorkshopDetail)
    detail.show_tab("completion")
    shots.settle(detail.is_loaded)
    return window


@screen("workshop_editor")
def workshop_editor(shots: Shots) -> QWidget:
    from desktop.gui.workshops.editor import WorkshopEditor

    editor = WorkshopEditor(shots.context(), _busiest_running_workshop(shots))
    editor.show()
    shots.settle(lambda: editor.loaded)
    return editor


@screen("workshop_schedule")
def workshop_schedule(shots: Shots) -> QWidget:
    from desktop.gui.workshops.sessions import ScheduleDialog

    workshops = shots.services.workshops
    summary = workshops.summary(_busiest_running_workshop(shots))
    dialog = ScheduleDialog(shots.context(), summary, workshops.holidays())
    dialog.show()
    shots.settle(lambda: True, 200)
    return dialog


@screen("workshop_enrol_many")
def workshop_enrol_many(shots: Shots) -> QWidget:
    from desktop.gui.workshops.enrolments import AddManyDialog

    workshops = shots.services.workshops
    summary = workshops.summary(_busiest_running_workshop(shots))
    listed = {p.id for e, p in workshops.enrolments(summary.workshop.id)}
    dialog = AddManyDialog(shots.context(), summary, listed)
    dialog.show()
    shots.settle(lambda: dialog.loaded_generation > 0 and dialog.neighbourhood.count() > 1)
    dialog.neighbourhood.setCurrentIndex(1)
    shots.settle(lambda: dialog.loaded_generation > 1)
    for row in range(min(6, dialog.model.rowCount())):
        dialog.model.toggle(row)
    shots.settle(lambda: True, 200)
    return dialog


def _finished_workshops(shots: Shots) -> list[uuid.UUID]:
    """Finished demo workshops where someone met the rule, oldest first."""
    from desktop.domain.enums import WorkshopStatus

    finished = [
        s
        for s in shots.services.workshops.summaries()
        if s.status == WorkshopStatus.FINISHED and s.completed
    ]
    return [s.workshop.id for s in sorted(finished, key=lambda s: s.workshop.start_date)]


def _with_certificates(shots: Shots) -> None:
    """Signatories, then certificates for a few finished workshops (the first one is left for
    the issue dialog's picture); one reprinted, one revoked."""
    from desktop.services.certificates import Signatory

    service = shots.services.certificates
    if service.certificates():
        return
    service.save_settings(
        signatories=[Signatory("زهرا احمدی", "مدیر دفتر تسهیل‌گری"), Signatory("مریم کریمی", "مربی")]
    )
    out = shots.work / "certificates"
    for workshop_id in _finished_workshops(shots)[1:4]:
        service.issue(workshop_id, out / f"{workshop_id}.pdf")
    issued = service.certificates()
    if len(issued) >= 2:
        service.reprint([issued[0].id], out / "duplicate.pdf")
        service.revoke(issued[1].serial, "به اشتباه برای شخص دیگری صادر شده بود")


@screen("certificates")
def certificates(shots: Shots) -> QWidget:
    from desktop.gui.certificates.page import CertificatesPage

    _with_certificates(shots)
    window, page = _main_window_on(shots, "certificates")
    assert isinstance(page, CertificatesPage)
    shots.settle(lambda: page.is_loaded)
    return window


@screen("certificate_verify")
def certificate_verify(shots: Shots) -> QWidget:
    from desktop.gui.certificates.verify_dialog import VerifyDialog

    _with_certificates(shots)
    live = next(c for c in shots.services.certificates.certificates() if not c.revoked)
    dialog = VerifyDialog(shots.context())
    dialog.show()
    dialog.code.setText(live.payload)
    dialog.name.setText(live.full_name)
    dialog.check()
    shots.settle(lambda: dialog.result_value is not None)
    return dialog


@screen("certificate_issue")
def certificate_issue(shots: Shots) -> QWidget:
    from desktop.gui.certificates.issue_dialog import IssueDialog, IssueRequest

    workshop_id = _finished_workshops(shots)[0]
    rows = [r for r in shots.services.certificates.eligible(workshop_id) if r.can_issue]
    title = shots.services.workshops.summary(workshop_id).workshop.title
    dialog = IssueDialog(
        shots.context(), IssueRequest(workshop_id, title, tuple(r.full_name for r in rows))
    )
    dialog.folder.setText(str(shots.work / "گواهی‌نامه‌ها"))
    dialog.show()
    if rows:
        dialog.start()
        shots.settle(lambda: dialog.result_value is not None, 60000)
    return dialog


@screen("certificate_settings")
def certificate_settings(shots: Shots) -> QWidget:
    from desktop.gui.certificates.settings_dialog import CertificateSettingsDialog

    _with_certificates(shots)
    dialog = CertificateSettingsDialog(shots.context())
    dialog.show()
    shown: list[bool] = []
    dialog.preview_shown.connect(lambda: shown.append(True))
    shots.settle(lambda: bool(shown))
    return dialog


def _certificate_page(shots: Shots, template_id: str) -> QWidget:
    """A real certificate issued with ``template_id`` for one person, rasterised as printed."""
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QLabel

    from desktop.gui.pdf_images import render_page

    _with_certificates(shots)
    service = shots.services.certificates
    for workshop_id in _finished_workshops(shots)[4:]:
        rows = [r for r in service.eligible(workshop_id) if r.can_issue]
        if rows:
            break
    else:
        raise RuntimeError("no finished demo workshop left with someone to certify")
    result = service.issue(
        workshop_id,
        shots.work / f"sample-{template_id}.pdf",
        person_dir=None,
        enrolment_ids=[rows[0].enrolment_id],
        template_id=template_id,
    )
    assert result.merged_pdf is not None
    page = QPixmap.fromImage(render_page(result.merged_pdf, width_px=1052))
    label = QLabel()
    label.setPixmap(page)
    label.resize(page.size())  # adjustSize() would cap it at a fraction of the screen
    return label


@screen("certificate_classic")
def certificate_classic(shots: Shots) -> QWidget:
    return _certificate_page(shots, "classic")


@screen("certificate_modern")
def certificate_modern(shots: Shots) -> QWidget:
    return _certificate_page(shots, "modern")


@screen("sync_office")
def sync_office(shots: Shots) -> QWidget:
    from desktop.gui.sync.demo import office_sync_screen

    return office_sync_screen(shots)


@screen("sync_province")
def sync_province(shots: Shots) -> QWidget:
    from desktop.gui.sync.demo import province_sync_screen

    return province_sync_screen(shots)


# --- running -----------------------------------------------------------------------------------


def build_demo(work: Path) -> tuple[Path, Services]:
    from desktop.services.app import Services
    from desktop.services.demo import generate_demo
    from desktop.services.setup import OfficeInput, UserInput, initialise_office
    from desktop.services.users import UserService
    from desktop.store.engine import Database

    db_path = work / "demo.sqlite3"
    db = Database(db_path)
    actor = initialise_office(
        db, OfficeInput(*OFFICE), UserInput(MANAGER[0], MANAGER[1], MANAGER[2])
    )
    generate_demo(db, actor, participants=DEMO_PARTICIPANTS, seed=11)
    signed_in = UserService(db, actor).authenticate(MANAGER[0], MANAGER[2])
    return db_path, Services(db, signed_in)


def main(out_dir: str = "docs", *names: str) -> int:
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hamyar-shots-"))
    os.environ["HAMYAR_HOME"] = str(work / "home")
    i18n.activate(os.environ.get("HAMYAR_LANG") or "fa")

    from desktop.gui.app import configure_application
    from desktop.gui.tasks import TaskRunner

    unknown = [name for name in names if name not in SCREENS]
    if unknown:
        sys.stderr.write(f"unknown screens: {', '.join(unknown)}; known: {', '.join(SCREENS)}\n")
        return 2
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)
    db_path, services = build_demo(work)
    runner = TaskRunner(app)
    shots = Shots(app, work, db_path, services, runner)
    for name in names or tuple(SCREENS):
        widget = SCREENS[name](shots)
        path = target / f"{name}.png"
        photograph(widget).save(str(path))
        print(f"wrote {path}")
        shots.keep.append(widget)
    runner.wait()
    for widget in shots.keep:
        widget.close()
    services.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
