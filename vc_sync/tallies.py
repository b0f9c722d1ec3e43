"""From matched connections to a session's attendance: people, statuses and counts.

Connections matched to one invitee are one person; connections attributed to one agency
under one display name are as few people as were connected at once. Each person's status
follows from the window and the policy (the minutes to count; with ``delegates = "seats"`` an
agency counts at most its invited seats). Pure: no I/O, no clock.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections import Counter, defaultdict
from datetime import UTC, datetime

from vc_sync.intervals import covered_seconds
from vc_sync.keys import invitee_key
from vc_sync.kinds import PERSON_STATUSES, Delegates, Presence, Status
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.methods import NONE, RANK
from vc_sync.matching.people import Cluster, chronological
from vc_sync.model import Policy, Window
from vc_sync.results import AgencyStatus, InviteeStatus, Participant, Result, Totals

STATUSES = PERSON_STATUSES  # a participant's statuses, in the order the totals count them


def _standing(
    c_invitee: str | None, agency: str | None, ignored: bool, index: RosterIndex, session: str
) -> Status | None:
    """A person's status whatever their minutes; None when the minutes decide it."""
    if ignored:
        return Status.IGNORED
    if c_invitee is not None:
        inv = index.people[c_invitee].invitee
        if inv.is_organiser:
            return Status.ORGANISER
        if not inv.invited_to(session):
            return Status.WRONG_SESSION
    elif agency is not None:
        if agency in index.organiser_agencies:
            return Status.ORGANISER
        members = [index.people[i].invitee for i in index.by_agency.get(agency, ())]
        if not members:
            return Status.UNMATCHED
        if not any(i.invited_to(session) for i in members if not i.is_organiser):
            return Status.WRONG_SESSION
    else:
        return Status.UNMATCHED
    return None


def merge(clusters: list[Cluster]) -> list[list[Cluster]]:
    """One person per invitee (second devices join); connections attributed to one agency
    under one display name are as few people as were connected at once; every other
    cluster stands alone."""
    by_invitee: dict[str, list[Cluster]] = defaultdict(list)
    by_name: dict[tuple[str, frozenset[str]], list[Cluster]] = defaultdict(list)
    alone = []
    for c in clusters:
        if c.invitee is not None:
            by_invitee[c.invitee].append(c)
        elif c.agency is not None and not c.ignored:
            by_name[c.agency, frozenset(c.displays)].append(c)
        else:
            alone.append([c])
    chains = [chain for group in by_name.values() for chain in _rejoins(group)]
    return list(by_invitee.values()) + chains + alone


def _rejoins(group: list[Cluster]) -> list[list[Cluster]]:
    """Connections under one name that a namesake kept apart ('Ratri Lestari' of an office
    with two): one after another they are one person rejoining; at once, several people."""
    chains: list[list[Cluster]] = []
    ends: list[tuple[datetime, int]] = []  # when each chain's last connection left
    for c in sorted(group, key=lambda c: (c.segments[0].join, c.base_key)):
        leave = max(s.leave for s in c.segments)
        if ends and ends[0][0] <= c.segments[0].join:
            k = heapq.heappop(ends)[1]
            chains[k].append(c)
        else:
            k = len(chains)
            chains.append([c])
        heapq.heappush(ends, (leave, k))
    return chains


def plain(value: datetime) -> datetime:
    """The same instant as a standard-library datetime in UTC, the segments' zone: arithmetic on
    a subclass such as pendulum's (a config's time in a form only pendulum reads) is many times
    slower, and across two zones every comparison asks the zone's offset (a third of the
    minutes' cost); this runs once per person."""
    if type(value) is not datetime:
        value = datetime.combine(value.date(), value.timetz())
    return value.astimezone(UTC) if value.tzinfo is not None else value


def seats_of(index: RosterIndex, session: str) -> dict[str, int]:
    """Each agency's invited participant rows in the session (agencies with none absent)."""
    seats: dict[str, int] = defaultdict(int)
    for inv in index.roster.invitees:
        if not inv.is_organiser and inv.invited_to(session):
            seats[inv.agency] += 1
    return dict(seats)  # shared by the seats rule and the agency rows: no key made by a lookup


def seat_delegates(people: list[Participant], seats: dict[str, int]) -> list[Participant]:
    """Count at most an agency's invited seats: named invitees first, then the people it sent
    in their place by time present; anyone beyond is a delegate, shown but not counted."""
    named: dict[str, int] = defaultdict(int)
    sent: dict[str, list[Participant]] = defaultdict(list)
    for p in people:
        if p.status != Status.VERIFIED or p.agency not in seats:
            continue
        if p.invitee is not None:
            named[p.agency] += 1
        else:
            sent[p.agency].append(p)
    beyond: set[str] = set()
    for agency, group in sent.items():
        group.sort(key=lambda p: (-p.minutes, p.key))
        free = max(0, seats[agency] - named[agency])
        beyond |= {p.key for p in group[free:]}
    return [dataclasses.replace(p, status=Status.DELEGATE) if p.key in beyond else p for p in people]


