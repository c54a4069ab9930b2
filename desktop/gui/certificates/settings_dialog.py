"""The office's certificate settings: the design (with a live preview of a sample certificate),
up to four signatories (name and title), and an optional logo.

The preview is the real PDF the service draws for the design (sample data, marked as a sample)
rendered to an image on the thread pool; the signatories and logo it shows are the saved ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import DomainError, ValidationError
from desktop.domain.text import normalise_input
from desktop.gui.certificates.pdf_images import render_page
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.style import error_label, leading, ltr, muted, set_message, title
from desktop.i18n import _, format_message, is_persian, localise_digits
from desktop.services.certificates import (
    MAX_SIGNATORIES,
    MAX_SIGNATORY_TEXT,
    SIGNATORY_NAME_REQUIRED,
    SIGNATORY_TOO_LONG,
    CertificateSettings,
    Signatory,
)

PREVIEW_WIDTH = 520
_UNCHANGED: Any = object()


@dataclass(frozen=True)
class SettingsData:
    settings: CertificateSettings
    templates: list[tuple[str, str, str, bool]]  # id, name, description, prints national ID


def load_settings(ctx: GuiContext) -> SettingsData:
    service = ctx.services.certificates
    templates = [
        (
            template.id,
            template.name_fa if is_persian() else template.name_en,
            template.description_fa if is_persian() else "",
            "national_id" in template.uses,
        )
        for template in service.templates()
    ]
    return SettingsData(service.settings(), templates)


def preview_image(ctx: GuiContext, template_id: str, width: int = PREVIEW_WIDTH) -> QImage:
    """A sample certificate of the design as an image (runs on the thread pool)."""
    pdf = ctx.services.certificates.preview(template_id)
    return render_page(pdf, 0, width_px=width)


class CertificateSettingsDialog(QDialog):
    saved = Signal(object)  # CertificateSettings
    loaded = Signal()
    preview_shown = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data: SettingsData | None = None
        self.busy = False
        self.preview_generation = 0
        self.logo_choice: Any = _UNCHANGED
        self.logo_picker: QFileDialog | None = None
        self.setWindowTitle(_("Certificate settings"))
        outer = QVBoxLayout(self)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        columns = QHBoxLayout()
        outer.addLayout(columns, 1)

        form_widget = QWidget()
        form_widget.setMinimumWidth(440)
        form_side = QVBoxLayout(form_widget)
        form_side.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(form_widget, 1)
        form_side.addWidget(title(QLabel(_("Design")), 1.15))
        self.template = QComboBox()
        self.template.setObjectName("template")
        self.template.currentIndexChanged.connect(lambda _index: self._template_changed())
        form_side.addWidget(self.template)
        self.description = muted(QLabel())
        form_side.addWidget(self.description)

        form_side.addSpacing(8)
        form_side.addWidget(title(QLabel(_("Signatories")), 1.15))
        form_side.addWidget(
            muted(
                QLabel(
                    _(
                        "Printed side by side at the foot of the certificate, first on the "
                        "right. Leave a row empty to use fewer."
                    )
                )
            )
        )
        grid = QGridLayout()
        grid.addWidget(QLabel(_("Name")), 0, 0)
        grid.addWidget(QLabel(_("Job title")), 0, 1)
        self.signatory_rows: list[tuple[QLineEdit, QLineEdit]] = []
        for number in range(MAX_SIGNATORIES):
            name, position = QLineEdit(), QLineEdit()
            name.setObjectName(f"signatory-name-{number}")
            position.setObjectName(f"signatory-title-{number}")
            name.setMaxLength(MAX_SIGNATORY_TEXT + 20)
            position.setMaxLength(MAX_SIGNATORY_TEXT + 20)
            if number == 0:
                name.setPlaceholderText(_("e.g. Zahra Ahmadi"))
                position.setPlaceholderText(_("e.g. Office manager"))
            for editor in (name, position):
                editor.textChanged.connect(lambda _text: self.revalidate())
            grid.addWidget(name, number + 1, 0)
            grid.addWidget(position, number + 1, 1)
            self.signatory_rows.append((name, position))
        form_side.addLayout(grid)
        self.signatories_error = error_label(QLabel())
        self.signatories_error.setObjectName("error-signatories")
        form_side.addWidget(self.signatories_error)

        form_side.addSpacing(8)
        form_side.addWidget(title(QLabel(_("Logo")), 1.15))
        logo_row = QHBoxLayout()
        self.logo_label = leading(QLabel())
        self.logo_label.setObjectName("logo")
        self.logo_label.setWordWrap(True)
        self.choose_logo = QPushButton(_("Choose…"))
        self.choose_logo.setAutoDefault(False)
        self.choose_logo.clicked.connect(self.pick_logo)
        self.remove_logo = QPushButton(_("Remove"))
        self.remove_logo.setAutoDefault(False)
        self.remove_logo.clicked.connect(lambda: self.set_logo_choice(None))
        logo_row.addWidget(self.logo_label, 1)
        logo_row.addWidget(self.choose_logo)
        logo_row.addWidget(self.remove_logo)
        form_side.addLayout(logo_row)
        form_side.addWidget(muted(QLabel(_("A PNG or JPEG image of at most 2 MB."))))
        self.logo_error = error_label(QLabel())
        self.logo_error.setObjectName("error-logo")
        form_side.addWidget(self.logo_error)
        form_side.addStretch(1)

        preview_side = QVBoxLayout()
        columns.addLayout(preview_side)
        preview_side.addWidget(title(QLabel(_("Preview")), 1.15))
        self.preview = QLabel(_("Drawing the preview…"))
        self.preview.setObjectName("preview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview.setFixedSize(QSize(PREVIEW_WIDTH + 4, int(PREVIEW_WIDTH * 210 / 297) + 4))
        preview_side.addWidget(self.preview)
        preview_side.addWidget(
            muted(QLabel(_("Sample data; the saved signatories and logo are shown.")))
        )
        preview_side.addStretch(1)

        self.message = error_label(QLabel())
        outer.addWidget(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setEnabled(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        ctx.runner.run(
            lambda: load_settings(ctx),
            alive_callback(self, self._loaded),
            alive_callback(self, self._failed),
        )

    # --- loading -----------------------------------------------------------------------------

    def _loaded(self, data: SettingsData) -> None:
        self.data = data
        self.template.blockSignals(True)
        for template_id, template_name, _description, _national in data.templates:
            self.template.addItem(template_name, template_id)
        chosen = self.template.findData(data.settings.template_id)
        self.template.setCurrentIndex(max(0, chosen))
        self.template.blockSignals(False)
        for (name, position), signatory in zip(
            self.signatory_rows, data.settings.signatories, strict=False
        ):
            name.setText(signatory.name)
            position.setText(signatory.title)
        self._show_logo(data.settings.logo)
        self._template_changed()
        self.revalidate()
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, DomainError) else str(error)
        set_message(
            self.message, _("The settings could not be read: {error}").format(error=message)
        )

    # --- design and preview ------------------------------------------------------------------

    def template_id(self) -> str:
        return str(self.template.currentData() or "")

    def _template_changed(self) -> None:
        if self.data is None:
            return
        chosen = self.template_id()
        for template_id, _name, description, national in self.data.templates:
            if template_id == chosen:
                text = description
                if national:
                    text += ("\n" if text else "") + _(
                        "This design prints the national ID when the person has one."
                    )
                else:
                    text += ("\n" if text else "") + _(
                        "This design does not print the national ID."
                    )
                set_message(self.description, text)
        self.refresh_preview()

    def refresh_preview(self) -> None:
        self.preview_generation += 1
        generation = self.preview_generation
        ctx, template_id = self.ctx, self.template_id()
        self.preview.setText(_("Drawing the preview…"))

        def shown(image: QImage) -> None:
            if generation == self.preview_generation:
                self.preview.setPixmap(QPixmap.fromImage(image))
                self.preview_shown.emit()

        def failed(error: Exception) -> None:
            if generation == self.preview_generation:
                self.preview.setText(
                    _("The preview could not be drawn: {error}").format(error=error)
                )

        ctx.runner.run(
            lambda: preview_image(ctx, template_id),
            alive_callback(self, shown),
            alive_callback(self, failed),
        )

    # --- logo --------------------------------------------------------------------------------

    def _show_logo(self, path: Path | None) -> None:
        self.logo_label.setText(ltr(path.name) if path is not None else _("No logo"))
        self.remove_logo.setEnabled(path is not None)

    def pick_logo(self) -> None:
        picker = QFileDialog(self, _("Choose the office logo"))
        picker.setFileMode(QFileDialog.FileMode.ExistingFile)
        picker.setNameFilter(_("Images (*.png *.jpg *.jpeg)"))
        picker.fileSelected.connect(lambda path: self.set_logo_choice(Path(path)))
        self.logo_picker = picker
        picker.open()

    def set_logo_choice(self, path: Path | None) -> None:
        self.logo_choice = path
        self._show_logo(path)
        set_message(self.logo_error, "")

    # --- validation and saving ---------------------------------------------------------------

    def signatories(self) -> list[Signatory]:
        return [
            Signatory(name.text(), position.text())
            for name, position in self.signatory_rows
            if normalise_input(name.text()) or normalise_input(position.text())
        ]

    def problems(self) -> dict[str, str]:
        for signatory in self.signatories():
            name, position = normalise_input(signatory.name), normalise_input(signatory.title)
            if not name:
                return {"signatories": format_message(SIGNATORY_NAME_REQUIRED)}
            if len(name) > MAX_SIGNATORY_TEXT or len(position) > MAX_SIGNATORY_TEXT:
                return {
                    "signatories": format_message(SIGNATORY_TOO_LONG, {"count": MAX_SIGNATORY_TEXT})
                }
        return {}

    def revalidate(self) -> None:
        found = self.problems()
        set_message(self.signatories_error, found.get("signatories", ""))
        self.save_button.setEnabled(self.data is not None and not found and not self.busy)

    def save(self) -> None:
        self.revalidate()
        if not self.save_button.isEnabled():
            return
        self.busy = True
        self.save_button.setEnabled(False)
        set_message(self.message, "")
        service = self.ctx.services.certificates
        template_id, signatories, logo = self.template_id(), self.signatories(), self.logo_choice

        def work() -> CertificateSettings:
            if logo is not _UNCHANGED:  # first: a bad image refuses before anything is saved
                service.set_logo(logo)
            return service.save_settings(template_id=template_id, signatories=signatories)

        self.ctx.runner.run(
            work, alive_callback(self, self._saved), alive_callback(self, self._save_failed)
        )

    def _saved(self, settings: CertificateSettings) -> None:
        self.busy = False
        self.saved.emit(settings)
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self.busy = False
        self.revalidate()
        if isinstance(error, ValidationError) and error.field == "logo":
            set_message(self.logo_error, error.message)
        elif isinstance(error, ValidationError) and error.field == "signatories":
            set_message(self.signatories_error, error.message)
        elif isinstance(error, DomainError):
            set_message(self.message, error.message)
        else:
            set_message(self.message, _("That did not work: {error}").format(error=error))

    def reject(self) -> None:
        if not self.busy:
            super().reject()


def summary_text(settings: CertificateSettings, template_name: str) -> str:
    """One line for the page: the design, how many signatories, whether there is a logo."""
    if settings.logo is not None:
        text = _("Design: {design} · Signatories: {count} · With the office logo")
    else:
        text = _("Design: {design} · Signatories: {count} · No logo")
    return text.format(design=template_name, count=localise_digits(len(settings.signatories)))


__all__ = ["CertificateSettingsDialog", "load_settings", "preview_image", "summary_text"]
