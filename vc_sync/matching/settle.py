"""Settling weak claims: several people close to one invitee are decided together.

Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING

from vc_sync.kinds import Doubt
from vc_sync.matching.assignment import max_assignment
from vc_sync.matching.devices import device_owner
from vc_sync.matching.methods import PARTIAL
from vc_sync.matching.people import Candidate, Cluster
from vc_sync.matching.similarity import ONE_SLIP, doubled, transposed

if TYPE_CHECKING:
    from vc_sync.matching.matcher import Matcher


def settle_weak(clusters: list[Cluster], m: Matcher) -> None:
    """Give weak claims their invitees, deciding contested ones together.

    Connections under one display name that claim one invitee are one person rejoining. A
    claim on an invitee whom strong evidence already found is a second device when it is a
    first name, or a near spelling inside the agency its display names; a bare near spelling
    is left for review (a wrong match is worse). When several
    people claim one invitee, the assignment that maximises total similarity decides, so no
    invitee is doubly claimed while another fitting one is free; a first-name claimant left
    without an alternative joins the winner as a second device.
    """
    holders: dict[str, list[Cluster]] = defaultdict(list)
    for c in clusters:
        if c.invitee:
            holders[c.invitee].append(c)
    held = set(holders)
    claims: dict[str, dict[frozenset[str], list[Cluster]]] = defaultdict(lambda: defaultdict(list))
    best: dict[int, Candidate] = {}
    for c in clusters:
        undecided = c.invitee is None and not c.ignored and c.agency is None and not c.final
        if undecided and (k := m.weak_claim(c)) is not None:
            claims[k.invitee][c.signature].append(c)
            best[id(c)] = k
    contested: list[list[Cluster]] = []
    for invitee, by_name in sorted(claims.items()):
        people = [by_name[sig] for sig in sorted(by_name, key=sorted)]
        if invitee in held:
            agency = m.index.people[invitee].invitee.agency
            name = m.index.people[invitee].name_tokens
            devices = all(device_owner(h, m.index.words) for h in holders[invitee])
            for group in people:
                k = best[id(group[0])]
                slip = devices and _typing_slip(group, name, m.index.name_words)
                if _second_of(group, k, agency, holders[invitee], slip):
                    _take_all(
                        m, group, invitee, k.method, k.score, "second device of a person already matched"
                    )
                else:  # another of the office, or one slip from someone here with nothing placing it
                    for c in group:
                        c.reason = f"close to {invitee}, who is already matched by stronger evidence"
                        c.doubt = Doubt.HELD
        elif len(people) == 1:
            k = best[id(people[0][0])]
            _take_all(m, people[0], invitee, k.method, k.score)
        else:
            contested.extend(people)
    if contested:
        _assign(contested, best, m)


def _second_of(
    group: list[Cluster], k: Candidate, agency: str, holders: list[Cluster], devices: bool = False
) -> bool:
    """Whether a weak claim on someone already matched is more of that person: a slip of
    their name inside their office ('Sleman_DPMPTSP_Andi Kurniwan') on a second screen (one
    opened while the other was connected) or renamed, or anywhere when all that matched them
    is a device named after them and the slip is a typing one (``devices``: 'Wahyudi laptop',
    and 'Wahydui' typed on the main screen; never 'Sunarti' beside 'Sunarto laptop'); a first name
    or initials ('Sleman_DPMPTSP_Andi') only renamed, never at the same time, for while they
    are connected it is as likely a colleague of that name."""
    theirs = [(s.join, s.leave) for c in holders for s in c.segments]
    mine = [s for c in group for s in c.segments]
    renamed = not any(s.join < leave and join < s.leave for s in mine for join, leave in theirs)
    if k.method == PARTIAL:
        return renamed
    if (agency not in group[0].hint.agencies and not devices) or k.score < ONE_SLIP:
        return False
    start, end = min(j for j, _ in theirs), max(v for _, v in theirs)
    first, last = min(s.join for s in mine), max(s.leave for s in mine)
    return renamed or all(start <= s.join <= end for s in mine) or all(first <= j <= last for j, _ in theirs)


def _typing_slip(group: list[Cluster], name: tuple[str, ...], names: AbstractSet[str]) -> bool:
    """Whether a person's name is ``name`` with two letters of one word swapped or one typed
    twice, in a word of five letters or more that is no one's name (``names``: the roster's
    and common given names): 'Wahydui' for Wahyudi, but neither 'Sunarti' (a changed letter)
    nor a short word, where a swap often makes another name ('Dina', 'Rian' for Dian, Rina)."""
    for words, _ in group[0].person_variants():
        typed, meant = Counter(words) - Counter(name), Counter(name) - Counter(words)
        if len(words) == len(name) and sum(typed.values()) == sum(meant.values()) == 1:
            (said,), (real,) = typed, meant
            if len(said) >= 5 and said not in names and (transposed(said, real) or doubled(said, real)):
                return True
    return False


def _take_all(
    m: Matcher, group: list[Cluster], invitee: str, method: str, score: float, reason: str = ""
) -> None:
    for c in group:
        m.take(c, invitee, method, score)
        if reason:
            c.reason = reason


# Scores have four decimals: a tie-break this small, even summed over a hundred claimants,
# never outweighs a difference of score.
TIE_BREAK = 1e-7


def _weight(k: Candidate) -> float:
    """A claim's weight in the assignment: its score, and at an equal score the whole name
    (with a slip: 'Slamet iWdodo') before a first name alone ('Bappeda Brebes - Slamet')."""
    return k.score + (TIE_BREAK if k.method != PARTIAL else 0.0)


def _assign(contested: list[list[Cluster]], best: dict[int, Candidate], m: Matcher) -> None:
    """Maximum-similarity assignment of contested claimants to the invitees still free."""
    taken = {c.invitee for group in contested for c in group if c.invitee}
    leads = [group[0] for group in contested]
    cols = sorted({k.invitee for c in leads for k in c.candidates if k.score >= m.accept(c)} - taken)
    weight = [
        [
            next((_weight(k) for k in c.candidates if k.invitee == i and k.score >= m.accept(c)), 0.0)
            if c.only in (None, i)
            else 0.0
            for i in cols
        ]
        for c in leads
    ]
    assigned = {r: cols[p] for r, p in max_assignment(weight) if weight[r][p] > 0}
    for r, group in enumerate(contested):
        if r in assigned:
            chosen = next(x for x in group[0].candidates if x.invitee == assigned[r])
            _take_all(m, group, chosen.invitee, chosen.method, chosen.score)
    for r, group in enumerate(contested):
        k = best[id(group[0])]
        if r in assigned:
            continue
        winners = [c for g in contested for c in g if c.invitee == k.invitee]
        if k.method == PARTIAL and winners and _second_of(group, k, "", winners):
            _take_all(m, group, k.invitee, k.method, k.score, "second device of a person already matched")
        else:
            for c in group:
                c.reason, c.doubt = f"close to {k.invitee}, whom a closer name claimed", Doubt.CLAIMED
