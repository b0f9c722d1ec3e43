"""Hostile review of issue 12's last matcher changes (14680fc..7a3ea3e): cases where a change
credits a connection to the wrong invitee, loses a credit a careful secretariat would make,
or where the equivalence of the speed changes could break. Each was a failing test, a finding;
the matcher was then changed to pass them, except two judgement calls the lead DECIDED the
other way (each says why). PRE-EXISTING ones did not change that day but sat squarely inside
a rule that did."""

from __future__ import annotations

import pytest

from tests.one_session import KLATEN_DINKES, OTHER, SLEMAN_PTSP, SURAKARTA_BKPSDM, invitee_of, run
from vc_sync.model import Invitee

# --- 1. a long common given name is not a slip of another --------------------------------------
# The cap reads the word as TYPED: whenever the roster holds a spelling variant (or a typo) of a
# listed given name, the person typing the everyday spelling is no longer found. The roster is
# typed by each agency's admin from the official decree (SK), where old spelling ('Moeljadi',
# 'Soerjadi') and variants ('Sugiharto', 'Hariyanto', 'Rizky') are the norm. Before today each of
# these was credited (one slip, 0.9); now each goes to Review although nobody else is near.


def test_everyday_spelling_of_a_roster_name_in_old_spelling_is_still_that_person():
    # 'Moeljadi' is folded to 'muljadi' (oe -> u) but old-spelling j = y is not folded; the
    # official spells it as he always writes it now, 'Mulyadi'. No other Mulyadi/Muljadi anywhere:
    # the secretariat would credit him without hesitation.
    result = run(
        [Invitee("A", SLEMAN_PTSP, None, name="Drs. Moeljadi Santoso")], [("Mulyadi Santoso", 0, 120)]
    )
    assert invitee_of(result, "Mulyadi Santoso") == "A"


@pytest.mark.parametrize(
    ("typed", "rostered"),
    [
        ("Sugiarto Wibowo", "Sugiharto Wibowo"),
        ("Haryanto Nugroho", "Hariyanto Nugroho"),
        ("Supriyanto Hadi", "Suprianto Hadi"),
        ("Rizki Pratama", "Rizky Pratama"),
    ],
)
def test_common_variant_spellings_of_a_given_name_in_the_roster_are_still_found(typed, rostered):
    # Sugiarto/Sugiharto, Haryanto/Hariyanto, Supriyanto/Suprianto, Rizki/Rizky: one person's
    # name written two ways, not a man's and a woman's pair. Each roster has one such person.
    result = run([Invitee("A", SLEMAN_PTSP, None, name=rostered)], [(typed, 0, 120)])
    assert invitee_of(result, typed) == "A"


def test_a_typo_in_the_roster_leaves_the_person_typing_their_name_correctly_on_review():
    # The roster's 'Bambanf' is the admin's typo; 'Bambang Sutrisno' typing his own name
    # correctly is one slip from it. 'bambang' being a common given name says nothing here:
    # 'bambanf' is nobody's name. (Precision is not at stake: no one else is near.)
    # DECIDED (lead, after the second review), Review: 'Mulyadi' against a roster's 'Mulyati'
    # has the same shape (a common given name typed, one letter changed from a roster word the
    # data does not know), and there crediting is a wrong credit; the tool cannot tell a typo
    # in the roster from a name it does not know. Offered first on the Review tab.
    result = run([Invitee("A", SLEMAN_PTSP, None, name="Bambanf Sutrisno")], [("Bambang Sutrisno", 0, 120)])
    waiting = next(p for p in result.participants if "Bambang Sutrisno" in p.display_names)
    assert waiting.invitee is None
    assert waiting.candidates[0].invitee == "A"


