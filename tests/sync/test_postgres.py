"""The province database on PostgreSQL behaves exactly like on SQLite (same digests)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop.store.models import DuplicateFlag, Participant
from desktop.sync.errors import ReplayError
from tests.sync.conftest import Province, import_accepting, make_office

pytestmark = pytest.mark.postgres


def test_province_on_postgresql_merges_flags_and_agrees_with_sqlite(
    pg_province: Province,
    stick: Path,
    tmp_path: Path,
) -> None:
    # Offices enrolled with the PostgreSQL province.
    first = make_office(pg_province, "URM01", tmp_path / "urm")
    second = make_office(pg_province, "TAB02", tmp_path / "tab")
    try:
        from desktop.services.demo import generate_demo

        generate_demo(first.db, first.services.actor, participants=200, seed=4)
        first.register(
            "مریم", "رضایی", "0499370899", father_name="علی", birth_date=date(1985, 5, 1)
        )
        second.register(
            "مريم", "رضايي", "0499370899", father_name="علي", birth_date=date(1985, 5, 2)
        )
        one = first.sync.export(stick).path
        two = second.sync.export(stick).path
        merged = import_accepting(pg_province, one)
        assert merged.new > 200 and merged.rejected == []
        preview = import_accepting(pg_province, two)
        assert {d.kind for d in preview.duplicates} == {"national_id", "name"}
        with pytest.raises(ReplayError):
            pg_province.service.import_bundle(one)
        assert pg_province.digest("URM01") == first.digest()
        assert pg_province.digest("TAB02") == second.digest()
        with pg_province.db.read() as session:
            assert session.scalar(select(func.count()).select_from(DuplicateFlag)) == 2
            assert session.scalar(select(func.count()).select_from(Participant)) == 202

        status = {s.code: s for s in pg_province.service.status()}
        assert status["URM01"].digest == first.digest()
        receipt = pg_province.service.write_receipt("URM01", stick)
        applied = first.sync.apply_receipt(receipt.path)
        assert applied.agrees and applied.up_to_date
        # An update travels and is applied by rev on PostgreSQL too.
        first.register("زهرا", "کریمی", "1234567891")
        update = pg_province.service.import_bundle(first.sync.export(stick).path)
        assert update.new == 1 and update.unchanged == 0
        assert pg_province.digest("URM01") == first.digest()
    finally:
        first.db.dispose()
        second.db.dispose()
