"""Hostile review of the matcher with naming habits of Indonesia that neither bench generator
writes: Batak marga with 'br.'/'boru', Chinese-Indonesian names with a Chinese name in
brackets, the many forms of Muhammad, Abdul and Nur, Javanese single names, nicknames,
Bugis, Acehnese, Javanese and Balinese titles of nobility, military, police and civil-service
ranks, degrees spelt oddly and positions written first. Every case goes through the real
reconcile path (``tests.one_session.run``). The rule: fail soft (the connection waits on the
Review tab), never wrong (never credit an invitee who did not come, never the wrong one of
two). SERIOUS: a wrong credit. LOW: a lost credit a careful secretariat would make.
Regression guards (``test_held_...``) pin an answer that is already right.

Fixed here (each test failed at 7117a81): an initial run before a name ('R.A.' of Raden Ajeng)
was read one letter at a time, so 'R.A. Sri Lestari' was Sri Lestari's beside Raden Ajeng Sri
Lestari (1); a Balinese title of caste left off ('Ida Bagus', 'Anak Agung') let the Bali prefix
rule credit I Putu Suarjana with 'Putu Suarjana' beside Ida Bagus Putu Suarjana (2); a short
form of Muhammad ('Much.', 'Moch.') was not read as the beginning of a name the roster writes
in the old spelling (Muchlis, Mochtar), so 'Much. Ali' was Muhammad Ali's beside Muchlis Ali
(3); Batak women's 'br.'/'boru' before the marga, a word no roster or display name agreed on,
lost the invitee outright (4); everyday spellings of Muhammad missing from ``[name_forms]``
(5)."""

from __future__ import annotations

import pytest

from tests.one_session import run
from vc_sync.model import Invitee

TAPUT = "Dinas Kesehatan Kabupaten Tapanuli Utara"
DENPASAR = "Dinas Kesehatan Kota Denpasar"
SLEMAN = "DPMPTSP Kabupaten Sleman"


def _one(names: list[str], shown: str, agency: str = DENPASAR):
    """The one participant of S1 when these invitees (A, B, … of one agency) are invited and
    ``shown`` connects for the whole session."""
    invitees = [Invitee(chr(65 + k), agency, None, name=n) for k, n in enumerate(names)]
    (p,) = run(invitees, [(shown, 0, 120)]).participants
    return p


# --- 1. a run of initials before a name: Raden Ajeng, Raden Mas -----------------------------------


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Raden Ajeng Sri Lestari", "Sri Lestari"], "R.A. Sri Lestari"),
        (["Raden Roro Ayu Wibowo", "Ayu Wibowo"], "R. R. Ayu Wibowo"),
        (["Sri Lestari", "Raden Ajeng Sri Lestari"], "Dinkes Denpasar - R.A. Sri Lestari"),
    ],
)
def test_a_run_of_initials_before_a_name_may_be_a_longer_invitee_s(names, shown):
    # SERIOUS. NameInOrder found 'sri lestari' whole after 'r a' and asked only whether the one
    # letter next to it ('a') spelled out another's name with it: no three-word name does, so
    # Sri Lestari was credited (in_order 0.95) while the R.A. (Raden Ajeng) says it is the
    # other. Fixed: every run of initials beside the name is read, the letter next to it alone,
    # then two, and so on (rules.NameInOrder). Both wait on the Review tab.
    p = _one(names, shown)
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} >= {"A", "B"}


@pytest.mark.xfail(
    strict=True,
    reason="finding, left: initials written together ('RA', 'RA.') are one two-letter word, "
    "which NameInOrder does not read as initials, so Sri Lestari is credited (in_order 0.95) "
    "beside Raden Ajeng Sri Lestari; reading every short word as glued initials needs care "
    "('Ra', 'Ai', 'Uu' are given names)",
)
@pytest.mark.parametrize("shown", ["RA Sri Lestari", "RA. Sri Lestari"])
def test_initials_written_together_before_a_name_may_be_a_longer_invitee_s(shown):
    # SERIOUS, OLDER (7117a81 and before).
    p = _one(["Raden Ajeng Sri Lestari", "Sri Lestari"], shown)
    assert p.invitee is None


def test_held_an_initial_run_that_spells_out_no_one_else_still_finds_the_name():
    assert _one(["Sri Lestari"], "R.A. Sri Lestari").invitee == "A"