def test_a_unit_word_alone_does_not_name_the_invitee_s_agency():
    # README: a common given name is another name 'unless the display name names the invitee's
    # agency'. 'Dinkes' alone names every regency's health office, not Dinkes Klaten; the code
    # only asks whether there is a hint at all (allowed is not None), so 'Dinkes - Wahyudi
    # Santoso' is credited to Wahyuni Santoso of Dinkes Klaten - the very pair the rule was made
    # for. Wrong credit (PRE-EXISTING, but the new rule's gate lets it through).
    roster = [
        Invitee("A", KLATEN_DINKES, None, name="Wahyuni Santoso"),
        Invitee("B", "Dinas Kesehatan Kabupaten Sleman", None, name="Budi Hartono"),
        Invitee("C", "Dinas Kesehatan Kota Surakarta", None, name="Siti Aminah"),
    ]
    result = run(roster, [("Dinkes - Wahyudi Santoso", 0, 120)])
    assert invitee_of(result, "Dinkes - Wahyudi Santoso") is None


def test_an_office_with_a_wahyudi_and_a_wahyuni_does_not_read_one_as_a_slip_of_the_other():
    # PRE-EXISTING, inside today's exemption: the display names the office, so 'wahyudi' may be
    # a slip of Wahyuni - yet the same office has invited a Wahyudi Santosa (to session 2). The
    # name is one slip from both; the secretariat would not credit Wahyuni (a woman) with a
    # man's attendance on a guess. Review, not Wahyuni.
    roster = [
        Invitee("A", SLEMAN_PTSP, OTHER, name="Wahyudi Santosa"),
        Invitee("B", SLEMAN_PTSP, None, name="Wahyuni Santoso"),
    ]
    result = run(roster, [("DPMPTSP Sleman Wahyudi Santoso", 0, 120)])
    assert invitee_of(result, "DPMPTSP Sleman Wahyudi Santoso") != "B"


# --- 2. another session's fuzzy fit waits when one of this session is a candidate ---------------
# `ours` is every in-session candidate at or above FLOOR (0.5), not one that nearly fits: any
# candidate of this session at all makes a clear fit of another session wait.


def test_a_colleague_of_this_session_sharing_only_the_first_name_does_not_hide_the_wrong_session():
    # Andi Kurniawan was invited to session 2 but joined session 1, with a dropped letter and
    # his office named. His office also sent Andi Setiawan to session 1 (0.5: 'kurniwan' is
    # nothing like 'setiawan'). The secretariat would count Andi Kurniawan (wrong session); the
    # change leaves him to Review. Before today: credited.
    roster = [
        Invitee("A", SLEMAN_PTSP, OTHER, name="Andi Kurniawan"),
        Invitee("B", SLEMAN_PTSP, None, name="Andi Setiawan"),
    ]
    result = run(roster, [("DPMPTSP Sleman - Andi Kurniwan", 0, 120)])
    assert invitee_of(result, "DPMPTSP Sleman - Andi Kurniwan") == "A"


def test_a_name_two_slips_away_in_this_session_does_not_hide_one_slip_in_another():
    # 'Andi Kurniwan': Andi Kurniawan (session 2) with one dropped letter, or Ani Kurniawan
    # (session 1) with a different first name AND the dropped letter. Only the first is a
    # reading a person would make. Before today: credited to A.
    roster = [
        Invitee("A", SLEMAN_PTSP, OTHER, name="Andi Kurniawan"),
        Invitee("B", KLATEN_DINKES, None, name="Ani Kurniawan"),
    ]
    result = run(roster, [("Andi Kurniwan", 0, 120)])
    assert invitee_of(result, "Andi Kurniwan") == "A"


