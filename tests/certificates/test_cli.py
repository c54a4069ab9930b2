"""``hamyar certificates issue/verify/list/reprint/revoke`` on a real office database."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.certificates.payload import compose, parse
from desktop.cli import main
from desktop.services.app import Services
from tests.certificates.builders import ARABIC_NAME, finished_workshop, person
from tests.pdf.pdftext import in_order, pdf_text


def test_issue_and_verify_from_the_command_line(
    services: Services, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = finished_workshop(services, [ARABIC_NAME, person("مریم", "رضایی")])
    out = tmp_path / "out" / "workshop.pdf"
    code = main(
        [
            "certificates",
            "issue",
            "--db",
            str(db_path),
            "--workshop",
            str(built.id),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    printed = capsys.readouterr()
    assert str(out) in printed.out
    assert "[۲/۲]" in printed.err  # progress, Persian digits
    assert in_order("علی کریمی", pdf_text(out))
    assert len(list((tmp_path / "out" / "workshop-files").glob("*.pdf"))) == 2

    assert main(["certificates", "list", "--db", str(db_path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert len(listed) == 2
    serial = listed[0]["serial"]
    payload = services.certificates.get(serial).payload

    assert (
        main(["certificates", "verify", "--db", str(db_path), payload, "--name", "علي كريمي"]) == 0
    )
    shown = capsys.readouterr().out
    assert serial in shown
    assert "علی کریمی" in shown  # the holder on record
    assert main(["certificates", "verify", "--db", str(db_path), payload, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "valid"

    claim, signature = parse(payload)
    tampered = compose(replace(claim, hours=13), signature)
    assert main(["certificates", "verify", "--db", str(db_path), tampered]) == 1
    capsys.readouterr()

    assert (
        main(
            [
                "certificates",
                "reprint",
                "--db",
                str(db_path),
                serial,
                "--out",
                str(tmp_path / "c.pdf"),
            ]
        )
        == 0
    )
    assert "المثنی" in pdf_text(tmp_path / "c.pdf")
    capsys.readouterr()

    with pytest.raises(SystemExit):  # --reason is required
        main(["certificates", "revoke", "--db", str(db_path), serial])
    assert main(["certificates", "revoke", "--db", str(db_path), serial, "--reason", "  "]) == 1
    assert main(["certificates", "revoke", "--db", str(db_path), serial, "--reason", "اشتباه"]) == 0
    capsys.readouterr()
    assert main(["certificates", "verify", "--db", str(db_path), payload, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["verdict"] == "revoked"


def test_issue_for_a_missing_workshop_is_refused(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.pdf"
    code = main(
        ["certificates", "issue", "--db", str(db_path), "--workshop", "nope", "--out", str(out)]
    )
    assert code == 1
    assert not out.exists()
