"""What every ``hamyar`` sub-command module shares: writing lines, numbers in the interface's
digits, and opening the database or the services named by ``--db``.

Light on purpose: the database layer is imported only when a command opens it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from desktop import i18n
from desktop.domain.digits import format_number
from desktop.paths import default_db_path


def write_out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def write_err(text: str) -> None:
    sys.stderr.write(text + "\n")


def localised(value: object) -> str:
    """Numbers grouped and in Persian digits when the interface is Persian."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, persian=i18n.is_persian())
    return i18n.localise_digits(value)


def database_from_args(args: argparse.Namespace) -> Any:
    """The database of ``--db`` (or the default one), not yet checked or migrated."""
    from desktop.store.engine import Database

    return Database(args.db or default_db_path())


def services_from_args(args: argparse.Namespace) -> Any:
    """The services over the ``--db`` database, opened (and migrated) for use."""
    from desktop.services.app import Services
    from desktop.services.setup import open_database

    db = database_from_args(args)
    return Services(db, open_database(db))
