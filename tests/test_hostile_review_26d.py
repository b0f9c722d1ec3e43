"""Hostile review of three matcher changes: 0e1fd59 (Bali's I and Ni left off a display name
are set aside alike, ``prefixes`` in names.toml), a7c1684 ('Ny.' before a man's name is his
wife, ``wife_of``, read as 'mewakili' is) and 77b77d2 (a one-letter title between two words
of invitees' names is kept as an initial). Each test is a display name these changes credit
to the wrong invitee (SERIOUS), lose (LOW, failing soft) or read two ways. NEW: one of the
three made it; OLDER: before them, inside a rule they touched.

Fixed here: a prefix left off beside a letter changed in the rest was one slip, so a man's
display name was credited to a woman invitee whose name differs by the prefix and the
gender vowel (1); 'Ny.' on the roster itself was set aside, so the invitee registered so was
lost even typed exactly (2). Left to the lead, each a strict expected failure whose reason
starts with "finding:" (3-9). ``python -m bench.accuracy --generator 2 --seeds 1 … 60`` and
generator 1's default seeds give the same figures at 3f91dab and after these changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.one_session import OTHER, POLICY, SURAKARTA_BKPSDM, T0, WINDOW, invitee_of, run
from vc_sync.domain import build_index
from vc_sync.keys import connection_key
from vc_sync.kinds import Doubt
from vc_sync.matching.matcher import Overrides, Tuning
from vc_sync.matching.similarity import ONE_SLIP, name_similarity
from vc_sync.model import Invitee, Override, Roster, Segment
from vc_sync.reconcile import reconcile

DENPASAR = "Dinas Kesehatan Kota Denpasar"
GARUT = "Dinas Kesehatan Kabupaten Garut"
PEKALONGAN = "BKPSDM Kabupaten Pekalongan"


# --- 1. a prefix left off and a letter changed are two changes, not one slip --------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ni Wayan Sudarsani", "Wayan Sudarsana"),  # NEW: the man's name, Ni left off her own
        ("I Wayan Sudarsana", "Wayan Sudarsani"),  # OLDER: I read as an initial set aside
        ("I Ketut Suarjana", "Ketut Suarjani"),  # OLDER
        ("I Dewa Gede Putra", "Dewa Gede Putri"),  # OLDER: Putri is a woman's name
    ],
)
def test_a_prefix_left_off_beside_another_letter_changed_is_no_single_slip(name, shown):
    # SERIOUS. Balinese and Javanese names come in a man's and a woman's form a vowel apart
    # (Sudarsana/Sudarsani, Suarjana/Suarjani); I and Ni say which. A display name without the
    # prefix and with the other gender's vowel differs from the invitee twice, yet scored one
    # slip (0.9, accepted with no agency named): 0e1fd59 made Ni read so, as I already was (an
    # initial set aside, then the rest's one slip capped at one slip, i.e. not lowered at all).
    # Fixed: the prefix left off is one slip and the rest's own score is multiplied in.
    result = run([Invitee("A", DENPASAR, None, name=name)], [(shown, 0, 120)])
    assert invitee_of(result, shown) is None


def test_a_prefix_left_off_is_one_slip_and_a_slip_beside_it_a_second():
    i_made, made = ("i", "made", "sudarsana"), ("made", "sudarsana")
    assert name_similarity(made, i_made, prefixes={"i", "ni"}) == ONE_SLIP
    slipped = name_similarity(("made", "sudarsna"), i_made, prefixes={"i", "ni"})
    assert slipped < Tuning().fuzzy_accept  # not accepted with no agency named
    assert slipped > Tuning().fuzzy_accept_hinted  # … but within the agency named


def test_a_prefix_left_off_and_a_slip_still_count_within_the_agency_named():
    # the cost of (1), failing soft: 'Made Sudarsna' with I Made Sudarsana alone invited waits
    # for review (was verified at 0.9); with his agency named it is still his
    shown = "Dinkes Denpasar - Made Sudarsna"
    result = run([Invitee("A", DENPASAR, None, name="I Made Sudarsana")], [(shown, 0, 120)])
    assert invitee_of(result, shown) == "A"


@pytest.mark.parametrize(
    ("roster", "shown", "meant"),
    [
        (["I Made Sudarsana"], "Made Sudarsana", "A"),
        (["Ni Made Sudarsana"], "Made Sudarsana", "A"),
        (["I Made Sudarsana", "Ni Made Sudarsana"], "Made Sudarsana", None),
        (["Ni Luh Putu Ayu"], "Luh Putu Ayu", "A"),
        (["I Made Sudarsana", "Ni Made Sudarsana"], "Sudarsana Made", None),  # word order
        (["I Made Sudarsana"], "Ni Made Sudarsana", None),  # a woman is no man's slip
        (["Made Sudarsana", "Ni Made Sudarsana"], "I Made Sudarsana", "A"),
    ],
)
def test_the_prefix_rule_still_reads_what_0e1fd59_meant(roster, shown, meant):
    invitees = [Invitee(chr(65 + k), DENPASAR, None, name=n) for k, n in enumerate(roster)]
    assert invitee_of(run(invitees, [(shown, 0, 120)]), shown) == meant


# --- 2. 'Ny.' that is the invitee's own name on the roster ---------------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Ny. Sri Wahyuni", "Ny. Sri Wahyuni"),  # registered with Ny. before her own name
        ("Ny. Budi Santoso", "Ny. Budi Santoso"),  # the PKK chair, registered by her husband's name
        ("Ny. Hj. Budi Santoso", "Ny. Budi Santoso"),
        ("Ny Hartono", "Ny Hartono"),  # N. Y. Hartono, initials written together
    ],
)
def test_ny_written_on_the_roster_is_the_invitee_s_own_name(name, shown):
    # LOW (a lost credit), NEW with a7c1684: wife_of set 'Ny.' and every word after it aside,
    # so an invitee whose roster name itself begins with Ny. was lost even typed exactly
    # (name 1.0 at 3f91dab). Fixed: 'Ny.' and the words after it in its field that are an
    # invitee's whole name as the roster writes it are her name (representation._invited_so).
    result = run([Invitee("A", SURAKARTA_BKPSDM, None, name=name)], [(shown, 0, 120)])
    assert invitee_of(result, shown) == "A"


def test_the_wife_on_the_roster_is_not_her_husband_and_he_is_not_she():
    # SERIOUS if wrong: with both invited, 'Ny. Budi Santoso' is hers (lost after a7c1684,
    # fixed), 'Budi Santoso' his
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Ny. Budi Santoso"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Budi Santoso"),
    ]
    result = run(roster, [("Ny. Budi Santoso", 0, 120), ("Budi Santoso", 0, 120)])
    assert invitee_of(result, "Ny. Budi Santoso") == "A"
    assert invitee_of(result, "Budi Santoso") == "B"


@pytest.mark.parametrize(
    "shown", ["Ny. Budi Santoso", "BKPSDM Surakarta - Ny. Budi Santoso", "Ny. Hj. Budi Santoso"]
)
def test_ny_before_the_husband_s_name_is_still_not_him_with_another_ny_invitee(shown):
    # the control of (2): another invitee carrying Ny. does not make Budi's wife Budi
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Ny. Sri Wahyuni"),
    ]
    assert invitee_of(run(roster, [(shown, 0, 120)]), shown) is None


def test_ny_and_a_name_after_it_then_representation_is_read_as_before():
    # 'Ny. Budi Santoso mewakili Ratna Sari' with Ny. Budi Santoso invited: she came (name
    # 1.0 at 3f91dab; the first cut of the fix above read the whole field and lost it)
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Ny. Budi Santoso"),
        Invitee("C", SURAKARTA_BKPSDM, None, name="Ratna Sari"),
    ]
    shown = "Ny. Budi Santoso mewakili Ratna Sari"
    assert invitee_of(run(roster, [(shown, 0, 120)]), shown) == "B"


def test_a_slip_in_the_name_of_an_invitee_registered_with_ny_is_still_hers():
    # LOW, NEW with a7c1684 (fuzzy 0.92 at 3f91dab): the fix above asks for her name exactly;
    # with a slip 'Ny.' is read as 'wife of' and everything after it set aside. Fixed: one
    # slip from the name of an invitee written with 'Ny.' is still hers.
    roster = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso"),
        Invitee("B", SURAKARTA_BKPSDM, None, name="Ny. Budi Santoso"),
    ]
    shown = "Ny. Budi Santos"
    assert invitee_of(run(roster, [(shown, 0, 120)]), shown) == "B"


# --- 3-9. left to the lead ----------------------------------------------------------------------


def test_the_wife_s_rejoins_are_one_participant():
    # LOW, NEW with a7c1684. At 3f91dab 'Ny. Budi Santoso' grouped by the identity
    # 'budi santoso' (with her husband too: a worse fault, now gone). Now person words are
    # empty, so each connection is keyed by its own times ('s:…'): a dropped line splits her
    # into two participants of 40 minutes, neither reaching the 45 of the policy, and the
    # organiser picks twice ('Ratna mewakili Budi Santoso' splits alike, OLDER: one word
    # left). The key also changes at every pull while she is connected when the log's leave
    # time moves. With her agency named she counts as its delegate. Suggested: give a
    # display name whose words are all set aside by a wife_of/representing phrase an
    # identity of its folded words ('ny budi santoso') for grouping only. Fixed so
    # (people._person): the words that group and key a connection are read apart from those it
    # is matched by.
    shown = "Ny. Budi Santoso"
    result = run(
        [Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso")], [(shown, 0, 40), (shown, 45, 85)]
    )
    assert len(result.participants) == 1


def test_a_rejoin_without_the_initial_is_the_same_person_when_one_invitee_fits():
    # LOW, NEW with 77b77d2: the kept initial changes the name identity ('budi h santoso'),
    # so the two connections no longer group; the second takes Budi Santoso and the first is
    # then a near name of someone already matched, not overlapping, so it is left open. Only
    # one invitee carries these words. Fixed (people._person): every title is dropped from the
    # words that group connections; the kept initial only reads in matching.
    roster = [Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso")]
    result = run(roster, [("Budi H. Santoso", 0, 60), ("Budi Santoso", 70, 120)])
    assert invitee_of(result, "Budi H. Santoso") == "A"


def test_a_kept_initial_beside_a_slip_still_finds_the_one_invitee():
    # LOW, NEW with 77b77d2: fuzzy 0.9 at 3f91dab (the title dropped, one slip); now
    # name_similarity itself gives 0.9 but the pool is empty ('h' has no close word in
    # 'bambang hadi'), so nothing is even offered on Review. Suggested: block on the words of
    # two letters or more when a one-letter word is among them. Fixed so (RosterIndex.block).
    shown = "Bambamg H. Hadi"
    result = run([Invitee("A", SURAKARTA_BKPSDM, None, name="Bambang Hadi")], [(shown, 0, 120)])
    assert invitee_of(result, shown) == "A"


def test_an_override_recorded_by_the_key_before_the_upgrade_still_binds():
    # SERIOUS when it happens (the organiser's correction silently undone), NEW, once per
    # programme: the key is connection_key(min(identities)), and the name identity ('n:…')
    # now holds the kept initial. Every display name 'Word H. Word' whose two words are near
    # invitees' words changes key; so does every 'Ny. …' (a7c1684: no name identity now).
    # The overrides file and the sheet's picks name connections by that key; nothing reports
    # an override that binds no connection (vc_sync/overrides.py and sync.py: the lead's).
    # Suggested: on load, read p-keys the old way too for one release, or say which overrides
    # bound nothing. Fixed at the root (people._person): keys come from the words that grouped
    # before, so neither change moved a key.
    old_key = connection_key("n:|budi santoso")  # the key 3f91dab gave this connection
    invitees = [
        Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso"),
        Invitee("B", GARUT, None, name="Budi Hartono Santoso"),
    ]
    picked = Overrides.of([Override(old_key, "B", "S1")], "S1")
    result = reconcile(
        [_segment("Budi H. Santoso")], build_index(Roster(tuple(invitees))), WINDOW, POLICY, picked
    )
    assert invitee_of(result, "Budi H. Santoso") == "B"


def test_a_surname_alone_is_no_one_s_when_an_initial_may_be_the_other_s_first_name():
    # SERIOUS, OLDER (0.9 at 3f91dab and after): the initial set aside makes 'Kurniawan' one
    # slip from I. Kurniawan, while Iwan Kurniawan, whose first name the I. may well stand
    # for, is no candidate at all (a word left off is no slip). The prefix rule does not
    # touch it (one word left), but 'i' is now also a prefix, so an I. that is an initial and
    # an I that is Bali's marker read alike.
    roster = [
        Invitee("A", PEKALONGAN, None, name="I. Kurniawan"),
        Invitee("B", PEKALONGAN, None, name="Iwan Kurniawan"),
    ]
    assert invitee_of(run(roster, [("Kurniawan", 0, 120)]), "Kurniawan") is None
    # fixed (Matcher.spelt_out_by_others); alone, I. Kurniawan is still found
    assert invitee_of(run(roster[:1], [("Kurniawan", 0, 120)]), "Kurniawan") == "A"


@pytest.mark.parametrize("shown", ["Ny. Budi Santoso", "Ratna mewakili Budi Santoso"])
def test_the_invitee_s_e_mail_does_not_outweigh_a_name_saying_another_came(shown):
    # SERIOUS, OLDER (3f91dab and after, for 'mewakili' too): SameEmail runs before anything
    # reads the display name, so a wife or a delegate joining from the invitee's own account
    # (a usual way to send someone in one's place) is verified as the invitee, method e-mail.
    # A decision for the lead: whether a name that sets the invitee aside should demote the
    # e-mail to a question. Decided: it does (Doubt.STOOD_IN), the invitee offered on Review.
    budi = Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso", email="budi@surakarta.go.id")
    seg = Segment(shown, T0, T0 + timedelta(minutes=120), "budi@surakarta.go.id", None, "t", 1)
    result = reconcile([seg], build_index(Roster((budi,))), WINDOW, POLICY)
    assert invitee_of(result, shown) is None
    (p,) = result.participants
    assert p.doubt is Doubt.STOOD_IN and [k.invitee for k in p.candidates] == ["A"]


def test_the_invitee_s_e_mail_still_credits_him_when_he_came_for_someone_else():
    # the control: Budi on his own account, standing in for his head of office, is Budi
    budi = Invitee("A", SURAKARTA_BKPSDM, None, name="Budi Santoso", email="budi@surakarta.go.id")
    shown = "Budi Santoso mewakili Kepala Dinas"
    seg = Segment(shown, T0, T0 + timedelta(minutes=120), "budi@surakarta.go.id", None, "t", 1)
    assert invitee_of(reconcile([seg], build_index(Roster((budi,))), WINDOW, POLICY), shown) == "A"


def _segment(name: str) -> Segment:
    return Segment(name, T0, T0 + timedelta(minutes=120), None, None, "t", 1)


def test_the_other_session_s_man_does_not_take_made_from_this_session_s_woman():
    # a control of 0e1fd59: I Made of another session and Ni Made of this one: this session's
    roster = [
        Invitee("A", DENPASAR, OTHER, name="I Made Sudarsana"),
        Invitee("B", DENPASAR, None, name="Ni Made Sudarsana"),
    ]
    assert invitee_of(run(roster, [("Made Sudarsana", 0, 120)]), "Made Sudarsana") == "B"
