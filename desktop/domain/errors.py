"""Domain errors that carry a translatable message.

The domain layer imports nothing of ours, so it cannot call the i18n module directly. Messages are
English msgids marked with ``N_`` (extracted by Babel); the i18n module installs a renderer that
translates the msgid and formats its parameters (Persian digits in Persian) when the message is
shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark a string for translation without translating it now."""
    return message


Renderer = Callable[[str, Mapping[str, object]], str]


def _plain_render(msgid: str, params: Mapping[str, object]) -> str:
    return msgid.format(**params) if params else msgid


_renderer: Renderer = _plain_render


def set_renderer(renderer: Renderer | None) -> None:
    """Install the function that turns (msgid, params) into the text a person reads."""
    global _renderer
    _renderer = renderer or _plain_render


def render(msgid: str, params: Mapping[str, object] | None = None) -> str:
    return _renderer(msgid, params or {})


class DomainError(Exception):
    """A rule was broken. ``msgid`` is the English source text; ``str(err)`` is translated."""

    def __init__(self, msgid: str, /, *, field: str | None = None, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.field = field
        self.params: dict[str, object] = params

    @property
    def message(self) -> str:
        return render(self.msgid, self.params)

    def __str__(self) -> str:
        return self.message


class ValidationError(DomainError):
    """A value is not acceptable. ``field`` names the input it belongs to, when there is one."""


class NotFoundError(DomainError):
    """The record asked for does not exist (or was deleted)."""


class DuplicateError(DomainError):
    """The record would duplicate an existing one; ``existing_id`` names it."""

    def __init__(
        self, msgid: str, /, *, existing_id: str, field: str | None = None, **params: object
    ) -> None:
        super().__init__(msgid, field=field, **params)
        self.existing_id = existing_id


class StateError(DomainError):
    """The action is not allowed in the record's current state (e.g. a full workshop)."""


class ValidationErrors(DomainError):  # noqa: N818 (a bundle of ValidationError)
    """Several validation problems at once (a form or an import row)."""

    def __init__(self, errors: Sequence[ValidationError]) -> None:
        first = errors[0] if errors else None
        # Any: the params' values are opaque here; they never contain "field" (a named argument).
        params: dict[str, Any] = dict(first.params) if first else {}
        super().__init__(first.msgid if first else N_("Invalid input."), **params)
        self.errors: list[ValidationError] = list(errors)

    def __str__(self) -> str:
        return "\n".join(e.message for e in self.errors)
