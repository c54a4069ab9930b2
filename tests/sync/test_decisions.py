"""Deciding conflicts and suspected duplicates at the province, and the decisions' way back.

A conflict needs a counter used twice: the office's database *and* its data directory are
restored from the same backup (the one clone the installation epochs cannot see), and the same
person is edited differently before and after.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cli import main as cli_main
from desktop.domain.errors import NotFoundError, StateError, ValidationError
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.province import KEEP_CURRENT, TAKE_QUEUED
from desktop.services.sync import OfficeSyncService
from desktop.store.engine import Database
from desktop.store.models import Participant
from desktop.sync.epochs import marker_path
from desktop.sync.merge import MISSING_PARENT, RejectedRow
from desktop.sync.receipts import RejectedInReceipt
from tests.sync.conftest import Office, Province, import_accepting
from tests.sync.test_order_and_faults import sqlite_copy


def _set_notes(office: Office, person: uuid.UUID, notes: str) -> None:
    row = office.services.participants.get(person)
    data = dataclasses.replace(ParticipantInput.from_participant(row), notes=notes)
    office.services.participants.update(person, data)


def _reopen(office: Office) -> Office:
    office.db.dispose()
    assert office.db.path is not None
    db = Database(office.db.path)
    return Office(office.code, db, Services(db, office.services.actor), OfficeSyncService(db))


def _receipt(province: Province, office: Office, folder: Path) -> object:
    summary = province.service.write_receipt(office.code, folder)
    return office.sync.apply_receipt(summary.path)


def make_conflict(
    province: Province, office: Office, tmp_path: Path, national_id: str = "0012345679"
) -> tuple[Office, uuid.UUID]:
    """One participant in conflict at the province; returns the (restored) office and the id."""
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    person = office.register("مریم", "کریمی", national_id)
    import_accepting(province, office.sync.export(stick).path)
    _receipt(province, office, stick)
    # A backup of the database and of the data directory's marker, taken together.
    assert office.db.path is not None
    office.db.dispose()
    backup = tmp_path / "backup.sqlite3"
    sqlite_copy(office.db.path, backup)
    marker_backup = tmp_path / "marker.json"
    shutil.copyfile(marker_path(), marker_backup)
    office = _reopen(office)
    _set_notes(office, person, "نسخه الف")
    first = office.sync.export(stick).path
    # Restored: the same counter is used again for a different change.
    office.db.dispose()
    sqlite_copy(backup, office.db.path)
    shutil.copyfile(marker_backup, marker_path())
    office = _reopen(office)
    _set_notes(office, person, "نسخه ب")
    other_stick = tmp_path / "stick-2"  # the same bundle number again: keep both files
    other_stick.mkdir(exist_ok=True)
    second = office.sync.export(other_stick).path
    province.service.import_bundle(first)
    preview = province.service.import_bundle(second)
    assert preview.conflicts == 1
    return office, person


def _notes_at_office(office: Office, person: uuid.UUID) -> str:
    with office.db.read() as session:
        row = session.get(Participant, person)
        assert row is not None
        return row.notes


@pytest.mark.parametrize("choose", ["office-version", "other-version"])
def test_a_decided_conflict_travels_back_and_both_sides_agree(
    province: Province, office: Office, tmp_path: Path, choose: str
) -> None:
    office, person = make_conflict(province, office, tmp_path)
    [conflict] = province.service.conflicts()
    assert conflict.changed_fields == ["notes"]
    assert conflict.current is not None
    held, queued = conflict.current["notes"], conflict.snapshot["notes"]
    assert {held, queued} == {"نسخه الف", "نسخه ب"}
    office_version = _notes_at_office(office, person)  # "نسخه ب": the restored copy's edit
    wanted = office_version if choose == "office-version" else "نسخه الف"
    decision = TAKE_QUEUED if queued == wanted else KEEP_CURRENT
    before = province.digest(office.code)

    settled = province.service.decide_conflict(
        conflict.id, decision, "به تلفن دفتر زنگ زدم", decided_by="رضا محمدی"
    )

    assert settled == 1
    assert province.digest(office.code) == before  # the province never edits the office's row
    assert province.service.conflicts() == []
    [decided] = province.service.conflicts("decided")
    assert decided.status == ("taken" if decision == TAKE_QUEUED else "kept")
    assert decided.decided_by == "رضا محمدی" and decided.decided_at is not None
    with pytest.raises(StateError):
        province.service.decide_conflict(conflict.id, KEEP_CURRENT)

    folder = tmp_path / "receipts"
    folder.mkdir()
    result = _receipt(province, office, folder)
    assert result.conflicts_decided == 1  # type: ignore[attr-defined]
    # Re-saved when the office holds the other version, or holds the chosen one while the
    # province kept the other: either way the next bundle must carry the chosen version.
    rewritten = 0 if wanted == office_version == held else 1
    assert result.conflicts_rewritten == rewritten  # type: ignore[attr-defined]
    assert _notes_at_office(office, person) == wanted
    if rewritten:
        # The office's re-saved change reaches the province as an ordinary update.
        bundle = office.sync.export(tmp_path / "stick").path
        assert province.service.import_bundle(bundle).updated == 1
    again = _receipt(province, office, folder)
    assert again.conflicts_rewritten == 0  # type: ignore[attr-defined]
    assert again.agrees  # type: ignore[attr-defined]
    assert province.digest(office.code) == office.digest()
    with province.db.read() as session:
        row = session.get(Participant, person)
        assert row is not None and row.notes == wanted


def test_conflict_decisions_are_checked(province: Province, office: Office, tmp_path: Path) -> None:
    office, _person = make_conflict(province, office, tmp_path)
    [conflict] = province.service.conflicts()
    with pytest.raises(ValidationError):
        province.service.decide_conflict(conflict.id, "overwrite")
    with pytest.raises(NotFoundError):
        province.service.decide_conflict(999_999, KEEP_CURRENT)
    with pytest.raises(NotFoundError):
        province.service.decide_conflict("not-a-number", KEEP_CURRENT)
    assert province.service.conflicts("taken") == []
    assert len(province.service.conflicts("all")) == 1


def test_province_cli_lists_and_decides(
    province: Province,
    office_factory: Callable[[str], Office],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if province.db.path is None:
        pytest.skip("the command line takes a file path")
    office = office_factory("URM01")
    other = office_factory("MHB02")
    stick = tmp_path / "stick"
    stick.mkdir()
    office, person = make_conflict(province, office, tmp_path)
    other.register("مریم", "کریمی", "0012345679")
    import_accepting(province, other.sync.export(stick).path)
    db = ["--db", str(province.db.path)]

    assert cli_main(["--lang", "en", "province", "conflicts", *db, "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["row_id"] == str(person) and listed["changed_fields"] == ["notes"]
    assert cli_main(["--lang", "en", "province", "conflicts", *db]) == 0
    assert "notes" in capsys.readouterr().out
    assert (
        cli_main(["--lang", "en", "province", "decide-conflict", str(listed["id"]), "--take", *db])
        == 0
    )
    assert "queued version is right" in capsys.readouterr().out
    assert (
        cli_main(["--lang", "en", "province", "decide-conflict", str(listed["id"]), "--keep", *db])
        == 1
    )
    assert "already decided" in capsys.readouterr().err

    assert cli_main(["--lang", "en", "province", "duplicates", *db, "--json"]) == 0
    [flag] = json.loads(capsys.readouterr().out)
    assert flag["kind"] == "national_id" and flag["status"] == "open"
    assert (
        cli_main(
            [
                "--lang",
                "en",
                "province",
                "decide-duplicate",
                flag["id"],
                "--different",
                *db,
                "--by",
                "Reza",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert (
        cli_main(["--lang", "en", "province", "duplicates", *db, "--status", "decided", "--json"])
        == 0
    )
    [decided] = json.loads(capsys.readouterr().out)
    assert decided["status"] == "different_people" and decided["decided_by"] == "Reza"


def test_bundle_status_shows_the_office_key(
    province: Province, office: Office, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert office.db.path is not None
    office.register("مریم", "کریمی")
    db = ["--db", str(office.db.path)]
    assert cli_main(["--lang", "en", "bundle", "status", *db, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    overview = office.sync.overview()
    assert overview.office_fingerprint is not None
    assert status["office_fingerprint"] == overview.office_fingerprint
    assert status["pending_rows"] > 0 and status["exports"] == 0
    stick = tmp_path / "stick"
    stick.mkdir()
    import_accepting(province, office.sync.export(stick).path)
    _receipt(province, office, stick)
    assert cli_main(["--lang", "en", "bundle", "status", *db]) == 0
    text = capsys.readouterr().out
    assert overview.office_fingerprint in text
    assert "acknowledged by the province" in text and "agree" in text
    # The fingerprint the province pins is the one the office's page shows.
    [status_row] = [o for o in province.service.status() if o.code == office.code]
    assert status_row.fingerprint == overview.office_fingerprint


def test_rejection_reasons_name_tables_in_persian() -> None:
    rejection = RejectedRow(
        "enrolments", str(uuid.uuid4()), 3, MISSING_PARENT, {"table": "workshops"}
    )
    assert "workshops" not in rejection.message
    assert "کارگاه" in rejection.message
    receipt_row = RejectedInReceipt(
        "enrolments", "x", 3, MISSING_PARENT, {"table": "participants"}, True
    )
    assert "participants" not in receipt_row.message
    assert "مددجو" in receipt_row.message or "شرکت" in receipt_row.message
