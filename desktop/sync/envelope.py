"""The container of every sync file: a ZIP holding a signed manifest and an optional payload.

``manifest.json`` is canonical JSON; ``manifest.sig`` is the Ed25519 signature (URL-safe
base64) over ``<kind> NUL <manifest bytes>``; ``payload.age`` (bundles and receipts) is an age
file whose SHA-256 and size are in the manifest, so the one signature covers the payload too.
Nothing that names or identifies a person is ever in the manifest: it travels in the payload,
encrypted to the one who reads it. Members are
stored uncompressed with fixed timestamps; ZIP's CRC-32 catches most damage before anything else
is tried. See ``docs/bundle-format.md``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from desktop.crypto.signing import SigningKey, b64decode, b64encode, verify
from desktop.domain.errors import N_
from desktop.fileio import SHARED, atomic_output
from desktop.sync.errors import DamagedFileError, FormatError, SyncError
from desktop.sync.rows import canonical_json, sha256_hex

# 2: receipts are encrypted to the office; bundles carry the office's age recipient.
FORMAT_VERSION = 2
BUNDLE = "hamyar-bundle"
RECEIPT = "hamyar-receipt"
ENROLMENT = "hamyar-enrolment"
# Older formats that are refused: format-1 receipts carried people's data in plain form.
OLDEST_READABLE = {RECEIPT: 2}
KIND_NAMES = {
    BUNDLE: N_("a data bundle"),
    RECEIPT: N_("a receipt"),
    ENROLMENT: N_("an enrolment file"),
}

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PAYLOAD = "payload.age"
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# A manifest is a few kilobytes; anything far larger is not ours.
_MAX_MANIFEST = 4 * 1024 * 1024


def signed_message(kind: str, manifest_bytes: bytes) -> bytes:
    return kind.encode("ascii") + b"\x00" + manifest_bytes


@dataclass(frozen=True)
class SignedFile:
    kind: str
    manifest: dict[str, Any]
    manifest_bytes: bytes
    signature: bytes
    payload: bytes | None

    @property
    def signer_key(self) -> bytes:
        try:
            return b64decode(str(self.manifest["signer"]["public_key"]))
        except (KeyError, TypeError, ValueError):
            raise DamagedFileError(N_("The file's signer is not recorded correctly.")) from None

    def signed_by(self, public_key: bytes) -> bool:
        return verify(public_key, self.signature, signed_message(self.kind, self.manifest_bytes))

    def payload_intact(self) -> bool:
        if self.payload is None:
            return False
        described = self.manifest.get("payload") or {}
        return described.get("size") == len(self.payload) and described.get("sha256") == sha256_hex(
            self.payload
        )


def _member(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_FIXED_TIME)
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def pack(
    kind: str,
    manifest: dict[str, Any],
    key: SigningKey,
    payload: bytes | None = None,
    *,
    format_version: int | None = None,
) -> bytes:
    """The file's bytes: ``manifest`` (with signer and payload description added) signed.

    ``format_version`` is for tests that need a file of another format.
    """
    body = dict(manifest)
    body["kind"] = kind
    body["format_version"] = FORMAT_VERSION if format_version is None else format_version
    body["signer"] = {"public_key": key.public_b64, "fingerprint": key.fingerprint}
    if payload is not None:
        body["payload"] = {"sha256": sha256_hex(payload), "size": len(payload)}
    manifest_bytes = canonical_json(body)
    signature = key.sign(signed_message(kind, manifest_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        _member(archive, MANIFEST, manifest_bytes)
        _member(archive, SIGNATURE, b64encode(signature).encode("ascii"))
        if payload is not None:
            _member(archive, PAYLOAD, payload)
    return buffer.getvalue()


def unpack(data: bytes, expected_kind: str) -> SignedFile:
    """Parse a sync file; refuses damaged files, other kinds and newer formats.

    The signature is *not* checked here: the caller knows which key it must match.
    """
    damaged = DamagedFileError(
        N_(
            "The file is damaged or incomplete (perhaps the USB stick was pulled out while it "
            "was being written). Copy it again from the computer that made it."
        )
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if MANIFEST not in names or SIGNATURE not in names:
                raise damaged
            if archive.getinfo(MANIFEST).file_size > _MAX_MANIFEST:
                raise damaged
            # Our members are stored, never compressed, so none is larger than the file: a
            # compressed member (a zip bomb can declare gigabytes) is not ours and is never
            # inflated.
            for name in names & {MANIFEST, SIGNATURE, PAYLOAD}:
                info = archive.getinfo(name)
                if info.compress_type != zipfile.ZIP_STORED or info.file_size > len(data):
                    raise damaged
            manifest_bytes = archive.read(MANIFEST)
            signature_text = archive.read(SIGNATURE).decode("ascii")
            payload = archive.read(PAYLOAD) if PAYLOAD in names else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, UnicodeError, KeyError):
        raise damaged from None
    except ValueError:
        raise damaged from None
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        signature = b64decode(signature_text)
    except (UnicodeError, ValueError):
        raise damaged from None
    if not isinstance(manifest, dict):
        raise damaged
    kind = manifest.get("kind")
    if kind != expected_kind:
        if kind in KIND_NAMES:
            raise SyncError(
                N_("This file is {actual}, not {expected}."),
                actual=KIND_NAMES[str(kind)],
                expected=KIND_NAMES[expected_kind],
            )
        raise damaged
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise damaged
    if version > FORMAT_VERSION:
        raise FormatError(
            N_(
                "This file was made by a newer version of Hamyar (format {version}; this "
                "version reads format {supported}). Update Hamyar on this computer first."
            ),
            version=version,
            supported=FORMAT_VERSION,
        )
    if version < OLDEST_READABLE.get(str(kind), 1):
        raise FormatError(
            N_(
                "This receipt was made by an older version of Hamyar, which did not encrypt "
                "receipts; to protect the people named in it, it is not read. Ask the province "
                "to update Hamyar and write a new receipt."
            )
        )
    return SignedFile(kind, manifest, manifest_bytes, signature, payload)


def read_file(path: Path, expected_kind: str) -> SignedFile:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SyncError(N_("The file {path} does not exist."), path=str(path)) from None
    except OSError as error:
        raise SyncError(
            N_("The file {path} cannot be read: {reason}"), path=str(path), reason=str(error)
        ) from None
    return unpack(data, expected_kind)


def _write_chunk(handle: BinaryIO, chunk: bytes) -> None:
    handle.write(chunk)


def write_atomically(
    path: Path,
    data: bytes,
    *,
    chunk_size: int = 1 << 20,
    on_progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write ``data`` to ``path`` through :func:`desktop.fileio.atomic_output`, in chunks so
    progress can be shown.

    Until it is complete the file has a hidden ``.partial`` name, so a failure at any point (a
    pulled stick) leaves no file under the real name; the temporary file is removed when the
    medium still allows it.
    """
    with atomic_output(path, mode=SHARED, temp_suffix=".partial") as handle:
        for start in range(0, len(data), chunk_size):
            _write_chunk(handle, data[start : start + chunk_size])
            if on_progress is not None:
                on_progress(min(start + chunk_size, len(data)), len(data))