# --- 2. Balinese titles of caste left off ---------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Ida Bagus Putu Suarjana", "I Putu Suarjana"], "Putu Suarjana"),
        (["Anak Agung Gede Rai", "I Gede Rai"], "Gede Rai"),
        (["I Gusti Ngurah Rai", "I Ngurah Rai"], "Ngurah Rai"),
        (["Ni Luh Putu Ayu", "Gusti Ayu Luh Putu Ayu"], "Luh Putu Ayu"),
    ],
)
def test_a_title_of_caste_left_off_is_no_prefix_left_off(names, shown):
    # SERIOUS. The prefix rule (names.toml prefixes) reads 'Putu Suarjana' as I Putu Suarjana
    # with Bali's I left off, one slip (0.9), and credits him; Ida Bagus Putu Suarjana, whose
    # name holds the same two words whole, is no candidate at all (a word left off is no slip).
    # Which of the two left something off is a question. Fixed: a weak claim waits when
    # another invitee's longer name holds the words typed whole and in order
    # (Matcher.held_by_longer); both are offered.
    p = _one(names, shown)
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["I Putu Suarjana"], "Putu Suarjana", "A"),  # alone, the prefix rule stands
        (["Ida Bagus Putu Suarjana", "I Putu Suarjana"], "I Putu Suarjana", "B"),  # exact
        (["Ida Bagus Putu Suarjana", "I Putu Suarjana"], "Ida Bagus Putu Suarjana", "A"),
        (["Ida Bagus Putu Suarjana", "I Putu Suarjana"], "I Putu Suarjna", "B"),  # a slip, no one else's
    ],
)
def test_held_the_prefix_rule_and_exact_names_beside_a_caste_title(names, shown, meant):
    assert _one(names, shown).invitee == meant


# --- 3. short forms of Muhammad that begin another name the roster writes the old way ------------


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Muchlis Ali", "Muhammad Ali"], "Much. Ali"),
        (["Mochtar Ali", "Muhammad Ali"], "Moch. Ali"),
        (["Mochtar Ali", "Muhammad Ali"], "Moch Ali"),
    ],
)
def test_a_short_form_is_also_the_beginning_of_a_name_written_in_the_old_spelling(names, shown):
    # SERIOUS. 'Much.' is a form of Muhammad ([name_forms]), so 'Much. Ali' is Muhammad Ali's
    # exact name; the check that a typed form may begin another invitee's name ('Muh. Ali'
    # beside Muhtar Ali waits, 12k) compared it with the roster name once its old spelling
    # was folded (Muchlis -> Mukhlis, Mochtar -> Mokhtar), which 'much' and 'moch' never begin.
    # Fixed: the roster's name is read as written too (Matcher.spelt_by_initials).
    p = _one(names, shown, SLEMAN)
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Muhtar Ali", "Muhammad Ali"], "Muh. Ali", None),  # 12k's case: still a question
        (["Muhammad Ali"], "Much. Ali", "A"),
        (["Muchlis Ali", "Muhammad Ali"], "Muchlis Ali", "A"),
        (["Muchlis Ali", "Muhammad Ali"], "Muhammad Ali", "B"),
        (["Mochtar Ali", "Muhammad Ali"], "Mochammad Ali", "B"),  # a whole form is no beginning
    ],
)
def test_held_forms_of_muhammad_beside_names_they_begin(names, shown, meant):
    assert _one(names, shown, SLEMAN).invitee == meant


# --- 4. Batak: 'br.' / 'boru' before a woman's marga ---------------------------------------------


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Tiurma Simanjuntak"], "Tiurma br. Simanjuntak", "A"),
        (["Tiurma Simanjuntak"], "Tiurma Br Simanjuntak, S.Kep", "A"),
        (["Tiurma Simanjuntak"], "Tiurma Boru Simanjuntak", "A"),
        (["Tiurma Boru Simanjuntak"], "Tiurma Simanjuntak", "A"),
        (["Tiurma Boru Simanjuntak"], "Tiurma br. Simanjuntak", "A"),
        (["Tiurma Simanjuntak", "Tiurma Sitorus"], "Tiurma br Sitorus", "B"),
        (["Tiurma br. Simanjuntak", "Tiurma Sitorus"], "Tiurma Simanjuntak", "A"),
    ],
)
def test_br_or_boru_before_the_marga_is_no_word_of_the_name(names, shown, meant):
    # LOW. 'br.' (boru, daughter of the clan) is how a Batak woman writes herself before her
    # marga, on a roster or not. The display name's extra word had no partner in the roster's
    # name, so the invitee was no candidate at all and the connection sat unmatched, nothing
    # offered (the other way round, one roster word more, it scored 0.94 joined). Fixed: 'br'
    # and 'boru' are read as forms of address (names.toml honorifics), never name words.
    assert _one(names, shown, TAPUT).invitee == meant


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Tiurma Simanjuntak", "Rosmawati Simanjuntak"], "Simanjuntak"),  # the marga alone
        (["Tiurma Simanjuntak", "Rosmawati Simanjuntak"], "Br. Simanjuntak"),
        (["Tiurma Simanjuntak"], "Simanjuntak"),  # one invitee: the marga is thousands' name
        (["Togar Simanjuntak"], "Tiurma br. Simanjuntak"),  # his clan, not him
    ],
)
def test_held_a_marga_shared_or_alone_credits_no_one(names, shown):
    assert _one(names, shown, TAPUT).invitee is None


