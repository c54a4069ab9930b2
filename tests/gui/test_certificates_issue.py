"""Issuing from a workshop's Completion tab: the button for the eligible people, the dialog's
progress, cancel and summary, the files written, and the tab showing the serials after."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.certificates import locations
from desktop.gui.certificates import issue_dialog as issue_module
from desktop.gui.certificates.issue_dialog import IssueDialog, merged_pdf_path
from desktop.gui.context import GuiContext
from desktop.gui.workshops.completion import CompletionTab
from desktop.gui.workshops.detail import WorkshopDetail
from desktop.i18n import _, format_message
from desktop.services.app import Services
from desktop.services.certificates import (
    NOTHING_TO_ISSUE,
    CertificateService,
    IssueProgress,
    IssueResult,
)
from tests.pdf.pdftext import pdf_text

from .certificate_fixtures import workshop_with_people

pytest_plugins = ["tests.gui.conftest_registry"]


def completion_tab(qtbot: QtBot, ctx: GuiContext, workshop_id: Any) -> CompletionTab:
    detail = WorkshopDetail(ctx, workshop_id)
    qtbot.addWidget(detail)
    detail.resize(1366, 768)
    detail.show()
    qtbot.waitUntil(detail.is_loaded, timeout=5000)
    detail.show_tab("completion")
    tab = detail.completion
    assert isinstance(tab, CompletionTab)
    qtbot.waitUntil(lambda: tab.rows is not None, timeout=5000)
    return tab


def open_issue(tab: CompletionTab, folder: Path) -> IssueDialog:
    assert tab.issue_button.isEnabled()
    dialog = tab.issue_certificates()
    assert isinstance(dialog, IssueDialog)
    dialog.folder.setText(str(folder))
    return dialog


def test_issue_for_everyone_eligible_with_progress_and_summary(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = workshop_with_people(services, absent=(2,))  # the third person falls short
    tab = completion_tab(qtbot, ctx, built.id)
    assert "۲" in tab.issue_hint.text()
    dialog = open_issue(tab, tmp_path / "out")
    assert "زهرا احمدی" in dialog.who.text() and "فاطمه کریمی" not in dialog.who.text()
    steps: list[tuple[int, int]] = []
    dialog.progressed.connect(lambda done, total: steps.append((done, total)))
    with qtbot.waitSignal(dialog.issued, timeout=20000) as issued:
        dialog.start()
    result: IssueResult = issued.args[0]
    assert steps == [(1, 2), (2, 2)]
    assert dialog.bar.value() == 2
    assert len(result.issued) == 2 and not result.cancelled
    assert result.merged_pdf is not None and result.merged_pdf.parent == tmp_path / "out"
    assert pdf_text(result.merged_pdf).count("گواهی‌نامه پایان دوره") == 2
    assert len(result.person_files) == 2 and all(p.is_file() for p in result.person_files)
    # The summary: how many, where the files are, and the buttons to use them.
    assert dialog.pages.currentWidget() is dialog.summary_page
    assert "۲" in dialog.summary.text()
    assert result.merged_pdf.name in dialog.merged_label.text()
    assert result.person_files[0].parent.name in dialog.files_label.text()
    assert str(tmp_path / "out") in dialog.folder_label.text()
    opened: list[Path] = []
    monkeypatch.setattr(issue_module, "open_path", lambda path: opened.append(path) or True)
    dialog.folder_button.click()
    dialog.open_button.click()
    assert opened == [tmp_path / "out", result.merged_pdf]
    assert dialog.print_button.isEnabled()
    # The list page can open each person's own file later.
    for certificate, path in zip(result.issued, result.person_files, strict=True):
        assert locations.file_of(certificate.serial) == path.resolve()

    # The tab reloads: serials in the Certificate column, nothing left to issue.
    qtbot.waitUntil(lambda: not tab.issue_button.isEnabled(), timeout=5000)
    cells = [r.cells[6] for r in tab.table.model.records()]
    assert sum(1 for cell in cells if "URM01-" in cell) == 2
    assert tab.issue_hint.text() == _("Everyone who meets the rule has a valid certificate.")


def test_cancel_keeps_what_was_issued_and_says_so(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    built = workshop_with_people(services)
    gate = threading.Event()
    original = CertificateService.issue

    def slow_issue(
        self: CertificateService,
        *args: Any,
        on_progress: Callable[[IssueProgress], None] | None = None,
        **kwargs: Any,
    ) -> IssueResult:
        def report(step: IssueProgress) -> None:
            assert on_progress is not None
            on_progress(step)
            gate.wait(10)  # hold the worker after each certificate until the test says go

        return original(self, *args, on_progress=report, **kwargs)

    monkeypatch.setattr(CertificateService, "issue", slow_issue)
    tab = completion_tab(qtbot, ctx, built.id)
    dialog = open_issue(tab, tmp_path / "out")
    with qtbot.waitSignal(dialog.progressed, timeout=20000):
        dialog.start()
    assert dialog.pages.currentWidget() is dialog.running_page
    dialog.cancel_button.click()
    assert not dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(dialog.issued, timeout=20000) as issued:
        gate.set()
    result: IssueResult = issued.args[0]
    assert result.cancelled and len(result.issued) == 1
    assert len(services.certificates.certificates(built.id)) == 1  # the one issued is kept
    assert result.merged_pdf is not None and result.merged_pdf.is_file()
    assert "۱" in dialog.summary.text() and "۲" in dialog.summary.text()  # 1 issued, 2 left

    # Issuing again continues with the others, in a new file beside the first.
    qtbot.waitUntil(lambda: tab.issue_button.isEnabled() and "۲" in tab.issue_hint.text())


def test_a_refusal_is_shown_and_nothing_is_issued(
    qtbot: QtBot, ctx: GuiContext, services: Services, tmp_path: Path
) -> None:
    built = workshop_with_people(services)
    tab = completion_tab(qtbot, ctx, built.id)
    dialog = open_issue(tab, tmp_path / "out")
    services.certificates.issue(built.id, tmp_path / "elsewhere.pdf")  # another window was faster
    dialog.start()
    qtbot.waitUntil(lambda: dialog.message.isVisibleTo(dialog), timeout=10000)
    assert dialog.pages.currentWidget() is dialog.setup_page
    assert format_message(NOTHING_TO_ISSUE) in dialog.message.text()
    assert not list((tmp_path / "out").glob("*.pdf"))
    assert dialog.issue_button.isVisible()  # the dialog can be closed or tried again


def test_merged_file_name_never_replaces_an_earlier_batch(tmp_path: Path) -> None:
    from datetime import date

    first = merged_pdf_path(tmp_path, "قالیبافی (Carpet)", date(2024, 11, 25))
    assert first.name == "1403-09-05 قالیبافی Carpet.pdf"
    first.write_bytes(b"x")
    second = merged_pdf_path(tmp_path, "قالیبافی (Carpet)", date(2024, 11, 25))
    assert second.name == "1403-09-05 قالیبافی Carpet (2).pdf"
