"""Attendance PDFs: a blank sign-in sheet for one session and the attendance report of a workshop.

* :func:`render_sign_in_sheet` (A4 portrait): the office, workshop and session (number, Jalali
  date, weekday, time) at the top, then numbered rows with name, father's name, national ID and
  an empty signature column; the header repeats on every page; signature lines for the trainer
  and the facilitator at the end.
* :func:`render_attendance_report` (A4 landscape): people × sessions with the marks (the same
  letters as on screen: ح present, غ absent, ع excused, ت late), the totals per person and per
  session, the share attended and the completion status with its reasons. When the sessions do
  not fit across one page they are split into column groups, and rows into row groups; every page
  repeats the names, the totals and the status, and says which sessions and rows it holds.

Everything is drawn right to left with :mod:`desktop.pdf.persian` (shaping, bidi reordering,
fitting). :func:`write_sign_in_sheet` and :func:`write_attendance_report` read what they need
through the services and write the file (call them off the GUI thread).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from desktop.domain.digits import format_number
from desktop.domain.enums import AttendanceMark
from desktop.domain.errors import N_, NotFoundError
from desktop.domain.jalali import format_jalali, to_jalali
from desktop.fileio import atomic_output
from desktop.i18n import _, format_message, is_persian
from desktop.pdf import persian
from desktop.pdf.fonts import register_fonts
from desktop.services.app import Services
from desktop.services.attendance import (
    AttendanceGrid,
    CompletionRow,
    GridPerson,
    GridSession,
    SessionState,
)
from desktop.services.office import OfficeDetails, office_details
from desktop.services.workshops import SESSION_NOT_FOUND

Output = Path | BinaryIO

# The letters of the marks, as on the sheet on screen (the keys that enter them).
MARK_LETTERS: dict[AttendanceMark, str] = {
    AttendanceMark.PRESENT: "ح",
    AttendanceMark.ABSENT: "غ",
    AttendanceMark.EXCUSED: "ع",
    AttendanceMark.LATE: "ت",
}
MARK_LETTERS_EN: dict[AttendanceMark, str] = {
    AttendanceMark.PRESENT: "P",
    AttendanceMark.ABSENT: "A",
    AttendanceMark.EXCUSED: "E",
    AttendanceMark.LATE: "L",
}
WEEKDAY_MSGIDS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

INK = (0.12, 0.12, 0.14)
RULE = (0.55, 0.57, 0.6)
HEADER_FILL = (0.9, 0.92, 0.93)
CANCELLED_FILL = (0.82, 0.83, 0.85)
UPCOMING_FILL = (0.95, 0.95, 0.96)
BELOW_FILL = (1.0, 0.9, 0.86)
MUTED = (0.45, 0.47, 0.5)


def _digits() -> bool:
    return is_persian()


def _letter(mark: AttendanceMark) -> str:
    return (MARK_LETTERS if is_persian() else MARK_LETTERS_EN)[mark]


def _number(value: int | float) -> str:
    return format_number(value, persian=is_persian(), group=False)


def _percent(share: float) -> str:
    whole = int(share * 100 + 1e-9)
    return f"{_number(whole)}٪" if is_persian() else f"{whole}%"


def _date(value: date) -> str:
    return format_jalali(value, persian_digits=is_persian())


def _weekday_date(value: date) -> str:
    return f"{_(WEEKDAY_MSGIDS[value.weekday()])} {_date(value)}"


def _printed_on(today: date) -> str:
    return format_message(N_("Printed by Hamyar on {date}"), {"date": _date(today)})


@dataclass(frozen=True)
class _Column:
    """A table column, laid out from the right edge of the page leftwards."""

    key: str
    title: str
    width: float
    x: float = 0.0  # left edge, set by _place

    @property
    def right(self) -> float:
        return self.x + self.width


def _place(columns: Sequence[_Column], right_edge: float) -> list[_Column]:
    placed = []
    x = right_edge
    for column in columns:
        x -= column.width
        placed.append(_Column(column.key, column.title, column.width, x))
    return placed


class _Page:
    """Small drawing helpers over one ReportLab canvas."""

    def __init__(self, canvas: Canvas, width: float, height: float, margin: float) -> None:
        fonts = register_fonts()
        self.canvas = canvas
        self.width = width
        self.height = height
        self.margin = margin
        self.regular = fonts.regular
        self.bold = fonts.bold
        self.medium = fonts.medium

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin

    def ink(self, colour: tuple[float, float, float] = INK) -> None:
        self.canvas.setFillColorRGB(*colour)

    def centred(self, y: float, text: str, size: float, *, bold: bool = False) -> None:
        font = self.bold if bold else self.regular
        fitted = persian.fit(
            text, font, size, self.right - self.left, max_lines=2, persian_digits=_digits()
        )
        persian.draw_fitted(
            self.canvas,
            fitted,
            self.left,
            y + fitted.ascent,
            self.right - self.left,
            align="centre",
        )

    def cell(
        self,
        text: str,
        x: float,
        y: float,
        width: float,
        height: float,
        size: float,
        *,
        bold: bool = False,
        align: persian.Align = "centre",
        fill: tuple[float, float, float] | None = None,
        colour: tuple[float, float, float] = INK,
        max_lines: int | None = 1,
        min_size: float | None = None,
    ) -> None:
        """A bordered cell with ``text`` fitted inside (bottom-left corner x, y)."""
        canvas = self.canvas
        if fill is not None:
            canvas.setFillColorRGB(*fill)
            canvas.rect(x, y, width, height, stroke=0, fill=1)
        canvas.setStrokeColorRGB(*RULE)
        canvas.setLineWidth(0.5)
        canvas.rect(x, y, width, height, stroke=1, fill=0)
        if text:
            self.ink(colour)
            pad = min(3.0, width / 6)
            persian.draw_box(
                canvas,
                text,
                x + pad,
                y + 1,
                width - 2 * pad,
                height - 2,
                self.bold if bold else self.regular,
                size,
                min_size=min_size if min_size is not None else size * 0.6,
                max_lines=max_lines,
                align=align,
                valign="middle",
                leading=1.2,
                persian_digits=_digits(),
            )
            self.ink()

    def footer(self, page: int, pages: int, note: str, today: date) -> None:
        self.ink(MUTED)
        y = self.margin * 0.55
        persian.draw_right(
            self.canvas,
            self.right,
            y,
            format_message(N_("Page {page} of {pages}"), {"page": page, "pages": pages}),
            self.regular,
            8,
            persian_digits=_digits(),
        )
        if note:
            persian.draw_centred(
                self.canvas, self.width / 2, y, note, self.regular, 8, persian_digits=_digits()
            )
        persian.draw_left(
            self.canvas,
            self.left,
            y,
            _printed_on(today),
            self.regular,
            8,
            persian_digits=_digits(),
        )
        self.ink()


def _workshop_details(grid: AttendanceGrid) -> str:
    workshop = grid.workshop
    parts = []
    if workshop.trainer:
        parts.append(format_message(N_("Trainer: {name}"), {"name": workshop.trainer}))
    if workshop.partner_org:
        parts.append(format_message(N_("With: {name}"), {"name": workshop.partner_org}))
    if workshop.place:
        parts.append(format_message(N_("Place: {name}"), {"name": workshop.place}))
    return "   ".join(parts)


# --- the sign-in sheet ------------------------------------------------------------------------

SIGN_IN_ROW = 27.0
SIGN_IN_HEADER_ROW = 22.0


def render_sign_in_sheet(
    grid: AttendanceGrid, session_id: uuid.UUID, office: OfficeDetails, out: Output
) -> None:
    """A blank sign-in sheet for one session of ``grid`` (see the module docstring)."""
    item = next((s for s in grid.sessions if s.id == session_id), None)
    if item is None:
        raise NotFoundError(SESSION_NOT_FOUND)
    width, height = A4
    canvas = Canvas(out, pagesize=A4)
    canvas.setTitle(format_message(N_("Sign-in sheet: {title}"), {"title": grid.workshop.title}))
    canvas.setAuthor(office.name)
    page = _Page(canvas, width, height, 36)
    columns = _place(
        [
            _Column("number", _("No."), 30),
            _Column("name", _("Full name"), 150),
            _Column("father", _("Father's name"), 95),
            _Column("national_id", _("National ID"), 85),
            _Column("signature", _("Signature"), page.right - page.left - 360),
        ],
        page.right,
    )
    top_of_table = height - 36 - 118
    room = top_of_table - SIGN_IN_HEADER_ROW
    # Every page down to the footer; the last one also keeps room for the two signatures.
    full = max(1, int((room - 36 - 20) / SIGN_IN_ROW))
    last = max(1, int((room - 36 - 70) / SIGN_IN_ROW))
    chunks = _chunks(list(grid.people), full, last)
    pages = len(chunks)
    first_number = 1
    for number, chunk in enumerate(chunks):
        _sign_in_header(page, grid, item, office)
        y = top_of_table - SIGN_IN_HEADER_ROW
        for column in columns:
            page.cell(
                column.title,
                column.x,
                y,
                column.width,
                SIGN_IN_HEADER_ROW,
                9,
                bold=True,
                fill=HEADER_FILL,
            )
        for offset, person in enumerate(chunk):
            y -= SIGN_IN_ROW
            values = {
                "number": _number(first_number + offset),
                "name": person.full_name,
                "father": person.father_name,
                "national_id": person.national_id or "",
                "signature": "",
            }
            for column in columns:
                align: persian.Align = "right" if column.key in ("name", "father") else "centre"
                page.cell(
                    values[column.key], column.x, y, column.width, SIGN_IN_ROW, 10, align=align
                )
        first_number += len(chunk)
        if number == pages - 1:
            _closing_signatures(page, y - 34)
        page.footer(number + 1, pages, grid.workshop.title, grid.today)
        canvas.showPage()
    canvas.save()


def _sign_in_header(
    page: _Page, grid: AttendanceGrid, item: GridSession, office: OfficeDetails
) -> None:
    top = page.height - page.margin
    page.ink()
    page.centred(top - 14, office.name, 12, bold=True)
    page.centred(top - 36, _("Attendance sign-in sheet"), 16, bold=True)
    page.centred(top - 58, grid.workshop.title, 13)
    session_line = format_message(
        N_("Session {number}: {date}, from {time} for {hours} hours"),
        {
            "number": item.number,
            "date": _weekday_date(item.session_date),
            "time": item.start_time,
            "hours": _number(int(item.hours) if item.hours.is_integer() else item.hours),
        },
    )
    persian.draw_right(
        page.canvas,
        page.right,
        top - 84,
        session_line,
        page.medium,
        11,
        persian_digits=_digits(),
    )
    details = _workshop_details(grid)
    if details:
        persian.draw_right(
            page.canvas,
            page.right,
            top - 102,
            details,
            page.regular,
            9,
            persian_digits=_digits(),
        )
    if item.state is SessionState.CANCELLED:
        page.ink((0.7, 0.1, 0.1))
        persian.draw_left(
            page.canvas,
            page.left,
            top - 84,
            _("This session was cancelled."),
            page.bold,
            11,
            persian_digits=_digits(),
        )
        page.ink()


def _closing_signatures(page: _Page, y: float) -> None:
    half = (page.right - page.left) / 2
    for index, label in enumerate((_("Trainer's signature"), _("Facilitator's signature"))):
        right = page.right - index * half
        persian.draw_right(page.canvas, right, y, label, page.medium, 10, persian_digits=_digits())
        page.canvas.setStrokeColorRGB(*RULE)
        page.canvas.setDash(1, 2)
        page.canvas.line(right - half + 20, y - 22, right - 10, y - 22)
        page.canvas.setDash()


# --- the attendance report --------------------------------------------------------------------

REPORT_ROW = 18.0
REPORT_HEADER_ROW = 26.0
SESSION_WIDTH = 21.0
COUNT_WIDTH = 19.0


def render_attendance_report(
    grid: AttendanceGrid, completion: Sequence[CompletionRow], office: OfficeDetails, out: Output
) -> None:
    """People × sessions with marks, totals and completion status (see the module docstring)."""
    width, height = landscape(A4)
    canvas = Canvas(out, pagesize=(width, height))
    title = format_message(N_("Attendance report: {title}"), {"title": grid.workshop.title})
    canvas.setTitle(title)
    canvas.setAuthor(office.name)
    page = _Page(canvas, width, height, 28)
    results = {row.enrolment.id: row for row in completion}

    fixed = [
        _Column("number", _("No."), 22),
        _Column("name", _("Full name"), 118),
    ]
    totals = [
        *(_Column(mark.value, _letter(mark), COUNT_WIDTH) for mark in _COUNT_ORDER),
        _Column("share", _("Attended"), 34),
        _Column("status", _("Completion"), 165),
    ]
    fixed_width = sum(c.width for c in fixed) + sum(c.width for c in totals)
    per_page = max(1, int((page.right - page.left - fixed_width) // SESSION_WIDTH))
    sessions = list(grid.sessions)
    # As many column groups as needed, of even size (30 sessions at 19 a page: 15 + 15).
    groups = max(1, math.ceil(len(sessions) / per_page))
    size = max(1, math.ceil(len(sessions) / groups))
    session_groups = [sessions[i : i + size] for i in range(0, len(sessions), size)] or [[]]

    top_of_table = height - 28 - 100
    bottom = 28 + 34
    rows_per_page = max(1, int((top_of_table - REPORT_HEADER_ROW - bottom) / REPORT_ROW) - 1)
    people = list(grid.people)
    row_groups = [people[i : i + rows_per_page] for i in range(0, len(people), rows_per_page)]
    row_groups = row_groups or [[]]
    pages = len(session_groups) * len(row_groups)
    number = 0
    for row_index, row_group in enumerate(row_groups):
        for group in session_groups:
            number += 1
            _report_header(page, grid, office)
            columns = _place(
                [
                    *fixed,
                    *(_Column(str(s.id), "", SESSION_WIDTH) for s in group),
                    *totals,
                ],
                page.right,
            )
            y = top_of_table
            _report_table(
                page,
                grid,
                group,
                columns,
                row_group,
                row_index * rows_per_page,
                results,
                y,
                with_totals=row_index == len(row_groups) - 1,
            )
            note = ""
            if len(session_groups) > 1 and group:
                note = format_message(
                    N_("Sessions {first} to {last}"),
                    {"first": group[0].number, "last": group[-1].number},
                )
            _report_legend(page)
            page.footer(number, pages, note, grid.today)
            canvas.showPage()
    canvas.save()


_COUNT_ORDER = (
    AttendanceMark.PRESENT,
    AttendanceMark.LATE,
    AttendanceMark.EXCUSED,
    AttendanceMark.ABSENT,
)


def _report_header(page: _Page, grid: AttendanceGrid, office: OfficeDetails) -> None:
    top = page.height - page.margin
    workshop = grid.workshop
    page.ink()
    page.centred(top - 12, office.name, 11, bold=True)
    page.centred(top - 32, _("Attendance report"), 15, bold=True)
    page.centred(top - 52, workshop.title, 12)
    held = len(grid.held_ids)
    parts = [
        format_message(
            N_("{sessions} sessions, {held} held so far"),
            {"sessions": len(grid.sessions), "held": held},
        ),
        format_message(
            N_("from {start} to {end}"),
            {
                "start": _date(workshop.start_date),
                "end": _date(workshop.end_date) if workshop.end_date else "—",
            },
        ),
    ]
    if workshop.min_attendance_share is not None:
        parts.append(
            format_message(
                N_("minimum attendance {share}"), {"share": _percent(workshop.min_attendance_share)}
            )
        )
    if workshop.min_level is not None:
        parts.append(
            format_message(N_("minimum final level {level}"), {"level": workshop.min_level})
        )
    line = ("، " if is_persian() else ", ").join(parts)
    persian.draw_right(
        page.canvas, page.right, top - 76, line, page.regular, 9, persian_digits=_digits()
    )
    details = _workshop_details(grid)
    if details:
        persian.draw_right(
            page.canvas, page.right, top - 90, details, page.regular, 9, persian_digits=_digits()
        )


def _session_fill(item: GridSession) -> tuple[float, float, float] | None:
    if item.state is SessionState.CANCELLED:
        return CANCELLED_FILL
    if item.state is SessionState.UPCOMING:
        return UPCOMING_FILL
    return None


def _report_table(
    page: _Page,
    grid: AttendanceGrid,
    group: Sequence[GridSession],
    columns: Sequence[_Column],
    people: Sequence[GridPerson],
    first_row: int,
    results: dict[uuid.UUID, CompletionRow],
    top: float,
    *,
    with_totals: bool,
) -> None:
    by_key = {c.key: c for c in columns}
    y = top - REPORT_HEADER_ROW
    for column in columns:
        if column.key in by_key and column.title:
            page.cell(
                column.title,
                column.x,
                y,
                column.width,
                REPORT_HEADER_ROW,
                8,
                bold=True,
                fill=HEADER_FILL,
                max_lines=2,
            )
    for item in group:
        column = by_key[str(item.id)]
        _year, month, day = to_jalali(item.session_date)
        text = f"{_number(item.number)}\n{_number(month)}/{_number(day)}"
        colour = INK if item.state is SessionState.HELD else MUTED
        page.cell(
            text,
            column.x,
            y,
            column.width,
            REPORT_HEADER_ROW,
            7,
            fill=HEADER_FILL,
            colour=colour,
            max_lines=2,
            min_size=5,
        )
    for offset, person in enumerate(people):
        enrolment_id = person.enrolment_id
        y -= REPORT_ROW
        result = results.get(enrolment_id)
        tally = grid.tally(enrolment_id)
        below = (
            grid.workshop.min_attendance_share is not None
            and tally.held > 0
            and tally.share < grid.workshop.min_attendance_share - 1e-9
        )
        page.cell(
            _number(first_row + offset + 1),
            by_key["number"].x,
            y,
            by_key["number"].width,
            REPORT_ROW,
            8,
        )
        page.cell(
            person.full_name,
            by_key["name"].x,
            y,
            by_key["name"].width,
            REPORT_ROW,
            8.5,
            align="right",
            fill=BELOW_FILL if below else None,
        )
        for item in group:
            column = by_key[str(item.id)]
            mark = grid.marks.get((enrolment_id, item.id))
            page.cell(
                _letter(mark) if mark else "",
                column.x,
                y,
                column.width,
                REPORT_ROW,
                8.5,
                bold=True,
                fill=_session_fill(item),
            )
        counts = {
            AttendanceMark.PRESENT: tally.present,
            AttendanceMark.LATE: tally.late,
            AttendanceMark.EXCUSED: tally.excused,
            AttendanceMark.ABSENT: tally.absent,
        }
        for mark in _COUNT_ORDER:
            column = by_key[mark.value]
            page.cell(_number(counts[mark]), column.x, y, column.width, REPORT_ROW, 8)
        share = by_key["share"]
        page.cell(
            _percent(tally.share) if tally.held else "—",
            share.x,
            y,
            share.width,
            REPORT_ROW,
            8,
            bold=True,
            fill=BELOW_FILL if below else None,
        )
        status = by_key["status"]
        page.cell(
            _status_text(result),
            status.x,
            y,
            status.width,
            REPORT_ROW,
            7.5,
            align="right",
            max_lines=2,
            min_size=5,
        )
    if with_totals:
        _report_totals(page, grid, group, by_key, results, y - REPORT_ROW)


def _report_totals(
    page: _Page,
    grid: AttendanceGrid,
    group: Sequence[GridSession],
    by_key: dict[str, _Column],
    results: dict[uuid.UUID, CompletionRow],
    y: float,
) -> None:
    """The totals row (on the last rows of the table): attended per session, the sums of the
    counts, and how many complete."""
    page.cell("", by_key["number"].x, y, by_key["number"].width, REPORT_ROW, 8, fill=HEADER_FILL)
    page.cell(
        _("Attended per session"),
        by_key["name"].x,
        y,
        by_key["name"].width,
        REPORT_ROW,
        8,
        bold=True,
        align="right",
        fill=HEADER_FILL,
    )
    for item in group:
        column = by_key[str(item.id)]
        counts = grid.session_counts(item.id)
        text = ""
        if item.state is SessionState.HELD:
            text = _number(counts[AttendanceMark.PRESENT] + counts[AttendanceMark.LATE])
        page.cell(text, column.x, y, column.width, REPORT_ROW, 8, bold=True, fill=HEADER_FILL)
    tallies = [grid.tally(p.enrolment_id) for p in grid.people]
    sums = {
        AttendanceMark.PRESENT: sum(t.present for t in tallies),
        AttendanceMark.LATE: sum(t.late for t in tallies),
        AttendanceMark.EXCUSED: sum(t.excused for t in tallies),
        AttendanceMark.ABSENT: sum(t.absent for t in tallies),
    }
    for mark in _COUNT_ORDER:
        column = by_key[mark.value]
        page.cell(
            _number(sums[mark]),
            column.x,
            y,
            column.width,
            REPORT_ROW,
            8,
            bold=True,
            fill=HEADER_FILL,
        )
    completed = sum(1 for r in results.values() if r.result.completed)
    share, status = by_key["share"], by_key["status"]
    page.cell("", share.x, y, share.width, REPORT_ROW, 8, fill=HEADER_FILL)
    page.cell(
        format_message(
            N_("{completed} of {people} complete"),
            {"completed": completed, "people": len(grid.people)},
        ),
        status.x,
        y,
        status.width,
        REPORT_ROW,
        8,
        bold=True,
        align="right",
        fill=HEADER_FILL,
    )


def _chunks(people: list[GridPerson], full: int, last: int) -> list[list[GridPerson]]:
    """Pages of ``full`` rows, the last of at most ``last`` rows (a page is added if needed)."""
    chunks = [people[i : i + full] for i in range(0, len(people), full)] or [[]]
    if len(chunks[-1]) > last:
        tail = chunks.pop()
        chunks += [tail[:last], tail[last:]] if last < len(tail) else [tail]
    return chunks


def _status_text(row: CompletionRow | None) -> str:
    if row is None:
        return ""
    if row.result.completed:
        return _("Meets the completion rule")
    return " ".join(format_message(msgid, params) for msgid, params in row.result.reasons)


def _report_legend(page: _Page) -> None:
    parts = [f"{_letter(mark)} {_(mark.label_msgid)}" for mark in MARK_LETTERS]
    legend = ("، " if is_persian() else ", ").join(parts)
    legend += "   " + _("Grey columns: cancelled sessions and sessions still to come.")
    page.ink(MUTED)
    persian.draw_right(
        page.canvas, page.right, page.margin + 10, legend, page.regular, 8, persian_digits=_digits()
    )
    page.ink()


# --- reading and writing through the services ---------------------------------------------------


def write_sign_in_sheet(
    services: Services, workshop_id: uuid.UUID | str, session_id: uuid.UUID | str, out: Path
) -> Path:
    """Read the workshop and write the sign-in sheet of ``session_id`` to ``out``."""
    grid = services.attendance.grid(workshop_id)
    office = office_details(services.db)
    wanted = uuid.UUID(str(session_id)) if not isinstance(session_id, uuid.UUID) else session_id
    with atomic_output(out) as stream:  # a half-written PDF never replaces a good one
        render_sign_in_sheet(grid, wanted, office, stream)
    return out


def write_attendance_report(services: Services, workshop_id: uuid.UUID | str, out: Path) -> Path:
    """Read the workshop, its completion and the office, and write the report to ``out``."""
    grid = services.attendance.grid(workshop_id)
    completion = services.attendance.completion(workshop_id)
    office = office_details(services.db)
    with atomic_output(out) as stream:
        render_attendance_report(grid, completion, office, stream)
    return out


def session_by_number(grid: AttendanceGrid, number: int) -> GridSession:
    for item in grid.sessions:
        if item.number == number:
            return item
    raise NotFoundError(SESSION_NOT_FOUND)
