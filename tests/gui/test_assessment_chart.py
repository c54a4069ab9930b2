"""The per-skill progress chart: time runs in the reading direction, the level axis stands on
the reading side, dates are Jalali with Persian digits and never overlap."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.jalali import format_jalali
from desktop.gui.assessments.chart import LevelChart, LevelPoint
from desktop.gui.style import ACCENT_COLOUR

pytest_plugins = ["tests.gui.conftest_registry"]

START = date(2024, 3, 20)  # 1403/01/01


def chart(qtbot: QtBot, direction: Qt.LayoutDirection, points: list[LevelPoint]) -> LevelChart:
    widget = LevelChart()
    widget.setLayoutDirection(direction)
    widget.resize(600, 260)
    qtbot.addWidget(widget)
    widget.set_points(points)
    widget.show()
    return widget


POINTS = [
    LevelPoint(START + timedelta(days=90), 3),
    LevelPoint(START, 1),  # given out of order: drawn oldest first
    LevelPoint(START + timedelta(days=200), 4),
]


def test_right_to_left_time_runs_from_right_to_left(qtbot: QtBot, gui_app: QApplication) -> None:
    widget = chart(qtbot, Qt.LayoutDirection.RightToLeft, POINTS)
    assert [p.level for p in widget.points()] == [1, 3, 4]
    xs = [p.x() for p in widget.point_positions()]
    assert xs[0] > xs[1] > xs[2]  # the first assessment on the right
    area = widget.plot_rect()
    assert area.right() < widget.width() - 60  # room on the right for the level names
    ys = [p.y() for p in widget.point_positions()]
    assert ys[0] > ys[1] > ys[2]  # higher levels higher up
    assert widget.level_y(5) == pytest.approx(area.top())
    assert widget.level_y(1) == pytest.approx(area.bottom())
    # time is to scale: 90 of 200 days
    assert (xs[0] - xs[1]) / (xs[0] - xs[2]) == pytest.approx(0.45)


def test_left_to_right_mirrors(qtbot: QtBot, gui_app: QApplication) -> None:
    widget = chart(qtbot, Qt.LayoutDirection.LeftToRight, POINTS)
    xs = [p.x() for p in widget.point_positions()]
    assert xs[0] < xs[1] < xs[2]
    assert widget.plot_rect().left() > 60


def test_dates_are_jalali_with_persian_digits_and_do_not_overlap(
    qtbot: QtBot, gui_app: QApplication
) -> None:
    crowded = [LevelPoint(START + timedelta(days=n), 1 + n % 5) for n in range(12)]
    widget = chart(qtbot, Qt.LayoutDirection.RightToLeft, crowded)
    labels = widget.date_labels()
    texts = [text for _box, text in labels]
    assert format_jalali(START) == "۱۴۰۳/۰۱/۰۱"
    assert format_jalali(START + timedelta(days=11)) in texts  # the latest, always
    assert format_jalali(START) in texts  # and the first
    assert len(texts) < len(crowded)  # those between that would overlap are left out
    boxes = [box for box, _text in labels]
    for number, box in enumerate(boxes):
        for other in boxes[number + 1 :]:
            assert not box.intersects(other)
    assert not any(char in "0123456789" for char in "".join(texts))


def test_a_single_assessment_sits_in_the_middle_and_is_painted(
    qtbot: QtBot, gui_app: QApplication
) -> None:
    widget = chart(qtbot, Qt.LayoutDirection.RightToLeft, [LevelPoint(START, 2)])
    [position] = widget.point_positions()
    area = widget.plot_rect()
    assert position.x() == pytest.approx(area.center().x())
    image = widget.grab().toImage()
    colour = QColor(image.pixel(round(position.x()), round(position.y())))
    assert colour == QColor(ACCENT_COLOUR)
    assert "۱۴۰۳/۰۱/۰۱: ۲" in widget.toolTip()


def test_empty_chart_says_so(qtbot: QtBot, gui_app: QApplication) -> None:
    widget = chart(qtbot, Qt.LayoutDirection.RightToLeft, [])
    assert widget.point_positions() == [] and widget.date_labels() == []
    assert widget.accessibleDescription() == widget.empty_text
    widget.grab()  # paints without points
