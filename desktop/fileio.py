"""Atomic, durable file writes: a reader sees the old file or the whole new one, never half of it,
and a file that was said to be written is still there after a power cut.

The data goes to a temporary file beside the target (same folder, so the rename cannot cross
file systems), is flushed and fsynced, renamed over the target, and on POSIX the folder is
fsynced too, because a rename is only durable once its folder is. A failure at any point removes
the temporary file and leaves the target as it was.

Pure Python (no Qt); safe on worker threads (every call has its own temporary file).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO, Final

__all__ = ["OWNER_ONLY", "SHARED", "atomic_output", "fsync_folder", "write_atomic"]

OWNER_ONLY: Final = 0o600
"""Readable and writable by the owner only (secrets, personal data kept for the app itself)."""
SHARED: Final = 0o644
"""An ordinary document other users of the computer may read (certificates, exports)."""

_PRIVATE_FOLDER: Final = 0o700
# Windows: an antivirus or indexer holding the target open makes the rename fail for a moment.
_REPLACE_ATTEMPTS: Final = 5
_REPLACE_PAUSE: Final = 0.05


@contextmanager
def atomic_output(
    path: Path,
    *,
    mode: int = OWNER_ONLY,
    private_folder: bool = False,
    temp_prefix: str | None = None,
    temp_suffix: str = ".tmp",
) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` when the ``with`` block ends normally.

    ``mode`` is the new file's permission bits; ``private_folder`` also makes the folder
    owner-only (0700) on POSIX. ``temp_prefix``/``temp_suffix`` name the temporary file (default
    ``.<name>.<random>.tmp``), for callers that tidy temporaries left by a crash. If the block
    raises, nothing under ``path`` changes and the temporary file is removed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if private_folder and os.name == "posix":
        path.parent.chmod(_PRIVATE_FOLDER)
    prefix = temp_prefix if temp_prefix is not None else f".{path.name}."
    descriptor, name = tempfile.mkstemp(prefix=prefix, suffix=temp_suffix, dir=path.parent)
    temporary = Path(name)  # mkstemp creates it owner-only: no window in which others can read
    try:
        with os.fdopen(descriptor, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        if mode != OWNER_ONLY:
            temporary.chmod(mode)
        _replace(temporary, path)
    except BaseException:
        with suppress(OSError):  # a medium that is gone must not hide the first error
            temporary.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def write_atomic(
    path: Path,
    data: bytes | str,
    *,
    mode: int = OWNER_ONLY,
    private_folder: bool = False,
    encoding: str = "utf-8",
    temp_prefix: str | None = None,
    temp_suffix: str = ".tmp",
) -> None:
    """Replace ``path`` with ``data`` (text is encoded with ``encoding``) atomically and durably.

    The options are :func:`atomic_output`'s.
    """
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_output(
        path,
        mode=mode,
        private_folder=private_folder,
        temp_prefix=temp_prefix,
        temp_suffix=temp_suffix,
    ) as stream:
        stream.write(payload)


def fsync_folder(folder: Path) -> None:
    """Make a rename or removal in ``folder`` durable (POSIX; Windows journals renames itself
    and cannot open a folder)."""
    if os.name != "posix":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _replace(source: Path, target: Path) -> None:
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            source.replace(target)
            return
        except PermissionError:
            if attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_PAUSE)
