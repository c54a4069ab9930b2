"""Properties of the weighted overall level that the assessment dialog and the service rely on:
it stays on the scale, and raising any one criterion's score never lowers it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desktop.domain.levels import LEVEL_MAX, LEVEL_MIN, weighted_level

levels = st.integers(min_value=LEVEL_MIN, max_value=LEVEL_MAX)
# Weights as the taxonomy writes them (whole numbers) and as a province might (decimals).
weights = st.one_of(
    st.integers(min_value=1, max_value=10),
    st.decimals(min_value="0.1", max_value="10", places=2).map(float),
)
rubrics = st.dictionaries(
    st.text(alphabet="ABCDEFGH_", min_size=1, max_size=4),
    st.tuples(levels, weights),
    min_size=1,
    max_size=8,
)


def split(rubric: dict[str, tuple[int, float]]) -> tuple[dict[str, int], dict[str, float]]:
    return {c: s for c, (s, _) in rubric.items()}, {c: w for c, (_, w) in rubric.items()}


@given(rubrics)
def test_the_level_is_on_the_scale(rubric: dict[str, tuple[int, float]]) -> None:
    scores, weight_of = split(rubric)
    assert LEVEL_MIN <= weighted_level(scores, weight_of) <= LEVEL_MAX


@given(rubrics, st.data())
def test_raising_one_score_never_lowers_the_level(
    rubric: dict[str, tuple[int, float]], data: st.DataObject
) -> None:
    scores, weight_of = split(rubric)
    criterion = data.draw(st.sampled_from(sorted(scores)))
    higher = data.draw(st.integers(min_value=scores[criterion], max_value=LEVEL_MAX))
    raised = {**scores, criterion: higher}
    assert weighted_level(raised, weight_of) >= weighted_level(scores, weight_of)


@given(rubrics)
def test_every_score_at_one_level_gives_that_level(rubric: dict[str, tuple[int, float]]) -> None:
    _scores, weight_of = split(rubric)
    for level in range(LEVEL_MIN, LEVEL_MAX + 1):
        assert weighted_level(dict.fromkeys(weight_of, level), weight_of) == level
