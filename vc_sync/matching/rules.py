"""The matching cascade, as data: ``CASCADE`` is the ordered list of rules a person goes
through until one decides.

A rule has a name, the method it gives (``methods.py``: how ``--explain`` words it) and one
``decide`` that finds its candidates and scores them. It returns True when the person is
decided, or set aside with candidates to show but none to claim; False passes the person to
the next rule. The last rule leaves scored candidates for the weak pass (``settle.py``);
devices named after someone wait for theirs (``devices.py``); whoever is still unplaced falls
to the one agency their display name names (``Matcher.fall_to_agency``).

To add a rule: a class here with ``name``, ``method`` and ``decide``, its place in
``CASCADE``, and its method (with its ``--explain`` wording) in ``methods.py``.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Set as AbstractSet
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from rapidfuzz.distance import OSA

from vc_sync.kinds import IGNORE, Doubt
from vc_sync.matching.devices import device_owner
from vc_sync.matching.index import name_key, sorted_key
from vc_sync.matching.methods import ALIAS, EMAIL, FUZZY, IN_ORDER, NAME, OVERRIDE, PARTIAL, PHONE
from vc_sync.matching.names import Display, person_tokens
from vc_sync.matching.people import Candidate, Cluster, Words
from vc_sync.matching.readings import (
    dotted,
    fields,
    first_slips,
    initialled,
    initials_fit,
    rejoined,
    run_at,
    unique,
)
from vc_sync.matching.similarity import ONE_SLIP, name_similarity
from vc_sync.matching.text import fold

if TYPE_CHECKING:
    from vc_sync.matching.matcher import Matcher

KEEP = 5  # candidates kept per tier for the decision and --explain
FLOOR = 0.5  # below this a name is no candidate at all
SMALL_POOL = 60  # a hinted pool this small is scored whole
IN_ORDER_SCORE = 0.95  # the score of a name found whole, in order, among words no one knows


class Attempt:
    """What the rules read about one person, each worked out on first need, so no rule
    depends on another having run: a rule may also widen ``variants`` for those after it."""

    def __init__(self, c: Cluster, m: Matcher, told: list[Display]):
        self._c, self._m = c, m
        self.told = told  # what the person said elsewhere, read like display names
        # names found whole in order but left, each with the longer invitee's name the words
        # beside it may be ('Muh. Abdul Rahman': Abdul Rahman, or Muhammad Abdul Rahman?)
        self.doubted: dict[str, set[str]] = {}

    @cached_property
    def mailbox(self) -> set[str]:
        """Invitees of the person's e-mail addresses."""
        by_email = self._m.index.by_email
        return set().union(*(by_email.get(e, set()) for e in self._c.emails))

    @cached_property
    def allowed(self) -> AbstractSet[str] | None:
        """Invitees the hint allows, narrowed to a shared mailbox's (which decides nothing by
        itself); None when nothing narrows them."""
        allowed: AbstractSet[str] | None = self._m.allowed(self._c.hint)
        if self.mailbox:
            allowed = self.mailbox if allowed is None else (allowed & self.mailbox) or self.mailbox
        return allowed

    @cached_property
    def variants(self) -> list[Words]:
        """The person words to compare: each display name's, folded and as written."""
        return self._c.person_variants()


class Rule:
    """One step of the cascade. ``hinted``: whether it reads the person's agency hint
    (``Cluster.hint``, ``Attempt.told``), which the matcher then reads first (~40 us a person)."""

    name: ClassVar[str]
    method: ClassVar[str]
    hinted: ClassVar[bool] = True

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        raise NotImplementedError


class OrganiserOverride(Rule):
    """An organiser's decision on this connection (by its key) or display name: an invitee,
    an agency, or ``ignore``."""

    name, method = "override", OVERRIDE
    hinted = False

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        o = m.overrides.by_key.get(c.base_key)
        if o is None and m.overrides.by_name:
            o = next(
                (m.overrides.by_name[f] for n in c.displays if (f := fold(n)) in m.overrides.by_name),
                None,
            )
        if o is None:
            return False
        c.reason = f"override {o.where}".strip()
        if o.target.lower() == IGNORE:
            c.ignored, c.method, c.score = True, OVERRIDE, 1.0
        elif o.target in m.index.people:
            m.take(c, o.target, OVERRIDE, 1.0)
        else:
            c.agency, c.method, c.score = o.target, OVERRIDE, 1.0
        return True


