"""Ed25519 signing keys: create, store with owner-only permissions, load, sign and verify.

An office signs its certificates' QR payloads and its sync bundles; the province signs its
receipts. Public keys travel as 32 raw bytes in URL-safe base64 without padding (compact enough
for a QR code); a fingerprint is the first 16 bytes of SHA-256 over the raw key, in hex groups,
short enough to read aloud over the phone when the province pins an office's key.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from desktop.fileio import OWNER_ONLY, write_atomic

PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: str) -> bytes:
    """Decode URL-safe base64 with or without padding; raises ValueError on garbage."""
    cleaned = text.strip()
    try:
        return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))
    except (ValueError, TypeError) as error:  # binascii.Error is a ValueError
        raise ValueError("not base64") from error


def fingerprint(public_key: bytes) -> str:
    """Human-readable fingerprint: 32 hex digits in groups of four."""
    digest = hashlib.sha256(public_key).hexdigest()[:32].upper()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


@dataclass(frozen=True)
class SigningKey:
    """A private Ed25519 key and its raw public half."""

    private: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def public_b64(self) -> str:
        return b64encode(self.public_bytes)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_bytes)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    def to_pem(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @classmethod
    def from_pem(cls, data: bytes) -> SigningKey:
        key = serialization.load_pem_private_key(data, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return cls(key)


def verify(public_key: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` is ``public_key``'s signature of ``message``; never raises."""
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def write_private_file(path: Path, data: bytes) -> None:
    """Write a secret atomically, readable and writable by the owner only (0600 on POSIX).

    The file is created with owner-only permissions from the start (no window in which another
    user could read it), fsynced, then renamed over the target, and the folder is fsynced so the
    rename survives a power cut (the database may name the key as soon as it commits).
    """
    write_atomic(path, data, mode=OWNER_ONLY, private_folder=True)


def save_signing_key(key: SigningKey, path: Path) -> None:
    write_private_file(path, key.to_pem())


def load_signing_key(path: Path) -> SigningKey:
    return SigningKey.from_pem(path.read_bytes())
