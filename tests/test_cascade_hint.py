"""The agency hint is read only when a rule or a later pass needs it: a person an e-mail
places goes without, anyone left unplaced has it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vc_sync.domain import build_index
from vc_sync.matching import rules
from vc_sync.matching.agencies import NO_HINT
from vc_sync.matching.matcher import DEFAULT_TUNING, NO_OVERRIDES, Matcher
from vc_sync.matching.people import group_people
from vc_sync.model import Invitee, Policy, Roster, Segment, Window
from vc_sync.reconcile import reconcile

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
WINDOW = Window("S1", T0, T0 + timedelta(minutes=120))
INDEX = build_index(
    Roster(
        (
            Invitee(
                "R1", "DPMPTSP Kabupaten Sleman", None, name="Andi Kurniawan", email="andi@slemankab.go.id"
            ),
            Invitee("R2", "DPMPTSP Kabupaten Sleman", None, name="Bambang Hadi"),
        )
    )
)


def _decided(name: str, email: str | None, cascade=rules.CASCADE):
    (c,) = group_people([Segment(name, T0, T0 + timedelta(minutes=90), email, None, "t", 1)], INDEX)
    Matcher(INDEX, WINDOW, DEFAULT_TUNING, NO_OVERRIDES, cascade).decide(c)
    return c


def test_a_person_placed_by_e_mail_needs_no_hint():
    c = _decided("DPMPTSP Sleman Andi", "andi@slemankab.go.id")
    assert (c.invitee, c.method, c.hint) == ("R1", "email", NO_HINT)


def test_a_rule_that_reads_the_hint_has_it():
    c = _decided("DPMPTSP Sleman Bambang Hadi", None)
    assert (c.invitee, c.method) == ("R2", "name")
    assert c.hint.agencies == {"DPMPTSP Kabupaten Sleman"}


def test_whoever_the_cascade_leaves_unplaced_has_the_hint_for_the_later_passes():
    """A cascade of rules that read no hint still leaves it to settle, devices and the fall to
    the agency: an office's delegate is its agency's."""
    only_strong = tuple(r for r in rules.CASCADE if not r.hinted)
    assert [r.name for r in only_strong] == ["override", "email"]
    c = _decided("DPMPTSP Sleman Rina", None, only_strong)
    assert c.invitee is None and c.hint.agencies == {"DPMPTSP Kabupaten Sleman"}
    segment = Segment("DPMPTSP Sleman Rina", T0, T0 + timedelta(minutes=90), None, None, "t", 1)
    (p,) = reconcile([segment], INDEX, WINDOW, Policy(min_minutes=45), rules=only_strong).participants
    assert (p.agency, p.method) == ("DPMPTSP Kabupaten Sleman", "agency")
