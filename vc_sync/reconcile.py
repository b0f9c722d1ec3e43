"""Reconcile one session's participant log against the roster. Pure: no I/O, no clock.

Segments are grouped into people (same e-mail, same provider id, same normalised identity),
each person is matched through a cascade (override, e-mail, phone, alias, exact name, fuzzy
name within the agency a display name points to, agency only), weak claims on one invitee
are settled together, and every person gets a status against the session's window.
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from rapidfuzz.distance import OSA

from vc_sync.intervals import covered_seconds
from vc_sync.keys import CONNECTION, connection_key, invitee_key
from vc_sync.kinds import IGNORE, PERSON_STATUSES, Delegates, Method, Presence, Status
from vc_sync.matching.agencies import NO_HINT, Hint
from vc_sync.matching.assignment import max_assignment
from vc_sync.matching.index import RosterIndex, name_key, sorted_key
from vc_sync.matching.names import Display, NameWords, person_tokens, split_display
from vc_sync.matching.similarity import ONE_SLIP, name_similarity, transposed
from vc_sync.matching.text import fold
from vc_sync.model import Override, Policy, Segment, Window

KEEP = 5  # candidates kept per tier for the decision and --explain
FLOOR = 0.5  # below this a name is no candidate at all
SMALL_POOL = 60  # a hinted pool this small is scored whole
STATUSES = PERSON_STATUSES  # a participant's statuses, in the order the totals count them
STRONG = (Method.OVERRIDE, Method.EMAIL, Method.PHONE, Method.ALIAS, Method.NAME, Method.IN_ORDER)
IN_ORDER = 0.95  # the score of a name found whole, in order, among words no one knows
DEVICE = 0.9  # the score of a device named after the one person of that name matched here
TAKEOVER = timedelta(minutes=5)  # a phone connecting this soon after its owner's laptop left
Words = tuple[tuple[str, ...], tuple[str, ...]]  # a name's person words: folded, as written
_RANK = {
    m: i
    for i, m in enumerate((*STRONG, Method.FUZZY, Method.PARTIAL, Method.DEVICE, Method.AGENCY, Method.NONE))
}


@dataclass(frozen=True)
class Tuning:
    """Thresholds of the cascade (``[matching]`` in the config)."""

    fuzzy_accept: float = 0.85  # word similarity a fuzzy name needs
    fuzzy_accept_hinted: float = 0.75  # … among the few invitees of the agency it names
    fuzzy_margin: float = 0.06  # and how far ahead of the runner-up it must be
    partial_score: float = 0.90  # first name or initials fitting an invitee of the hinted agency


@dataclass(frozen=True)
class Candidate:
    """An invitee considered for a participant, for ``--explain``."""

    invitee: str
    score: float
    method: Method
    in_session: bool


@dataclass(frozen=True)
class Participant:
    key: str
    display_names: tuple[str, ...]
    email: str | None
    minutes: float
    invitee: str | None
    agency: str | None
    status: Status
    method: Method
    score: float
    segments: tuple[Segment, ...]
    candidates: tuple[Candidate, ...] = ()
    reason: str = ""
    connections: tuple[str, ...] = ()  # participant keys of the connections grouped here


@dataclass(frozen=True)
class InviteeStatus:
    id: str
    agency: str
    name: str
    status: Status
    minutes: float


@dataclass(frozen=True)
class AgencyStatus:
    agency: str
    invited: int  # seats: invited participant rows of this agency in the session
    verified: int  # people counted as attendance
    status: Presence
    invitees: int = 0  # of them, named invitees
    delegates: int = 0  # of them, others the agency sent (delegates within its seats)
    beyond: int = 0  # delegates present beyond the agency's seats, not counted


@dataclass(frozen=True)
class Totals:
    """A session's counts (``totals`` in the JSON, in this order): participants by status
    (``kinds.PERSON_STATUSES``), invited agencies and those present, people and connections."""

    verified: int
    short: int
    delegate: int
    organiser: int
    wrong_session: int
    unmatched: int
    ignored: int
    agencies_invited: int
    agencies_present: int
    participants: int
    segments: int

    def of(self, status: Status) -> int:
        """The participants of one status."""
        return int(getattr(self, status.value))

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Result:
    window: Window
    participants: tuple[Participant, ...]
    invitees: tuple[InviteeStatus, ...]
    agencies: tuple[AgencyStatus, ...]
    totals: Totals

    @property
    def session(self) -> str:
        return self.window.session_id


@dataclass(frozen=True)
class Overrides:
    """Organisers' decisions, keyed by folded display name and by participant key."""

    by_name: Mapping[str, Override] = field(default_factory=dict)
    by_key: Mapping[str, Override] = field(default_factory=dict)

    @classmethod
    def of(cls, overrides: Iterable[Override], session_id: str) -> Overrides:
        by_name: dict[str, Override] = {}
        by_key: dict[str, Override] = {}
        for o in overrides:
            if o.session and o.session != session_id:
                continue
            if CONNECTION.fullmatch(o.match):
                by_key[o.match] = o
            else:
                by_name[fold(o.match)] = o
        return cls(by_name, by_key)


