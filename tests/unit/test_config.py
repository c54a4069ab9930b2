"""Settings file: defaults when missing or damaged, round trip, atomic replacement."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.config import Config, config_path, load_config, save_config


def test_defaults_when_there_is_no_file(hamyar_home: Path) -> None:
    assert not config_path().exists()
    assert load_config() == Config(language="fa", last_database=None)


def test_settings_live_in_the_data_directory(hamyar_home: Path) -> None:
    assert config_path() == hamyar_home / "data" / "settings.json"


def test_round_trip(tmp_path: Path) -> None:
    cfg = Config().with_language("en").with_last_database(tmp_path / "office.sqlite3")
    written = save_config(cfg)
    assert written == config_path()
    assert load_config() == cfg
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data == {"language": "en", "last_database": str(tmp_path / "office.sqlite3")}


def test_persian_path_is_kept_readable(tmp_path: Path) -> None:
    cfg = Config(last_database=str(tmp_path / "دفتر" / "hamyar.sqlite3"))
    save_config(cfg)
    assert "دفتر" in config_path().read_text(encoding="utf-8")
    assert load_config() == cfg


@pytest.mark.parametrize(
    "content",
    ["", "{not json", "[1, 2]", '"fa"', '{"language": "de", "last_database": 5}'],
)
def test_damaged_or_strange_file_gives_defaults(content: str) -> None:
    path = config_path()
    path.write_text(content, encoding="utf-8")
    assert load_config() == Config()


def test_unknown_keys_are_ignored_and_valid_ones_kept() -> None:
    config_path().write_text(
        json.dumps({"language": "en", "theme": "dark", "last_database": "/x.sqlite3"}),
        encoding="utf-8",
    )
    assert load_config() == Config(language="en", last_database="/x.sqlite3")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        Config().with_language("de")


def test_save_replaces_atomically_and_leaves_no_temporary_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    save_config(Config(language="en"))
    before = config_path().read_text(encoding="utf-8")

    def broken_replace(self: Path, target: Path) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError):
        save_config(Config(language="fa"))
    # The old settings are intact and the half-done temporary file is gone.
    assert config_path().read_text(encoding="utf-8") == before
    assert [p.name for p in config_path().parent.iterdir() if p.name.startswith(".settings-")] == []
    monkeypatch.undo()
    save_config(Config(language="fa"))
    assert load_config().language == "fa"
