"""Matching on a programme from the second generator (bench/generator2.py): whole provinces,
a dozen offices, names by region and an explicit slip model. Figures live in bench/; this
only checks the floor the matcher must never go under: no one credited to a wrong invitee."""

from __future__ import annotations

import random

from bench import generator2
from bench.accuracy import Score, programme_for, roster_of, score_session
from vc_sync.domain import build_index
from vc_sync.model import Policy, Window
from vc_sync.reconcile import reconcile


def test_the_second_generator_has_its_own_habits_and_slips():
    assert len(generator2.HABITS) + 1 >= 15  # and the named second devices
    slips = {generator2.slip(random.Random(n), "Wahyuni")[1] for n in range(40)}
    assert slips == {"transpose", "double", "drop", "near"}


def test_a_programme_of_the_second_generator_is_matched_without_wrong_credit():
    prog = programme_for(7, 3, generator=2)
    prog.people_by_invitee = {p.invitee: p for p in prog.roster}
    index = build_index(roster_of(prog))
    total = Score()
    for log in prog.sessions:
        result = reconcile(log.segments, index, Window(log.id, log.start, log.end), Policy(min_minutes=45))
        total.add(score_session(prog, log, result))
    assert total.inv_tp / (total.inv_tp + total.inv_fp) >= 0.995
    assert total.inv_tp / total.inv_identifiable >= 0.97
    assert total.homonym_wrong == 0
