"""Search over 100,000 participants: median and p95 per query for 50 realistic queries, and the
ratio to the same query written as raw SQL (sqlite3, same index) in the same run.

Targets (issue 2): p95 under 20 ms, ratio under 1.5.
"""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import demo_database, median, ms, percentile, timed
from desktop.services.participants import ESTIMATE_CAP, query_terms, should_drive

PARTICIPANTS = 100_000
ROUNDS = 5


def realistic_queries(path: Path, count: int = 50) -> list[str]:
    """What facilitators type: surnames, first + last names, prefixes, IDs, phone numbers,
    sometimes with Arabic ي/ك or Persian digits."""
    rng = random.Random(42)
    connection = sqlite3.connect(path)
    people = connection.execute(
        "SELECT first_name, last_name, father_name, national_id, mobile FROM participants "
        "WHERE rowid % 250 = 0 LIMIT 400"
    ).fetchall()
    connection.close()
    queries: list[str] = []
    arabic = str.maketrans({"ی": "ي", "ک": "ك"})
    persian_digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    while len(queries) < count:
        first, last, father, national_id, mobile = rng.choice(people)
        kind = len(queries) % 10
        if kind == 0:
            queries.append(last)
        elif kind == 1:
            queries.append(f"{first} {last}")
        elif kind == 2:
            queries.append(last[:3])
        elif kind == 3 and national_id:
            queries.append(national_id.translate(persian_digits))
        elif kind == 4 and national_id:
            queries.append(national_id[:5])
        elif kind == 5 and mobile:
            queries.append(mobile[:7])
        elif kind == 6:
            queries.append(f"{first} {last}".translate(arabic))
        elif kind == 7:
            queries.append(f"{first[:2]} {last[:2]}")
        elif kind == 8:
            queries.append(f"{last} {father}")
        elif kind == 9:
            queries.append(first)
    return queries


BROAD = 10_000


_people: dict[int, int] = {}


def people_count(connection: sqlite3.Connection) -> int:
    """Counted once, as the service caches it."""
    if id(connection) not in _people:
        _people[id(connection)] = connection.execute(
            "SELECT count(*) FROM participants"
        ).fetchone()[0]
    return _people[id(connection)]


def raw_search(connection: sqlite3.Connection, query: str) -> list[tuple[object, ...]]:
    """The same queries the service sends (estimates, then the page), written by hand with the
    sqlite3 module against the same indexes."""
    ranges = [(t, t[:-1] + chr(ord(t[-1]) + 1)) for t in query_terms(query)]
    estimate = (
        "(SELECT count(*) FROM (SELECT participant_id FROM participant_search_terms "
        "WHERE term >= ? AND term < ? LIMIT ?))"
    )
    estimates = (
        list(
            connection.execute(
                "SELECT " + ", ".join([estimate] * len(ranges)),
                [value for low, high in ranges for value in (low, high, ESTIMATE_CAP)],
            ).fetchone()
        )
        if ranges
        else []
    )
    driven = should_drive(estimates, people_count(connection)) if ranges else False
    where = ["participants.deleted = 0"]
    params: list[object] = []
    driver_used = False
    for (low, high), estimate in zip(ranges, estimates, strict=True):
        if driven and not driver_used and estimate == min(estimates):
            where.append(
                "participants.id IN (SELECT participant_id FROM participant_search_terms "
                "WHERE term >= ? AND term < ?)"
            )
            driver_used = True
        else:
            where.append(
                "EXISTS (SELECT 1 FROM participant_search_terms WHERE "
                "participant_id = participants.id AND term >= ? AND term < ?)"
            )
        params += [low, high]
    where.append("participants.status = 'active'")
    order = "coalesce(sort_key, sort_key)" if driven else "sort_key"
    sql = (
        "SELECT participants.id, participants.* FROM participants WHERE "
        + " AND ".join(where)
        + f" ORDER BY {order}, participants.id LIMIT 50 OFFSET 0"
    )
    return connection.execute(sql, params).fetchall()


def main() -> dict[str, float]:
    from desktop.services.app import Services
    from desktop.services.setup import open_database
    from desktop.store.engine import Database

    path = demo_database(PARTICIPANTS)
    db = Database(path)
    services = Services(db, open_database(db))
    queries = realistic_queries(path)
    raw = sqlite3.connect(path)

    service_times: list[float] = []
    raw_times: list[float] = []
    per_query_service: list[float] = []
    per_query_raw: list[float] = []
    hits = 0
    for query in queries:  # warm the page cache once, and check both give the same page
        found = [row.id.hex for row in services.participants.search(query)]
        hits += bool(found)
        assert found == [row[0] for row in raw_search(raw, query)], query
    for query in queries:
        s = [timed(lambda q=query: services.participants.search(q)) for _ in range(ROUNDS)]
        r = [timed(lambda q=query: raw_search(raw, q)) for _ in range(ROUNDS)]
        service_times += s
        raw_times += r
        per_query_service.append(median(s))
        per_query_raw.append(median(r))
    result = {
        "queries": len(queries),
        "queries_with_hits": hits,
        "service_median": median(per_query_service),
        "service_p95": percentile(per_query_service, 0.95),
        "raw_median": median(per_query_raw),
        "raw_p95": percentile(per_query_raw, 0.95),
    }
    result["ratio_median"] = result["service_median"] / result["raw_median"]
    result["ratio_p95"] = result["service_p95"] / result["raw_p95"]
    print(f"search over {PARTICIPANTS:,} participants, {len(queries)} queries x {ROUNDS} rounds")
    print(f"  queries with hits: {hits}/{len(queries)}")
    print(f"  service: median {ms(result['service_median'])}, p95 {ms(result['service_p95'])}")
    print(f"  raw SQL: median {ms(result['raw_median'])}, p95 {ms(result['raw_p95'])}")
    print(
        f"  ratio service/raw: median {result['ratio_median']:.2f}, p95 {result['ratio_p95']:.2f}"
    )
    db.dispose()
    return result


if __name__ == "__main__":
    main()
