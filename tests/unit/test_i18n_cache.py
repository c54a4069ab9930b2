"""The compiled catalog is cached in the data directory and follows every change of the .po."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import i18n, resources

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fa\\n"

msgid "Participants"
msgstr "{translation}"
"""


@pytest.fixture
def catalog_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A resources folder holding only a small Persian catalog."""
    root = tmp_path / "resources"
    folder = root / "locale" / "fa" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    monkeypatch.setattr(i18n, "resources_root", lambda: root)
    i18n._catalog.cache_clear()
    yield folder
    i18n._catalog.cache_clear()
    monkeypatch.undo()
    i18n.activate("fa")  # the real catalog again for the tests that follow


def write_po(folder: Path, translation: str) -> None:
    (folder / "messages.po").write_text(PO.format(translation=translation), encoding="utf-8")


def activate_fresh() -> str:
    """Activate Persian as a new process would (nothing compiled in memory yet)."""
    i18n._catalog.cache_clear()
    i18n.activate("fa")
    return i18n._("Participants")


def cached_files(hamyar_home: Path) -> list[Path]:
    return sorted((hamyar_home / "data" / "cache").glob("messages-fa-*.mo"))


def test_the_second_start_reads_the_cached_catalog(
    catalog_dir: Path, hamyar_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_po(catalog_dir, "شرکت‌کنندگان")
    assert activate_fresh() == "شرکت‌کنندگان"
    assert len(cached_files(hamyar_home)) == 1

    def no_compiling(source: bytes, language: str) -> bytes:
        raise AssertionError("the cached catalog should have been used")

    monkeypatch.setattr(i18n, "compile_catalog", no_compiling)
    assert activate_fresh() == "شرکت‌کنندگان"


def test_an_edited_po_is_compiled_again_and_the_old_cache_dropped(
    catalog_dir: Path, hamyar_home: Path
) -> None:
    write_po(catalog_dir, "شرکت‌کنندگان")
    assert activate_fresh() == "شرکت‌کنندگان"
    [first] = cached_files(hamyar_home)
    write_po(catalog_dir, "مددجویان")
    assert activate_fresh() == "مددجویان"
    [second] = cached_files(hamyar_home)
    assert second != first and not first.exists()


def test_a_damaged_cache_file_is_compiled_again(catalog_dir: Path, hamyar_home: Path) -> None:
    write_po(catalog_dir, "شرکت‌کنندگان")
    activate_fresh()
    [cached] = cached_files(hamyar_home)
    cached.write_bytes(b"\x00" * 10)
    assert activate_fresh() == "شرکت‌کنندگان"
    assert cached.read_bytes()[:4] in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")  # a .mo again


def test_an_unwritable_cache_still_translates(
    catalog_dir: Path, hamyar_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_po(catalog_dir, "شرکت‌کنندگان")
    blocked = hamyar_home / "data" / "cache"
    blocked.parent.mkdir(parents=True, exist_ok=True)
    blocked.write_text("a file where the cache folder should be")
    assert activate_fresh() == "شرکت‌کنندگان"


def test_the_cache_is_the_compiled_po(hamyar_home: Path) -> None:
    """The real catalog: what the cache holds is what Babel compiles from the .po."""
    po = resources.resources_root() / "locale" / "fa" / "LC_MESSAGES" / "messages.po"
    source = po.read_bytes()
    activate_fresh()
    assert i18n.compiled_catalog_path("fa", source).read_bytes() == i18n.compile_catalog(
        source, "fa"
    )
