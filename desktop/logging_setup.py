"""Logging to the platform log directory.

At INFO level Hamyar logs what happened to which record id, never names, national IDs, phone
numbers or answers: the log file is not protected like the database is.
"""

from __future__ import annotations

import logging
import logging.handlers

from desktop.paths import log_dir

_handler: logging.handlers.RotatingFileHandler | None = None


def configure_logging(level: int = logging.INFO) -> None:
    """Log to ``<log dir>/hamyar.log``; calling again with another log dir moves the log."""
    global _handler
    path = log_dir() / "hamyar.log"
    root = logging.getLogger()
    if _handler is not None:
        if _handler.baseFilename == str(path.resolve()):
            return
        root.removeHandler(_handler)
        _handler.close()
    _handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    _handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(_handler)
    root.setLevel(level)
