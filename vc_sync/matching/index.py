"""An index over a roster for matching: by e-mail, phone, alias, name and name token."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from vc_sync.matching import phones
from vc_sync.matching.agencies import AgencyCatalog
from vc_sync.matching.names import NameWords, person_tokens, roster_name
from vc_sync.matching.text import tokens
from vc_sync.model import Invitee, Roster

BLOCK_LIMIT = 400  # a name token shared by more invitees than this does not block alone


@dataclass(frozen=True)
class Person:
    """An invitee as the matcher sees it."""

    invitee: Invitee
    name_tokens: tuple[str, ...]

    @property
    def name(self) -> str:
        return " ".join(self.name_tokens)


def name_key(toks: Iterable[str]) -> str:
    return " ".join(toks)


def sorted_key(toks: Iterable[str]) -> str:
    return " ".join(sorted(toks))


class RosterIndex:
    """Everything the reconcile needs to know about a roster, computed once per run."""

    def __init__(self, roster: Roster, words: NameWords, agency_data: Mapping):
        self.roster = roster
        self.words = words
        self.catalog = AgencyCatalog(agency_data, (i.agency for i in roster.invitees), words.fillers)
        self.people: dict[str, Person] = {}
        self.by_email: dict[str, set[str]] = defaultdict(set)
        self.by_phone: dict[str, set[str]] = defaultdict(set)
        self.by_alias: dict[str, set[str]] = defaultdict(set)
        self.by_name: dict[str, set[str]] = defaultdict(set)
        self.by_sorted_name: dict[str, set[str]] = defaultdict(set)
        self.by_token: dict[str, set[str]] = defaultdict(set)
        self.by_prefix: dict[str, set[str]] = defaultdict(set)
        self.by_agency: dict[str, set[str]] = defaultdict(set)
        for inv in roster.invitees:
            self._add(inv)
        self.organiser_agencies = frozenset(
            agency
            for agency, ids in self.by_agency.items()
            if all(self.people[i].invitee.is_organiser for i in ids)
        )

    def _add(self, inv: Invitee) -> None:
        toks = roster_name(inv.name, self.words)
        self.people[inv.id] = Person(inv, toks)
        self.by_agency[inv.agency].add(inv.id)
        if inv.email:
            self.by_email[inv.email.lower()].add(inv.id)
        if inv.phone and (number := phones.normalise(inv.phone)):
            self.by_phone[number].add(inv.id)
        if toks:
            self.by_name[name_key(toks)].add(inv.id)
            self.by_sorted_name[sorted_key(toks)].add(inv.id)
            for tok in set(toks):
                self.by_token[tok].add(inv.id)
                self.by_prefix[tok[:3]].add(inv.id)
        for alias in inv.aliases:
            alias = alias.strip()
            if not alias:
                continue
            if "@" in alias:
                self.by_email[alias.lower()].add(inv.id)
            elif number := phones.normalise(alias):
                self.by_phone[number].add(inv.id)
            else:
                every = tokens(alias, self.words.abbreviations)
                self.by_alias[name_key(every)].add(inv.id)
                person = person_tokens(every, self.words)
                if person:
                    self.by_alias[name_key(person)].add(inv.id)

    def phone_fits(self, pattern: str) -> set[str]:
        """Invitees whose phone fits a masked pattern."""
        found: set[str] = set()
        for number, ids in self.by_phone.items():
            if phones.fits(pattern, number):
                found |= ids
        return found

    def block(self, toks: tuple[str, ...]) -> set[str]:
        """Invitees worth scoring against these name tokens: sharing a token or its first
        three letters (typing slips rarely hit the start of a word)."""
        found: set[str] = set()
        for tok in toks:
            exact = self.by_token.get(tok, set())
            if len(exact) <= BLOCK_LIMIT or len(toks) == 1:
                found |= exact
            if len(tok) >= 3:
                near = self.by_prefix.get(tok[:3], set())
                if len(near) <= BLOCK_LIMIT:
                    found |= near
        return found