class SameEmail(Rule):
    """The one invitee whose e-mail the person connected with; a mailbox several invitees
    share decides nothing but narrows the later rules to them."""

    name, method = "email", EMAIL
    hinted = False

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        if (one := unique(a.mailbox)) is not None:
            if stood_in_for(c, one, m):  # 'Ratna mewakili Budi Santoso' on Budi's account
                c.candidates = m.cands({one: 1.0}, EMAIL)
                c.doubt, c.final = Doubt.STOOD_IN, True
                c.reason = f"the e-mail is {one}'s, but the display name says someone came in their place"
                return True
            m.take(c, one, EMAIL, 1.0)
            return True
        return False


def stood_in_for(c: Cluster, invitee: str, m: Matcher) -> bool:
    """Whether a display name of the person sets the invitee's name aside as the one someone
    came in place of ('Ratna mewakili Budi Santoso', 'Ny. Budi Santoso')."""
    name = set(m.index.people[invitee].name_tokens)
    for raw, display in c.displays.items():
        other = c.aside.get(raw, frozenset()) - c.hints[raw].used
        if other and name <= set(person_tokens((display.tokens[i] for i in sorted(other)), m.index.words)):
            return True
    return False


class SamePhone(Rule):
    """The one invitee whose phone number a display name (or what the person said elsewhere)
    carries, whole (1.0) or masked ('0812-****-7890', 0.95)."""

    name, method = "phone", PHONE

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        idx, ids = m.index, set()
        phones = [*c.displays.values(), *a.told]
        for d in phones:
            if d.phone:
                ids |= idx.by_phone.get(d.phone, set())
            elif d.phone_mask:
                ids |= idx.phone_fits(d.phone_mask)
        if (one := unique(ids)) is not None:
            masked = not any(d.phone for d in phones)
            m.take(c, one, PHONE, 0.95 if masked else 1.0)
            return True
        return False


class KnownAlias(Rule):
    """The one invitee one of whose roster aliases a display name is, whole or once titles
    and agency words are set aside."""

    name, method = "alias", ALIAS

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        by_alias, ids = m.index.by_alias, set()
        for raw, d in c.displays.items():
            ids |= by_alias.get(name_key(d.tokens), set())
            ids |= by_alias.get(name_key(c.persons[raw][0]), set())
        if (one := unique(ids)) is not None:
            m.take(c, one, ALIAS, 1.0)
            return True
        return False


