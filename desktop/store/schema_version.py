"""The newest schema revision, known without importing SQLAlchemy or Alembic.

Migrations are numbered (``0003_usb_sync_bookkeeping.py`` is revision ``0003``, one linear
chain), so the newest is the highest number among the files in ``migrations/versions``. The
desktop app compares it with a database's ``alembic_version`` before SQLAlchemy has loaded: an
equal revision needs no migration. ``tests/unit/test_schema_version.py`` checks the number
against Alembic's own head.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).resolve().parent / "migrations" / "versions"
_NUMBERED = re.compile(r"(\d{4})_\w+\.py")


@cache
def newest_revision() -> str | None:
    """The highest-numbered migration's revision, or None if none can be found."""
    try:
        names = [entry.name for entry in VERSIONS_DIR.iterdir()]
    except OSError:
        return None
    numbers = [match.group(1) for name in names if (match := _NUMBERED.fullmatch(name))]
    return max(numbers) if numbers else None
