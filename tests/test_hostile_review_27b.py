"""Hostile review of the matcher with naming habits of Indonesia that neither bench generator
writes: Batak marga with 'br.'/'boru', Chinese-Indonesian names with a Chinese name in
brackets, the many forms of Muhammad, Abdul and Nur, Javanese single names, nicknames,
Bugis, Acehnese, Javanese and Balinese titles of nobility, military, police and civil-service
ranks, degrees spelt oddly and positions written first. Every case goes through the real
reconcile path (``tests.one_session.run``). The rule: fail soft (the connection waits on the
Review tab), never wrong (never credit an invitee who did not come, never the wrong one of
two). SERIOUS: a wrong credit. LOW: a lost credit a careful secretariat would make.
Regression guards (``test_held_...``) pin an answer that is already right.

Fixed here (each test named so failed at 7117a81; run with that commit's own config/): an
initial run before a name ('R.A.' of Raden Ajeng) was read one letter at a time, so 'R.A. Sri
Lestari' was Sri Lestari's beside Raden Ajeng Sri Lestari (1); a Balinese title of caste left
off ('Ida Bagus', 'Anak Agung') let the Bali prefix rule credit I Putu Suarjana with 'Putu
Suarjana' beside Ida Bagus Putu Suarjana (2); a short form of Muhammad ('Much.', 'Moch.') was
not read as the beginning of a name the roster writes in the old spelling (Muchlis, Mochtar),
so 'Much. Ali' was Muhammad Ali's beside Muchlis Ali (3); Batak women's 'br.'/'boru' before the
marga lost the invitee outright (4); everyday spellings of Muhammad were missing from
``[name_forms]`` (5); a bracketed other name on the roster was read as more words of the name
(6), and Bugis and Balinese words of the name written short ('Dg.', 'Gst.', 'Ngr.') were no
form of Daeng, Gusti, Ngurah (12); a four-letter given name one letter from a longer roster
name ('Dian' for Diana, 'Iwan' for Irwan) was credited with no agency named (7); religious
titles spelt out ('Haji', 'Hajjah', 'Kiai') were name words, so 'Hj. Siti Aminah' was Siti
Aminah's beside Hajjah Siti Aminah (8); inside a named office, a given name the office carries
was read as the beginning of a colleague's ('Dian' of Diana Hidayat beside Dian Santoso, 7).
Left, strict expected failures whose reason starts with "finding, left:" (1, 8, 10).

Only (7) moves a ``python -m bench.same_results`` digest: generator 2's seed 37 loses one true
credit ('Lili Sulistyowati' for Lilik Sulistyowati, now a Review row: Lili is a name of its
own), and 28 more segments (9 of generator 1, 11 of generator 2, 8 of bench.scaling) keep
their answer but show a four-letter given name's candidate at 0.7 instead of 0.8 ('Budi
Marlina' for Rudi, 'Dedi Hidayat' for Dewi); no other credit changes."""

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
        ("Hendra Wijaya (Lim Hok Seng)", "Hendra Wijaya (Lim Hok Seng)", "alias"),  # as written
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
    ("shown", "meant"),
    [
        ("Hendra Wijaya (Lim Hok Seng)", "A"),
        ("Hendra Wijaya - Tan Ek Hong", "B"),
        ("Hendra Wijaya", None),  # either: a question
    ],
)
def test_two_roster_rows_apart_only_by_the_name_in_brackets_stay_apart(shown, meant):
    # the cost of (6) undone: with the bracketed names left out, both rows read 'hendra
    # wijaya' and the display name that writes one of them whole waited on the Review tab
    # (name 1.0 at 7117a81). The roster's name written whole is an alias (index.RosterIndex)
    names = ["Hendra Wijaya (Lim Hok Seng)", "Hendra Wijaya (Tan Ek Hong)"]
    assert _one(names, shown, MEDAN).invitee == meant


def test_the_name_outside_the_brackets_is_a_question_beside_an_invitee_of_that_name():
    # the cost of (6) that stays, failing soft: beside 'Hendra Wijaya (Lim Hok Seng)', the
    # roster's plain Hendra Wijaya took 'Hendra Wijaya' (name 1.0 at 7117a81); the other goes
    # by that name too, so the organiser picks
    p = _one(["Hendra Wijaya (Lim Hok Seng)", "Hendra Wijaya"], "Hendra Wijaya", MEDAN)
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Hendra Wijaya (Lim Hok Seng)", "Hendra Wijaya"], "Hendra Wijaya (Lim Hok Seng)", "A"),
        (["Budi Santoso (Dinkes Klaten)"], "Dinkes Klaten", None),  # a bracket is no alias alone
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


