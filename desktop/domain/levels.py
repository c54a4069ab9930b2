"""The skill level scale used by assessments, rubrics and completion rules."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Final

from desktop.domain.errors import N_, ValidationError

LEVEL_MIN: Final = 1
LEVEL_MAX: Final = 5

LEVEL_NAMES: Final[dict[int, str]] = {
    1: N_("Beginner"),
    2: N_("Elementary"),
    3: N_("Intermediate"),
    4: N_("Skilled"),
    5: N_("Master"),
}


def _is_level(value: object) -> bool:
    # bool is an int subclass; True must not pass as level 1.
    return (
        isinstance(value, int) and not isinstance(value, bool) and LEVEL_MIN <= value <= LEVEL_MAX
    )


def validate_level(level: int, *, field: str = "level") -> int:
    """Return ``level`` if it is on the scale, else raise ``ValidationError``."""
    if not _is_level(level):
        raise ValidationError(
            N_("The level must be between {min} and {max}."),
            field=field,
            min=LEVEL_MIN,
            max=LEVEL_MAX,
        )
    return level


def _exact(weight: float) -> Fraction:
    # repr() is the decimal the person typed (0.1, not its binary approximation), so a mean of
    # exactly x.5 rounds up as promised instead of depending on float error.
    return Fraction(weight) if isinstance(weight, int) else Fraction(repr(weight))


def weighted_level(scores: Mapping[str, int], weights: Mapping[str, float]) -> int:
    """Weighted mean of rubric criterion scores, rounded half up to a level.

    ``weights`` defines the rubric: every weighted criterion must be scored and every weight must
    be positive. Scores of criteria without a weight are validated but do not count.
    """
    if not weights:
        raise ValidationError(
            N_("The rubric has no weighted criteria to compute a level from."), field="weights"
        )
    for code, score in scores.items():
        if not _is_level(score):
            raise ValidationError(
                N_("The score for criterion {criterion} must be between {min} and {max}."),
                field="scores",
                criterion=code,
                min=LEVEL_MIN,
                max=LEVEL_MAX,
            )
    total = Fraction(0)
    weight_sum = Fraction(0)
    for code, weight in weights.items():
        if isinstance(weight, bool) or not math.isfinite(weight) or weight <= 0:
            raise ValidationError(
                N_("The weight of criterion {criterion} must be a positive number."),
                field="weights",
                criterion=code,
            )
        if code not in scores:
            raise ValidationError(
                N_("Criterion {criterion} has no score."), field="scores", criterion=code
            )
        w = _exact(weight)
        total += w * scores[code]
        weight_sum += w
    # Round half up: floor(mean + 1/2). The mean of in-range scores is itself in range.
    return math.floor(total / weight_sum + Fraction(1, 2))
