"""Attendance PDFs read back with pdftotext (NFKC): the sign-in sheet of one session and the
workshop's attendance report, in logical Persian order with Persian digits; long workshops split
across pages; the command line writes both."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.cli import main
from desktop.domain.enums import AttendanceMark
from desktop.domain.errors import NotFoundError
from desktop.domain.jalali import format_jalali
from desktop.domain.national_id import national_id_check_digit
from desktop.pdf.attendance import (
    render_attendance_report,
    render_sign_in_sheet,
    write_attendance_report,
    write_sign_in_sheet,
)
from desktop.services.app import Services
from desktop.services.office import office_details
from desktop.services.participants import ParticipantInput
from desktop.services.workshops import WorkshopInput
from tests.pdf.pdftext import in_order, pdf_text, words

TODAY = date.today()
FIRST = ["مریم", "فاطمه", "زهرا", "سمیه", "لیلا", "نرگس", "رقیه", "معصومه"]
LAST = ["رضایی", "احمدی", "محمدی", "حسینی", "کریمی", "موسوی"]
FATHERS = ["علی", "حسن", "حسین", "محمد"]


def national_id(number: int) -> str:
    nine = f"{(271828182 + number * 7919) % 10**9:09d}"
    return nine + str(national_id_check_digit(nine))


def build(services: Services, people: int, sessions: int) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """A workshop that started ``sessions`` days ago (a session every day but Friday), so most
    sessions are held; everyone is present at every held session except the second person,
    absent from all. Returns the workshop and its session ids by date."""
    start = TODAY - timedelta(days=sessions)
    skill = services.skills.skill_by_code("CARPET_WEAVING").id
    workshop = services.workshops.create(
        WorkshopInput(
            title="کارگاه قالیبافی (Carpet Weaving)",
            skill_id=skill,
            capacity=people,
            planned_hours=sessions * 3,
            start_date=start,
            trainer="خانم رحیمی",
            partner_org="جهاد دانشگاهی",
            min_attendance_share=0.75,
        )
    )
    rows = [
        ParticipantInput(
            first_name=FIRST[i % len(FIRST)],
            last_name=LAST[(i // len(FIRST)) % len(LAST)],
            father_name=FATHERS[i % len(FATHERS)],
            national_id=national_id(i),
        )
        for i in range(people)
    ]
    ids = services.participants.register_many(rows)
    enrolments = [r.enrolment.id for r in services.workshops.enrol_many(workshop.id, ids)]
    planned = services.workshops.generate_schedule(
        workshop.id, start=start, weekdays=range(7), count=sessions, hours=3
    )
    for item in planned:
        if item.session_date > TODAY:
            continue
        for number, enrolment in enumerate(enrolments):
            mark = AttendanceMark.ABSENT if number == 1 else AttendanceMark.PRESENT
            services.attendance.mark(item.id, enrolment, mark)
    return workshop.id, [s.id for s in planned]


def pages(pdf: Path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def persian(number: int | str) -> str:
    return str(number).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))


def test_sign_in_sheet_lists_everyone_in_order(services: Services, tmp_path: Path) -> None:
    workshop, sessions = build(services, people=6, sessions=8)
    out = write_sign_in_sheet(services, workshop, sessions[2], tmp_path / "sheet.pdf")
    text = pdf_text(out)
    office = office_details(services.db)
    grid = services.attendance.grid(workshop)
    item = grid.sessions[2]
    assert in_order(office.name, text)
    # pdftotext puts a Latin run at the end of a right-to-left line first: check each run.
    assert in_order("کارگاه قالیبافی", text) and in_order("Carpet Weaving", text)
    assert format_jalali(item.session_date) in text  # Jalali, Persian digits
    assert "خانم رحیمی" in text
    # The layout text has one line per row, columns in visual order (left to right): the row
    # number is rightmost, then name, father's name, national ID, and the signature leftmost.
    lines = pdf_text(out, layout=True).splitlines()
    previous = -1
    for number, person in enumerate(grid.people, start=1):
        at = next(i for i, line in enumerate(lines) if person.full_name in line)
        assert at > previous  # rows in the sheet's order
        previous = at
        row = lines[at]
        nid = persian(person.national_id or "")
        assert row.rstrip().endswith(persian(number))
        assert row.index(nid) < row.index(person.father_name) < row.index(person.full_name)
    assert "1" not in text.replace("hamyar", "")  # no ASCII digits anywhere
    assert pages(out) == 1


def test_sign_in_sheet_of_many_people_continues_numbering(
    services: Services, tmp_path: Path
) -> None:
    workshop, sessions = build(services, people=30, sessions=2)
    out = write_sign_in_sheet(services, workshop, sessions[0], tmp_path / "sheet.pdf")
    assert pages(out) == 2
    text = pdf_text(out)
    grid = services.attendance.grid(workshop)
    last = grid.people[-1]
    row = next(line for line in pdf_text(out, layout=True).splitlines() if last.full_name in line)
    assert row.rstrip().endswith(persian(30))
    # The header is on both pages.
    office = office_details(services.db).name
    assert len([line for line in text.splitlines() if office in line]) == 2


def test_report_has_marks_totals_and_completion(services: Services, tmp_path: Path) -> None:
    workshop, _sessions = build(services, people=4, sessions=6)
    out = write_attendance_report(services, workshop, tmp_path / "report.pdf")
    text = pdf_text(out)
    grid = services.attendance.grid(workshop)
    held = len(grid.held_ids)
    assert held >= 4
    present, absent = grid.people[0], grid.people[1]
    assert present.full_name in text and absent.full_name in text
    # The absent person: every held session absent, 0%, and the reason.
    reason = "میزان حضور ۰٪ است که از حد لازم (۷۵٪) کمتر است."
    # pdftotext misjudges the direction of this line (it starts, visually, with the full stop
    # and a percentage) and scrambles the runs; the words must all be there, and the phrases.
    assert set(words(reason)) <= set(words(text))
    assert in_order("میزان حضور", text) and in_order("از حد لازم", text)
    assert f"{persian(100)}٪" in text  # the others attended everything
    assert in_order(format_jalali(grid.workshop.start_date), text)
    assert "1" not in text


def test_report_of_a_long_workshop_splits_across_pages(services: Services, tmp_path: Path) -> None:
    workshop, _sessions = build(services, people=40, sessions=30)
    out = tmp_path / "report.pdf"
    write_attendance_report(services, workshop, out)
    # 30 sessions do not fit across one landscape page, 40 people not down one.
    assert pages(out) == 4
    text = pdf_text(out)
    grid = services.attendance.grid(workshop)
    for person in grid.people:
        assert person.full_name in text
    # Each person's name is on two pages (one per group of sessions).
    assert text.count(grid.people[0].full_name) >= 2
    layout = pdf_text(out, layout=True).splitlines()
    row = next(line for line in layout if grid.people[-1].full_name in line)
    assert row.rstrip().endswith(persian(40))


def test_render_to_a_stream_and_unknown_session(services: Services, tmp_path: Path) -> None:
    import io

    workshop, _ = build(services, people=2, sessions=2)
    grid = services.attendance.grid(workshop)
    office = office_details(services.db)
    stream = io.BytesIO()
    render_attendance_report(grid, services.attendance.completion(workshop), office, stream)
    assert stream.getvalue().startswith(b"%PDF-")
    with pytest.raises(NotFoundError):
        render_sign_in_sheet(grid, uuid.uuid4(), office, io.BytesIO())


def test_command_line_writes_both(services: Services, db_path: Path, tmp_path: Path) -> None:
    workshop, _ = build(services, people=3, sessions=3)
    services.db.dispose()
    sheet, report = tmp_path / "s.pdf", tmp_path / "r.pdf"
    base = ["workshops", "sheet", "--db", str(db_path), "--workshop", str(workshop)]
    assert main([*base, "--session", "۲", "--out", str(sheet)]) == 0
    assert sheet.read_bytes().startswith(b"%PDF-")
    assert main([*base, "--session", "9", "--out", str(tmp_path / "x.pdf")]) == 1
    assert not (tmp_path / "x.pdf").exists()
    args = ["workshops", "report", "--db", str(db_path), "--workshop", str(workshop)]
    assert main([*args, "--out", str(report)]) == 0
    assert "کارگاه قالیبافی" in pdf_text(report)
