"""Regressions found in the sync review: order-independent rejections, rejections that a later
version settles, archives that are not ours (compressed members, bombs), concurrent imports."""

from __future__ import annotations

import io
import threading
import uuid
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.services.setup import UserInput
from desktop.services.users import UserService
from desktop.store.models import DuplicateFlag, SyncRejectedRow, User
from desktop.sync.envelope import MANIFEST, PAYLOAD, SIGNATURE, unpack
from desktop.sync.errors import DamagedFileError
from desktop.sync.keys import load_province_keys
from desktop.sync.merge import import_bundle
from tests.sync.conftest import Office, Province, import_accepting, make_office


def _rename(office: Office, username: str, to: str) -> None:
    with office.db.write(office_code=office.code) as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        user.username = to


def _add_user(office: Office, username: str) -> None:
    UserService(office.db, office.services.actor).create(
        UserInput(username=username, full_name="کاربر آزمایشی", password="s3cret-pass")
    )


def test_an_older_bundle_after_a_newer_one_rejects_nothing(
    province: Province, office: Office, stick: Path
) -> None:
    """A unique value the province now holds on another row must not reject an older version
    of a row the province already has newer (it is simply unchanged)."""
    _add_user(office, "ali")
    older = office.sync.export(stick).path
    _rename(office, "ali", "ali2")
    _add_user(office, "ali")  # a new account takes the freed name
    newer = office.sync.export(stick).path  # no receipt yet: carries everything again

    import_accepting(province, newer)
    late = province.service.import_bundle(older)
    assert late.rejected == []
    assert late.new == 0 and late.updated == 0
    with province.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncRejectedRow)) == 0
    receipt = province.service.write_receipt(office.code, stick)
    assert receipt.rejected == 0
    assert province.digest(office.code) == office.digest()


def test_a_rejection_is_settled_when_a_later_version_of_the_row_merges(
    province: Province, office: Office, stick: Path
) -> None:
    """Rejections are reported in every receipt until the row is merged: a version that merges
    later settles the older rejection instead of leaving it in the table for ever."""
    person = office.register("مریم", "رضایی", "0499370899")
    import_accepting(province, office.sync.export(stick).path)
    with province.db.write() as session:  # as if an earlier version had been refused
        session.add(
            SyncRejectedRow(
                office_code=office.code,
                bundle_id=uuid.uuid4(),
                table_name="participants",
                row_id=str(person),
                rev=1,
                reason="field {field} has an invalid value",
                params={"field": "mobile"},
                snapshot=None,
            )
        )
    from desktop.services.participants import ParticipantInput

    office.services.participants.update(
        person,
        ParticipantInput(
            first_name="مریم", last_name="رضایی", national_id="0499370899", mobile="09141234567"
        ),
    )
    merged = province.service.import_bundle(office.sync.export(stick).path)
    assert merged.updated == 1
    with province.db.read() as session:
        assert session.scalar(select(func.count()).select_from(SyncRejectedRow)) == 0
    assert province.service.write_receipt(office.code, stick).rejected == 0


def _rezip(source: Path, target: Path, compress: dict[str, int]) -> None:
    with zipfile.ZipFile(source) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data, compress_type=compress.get(name, zipfile.ZIP_STORED))


