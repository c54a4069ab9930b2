"""The signed code in a certificate's QR code, and checking it offline.

Format 2 (nothing printed with format 1 was released, so it is no longer read). The code is
**decimal digits only**: a keyboard-wedge scanner types it correctly whatever keyboard layout is
active (with a Persian layout the digit keys give Persian digits, which are read the same), and a
QR code holds digits in its numeric mode at 3.3 bits each, so the code is small: about 240
digits, a version 6 QR code (41 modules a side) where the earlier text format needed version 9
(53 a side); at the same printed size each module is 30% larger, easier to scan from a creased
or smudged paper.

The digits spell a binary message followed by its Ed25519 signature, in chunks: every 7 bytes
become 17 digits, a last chunk of 1-6 bytes becomes 3, 5, 8, 10, 13 or 15 digits (the fewest
that hold it). The message, in order:

========================  ==============================================================
format                    1 byte, ``2``
office and skill codes    1 byte length n, then n bytes: the text ``OFFICE.SKILL`` in base
                          39 (``0-9 A-Z _ .`` are digits 1..38, so no leading zeros), e.g.
                          ``URM01.CARPET_WEAVING``
Jalali year               2 bytes, big-endian
sequence                  unsigned LEB128 (1 byte up to 127, 3 up to 2,097,151)
issue date                2 bytes: days since 2000-01-01 (Gregorian)
hours                     unsigned LEB128 of hundredths of an hour
workshop reference        4 bytes (the first 8 hex digits of the workshop's id)
name digest               6 bytes of salted SHA-256 over the holder's name as a search key
signature                 64 bytes, Ed25519 over all of the above
========================  ==============================================================

There is one way to write each claim: :func:`parse` refuses anything that does not re-encode to
the same digits (a different chunking, a non-minimal number), so a code and its record compare
as text. The name digest lets a verifier check the name printed on the paper without the code
carrying personal data: :func:`name_digest` of the typed name must match. It is computed on
:func:`desktop.domain.text.search_key`, so Arabic ي/ك, ZWNJ or spacing differences still match.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from desktop.certificates.serials import Serial, parse_serial
from desktop.crypto.signing import SIGNATURE_BYTES, SigningKey, b64decode, b64encode, verify
from desktop.domain.digits import to_ascii_digits
from desktop.domain.text import search_key
from desktop.services.office_keys import KnownKey

FORMAT: Final = 2
_NAME_DIGEST_BYTES: Final = 6
_NAME_SALT: Final = b"hamyar-certificate-name-v1\x00"
_WORKSHOP_REF_BYTES: Final = 4
_EPOCH: Final = date(2000, 1, 1)
_CODE_ALPHABET: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_."
_CODE_BASE: Final = len(_CODE_ALPHABET) + 1  # digit 0 is never used: no leading zeros
_CODE_VALUE: Final = {char: value + 1 for value, char in enumerate(_CODE_ALPHABET)}
_OFFICE_CODE: Final = re.compile(r"[A-Z0-9]{2,10}")
_SKILL_CODE: Final = re.compile(r"[A-Z0-9_]{1,64}")
_WORKSHOP_REF: Final = re.compile(r"[0-9a-f]{8}")
_DIGITS: Final = re.compile(r"[0-9]+")
_CHUNK_BYTES: Final = 7
# Digits for a chunk of 0..7 bytes: the fewest that hold 256**n - 1.
_CHUNK_DIGITS: Final = tuple(len(str(256**n - 1)) if n else 0 for n in range(_CHUNK_BYTES + 1))
_BYTES_OF_DIGITS: Final = {digits: n for n, digits in enumerate(_CHUNK_DIGITS)}


class PayloadError(ValueError):
    """The text is not a Hamyar certificate code."""


@dataclass(frozen=True)
class Claim:
    """What a certificate's QR code states."""

    serial: Serial
    issued_on: date
    hours: float
    skill_code: str
    workshop_ref: str  # 8 lower-case hex digits
    name_digest: str  # see name_digest()

    @property
    def office_code(self) -> str:
        return self.serial.office_code

    def message(self) -> bytes:
        """The signed part; ValueError if a field cannot be written (a programming error:
        serials, skill codes and references are validated where they are made)."""
        if not _OFFICE_CODE.fullmatch(self.serial.office_code):
            raise ValueError(f"office code {self.serial.office_code!r}")
        if not _SKILL_CODE.fullmatch(self.skill_code):
            raise ValueError(f"skill code {self.skill_code!r}")
        if not _WORKSHOP_REF.fullmatch(self.workshop_ref):
            raise ValueError(f"workshop reference {self.workshop_ref!r}")
        digest = b64decode(self.name_digest)
        if len(digest) != _NAME_DIGEST_BYTES or b64encode(digest) != self.name_digest:
            raise ValueError(f"name digest {self.name_digest!r}")
        days = (self.issued_on - _EPOCH).days
        hundredths = round(self.hours * 100)
        if not (0 <= days < 1 << 16 and 0 <= self.serial.jalali_year < 1 << 16):
            raise ValueError("date out of range")
        if self.serial.sequence < 0 or hundredths < 0:
            raise ValueError("negative number")
        codes = _pack_code(f"{self.serial.office_code}.{self.skill_code}")
        return b"".join(
            (
                bytes((FORMAT, len(codes))),
                codes,
                self.serial.jalali_year.to_bytes(2, "big"),
                _leb128(self.serial.sequence),
                days.to_bytes(2, "big"),
                _leb128(hundredths),
                bytes.fromhex(self.workshop_ref),
                digest,
            )
        )


