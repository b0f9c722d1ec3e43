"""One two-hour session S1 reconciled from a list of invitees and display names, for tests
that read what the matcher makes of a handful of connections."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from vc_sync.domain import build_index
from vc_sync.model import Invitee, Policy, Roster, Segment, Window
from vc_sync.reconcile import Result, reconcile

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
WINDOW = Window("S1", T0, T0 + timedelta(minutes=120))
POLICY = Policy(min_minutes=45)
OTHER = frozenset({"S2"})  # invited to another session of the programme

SLEMAN_PTSP = "DPMPTSP Kabupaten Sleman"
KLATEN_DINKES = "Dinas Kesehatan Kabupaten Klaten"
SURAKARTA_BKPSDM = "BKPSDM Kota Surakarta"


def run(invitees: list[Invitee], shown: list[tuple[str, int, int]]) -> Result:
    """S1 with these invitees and these connections: (display name, minute joined, minute left)."""
    index = build_index(Roster(tuple(invitees)))
    segs = [
        Segment(name, T0 + timedelta(minutes=a), T0 + timedelta(minutes=b), None, None, "t", n)
        for n, (name, a, b) in enumerate(shown, 1)
    ]
    return reconcile(segs, index, WINDOW, POLICY)


def invitee_of(result: Result, display: str) -> str | None:
    return next(p.invitee for p in result.participants if display in p.display_names)
