"""Receipts: the province tells an office what it holds; the office applies it all-or-nothing.

A receipt carries the acknowledged counter per installation, the rows the province could not
accept (with reasons), the digest and row counts of what the province holds for the office,
and reference data: the skill taxonomy with rubrics, intake forms, the keyring of office keys
(for certificate verification), revoked certificates and decisions on suspected duplicates.

Rejected rows, decisions and the chosen versions of decided conflicts can name people, so
everything but what routes and verifies the file (office, province, receipt id, sequence, time,
digests) is encrypted to the office's age recipient, which the province learnt from the office's
signed bundles. The signature covers the manifest and, through its digest, the encrypted payload.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.domain.errors import N_, render
from desktop.domain.forms import FormDefinition
from desktop.services.taxonomy import seed_taxonomy
from desktop.store.base import utcnow
from desktop.store.models import (
    Certificate,
    CertificateRevocation,
    DuplicateDecision,
    DuplicateFlag,
    Installation,
    ProvinceInstall,
    ProvinceOffice,
    ReceivedForm,
    Skill,
    SkillCriterion,
    SyncAck,
    SyncReceipt,
    SyncRejectedRow,
)
from desktop.sync import sealed
from desktop.sync.decisions import apply_decisions, decisions_for_office, parse_decisions
from desktop.sync.digest import office_digest
from desktop.sync.envelope import RECEIPT, pack, read_file
from desktop.sync.errors import (
    DamagedFileError,
    NotEnrolledError,
    ReplayError,
    SignatureError,
    SyncError,
    WrongPeerError,
)
from desktop.sync.keyring import apply_keyring, keyring_entries, parse_keyring
from desktop.sync.keys import ProvinceKeys, office_identities, province_link
from desktop.sync.rows import display_params

RECEIPT_SUFFIX = ".hamyar-receipt"


def taxonomy_data(session: Session) -> dict[str, Any]:
    """The province's taxonomy in the shape of ``resources/skills/taxonomy.json``."""
    criteria: dict[uuid.UUID, list[SkillCriterion]] = {}
    for criterion in session.scalars(
        select(SkillCriterion).order_by(SkillCriterion.skill_id, SkillCriterion.position)
    ):
        criteria.setdefault(criterion.skill_id, []).append(criterion)
    skills = []
    for skill in session.scalars(select(Skill).order_by(Skill.code)):
        skills.append(
            {
                "code": skill.code,
                "category": skill.category,
                "name_fa": skill.name_fa,
                "name_en": skill.name_en,
                "active": skill.active,
                "criteria": [
                    {
                        "code": c.code,
                        "name_fa": c.name_fa,
                        "name_en": c.name_en,
                        "weight": c.weight,
                    }
                    for c in criteria.get(skill.id, [])
                ],
            }
        )
    return {"skills": skills}


def forms_data() -> list[dict[str, Any]]:
    import json

    from desktop.resources import resources_root

    forms = []
    for path in sorted((resources_root() / "forms").glob("*/v*.json")):
        definition = json.loads(path.read_text(encoding="utf-8-sig"))
        forms.append(
            {
                "form_id": definition["form_id"],
                "version": definition["version"],
                "definition": definition,
            }
        )
    return forms


@dataclass(frozen=True)
class ReceiptSummary:
    """What a written receipt says (for the province's CLI and Sync page)."""

    path: Path
    receipt_id: uuid.UUID
    office_code: str
    sequence: int
    acks: dict[str, int]
    digest: str
    counts: dict[str, int]
    rejected: int


@dataclass(frozen=True)
class BuiltReceipt:
    """A receipt's bytes and what it says (the province keeps no copy of the contents)."""

    data: bytes
    receipt_id: uuid.UUID
    sequence: int
    acks: dict[str, int]
    digest: str
    counts: dict[str, int]
    rejected: int


