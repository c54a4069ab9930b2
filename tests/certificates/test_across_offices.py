"""A certificate of office A checked on office B's computer, with only what the province's
receipts brought B: A's public key (the keyring, ``office_keys`` source "province") and later
A's revocation (the revocation list). Everything goes through the real services: A issues,
exports a bundle, the province imports it and writes B a receipt, B applies it and verifies."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.certificates.payload import Verdict, compose, parse
from desktop.services.province import ProvinceService, init_province
from desktop.store.engine import Database
from desktop.store.models import CertificateRevocation, OfficeKey
from tests.certificates.builders import finished_workshop, person
from tests.sync.conftest import PROVINCE_NAME, Office, Province, import_accepting, make_office

HOLDER = person("زهرا", "احمدی", "علی", "0499370899")


@pytest.fixture
def offices(tmp_path: Path) -> Iterator[tuple[Province, Office, Office]]:
    db = Database(tmp_path / "province.sqlite3")
    init_province(db, PROVINCE_NAME)
    folder = tmp_path / "province-files"
    folder.mkdir()
    province = Province(db, ProvinceService(db), folder)
    a = make_office(province, "URM01", tmp_path)
    b = make_office(province, "TAB02", tmp_path)
    yield province, a, b
    for database in (a.db, b.db, db):
        database.dispose()


def send_to_province(province: Province, office: Office, stick: Path) -> None:
    import_accepting(province, office.sync.export(stick).path)


def receipt_for(province: Province, office: Office, stick: Path) -> None:
    office.sync.apply_receipt(province.service.write_receipt(office.code, stick).path)


def test_office_a_certificate_on_office_b_valid_then_revoked(
    offices: tuple[Province, Office, Office], tmp_path: Path
) -> None:
    province, a, b = offices
    stick = tmp_path / "stick"
    stick.mkdir()
    built = finished_workshop(a.services, [HOLDER])
    (certificate,) = a.services.certificates.issue(built.id, tmp_path / "a.pdf").issued
    code = certificate.payload

    # B has never heard of A: it cannot tell either way.
    assert b.services.certificates.verify(code).verdict is Verdict.UNKNOWN_OFFICE

    send_to_province(province, b, stick)  # (receipts are encrypted to a key B's bundle brings)
    send_to_province(province, a, stick)
    receipt_for(province, b, stick)
    with b.db.read() as session:
        keys = {(k.office_code, k.source) for k in session.scalars(select(OfficeKey))}
    assert ("URM01", "province") in keys

    checked = b.services.certificates.verify(code, name="زهرا احمدي")  # Arabic ي as typed
    assert checked.verdict is Verdict.VALID
    assert checked.serial == certificate.serial and checked.office_code == "URM01"
    assert checked.name_matches is True and not checked.on_record
    assert checked.holder_name is None  # B holds no personal data of A's participants
    assert b.services.certificates.verify(code, name="مریم رضایی").name_matches is False
    # A code altered on the way (more hours, the same signature) is caught on B too.
    claim, signature = parse(code)
    altered = compose(replace(claim, hours=claim.hours + 10), signature)
    assert b.services.certificates.verify(altered).verdict is Verdict.FORGED

    # A revokes; the revocation reaches B through the province with B's next receipt.
    a.services.certificates.revoke(certificate.serial, "به اشتباه صادر شده بود")
    assert b.services.certificates.verify(code).verdict is Verdict.VALID  # B cannot know yet
    send_to_province(province, a, stick)
    receipt_for(province, b, stick)
    with b.db.read() as session:
        listed = session.get(CertificateRevocation, certificate.serial)
    assert listed is not None and listed.office_code == "URM01"

    revoked = b.services.certificates.verify(code)
    assert revoked.verdict is Verdict.REVOKED
    assert revoked.revoke_reason == "به اشتباه صادر شده بود"
    assert revoked.revoked_at is not None
    assert revoked.key_fingerprint == checked.key_fingerprint
    # A's own installation says the same from its own record.
    assert a.services.certificates.verify(code).verdict is Verdict.REVOKED


def test_a_receipt_never_adds_a_second_key_for_the_office_itself(
    offices: tuple[Province, Office, Office], tmp_path: Path
) -> None:
    """B's own key comes back in the province's keyring: it stays B's own, not a copy."""
    province, a, b = offices
    stick = tmp_path / "stick"
    stick.mkdir()
    send_to_province(province, a, stick)
    send_to_province(province, b, stick)
    receipt_for(province, b, stick)
    with b.db.read() as session:
        rows = [(k.office_code, k.source) for k in session.scalars(select(OfficeKey))]
    assert sorted(rows) == [("TAB02", "own"), ("URM01", "province")]