def test_items_1_and_2_a_name_ruled_another_name_still_waits_with_a_near_one_of_another_session():
    # Item 1 says 'Wahyudi' is not Wahyuni (capped to 0.7, no claim). Item 2 then lets that
    # same 0.7 Wahyuni of this session hold back Wahyudi Santosa of session 2, whom the display
    # name fits with one slip in the surname. The careful answer is A (wrong session).
    # (Before today B was credited - worse; today's result, Review, is safe but not right.)
    roster = [
        Invitee("A", SLEMAN_PTSP, OTHER, name="Wahyudi Santosa"),
        Invitee("B", KLATEN_DINKES, None, name="Wahyuni Santoso"),
    ]
    # DECIDED (lead), Review: this is the 'Ani Saputra' case (Ani Saputro of another session,
    # or Andi Saputra of this one, each a letter away) with other names. Whether an invitee of
    # this session typed a slip that makes another name, or one of another session came to the
    # wrong one, is the organiser's call; both are offered.
    result = run(roster, [("Wahyudi Santoso", 0, 120)])
    waiting = next(p for p in result.participants if "Wahyudi Santoso" in p.display_names)
    assert waiting.invitee is None
    assert {c.invitee for c in waiting.candidates} == {"A", "B"}


# --- 3. at an equal score the whole name beats a first name alone ------------------------------


def test_a_whole_name_in_another_spelling_outweighs_a_first_name_with_the_office():
    # DEBATABLE. Two people connected the whole session at once: 'Bappeda Brebes - Eko'
    # (first name, in the invitee's office) and 'Eko Prasetya' (no office; Prasetya is a
    # spelling of its own, not only a slip of Prasetyo). Before today the one in the office was
    # credited; now the stranger is, and the one who named the office goes to Review. The
    # office is evidence the bare name lacks; at a true tie the secretariat would rather
    # credit the office-named one (or neither) than a name from anywhere.
    # DECIDED (lead), the whole name: Prasetya and Prasetyo are one name in two spellings (the
    # Javanese a said as o, like Saputra/Saputro), so 'Eko Prasetya' is as likely Eko Prasetyo
    # as a colleague called Eko is; at a tie the name that says more wins, and the one who
    # named the office still counts for it (not on Review as a stranger).
    roster = [Invitee("A", "Bappeda Kabupaten Brebes", None, name="Eko Prasetyo")]
    result = run(roster, [("Bappeda Brebes - Eko", 0, 120), ("Eko Prasetya", 0, 120)])
    assert invitee_of(result, "Eko Prasetya") == "A"
    colleague = next(p for p in result.participants if "Bappeda Brebes - Eko" in p.display_names)
    assert (colleague.invitee, colleague.agency) == (None, "Bappeda Kabupaten Brebes")


# --- 4. a near spelling joins someone only a device named after them placed --------------------
# The 'Nru' rule accepts any claim of score >= ONE_SLIP, anywhere, while both connections are
# on. A one-word roster name (common for older Javanese officials) has female/male pairs one
# letter apart that are NOT in given_names (Sunarto/Sunarti, Suharto/Suharti, Suwarno/Suwarni,
# Suyanto/Suyanti ...): the second person is merged into the invitee.


def test_a_woman_of_a_near_name_is_not_the_second_screen_of_a_man_s_laptop():
    # SERIOUS: Drs. Sunarto's laptop was on for eight minutes (not enough to verify him);
    # Sunarti, a different person (a woman's name, common on its own), was on the whole
    # session. Today she is folded into Sunarto and her 120 minutes verify him. Before today:
    # Sunarto unverified, Sunarti on Review - which is what the secretariat wants.
    roster = [Invitee("N1", SURAKARTA_BKPSDM, None, name="Drs. Sunarto")]
    result = run(roster, [("Sunarto laptop", 30, 38), ("Sunarti", 0, 120)])
    assert invitee_of(result, "Sunarti") is None
    assert result.totals.verified == 0


def test_a_near_name_connected_alongside_a_device_is_another_person_too():
    # Same with both on the whole session (Suharto/Suharti): two people at once, one of them
    # named after the laptop's owner, the other a real name one letter away. 'Nru' is no one's
    # name; 'Suharti' is. The old answer (Suharti to Review) is right.
    roster = [Invitee("N1", SURAKARTA_BKPSDM, None, name="Suharto")]
    result = run(roster, [("Suharto laptop", 0, 120), ("Suharti", 0, 120)])
    assert invitee_of(result, "Suharti") is None


# The speed changes' equivalence (the review's reference and properties) lives in
# tests/test_similarity_properties.py.