class ExactName(Rule):
    """Invitees whose name the person's words are, in order (1.0) or not (0.98), or written as
    one word (0.98); failing that, the words with a split word rejoined or a one-letter title
    read as an initial. One invitee (of the session first) decides; several, or a one-word
    name that is also others' first name, are shown, not guessed."""

    name, method = "name", NAME

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        exact = self._exact(a.variants, a.allowed, m)
        if not exact and (more := rejoined(c, m.index) | initialled(c, m.index)):
            a.variants = sorted(set(a.variants) | more)
            exact = self._exact(a.variants, a.allowed, m)
        full = [v for v in a.variants if len(v[0]) > 1]  # a whole name, not a first name alone
        if not exact and a.allowed is not None and (elsewhere := self._exact(full, None, m)):
            if self._initial_fits_here(c, a, m):  # 'JOGJA_BKD_H. Nur Santoso': Heru, of BKD
                return False
            # the whole name of someone of another agency than the one named: not a slip of a
            # name here ('DPMPTSP Sleman - Wahyudi Santoso' is not Wahyuni Santoso of Sleman)
            c.candidates = m.cands(elsewhere, NAME)
            c.final = True
            c.doubt = Doubt.TIE
            c.reason = "the exact name of an invitee of another agency than the one named"
            m.fall_to_agency(c)
            return True
        if not exact:
            return False
        short = m.index.words.short_forms
        typed_forms = [w for _, w in a.variants if not short.isdisjoint(w)]
        written = 0  # 'Mohammad Ali' is the one written so, before a Muhammad Ali of this session,
        if typed_forms or not m.index.formed.isdisjoint(exact):  # and 'Akhmad' is Achmad, not Ahmad
            # (but not 'Suharto' before 'Soeharto': only where a [name_forms] word is folded)
            closeness = {i: self._as_written(i, a, m) for i in exact}
            written = max(closeness.values())
            exact = {i: s for i, s in exact.items() if closeness[i] == written}
        tier = {i: s for i, s in exact.items() if m.in_session(i)} or exact
        best = max(tier.values())
        top = [i for i, s in tier.items() if s == best]
        others = m.first_name_of_others(top[0], a.allowed) if len(top) == 1 else set()
        reason = "a one-word name that is also the first name of other invitees here"
        if len(top) == 1 and typed_forms and not written and not others:  # 'Abd. Rauf': Abdullah Rauf?
            others = {o for w in typed_forms for o in m.spelt_by_initials(w, top[0], a.allowed)}
            if others:
                reason = f"{top[0]}'s name once a short form is read whole; it may be {min(others)}'s"
        if len(top) == 1 and not others:
            m.take(c, top[0], NAME, best)
            return True
        c.candidates = m.cands(tier | dict.fromkeys(others, best), NAME)
        c.final = True
        c.doubt = Doubt.TIE
        c.reason = "exact name fits several invitees; no hint decides" if len(top) > 1 else reason
        m.fall_to_agency(c)
        return True

    @staticmethod
    def _as_written(i: str, a: Attempt, m: Matcher) -> int:
        """2 when the words typed are the invitee's as the roster writes them, 1 when they are
        once the old spelling is folded (not the forms of [name_forms]), else 0."""
        roster = m.index.people[i].written
        typed = [w for _, w in a.variants]
        if roster in typed:
            return 2
        respell = m.index.words.respell
        folded = tuple(map(respell, roster))
        return 1 if any(tuple(map(respell, w)) == folded for w in typed) else 0

    @staticmethod
    def _initial_fits_here(c: Cluster, a: Attempt, m: Matcher) -> bool:
        """Whether a one-letter title read as an initial fits an invitee of the few the hint
        allows: then 'H.' may be Heru as well as Haji, and the similar names' rule decides."""
        allowed = a.allowed
        if allowed is None or len(allowed) > SMALL_POOL:
            return False
        people = m.index.people
        return any(initials_fit(v, people[i].name_tokens) for v, _ in initialled(c, m.index) for i in allowed)

    @staticmethod
    def _exact(variants: list[Words], allowed: AbstractSet[str] | None, m: Matcher) -> dict[str, float]:
        idx, exact = m.index, {}
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


