"""Second hostile review of issue 12's matcher fixes (542e1f6, after
tests/test_hostile_review_12d.py) and of the Review tab's speed change (af62cdc): cases where
a fix now credits the wrong invitee, loses a credit a careful secretariat would make, or
where the rewritten suggestions and time formatting could differ from what they replaced.
Each was a failing test, a finding; the matcher was then changed to pass them (given names
read against spellings, an office's own given names, a typing slip of five letters or more
that is no one's name, an exact name of another agency than the one named), except where
the lead DECIDED otherwise and says why. PRE-EXISTING ones did not change with the fix but
sat inside the rule it touched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.one_session import SLEMAN_PTSP, SURAKARTA_BKPSDM, invitee_of, run
from vc_sync.domain import build_index
from vc_sync.kinds import Doubt, Status
from vc_sync.matching.names import person_tokens, roster_name, split_display
from vc_sync.matching.people import Candidate
from vc_sync.model import Invitee, Roster
from vc_sync.outputs.layout import SEP, Context, _NotHere, _why_open, suggestions
from vc_sync.outputs.words import Words
from vc_sync.reconcile import Participant
from vc_sync.report import minute as _local

# --- 1a. the cap now needs BOTH words in given_names: half-listed pairs are credited -----------
# given_names lists some man/woman pairs whole (Wahyudi/Wahyuni) but holds only one side of
# many others: Mulyadi (listed) / Mulyati (not), Suryadi / Suryati, Rahmat / Rahmah. Before
# 542e1f6 the typed word alone decided ('mulyadi' is a name, so no slip: Review). Now the
# roster side must be listed too, so a man typing his own correct name is credited to a
# woman of the roster one letter away - nobody else near. Wrong credit, new with the fix.


@pytest.mark.parametrize(
    ("typed", "rostered"),
    [
        ("Mulyadi", "Mulyati"),  # one-word names, common for older Javanese officials
        ("Suryadi Handayani", "Suryati Handayani"),
        ("Rahmat Hidayati", "Rahmah Hidayati"),
    ],
)
def test_a_man_typing_a_listed_given_name_is_not_credited_to_a_woman_one_letter_away(typed, rostered):
    # SERIOUS: 'Mulyadi' is in given_names, 'Mulyati' is not; the woman's row is verified
    # with the man's 120 minutes. Before the fix: Review (0.7).
    result = run([Invitee("A", SLEMAN_PTSP, None, name=rostered)], [(typed, 0, 120)])
    assert invitee_of(result, typed) is None
    assert result.totals.verified == 0


@pytest.mark.parametrize(
    ("typed", "rostered"),
    [("Wahyudi Hidayat", "Wahyudin Hidayat"), ("Sri Purwanti", "Sri Purwati")],
)
def test_a_listed_given_name_against_an_unlisted_distinct_name_stays_open(typed, rostered):
    # DEBATABLE: Wahyudi/Wahyudin and Purwanti/Purwati are each two everyday names (the
    # 'Sugiarto'/'Sugiharto' argument - one name spelt two ways - does not hold: nobody
    # writes Wahyudin as Wahyudi). Before the fix: Review; now credited at 0.93.
    result = run([Invitee("A", SLEMAN_PTSP, None, name=rostered)], [(typed, 0, 120)])
    assert invitee_of(result, typed) is None


# --- 1b. with one agency named, EVERY name word of its invitees caps a slip -------------------
# given = m.office_words(agency) holds surnames as well as given names. Indonesian surnames
# come in spellings one letter apart that are one name (Santoso/Santosa, Saputra/Saputro,
# Setiawan/Setiyawan). When a colleague in the same office carries the other spelling, the
# invitee typing their own name in the everyday spelling is capped to 0.7 (< 0.75 hinted) and
# only the agency is credited. The same display name WITHOUT the office is credited: naming
# your office now loses you your own credit. Before the fix (no cap when hinted): credited.


@pytest.mark.parametrize(
    ("rostered", "colleague", "typed"),
    [
        ("Wahyudi Santosa", "Budi Santoso", "DPMPTSP Sleman - Wahyudi Santoso"),
        ("Eko Saputra", "Agus Saputro", "DPMPTSP Sleman - Eko Saputro"),
        ("Andi Setiyawan", "Rudi Setiawan", "DPMPTSP Sleman - Andi Setiawan"),
    ],
)
def test_a_colleague_s_surname_spelling_does_not_cap_a_slip_of_one_s_own_name(rostered, colleague, typed):
    # SERIOUS (lost credit): only one Wahyudi / Eko / Andi in the office; the secretariat
    # credits them at a glance. Now: agency only, invitee A stays absent.
    roster = [
        Invitee("A", SLEMAN_PTSP, None, name=rostered),
        Invitee("B", SLEMAN_PTSP, None, name=colleague),
    ]
    result = run(roster, [(typed, 0, 120)])
    assert invitee_of(result, typed) == "A"


def test_naming_the_office_does_not_make_a_name_weaker_than_not_naming_it():
    # The same roster: 'Eko Saputro' bare is credited to Eko Saputra; 'DPMPTSP Sleman - Eko
    # Saputro' (more evidence) is not. Monotonicity of evidence, broken by the fix.
    roster = [
        Invitee("A", SLEMAN_PTSP, None, name="Eko Saputra"),
        Invitee("B", SLEMAN_PTSP, None, name="Agus Saputro"),
    ]
    bare = invitee_of(run(roster, [("Eko Saputro", 0, 120)]), "Eko Saputro")
    named = invitee_of(
        run(roster, [("DPMPTSP Sleman - Eko Saputro", 0, 120)]), "DPMPTSP Sleman - Eko Saputro"
    )
    assert bare == named == "A"


def test_an_exact_name_elsewhere_in_the_roster_is_not_read_as_a_slip_of_an_office_colleague():
    # DEBATABLE, PRE-EXISTING inside the fix's exemption: the office's words decide, so
    # 'wahyudi' (no Wahyudi in Sleman PTSP) is a slip of Wahyuni Santoso - although the roster
    # holds a Wahyudi Santoso, exact, in another office (session 2). Either he named the wrong
    # office or a Sleman colleague of that name came; crediting Wahyuni (a woman) is neither.
    roster = [
        Invitee("A", SLEMAN_PTSP, None, name="Wahyuni Santoso"),
        Invitee("B", "Dinas Kesehatan Kabupaten Klaten", frozenset({"S2"}), name="Wahyudi Santoso"),
    ]
    result = run(roster, [("DPMPTSP Sleman - Wahyudi Santoso", 0, 120)])
    assert invitee_of(result, "DPMPTSP Sleman - Wahyudi Santoso") != "A"


# --- 3. a typing slip beside a device: transpositions and doubled letters DO make names -------
# _typing_slip says a swap or a doubled letter 'makes no one else's name'. In short given
# names it does: Dian/Dina, Ria/Ira, Nia/Ina, Rina/Rian are transpositions of each other and
# every one of Dian, Dina, Ria, Ira, Nia, Ina, Rina is in given_names itself. The 12d finding
# (Sunarti beside 'Sunarto laptop') is back with these names: a second person, on the whole
# session, folded into the owner of an 8-minute laptop, who is then verified on her minutes.
# PRE-EXISTING (merged before 542e1f6 too) but squarely inside the fix, which claims to close it.


@pytest.mark.parametrize(
    ("owner", "device", "other"),
    [
        ("Dian", "Dian laptop", "Dina"),
        ("Ria", "HP Ria", "Ira"),
        ("Nia", "HP Nia", "Ina"),
        ("Rina", "Rina laptop", "Rian"),
    ],
)
def test_a_colleague_whose_name_is_a_swap_of_the_owner_s_is_not_the_owner_s_second_screen(
    owner, device, other
):
    # SERIOUS: wrong credit (same shape as 12d's Sunarti). Should: owner unverified (8 min),
    # the other on Review.
    roster = [Invitee("N1", SURAKARTA_BKPSDM, None, name=owner)]
    result = run(roster, [(device, 30, 38), (other, 0, 120)])
    assert invitee_of(result, other) is None
    assert result.totals.verified == 0


# --- 4a. the Review tab's suggestions: the word index against the old loop --------------------


def _old_suggestions(ctx: Context, p: Participant, not_here: Sequence[str] = ()) -> str:
    """layout.suggestions as of af62cdc^, verbatim but for names and the score review 25c
    took out of each line: the oracle."""
    w = ctx.words
    people = {i.id: i for i in ctx.roster.invitees}
    ranked = sorted(p.candidates, key=lambda c: (-c.in_session, -c.score, c.invitee))[:3]
    lines = []
    for n, c in enumerate(ranked, start=1):
        inv = people[c.invitee]
        why = w(f"method.{c.method}")
        other = "" if c.in_session else f", {w('why.other_session')}"
        lines.append(f"{n}. {inv.name}{SEP}{inv.agency} — {why}{other}")
    shown = {c.invitee for c in ranked}
    if ctx.names is not None:
        names = ctx.names
        said = {t for n in p.display_names for t in person_tokens(split_display(n, names).tokens, names)}
        for inv_id in not_here:
            inv = people.get(inv_id)
            if len(lines) >= 3 or inv is None or inv_id in shown:
                continue
            shared = [t for t in roster_name(inv.name, names) if t in said and len(t) >= 3]
            if shared:
                why = w("why.not_here", word=shared[0].title())
                lines.append(f"{len(lines) + 1}. {inv.name}{SEP}{inv.agency} — {why}")
    if not lines:
        return w("why.none")
    first = _why_open(w, p, people[ranked[0].invitee].name) if ranked else w("why.low")
    return "\n".join([first, *lines])


_WORDS = [
    "Siti",
    "Nur",
    "Ani",
    "Budi",
    "Sri",
    "Wahyuni",
    "Santoso",
    "Dr.",
    "Hj.",
    "Eko",
    "Ir",
    "Moeljadi",
    "Mulyadi",
]
_name = st.lists(st.sampled_from(_WORDS), max_size=4).map(" ".join)
_ids = st.sampled_from(["A", "B", "C", "D", "E", "X"])  # X: in no roster


@settings(max_examples=300, deadline=None)
@given(
    names=st.lists(_name, min_size=1, max_size=5),
    not_here=st.lists(_ids, max_size=7),
    shown=st.lists(_name, min_size=1, max_size=3),
    cands=st.lists(st.tuples(st.integers(0, 4), st.floats(0.5, 1.0), st.booleans()), max_size=4),
    with_names=st.booleans(),
    doubt=st.sampled_from([None, Doubt.TIE, Doubt.HELD, Doubt.CLAIMED]),
)
def test_suggestions_read_through_the_word_index_are_the_old_loop_s(
    names, not_here, shown, cands, with_names, doubt
):
    roster = Roster(
        tuple(Invitee("ABCDE"[n], f"Agency {n % 2}", None, name=nm) for n, nm in enumerate(names))
    )
    ctx = Context(
        Words("en"), "Asia/Jakarta", roster, (), names=build_index(roster).words if with_names else None
    )
    candidates = tuple(
        Candidate(roster.invitees[i % len(names)].id, round(s, 4), "fuzzy", ours) for i, s, ours in cands
    )
    p = Participant(
        "k", tuple(shown), None, 60.0, None, None, Status.UNMATCHED, "", 0.0, (), candidates, "", doubt
    )
    assert suggestions(ctx, p, _NotHere.of(ctx, not_here)) == _old_suggestions(ctx, p, not_here)
    assert suggestions(ctx, p) == _old_suggestions(ctx, p)


# --- 4b. _local without pendulum --------------------------------------------------------------


def _old_local(value: datetime, tz: str) -> str:
    return pendulum.instance(value).in_tz(tz).format("YYYY-MM-DD HH:mm")


@settings(max_examples=300, deadline=None)
@given(
    value=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.sampled_from([UTC, None])
    ),
    tz=st.sampled_from(
        ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC", "Europe/London", "America/New_York"]
    ),
)
def test_local_times_are_pendulum_s_for_the_instants_the_providers_give(value, tz):
    # Passes: what the providers give (UTC or naive-as-UTC) formats the same.
    assert _local(value, tz) == _old_local(value, tz)


# A wall time in a zone's gap (02:30 on New York's spring-forward day) formats differently
# through pendulum and through astimezone; no such value reaches _local (providers give UTC,
# the config refuses times in a gap), so no test pins either answer.


def test_local_years_before_1000_are_written_with_four_digits():
    # DEBATABLE, harmless (the providers refuse such years): pendulum wrote '999-01-01 07:07',
    # the new code '0999-01-01 07:07' (arguably better).
    # DECIDED (lead): the four-digit year, as ISO 8601 writes it.
    value = datetime(999, 1, 1, tzinfo=UTC)
    assert _local(value, "Asia/Jakarta") == "0999-01-01 07:07"
    assert _old_local(value, "Asia/Jakarta") == "999-01-01 07:07"
