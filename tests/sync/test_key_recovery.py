"""An office loses its keys folder (a dead PC, a restored backup without ``keys/``) and recovers:
a deliberate new office key, a province that refuses it until a person compares fingerprints
and re-pins, and certificates signed with the old and the new key that both verify on another
office after its receipt. Runs on SQLite and, with HAMYAR_TEST_PG_URL, PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.certificates.payload import Verdict
from desktop.domain.errors import StateError
from desktop.domain.jalali import format_jalali
from desktop.services.app import Services
from desktop.services.office_keys import keys_dir
from desktop.services.setup import UserInput
from desktop.services.sync import OfficeSyncService, initialise_from_enrolment
from desktop.store.base import utcnow
from desktop.store.engine import Database
from desktop.store.models import OfficeKey, ProvinceOffice
from desktop.sync.errors import KeyChangedError, SignatureError
from tests.certificates.builders import finished_workshop, person
from tests.sync.conftest import Office, Province, database_state, import_accepting

A_NAME = "دفتر تسهیل‌گری اسلام‌آباد"
A_COUNTY = "ارومیه"


def enrolled_office(province: Province, code: str, name: str, tmp_path: Path) -> Office:
    enrolment = province.service.enrol_office(code, name, A_COUNTY, province.folder).path
    db = Database(tmp_path / f"office-{code}.sqlite3")
    actor = initialise_from_enrolment(
        db, enrolment, UserInput(username="manager", full_name="زهرا احمدی", password="s3cret-pass")
    )
    return Office(code, db, Services(db, actor), OfficeSyncService(db))


def lose_keys(code: str) -> list[Path]:
    """The keys folder of one office is gone (others' files in the shared test folder stay)."""
    lost = sorted(keys_dir().glob(f"office-{code}-*"))
    assert lost, "the office had key files"
    for path in lost:
        path.unlink()
    return lost


def backup_copy(office: Office, to: Path) -> None:
    with sqlite3.connect(office.db.path) as source, sqlite3.connect(to) as target:
        source.backup(target)


def restore(office: Office, backup: Path) -> Office:
    """The office's database file replaced by its backup (as on a new PC)."""
    office.db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{office.db.path}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(backup, office.db.path)
    db = Database(office.db.path)
    return Office(office.code, db, Services(db, office.services.actor), OfficeSyncService(db))


def test_lost_keys_new_key_repin_and_both_certificates_verify_elsewhere(
    province: Province, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    a = enrolled_office(province, "URM01", A_NAME, tmp_path)
    b = enrolled_office(province, "TAB02", "دفتر تسهیل‌گری ولی‌عصر", tmp_path)
    try:
        old_certificate = a.services.certificates.issue(
            finished_workshop(a.services, [person("زهرا", "احمدی", "علی", "0499370899")]).id,
            tmp_path / "old.pdf",
        ).issued[0]
        import_accepting(province, a.sync.export(stick).path)
        import_accepting(province, b.sync.export(stick).path)
        old_fingerprint = a.sync.overview().office_fingerprint
        assert old_fingerprint is not None
        backup = tmp_path / "urm01-backup.sqlite3"
        backup_copy(a, backup)
        a.register("مریم", "رضایی", "1234567891")
        other_stick = tmp_path / "other-stick"
        other_stick.mkdir()
        stale = a.sync.export(other_stick).path  # made with the old key, never imported

        # The PC dies: the backup is restored on a new one, the keys folder is gone.
        lose_keys("URM01")
        a = restore(a, backup)
        overview = a.sync.overview()
        assert overview.key_missing and old_fingerprint in (overview.key_problem or "")
        with pytest.raises(StateError):
            a.sync.export(stick)

        made = a.sync.new_office_key(by="زهرا احمدی")
        assert made.old_fingerprint == old_fingerprint and made.fingerprint != old_fingerprint
        overview = a.sync.overview()
        assert not overview.key_missing
        assert overview.office_fingerprint == made.fingerprint
        assert overview.replaced_fingerprint == old_fingerprint
        with a.db.read() as session:
            own = {k.fingerprint: k for k in session.scalars(select(OfficeKey))}
        assert own[old_fingerprint].retired_at is not None
        assert own[old_fingerprint].retired_by == "زهرا احمدی"
        assert own[made.fingerprint].retired_at is None
        with pytest.raises(StateError):  # the new key works: nothing to replace
            a.sync.new_office_key()

        # Earlier certificates still verify here (retired key); new ones use the new key.
        here = a.services.certificates.verify(old_certificate.payload)
        assert here.verdict is Verdict.VALID and here.key_retired
        new_certificate = a.services.certificates.issue(
            finished_workshop(
                a.services, [person("فاطمه", "کریمی", "حسن", "0023456787")], title="خیاطی"
            ).id,
            tmp_path / "new.pdf",
        ).issued[0]
        fresh = a.services.certificates.verify(new_certificate.payload)
        assert fresh.verdict is Verdict.VALID and not fresh.key_retired
        assert fresh.key_fingerprint == made.fingerprint

        # The province refuses the new key by default, and says how to proceed.
        bundle = a.sync.export(stick).path
        before = province.state()
        with pytest.raises(KeyChangedError) as refused:
            province.service.import_bundle(bundle)
        message = str(refused.value)
        assert made.fingerprint in message and old_fingerprint in message
        assert refused.value.fingerprint == made.fingerprint
        with pytest.raises(KeyChangedError):  # a fingerprint that does not match changes nothing
            province.service.import_bundle(bundle, accept_new_key=old_fingerprint)
        with pytest.raises(KeyChangedError):  # a first-key acceptance is not a re-pin
            province.service.import_bundle(bundle, accept_key=made.fingerprint)
        assert province.state() == before
        preview = province.service.preview(bundle)
        assert preview.key_changed and not preview.key_is_new
        assert preview.previous_fingerprint == old_fingerprint
        assert preview.key_fingerprint == made.fingerprint

        merged = province.service.import_bundle(
            bundle, accept_new_key=made.fingerprint.lower(), accepted_by="مسئول استان"
        )
        assert merged.key_changed
        with province.db.read() as session:
            office = session.get(ProvinceOffice, "URM01")
            assert office is not None
            assert office.fingerprint == made.fingerprint and office.pinned_by == "مسئول استان"
            assert office.age_recipient == made.recipient
            (retired,) = session.scalars(select(OfficeKey).where(OfficeKey.office_code == "URM01"))
            assert retired.fingerprint == old_fingerprint and retired.retired_at is not None
            assert retired.retired_by == "مسئول استان" and retired.office_name == A_NAME
        # The bundle made with the old key before the loss is refused for good.
        with pytest.raises(SignatureError) as replaced:
            province.service.import_bundle(stale, accept_new_key=old_fingerprint)
        assert "replaced" in replaced.value.msgid
        # The retirement date is shown in the Jalali calendar, like every date a person reads.
        assert format_jalali(utcnow().date()) in str(replaced.value)

        # Receipts: A's opens with its new identity; B learns both keys of A, with A's name.
        applied = a.sync.apply_receipt(province.service.write_receipt("URM01", stick).path)
        assert applied.agrees
        receipt = b.sync.apply_receipt(province.service.write_receipt("TAB02", stick).path)
        assert receipt.keys_added == 2
        with b.db.read() as session:
            keys = {
                k.fingerprint: k
                for k in session.scalars(select(OfficeKey).where(OfficeKey.office_code == "URM01"))
            }
        assert set(keys) == {old_fingerprint, made.fingerprint}
        assert keys[old_fingerprint].retired_at is not None
        assert keys[made.fingerprint].retired_at is None
        assert {k.office_name for k in keys.values()} == {A_NAME}
        assert {k.county for k in keys.values()} == {A_COUNTY}
        old_there = b.services.certificates.verify(old_certificate.payload)
        new_there = b.services.certificates.verify(new_certificate.payload)
        assert old_there.verdict is Verdict.VALID and old_there.key_retired
        assert new_there.verdict is Verdict.VALID and not new_there.key_retired
        assert old_there.office_name == A_NAME == new_there.office_name
    finally:
        a.db.dispose()
        b.db.dispose()


def test_an_office_that_already_knew_a_key_learns_it_was_retired(
    province: Province, tmp_path: Path
) -> None:
    """B had A's old key (current) from an earlier receipt; the next receipt retires it."""
    stick = tmp_path / "stick"
    stick.mkdir()
    a = enrolled_office(province, "URM01", A_NAME, tmp_path)
    b = enrolled_office(province, "TAB02", "دفتر تسهیل‌گری ولی‌عصر", tmp_path)
    try:
        import_accepting(province, a.sync.export(stick).path)
        import_accepting(province, b.sync.export(stick).path)
        b.sync.apply_receipt(province.service.write_receipt("TAB02", stick).path)
        lose_keys("URM01")
        made = a.sync.new_office_key()
        province.service.import_bundle(a.sync.export(stick).path, accept_new_key=made.fingerprint)
        result = b.sync.apply_receipt(province.service.write_receipt("TAB02", stick).path)
        assert result.keys_added == 1 and result.keys_retired == 1
        with b.db.read() as session:
            retired = {
                k.fingerprint: k.retired_at is not None
                for k in session.scalars(select(OfficeKey).where(OfficeKey.office_code == "URM01"))
            }
        assert retired == {made.old_fingerprint: True, made.fingerprint: False}
    finally:
        a.db.dispose()
        b.db.dispose()


def test_new_key_is_refused_while_the_key_works_or_before_any_key(
    province: Province, tmp_path: Path
) -> None:
    a = enrolled_office(province, "URM01", A_NAME, tmp_path)
    try:
        with a.db.read() as session:
            rows_before = len(list(session.scalars(select(OfficeKey))))
        with pytest.raises(StateError):
            a.sync.new_office_key()
        with a.db.read() as session:
            assert len(list(session.scalars(select(OfficeKey)))) == rows_before
        assert not a.sync.overview().key_missing
    finally:
        a.db.dispose()


def test_another_offices_key_or_a_retired_key_is_never_re_pinned(
    province: Province, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    a = enrolled_office(province, "URM01", A_NAME, tmp_path)
    b = enrolled_office(province, "TAB02", "دفتر تسهیل‌گری ولی‌عصر", tmp_path)
    try:
        import_accepting(province, a.sync.export(stick).path)
        import_accepting(province, b.sync.export(stick).path)
        lose_keys("URM01")
        made = a.sync.new_office_key()
        province.service.import_bundle(a.sync.export(stick).path, accept_new_key=made.fingerprint)
        # B's bundles keep working; the state of the province after a re-pin is consistent.
        b.register("لیلا", "محمدی", "0123987652")
        assert province.service.import_bundle(b.sync.export(stick).path).new == 1
        state = database_state(province.db)
        assert state["office_keys"] == 1
        status = {s.code: s for s in province.service.status()}
        assert status["URM01"].fingerprint == made.fingerprint
    finally:
        a.db.dispose()
        b.db.dispose()
