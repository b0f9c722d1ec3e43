"""Second devices named after their owner ("Winarno's iPhone", "HP Okta", "Andi (HP)"):
they join the one person of that name matched in the session, or wait for Review.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from vc_sync.kinds import Doubt
from vc_sync.matching.methods import CONFIRMED, DEVICE
from vc_sync.matching.names import NameWords
from vc_sync.matching.people import Cluster

if TYPE_CHECKING:
    from vc_sync.matching.matcher import Matcher

DEVICE_SCORE = 0.9  # the score of a device named after the one person of that name matched here


TAKEOVER = timedelta(minutes=5)  # a phone connecting this soon after its owner's laptop left


def device_owner(c: Cluster, words: NameWords) -> str | None:
    """X of a device named after its owner ("X's iPhone", "HP X", "X (HP)", "X laptop"): every
    display name of the connection has a device word and X as its only person word."""
    owners = set()
    for raw, display in c.displays.items():
        rest = [t for i, t in enumerate(display.tokens) if i not in c.aside[raw]]
        person = c.persons[raw][0]
        if len(person) != 1 or len(person[0]) < 2 or not any(t in words.devices for t in rest):
            return None
        owners.add(person[0])
    return owners.pop() if len(owners) == 1 else None


class _Prefixes:
    """Words and what carries them, found by the word or, from three letters, its start
    ('okta' finds 'oktaviani')."""

    def __init__(self) -> None:
        self._by_word: dict[str, set] = defaultdict(set)
        self._sorted: list[str] | None = None

    def add(self, word: str, item: object) -> None:
        self._by_word[word].add(item)
        self._sorted = None

    def starting(self, prefix: str) -> set:
        if len(prefix) < 3:
            return set(self._by_word.get(prefix, ()))
        if self._sorted is None:
            self._sorted = sorted(self._by_word)
        found: set = set()
        for word in self._sorted[bisect.bisect_left(self._sorted, prefix) :]:
            if not word.startswith(prefix):
                break
            found |= self._by_word[word]
        return found


def _took_over(device: Cluster, owner: list[Cluster]) -> bool:
    """Whether each connection of a device began within minutes of one of its owner's ending,
    while they were not connected (the laptop dropped, the phone carried on, perhaps until the
    laptop came back)."""
    spans = [(s.join, s.leave) for c in owner for s in c.segments]
    return all(
        any(left <= s.join <= left + TAKEOVER for _, left in spans)
        and not any(join <= s.join < left for join, left in spans)
        for s in device.segments
    )


def _within(device: Cluster, owner: list[Cluster]) -> bool:
    """Whether a device was connected only while its owner was (a second screen), or took
    over from them: not a stranger's, who comes and goes on their own."""
    start = min(s.join for c in owner for s in c.segments)
    end = max(s.leave for c in owner for s in c.segments)
    return all(start <= s.join and s.leave <= end for s in device.segments) or _took_over(device, owner)


@dataclass
class _Here:
    """Who may own a device in this session: invitees by the words of their names, the people
    matched here, and the unplaced connections and their words."""

    by_invitee: dict[str, list[Cluster]]
    firsts: _Prefixes  # first words of invitees' names, of those here or invited to the session
    later: _Prefixes  # their other words: 'Andi Kaharuddin' may be called Kaharuddin
    unplaced: list[Cluster]
    unplaced_words: _Prefixes
    _ends: list[tuple[datetime, int]] | None = None  # unplaced connections' leavings, in order

    def left_before(self, device: Cluster) -> list[Cluster]:
        """Unplaced connections that ended within minutes before the device first connected."""
        if self._ends is None:
            self._ends = sorted((s.leave, k) for k, o in enumerate(self.unplaced) for s in o.segments)
        start = min(s.join for s in device.segments)
        lo = bisect.bisect_left(self._ends, (start - TAKEOVER, -1))
        hi = bisect.bisect_right(self._ends, (start, len(self.unplaced)))
        return [self.unplaced[k] for k in sorted({k for _, k in self._ends[lo:hi]})]

    def place(self, c: Cluster, invitee: str, method: str, m: Matcher) -> None:
        """Credit a connection, so a later device reads it as that invitee's."""
        m.take(c, invitee, method, DEVICE_SCORE)
        self.by_invitee[invitee].append(c)


def _here(clusters: list[Cluster], device_ids: set[int], m: Matcher) -> _Here:
    by_invitee: dict[str, list[Cluster]] = defaultdict(list)
    for o in clusters:
        if o.invitee is not None:
            by_invitee[o.invitee].append(o)
    firsts, later = _Prefixes(), _Prefixes()
    for i, person in m.index.people.items():
        if i in by_invitee or person.invitee.invited_to(m.session):
            for name in {person.name_tokens, person.written}:
                if name:
                    firsts.add(name[0], i)
                for word in name[1:]:
                    later.add(word, i)
    unplaced = [o for o in clusters if o.invitee is None and id(o) not in device_ids and not o.ignored]
    words = _Prefixes()
    for o in unplaced:
        for said, _ in o.persons.values():
            for word in said:
                words.add(word, id(o))
    return _Here(by_invitee, firsts, later, unplaced, words)


