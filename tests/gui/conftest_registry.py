"""GUI fixtures for the participant registry tests (loaded with ``pytest_plugins``)."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from desktop.gui.app import configure_application
from desktop.gui.context import GuiContext
from desktop.gui.tasks import TaskRunner
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput

FIRST_NAMES = ("مریم", "فاطمه", "زهرا", "سمیه", "لیلا", "نرگس", "رقیه", "معصومه", "اکرم", "پروین")
LAST_NAMES = ("رضایی", "احمدی", "محمدی", "حسینی", "کریمی", "موسوی", "جعفری", "صادقی", "قاسمی",
              "رحیمی", "نوری", "یوسفی", "اکبری", "عباسی", "حیدری", "مرادی", "کاظمی", "طاهری",
              "فرجی", "شریفی", "بابایی", "سلیمانی", "عزیزی", "رستمی", "نجفی")  # fmt: skip
FATHERS = ("علی", "حسن", "حسین", "محمد", "رضا", "مهدی", "جواد", "قاسم")


@pytest.fixture
def gui_app(qapp: QApplication) -> QApplication:
    configure_application(qapp)
    return qapp


@pytest.fixture
def ctx(gui_app: QApplication, services: Services, db_path: Path) -> Iterator[GuiContext]:
    runner = TaskRunner()
    yield GuiContext(services, runner, db_path)
    runner.wait()


def people(count: int, **overrides: Any) -> list[ParticipantInput]:
    """``count`` (at most 250) people with distinct names; neighbourhoods take turns and every
    other one is a head of household."""
    rows = []
    assert count <= len(LAST_NAMES) * len(FIRST_NAMES)
    combos = itertools.product(LAST_NAMES, FIRST_NAMES)
    for number, (last, first) in zip(range(count), combos, strict=False):
        father = FATHERS[number % len(FATHERS)]
        values: dict[str, Any] = {
            "first_name": first,
            "last_name": last,
            "father_name": father,
            "neighbourhood": ("اسلام‌آباد", "کشتارگاه", "طرزیلو")[number % 3],
            "head_of_household": number % 2 == 0,
        }
        values.update(overrides)
        rows.append(ParticipantInput(**values))
    return rows


@dataclass
class Job:
    function: Callable[[], Any]
    on_done: Callable[[Any], None]
    on_error: Callable[[Exception], None] | None

    def deliver(self) -> None:
        try:
            result = self.function()
        except Exception as error:
            if self.on_error is None:
                raise
            self.on_error(error)
        else:
            self.on_done(result)


class ManualRunner(TaskRunner):
    """Holds jobs until the test delivers them, in any order (to test late results)."""

    def __init__(self) -> None:
        super().__init__()
        self.jobs: list[Job] = []

    def run(
        self,
        function: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None] | None = None,
    ) -> None:
        self.jobs.append(Job(function, on_done, on_error))

    def take(self) -> Job:
        return self.jobs.pop(0)


@pytest.fixture
def make_people() -> Callable[..., list[ParticipantInput]]:
    return people


@pytest.fixture
def manual_runner() -> ManualRunner:
    return ManualRunner()


@pytest.fixture
def manual_ctx(
    gui_app: QApplication, services: Services, db_path: Path, manual_runner: ManualRunner
) -> GuiContext:
    """A context whose background jobs wait until the test delivers them."""
    return GuiContext(services, manual_runner, db_path)


def type_into(widget: QWidget, text: str) -> None:
    """Type ``text`` (any script) as key events; QTest.keyClicks only knows ASCII."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            )


@pytest.fixture
def type_text() -> Callable[[QWidget, str], None]:
    return type_into
