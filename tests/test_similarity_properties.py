"""Invariants of the word-by-word name similarity (hypothesis): the shortcuts it takes for
speed (the same words paired first, a floor below which it stops) never change a figure. The
reference is the function as it stood before them, every pair scored (with the given-name
cap added, as ``similarity.spelt_otherwise`` defines it), written by a hostile review
(``tests/test_hostile_review_12d.py``), on random short words (many near ties, repeats)
and random ``names`` and ``given`` drawn apart."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from vc_sync.matching.similarity import ONE_SLIP, name_similarity, spelt_otherwise, word_similarity


def _reference(query, name, names, given_names):
    """name_similarity as at 14680fc, every pair scored, plus the cap on each pair (after this
    review: both words given names, and a given name as typed is never lifted; and after range
    10501-10520: an initial, or a leading word of two letters, one name has and the other lacks is
    set aside, never glued to the next word, and scores one slip at best)."""
    if not query or not name:
        return 0.0
    if len(query) != len(name):
        # the rule as stated, not the code: an initial (a one-letter word) that one name has and
        # the other lacks is never glued to the next word: a word of one name that is an initial
        # and the next word of the other glued, and a name of its own, is another name (0.7 at
        # most); otherwise the
        # initials are dropped, and the rest scores as ever but one slip (0.9) at most
        def together(words):  # runs of initials written as one word
            out = []
            for k, w in enumerate(words):
                if len(w) == 1 and k and len(words[k - 1]) == 1:
                    out[-1] += w
                else:
                    out.append(w)
            return tuple(out)

        if together(query) == name or together(name) == query:
            return 1.0

        def initials(words):
            return {w for w in words if len(w) == 1}

        if bool(initials(query)) != bool(initials(name)):
            spaced, glued = (name, query) if initials(name) else (query, name)
            joined_words = {spaced[k] + spaced[k + 1] for k in range(len(spaced) - 1) if len(spaced[k]) == 1}
            joined_score = word_similarity("".join(query), "".join(name))
            if any(w in names or w in given_names for w in joined_words & set(glued)):
                return min(joined_score, 0.7)
            bare_q = tuple(w for w in query if len(w) > 1)
            bare_n = tuple(w for w in name if len(w) > 1)
            if bare_q == bare_n:
                return min(joined_score, ONE_SLIP)
            return min(_reference(bare_q, bare_n, names, given_names), ONE_SLIP)
        joined_q, joined_n = "".join(query), "".join(name)
        if OSA.distance(joined_q, joined_n) <= max(1, len(joined_n) // 8):
            # a short first word (Bali's I or Ni) is a word of its own: a change there is no slip
            short_lead = len(query[0]) <= 2 or len(name[0]) <= 2
            if joined_q != joined_n and short_lead:
                return min(word_similarity(joined_q, joined_n), 0.7)
            return word_similarity(joined_q, joined_n)
        return 0.0
    if sorted(query) == sorted(name):
        return 1.0

    def capped(q, n):
        s = word_similarity(q, n)
        return (
            min(s, 0.7) if s < 1.0 and len(q) >= 5 and q in given_names and not spelt_otherwise(q, n) else s
        )

    pairs = sorted(
        ((capped(q, n), qi, ni) for qi, q in enumerate(query) for ni, n in enumerate(name)), reverse=True
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
    if len(query) > 1 and len(slips) == 1 and slips[0][0] not in names and slips[0][0] not in given_names:
        said, meant = slips[0]
        if len(meant) >= 4 and OSA.distance(said, meant) == 1:
            return max(worst, ONE_SLIP)
    lone = len(query) > 2 and len(slips) == 1 and len(slips[0][1]) >= 3 and OSA.distance(*slips[0]) == 1
    if lone and any(q not in given_names for q in query if q != slips[0][0]):
        return max(worst, ONE_SLIP)
    return worst


_word = st.text(alphabet="aiuns", min_size=1, max_size=6)
_name = st.lists(_word, min_size=1, max_size=4).map(tuple)


@settings(max_examples=1500, deadline=None)
@given(_name, _name, st.sets(_word, max_size=6), st.sets(_word, max_size=6))
def test_the_speed_changes_give_exactly_the_old_figure(query, name, names, given_names):
    # names and given drawn apart: the lift of a lone slip can then undo the cap, and both
    # versions must still agree
    assert name_similarity(query, name, names, given_names) == _reference(query, name, names, given_names)


@settings(max_examples=1500, deadline=None)
@given(
    _name, _name, st.sets(_word, max_size=6), st.sets(_word, max_size=6), st.sampled_from([0.5, 0.7, 0.85])
)
def test_a_floor_never_hides_a_figure_at_or_above_it(query, name, names, given_names, floor):
    whole = _reference(query, name, names, given_names)
    cut = name_similarity(query, name, names, given_names, floor)
    assert cut == whole if whole >= floor else cut < floor


def test_name_similarity_keeps_its_own_promise_about_given_names():
    # API CONTRACT, NOT LIVE: the docstring says a long word typed that is a common given name
    # is that name, not a slip of another. Called with `given` but a `names` that omits it, the
    # lift of a lone slip (meant for short words: 'yli'/'yuli') lifts the capped 0.7 back to
    # 0.9. rules.py is safe only because index.name_words happens to include given_names; the
    # next caller of the public function will not know.
    # (after this review the cap needs both words given names: both are passed)
    got = name_similarity(
        ("wahyudi", "santoso"), ("wahyuni", "santoso"), frozenset(), frozenset({"wahyudi", "wahyuni"})
    )
    assert got <= 0.7


def test_a_floor_above_a_short_slip_hides_the_lifted_figure():
    # The full suite's own the first floor property test
    # fails intermittently with this (hypothesis finds it on some runs). 'budi budi' / 'budi
    # budy': the lone short slip scores 0.8 and is lifted to 0.9, but a floor of 0.85 stops at
    # the 0.8 first and answers 0.0. NOT LIVE today: rules.py uses FLOOR = 0.5 and no lone slip
    # that can be lifted scores under 0.7. It breaks the first time someone raises FLOOR (or
    # passes fuzzy_accept as the floor) - the 'never changes a result' promise is false.
    query, name = ("budi", "budi"), ("budi", "budy")
    whole = name_similarity(query, name, frozenset(), frozenset())
    assert whole >= 0.85
    assert name_similarity(query, name, frozenset(), frozenset(), 0.85) == whole
