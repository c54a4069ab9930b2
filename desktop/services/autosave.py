"""A crash-safe local store of unsaved work (interview answers as they were typed).

The database keeps what is valid; this store keeps *everything* the person typed, including text
that does not validate yet, so that closing the window, a crash or a power cut loses at most the
last few seconds. One small JSON file per key in ``data_dir()/autosave``.

Writes are atomic and durable (:func:`desktop.fileio.write_atomic`: a temporary file in the same
directory, flushed and ``fsync``-ed, renamed over the old file, the directory ``fsync``-ed on
POSIX). A crash at any point leaves either the old file or the new one, never a mix. A file that
is nevertheless unreadable (a disk that lied about ``fsync``, a truncated copy) is moved aside
as ``<key>.json.corrupt-<time>`` and ``load`` returns ``None``: a damaged autosave must never
stop an interview from opening.

Pure Python (no Qt) so it can run on the task runner's worker threads; one lock per store makes
concurrent writes of the same store from several threads safe.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from desktop.fileio import fsync_folder, write_atomic
from desktop.paths import data_dir

__all__ = ["SUFFIX", "AutosaveStore", "saved_at"]

SUFFIX: Final = ".json"
SAVED_AT: Final = "saved_at"
_KEY_RE: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,199}")
_TEMP_PREFIX: Final = ".tmp-"
_STALE_TEMP_SECONDS: Final = 3600.0


def saved_at(payload: Mapping[str, object]) -> datetime | None:
    """When ``payload`` was saved (timezone-aware UTC), or None if it does not say."""
    value = payload.get(SAVED_AT)
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class AutosaveStore:
    """``save``/``load``/``discard``/``keys`` of JSON payloads, one atomic file per key.

    Keys are short ASCII names (letters, digits, ``_`` and ``-``), e.g.
    ``f"interview-{interview_id}"``; anything else raises ``ValueError`` (no path tricks).
    """

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self._lock = threading.Lock()

    @property
    def directory(self) -> Path:
        """The store's directory, created on first use."""
        path = self._directory if self._directory is not None else data_dir() / "autosave"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def path(self, key: str) -> Path:
        if not isinstance(key, str) or _KEY_RE.fullmatch(key) is None:
            raise ValueError(f"not a valid autosave key: {key!r}")
        return self.directory / f"{key}{SUFFIX}"

    # --- writing ---------------------------------------------------------------------------

    def save(self, key: str, payload: Mapping[str, Any], *, when: datetime | None = None) -> None:
        """Write ``payload`` under ``key`` atomically, stamped with ``saved_at`` (UTC ISO 8601).

        ``when`` overrides the time stamp (default: now). Raises ``TypeError``/``ValueError`` for a
        payload that is not JSON (before touching the disk) and ``OSError`` if the disk refuses;
        in every case the previous file stays as it was.
        """
        target = self.path(key)
        moment = when or datetime.now(UTC)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        document = {**payload, SAVED_AT: moment.astimezone(UTC).isoformat()}
        data = json.dumps(document, ensure_ascii=False, allow_nan=False, indent=1).encode(
            "utf-8", "surrogatepass"
        )
        with self._lock:
            # The temporary's name marks it for ``keys`` to tidy if a crash leaves it behind.
            write_atomic(
                target, data, temp_prefix=f"{_TEMP_PREFIX}{target.stem}-", temp_suffix=".part"
            )

    def discard(self, key: str) -> None:
        """Forget ``key`` (no error if there is nothing to forget)."""
        target = self.path(key)
        with self._lock:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            with contextlib.suppress(OSError):  # forgetting a draft must never fail loudly
                fsync_folder(target.parent)

    # --- reading ---------------------------------------------------------------------------

    def load(self, key: str) -> dict[str, Any] | None:
        """The payload saved under ``key`` (with ``saved_at``), or None.

        None also when the file is unreadable; the bad file is then moved aside so it is neither
        read again nor lost (someone may still want to look at it).
        """
        target = self.path(key)
        with self._lock:
            try:
                data = target.read_bytes()
            except FileNotFoundError:
                return None
            except OSError:
                return None
            try:
                document = json.loads(data.decode("utf-8", "surrogatepass"))
            except (UnicodeDecodeError, ValueError, RecursionError):
                self._move_aside(target)
                return None
            if not isinstance(document, dict):
                self._move_aside(target)
                return None
            return document

    def keys(self) -> list[str]:
        """Every key that has a saved payload, sorted. Also tidies temporary files left behind
        by a crash more than an hour ago."""
        directory = self.directory
        found: list[str] = []
        for entry in directory.iterdir():
            name = entry.name
            if name.startswith(_TEMP_PREFIX):
                self._remove_if_stale(entry)
                continue
            if not name.endswith(SUFFIX):
                continue
            key = name[: -len(SUFFIX)]
            if _KEY_RE.fullmatch(key) is not None and entry.is_file():
                found.append(key)
        return sorted(found)

    def _move_aside(self, target: Path) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        with contextlib.suppress(OSError):
            target.replace(target.with_name(f"{target.name}.corrupt-{stamp}"))

    @staticmethod
    def _remove_if_stale(entry: Path) -> None:
        with contextlib.suppress(OSError):
            if time.time() - entry.stat().st_mtime > _STALE_TEMP_SECONDS:
                entry.unlink()