NO_OVERRIDES = Overrides()


# --- grouping ----------------------------------------------------------------------------


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
class _Cluster:
    """Segments believed to be one person, and what the matcher decided about them."""

    segments: list[Segment]
    identities: set[str]
    displays: dict[str, Display]
    hints: dict[str, Hint]
    persons: dict[str, Words]  # display name -> its person words, folded and as written
    emails: set[str]
    base_key: str = ""
    hint: Hint = NO_HINT
    invitee: str | None = None
    agency: str | None = None
    method: Method = Method.NONE
    score: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    ignored: bool = False
    reason: str = ""
    final: bool = False  # no weak claim: its candidates are shown, not claimed

    def person_variants(self) -> list[Words]:
        """(spelling folded, as written) person words of each display name that has any."""
        return sorted({words for words in self.persons.values() if words[0]})

    @property
    def signature(self) -> frozenset[str]:
        """The display names as folded: rejoins under one name share it."""
        return frozenset(fold(n) for n in self.displays)


def _person(display: Display, hint: Hint, index: RosterIndex) -> Words:
    """A display name's person words (what its agency hint did not use), folded and as written."""
    rest = [t for i, t in enumerate(display.tokens) if i not in hint.used]
    return person_tokens(rest, index.words), person_tokens(rest, index.words, spell=False)


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
        keys.append(f"e:{email}|{box.key(person, fold(seg.name)) if box else ''}")
    if seg.participant_id:
        keys.append("p:" + seg.participant_id)
    if display.phone:
        keys.append("t:" + display.phone)
    if named is not None:
        keys.append(named)
    if not keys:  # the connection alone, named by its content wherever the log came from
        keys.append(f"s:{seg.name}|{seg.join.isoformat()}|{seg.leave.isoformat()}")
    return keys


MAILBOX_NAMES = 64  # names one e-mail is compared among; beyond, only equal names group
MATCH_CHARS = 256  # a display name is read for matching up to here: no one's name is longer


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
        if person:
            return " ".join(sorted(self.hosts[frozenset(person)]))
        if self.only is not None:  # a device joins the address's one name (or its other devices)
            return " ".join(sorted(self.only))
        return "~" + display  # several names: only the same device name agrees


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


def _group(segments: Sequence[Segment], index: RosterIndex) -> list[_Cluster]:
    """Group segments into people; a device name alone ('iPhone') never joins two."""
    displays: dict[str, Display] = {}
    hints: dict[str, Hint] = {}
    persons: dict[str, Words] = {}
    named: dict[str, str | None] = {}
    keys_of: list[list[str]] = []
    owner: dict[str, int] = {}
    groups = _Groups(len(segments))
    for seg in segments:
        if seg.name not in displays:
            displays[seg.name] = split_display(seg.name[:MATCH_CHARS], index.words)
            hints[seg.name] = index.catalog.hint(displays[seg.name].tokens)
            persons[seg.name] = _person(displays[seg.name], hints[seg.name], index)
            named[seg.name] = _name_identity(persons[seg.name][0], hints[seg.name], index)
    names_of: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for seg in segments:
        if seg.email:
            names_of[seg.email.strip().lower()].add(persons[seg.name][0])
    mailbox = {email: _Mailbox.of(names) for email, names in names_of.items()}
    for i, seg in enumerate(segments):
        keys = _identity(seg, displays[seg.name], named[seg.name], persons[seg.name][0], mailbox)
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
        segs = sorted((segments[i] for i in idx), key=lambda s: (s.join, s.leave, s.ref))
        identities = {k for i in idx for k in keys_of[i]}
        names = {s.name for s in segs}
        cluster = _Cluster(
            segments=segs,
            identities=identities,
            displays={n: displays[n] for n in sorted(names)},
            hints={n: hints[n] for n in sorted(names)},
            persons={n: persons[n] for n in sorted(names)},
            emails={s.email.strip().lower() for s in segs if s.email},
        )
        cluster.base_key = connection_key(min(identities))
        clusters.append(cluster)
    clusters.sort(key=lambda c: c.base_key)
    return clusters


# --- matching ----------------------------------------------------------------------------