def test_compressed_members_are_refused_before_they_are_inflated(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    """Our files store members uncompressed; a deflated member (a zip bomb can declare
    gigabytes) is refused as not ours without inflating it."""
    office.register("مریم", "رضایی", "0499370899")
    bundle = office.sync.export(stick).path
    recompressed = tmp_path / "deflated.hamyar-bundle"
    _rezip(bundle, recompressed, {PAYLOAD: zipfile.ZIP_DEFLATED})
    with pytest.raises(DamagedFileError):
        province.service.preview(recompressed)

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w") as archive:
        with zipfile.ZipFile(bundle) as original:
            archive.writestr(MANIFEST, original.read(MANIFEST))
            archive.writestr(SIGNATURE, original.read(SIGNATURE))
        archive.writestr(PAYLOAD, b"\0" * (64 << 20), compress_type=zipfile.ZIP_DEFLATED)
    assert len(bomb.getvalue()) < 1 << 20
    with pytest.raises(DamagedFileError):
        unpack(bomb.getvalue(), "hamyar-bundle")


@pytest.mark.postgres
def test_concurrent_imports_of_two_offices_still_flag_their_duplicates(
    pg_province: Province, stick: Path, tmp_path: Path
) -> None:
    """Two imports at once (two province officers on one PostgreSQL database) must see each
    other's people: the second waits for the first instead of missing the duplicate."""
    first = make_office(pg_province, "URM01", tmp_path / "urm")
    second = make_office(pg_province, "TAB02", tmp_path / "tab")
    try:
        first.register("مریم", "رضایی", "0499370899")
        second.register("مریم", "کاظمی", "0499370899")
        one = first.sync.export(stick).path
        two = second.sync.export(stick).path
        # Pin both keys first (previews and pinning are not what is tested).
        for path in (one, two):
            preview = pg_province.service.preview(path)
            with pg_province.db.write() as session:
                keys = load_province_keys(session)
                import_bundle(session, keys, path, accept_key=preview.key_fingerprint)
                session.rollback()  # only checks it would import
        first_in = threading.Event()
        release = threading.Event()
        errors: list[BaseException] = []

        def slow_first() -> None:
            try:
                with pg_province.db.write() as session:
                    keys = load_province_keys(session)
                    fp = pg_province.service.preview(one).key_fingerprint
                    import_bundle(session, keys, one, accept_key=fp)
                    first_in.set()
                    release.wait(10)
            except BaseException as error:  # reported below
                errors.append(error)
                first_in.set()

        worker = threading.Thread(target=slow_first)
        worker.start()
        assert first_in.wait(20)
        second_done = threading.Event()

        def then_second() -> None:
            try:
                fp = pg_province.service.preview(two).key_fingerprint
                pg_province.service.import_bundle(two, accept_key=fp)
            except BaseException as error:
                errors.append(error)
            second_done.set()

        other = threading.Thread(target=then_second)
        other.start()
        # The second import must wait for the first to commit (it would otherwise merge
        # without seeing the first office's people).
        finished_early = second_done.wait(2)
        release.set()
        worker.join(20)
        other.join(20)
        assert not errors, errors
        assert not finished_early
        with pg_province.db.read() as session:
            assert session.scalar(select(func.count()).select_from(DuplicateFlag)) == 1
    finally:
        first.db.dispose()
        second.db.dispose()


def _copy_sqlite(source: Path, target: Path) -> None:
    import contextlib
    import sqlite3

    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with (
        contextlib.closing(sqlite3.connect(source)) as src,
        contextlib.closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst)


def test_edits_after_restoring_a_backup_survive_a_receipt_for_the_lost_copy(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    """After a restore, the next edits reuse counters the lost copy had already sent. A
    receipt acknowledging the lost copy's bundles must not mark those edits as delivered: the
    office only trusts an acknowledgement up to what this database itself exported."""
    office.register("مریم", "رضایی", "0499370899")
    backup = tmp_path / "backup.sqlite3"
    assert office.db.path is not None
    _copy_sqlite(office.db.path, backup)
    for name in ("الف", "ب", "پ", "ت", "ث"):  # the lost copy keeps working, then sends a bundle
        office.register("زهرا", f"کریمی {name}")
    import_accepting(province, office.sync.export(stick).path)

    office.db.dispose()  # the disk dies; yesterday's copy is restored
    _copy_sqlite(backup, office.db.path)
    kept = office.register("فاطمه", "نوری", "0012345679")  # a reused counter value
    office.sync.export(stick)  # this stick is lost on the way
    # The province answers (it only has the lost copy's bundle); the office applies it.
    office.sync.apply_receipt(province.service.write_receipt(office.code, stick).path)

    merged = province.service.import_bundle(office.sync.export(stick).path)
    assert merged.rejected == []
    from desktop.store.models import Participant

    with province.db.read() as session:
        assert session.get(Participant, kept) is not None


@pytest.mark.postgres
def test_two_receipts_written_at_once_get_different_sequence_numbers(
    pg_province: Province, stick: Path, tmp_path: Path
) -> None:
    """An office refuses a receipt whose sequence is not above the last it applied, so two
    receipts written at once on PostgreSQL must not take the same number."""
    from desktop.sync.receipts import build_receipt

    office = make_office(pg_province, "URM01", tmp_path / "urm")
    try:
        office.register("مریم", "رضایی", "0499370899")
        import_accepting(pg_province, office.sync.export(stick).path)
        built_first = threading.Event()
        release = threading.Event()
        sequences: list[int] = []

        def held_open() -> None:
            with pg_province.db.write() as session:
                sequences.append(
                    build_receipt(session, load_province_keys(session), "URM01").sequence
                )
                built_first.set()
                release.wait(10)

        worker = threading.Thread(target=held_open)
        worker.start()
        assert built_first.wait(20)
        other = threading.Thread(
            target=lambda: sequences.append(
                pg_province.service.write_receipt("URM01", stick).sequence
            )
        )
        other.start()
        other.join(1)
        release.set()
        worker.join(20)
        other.join(20)
        assert len(sequences) == 2 and sequences[0] != sequences[1]
    finally:
        office.db.dispose()
