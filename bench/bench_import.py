"""``hamyar participants import`` of a 50,000-row CSV file: seconds and peak memory.

Runs the real command in a child process so its peak resident memory can be read.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS = 50_000
HEADERS = ["نام", "نام خانوادگی", "نام پدر", "کد ملی", "تاریخ تولد", "موبایل", "محله",
           "سرپرست خانوار", "بعد خانوار"]  # fmt: skip


def write_file(path: Path, rows: int, seed: int = 5) -> None:
    from faker import Faker

    from desktop.domain.national_id import national_id_check_digit

    fake = Faker("fa_IR")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    used: set[str] = set()
    persian = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        written = 0
        while written < rows:
            nine = f"{rng.randrange(10**9):09d}"
            national_id = nine + str(national_id_check_digit(nine))
            if national_id in used or len(set(national_id)) == 1:
                continue
            used.add(national_id)
            birth = f"{rng.randint(1340, 1385)}/{rng.randint(1, 12):02d}/{rng.randint(1, 29):02d}"
            writer.writerow(
                [
                    fake.first_name_female(),
                    fake.last_name(),
                    fake.first_name_male(),
                    national_id.translate(persian) if rng.random() < 0.3 else national_id,
                    birth,
                    f"0914{rng.randrange(10**7):07d}",
                    rng.choice(["اسلام‌آباد", "حیدرآباد", "کشتارگاه", "طرزیلو"]),
                    rng.choice(["بله", "خیر"]),
                    rng.randint(1, 7),
                ]
            )
            written += 1


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        env = dict(os.environ, HAMYAR_HOME=str(folder / "home"))
        data = folder / "people.csv"
        write_file(data, ROWS)
        db = folder / "import.sqlite3"
        hamyar = [sys.executable, "-m", "desktop", "--db", str(db)]
        subprocess.run(
            [*hamyar, "init", "--office-code", "BEN01", "--office-name", "دفتر",
             "--county", "ارومیه", "--province", "آذربایجان غربی"],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        start = time.perf_counter()
        result = subprocess.run(
            [*hamyar, "participants", "import", str(data)], env=env, capture_output=True, text=True
        )
        seconds = time.perf_counter() - start
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if result.returncode != 0:
        print(result.stdout[-2000:], result.stderr[-2000:])
        raise SystemExit("import failed")
    figures = {"rows": ROWS, "seconds": seconds, "peak_mib": peak_kib / 1024}
    print(f"participants import of a {ROWS:,}-row CSV (real command, child process)")
    print(
        f"  {seconds:.1f} s ({ROWS / seconds:,.0f} rows/s), peak memory {peak_kib / 1024:.0f} MiB"
    )
    return figures


if __name__ == "__main__":
    main()
