"""Second devices named after their owner ("Winarno's iPhone", "HP Okta", "Andi (HP)"):
they join the one person of that name matched in the session, or wait for Review.

Pure: no I/O, no clock.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import timedelta
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
        rest = [t for i, t in enumerate(display.tokens) if i not in c.hints[raw].used]
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
    """Whether a device connected within minutes of its owner's last connection ending (the
    laptop dropped, the phone carried on), and only then."""
    end = max(s.leave for c in owner for s in c.segments)
    return all(end <= s.join <= end + TAKEOVER for s in device.segments)


def _within(device: Cluster, owner: list[Cluster]) -> bool:
    """Whether a device was connected only while its owner was (a second screen), or took
    over from them: not a stranger's, who comes and goes on their own."""
    start = min(s.join for c in owner for s in c.segments)
    end = max(s.leave for c in owner for s in c.segments)
    return all(start <= s.join and s.leave <= end for s in device.segments) or _took_over(device, owner)


def second_devices(clusters: list[Cluster], m: Matcher) -> None:
    """A device named after its owner joins the one person matched in this session whose name
    begins with that name, when no one else who may own it is here or invited: another
    invitee of the session whose name carries that word anywhere ('Andi Kaharuddin' may be
    called Kaharuddin), or anyone unplaced here whose name does."""
    idx = m.index
    devices = [
        (c, owner)
        for c in clusters
        if c.invitee is None and c.agency is None and not c.ignored and (owner := device_owner(c, idx.words))
    ]
    if not devices:
        return
    device_ids = {id(c) for c, _ in devices}
    by_invitee: dict[str, list[Cluster]] = defaultdict(list)
    for o in clusters:
        if o.invitee is not None:
            by_invitee[o.invitee].append(o)
    firsts = _Prefixes()  # first words of invitees' names, and of unplaced people here
    later = _Prefixes()  # their other words: 'Andi Kaharuddin' may be called Kaharuddin
    for i, person in idx.people.items():
        if i in by_invitee or person.invitee.invited_to(m.session):
            for name in {person.name_tokens, person.written}:
                if name:
                    firsts.add(name[0], i)
                for word in name[1:]:
                    later.add(word, i)
    unplaced = _Prefixes()
    unplaced_people = [o for o in clusters if o.invitee is None and id(o) not in device_ids and not o.ignored]
    for o in unplaced_people:
        for words, _ in o.persons.values():
            for word in words:
                unplaced.add(word, id(o))
    for c, owner in devices:
        allowed = m.allowed(c.hint)
        fits = firsts.starting(owner)
        fits = fits if allowed is None else fits & allowed
        if len(fits) > 1:  # several of that name here (a common name, in a large roster): no more to see
            could, others = fits, set()
        else:
            later_fits = later.starting(owner)
            could = fits | (later_fits if allowed is None else later_fits & allowed)
            others = unplaced.starting(owner)
        one = next(iter(fits)) if len(fits) == 1 else None
        if one in by_invitee and could == {one} and not others:
            if _within(c, by_invitee[one]):
                m.take(c, one, DEVICE, DEVICE_SCORE)
                c.reason = (
                    f"a device named after {owner!r}: the one person of that name matched in this session"
                )
            else:
                c.reason, c.doubt = f"a device named after {owner!r}, connected when {one} was not", Doubt.LOW
        elif taker := _carried_on(c, owner, could, others, by_invitee, m):
            m.take(c, taker, DEVICE, DEVICE_SCORE)
            c.reason = f"a device named after {owner!r}, carrying on from {taker}, the one of that first name"
        elif slip := _confirms_slip(c, owner, unplaced_people, by_invitee, m):
            u, invitee = slip
            m.take(u, invitee, CONFIRMED, DEVICE_SCORE)
            m.take(c, invitee, DEVICE, DEVICE_SCORE)
            u.reason = c.reason = (
                f"a name a letter from {invitee}'s, and a device named after {owner!r} carrying on from it"
            )
            u.doubt = None
        elif fits or could or others:
            c.reason = f"a device named after {owner!r}, who may be any of several people"
            c.doubt = Doubt.TIE


def _first_word(invitee: str, m: Matcher) -> set[str]:
    person = m.index.people[invitee]
    return {name[0] for name in (person.name_tokens, person.written) if name}


def _carried_on(
    c: Cluster,
    owner: str,
    could: set,
    others: set,
    by_invitee: dict[str, list[Cluster]],
    m: Matcher,
) -> str | None:
    """The one person matched here whose first name is the device's word exactly, when the
    device connected within minutes of their leaving and of no one else's who may own it:
    'Heru (HP)' carrying on from Heru Nugraheni's laptop, though Adi Heru Kusumawati (not
    here) may be called Heru and Wahyudi may be called Wahyu. No one unplaced here carries the
    word."""
    if others:
        return None
    exact = [i for i in could if owner in _first_word(i, m)]
    if len(exact) != 1 or exact[0] not in by_invitee or not _took_over(c, by_invitee[exact[0]]):
        return None
    rivals = [o for i in could if i != exact[0] and i in by_invitee for o in by_invitee[i]]
    return None if any(_took_over(c, [o]) for o in rivals) else exact[0]


def _confirms_slip(
    c: Cluster,
    owner: str,
    unplaced: list[Cluster],
    by_invitee: dict[str, list[Cluster]],
    m: Matcher,
) -> tuple[Cluster, str] | None:
    """Two witnesses to one absent invitee of this session: a whole name one letter from
    theirs that no rule could place ('Ria Hidayat': Ria is a name of its own), and a device
    named after their first name that connected within minutes of that name leaving ("Rina's
    iPhone"). Neither alone would do; no one else is a letter away from the name."""
    found = []
    for u in unplaced:
        if u.agency is not None or not _took_over(c, [u]):
            continue
        if any(len(words) < 2 for words, _ in u.person_variants()) or not u.person_variants():
            continue
        allowed = m.allowed(u.hint)
        near = m.one_edit_from(u, allowed, True) | m.one_edit_from(u, allowed, False)
        if len(near) != 1:
            continue
        (invitee,) = near
        if invitee not in by_invitee and m.in_session(invitee) and owner in _first_word(invitee, m):
            found.append((u, invitee))
    return found[0] if len(found) == 1 else None
