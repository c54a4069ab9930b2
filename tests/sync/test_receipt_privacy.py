"""Receipts travel on USB sticks: nothing in them may name a person unless encrypted to the office.

Everything but routing and verification (office, province, receipt id, sequence, time, digests)
is encrypted to the office's own age recipient, which the province learns from the office's
signed bundles.
"""

from __future__ import annotations

import gzip
import json
import shutil
import stat
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select, update

from desktop.crypto.signing import load_signing_key
from desktop.services.office_keys import own_key_row
from desktop.services.province import TAKE_QUEUED
from desktop.store.models import ProvinceOffice, SyncReceipt
from desktop.sync.envelope import MANIFEST, PAYLOAD, RECEIPT, pack, read_file
from desktop.sync.errors import DamagedFileError, FormatError, SyncError, WrongPeerError
from desktop.sync.keys import load_province_keys, office_identity_path, read_age_identity
from desktop.sync.rows import sha256_hex
from desktop.sync.sealed import unseal
from tests.sync.conftest import Office, Province, import_accepting
from tests.sync.test_decisions import make_conflict

NATIONAL_ID = "0012345679"
# make_conflict registers «مریم کریمی» and edits her notes twice.
PERSONAL = ["مریم", "کریمی", NATIONAL_ID, "نسخه الف", "نسخه ب", "رضا محمدی", "همان شخص است"]


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _assert_no_personal_bytes(path: Path) -> None:
    raw = path.read_bytes()
    for text in PERSONAL:
        assert text.encode("utf-8") not in raw, text
    for name, data in _members(path).items():
        assert name in {MANIFEST, "manifest.sig", PAYLOAD}
        for text in PERSONAL:
            assert text.encode("utf-8") not in data, (name, text)
    for text in PERSONAL:
        assert text not in path.name


def _identity_file(office: Office) -> Path:
    with office.db.read() as session:
        row = own_key_row(session, office.code)
        assert row is not None
        return office_identity_path(office.code, row.fingerprint)


def _office_state(office: Office) -> tuple[int, int, str]:
    with office.db.read() as session:
        receipts = len(session.scalars(select(SyncReceipt)).all())
    return receipts, office.sync.pending().total, office.digest()


def test_a_receipt_names_nobody_in_plain_form_and_still_applies(
    province: Province,
    office_factory: Callable[[str], Office],
    tmp_path: Path,
) -> None:
    office = office_factory("URM01")
    other = office_factory("TAB02")
    office, person = make_conflict(province, office, tmp_path, national_id=NATIONAL_ID)
    # A suspected duplicate at another office, decided with a note.
    other.register("مريم", "کريمي", NATIONAL_ID)
    stick = tmp_path / "stick"
    import_accepting(province, other.sync.export(stick).path)
    [flag] = province.service.duplicate_flags()
    province.service.decide_duplicate(
        flag.id, "same_person", "همان شخص است", decided_by="رضا محمدی"
    )
    [conflict] = province.service.conflicts()
    province.service.decide_conflict(conflict.id, TAKE_QUEUED, "", decided_by="رضا محمدی")
    folder = tmp_path / "receipts"
    folder.mkdir()

    summary = province.service.write_receipt(office.code, folder)

    _assert_no_personal_bytes(summary.path)
    manifest = read_file(summary.path, RECEIPT).manifest
    assert set(manifest) == {
        "kind",
        "format_version",
        "signer",
        "payload",
        "receipt_id",
        "sequence",
        "province_id",
        "office_code",
        "created_at",
        "content",
    }
    assert manifest["content"]["recipient"].startswith("age1")
    assert [p.name for p in folder.iterdir()] == [summary.path.name]  # no temporary file left
    # The people are in there, encrypted: the conflict's chosen row and the decisions' notes.
    opened = unseal(
        _members(summary.path)[PAYLOAD],
        [read_age_identity(_identity_file(office))],
        manifest["content"]["sha256"],
    )
    plain = json.dumps(opened, ensure_ascii=False)
    assert NATIONAL_ID in plain and "کریمی" in plain and "رضا محمدی" in plain
    # The office opens it with its own identity and applies it as before.
    applied = office.sync.apply_receipt(summary.path)
    assert applied.conflicts_decided == 1
    assert applied.decisions == 1
    assert applied.province_name == "آذربایجان غربی"
    assert office.sync.overview().receipts[0].receipt_id == summary.receipt_id
    assert person is not None


