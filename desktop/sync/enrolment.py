"""Enrolment files: the province tells an office who it is and who the province is.

The file is signed by the province's key, which it carries; the office trusts it because it was
handed over in person (the wizard shows the province's fingerprint to compare). It holds the
province's public keys (signing and age) and the office's identity (code, name, county).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.signing import b64decode, fingerprint
from desktop.domain.errors import N_
from desktop.store.base import utcnow
from desktop.store.models import ProvinceIdentity
from desktop.sync.envelope import ENROLMENT, pack, read_file
from desktop.sync.errors import DamagedFileError, SignatureError, WrongPeerError
from desktop.sync.keys import ProvinceKeys, ProvincePublic, ensure_office_identity


@dataclass(frozen=True)
class Enrolment:
    """What an enrolment file says, after its signature was checked."""

    enrolment_id: uuid.UUID
    province: ProvincePublic
    office_code: str
    office_name: str
    county: str
    province_name: str
    created_at: str


def make_enrolment(keys: ProvinceKeys, *, office_code: str, office_name: str, county: str) -> bytes:
    manifest: dict[str, Any] = {
        "enrolment_id": str(uuid.uuid4()),
        "created_at": utcnow().isoformat() + "Z",
        "province": {
            "id": str(keys.province_id),
            "name": keys.name,
            "signing_key": keys.signing.public_b64,
            "fingerprint": keys.signing.fingerprint,
            "age_recipient": keys.recipient,
        },
        "office": {
            "code": office_code,
            "name": office_name,
            "county": county,
            "province": keys.name,
        },
    }
    return pack(ENROLMENT, manifest, keys.signing)


def read_enrolment(path: Path) -> Enrolment:
    signed = read_file(path, ENROLMENT)
    try:
        province = signed.manifest["province"]
        office = signed.manifest["office"]
        signing_key = b64decode(str(province["signing_key"]))
        result = Enrolment(
            enrolment_id=uuid.UUID(str(signed.manifest["enrolment_id"])),
            province=ProvincePublic(
                province_id=uuid.UUID(str(province["id"])),
                name=str(province["name"]),
                signing_key=signing_key,
                fingerprint=fingerprint(signing_key),
                age_recipient=str(province["age_recipient"]),
            ),
            office_code=str(office["code"]),
            office_name=str(office["name"]),
            county=str(office["county"]),
            province_name=str(office["province"]),
            created_at=str(signed.manifest.get("created_at", "")),
        )
    except (KeyError, TypeError, ValueError):
        raise DamagedFileError(N_("The enrolment file is damaged or incomplete.")) from None
    if signed.signer_key != signing_key or not signed.signed_by(signing_key):
        raise SignatureError(
            N_("The enrolment file's signature is not valid; ask the province for a new one.")
        )
    return result


def link_to_province(session: Session, enrolment: Enrolment, office_code: str) -> bool:
    """Record the province on this office. False when it was already recorded (no change)."""
    if enrolment.office_code != office_code:
        raise WrongPeerError(
            N_("This enrolment file is for office {expected}, but this database is office {code}."),
            expected=enrolment.office_code,
            code=office_code,
        )
    existing = session.scalar(select(ProvinceIdentity).where(ProvinceIdentity.is_self.is_(False)))
    if existing is not None:
        if existing.id == enrolment.province.province_id:
            return False
        raise WrongPeerError(
            N_("This office is already enrolled with the province {name}."), name=existing.name
        )
    if session.scalar(select(ProvinceIdentity).where(ProvinceIdentity.is_self)) is not None:
        raise WrongPeerError(N_("A province database cannot be enrolled as an office."))
    from desktop.crypto.signing import b64encode

    # The office's own age identity: receipts from this province will be encrypted to it.
    ensure_office_identity(session, office_code)
    session.add(
        ProvinceIdentity(
            id=enrolment.province.province_id,
            name=enrolment.province.name,
            signing_key=b64encode(enrolment.province.signing_key),
            fingerprint=enrolment.province.fingerprint,
            age_recipient=enrolment.province.age_recipient,
            is_self=False,
        )
    )
    session.flush()
    return True
