"""Why a bundle, receipt or enrolment file was refused. Every refusal leaves the database as it
was; the message (an ``N_`` msgid, Persian when shown) says what is wrong and what to do."""

from __future__ import annotations

from desktop.domain.errors import DomainError


class SyncError(DomainError):
    """A sync file was refused or a sync step cannot run."""


class DamagedFileError(SyncError):
    """The file is truncated, altered or not a Hamyar file at all."""


class SignatureError(SyncError):
    """The signature does not match the key it must match."""


class KeyNotPinnedError(SyncError):
    """The first bundle of an office: its key must be confirmed before it is pinned.

    ``fingerprint`` is the key's fingerprint, to be read out and compared with the office.
    """

    def __init__(self, msgid: str, /, *, fingerprint: str, code: str) -> None:
        super().__init__(msgid, fingerprint=fingerprint, code=code)
        self.fingerprint = fingerprint


class KeyChangedError(SignatureError):
    """A bundle signed with another key than the one pinned for its office.

    Refused by default (it may be forged). When the office really lost its keys and made a new
    one, a person compares ``fingerprint`` with the office (by phone) and imports again
    accepting the new key; ``pinned`` is the fingerprint the province holds now.
    """

    def __init__(self, msgid: str, /, *, fingerprint: str, pinned: str, code: str) -> None:
        super().__init__(msgid, fingerprint=fingerprint, pinned=pinned, code=code)
        self.fingerprint = fingerprint
        self.pinned = pinned
        self.code = code


class WrongPeerError(SyncError):
    """The file was made for another province or another office."""


class ReplayError(SyncError):
    """The file was already imported or applied (or an older one arrived after a newer one)."""


class FormatError(SyncError):
    """The file was made by a newer version of Hamyar."""


class NotEnrolledError(SyncError):
    """The office has no province yet, or the province does not know the office."""


class CancelledError(SyncError):
    """The person cancelled a long sync step; nothing was written."""