def _told(cluster: _Cluster, index: RosterIndex) -> list[Display]:
    """What a person said about themselves elsewhere (``Segment.details``), read like display
    names: for agency and phone hints only."""
    texts = sorted({t for s in cluster.segments for t in s.details})
    return [split_display(t, index.words) for t in texts]


def _combined_hint(cluster: _Cluster, index: RosterIndex, told: Sequence[Display] = ()) -> Hint:
    """One hint from every display name, detail and e-mail domain of a person."""
    found = [h for h in cluster.hints.values() if h]
    found += [h for d in told if (h := index.catalog.hint(d.tokens))]
    found += [h for e in sorted(cluster.emails) if (h := index.catalog.email_hint(e))]
    if not found:
        return NO_HINT
    if len(found) == 1:  # one display name, nothing else: its hint, without token positions
        return Hint(found[0].agencies, found[0].regions, found[0].units)
    exact = {h.exact for h in found if h.exact}
    regions = frozenset().union(*(h.regions for h in found))
    units = frozenset().union(*(h.units for h in found))
    if exact:
        return Hint(frozenset(exact), regions, units)
    sets = [h.agencies for h in found if h.agencies]
    if not sets:
        return Hint(frozenset(), regions, units)
    common = frozenset.intersection(*sets)
    return Hint(common or frozenset().union(*sets), regions, units)


def _rejoined(c: _Cluster, index: RosterIndex) -> set[Words]:
    """Person words of display names with a word split in two set right ('Prat ama',
    'Wah yuni'): two neighbouring words that together, and not each alone, are words of
    invitees' names."""
    names, out = index.by_token, set()
    for raw, display in c.displays.items():
        toks, used = list(display.tokens), c.hints[raw].used
        joined = False
        for i in range(len(toks) - 2, -1, -1):
            a, b = toks[i], toks[i + 1]
            if i in used or i + 1 in used or not a or not b or (a in names and b in names):
                continue
            if a + b in names:  # as written or as spelled: the index holds both
                toks[i : i + 2], joined = [a + b, ""], True
        if joined:
            rest = [t for i, t in enumerate(toks) if t and i not in used]
            words = (person_tokens(rest, index.words), person_tokens(rest, index.words, spell=False))
            if words[0]:
                out.add(words)
    return out


def _initialled(c: _Cluster, index: RosterIndex) -> set[Words]:
    """Person words of display names that begin with a one-letter title read as an initial
    instead ('H. Nugraheni': Haji Nugraheni, or Heru Nugraheni)."""
    titles, out = index.words.titles, set()
    for raw, display in c.displays.items():
        if not any(len(t) == 1 and t in titles for t in display.tokens):
            continue
        rest = [t for i, t in enumerate(display.tokens) if i not in c.hints[raw].used]
        for i, tok in enumerate(rest[:-1]):
            if len(tok) == 1 and tok in titles and rest[i + 1] not in titles:
                before, after = rest[:i], rest[i + 1 :]
                out.add(
                    tuple(
                        (
                            *person_tokens(before, index.words, spell=spell),
                            tok,
                            *person_tokens(after, index.words, spell=spell),
                        )
                        for spell in (True, False)
                    )
                )
                break
    return out


def _unique(ids: set[str]) -> str | None:
    return next(iter(ids)) if len(ids) == 1 else None


def _run_at(words: tuple[str, ...], run: tuple[str, ...]) -> int:
    """Where ``run`` stands whole in ``words``, or -1."""
    for at in range(len(words) - len(run) + 1):
        if words[at : at + len(run)] == run:
            return at
    return -1


def _initials_fit(short: tuple[str, ...], full: tuple[str, ...]) -> float:
    """How well a first name or initials fit a full name, in order: 'andi', 'andi k' and
    'a kurniawan' fit 'andi kurniawan' (1.0); 'adni k' with one transposition less well; 0
    when they do not fit. Each word is whole or an initial, and one word of three letters or
    more is whole."""
    if not short or len(short) > len(full):
        return 0.0
    fit, whole = 1.0, False
    for s, f in zip(short, full, strict=False):
        if s == f or (len(s) < len(f) and f.startswith(s)):
            whole = whole or (s == f and len(s) >= 3)
        elif len(s) >= 3 and transposed(s, f) and fit == 1.0:
            fit, whole = ONE_SLIP, True
        else:
            return 0.0
    return fit if whole else 0.0


