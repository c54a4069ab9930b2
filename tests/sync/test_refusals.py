"""Every way a bundle or receipt can be wrong is refused with a clear message, changing nothing."""

from __future__ import annotations

import errno
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.errors import DomainError
from desktop.services.province import ProvinceService, init_province
from desktop.store.engine import Database
from desktop.store.models import Setting, SyncExport, SyncReceipt
from desktop.sync import envelope
from desktop.sync.envelope import BUNDLE, MANIFEST, PAYLOAD, SIGNATURE, pack
from desktop.sync.errors import (
    DamagedFileError,
    FormatError,
    ReplayError,
    SignatureError,
    SyncError,
    WrongPeerError,
)
from desktop.sync.keys import load_province_keys
from tests.sync.conftest import Office, Province, import_accepting, make_office


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _refused(province: Province, path: Path, error: type[DomainError], **kwargs: str) -> str:
    before = province.state()
    with pytest.raises(error) as refused:
        province.service.import_bundle(path, **kwargs)
    assert province.state() == before
    message = str(refused.value)
    assert message and refused.value.msgid  # a translatable, readable reason
    return message


@pytest.fixture
def bundle(province: Province, office: Office, stick: Path) -> Path:
    """A bundle of an office whose key the province has already pinned."""
    office.register("مریم", "رضایی", "0499370899")
    import_accepting(province, office.sync.export(stick).path)
    office.register("زهرا", "کریمی", "1234567891")
    return office.sync.export(stick).path