@pytest.mark.parametrize("shown", ["Tiurma Simanjuntak", "Tiurma br Simanjuntak"])
def test_two_roster_rows_apart_only_by_br_are_a_question(shown):
    # the cost of (4), failing soft: a roster with both 'Tiurma Simanjuntak' and 'Tiurma br
    # Simanjuntak' (one woman entered twice, most likely) credited each display name to the
    # row written like it (name 1.0); now both rows are her name and the organiser picks
    p = _one(["Tiurma Simanjuntak", "Tiurma br Simanjuntak"], shown, TAPUT)
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}


def test_held_a_marga_alone_after_the_office_counts_the_office_not_the_woman():
    p = _one(["Tiurma Simanjuntak", "Rosmawati Simanjuntak"], "Dinkes Taput - Simanjuntak", TAPUT)
    assert (p.invitee, p.agency) == (None, TAPUT)


# --- 5. everyday spellings of Muhammad --------------------------------------------------------------


@pytest.mark.parametrize("shown", ["Mokhamad Rizal", "Mukhamad Rizal", "Muhd. Rizal"])
def test_every_day_spellings_of_muhammad_are_muhammad(shown):
    # LOW. 'Mokhamad' and 'Muhd.' were no form of Muhammad: 'Mokhamad Rizal' and 'Muhd.
    # Rizal' lost Muhammad Rizal outright (two letters and more from every form); 'Mukhamad'
    # scored 0.875, a slip. Fixed: names.toml [name_forms] ('Mhmd' is left to a programme's
    # own data: tests/test_gazetteer.py shows a programme adding it).
    p = _one(["Muhammad Rizal", "Rizal Effendi"], shown, SLEMAN)
    assert p.invitee == "A"


# --- 6. Chinese-Indonesian names: the Chinese name in brackets ------------------------------------

MEDAN = "BKPSDM Kota Medan"


@pytest.mark.parametrize(
    ("name", "shown", "method"),
    [
        ("Hendra Wijaya (Lim Hok Seng)", "Hendra Wijaya", "name"),
        ("Hendra Wijaya (Lim Hok Seng), S.E.", "Hendra Wijaya, SE", "name"),
        ("Hendra Wijaya (Lim Hok Seng)", "Hendra Wijaya (Lim Hok Seng)", "in_order"),
        ("Bambang Sutrisno (Ibenk)", "Bambang Sutrisno", "name"),
        ("Bambang Sutrisno [Ibenk]", "Pak Bambang Sutrisno", "name"),
    ],
)
def test_a_name_in_brackets_on_the_roster_is_another_name_not_more_words_of_this_one(name, shown, method):
    # LOW. The roster's 'Hendra Wijaya (Lim Hok Seng)' was one five-word name, so the display
    # name 'Hendra Wijaya' (what Zoom shows most of the time) was no candidate at all: lost,
    # nothing offered. Fixed: a part in brackets is left out of the roster's name
    # (names.roster_tokens), unless it is the whole name.
    p = _one([name], shown, MEDAN)
    assert (p.invitee, p.method) == ("A", method)


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Hendra Wijaya"], "Hendra Wijaya (Lim Hok Seng)", "A"),
        (["Hendra Wijaya", "Lim Hok Seng"], "Hendra Wijaya (Lim Hok Seng)", None),  # two invitees
        (["(Lim Hok Seng)"], "Lim Hok Seng", "A"),  # brackets round the whole name: the name
        (["Hendra Wijaya (Lim Hok Seng)"], "Lim Hok Seng", None),  # the other name alone: a question
        (["Liem Swie King", "Lim Swie King"], "Lim Swie King", "B"),  # two spellings, two people
        (["Tan Swie Ling", "Tan Swie Lan"], "Tan Swie Lin", None),  # a letter from both
    ],
)
def test_held_chinese_names(names, shown, meant):
    assert _one(names, shown, MEDAN).invitee == meant
