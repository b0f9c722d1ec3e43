"""Interval union and clipping: the minutes a participant is credited with."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from vc_sync.intervals import covered_seconds, union

T0 = datetime(2020, 4, 14, 2, 0, tzinfo=UTC)
span = st.tuples(st.integers(-100, 300), st.integers(0, 200)).map(
    lambda t: (T0 + timedelta(minutes=t[0]), T0 + timedelta(minutes=t[0] + t[1]))
)
spans = st.lists(span, max_size=12)
START, END = T0, T0 + timedelta(minutes=150)


@given(spans)
def test_minutes_never_exceed_the_window(ss):
    assert 0 <= covered_seconds(ss, START, END) <= (END - START).total_seconds()


@given(spans, st.randoms())
def test_order_does_not_matter(ss, rnd):
    shuffled = list(ss)
    rnd.shuffle(shuffled)
    assert covered_seconds(ss, START, END) == covered_seconds(shuffled, START, END)
    assert union(ss) == union(shuffled)


@given(spans)
def test_a_second_device_inside_an_existing_span_adds_nothing(ss):
    base = covered_seconds(ss, START, END)
    for a, b in ss:
        inner = (a + (b - a) / 3, b - (b - a) / 3)
        assert covered_seconds([*ss, inner], START, END) == base


@given(spans)
def test_union_is_disjoint_and_sorted(ss):
    merged = union(ss)
    for (a, b), (c, d) in itertools.pairwise(merged):
        assert a < b < c < d


def test_overlap_counted_once():
    a = (T0, T0 + timedelta(minutes=60))
    b = (T0 + timedelta(minutes=30), T0 + timedelta(minutes=90))
    assert covered_seconds([a, b], START, END) == 90 * 60


@given(span, st.sampled_from([list, tuple, iter]))
def test_one_span_is_the_general_sum_exactly(s, kind):
    """The one-connection shortcut gives the very float (or int 0) the union would."""
    from vc_sync.intervals import clip

    general = sum((b - a).total_seconds() for a, b in union(clip([s], START, END)))
    found = covered_seconds(kind([s]), START, END)
    assert found == general and type(found) is type(general)
