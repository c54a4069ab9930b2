"""The ``hamyar`` command: the desktop app by default, headless sub-commands for scripts.

Every sub-command takes ``--db PATH`` (or ``HAMYAR_DB``); without it the database lives in the
platform's user data directory. Messages are Persian unless ``--lang en`` or ``HAMYAR_LANG=en``.
Exit codes: 0 success, 1 refused input (with a message saying why), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop import __version__, i18n
from desktop.cli_common import database_from_args, localised, services_from_args, write_out
from desktop.domain.digits import format_number
from desktop.domain.errors import DomainError
from desktop.i18n import _
from desktop.logging_setup import configure_logging
from desktop.paths import default_db_path

log = logging.getLogger("hamyar.cli")

Handler = Callable[[argparse.Namespace], int]


def _db_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        default=os.environ.get("HAMYAR_DB"),
        help="database file (or SQLAlchemy URL); default: $HAMYAR_DB or the user data directory",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    db = _db_parent()
    parser = argparse.ArgumentParser(
        prog="hamyar",
        description="Hamyar: facilitation office records (GUI when run without a command).",
        parents=[db],
    )
    parser.add_argument("--version", action="version", version=f"hamyar {__version__}")
    parser.add_argument("--lang", choices=i18n.LANGUAGES, help="interface language (default fa)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser("init", parents=[db], help="set up a new office database")
    # Required unless --enrolment gives them (checked in cmd_init).
    init.add_argument("--office-code")
    init.add_argument("--office-name")
    init.add_argument("--county")
    init.add_argument("--province")
    init.add_argument("--enrolment", type=Path, help="the province's enrolment file")
    init.add_argument("--manager-username", help="first user (office manager)")
    init.add_argument("--manager-name", help="the manager's full name")
    init.add_argument(
        "--manager-password-env",
        default="HAMYAR_MANAGER_PASSWORD",
        help="environment variable holding the manager's password (never on the command line)",
    )
    init.set_defaults(handler=cmd_init)

    demo = commands.add_parser("demo", parents=[db], help="fill the database with demo data")
    demo.add_argument("--participants", type=int, required=True)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=cmd_demo)

    people = commands.add_parser("participants", help="participant registry").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    imp = people.add_parser("import", parents=[db], help="import a CSV or XLSX list")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    imp.set_defaults(handler=cmd_participants_import)
    search = people.add_parser("search", parents=[db], help="search by name, ID or mobile")
    search.add_argument("query")
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=int, default=50)
    search.set_defaults(handler=cmd_participants_search)
    export = people.add_parser("export", parents=[db], help="export to CSV or XLSX")
    export.add_argument("--out", type=Path, required=True)
    export.set_defaults(handler=cmd_participants_export)

    workshops = commands.add_parser("workshops", help="workshops").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    wlist = workshops.add_parser("list", parents=[db], help="list workshops")
    wlist.add_argument("--json", action="store_true")
    wlist.set_defaults(handler=cmd_workshops_list)
    completion = workshops.add_parser(
        "completion", parents=[db], help="who completed a workshop and why not"
    )
    completion.add_argument("--workshop", required=True, help="workshop id")
    completion.add_argument("--json", action="store_true")
    completion.set_defaults(handler=cmd_workshops_completion)
    from desktop.cli_attendance import register as register_attendance

    register_attendance(workshops, db)

    from desktop.cli_sync import register as register_sync

    register_sync(commands, db)

    from desktop.cli_certificates import register as register_certificates

    register_certificates(commands, db)
    return parser


def cmd_init(args: argparse.Namespace) -> int:
    from desktop.domain.enums import UserRole
    from desktop.services.setup import OfficeInput, UserInput, initialise_office

    manager = None
    if args.manager_username:
        password = os.environ.get(args.manager_password_env, "")
        manager = UserInput(
            username=args.manager_username,
            full_name=args.manager_name or args.manager_username,
            password=password,
            role=UserRole.MANAGER,
        )
    if args.enrolment is not None:
        from desktop.services.sync import initialise_from_enrolment

        actor = initialise_from_enrolment(database_from_args(args), args.enrolment, manager)
        write_out(_("Office {code} is set up.").format(code=actor.office_code))
        return 0
    missing = [
        option
        for option, value in (
            ("--office-code", args.office_code),
            ("--office-name", args.office_name),
            ("--county", args.county),
            ("--province", args.province),
        )
        if not value
    ]
    if missing:
        sys.stderr.write(f"hamyar init: required without --enrolment: {', '.join(missing)}\n")
        return 2
    actor = initialise_office(
        database_from_args(args),
        OfficeInput(
            code=args.office_code,
            name=args.office_name,
            county=args.county,
            province=args.province,
        ),
        manager,
    )
    log.info("initialised office %s", actor.office_code)
    write_out(_("Office {code} is set up.").format(code=actor.office_code))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from desktop.services.demo import generate_demo

    services = services_from_args(args)
    summary = generate_demo(
        services.db, services.actor, participants=args.participants, seed=args.seed
    )
    write_out(
        _(
            "Demo data: {participants} participants, {interviews} interviews, "
            "{assessments} assessments, {workshops} workshops, {enrolments} enrolments, "
            "{attendance} attendance marks, {outcomes} outcomes in {seconds} s."
        ).format(
            participants=localised(summary.participants),
            interviews=localised(summary.interviews),
            assessments=localised(summary.assessments),
            workshops=localised(summary.workshops),
            enrolments=localised(summary.enrolments),
            attendance=localised(summary.attendance),
            outcomes=localised(summary.outcomes),
            seconds=format_number(summary.seconds, persian=i18n.is_persian(), decimals=1),
        )
    )
    return 0


def cmd_participants_import(args: argparse.Namespace) -> int:
    from desktop.services.importing import format_report, import_participants

    services = services_from_args(args)
    report = import_participants(services.participants, args.file, dry_run=args.dry_run)
    write_out(format_report(report))
    return 0 if report.ok else 1


def cmd_participants_search(args: argparse.Namespace) -> int:
    from desktop.domain.jalali import format_jalali

    services = services_from_args(args)
    rows = services.participants.search(args.query, limit=args.limit)
    if args.json:
        payload = [
            {
                "id": str(row.id),
                "first_name": row.first_name,
                "last_name": row.last_name,
                "father_name": row.father_name,
                "national_id": row.national_id,
                "mobile": row.mobile,
                "birth_date": row.birth_date.isoformat() if row.birth_date else None,
                "neighbourhood": row.neighbourhood,
            }
            for row in rows
        ]
        write_out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        born = (
            format_jalali(row.birth_date, persian_digits=i18n.is_persian())
            if row.birth_date
            else "-"
        )
        write_out(
            "  ".join(
                [
                    f"{row.first_name} {row.last_name}",
                    row.father_name or "-",
                    localised(row.national_id or "-"),
                    localised(row.mobile or "-"),
                    born,
                    str(row.id),
                ]
            )
        )
    write_out(_("{count} found.").format(count=localised(len(rows))))
    return 0


def cmd_participants_export(args: argparse.Namespace) -> int:
    from desktop.services.importing import export_participants

    services = services_from_args(args)
    count = export_participants(services.participants, args.out)
    write_out(
        _("{count} participants written to {path}.").format(count=localised(count), path=args.out)
    )
    return 0


def cmd_workshops_list(args: argparse.Namespace) -> int:
    from desktop.domain.jalali import format_jalali

    services = services_from_args(args)
    summaries = services.workshops.summaries()
    if args.json:
        payload = [
            {
                "id": str(s.workshop.id),
                "title": s.workshop.title,
                "skill": s.skill_name_fa,
                "status": s.status.value,
                "start_date": s.workshop.start_date.isoformat(),
                "end_date": s.workshop.end_date.isoformat() if s.workshop.end_date else None,
                "capacity": s.workshop.capacity,
                "enrolled": s.enrolled,
                "waiting": s.waiting,
                "completed": s.completed,
                "sessions": s.sessions,
                "sessions_held": s.sessions_held,
            }
            for s in summaries
        ]
        write_out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for s in summaries:
        write_out(
            "  ".join(
                [
                    s.workshop.title,
                    s.skill_name_fa if i18n.is_persian() else s.skill_name_en,
                    _(s.status.label_msgid),
                    format_jalali(s.workshop.start_date, persian_digits=i18n.is_persian()),
                    _("{enrolled}/{capacity} enrolled, {waiting} waiting").format(
                        enrolled=localised(s.enrolled),
                        capacity=localised(s.workshop.capacity),
                        waiting=localised(s.waiting),
                    ),
                    str(s.workshop.id),
                ]
            )
        )
    write_out(_("{count} workshops.").format(count=localised(len(summaries))))
    return 0


def cmd_workshops_completion(args: argparse.Namespace) -> int:
    services = services_from_args(args)
    rows = services.attendance.completion(args.workshop)
    if args.json:
        payload = [
            {
                "enrolment_id": str(row.enrolment.id),
                "participant_id": str(row.participant.id),
                "name": f"{row.participant.first_name} {row.participant.last_name}",
                "completed": row.result.completed,
                "attendance_share": round(row.tally.share, 4),
                "sessions_held": row.tally.held,
                "attended": row.tally.attended,
                "final_level": row.final_level,
                "reasons": [
                    i18n.format_message(msgid, params) for msgid, params in row.result.reasons
                ],
            }
            for row in rows
        ]
        write_out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        verdict = _("completed") if row.result.completed else _("not completed")
        reasons = "; ".join(i18n.format_message(m, p) for m, p in row.result.reasons)
        name = f"{row.participant.first_name} {row.participant.last_name}"
        write_out(f"{name}: {verdict} {reasons}".rstrip())
    done = sum(1 for row in rows if row.result.completed)
    write_out(
        _("{done} of {total} completed.").format(done=localised(done), total=localised(len(rows)))
    )
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.gui.app import run_gui

    return run_gui(Path(args.db) if args.db else default_db_path(), language=args.lang)


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stderr.reconfigure(encoding="utf-8")  # type: ignore[union-attr]
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.activate(args.lang)
    configure_logging()
    handler: Handler = getattr(args, "handler", cmd_gui)
    started = time.perf_counter()
    try:
        code = handler(args)
    except DomainError as error:
        sys.stderr.write(str(error) + "\n")
        log.info("command %s refused: %s", args.command, type(error).__name__)
        return 1
    log.info("command %s finished in %.2f s", args.command, time.perf_counter() - started)
    return code
