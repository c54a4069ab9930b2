"""The participant editor: the service's messages inline, Save only when valid, duplicate
warnings before saving, Enter saves, Esc cancels (asking when something was typed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.enums import ConsentScope, Education, MaritalStatus, SupportingOrg
from desktop.domain.jalali import format_jalali
from desktop.gui.context import GuiContext
from desktop.gui.dialogs.participant_editor import ParticipantEditor
from desktop.gui.pages.profile import ParticipantProfile
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput

pytest_plugins = ["tests.gui.conftest_registry"]
TypeText = Callable[[QWidget, str], None]

BIRTH = date(1985, 6, 1)


def open_editor(qtbot: QtBot, ctx: GuiContext, participant_id: object = None) -> ParticipantEditor:
    editor = ParticipantEditor(ctx, participant_id)  # type: ignore[arg-type]
    # done() closes without the "discard what you typed?" question (which would block).
    qtbot.addWidget(editor, before_close_func=lambda _w: editor.done(0))
    if participant_id is not None:
        with qtbot.waitSignal(editor.ready, timeout=5000):
            editor.show()
    else:
        editor.show()
    qtbot.waitExposed(editor)
    return editor


def fill_names(editor: ParticipantEditor, type_text: TypeText, first: str, last: str) -> None:
    type_text(editor.first_name, first)
    type_text(editor.last_name, last)


def test_a_new_form_shows_no_errors_but_cannot_be_saved(qtbot: QtBot, ctx: GuiContext) -> None:
    editor = open_editor(qtbot, ctx)
    assert not editor.save_button.isEnabled()
    assert all(label.isHidden() for label in editor.error_labels.values())
    assert editor.save_button.isDefault()
    assert editor.focusWidget() is editor.first_name


def test_bad_national_id_disables_save_with_the_persian_message_beside_it(
    qtbot: QtBot, ctx: GuiContext, type_text: TypeText
) -> None:
    editor = open_editor(qtbot, ctx)
    fill_names(editor, type_text, "مریم", "رضایی")
    assert editor.save_button.isEnabled()
    type_text(editor.national_id, "1234567890")
    message = editor.error_labels["national_id"]
    assert message.isVisible()
    assert "کد ملی" in message.text() and "۱۲۳۴۵۶۷۸۹۰" in message.text()
    assert not editor.save_button.isEnabled()
    # the digits typed show as Persian digits
    assert editor.national_id.text() == "۱۲۳۴۵۶۷۸۹۰"

    editor.national_id.clear()
    type_text(editor.national_id, "۰۴۹۹۳۷۰۸۹۹")
    assert message.isHidden()
    assert editor.save_button.isEnabled()


def test_every_rule_of_the_service_is_shown_next_to_its_field(
    qtbot: QtBot, ctx: GuiContext, type_text: TypeText
) -> None:
    editor = open_editor(qtbot, ctx)
    type_text(editor.first_name, "مریم۲")
    type_text(editor.mobile, "0812")
    type_text(editor.household_size, "3")
    type_text(editor.dependants, "5")
    type_text(editor.birth_date.line, "1403/13/01")
    expected = {
        "first_name": "A name may not contain digits.",
        "mobile": "A mobile number must have 11 digits, like 09121234567.",
        "dependants": "Dependants must be fewer than the household size.",
    }
    for field, msgid in expected.items():
        label = editor.error_labels[field]
        assert label.isVisible(), field
        assert label.text() == _(msgid)
    assert editor.error_labels["birth_date"].isVisible()
    assert "۱۴۰۳" in editor.error_labels["birth_date"].text()
    assert editor.error_labels["last_name"].isHidden()  # not touched yet
    assert not editor.save_button.isEnabled()

    editor.consent_scope.setCurrentIndex(1)  # a scope without a date
    editor.save()  # refused, but now every problem shows
    assert editor.error_labels["last_name"].text() == _("Enter the last name.")
    assert editor.error_labels["consent_date"].text() == _(
        "Record both the consent date and what the person agreed to."
    )


def test_enter_saves_every_field_and_the_dialog_closes(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    editor = open_editor(qtbot, ctx)
    fill_names(editor, type_text, "فاطمه", "کریمی")
    type_text(editor.father_name, "حسن")
    type_text(editor.national_id, "049-937089-9")
    type_text(editor.birth_date.line, format_jalali(BIRTH))
    editor.gender.setCurrentIndex(0)
    editor.head_of_household.setChecked(True)
    type_text(editor.household_size, "۴")
    type_text(editor.dependants, "3")
    editor.marital_status.setCurrentIndex(editor.marital_status.findData("widowed"))
    editor.education.setCurrentIndex(editor.education.findData("diploma"))
    editor.supporting_org.setCurrentIndex(editor.supporting_org.findData("welfare"))
    type_text(editor.disability, "کم‌بینایی")
    type_text(editor.mobile, "0914 123 4567")
    editor.neighbourhood.setEditText("اسلام‌آباد")
    editor.address.setPlainText("کوچه ۱۲")
    type_text(editor.consent_date.line, "1403/01/02")
    editor.consent_scope.setCurrentIndex(editor.consent_scope.findData("province"))
    editor.notes.setPlainText("یادداشت")
    assert editor.save_button.isEnabled(), editor.problems()

    with qtbot.waitSignal(editor.accepted, timeout=5000):
        qtbot.keyClick(editor.father_name, Qt.Key.Key_Return)
    assert editor.result() == QDialog.DialogCode.Accepted
    assert editor.saved_id is not None
    person = services.participants.get(editor.saved_id)
    assert ParticipantInput.from_participant(person) == ParticipantInput(
        first_name="فاطمه",
        last_name="کریمی",
        father_name="حسن",
        national_id="0499370899",
        birth_date=BIRTH,
        mobile="09141234567",
        neighbourhood="اسلام‌آباد",
        address="کوچه ۱۲",
        head_of_household=True,
        household_size=4,
        dependants=3,
        marital_status=MaritalStatus.WIDOWED,
        education=Education.DIPLOMA,
        disability="کم‌بینایی",
        supporting_org=SupportingOrg.WELFARE,
        consent_date=date(2024, 3, 21),
        consent_scope=ConsentScope.PROVINCE,
        notes="یادداشت",
    )


def test_possible_duplicate_warns_and_blocks_until_confirmed(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    existing = services.participants.register(
        ParticipantInput(first_name="زهرا", last_name="موسوی", father_name="علی", birth_date=BIRTH)
    )
    editor = open_editor(qtbot, ctx)
    with qtbot.waitSignal(editor.duplicates_checked, timeout=5000) as checked:
        fill_names(editor, type_text, "زهرا", "موسوي")  # Arabic ي: still the same person
        type_text(editor.father_name, "علي")
        type_text(editor.birth_date.line, format_jalali(BIRTH))
    qtbot.waitUntil(lambda: editor.duplicate_panel.isVisible(), timeout=5000)
    assert checked.args == [1]
    assert not editor.save_button.isEnabled()
    panel_text = " ".join(label.text() for label in editor.duplicate_panel.findChildren(QLabel))
    assert "زهرا موسوی" in panel_text and format_jalali(BIRTH) in panel_text

    # the link opens the existing record in its own window, above the dialog
    open_buttons = [
        button
        for button in editor.duplicate_panel.findChildren(QPushButton)
        if button.text() == _("Open this record")
    ]
    assert len(open_buttons) == 1
    with qtbot.waitSignal(editor.open_participant, timeout=2000) as opened:
        open_buttons[0].click()
    assert opened.args == [existing.id]
    windows = [w for w in editor.findChildren(ParticipantProfile) if w.isWindow()]
    assert [w.participant_id for w in windows] == [existing.id]
    qtbot.waitUntil(lambda: windows[0].data is not None, timeout=5000)
    windows[0].close()

    editor.different_person.setChecked(True)
    assert editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        editor.save_button.click()
    assert services.participants.count("زهرا موسوی") == 2


def test_duplicate_found_only_when_saving_still_blocks(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    editor = open_editor(qtbot, ctx)
    fill_names(editor, type_text, "زهرا", "موسوی")
    editor.duplicate_timer.stop()  # the check while typing found no one…
    services.participants.register(ParticipantInput(first_name="زهرا", last_name="موسوی"))
    editor.save_button.click()  # …but someone registered her meanwhile
    qtbot.waitUntil(lambda: editor.duplicate_panel.isVisible(), timeout=5000)
    assert editor.result() != QDialog.DialogCode.Accepted
    assert not editor.save_button.isEnabled()
    assert services.participants.count("زهرا") == 1


def test_national_id_already_registered_is_shown_with_a_link(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    existing = services.participants.register(
        ParticipantInput(first_name="سارا", last_name="نوری", national_id="0499370899")
    )
    editor = open_editor(qtbot, ctx)
    fill_names(editor, type_text, "مینا", "صادقی")
    type_text(editor.national_id, "0499370899")
    editor.save_button.click()
    qtbot.waitUntil(lambda: editor.existing_button.isVisible(), timeout=5000)
    message = editor.error_labels["national_id"].text()
    assert "سارا نوری" in message and "۰۴۹۹۳۷۰۸۹۹" in message
    assert not editor.save_button.isEnabled()
    with qtbot.waitSignal(editor.open_participant, timeout=2000) as opened:
        editor.existing_button.click()
    assert opened.args == [existing.id]

    editor.national_id.clear()
    type_text(editor.national_id, "0012345679")
    assert not editor.existing_button.isVisible()
    assert editor.save_button.isEnabled()


def test_editing_an_existing_record(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    person = services.participants.register(
        ParticipantInput(
            first_name="لیلا",
            last_name="احمدی",
            father_name="رضا",
            mobile="09121234567",
            household_size=5,
            marital_status=MaritalStatus.MARRIED,
        )
    )
    # same name, father and (no) birth year as someone else: already known, not warned again
    services.participants.register(
        ParticipantInput(first_name="لیلا", last_name="احمدی", father_name="رضا"),
        confirm_duplicate=True,
    )
    editor = open_editor(qtbot, ctx, person.id)
    assert editor.first_name.text() == "لیلا"
    assert editor.mobile.text() == "۰۹۱۲۱۲۳۴۵۶۷"
    assert editor.household_size.text() == "۵"
    assert editor.marital_status.currentData() == "married"
    assert not editor.is_dirty()
    assert editor.save_button.isEnabled()
    editor.mobile.clear()
    type_text(editor.mobile, "09351112233")
    assert editor.is_dirty()
    with qtbot.waitSignal(editor.accepted, timeout=5000):
        editor.save_button.click()
    assert editor.saved_id == person.id
    assert services.participants.get(person.id).mobile == "09351112233"
    assert not editor.duplicate_panel.isVisible()


def test_esc_closes_at_once_when_nothing_was_typed(qtbot: QtBot, ctx: GuiContext) -> None:
    editor = open_editor(qtbot, ctx)
    with qtbot.waitSignal(editor.rejected, timeout=2000):
        qtbot.keyClick(editor.first_name, Qt.Key.Key_Escape)
    assert not editor.isVisible()


@pytest.mark.parametrize(
    ("answer", "closes"),
    [(QMessageBox.StandardButton.Cancel, False), (QMessageBox.StandardButton.Discard, True)],
)
def test_esc_asks_before_discarding_what_was_typed(
    qtbot: QtBot,
    ctx: GuiContext,
    type_text: TypeText,
    monkeypatch: pytest.MonkeyPatch,
    answer: QMessageBox.StandardButton,
    closes: bool,
) -> None:
    def blocking(*_args: object) -> None:
        raise AssertionError("a blocking QMessageBox.question was used")

    monkeypatch.setattr(QMessageBox, "question", blocking)
    editor = open_editor(qtbot, ctx)
    type_text(editor.first_name, "مریم")
    qtbot.keyClick(editor.first_name, Qt.Key.Key_Escape)
    box = editor.discard_box
    assert isinstance(box, QMessageBox)  # asked with a window-modal box, not a nested loop
    assert box.windowTitle() == _("Discard the changes?")
    assert box.isVisible() and editor.isVisible()
    qtbot.keyClick(editor.first_name, Qt.Key.Key_Escape)  # asking again is not stacked
    assert editor.discard_box is box
    box.button(answer).click()
    qtbot.waitUntil(lambda: editor.discard_box is None, timeout=2000)
    assert editor.isVisible() is not closes
