"""The digest of one office's rows, computed the same way on the office and on the province."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.sync.rows import CODECS, SYNCED_TABLES, OfficeDigest, row_digest


@dataclass(frozen=True)
class DigestResult:
    digest: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def office_digest(session: Session, office_code: str) -> DigestResult:
    """SHA-256 over (table, id, row digest) of every row whose origin is ``office_code``."""
    digest = OfficeDigest()
    for table in SYNCED_TABLES:
        codec = CODECS[table.name]
        result = session.execute(
            select(*codec.columns).where(table.c.origin_office == office_code).order_by(table.c.id)
        )
        for values in result:
            row = codec.encode(values)
            digest.add(table.name, row["id"], row_digest(row))
    return DigestResult(digest.hexdigest(), dict(digest.counts))
