"""Serials and the signed QR payload: format, parsing, signatures, tampering."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.certificates.payload import (
    Claim,
    PayloadError,
    Verdict,
    check_signature,
    format_hours,
    name_digest,
    parse,
    sign,
    workshop_ref,
)
from desktop.certificates.serials import Serial, parse_serial
from desktop.crypto.signing import SigningKey
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


def test_payload_is_compact_ascii_and_round_trips() -> None:
    text = sign(CLAIM, KEY)
    assert text.isascii() and len(text) < 170
    assert text.startswith("HMY1|URM01-1403-000042|20240504|120|CARPET_WEAVING|3f2a9c1d|")
    claim, _ = parse(text)
    assert claim == CLAIM
    check = check_signature(text, keyring(known(KEY)))
    assert check.verdict is Verdict.VALID and check.claim == CLAIM


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
    for old, new in (("|120|", "|200|"), ("000042", "000043"), ("20240504", "20240505")):
        tampered = text.replace(old, new)
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
    "text", ["", "hello", "HMY1|", "HMY2|URM01-1403-000042|x", "HMY1|" + "A" * 200]
)
def test_garbage_is_unreadable(text: str) -> None:
    with pytest.raises(PayloadError):
        parse(text)
    assert check_signature(text, keyring(known(KEY))).verdict is Verdict.UNREADABLE


def test_non_canonical_hours_are_refused() -> None:
    text = sign(CLAIM, KEY).replace("|120|", "|120.0|")
    with pytest.raises(PayloadError):
        parse(text)


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_no_single_character_change_verifies(data: st.DataObject) -> None:
    text = sign(CLAIM, KEY)
    position = data.draw(st.integers(0, len(text) - 1))
    replacement = data.draw(st.sampled_from("0123456789ABCDEFabcdef-_|"))
    changed = text[:position] + replacement + text[position + 1 :]
    if changed == text:
        return
    verdict = check_signature(changed, keyring(known(KEY))).verdict
    assert verdict is not Verdict.VALID
