"""Where a bundle can go: removable drives first, then the other writable drives and folders.

:func:`destinations` reads :class:`QStorageInfo` (cheap, no disk access beyond ``statfs``) and
adds folders the person chose. Qt cannot tell a USB stick from a fixed disk, so a drive counts
as removable by where it is mounted (``/media``, ``/run/media``, ``/Volumes``, a Windows drive
other than the system drive) or by a FAT/exFAT file system, which sticks almost always use.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStorageInfo,
    Qt,
)

from desktop.gui.models.participants import READ_ONLY, SORT_ROLE
from desktop.gui.style import ltr
from desktop.gui.sync.common import size_text
from desktop.i18n import _

PATH_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

# Mounts that are never a place for a bundle (Linux pseudo file systems, snaps, containers).
SKIPPED_TYPES = {
    "proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "cgroup", "cgroup2", "squashfs", "overlay",
    "autofs", "securityfs", "pstore", "debugfs", "tracefs", "fusectl", "mqueue", "hugetlbfs",
    "configfs", "binfmt_misc", "nsfs", "efivarfs", "bpf", "ramfs",
}  # fmt: skip
STICK_TYPES = {"vfat", "fat", "fat16", "fat32", "exfat", "msdos"}
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


@dataclass(frozen=True)
class Destination:
    path: Path
    label: str
    free_bytes: int
    total_bytes: int
    removable: bool
    chosen: bool = False  # a folder the person picked, not a whole drive


def looks_removable(root: str, file_system: str) -> bool:
    if file_system.lower() in STICK_TYPES:
        return True
    if sys.platform == "win32":
        system_drive = os.environ.get("SYSTEMDRIVE", "C:").upper()
        return not root.upper().startswith(system_drive)
    return root.startswith(REMOVABLE_ROOTS)


def from_storage(info: QStorageInfo) -> Destination | None:
    if not info.isValid() or not info.isReady() or info.isReadOnly():
        return None
    file_system = bytes(info.fileSystemType().data()).decode("utf-8", "replace")
    if file_system.lower() in SKIPPED_TYPES:
        return None
    root = info.rootPath()
    label = info.displayName() or info.name() or root
    return Destination(
        path=Path(root),
        label=label,
        free_bytes=max(0, info.bytesAvailable()),
        total_bytes=max(0, info.bytesTotal()),
        removable=looks_removable(root, file_system),
    )


def folder_destination(path: Path) -> Destination:
    info = QStorageInfo(str(path))
    return Destination(
        path=path,
        label=path.name or str(path),
        free_bytes=max(0, info.bytesAvailable()) if info.isValid() else 0,
        total_bytes=max(0, info.bytesTotal()) if info.isValid() else 0,
        removable=info.isValid()
        and looks_removable(
            info.rootPath(), bytes(info.fileSystemType().data()).decode("utf-8", "replace")
        ),
        chosen=True,
    )


def destinations(
    volumes: Iterable[QStorageInfo] | None = None, folders: Sequence[Path] = ()
) -> list[Destination]:
    """Chosen folders first (the person just picked them), then removable drives, then the rest."""
    found = [
        d
        for d in (
            from_storage(v)
            for v in (volumes if volumes is not None else QStorageInfo.mountedVolumes())
        )
        if d
    ]
    drives = sorted(found, key=lambda d: (not d.removable, str(d.path)))
    seen = {d.path for d in drives}
    chosen = [folder_destination(f) for f in folders if f not in seen]
    return chosen + drives


class DestinationModel(QAbstractTableModel):
    """Drives and folders with their label, free space and size (read-only)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[Destination] = []

    def set_destinations(self, items: Sequence[Destination]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802 (Qt's name)
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (_("Drive or folder"), _("Kind"), _("Path"), _("Free space"), _("Size"))
        return headers[section] if 0 <= section < len(headers) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.items)):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return item.label
            if column == 1:
                if item.chosen:
                    return _("Folder")
                return _("Removable drive") if item.removable else _("Drive")
            if column == 2:
                return ltr(str(item.path))
            if column == 3:
                return size_text(item.free_bytes)
            if column == 4:
                return size_text(item.total_bytes)
            return None
        if role == SORT_ROLE:
            values = (
                item.label,
                int(item.removable),
                str(item.path),
                item.free_bytes,
                item.total_bytes,
            )
            return values[column] if 0 <= column < len(values) else None
        if role == PATH_ROLE:
            return str(item.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(item.path)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (3, 4):
                return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return READ_ONLY

    def destination(self, row: int) -> Destination:
        return self.items[row]
