"""The Verify dialog: a scanned or pasted code is checked offline and the answer shown with its
details: valid, forged, revoked, unknown office, not a certificate code."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.certificates.payload import Verdict, compose, parse, sign
from desktop.certificates.serials import parse_serial
from desktop.crypto.signing import SigningKey
from desktop.domain.digits import to_persian_digits
from desktop.domain.jalali import jalali_year
from desktop.gui.certificates.verify_dialog import VerifyDialog, clean_scanned
from desktop.gui.context import GuiContext
from desktop.i18n import _
from desktop.services.app import Services

from .certificate_fixtures import issued

pytest_plugins = ["tests.gui.conftest_registry"]


def open_dialog(qtbot: QtBot, ctx: GuiContext) -> VerifyDialog:
    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def check(qtbot: QtBot, dialog: VerifyDialog, code: str, name: str = "") -> str:
    dialog.result_value = None
    dialog.name.setText(name)
    dialog.code.setText(code)
    dialog.check()
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=5000)
    return dialog.details_text()


def test_valid_certificate_with_its_details(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first = issued(services, tmp_path)[0]
    dialog = open_dialog(qtbot, ctx)
    text = check(qtbot, dialog, first.payload, name="زهرا احمدي")  # Arabic Yeh typed
    assert dialog.result_value is not None and dialog.result_value.verdict is Verdict.VALID
    assert _("Valid certificate") in text
    assert "زهرا احمدی" in text and "آموزش قالیبافی" in text
    assert "۱۲" in text  # hours, in Persian digits
    assert "URM01-" in text and "۰۰۰۰۰۱" in text  # the serial
    assert _("matches the code") in text

    text = check(qtbot, dialog, first.payload, name="مریم رضایی")
    assert _("does NOT match the code: the name may have been changed") in text


def test_scanner_typing_without_enter_checks_by_itself(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first = issued(services, tmp_path)[0]
    dialog = open_dialog(qtbot, ctx)
    dialog.code.setFocus()
    QTest.keyClicks(dialog.code, first.payload)  # a keyboard-wedge scanner, no Enter at the end
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=5000)
    assert dialog.result_value is not None and dialog.result_value.verdict is Verdict.VALID
    # The next scan replaces this one: the text is selected and the field keeps the focus.
    assert dialog.code.selectedText() == first.payload


def test_pasting_checks_the_clipboard(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first = issued(services, tmp_path)[0]
    QGuiApplication.clipboard().setText("  " + first.payload + "\r\n")
    dialog = open_dialog(qtbot, ctx)
    qtbot.mouseClick(dialog.paste_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=5000)
    assert dialog.code.text() == first.payload
    assert dialog.result_value is not None and dialog.result_value.verdict is Verdict.VALID


def test_forged_revoked_unknown_and_unreadable(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first, second, _third = issued(services, tmp_path)
    dialog = open_dialog(qtbot, ctx)

    claim, signature = parse(first.payload)
    tampered = compose(replace(claim, hours=120), signature)  # someone raised the hours
    text = check(qtbot, dialog, tampered)
    assert dialog.result_value is not None and dialog.result_value.verdict is Verdict.FORGED
    assert _("Forged or altered: the signature does not match") in text

    services.certificates.revoke(second.serial, "به اشتباه صادر شد")
    text = check(qtbot, dialog, second.payload)
    assert dialog.result_value is not None and dialog.result_value.verdict is Verdict.REVOKED
    assert _("Revoked certificate") in text and "به اشتباه صادر شد" in text
    assert _("Revoked on") in text

    year = jalali_year(date.today())
    foreign = replace(claim, serial=parse_serial(f"TBZ02-{year}-000001"))  # type: ignore[arg-type]
    text = check(qtbot, dialog, sign(foreign, SigningKey.generate()))
    assert dialog.result_value is not None
    assert dialog.result_value.verdict is Verdict.UNKNOWN_OFFICE
    assert "TBZ02" in text

    text = check(qtbot, dialog, first.payload[:-5])  # the scan stopped short
    assert dialog.result_value is not None
    assert dialog.result_value.verdict is Verdict.UNREADABLE
    assert _("This is not a Hamyar certificate code.") in text
    assert _("Scan the QR code again, or check that the whole text was pasted.") in text


def test_empty_code_asks_for_one(qtbot: QtBot, ctx: GuiContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    dialog.check()
    assert dialog.result_value is None
    assert _("Scan or paste a certificate's code first.") in dialog.hint.text()


def test_clean_scanned_makes_persian_digits_ascii() -> None:
    assert clean_scanned(" ۲۰۱۲\r\n٣٤ 56\n") == "20123456"


def test_scanned_with_a_persian_keyboard_layout(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    first = issued(services, tmp_path)[0]
    dialog = open_dialog(qtbot, ctx)
    dialog.code.setFocus()
    for char in to_persian_digits(first.payload):  # a Persian layout's number row gives ۰-۹
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                dialog.code, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            )
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=5000)
    assert dialog.result_value is not None and dialog.result_value.verdict is Verdict.VALID
