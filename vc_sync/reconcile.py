"""Reconcile one session's participant log against the roster. Pure: no I/O, no clock.

The stages, each in a module of its own:

1. ``matching/people.py`` groups connections into people (same e-mail, provider id, phone
   or identifying name);
2. ``matching/matcher.py`` runs the cascade of ``matching/rules.py`` on each person (override,
   e-mail, phone, alias, exact name, name in order, similar names scored);
3. ``matching/settle.py`` settles weak claims on one invitee together, and
   ``matching/devices.py`` places devices named after their owner;
4. whoever is still unplaced falls to the one agency their display name names;
5. ``tallies.py`` makes people of the matched connections and gives each a status against the
   window and the policy, and the session's invitees, agencies and totals.
"""

from __future__ import annotations

from collections.abc import Sequence

from vc_sync.matching.devices import second_devices
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.matcher import DEFAULT_TUNING, NO_OVERRIDES, Matcher, Overrides, Tuning
from vc_sync.matching.people import Candidate, group_people
from vc_sync.matching.rules import CASCADE, Rule
from vc_sync.matching.settle import settle_weak
from vc_sync.model import Policy, Segment, Window
from vc_sync.results import AgencyStatus, InviteeStatus, Participant, Result
from vc_sync.tallies import attendance

__all__ = [
    "AgencyStatus",
    "Candidate",
    "InviteeStatus",
    "Overrides",
    "Participant",
    "Result",
    "Tuning",
    "reconcile",
]


def reconcile(
    segments: Sequence[Segment],
    index: RosterIndex,
    window: Window,
    policy: Policy,
    overrides: Overrides = NO_OVERRIDES,
    tuning: Tuning = DEFAULT_TUNING,
    rules: Sequence[Rule] = CASCADE,
) -> Result:
    """Who attended this session, as whom, for how long (``reconcile --format json`` prints it).
    ``rules``: the matching cascade (``matching/rules.py``), in order."""
    matcher = Matcher(index, window, tuning, overrides, rules)
    clusters = group_people(segments, index)
    for c in clusters:
        matcher.decide(c)
    settle_weak(clusters, matcher)
    second_devices(clusters, matcher)
    for c in clusters:
        if c.invitee is None and c.agency is None and not c.ignored:
            matcher.fall_to_agency(c)

    return attendance(clusters, len(segments), index, window, policy)