def test_truncated_bundle(province: Province, bundle: Path, tmp_path: Path) -> None:
    data = bundle.read_bytes()
    for cut in (10, len(data) // 2, len(data) - 1):
        truncated = tmp_path / f"cut-{cut}.hamyar-bundle"
        truncated.write_bytes(data[:cut])
        _refused(province, truncated, DamagedFileError)


def test_bit_flipped_bundle(province: Province, bundle: Path, tmp_path: Path) -> None:
    data = bytearray(bundle.read_bytes())
    for position in (len(data) // 3, len(data) // 2, len(data) - 30, 40):
        flipped = tmp_path / f"flip-{position}.hamyar-bundle"
        copy = bytearray(data)
        copy[position] ^= 0x01
        flipped.write_bytes(bytes(copy))
        _refused(province, flipped, DomainError)


def test_payload_swapped_under_a_valid_zip_is_refused(
    province: Province, bundle: Path, tmp_path: Path
) -> None:
    """Rebuilt ZIP (valid CRCs) with a changed payload: the signed digest catches it."""
    members = _members(bundle)
    payload = bytearray(members[PAYLOAD])
    payload[-5] ^= 0xFF
    members[PAYLOAD] = bytes(payload)
    altered = tmp_path / "altered.hamyar-bundle"
    with zipfile.ZipFile(altered, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _refused(province, altered, DamagedFileError)
    # And a changed manifest: the signature no longer matches.
    manifest = json.loads(members[MANIFEST])
    manifest["rev_to"] += 1
    members[MANIFEST] = json.dumps(manifest).encode()
    with zipfile.ZipFile(altered, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    _refused(province, altered, SignatureError)


def test_bundle_re_signed_by_another_office(
    province: Province,
    bundle: Path,
    office_factory: Callable[[str], Office],
    stick: Path,
    tmp_path: Path,
) -> None:
    intruder = office_factory("TAB02")
    with intruder.db.read() as session:
        from desktop.services.office_keys import load_own_key

        key = load_own_key(session, "TAB02")
    assert key is not None
    members = _members(bundle)
    manifest = json.loads(members[MANIFEST])
    for name in ("kind", "format_version", "signer", "payload"):
        manifest.pop(name)
    forged = tmp_path / "forged.hamyar-bundle"
    forged.write_bytes(pack(BUNDLE, manifest, key, members[PAYLOAD]))
    message = _refused(province, forged, SignatureError)
    assert "URM01" in message
    # Once the intruder's own key is pinned, the message names whose key it is.
    import_accepting(province, intruder.sync.export(stick).path)
    assert "TAB02" in _refused(province, forged, SignatureError)


def test_bundle_for_another_province(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    other_db = Database(tmp_path / "other-province.sqlite3")
    init_province(other_db, "فارس")
    other = Province(other_db, ProvinceService(other_db), province.folder)
    # The same office code enrolled with the other province: its bundle is not for us.
    stray = make_office(other, "URM01", tmp_path / "elsewhere")
    stray.register("مریم", "رضایی", "0499370899")
    path = stray.sync.export(stick).path
    _refused(province, path, WrongPeerError)
    other_db.dispose()
    stray.db.dispose()


def test_replayed_bundle(province: Province, bundle: Path) -> None:
    province.service.import_bundle(bundle)
    _refused(province, bundle, ReplayError)


def test_future_format_bundle(
    province: Province,
    office: Office,
    bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with office.db.read() as session:
        from desktop.services.office_keys import load_own_key

        key = load_own_key(session, "URM01")
    assert key is not None
    members = _members(bundle)
    manifest = json.loads(members[MANIFEST])
    future = tmp_path / "future.hamyar-bundle"
    with monkeypatch.context() as patched:
        patched.setattr(envelope, "FORMAT_VERSION", envelope.FORMAT_VERSION + 1)
        future.write_bytes(pack(BUNDLE, manifest, key, members[PAYLOAD]))
    _refused(province, future, FormatError)
    # A newer database schema in a current format is refused too.
    manifest["schema_version"] = "9999"
    for name in ("kind", "format_version", "signer", "payload"):
        manifest.pop(name)
    newer = tmp_path / "newer.hamyar-bundle"
    newer.write_bytes(pack(BUNDLE, manifest, key, members[PAYLOAD]))
    _refused(province, newer, FormatError)


def test_a_receipt_is_not_a_bundle(province: Province, bundle: Path, stick: Path) -> None:
    province.service.import_bundle(bundle)
    receipt = province.service.write_receipt("URM01", stick)
    _refused(province, receipt.path, SyncError)


def test_unenrolled_office_is_refused(province: Province, tmp_path: Path, stick: Path) -> None:
    """A bundle from an office the province never enrolled (its record removed here)."""
    office = make_office(province, "MHB03", tmp_path)
    office.register("مریم", "رضایی", "0499370899")
    path = office.sync.export(stick).path
    with province.db.write() as session:
        from desktop.store.models import ProvinceOffice

        session.delete(session.get(ProvinceOffice, "MHB03"))
    _refused(province, path, SyncError, accept_key="whatever")
    office.db.dispose()


def test_province_keys_must_be_on_this_computer(province: Province, bundle: Path) -> None:
    with province.db.read() as session:
        keys = load_province_keys(session)
    from desktop.sync.keys import age_identity_path

    age_identity_path(keys.signing.fingerprint).unlink()
    _refused(province, bundle, SyncError)


# --- export faults -------------------------------------------------------------------------------


def test_stick_pulled_during_export_leaves_no_complete_file(
    office: Office, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office.register("مریم", "رضایی", "0499370899")
    calls = {"n": 0}
    real = envelope._write_chunk

    def failing(handle: object, chunk: bytes) -> None:
        calls["n"] += 1
        real(handle, chunk[: len(chunk) // 2])
        raise OSError(errno.EIO, "Input/output error")

    with monkeypatch.context() as patched, pytest.raises(SyncError) as refused:
        patched.setattr(envelope, "_write_chunk", failing)
        office.sync.export(stick)
    assert calls["n"] == 1 and "USB" in refused.value.msgid
    assert list(stick.iterdir()) == []  # not even the partial file
    with office.db.read() as session:
        assert session.scalars(select(SyncExport)).all() == []
        assert session.get(Setting, "sync.epoch_token") is None
    assert office.sync.export(stick).path.exists()  # the next try works


def test_partial_file_left_by_a_dead_stick_does_not_look_complete(
    office: Office, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office.register("مریم", "رضایی", "0499370899")

    def failing(handle: object, chunk: bytes) -> None:
        handle.write(chunk[:100])  # type: ignore[attr-defined]
        raise OSError(errno.EIO, "Input/output error")

    def gone(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.ENODEV, "No such device")

    with monkeypatch.context() as patched, pytest.raises(SyncError):
        patched.setattr(envelope, "_write_chunk", failing)
        patched.setattr(Path, "unlink", gone)
        office.sync.export(stick)
    leftovers = list(stick.iterdir())
    assert all(p.name.startswith(".") and p.name.endswith(".partial") for p in leftovers)
    assert not any(p.name.endswith(".hamyar-bundle") for p in leftovers)


def test_export_verifies_what_it_wrote(
    office: Office, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stick that silently corrupts data: the read-back check removes the file."""
    office.register("مریم", "رضایی", "0499370899")
    real = envelope._write_chunk

    def corrupting(handle: object, chunk: bytes) -> None:
        data = bytearray(chunk)
        data[len(data) // 2] ^= 0x10
        real(handle, bytes(data))

    monkeypatch.setattr(envelope, "_write_chunk", corrupting)
    with pytest.raises(SyncError):
        office.sync.export(stick)
    assert list(stick.iterdir()) == []
    with office.db.read() as session:
        assert session.scalars(select(SyncExport)).all() == []


# --- receipts ------------------------------------------------------------------------------------


def _office_state(office: Office) -> tuple[int, int]:
    with office.db.read() as session:
        return (
            len(session.scalars(select(SyncReceipt)).all()),
            office.sync.pending().total,
        )


def test_receipt_refusals(
    province: Province,
    office_factory: Callable[[str], Office],
    stick: Path,
    tmp_path: Path,
) -> None:
    office, other = office_factory("URM01"), office_factory("TAB02")
    office.register("مریم", "رضایی", "0499370899")
    import_accepting(province, office.sync.export(stick).path)
    receipt = province.service.write_receipt("URM01", stick).path
    before = _office_state(other)
    with pytest.raises(WrongPeerError):
        other.sync.apply_receipt(receipt)  # for another office
    assert _office_state(other) == before

    before = _office_state(office)
    data = bytearray(receipt.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped = tmp_path / "flipped.hamyar-receipt"
    flipped.write_bytes(bytes(data))
    with pytest.raises(DamagedFileError):
        office.sync.apply_receipt(flipped)
    truncated = tmp_path / "truncated.hamyar-receipt"
    truncated.write_bytes(bytes(data[:-20]))
    with pytest.raises(DamagedFileError):
        office.sync.apply_receipt(truncated)
    # Re-signed by someone else (an office key): refused.
    with office.db.read() as session:
        from desktop.services.office_keys import load_own_key

        key = load_own_key(session, "URM01")
    assert key is not None
    members = _members(receipt)
    manifest = json.loads(members[MANIFEST])
    for name in ("kind", "format_version", "signer"):
        manifest.pop(name)
    forged = tmp_path / "forged.hamyar-receipt"
    from desktop.sync.envelope import RECEIPT

    manifest["sequence"] += 100
    forged.write_bytes(pack(RECEIPT, manifest, key, members[PAYLOAD]))
    with pytest.raises(SignatureError):
        office.sync.apply_receipt(forged)
    assert _office_state(office) == before

    office.sync.apply_receipt(receipt)
    applied = _office_state(office)
    with pytest.raises(ReplayError):
        office.sync.apply_receipt(receipt)
    older = province.service.write_receipt("URM01", stick).path
    newest = province.service.write_receipt("URM01", stick).path
    office.sync.apply_receipt(newest)
    with pytest.raises(ReplayError):
        office.sync.apply_receipt(older)
    assert _office_state(office)[1] == applied[1]
    assert SIGNATURE in members
