"""Verify a certificate offline: the QR code's digits are scanned (a scanner types them like a
keyboard, with or without Enter at the end; with a Persian keyboard layout they arrive as Persian
digits, read the same) or pasted, and checked against the office keys this installation
knows. The answer is one of valid, forged, revoked, unknown office (or "not a Hamyar code"),
with the details the code carries and, for certificates of this office, the record's.
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.certificates.payload import Verdict, is_complete
from desktop.domain.digits import to_ascii_digits
from desktop.domain.jalali import format_jalali
from desktop.gui.certificates.model import serial_text
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, leading, ltr, muted, scaled_font, set_message
from desktop.gui.workshops.widgets import hours_text
from desktop.i18n import _, format_message, is_persian
from desktop.services.certificates import VerificationResult

VERDICT_STYLES: dict[Verdict, tuple[str, str, str]] = {  # background, border, text
    Verdict.VALID: ("#e8f3ef", "#4f9d84", "#0b4f43"),
    Verdict.FORGED: ("#fdecea", "#d9534f", "#8c1d18"),
    Verdict.REVOKED: ("#fdecea", "#d9534f", "#8c1d18"),
    Verdict.UNKNOWN_OFFICE: ("#fff4e5", "#f0b45a", "#5b3a00"),
    Verdict.UNREADABLE: ("#eef0f2", "#a9b0b8", "#3c4043"),
}
_SPACE = re.compile(r"\s+")


def clean_scanned(text: str) -> str:
    """What a scanner or a paste gave, ready for the service: spaces and line breaks dropped
    (a code is digits only), Persian digits (a Persian keyboard layout's number row) made
    ASCII."""
    return to_ascii_digits(_SPACE.sub("", text))


def verdict_text(result: VerificationResult) -> str:
    return format_message(result.label_msgid, {"office": result.office_code or ""})


class VerifyDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_value: VerificationResult | None = None
        self.checking = False
        self._pending = False
        self.setWindowTitle(_("Verify a certificate"))
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)

        intro = muted(
            QLabel(
                _(
                    "Scan the QR code on the certificate with the scanner, or paste the code's "
                    "text. It is checked on this computer against the office keys it knows; no "
                    "internet is needed."
                )
            )
        )
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        code_row = QHBoxLayout()
        self.code = QLineEdit()
        self.code.setObjectName("code")
        self.code.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # the code is Latin text
        self.code.setPlaceholderText(_("The digits of the QR code"))
        self.code.setClearButtonEnabled(True)
        self.code.textChanged.connect(self._typed)
        self.paste_button = QPushButton(_("Paste"))
        self.paste_button.setAutoDefault(False)
        self.paste_button.clicked.connect(self.paste)
        code_row.addWidget(self.code, 1)
        code_row.addWidget(self.paste_button)
        code_label = QLabel(_("Code"))
        code_label.setBuddy(self.code)
        form.addRow(code_label, code_row)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.name.setPlaceholderText(_("As printed on the certificate (optional)"))
        name_label = QLabel(_("Name on the paper"))
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        layout.addLayout(form)
        self.hint = error_label(QLabel())
        layout.addWidget(self.hint)

        self.verdict = QLabel()
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)
        self.verdict.setFont(scaled_font(self.verdict, 1.25, bold=True))
        leading(self.verdict)
        set_message(self.verdict, "")
        layout.addWidget(self.verdict)
        self.details_box = QWidget()
        self.details = QFormLayout(self.details_box)
        self.details.setContentsMargins(8, 0, 8, 0)
        layout.addWidget(self.details_box)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = self.buttons.addButton(
            _("Check"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.check_button.clicked.connect(self.check)
        # Enter (which most scanners send after the code) checks; it must never reach Close,
        # which would close the dialog and lose the answer. The default button takes Enter
        # from both fields, so the fields do not connect returnPressed themselves.
        self.check_button.setDefault(True)
        close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close_button.setAutoDefault(False)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self._auto = QTimer(self)
        self._auto.setSingleShot(True)
        self._auto.setInterval(250)
        self._auto.timeout.connect(self.check)
        self.code.setFocus()

    # --- input -------------------------------------------------------------------------------

    def paste(self) -> None:
        text = QGuiApplication.clipboard().text()
        self.code.setText(clean_scanned(text))
        self.check()

    def _typed(self, text: str) -> None:
        set_message(self.hint, "")
        # A whole code is checked as soon as the scanner stops typing, Enter or not.
        if is_complete(clean_scanned(text)):
            self._auto.start()
        else:
            self._auto.stop()

    # --- checking ----------------------------------------------------------------------------

    def check(self) -> None:
        self._auto.stop()
        text = clean_scanned(self.code.text())
        if not text:
            set_message(self.hint, _("Scan or paste a certificate's code first."))
            return
        if self.checking:
            self._pending = True
            return
        self.checking = True
        self.check_button.setEnabled(False)
        name = self.name.text().strip() or None
        service = self.ctx.services.certificates
        self.ctx.runner.run(
            lambda: service.verify(text, name=name),
            alive_callback(self, self._checked),
            alive_callback(self, self._failed),
        )

    def _checked(self, result: VerificationResult) -> None:
        self._finish_check()
        self.show_result(result)
        self.code.selectAll()  # the next scan replaces this one
        self.code.setFocus()

    def _failed(self, error: Exception) -> None:
        self._finish_check()
        set_message(self.hint, _("The check did not work: {error}").format(error=error))

    def _finish_check(self) -> None:
        self.checking = False
        self.check_button.setEnabled(True)
        if self._pending:
            self._pending = False
            QTimer.singleShot(0, self, self.check)  # not after the dialog is gone

    def show_result(self, result: VerificationResult) -> None:
        self.result_value = result
        background, border, colour = VERDICT_STYLES[result.verdict]
        self.verdict.setStyleSheet(
            f"QLabel {{ background: {background}; border: 1px solid {border};"
            f" border-radius: 4px; padding: 8px 12px; color: {colour}; }}"
        )
        set_message(self.verdict, verdict_text(result))
        while self.details.rowCount():
            self.details.removeRow(0)
        for label, value in detail_rows(result):
            shown = QLabel(value)
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            leading(shown)
            self.details.addRow(QLabel(label), shown)

    def details_text(self) -> str:
        """Everything the result says, for tests and screen readers."""
        lines = [self.verdict.text()]
        for row in range(self.details.rowCount()):
            label = self.details.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = self.details.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is not None and field is not None:
                label_widget, field_widget = label.widget(), field.widget()
                assert isinstance(label_widget, QLabel) and isinstance(field_widget, QLabel)
                lines.append(f"{label_widget.text()} {field_widget.text()}")
        return "\n".join(lines)


def detail_rows(result: VerificationResult) -> list[tuple[str, str]]:
    """(label, value) lines for what the code and the record say."""
    rows: list[tuple[str, str]] = []
    if result.verdict is Verdict.UNREADABLE:
        rows.append(
            (
                _("What to do"),
                _("Scan the QR code again, or check that the whole text was pasted."),
            )
        )
        return rows
    if result.problem:
        rows.append((_("Problem"), format_message(result.problem)))
    if result.serial:
        rows.append((_("Serial"), serial_text(result.serial)))
    if result.office_code:
        office = ltr(result.office_code)
        rows.append(
            (
                _("Office"),
                f"{result.office_name} ({office})" if result.office_name else office,
            )
        )
    if result.holder_name:
        rows.append((_("Holder"), result.holder_name))
    if result.name_matches is not None:
        rows.append(
            (
                _("Name on the paper"),
                _("matches the code")
                if result.name_matches
                else _("does NOT match the code: the name may have been changed"),
            )
        )
    if result.workshop_title:
        rows.append((_("Workshop"), result.workshop_title))
    elif result.workshop_ref:
        rows.append((_("Workshop reference"), ltr(result.workshop_ref)))
    if result.skill_name or result.skill_code:
        rows.append((_("Skill"), result.skill_name or ltr(result.skill_code or "")))
    if result.hours is not None:
        rows.append((_("Hours"), hours_text(result.hours)))
    if result.issued_on is not None:
        rows.append((_("Issued on"), format_jalali(result.issued_on, persian_digits=is_persian())))
    if result.verdict is Verdict.REVOKED:
        if result.revoked_at is not None:
            revoked = result.revoked_at
            day = revoked.date() if isinstance(revoked, datetime) else revoked
            rows.append((_("Revoked on"), format_jalali(day, persian_digits=is_persian())))
        rows.append((_("Reason"), result.revoke_reason or "—"))
    if result.key_fingerprint:
        key = ltr(result.key_fingerprint)
        if result.key_retired:
            key = _("{key} (an older key of the office, now retired)").format(key=key)
        rows.append((_("Signing key"), key))
    if result.verdict is Verdict.VALID and not result.on_record:
        rows.append(
            (
                _("On record"),
                _(
                    "Issued by another office: its signature is genuine; the details are on its "
                    "record."
                ),
            )
        )
    return rows


__all__ = ["VerifyDialog", "clean_scanned", "detail_rows", "verdict_text"]
