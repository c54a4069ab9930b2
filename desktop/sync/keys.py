"""The province's keys: an Ed25519 signing key (receipts, enrolment files) and an age X25519
identity (bundles are encrypted to it).

Like an office's key, the private halves live in ``<data dir>/keys/`` with owner-only
permissions, never in the database; the database holds the public halves
(``province_identity``). The age identity file is in age's own format, so
``age -d -i <file> payload.age`` opens a bundle's payload.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from pyrage import x25519
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.signing import (
    SigningKey,
    b64decode,
    load_signing_key,
    save_signing_key,
    write_private_file,
)
from desktop.domain.errors import N_
from desktop.services.office_keys import keys_dir
from desktop.store.base import utcnow
from desktop.store.models import ProvinceIdentity
from desktop.sync.errors import NotEnrolledError, SyncError


def _compact(fingerprint: str) -> str:
    return fingerprint.replace(" ", "").lower()


def signing_key_path(fingerprint: str) -> Path:
    return keys_dir() / f"province-{_compact(fingerprint)}.pem"


def age_identity_path(fingerprint: str) -> Path:
    return keys_dir() / f"province-{_compact(fingerprint)}.age"


@dataclass(frozen=True)
class ProvinceKeys:
    """The province's private keys, loaded from the data directory."""

    province_id: uuid.UUID
    name: str
    signing: SigningKey
    identity: x25519.Identity

    @property
    def recipient(self) -> str:
        return str(self.identity.to_public())


@dataclass(frozen=True)
class ProvincePublic:
    """What an office knows of its province (from the enrolment file)."""

    province_id: uuid.UUID
    name: str
    signing_key: bytes
    fingerprint: str
    age_recipient: str


def create_province_keys(session: Session, name: str) -> ProvinceKeys:
    """Generate and save the keys, record the public halves as this installation's own."""
    signing = SigningKey.generate()
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    save_signing_key(signing, signing_key_path(signing.fingerprint))
    text = (
        f"# created: {utcnow().isoformat(timespec='seconds')}Z\n"
        f"# public key: {recipient}\n"
        f"{identity}\n"
    )
    write_private_file(age_identity_path(signing.fingerprint), text.encode("ascii"))
    province_id = uuid.uuid4()
    session.add(
        ProvinceIdentity(
            id=province_id,
            name=name,
            signing_key=signing.public_b64,
            fingerprint=signing.fingerprint,
            age_recipient=recipient,
            is_self=True,
        )
    )
    session.flush()
    return ProvinceKeys(province_id, name, signing, identity)


def own_identity_row(session: Session) -> ProvinceIdentity | None:
    return session.scalar(select(ProvinceIdentity).where(ProvinceIdentity.is_self))


def load_province_keys(session: Session) -> ProvinceKeys:
    row = own_identity_row(session)
    if row is None:
        raise NotEnrolledError(
            N_("This database is not a province database; run `hamyar province init` first.")
        )
    signing_path = signing_key_path(row.fingerprint)
    age_path = age_identity_path(row.fingerprint)
    if not signing_path.exists() or not age_path.exists():
        raise SyncError(
            N_(
                "The province keys ({fingerprint}) are not on this computer. Restore the keys "
                "folder from the province's backup."
            ),
            fingerprint=row.fingerprint,
        )
    signing = load_signing_key(signing_path)
    identity = read_age_identity(age_path)
    if signing.public_b64 != row.signing_key or str(identity.to_public()) != row.age_recipient:
        raise SyncError(
            N_("The province key files do not match the keys recorded in the database.")
        )
    return ProvinceKeys(row.id, row.name, signing, identity)


def read_age_identity(path: Path) -> x25519.Identity:
    for line in path.read_text(encoding="ascii").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            return x25519.Identity.from_str(line)
    raise ValueError("no identity in file")


def province_link(session: Session) -> ProvincePublic | None:
    """The province this office reports to (None before enrolment)."""
    row = session.scalar(select(ProvinceIdentity).where(ProvinceIdentity.is_self.is_(False)))
    if row is None:
        return None
    return ProvincePublic(
        province_id=row.id,
        name=row.name,
        signing_key=b64decode(row.signing_key),
        fingerprint=row.fingerprint,
        age_recipient=row.age_recipient,
    )