# --- 7. a four-letter given name one letter from a longer roster name -----------------------------

KLATEN = "Dinas Kesehatan Kabupaten Klaten"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Diana Sari", "Dian Sari"),
        ("Andi Irwan", "Andi Iwan"),
        ("Yunia Lestari", "Yuni Lestari"),
        ("Dinar Lestari", "Dina Lestari"),
    ],
)
def test_a_four_letter_given_name_is_not_a_slip_of_a_longer_name(name, shown):
    # SERIOUS. 'Dian', 'Iwan', 'Yuni', 'Dina' are everyday given names (names.toml
    # given_names), yet one letter from Diana, Irwan, Yunia, Dinar they scored 0.889 and were
    # credited with no agency named: the given-name rule ('Wahyudi' is not Wahyuni) began at
    # five letters, and a four-letter word is capped by word_similarity only when it is
    # changed, not when the roster's word has a letter more. Fixed: the rule begins at four
    # letters (similarity._another_name). The invitee is offered on the Review tab.
    p = _one([name], shown, KLATEN)
    assert p.invitee is None and [k.invitee for k in p.candidates] == ["A"]


def test_a_given_name_of_the_named_office_is_not_a_slip_of_its_colleague_s():
    # SERIOUS, OLDER. Inside the office named, the given names that count are the office's own
    # ('Puji Haryanti' of an office with a Haryanto, test_matching_unseen); for four letters
    # the rule did not apply, so with Dedi Santoso and Dewi Hidayat invited, 'Dedi Hidayat' of
    # that office was credited to Dewi (0.8, over the 0.75 a named office needs). Fixed with
    # the above: the office is counted, no one credited.
    p = _one(["Dedi Santoso", "Dewi Hidayat"], "Dinkes Klaten - Dedi Hidayat", KLATEN)
    assert (p.invitee, p.agency) == (None, KLATEN)


def test_a_given_name_of_the_named_office_is_not_the_beginning_of_a_colleague_s_name():
    # SERIOUS, OLDER. The same, by the partial rule: a word that begins an invitee's name word
    # fits it ('Abd.' for Abdullah), so with Dian Santoso and Diana Hidayat invited from one
    # office, 'Dinkes Klaten - Dian Hidayat' was Diana Hidayat's (partial 0.9), though Dian
    # is a name that office carries. Fixed: a word that is a given name the office carries
    # (any common given name when no one office is named) begins no other (rules.SimilarName).
    p = _one(["Dian Santoso", "Diana Hidayat"], "Dinkes Klaten - Dian Hidayat", KLATEN)
    assert (p.invitee, p.agency) == (None, KLATEN)
    assert [k.invitee for k in p.candidates] == ["B"]


@pytest.mark.parametrize(
    ("name", "shown", "meant"),
    [
        ("Diana Hidayat", "Dinkes Klaten - Dian Hidayat", "A"),  # no Dian there: Diana, partial
        ("Diana Hidayat", "Dinkes Klaten - D. Hidayat", "A"),  # an initial
        ("Andi Irwan", "Dinkes Klaten - Andi Iwan", "A"),  # the office has no Iwan: a slip there
        ("Dewi Hidayat", "Dinkes Klaten - Dedi Hidayat", "A"),  # nor a Dedi (as before)
        ("Rina Lestari", "Rinna Lestari", "A"),  # a doubled letter is a slip
        ("Rinah Lestari", "Rina Lestari", "A"),  # an h is a spelling ('Sugiharto')
        ("Dinar Lestari", "Dinar Lestri", "A"),  # a slip in the other word
    ],
)
def test_held_slips_that_make_no_other_given_name(name, shown, meant):
    assert _one([name], shown, KLATEN).invitee == meant


