"""The signed text in a certificate's QR code, and checking it offline.

Format (ASCII only, so it survives keyboard-wedge barcode scanners and copy-paste)::

    HMY1|URM01-1403-000042|20240504|120|CARPET_WEAVING|3f2a9c1d|q0Zb1XyT|<signature>

version, serial (office code + Jalali year + sequence), issue date (Gregorian, ``YYYYMMDD``),
hours, skill code (the shared taxonomy: every office can name it), workshop reference (first 8
hex digits of the workshop's id), name digest (6 bytes of SHA-256 over the holder's name as a
search key, URL-safe base64), then the Ed25519 signature (URL-safe base64, no padding) over
everything before it, final ``|`` included. About 160 characters: a version 9 QR code.

The name digest lets a verifier check the name printed on the paper without the payload
carrying personal data: :func:`name_digest` of the typed name must match. It is computed on
:func:`desktop.domain.text.search_key`, so Arabic ي/ك, ZWNJ or spacing differences still match.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from desktop.certificates.serials import Serial, parse_serial
from desktop.crypto.signing import SIGNATURE_BYTES, SigningKey, b64decode, b64encode, verify
from desktop.domain.text import search_key
from desktop.services.office_keys import KnownKey

VERSION: Final = "HMY1"
SEPARATOR: Final = "|"
_NAME_DIGEST_BYTES: Final = 6
_NAME_SALT: Final = b"hamyar-certificate-name-v1\x00"
_FIELDS: Final = re.compile(
    r"HMY1\|(?P<serial>[A-Z0-9-]{8,26})\|(?P<date>[0-9]{8})\|(?P<hours>[0-9]{1,4}(\.[0-9]{1,2})?)"
    r"\|(?P<skill>[A-Z0-9_]{1,64})\|(?P<ref>[0-9a-f]{8})\|(?P<digest>[A-Za-z0-9_-]{8})\|"
    r"(?P<signature>[A-Za-z0-9_-]{86})"
)


class PayloadError(ValueError):
    """The text is not a Hamyar certificate code."""


@dataclass(frozen=True)
class Claim:
    """What a certificate's QR code states."""

    serial: Serial
    issued_on: date
    hours: float
    skill_code: str
    workshop_ref: str
    name_digest: str

    @property
    def office_code(self) -> str:
        return self.serial.office_code

    def message(self) -> str:
        """The signed part: every field, each followed by the separator."""
        fields = [
            VERSION,
            str(self.serial),
            self.issued_on.strftime("%Y%m%d"),
            format_hours(self.hours),
            self.skill_code,
            self.workshop_ref,
            self.name_digest,
        ]
        return SEPARATOR.join(fields) + SEPARATOR


def format_hours(hours: float) -> str:
    """``120`` or ``37.5``: no trailing zeros, at most two decimals."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def name_digest(full_name: str) -> str:
    """Short digest of a holder's name, insensitive to Arabic/Persian letters, ZWNJ and spaces."""
    key = search_key(full_name).encode("utf-8")
    return b64encode(hashlib.sha256(_NAME_SALT + key).digest()[:_NAME_DIGEST_BYTES])


def workshop_ref(workshop_id: object) -> str:
    """The first 8 hex digits of a workshop id (a UUID)."""
    return str(workshop_id).replace("-", "")[:8].lower()


def sign(claim: Claim, key: SigningKey) -> str:
    """The QR text: the claim followed by the office's signature of it."""
    message = claim.message()
    return message + b64encode(key.sign(message.encode("ascii")))


def parse(text: str) -> tuple[Claim, bytes]:
    """The claim and signature of a QR text; PayloadError if it is not one."""
    match = _FIELDS.fullmatch(text.strip())
    if match is None:
        raise PayloadError("not a Hamyar certificate code")
    serial = parse_serial(match["serial"])
    if serial is None or str(serial) != match["serial"]:
        raise PayloadError("bad serial")
    try:
        issued_on = date(int(match["date"][:4]), int(match["date"][4:6]), int(match["date"][6:]))
        signature = b64decode(match["signature"])
    except ValueError as error:
        raise PayloadError(str(error)) from error
    if len(signature) != SIGNATURE_BYTES:
        raise PayloadError("bad signature length")
    if b64encode(signature) != match["signature"]:
        # The last base64 character carries 2 spare bits: only one spelling is accepted.
        raise PayloadError("signature not in canonical form")
    claim = Claim(
        serial=serial,
        issued_on=issued_on,
        hours=float(match["hours"]),
        skill_code=match["skill"],
        workshop_ref=match["ref"],
        name_digest=match["digest"],
    )
    if claim.message() + match["signature"] != text.strip():
        raise PayloadError("not in canonical form")  # e.g. "120.0" where we write "120"
    return claim, signature


class Verdict(enum.StrEnum):
    VALID = "valid"
    FORGED = "forged"  # the signature does not match: altered, or not signed by the office
    REVOKED = "revoked"  # genuine, but the office (or the province) revoked it
    UNKNOWN_OFFICE = "unknown_office"  # no key for this office on this installation
    UNREADABLE = "unreadable"  # not a Hamyar certificate code at all


@dataclass(frozen=True)
class SignatureCheck:
    verdict: Verdict  # VALID, FORGED, UNKNOWN_OFFICE or UNREADABLE (revocation is checked later)
    claim: Claim | None
    key: KnownKey | None  # the key that verified it


def check_signature(text: str, keys_of: Callable[[str], Sequence[KnownKey]]) -> SignatureCheck:
    """Check the signature against the keys ``keys_of(office_code)`` returns (retired keys too:
    certificates signed before a key was retired stay genuine)."""
    try:
        claim, signature = parse(text)
    except PayloadError:
        return SignatureCheck(Verdict.UNREADABLE, None, None)
    keys = keys_of(claim.office_code)
    if not keys:
        return SignatureCheck(Verdict.UNKNOWN_OFFICE, claim, None)
    message = claim.message().encode("ascii")
    for key in keys:
        if verify(key.public_key, signature, message):
            return SignatureCheck(Verdict.VALID, claim, key)
    return SignatureCheck(Verdict.FORGED, claim, None)
