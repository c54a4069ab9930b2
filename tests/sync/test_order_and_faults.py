"""Bundles in any order and any number of times give the same province; a killed import leaves
the whole bundle or none of it; the age command opens a payload with the province's identity."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desktop.services.intake import IntakeService
from desktop.services.participants import ParticipantInput
from desktop.store.engine import Database
from desktop.store.models import ProvinceOffice
from desktop.sync.errors import ReplayError
from desktop.sync.keys import age_identity_path, load_province_keys
from desktop.sync.merge import MISSING_PARENT
from desktop.sync.rows import canonical_json
from tests.sync.conftest import Office, Province, import_accepting, make_office

ROOT = Path(__file__).resolve().parents[2]


def sqlite_copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def _office_fingerprint(office: Office) -> str:
    with office.db.read() as session:
        from desktop.services.office_keys import load_own_key

        key = load_own_key(session, office.code)
    assert key is not None
    return key.fingerprint


def _bundles_with_dependencies(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> list[Path]:
    """Four bundles; later ones (after receipts) hold children of rows in earlier ones."""
    staging_path = tmp_path / "staging.sqlite3"
    assert province.db.path is not None
    sqlite_copy(province.db.path, staging_path)
    staging_db = Database(staging_path)
    from desktop.services.province import ProvinceService

    staging = Province(staging_db, ProvinceService(staging_db), province.folder)
    intake = IntakeService(office.db, office.services.actor)

    first = office.register("مریم", "رضایی", "0499370899")
    second = office.register("زهرا", "کریمی", "1234567891")
    b1 = office.sync.export(stick).path
    import_accepting(staging, b1)
    office.sync.apply_receipt(staging.service.write_receipt(office.code, stick).path)

    interview = intake.start(first)  # a child of a row that only b1 carries
    office.services.participants.update(
        second, ParticipantInput(first_name="زهرا", last_name="کریمی", national_id="1234567891",
                                 mobile="09141234567")
    )  # fmt: skip
    b2 = office.sync.export(stick).path
    intake.save_draft(interview.id, {})
    office.register("فاطمه", "نوری", "0012345679")
    b3 = office.sync.export(stick).path  # a superset of b2 with newer versions
    staging.service.import_bundle(b2)
    office.sync.apply_receipt(staging.service.write_receipt(office.code, stick).path)
    office.services.participants.update(
        first, ParticipantInput(first_name="مریم", last_name="رضایی", national_id="0499370899",
                                neighbourhood="اسلام‌آباد")
    )  # fmt: skip
    b4 = office.sync.export(stick).path
    staging_db.dispose()
    return [b1, b2, b3, b4]


@pytest.mark.slow
def test_any_order_and_repetition_gives_the_same_province(
    sqlite_province: Province, stick: Path, tmp_path: Path
) -> None:
    province = sqlite_province
    office = make_office(province, "URM01", tmp_path)
    bundles = _bundles_with_dependencies(province, office, stick, tmp_path)
    expected = office.digest()
    fingerprint = _office_fingerprint(office)
    assert province.db.path is not None
    template = province.db.path
    counter = {"n": 0}

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.lists(st.sampled_from(range(len(bundles))), min_size=1, max_size=7))
    def check(order: list[int]) -> None:
        if set(order) != set(range(len(bundles))):
            order = order + [i for i in range(len(bundles)) if i not in order]
        counter["n"] += 1
        path = tmp_path / f"example-{counter['n']}.sqlite3"
        sqlite_copy(template, path)
        db = Database(path)
        from desktop.services.province import ProvinceService

        service = ProvinceService(db)
        try:
            for index in order:
                with contextlib.suppress(ReplayError):
                    service.import_bundle(bundles[index], accept_key=fingerprint)
            with db.read() as session:
                from desktop.sync.digest import office_digest

                assert office_digest(session, office.code).digest == expected, order
            assert service.office_status(office.code).rejected_rows == 0
        finally:
            db.dispose()
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

    check()
    # The dependent order parks the child and resolves it when the parent arrives.
    child_first = province.service.import_bundle(bundles[1], accept_key=fingerprint)
    assert any(r.msgid == MISSING_PARENT for r in child_first.rejected)
    later = province.service.import_bundle(bundles[0])
    assert later.retried >= 1
    assert province.service.office_status(office.code).rejected_rows == 0


def test_age_command_opens_a_payload(
    province: Province, office: Office, stick: Path, tmp_path: Path
) -> None:
    age = shutil.which("age")
    if age is None:
        pytest.skip("the age command is not installed (.ci/run installs Debian's age)")
    office.register("مریم", "رضایی", "0499370899")
    bundle = office.sync.export(stick).path
    with zipfile.ZipFile(bundle) as archive:
        (tmp_path / "payload.age").write_bytes(archive.read("payload.age"))
    with province.db.read() as session:
        keys = load_province_keys(session)
    identity = age_identity_path(keys.signing.fingerprint)
    result = subprocess.run(
        [age, "--decrypt", "--identity", str(identity), str(tmp_path / "payload.age")],
        capture_output=True,
        check=True,
    )
    document = json.loads(gzip.decompress(result.stdout))
    people = document["rows"]["participants"]
    assert [p["national_id"] for p in people] == ["0499370899"]
    assert canonical_json(document) == gzip.decompress(result.stdout)


@pytest.mark.slow
def test_killed_import_leaves_all_or_nothing(
    sqlite_province: Province, stick: Path, tmp_path: Path
) -> None:
    province = sqlite_province
    office = make_office(province, "URM01", tmp_path)
    from desktop.services.demo import generate_demo

    generate_demo(office.db, office.services.actor, participants=1500, seed=3)
    bundle = office.sync.export(stick)
    expected_rows = bundle.total
    fingerprint = _office_fingerprint(office)
    assert province.db.path is not None
    province.db.dispose()
    template = tmp_path / "template.sqlite3"
    sqlite_copy(province.db.path, template)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    command = [sys.executable, "-m", "desktop", "--lang", "en", "province", "import",
               "--accept-key", fingerprint, str(bundle.path)]  # fmt: skip

    def run(db_path: Path, kill_after: float | None) -> int:
        process = subprocess.Popen(
            [*command, "--db", str(db_path)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        if kill_after is None:
            return process.wait(timeout=60)
        try:
            return process.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            return process.wait(timeout=60)

    start = time.perf_counter()
    full = tmp_path / "full.sqlite3"
    sqlite_copy(template, full)
    assert run(full, None) == 0
    duration = time.perf_counter() - start
    rng = random.Random(20)
    outcomes = {"none": 0, "all": 0, "killed": 0}
    for attempt in range(20):
        path = tmp_path / f"killed-{attempt}.sqlite3"
        sqlite_copy(template, path)
        code = run(path, rng.uniform(0.3, 1.1) * duration)
        if code == -signal.SIGKILL:
            outcomes["killed"] += 1
        with sqlite3.connect(path) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            (bundles,) = connection.execute("SELECT count(*) FROM imported_bundles").fetchone()
            rows = sum(
                connection.execute(f"SELECT count(*) FROM {table} WHERE origin_office = 'URM01'")
                .fetchone()[0]
                for table in ("participants", "intake_interviews", "workshops", "enrolments",
                              "attendance", "offices", "users", "holidays", "outcomes",
                              "skill_assessments", "workshop_sessions", "follow_ups")
            )  # fmt: skip
        if bundles:
            assert rows == expected_rows
            outcomes["all"] += 1
        else:
            assert rows == 0
            outcomes["none"] += 1
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    print("kill outcomes", outcomes, "full run", round(duration, 2), "s")
    assert outcomes["killed"] >= 5, outcomes
    # And a killed database takes the bundle again, completely.
    path = tmp_path / "retry.sqlite3"
    sqlite_copy(template, path)
    run(path, 0.5 * duration)
    assert run(path, None) in (0, 1)
    db = Database(path)
    try:
        with db.read() as session:
            assert session.scalar(select(ProvinceOffice.signing_key)) is not None
    finally:
        db.dispose()
