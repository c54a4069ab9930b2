"""A payload that opens to far more than its manifest declares (a "gzip bomb") is refused as
damaged before the memory fills; real bundles and receipts still open."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pyrage
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pyrage import x25519

from desktop.services.office_keys import load_own_key
from desktop.sync import merge, sealed
from desktop.sync.envelope import BUNDLE, MANIFEST, pack
from desktop.sync.errors import DamagedFileError
from desktop.sync.keys import load_province_keys
from desktop.sync.sealed import BadContentError, gunzip_capped, plaintext_limit, seal, unseal
from tests.sync.conftest import Office, Province, import_accepting

BOMB_SIZE = 4 * 1024 * 1024  # 4 MiB of spaces: a few KiB compressed


def test_gunzip_capped_opens_what_fits_and_refuses_more() -> None:
    text = "سلام، همیار".encode() * 100
    packed = gzip.compress(text, mtime=0)
    assert gunzip_capped(packed) == text
    assert gunzip_capped(packed, len(text)) == text
    bomb = gzip.compress(b" " * BOMB_SIZE, mtime=0)
    assert len(bomb) < BOMB_SIZE // 100
    with pytest.raises(ValueError, match="more than"):
        gunzip_capped(bomb, 1024 * 1024)
    with pytest.raises(ValueError, match="more than"):
        gunzip_capped(packed, len(text) - 1)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data + b"more",  # something after it
        lambda data: data[:-8] + bytes(8),  # wrong checksum and length
        lambda data: b"not gzip at all",
    ],
)
def test_gunzip_capped_refuses_damaged_data(damage: object) -> None:
    packed = gzip.compress(b"x" * 1000, mtime=0)
    with pytest.raises(ValueError):
        gunzip_capped(damage(packed))  # type: ignore[operator]


@given(st.dictionaries(st.text(max_size=8), st.integers(-5, 10**7) | st.text(max_size=3)))
def test_plaintext_limit_is_generous_but_bounded(counts: dict[str, object]) -> None:
    limit = plaintext_limit(counts)
    rows = sum(n for n in counts.values() if isinstance(n, int) and n > 0)
    assert 64 * 1024 * 1024 <= limit <= sealed.MAX_PLAINTEXT
    assert limit == sealed.MAX_PLAINTEXT or limit >= rows * 1024 * 1024
    assert plaintext_limit(None) == plaintext_limit("rows") == 64 * 1024 * 1024


def test_the_fixed_cap_holds_even_when_more_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealed, "MAX_PLAINTEXT", 1024)
    assert plaintext_limit({"participants": 10**6}) == 1024
    with pytest.raises(ValueError, match="more than 1024"):
        gunzip_capped(gzip.compress(b" " * 2048), 10**9)


def test_a_sealed_bomb_is_bad_content(monkeypatch: pytest.MonkeyPatch) -> None:
    identity = x25519.Identity.generate()
    recipient = str(identity.to_public())
    document = {"rows": {"notes": [" " * BOMB_SIZE]}}
    payload, digest = seal(document, recipient)
    assert unseal(payload, [identity], digest) == document  # the real thing opens
    monkeypatch.setattr(sealed, "MAX_PLAINTEXT", 1024 * 1024)
    with pytest.raises(BadContentError):
        unseal(payload, [identity], digest)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_signed_bundle_that_opens_to_too_much_is_refused_as_damaged(
    province: Province,
    office: Office,
    stick: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office.register("مریم", "رضایی", "0499370899")
    import_accepting(province, office.sync.export(stick).path)
    office.register("زهرا", "کریمی", "1234567891")
    genuine = office.sync.export(stick).path

    # The office's own signature over a payload of 4 MiB of spaces (a few KiB on the stick).
    with office.db.read() as session:
        key = load_own_key(session, office.code)
    with province.db.read() as session:
        recipient = load_province_keys(session).recipient
    assert key is not None
    manifest = json.loads(_members(genuine)[MANIFEST])
    for name in ("kind", "format_version", "signer", "payload"):
        manifest.pop(name)
    bomb = pyrage.encrypt(
        gzip.compress(b" " * BOMB_SIZE, mtime=0), [x25519.Recipient.from_str(recipient)]
    )
    crafted = tmp_path / "bomb.hamyar-bundle"
    crafted.write_bytes(pack(BUNDLE, manifest, key, bomb))

    refusals: list[str] = []
    capped = sealed.gunzip_capped

    def recording(compressed: bytes, limit: int | None = None) -> bytes:
        try:
            return capped(compressed, limit)
        except ValueError as error:
            refusals.append(str(error))
            raise

    monkeypatch.setattr(merge, "gunzip_capped", recording)
    monkeypatch.setattr(sealed, "_BASE_ALLOWANCE", 256 * 1024)
    monkeypatch.setattr(sealed, "_ALLOWANCE_PER_ROW", 16 * 1024)

    before = province.state()
    with pytest.raises(DamagedFileError) as refused:
        province.service.import_bundle(crafted)
    assert province.state() == before
    assert refused.value.msgid and str(refused.value)
    assert len(refusals) == 1 and "more than" in refusals[0]

    # The same lowered bound still opens the genuine bundle of two rows' worth of changes.
    province.service.import_bundle(genuine)
    assert province.digest(office.code) == office.digest()
    assert refusals == [refusals[0]]