def build_receipt(session: Session, keys: ProvinceKeys, office_code: str) -> BuiltReceipt:
    from desktop.sync.merge import one_province_writer_at_a_time

    # One consistent view (acks, rejections, digest) and a sequence number of its own.
    one_province_writer_at_a_time(session)
    office = session.get(ProvinceOffice, office_code)
    if office is None:
        raise NotEnrolledError(
            N_("Office {code} is not enrolled in this province; enrol it first."),
            code=office_code,
        )
    recipient = office.age_recipient
    if recipient is None or not sealed.valid_recipient(recipient):
        raise SyncError(
            N_(
                "No receipt can be written for office {code} yet: receipts are encrypted to the "
                "office, and no bundle from it has brought its encryption key. Import a bundle "
                "the office made with this version of Hamyar first."
            ),
            code=office_code,
        )
    acks = {
        str(install.id): install.acked_rev
        for install in session.scalars(
            select(ProvinceInstall).where(ProvinceInstall.office_code == office_code)
        )
    }
    held = office_digest(session, office_code)
    rejected = [
        {
            "table": row.table_name,
            "row_id": row.row_id,
            "rev": row.rev,
            "reason": row.reason,
            "params": row.params,
            "waiting": row.snapshot is not None,
        }
        for row in session.scalars(
            select(SyncRejectedRow)
            .where(SyncRejectedRow.office_code == office_code)
            .order_by(SyncRejectedRow.table_name, SyncRejectedRow.row_id)
        )
    ]
    keyring = keyring_entries(session)
    revoked = [
        {
            "serial": c.serial,
            "office_code": c.origin_office,
            "revoked_at": c.revoked_at.isoformat() if c.revoked_at else None,
            "reason": c.revoke_reason,
        }
        for c in session.scalars(
            select(Certificate)
            .where(Certificate.revoked_at.is_not(None))
            .order_by(Certificate.serial)
        )
    ]
    decisions = []
    for flag in session.scalars(
        select(DuplicateFlag)
        .where(
            DuplicateFlag.status != "open",
            or_(DuplicateFlag.office_a == office_code, DuplicateFlag.office_b == office_code),
        )
        .order_by(DuplicateFlag.id)
    ):
        ours_is_a = flag.office_a == office_code
        decisions.append(
            {
                "id": str(flag.id),
                "kind": flag.kind,
                "participant_id": str(flag.participant_a if ours_is_a else flag.participant_b),
                "other_participant_id": str(
                    flag.participant_b if ours_is_a else flag.participant_a
                ),
                "other_office": flag.office_b if ours_is_a else flag.office_a,
                "decision": flag.status,
                "decided_at": (flag.decided_at or flag.created_at).isoformat(),
                "note": flag.note,
            }
        )
    office.receipts_written += 1
    receipt_id = uuid.uuid4()
    contents: dict[str, Any] = {
        "province_name": keys.name,
        "acks": acks,
        "held": {"digest": held.digest, "counts": held.counts},
        "rejected": rejected,
        "reference": {
            "taxonomy": taxonomy_data(session),
            "forms": forms_data(),
            "keyring": keyring,
            "revoked_certificates": revoked,
            "duplicate_decisions": decisions,
            "conflict_decisions": decisions_for_office(session, office_code),
        },
    }
    payload, content_sha256 = sealed.seal(contents, recipient)
    # Only what routes and verifies the file is readable without the office's identity.
    manifest: dict[str, Any] = {
        "receipt_id": str(receipt_id),
        "sequence": office.receipts_written,
        "province_id": str(keys.province_id),
        "office_code": office_code,
        "created_at": utcnow().isoformat() + "Z",
        "content": {
            "encoding": sealed.ENCODING,
            "sha256": content_sha256,
            "recipient": recipient,
        },
    }
    return BuiltReceipt(
        data=pack(RECEIPT, manifest, keys.signing, payload),
        receipt_id=receipt_id,
        sequence=office.receipts_written,
        acks=acks,
        digest=held.digest,
        counts=held.counts,
        rejected=len(rejected),
    )


# --- office side ------------------------------------------------------------------------------


@dataclass(frozen=True)
class RejectedInReceipt:
    table: str
    row_id: str
    rev: int
    msgid: str
    params: dict[str, Any]
    waiting: bool

    @property
    def message(self) -> str:
        return render(self.msgid, display_params(self.params))


@dataclass(frozen=True)
class ReceiptResult:
    """What applying a receipt did (pure data for the Sync page and the CLI)."""

    receipt_id: uuid.UUID
    sequence: int
    province_name: str
    acked_rev: int
    province_digest: str
    office_digest: str
    province_counts: dict[str, int]
    up_to_date: bool
    rejected: list[RejectedInReceipt] = field(default_factory=list)
    skills: int = 0
    forms: int = 0
    keys_added: int = 0
    keys_retired: int = 0  # keys the province says an office replaced (lost keys)
    revocations: int = 0
    decisions: int = 0
    conflicts_decided: int = 0  # conflict decisions the receipt carried
    conflicts_rewritten: int = 0  # rows re-saved here with the version the province chose
    conflicts_waiting: int = 0  # chosen versions that could not be applied here

    @property
    def agrees(self) -> bool:
        return self.province_digest == self.office_digest


