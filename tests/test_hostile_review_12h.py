"""Hostile review of 0b105c6, the answer to the second review (12g): ``name_similarity`` sets
aside an initial or a leading two-letter word (``_bare``) one name has and the other lacks,
scoring one slip at best, and reads names equal but for spaces as 1.0 unless a glued word is
a known name; ``person_tokens`` keeps a one-letter title after a person word as an initial;
``NameInOrder`` takes no name found right after a one-letter word; the letter rule needs as
many words each side and its winner keeps to that invitee in ``settle._assign`` (``only``);
``initial_of_others`` leaves a claim a question when a typed initial spells out another
invitee's name; the "another invitee one letter away" check is skipped at a score of 1.0;
'rahmad' joins the given names. Cases where these credit the wrong invitee, lose a credit a
careful secretariat would make and the code before made, or read one name two ways. Each
failing test is a finding. SERIOUS: a wrong credit; LOW: a lost credit or an inconsistency,
failing soft. NEW: 0b105c6 made it; OLDER: from b7eff09/425c887 (the rules 12g reviewed),
or before, but inside the rule 0b105c6 touched or against what it claims.

Three patterns run through them. (1) Each guard is keyed on a word's LENGTH, not on what the
word is: every two-letter first word is read as Bali's I/Ni (Sundanese 'Ai', 'Uu' and the
Chinese 'Go' are given names), every one-letter word before a name as an initial (a class
'A', 'Angkatan I', Haji's 'H.' after 'Camat' or 'Kompol'). (2) The glued-name guard is a
list: a roster initial glued into a name not on ``given_names`` ('R. Ani' -> Rani) still reads
as exact, and a 1.0 skips the one-letter rival check. (3) The set-aside and the initial
check each see one shape of the name: reordered words escape the one-slip cap, another
session's invitee escapes the initial check. bench/generator2.py writes none of these shapes:
``python -m bench.accuracy --generator 2 --seeds 1 2 3 4 5`` and ``--seeds 501 502 503`` give
the same figures at 9721d7b and 0b105c6.

After this review (the lead): the one-letter title is read as a title again and a name found
in order after a one-letter word waits only when an invitee's name spells that initial out
(finding 1); the leading two-letter word is no longer set aside (2); a glued name is no
longer 1.0 and never skips the check for an invitee a letter away (4-6); a word that is a
roster initial glued to the next word scores as another name when it is a name of its own
('rani', 'reni', 'nani', 'sutami' joined given_names), else one slip at best (4, 7); the
set-aside scores one slip at best in any word order and the initial check reads any order and
this session from another (8, 10); a short first word differing is no slip (11); the
hypothesis reference states the rule, and the property here holds beside it (9); 'Ny.' before
a name is his wife (3, later, as names.toml's wife_of). DECIDED, a known limit (strict xfail): a
roster initial spelled out in full (12)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.one_session import OTHER, SLEMAN_PTSP, SURAKARTA_BKPSDM, invitee_of, run
from vc_sync.matching.similarity import ONE_SLIP, name_similarity
from vc_sync.model import Invitee

PEKALONGAN = "BKPSDM Kabupaten Pekalongan"
PATI = "Dinas Pariwisata Kabupaten Pati"
DENPASAR = "Dinas Kesehatan Kota Denpasar"
GARUT = "Dinas Kesehatan Kabupaten Garut"


def _one(result):
    (p,) = result.participants
    return p


# --- 1. a one-letter word before a name found in order: the name is lost ----------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        # Haji after an office or rank word the vocabulary lacks: 'h' is now kept as an
        # initial (names.person_tokens), then NameInOrder refuses the name right after it
        ("Bambang Hadi", "Camat H. Bambang Hadi"),
        ("Bambang Hadi", "Kompol H. Bambang Hadi"),
        ("Ahmad Fauzi", "Kyai H. Ahmad Fauzi"),
        ("Ahmad Fauzi", "Ustad H. Ahmad Fauzi"),
        ("Bambang Hadi", "Kec. Mlati - H. Bambang Hadi"),
        # a class, group or batch letter (the spec's 'Region_Unit_Name')
        ("Andi Saputra", "Kelas A - Andi Saputra"),
        ("Andi Saputra", "Angkatan I - Andi Saputra"),
    ],
)
def test_a_one_letter_word_before_the_whole_name_that_is_no_one_s_initial_keeps_the_name(name, shown):
    # LOW (a lost credit, failing soft), NEW, and frequent: 'H.' is on a large share of
    # Indonesian officials' names and a village head, camat, police rank or kyai writes a word
    # before it; Bimtek classes are split A/B. At 9721d7b every one of these was in_order
    # 0.95; now none is even a candidate (the set-aside keeps 'camat'/'kelas' and the joined
    # names are far apart), and with the agency named ('DPMPTSP Sleman - Camat H. Bambang
    # Hadi') it falls to the agency. Fix: NameInOrder's new guard should ask what 12g asked -
    # whether an invitee's name spells the initial out before the run (initial_of_others'
    # test) - not refuse every one-letter word; and keep 'h' as an initial only between two
    # name words (``near_name``), not after any unknown word.
    result = run([Invitee("A", SLEMAN_PTSP, None, name=name)], [(shown, 0, 120)])
    assert invitee_of(result, shown) == "A"


def test_haji_after_an_office_word_with_the_agency_named_is_not_lost_to_the_agency():
    # LOW, NEW: the same, with the agency named: verified at 9721d7b, agency only now.
    shown = "DPMPTSP Sleman - Camat H. Bambang Hadi"
    result = run([Invitee("A", SLEMAN_PTSP, None, name="Bambang Hadi")], [(shown, 0, 120)])
    assert invitee_of(result, shown) == "A"


# --- 2. every two-letter first word is read as Bali's I/Ni -------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ai Siti Rohmah", "Siti Rohmah"),  # Sundanese 'Ai' is her given name
        ("Uu Ruzhanul Ulum", "Ruzhanul Ulum"),  # Sundanese 'Uu'
        ("Go Hendra Wijaya", "Hendra Wijaya"),  # Chinese-Indonesian surname 'Go'
    ],
)
def test_a_two_letter_given_name_is_not_a_prefix_that_may_be_left_off(name, shown):
    # SERIOUS, NEW. _bare drops ANY leading two-letter word, so an invitee whose first name
    # has two letters is credited for a connection that omits it: 'Siti Rohmah' (one of the
    # commonest names in Indonesia, no agency named) is verified as Ai Siti Rohmah at 0.9.
    # The same roster name with a four-letter first word, 'Dewi Siti Rohmah', gets nothing,
    # as all three did at 9721d7b. Only Bali's I and Ni are prefixes a name is written
    # without (gender markers, not names). Fix: read only the listed prefixes as droppable
    # (config/names.toml, e.g. 'i', 'ni'), not every word of two letters.
    result = run([Invitee("A", GARUT, None, name=name)], [(shown, 0, 120)])
    assert invitee_of(result, shown) is None
    dewi = run([Invitee("A", GARUT, None, name="Dewi Siti Rohmah")], [("Siti Rohmah", 0, 120)])
    assert invitee_of(dewi, "Siti Rohmah") is None  # the control: it holds today


@pytest.mark.parametrize(
    "shown", ["Ny. Budi Santoso", "BKPSDM Surakarta - Ny. Budi Santoso", "Nyonya Budi Santoso"]
)
def test_nyonya_before_a_man_s_name_is_his_wife_not_him(shown):
    # SERIOUS, OLDER (NameInOrder takes it, before and after 0b105c6; and the new _bare now
    # makes the fuzzy path agree at 0.9). 'Ny.' (Nyonya) before a man's name is how his wife is
    # written, the usual form in PKK and Dharma Wanita circles: "Ny. Budi Santoso" is Mrs.
    # Budi Santoso. Verified as Budi Santoso, in_order 0.95. Fixed: 'ny'/'nyonya' are data
    # (names.toml's wife_of); the name after them is set aside, as after 'mewakili', so it is
    # the agency's delegate when one is named, and waits for review - never the man.
    result = run([Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso")], [(shown, 0, 120)])
    assert invitee_of(result, shown) is None


@pytest.mark.parametrize(("shown", "meant"), [("Ibu Sri Wahyuni", "B"), ("Nyoman Budi", "C")])
def test_a_form_of_address_and_a_name_starting_ny_are_no_wife_of(shown, meant):
    # the controls: 'Ibu' is an honorific set aside, and Bali's Nyoman is a name, not 'Ny.'
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Sri Wahyuni"),
        Invitee("C", SURAKARTA_BKPSDM, None, name="Nyoman Budi"),
    ]
    assert invitee_of(run(roster, [(shown, 0, 120)]), shown) == meant


# --- 3. the glued-name guard is a list ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("R. Ani Wulandari", "Rani Wulandari"),  # R. is Raden; Rani is a common woman's name
        ("R. Eni Wulandari", "Reni Wulandari"),
        ("N. Ani Rahayu", "Nani Rahayu"),
        ("S. Utami Dewi", "Sutami Dewi"),  # Sutami is a man's name, Utami a woman's
    ],
)
def test_a_roster_initial_glued_into_a_name_off_the_list_is_not_the_name_as_typed(name, shown):
    # SERIOUS, OLDER (1.0 at 7644244, b7eff09 and 0b105c6), and against 0b105c6's claim:
    # 12g's 'Sari Wibowo' for S. Ari Wibowo passes now only because 'sari' is on given_names
    # (and 'Rahmad Hidayat' because 'rahmad' was added). Any name glued from a roster initial
    # and its next word that is off the list is still "the name, its spaces aside", 1.0, and
    # --explain says "name close to the invitee's and clearly closer than to anyone else". A
    # colleague sent in the invitee's place is verified as the invitee. Fix: never glue across
    # a ROSTER one-letter word when the typed name keeps its other spaces (the typist used
    # spaces; 'IMadeSudarsana', all glued, still reads); such a name is the set-aside case.
    result = run([Invitee("A", PEKALONGAN, None, name=name)], [(shown, 0, 120)])
    assert invitee_of(result, shown) is None


def test_an_unrelated_invitee_does_not_decide_whether_a_glued_name_is_exact():
    # LOW (an inconsistency), NEW: whether 'Rani Wulandari' is R. Ani Wulandari at 1.0 or no
    # one depends on whether some other invitee, anywhere in the roster, has 'Rani' in her name
    # (``names`` is every roster word). Rani Puspitasari of Pati has nothing to do with it.
    alone = run([Invitee("A", PEKALONGAN, None, name="R. Ani Wulandari")], [("Rani Wulandari", 0, 120)])
    other = Invitee("Z", PATI, None, name="Rani Puspitasari")
    beside = run(
        [Invitee("A", PEKALONGAN, None, name="R. Ani Wulandari"), other], [("Rani Wulandari", 0, 120)]
    )
    assert invitee_of(alone, "Rani Wulandari") == invitee_of(beside, "Rani Wulandari")


@pytest.mark.parametrize("rival", ["Ranti Wulandari", "Rania Wulandari"])
def test_a_glued_full_score_does_not_skip_the_invitee_one_letter_away(rival):
    # SERIOUS, OLDER (b7eff09's "whole", kept as `score < 1.0` by 0b105c6). At 7644244 this
    # waited: "A fits, but B is one letter away too". The 1.0 that skips the check here is the
    # roster's initial glued (finding 3), not a typist's missing space, and Ranti/Rania
    # Wulandari, invited, is one letter from the name as typed. Fix: skip the rival check only
    # when the spaces dropped are the typed name's own (its words fewer than the roster's, no
    # roster word of one letter glued), or not at all (Review costs one click).
    roster = [
        Invitee("A", PEKALONGAN, None, name="R. Ani Wulandari"),
        Invitee("B", PATI, None, name=rival),
    ]
    assert invitee_of(run(roster, [("Rani Wulandari", 0, 120)]), "Rani Wulandari") is None


def test_with_the_agency_named_a_roster_initial_glued_is_read_as_a_slip():
    # SERIOUS, NEW in this form (1.0 before; 0.909 now). 12g's own case with the agency named:
    # SimilarName then passes only the office's given names, so 'rahmad' is no given name;
    # the set-aside compares 'rahmad' with 'ahmad' and scores the roster's initial 'R' as a
    # one-letter slip (0.909), and A is verified. The initial is glued after all - the very
    # thing "never glued to the next word" forbids. A delegate of the office counts for the
    # agency, not as the invitee. Fix: in the set-aside, a typed word that is the set-aside
    # initial plus the roster's next word is that reading, not a slip: no candidate, or capped
    # as another name (SHORT_CHANGE).
    shown = "Kepegawaian_KAB. Pekalongan_Rahmad Hidayat"
    result = run([Invitee("A", PEKALONGAN, None, name="R. Ahmad Hidayat")], [(shown, 0, 120)])
    assert invitee_of(result, shown) is None


# --- 4. the set-aside and the initial check each see one shape ----------------------------------


def test_an_initial_set_aside_scores_one_slip_at_best_whatever_the_word_order():
    # SERIOUS, OLDER (425c887's recursion; 0b105c6 capped only the in-order case). The spec
    # lists "swapped word order" among display-name habits. 'Hadi Bambang S.': the 'S.' is set
    # aside, the rest is compared again, and ('hadi', 'bambang') against ('bambang', 'hadi')
    # is the same words in another order: 1.0, not "one slip at best". So with Bambang
    # Sutrisno Hadi of the same office invited (12g finding 4, which 0b105c6 fixed for
    # 'Bambang S. Hadi'), Bambang Hadi is verified at 1.0 - initial_of_others reads initials
    # in order only, and the 1.0 also skips the one-letter rival check. Fix: cap the
    # recursive set-aside at ONE_SLIP too, and let initial_of_others pair words order free.
    assert name_similarity(("hadi", "bambang", "s"), ("bambang", "hadi")) <= ONE_SLIP
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Bambang Hadi"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Bambang Sutrisno Hadi"),
    ]
    shown = "BKPSDM Surakarta - Hadi Bambang S."
    assert invitee_of(run(roster, [(shown, 0, 120)]), shown) != "A"


_long = st.text(alphabet="aiunsr", min_size=3, max_size=7)


@st.composite
def _initial_added(draw):
    """A name of whole words, and that name as typed with an initial added, in any order."""
    name = tuple(draw(st.lists(_long, min_size=1, max_size=3)))
    typed = list(draw(st.permutations(name)))
    typed.insert(draw(st.integers(0, len(typed))), draw(st.sampled_from("abhrs")))
    return tuple(typed), name


@settings(max_examples=300, deadline=None)
@given(_initial_added())
def test_a_name_with_an_initial_the_other_lacks_scores_one_slip_at_best(pair):
    # LOW (the test suite), NEW. test_similarity_properties._reference was meant as an
    # independent statement of what name_similarity should give; 0b105c6 pasted the new
    # different-word-count branch into it verbatim (same _bare, same glue rule, same
    # recursion), so for names of different lengths it now checks the code against itself and
    # can find nothing there. This property states what the README and the docstring promise,
    # independently: an initial one name has and the other lacks makes it one slip at best
    # (word order is free everywhere else in name_similarity). It fails on the reordered
    # case of the test above. Fix: write the reference's different-length branch from the
    # rule, not from the code, and keep a property like this one beside it.
    typed, name = pair
    if "".join(typed) == "".join(name):
        return  # the initial glues into the name ('s' + ...): the spaces rule, not this one
    assert name_similarity(typed, name) <= ONE_SLIP
    assert name_similarity(name, typed) <= ONE_SLIP


@pytest.mark.parametrize(
    ("roster", "shown", "wrong"),
    [
        (("Bambang Hadi", "Bambang Sutrisno Hadi"), "Bambang S. Hadi", "A"),
        (("Tri Pamungkas", "Agus Tri Pamungkas"), "A. Tri Pamungkas", "A"),
    ],
)
def test_an_initial_spelling_out_the_name_of_an_invitee_of_this_session_is_seen_from_another(
    roster, shown, wrong
):
    # SERIOUS, NEW (an incomplete fix). The first roster name is invited to ANOTHER session,
    # the second to this one. No candidate of this session reaches the accept ('s' scores
    # nothing against 'sutrisno'), so weak_claim moves to the other session's tier, where
    # initial_of_others looks only at invitees of the same tier: this session's Bambang
    # Sutrisno Hadi - whose name the 'S.' spells out, and who is expected HERE - is never
    # asked, and Bambang Hadi of the other session is credited (wrong_session). weak_claim
    # asks this session's invitees for the one-letter rival ("... of this one is one letter
    # away too"); the initial check should do the same. 12g's in-session versions pass.
    a, b = roster
    invitees = [Invitee("A", SURAKARTA_BKPSDM, OTHER, name=a), Invitee("B", SURAKARTA_BKPSDM, None, name=b)]
    assert invitee_of(run(invitees, [(shown, 0, 120)]), shown) != wrong


# --- 5. Bali, glued -------------------------------------------------------------------------------


def test_a_glued_balinese_i_is_not_read_as_ni_when_only_the_woman_is_invited():
    # SERIOUS, OLDER (0.966 at 9721d7b; 0.9 now), and against 0b105c6's claim that Bali's I or
    # Ni is "set aside, never glued to the next word". 'IMadeSudarsana' (one word) against Ni
    # Made Sudarsana: _bare drops 'ni' from the roster side only, the glued word still carries
    # the 'i', and 'imadesudarsana' is one letter from 'madesudarsana': a man's name is
    # verified as the woman. The same name with spaces ('I Made Sudarsana') gets no one, and
    # 'NiMadeSudarsana' for a roster of I Made alone gets no one either: three readings of one
    # rule. Fix: before setting aside the roster's prefix, split a typed word that starts with
    # a listed prefix followed by a roster word (or compare prefix to prefix: 'i' is not 'ni').
    woman = Invitee("B", DENPASAR, None, name="Ni Made Sudarsana")
    spaced = run([woman], [("I Made Sudarsana", 0, 120)])
    assert invitee_of(spaced, "I Made Sudarsana") is None  # holds
    glued = run([woman], [("IMadeSudarsana", 0, 120)])
    assert invitee_of(glued, "IMadeSudarsana") is None


# --- 6. a roster initial the typed name spells out ----------------------------------------------


@pytest.mark.xfail(
    strict=True,
    reason=(
        "DECIDED, a known limit: a roster initial is not matched against a whole word typed "
        "(initials are read on the typed side only)"
    ),
)
def test_a_name_spelled_out_for_a_roster_initial_is_at_least_offered_with_the_agency_named():
    # LOW, OLDER (no candidate at 7644244 either). The mirror of initial_of_others: the ROSTER
    # writes 'A. Tri Pamungkas', the participant types his whole name and names his office, of
    # which he is the one invitee. 'agus' against 'a' scores nothing, same word count, so he
    # is not even a candidate on the Review tab: the secretariat sees "agency named; no invitee
    # fits". Fix: within a named agency, score a roster initial against a typed word it begins
    # (readings.initials_fit, the other way round), as 'partial' does for typed initials.
    shown = "Kepegawaian_KAB. Pekalongan_Agus Tri Pamungkas"
    p = _one(run([Invitee("A", PEKALONGAN, None, name="A. Tri Pamungkas")], [(shown, 0, 120)]))
    assert p.invitee == "A" or "A" in {k.invitee for k in p.candidates}


# --- what held -------------------------------------------------------------------------------------


def test_held_haji_before_a_name_is_still_a_title():
    # 'Drs. H.' and 'Hj.' before a name, on either side, still read as titles: exact.
    cases = [
        ("Bambang Hadi", "Drs. H. Bambang Hadi"),
        ("Drs. H. Bambang Hadi", "Bambang Hadi"),
        ("Hj. Siti Aminah", "Siti Aminah"),
        ("Siti Aminah", "Hj. Siti Aminah"),
        ("Bambang Hadi", "Drs.H.Bambang Hadi"),
    ]
    for name, shown in cases:
        assert (
            invitee_of(run([Invitee("A", SURAKARTA_BKPSDM, None, name=name)], [(shown, 0, 120)]), shown)
            == "A"
        )


def test_held_a_roster_initial_left_out_ties_between_two_initials():
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Bambang S. Hadi"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Bambang T. Hadi"),
    ]
    p = _one(run(roster, [("Bambang Hadi", 0, 120)]))
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}


def test_held_two_sundanese_names_differing_in_the_two_letter_word_tie():
    roster = [
        Invitee("A", GARUT, None, name="Ai Nurhayati Rohmah"),
        Invitee("B", GARUT, None, name="Ii Nurhayati Rohmah"),
    ]
    p = _one(run(roster, [("Nurhayati Rohmah", 0, 120)]))
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}