def invitee_rows(people: list[Participant], index: RosterIndex, session: str) -> tuple[InviteeStatus, ...]:
    """Every participant-role invitee of the session; delegates fill their agency's open seats."""
    rank = {Status.VERIFIED: 0, Status.SHORT: 1}
    best: dict[str, tuple[Status, float]] = {}
    for p in people:
        if p.invitee and p.status in rank:
            best[p.invitee] = (p.status, p.minutes)
    delegates: dict[str, list[Participant]] = defaultdict(list)
    for p in people:
        if p.invitee is None and p.agency and p.status in rank:
            delegates[p.agency].append(p)
    for group in delegates.values():
        group.sort(key=lambda p: (rank[p.status], -p.minutes, p.key))
    rows = []
    for inv in sorted(index.roster.invitees, key=lambda i: (i.agency, i.is_open_seat, i.name, i.id)):
        if inv.is_organiser or not inv.invited_to(session):
            continue
        status, minutes = best.get(inv.id, (Status.ABSENT, 0.0))
        if inv.is_open_seat and delegates.get(inv.agency):
            p = delegates[inv.agency].pop(0)
            status, minutes = p.status, p.minutes
        rows.append(InviteeStatus(inv.id, inv.agency, inv.name, status, minutes))
    return tuple(rows)


def agency_rows(people: list[Participant], invited: dict[str, int]) -> tuple[AgencyStatus, ...]:
    count: dict[str, Counter[str]] = defaultdict(Counter)
    for p in people:
        if p.agency in invited:
            kind = "invitee" if p.invitee is not None else "sent"
            count[p.agency][f"{p.status}:{kind}"] += 1
            count[p.agency][p.status] += 1
    rows = []
    for agency in sorted(invited):
        c = count[agency]
        status = (
            Presence.PRESENT if c[Status.VERIFIED] else Presence.SHORT if c[Status.SHORT] else Presence.ABSENT
        )
        rows.append(
            AgencyStatus(
                agency,
                invited[agency],
                c[Status.VERIFIED],
                status,
                invitees=c["verified:invitee"],
                delegates=c["verified:sent"],
                beyond=c[Status.DELEGATE],
            )
        )
    return tuple(rows)


def attendance(
    clusters: list[Cluster], segments: int, index: RosterIndex, window: Window, policy: Policy
) -> Result:
    """The session's people (matched connections merged), their statuses, its invitees,
    agencies and totals."""
    session = window.session_id
    need = policy.threshold_minutes(window)
    start, end = plain(window.start), plain(window.end)
    standings: dict[tuple[str | None, str | None, bool], Status | None] = {}  # each placement once
    people: list[Participant] = []
    for group in merge(clusters):
        if len(group) == 1:  # most people: one cluster, its segments in order already
            lead = group[0]
            segs = tuple(lead.segments)
            ignored = lead.ignored
            connections: tuple[str, ...] = (lead.base_key,)
        else:
            segs = tuple(sorted((s for c in group for s in c.segments), key=chronological))
            lead = min(group, key=lambda c: (RANK[c.method], -c.score, c.base_key))
            ignored = any(c.ignored for c in group)
            connections = tuple(sorted(c.base_key for c in group))
        if len(segs) == 1:  # one connection, clipped: covered_seconds' sum without its calls
            only = segs[0]
            a, b = max(only.join, start), min(only.leave, end)
            minutes = (b - a).total_seconds() / 60.0 if b > a else 0.0
            names = [only.name]
            emails = [only.email.strip()] if only.email else []
        else:
            minutes = covered_seconds([(s.join, s.leave) for s in segs], start, end) / 60.0
            names = []
            for s in segs:
                if s.name not in names:
                    names.append(s.name)
            emails = sorted({s.email.strip() for s in segs if s.email})
        invitee, agency = lead.invitee, lead.agency
        placed = (invitee, agency, ignored)
        if placed in standings:
            status = standings[placed]
        else:
            status = standings[placed] = _standing(invitee, agency, ignored, index, session)
        if status is None:
            status = Status.VERIFIED if minutes + 1e-9 >= need else Status.SHORT
        matched = status != Status.UNMATCHED
        people.append(
            Participant(
                key=invitee_key(invitee) if invitee else lead.base_key,
                display_names=tuple(names),
                email=emails[0] if emails else None,
                minutes=minutes,
                invitee=invitee,
                agency=agency if matched else None,
                status=status,
                method=lead.method if matched else NONE,
                score=round(lead.score, 4) if matched else 0.0,
                segments=segs,
                candidates=lead.candidates,
                reason=lead.reason,
                doubt=lead.doubt,
                connections=connections,
            )
        )
    seats = seats_of(index, session)
    if policy.delegates == Delegates.SEATS:
        people = seat_delegates(people, seats)
    people.sort(
        key=lambda p: (
            p.agency is None,
            p.agency or "",
            p.status,
            p.display_names[0].lower(),
            p.key,
        )
    )
    invitees = invitee_rows(people, index, session)
    agencies = agency_rows(people, seats)
    by_status = Counter(p.status for p in people)
    totals = Totals(
        **{s.value: by_status[s] for s in STATUSES},
        agencies_invited=len(agencies),
        agencies_present=sum(1 for a in agencies if a.status == Presence.PRESENT),
        participants=len(people),
        segments=segments,
    )
    return Result(window, tuple(people), invitees, agencies, totals)
