"""Run every benchmark in turn (``make bench``); each prints its own figures."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import (
    bench_attendance,
    bench_certificates,
    bench_gui,
    bench_import,
    bench_register,
    bench_search,
    bench_sync,
)

if __name__ == "__main__":
    for module in (
        bench_register,
        bench_import,
        bench_search,
        bench_gui,
        bench_certificates,
        bench_sync,
        bench_attendance,
    ):
        print(f"== {module.__name__}")
        module.main()
        print()
