"""The office's own signing key and the keyring of office public keys this installation knows.

The private key lives in ``<data dir>/keys/`` with owner-only permissions, never in the
database (a copied database must not carry the power to sign). The database holds only public
keys: the office's own, and other offices' keys delivered by the province's receipts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.signing import SigningKey, b64decode, load_signing_key, save_signing_key
from desktop.domain.errors import N_, StateError
from desktop.paths import data_dir
from desktop.store.models import OfficeKey

OWN = "own"
FROM_PROVINCE = "province"


def keys_dir() -> Path:
    return data_dir() / "keys"


def private_key_path(office_code: str, fingerprint: str) -> Path:
    compact = fingerprint.replace(" ", "").lower()
    return keys_dir() / f"office-{office_code}-{compact}.pem"


@dataclass(frozen=True)
class KnownKey:
    office_code: str
    public_key: bytes
    fingerprint: str
    source: str
    retired: bool


def create_own_key(session: Session, office_code: str) -> SigningKey:
    """Generate the office's key, save the private half, record the public half."""
    key = SigningKey.generate()
    save_signing_key(key, private_key_path(office_code, key.fingerprint))
    session.add(
        OfficeKey(
            office_code=office_code,
            public_key=key.public_b64,
            fingerprint=key.fingerprint,
            source=OWN,
        )
    )
    session.flush()
    return key


def own_key_row(session: Session, office_code: str) -> OfficeKey | None:
    return session.scalar(
        select(OfficeKey)
        .where(
            OfficeKey.office_code == office_code,
            OfficeKey.source == OWN,
            OfficeKey.retired_at.is_(None),
        )
        .order_by(OfficeKey.added_at.desc())
        .limit(1)
    )


def load_own_key(session: Session, office_code: str) -> SigningKey | None:
    """The office's private key, or None when the office has none yet.

    Raises StateError when the database names a key whose private half is not on this computer
    (a database copied without its key) or does not match it.
    """
    row = own_key_row(session, office_code)
    if row is None:
        return None
    path = private_key_path(office_code, row.fingerprint)
    if not path.exists():
        raise StateError(
            N_(
                "The office signing key ({fingerprint}) is not on this computer. Restore the "
                "keys folder from the office's backup."
            ),
            fingerprint=row.fingerprint,
        )
    key = load_signing_key(path)
    if key.public_b64 != row.public_key:
        raise StateError(
            N_("The office signing key file does not match the key recorded in the database.")
        )
    return key


def ensure_own_key(session: Session, office_code: str) -> SigningKey:
    """Load the office's key, creating it for databases set up before keys existed."""
    key = load_own_key(session, office_code)
    return key if key is not None else create_own_key(session, office_code)


def known_keys(session: Session, office_code: str | None = None) -> list[KnownKey]:
    """Every public key of the keyring (optionally for one office), retired ones included."""
    query = select(OfficeKey).order_by(OfficeKey.office_code, OfficeKey.added_at)
    if office_code is not None:
        query = query.where(OfficeKey.office_code == office_code)
    return [
        KnownKey(
            office_code=row.office_code,
            public_key=b64decode(row.public_key),
            fingerprint=row.fingerprint,
            source=row.source,
            retired=row.retired_at is not None,
        )
        for row in session.scalars(query)
    ]
