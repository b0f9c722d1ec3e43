"""Grouping a session's connections into people, before anyone is matched.

Connections are one person when they share an e-mail (and agree on the name), a provider's
participant id, a phone number, or a name that identifies one invitee within the agencies it
names; a device name alone ('iPhone') never joins two. Pure: no I/O, no clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from vc_sync.keys import connection_key
from vc_sync.kinds import Doubt
from vc_sync.matching.agencies import NO_HINT, Hint
from vc_sync.matching.index import RosterIndex, name_key, sorted_key
from vc_sync.matching.methods import NONE
from vc_sync.matching.names import Display, person_tokens, split_display
from vc_sync.matching.representation import set_aside
from vc_sync.matching.text import fold
from vc_sync.model import Segment

Words = tuple[tuple[str, ...], tuple[str, ...]]  # a name's person words: folded, as written


MAILBOX_NAMES = 64  # names one e-mail is compared among; beyond, only equal names group


MATCH_CHARS = 256  # a display name is read for matching up to here: no one's name is longer


@dataclass(frozen=True)
class Candidate:
    """An invitee considered for a participant, for ``--explain``."""

    invitee: str
    score: float
    method: str
    in_session: bool


class _Groups:
    """Union-find over segment positions."""

    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class Cluster:
    """Segments believed to be one person, and what the matcher decided about them."""

    segments: list[Segment]
    identities: set[str]
    displays: dict[str, Display]
    hints: dict[str, Hint]
    persons: dict[str, Words]  # display name -> its person words, folded and as written
    emails: set[str]
    # display name -> positions of its tokens that are not the person's (``representation``)
    aside: Mapping[str, frozenset[int]] = field(default_factory=dict)
    base_key: str = ""
    hint: Hint = NO_HINT
    invitee: str | None = None
    agency: str | None = None
    method: str = NONE
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    ignored: bool = False
    reason: str = ""
    doubt: Doubt | None = None  # why an open person is open, for the Review tab
    final: bool = False  # no weak claim: its candidates are shown, not claimed
    only: str | None = None  # its claim won over others as close: no other invitee for it

    def person_variants(self) -> list[Words]:
        """(spelling folded, as written) person words of each display name that has any."""
        return sorted({words for words in self.persons.values() if words[0]})

    @property
    def signature(self) -> frozenset[str]:
        """The display names as folded: rejoins under one name share it."""
        return frozenset(fold(n) for n in self.displays)


def _person(
    display: Display, aside: frozenset[int], hint: Hint, index: RosterIndex
) -> tuple[Words, tuple[str, ...]]:
    """A display name's person words (what is not set aside), folded and as written, and the
    words that group its connections and make their key.

    A one-letter title between two words of invitees' names is an initial, since Haji comes
    before a name, never inside it ('Bambang H. Hadi' is not Bambang Hadi's exact name, and may
    be Bambang Hermawan Hadi's); after an office word it stays Haji ('Camat H. Bambang Hadi').
    The grouping words drop every title (a kept initial or not, 'Budi H. Santoso' is one person
    with 'Budi Santoso', and keeps the key it had before initials were kept); when a phrase set
    every word aside ('Ny. Budi Santoso': his wife), they are the words but the agency's, so
    that her rejoins are one person, never her husband."""
    rest = [t for i, t in enumerate(display.tokens) if i not in aside]
    words = index.words
    kept = frozenset(
        k
        for k in range(1, len(rest) - 1)
        if len(rest[k]) == 1
        and rest[k] in words.titles
        and _name_word(rest[k - 1], index)
        and _name_word(rest[k + 1], index)
    )
    folded = person_tokens(rest, words, kept=kept)
    said = person_tokens(rest, words) if kept else folded
    if not said and aside != hint.used:
        said = person_tokens((t for i, t in enumerate(display.tokens) if i not in hint.used), words)
    return (folded, person_tokens(rest, words, spell=False, kept=kept)), said


def _name_word(token: str, index: RosterIndex) -> bool:
    """Whether a token is a person word one slip or less from a word of an invitee's name."""
    return token not in index.words.not_names and index.near_name(token)


def _name_identity(person: tuple[str, ...], hint: Hint, index: RosterIndex) -> str | None:
    """The identity a display name's person words give, within the agencies it names; None
    when they name no one in particular. Depends on the display name alone: computed once."""
    if (len(person) > 1 or (person and hint.agencies)) and not _namesakes(person, hint, index):
        return "n:" + "|".join(sorted(hint.agencies)) + "|" + " ".join(person)
    return None


def _identity(
    seg: Segment,
    display: Display,
    named: str | None,
    person: tuple[str, ...],
    mailbox: Mapping[str, _Mailbox] | None = None,
) -> list[str]:
    keys = []
    if seg.email:
        email = seg.email.strip().lower()
        box = (mailbox or {}).get(email)
        keys.append(f"e:{email}|{box.key(person, seg.name) if box else ''}")
    if seg.participant_id:
        keys.append("p:" + seg.participant_id)
    if display.phone:
        keys.append("t:" + display.phone)
    if named is not None:
        keys.append(named)
    if not keys:  # the connection alone, named by its content wherever the log came from
        keys.append(f"s:{seg.name}|{seg.join.isoformat()}|{seg.leave.isoformat()}")
    return keys


@dataclass(frozen=True)
class _Mailbox:
    """The names that connected with one e-mail address. The address joins connections whose
    names agree (the same words, or one's words among the other's: 'Andi', 'Andi Kurniawan')
    and a device name ('iPhone') to the one name it can belong to; never two different names,
    so a shared office address neither merges two delegates nor chains people together."""

    hosts: Mapping[frozenset[str], frozenset[str]]  # a name's words -> the name it groups under
    only: frozenset[str] | None  # the one name devices join; None when there are several

    @classmethod
    def of(cls, names: Iterable[tuple[str, ...]]) -> _Mailbox:
        sigs = {frozenset(n) for n in names if n}
        if len(sigs) > MAILBOX_NAMES:  # a hostile log: no containment search, equal names only
            return cls({s: s for s in sigs}, None)
        widest = [s for s in sigs if not any(s < other for other in sigs)]
        hosts = {}
        for s in sigs:
            over = [w for w in widest if s <= w]
            hosts[s] = over[0] if len(over) == 1 else s
        return cls(hosts, widest[0] if len(widest) == 1 else None if widest else frozenset())

    def key(self, person: tuple[str, ...], display: str) -> str:
        """The e-mail identity's name part; ``display`` as written (folded here, only when no
        person words and several names leave it the one thing that can agree)."""
        if person:
            return " ".join(sorted(self.hosts[frozenset(person)]))
        if self.only is not None:  # a device joins the address's one name (or its other devices)
            return " ".join(sorted(self.only))
        return "~" + fold(display)  # several names: only the same device name agrees


def _namesakes(person: tuple[str, ...], hint: Hint, index: RosterIndex) -> bool:
    """Whether several invitees carry this name (within the hinted agencies, if any): such a
    name identifies no one, so it cannot tell that two connections are one person either.
    One bare word ('Fitri') is never an identity."""
    ids = index.by_name.get(name_key(person), set()) | index.by_sorted_name.get(sorted_key(person), set())
    first = index.by_first.get(person[0], set()) if len(person) == 1 else set()
    if not hint.agencies:  # a first name: 'Joko' of an office with Joko Susanto and Joko Widodo
        return len(ids) > 1 or len(first) > 1 or len(ids | first) > 1  # no copy of a common name's set
    ids = {i for i in ids if index.people[i].invitee.agency in hint.agencies}
    for agency in hint.agencies if first and len(ids) < 2 else ():
        ids |= first & index.by_agency.get(agency, set())
    return len(ids) > 1


def chronological(s: Segment) -> tuple[datetime, datetime, str]:
    """The order of a person's segments: by join, leave, then where each was read."""
    return (s.join, s.leave, s.ref)


def group_people(segments: Sequence[Segment], index: RosterIndex) -> list[Cluster]:
    """Group segments into people; a device name alone ('iPhone') never joins two."""
    displays: dict[str, Display] = {}
    hints: dict[str, Hint] = {}
    persons: dict[str, Words] = {}
    aside: dict[str, frozenset[int]] = {}
    named: dict[str, str | None] = {}
    said: dict[str, tuple[str, ...]] = {}  # display name -> the words that group it and key it
    keys_of: list[list[str]] = []
    owner: dict[str, int] = {}
    groups = _Groups(len(segments))
    starts = index.words.representation_starts
    for seg in segments:
        if seg.name not in displays:
            displays[seg.name] = split_display(seg.name[:MATCH_CHARS], index.words)
            hints[seg.name] = index.catalog.hint(displays[seg.name].tokens)
            aside[seg.name] = (
                hints[seg.name].used
                if starts.isdisjoint(displays[seg.name].tokens)  # nearly every display name
                else set_aside(displays[seg.name], hints[seg.name], index)
            )
            persons[seg.name], said[seg.name] = _person(
                displays[seg.name], aside[seg.name], hints[seg.name], index
            )
            named[seg.name] = _name_identity(said[seg.name], hints[seg.name], index)
    names_of: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for seg in segments:
        if seg.email:
            names_of[seg.email.strip().lower()].add(said[seg.name])
    mailbox = {email: _Mailbox.of(names) for email, names in names_of.items()}
    for i, seg in enumerate(segments):
        keys = _identity(seg, displays[seg.name], named[seg.name], said[seg.name], mailbox)
        keys_of.append(keys)
        for key in keys:
            if key in owner:
                groups.union(owner[key], i)
            else:
                owner[key] = i
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(segments)):
        members[groups.find(i)].append(i)
    clusters = []
    for idx in members.values():
        if len(idx) == 1:  # most people connected once: nothing to sort
            segs = [segments[idx[0]]]
            identities = set(keys_of[idx[0]])
        else:
            segs = sorted((segments[i] for i in idx), key=chronological)
            identities = {k for i in idx for k in keys_of[i]}
        names = sorted({s.name for s in segs})
        cluster = Cluster(
            segments=segs,
            identities=identities,
            displays={n: displays[n] for n in names},
            hints={n: hints[n] for n in names},
            persons={n: persons[n] for n in names},
            aside=aside,  # read by display name: one mapping for the session, not copied
            emails={s.email.strip().lower() for s in segs if s.email},
        )
        cluster.base_key = connection_key(min(identities))
        clusters.append(cluster)
    clusters.sort(key=lambda c: c.base_key)
    return clusters
