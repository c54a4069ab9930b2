"""Who is acting: the signed-in user and their office.

Kept apart from :mod:`desktop.services.base` (which imports SQLAlchemy) so the desktop app can
sign in and show its first screen before the database layer has loaded.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """The signed-in user (None for scripts and the command line) and their office."""

    office_code: str
    user_id: uuid.UUID | None = None
