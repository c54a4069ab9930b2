"""Registering 10,000 participants through the service layer: rows per second, and the ratio to a
raw ``executemany`` of the same rows (participants and their search terms) in the same run.

Target (issue 2): ratio under 5. Also shows one-person-per-transaction registration (what the
registration form does, each commit durable) for scale.
"""

from __future__ import annotations

import os
import random
import sqlite3
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median, timed

ROWS = 10_000
SINGLE = 300
ROUNDS = 3


def make_inputs(count: int, seed: int) -> list[object]:
    from faker import Faker

    from desktop.domain.national_id import national_id_check_digit
    from desktop.services.participants import ParticipantInput

    fake = Faker("fa_IR")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    used: set[str] = set()
    rows = []
    while len(rows) < count:
        nine = f"{rng.randrange(10**9):09d}"
        national_id = nine + str(national_id_check_digit(nine))
        if national_id in used or len(set(national_id)) == 1:
            continue
        used.add(national_id)
        rows.append(
            ParticipantInput(
                first_name=fake.first_name_female(),
                last_name=fake.last_name(),
                father_name=fake.first_name_male(),
                national_id=national_id,
                mobile=f"0912{rng.randrange(10**7):07d}",
                neighbourhood=rng.choice(["اسلام‌آباد", "حیدرآباد", "کشتارگاه"]),
                head_of_household=rng.random() < 0.6,
            )
        )
    return rows


def fresh_services(directory: Path, name: str) -> object:
    from desktop.services.app import Services
    from desktop.services.setup import OfficeInput, initialise_office
    from desktop.store.engine import Database

    db = Database(directory / f"{name}.sqlite3")
    actor = initialise_office(db, OfficeInput("BEN01", "دفتر نمونه", "ارومیه", "آذربایجان غربی"))
    return Services(db, actor)


def raw_insert(path: Path, people: list[dict[str, object]], terms: list[tuple[str, str]]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    columns = list(people[0])
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        f"INSERT INTO participants ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [tuple(person[c] for c in columns) for person in people],
    )
    connection.executemany(
        "INSERT INTO participant_search_terms (term, participant_id) VALUES (?, ?)", terms
    )
    connection.execute("COMMIT")
    connection.close()


def raw_rows(inputs: list[object]) -> tuple[list[dict[str, object]], list[tuple[str, str]]]:
    """The exact rows the service stores, prepared in advance so only the writing is timed."""
    from desktop.services.participants import terms_for, validate_participant

    people: list[dict[str, object]] = []
    terms: list[tuple[str, str]] = []
    for data in inputs:
        values = validate_participant(data)  # type: ignore[arg-type]
        row_id = uuid.uuid4().hex
        stored = {
            key: (value.value if hasattr(value, "value") else value)
            for key, value in values.items()
        }
        people.append(
            stored
            | {
                "id": row_id,
                "origin_office": "BEN01",
                "rev": 1,
                "updated_at": "2026-01-01 00:00:00.000000",
                "deleted": 0,
                "registered_on": "2026-01-01",
                "status": "active",
                "birth_date": None,
                "consent_date": None,
            }
        )
        terms += [(term, row_id) for term in terms_for(values)]
    return people, terms


def main() -> dict[str, float]:
    os.environ.setdefault("HAMYAR_HOME", tempfile.mkdtemp(prefix="hamyar-bench-home-"))
    service_times: list[float] = []
    raw_times: list[float] = []
    for round_number in range(ROUNDS):
        inputs = make_inputs(ROWS, seed=round_number)
        with tempfile.TemporaryDirectory() as directory:
            folder = Path(directory)
            services = fresh_services(folder, "service")
            service_times.append(
                timed(lambda s=services, i=inputs: s.participants.register_many(i))  # type: ignore[attr-defined]
            )
            baseline = fresh_services(folder, "raw")
            people, terms = raw_rows(inputs)
            raw_times.append(
                timed(lambda p=people, t=terms, f=folder: raw_insert(f / "raw.sqlite3", p, t))
            )
            services.db.dispose()  # type: ignore[attr-defined]
            baseline.db.dispose()  # type: ignore[attr-defined]
    single_inputs = make_inputs(SINGLE, seed=99)
    with tempfile.TemporaryDirectory() as directory:
        services = fresh_services(Path(directory), "single")
        single = timed(
            lambda: [services.participants.register(i) for i in single_inputs]  # type: ignore[attr-defined]
        )
        services.db.dispose()  # type: ignore[attr-defined]
    result = {
        "service_rows_per_s": ROWS / median(service_times),
        "raw_rows_per_s": ROWS / median(raw_times),
        "single_rows_per_s": SINGLE / single,
    }
    result["ratio"] = median(service_times) / median(raw_times)
    print(f"registering {ROWS:,} participants, median of {ROUNDS} rounds")
    print(f"  service register_many: {result['service_rows_per_s']:,.0f} rows/s")
    print(f"  raw executemany:       {result['raw_rows_per_s']:,.0f} rows/s")
    print(f"  ratio service/raw:     {result['ratio']:.2f}")
    print(f"  one per transaction (registration form, durable commits): "
          f"{result['single_rows_per_s']:,.0f} rows/s")  # fmt: skip
    return result


if __name__ == "__main__":
    main()
