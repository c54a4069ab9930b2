"""Serials and the signed QR payload (format 2, digits only): format, parsing, signatures,
tampering."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
import segno
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.certificates.payload import (
    Claim,
    PayloadError,
    Verdict,
    _to_digits,
    canonical,
    check_signature,
    compose,
    format_hours,
    is_complete,
    name_digest,
    parse,
    sign,
    workshop_ref,
)
from desktop.certificates.serials import Serial, parse_serial
from desktop.crypto.signing import SigningKey
from desktop.domain.digits import to_persian_digits
from desktop.services.office_keys import KnownKey

KEY = SigningKey.generate()
OTHER = SigningKey.generate()
CLAIM = Claim(
    serial=Serial("URM01", 1403, 42),
    issued_on=date(2024, 5, 4),
    hours=120,
    skill_code="CARPET_WEAVING",
    workshop_ref="3f2a9c1d",
    name_digest=name_digest("زهرا احمدی"),
)


def known(key: SigningKey, office: str = "URM01", retired: bool = False) -> KnownKey:
    return KnownKey(office, key.public_bytes, key.fingerprint, "own", retired)


def keyring(*keys: KnownKey):  # type: ignore[no-untyped-def]
    return lambda office: [k for k in keys if k.office_code == office]


def test_serial_format_and_parse() -> None:
    assert str(Serial("URM01", 1403, 42)) == "URM01-1403-000042"
    assert parse_serial("urm01-۱۴۰۳-۰۰۰۰۴۲") == Serial("URM01", 1403, 42)
    assert parse_serial("URM01-1403") is None
    assert parse_serial("URM-01-1403-000042") is None


@given(
    st.from_regex(r"[A-Z0-9]{2,10}", fullmatch=True),
    st.integers(1300, 1500),
    st.integers(1, 999_999),
)
def test_serials_round_trip(office: str, year: int, sequence: int) -> None:
    serial = Serial(office, year, sequence)
    assert parse_serial(str(serial)) == serial


def test_payload_is_digits_only_small_and_round_trips() -> None:
    text = sign(CLAIM, KEY)
    assert text.isascii() and text.isdigit() and len(text) < 250
    # Numeric mode, version 6: 41 modules a side (the earlier text format needed version 9).
    code = segno.make(text, error="m", mask=2, boost_error=False, micro=False)
    assert code.mode == "numeric" and code.designator == "6-M"
    claim, signature = parse(text)
    assert claim == CLAIM and len(signature) == 64
    assert compose(claim, signature) == text
    check = check_signature(text, keyring(known(KEY)))
    assert check.verdict is Verdict.VALID and check.claim == CLAIM
    assert is_complete(text) and not is_complete(text[:-1]) and not is_complete(text + "0")


def test_long_codes_and_numbers_round_trip() -> None:
    claim = replace(
        CLAIM,
        serial=Serial("ABCDEFGHIJ", 1499, 123_456_789),
        skill_code="A" * 64,
        hours=9999.75,
        issued_on=date(2099, 12, 31),
    )
    assert parse(sign(claim, KEY))[0] == claim
    assert check_signature(sign(claim, KEY), keyring(known(KEY, "ABCDEFGHIJ"))).verdict is (
        Verdict.VALID
    )


def test_typed_with_persian_digits_or_spaces_is_the_same_code() -> None:
    text = sign(CLAIM, KEY)
    typed = "  " + to_persian_digits(text) + "\n"
    assert canonical(typed) == text
    assert check_signature(typed, keyring(known(KEY))).verdict is Verdict.VALID


def test_hours_and_refs() -> None:
    assert (
        format_hours(120) == "120" and format_hours(37.5) == "37.5" and format_hours(2.25) == "2.25"
    )
    half = sign(replace(CLAIM, hours=37.5), KEY)
    assert parse(half)[0].hours == 37.5
    assert workshop_ref("3F2A9C1D-0000-4000-8000-000000000000") == "3f2a9c1d"


def test_name_digest_ignores_how_the_name_was_typed() -> None:
    assert name_digest("علي احمدي") == name_digest("علی  احمدی")
    assert name_digest("فاطمه‌السادات") == name_digest("فاطمه السادات")
    assert name_digest("زهرا احمدی") != name_digest("زهرا محمدی")


def test_tampered_payload_is_forged() -> None:
    text = sign(CLAIM, KEY)
    _, signature = parse(text)
    for changed in (
        replace(CLAIM, hours=200),
        replace(CLAIM, serial=Serial("URM01", 1403, 43)),
        replace(CLAIM, issued_on=date(2024, 5, 5)),
        replace(CLAIM, name_digest=name_digest("زهرا محمدی")),
    ):
        tampered = compose(changed, signature)
        assert check_signature(tampered, keyring(known(KEY))).verdict is Verdict.FORGED


def test_another_offices_key_is_forged_and_unknown_office_is_reported() -> None:
    forged = sign(CLAIM, OTHER)  # claims URM01, signed by someone else
    assert (
        check_signature(forged, keyring(known(KEY), known(OTHER, "TBZ02"))).verdict
        is Verdict.FORGED
    )
    assert (
        check_signature(sign(CLAIM, KEY), keyring(known(KEY, "TBZ02"))).verdict
        is Verdict.UNKNOWN_OFFICE
    )


def test_retired_keys_still_verify_old_certificates() -> None:
    check = check_signature(sign(CLAIM, KEY), keyring(known(OTHER), known(KEY, retired=True)))
    assert check.verdict is Verdict.VALID and check.key is not None and check.key.retired


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "HMY1|",
        "HMY1|URM01-1403-000042|20240504|120|CARPET_WEAVING|3f2a9c1d|q0Zb1XyT|" + "A" * 86,
        "1" * 17,
        "9" * 240,  # chunks too large for 7 bytes
        "0" * 238,
    ],
)
def test_garbage_is_unreadable(text: str) -> None:
    with pytest.raises(PayloadError):
        parse(text)
    assert check_signature(text, keyring(known(KEY))).verdict is Verdict.UNREADABLE


def test_non_canonical_encodings_are_refused() -> None:
    """One spelling per claim: a sequence number with a spare LEB128 byte is refused even
    though it means the same number."""
    text = sign(CLAIM, KEY)
    claim, signature = parse(text)
    message = claim.message()
    # The sequence (42) is the byte after the 2-byte year, after the packed codes.
    at = 2 + message[1] + 2
    assert message[at] == 42
    padded = message[:at] + bytes((42 | 0x80, 0)) + message[at + 1 :]
    with pytest.raises(PayloadError):
        parse(_to_digits(padded + signature))
    with pytest.raises(PayloadError):  # one digit too many: no chunk has that length
        parse("0" + text)


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_no_single_character_change_verifies(data: st.DataObject) -> None:
    text = sign(CLAIM, KEY)
    position = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(st.sampled_from("0123456789"))
    changed = text[:position] + replacement + text[position + 1 :]
    if changed == text:
        return
    verdict = check_signature(changed, keyring(known(KEY))).verdict
    assert verdict is not Verdict.VALID
