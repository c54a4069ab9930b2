"""A small chart of one skill's levels over time, painted with QPainter.

The level axis (1…5, with the level names) stands on the reading side: the right in Persian.
Time runs in the reading direction too, so in Persian the first assessment is on the right and
the latest on the left. Dates are Jalali with Persian digits; when date labels would overlap,
the first and the latest are kept and the ones between are left out.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.domain.jalali import format_jalali
from desktop.domain.levels import LEVEL_MAX, LEVEL_MIN, LEVEL_NAMES
from desktop.gui.style import ACCENT_COLOUR, MUTED_COLOUR
from desktop.i18n import _, is_persian, localise_digits

GRID_COLOUR = "#dfe3e8"
AXIS_COLOUR = "#9aa0a6"
POINT_RADIUS = 4.5
LABEL_GAP = 8.0  # the least space between two date labels


@dataclass(frozen=True)
class LevelPoint:
    when: date
    level: int


class LevelChart(QWidget):
    """``set_points([...])`` with the assessments of one skill, in any order."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._points: list[LevelPoint] = []
        self.empty_text = _("No assessment of this skill yet.")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumHeight(160)

    # --- data ----------------------------------------------------------------------------

    def set_points(self, points: Sequence[LevelPoint]) -> None:
        self._points = sorted(points, key=lambda point: point.when)
        summary = ", ".join(
            f"{self._date_text(p.when)}: {localise_digits(p.level)}" for p in self._points
        )
        self.setToolTip(summary)
        self.setAccessibleDescription(summary or self.empty_text)
        self.update()

    def points(self) -> list[LevelPoint]:
        return list(self._points)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        return QSize(420, 220)

    # --- geometry (public for tests) -------------------------------------------------------

    def _rtl(self) -> bool:
        return self.layoutDirection() == Qt.LayoutDirection.RightToLeft

    @staticmethod
    def _date_text(when: date) -> str:
        return format_jalali(when, persian_digits=is_persian())

    def _level_label(self, level: int) -> str:
        name = LEVEL_NAMES.get(level)
        return f"{localise_digits(level)} {_(name)}" if name else localise_digits(level)

    def plot_rect(self) -> QRectF:
        """The area the points are drawn in (axis labels sit outside it)."""
        metrics = QFontMetricsF(self.font())
        axis_width = max(
            metrics.horizontalAdvance(self._level_label(level))
            for level in range(LEVEL_MIN, LEVEL_MAX + 1)
        )
        date_width = metrics.horizontalAdvance(self._date_text(date(2024, 3, 20)))
        margin = 10.0
        axis_side = axis_width + 2 * margin
        other_side = date_width / 2 + margin  # room for the half of the outermost date label
        top = metrics.height() / 2 + margin
        bottom = metrics.height() + 2 * margin
        left, right = (other_side, axis_side) if self._rtl() else (axis_side, other_side)
        return QRectF(
            left,
            top,
            max(self.width() - left - right, 10.0),
            max(self.height() - top - bottom, 10.0),
        )

    def level_y(self, level: int, rect: QRectF | None = None) -> float:
        area = rect or self.plot_rect()
        share = (level - LEVEL_MIN) / (LEVEL_MAX - LEVEL_MIN)
        return area.bottom() - share * area.height()

    def point_positions(self) -> list[QPointF]:
        """Where each point (oldest first) is drawn."""
        area = self.plot_rect()
        if not self._points:
            return []
        first, last = self._points[0].when, self._points[-1].when
        span = (last - first).days
        positions = []
        inset = min(16.0, area.width() / 4)
        usable = area.width() - 2 * inset
        for point in self._points:
            share = 0.5 if span == 0 else (point.when - first).days / span
            if self._rtl():
                share = 1 - share
            x = area.left() + inset + share * usable
            positions.append(QPointF(x, self.level_y(point.level, area)))
        return positions

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt's name)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setLayoutDirection(self.layoutDirection())
        area = self.plot_rect()
        metrics = QFontMetricsF(self.font())
        self._paint_levels(painter, area, metrics)
        if not self._points:
            painter.setPen(QColor(MUTED_COLOUR))
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        positions = self.point_positions()
        painter.setPen(QPen(QColor(ACCENT_COLOUR), 2))
        for start, end in itertools.pairwise(positions):
            painter.drawLine(start, end)
        painter.setBrush(QColor(ACCENT_COLOUR))
        painter.setPen(QPen(QColor("white"), 1.5))
        for position in positions:
            painter.drawEllipse(position, POINT_RADIUS, POINT_RADIUS)
        self._paint_dates(painter, area, metrics, positions)
        painter.end()

    def _paint_levels(self, painter: QPainter, area: QRectF, metrics: QFontMetricsF) -> None:
        height = metrics.height()
        for level in range(LEVEL_MIN, LEVEL_MAX + 1):
            y = self.level_y(level, area)
            painter.setPen(QPen(QColor(GRID_COLOUR), 1))
            painter.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            painter.setPen(QColor(MUTED_COLOUR))
            if self._rtl():
                label = QRectF(area.right() + 10, y - height / 2, self.width(), height)
                align = Qt.AlignmentFlag.AlignLeft  # next to the plot, on its right
            else:
                label = QRectF(0, y - height / 2, area.left() - 10, height)
                align = Qt.AlignmentFlag.AlignRight
            painter.drawText(
                label,
                align | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter,
                self._level_label(level),
            )
        painter.setPen(QPen(QColor(AXIS_COLOUR), 1))
        axis_x = area.right() if self._rtl() else area.left()
        painter.drawLine(QPointF(axis_x, area.top()), QPointF(axis_x, area.bottom()))
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(), area.bottom()))

    def date_labels(self) -> list[tuple[QRectF, str]]:
        """The date labels that fit, oldest first: the first and the latest always."""
        area = self.plot_rect()
        metrics = QFontMetricsF(self.font())
        positions = self.point_positions()
        boxes: list[tuple[QRectF, str]] = []
        for point, position in zip(self._points, positions, strict=True):
            text = self._date_text(point.when)
            width = metrics.horizontalAdvance(text)
            boxes.append(
                (
                    QRectF(position.x() - width / 2, area.bottom() + 6, width, metrics.height()),
                    text,
                )
            )
        if not boxes:
            return []
        kept = [boxes[-1]]
        if len(boxes) > 1 and not _overlap(boxes[0][0], boxes[-1][0]):
            kept.insert(0, boxes[0])
        for box in boxes[1:-1]:
            if not any(_overlap(box[0], other[0]) for other in kept):
                kept.append(box)
        return kept

    def _paint_dates(
        self,
        painter: QPainter,
        area: QRectF,
        metrics: QFontMetricsF,
        positions: Sequence[QPointF],
    ) -> None:
        painter.setPen(QColor(MUTED_COLOUR))
        for box, text in self.date_labels():
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(QPen(QColor(AXIS_COLOUR), 1))
        for position in positions:
            painter.drawLine(
                QPointF(position.x(), area.bottom()), QPointF(position.x(), area.bottom() + 4)
            )


def _overlap(a: QRectF, b: QRectF) -> bool:
    return a.left() < b.right() + LABEL_GAP and b.left() < a.right() + LABEL_GAP


__all__ = ["LevelChart", "LevelPoint"]
