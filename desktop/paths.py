"""Where Hamyar keeps its files: the platform's user data and log directories.

Tests and scripts override the locations with ``HAMYAR_HOME`` (one directory for everything) or
``HAMYAR_DB`` (the database file only).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Hamyar"
APP_AUTHOR = "Hamyar"


def data_dir() -> Path:
    home = os.environ.get("HAMYAR_HOME")
    base = Path(home) / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    base.mkdir(parents=True, exist_ok=True)
    return base


def log_dir() -> Path:
    home = os.environ.get("HAMYAR_HOME")
    base = Path(home) / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
    base.mkdir(parents=True, exist_ok=True)
    return base


def default_db_path() -> Path:
    env = os.environ.get("HAMYAR_DB")
    if env:
        return Path(env)
    return data_dir() / "hamyar.sqlite3"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
