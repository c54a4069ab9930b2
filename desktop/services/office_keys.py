"""The office's own signing key and the keyring of office public keys this installation knows.

The private key lives in ``<data dir>/keys/`` with owner-only permissions, never in the
database (a copied database must not carry the power to sign). The database holds only public
keys: the office's own, and other offices' keys delivered by the province's receipts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.signing import SigningKey, b64decode, load_signing_key, save_signing_key
from desktop.domain.errors import N_, StateError
from desktop.paths import data_dir
from desktop.store.base import utcnow
from desktop.store.models import OfficeKey, ProvinceOffice

OWN = "own"
FROM_PROVINCE = "province"


def keys_dir() -> Path:
    return data_dir() / "keys"


def fingerprint_for_file_name(fingerprint: str) -> str:
    """A fingerprint as it appears in key file names: no spaces, lower case."""
    return fingerprint.replace(" ", "").lower()


def private_key_path(office_code: str, fingerprint: str) -> Path:
    return keys_dir() / f"office-{office_code}-{fingerprint_for_file_name(fingerprint)}.pem"


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


def own_key_problem(session: Session, office_code: str) -> StateError | None:
    """Why the office cannot sign here (its key file is missing or does not match), or None
    when it can or has no key yet (one is made with its first bundle)."""
    try:
        load_own_key(session, office_code)
    except StateError as error:
        return error
    return None


@dataclass(frozen=True)
class ReplacedKey:
    """The office's new signing key and the one it replaces (kept in the keyring, retired)."""

    key: SigningKey
    old_fingerprint: str
    retired_at: datetime


def replace_lost_own_key(session: Session, office_code: str, retired_by: str = "") -> ReplacedKey:
    """Make a new signing key for an office whose key is lost (its file is not on this
    computer, or no longer matches the database) and retire the old key's row.

    The old public key stays in the keyring (retired), so certificates it signed still
    verify; new certificates and bundles are signed with the new key. The province takes
    bundles signed with it only after a person compares its fingerprint with the office.
    Refused while the current key works: a working key is never thrown away by mistake.
    """
    row = own_key_row(session, office_code)
    if row is None:
        raise StateError(
            N_(
                "This office has no signing key yet; it is made with the first bundle, so "
                "there is nothing to replace."
            )
        )
    if own_key_problem(session, office_code) is None:
        raise StateError(
            N_(
                "The office signing key ({fingerprint}) is on this computer and works; a new "
                "key is made only when it is lost."
            ),
            fingerprint=row.fingerprint,
        )
    now = utcnow()
    row.retired_at = now
    row.retired_by = retired_by[:120]
    session.flush()
    key = create_own_key(session, office_code)
    return ReplacedKey(key, row.fingerprint, now)


def retired_own_keys(session: Session, office_code: str) -> list[OfficeKey]:
    """The office's earlier keys, newest first (retired when a lost key was replaced)."""
    return list(
        session.scalars(
            select(OfficeKey)
            .where(
                OfficeKey.office_code == office_code,
                OfficeKey.source == OWN,
                OfficeKey.retired_at.is_not(None),
            )
            .order_by(OfficeKey.retired_at.desc())
        )
    )


def office_name_from_keyring(session: Session, office_code: str) -> str | None:
    """Another office's name as the province's receipts named it, or as the province itself
    enrolled it (None: not known)."""
    name = session.scalar(
        select(OfficeKey.office_name)
        .where(OfficeKey.office_code == office_code, OfficeKey.office_name != "")
        .order_by(OfficeKey.added_at.desc())
        .limit(1)
    ) or session.scalar(select(ProvinceOffice.name).where(ProvinceOffice.code == office_code))
    return name or None


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
