"""Revoke a certificate: the reason is required (the service's own rule and message, shown
inline), nothing is saved without it, and the revocation is recorded with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from desktop.domain.text import normalise_input
from desktop.gui.certificates.model import serial_text
from desktop.gui.context import GuiContext
from desktop.gui.style import leading, muted
from desktop.gui.workshops.action_dialog import ActionDialog
from desktop.i18n import _, format_message
from desktop.services.certificates import (
    MAX_REASON,
    REASON_REQUIRED,
    REASON_TOO_LONG,
    IssuedCertificate,
)


class RevokeDialog(ActionDialog):
    def __init__(
        self, ctx: GuiContext, certificate: IssuedCertificate, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, _("Revoke certificate"), _("Revoke"), parent)
        self.certificate = certificate
        self.touched = False
        self.setMinimumWidth(520)
        holder = leading(QLabel(f"{certificate.full_name} — {serial_text(certificate.serial)}"))
        holder.setObjectName("holder")
        self.add_row(_("Certificate"), holder)
        self.add_row(_("Workshop"), leading(QLabel(certificate.workshop_title)))
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(_("For example: issued by mistake to the wrong person"))
        self.reason.setFixedHeight(self.reason.fontMetrics().lineSpacing() * 4 + 16)
        self.reason.textChanged.connect(self._edited)
        self.add_row(_("Reason"), self.reason, "reason")
        self.layout_.addWidget(
            muted(
                QLabel(
                    _(
                        "A revoked certificate shows as revoked when its code is checked, here "
                        "and at the province after the next bundle. It cannot be printed again."
                    )
                )
            )
        )
        self.finish_layout()
        self.reason.setFocus()

    def _edited(self) -> None:
        self.touched = True
        self.revalidate()

    def problems(self) -> dict[str, str]:
        reason = normalise_input(self.reason.toPlainText())
        if not reason:
            # Before anything is typed, say nothing: the message appears on Revoke.
            return {"reason": format_message(REASON_REQUIRED)} if self.touched else {}
        if len(reason) > MAX_REASON:
            return {"reason": format_message(REASON_TOO_LONG, {"count": MAX_REASON})}
        return {}

    def confirm(self) -> None:
        self.touched = True
        super().confirm()

    def work(self) -> Callable[[], Any]:
        service = self.ctx.services.certificates
        serial, reason = self.certificate.serial, self.reason.toPlainText()
        return lambda: service.revoke(serial, reason)


__all__ = ["RevokeDialog"]