def _damaged() -> DamagedFileError:
    return DamagedFileError(N_("The receipt is damaged or incomplete."))


def _open_contents(payload: bytes, manifest: dict[str, Any], office_code: str) -> dict[str, Any]:
    """Decrypt the receipt's contents in memory with this office's age identities."""
    content = manifest.get("content")
    if not isinstance(content, dict) or content.get("encoding") != sealed.ENCODING:
        raise _damaged()
    identities = office_identities(office_code)
    mine = {str(identity.to_public()) for identity in identities}
    try:
        if content.get("recipient") not in mine:
            raise sealed.NotForUsError
        return sealed.unseal(payload, identities, content.get("sha256"))
    except sealed.NotForUsError:
        raise WrongPeerError(
            N_(
                "This receipt was encrypted for another office's key, not this office's, so it "
                "cannot be opened; nothing was changed. If this office's keys folder was lost or "
                "replaced, export a new bundle, have the province import it and write a new "
                "receipt."
            )
        ) from None
    except sealed.BadContentError:
        raise _damaged() from None


def apply_receipt(session: Session, path: Path) -> ReceiptResult:
    """Verify and apply a receipt inside the caller's transaction (all of it or none)."""
    link = province_link(session)
    if link is None:
        raise NotEnrolledError(
            N_("This office is not enrolled with a province, so it cannot take a receipt.")
        )
    installation = session.scalar(select(Installation).where(Installation.is_current))
    assert installation is not None
    signed = read_file(Path(path), RECEIPT)
    manifest = signed.manifest
    if manifest.get("province_id") != str(link.province_id):
        raise WrongPeerError(
            N_("This receipt comes from another province, not {province}."), province=link.name
        )
    if signed.signer_key != link.signing_key or not signed.signed_by(link.signing_key):
        raise SignatureError(
            N_("The receipt's signature is not the province's: it was altered. Nothing applied.")
        )
    if manifest.get("office_code") != installation.office_code:
        raise WrongPeerError(
            N_("This receipt is for office {other}, not for this office ({code})."),
            other=str(manifest.get("office_code")),
            code=installation.office_code,
        )
    if not signed.payload_intact():
        raise _damaged()
    contents = _open_contents(signed.payload or b"", manifest, installation.office_code)
    try:
        receipt_id = uuid.UUID(str(manifest["receipt_id"]))
        sequence = int(manifest["sequence"])
        created_at = datetime.fromisoformat(str(manifest["created_at"]).rstrip("Z"))
        acks = {uuid.UUID(k): int(v) for k, v in dict(contents["acks"]).items()}
        held = dict(contents["held"])
        held_digest = str(held["digest"])
        held_counts = {str(k): int(v) for k, v in dict(held["counts"]).items()}
        rejected = [
            RejectedInReceipt(
                str(r["table"]),
                str(r["row_id"]),
                int(r["rev"]),
                str(r["reason"]),
                dict(r["params"]),
                bool(r.get("waiting")),
            )
            for r in contents["rejected"]
        ]
        reference = dict(contents["reference"])
        taxonomy = dict(reference["taxonomy"])
        forms = [
            (str(f["form_id"]), int(f["version"]), dict(f["definition"]))
            for f in reference["forms"]
        ]
        for _form_id, _version, definition in forms:
            FormDefinition.from_dict(definition)
        keyring = parse_keyring(reference["keyring"])
        revoked = [
            (
                str(r["serial"]),
                str(r["office_code"]),
                datetime.fromisoformat(str(r["revoked_at"])),
                str(r.get("reason") or ""),
            )
            for r in reference["revoked_certificates"]
        ]
        decisions = [dict(d) for d in reference["duplicate_decisions"]]
        for decision in decisions:
            uuid.UUID(str(decision["id"]))
            uuid.UUID(str(decision["participant_id"]))
            uuid.UUID(str(decision["other_participant_id"]))
            datetime.fromisoformat(str(decision["decided_at"]))
        # Receipts of older provinces have no conflict decisions.
        conflict_decisions = parse_decisions(
            reference.get("conflict_decisions"), installation.office_code
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _damaged() from None
    except Exception as error:  # a form that does not validate
        from desktop.domain.errors import DomainError

        if isinstance(error, DomainError):
            raise _damaged() from None
        raise
    if session.get(SyncReceipt, receipt_id) is not None:
        raise ReplayError(N_("This receipt was already applied; nothing was changed."))
    last_sequence = session.scalar(
        select(SyncReceipt.sequence).order_by(SyncReceipt.sequence.desc()).limit(1)
    )
    if last_sequence is not None and sequence <= last_sequence:
        raise ReplayError(
            N_(
                "This receipt ({sequence}) is older than one already applied ({last}); nothing "
                "was changed."
            ),
            sequence=sequence,
            last=last_sequence,
        )
    from desktop.sync.export import acknowledged_rev, installation_chain

    chain = installation_chain(session, installation)
    now = utcnow()
    for install_id, rev in acks.items():
        row = session.get(SyncAck, install_id)
        if row is None:
            session.add(
                SyncAck(install_id=install_id, acked_rev=rev, receipt_id=receipt_id, updated_at=now)
            )
        elif rev > row.acked_rev:
            row.acked_rev = rev
            row.receipt_id = receipt_id
            row.updated_at = now
    session.flush()
    acked = acknowledged_rev(session, chain)
    resolved = apply_decisions(session, conflict_decisions)
    up_to_date = installation.last_rev <= acked and not resolved.rewritten
    mine = office_digest(session, installation.office_code)
    skills = seed_taxonomy(session, taxonomy) if taxonomy.get("skills") else 0
    for form_id, version, definition in forms:
        existing = session.get(ReceivedForm, (form_id, version))
        if existing is None:
            session.add(
                ReceivedForm(
                    form_id=form_id, version=version, definition=definition, received_at=now
                )
            )
        else:
            existing.definition = definition
    keys = apply_keyring(session, keyring)
    for serial, office_code, revoked_at, reason in revoked:
        revocation = session.get(CertificateRevocation, serial)
        if revocation is None:
            session.add(
                CertificateRevocation(
                    serial=serial,
                    office_code=office_code,
                    revoked_at=revoked_at,
                    reason=reason,
                    received_at=now,
                )
            )
        else:
            revocation.revoked_at, revocation.reason = revoked_at, reason
    for decision in decisions:
        decision_id = uuid.UUID(str(decision["id"]))
        values = {
            "participant_id": uuid.UUID(str(decision["participant_id"])),
            "other_participant_id": uuid.UUID(str(decision["other_participant_id"])),
            "other_office": str(decision["other_office"]),
            "kind": str(decision["kind"]),
            "decision": str(decision["decision"]),
            "decided_at": datetime.fromisoformat(str(decision["decided_at"])),
            "note": str(decision.get("note") or ""),
        }
        row_decision = session.get(DuplicateDecision, decision_id)
        if row_decision is None:
            session.add(DuplicateDecision(id=decision_id, **values))
        else:
            for key, value in values.items():
                setattr(row_decision, key, value)
    session.add(
        SyncReceipt(
            id=receipt_id,
            sequence=sequence,
            created_at=created_at,
            applied_at=now,
            province_digest=held_digest,
            office_digest=mine.digest,
            rejected=[
                {
                    "table": r.table,
                    "row_id": r.row_id,
                    "rev": r.rev,
                    "reason": r.msgid,
                    "params": r.params,
                }
                for r in rejected
            ],
        )
    )
    session.flush()
    return ReceiptResult(
        receipt_id=receipt_id,
        sequence=sequence,
        province_name=str(contents.get("province_name") or link.name),
        acked_rev=acked,
        province_digest=held_digest,
        office_digest=mine.digest,
        province_counts=held_counts,
        up_to_date=up_to_date,
        rejected=rejected,
        skills=skills,
        forms=len(forms),
        keys_added=keys.added,
        keys_retired=keys.retired,
        revocations=len(revoked),
        decisions=len(decisions),
        conflicts_decided=len(conflict_decisions),
        conflicts_rewritten=resolved.rewritten,
        conflicts_waiting=resolved.waiting,
    )
