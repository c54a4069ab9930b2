"""First-run wizard: inline messages from the service's rules, Next disabled while invalid, and a
real office database at the end (or a shown error and nothing changed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from desktop.domain.errors import ValidationError
from desktop.gui.app import configure_application
from desktop.gui.setup_wizard import SetupWizard
from desktop.gui.tasks import TaskRunner
from desktop.i18n import _
from desktop.services.base import Actor
from desktop.services.office import office_details, user_details
from desktop.services.setup import is_initialised, normalise_office_code
from desktop.services.users import UserService
from desktop.store.engine import Database

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture
def wizard(qapp: QApplication, qtbot: QtBot, db_path: Path) -> Iterator[SetupWizard]:
    configure_application(qapp)
    runner = TaskRunner()
    page = SetupWizard(db_path, runner)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    yield page
    runner.wait()


def type_into(qtbot: QtBot, editor: QLineEdit, text: str) -> None:
    """Type like a person (Persian too: QTest.keyClicks only knows ASCII keys)."""
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def office_code_message() -> str:
    with pytest.raises(ValidationError) as caught:
        normalise_office_code("x")
    return caught.value.message


def fill_office(qtbot: QtBot, wizard: SetupWizard, code: str = "urm-01") -> None:
    ui = wizard.ui
    type_into(qtbot, ui.province, "آذربایجان غربی")
    type_into(qtbot, ui.county, "ارومیه")
    type_into(qtbot, ui.officeCode, code)
    type_into(qtbot, ui.officeName, "دفتر تسهیل‌گری محله اسلام‌آباد")


def fill_user(qtbot: QtBot, wizard: SetupWizard, repeat: str = "s3cret-pass") -> None:
    ui = wizard.ui
    type_into(qtbot, ui.fullName, "زهرا احمدی")
    type_into(qtbot, ui.username, "Zahra.Ahmadi")
    type_into(qtbot, ui.password, "s3cret-pass")
    type_into(qtbot, ui.repeat, repeat)


def test_starts_with_a_new_office_and_offers_the_enrolment_file(wizard: SetupWizard) -> None:
    assert wizard.currentId() == SetupWizard.START_PAGE
    assert wizard.ui.newOfficeChoice.isChecked()
    assert wizard.ui.enrolmentChoice.isEnabled()
    assert wizard.ui.enrolmentNote.isVisibleTo(wizard)
    assert wizard.button(NEXT).isEnabled()


def test_invalid_office_code_keeps_next_disabled_and_shows_the_message(
    qtbot: QtBot, wizard: SetupWizard
) -> None:
    wizard.next()
    assert wizard.currentId() == SetupWizard.OFFICE_PAGE
    # Nothing typed yet: Next is disabled, but no field scolds the person before she types.
    assert not wizard.button(NEXT).isEnabled()
    assert not any(label.isVisible() for label in wizard.errors.values())

    fill_office(qtbot, wizard, code="x")
    assert not wizard.button(NEXT).isEnabled()
    message = wizard.errors["officeCode"]
    assert message.isVisible()
    assert message.text() == office_code_message()
    assert not wizard.errors["officeName"].isVisible()

    type_into(qtbot, wizard.ui.officeCode, "URM01")
    assert wizard.button(NEXT).isEnabled()
    assert not message.isVisible()


def test_a_field_left_empty_says_so_when_left(qtbot: QtBot, wizard: SetupWizard) -> None:
    wizard.next()
    wizard.ui.province.setFocus()
    qtbot.keyClick(wizard.ui.province, Qt.Key.Key_Tab)  # leave it empty
    assert wizard.errors["province"].isVisible()
    assert wizard.errors["province"].text() == _("Enter the province.")


def test_passwords_must_match(qtbot: QtBot, wizard: SetupWizard) -> None:
    wizard.next()
    fill_office(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == SetupWizard.USER_PAGE
    fill_user(qtbot, wizard, repeat="something-else")
    assert not wizard.button(NEXT).isEnabled()
    assert wizard.errors["repeat"].text() == _("The passwords do not match.")
    type_into(qtbot, wizard.ui.repeat, "s3cret-pass")
    assert wizard.button(NEXT).isEnabled()
    assert not wizard.errors["repeat"].isVisible()


def test_short_password_shows_the_service_message(qtbot: QtBot, wizard: SetupWizard) -> None:
    wizard.next()
    fill_office(qtbot, wizard)
    wizard.next()
    type_into(qtbot, wizard.ui.password, "short")
    assert not wizard.button(NEXT).isEnabled()
    assert "۸" in wizard.errors["password"].text()  # "at least 8 characters", Persian digits


def test_enter_moves_on_when_the_page_is_valid(qtbot: QtBot, wizard: SetupWizard) -> None:
    wizard.next()
    fill_office(qtbot, wizard)
    qtbot.keyClick(wizard.ui.officeName, Qt.Key.Key_Return)
    assert wizard.currentId() == SetupWizard.USER_PAGE


def test_full_wizard_creates_the_office_and_its_manager(
    qtbot: QtBot, wizard: SetupWizard, db_path: Path
) -> None:
    assert not db_path.exists()
    wizard.next()
    fill_office(qtbot, wizard)
    wizard.next()
    fill_user(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == SetupWizard.SUMMARY_PAGE
    assert wizard.ui.summaryCode.text() == "URM01"  # normalised as the service will store it
    assert wizard.ui.summaryUsername.text() == "zahra.ahmadi"
    assert wizard.button(FINISH).isEnabled()

    with qtbot.waitSignal(wizard.office_created, timeout=10000) as created:
        wizard.button(FINISH).click()
    actor = created.args[0]
    assert isinstance(actor, Actor) and actor.user_id is not None
    assert wizard.actor == actor
    assert wizard.result() == QWizard.DialogCode.Accepted

    db = Database(db_path)
    try:
        assert is_initialised(db)
        office = office_details(db)
        assert (office.code, office.name) == ("URM01", "دفتر تسهیل‌گری محله اسلام‌آباد")
        assert (office.county, office.province) == ("ارومیه", "آذربایجان غربی")
        user = user_details(db, actor)
        assert user.is_manager and user.username == "zahra.ahmadi"
        users = UserService(db, Actor(office_code="URM01"))
        assert users.authenticate("zahra.ahmadi", "s3cret-pass").user_id == actor.user_id
    finally:
        db.dispose()


def test_a_refused_setup_is_shown_and_the_wizard_stays(
    qtbot: QtBot, actor: Actor, db_path: Path, wizard: SetupWizard
) -> None:
    """The database already belongs to an office: the service refuses, nothing changes."""
    wizard.next()
    fill_office(qtbot, wizard, code="TAB02")
    wizard.next()
    fill_user(qtbot, wizard)
    wizard.next()
    wizard.button(FINISH).click()
    qtbot.waitUntil(lambda: not wizard.busy and wizard.ui.statusLabel.isVisible(), timeout=10000)
    assert "URM01" in wizard.ui.statusLabel.text()
    assert wizard.actor is None
    assert wizard.isVisible()
    assert wizard.button(FINISH).isEnabled()
    db = Database(db_path)
    try:
        assert office_details(db).code == "URM01"
    finally:
        db.dispose()


def test_escape_cancels(qtbot: QtBot, wizard: SetupWizard) -> None:
    with qtbot.waitSignal(wizard.rejected, timeout=2000):
        qtbot.keyClick(wizard, Qt.Key.Key_Escape)


# --- setting up from the province's enrolment file ------------------------------------------


@pytest.fixture
def enrolment_file(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An enrolment file for URM01 made by a real province database, and its fingerprint."""
    from desktop.services.province import ProvinceService, init_province

    province_db = Database(tmp_path / "province.sqlite3")
    try:
        info = init_province(province_db, "آذربایجان غربی")
        folder = tmp_path / "handed-over"
        folder.mkdir()
        written = ProvinceService(province_db).enrol_office(
            "URM01", "دفتر تسهیل‌گری محله اسلام‌آباد", "ارومیه", folder
        )
        yield written.path, info.fingerprint
    finally:
        province_db.dispose()


