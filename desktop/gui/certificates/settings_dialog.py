"""The office's certificate settings: the design (with a live preview of a sample certificate),
up to four signatories (name and title), and an optional logo.

The preview is the real PDF the service draws for the design (sample data, marked as a sample)
rendered to an image on the thread pool. It follows the edits before they are saved: the chosen
design, the signatories as typed and the logo as chosen. Typing restarts a short timer, so a
preview is drawn once the person pauses; only one is drawn at a time, and an answer that a newer
edit has overtaken is dropped (the latest request wins).

Saving is one service call: design, signatories and logo together, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
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
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import alive_callback
from desktop.gui.pdf_images import render_page
from desktop.gui.style import error_label, leading, ltr, muted, set_message, title
from desktop.i18n import _, format_message, is_persian, localise_digits
from desktop.services.certificates import (
    MAX_SIGNATORIES,
    MAX_SIGNATORY_TEXT,
    SIGNATORY_NAME_REQUIRED,
    SIGNATORY_TOO_LONG,
    CertificateSettings,
    LogoChoice,
    Signatory,
)

PREVIEW_WIDTH = 520
PREVIEW_DELAY_MS = 350  # typing pauses this long before the preview is drawn again
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


def preview_image(
    ctx: GuiContext,
    template_id: str,
    width: int = PREVIEW_WIDTH,
    *,
    signatories: list[Signatory] | None = None,
    logo: LogoChoice = None,
) -> QImage:
    """A sample certificate of the design as an image (runs on the thread pool); ``signatories``
    and ``logo`` show unsaved edits (None: the saved ones; ``logo=False``: no logo)."""
    pdf = ctx.services.certificates.preview(template_id, signatories=signatories, logo=logo)
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
        self.preview_generation = 0  # bumped by every edit; older answers are dropped
        self.preview_running = False
        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.timeout.connect(self.refresh_preview)
        self.logo_choice: Any = _UNCHANGED
        self.logo_problem = ""
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
                editor.textChanged.connect(lambda _text: self._signatories_edited())
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
        self.preview_note = muted(
            QLabel(
                _("Sample data, with the signatories and logo as set here (even before saving).")
            )
        )
        self.preview_note.setMaximumWidth(PREVIEW_WIDTH + 4)
        preview_side.addWidget(self.preview_note)
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
        self._template_changed(delay_ms=0)
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

    def _template_changed(self, delay_ms: int = 0) -> None:
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
        self.schedule_preview(delay_ms)

    def _signatories_edited(self) -> None:
        self.revalidate()
        if "signatories" not in self.problems():
            self.schedule_preview()

    def schedule_preview(self, delay_ms: int = PREVIEW_DELAY_MS) -> None:
        """Draw the preview again once edits pause for ``delay_ms`` (each edit restarts it)."""
        self.preview_generation += 1
        self.preview_timer.start(delay_ms)

    def preview_logo(self) -> LogoChoice:
        if self.logo_choice is _UNCHANGED:
            return None
        return False if self.logo_choice is None else Path(self.logo_choice)

    def refresh_preview(self) -> None:
        """Draw the preview of the settings as edited now, on the thread pool. One at a time:
        an edit made meanwhile is drawn when the running one returns."""
        if self.data is None or self.preview_running:
            return
        self.preview_timer.stop()
        self.preview_running = True
        generation = self.preview_generation
        ctx, template_id = self.ctx, self.template_id()
        signatories, logo = self.signatories(), self.preview_logo()
        if self.preview.pixmap().isNull():
            self.preview.setText(_("Drawing the preview…"))

        def finished() -> bool:
            self.preview_running = False
            if generation != self.preview_generation:
                self.refresh_preview()  # overtaken by a newer edit: draw that one instead
                return False
            return True

        def shown(image: QImage) -> None:
            if finished():
                self.preview.setPixmap(QPixmap.fromImage(image))
                self.preview_shown.emit()

        def failed(error: Exception) -> None:
            if not finished():
                return
            if isinstance(error, ValidationError) and error.field == "logo":
                # Said once, next to the logo; the last good preview stays in view.
                self.logo_problem = error.message
                set_message(self.logo_error, error.message)
                self.revalidate()
                if not self.preview.pixmap().isNull():
                    return
            message = error.message if isinstance(error, DomainError) else str(error)
            self.preview.setText(_("The preview could not be drawn: {error}").format(error=message))

        ctx.runner.run(
            lambda: preview_image(ctx, template_id, signatories=signatories, logo=logo),
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
        self.logo_problem = ""
        set_message(self.logo_error, "")
        self.revalidate()
        self.schedule_preview(0)

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
        self.save_button.setEnabled(
            self.data is not None and not found and not self.logo_problem and not self.busy
        )

    def save(self) -> None:
        self.revalidate()
        if not self.save_button.isEnabled():
            return
        self.busy = True
        self.save_button.setEnabled(False)
        set_message(self.message, "")
        service = self.ctx.services.certificates
        template_id, signatories, logo = self.template_id(), self.signatories(), self.preview_logo()
        self.ctx.runner.run(
            # One call, all or nothing: a bad image or signatory means nothing is saved.
            lambda: service.save_settings(
                template_id=template_id, signatories=signatories, logo=logo
            ),
            alive_callback(self, self._saved),
            alive_callback(self, self._save_failed),
        )

    def _saved(self, settings: CertificateSettings) -> None:
        self.busy = False
        self.saved.emit(settings)
        self.accept()

    def _save_failed(self, error: Exception) -> None:
        self.busy = False
        self.revalidate()
        if isinstance(error, ValidationError) and error.field == "logo":
            self.logo_problem = error.message
            set_message(self.logo_error, error.message)
            self.revalidate()
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
