"""The local autosave store: atomic writes, damaged files survived, any JSON round-trips."""

from __future__ import annotations

import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services.autosave import AutosaveStore, saved_at

KEY = "interview-6f1c1f0e-3c59-4a53-9d3e-6d4c2f7e9b11"
PAYLOAD: dict[str, Any] = {
    "interview_id": "6f1c1f0e-3c59-4a53-9d3e-6d4c2f7e9b11",
    "raw": {
        "household_size": "۴x",  # invalid partial text is kept as typed
        "work_experience": "خیاطی در منزل،\nسه سال",
        "goals": ["home_business", "loan"],
        "head_of_household": True,
        "interview_date": "۱۴۰۳/۰۱/۰۲",
    },
}


@pytest.fixture
def store(tmp_path: Path) -> AutosaveStore:
    return AutosaveStore(tmp_path / "autosave")


def test_round_trip_adds_saved_at(store: AutosaveStore) -> None:
    before = datetime.now(UTC)
    store.save(KEY, PAYLOAD)
    loaded = store.load(KEY)
    assert loaded is not None
    stamp = saved_at(loaded)
    assert stamp is not None and before - timedelta(seconds=1) <= stamp <= datetime.now(UTC)
    assert {k: v for k, v in loaded.items() if k != "saved_at"} == PAYLOAD
    assert store.keys() == [KEY]
    # Persian stays readable in the file (support staff may have to look at it).
    assert "خیاطی" in store.path(KEY).read_text(encoding="utf-8")


def test_explicit_time_stamp_and_overwrite(store: AutosaveStore) -> None:
    when = datetime(2024, 3, 20, 8, 30, tzinfo=UTC)
    store.save(KEY, {"n": 1}, when=when)
    store.save(KEY, {"n": 2}, when=when + timedelta(seconds=3))
    loaded = store.load(KEY)
    assert loaded is not None and loaded["n"] == 2
    assert saved_at(loaded) == when + timedelta(seconds=3)


def test_missing_key_and_discard(store: AutosaveStore) -> None:
    assert store.load(KEY) is None
    store.discard(KEY)  # nothing to discard: no error
    store.save(KEY, PAYLOAD)
    store.save("interview-2", {"a": 1})
    assert store.keys() == ["interview-2", KEY]
    store.discard(KEY)
    assert store.load(KEY) is None
    assert store.keys() == ["interview-2"]


@pytest.mark.parametrize("key", ["", "../etc/passwd", "a/b", "interview 1", "-x", "x" * 300])
def test_keys_cannot_escape_the_directory(store: AutosaveStore, key: str) -> None:
    with pytest.raises(ValueError):
        store.save(key, {})


def test_crash_during_replace_leaves_the_previous_file_intact(
    store: AutosaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(KEY, {"answer": "قدیمی"})
    before = store.path(KEY).read_bytes()

    def power_cut(src: object, dst: object) -> None:
        raise OSError("power cut during rename")

    monkeypatch.setattr(os, "replace", power_cut)
    with pytest.raises(OSError, match="power cut"):
        store.save(KEY, {"answer": "جدید"})
    monkeypatch.undo()

    assert store.path(KEY).read_bytes() == before
    loaded = store.load(KEY)
    assert loaded is not None and loaded["answer"] == "قدیمی"
    # The half-written temporary file was cleaned up and is never listed as a key.
    assert [p.name for p in store.directory.iterdir()] == [store.path(KEY).name]


def test_crash_during_fsync_leaves_the_previous_file_intact(
    store: AutosaveStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(KEY, {"answer": 1})

    def failing_fsync(fd: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        store.save(KEY, {"answer": 2})
    monkeypatch.undo()
    loaded = store.load(KEY)
    assert loaded is not None and loaded["answer"] == 1


def test_a_payload_that_is_not_json_is_refused_before_touching_the_disk(
    store: AutosaveStore,
) -> None:
    store.save(KEY, {"answer": 1})
    with pytest.raises((TypeError, ValueError)):
        store.save(KEY, {"answer": object()})
    with pytest.raises(ValueError):
        store.save(KEY, {"answer": float("nan")})
    loaded = store.load(KEY)
    assert loaded is not None and loaded["answer"] == 1


@pytest.mark.parametrize(
    "content",
    [
        b"",  # a zero-length file after a power cut
        b'{"raw": {"household_size": "\xdb\xb4',  # truncated mid-character
        b'{"raw": {"a": 1}',  # truncated JSON
        b"\x00\x00\x00\x00",  # a block of zeros
        b"[1, 2, 3]",  # JSON, but not an object
        '{"a": "ok"}'.encode("utf-16"),
    ],
)
def test_a_damaged_file_loads_as_none_and_is_moved_aside(
    store: AutosaveStore, content: bytes
) -> None:
    store.path(KEY).write_bytes(content)
    assert store.load(KEY) is None
    assert store.keys() == []
    aside = [p for p in store.directory.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == content
    # And the key is usable again.
    store.save(KEY, {"a": 1})
    assert store.load(KEY) is not None


def test_stale_temporary_files_are_tidied(store: AutosaveStore) -> None:
    stale = store.directory / ".tmp-interview-1-abc.part"
    stale.write_text("half")
    old = datetime.now().timestamp() - 2 * 3600
    os.utime(stale, (old, old))
    fresh = store.directory / ".tmp-interview-2-def.part"
    fresh.write_text("being written right now")
    assert store.keys() == []
    assert not stale.exists() and fresh.exists()


def test_default_directory_is_in_the_data_dir(hamyar_home: Path) -> None:
    store = AutosaveStore()
    store.save("k", {"x": "ی"})
    assert store.directory == hamyar_home / "data" / "autosave"
    assert (hamyar_home / "data" / "autosave" / "k.json").exists()


def test_concurrent_writers_never_leave_a_broken_file(store: AutosaveStore) -> None:
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(20):
                store.save(KEY, {"writer": n, "i": i, "text": "سلام " * 50})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    loaded = store.load(KEY)
    assert loaded is not None and loaded["i"] == 19


# --- any JSON-able payload round-trips ---------------------------------------------------------

PERSIAN = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیئءأؤۀ‌ًٌٍَُِّ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩يك ،؛؟«»"
texts = st.text(alphabet=st.sampled_from(PERSIAN) | st.characters(), max_size=40)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(texts, children, max_size=5),
    max_leaves=30,
)
payloads = st.dictionaries(texts.filter(lambda k: k != "saved_at"), json_values, max_size=8)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=payloads)
def test_any_json_payload_round_trips(
    tmp_path_factory: pytest.TempPathFactory, payload: Any
) -> None:
    store = AutosaveStore(tmp_path_factory.mktemp("autosave"))
    store.save(KEY, payload)
    loaded = store.load(KEY)
    assert loaded is not None
    loaded.pop("saved_at")
    assert loaded == payload