class _Matcher:
    def __init__(self, index: RosterIndex, window: Window, tuning: Tuning, overrides: Overrides):
        self.index = index
        self.session = window.session_id
        self.tuning = tuning
        self.overrides = overrides
        self._allowed_by: dict[frozenset[str], frozenset[str]] = {}

    def in_session(self, invitee_id: str) -> bool:
        return self.index.people[invitee_id].invitee.invited_to(self.session)

    def _allowed(self, hint: Hint) -> frozenset[str] | None:
        """Invitees a hinted person may be; None when there is no hint. Built once per set of
        agencies: a hint naming only an office ('Dinpar') allows a share of the whole roster."""
        if not hint:
            return None
        found = self._allowed_by.get(hint.agencies)
        if found is None:
            by_agency = self.index.by_agency
            found = frozenset().union(*(by_agency.get(a, ()) for a in hint.agencies))
            self._allowed_by[hint.agencies] = found
        return found

    def decide(self, c: _Cluster) -> None:
        """Strong evidence, else leave scored candidates for the weak pass."""
        told = _told(c, self.index)
        c.hint = _combined_hint(c, self.index, told)
        if self._override(c):
            return
        idx = self.index
        ids: set[str] = set().union(*(idx.by_email.get(e, set()) for e in c.emails))
        if (one := _unique(ids)) is not None:
            return self.take(c, one, Method.EMAIL, 1.0)
        phone_ids: set[str] = set()
        phones = [*c.displays.values(), *told]
        for d in phones:
            if d.phone:
                phone_ids |= idx.by_phone.get(d.phone, set())
            elif d.phone_mask:
                phone_ids |= idx.phone_fits(d.phone_mask)
        if (one := _unique(phone_ids)) is not None:
            masked = not any(d.phone for d in phones)
            return self.take(c, one, Method.PHONE, 0.95 if masked else 1.0)
        alias_ids: set[str] = set()
        for raw, d in c.displays.items():
            alias_ids |= idx.by_alias.get(name_key(d.tokens), set())
            alias_ids |= idx.by_alias.get(name_key(c.persons[raw][0]), set())
        if (one := _unique(alias_ids)) is not None:
            return self.take(c, one, Method.ALIAS, 1.0)
        restrict = ids or None  # a shared mailbox narrows the search but decides nothing
        allowed = self._allowed(c.hint)
        if restrict is not None:
            allowed = restrict if allowed is None else (allowed & restrict) or restrict
        variants = c.person_variants()
        exact = self._exact(variants, allowed)
        if not exact and (more := _rejoined(c, idx) | _initialled(c, idx)):
            variants = sorted(set(variants) | more)
            exact = self._exact(variants, allowed)
        if exact:
            tier = {i: s for i, s in exact.items() if self.in_session(i)} or exact
            best = max(tier.values())
            top = [i for i, s in tier.items() if s == best]
            others = self._first_name_of_others(top[0], allowed) if len(top) == 1 else set()
            if len(top) == 1 and not others:
                return self.take(c, top[0], Method.NAME, best)
            c.candidates = self._cands(tier | dict.fromkeys(others, best), Method.NAME)
            c.final = True
            c.reason = (
                "exact name fits several invitees; no hint decides"
                if len(top) > 1
                else "a one-word name that is also the first name of other invitees here"
            )
            return self.fall_to_agency(c)
        if self._in_order(c, variants, allowed):
            return
        if _device_owner(c, idx.words) is not None:
            return  # a device named after someone: only the second-device pass places it
        self._score(c, variants, allowed)

    def _exact(self, variants: list[Words], allowed: AbstractSet[str] | None) -> dict[str, float]:
        """Invitees whose name a person's words are, in order (1.0) or not (0.98), or written
        as one word ('aepsuryana', 0.98)."""
        idx, exact = self.index, {}
        for v, _ in variants:
            for i in idx.by_name.get(name_key(v), ()):
                exact[i] = 1.0
            for i in idx.by_sorted_name.get(sorted_key(v), ()):
                exact.setdefault(i, 0.98)
            for i in idx.by_joined.get(v[0], ()) if len(v) == 1 else ():
                exact.setdefault(i, 0.98)
        if allowed is not None:
            exact = {i: s for i, s in exact.items() if i in allowed}
        return exact

    def _name_like(self, word: str) -> bool:
        """Whether a word is an invitee's name word, or one letter added, dropped, changed or
        swapped from one ('wulanndari', 'and' for Andi)."""
        return self.index.near_name(word)

    def _first_name_of_others(self, invitee: str, allowed: AbstractSet[str] | None) -> set[str]:
        """Invitees of this session (of the hinted agencies) whose first name is the whole
        one-word name of ``invitee``: 'Wiwik' may be Wiwik or Wiwik Hartono."""
        name = self.index.people[invitee].name_tokens
        if len(name) != 1:
            return set()
        return {
            i
            for i in self.index.by_first.get(name[0], ())
            if i != invitee and self.in_session(i) and (allowed is None or i in allowed)
        }

    def _in_order(self, c: _Cluster, variants: list[Words], allowed: AbstractSet[str] | None) -> bool:
        """Every word of one invitee's name (two or more, or one within the agency a display
        name names), in order, among words of the display name that no invitee's name
        carries, even with a slip ('wonosobo andi kurniawan'): a match when no other invitee
        fits as long a run."""
        idx = self.index
        fits: dict[str, int] = {}
        shortest = 1 if allowed is not None else 2  # one word only among the few of a named agency
        for words in {w for variant in variants for w in variant if len(w) > shortest}:
            starts = set().union(*(idx.by_start.get(pair, set()) for pair in itertools.pairwise(words)))
            if allowed is not None:
                starts |= set().union(*(idx.by_single.get(w, set()) for w in words))
            for i in starts:
                if allowed is not None and i not in allowed:
                    continue
                person = idx.people[i]
                for name in {person.name_tokens, person.written}:
                    if not shortest <= len(name) < len(words):
                        continue  # a name of as many words as the display's is the exact case
                    at = _run_at(words, name)
                    rest = words[:at] + words[at + len(name) :]
                    if at >= 0 and not any(self._name_like(w) for w in rest):
                        fits[i] = max(fits.get(i, 0), len(name))
        if not fits:
            return False
        tier = {i: n for i, n in fits.items() if self.in_session(i)} or fits
        longest = max(tier.values())
        top = [i for i, n in tier.items() if n == longest]
        if len(top) == 1 and not self._first_name_of_others(top[0], allowed):
            self.take(c, top[0], Method.IN_ORDER, IN_ORDER)
            return True
        c.candidates = self._cands({i: IN_ORDER for i in top}, Method.IN_ORDER)
        c.reason = "the name found in order fits several invitees"
        c.final = True
        return False

    def _score(
        self,
        c: _Cluster,
        variants: list[tuple[tuple[str, ...], tuple[str, ...]]],
        allowed: AbstractSet[str] | None,
    ) -> None:
        idx, t = self.index, self.tuning
        scores: dict[str, tuple[float, str]] = {}
        for v, w in variants:
            if allowed is None:
                pool = idx.block(v) | (idx.block(w) if w != v else set())
            elif len(allowed) <= SMALL_POOL:
                pool = allowed  # the agency's few invitees: score them all
            else:  # a hint that names only a unit ('Dinpar') allows many agencies
                pool = allowed & (idx.block(v) | idx.block(w) | idx.by_token.get(v[0], set()))
            for i in pool:
                person = idx.people[i]
                if not person.name_tokens:
                    continue
                similarity = name_similarity(v, person.name_tokens, idx.by_token)
                if w != v or person.written != person.name_tokens:
                    similarity = max(similarity, name_similarity(w, person.written, idx.by_token))
                best = (similarity, Method.FUZZY)
                if allowed is not None and (fit := _initials_fit(v, person.name_tokens)):
                    best = max(best, (round(t.partial_score * fit, 4), Method.PARTIAL))
                if best > scores.get(i, (0.0, "")):
                    scores[i] = best
        kept: list[Candidate] = []
        for tier in (True, False):  # the best few of this session's invitees, then of others
            ranked = heapq.nsmallest(
                KEEP,
                ((-s, i, m) for i, (s, m) in scores.items() if s >= FLOOR and self.in_session(i) == tier),
            )
            kept += [Candidate(i, round(-s, 4), m, tier) for s, i, m in ranked]
        c.candidates = tuple(kept)

    def accept(self, c: _Cluster) -> float:
        """The similarity a weak claim needs: less among the few invitees of a named agency."""
        return self.tuning.fuzzy_accept_hinted if c.hint.agencies else self.tuning.fuzzy_accept

    def weak_claim(self, c: _Cluster) -> Candidate | None:
        """The candidate a person may claim: good enough and clearly ahead, session first."""
        t = self.tuning
        accept = self.accept(c)
        for tier in (True, False):
            ranked = [k for k in c.candidates if k.in_session == tier]
            if not ranked or ranked[0].score < accept:
                continue
            runner = ranked[1] if len(ranked) > 1 else None
            if ranked[0].score - (runner.score if runner else 0.0) >= t.fuzzy_margin:
                if ranked[0].method != Method.FUZZY:
                    return ranked[0]
                allowed = self._allowed(c.hint)
                if self._first_name_of_others(ranked[0].invitee, allowed):
                    c.reason = f"{ranked[0].invitee} fits, but the one word is others' first name too"
                    return None
                if rival := self._one_edit_from(c, allowed, tier) - {ranked[0].invitee}:
                    c.reason = f"{ranked[0].invitee} fits, but {min(rival)} is one letter away too"
                    return None
                return ranked[0]
            c.reason = (
                f"{ranked[0].invitee} and {runner.invitee} fit about equally"
                if runner
                else f"{ranked[0].invitee} fits, but by less than the margin"
            )
            return None
        return None

    def _one_edit_from(self, c: _Cluster, allowed: AbstractSet[str] | None, in_session: bool) -> set[str]:
        """Invitees (of this session, or of others) whose whole name is one letter added,
        dropped, changed or swapped from a person's ('Aesp Suryana': Asep, and Aep, Suryana)."""
        idx, found = self.index, set()
        for words, _ in c.person_variants():
            said = "".join(words)
            for near in idx.near_words(said):
                if OSA.distance(said, near, score_cutoff=1) <= 1:
                    found |= idx.by_single.get(near, set()) | idx.by_joined.get(near, set())
        return {i for i in found if self.in_session(i) == in_session and (allowed is None or i in allowed)}

    def _cands(self, scores: Mapping[str, float], method: Method) -> tuple[Candidate, ...]:
        return tuple(Candidate(i, s, method, self.in_session(i)) for i, s in sorted(scores.items()))

    def take(self, c: _Cluster, invitee: str, method: Method, score: float) -> None:
        c.invitee, c.method, c.score = invitee, method, score
        c.agency = self.index.people[invitee].invitee.agency

    def _override(self, c: _Cluster) -> bool:
        o = self.overrides.by_key.get(c.base_key)
        if o is None and self.overrides.by_name:
            o = next(
                (self.overrides.by_name[f] for n in c.displays if (f := fold(n)) in self.overrides.by_name),
                None,
            )
        if o is None:
            return False
        c.reason = f"override {o.where}".strip()
        if o.target.lower() == IGNORE:
            c.ignored, c.method, c.score = True, Method.OVERRIDE, 1.0
        elif o.target in self.index.people:
            self.take(c, o.target, Method.OVERRIDE, 1.0)
        else:
            c.agency, c.method, c.score = o.target, Method.OVERRIDE, 1.0
        return True

    def fall_to_agency(self, c: _Cluster) -> None:
        """No invitee: attribute to the one agency the hint names, if it names one."""
        if c.invitee is None and c.hint.exact and c.hint.exact in self.index.by_agency:
            c.agency, c.method, c.score = c.hint.exact, Method.AGENCY, 1.0
            if not c.reason:
                c.reason = "agency named in the display name; no invitee fits"


