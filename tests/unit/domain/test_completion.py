"""Workshop completion rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.completion import AttendanceTally, CompletionRule, evaluate
from desktop.domain.errors import ValidationError

ATTENDANCE = "Attendance {share}% is below the required {required}%."
NO_LEVEL = "No final assessment level recorded; {required} is required."
LOW_LEVEL = "Final level {level} is below the required {required}."


def tally(
    held: int, present: int, late: int = 0, excused: int = 0, absent: int = 0
) -> AttendanceTally:
    return AttendanceTally(held=held, present=present, late=late, excused=excused, absent=absent)


def test_rule_needs_a_criterion() -> None:
    with pytest.raises(ValidationError) as info:
        CompletionRule()
    assert info.value.msgid.startswith("A completion rule needs")


@pytest.mark.parametrize("share", [0.0, -0.1, 1.01, float("nan")])
def test_rule_share_range(share: float) -> None:
    with pytest.raises(ValidationError) as info:
        CompletionRule(min_attendance_share=share)
    assert info.value.field == "min_attendance_share"


@pytest.mark.parametrize("level", [0, 6])
def test_rule_level_range(level: int) -> None:
    with pytest.raises(ValidationError) as info:
        CompletionRule(min_level=level)
    assert info.value.field == "min_level"


def test_valid_rules() -> None:
    assert CompletionRule(min_attendance_share=1.0).min_level is None
    assert CompletionRule(min_level=3).min_attendance_share is None
    assert CompletionRule(0.75, 2) == CompletionRule(min_attendance_share=0.75, min_level=2)


def test_tally_counts() -> None:
    t = tally(10, present=6, late=2, excused=1, absent=1)
    assert t.attended == 8
    assert t.share == 0.8
    assert tally(0, 0).share == 0.0
    assert tally(10, 3).share == 0.3  # unmarked sessions count as not attended


@pytest.mark.parametrize(
    "counts", [(-1, 0, 0, 0, 0), (5, -1, 0, 0, 0), (5, 3, 1, 1, 1), (0, 1, 0, 0, 0)]
)
def test_tally_rejects_impossible_counts(counts: tuple[int, int, int, int, int]) -> None:
    with pytest.raises(ValidationError):
        AttendanceTally(*counts)


def test_late_counts_as_attended_and_excused_does_not() -> None:
    rule = CompletionRule(min_attendance_share=0.8)
    assert evaluate(rule, tally(10, present=6, late=2, excused=2), None).completed
    result = evaluate(rule, tally(10, present=6, late=1, excused=3), None)
    assert not result.completed
    assert result.reasons == ((ATTENDANCE, {"share": 70, "required": 80}),)


def test_exact_threshold_is_met() -> None:
    # 7/10 against 0.7 and 2/3 against 0.6667-ish: compared exactly, not through float error.
    assert evaluate(CompletionRule(0.7), tally(10, 7), None).completed
    assert evaluate(CompletionRule(0.3), tally(10, 3), None).completed
    assert not evaluate(CompletionRule(0.7), tally(10, 6, absent=4), None).completed


def test_percentages_never_contradict() -> None:
    # 2 of 3 = 66.67% against 66.7%: shown as 66% below 67%, not 67% below 67%.
    result = evaluate(CompletionRule(0.667), tally(3, 2), None)
    assert result.reasons == ((ATTENDANCE, {"share": 66, "required": 67}),)


def test_no_sessions_held() -> None:
    result = evaluate(CompletionRule(0.5), tally(0, 0), None)
    assert result.reasons == ((ATTENDANCE, {"share": 0, "required": 50}),)


def test_level_criterion() -> None:
    rule = CompletionRule(min_level=3)
    assert evaluate(rule, tally(0, 0), 3).completed
    assert evaluate(rule, tally(0, 0), 5).completed
    assert evaluate(rule, tally(0, 0), 2).reasons == ((LOW_LEVEL, {"level": 2, "required": 3}),)
    assert evaluate(rule, tally(0, 0), None).reasons == ((NO_LEVEL, {"required": 3}),)
    with pytest.raises(ValidationError):
        evaluate(rule, tally(0, 0), 7)


def test_both_criteria_report_every_failure() -> None:
    rule = CompletionRule(min_attendance_share=0.75, min_level=3)
    result = evaluate(rule, tally(8, present=5, absent=3), 2)
    assert not result.completed
    assert [msgid for msgid, _ in result.reasons] == [ATTENDANCE, LOW_LEVEL]
    assert result.reasons[0][1] == {"share": 62, "required": 75}
    assert evaluate(rule, tally(8, present=6, absent=2), 3).completed


rules = (
    st.tuples(
        st.one_of(st.none(), st.integers(min_value=1, max_value=100).map(lambda p: p / 100)),
        st.one_of(st.none(), st.integers(min_value=1, max_value=5)),
    )
    .filter(lambda args: args != (None, None))
    .map(lambda args: CompletionRule(*args))
)


@st.composite
def tallies(draw: st.DrawFn) -> AttendanceTally:
    held = draw(st.integers(min_value=0, max_value=40))
    present = draw(st.integers(min_value=0, max_value=held))
    late = draw(st.integers(min_value=0, max_value=held - present))
    excused = draw(st.integers(min_value=0, max_value=held - present - late))
    absent = draw(st.integers(min_value=0, max_value=held - present - late - excused))
    return AttendanceTally(held, present, late, excused, absent)


final_levels = st.one_of(st.none(), st.integers(min_value=1, max_value=5))


@given(rules, tallies(), final_levels)
def test_completed_iff_no_reasons(
    rule: CompletionRule, t: AttendanceTally, level: int | None
) -> None:
    result = evaluate(rule, t, level)
    assert result.completed == (not result.reasons)
    assert len(result.reasons) <= 2
    expected_attendance = rule.min_attendance_share is None or (
        t.held > 0 and t.attended * 100 >= round(rule.min_attendance_share * 100) * t.held
    )
    expected_level = rule.min_level is None or (level is not None and level >= rule.min_level)
    assert result.completed == (expected_attendance and expected_level)
    for msgid, params in result.reasons:
        if msgid == ATTENDANCE:
            assert isinstance(params["share"], int) and isinstance(params["required"], int)
            assert params["share"] < params["required"]


@given(rules, tallies(), final_levels, st.data())
def test_more_attendance_never_undoes_completion(
    rule: CompletionRule, t: AttendanceTally, level: int | None, data: st.DataObject
) -> None:
    """Turning absences, excuses or unmarked sessions into attendance keeps a pass a pass."""
    not_attended = t.held - t.attended
    extra = data.draw(st.integers(min_value=0, max_value=not_attended))
    from_absent = min(extra, t.absent)
    from_excused = min(extra - from_absent, t.excused)
    more = AttendanceTally(
        held=t.held,
        present=t.present + extra,
        late=t.late,
        excused=t.excused - from_excused,
        absent=t.absent - from_absent,
    )
    before = evaluate(rule, t, level)
    after = evaluate(rule, more, level)
    if before.completed:
        assert after.completed
    assert len(after.reasons) <= len(before.reasons)


@given(rules, tallies(), st.integers(min_value=1, max_value=4))
def test_higher_level_never_undoes_completion(
    rule: CompletionRule, t: AttendanceTally, level: int
) -> None:
    if evaluate(rule, t, level).completed:
        assert evaluate(rule, t, level + 1).completed
    if evaluate(rule, t, None).completed:
        assert evaluate(rule, t, level).completed
