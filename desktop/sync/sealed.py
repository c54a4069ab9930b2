"""Sealed payloads: ``age(gzip(canonical JSON))`` for one X25519 recipient.

Bundles (to the province) and receipts (to the office) carry everything that may identify a
person this way; the signed manifest records the plaintext's SHA-256 (``content.sha256``) so a
payload that decrypts but is not the one signed is refused too. The standard tool opens it:
``unzip -p FILE payload.age | age -d -i IDENTITY | gunzip``.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Final

import pyrage
from pyrage import x25519

from desktop.sync.rows import canonical_json, sha256_hex

ENCODING = "age(gzip(json))"

MAX_PLAINTEXT: Final = 2 * 1024**3
"""No payload is opened to more than this many bytes, whatever its manifest says: a small
crafted payload (a "gzip bomb") must not fill the memory."""
_BASE_ALLOWANCE: Final = 64 * 1024 * 1024
_ALLOWANCE_PER_ROW: Final = 1024 * 1024  # rows are text fields; real ones are a few KiB
_GZIP: Final = 16 + zlib.MAX_WBITS  # zlib expects (and checks) a gzip header and trailer


def plaintext_limit(counts: object) -> int:
    """A generous bound on a bundle's plaintext from the manifest's declared row ``counts``
    (``{table: rows}``), never above :data:`MAX_PLAINTEXT`. Malformed counts allow only the
    base amount (such a bundle is refused when its counts are checked anyway)."""
    rows = 0
    if isinstance(counts, Mapping):
        rows = sum(n for n in counts.values() if isinstance(n, int) and n > 0)
    return min(MAX_PLAINTEXT, _BASE_ALLOWANCE + rows * _ALLOWANCE_PER_ROW)


def gunzip_capped(compressed: bytes, limit: int | None = None) -> bytes:
    """Decompress one gzip member, refusing output beyond ``limit`` bytes (default
    :data:`MAX_PLAINTEXT`) before it is produced. Raises ValueError when the data is larger,
    truncated, corrupt or followed by anything (a damaged payload in every case)."""
    cap = min(MAX_PLAINTEXT if limit is None else limit, MAX_PLAINTEXT)
    inflater = zlib.decompressobj(wbits=_GZIP)
    try:
        plaintext = inflater.decompress(compressed, cap + 1)
    except zlib.error as error:
        raise ValueError(f"corrupt gzip data: {error}") from None
    if len(plaintext) > cap:
        raise ValueError(f"payload opens to more than {cap} bytes")
    if not inflater.eof or inflater.unused_data:
        raise ValueError("truncated gzip data or data after it")
    return plaintext


class NotForUsError(Exception):
    """None of the identities opens the payload (it was encrypted to someone else)."""


class BadContentError(Exception):
    """The payload opened but is not the content its manifest describes."""


def seal(document: dict[str, Any], recipient: str) -> tuple[bytes, str]:
    """The encrypted payload and the SHA-256 of its plaintext JSON (for the manifest)."""
    plaintext = canonical_json(document)
    compressed = gzip.compress(plaintext, compresslevel=6, mtime=0)
    payload = pyrage.encrypt(compressed, [x25519.Recipient.from_str(recipient)])
    return payload, sha256_hex(plaintext)


def unseal(
    payload: bytes, identities: Sequence[x25519.Identity], content_sha256: object
) -> dict[str, Any]:
    """Decrypt in memory (nothing is written anywhere) and check the signed content digest."""
    if not identities:
        raise NotForUsError
    try:
        compressed = pyrage.decrypt(payload, list(identities))
    except pyrage.DecryptError:
        raise NotForUsError from None
    try:
        plaintext = gunzip_capped(compressed)
        if sha256_hex(plaintext) != content_sha256:
            raise BadContentError
        document = json.loads(plaintext)
    except (OSError, EOFError, ValueError):
        raise BadContentError from None
    if not isinstance(document, dict):
        raise BadContentError
    return document


def valid_recipient(text: object) -> bool:
    if not isinstance(text, str) or not text.startswith("age1"):
        return False
    try:
        x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        return False
    return True