def _settle_weak(clusters: list[_Cluster], m: _Matcher) -> None:
    """Give weak claims their invitees, deciding contested ones together.

    Connections under one display name that claim one invitee are one person rejoining. A
    claim on an invitee whom strong evidence already found is a second device when it is a
    first name, or a near spelling inside the agency its display names; a bare near spelling
    is left for review (a wrong match is worse). When several
    people claim one invitee, the assignment that maximises total similarity decides, so no
    invitee is doubly claimed while another fitting one is free; a first-name claimant left
    without an alternative joins the winner as a second device.
    """
    holders: dict[str, list[_Cluster]] = defaultdict(list)
    for c in clusters:
        if c.invitee:
            holders[c.invitee].append(c)
    held = set(holders)
    claims: dict[str, dict[frozenset[str], list[_Cluster]]] = defaultdict(lambda: defaultdict(list))
    best: dict[int, Candidate] = {}
    for c in clusters:
        undecided = c.invitee is None and not c.ignored and c.agency is None and not c.final
        if undecided and (k := m.weak_claim(c)) is not None:
            claims[k.invitee][c.signature].append(c)
            best[id(c)] = k
    contested: list[list[_Cluster]] = []
    for invitee, by_name in sorted(claims.items()):
        people = [by_name[sig] for sig in sorted(by_name, key=sorted)]
        if invitee in held:
            agency = m.index.people[invitee].invitee.agency
            for group in people:
                k = best[id(group[0])]
                if _second_of(group, k, agency, holders[invitee]):
                    _take_all(
                        m, group, invitee, k.method, k.score, "second device of a person already matched"
                    )
                else:  # another of the office, or one slip from someone here with nothing placing it
                    for c in group:
                        c.reason = f"close to {invitee}, who is already matched by stronger evidence"
        elif len(people) == 1:
            k = best[id(people[0][0])]
            _take_all(m, people[0], invitee, k.method, k.score)
        else:
            contested.extend(people)
    if contested:
        _assign(contested, best, m)


