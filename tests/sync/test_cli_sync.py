"""``hamyar province ...`` and ``hamyar bundle ...`` end to end, in-process through ``main``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from desktop.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_whole_loop_on_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    province = str(tmp_path / "province.sqlite3")
    office = str(tmp_path / "office.sqlite3")
    stick = tmp_path / "stick"
    stick.mkdir()

    code, out, _ = run(capsys, "province", "init", "--db", province, "--province", "آذربایجان غربی")
    assert code == 0 and "fingerprint" in out
    code, out, _ = run(
        capsys, "province", "enrol-office", "--db", province, "--office-code", "urm01",
        "--office-name", "دفتر اسلام‌آباد", "--county", "ارومیه", "--out", str(tmp_path),
    )  # fmt: skip
    assert code == 0
    enrolment = tmp_path / "enrolment-URM01.hamyar-enrolment"
    assert enrolment.exists()
    code, out, _ = run(capsys, "init", "--db", office, "--enrolment", str(enrolment))
    assert code == 0 and "URM01" in out
    code, _, err = run(capsys, "init", "--db", str(tmp_path / "x.sqlite3"))
    assert code == 2 and "--office-code" in err
    assert run(capsys, "demo", "--db", office, "--participants", "20")[0] == 0

    code, out, _ = run(capsys, "bundle", "export", "--db", office, "--to", str(stick))
    assert code == 0 and "verified" in out
    (bundle,) = stick.glob("*.hamyar-bundle")

    code, out, _ = run(capsys, "province", "status", "--db", province)
    assert code == 0 and "not pinned yet" in out and "pinned on" not in out
    assert "receipt encryption key: not known yet" in out and "retired" not in out
    (entry,) = json.loads(run(capsys, "province", "status", "--db", province, "--json")[1])[
        "offices"
    ]
    assert entry["pinned_at"] is None and entry["pinned_by"] == ""
    assert entry["retired_keys"] == 0 and entry["receipt_key_known"] is False

    code, out, err = run(capsys, "province", "import", "--db", province, str(bundle))
    assert code == 1 and "first bundle" in err
    fingerprint = re.search(r"fingerprint ((?:[0-9A-F]{4} ?){8})", err)
    assert fingerprint is not None
    code, out, _ = run(capsys, "province", "import", "--db", province, "--preview", str(bundle))
    assert code == 0 and "New office key" in out
    code, out, err = run(
        capsys, "province", "import", "--db", province,
        "--accept-key", fingerprint.group(1).strip(), str(bundle),
    )  # fmt: skip
    assert code == 0, err
    assert "now pinned" in out
    code, _, err = run(capsys, "province", "import", "--db", province, str(bundle))
    assert code == 1 and "already imported" in err

    code, out, _ = run(capsys, "province", "status", "--db", province, "--json")
    status = json.loads(out)
    (entry,) = status["offices"]
    assert entry["office_code"] == "URM01" and entry["rows"]["participants"] == 20
    assert entry["key_fingerprint"] == fingerprint.group(1).strip()
    assert entry["pinned_at"] and entry["retired_keys"] == 0
    assert entry["receipt_key_known"] is True and entry["age_recipient"].startswith("age1")
    code, out, _ = run(capsys, "province", "status", "--db", province)
    assert code == 0 and entry["digest"] in out
    assert "pinned on" in out and "receipt encryption key: known" in out
    assert "retired" not in out

    code, out, _ = run(capsys, "province", "receipt", "--db", province, "--office", "URM01",
                       "--to", str(stick))  # fmt: skip
    assert code == 0 and entry["digest"] in out
    (receipt,) = stick.glob("*.hamyar-receipt")
    code, out, _ = run(capsys, "bundle", "apply-receipt", "--db", office, str(receipt))
    assert code == 0 and "holds exactly" in out
    code, out, _ = run(capsys, "bundle", "status", "--db", office, "--json")
    assert json.loads(out)["pending"] == {}
    code, _, err = run(capsys, "bundle", "apply-receipt", "--db", office, str(receipt))
    assert code == 1 and "already applied" in err


def test_persian_messages_by_default(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["bundle", "export", "--db", str(tmp_path / "none.sqlite3"), "--to", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 1 and captured.err.strip()


def test_lost_keys_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``bundle new-key`` after the keys folder is lost; the province refuses the new key with
    the command to run, then ``--accept-new-key`` re-pins it."""
    from desktop.services.office_keys import keys_dir

    province = str(tmp_path / "province.sqlite3")
    office = str(tmp_path / "office.sqlite3")
    stick = tmp_path / "stick"
    stick.mkdir()
    assert run(capsys, "province", "init", "--db", province, "--province", "فارس")[0] == 0
    run(
        capsys, "province", "enrol-office", "--db", province, "--office-code", "SHZ01",
        "--office-name", "دفتر شیراز", "--county", "شیراز", "--out", str(tmp_path),
    )  # fmt: skip
    enrolment = tmp_path / "enrolment-SHZ01.hamyar-enrolment"
    assert run(capsys, "init", "--db", office, "--enrolment", str(enrolment))[0] == 0
    code, _, err = run(capsys, "bundle", "new-key", "--db", office)
    assert code == 1 and "works" in err  # the key made at enrolment is here: nothing to do
    run(capsys, "bundle", "export", "--db", office, "--to", str(stick))
    (first,) = stick.glob("*.hamyar-bundle")
    code, _, err = run(capsys, "province", "import", "--db", province, str(first))
    old = re.search(r"fingerprint ((?:[0-9A-F]{4} ?){8})", err)
    assert old is not None
    code, _, err = run(
        capsys, "province", "import", "--db", province, "--accept-key", old.group(1), str(first)
    )
    assert code == 0, err
    code, _, err = run(capsys, "bundle", "new-key", "--db", office)
    assert code == 1 and "works" in err  # the key is still here

    for path in keys_dir().glob("office-SHZ01-*"):
        path.unlink()
    code, out, _ = run(capsys, "bundle", "status", "--db", office)
    assert code == 0 and "not on this computer" in out and "new-key" in out
    code, _, err = run(capsys, "bundle", "export", "--db", office, "--to", str(stick))
    assert code == 1 and "not on this computer" in err
    code, out, _ = run(capsys, "bundle", "new-key", "--db", office, "--by", "manager")
    assert code == 0 and "new signing key" in out
    new = re.search(r"new signing key: ((?:[0-9A-F]{4} ?){8})", out)
    assert new is not None and new.group(1).strip() != old.group(1).strip()
    code, _, _ = run(capsys, "bundle", "export", "--db", office, "--to", str(stick))
    assert code == 0
    second = max(stick.glob("*-00002-*.hamyar-bundle"))
    code, _, err = run(capsys, "province", "import", "--db", province, str(second))
    assert code == 1 and "--accept-new-key" in err and new.group(1).strip() in err
    code, out, _ = run(capsys, "province", "import", "--db", province, "--preview", str(second))
    assert code == 0 and "new key" in out
    code, out, err = run(
        capsys, "province", "import", "--db", province, "--by", "officer",
        "--accept-new-key", new.group(1).strip(), str(second),
    )  # fmt: skip
    assert code == 0, err
    assert "is now pinned" in out and old.group(1).strip() in out
    code, out, _ = run(capsys, "province", "status", "--db", province, "--json")
    (entry,) = json.loads(out)["offices"]
    assert entry["key_fingerprint"] == new.group(1).strip()
    assert entry["pinned_by"] == "officer" and entry["retired_keys"] == 1
    assert entry["receipt_key_known"] is True
    code, out, _ = run(capsys, "province", "status", "--db", province)
    assert code == 0 and "by officer" in out and "1 retired key (replaced after a loss)" in out
