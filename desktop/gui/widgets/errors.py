"""A service's refusal shown where it belongs: each problem under its own field, the rest (and
any other error) in the dialog's message line."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtWidgets import QLabel

from desktop.domain.errors import DomainError, ValidationError, ValidationErrors
from desktop.gui.style import set_message


def field_problems(error: Exception) -> list[ValidationError] | None:
    """The field problems a validation refusal carries; None for any other error."""
    if isinstance(error, ValidationErrors):
        return list(error.errors)
    if isinstance(error, ValidationError):
        return [error]
    return None


def show_field_errors(
    problems: Sequence[ValidationError],
    labels: Mapping[str, QLabel],
    general: QLabel,
    *,
    slot: Callable[[str | None], str] | None = None,
) -> None:
    """Each problem under the label of its field (``slot`` names the label of a field when they
    differ); those with no label of their own, one a line, in ``general``."""
    leftovers = []
    for problem in problems:
        label = labels.get(slot(problem.field) if slot else problem.field or "")
        if label is None:
            leftovers.append(problem.message)
        else:
            set_message(label, problem.message)
    set_message(general, "\n".join(leftovers))


def show_failure(
    error: Exception,
    labels: Mapping[str, QLabel],
    general: QLabel,
    unexpected: str,
    *,
    slot: Callable[[str | None], str] | None = None,
) -> None:
    """Validation problems by their fields, another refusal's own message, or ``unexpected``
    (a sentence with ``{error}``) for anything the services did not foresee."""
    problems = field_problems(error)
    if problems is not None:
        show_field_errors(problems, labels, general, slot=slot)
    elif isinstance(error, DomainError):
        set_message(general, error.message)
    else:
        set_message(general, unexpected.format(error=error))


__all__ = ["field_problems", "show_failure", "show_field_errors"]
