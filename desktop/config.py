"""The user's settings: a tiny JSON file in the data directory, written atomically.

``settings.json`` holds the interface language and the last database opened. A missing,
unreadable or damaged file gives the defaults (the app must always start); unknown keys are
ignored and unknown values replaced by defaults. Writing goes to a temporary file in the same
directory, flushed to disk, then renamed over the old one, so a power cut leaves either the old
or the new settings, never half a file.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from desktop.fileio import write_atomic
from desktop.paths import data_dir

log = logging.getLogger(__name__)

FILE_NAME = "settings.json"
LANGUAGES = ("fa", "en")  # the same as desktop.i18n.LANGUAGES; Persian is the default
DEFAULT_LANGUAGE = "fa"


@dataclass(frozen=True)
class Config:
    language: str = DEFAULT_LANGUAGE
    last_database: str | None = None

    def with_language(self, language: str) -> Config:
        if language not in LANGUAGES:
            raise ValueError(f"unknown language {language!r}")
        return replace(self, language=language)

    def with_last_database(self, path: Path | str | None) -> Config:
        return replace(self, last_database=None if path is None else str(path))


def config_path() -> Path:
    return data_dir() / FILE_NAME


def _from_json(raw: Any) -> Config:
    if not isinstance(raw, dict):
        return Config()
    language = raw.get("language")
    last = raw.get("last_database")
    return Config(
        language=language if language in LANGUAGES else DEFAULT_LANGUAGE,
        last_database=last if isinstance(last, str) and last else None,
    )


def load_config(path: Path | None = None) -> Config:
    """The saved settings, or the defaults when there are none or they cannot be read."""
    target = path or config_path()
    try:
        text = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config()
    except OSError as error:
        log.warning("cannot read settings %s: %s", target, error)
        return Config()
    try:
        return _from_json(json.loads(text))
    except ValueError as error:
        log.warning("damaged settings %s, using defaults: %s", target, error)
        return Config()


def save_config(cfg: Config, path: Path | None = None) -> Path:
    """Write the settings atomically and durably (:mod:`desktop.fileio`); returns the path."""
    target = path or config_path()
    text = json.dumps(asdict(cfg), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_atomic(target, text, temp_prefix=".settings-")
    return target
