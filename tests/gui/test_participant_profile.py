"""The participant profile: header, every tab filled from the services, actions, and the
read-only activity functions behind the workshops and certificates tabs."""

from __future__ import annotations

import sys
import types
import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import ClassVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.enums import (
    AttendanceMark,
    EnrolmentStatus,
    InterviewStatus,
    MaritalStatus,
    OutcomeKind,
    ParticipantStatus,
    WorkshopStatus,
)
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.pages.profile import (
    ParticipantProfile,
    RecordTable,
    history_changes,
    open_profile_window,
)
from desktop.i18n import _
from desktop.services import participant_activity
from desktop.services.app import Services
from desktop.services.outcomes import OutcomeInput
from desktop.services.participants import ParticipantInput
from desktop.services.skills import AssessmentInput
from desktop.services.workshops import WorkshopInput
from desktop.store.models import Certificate

pytest_plugins = ["tests.gui.conftest_registry"]

TODAY = date.today()
BIRTH = date(TODAY.year - 34, 1, 15)


@pytest.fixture
def person(services: Services) -> uuid.UUID:
    return services.participants.register(
        ParticipantInput(
            first_name="مریم",
            last_name="رضایی",
            father_name="علی",
            national_id="0499370899",
            birth_date=BIRTH,
            mobile="09141234567",
            neighbourhood="اسلام‌آباد",
            head_of_household=True,
            household_size=4,
            dependants=3,
            marital_status=MaritalStatus.WIDOWED,
        )
    ).id


def open_profile(qtbot: QtBot, ctx: GuiContext, participant_id: uuid.UUID) -> ParticipantProfile:
    profile = ParticipantProfile(ctx, participant_id)
    qtbot.addWidget(profile)
    with qtbot.waitSignal(profile.loaded, timeout=5000):
        profile.resize(1366, 768)
        profile.show()
    return profile


def cells(table: RecordTable) -> list[tuple[str, ...]]:
    return [record.cells for record in table.model.records()]


def reload(qtbot: QtBot, profile: ParticipantProfile) -> None:
    with qtbot.waitSignal(profile.loaded, timeout=5000):
        profile.reload()


def test_header_and_identity_tab(
    qtbot: QtBot, ctx: GuiContext, person: uuid.UUID, qtmodeltester: ModelTester
) -> None:
    profile = open_profile(qtbot, ctx, person)
    assert profile.name_label.text() == "مریم رضایی"
    facts = " ".join(label.text() for label in profile.fact_labels.values())
    assert "علی" in facts
    assert "۰۴۹۹۳۷۰۸۹۹" in facts
    assert _("{years} years").format(years="۳۴") in facts
    assert "اسلام‌آباد" in facts
    assert profile.status_badge.text() == _("Active")
    assert profile.values["birth_date"].text() == format_jalali(BIRTH)
    assert profile.values["mobile"].text() == "۰۹۱۴۱۲۳۴۵۶۷"
    assert profile.values["household_size"].text() == "۴"
    assert profile.values["marital_status"].text() == _("Widowed")
    assert profile.values["head_of_household"].text() == _("Yes")
    assert profile.values["consent_date"].text() == "—"
    digits = "".join(label.text() for label in profile.values.values())
    assert not any(char in "0123456789" for char in digits)
    for table in profile.findChildren(RecordTable):
        qtmodeltester.check(table.model, force_py=True)


