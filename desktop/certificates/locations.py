"""Where this computer wrote each certificate's own PDF, so the list can open it again.

File paths are facts about this machine, not office data (they mean nothing at the province),
so they live in a small JSON file in the data directory rather than in the synced database. A
missing or damaged file only means "not known": the person can still print a duplicate.

:meth:`desktop.services.certificates.CertificateService.issue` records every per-person file it
writes, so the desktop app finds certificates issued from the command line on the same computer
(and the same data directory) as well as its own.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterable
from pathlib import Path

from desktop.fileio import SHARED, write_atomic
from desktop.paths import data_dir

log = logging.getLogger(__name__)
_LOCK = threading.Lock()


def index_path() -> Path:
    return data_dir() / "certificates" / "issued-files.json"


def _read() -> dict[str, str]:
    try:
        raw = json.loads(index_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        log.warning("certificate file index unreadable: %s", error)
        return {}
    if not isinstance(raw, dict):
        return {}
    return {str(key): str(value) for key, value in raw.items() if isinstance(value, str)}


def remember(files: Iterable[tuple[str, Path]]) -> None:
    """Record ``(serial, path)`` pairs (a later file for the same serial replaces the earlier)."""
    with _LOCK:
        known = _read()
        for serial, path in files:
            known[serial] = str(Path(path).resolve())
        text = json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True)
        write_atomic(index_path(), text, mode=SHARED)


def file_of(serial: str) -> Path | None:
    """The certificate's own PDF if it is still where it was written."""
    with _LOCK:
        known = _read().get(serial)
    if known is None:
        return None
    path = Path(known)
    return path if path.is_file() else None


__all__ = ["file_of", "index_path", "remember"]