def _device_owner(c: _Cluster, words: NameWords) -> str | None:
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


def _second_of(group: list[_Cluster], k: Candidate, agency: str, holders: list[_Cluster]) -> bool:
    """Whether a weak claim on someone already matched is more of that person: a slip of
    their name inside their office ('Sleman_DPMPTSP_Andi Kurniwan') on a second screen (one
    opened while the other was connected) or renamed; a first name or initials
    ('Sleman_DPMPTSP_Andi') only renamed, never at the same time, for while they are
    connected it is as likely a colleague of that name."""
    theirs = [(s.join, s.leave) for c in holders for s in c.segments]
    mine = [s for c in group for s in c.segments]
    renamed = not any(s.join < leave and join < s.leave for s in mine for join, leave in theirs)
    if k.method == Method.PARTIAL:
        return renamed
    if agency not in group[0].hint.agencies or k.score < ONE_SLIP:
        return False
    start, end = min(j for j, _ in theirs), max(v for _, v in theirs)
    first, last = min(s.join for s in mine), max(s.leave for s in mine)
    return renamed or all(start <= s.join <= end for s in mine) or all(first <= j <= last for j, _ in theirs)


def _within(device: _Cluster, owner: list[_Cluster]) -> bool:
    """Whether a device was connected only while its owner was (a second screen), or took
    over within minutes of their last connection ending (the laptop dropped, the phone
    carried on): not a stranger's, who comes and goes on their own."""
    start = min(s.join for c in owner for s in c.segments)
    end = max(s.leave for c in owner for s in c.segments)
    return all(start <= s.join and s.leave <= end for s in device.segments) or all(
        end <= s.join <= end + TAKEOVER for s in device.segments
    )