def test_history_shows_who_changed_what(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    data = ParticipantInput.from_participant(services.participants.get(person))
    services.participants.update(
        person, ParticipantInput(**{**data.__dict__, "father_name": "حسن", "household_size": 5})
    )
    profile = open_profile(qtbot, ctx, person)
    rows = cells(profile.history)
    assert len(rows) == 2  # registered, then changed
    when, who, what, changes = rows[0]
    assert who == "زهرا احمدی"
    assert what == _("Changed")
    assert _("Father's name") + ": علی ← حسن" in changes
    assert f"{_('Household size')}: ۴ ← ۵" in changes
    assert when.startswith(format_jalali(TODAY)[:4])
    assert rows[1][2] == _("Registered")
    assert f"{_('Marital status')}: {_('Widowed')}" in rows[1][3]
    assert profile.history.currentWidget() is profile.history.view


def test_history_values_are_translated() -> None:
    text = history_changes(
        {
            "gender": [None, "female"],
            "birth_date": ["2001-01-01", "2024-03-20"],
            "head_of_household": [False, True],
            "national_id": [None, "0499370899"],
            "source": "import",
            "mystery": [1, 2],
        },
        "update",
    )
    lines = text.splitlines()
    assert lines[0] == f"{_('Gender')}: {_('Female')}"
    assert lines[1] == f"{_('Birth date')}: ۱۳۷۹/۱۰/۱۲ ← ۱۴۰۳/۰۱/۰۱"
    assert lines[2] == f"{_('Head of household')}: {_('No')} ← {_('Yes')}"
    assert lines[3] == f"{_('National ID')}: ۰۴۹۹۳۷۰۸۹۹"
    assert lines[4] == f"{_('Source')}: {_('Imported from a file')}"
    assert lines[5] == "mystery: ۱ ← ۲"


def answer_archive(profile: ParticipantProfile, button: QMessageBox.StandardButton) -> None:
    box = profile.archive_box
    assert isinstance(box, QMessageBox)  # a window-modal box, not a blocking question()
    assert box.windowTitle() == _("Archive")
    assert "مریم رضایی" in box.text()
    box.button(button).click()


@pytest.fixture
def no_blocking_question(monkeypatch: pytest.MonkeyPatch) -> None:
    def blocking(*_args: object) -> None:
        raise AssertionError("a blocking QMessageBox.question was used")

    monkeypatch.setattr(QMessageBox, "question", blocking)


@pytest.mark.usefixtures("no_blocking_question")
def test_archive_and_reactivate(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    profile = open_profile(qtbot, ctx, person)
    assert profile.status_button.text() == _("Archive")
    profile.status_button.click()
    profile.status_button.click()  # a second click while asking does not ask twice
    with qtbot.waitSignal(profile.changed, timeout=5000):
        answer_archive(profile, QMessageBox.StandardButton.Yes)
    assert profile.archive_box is None
    assert services.participants.get(person).status == ParticipantStatus.ARCHIVED
    qtbot.waitUntil(lambda: profile.status_button.text() == _("Reactivate"), timeout=5000)
    assert profile.status_badge.text() == _("Archived")
    with qtbot.waitSignal(profile.changed, timeout=5000):
        profile.status_button.click()  # reactivating asks nothing
    assert profile.archive_box is None
    assert services.participants.get(person).status == ParticipantStatus.ACTIVE


@pytest.mark.usefixtures("no_blocking_question")
def test_archive_can_be_cancelled(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    profile = open_profile(qtbot, ctx, person)
    profile.status_button.click()
    answer_archive(profile, QMessageBox.StandardButton.No)
    qtbot.waitUntil(lambda: profile.archive_box is None, timeout=2000)
    assert services.participants.get(person).status == ParticipantStatus.ACTIVE
    assert profile.status_button.isEnabled()


def test_edit_opens_the_editor_and_reloads_after_saving(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    from desktop.gui.dialogs.participant_editor import ParticipantEditor

    profile = open_profile(qtbot, ctx, person)
    qtbot.keyClick(profile.tabs, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    editors = [d for d in profile.dialogs if isinstance(d, ParticipantEditor)]
    assert len(editors) == 1
    editor = editors[0]
    qtbot.waitUntil(lambda: editor.first_name.text() == "مریم", timeout=5000)
    editor.neighbourhood.setEditText("کشتارگاه")
    with qtbot.waitSignal(profile.changed, timeout=5000):
        editor.save_button.click()
    qtbot.waitUntil(lambda: profile.values["neighbourhood"].text() == "کشتارگاه", timeout=5000)


# --- intake interviews ------------------------------------------------------------------------


class FakeInterviewDialog(QDialog):
    opened: ClassVar[list[tuple[object, ...]]] = []

    def __init__(
        self,
        ctx: GuiContext,
        participant_id: uuid.UUID,
        interview_id: uuid.UUID | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        FakeInterviewDialog.opened.append((ctx, participant_id, interview_id, parent))


@pytest.fixture
def fake_interview_dialog(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeInterviewDialog]]:
    module = types.ModuleType("desktop.gui.intake.interview_dialog")
    module.InterviewDialog = FakeInterviewDialog  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "desktop.gui.intake.interview_dialog", module)
    FakeInterviewDialog.opened = []
    yield FakeInterviewDialog


def test_interviews_tab_lists_and_opens_interviews(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    person: uuid.UUID,
    fake_interview_dialog: type[FakeInterviewDialog],
) -> None:
    interview = services.intake.start(person, interview_date=TODAY - timedelta(days=3))
    profile = open_profile(qtbot, ctx, person)
    [row] = cells(profile.interviews)
    assert row[0] == format_jalali(TODAY - timedelta(days=3))
    assert row[1] == "مصاحبه پذیرش"  # the form's own Persian title
    assert row[2] == "۱"
    assert row[3] == _(InterviewStatus.DRAFT.label_msgid)
    assert profile.tabs.tabText(1).endswith("(۱)")

    profile.tabs.setCurrentIndex(1)
    profile.new_interview_button.click()
    assert fake_interview_dialog.opened[-1] == (ctx, person, None, profile)

    profile.interviews.view.setCurrentIndex(profile.interviews.model.index(0, 0))
    qtbot.keyClick(profile.interviews.view, Qt.Key.Key_Return)  # Enter opens the interview
    assert fake_interview_dialog.opened[-1] == (ctx, person, interview.id, profile)

    dialog = profile.dialogs[-1]
    assert isinstance(dialog, QDialog)
    with qtbot.waitSignal(profile.loaded, timeout=5000):  # closing it reloads the profile
        dialog.reject()


def test_assessments_show_levels_and_progress(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    sewing = services.skills.skill_by_code("SEWING")
    services.skills.assess(AssessmentInput(person, carpet.id, TODAY - timedelta(days=60), level=2))
    services.skills.assess(
        AssessmentInput(person, carpet.id, TODAY - timedelta(days=5), level=4, notes="نمونه گلیم")
    )
    services.skills.assess(AssessmentInput(person, sewing.id, TODAY - timedelta(days=30), level=3))
    profile = open_profile(qtbot, ctx, person)
    tab = profile.assessments_tab
    assert profile.tabs.tabText(2).endswith("(۳)")
    rows = cells(tab.skills)
    assert [row[0] for row in rows] == sorted([carpet.name_fa, sewing.name_fa])
    carpet_row = next(row for row in rows if row[0] == carpet.name_fa)
    assert carpet_row[1] == f"۴ — {_('Skilled')}"
    assert carpet_row[2] == "\u2066+۲\u2069"  # up two levels since the first assessment
    assert carpet_row[3] == "۲"
    assert carpet_row[4] == format_jalali(TODAY - timedelta(days=5))
    # The most recently assessed skill is chosen: its chart and its history, newest first.
    assert tab.current_skill() == carpet.id
    assert [(p.when, p.level) for p in tab.chart.points()] == [
        (TODAY - timedelta(days=60), 2),
        (TODAY - timedelta(days=5), 4),
    ]
    history = cells(tab.history)
    assert [row[0] for row in history] == [
        format_jalali(TODAY - timedelta(days=5)),
        format_jalali(TODAY - timedelta(days=60)),
    ]
    assert history[0][2] == "زهرا احمدی"
    assert history[0][4] == "نمونه گلیم"
    tab.select_skill(sewing.id)
    assert [p.level for p in tab.chart.points()] == [3]
    assert cells(tab.history)[0][1] == f"۳ — {_('Intermediate')}"
    reload(qtbot, profile)
    assert tab.current_skill() == sewing.id  # the choice survives a reload


def test_assess_opens_the_dialog_and_shows_the_new_assessment(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    from desktop.gui.assessments.dialog import AssessmentDialog

    sewing = services.skills.skill_by_code("SEWING")
    services.skills.assess(AssessmentInput(person, sewing.id, TODAY - timedelta(days=30), level=2))
    profile = open_profile(qtbot, ctx, person)
    tab = profile.assessments_tab
    assert tab.assess_button.isEnabled() and tab.again_button.isEnabled()
    tab.again_button.click()  # assess the chosen skill again
    [dialog] = [d for d in profile.dialogs if isinstance(d, AssessmentDialog)]
    qtbot.waitUntil(lambda: dialog.rubric is not None, timeout=5000)
    assert dialog.rubric is not None and dialog.rubric.skill.id == sewing.id
    for row in dialog.rows:
        row.selector.set_level(4)
    with qtbot.waitSignal(profile.loaded, timeout=5000):
        dialog.save_button.click()
    assert profile.dialogs == []
    assert profile.tabs.currentWidget() is tab
    assert tab.current_skill() == sewing.id
    assert [p.level for p in tab.chart.points()] == [2, 4]

    tab.assess_button.click()  # any skill: the dialog starts with none chosen
    dialog = profile.dialogs[-1]
    assert isinstance(dialog, AssessmentDialog)
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=5000)
    assert dialog.chosen_rubric() is None
    dialog.reject()  # nothing chosen: closes without asking
    qtbot.waitUntil(lambda: profile.dialogs == [], timeout=5000)


def test_withdraw_an_assessment_after_confirming(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    services.skills.assess(AssessmentInput(person, carpet.id, TODAY - timedelta(days=60), level=2))
    mistaken = services.skills.assess(
        AssessmentInput(person, carpet.id, TODAY - timedelta(days=5), level=5, notes="اشتباه")
    )
    profile = open_profile(qtbot, ctx, person)
    tab = profile.assessments_tab
    profile.tabs.setCurrentWidget(tab)
    assert tab.history.current_key() == mistaken.id  # the newest is chosen
    assert tab.withdraw_button.isEnabled()

    # "Keep it" (Esc) withdraws nothing.
    tab.withdraw_button.click()
    box = tab.confirm_box
    assert box is not None and box.isVisible()  # open(), not exec(): we got here
    assert box.windowModality() == Qt.WindowModality.WindowModal
    assert not tab.withdraw_button.isEnabled()  # one question at a time
    box.reject()
    assert tab.confirm_box is None and tab.withdraw_button.isEnabled()
    assert len(services.skills.for_participant(person)) == 2

    tab.withdraw_current()
    box = tab.confirm_box
    assert box is not None
    withdraw = next(b for b in box.buttons() if b.text() == _("Withdraw the assessment"))
    with qtbot.waitSignal(profile.loaded, timeout=5000):
        withdraw.click()
    remaining = services.skills.for_participant(person)
    assert len(remaining) == 1 and remaining[0].id != mistaken.id
    assert profile.tabs.currentWidget() is tab and tab.current_skill() == carpet.id
    assert [(p.when, p.level) for p in tab.chart.points()] == [(TODAY - timedelta(days=60), 2)]
    (row,) = cells(tab.skills)
    assert row[1] == f"۲ — {_('Elementary')}" and row[2] == "" and row[3] == "۱"
    assert len(cells(tab.history)) == 1

    # Withdrawing the last one empties the tab; a withdrawal someone else made is said.
    tab.withdraw_current()
    box = tab.confirm_box
    assert box is not None
    withdraw = next(b for b in box.buttons() if b.text() == _("Withdraw the assessment"))
    with qtbot.waitSignal(profile.loaded, timeout=5000):
        withdraw.click()
    assert cells(tab.skills) == [] and tab.chart.points() == []
    assert not tab.withdraw_button.isEnabled()
    profile.withdraw_assessment(mistaken.id)
    qtbot.waitUntil(lambda: bool(profile.message.text()), timeout=5000)
    assert profile.message.text() == _("The assessment was not found.")


@pytest.fixture
def finished_workshop(services: Services, person: uuid.UUID) -> uuid.UUID:
    """A four-session workshop that ended yesterday; the person attended three sessions."""
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    start = TODAY - timedelta(days=20)
    workshop = services.workshops.create(
        WorkshopInput(
            title="کارگاه قالیبافی",
            skill_id=carpet.id,
            capacity=10,
            planned_hours=12,
            start_date=start,
            partner_org="جهاد دانشگاهی",
        )
    )
    enrolment = services.workshops.enrol(workshop.id, person).enrolment
    sessions = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=[0, 1, 2, 3, 5, 6], count=4, hours=3
    )
    for number, session in enumerate(sessions):
        mark = AttendanceMark.ABSENT if number == 3 else AttendanceMark.PRESENT
        services.attendance.mark(session.id, enrolment.id, mark)
    services.attendance.finish_workshop(workshop.id)
    return workshop.id


def test_activity_functions(
    services: Services, person: uuid.UUID, finished_workshop: uuid.UUID
) -> None:
    [item] = participant_activity.enrolments(services.db, person)
    assert item.workshop_id == finished_workshop
    assert item.title == "کارگاه قالیبافی"
    assert item.workshop_status == WorkshopStatus.FINISHED
    assert item.enrolment_status == EnrolmentStatus.COMPLETED
    assert (item.sessions_attended, item.sessions_held) == (3, 4)
    assert item.start_date == TODAY - timedelta(days=20)
    assert participant_activity.certificates(services.db, person) == []

    with services.db.write(user_id=services.actor.user_id, office_code="URM01") as session:
        session.add(
            Certificate(
                id=uuid.uuid4(),
                serial="URM01-1403-0001",
                enrolment_id=item.enrolment_id,
                issued_on=TODAY,
                revoked_at=datetime(2025, 1, 1),
            )
        )
    [certificate] = participant_activity.certificates(services.db, person)
    assert certificate.serial == "URM01-1403-0001"
    assert certificate.workshop_title == "کارگاه قالیبافی"
    assert certificate.revoked
    assert participant_activity.enrolments(services.db, uuid.uuid4()) == []


def test_workshops_certificates_outcomes_and_follow_ups(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    person: uuid.UUID,
    finished_workshop: uuid.UUID,
    qtmodeltester: ModelTester,
) -> None:
    services.outcomes.record(
        OutcomeInput(
            person,
            OutcomeKind.LOAN,
            TODAY - timedelta(days=2),
            organisation="صندوق امید",
            amount=50_000_000,
        )
    )
    profile = open_profile(qtbot, ctx, person)
    [workshop] = cells(profile.workshops)
    assert workshop[0] == "کارگاه قالیبافی"
    assert workshop[2] == "جهاد دانشگاهی"
    assert workshop[4] == _("Finished")
    assert workshop[5] == _("Completed")
    assert "۳" in workshop[6] and "۴" in workshop[6]

    assert profile.certificates.currentWidget() is profile.certificates.empty
    assert profile.certificates.empty.text() == _(
        "No certificate has been issued to this person yet."
    )

    [outcome] = cells(profile.outcomes)
    assert outcome[0] == _("Interest-free loan")
    assert outcome[2] == "صندوق امید"
    assert "۵۰٬۰۰۰٬۰۰۰" in outcome[3]
    follow_ups = cells(profile.follow_ups)
    assert [row[0] for row in follow_ups] == [
        _("{months} months").format(months=m) for m in ("۳", "۶", "۱۲")
    ]
    assert {row[2] for row in follow_ups} == {_("Due")}
    for table in (profile.workshops, profile.outcomes, profile.follow_ups, profile.history):
        qtmodeltester.check(table.model, force_py=True)


def test_profile_window_closes_with_esc(qtbot: QtBot, ctx: GuiContext, person: uuid.UUID) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    window = open_profile_window(ctx, person, parent)
    assert window.isWindow()
    qtbot.waitUntil(lambda: window.data is not None, timeout=5000)
    assert window.windowTitle() == "مریم رضایی"
    with qtbot.waitSignal(window.destroyed, timeout=5000):
        qtbot.keyClick(window.tabs, Qt.Key.Key_Escape)


def test_a_missing_person_is_reported(qtbot: QtBot, ctx: GuiContext) -> None:
    profile = ParticipantProfile(ctx, uuid.uuid4())
    qtbot.addWidget(profile)
    with qtbot.waitSignal(profile.failed, timeout=5000) as failed:
        profile.show()
    assert failed.args == [_("The participant was not found.")]
    assert profile.message.text() == _("The participant was not found.")
