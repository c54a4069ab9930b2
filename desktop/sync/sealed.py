"""Sealed payloads: ``age(gzip(canonical JSON))`` for one X25519 recipient.

Bundles (to the province) and receipts (to the office) carry everything that may identify a
person this way; the signed manifest records the plaintext's SHA-256 (``content.sha256``) so a
payload that decrypts but is not the one signed is refused too. The standard tool opens it:
``unzip -p FILE payload.age | age -d -i IDENTITY | gunzip``.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from typing import Any

import pyrage
from pyrage import x25519

from desktop.sync.rows import canonical_json, sha256_hex

ENCODING = "age(gzip(json))"


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
        plaintext = gzip.decompress(compressed)
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