def _second_devices(clusters: list[_Cluster], m: _Matcher) -> None:
    """A device named after its owner joins the one person matched in this session whose name
    begins with that name, when no one else who may own it is here or invited: another
    invitee of the session whose name carries that word anywhere ('Andi Kaharuddin' may be
    called Kaharuddin), or anyone unplaced here whose name does."""
    idx = m.index
    devices = [
        (c, owner)
        for c in clusters
        if c.invitee is None and c.agency is None and not c.ignored and (owner := _device_owner(c, idx.words))
    ]
    if not devices:
        return
    device_ids = {id(c) for c, _ in devices}
    by_invitee: dict[str, list[_Cluster]] = defaultdict(list)
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
    for o in clusters:
        if o.invitee is None and id(o) not in device_ids and not o.ignored:
            for words, _ in o.persons.values():
                for word in words:
                    unplaced.add(word, id(o))
    for c, owner in devices:
        allowed = m._allowed(c.hint)
        fits = {i for i in firsts.starting(owner) if allowed is None or i in allowed}
        could = fits | {i for i in later.starting(owner) if allowed is None or i in allowed}
        others = unplaced.starting(owner)
        one = next(iter(fits)) if len(fits) == 1 else None
        if one in by_invitee and could == {one} and not others:
            if _within(c, by_invitee[one]):
                m.take(c, one, Method.DEVICE, DEVICE)
                c.reason = (
                    f"a device named after {owner!r}: the one person of that name matched in this session"
                )
            else:
                c.reason = f"a device named after {owner!r}, connected when {one} was not"
        elif fits or could or others:
            c.reason = f"a device named after {owner!r}, who may be any of several people"


def _take_all(
    m: _Matcher, group: list[_Cluster], invitee: str, method: Method, score: float, reason: str = ""
) -> None:
    for c in group:
        m.take(c, invitee, method, score)
        if reason:
            c.reason = reason


