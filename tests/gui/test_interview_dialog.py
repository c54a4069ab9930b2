"""The interview dialog: autosave to the database and to a local file, restore after a crash,
completion with inline errors, read-only completed interviews, keyboard."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.domain.enums import InterviewStatus
from desktop.domain.forms import FormDefinition
from desktop.gui.app import configure_application
from desktop.gui.context import GuiContext
from desktop.gui.intake import interview_dialog as module
from desktop.gui.intake.form_view import LongTextQuestion, NumberQuestion, YesNoQuestion
from desktop.gui.intake.interview_dialog import (
    InterviewDialog,
    autosave_key,
    pending_recoveries,
)
from desktop.gui.tasks import TaskRunner
from desktop.services import intake as intake_service
from desktop.services.app import Services
from desktop.services.autosave import AutosaveStore
from desktop.services.participants import ParticipantInput
from tests.gui.test_form_view import full_answers, type_text

SAVED = re.compile(r"[۰-۹]{2}:[۰-۹]{2}:[۰-۹]{2}")  # "Saved ۱۲:۳۴:۰۵"

OpenDialog = Callable[..., InterviewDialog]


@pytest.fixture
def ctx(qapp: QApplication, services: Services, db_path: Path) -> Iterator[GuiContext]:
    configure_application(qapp)
    runner = TaskRunner()
    yield GuiContext(services, runner, db_path)
    runner.wait()


@pytest.fixture
def store(tmp_path: Path) -> AutosaveStore:
    return AutosaveStore(tmp_path / "autosave")


@pytest.fixture
def participant(services: Services) -> uuid.UUID:
    row = services.participants.register(ParticipantInput(first_name="مریم", last_name="رضایی"))
    return row.id


@pytest.fixture(autouse=True)
def fast_autosave(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(InterviewDialog, "autosave_interval_ms", 50)
    monkeypatch.setattr(InterviewDialog, "auto_restore", None)


@pytest.fixture
def open_dialog(
    qtbot: QtBot, ctx: GuiContext, store: AutosaveStore, participant: uuid.UUID
) -> Iterator[OpenDialog]:
    opened: list[InterviewDialog] = []

    def open_(interview_id: uuid.UUID | None = None, *, wait: bool = True) -> InterviewDialog:
        dialog = InterviewDialog(ctx, participant, interview_id, store=store)
        qtbot.addWidget(dialog)
        opened.append(dialog)
        dialog.resize(1366, 768)
        if wait:
            with qtbot.waitSignal(dialog.loaded, timeout=10000):
                dialog.show()
        else:
            dialog.show()
        return dialog

    yield open_
    for dialog in opened:
        if dialog.isVisible():
            dialog.reject()
        qtbot.waitUntil(dialog.is_idle, timeout=10000)
    ctx.runner.wait()


def close(qtbot: QtBot, dialog: InterviewDialog) -> None:
    dialog.reject()
    qtbot.waitUntil(dialog.is_idle, timeout=10000)


def only_interview(services: Services, participant: uuid.UUID) -> Any:
    rows = services.intake.for_participant(participant)
    assert len(rows) == 1
    return rows[0]


def view_of(dialog: InterviewDialog) -> Any:
    assert dialog.view is not None
    return dialog.view


# --- new interview, autosave, reopen -----------------------------------------------------------


def test_new_interview_autosaves_typed_answers_to_the_database(
    qtbot: QtBot, open_dialog: OpenDialog, services: Services, participant: uuid.UUID
) -> None:
    dialog = open_dialog()
    assert "مریم رضایی" in dialog.title.text()
    assert dialog.title.text().startswith("مصاحبه پذیرش")
    row = only_interview(services, participant)
    assert row.status == InterviewStatus.DRAFT and row.answers == {}
    assert dialog.date_edit.date_value() == date.today()

    view = view_of(dialog)
    head = view.field("head_of_household")
    assert isinstance(head, YesNoQuestion)
    size = view.field("household_size")
    assert isinstance(size, NumberQuestion)
    notes = view.field("interviewer_notes")
    assert isinstance(notes, LongTextQuestion)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.mouseClick(head.yes, Qt.MouseButton.LeftButton)
        type_text(size.edit, "۴")
        type_text(notes.edit, "خیلی علاقه‌مند به قالی‌بافی")
    qtbot.waitUntil(dialog.is_idle)
    saved = services.intake.get(row.id).answers
    assert saved["head_of_household"] is True
    assert saved["household_size"] == 4
    assert saved["interviewer_notes"] == "خیلی علاقه‌مند به قالی‌بافی"
    # The interview date question mirrors the interview's date.
    assert saved["interview_date"] == date.today().isoformat()
    assert SAVED.search(dialog.status_text())


def test_close_and_reopen_brings_the_answers_back(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    dialog = open_dialog()
    view = view_of(dialog)
    view.set_answer("household_size", 5)
    view.set_answer("work_experience", "دو سال در کارگاه خیاطی")  # hidden: not stored
    view.set_answer("has_work_experience", True)
    close(qtbot, dialog)
    assert not dialog.isVisible()
    row = only_interview(services, participant)
    assert row.answers["household_size"] == 5
    assert row.answers["work_experience"] == "دو سال در کارگاه خیاطی"
    assert store.keys() == []  # a clean close leaves no local copy behind

    again = open_dialog(row.id)
    view = view_of(again)
    assert view.field("household_size").edit.text() == "۵"
    assert view.field("work_experience").edit.toPlainText() == "دو سال در کارگاه خیاطی"
    assert not view.field("work_experience").isHidden()
    assert again.restore_box is None


def test_a_new_interview_closed_untouched_leaves_no_empty_draft(
    qtbot: QtBot, open_dialog: OpenDialog, services: Services, participant: uuid.UUID
) -> None:
    dialog = open_dialog()
    assert len(services.intake.for_participant(participant)) == 1
    close(qtbot, dialog)
    assert services.intake.for_participant(participant) == []


def test_an_invalid_answer_stays_local_while_the_rest_reaches_the_database(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    dialog = open_dialog()
    view = view_of(dialog)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        view.set_answer("household_size", "۲۵")  # above the maximum of 20
        view.set_answer("dependants_under_18", "۳")
    qtbot.waitUntil(dialog.is_idle)
    row = only_interview(services, participant)
    assert "household_size" not in row.answers and row.answers["dependants_under_18"] == 3
    assert SAVED.search(dialog.status_text()) and "۱" in dialog.status_text()
    local = store.load(autosave_key(row.id))
    assert local is not None and local["raw"]["household_size"] == "۲۵"


# --- crash and restore -------------------------------------------------------------------------


def crash_copy(
    services: Services,
    store: AutosaveStore,
    interview_id: uuid.UUID,
    raw: dict[str, Any],
    *,
    when: datetime | None = None,
) -> None:
    """What a dialog leaves on disk when the power goes: the local autosave only."""
    row = services.intake.get(interview_id)
    store.save(
        autosave_key(interview_id),
        {
            "kind": "intake-interview",
            "version": 1,
            "interview_id": str(interview_id),
            "participant_id": str(row.participant_id),
            "form_id": row.form_id,
            "form_version": row.form_version,
            "interview_date": row.interview_date.isoformat(),
            "raw": raw,
            "seq": 7,
        },
        when=when,
    )


def test_after_a_crash_reopening_offers_the_unsaved_answers(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    row = services.intake.start(participant)
    services.intake.save_draft(row.id, {"household_size": 3})
    crash_copy(
        services,
        store,
        row.id,
        {"household_size": "۷", "head_of_household": True, "field_of_study": "ادبیات"},
    )
    assert pending_recoveries(store) == [str(row.id)]
    monkeypatch.setattr(InterviewDialog, "auto_restore", True)
    dialog = open_dialog(row.id)
    view = view_of(dialog)
    assert view.field("household_size").raw() == "۷"
    assert view.field("head_of_household").raw() is True
    # …and the restored answers reach the database by themselves.
    qtbot.waitUntil(
        lambda: services.intake.get(row.id).answers.get("household_size") == 7, timeout=10000
    )
    assert services.intake.get(row.id).answers["head_of_household"] is True
    close(qtbot, dialog)
    assert pending_recoveries(store) == []


def test_the_restore_question_names_the_time_and_can_be_answered(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    row = services.intake.start(participant)
    crash_copy(services, store, row.id, {"household_size": "۲۵x"})  # invalid: local only
    dialog = open_dialog(row.id)
    box = dialog.restore_box
    assert isinstance(box, QMessageBox)
    qtbot.waitExposed(box)
    jalali = re.search(r"[۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}", box.text())
    assert jalali, box.text()
    # Esc keeps the answers (it never throws text away).
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.restore_box is None)
    assert view_of(dialog).field("household_size").raw() == "۲۵x"
    assert "household_size" in view_of(dialog).errors_shown()  # and says what is wrong


def test_discarding_the_unsaved_answers_removes_the_local_copy(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    row = services.intake.start(participant)
    services.intake.save_draft(row.id, {"household_size": 3})
    crash_copy(services, store, row.id, {"household_size": "۹"})
    dialog = open_dialog(row.id)
    box = dialog.restore_box
    assert box is not None
    discard = next(b for b in box.buttons() if box.buttonRole(b) == box.ButtonRole.DestructiveRole)
    discard.click()
    qtbot.waitUntil(lambda: store.keys() == [], timeout=10000)
    assert view_of(dialog).field("household_size").raw() == "۳"


def test_an_older_local_copy_that_the_database_already_has_is_tidied_silently(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    row = services.intake.start(participant)
    crash_copy(services, store, row.id, {"household_size": "۳"})
    services.intake.save_draft(row.id, {"household_size": 3})  # the database caught up
    dialog = open_dialog(row.id)
    assert dialog.restore_box is None
    qtbot.waitUntil(lambda: store.keys() == [], timeout=10000)


def test_an_older_local_copy_with_different_valid_answers_is_not_offered(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    row = services.intake.start(participant)
    services.intake.save_draft(row.id, {"household_size": 3})
    crash_copy(
        services,
        store,
        row.id,
        {"household_size": "۹"},
        when=datetime.now(UTC) - timedelta(days=1),
    )
    dialog = open_dialog(row.id)
    assert dialog.restore_box is None
    assert view_of(dialog).field("household_size").raw() == "۳"


def test_a_damaged_local_copy_does_not_stop_the_interview_opening(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    row = services.intake.start(participant)
    store.path(autosave_key(row.id)).write_bytes(b'{"raw": {"household_si')
    dialog = open_dialog(row.id)
    assert dialog.restore_box is None and view_of(dialog).answers() == {"interview_date": ANY_DATE}


class _AnyDate:
    def __eq__(self, other: object) -> bool:
        return isinstance(other, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", other) is not None


ANY_DATE: Any = _AnyDate()


# --- completing --------------------------------------------------------------------------------


def test_complete_with_a_missing_required_answer_stays_open_and_points_at_it(
    qtbot: QtBot, open_dialog: OpenDialog, services: Services, participant: uuid.UUID
) -> None:
    dialog = open_dialog()
    view = view_of(dialog)
    answers = full_answers(view.form)
    del answers["household_size"]
    view.set_answers(answers)
    dialog.activateWindow()
    qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert list(view.errors_shown()) == ["household_size"]
    assert view.errors_shown()["household_size"] == "لطفاً به این پرسش پاسخ دهید."
    qtbot.waitUntil(lambda: view.field("household_size").has_focus_inside())
    assert "۱" in dialog.status_text()
    qtbot.waitUntil(dialog.is_idle)
    assert only_interview(services, participant).status == InterviewStatus.DRAFT


def test_complete_with_every_answer_finishes_the_interview(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
) -> None:
    dialog = open_dialog()
    view = view_of(dialog)
    view.set_answers(full_answers(view.form))
    view.set_answer("household_size", "۴")
    with qtbot.waitSignal(dialog.accepted, timeout=10000):
        qtbot.mouseClick(dialog.complete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.is_idle)
    row = only_interview(services, participant)
    assert row.status == InterviewStatus.COMPLETE
    assert row.answers["household_size"] == 4
    assert row.completed_at is not None
    assert store.keys() == []

    # A completed interview opens read-only.
    again = open_dialog(row.id)
    view = view_of(again)
    assert again.is_read_only() and view.is_read_only()
    assert not again.save_button.isVisible() and not again.complete_button.isVisible()
    assert view.field("household_size").edit.isReadOnly()
    assert view.field("household_size").edit.text() == "۴"
    again.save_now()  # does nothing
    close(qtbot, again)
    assert services.intake.get(row.id).status == InterviewStatus.COMPLETE


# --- keyboard ----------------------------------------------------------------------------------


def test_ctrl_s_and_enter_save(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(InterviewDialog, "autosave_interval_ms", 60_000)  # not the timer
    dialog = open_dialog()
    view = view_of(dialog)
    size = view.field("household_size")
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    size.edit.setFocus()
    type_text(size.edit, "6")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.keyClick(size.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.is_idle)
    assert only_interview(services, participant).answers["household_size"] == 6

    children = view.field("dependants_under_18")
    children.edit.setFocus()
    type_text(children.edit, "2")
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        qtbot.keyClick(children.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.is_idle)
    assert only_interview(services, participant).answers["dependants_under_18"] == 2
    assert dialog.isVisible()


def test_esc_closes_without_losing_text(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    store: AutosaveStore,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(InterviewDialog, "autosave_interval_ms", 60_000)
    dialog = open_dialog()
    view = view_of(dialog)
    notes = view.field("interviewer_notes")
    size = view.field("household_size")
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    notes.edit.setFocus()
    type_text(notes.edit, "نیاز به وام برای خرید دار قالی")
    size.edit.setFocus()
    type_text(size.edit, "-")  # not a number yet: only the local copy can keep it
    qtbot.keyClick(size.edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    row = only_interview(services, participant)
    # The local copy was written before the window went away…
    local = store.load(autosave_key(row.id))
    assert local is not None and local["raw"]["household_size"] == "-"
    qtbot.waitUntil(dialog.is_idle)
    # …and the valid text reached the database too.
    assert (
        services.intake.get(row.id).answers["interviewer_notes"] == "نیاز به وام برای خرید دار قالی"
    )

    monkeypatch.setattr(InterviewDialog, "auto_restore", True)
    again = open_dialog(row.id)
    view = view_of(again)
    assert view.field("household_size").raw() == "-"
    assert view.field("interviewer_notes").raw() == "نیاز به وام برای خرید دار قالی"


# --- the interview date and form versions ------------------------------------------------------


def test_changing_the_interview_date_saves_it_and_mirrors_the_question(
    qtbot: QtBot, open_dialog: OpenDialog, services: Services, participant: uuid.UUID
) -> None:
    dialog = open_dialog()
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.date_edit.set_date_value(date(2024, 3, 21))
    qtbot.waitUntil(dialog.is_idle)
    row = only_interview(services, participant)
    assert row.interview_date == date(2024, 3, 21)
    assert row.answers["interview_date"] == "2024-03-21"
    assert view_of(dialog).field("interview_date").raw() == "۱۴۰۳/۰۱/۰۲"
    # A date in the future is refused next to the date.
    dialog.date_edit.set_date_value(date.today() + timedelta(days=3))
    assert dialog.date_error.isVisible()
    # Editing the question moves the header date.
    view_of(dialog).set_answer("interview_date", "2024-03-20")
    assert dialog.date_edit.date_value() == date(2024, 3, 20)
    assert not dialog.date_error.isVisible()


def test_an_old_interview_opens_with_its_own_form_version(
    qtbot: QtBot,
    open_dialog: OpenDialog,
    services: Services,
    participant: uuid.UUID,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = services.intake.start(participant)
    services.intake.save_draft(old.id, {"household_size": 2})
    v1 = intake_service.get_form("intake-default", 1)
    data = {
        "form_id": "intake-default",
        "version": 2,
        "title": {"fa": "مصاحبه پذیرش (نسخه ۲)", "en": "Intake interview (v2)"},
        "sections": [
            {
                "id": "only",
                "title": {"fa": "تنها بخش", "en": "Only section"},
                "questions": [
                    {
                        "id": "new_question",
                        "type": "text",
                        "label": {"fa": "پرسش تازه", "en": "New"},
                    }
                ],
            }
        ],
    }
    v2 = FormDefinition.from_dict(data)
    forms = {("intake-default", 1): v1, ("intake-default", 2): v2}
    monkeypatch.setattr(intake_service, "available_forms", lambda: forms)

    dialog = open_dialog(old.id)
    assert view_of(dialog).form.version == 1
    assert view_of(dialog).field("household_size").raw() == "۲"
    close(qtbot, dialog)

    new = open_dialog()
    assert view_of(new).form.version == 2
    assert "نسخه ۲" in new.title.text()
    assert module.DATE_QUESTION not in view_of(new).fields()
