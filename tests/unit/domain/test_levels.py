"""Skill level scale and weighted rubric levels."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.errors import ValidationError
from desktop.domain.levels import (
    LEVEL_MAX,
    LEVEL_MIN,
    LEVEL_NAMES,
    validate_level,
    weighted_level,
)

levels = st.integers(min_value=LEVEL_MIN, max_value=LEVEL_MAX)


def test_scale() -> None:
    assert (LEVEL_MIN, LEVEL_MAX) == (1, 5)
    assert sorted(LEVEL_NAMES) == list(range(LEVEL_MIN, LEVEL_MAX + 1))
    assert LEVEL_NAMES[1] == "Beginner" and LEVEL_NAMES[5] == "Master"
    assert LEVEL_NAMES[3] == "Intermediate"


@pytest.mark.parametrize("level", [1, 3, 5])
def test_validate_level_accepts(level: int) -> None:
    assert validate_level(level) == level


@pytest.mark.parametrize("level", [0, 6, -1, True])
def test_validate_level_rejects(level: int) -> None:
    with pytest.raises(ValidationError) as info:
        validate_level(level)
    assert info.value.field == "level"
    assert info.value.msgid == "The level must be between {min} and {max}."
    assert info.value.params == {"min": 1, "max": 5}


def test_validate_level_field_can_be_named() -> None:
    with pytest.raises(ValidationError) as info:
        validate_level(9, field="min_level")
    assert info.value.field == "min_level"


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    [
        ({"a": 3}, {"a": 1}, 3),
        ({"a": 2, "b": 3}, {"a": 1, "b": 1}, 3),  # 2.5 rounds half up
        ({"a": 2, "b": 3}, {"a": 0.1, "b": 0.1}, 3),  # … also with float weights
        ({"a": 2, "b": 3}, {"a": 0.3, "b": 0.1}, 2),  # 2.25
        ({"a": 1, "b": 5}, {"a": 3, "b": 1}, 2),  # 2.0
        ({"a": 1, "b": 4}, {"a": 0.7, "b": 0.3}, 2),  # 1.9
        ({"a": 4, "b": 5, "c": 1}, {"a": 2, "b": 2}, 5),  # 4.5; c not weighted, not counted
        ({"a": 1, "b": 2, "c": 2}, {"a": 0.2, "b": 0.2, "c": 0.1}, 2),  # 1.6
    ],
)
def test_weighted_level(scores: dict[str, int], weights: dict[str, float], expected: int) -> None:
    assert weighted_level(scores, weights) == expected


def test_unscored_criterion_is_named() -> None:
    with pytest.raises(ValidationError) as info:
        weighted_level({"a": 3}, {"a": 1, "knots": 2})
    assert info.value.params == {"criterion": "knots"}
    assert "{criterion}" in info.value.msgid


@pytest.mark.parametrize("weight", [0, -1, float("nan"), float("inf")])
def test_weights_must_be_positive(weight: float) -> None:
    with pytest.raises(ValidationError) as info:
        weighted_level({"a": 3, "b": 3}, {"a": 1, "b": weight})
    assert info.value.field == "weights"
    assert info.value.params == {"criterion": "b"}


@pytest.mark.parametrize("score", [0, 6])
def test_scores_must_be_levels(score: int) -> None:
    with pytest.raises(ValidationError) as info:
        weighted_level({"a": 3, "b": score}, {"a": 1, "b": 1})
    assert info.value.field == "scores"
    assert info.value.params["criterion"] == "b"


def test_empty_rubric_is_rejected() -> None:
    with pytest.raises(ValidationError):
        weighted_level({"a": 3}, {})


rubrics = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=3),
    st.tuples(levels, st.integers(min_value=1, max_value=10)),
    min_size=1,
    max_size=6,
)


@given(rubrics)
def test_weighted_level_matches_exact_round_half_up(rubric: dict[str, tuple[int, int]]) -> None:
    scores = {code: s for code, (s, _) in rubric.items()}
    weights = {code: w for code, (_, w) in rubric.items()}
    mean = Fraction(sum(s * w for s, w in rubric.values()), sum(weights.values()))
    level = weighted_level(scores, weights)
    assert level == math.floor(mean + Fraction(1, 2))
    assert min(scores.values()) <= level <= max(scores.values())
    assert abs(level - mean) <= Fraction(1, 2)


@given(rubrics, st.integers(min_value=2, max_value=7))
def test_scaling_weights_does_not_change_the_level(
    rubric: dict[str, tuple[int, int]], factor: int
) -> None:
    scores = {code: s for code, (s, _) in rubric.items()}
    weights = {code: w for code, (_, w) in rubric.items()}
    scaled = {code: w * factor for code, w in weights.items()}
    assert weighted_level(scores, scaled) == weighted_level(scores, weights)
