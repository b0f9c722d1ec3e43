"""The small assignment solver gives scipy's pairs, ties included (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from vc_sync.matching.assignment import SMALL, max_assignment

# scores as the matcher makes them: many equal (ONE_SLIP is 0.9), some rounded ratios, zeros
SCORES = st.sampled_from([0.0, 0.0, 0.75, 0.8, 0.85, 0.8571, 0.8889, 0.9, 0.9, 0.9, 0.9231, 0.95, 0.98, 1.0])


@st.composite
def matrices(draw, values=SCORES):
    rows, cols = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    return [[draw(values) for _ in range(cols)] for _ in range(rows)]


def scipy_pairs(weight):
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True)]


@settings(max_examples=600, deadline=None)
@given(matrices())
def test_same_pairs_as_scipy_with_ties(weight):
    assert len(weight) * len(weight[0]) <= SMALL  # solved in Python, not handed to scipy
    assert max_assignment(weight) == scipy_pairs(weight)


@settings(max_examples=200, deadline=None)
@given(matrices(st.floats(0, 1, allow_nan=False)))
def test_same_pairs_as_scipy_with_any_weights(weight):
    assert max_assignment(weight) == scipy_pairs(weight)


def test_two_claimants_for_one_invitee_and_one_for_two():
    assert max_assignment([[0.9], [0.95]]) == [(1, 0)]
    assert max_assignment([[0.9], [0.9]]) == [(0, 0)]  # a tie: the first row, as scipy
    assert max_assignment([[0.9, 0.9]]) == [(0, 0)]


def test_a_large_matrix_goes_to_scipy_with_the_same_answer():
    weight = [[((r * 7 + c * 3) % 5) / 5 for c in range(210)] for r in range(200)]
    assert len(weight) * len(weight[0]) > SMALL
    assert max_assignment(weight) == scipy_pairs(weight)
