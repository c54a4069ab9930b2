"""``hamyar bundle ...`` (office) and ``hamyar province ...`` (province): USB sync commands.

Registered by ``desktop.cli.build_parser``. Messages are Persian unless ``--lang en``; refusals
print the reason and exit with 1, having changed nothing.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import i18n
from desktop.cli_common import database_from_args, localised, write_err, write_out
from desktop.domain.jalali import format_jalali_moment
from desktop.i18n import _, ngettext

if TYPE_CHECKING:
    from desktop.services.province import ProvinceService


def _listing_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=("open", "decided", "all"), default="open")
    parser.add_argument("--json", action="store_true")


def _decision_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--note", default="")
    parser.add_argument("--by", default=None, help="who decided (default: login name)")


def _moment(moment: datetime) -> str:
    return format_jalali_moment(moment, persian_digits=i18n.language() == "fa")


def _table(name: str) -> str:
    from desktop.sync.rows import TABLE_LABELS

    return _(TABLE_LABELS.get(name, name))


def register(commands: Any, db: argparse.ArgumentParser) -> None:
    """Add the ``bundle`` and ``province`` command groups to the main parser."""
    bundle = commands.add_parser("bundle", help="USB sync: office side").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    export = bundle.add_parser("export", parents=[db], help="write a bundle for the province")
    export.add_argument("--to", type=Path, required=True, help="folder (e.g. the USB stick)")
    export.set_defaults(handler=cmd_bundle_export)
    apply = bundle.add_parser("apply-receipt", parents=[db], help="apply the province's receipt")
    apply.add_argument("file", type=Path)
    apply.set_defaults(handler=cmd_bundle_apply_receipt)
    enrol = bundle.add_parser(
        "enrol", parents=[db], help="link an existing office to its province (enrolment file)"
    )
    enrol.add_argument("file", type=Path)
    enrol.set_defaults(handler=cmd_bundle_enrol)
    status = bundle.add_parser(
        "status", parents=[db], help="province, own key, what the next bundle would carry"
    )
    status.add_argument("--json", action="store_true")
    status.set_defaults(handler=cmd_bundle_status)
    new_key = bundle.add_parser(
        "new-key",
        parents=[db],
        help="the keys folder is lost: retire the office key and make a new one",
    )
    new_key.add_argument("--by", default=None, help="who made it (default: login name)")
    new_key.set_defaults(handler=cmd_bundle_new_key)

    province = commands.add_parser("province", help="USB sync: province side").add_subparsers(
        dest="action", metavar="ACTION", required=True
    )
    init = province.add_parser("init", parents=[db], help="set up a province database")
    init.add_argument("--province", required=True)
    init.set_defaults(handler=cmd_province_init)
    enrol_office = province.add_parser(
        "enrol-office", parents=[db], help="write an office's enrolment file"
    )
    enrol_office.add_argument("--office-code", required=True)
    enrol_office.add_argument("--office-name", required=True)
    enrol_office.add_argument("--county", required=True)
    enrol_office.add_argument("--out", type=Path, required=True)
    enrol_office.set_defaults(handler=cmd_province_enrol_office)
    imp = province.add_parser("import", parents=[db], help="import office bundles")
    imp.add_argument("files", type=Path, nargs="+")
    imp.add_argument(
        "--accept-key",
        action="append",
        default=[],
        metavar="FINGERPRINT",
        help="pin a first bundle's office key after confirming its fingerprint with the office",
    )
    imp.add_argument(
        "--accept-new-key",
        action="append",
        default=[],
        metavar="FINGERPRINT",
        help="re-pin an office that lost its key and made a new one, after confirming the new "
        "fingerprint with the office (the old key stays known as retired)",
    )
    imp.add_argument("--by", default=None, help="who confirmed the key (default: login name)")
    imp.add_argument(
        "--preview", action="store_true", help="show what would change; change nothing"
    )
    imp.set_defaults(handler=cmd_province_import)
    pstatus = province.add_parser("status", parents=[db], help="offices, counters and digests")
    pstatus.add_argument("--json", action="store_true")
    pstatus.set_defaults(handler=cmd_province_status)
    receipt = province.add_parser("receipt", parents=[db], help="write a receipt for an office")
    receipt.add_argument("--office", required=True)
    receipt.add_argument("--to", type=Path, required=True)
    receipt.set_defaults(handler=cmd_province_receipt)
    conflicts = province.add_parser(
        "conflicts", parents=[db], help="rows that arrived in two versions with the same change"
    )
    _listing_options(conflicts)
    conflicts.set_defaults(handler=cmd_province_conflicts)
    decide_conflict = province.add_parser(
        "decide-conflict", parents=[db], help="say which version of a conflicting row is right"
    )
    decide_conflict.add_argument("conflict_id", metavar="ID")
    choice = decide_conflict.add_mutually_exclusive_group(required=True)
    choice.add_argument(
        "--keep", action="store_true", help="the version the province holds is right"
    )
    choice.add_argument("--take", action="store_true", help="the queued version is right")
    _decision_options(decide_conflict)
    decide_conflict.set_defaults(handler=cmd_province_decide_conflict)
    duplicates = province.add_parser(
        "duplicates", parents=[db], help="suspected duplicates across offices"
    )
    _listing_options(duplicates)
    duplicates.set_defaults(handler=cmd_province_duplicates)
    decide_duplicate = province.add_parser(
        "decide-duplicate", parents=[db], help="say whether a suspected duplicate is one person"
    )
    decide_duplicate.add_argument("flag_id", metavar="ID")
    same = decide_duplicate.add_mutually_exclusive_group(required=True)
    same.add_argument("--same", action="store_true", help="the same person")
    same.add_argument("--different", action="store_true", help="different people")
    _decision_options(decide_duplicate)
    decide_duplicate.set_defaults(handler=cmd_province_decide_duplicate)


# --- office -----------------------------------------------------------------------------------


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    result = OfficeSyncService(database_from_args(args)).export(args.to)
    write_out(
        _("Bundle {sequence} written to {path} and verified: {rows} rows.").format(
            sequence=localised(result.sequence), path=result.path, rows=localised(result.total)
        )
    )
    for name, count in result.counts.items():
        write_out(f"  {_table(name)}: {localised(count)}")
    if result.new_epoch:
        write_out(
            _(
                "This database is a restored or copied one, so it started a new installation; "
                "the bundle carries everything not yet acknowledged."
            )
        )
    write_out(_("It counts as delivered only when the province's receipt has been applied."))
    return 0


def cmd_bundle_apply_receipt(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    result = OfficeSyncService(database_from_args(args)).apply_receipt(args.file)
    write_out(
        _("Receipt {sequence} from {province} applied: acknowledged up to change {rev}.").format(
            sequence=localised(result.sequence),
            province=result.province_name,
            rev=localised(result.acked_rev),
        )
    )
    if result.agrees:
        write_out(
            _("The province holds exactly this office's rows (digest {digest}).").format(
                digest=result.province_digest[:16]
            )
        )
    elif result.up_to_date:
        write_out(_("The province's rows differ from this office's (see the rejected rows below)."))
    else:
        write_out(_("Changes made since the last bundle will go in the next one."))
    for row in result.rejected:
        write_out(
            _("Rejected: {table} {row_id}: {reason}").format(
                table=_table(row.table), row_id=row.row_id, reason=row.message
            )
        )
    write_out(
        _(
            "Reference data: {skills} skills, {forms} forms, {keys} new office keys, "
            "{revocations} revoked certificates, {decisions} duplicate decisions."
        ).format(
            skills=localised(result.skills),
            forms=localised(result.forms),
            keys=localised(result.keys_added),
            revocations=localised(result.revocations),
            decisions=localised(result.decisions),
        )
    )
    return 0


def cmd_bundle_enrol(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    enrolment = OfficeSyncService(database_from_args(args)).enrol(args.file)
    write_out(
        _("This office now reports to the province {name} (key {fingerprint}).").format(
            name=enrolment.province.name, fingerprint=enrolment.province.fingerprint
        )
    )
    return 0


def cmd_bundle_new_key(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    made = OfficeSyncService(database_from_args(args)).new_office_key(by=_who(args))
    write_out(
        _("Office {code} has a new signing key: {fingerprint}").format(
            code=made.office_code, fingerprint=made.fingerprint
        )
    )
    write_out(
        _(
            "The old key {previous} is retired: certificates issued with it still verify; new "
            "certificates and bundles use the new key."
        ).format(previous=made.old_fingerprint)
    )
    write_out(
        _(
            "The province refuses bundles signed with the new key until it compares this "
            "fingerprint with you: read it out to the province by phone when you bring the "
            "next bundle. Back up the keys folder of the data directory now."
        )
    )
    return 0


def cmd_bundle_status(args: argparse.Namespace) -> int:
    from desktop.services.setup import open_database
    from desktop.services.sync import OfficeSyncService

    db = database_from_args(args)
    open_database(db)
    overview = OfficeSyncService(db).overview()
    pending, province = overview.pending, overview.province
    last_export = overview.exports[0] if overview.exports else None
    last_receipt = overview.receipts[0] if overview.receipts else None
    if args.json:
        write_out(
            json.dumps(
                {
                    "office_code": overview.office_code,
                    "office_fingerprint": overview.office_fingerprint,
                    "office_key_problem": overview.key_problem,
                    "replaced_fingerprint": overview.replaced_fingerprint,
                    "province": province.name if province else None,
                    "province_fingerprint": province.fingerprint if province else None,
                    "install_id": str(pending.installation_id) if pending else None,
                    "acknowledged_rev": overview.acked_rev,
                    "current_rev": pending.rev_to if pending else None,
                    "pending": pending.counts if pending else {},
                    "pending_rows": pending.total if pending else 0,
                    "exports": len(overview.exports),
                    "exports_waiting": sum(not e.acknowledged for e in overview.exports),
                    "last_export": {
                        "sequence": last_export.sequence,
                        "created_at": last_export.created_at.isoformat(),
                        "file": last_export.file_name,
                        "acknowledged": last_export.acknowledged,
                    }
                    if last_export
                    else None,
                    "receipts": len(overview.receipts),
                    "last_receipt": {
                        "sequence": last_receipt.sequence,
                        "applied_at": last_receipt.applied_at.isoformat(),
                        "agrees": last_receipt.agrees,
                        "rejected": last_receipt.rejected,
                    }
                    if last_receipt
                    else None,
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    write_out(
        _("Office {code}, signing key {fingerprint}").format(
            code=overview.office_code or "-",
            fingerprint=overview.office_fingerprint or _("none yet (made at the first export)"),
        )
    )
    if overview.key_problem is not None:
        write_out(overview.key_problem)
        write_out(
            _(
                "If the keys folder cannot be restored, make a new office key: hamyar bundle "
                "new-key (the province must then accept it)."
            )
        )
    if province is None or pending is None:
        write_out(_("This office is not enrolled with a province yet (hamyar bundle enrol FILE)."))
        return 0
    write_out(
        _("Province {name} (key {fingerprint})").format(
            name=province.name, fingerprint=province.fingerprint
        )
    )
    write_out(
        _("{rows} rows wait for the next bundle (acknowledged up to change {rev}).").format(
            rows=localised(pending.total), rev=localised(pending.rev_from)
        )
    )
    for name, count in pending.counts.items():
        write_out(f"  {_table(name)}: {localised(count)}")
    if last_export is not None:
        write_out(
            _("Bundles written: {count}; the last, {sequence}, on {date}: {state}.").format(
                count=localised(len(overview.exports)),
                sequence=localised(last_export.sequence),
                date=_moment(last_export.created_at),
                state=_("acknowledged by the province")
                if last_export.acknowledged
                else _("waiting for a receipt"),
            )
        )
    if last_receipt is not None:
        write_out(
            _("Receipts applied: {count}; the last, {sequence}: {state}.").format(
                count=localised(len(overview.receipts)),
                sequence=localised(last_receipt.sequence),
                state=_("the province and this office agree")
                if last_receipt.agrees
                else _("the province's rows differ from this office's"),
            )
        )
    return 0


# --- province ---------------------------------------------------------------------------------


def cmd_province_init(args: argparse.Namespace) -> int:
    from desktop.services.province import init_province

    info = init_province(database_from_args(args), args.province)
    write_out(
        _("Province {name} is set up. Its signing key fingerprint is {fingerprint}.").format(
            name=info.name, fingerprint=info.fingerprint
        )
    )
    return 0


def cmd_province_enrol_office(args: argparse.Namespace) -> int:
    from desktop.services.province import ProvinceService

    written = ProvinceService(database_from_args(args)).enrol_office(
        args.office_code, args.office_name, args.county, args.out
    )
    write_out(
        _("Enrolment file for office {code} written to {path}.").format(
            code=written.office_code, path=written.path
        )
    )
    write_out(
        _("The office should see the province key fingerprint {fingerprint}.").format(
            fingerprint=written.province_fingerprint
        )
    )
    return 0


def _print_preview(preview: Any) -> None:
    write_out(
        _(
            "Bundle {sequence} of office {code} ({name}), changes {start} to {end}: {new} new, "
            "{updated} updated, {unchanged} unchanged, {conflicts} conflicts, {rejected} "
            "rejected, {duplicates} suspected duplicates."
        ).format(
            sequence=localised(preview.sequence),
            code=preview.office_code,
            name=preview.office_name,
            start=localised(preview.rev_from),
            end=localised(preview.rev_to),
            new=localised(preview.new),
            updated=localised(preview.updated),
            unchanged=localised(preview.unchanged),
            conflicts=localised(preview.conflicts),
            rejected=localised(len(preview.rejected)),
            duplicates=localised(len(preview.duplicates)),
        )
    )
    for name, counts in preview.tables.items():
        write_out(
            "  "
            + _("{table}: {new} new, {updated} updated, {unchanged} unchanged").format(
                table=_table(name),
                new=localised(counts.new),
                updated=localised(counts.updated),
                unchanged=localised(counts.unchanged),
            )
        )
    for row in preview.rejected[:50]:
        write_out(
            "  "
            + _("Rejected: {table} {row_id}: {reason}").format(
                table=_table(row.table), row_id=row.row_id, reason=row.message
            )
        )
    for duplicate in preview.duplicates[:50]:
        write_out(
            "  "
            + _("Suspected duplicate: {person} and {other} of office {office}").format(
                person=duplicate.participant_id,
                other=duplicate.other_participant_id,
                office=duplicate.other_office,
            )
        )


def cmd_province_import(args: argparse.Namespace) -> int:
    from desktop.domain.errors import DomainError

    service = _opened_province(args)
    failed = 0
    if args.preview:
        for path in args.files:
            try:
                preview = service.preview(path)
            except DomainError as error:
                write_err(f"{path}: {error}")
                failed += 1
                continue
            write_out(str(path))
            _print_preview(preview)
            if preview.key_is_new:
                write_out(
                    _("New office key {fingerprint}: confirm it with the office.").format(
                        fingerprint=preview.key_fingerprint
                    )
                )
            if preview.key_changed:
                write_out(
                    _(
                        "Office {code} signs with a new key {fingerprint} instead of the pinned "
                        "{previous}: confirm it with the office before accepting it."
                    ).format(
                        code=preview.office_code,
                        fingerprint=preview.key_fingerprint,
                        previous=preview.previous_fingerprint,
                    )
                )
        return 1 if failed else 0
    from desktop.sync.errors import KeyChangedError

    outcomes = service.import_bundles(
        args.files,
        accept_keys=args.accept_key,
        accept_new_keys=args.accept_new_key,
        accepted_by=_who(args) if args.accept_key or args.accept_new_key else "",
    )
    for outcome in outcomes:
        if outcome.error is not None:
            write_err(f"{outcome.path}: {outcome.error}")
            if isinstance(outcome.error, KeyChangedError):
                write_err(
                    _(
                        "After comparing the fingerprint with the office: hamyar province "
                        'import --accept-new-key "{fingerprint}" {path}'
                    ).format(fingerprint=outcome.error.fingerprint, path=outcome.path)
                )
            failed += 1
            continue
        assert outcome.preview is not None
        write_out(str(outcome.path))
        _print_preview(outcome.preview)
        if outcome.preview.key_changed:
            write_out(
                _(
                    "Office {code}'s new key {fingerprint} is now pinned; its old key "
                    "{previous} is kept as retired (certificates it signed still verify)."
                ).format(
                    code=outcome.preview.office_code,
                    fingerprint=outcome.preview.key_fingerprint,
                    previous=outcome.preview.previous_fingerprint,
                )
            )
        elif outcome.preview.key_is_new:
            write_out(
                _("Office {code}'s key {fingerprint} is now pinned.").format(
                    code=outcome.preview.office_code,
                    fingerprint=outcome.preview.key_fingerprint,
                )
            )
    return 1 if failed else 0


def cmd_province_status(args: argparse.Namespace) -> int:
    from desktop.services.province import ProvinceService

    service = ProvinceService(database_from_args(args))
    info = service.open()
    offices = service.status()
    if args.json:
        write_out(
            json.dumps(
                {
                    "province": info.name,
                    "province_id": str(info.province_id),
                    "fingerprint": info.fingerprint,
                    "offices": [office.as_json() for office in offices],
                },
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
        )
        return 0
    write_out(
        _("Province {name} (key {fingerprint})").format(
            name=info.name, fingerprint=info.fingerprint
        )
    )
    for office in offices:
        write_out(f"{office.code}  {office.name}  {office.county}")
        write_out(
            "  "
            + _("key: {fingerprint}").format(fingerprint=office.fingerprint or _("not pinned yet"))
        )
        if office.pinned_at is not None:
            write_out("  " + _pinned_text(office.pinned_at, office.pinned_by))
        if office.retired_keys:
            write_out(
                "  "
                + ngettext(
                    "{count} retired key (replaced after a loss)",
                    "{count} retired keys (replaced after a loss)",
                    office.retired_keys,
                ).format(count=localised(office.retired_keys))
            )
        write_out(
            "  "
            + (
                _("receipt encryption key: known")
                if office.receipt_key_known
                else _("receipt encryption key: not known yet (no bundle carried it)")
            )
        )
        write_out(
            "  "
            + _("bundles: {bundles}, last: {last}, acknowledged up to change {rev}").format(
                bundles=localised(office.bundles),
                last=_moment(office.last_bundle_at) if office.last_bundle_at else "-",
                rev=localised(office.acked_rev),
            )
        )
        for name, count in office.counts.items():
            write_out(f"    {_table(name)}: {localised(count)}")
        write_out("  " + _("digest: {digest}").format(digest=office.digest))
        if office.open_conflicts or office.open_duplicates or office.rejected_rows:
            write_out(
                "  "
                + _(
                    "{conflicts} conflicts, {duplicates} suspected duplicates and {rejected} "
                    "rejected rows wait for review."
                ).format(
                    conflicts=localised(office.open_conflicts),
                    duplicates=localised(office.open_duplicates),
                    rejected=localised(office.rejected_rows),
                )
            )
    return 0


def _opened_province(args: argparse.Namespace) -> ProvinceService:
    """The province service over ``--db``, checked to be a province database with its keys."""
    from desktop.services.province import ProvinceService

    service = ProvinceService(database_from_args(args))
    service.open()
    return service


def _pinned_text(pinned_at: datetime, pinned_by: str) -> str:
    if pinned_by:
        return _("pinned on {date} by {who}").format(date=_moment(pinned_at), who=pinned_by)
    return _("pinned on {date}").format(date=_moment(pinned_at))


def cmd_province_receipt(args: argparse.Namespace) -> int:
    service = _opened_province(args)
    summary = service.write_receipt(args.office, args.to)
    write_out(
        _("Receipt {sequence} for office {code} written to {path}.").format(
            sequence=localised(summary.sequence), code=summary.office_code, path=summary.path
        )
    )
    write_out(
        _("Acknowledged up to change {rev}; {rejected} rejected rows; digest {digest}.").format(
            rev=localised(max(summary.acks.values(), default=0)),
            rejected=localised(summary.rejected),
            digest=summary.digest,
        )
    )
    return 0


def _who(args: argparse.Namespace) -> str:
    if args.by is not None:
        return str(args.by)
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container, a service account)
        return ""


def cmd_province_conflicts(args: argparse.Namespace) -> int:
    service = _opened_province(args)
    items = service.conflicts(args.status)
    if args.json:
        write_out(json.dumps([c.as_json() for c in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        write_out(_("No conflicts."))
        return 0
    for c in items:
        write_out(
            _("Conflict {id}: office {code}, {table} {row_id}, change {rev}").format(
                id=c.id,
                code=c.office_code,
                table=_table(c.table),
                row_id=c.row_id,
                rev=localised(c.rev),
            )
        )
        for name in c.changed_fields:
            held = c.current.get(name) if c.current else None
            write_out(
                "  "
                + _("{field}: held {held}, queued {queued}").format(
                    field=name,
                    held=json.dumps(held, ensure_ascii=False),
                    queued=json.dumps(c.snapshot.get(name), ensure_ascii=False),
                )
            )
        if c.status != "open":
            write_out(
                "  "
                + _("decided: {status} by {who} on {date} {note}")
                .format(
                    status=c.status,
                    who=c.decided_by or "-",
                    date=_moment(c.decided_at) if c.decided_at else "-",
                    note=c.note,
                )
                .rstrip()
            )
    return 0


def cmd_province_decide_conflict(args: argparse.Namespace) -> int:
    from desktop.services.province import KEEP_CURRENT, TAKE_QUEUED

    service = _opened_province(args)
    decision = TAKE_QUEUED if args.take else KEEP_CURRENT
    settled = service.decide_conflict(args.conflict_id, decision, args.note, decided_by=_who(args))
    write_out(
        (
            _("Recorded: the queued version is right.")
            if args.take
            else _("Recorded: the version the province holds is right.")
        )
        + " "
        + _(
            "It goes to the office with its next receipt ({count} queued versions settled)."
        ).format(count=localised(settled))
    )
    return 0


def cmd_province_duplicates(args: argparse.Namespace) -> int:
    service = _opened_province(args)
    flags = service.duplicate_flags(args.status)
    if args.json:
        write_out(json.dumps([f.as_json() for f in flags], ensure_ascii=False, indent=2))
        return 0
    if not flags:
        write_out(_("No suspected duplicates."))
        return 0
    for f in flags:
        write_out(
            _("{id}: {office_a} {a} and {office_b} {b} match on {key} ({status})").format(
                id=f.id,
                office_a=f.office_a,
                a=f.participant_a,
                office_b=f.office_b,
                b=f.participant_b,
                key=f.match_key,
                status=f.status,
            )
        )
    return 0


def cmd_province_decide_duplicate(args: argparse.Namespace) -> int:
    service = _opened_province(args)
    decision = "same_person" if args.same else "different_people"
    service.decide_duplicate(args.flag_id, decision, args.note, decided_by=_who(args))
    write_out(_("Decision recorded; it goes to both offices with their next receipts."))
    return 0
