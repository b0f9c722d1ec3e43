"""An index over a roster for matching: by e-mail, phone, alias, name and name token."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from vc_sync.matching import phones
from vc_sync.matching.agencies import AgencyCatalog, Gazetteer
from vc_sync.matching.names import NameWords, person_tokens, roster_tokens
from vc_sync.matching.similarity import deletions
from vc_sync.matching.text import tokens
from vc_sync.model import Invitee, Roster


@dataclass(frozen=True)
class Person:
    """An invitee as the matcher sees it."""

    invitee: Invitee
    name_tokens: tuple[str, ...]  # old spelling folded: 'soeharto' -> 'suharto'
    written: tuple[str, ...]  # as written, for slips the folding would make worse


NEAR_REMEMBERED = 200_000  # words whose near words are remembered within a run


def name_key(toks: Iterable[str]) -> str:
    return " ".join(toks)


def sorted_key(toks: Iterable[str]) -> str:
    return " ".join(sorted(toks))


class RosterIndex:
    """Everything the reconcile needs to know about a roster, computed once per run."""

    def __init__(self, roster: Roster, words: NameWords, gazetteer: Gazetteer):
        self.roster = roster
        self.words = words
        self.people: dict[str, Person] = {}
        self.by_email: dict[str, set[str]] = defaultdict(set)
        self.by_phone: dict[str, set[str]] = defaultdict(set)
        self.by_phone_tail: dict[str, set[str]] = defaultdict(set)  # last four digits -> numbers
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_sorted_name: dict[str, set[str]] = defaultdict(set)
        self.by_token: dict[str, set[str]] = defaultdict(set)
        self.by_joined: dict[str, set[str]] = defaultdict(set)  # 'andikurniawan' -> invitees
        self.by_single: dict[str, set[str]] = defaultdict(set)  # one-word names ('sutrisno')
        self.by_first: dict[str, set[str]] = defaultdict(set)  # first word of longer names
        self.by_start: dict[tuple[str, str], set[str]] = defaultdict(set)  # their first two words
        # deletion form -> the word it comes from, or the words when several (most forms have one:
        # a set for each of 50,000 forms was a third of the index's build)
        self._near: dict[str, str | set[str]] = {}
        self._near_of: dict[str, frozenset[str]] = {}  # word -> near_words(word), for the run
        self.by_agency: dict[str, set[str]] = defaultdict(set)
        for inv in roster.invitees:
            self._add(inv)
        roster_words = frozenset(self.by_token)
        self.name_words = roster_words | words.given_names  # a slip of none of these
        self.catalog = AgencyCatalog(
            gazetteer,
            (i.agency for i in roster.invitees),
            words.fillers,
            roster_words,
            self.near_name,
        )
        short = words.short_forms  # invitees whose roster writes a short form ('Muh. Ikbal')
        self.formed = frozenset(i for i, p in self.people.items() if not short.isdisjoint(p.written))
        self.organiser_agencies = frozenset(
            agency
            for agency, ids in self.by_agency.items()
            if all(self.people[i].invitee.is_organiser for i in ids)
        )

    def _add(self, inv: Invitee) -> None:
        every = roster_tokens(inv.name, self.words)  # tokenised once, read with and without spelling
        toks = person_tokens(every, self.words)
        written = person_tokens(every, self.words, spell=False)
        self.people[inv.id] = Person(inv, toks, written)
        self.by_agency[inv.agency].add(inv.id)
        if inv.email:
            self.by_email[inv.email.lower()].add(inv.id)
        if inv.phone and (number := phones.normalise(inv.phone)):
            self._add_phone(number, inv.id)
        if toks:
            self.by_name[name_key(toks)].add(inv.id)
            self.by_sorted_name[sorted_key(toks)].add(inv.id)
            for tok in set(toks) | set(written):
                if tok not in self.by_token:
                    self._add_near(tok)
                self.by_token[tok].add(inv.id)
            joined = "".join(toks)
            if len(toks) == 1:
                self.by_single[joined].add(inv.id)
            else:
                self.by_first[toks[0]].add(inv.id)
                self.by_start[toks[0], toks[1]].add(inv.id)
                self.by_start[written[0], written[1]].add(inv.id)
                if joined not in self.by_joined:
                    self._add_near(joined)
                self.by_joined[joined].add(inv.id)
        if "(" in inv.name or "[" in inv.name:
            # the name as written, with the other name in brackets, is an alias: two rows
            # 'Hendra Wijaya (Lim Hok Seng)' and 'Hendra Wijaya (Tan Ek Hong)' stay apart
            whole = tokens(inv.name.split(",", 1)[0], self.words.abbreviations)
            if whole != every:
                self.by_alias[name_key(person_tokens(whole, self.words))].add(inv.id)
        for alias in inv.aliases:
            alias = alias.strip()
            if not alias:
                continue
            if "@" in alias:
                self.by_email[alias.lower()].add(inv.id)
            elif number := phones.normalise(alias):
                self._add_phone(number, inv.id)
            else:
                every = tokens(alias, self.words.abbreviations)
                self.by_alias[name_key(every)].add(inv.id)
                person = person_tokens(every, self.words)
                if person:
                    self.by_alias[name_key(person)].add(inv.id)

    def _add_near(self, word: str) -> None:
        near = self._near
        for form in deletions(word):
            found = near.get(form)
            if found is None:
                near[form] = word
            elif isinstance(found, str):
                near[form] = {found, word}
            else:
                found.add(word)

    def phone_fits(self, pattern: str) -> set[str]:
        """Invitees whose phone fits a masked pattern (Meet shows the last digits)."""
        tail = pattern[-4:]
        numbers = self.by_phone_tail.get(tail, set()) if "?" not in tail else self.by_phone
        found: set[str] = set()
        for number in numbers:
            if phones.fits(pattern, number):
                found |= self.by_phone[number]
        return found

    def _add_phone(self, number: str, invitee_id: str) -> None:
        self.by_phone[number].add(invitee_id)
        self.by_phone_tail[number[-4:]].add(number)

    def near_words(self, word: str) -> frozenset[str]:
        """Roster words within one edit or transposition of ``word`` (itself included);
        remembered for the run (a bounded number of words: a flood of strangers' is not)."""
        found = self._near_of.get(word)
        if found is None:
            near, words = self._near, []
            for form in deletions(word):
                got = near.get(form)
                if got is not None:
                    words.append((got,) if isinstance(got, str) else got)
            found = frozenset().union(*words)
            if len(self._near_of) < NEAR_REMEMBERED:
                self._near_of[word] = found
        return found

    def near_name(self, word: str) -> bool:
        """Whether a word is one slip (an edit or a transposition) from an invitee's name word."""
        return any(OSA.distance(word, near, score_cutoff=1) <= 1 for near in self.near_words(word))

    def block(self, toks: tuple[str, ...]) -> set[str]:
        """Invitees worth scoring against these name words: every word must have a close
        partner in the invitee's name, so the candidates are the intersection over words.
        One word can only be a one-word name, or a longer name written as one word."""
        if sum(len(t) > 1 for t in toks) >= 2:  # an initial is no word to block on ('bambamg h hadi')
            toks = tuple(t for t in toks if len(t) > 1)
        if len(toks) == 1:
            single: set[str] = set()
            for word in self.near_words(toks[0]):
                single |= self.by_single.get(word, set()) | self.by_joined.get(word, set())
            return single
        joined = set()  # a word split in two ('nugrah eni'): the name written as one word
        for word in self.near_words("".join(toks)):
            joined |= self.by_joined.get(word, set())
        # Start from the word whose partners are fewest (a surname, not a common first name)
        # and keep, word by word, those with a partner for it: the same set as intersecting
        # every word's partners, each step costing no more than the smaller side.
        nears = [self.near_words(tok) for tok in toks]
        by_token = self.by_token
        sets = [[by_token[w] for w in near if w in by_token] for near in nears]
        order = sorted(range(len(toks)), key=lambda k: sum(map(len, sets[k])))
        found: set[str] = set().union(*sets[order[0]])
        for k in order[1:]:
            if not found:
                break
            found = set().union(*(found & ids for ids in sets[k]))
        return found | joined
