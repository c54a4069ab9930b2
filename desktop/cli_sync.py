"""``hamyar bundle ...`` (office) and ``hamyar province ...`` (province): USB sync commands.

Registered by ``desktop.cli.build_parser``. Messages are Persian unless ``--lang en``; refusals
print the reason and exit with 1, having changed nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop import i18n
from desktop.domain.digits import format_number
from desktop.domain.jalali import format_jalali_moment
from desktop.i18n import _, ngettext


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _n(value: int) -> str:
    return format_number(value, persian=i18n.is_persian())


def _database(args: argparse.Namespace) -> Any:
    from desktop.paths import default_db_path
    from desktop.store.engine import Database

    return Database(args.db or default_db_path())


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
    conflicts.add_argument("--status", choices=("open", "decided", "all"), default="open")
    conflicts.add_argument("--json", action="store_true")
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
    decide_conflict.add_argument("--note", default="")
    decide_conflict.add_argument("--by", default=None, help="who decided (default: login name)")
    decide_conflict.set_defaults(handler=cmd_province_decide_conflict)
    duplicates = province.add_parser(
        "duplicates", parents=[db], help="suspected duplicates across offices"
    )
    duplicates.add_argument("--status", choices=("open", "decided", "all"), default="open")
    duplicates.add_argument("--json", action="store_true")
    duplicates.set_defaults(handler=cmd_province_duplicates)
    decide_duplicate = province.add_parser(
        "decide-duplicate", parents=[db], help="say whether a suspected duplicate is one person"
    )
    decide_duplicate.add_argument("flag_id", metavar="ID")
    same = decide_duplicate.add_mutually_exclusive_group(required=True)
    same.add_argument("--same", action="store_true", help="the same person")
    same.add_argument("--different", action="store_true", help="different people")
    decide_duplicate.add_argument("--note", default="")
    decide_duplicate.add_argument("--by", default=None, help="who decided (default: login name)")
    decide_duplicate.set_defaults(handler=cmd_province_decide_duplicate)


# --- office -----------------------------------------------------------------------------------


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    result = OfficeSyncService(_database(args)).export(args.to)
    _out(
        _("Bundle {sequence} written to {path} and verified: {rows} rows.").format(
            sequence=_n(result.sequence), path=result.path, rows=_n(result.total)
        )
    )
    for name, count in result.counts.items():
        _out(f"  {_table(name)}: {_n(count)}")
    if result.new_epoch:
        _out(
            _(
                "This database is a restored or copied one, so it started a new installation; "
                "the bundle carries everything not yet acknowledged."
            )
        )
    _out(_("It counts as delivered only when the province's receipt has been applied."))
    return 0


def cmd_bundle_apply_receipt(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    result = OfficeSyncService(_database(args)).apply_receipt(args.file)
    _out(
        _("Receipt {sequence} from {province} applied: acknowledged up to change {rev}.").format(
            sequence=_n(result.sequence), province=result.province_name, rev=_n(result.acked_rev)
        )
    )
    if result.agrees:
        _out(
            _("The province holds exactly this office's rows (digest {digest}).").format(
                digest=result.province_digest[:16]
            )
        )
    elif result.up_to_date:
        _out(_("The province's rows differ from this office's (see the rejected rows below)."))
    else:
        _out(_("Changes made since the last bundle will go in the next one."))
    for row in result.rejected:
        _out(
            _("Rejected: {table} {row_id}: {reason}").format(
                table=_table(row.table), row_id=row.row_id, reason=row.message
            )
        )
    _out(
        _(
            "Reference data: {skills} skills, {forms} forms, {keys} new office keys, "
            "{revocations} revoked certificates, {decisions} duplicate decisions."
        ).format(
            skills=_n(result.skills),
            forms=_n(result.forms),
            keys=_n(result.keys_added),
            revocations=_n(result.revocations),
            decisions=_n(result.decisions),
        )
    )
    return 0


def cmd_bundle_enrol(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    enrolment = OfficeSyncService(_database(args)).enrol(args.file)
    _out(
        _("This office now reports to the province {name} (key {fingerprint}).").format(
            name=enrolment.province.name, fingerprint=enrolment.province.fingerprint
        )
    )
    return 0


def cmd_bundle_new_key(args: argparse.Namespace) -> int:
    from desktop.services.sync import OfficeSyncService

    made = OfficeSyncService(_database(args)).new_office_key(by=_who(args))
    _out(
        _("Office {code} has a new signing key: {fingerprint}").format(
            code=made.office_code, fingerprint=made.fingerprint
        )
    )
    _out(
        _(
            "The old key {previous} is retired: certificates issued with it still verify; new "
            "certificates and bundles use the new key."
        ).format(previous=made.old_fingerprint)
    )
    _out(
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

    db = _database(args)
    open_database(db)
    overview = OfficeSyncService(db).overview()
    pending, province = overview.pending, overview.province
    last_export = overview.exports[0] if overview.exports else None
    last_receipt = overview.receipts[0] if overview.receipts else None
    if args.json:
        _out(
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
    _out(
        _("Office {code}, signing key {fingerprint}").format(
            code=overview.office_code or "-",
            fingerprint=overview.office_fingerprint or _("none yet (made at the first export)"),
        )
    )
    if overview.key_problem is not None:
        _out(overview.key_problem)
        _out(
            _(
                "If the keys folder cannot be restored, make a new office key: hamyar bundle "
                "new-key (the province must then accept it)."
            )
        )
    if province is None or pending is None:
        _out(_("This office is not enrolled with a province yet (hamyar bundle enrol FILE)."))
        return 0
    _out(
        _("Province {name} (key {fingerprint})").format(
            name=province.name, fingerprint=province.fingerprint
        )
    )
    _out(
        _("{rows} rows wait for the next bundle (acknowledged up to change {rev}).").format(
            rows=_n(pending.total), rev=_n(pending.rev_from)
        )
    )
    for name, count in pending.counts.items():
        _out(f"  {_table(name)}: {_n(count)}")
    if last_export is not None:
        _out(
            _("Bundles written: {count}; the last, {sequence}, on {date}: {state}.").format(
                count=_n(len(overview.exports)),
                sequence=_n(last_export.sequence),
                date=_moment(last_export.created_at),
                state=_("acknowledged by the province")
                if last_export.acknowledged
                else _("waiting for a receipt"),
            )
        )
    if last_receipt is not None:
        _out(
            _("Receipts applied: {count}; the last, {sequence}: {state}.").format(
                count=_n(len(overview.receipts)),
                sequence=_n(last_receipt.sequence),
                state=_("the province and this office agree")
                if last_receipt.agrees
                else _("the province's rows differ from this office's"),
            )
        )
    return 0


# --- province ---------------------------------------------------------------------------------


def cmd_province_init(args: argparse.Namespace) -> int:
    from desktop.services.province import init_province

    info = init_province(_database(args), args.province)
    _out(
        _("Province {name} is set up. Its signing key fingerprint is {fingerprint}.").format(
            name=info.name, fingerprint=info.fingerprint
        )
    )
    return 0


def cmd_province_enrol_office(args: argparse.Namespace) -> int:
    from desktop.services.province import ProvinceService

    written = ProvinceService(_database(args)).enrol_office(
        args.office_code, args.office_name, args.county, args.out
    )
    _out(
        _("Enrolment file for office {code} written to {path}.").format(
            code=written.office_code, path=written.path
        )
    )
    _out(
        _("The office should see the province key fingerprint {fingerprint}.").format(
            fingerprint=written.province_fingerprint
        )
    )
    return 0


def _print_preview(preview: Any) -> None:
    _out(
        _(
            "Bundle {sequence} of office {code} ({name}), changes {start} to {end}: {new} new, "
            "{updated} updated, {unchanged} unchanged, {conflicts} conflicts, {rejected} "
            "rejected, {duplicates} suspected duplicates."
        ).format(
            sequence=_n(preview.sequence),
            code=preview.office_code,
            name=preview.office_name,
            start=_n(preview.rev_from),
            end=_n(preview.rev_to),
            new=_n(preview.new),
            updated=_n(preview.updated),
            unchanged=_n(preview.unchanged),
            conflicts=_n(preview.conflicts),
            rejected=_n(len(preview.rejected)),
            duplicates=_n(len(preview.duplicates)),
        )
    )
    for name, counts in preview.tables.items():
        _out(
            "  "
            + _("{table}: {new} new, {updated} updated, {unchanged} unchanged").format(
                table=_table(name),
                new=_n(counts.new),
                updated=_n(counts.updated),
                unchanged=_n(counts.unchanged),
            )
        )
    for row in preview.rejected[:50]:
        _out(
            "  "
            + _("Rejected: {table} {row_id}: {reason}").format(
                table=_table(row.table), row_id=row.row_id, reason=row.message
            )
        )
    for duplicate in preview.duplicates[:50]:
        _out(
            "  "
            + _("Suspected duplicate: {person} and {other} of office {office}").format(
                person=duplicate.participant_id,
                other=duplicate.other_participant_id,
                office=duplicate.other_office,
            )
        )


def cmd_province_import(args: argparse.Namespace) -> int:
    from desktop.domain.errors import DomainError
    from desktop.services.province import ProvinceService

    service = ProvinceService(_database(args))
    service.open()
    failed = 0
    if args.preview:
        for path in args.files:
            try:
                preview = service.preview(path)
            except DomainError as error:
                _err(f"{path}: {error}")
                failed += 1
                continue
            _out(str(path))
            _print_preview(preview)
            if preview.key_is_new:
                _out(
                    _("New office key {fingerprint}: confirm it with the office.").format(
                        fingerprint=preview.key_fingerprint
                    )
                )
            if preview.key_changed:
                _out(
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
            _err(f"{outcome.path}: {outcome.error}")
            if isinstance(outcome.error, KeyChangedError):
                _err(
                    _(
                        "After comparing the fingerprint with the office: hamyar province "
                        'import --accept-new-key "{fingerprint}" {path}'
                    ).format(fingerprint=outcome.error.fingerprint, path=outcome.path)
                )
            failed += 1
            continue
        assert outcome.preview is not None
        _out(str(outcome.path))
        _print_preview(outcome.preview)
        if outcome.preview.key_changed:
            _out(
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
            _out(
                _("Office {code}'s key {fingerprint} is now pinned.").format(
                    code=outcome.preview.office_code,
                    fingerprint=outcome.preview.key_fingerprint,
                )
            )
    return 1 if failed else 0


def cmd_province_status(args: argparse.Namespace) -> int:
    from desktop.services.province import ProvinceService

    service = ProvinceService(_database(args))
    info = service.open()
    offices = service.status()
    if args.json:
        _out(
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
    _out(
        _("Province {name} (key {fingerprint})").format(
            name=info.name, fingerprint=info.fingerprint
        )
    )
    for office in offices:
        _out(f"{office.code}  {office.name}  {office.county}")
        _out(
            "  "
            + _("key: {fingerprint}").format(fingerprint=office.fingerprint or _("not pinned yet"))
        )
        if office.pinned_at is not None:
            _out("  " + _pinned_text(office.pinned_at, office.pinned_by))
        if office.retired_keys:
            _out(
                "  "
                + ngettext(
                    "{count} retired key (replaced after a loss)",
                    "{count} retired keys (replaced after a loss)",
                    office.retired_keys,
                ).format(count=_n(office.retired_keys))
            )
        _out(
            "  "
            + (
                _("receipt encryption key: known")
                if office.receipt_key_known
                else _("receipt encryption key: not known yet (no bundle carried it)")
            )
        )
        _out(
            "  "
            + _("bundles: {bundles}, last: {last}, acknowledged up to change {rev}").format(
                bundles=_n(office.bundles),
                last=_moment(office.last_bundle_at) if office.last_bundle_at else "-",
                rev=_n(office.acked_rev),
            )
        )
        for name, count in office.counts.items():
            _out(f"    {_table(name)}: {_n(count)}")
        _out("  " + _("digest: {digest}").format(digest=office.digest))
        if office.open_conflicts or office.open_duplicates or office.rejected_rows:
            _out(
                "  "
                + _(
                    "{conflicts} conflicts, {duplicates} suspected duplicates and {rejected} "
                    "rejected rows wait for review."
                ).format(
                    conflicts=_n(office.open_conflicts),
                    duplicates=_n(office.open_duplicates),
                    rejected=_n(office.rejected_rows),
                )
            )
    return 0


def _pinned_text(pinned_at: datetime, pinned_by: str) -> str:
    if pinned_by:
        return _("pinned on {date} by {who}").format(date=_moment(pinned_at), who=pinned_by)
    return _("pinned on {date}").format(date=_moment(pinned_at))


def cmd_province_receipt(args: argparse.Namespace) -> int:
    from desktop.services.province import ProvinceService

    service = ProvinceService(_database(args))
    service.open()
    summary = service.write_receipt(args.office, args.to)
    _out(
        _("Receipt {sequence} for office {code} written to {path}.").format(
            sequence=_n(summary.sequence), code=summary.office_code, path=summary.path
        )
    )
    _out(
        _("Acknowledged up to change {rev}; {rejected} rejected rows; digest {digest}.").format(
            rev=_n(max(summary.acks.values(), default=0)),
            rejected=_n(summary.rejected),
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
    from desktop.services.province import ProvinceService

    service = ProvinceService(_database(args))
    service.open()
    items = service.conflicts(args.status)
    if args.json:
        _out(json.dumps([c.as_json() for c in items], ensure_ascii=False, indent=2))
        return 0
    if not items:
        _out(_("No conflicts."))
        return 0
    for c in items:
        _out(
            _("Conflict {id}: office {code}, {table} {row_id}, change {rev}").format(
                id=c.id, code=c.office_code, table=_table(c.table), row_id=c.row_id, rev=_n(c.rev)
            )
        )
        for name in c.changed_fields:
            held = c.current.get(name) if c.current else None
            _out(
                "  "
                + _("{field}: held {held}, queued {queued}").format(
                    field=name,
                    held=json.dumps(held, ensure_ascii=False),
                    queued=json.dumps(c.snapshot.get(name), ensure_ascii=False),
                )
            )
        if c.status != "open":
            _out(
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
    from desktop.services.province import KEEP_CURRENT, TAKE_QUEUED, ProvinceService

    service = ProvinceService(_database(args))
    service.open()
    decision = TAKE_QUEUED if args.take else KEEP_CURRENT
    settled = service.decide_conflict(args.conflict_id, decision, args.note, decided_by=_who(args))
    _out(
        (
            _("Recorded: the queued version is right.")
            if args.take
            else _("Recorded: the version the province holds is right.")
        )
        + " "
        + _(
            "It goes to the office with its next receipt ({count} queued versions settled)."
        ).format(count=_n(settled))
    )
    return 0


def cmd_province_duplicates(args: argparse.Namespace) -> int:
    from desktop.services.province import ProvinceService

    service = ProvinceService(_database(args))
    service.open()
    flags = service.duplicate_flags(args.status)
    if args.json:
        _out(json.dumps([f.as_json() for f in flags], ensure_ascii=False, indent=2))
        return 0
    if not flags:
        _out(_("No suspected duplicates."))
        return 0
    for f in flags:
        _out(
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
    from desktop.services.province import ProvinceService

    service = ProvinceService(_database(args))
    service.open()
    decision = "same_person" if args.same else "different_people"
    service.decide_duplicate(args.flag_id, decision, args.note, decided_by=_who(args))
    _out(_("Decision recorded; it goes to both offices with their next receipts."))
    return 0