def second_devices(clusters: list[Cluster], m: Matcher) -> None:
    """A device named after its owner joins the one person matched in this session whose name
    begins with that name, when no one else who may own it is here or invited: another
    invitee of the session whose name carries that word anywhere ('Andi Kaharuddin' may be
    called Kaharuddin), or anyone unplaced here whose name does. Devices are read in the order
    they connected, each seeing the ones placed before it."""
    devices = [
        (c, owner)
        for c in clusters
        if c.invitee is None
        and c.agency is None
        and not c.ignored
        and (owner := device_owner(c, m.index.words))
    ]
    if not devices:
        return
    devices.sort(key=lambda d: min(s.join for s in d[0].segments))
    here = _here(clusters, {id(c) for c, _ in devices}, m)
    for c, owner in devices:
        allowed = m.allowed(c.hint)
        fits = here.firsts.starting(owner)
        later = here.later.starting(owner)
        if allowed is not None:
            fits, later = fits & allowed, later & allowed
        could, others = fits | later, here.unplaced_words.starting(owner)
        one = next(iter(fits)) if len(fits) == 1 else None
        if one in here.by_invitee and could == {one} and not others:
            if _within(c, here.by_invitee[one]):
                here.place(c, one, DEVICE, m)
                c.reason = (
                    f"a device named after {owner!r}: the one person of that name matched in this session"
                )
            else:
                c.reason, c.doubt = f"a device named after {owner!r}, connected when {one} was not", Doubt.LOW
        elif taker := _carried_on(c, owner, could, others, here, m):
            here.place(c, taker, DEVICE, m)
            c.reason = f"a device named after {owner!r}, carrying on from {taker}, the one of that first name"
        elif slip := _confirms_slip(c, owner, could, others, here, m):
            u, invitee = slip
            here.place(u, invitee, CONFIRMED, m)
            u.doubt = None
            for d, named in devices:  # this one, and any other of that name carrying on from the name
                if d.invitee is None and named == owner and _took_over(d, [u]):
                    here.place(d, invitee, DEVICE, m)
                    d.reason = (
                        f"a device named after {owner!r} carrying on from a name a letter from {invitee}'s"
                    )
            u.reason = (
                f"a name a letter from {invitee}'s, and a device named after {owner!r} carrying on from it"
            )
        elif fits or could or others:
            c.reason = f"a device named after {owner!r}, who may be any of several people"
            c.doubt = Doubt.TIE


def _first_word(invitee: str, m: Matcher) -> set[str]:
    person = m.index.people[invitee]
    return {name[0] for name in (person.name_tokens, person.written) if name}


def _carried_on(c: Cluster, owner: str, could: set, others: set, here: _Here, m: Matcher) -> str | None:
    """The one person matched here whose first name is the device's word exactly, when the
    device connected within minutes of their leaving and of no one else's here who may own
    it: 'Heru (HP)' carrying on from Heru Nugraheni's laptop, though Adi Heru Kusumawati (not
    here) may be called Heru. No one unplaced here carries the word."""
    if others:
        return None
    exact = [i for i in could if owner in _first_word(i, m)]
    if len(exact) != 1 or exact[0] not in here.by_invitee or not _took_over(c, here.by_invitee[exact[0]]):
        return None
    rivals = [o for i in could if i != exact[0] for o in here.by_invitee.get(i, ())]
    return None if any(_took_over(c, [o]) for o in rivals) else exact[0]


def _confirms_slip(
    c: Cluster, owner: str, could: set, others: set, here: _Here, m: Matcher
) -> tuple[Cluster, str] | None:
    """Two witnesses to one absent invitee of this session: a whole name one letter from
    theirs that no rule could place ('Ria Hidayat': Ria is a name of its own), and a device
    named after their first name that connected within minutes of that name leaving ("Rina's
    iPhone"). Neither alone would do: no one else is a letter from the name, and no one else
    here, matched or not, may own the device."""
    found = []
    for u in here.left_before(c):
        if u.invitee is not None or u.agency is not None or u.final or not _took_over(c, [u]):
            continue
        if others - {id(u)}:
            return None  # someone unplaced here carries the word
        variants = u.person_variants()
        if not variants or any(len(words) < 2 for words, _ in variants):
            continue
        allowed = m.allowed(u.hint)
        near = m.one_edit_from(u, allowed, True) | m.one_edit_from(u, allowed, False)
        if len(near) != 1:
            continue
        (invitee,) = near
        absent_here = invitee in could and invitee not in here.by_invitee and m.in_session(invitee)
        if absent_here and owner in _first_word(invitee, m):
            found.append((u, invitee))
    if len(found) != 1 or any(_within(c, here.by_invitee[i]) for i in could if i in here.by_invitee):
        return None  # a Rina here: her second screen, or her phone carrying on
    return found[0]
