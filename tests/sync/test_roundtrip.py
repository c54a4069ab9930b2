"""Office → province → receipt → office: the whole loop, digests agreeing at every step."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.domain.enums import ParticipantStatus
from desktop.services.participants import ParticipantInput
from desktop.store.models import (
    CertificateRevocation,
    DuplicateDecision,
    Installation,
    OfficeKey,
    Participant,
    ReceivedForm,
    SyncExport,
    User,
)
from desktop.sync.envelope import BUNDLE, read_file
from desktop.sync.epochs import EPOCH_GAP
from desktop.sync.errors import KeyNotPinnedError
from tests.sync.conftest import Office, Province, import_accepting


def test_first_bundle_needs_its_key_confirmed_then_merges(
    province: Province, office: Office, stick: Path
) -> None:
    office.register("مریم", "رضایی", "0499370899")
    result = office.sync.export(stick)
    assert result.path.exists() and result.counts["participants"] == 1

    with pytest.raises(KeyNotPinnedError) as refused:
        province.service.import_bundle(result.path)
    assert province.state()["participants"] == 0
    preview = province.service.preview(result.path)
    assert preview.key_is_new and preview.key_fingerprint == refused.value.fingerprint
    assert preview.new == result.total and preview.updated == preview.conflicts == 0

    merged = province.service.import_bundle(result.path, accept_key=refused.value.fingerprint)
    assert merged.new == result.total
    assert province.digest("URM01") == office.digest()
    status = province.service.office_status("URM01")
    assert status.fingerprint == refused.value.fingerprint
    assert status.counts["participants"] == 1 and status.acked_rev == result.rev_to


def test_users_travel_without_password_hashes(
    province: Province, office: Office, stick: Path
) -> None:
    import_accepting(province, office.sync.export(stick).path)
    with province.db.read() as session:
        user = session.scalar(select(User))
    assert user is not None and user.username == "manager" and user.password_hash == ""
    assert province.digest("URM01") == office.digest()


def test_receipt_moves_the_starting_point_and_carries_reference_data(
    province: Province, office: Office, stick: Path
) -> None:
    person = office.register("مریم", "رضایی", "0499370899")
    first = office.sync.export(stick)
    import_accepting(province, first.path)
    # Not acknowledged yet: a second export carries everything again.
    again = office.sync.export(stick)
    assert again.rev_from == 0 and again.total == first.total

    receipt = province.service.write_receipt("URM01", stick)
    applied = office.sync.apply_receipt(receipt.path)
    assert applied.acked_rev == first.rev_to
    assert applied.agrees and applied.up_to_date
    assert applied.skills == 31 and applied.forms >= 1
    assert office.sync.pending().total == 0

    office.services.participants.update(
        person,
        ParticipantInput(
            first_name="مریم", last_name="رضایی", national_id="0499370899", mobile="09141234567"
        ),
    )
    third = office.sync.export(stick)
    assert third.rev_from == first.rev_to and third.counts == {"participants": 1}
    merged = province.service.import_bundle(third.path)
    assert merged.updated == 1 and merged.new == 0
    assert province.digest("URM01") == office.digest()
    with office.db.read() as session:
        assert session.scalar(select(ReceivedForm.form_id)) == "intake-default"


def test_superseded_bundle_changes_nothing(province: Province, office: Office, stick: Path) -> None:
    person = office.register("مریم", "رضایی", "0499370899")
    old = office.sync.export(stick)
    office.services.participants.set_status(person, ParticipantStatus.ARCHIVED)
    new = office.sync.export(stick)
    import_accepting(province, new.path)
    digest = province.digest("URM01")
    late = province.service.import_bundle(old.path)
    assert late.updated == 0 and late.new == 0 and late.unchanged == old.total
    assert province.digest("URM01") == digest == office.digest()


def test_two_offices_same_national_id_is_flagged_not_merged(
    province: Province, office_factory: Callable[[str], Office], stick: Path
) -> None:
    first, second = office_factory("URM01"), office_factory("TAB02")
    first.register("مریم", "رضایی", "0499370899", father_name="علی", birth_date=date(1985, 5, 1))
    second.register("مريم", "رضائی", "0499370899", father_name="علي", birth_date=date(1985, 6, 1))
    import_accepting(province, first.sync.export(stick).path)
    preview = province.service.preview(second.sync.export(stick).path)
    assert {d.kind for d in preview.duplicates} == {"national_id", "name"}
    merged = import_accepting(province, preview.path)
    assert merged.new >= 1
    with province.db.read() as session:
        assert len(session.scalars(select(Participant)).all()) == 2  # both kept
    flags = province.service.duplicate_flags()
    assert {f.kind for f in flags} == {"national_id", "name"}
    assert all({f.office_a, f.office_b} == {"URM01", "TAB02"} for f in flags)

    province.service.decide_duplicate(flags[0].id, "same_person", "همان شخص")
    receipt = province.service.write_receipt("TAB02", stick)
    applied = second.sync.apply_receipt(receipt.path)
    assert applied.decisions == 1
    assert applied.keys_added == 1  # URM01's key, for verifying its certificates
    with second.db.read() as session:
        decision = session.scalar(select(DuplicateDecision))
        keys = {k.office_code: k.source for k in session.scalars(select(OfficeKey))}
    assert decision is not None and decision.other_office == "URM01"
    assert keys == {"TAB02": "own", "URM01": "province"}


def test_revoked_certificates_reach_the_office(
    province: Province, office: Office, stick: Path
) -> None:
    import_accepting(province, office.sync.export(stick).path)
    from datetime import datetime

    from desktop.store.models import Certificate, Enrolment, Workshop

    # A revoked certificate of another office, as the province would hold it after its import.
    with province.db.write() as session:
        from desktop.services.taxonomy import skill_uuid

        workshop = Workshop(
            title="قالی‌بافی", skill_id=skill_uuid("CARPET_WEAVING"), capacity=10,
            planned_hours=10, start_date=date(2025, 1, 1), min_attendance_share=0.8,
            origin_office="TAB02",
        )  # fmt: skip
        session.add(workshop)
        session.flush()
        person = Participant(
            first_name="الف", last_name="ب", registered_on=date(2025, 1, 1), sort_key="ب",
            duplicate_key="x", origin_office="TAB02",
        )  # fmt: skip
        session.add(person)
        session.flush()
        enrolment = Enrolment(
            workshop_id=workshop.id, participant_id=person.id, status="completed",
            origin_office="TAB02",
        )  # fmt: skip
        session.add(enrolment)
        session.flush()
        session.add(
            Certificate(
                serial="TAB02-1404-0001",
                enrolment_id=enrolment.id,
                issued_on=date(2025, 2, 1),
                revoked_at=datetime(2025, 3, 1),
                revoke_reason="اشتباه",
                origin_office="TAB02",
            )
        )
    applied = office.sync.apply_receipt(province.service.write_receipt("URM01", stick).path)
    assert applied.revocations == 1
    with office.db.read() as session:
        revocation = session.get(CertificateRevocation, "TAB02-1404-0001")
    assert revocation is not None and revocation.reason == "اشتباه"


def sqlite_copy(source: Path, target: Path) -> None:
    """A consistent copy (WAL included), as a backup tool or a careful manager makes one."""
    import sqlite3

    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def test_restored_backup_starts_a_new_installation_epoch(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    office.register("مریم", "رضایی", "0499370899")
    backup = tmp_path / "backup.sqlite3"
    assert office.db.path is not None
    sqlite_copy(office.db.path, backup)
    first = office.sync.export(stick)
    import_accepting(province, first.path)
    assert not first.new_epoch

    # The office's disk dies; the manager restores yesterday's copy and keeps working.
    office.db.dispose()
    sqlite_copy(backup, office.db.path)
    office.register("زهرا", "کریمی", "1234567891")
    restored = office.sync.export(stick)
    assert restored.new_epoch
    with office.db.read() as session:
        installations = session.scalars(select(Installation)).all()
        assert len(installations) == 2
        current = next(i for i in installations if i.is_current)
    assert current.first_rev >= EPOCH_GAP and restored.rev_to > first.rev_to
    merged = province.service.import_bundle(restored.path)
    assert merged.rejected == [] and merged.new >= 1
    assert province.digest("URM01") == office.digest()
    assert len(province.service.office_status("URM01").acked) == 2


def test_copied_database_on_the_same_computer_is_a_new_epoch(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    office.sync.export(stick)
    copy = tmp_path / "copy.sqlite3"
    office.db.dispose()
    assert office.db.path is not None
    sqlite_copy(office.db.path, copy)
    from desktop.services.sync import OfficeSyncService
    from desktop.store.engine import Database

    other = Database(copy)
    try:
        assert OfficeSyncService(other).export(stick).new_epoch
    finally:
        other.dispose()
    assert not office.sync.export(stick).new_epoch


def test_bundle_is_deterministic_apart_from_encryption(office: Office, stick: Path) -> None:
    office.register("مریم", "رضایی", "0499370899")
    one, two = office.sync.export(stick), office.sync.export(stick)
    first, second = read_file(one.path, BUNDLE), read_file(two.path, BUNDLE)
    assert first.manifest["content"] == second.manifest["content"]
    assert first.manifest["counts"] == second.manifest["counts"]
    with office.db.read() as session:
        assert len(session.scalars(select(SyncExport)).all()) == 2


def test_progress_and_cancellation_for_the_gui(
    province: Province, office: Office, stick: Path
) -> None:
    from desktop.sync.errors import CancelledError

    office.register("مریم", "رضایی", "0499370899")
    stages: list[str] = []
    result = office.sync.export(stick, progress=lambda stage, done, total: stages.append(stage))
    assert {"read", "encrypt", "write", "verify"} <= set(stages)
    with pytest.raises(CancelledError):
        office.sync.export(stick, cancelled=lambda: True)
    assert len(list(stick.glob("*.hamyar-bundle"))) == 1  # the cancelled one wrote nothing

    before = province.state()
    with pytest.raises(CancelledError):
        province.service.import_bundle(
            result.path,
            accept_key=result_fingerprint(province, result.path),
            cancelled=lambda: True,
        )
    assert province.state() == before
    seen: list[str] = []
    outcomes = province.service.import_bundles(
        [result.path, result.path],
        accept_keys=[result_fingerprint(province, result.path)],
        progress=lambda stage, done, total: seen.append(stage),
    )
    assert outcomes[0].ok and not outcomes[1].ok  # the second is a replay
    assert "files" in seen and "merge" in seen


def result_fingerprint(province: Province, path: Path) -> str:
    return province.service.preview(path).key_fingerprint
