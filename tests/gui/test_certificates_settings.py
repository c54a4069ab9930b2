"""Certificate settings: the design with a live preview image, signatories (inline rules),
the logo (a bad image refused, nothing saved), saved for the next certificates."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.gui.certificates.settings_dialog import CertificateSettingsDialog
from desktop.gui.context import GuiContext
from desktop.i18n import _, format_message
from desktop.services.app import Services
from desktop.services.certificates import LOGO_UNREADABLE, SIGNATORY_NAME_REQUIRED, Signatory

pytest_plugins = ["tests.gui.conftest_registry"]

PREVIEW_SETTLE_MS = 600  # longer than the preview timer: nothing more is drawn after it


def open_dialog(qtbot: QtBot, ctx: GuiContext) -> CertificateSettingsDialog:
    dialog = CertificateSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.preview_shown, timeout=10000):
        dialog.show()
    return dialog


def preview_key(dialog: CertificateSettingsDialog) -> int:
    return dialog.preview.pixmap().toImage().cacheKey()


def test_preview_follows_the_chosen_design(qtbot: QtBot, ctx: GuiContext) -> None:
    dialog = open_dialog(qtbot, ctx)
    assert dialog.template.count() >= 2
    assert dialog.template_id() == "classic"
    first = dialog.preview.pixmap().toImage()
    assert not first.isNull() and first.width() > first.height()  # a landscape page
    assert _("This design prints the national ID when the person has one.") in (
        dialog.description.text()
    )
    with qtbot.waitSignal(dialog.preview_shown, timeout=10000):
        dialog.template.setCurrentIndex(dialog.template.findData("modern"))
    second = dialog.preview.pixmap().toImage()
    assert second != first  # another design drawn


def test_signatories_need_names_and_are_saved(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    dialog = open_dialog(qtbot, ctx)
    name, title = dialog.signatory_rows[0]
    title.setText("مدیر دفتر")  # a title without a name
    assert dialog.signatories_error.text() == format_message(SIGNATORY_NAME_REQUIRED)
    assert not dialog.save_button.isEnabled()
    name.setText("زهرا احمدي")
    assert not dialog.signatories_error.isVisibleTo(dialog) and dialog.save_button.isEnabled()
    second_name, second_title = dialog.signatory_rows[1]
    second_name.setText("مریم کریمی")
    second_title.setText("مربی")
    dialog.template.setCurrentIndex(dialog.template.findData("modern"))
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    settings = services.certificates.settings()
    assert settings.template_id == "modern"
    assert settings.signatories == (
        Signatory("زهرا احمدی", "مدیر دفتر"),  # normalised by the service
        Signatory("مریم کریمی", "مربی"),
    )

    again = open_dialog(qtbot, ctx)  # shows what is saved
    assert again.template_id() == "modern"
    assert again.signatory_rows[1][0].text() == "مریم کریمی"


def test_a_bad_logo_is_refused_and_nothing_is_saved(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    dialog = open_dialog(qtbot, ctx)
    dialog.template.setCurrentIndex(dialog.template.findData("modern"))
    dialog.set_logo_choice(bad)
    assert "logo.png" in dialog.logo_label.text()
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.logo_error.isVisibleTo(dialog), timeout=5000)
    assert dialog.logo_error.text() == format_message(LOGO_UNREADABLE)
    assert dialog.isVisible()
    assert services.certificates.settings().template_id == "classic"  # nothing saved
    assert services.certificates.settings().logo is None


def test_a_good_logo_is_kept_and_shown_in_the_preview(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(120, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    logo = tmp_path / "logo.png"
    assert image.save(str(logo))
    dialog = open_dialog(qtbot, ctx)
    before = dialog.preview.pixmap().toImage()
    dialog.set_logo_choice(logo)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    assert services.certificates.settings().logo is not None

    again = open_dialog(qtbot, ctx)
    assert again.remove_logo.isEnabled()
    assert again.preview.pixmap().toImage() != before  # the logo is drawn on the sample


def test_preview_follows_unsaved_signatories_and_logo(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    from PySide6.QtGui import QColor, QImage

    dialog = open_dialog(qtbot, ctx)
    saved_look = dialog.preview.pixmap().toImage()
    name, position = dialog.signatory_rows[0]
    with qtbot.waitSignal(dialog.preview_shown, timeout=10000):
        name.setText("لیلا")  # each keystroke restarts the timer: one preview at the end
        name.setText("لیلا صدری")
        position.setText("مدیر دفتر")
    with_signatory = dialog.preview.pixmap().toImage()
    assert with_signatory != saved_look
    assert services.certificates.settings().signatories == ()  # nothing saved by previewing

    image = QImage(120, 120, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f6f8b"))
    logo = tmp_path / "logo.png"
    assert image.save(str(logo))
    with qtbot.waitSignal(dialog.preview_shown, timeout=10000):
        dialog.set_logo_choice(logo)
    assert dialog.preview.pixmap().toImage() != with_signatory
    assert services.certificates.settings().logo is None
    with qtbot.waitSignal(dialog.preview_shown, timeout=10000):
        dialog.set_logo_choice(None)  # "Remove": drawn without a logo again
    assert dialog.preview.pixmap().toImage() == with_signatory


def test_the_latest_edit_wins_and_one_preview_is_drawn_at_a_time(
    qtbot: QtBot, ctx: GuiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.gui.certificates import settings_dialog

    dialog = open_dialog(qtbot, ctx)
    drawn: list[tuple[str, list[Signatory] | None]] = []
    real = settings_dialog.preview_image

    def counting(ctx: GuiContext, template_id: str, *args: object, **kwargs: object) -> object:
        drawn.append((template_id, kwargs.get("signatories")))  # type: ignore[arg-type]
        return real(ctx, template_id, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(settings_dialog, "preview_image", counting)
    name = dialog.signatory_rows[0][0]
    dialog.schedule_preview(0)
    dialog.refresh_preview()
    assert dialog.preview_running  # one is being drawn…
    for text in ("م", "مر", "مری", "مریم"):  # …while the person keeps typing
        name.setText(text)
    dialog.template.setCurrentIndex(dialog.template.findData("modern"))
    qtbot.waitUntil(lambda: not dialog.preview_running and len(drawn) >= 2, timeout=15000)
    qtbot.wait(PREVIEW_SETTLE_MS)
    assert len(drawn) == 2  # the running one, then only the latest edits
    assert drawn[-1] == ("modern", [Signatory("مریم", "")])
    assert not dialog.preview.pixmap().isNull()


def test_a_bad_logo_is_caught_by_the_preview_and_save_waits(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    bad = tmp_path / "logo.png"
    bad.write_text("not an image")
    dialog = open_dialog(qtbot, ctx)
    dialog.set_logo_choice(bad)
    qtbot.waitUntil(lambda: dialog.logo_error.isVisibleTo(dialog), timeout=10000)
    assert dialog.logo_error.text() == format_message(LOGO_UNREADABLE)
    assert not dialog.save_button.isEnabled()
    dialog.set_logo_choice(None)
    assert dialog.save_button.isEnabled() and not dialog.logo_error.isVisibleTo(dialog)
    assert services.certificates.settings().logo is None


def test_saving_writes_design_signatories_and_logo_in_one_call(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtGui import QColor, QImage

    image = QImage(60, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    logo = tmp_path / "logo.png"
    assert image.save(str(logo))
    dialog = open_dialog(qtbot, ctx)
    from desktop.services.certificates import CertificateService

    calls: list[str] = []
    real_save, real_set_logo = CertificateService.save_settings, CertificateService.set_logo

    def save(self: CertificateService, **changes: object) -> object:
        calls.append("save")
        return real_save(self, **changes)  # type: ignore[arg-type]

    def set_logo(self: CertificateService, source: Path | None) -> object:
        calls.append("logo")
        return real_set_logo(self, source)

    monkeypatch.setattr(CertificateService, "save_settings", save)
    monkeypatch.setattr(CertificateService, "set_logo", set_logo)
    dialog.template.setCurrentIndex(dialog.template.findData("modern"))
    dialog.signatory_rows[0][0].setText("زهرا احمدی")
    dialog.set_logo_choice(logo)
    with qtbot.waitSignal(dialog.saved, timeout=10000):
        dialog.save_button.click()
    assert calls == ["save"]
    settings = services.certificates.settings()
    assert settings.template_id == "modern" and settings.logo is not None
    assert settings.signatories == (Signatory("زهرا احمدی", ""),)
