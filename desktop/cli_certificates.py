"""``hamyar certificates …``: issue, verify, list, reprint and revoke certificates from a script.

Registered by ``desktop.cli.build_parser``::

    hamyar certificates issue   --db PATH --workshop ID --out FILE.pdf [--template ID]
                                [--person-dir DIR | --no-person-files]
    hamyar certificates verify  TEXT [--name "NAME AS PRINTED"] [--json] [--db PATH]
    hamyar certificates list    --db PATH [--workshop ID] [--json]
    hamyar certificates reprint --db PATH SERIAL [SERIAL …] --out FILE.pdf
    hamyar certificates revoke  --db PATH SERIAL --reason TEXT

``verify`` exits with 0 only for a valid certificate (1 for forged, revoked, unknown office or
unreadable), so scripts can rely on the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli_common import services_from_args, write_out
from desktop.domain.errors import N_
from desktop.i18n import format_message, is_persian, localise_digits


def register(commands: Any, db: argparse.ArgumentParser) -> None:
    """Add the ``certificates`` command group."""
    group = commands.add_parser("certificates", help="completion certificates").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    issue = group.add_parser(
        "issue", parents=[db], help="issue certificates to everyone eligible in a workshop"
    )
    issue.add_argument("--workshop", required=True, help="workshop id")
    issue.add_argument("--out", type=Path, required=True, help="merged PDF to write")
    issue.add_argument("--template", help="design id (default: the office's choice)")
    files = issue.add_mutually_exclusive_group()
    files.add_argument("--person-dir", type=Path, help="folder for one PDF per person")
    files.add_argument("--no-person-files", action="store_true", help="only the merged PDF")
    issue.set_defaults(handler=cmd_certificates_issue)

    verify = group.add_parser("verify", parents=[db], help="check a certificate's QR text")
    verify.add_argument("text", help="the text read from the QR code")
    verify.add_argument("--name", help="holder's name as printed, to check against the code")
    verify.add_argument("--json", action="store_true")
    verify.set_defaults(handler=cmd_certificates_verify)

    listing = group.add_parser("list", parents=[db], help="list issued certificates")
    listing.add_argument("--workshop", help="only this workshop")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=cmd_certificates_list)

    reprint = group.add_parser(
        "reprint", parents=[db], help="print certificates again, marked as duplicates"
    )
    reprint.add_argument("serials", nargs="+", help="certificate serials")
    reprint.add_argument("--out", type=Path, required=True, help="PDF to write")
    reprint.set_defaults(handler=cmd_certificates_reprint)

    revoke = group.add_parser("revoke", parents=[db], help="revoke a certificate")
    revoke.add_argument("serial")
    revoke.add_argument("--reason", required=True, help="why (recorded and sent to the province)")
    revoke.set_defaults(handler=cmd_certificates_revoke)


def _date(value: Any) -> str:
    from desktop.domain.jalali import format_jalali

    return format_jalali(value, persian_digits=is_persian()) if value is not None else "-"


def cmd_certificates_issue(args: argparse.Namespace) -> int:
    from desktop.services.certificates import IssueProgress

    services = services_from_args(args)

    def progress(step: IssueProgress) -> None:
        sys.stderr.write(
            localise_digits(f"[{step.done}/{step.total}] {step.serial} {step.full_name}") + "\n"
        )

    kwargs: dict[str, Any] = {"template_id": args.template, "on_progress": progress}
    if args.no_person_files:
        kwargs["person_dir"] = None
    elif args.person_dir is not None:
        kwargs["person_dir"] = args.person_dir
    result = services.certificates.issue(args.workshop, args.out, **kwargs)
    write_out(
        format_message(
            N_("{count} certificates issued; merged PDF: {path}"),
            {"count": len(result.issued), "path": str(result.merged_pdf)},
        )
    )
    if result.person_files:
        write_out(
            format_message(
                N_("One PDF per person in {folder}"),
                {"folder": str(result.person_files[0].parent)},
            )
        )
    return 0


def cmd_certificates_verify(args: argparse.Namespace) -> int:
    from desktop.certificates.payload import Verdict

    services = services_from_args(args)
    result = services.certificates.verify(args.text, name=args.name)
    if args.json:
        payload = {
            "verdict": result.verdict.value,
            "serial": result.serial,
            "office_code": result.office_code,
            "office_name": result.office_name,
            "issued_on": result.issued_on.isoformat() if result.issued_on else None,
            "hours": result.hours,
            "skill_code": result.skill_code,
            "skill_name": result.skill_name,
            "workshop_ref": result.workshop_ref,
            "workshop_title": result.workshop_title,
            "holder_name": result.holder_name,
            "name_matches": result.name_matches,
            "key_fingerprint": result.key_fingerprint,
            "revoked_at": result.revoked_at.isoformat() if result.revoked_at else None,
            "revoke_reason": result.revoke_reason,
            "on_record": result.on_record,
        }
        write_out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0 if result.verdict is Verdict.VALID else 1
    write_out(format_message(result.label_msgid, {"office": result.office_code or "-"}))
    if result.problem:
        write_out(format_message(result.problem))
    if result.serial is not None:
        rows = [
            (N_("Serial"), result.serial),
            (N_("Office"), result.office_name or result.office_code),
            (N_("Issued on"), _date(result.issued_on)),
            (N_("Hours"), localise_digits(_hours(result.hours))),
            (N_("Skill"), result.skill_name or result.skill_code),
            (N_("Workshop"), result.workshop_title or result.workshop_ref),
            (N_("Holder"), result.holder_name),
            (N_("Key fingerprint"), result.key_fingerprint),
        ]
        if result.revoked_at is not None:
            rows.append((N_("Revoked on"), _date(result.revoked_at.date())))
            rows.append((N_("Reason"), result.revoke_reason))
        for label, value in rows:
            if value:
                write_out(f"{format_message(label)}: {value}")
        if result.name_matches is not None:
            write_out(
                format_message(
                    N_("The name matches the certificate.")
                    if result.name_matches
                    else N_("The name does NOT match the certificate.")
                )
            )
    return 0 if result.verdict is Verdict.VALID else 1


def _hours(hours: float | None) -> str:
    from desktop.certificates.payload import format_hours

    return format_hours(hours) if hours is not None else ""


def cmd_certificates_list(args: argparse.Namespace) -> int:
    services = services_from_args(args)
    rows = services.certificates.certificates(args.workshop)
    if args.json:
        payload = [
            {
                "id": str(row.id),
                "serial": row.serial,
                "name": row.full_name,
                "workshop_id": str(row.workshop_id),
                "workshop": row.workshop_title,
                "issued_on": row.issued_on.isoformat(),
                "reprints": row.reprints,
                "revoked": row.revoked,
                "revoke_reason": row.revoke_reason,
            }
            for row in rows
        ]
        write_out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        state = format_message(N_("revoked")) if row.revoked else ""
        write_out(
            "  ".join(
                part
                for part in (
                    row.serial,
                    row.full_name,
                    row.workshop_title,
                    _date(row.issued_on),
                    state,
                )
                if part
            )
        )
    write_out(format_message(N_("{count} certificates."), {"count": len(rows)}))
    return 0


def cmd_certificates_reprint(args: argparse.Namespace) -> int:
    services = services_from_args(args)
    done = services.certificates.reprint(args.serials, args.out)
    write_out(
        format_message(
            N_("{count} duplicate copies written to {path}"),
            {"count": len(done), "path": str(args.out)},
        )
    )
    return 0


def cmd_certificates_revoke(args: argparse.Namespace) -> int:
    services = services_from_args(args)
    row = services.certificates.revoke(args.serial, args.reason)
    write_out(format_message(N_("Certificate {serial} is revoked."), {"serial": row.serial}))
    return 0
