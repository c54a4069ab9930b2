"""Certificate file names (atomic writes are :mod:`desktop.fileio`)."""

from __future__ import annotations


def safe_file_name(text: str, fallback: str = "certificate") -> str:
    """A file name from a serial or a person's name: no path separators or control characters."""
    cleaned = "".join(
        char if char.isalnum() or char in "-_.\u200c " else "_" for char in text.strip()
    ).strip(" .")
    return cleaned[:120] or fallback