def _assign(contested: list[list[_Cluster]], best: dict[int, Candidate], m: _Matcher) -> None:
    """Maximum-similarity assignment of contested claimants to the invitees still free."""
    taken = {c.invitee for group in contested for c in group if c.invitee}
    leads = [group[0] for group in contested]
    cols = sorted({k.invitee for c in leads for k in c.candidates if k.score >= m.accept(c)} - taken)
    weight = [
        [
            next((k.score for k in c.candidates if k.invitee == i and k.score >= m.accept(c)), 0.0)
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
        if k.method == Method.PARTIAL and winners and _second_of(group, k, "", winners):
            _take_all(m, group, k.invitee, k.method, k.score, "second device of a person already matched")
        else:
            for c in group:
                c.reason = f"close to {k.invitee}, whom a closer name claimed"


# --- statuses ----------------------------------------------------------------------------


def _status(
    c_invitee: str | None,
    agency: str | None,
    ignored: bool,
    minutes: float,
    need: float,
    index: RosterIndex,
    session: str,
) -> Status:
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
    return Status.VERIFIED if minutes + 1e-9 >= need else Status.SHORT


def _merge(clusters: list[_Cluster]) -> list[list[_Cluster]]:
    """One person per invitee (second devices join); connections attributed to one agency
    under one display name are as few people as were connected at once; every other
    cluster stands alone."""
    by_invitee: dict[str, list[_Cluster]] = defaultdict(list)
    by_name: dict[tuple[str, frozenset[str]], list[_Cluster]] = defaultdict(list)
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


def _rejoins(group: list[_Cluster]) -> list[list[_Cluster]]:
    """Connections under one name that a namesake kept apart ('Ratri Lestari' of an office
    with two): one after another they are one person rejoining; at once, several people."""
    chains: list[list[_Cluster]] = []
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


def reconcile(
    segments: Sequence[Segment],
    index: RosterIndex,
    window: Window,
    policy: Policy,
    overrides: Overrides = NO_OVERRIDES,
    tuning: Tuning = Tuning(),
) -> Result:
    """Who attended this session, as whom, for how long (``reconcile --format json`` prints it)."""
    session = window.session_id
    matcher = _Matcher(index, window, tuning, overrides)
    clusters = _group(segments, index)
    for c in clusters:
        matcher.decide(c)
    _settle_weak(clusters, matcher)
    _second_devices(clusters, matcher)
    for c in clusters:
        if c.invitee is None and c.agency is None and not c.ignored:
            matcher.fall_to_agency(c)

    need = policy.threshold_minutes(window)
    start, end = _plain(window.start), _plain(window.end)
    people: list[Participant] = []
    for group in _merge(clusters):
        segs = tuple(sorted((s for c in group for s in c.segments), key=lambda s: (s.join, s.leave, s.ref)))
        lead = min(group, key=lambda c: (_RANK[c.method], -c.score, c.base_key))
        minutes = covered_seconds(((s.join, s.leave) for s in segs), start, end) / 60.0
        invitee, agency = lead.invitee, lead.agency
        ignored = any(c.ignored for c in group)
        status = _status(invitee, agency, ignored, minutes, need, index, session)
        names: list[str] = []
        for s in segs:
            if s.name not in names:
                names.append(s.name)
        emails = sorted({s.email.strip() for s in segs if s.email})
        people.append(
            Participant(
                key=invitee_key(invitee) if invitee else lead.base_key,
                display_names=tuple(names),
                email=emails[0] if emails else None,
                minutes=minutes,
                invitee=invitee,
                agency=agency if status != Status.UNMATCHED else None,
                status=status,
                method=lead.method if status != Status.UNMATCHED else Method.NONE,
                score=round(lead.score, 4) if status != Status.UNMATCHED else 0.0,
                segments=segs,
                candidates=lead.candidates,
                reason=lead.reason,
                connections=tuple(sorted(c.base_key for c in group)),
            )
        )
    if policy.delegates == Delegates.SEATS:
        people = _seat_delegates(people, index, session)
    people.sort(
        key=lambda p: (
            p.agency is None,
            p.agency or "",
            p.status,
            p.display_names[0].lower(),
            p.key,
        )
    )
    invitees = _invitee_rows(people, index, session)
    agencies = _agency_rows(people, index, session)
    by_status = Counter(p.status for p in people)
    totals = Totals(
        **{s.value: by_status[s] for s in STATUSES},
        agencies_invited=len(agencies),
        agencies_present=sum(1 for a in agencies if a.status == Presence.PRESENT),
        participants=len(people),
        segments=len(segments),
    )
    return Result(window, tuple(people), invitees, agencies, totals)


def _plain(value: datetime) -> datetime:
    """The same instant as a standard-library datetime: arithmetic on a subclass such as
    pendulum's (a config's times) is many times slower, and this runs once per person."""
    return datetime.combine(value.date(), value.timetz()) if type(value) is not datetime else value


def _seats(index: RosterIndex, session: str) -> dict[str, int]:
    seats: dict[str, int] = defaultdict(int)
    for inv in index.roster.invitees:
        if not inv.is_organiser and inv.invited_to(session):
            seats[inv.agency] += 1
    return seats


def _seat_delegates(people: list[Participant], index: RosterIndex, session: str) -> list[Participant]:
    """Count at most an agency's invited seats: named invitees first, then the people it sent
    in their place by time present; anyone beyond is a delegate, shown but not counted."""
    seats = _seats(index, session)
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


def _invitee_rows(people: list[Participant], index: RosterIndex, session: str) -> tuple[InviteeStatus, ...]:
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


def _agency_rows(people: list[Participant], index: RosterIndex, session: str) -> tuple[AgencyStatus, ...]:
    invited = _seats(index, session)
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
