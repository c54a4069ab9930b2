"""The generated forms in desktop/gui/forms/ are exactly what pyside6-uic makes of ui/*.ui (so
nobody edits generated code or forgets `make forms`), and Babel extracts the .ui strings."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
UI_FILES = sorted((ROOT / "ui").glob("*.ui"))
# The only line that names the tool's version: a newer PySide6 must not fail the check alone.
VERSION_LINE = re.compile(r"^## Created by: Qt User Interface Compiler version .*$", re.MULTILINE)


def uic() -> str:
    beside_python = Path(sys.executable).parent / "pyside6-uic"
    found = str(beside_python) if beside_python.exists() else shutil.which("pyside6-uic")
    if found is None:
        pytest.fail("pyside6-uic is missing (it comes with PySide6)")
    return found


def normalised(text: str) -> str:
    return VERSION_LINE.sub("## Created by: Qt User Interface Compiler", text)


def test_there_are_forms_to_check() -> None:
    assert {path.stem for path in UI_FILES} >= {"login_dialog", "setup_wizard"}


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda path: path.stem)
def test_compiled_form_is_up_to_date(ui_file: Path, tmp_path: Path) -> None:
    committed = ROOT / "desktop" / "gui" / "forms" / f"ui_{ui_file.stem}.py"
    assert committed.exists(), f"{committed.name} is missing: run `make forms`"
    fresh = tmp_path / committed.name
    # The same command as `make forms`, run from the repository root.
    subprocess.run(
        [uic(), str(ui_file.relative_to(ROOT)), "-o", str(fresh)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert normalised(committed.read_text(encoding="utf-8")) == normalised(
        fresh.read_text(encoding="utf-8")
    ), f"{committed.name} differs from {ui_file.name}: run `make forms`, never edit it by hand"


def test_babel_extracts_the_ui_strings(tmp_path: Path) -> None:
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "-k",
            "_",
            "--no-location",
            "-o",
            str(pot),
            ".",  # as `make i18n` does: babel.cfg's patterns are relative to the root
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as stream:
        msgids = {message.id for message in read_po(stream) if message.id}
    # Strings that live only in .ui files:
    assert "Set up a &new office" in msgids
    assert "Latin letters and digits, e.g. URM01" in msgids
    assert "Sign in — Hamyar" in msgids
    # ... and Python strings still come through the same catalog.
    assert "Not yet available in this version." in msgids
    # notr="true" strings are left out.
    assert "" not in msgids
