"""The headless command line, run in-process through ``main`` and once as a real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.cli import main

INIT = [
    "init",
    "--office-code",
    "urm01",
    "--office-name",
    "دفتر تسهیل‌گری اسلام‌آباد",
    "--county",
    "ارومیه",
    "--province",
    "آذربایجان غربی",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_version_as_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == f"hamyar {__version__}"


def test_init_then_refuses_a_second_init(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code, out, _ = run(capsys, *INIT, "--db", str(db_path))
    assert code == 0
    assert "URM01" in out
    code, _, err = run(capsys, *INIT, "--db", str(db_path))
    assert code == 1
    assert "URM01" in err  # the message names the office the database belongs to


def test_init_with_bad_office_code_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    args = list(INIT)
    args[2] = "دفتر!"
    code, _, err = run(capsys, *args, "--db", str(db_path))
    assert code == 1
    assert err.strip()
    code, _, err = run(capsys, "participants", "search", "x", "--db", str(db_path))
    assert code == 1  # still not set up


def test_init_with_manager_reads_the_password_from_the_environment(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.base import Actor
    from desktop.services.users import UserService
    from desktop.store.engine import Database

    monkeypatch.setenv("HAMYAR_MANAGER_PASSWORD", "long-enough-secret")
    code, _, _ = run(
        capsys, *INIT, "--db", str(db_path), "--manager-username", "zahra",
        "--manager-name", "زهرا احمدی",
    )  # fmt: skip
    assert code == 0
    users = UserService(Database(db_path), Actor(office_code="URM01"))
    assert users.authenticate("zahra", "long-enough-secret").user_id is not None


def test_search_json_finds_normalised_names(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    from desktop.services.base import Actor
    from desktop.services.participants import ParticipantInput, ParticipantService
    from desktop.store.engine import Database

    assert run(capsys, *INIT, "--db", str(db_path))[0] == 0
    ParticipantService(Database(db_path), Actor(office_code="URM01")).register(
        ParticipantInput(
            first_name="علی", last_name="کریمی", father_name="حسن", national_id="0499370899"
        )
    )
    code, out, _ = run(
        capsys, "participants", "search", "علي كريمي", "--json", "--db", str(db_path)
    )
    assert code == 0
    found = json.loads(out)
    assert [(p["first_name"], p["national_id"]) for p in found] == [("علی", "0499370899")]
    code, out, _ = run(capsys, "participants", "search", "۰۴۹۹", "--db", str(db_path))
    assert code == 0
    assert "کریمی" in out
    assert "۰۴۹۹۳۷۰۸۹۹" in out  # Persian digits in human output


def test_db_from_environment(
    capsys: pytest.CaptureFixture[str], db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAMYAR_DB", str(db_path))
    assert run(capsys, *INIT)[0] == 0
    assert db_path.exists()


def test_default_database_lives_in_the_user_data_directory(
    capsys: pytest.CaptureFixture[str], hamyar_home: Path
) -> None:
    assert run(capsys, *INIT)[0] == 0
    assert (hamyar_home / "data" / "hamyar.sqlite3").exists()


def test_workshops_list_json_on_an_empty_office(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    run(capsys, *INIT, "--db", str(db_path))
    code, out, _ = run(capsys, "workshops", "list", "--json", "--db", str(db_path))
    assert code == 0
    assert json.loads(out) == []


def test_unknown_workshop_is_a_clear_refusal(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    run(capsys, *INIT, "--db", str(db_path))
    code, _, err = run(
        capsys, "workshops", "completion", "--workshop", "nope", "--db", str(db_path)
    )
    assert code == 1
    assert err.strip()


def test_log_never_contains_personal_data(
    capsys: pytest.CaptureFixture[str], db_path: Path, hamyar_home: Path
) -> None:
    run(capsys, *INIT, "--db", str(db_path))
    run(capsys, "participants", "search", "0499370899", "--db", str(db_path))
    log_text = (hamyar_home / "logs" / "hamyar.log").read_text(encoding="utf-8")
    assert "0499370899" not in log_text
    assert "command" in log_text


def test_demo_import_export_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """demo → export → import into a fresh office gives the same people."""
    source = tmp_path / "source.sqlite3"
    target = tmp_path / "target.sqlite3"
    run(capsys, *INIT, "--db", str(source))
    code, out, _ = run(capsys, "demo", "--participants", "150", "--seed", "3", "--db", str(source))
    assert code == 0
    assert "۱۵۰" in out
    exported = tmp_path / "people.xlsx"
    code, _, _ = run(capsys, "participants", "export", "--out", str(exported), "--db", str(source))
    assert code == 0 and exported.exists()

    run(capsys, *INIT, "--db", str(target))
    code, out, _ = run(
        capsys, "participants", "import", str(exported), "--dry-run", "--db", str(target)
    )
    assert code == 0
    code, out, _ = run(capsys, "participants", "search", "", "--json", "--limit", "500",
                       "--db", str(target))  # fmt: skip
    assert json.loads(out) == []  # the dry run wrote nothing
    code, out, _ = run(capsys, "participants", "import", str(exported), "--db", str(target))
    assert code == 0

    def people(db: Path) -> list[tuple[str, str, str, str | None]]:
        from desktop.services.base import Actor
        from desktop.services.participants import Filters, ParticipantService
        from desktop.store.engine import Database

        service = ParticipantService(Database(db), Actor(office_code="URM01"))
        return sorted(
            (p.first_name, p.last_name, p.father_name, p.national_id)
            for p in service.search("", filters=Filters(status=None), limit=500)
        )

    assert people(source) == people(target)
    assert len(people(target)) == 150


def test_import_with_a_bad_row_reports_it_in_persian_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    data = tmp_path / "list.csv"
    data.write_text(
        "نام,نام خانوادگی,نام پدر,کد ملی\nمریم,احمدی,علی,0499370899\nفاطمه,رضایی,حسن,1234567890\n",
        encoding="utf-8",
    )
    run(capsys, *INIT, "--db", str(db_path))
    code, out, _ = run(capsys, "participants", "import", str(data), "--db", str(db_path))
    assert code == 1
    assert "۳" in out  # spreadsheet row 3 (the header is row 1)
    assert "کد ملی" in out
    _, found, _ = run(capsys, "participants", "search", "مریم", "--json", "--db", str(db_path))
    assert json.loads(found) == []