class NameInOrder(Rule):
    """Every word of one invitee's name (two or more, or one within the agency a display name
    names), in order, among words of the display name that no invitee's name carries, even
    with a slip ('wonosobo andi kurniawan'): a match (0.95) when no other invitee fits as long
    a run; several are shown, not guessed."""

    name, method = "in_order", IN_ORDER

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        idx, allowed = m.index, a.allowed
        fits: dict[str, int] = {}
        doubted: dict[str, set[str]] = {}  # a name found, and the longer invitees' the words beside may be
        shortest = 1 if allowed is not None else 2  # one word only among the few of a named agency
        begun = False  # whether any invitee's first two words stand together here
        abbreviated = None

        def short(word: str) -> bool:  # an initial, a [name_forms] short form, or dotted ('Ahm.')
            nonlocal abbreviated
            if m.initial_like(word):
                return True
            if abbreviated is None:
                abbreviated = dotted(c)
            return word in abbreviated

        for words in {w for variant in a.variants for w in variant if len(w) > shortest}:
            starts = set().union(*(idx.by_start.get(pair, set()) for pair in itertools.pairwise(words)))
            begun = begun or bool(starts)
            if allowed is not None:
                starts |= set().union(*(idx.by_single.get(w, set()) for w in words))
            for i in starts:
                if allowed is not None and i not in allowed:
                    continue
                person = idx.people[i]
                for name in {person.name_tokens, person.written}:
                    if not shortest <= len(name) < len(words):
                        continue  # a name of as many words as the display's is the exact case
                    at = run_at(words, name)
                    if at < 0:
                        continue
                    end = at + len(name)
                    rest = words[:at] + words[end:]
                    # 'a tri pamungkas' beside Agus Tri Pamungkas, 'budi santoso w' beside Budi
                    # Santoso Wibowo: the initial is theirs, perhaps ('kelas a - andi': no one's);
                    # a run of them, each as far as it goes ('r a sri lestari': Raden Ajeng)
                    first, last = at, end
                    while first > 0 and short(words[first - 1]):
                        first -= 1
                    while last < len(words) and short(words[last]):
                        last += 1
                    spans = [words[j:end] for j in range(first, at)] + [
                        words[at:j] for j in range(end + 1, last + 1)
                    ]
                    initial = {o for span in spans for o in m.spelt_by_initials(span, i, allowed)}
                    if initial:
                        doubted.setdefault(i, set()).update(initial)
                    elif not any(m.name_like(w) for w in rest):
                        fits[i] = max(fits.get(i, 0), len(name))
        for i, n in self._whole_field(c, a, m, doubted).items() if begun else ():  # a field is a run too
            fits[i] = max(fits.get(i, 0), n)
        if not fits:
            a.doubted = doubted  # for the similar names' rule: shown, never claimed
            return False
        tier = {i: n for i, n in fits.items() if m.in_session(i)} or fits
        longest = max(tier.values())
        top = [i for i, n in tier.items() if n == longest]
        if len(top) == 1 and not m.first_name_of_others(top[0], allowed):
            m.take(c, top[0], IN_ORDER, IN_ORDER_SCORE)
            return True
        c.candidates = m.cands({i: IN_ORDER_SCORE for i in top}, IN_ORDER)
        c.reason, c.doubt = "the name found in order fits several invitees", Doubt.TIE
        c.final = True
        return False

    @staticmethod
    def _whole_field(c: Cluster, a: Attempt, m: Matcher, doubted: dict[str, set[str]]) -> dict[str, int]:
        """Invitees whose whole name (two words or more) is one field of a display name written
        in fields, the other fields' words no one's name ('Dukcapil_Sika_Abdul Wulandari': a
        place misspelt; not 'Siti-Nur Aini' beside Nur Aini), unless the words typed, a slip or
        an initial allowed, may also be a longer name holding it ('Ika Abdul Wulandari',
        'A_Tri Pamungkas' beside Agus Tri Pamungkas): then ``doubted`` learns which."""
        idx, allowed, found = m.index, a.allowed, {}
        for words, others in fields(c, idx):
            if len(words) < 2 or not others or any(w in idx.name_words for w in others):
                continue
            for i in idx.by_name.get(name_key(words), ()):
                if allowed is not None and i not in allowed:
                    continue
                name = set(idx.people[i].name_tokens)
                longer = {  # each other word beside the field's: one unknown word hides none
                    j
                    for other in set(others)
                    for j in idx.block((*words, other))
                    if j != i and name < set(idx.people[j].name_tokens)
                }
                longer |= {o for v, _ in a.variants for o in m.spelt_by_initials(v, i, allowed)}
                if longer:
                    doubted.setdefault(i, set()).update(longer)
                else:
                    found[i] = len(words)
        return found


class NamedDevice(Rule):
    """A device named after someone ("X's iPhone", "HP X"): not scored here; only the
    second-device pass (``devices.py``) places it, once its owner is known."""

    name, method = "named_device", ""

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        return device_owner(c, m.index.words) is not None


