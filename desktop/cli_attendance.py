"""``hamyar workshops sheet`` and ``hamyar workshops report``: the attendance PDFs from a script.

Registered by ``desktop.cli.build_parser`` under the ``workshops`` group::

    hamyar workshops sheet  --db PATH --workshop ID --session N --out FILE.pdf
    hamyar workshops report --db PATH --workshop ID --out FILE.pdf

``--session`` is the session's number as on the schedule (1, 2, …; any digits). A missing
workshop or session prints the reason and exits with 1, writing nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from desktop.cli_common import services_from_args
from desktop.domain.digits import to_ascii_digits
from desktop.domain.errors import N_
from desktop.i18n import format_message


def register(workshops: Any, db: argparse.ArgumentParser) -> None:
    """Add ``sheet`` and ``report`` to the ``workshops`` sub-command group."""
    sheet = workshops.add_parser(
        "sheet", parents=[db], help="blank attendance sign-in sheet of one session (PDF)"
    )
    sheet.add_argument("--workshop", required=True, help="workshop id")
    sheet.add_argument("--session", required=True, help="session number (1, 2, …)")
    sheet.add_argument("--out", type=Path, required=True, help="PDF file to write")
    sheet.set_defaults(handler=cmd_workshops_sheet)
    report = workshops.add_parser(
        "report", parents=[db], help="attendance report of a workshop (PDF)"
    )
    report.add_argument("--workshop", required=True, help="workshop id")
    report.add_argument("--out", type=Path, required=True, help="PDF file to write")
    report.set_defaults(handler=cmd_workshops_report)


def _written(path: Path) -> None:
    sys.stdout.write(format_message(N_("PDF written: {path}"), {"path": str(path)}) + "\n")


def cmd_workshops_sheet(args: argparse.Namespace) -> int:
    from desktop.domain.errors import NotFoundError
    from desktop.pdf.attendance import session_by_number, write_sign_in_sheet
    from desktop.services.workshops import SESSION_NOT_FOUND

    text = to_ascii_digits(str(args.session).strip())
    if not text.isascii() or not text.isdigit():
        raise NotFoundError(SESSION_NOT_FOUND)
    services = services_from_args(args)
    item = session_by_number(services.attendance.grid(args.workshop), int(text))
    _written(write_sign_in_sheet(services, args.workshop, item.id, args.out))
    return 0


def cmd_workshops_report(args: argparse.Namespace) -> int:
    from desktop.pdf.attendance import write_attendance_report

    services = services_from_args(args)
    _written(write_attendance_report(services, args.workshop, args.out))
    return 0
