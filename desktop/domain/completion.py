"""Workshop completion rule: who has earned a certificate (گواهی پایان دوره).

A rule asks for a minimum share of held sessions attended, a minimum final assessment level, or
both. :func:`evaluate` says whether a participant completed and, if not, why, as translatable
(msgid, params) pairs the GUI and the certificate service can show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from desktop.domain.errors import N_, ValidationError
from desktop.domain.levels import validate_level

Reason = tuple[str, dict[str, object]]


def _exact(share: float) -> Fraction:
    # The decimal the person typed (0.7, not its binary approximation): 7 of 10 meets 70%.
    return Fraction(share) if isinstance(share, int) else Fraction(repr(share))


@dataclass(frozen=True)
class CompletionRule:
    """``min_attendance_share`` in (0, 1] (0.8 = 80% of held sessions); ``min_level`` on the
    level scale. At least one must be given."""

    min_attendance_share: float | None = None
    min_level: int | None = None

    def __post_init__(self) -> None:
        share = self.min_attendance_share
        if share is None and self.min_level is None:
            raise ValidationError(
                N_("A completion rule needs a minimum attendance share, a minimum level, or both."),
                field="completion_rule",
            )
        if share is not None and (
            isinstance(share, bool) or not math.isfinite(share) or not 0 < share <= 1
        ):
            raise ValidationError(
                N_("The minimum attendance must be more than 0% and at most 100%."),
                field="min_attendance_share",
            )
        if self.min_level is not None:
            validate_level(self.min_level, field="min_level")


@dataclass(frozen=True)
class AttendanceTally:
    """A participant's attendance over a workshop's held sessions.

    Sessions held but not (yet) marked count as not attended, so the marks may add up to less
    than ``held`` but never to more.
    """

    held: int
    present: int
    late: int
    excused: int
    absent: int

    def __post_init__(self) -> None:
        counts = (self.held, self.present, self.late, self.excused, self.absent)
        if any(c < 0 for c in counts) or sum(counts[1:]) > self.held:
            raise ValidationError(
                N_("Attendance counts must not be negative or exceed the sessions held."),
                field="attendance",
            )

    @property
    def attended(self) -> int:
        """Sessions attended: present or late (a late arrival still took part)."""
        return self.present + self.late

    @property
    def share(self) -> float:
        """Attended / held; 0.0 when no session has been held."""
        return self.attended / self.held if self.held else 0.0


@dataclass(frozen=True)
class CompletionResult:
    """``completed`` and, when not, one (msgid, params) reason per unmet criterion."""

    completed: bool
    reasons: tuple[Reason, ...]


def evaluate(
    rule: CompletionRule, tally: AttendanceTally, final_level: int | None
) -> CompletionResult:
    """Apply ``rule`` to a participant's attendance and final assessment level.

    Attended = present + late. Excused absences count as not attended: an excuse explains an
    absence but does not replace the training missed. Shares are compared exactly; in messages
    they are whole percentages, the actual share rounded down and the requirement rounded up, so a
    message never claims e.g. "80% is below the required 80%".
    """
    reasons: list[Reason] = []
    if rule.min_attendance_share is not None:
        required = _exact(rule.min_attendance_share)
        actual = Fraction(tally.attended, tally.held) if tally.held else Fraction(0)
        if actual < required:
            reasons.append(
                (
                    N_("Attendance {share}% is below the required {required}%."),
                    {"share": math.floor(actual * 100), "required": math.ceil(required * 100)},
                )
            )
    if rule.min_level is not None:
        if final_level is None:
            reasons.append(
                (
                    N_("No final assessment level recorded; {required} is required."),
                    {"required": rule.min_level},
                )
            )
        elif validate_level(final_level, field="final_level") < rule.min_level:
            reasons.append(
                (
                    N_("Final level {level} is below the required {required}."),
                    {"level": final_level, "required": rule.min_level},
                )
            )
    return CompletionResult(completed=not reasons, reasons=tuple(reasons))
