"""An attendance PDF that says it was written survives a power cut (reviewer's finding: it was
renamed into place without an fsync, so a crash could leave an empty file under the real name).
The PDF writers stream into :func:`desktop.fileio.atomic_output`; these tests hold it to that."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from desktop import fileio


def test_the_pdf_is_fsynced_before_it_replaces_the_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(self: Path, target: Path) -> Path:
        events.append("rename")
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"the old sheet")

    with fileio.atomic_output(out) as stream:
        stream.write(b"%PDF-1.4 new")

    assert out.read_bytes() == b"%PDF-1.4 new"
    assert "fsync" in events and events.index("fsync") < events.index("rename")
    assert events[-1] == "fsync"  # the folder, so the rename itself is durable


def test_a_failed_render_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    out.write_bytes(b"the old sheet")

    def broken(stream: io.BufferedIOBase) -> None:
        stream.write(b"%PDF half")
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError), fileio.atomic_output(out) as stream:
        broken(stream)  # type: ignore[arg-type]
    assert out.read_bytes() == b"the old sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]
