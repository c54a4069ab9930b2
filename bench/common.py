"""Shared helpers for the benchmarks: timing statistics and a demo database on disk."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

BENCH_DIR = Path(os.environ.get("HAMYAR_BENCH_DIR", Path(tempfile.gettempdir()) / "hamyar-bench"))


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(function: Callable[[], object]) -> float:
    """Seconds one call takes."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def demo_database(participants: int, seed: int = 7) -> Path:
    """A demo office database with ``participants`` people, built once and reused."""
    from desktop.services.demo import generate_demo
    from desktop.services.setup import OfficeInput, initialise_office
    from desktop.store.engine import Database

    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("HAMYAR_HOME", str(BENCH_DIR / "home"))
    path = BENCH_DIR / f"demo-{participants}-{seed}.sqlite3"
    if path.exists():
        return path
    partial = path.with_suffix(".building")
    for leftover in BENCH_DIR.glob(partial.name + "*"):
        leftover.unlink()
    db = Database(partial)
    actor = initialise_office(
        db, OfficeInput("BEN01", "دفتر تسهیل‌گری نمونه", "ارومیه", "آذربایجان غربی")
    )
    generate_demo(db, actor, participants=participants, seed=seed)
    db.dispose()
    partial.rename(path)
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"
