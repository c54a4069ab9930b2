"""The resource locator works from the checkout and from an installed wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from desktop.resources import resource_path, resources_root

ROOT = Path(__file__).resolve().parents[2]


def test_checkout_resources_are_found() -> None:
    assert resources_root() == ROOT / "resources"
    assert resource_path("fonts", "Vazirmatn-Regular.ttf").stat().st_size > 10_000


def test_missing_resource_names_itself() -> None:
    with pytest.raises(FileNotFoundError, match="no-such-file"):
        resource_path("no-such-file")


@pytest.mark.slow
def test_wheel_carries_resources_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("hamyar-*.whl")
    unpacked = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(unpacked)
    assert "hamyar_resources/fonts/Vazirmatn-Regular.ttf" in names
    assert "hamyar_resources/skills/taxonomy.json" in names
    assert "desktop/store/migrations/script.py.mako" in names
    assert any(name.startswith("desktop/store/migrations/versions/0001") for name in names)
    # Import the unpacked wheel from elsewhere: the locator must find hamyar_resources.
    probe = (
        "from desktop.resources import resources_root, resource_path;"
        "print(resources_root());"
        "print(resource_path('forms', 'intake-default', 'v1.json').exists())"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    root_line, exists_line = result.stdout.strip().splitlines()
    assert root_line.startswith(str(unpacked))
    assert exists_line == "True"