# --- 8. religious titles spelt out: Haji, Hajjah, Kiai, Teungku, Buya -------------------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Haji Abdul Rauf", "H. Abdul Rauf"),
        ("Haji Abdul Rauf", "Abdul Rauf"),
        ("Hajjah Siti Aminah", "Hj. Siti Aminah"),
        ("Kiai Rizal Effendi", "KH. Rizal Effendi"),
        ("Abdul Rauf", "Haji Abdul Rauf"),
        ("Rizal Effendi", "Tgk. Rizal Effendi"),
        ("Rizal Effendi", "Buya Rizal Effendi"),
    ],
)
def test_a_religious_title_spelt_out_is_the_title_abbreviated(name, shown):
    # LOW. The roster's 'Haji Abdul Rauf' kept 'haji' as a name word, so 'H. Abdul Rauf' (the
    # way the title is written) and 'Abdul Rauf' lost him outright, nothing offered. Fixed:
    # 'haji', 'hajjah', 'kiai', 'teungku', 'buya' and their forms are titles (names.toml).
    assert _one([name], shown, KLATEN).invitee == "A"


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Hajjah Siti Aminah", "Siti Aminah"], "Hj. Siti Aminah"),
        (["Kiai Rizal Effendi", "Rizal Effendi"], "KH. Rizal Effendi"),
    ],
)
def test_two_roster_rows_apart_only_by_a_religious_title_are_a_question(names, shown):
    # SERIOUS before: 'Hj.' is Hajjah, yet 'Hj. Siti Aminah' was Siti Aminah's (name 1.0)
    # beside Hajjah Siti Aminah, since 'hj' was a title and 'hajjah' a name word. Now both
    # rows read 'siti aminah': the organiser picks (as with 'Ust.' on one row, already).
    p = _one(names, shown, KLATEN)
    assert p.invitee is None
    assert {k.invitee for k in p.candidates} == {"A", "B"}


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Rizal Effendi", "Teuku Rizal Effendi"], "Teuku Rizal Effendi", "B"),  # Teuku: a name
        (["Rizal Effendi", "Teuku Rizal Effendi"], "Tgk. Rizal Effendi", "A"),  # Teungku: a title
        (["Rizal Effendi", "Teuku Rizal Effendi"], "T. Rizal Effendi", None),  # T.: either
        (["Cut Meutia", "Meutia"], "Cut Meutia", "A"),
        (["Andi Saleh", "Saleh"], "Andi Saleh", "A"),  # Andi, Bugis title or given name: a name
        (["Andi Saleh", "Andi Irwan Saleh"], "A. Saleh", None),
        (["Rizal Effendi", "Usman Rizal Effendi"], "Us. Rizal Effendi", None),
    ],
)
def test_held_titles_of_birth_are_part_of_the_name(names, shown, meant):
    assert _one(names, shown, KLATEN).invitee == meant


@pytest.mark.xfail(
    strict=True,
    reason="finding, left: 'Gus' is both a title (a kiai's son) and Agus or Bagus said short; "
    "it scores one slip from Agus and is credited to Agus Rizal Effendi beside Rizal Effendi, "
    "whose exact name it is with the title set aside; reading it both ways needs a rule of its own",
)
def test_gus_before_a_name_is_a_question_beside_agus():
    # SERIOUS, OLDER (7117a81 and before): fuzzy 0.9 to Agus Rizal Effendi.
    p = _one(["Agus Rizal Effendi", "Rizal Effendi"], "Gus Rizal Effendi", KLATEN)
    assert p.invitee is None


# --- 9. Javanese single names; nicknames ------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        # the one invitee whose whole name it is; writing only the second word of a two-word
        # Javanese name is rare (Bambang Sutrisno is 'Pak Bambang'), so this stands
        (["Sutrisno", "Bambang Sutrisno"], "Sutrisno", "A"),
        (["Sutrisno", "Bambang Sutrisno"], "Pak Sutrisno", "A"),
        (["Sutrisno", "Sutrisno Hadi"], "Sutrisno", None),  # the other's first name: a question
        (["Bambang Sutrisno"], "Sutrisno", None),  # a second word alone is no one's
        (["Bambang Sutrisno", "Bambang Hartono"], 'Bambang "Ibenk" Sutrisno', None),  # lost, soft
        (["Bambang Sutrisno", "Bambang Hartono"], "Bambang Sutrisno (Ibenk)", "A"),
        (["Bambang Sutrisno", "Ibenk Hartono"], "Bambang (Ibenk)", None),
    ],
)
def test_held_single_names_and_nicknames(names, shown, meant):
    assert _one(names, shown, KLATEN).invitee == meant


def test_held_a_single_name_of_another_office_than_the_one_named_is_not_theirs():
    invitees = [
        Invitee("A", KLATEN, None, name="Sutrisno"),
        Invitee("B", SLEMAN, None, name="Bambang Sutrisno"),
    ]
    (p,) = run(invitees, [("DPMPTSP Sleman - Sutrisno", 0, 120)]).participants
    assert (p.invitee, p.agency) == (None, SLEMAN)


# --- 10. Abd. for Abdur-: a short form glued into a one-word name ----------------------------------


