"""The matching cascade is data: an ordered list of rules, each with the method it gives and
how ``--explain`` words it; the list alone decides what runs and in which order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vc_sync.domain import build_index
from vc_sync.matching import rules
from vc_sync.matching.methods import METHODS, RANK, STRONG
from vc_sync.matching.people import Cluster
from vc_sync.model import Invitee, Policy, Roster, Segment, Window
from vc_sync.reconcile import reconcile
from vc_sync.report import explain

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
WINDOW = Window("S1", T0, T0 + timedelta(minutes=120))
ROSTER = Roster(
    (
        Invitee("R1", "DPMPTSP Kabupaten Sleman", None, name="Andi Kurniawan", email="andi@slemankab.go.id"),
        Invitee("R2", "DPMPTSP Kabupaten Sleman", None, name="Bambang Hadi", aliases=("Pak Bams",)),
        Invitee("R3", "Dinas Pariwisata Kabupaten Bantul", None, name="Sri Wahyuni"),
    )
)
INDEX = build_index(ROSTER)


def _seg(name: str, email: str | None = None, n: int = 1) -> Segment:
    return Segment(name, T0, T0 + timedelta(minutes=120), email, None, "t", n)


def _run(*segments: Segment, cascade=rules.CASCADE):
    return reconcile(list(segments), INDEX, WINDOW, Policy(min_minutes=45), rules=cascade)


def test_every_rule_gives_a_method_with_its_wording_and_strength():
    given = [r.method for r in rules.CASCADE if r.method]
    assert given and all(m in METHODS for m in given)
    assert all(METHODS[m].explain for m in METHODS)
    assert [r.name for r in rules.CASCADE] == list(dict.fromkeys(r.name for r in rules.CASCADE))
    # the strong methods rank above every weak one, in the cascade's order
    assert sorted(STRONG, key=RANK.get) == [r.method for r in rules.CASCADE if r.method in STRONG]
    assert max(RANK[m] for m in STRONG) < min(RANK[m] for m in METHODS if m not in STRONG)


def test_the_list_decides_what_runs():
    seg = _seg("Kurniawan Andi (laptop kantor)", email="andi@slemankab.go.id")
    (p,) = _run(seg).participants
    assert (p.invitee, p.method) == ("R1", "email")
    without_email = tuple(r for r in rules.CASCADE if r.name != "email")
    (p,) = _run(seg, cascade=without_email).participants
    assert (p.invitee, p.method) == ("R1", "name")  # the next rule that fits


def test_a_new_rule_takes_its_place_and_is_explained():
    class StaffNumber(rules.Rule):
        """'NIP 1987…' in a display name: the invitee with that staff number (a test rule)."""

        name, method = "staff_number", "alias"

        def decide(self, c: Cluster, a: rules.Attempt, m) -> bool:
            if any("198701012010011001" in raw for raw in c.displays):
                m.take(c, "R3", self.method, 1.0)
                return True
            return False

    cascade = (*rules.CASCADE[:4], StaffNumber(), *rules.CASCADE[4:])
    result = _run(_seg("NIP 198701012010011001", n=1), _seg("Andi Kurniawan", n=2), cascade=cascade)
    by_invitee = {p.invitee: p for p in result.participants}
    assert by_invitee["R3"].method == "alias" and by_invitee["R1"].method == "name"
    (row,) = explain(result, INDEX, "NIP 198701012010011001")
    assert row["decided"]["invitee"] == "R3"
    assert row["why"] == METHODS["alias"].explain


def test_no_rule_depends_on_another_having_run():
    """A rule reads what it needs from the Attempt, worked out on first need: taking the
    exact-name rule out leaves the similar-name rule working, and a rule put first sees the
    person's words."""
    typo = _seg("Andi Kurniawn")
    (p,) = _run(typo).participants
    assert (p.invitee, p.method) == ("R1", "fuzzy")
    (p,) = _run(typo, cascade=tuple(r for r in rules.CASCADE if r.name != "name")).participants
    assert (p.invitee, p.method) == ("R1", "fuzzy")

    seen = []

    class Looks(rules.Rule):
        name, method = "looks", ""

        def decide(self, c, a, m) -> bool:
            seen.append((tuple(a.variants), a.allowed))
            return False

    _run(_seg("Sleman_DPMPTSP_Andi Kurniawan"), cascade=(Looks(), *rules.CASCADE))
    ((variants, allowed),) = seen
    assert variants == ((("andi", "kurniawan"), ("andi", "kurniawan")),)
    assert allowed == {"R1", "R2"}


def test_every_open_participant_with_a_reason_says_its_doubt_as_a_code():
    """The Review tab words why a row is open from ``Participant.doubt``, not by searching the
    matcher's English sentence: every open participant the matcher explained carries one."""
    from bench.accuracy import programme_for, roster_of
    from vc_sync.kinds import Doubt, Status

    seen = set()
    for seed in (1, 2, 3):
        prog = programme_for(seed, 5, generator=2)
        index = build_index(roster_of(prog))
        for log in prog.sessions:
            result = reconcile(
                log.segments, index, Window(log.id, log.start, log.end), Policy(min_minutes=45)
            )
            for p in result.participants:
                if p.status == Status.UNMATCHED and p.reason:
                    assert isinstance(p.doubt, Doubt), (p.display_names, p.reason)
                    seen.add(p.doubt)
    assert Doubt.TIE in seen  # held: tests/test_layout.py, the Review row of "Sri Wahyuno"
