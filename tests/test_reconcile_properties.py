"""Invariants of the reconcile over generated, messy programmes (hypothesis)."""

from __future__ import annotations

import random
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.accuracy import roster_of
from bench.generator import generate
from vc_sync.domain import build_index
from vc_sync.kinds import PERSON_STATUSES
from vc_sync.model import Policy, Roster, Segment, Window
from vc_sync.reconcile import reconcile
from vc_sync.report import to_json

REGIONS = [["sleman", "bantul", "kotayk"], ["diy", "kulonprogo"], ["klaten", "kabmagelang", "kotamagelang"]]
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def programme(seed: int, regions: int):
    prog = generate(seed, [("S1", REGIONS[regions])], people_per_agency=(2, 4), strangers=2, visitors=0)
    log = prog.sessions[0]
    return roster_of(prog), log, Window(log.id, log.start, log.end)


def reconciled(segments, roster: Roster, window: Window):
    return reconcile(segments, build_index(roster), window, Policy(min_minutes=45))


seeds = st.integers(0, 10_000)
which = st.integers(0, len(REGIONS) - 1)


@SETTINGS
@given(seeds, which, st.randoms(use_true_random=False))
def test_order_of_segments_and_roster_rows_does_not_matter(seed, regions, rnd):
    roster, log, window = programme(seed, regions)
    before = to_json(reconciled(log.segments, roster, window), "Asia/Jakarta")
    segments = list(log.segments)
    rows = list(roster.invitees)
    rnd.shuffle(segments)
    rnd.shuffle(rows)
    after = to_json(reconciled(segments, Roster(tuple(rows)), window), "Asia/Jakarta")
    assert after == before


@SETTINGS
@given(
    seeds,
    which,
    st.sampled_from(
        ["Zulkifli Pardede", "Ketut Wirawan", "Hotma Sitompul", "iPhone 8", "Made Ardana (tamu)", "Guest 12"]
    ),
)
def test_an_unrelated_stranger_changes_no_one_else(seed, regions, stranger):
    roster, log, window = programme(seed, regions)
    before = reconciled(log.segments, roster, window)
    extra = Segment(stranger, window.start, window.end, source="stranger", seq=0)
    after = reconciled([*log.segments, extra], roster, window)

    def decisions(result):
        return {
            s.ref: (p.invitee, p.agency, p.status)
            for p in result.participants
            for s in p.segments
            if s.source != "stranger"
        }

    assert decisions(after) == decisions(before)
    (mine,) = [p for p in after.participants if any(s.source == "stranger" for s in p.segments)]
    assert mine.status == "unmatched" and len(mine.segments) == 1


@SETTINGS
@given(seeds, which)
def test_every_segment_lands_in_exactly_one_participant(seed, regions):
    roster, log, window = programme(seed, regions)
    result = reconciled(log.segments, roster, window)
    refs = [s.ref for p in result.participants for s in p.segments]
    assert sorted(refs) == sorted(s.ref for s in log.segments)
    assert result.totals.segments == len(log.segments)
    assert sum(result.totals.of(s) for s in PERSON_STATUSES) == len(result.participants)


@SETTINGS
@given(seeds, which, st.integers(-120, 120), st.integers(10, 300))
def test_minutes_never_exceed_the_window(seed, regions, shift, length):
    roster, log, _ = programme(seed, regions)
    start = log.start + timedelta(minutes=shift)
    window = Window("S1", start, start + timedelta(minutes=length))
    result = reconciled(log.segments, roster, window)
    assert all(0 <= p.minutes <= length + 1e-9 for p in result.participants)
    assert all(0 <= i.minutes <= length + 1e-9 for i in result.invitees)


def test_matching_on_an_unseen_programme_meets_the_targets():
    """One generated programme of five sessions the matcher was not tuned on."""
    from bench.accuracy import Score, programme_for, score_session

    prog = programme_for(random.Random(20261128).randint(10_000, 99_999), 3)
    prog.people_by_invitee = {p.invitee: p for p in prog.roster}
    index = build_index(roster_of(prog))
    total = Score()
    for log in prog.sessions:
        policy = Policy(min_minutes=45)
        result = reconcile(log.segments, index, Window(log.id, log.start, log.end), policy)
        total.add(score_session(prog, log, result, policy))
    assert total.inv_tp / (total.inv_tp + total.inv_fp) >= 0.995
    assert total.inv_tp / total.inv_identifiable >= 0.97
    assert total.ag_tp / total.ag_identifiable >= 0.95
    assert total.homonym_wrong == 0
    assert sum(1 for error in total.count_errors if error) <= 1  # verified counts, under "seats"
