"""USB sync: export of about 50,000 changed rows and import of that bundle into a province.

Figures: seconds and rows/s for both, and the ratio of each to a raw ``executemany`` of the same
rows into the same tables (a fresh province database, one transaction) in the same run.
Targets (issue 6): export under 3 s, import under 5 s (at least 10,000 rows/s), ratio under 4.

The office is a demo database (every synced table, not only participants), enrolled with a new
province; all its rows are above the (zero) acknowledged counter.
"""

from __future__ import annotations

import gzip
import json
import sqlite3
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo_database

# Demo offices have about four synced rows per participant (interviews, assessments,
# enrolments, attendance, follow-ups...): 15,000 people give about 50,000 rows.
PARTICIPANTS = 15_000


def _copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


def main() -> dict[str, float]:
    from sqlalchemy import insert

    from desktop.services.province import ProvinceService, init_province
    from desktop.services.sync import OfficeSyncService
    from desktop.store.engine import Database
    from desktop.sync.keys import load_province_keys
    from desktop.sync.rows import CODECS, SYNCED_TABLES

    source = demo_database(PARTICIPANTS)
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        # The demo office's signing key lives in the benchmark's HAMYAR_HOME (bench.common).
        province_db = Database(folder / "province.sqlite3")
        init_province(province_db, "آذربایجان غربی")
        province = ProvinceService(province_db)
        enrolment = province.enrol_office("BEN01", "دفتر نمونه", "ارومیه", folder).path
        office_path = folder / "office.sqlite3"
        _copy(source, office_path)
        office_db = Database(office_path)
        office = OfficeSyncService(office_db)
        office.enrol(enrolment)
        stick = folder / "stick"
        stick.mkdir()

        start = time.perf_counter()
        exported = office.export(stick)
        export_seconds = time.perf_counter() - start
        rows = exported.total

        preview = province.preview(exported.path)
        start = time.perf_counter()
        merged = province.import_bundle(exported.path, accept_key=preview.key_fingerprint)
        import_seconds = time.perf_counter() - start
        assert merged.new == rows, (merged.new, rows)

        # The same rows, decoded beforehand, written raw into a fresh province's tables.
        with province_db.read() as session:
            keys = load_province_keys(session)
        import pyrage

        with zipfile.ZipFile(exported.path) as archive:
            payload = archive.read("payload.age")
        document = json.loads(gzip.decompress(pyrage.decrypt(payload, [keys.identity])))
        decoded = {
            name: [CODECS[name].decode(row)[0] for row in table_rows]
            for name, table_rows in document["rows"].items()
        }
        raw_db = Database(folder / "raw.sqlite3")
        init_province(raw_db, "آذربایجان غربی")
        start = time.perf_counter()
        with raw_db.write() as session:
            for table in SYNCED_TABLES:
                if decoded.get(table.name):
                    session.execute(insert(table), decoded[table.name])
        raw_seconds = time.perf_counter() - start
        for database in (province_db, office_db, raw_db):
            database.dispose()

    figures = {
        "rows": rows,
        "export_seconds": export_seconds,
        "import_seconds": import_seconds,
        "raw_seconds": raw_seconds,
        "export_ratio": export_seconds / raw_seconds,
        "import_ratio": import_seconds / raw_seconds,
        "bundle_mib": exported.size_bytes / 2**20,
    }
    print(f"bundle export and province import of {rows:,} rows ({PARTICIPANTS:,} demo people)")
    print(
        f"  export: {export_seconds:.2f} s ({rows / export_seconds:,.0f} rows/s), "
        f"bundle {figures['bundle_mib']:.1f} MiB"
        f"  [read {exported.timings.get('read', 0):.2f} s,"
        f" encrypt {exported.timings.get('encrypt', 0):.2f} s,"
        f" write {exported.timings.get('write', 0):.2f} s,"
        f" verify {exported.timings.get('verify', 0):.2f} s]"
    )
    print(f"  import: {import_seconds:.2f} s ({rows / import_seconds:,.0f} rows/s)")
    print(f"  raw executemany of the same rows: {raw_seconds:.2f} s")
    print(
        f"  ratio to raw: export {figures['export_ratio']:.1f}, "
        f"import {figures['import_ratio']:.1f}  (targets: export < 3 s, import < 5 s, ratio < 4)"
    )
    return figures


if __name__ == "__main__":
    main()