@pytest.mark.xfail(
    strict=True,
    reason="finding, left: 'Abd.' is read as Abdul ([name_forms]) and 'Abd. Rahman' is Abdul "
    "Rahman's exact name; Abdurrahman, one word, which 'Abd. Rahman' abbreviates as often, is "
    "no candidate (the typed-form check reads only names of as many words)",
)
def test_abd_rahman_is_a_question_beside_abdurrahman():
    # SERIOUS, OLDER (7117a81 and before): name 1.0 to Abdul Rahman.
    p = _one(["Abdurrahman", "Abdul Rahman"], "Abd. Rahman", SLEMAN)
    assert p.invitee is None


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Abdul Rahman"], "Abdurrahman", "A"),  # a slip joined: 0.91
        (["Abdullah Rauf", "Abdul Rauf"], "Abd. Rauf", None),  # 12k: Abdullah, or Abdul?
        (["Nurul Huda", "Nur Huda"], "Nurul Huda", "A"),
        (["Nurul Huda", "Nur Huda"], "Nurhuda", "B"),  # Nur and Huda glued: Nur Huda
        (["Nurul Huda", "Nur Huda"], "Nurulhuda", "A"),
        (["Nurul Huda"], "Nur Huda", None),  # Nur is no slip of Nurul: a question
        (["Muhammad Rizal", "Mulyadi Rizal"], "M. Rizal", None),
        (["Muhammad Nur", "Mohammad Nur"], "Moh. Nur", None),  # both Muhammad once read
    ],
)
def test_held_abdul_nur_and_muhammad(names, shown, meant):
    assert _one(names, shown, SLEMAN).invitee == meant


# --- 11. ranks and positions before the name; degrees spelt oddly ---------------------------------

MAKASSAR = "Badan Kesatuan Bangsa dan Politik Kota Makassar"


@pytest.mark.parametrize(
    "shown",
    [
        "Kompol Andi Saleh",
        "AKBP Andi Saleh",
        "Letkol Inf. Andi Saleh",
        "Penata Tk. I Andi Saleh",
        "Pembina IV/a Andi Saleh",
        "Kabid Perizinan - Andi Saleh",
        "Andi Saleh, S.E.,M.M",
        "Andi Saleh SE MM",
        "Andi Saleh, S.Kom.",
        "Dr.rer.nat. Andi Saleh",
        "Andi Saleh, S.Tr.IP",
        "Andi Saleh, A.Md.Kom",
    ],
)
def test_held_a_rank_position_or_degree_beside_the_name_keeps_the_name(shown):
    assert _one(["Andi Saleh"], shown, MAKASSAR).invitee == "A"


@pytest.mark.parametrize(
    ("names", "shown", "meant"),
    [
        (["Andi Saleh", "Andi Irwan"], "Kabid Perizinan - Andi", None),  # a first name two share
        (["Budi Santoso", "Agus Budi Santoso"], "Penata Tk. I Budi Santoso", "A"),  # I: Tingkat I
        (["Budi Santoso", "Agus Budi Santoso"], "Pembina IV/a Budi Santoso", None),  # a: Agus?
        (["Agus Budi Santoso"], "Pembina IV/a Budi Santoso", None),  # a golongan is no initial
    ],
)
def test_held_ranks_that_hold_a_letter(names, shown, meant):
    assert _one(names, shown, MAKASSAR).invitee == meant


# --- 12. Bugis and Balinese words of the name written short; caste titles abbreviated ---------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Saleh Daeng Matutu", "Saleh Dg. Matutu"),
        ("Saleh Dg. Matutu", "Saleh Daeng Matutu"),
        ("I Gusti Ngurah Rai", "I Gst. Ngr. Rai"),
        ("I Gusti Ngurah Rai", "I Gusti Ngr Rai"),
    ],
)
def test_daeng_gusti_and_ngurah_written_short_are_those_words(name, shown):
    # LOW. 'Dg.' (Daeng), 'Gst.' (Gusti) and 'Ngr.' (Ngurah) are how these words of a Bugis,
    # Makassar or Balinese name are written short; they were no form of them, and the invitee
    # was lost outright. Fixed: names.toml [name_forms].
    assert _one([name], shown).invitee == "A"


@pytest.mark.parametrize(
    ("names", "shown"),
    [
        (["Ida Bagus Putu Suarjana", "I Putu Suarjana"], "IB Putu Suarjana"),
        (["Ida Bagus Putu Suarjana", "I Putu Suarjana"], "I.B. Putu Suarjana"),
        (["Anak Agung Gede Rai", "I Gede Rai"], "A.A. Gede Rai"),
        (["Anak Agung Gede Rai", "I Gede Rai"], "AA Gede Rai"),
        (["I Gusti Ngurah Rai", "I Gede Ngurah Rai"], "I G. Ngurah Rai"),
        (["Gusti Ayu Made Sari", "I Gusti Ayu Made Sari"], "G.A. Made Sari"),
    ],
)
def test_held_a_caste_title_abbreviated_credits_neither(names, shown):
    # 'IB', 'A.A.' are no form of Ida Bagus or Anak Agung (two words): neither is credited
    # (the Review tab offers whom the words fit)
    assert _one(names, shown).invitee is None
