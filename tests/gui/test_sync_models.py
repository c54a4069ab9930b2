"""The Sync pages' models: the drive list from QStorageInfo and the record tables."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo, Qt
from pytestqt.qtbot import QtBot

from desktop.gui.models.participants import SORT_ROLE
from desktop.gui.models.records import Column, RecordTableModel
from desktop.gui.sync.drives import (
    PATH_ROLE,
    DestinationModel,
    destinations,
    folder_destination,
    looks_removable,
)


def test_drive_model_over_the_real_mounted_volumes(qtmodeltester, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    model = DestinationModel()
    found = destinations(QStorageInfo.mountedVolumes(), folders=[tmp_path])
    model.set_destinations(found)
    qtmodeltester.check(model)
    assert model.rowCount() == len(found) >= 1
    # The chosen folder is listed first, as a folder, with its path for the export.
    assert model.data(model.index(0, 2), PATH_ROLE) == str(tmp_path)
    assert model.destination(0).chosen
    assert model.data(model.index(0, 3), SORT_ROLE) == model.destination(0).free_bytes
    assert all(not d.path.as_posix().startswith("/proc") for d in found)


def test_drive_model_empty_and_reset(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = DestinationModel()
    qtmodeltester.check(model)
    model.set_destinations([folder_destination(Path("/"))])
    qtmodeltester.check(model)
    model.set_destinations([])
    assert model.rowCount() == 0


def test_usb_sticks_count_as_removable() -> None:
    assert looks_removable("/media/zahra/KINGSTON", "ext4")
    assert looks_removable("/somewhere", "vfat")
    assert looks_removable("/x", "exfat")
    assert not looks_removable("/", "ext4")


@dataclass(frozen=True)
class Row:
    name: str
    count: int


def test_record_table_model(qtmodeltester, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    model: RecordTableModel[Row] = RecordTableModel(
        [Column("Name", lambda r: r.name), Column("Count", lambda r: r.count)]
    )
    model.set_records([Row("الف", 1200), Row("ب", 3)])
    qtmodeltester.check(model)
    assert model.data(model.index(0, 1)) == "۱٬۲۰۰"  # Persian digits and grouping
    assert model.data(model.index(0, 1), SORT_ROLE) == 1200
    alignment = Qt.AlignmentFlag(model.data(model.index(0, 1), Qt.ItemDataRole.TextAlignmentRole))
    assert alignment & Qt.AlignmentFlag.AlignTrailing
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