def open_file(qtbot: QtBot, wizard: SetupWizard, path: Path) -> None:
    wizard.ui.enrolmentChoice.setChecked(True)
    wizard.next()
    assert wizard.currentId() == SetupWizard.ENROLMENT_PAGE
    assert not wizard.button(NEXT).isEnabled()  # no file yet
    wizard.open_enrolment_file(path)
    page = wizard.enrolment_page
    qtbot.waitUntil(lambda: page.details.isVisible() or page.message.isVisible(), timeout=10000)


def test_enrolment_file_shows_the_office_and_fingerprint_then_sets_up(
    qtbot: QtBot, wizard: SetupWizard, db_path: Path, enrolment_file: tuple[Path, str]
) -> None:
    path, fingerprint = enrolment_file
    open_file(qtbot, wizard, path)
    page = wizard.enrolment_page
    assert page.values["office_code"].text() == "URM01"
    assert page.values["office_name"].text() == "دفتر تسهیل‌گری محله اسلام‌آباد"
    assert fingerprint in page.values["fingerprint"].text()
    # Nothing goes on until the person says the fingerprint matches.
    assert not wizard.button(NEXT).isEnabled()
    page.confirm.setChecked(True)
    assert wizard.button(NEXT).isEnabled()
    wizard.next()
    assert wizard.currentId() == SetupWizard.USER_PAGE
    fill_user(qtbot, wizard)
    wizard.next()
    assert wizard.currentId() == SetupWizard.SUMMARY_PAGE
    assert wizard.ui.summaryCode.text() == "URM01"
    assert wizard.ui.summaryProvince.text() == "آذربایجان غربی"
    assert wizard.nextId() == -1

    with qtbot.waitSignal(wizard.office_created, timeout=15000) as created:
        wizard.button(FINISH).click()
    actor = created.args[0]
    assert isinstance(actor, Actor) and actor.office_code == "URM01"

    from desktop.services.sync import OfficeSyncService

    db = Database(db_path)
    try:
        assert office_details(db).name == "دفتر تسهیل‌گری محله اسلام‌آباد"
        province = OfficeSyncService(db).province()
        assert province is not None and province.fingerprint == fingerprint
        users = UserService(db, Actor(office_code="URM01"))
        assert users.authenticate("zahra.ahmadi", "s3cret-pass").user_id == actor.user_id
    finally:
        db.dispose()


def test_a_damaged_enrolment_file_is_refused_in_persian_and_nothing_is_created(
    qtbot: QtBot, wizard: SetupWizard, db_path: Path, enrolment_file: tuple[Path, str]
) -> None:
    path, _fingerprint = enrolment_file
    damaged = path.with_name("damaged.hamyar-enrolment")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    open_file(qtbot, wizard, damaged)
    page = wizard.enrolment_page
    assert page.message.isVisible() and page.message.text()
    from desktop.domain.errors import DomainError
    from desktop.services.sync import read_enrolment_file

    with pytest.raises(DomainError) as refused:
        read_enrolment_file(damaged)
    assert page.message.text() == str(refused.value)  # the service's own (Persian) message
    assert not page.details.isVisible() and not page.confirm.isVisible()
    assert not wizard.button(NEXT).isEnabled()
    assert not db_path.exists()