def test_bundles_and_enrolment_files_carry_no_plain_personal_data(
    province: Province, office: Office, stick: Path
) -> None:
    office.register("مریم", "کریمی", NATIONAL_ID, notes="نسخه الف")
    bundle = office.sync.export(stick).path
    _assert_no_personal_bytes(bundle)
    manifest = read_file(bundle, "hamyar-bundle").manifest
    assert manifest["office_recipient"].startswith("age1")
    enrolment = province.enrol("MHB03")
    _assert_no_personal_bytes(enrolment)
    assert sorted(p.name for p in stick.iterdir()) == [bundle.name]  # no temporary file


def test_the_age_command_opens_a_receipt_with_the_office_identity(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    if shutil.which("age") is None:
        pytest.skip("the age command is not installed (CI has it)")
    office.register("مریم", "کریمی", NATIONAL_ID)
    import_accepting(province, office.sync.export(stick).path)
    receipt = province.service.write_receipt(office.code, stick).path
    identity = _identity_file(office)
    assert stat.S_IMODE(identity.stat().st_mode) == 0o600
    payload = tmp_path / "payload.age"
    payload.write_bytes(_members(receipt)[PAYLOAD])
    opened = subprocess.run(
        ["age", "-d", "-i", str(identity), str(payload)], capture_output=True, check=True
    ).stdout
    contents = json.loads(gzip.decompress(opened))
    assert set(contents) == {"province_name", "acks", "held", "rejected", "reference"}
    assert contents["held"]["digest"] == office.digest()
    # Not with the province's own identity: the receipt is for the office only.
    province_identity = next(identity.parent.glob("province-*.age"))
    refused = subprocess.run(
        ["age", "-d", "-i", str(province_identity), str(payload)], capture_output=True
    )
    assert refused.returncode != 0


def test_a_receipt_encrypted_to_another_office_is_refused(
    province: Province, office_factory: Callable[[str], Office], stick: Path
) -> None:
    office, other = office_factory("URM01"), office_factory("TAB02")
    office.register("مریم", "کریمی", NATIONAL_ID)
    other.register("زهرا", "احمدی", "1234567891")
    import_accepting(province, office.sync.export(stick).path)
    import_accepting(province, other.sync.export(stick).path)
    with province.db.write() as session:  # the province holds the wrong office's recipient
        wrong = session.get(ProvinceOffice, "TAB02")
        assert wrong is not None
        session.execute(
            update(ProvinceOffice)
            .where(ProvinceOffice.code == "URM01")
            .values(age_recipient=wrong.age_recipient)
        )
    receipt = province.service.write_receipt("URM01", stick).path
    before = _office_state(office)

    with pytest.raises(WrongPeerError) as refused:
        office.sync.apply_receipt(receipt)

    assert "encrypted for another office" in refused.value.msgid
    assert _office_state(office) == before


def test_a_receipt_whose_identity_is_lost_is_refused_until_a_new_bundle(
    province: Province, office: Office, stick: Path
) -> None:
    """An office set up earlier, or whose keys folder lost the identity, gets a new one at its
    next export; the province takes it from that bundle (signed with the pinned key)."""
    office.register("مریم", "کریمی", NATIONAL_ID)
    first = office.sync.export(stick).path
    import_accepting(province, first)
    recipient = read_file(first, "hamyar-bundle").manifest["office_recipient"]
    assert province.service.office_status(office.code).age_recipient == recipient
    stale = province.service.write_receipt(office.code, stick).path
    _identity_file(office).unlink()
    before = _office_state(office)
    with pytest.raises(WrongPeerError):
        office.sync.apply_receipt(stale)
    assert _office_state(office) == before

    office.register("زهرا", "احمدی", "1234567891")
    second = office.sync.export(stick).path  # a new identity; its recipient travels here
    assert _identity_file(office).exists()
    province.service.import_bundle(second)
    applied = office.sync.apply_receipt(province.service.write_receipt(office.code, stick).path)
    assert applied.agrees


def test_an_older_bundle_arriving_late_keeps_the_newest_recipient(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    office.register("مریم", "کریمی", NATIONAL_ID)
    older = office.sync.export(stick).path
    _identity_file(office).unlink()  # replaced before the next export
    office.register("زهرا", "احمدی", "1234567891")
    other_stick = tmp_path / "stick-2"
    other_stick.mkdir()
    newer = office.sync.export(other_stick).path
    import_accepting(province, newer)
    province.service.import_bundle(older)  # nothing new in it, and an older recipient
    with province.db.read() as session:
        held = session.get(ProvinceOffice, office.code)
        assert held is not None
        assert held.age_recipient == read_file(newer, "hamyar-bundle").manifest["office_recipient"]
    applied = office.sync.apply_receipt(province.service.write_receipt(office.code, stick).path)
    assert applied.agrees


def test_no_receipt_without_the_office_recipient(province: Province, office: Office) -> None:
    assert province.service.office_status(office.code).age_recipient is None
    before = province.state()
    with pytest.raises(SyncError) as refused:
        province.service.write_receipt(office.code, province.folder)
    assert "encrypted to the office" in refused.value.msgid
    assert province.state() == before
    assert list(province.folder.glob("*.hamyar-receipt")) == []


def test_an_old_format_receipt_is_refused(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    """Format 1 carried everything in the signed manifest, readable by anyone."""
    office.register("مریم", "کریمی", NATIONAL_ID)
    import_accepting(province, office.sync.export(stick).path)
    with province.db.read() as session:
        keys = load_province_keys(session)
    old = tmp_path / "old.hamyar-receipt"
    manifest = {
        "receipt_id": "6f1c1c0e-9a53-4d1f-8d3b-1d6b1f0a2c11",
        "sequence": 1,
        "province_id": str(keys.province_id),
        "office_code": office.code,
        "created_at": "2026-01-01T00:00:00Z",
        "acks": {},
        "held": {"digest": "", "counts": {}},
        "rejected": [],
        "reference": {},
    }
    old.write_bytes(pack(RECEIPT, manifest, keys.signing, format_version=1))
    before = _office_state(office)
    with pytest.raises(FormatError) as refused:
        office.sync.apply_receipt(old)
    assert "did not encrypt receipts" in refused.value.msgid
    assert _office_state(office) == before


def test_a_receipt_with_a_swapped_payload_is_refused(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    """The signature covers the encrypted payload's digest: another payload is refused, even one
    encrypted to the right office (by someone who knows its public recipient)."""
    office.register("مریم", "کریمی", NATIONAL_ID)
    import_accepting(province, office.sync.export(stick).path)
    receipt = province.service.write_receipt(office.code, stick).path
    members = _members(receipt)
    from desktop.sync.sealed import seal

    manifest = json.loads(members[MANIFEST])
    forged_payload, _digest = seal({"acks": {}}, manifest["content"]["recipient"])
    forged = tmp_path / "swapped.hamyar-receipt"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr(MANIFEST, members[MANIFEST])
        archive.writestr("manifest.sig", members["manifest.sig"])
        archive.writestr(PAYLOAD, forged_payload)
    before = _office_state(office)
    with pytest.raises(DamagedFileError):
        office.sync.apply_receipt(forged)
    assert _office_state(office) == before
    assert sha256_hex(members[PAYLOAD]) == manifest["payload"]["sha256"]


def test_a_bundle_without_the_office_recipient_is_refused(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    office.register("مریم", "کریمی", NATIONAL_ID)
    bundle = office.sync.export(stick).path
    members = _members(bundle)
    manifest = json.loads(members[MANIFEST])
    for name in ("kind", "format_version", "signer", "payload", "office_recipient"):
        manifest.pop(name)
    with office.db.read() as session:
        row = own_key_row(session, office.code)
        assert row is not None
        from desktop.services.office_keys import private_key_path

        key = load_signing_key(private_key_path(office.code, row.fingerprint))
    stripped = tmp_path / "stripped.hamyar-bundle"
    stripped.write_bytes(pack("hamyar-bundle", manifest, key, members[PAYLOAD]))
    before = province.state()
    with pytest.raises(DamagedFileError):
        province.service.preview(stripped)
    assert province.state() == before
