"""Sync keys: the province's Ed25519 signing key (receipts, enrolment files) and age X25519
identity (bundles are encrypted to it), and the office's age X25519 identity (receipts are
encrypted to it; the office's signing key is in ``desktop.services.office_keys``).

Like an office's signing key, the private halves live in ``<data dir>/keys/`` with owner-only
permissions, never in the database; the province's database holds its public halves
(``province_identity``). An office's age recipient (public half) travels in its signed bundle
manifests, so the province learns it under the office's pinned signing key. Age identity files
are in age's own format, so ``age -d -i <file> payload.age`` opens a payload.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyrage
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
from desktop.services.office_keys import (
    ensure_own_key,
    fingerprint_for_file_name,
    keys_dir,
    private_key_path,
)
from desktop.store.base import utcnow
from desktop.store.models import ProvinceIdentity
from desktop.sync.errors import NotEnrolledError, SyncError


def signing_key_path(fingerprint: str) -> Path:
    return keys_dir() / f"province-{fingerprint_for_file_name(fingerprint)}.pem"


def age_identity_path(fingerprint: str) -> Path:
    return signing_key_path(fingerprint).with_suffix(".age")


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


def _write_age_identity(path: Path, identity: x25519.Identity) -> None:
    text = (
        f"# created: {utcnow().isoformat(timespec='seconds')}Z\n"
        f"# public key: {identity.to_public()}\n"
        f"{identity}\n"
    )
    write_private_file(path, text.encode("ascii"))


def create_province_keys(session: Session, name: str) -> ProvinceKeys:
    """Generate and save the keys, record the public halves as this installation's own."""
    signing = SigningKey.generate()
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    save_signing_key(signing, signing_key_path(signing.fingerprint))
    _write_age_identity(age_identity_path(signing.fingerprint), identity)
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


# --- the office's age identity (receipts are encrypted to it) ---------------------------------


def office_identity_path(office_code: str, signing_fingerprint: str) -> Path:
    """Beside the office's signing key, named after it: one identity per signing key."""
    return private_key_path(office_code, signing_fingerprint).with_suffix(".age")


def ensure_office_identity(session: Session, office_code: str) -> x25519.Identity:
    """The office's age identity, created (with the signing key if need be) when missing.

    Called at enrolment and before every export, so offices set up before receipts were
    encrypted get one at their next export, and its recipient travels in that bundle.
    """
    signing = ensure_own_key(session, office_code)
    path = office_identity_path(office_code, signing.fingerprint)
    if path.exists():
        return read_age_identity(path)
    identity = x25519.Identity.generate()
    _write_age_identity(path, identity)
    return identity


def office_identities(office_code: str) -> list[x25519.Identity]:
    """Every age identity of the office on this computer, the current one and earlier ones
    (a receipt written before the province learnt a new recipient still opens)."""
    pattern = re.compile(rf"office-{re.escape(office_code)}-[0-9a-f]{{32}}\.age")
    folder = keys_dir()
    if not folder.is_dir():
        return []
    identities = []
    for path in sorted(folder.iterdir()):
        if not pattern.fullmatch(path.name):
            continue
        try:
            identities.append(read_age_identity(path))
        except (OSError, ValueError, pyrage.IdentityError):
            continue  # an unreadable file is no identity; the receipt says it cannot be opened
    return identities
