"""The matcher of one session: the cascade of rules run on each person, and what the rules
and the later passes share (the invitees a hint allows, who is invited, taking an invitee,
whether a weak claim stands). Pure: no I/O, no clock.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from vc_sync.keys import CONNECTION
from vc_sync.kinds import Doubt
from vc_sync.matching.agencies import Hint
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.methods import AGENCY, FUZZY
from vc_sync.matching.people import Candidate, Cluster
from vc_sync.matching.readings import combined_hint, initials_fit, run_at, told
from vc_sync.matching.rules import CASCADE, Attempt, Rule
from vc_sync.matching.text import fold
from vc_sync.model import Override, Window


@dataclass(frozen=True)
class Tuning:
    """Thresholds of the cascade (``[matching]`` in the config)."""

    fuzzy_accept: float = 0.85  # word similarity a fuzzy name needs
    fuzzy_accept_hinted: float = 0.75  # … among the few invitees of the agency it names
    fuzzy_margin: float = 0.06  # and how far ahead of the runner-up it must be
    partial_score: float = 0.90  # first name or initials fitting an invitee of the hinted agency


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
DEFAULT_TUNING = Tuning()


class Matcher:
    """One session's matching: ``decide`` runs the cascade (``rules.CASCADE``) on a person."""

    def __init__(
        self,
        index: RosterIndex,
        window: Window,
        tuning: Tuning,
        overrides: Overrides,
        rules: Sequence[Rule] = CASCADE,
    ):
        self.index = index
        self.rules = tuple(rules)
        self.session = window.session_id
        self.tuning = tuning
        self.overrides = overrides
        self._allowed_by: dict[frozenset[str], frozenset[str]] = {}
        self._words_of: dict[str, frozenset[str]] = {}

    def decide(self, c: Cluster) -> None:
        """Each rule in turn until one decides; undecided, a person keeps the candidates the
        rules scored for the weak pass (``settle``). The person's agency hint is read before
        the first rule that reads it (``Rule.hinted``) and for anyone the cascade leaves
        unplaced (the later passes read it): an override or an e-mail places a person without."""
        attempt = Attempt(c, self, [])
        hinted = False
        for rule in self.rules:
            if rule.hinted and not hinted:
                hinted = self._read_hint(c, attempt)
            if rule.decide(c, attempt, self):
                break
        if not hinted and c.invitee is None and c.agency is None and not c.ignored:
            self._read_hint(c, attempt)

    def _read_hint(self, c: Cluster, attempt: Attempt) -> bool:
        """The hint of every display name, detail and e-mail domain of a person, and the
        details read like display names (``Attempt.told``)."""
        attempt.told = told(c, self.index)
        c.hint = combined_hint(c, self.index, attempt.told)
        return True

    def in_session(self, invitee_id: str) -> bool:
        return self.index.people[invitee_id].invitee.invited_to(self.session)

    def allowed(self, hint: Hint) -> frozenset[str] | None:
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

    def office_given(self, agency: str) -> frozenset[str]:
        """The common given names an agency's invitees carry, every session's ('wahyudi' of
        an office that also has a Wahyuni)."""
        found = self._words_of.get(agency)
        if found is None:
            people, given = self.index.people, self.index.words.given_names
            ids = self.index.by_agency.get(agency, ())
            found = frozenset(w for i in ids for w in people[i].name_tokens if w in given)
            self._words_of[agency] = found
        return found

    def name_like(self, word: str) -> bool:
        """Whether a word is an invitee's name word, or one letter added, dropped, changed or
        swapped from one ('wulanndari', 'and' for Andi)."""
        return self.index.near_name(word)

    def first_name_of_others(self, invitee: str, allowed: AbstractSet[str] | None) -> set[str]:
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

    def accept(self, c: Cluster) -> float:
        """The similarity a weak claim needs: less among the few invitees of a named agency."""
        return self.tuning.fuzzy_accept_hinted if c.hint.agencies else self.tuning.fuzzy_accept

    def _one_slip_apart(self, c: Cluster, ranked: list[Candidate], accept: float) -> Candidate | None:
        """Among names that fit about equally by a slip, the one whole name a single letter from
        the name as typed, word for word, when every other is further: 'Titik Partama' is Titik
        Pratama, not Tutik Pratama; 'Ni Mdae Suardana' is Suardana, not Suarjana. A word left
        out or glued to the next is no letter slip ('Nyoman Sudarsana' may be I or Ni Nyoman):
        both words counts must agree. A name typed whole with fewer spaces is nearer still
        ('IWayanSuarjana' is Suarjana, not Suardana), unless another is a letter from the name
        as typed, word for word ('Arini Lestari': A. Rini Lestari, or Arina Lestari?)."""
        close = [k for k in ranked if ranked[0].score - k.score < self.tuning.fuzzy_margin]
        if any(k.method != FUZZY for k in close):
            return None
        whole = [k for k in close if self.typed_whole(c, k.invitee)]
        away = {k.invitee: self.word_for_word(c, k.invitee) for k in close}
        if len(whole) == 1:  # 'IWayanSuarjana'; not 'Arini Lestari' beside Arina Lestari, a letter
            found = whole[0]  # from the name as typed, word for word
            rivals = [k for k in close if k is not found and away[k.invitee] <= 1]
            return found if not rivals and found.score >= accept else None
        far = sorted((away[k.invitee], i) for i, k in enumerate(close))
        if far[0][0] > 1 or (len(far) > 1 and far[1][0] <= far[0][0]):
            return None
        found = close[far[0][1]]
        return found if found.score >= accept else None

    def weak_claim(self, c: Cluster) -> Candidate | None:
        """The candidate a person may claim: good enough and clearly ahead, session first."""
        t = self.tuning
        accept = self.accept(c)
        for tier in (True, False):
            ranked = [k for k in c.candidates if k.in_session == tier]
            if not ranked or ranked[0].score < accept:
                continue
            runner = ranked[1] if len(ranked) > 1 else None
            slip = None  # of names that fit about equally, the one a letter from the name as typed
            close = runner and ranked[0].score - runner.score < t.fuzzy_margin
            if close and (slip := self._one_slip_apart(c, ranked, accept)):
                ranked, runner = [slip], None
            if ranked[0].score - (runner.score if runner else 0.0) >= t.fuzzy_margin:
                if ranked[0].method != FUZZY:
                    return ranked[0]
                allowed = self.allowed(c.hint)
                if not tier and (ours := self.one_edit_from(c, allowed, True)):
                    c.reason = (  # 'Ani Saputra': Ani Saputro of S3, or Andi Saputra of this one?
                        f"{ranked[0].invitee} of another session fits, "
                        f"but {min(ours)} of this one is one letter away too"
                    )
                    c.doubt = Doubt.TIE
                    return None
                if self.first_name_of_others(ranked[0].invitee, allowed):
                    c.reason = f"{ranked[0].invitee} fits, but the one word is others' first name too"
                    c.doubt = Doubt.TIE
                    return None
                rival = self.one_edit_from(c, allowed, tier) - {ranked[0].invitee}
                if rival and self.typed_whole(c, ranked[0].invitee):  # only a letter, word for word
                    rival = {i for i in rival if self.word_for_word(c, i) <= 1}
                if rival:
                    c.reason = f"{ranked[0].invitee} fits, but {min(rival)} is one letter away too"
                    c.doubt = Doubt.TIE
                    return None
                if other := self.held_by_longer(c, ranked[0].invitee, allowed, tier):
                    c.reason = (  # 'Putu Suarjana': I Putu, or Ida Bagus Putu Suarjana?
                        f"{ranked[0].invitee} fits, but {other}'s longer name holds the words typed whole"
                    )
                    c.doubt = Doubt.TIE
                    if all(k.invitee != other for k in c.candidates):
                        c.candidates = (*c.candidates, Candidate(other, ranked[0].score, FUZZY, tier))
                    return None
                if other := self.initial_of_others(c, ranked[0].invitee, allowed, tier):
                    c.reason = f"{ranked[0].invitee} fits, but an initial typed may stand for {other}'s name"
                    c.doubt = Doubt.TIE
                    return None
                if other := self.spelt_out_by_others(ranked[0].invitee, allowed, tier):
                    c.reason = (  # 'Kurniawan': I. Kurniawan, or Iwan Kurniawan the roster's I. may be?
                        f"{ranked[0].invitee} fits with the initial of the roster's name set aside, "
                        f"but {other}'s name spells that name out"
                    )
                    c.doubt = Doubt.TIE
                    return None
                if slip:  # decided over others as close: it claims that invitee and no other
                    c.only = slip.invitee
                    c.reason = (
                        f"{slip.invitee}'s whole name is the name as typed, without its spaces"
                        if self.typed_whole(c, slip.invitee)
                        else f"{slip.invitee}'s name is a letter from the name as typed, the others' further"
                    )
                return ranked[0]
            c.doubt = Doubt.TIE if runner else Doubt.LOW
            c.reason = (
                f"{ranked[0].invitee} and {runner.invitee} fit about equally"
                if runner
                else f"{ranked[0].invitee} fits, but by less than the margin"
            )
            return None
        return None

    def initial_of_others(
        self, c: Cluster, invitee: str, allowed: AbstractSet[str] | None, in_session: bool
    ) -> str | None:
        """Another invitee whose name the words typed, initials included, spell out in any
        order ('Bambang S. Hadi' fits Bambang Hadi by a slip, and Bambang Sutrisno Hadi whole;
        'A. Tri Pamungkas' Tri Pamungkas, and Agus Tri Pamungkas): of this session, or of the
        same tier as the fit."""
        for words, _ in c.person_variants():
            if len(words) >= 2 and any(len(w) == 1 for w in words):
                found = self.spelt_by_initials(words, invitee, allowed, in_session)
                if found:
                    return min(found)
        return None

    def held_by_longer(
        self, c: Cluster, invitee: str, allowed: AbstractSet[str] | None, in_session: bool
    ) -> str | None:
        """Another invitee whose longer name holds the words typed, two or more, whole and in
        order: a fit by a slip or a word left off is then no better than theirs ('Putu Suarjana'
        fits I Putu Suarjana, Bali's I left off, and Ida Bagus Putu Suarjana, a title of caste
        left off): of this session, or of the same tier as the fit."""
        idx = self.index
        for words, _ in c.person_variants():
            if len(words) < 2:
                continue
            sets = sorted((idx.by_token.get(w, set()) for w in words), key=len)
            for i in sorted(sets[0].intersection(*sets[1:])):
                if i == invitee or (allowed is not None and i not in allowed):
                    continue
                if in_session and not self.in_session(i):
                    continue
                person = idx.people[i]
                if any(
                    len(n) > len(words) and run_at(n, words) >= 0
                    for n in {person.name_tokens, person.written}
                ):
                    return i
        return None

    def spelt_out_by_others(
        self, invitee: str, allowed: AbstractSet[str] | None, in_session: bool
    ) -> str | None:
        """Another invitee whose name spells out this one's roster name with its initials ('Iwan
        Kurniawan' for the roster's 'I. Kurniawan'): of this session, or of the same tier."""
        name = self.index.people[invitee].name_tokens
        if len(name) < 2 or all(len(w) > 1 for w in name):
            return None
        found = self.spelt_by_initials(name, invitee, allowed, in_session)
        return min(found) if found else None

    def spelt_by_initials(
        self,
        words: tuple[str, ...],
        besides: str,
        allowed: AbstractSet[str] | None,
        in_session: bool = False,
    ) -> set[str]:
        """Invitees other than ``besides`` whose whole name these words, one or more of them
        initials or the beginning of a word ('abd' of Abdullah), spell out in some order; of
        this session, or of others too when not ``in_session``."""
        idx = self.index
        whole = next((w for w in words if len(w) > 1 and w in idx.by_token), None)
        found = set()
        for i in sorted(idx.by_token.get(whole, ())) if whole else ():
            if i == besides or (allowed is not None and i not in allowed):
                continue
            if in_session and not self.in_session(i):
                continue
            person = idx.people[i]  # as written too: 'much' begins Muchlis, not Mukhlis
            if any(
                len(name) == len(words) and any(initials_fit(p, name) for p in itertools.permutations(words))
                for name in {person.name_tokens, person.written}
            ):
                found.add(i)
        return found

    def initial_like(self, word: str) -> bool:
        """Whether a word may stand for a longer name word: an initial, or a short form of one
        (``[name_forms]``: 'muh' for Muhammad, 'abd' for Abdul); not any short word ('TU', Tata
        Usaha, beside a Tuti)."""
        return len(word) == 1 or word in self.index.words.short_forms

    def typed_whole(self, c: Cluster, invitee: str) -> bool:
        """Whether a display name is the invitee's whole name written with fewer spaces
        ('NiMadeSuarjana', 'Imade Sudarsana'): then a name a letter further, and of a word count
        other than the name as typed, is no rival (Ni Made Suardana, I Made Suarjana)."""
        person = self.index.people[invitee]
        joined = {"".join(person.name_tokens), "".join(person.written)}
        return any("".join(v) in joined or "".join(w) in joined for v, w in c.person_variants())

    def word_for_word(self, c: Cluster, invitee: str) -> int:
        """Letters between a display name and the invitee's name of as many words, joined (0, 1,
        or 2 for two or more, or for no name of that word count)."""
        person = self.index.people[invitee]
        return min(
            (
                OSA.distance("".join(t), "".join(n), score_cutoff=2)
                for t, _ in c.person_variants()
                for n in {person.name_tokens, person.written}
                if len(t) == len(n)
            ),
            default=2,
        )

    def one_edit_from(self, c: Cluster, allowed: AbstractSet[str] | None, in_session: bool) -> set[str]:
        """Invitees (of this session, or of others) whose whole name is one letter added,
        dropped, changed or swapped from a person's ('Aesp Suryana': Asep, and Aep, Suryana)."""
        idx, found = self.index, set()
        for words, _ in c.person_variants():
            said = "".join(words)
            for near in idx.near_words(said):
                if OSA.distance(said, near, score_cutoff=1) <= 1:
                    found |= idx.by_single.get(near, set()) | idx.by_joined.get(near, set())
        return {i for i in found if self.in_session(i) == in_session and (allowed is None or i in allowed)}

    def cands(self, scores: Mapping[str, float], method: str) -> tuple[Candidate, ...]:
        return tuple(Candidate(i, s, method, self.in_session(i)) for i, s in sorted(scores.items()))

    def take(self, c: Cluster, invitee: str, method: str, score: float) -> None:
        c.invitee, c.method, c.score = invitee, method, score
        c.agency = self.index.people[invitee].invitee.agency

    def fall_to_agency(self, c: Cluster) -> None:
        """No invitee: attribute to the one agency the hint names, if it names one."""
        if c.invitee is None and c.hint.exact and c.hint.exact in self.index.by_agency:
            c.agency, c.method, c.score = c.hint.exact, AGENCY, 1.0
            if not c.reason:
                c.reason = "agency named in the display name; no invitee fits"