class SimilarName(Rule):
    """Candidates for the weak pass: every invitee whose name is close, word by word
    (``similarity.name_similarity``: a slip costs little, another word everything), among
    the invitees the hint allows (all of a named agency's few, or those sharing a word); and
    within a named agency, a first name or initials that fit (``partial``). The best few of
    this session's invitees, then of others', are kept; ``Matcher.weak_claim`` decides."""

    name, method = "similar", FUZZY

    def decide(self, c: Cluster, a: Attempt, m: Matcher) -> bool:
        idx, t, allowed = m.index, m.tuning, a.allowed
        # A common given name one letter from another name is that name ('wahyudi', 'wahyuni'),
        # unless the display name names the one agency: there only its own invitees' do.
        given = idx.words.given_names if c.hint.exact is None else m.office_given(c.hint.exact)

        def similar(query: tuple[str, ...], name: tuple[str, ...]) -> float:
            # below FLOOR: no candidate
            return name_similarity(query, name, idx.name_words, given, FLOOR, idx.words.prefixes)

        scores: dict[str, tuple[float, str]] = {}
        for v, w in a.variants:
            forms_only = idx.words.short_forms.issuperset(w)  # 'Pak Moh': short for Muhammad, no first name
            pool: AbstractSet[str]
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
                similarity = similar(v, person.name_tokens)
                if w != v or person.written != person.name_tokens:
                    similarity = max(similarity, similar(w, person.written))
                best = (similarity, FUZZY)
                fit = initials_fit(v, person.name_tokens) if allowed is not None else 0.0
                if fit and forms_only:
                    fit = initials_fit(w, person.written)  # 'Muh.' for the roster's Muh., not a Muhammad
                if fit and any(a != b and a in given for a, b in zip(v, person.name_tokens, strict=False)):
                    fit = 0.0  # 'Dian' begins Diana, but is a given name of its own here
                if fit:
                    best = max(best, (round(t.partial_score * fit, 4), PARTIAL))
                if best > scores.get(i, (0.0, "")):
                    scores[i] = best
        for word, rest in first_slips(c, idx):  # 'Dan Santoso': Dani, and only him
            pool = set().union(*(idx.by_start.get((near, rest[0]), ()) for near in idx.near_words(word)))
            shortest = 3 if len(rest) >= 2 else 4  # 'Mh. Bahtiar Rahman': Muh., two names after it
            slipped = {
                i: len(name[0])
                for i in (pool if allowed is None else pool & allowed)
                for name in {idx.people[i].name_tokens, idx.people[i].written}  # 'Muh.' as written
                if name[1:] == rest and OSA.distance(word, name[0]) == 1
            }
            if any(n >= shortest for n in slipped.values()):  # and any shorter one is a rival ('Ssi': Sri)
                for i in slipped:
                    scores[i] = max(scores.get(i, (0.0, "")), (ONE_SLIP, FUZZY))
        kept: list[Candidate] = []
        for tier in (True, False):  # the best few of this session's invitees, then of others
            ranked = heapq.nsmallest(
                KEEP,
                ((-s, i, k) for i, (s, k) in scores.items() if s >= FLOOR and m.in_session(i) == tier),
            )
            kept += [Candidate(i, round(-s, 4), k, tier) for s, i, k in ranked]
        if c.final and c.doubt == Doubt.TIE:  # a tie found in order: its invitees first, offered
            tied = {t.invitee for t in c.candidates}
            kept = [*c.candidates, *(k for k in kept if k.invitee not in tied)]
        c.candidates = tuple(kept)
        if a.doubted and (not kept or kept[0].invitee in a.doubted):  # it would be that name, or none
            longer = set().union(*a.doubted.values())
            c.candidates = m.cands(dict.fromkeys(set(a.doubted) | longer, IN_ORDER_SCORE), IN_ORDER)
            c.reason = (
                f"{', '.join(sorted(a.doubted))}: the whole name is here, but the words beside it "
                f"may be the name of {', '.join(sorted(longer))}"
            )
            c.doubt, c.final = Doubt.TIE, True
        return True


CASCADE: tuple[Rule, ...] = (
    OrganiserOverride(),
    SameEmail(),
    SamePhone(),
    KnownAlias(),
    ExactName(),
    NameInOrder(),
    NamedDevice(),
    SimilarName(),
)
