"""Translations: the fa catalog is complete, keeps every placeholder, and matches the source."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from desktop import i18n
from desktop.domain.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "resources" / "locale"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def load(language: str) -> Catalog:
    with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


def source_msgids(tmp_path: Path) -> set[str]:
    pot = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract", "-F", "babel.cfg",
         "-k", "N_", "-k", "_", "-k", "ngettext:1,2", "--no-location",
         "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        return {
            message.id[0] if isinstance(message.id, tuple) else message.id
            for message in read_po(handle)
            if message.id
        }


def test_every_source_string_is_in_the_persian_catalog(tmp_path: Path) -> None:
    fa = load("fa")

    def translated(msgid: str) -> bool:
        message = fa.get(msgid)
        if message is None:
            return False
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        return all(strings)

    missing = sorted(msgid for msgid in source_msgids(tmp_path) if not translated(msgid))
    assert not missing, f"{len(missing)} strings lack a Persian translation: {missing[:10]}"


def test_no_fuzzy_translations() -> None:
    fuzzy = [m.id for m in load("fa") if m.id and m.fuzzy]
    assert not fuzzy, fuzzy[:10]


@pytest.mark.parametrize("language", ["fa", "en"])
def test_translations_keep_every_placeholder(language: str) -> None:
    broken = []
    for message in load(language):
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        singular = set(PLACEHOLDER.findall(ids[0]))
        known = set().union(*(PLACEHOLDER.findall(text) for text in ids))
        for text in strings:
            found = set(PLACEHOLDER.findall(text)) if text else None
            if found is None:
                continue
            # A plural form may use {count} where the singular says "one"; it must never name
            # a placeholder the code does not fill.
            if (len(ids) == 1 and found != singular) or not found <= known:
                broken.append((ids[0], text))
    assert not broken, broken[:5]


def test_persian_is_the_default_and_messages_render_with_persian_digits() -> None:
    assert i18n.activate(None) == "fa"
    error = ValidationError("The household size must be between 1 and {max}.", max=30)
    assert "۳۰" in str(error)
    assert "household" not in str(error)


def test_english_switch() -> None:
    i18n.activate("en")
    try:
        error = ValidationError("The household size must be between 1 and {max}.", max=30)
        assert str(error) == "The household size must be between 1 and 30."
    finally:
        i18n.activate("fa")
