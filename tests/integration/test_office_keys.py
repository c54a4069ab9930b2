"""The office signing key: created at setup, owner-only on disk, public half in the keyring."""

from __future__ import annotations

import os
import stat

import pytest

from desktop.crypto.signing import SigningKey, b64decode, fingerprint, verify
from desktop.domain.errors import StateError
from desktop.services.base import Actor
from desktop.services.office_keys import (
    ensure_own_key,
    known_keys,
    load_own_key,
    private_key_path,
)
from desktop.store.engine import Database


def test_setup_creates_a_key_whose_file_only_the_owner_can_read(db: Database, actor: Actor) -> None:
    with db.read() as session:
        key = load_own_key(session, actor.office_code)
        ring = known_keys(session)
    assert key is not None
    assert [(k.office_code, k.public_key, k.source) for k in ring] == [
        (actor.office_code, key.public_bytes, "own")
    ]
    path = private_key_path(actor.office_code, key.fingerprint)
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert verify(ring[0].public_key, key.sign(b"payload"), b"payload")
    assert not verify(ring[0].public_key, key.sign(b"payload"), b"payloaD")


def test_a_database_without_its_key_file_says_so(db: Database, actor: Actor) -> None:
    with db.read() as session:
        key = load_own_key(session, actor.office_code)
        assert key is not None
        private_key_path(actor.office_code, key.fingerprint).unlink()
        with pytest.raises(StateError) as caught:
            load_own_key(session, actor.office_code)
    assert "signing key" in caught.value.msgid


def test_ensure_reuses_the_existing_key(db: Database, actor: Actor) -> None:
    with db.write(office_code=actor.office_code) as session:
        first = ensure_own_key(session, actor.office_code)
        second = ensure_own_key(session, actor.office_code)
    assert first.public_bytes == second.public_bytes


def test_fingerprint_and_base64_round_trip() -> None:
    key = SigningKey.generate()
    assert b64decode(key.public_b64) == key.public_bytes
    assert len(fingerprint(key.public_bytes).replace(" ", "")) == 32
    assert SigningKey.from_pem(key.to_pem()).public_bytes == key.public_bytes
    assert not verify(b"short", b"x" * 64, b"m")