def format_hours(hours: float) -> str:
    """``120`` or ``37.5``: no trailing zeros, at most two decimals."""
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def name_digest(full_name: str) -> str:
    """Short digest of a holder's name, insensitive to Arabic/Persian letters, ZWNJ and spaces
    (URL-safe base64 of 6 bytes)."""
    key = search_key(full_name).encode("utf-8")
    return b64encode(hashlib.sha256(_NAME_SALT + key).digest()[:_NAME_DIGEST_BYTES])


def workshop_ref(workshop_id: object) -> str:
    """The first 8 hex digits of a workshop id (a UUID)."""
    return str(workshop_id).replace("-", "")[:8].lower()


def sign(claim: Claim, key: SigningKey) -> str:
    """The QR code's digits: the claim followed by the office's signature of it."""
    return compose(claim, key.sign(claim.message()))


def compose(claim: Claim, signature: bytes) -> str:
    """The digits of a claim and a signature (whether or not the signature is right)."""
    return _to_digits(claim.message() + signature)


def canonical(text: str) -> str:
    """A typed or scanned code as it is stored: surrounding space dropped, Persian and
    Arabic-Indic digits as ASCII."""
    return to_ascii_digits(text.strip())


def is_complete(text: str) -> bool:
    """True if ``text`` is a whole code (signature not checked): a verify box can check as
    soon as a scanner has finished typing."""
    try:
        parse(text)
    except PayloadError:
        return False
    return True


def parse(text: str) -> tuple[Claim, bytes]:
    """The claim and signature of a code; PayloadError if it is not one."""
    digits = canonical(text)
    if not _DIGITS.fullmatch(digits):
        raise PayloadError("not a Hamyar certificate code")
    data = _from_digits(digits)
    if len(data) <= SIGNATURE_BYTES:
        raise PayloadError("too short")
    message, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    claim = _read_message(message)
    if claim.message() != message:
        raise PayloadError("not in canonical form")  # e.g. a sequence number with a spare byte
    return claim, signature


def _read_message(message: bytes) -> Claim:
    reader = _Reader(message)
    if reader.byte() != FORMAT:
        raise PayloadError("unknown format")
    codes = _unpack_code(reader.take(reader.byte()))
    office_code, dot, skill_code = codes.partition(".")
    if not dot or not _OFFICE_CODE.fullmatch(office_code) or not _SKILL_CODE.fullmatch(skill_code):
        raise PayloadError("bad office or skill code")
    year = int.from_bytes(reader.take(2), "big")
    sequence = reader.leb128()
    issued_on = _EPOCH + timedelta(days=int.from_bytes(reader.take(2), "big"))
    hours = reader.leb128() / 100
    ref = reader.take(_WORKSHOP_REF_BYTES).hex()
    digest = b64encode(reader.take(_NAME_DIGEST_BYTES))
    if not reader.done():
        raise PayloadError("trailing bytes")
    serial = parse_serial(f"{office_code}-{year:04d}-{sequence:06d}")
    if serial is None or serial != Serial(office_code, year, sequence):
        raise PayloadError("bad serial")
    return Claim(serial, issued_on, hours, skill_code, ref, digest)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0

    def take(self, count: int) -> bytes:
        end = self.position + count
        if end > len(self.data):
            raise PayloadError("truncated")
        chunk = self.data[self.position : end]
        self.position = end
        return chunk

    def byte(self) -> int:
        return self.take(1)[0]

    def leb128(self) -> int:
        value = shift = 0
        while True:
            byte = self.byte()
            value |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return value
            if shift > 63:
                raise PayloadError("number too long")

    def done(self) -> bool:
        return self.position == len(self.data)


def _leb128(value: int) -> bytes:
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _pack_code(text: str) -> bytes:
    number = 0
    for char in text:
        number = number * _CODE_BASE + _CODE_VALUE[char]
    return number.to_bytes((number.bit_length() + 7) // 8, "big")


def _unpack_code(data: bytes) -> str:
    if not data or data[0] == 0:  # no leading zero bytes: one spelling per text
        raise PayloadError("bad code field")
    number = int.from_bytes(data, "big")
    chars = []
    while number:
        number, value = divmod(number, _CODE_BASE)
        if value == 0:
            raise PayloadError("bad code field")
        chars.append(_CODE_ALPHABET[value - 1])
    return "".join(reversed(chars))


def _to_digits(data: bytes) -> str:
    return "".join(
        str(int.from_bytes(chunk, "big")).zfill(_CHUNK_DIGITS[len(chunk)])
        for chunk in (data[i : i + _CHUNK_BYTES] for i in range(0, len(data), _CHUNK_BYTES))
    )


def _from_digits(digits: str) -> bytes:
    full = _CHUNK_DIGITS[_CHUNK_BYTES]
    last = _BYTES_OF_DIGITS.get(len(digits) % full)
    if last is None:
        raise PayloadError("bad length")
    out = bytearray()
    for start in range(0, len(digits), full):
        chunk = digits[start : start + full]
        size = _CHUNK_BYTES if len(chunk) == full else last
        value = int(chunk)
        if value >= 256**size:
            raise PayloadError("bad digits")
        out += value.to_bytes(size, "big")
    return bytes(out)


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
    message = claim.message()
    for key in keys:
        if verify(key.public_key, signature, message):
            return SignatureCheck(Verdict.VALID, claim, key)
    return SignatureCheck(Verdict.FORGED, claim, None)
