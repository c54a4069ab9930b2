"""The keyring of office signing keys that receipts carry from the province to every office.

Every key the province pinned for an office travels, the current one and the ones an office
replaced after losing its keys folder (``retired``), with the office's name and county, so any
office can verify certificates signed by any office with either key and name the office.

The province's current keys are ``province_offices.signing_key``; the keys offices replaced are
kept in its ``office_keys`` (source ``pinned``). On the office, received keys are written into
``office_keys`` with source ``province``; its own keys (source ``own``) are never touched by a
receipt, and a retired key is never brought back into use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.crypto.signing import PUBLIC_KEY_BYTES, b64decode, fingerprint
from desktop.services.office_keys import FROM_PROVINCE, OWN
from desktop.store.base import utcnow
from desktop.store.models import OfficeKey, ProvinceOffice

# ``office_keys.source`` at the province for a key it pinned before the office replaced it.
PINNED_BEFORE = "pinned"


@dataclass(frozen=True)
class KeyringEntry:
    office_code: str
    public_key: str  # URL-safe base64 of the raw key
    fingerprint: str
    retired_at: datetime | None
    office_name: str
    county: str


@dataclass(frozen=True)
class KeyringApplied:
    added: int
    retired: int


def keyring_entries(session: Session) -> list[dict[str, Any]]:
    """The province's keyring as it travels in a receipt: every office, every key."""
    offices = {o.code: o for o in session.scalars(select(ProvinceOffice))}
    entries: list[dict[str, Any]] = []
    for office in sorted(offices.values(), key=lambda o: o.code):
        if office.signing_key is not None:
            entries.append(
                _entry(office.code, office.signing_key, None, office.name, office.county)
            )
    for key in session.scalars(
        select(OfficeKey)
        .where(OfficeKey.source == PINNED_BEFORE)
        .order_by(OfficeKey.office_code, OfficeKey.added_at)
    ):
        known = offices.get(key.office_code)
        entries.append(
            _entry(
                key.office_code,
                key.public_key,
                key.retired_at or key.added_at,
                known.name if known is not None else key.office_name,
                known.county if known is not None else key.county,
            )
        )
    return entries


def _entry(
    code: str, public_b64: str, retired_at: datetime | None, name: str, county: str
) -> dict[str, Any]:
    return {
        "office_code": code,
        "public_key": public_b64,
        "fingerprint": fingerprint(b64decode(public_b64)),
        "retired": retired_at is not None,
        "retired_at": retired_at.isoformat() if retired_at is not None else None,
        "office_name": name,
        "county": county,
    }


def parse_keyring(raw: Any) -> list[KeyringEntry]:
    """Entries of a receipt's keyring; older provinces send no names and no retired keys.

    Raises KeyError, TypeError or ValueError on anything malformed (the receipt is refused).
    """
    entries = []
    for item in raw:
        public = b64decode(str(item["public_key"]))
        if len(public) != PUBLIC_KEY_BYTES:
            raise ValueError("public key length")
        retired_at = None
        if item.get("retired"):
            stamp = item.get("retired_at")
            retired_at = datetime.fromisoformat(str(stamp)) if stamp else utcnow()
        entries.append(
            KeyringEntry(
                office_code=str(item["office_code"]),
                public_key=str(item["public_key"]),
                fingerprint=fingerprint(public),  # computed here, not taken on trust
                retired_at=retired_at,
                office_name=str(item.get("office_name") or "")[:200],
                county=str(item.get("county") or "")[:100],
            )
        )
    return entries


def apply_keyring(session: Session, entries: list[KeyringEntry]) -> KeyringApplied:
    """Add keys this office does not know, retire keys the province retired, refresh names."""
    rows = {row.public_key: row for row in session.scalars(select(OfficeKey))}
    added = retired = 0
    now = utcnow()
    for entry in entries:
        row = rows.get(entry.public_key)
        if row is None:
            row = OfficeKey(
                office_code=entry.office_code,
                public_key=entry.public_key,
                fingerprint=entry.fingerprint,
                source=FROM_PROVINCE,
                added_at=now,
                retired_at=entry.retired_at,
                office_name=entry.office_name,
                county=entry.county,
            )
            session.add(row)
            rows[entry.public_key] = row
            added += 1
            continue
        if row.source == OWN:
            continue  # this office's own keys are its own business
        if entry.office_name:
            row.office_name, row.county = entry.office_name, entry.county
        if entry.retired_at is not None and row.retired_at is None:
            row.retired_at = entry.retired_at
            retired += 1
    session.flush()
    return KeyringApplied(added, retired)
