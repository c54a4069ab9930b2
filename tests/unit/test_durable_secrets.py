"""Files that must survive a power cut once written (reviewer's findings): the office's private
signing key (the database names it as soon as the setup commits; losing it means the office can
never sign again) and the serial high-water mark. Renaming a file is durable only when its
folder is fsynced too."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.certificates import serials
from desktop.crypto.signing import SigningKey, load_signing_key, save_signing_key


@pytest.fixture
def fsynced(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every path fsynced through os.fsync (directories included)."""
    seen: list[Path] = []
    real = os.fsync

    def record(fd: int) -> None:
        seen.append(Path(f"/proc/self/fd/{fd}").readlink())
        real(fd)

    monkeypatch.setattr(os, "fsync", record)
    return seen


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize(
    "write",
    [
        lambda folder: save_signing_key(SigningKey.generate(), folder / "keys" / "office.pem"),
        lambda folder: serials._write_marks("URM01", {"1404": 12}),
    ],
    ids=["signing key", "serial marks"],
)
def test_the_rename_is_made_durable(
    write: Callable[[Path], None], fsynced: list[Path], tmp_path: Path
) -> None:
    write(tmp_path)
    folders = [path for path in fsynced if path.is_dir()]
    assert folders, f"no folder fsynced after the rename: {fsynced}"


def test_private_key_is_owner_only_and_loads_back(tmp_path: Path) -> None:
    key = SigningKey.generate()
    path = tmp_path / "keys" / "office.pem"
    save_signing_key(key, path)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_signing_key(path).public_b64 == key.public_b64
