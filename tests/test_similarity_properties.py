"""Invariants of the word-by-word name similarity (hypothesis): the shortcuts it takes for
speed (the same words paired first, a floor below which it stops) never change a figure."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vc_sync.matching.similarity import FLOOR_NONE, name_similarity, word_similarity

WORDS = ["budi", "budy", "santoso", "santosa", "sri", "tri", "tari", "dewi", "dwi", "andi", "ani"]
WORDS += ["wahyuni", "wahyudi", "nur", "nru", "muh", "sigit", "sigi", "hamzah", "siti", "sitti", "a"]
GIVEN = frozenset(["budi", "sri", "tri", "tari", "dewi", "andi", "ani", "wahyuni", "wahyudi", "nur"])
names = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(tuple)


def _by_every_pairing(query: tuple[str, ...], name: tuple[str, ...], given: frozenset[str]) -> float:
    """The pairing as first written: every pair scored, the best taken greedily."""
    pairs = sorted(
        (
            (min(s, 0.7) if (s := word_similarity(q, n)) < 1.0 and len(q) >= 5 and q in given else s, qi, ni)
            for qi, q in enumerate(query)
            for ni, n in enumerate(name)
        ),
        reverse=True,
    )
    used_q, used_n, worst, slips = set(), set(), 1.0, []
    for score, qi, ni in pairs:
        if qi in used_q or ni in used_n:
            continue
        used_q.add(qi)
        used_n.add(ni)
        worst = min(worst, score)
        if score < 1.0:
            slips.append((query[qi], name[ni]))
    return worst, slips


@settings(max_examples=400, deadline=None)
@given(names, names, st.booleans())
def test_the_same_words_paired_first_give_the_greedy_pairing_s_weakest_word(query, name, with_given):
    if len(query) != len(name) or sorted(query) == sorted(name):
        return
    given_names = GIVEN if with_given else frozenset()
    worst, slips = _by_every_pairing(query, name, given_names)
    got = name_similarity(query, name, frozenset(WORDS), given_names)
    if len(query) > 1 and len(slips) == 1:
        assert got >= worst  # a lone slip in a short word may be lifted to one slip
    else:
        assert got == worst


@settings(max_examples=400, deadline=None)
@given(names, names, st.sampled_from([0.5, 0.7, 0.85]))
def test_a_floor_changes_nothing_at_or_above_it(query, name, floor):
    whole = name_similarity(query, name, frozenset(), GIVEN, FLOOR_NONE)
    cut = name_similarity(query, name, frozenset(), GIVEN, floor)
    assert cut == whole if whole >= floor else cut < floor
