"""desktop.fileio: the one atomic, durable file writer (certificates, keys, settings, autosave,
attendance PDFs, exports and the catalog cache all write through it)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest

from desktop import fileio


def test_bytes_and_text_replace_the_old_content(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "folder" / "file.json"  # missing folders are created
    fileio.write_atomic(path, b"old")
    fileio.write_atomic(path, "نو ی")
    assert path.read_text(encoding="utf-8") == "نو ی"
    assert [p.name for p in path.parent.iterdir()] == ["file.json"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_owner_only_by_default_shared_on_request_private_folder(tmp_path: Path) -> None:
    private, shared = tmp_path / "a" / "secret", tmp_path / "b" / "doc.pdf"
    fileio.write_atomic(private, b"s", private_folder=True)
    fileio.write_atomic(shared, b"d", mode=fileio.SHARED)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert stat.S_IMODE(private.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_file_fsynced_before_the_rename_and_folder_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append("fsync folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync file")
        real_fsync(fd)

    def replace(self: Path, target: Path) -> Path:
        events.append("rename")
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    fileio.write_atomic(tmp_path / "f", b"x")
    expected = ["fsync file", "rename"] + (["fsync folder"] if os.name == "posix" else [])
    assert events == expected


def test_a_failure_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(b"old")

    def disk_full(self: Path, target: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", disk_full)
    with pytest.raises(OSError, match="disk full"):
        fileio.write_atomic(path, b"new", temp_prefix=".f-", temp_suffix=".partial")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.csv"]


def test_a_target_held_open_for_a_moment_is_replaced_on_a_later_attempt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows: an antivirus scanning the old file makes the rename fail for a moment."""
    real_replace = Path.replace
    refusals = [PermissionError("in use"), PermissionError("in use")]

    def busy(self: Path, target: Path) -> Path:
        if refusals:
            raise refusals.pop()
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", busy)
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    fileio.write_atomic(tmp_path / "f", b"x")
    assert (tmp_path / "f").read_bytes() == b"x"
