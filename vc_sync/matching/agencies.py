"""Agency hints: which roster agencies a display name or an e-mail domain points to.

A :class:`Gazetteer` holds every phrase the domain data knows (units, the regions of
``config/regions.toml`` with the forms of ``config/agencies.toml``, agencies); it is built once
per process for the bundled data and extended, copy on write, by a programme's own files. An
:class:`AgencyCatalog` lays a roster's agencies over it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from vc_sync.matching.similarity import deletions
from vc_sync.matching.text import fold

MAX_PHRASE = 8
_DOMAIN_NOISE = frozenset({"go", "id", "co", "or", "ac", "com", "net", "org", "mail", "www"})

Entry = tuple[str, str, bool]  # (kind, key, weak): weak is a lone place name, maybe a person's


@dataclass(frozen=True)
class Level:
    """How one level of government is written around a place's name."""

    words: tuple[tuple[str, ...], ...]  # ("kab",), ("pemerintah", "kabupaten"), …
    suffix: str  # written together: 'slemankab'


@dataclass(frozen=True)
class Region:
    """A province, regency or city; ``code`` is Kemendagri's ('33.01'), blank for a region
    only a programme's data or roster names."""

    key: str  # 'kabupaten cilacap'
    level: str  # 'provinsi', 'kabupaten', 'kota' or ''
    name: str  # official name
    code: str = ""
    province: str = ""  # the province's code


@dataclass(frozen=True)
class Hint:
    """Agencies a text points to; ``agencies`` is empty when it names none, and ``regions``
    / ``units`` say what was recognised even when that fits no single agency."""

    agencies: frozenset[str]
    regions: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    used: frozenset[int] = frozenset()  # token positions that formed the hint

    @property
    def exact(self) -> str | None:
        return next(iter(self.agencies)) if len(self.agencies) == 1 else None

    def __bool__(self) -> bool:
        return bool(self.agencies or self.regions or self.units)


NO_HINT = Hint(frozenset())


def _phrase(text: str) -> tuple[str, ...]:
    return tuple(fold(text).split())


@dataclass
class Gazetteer:
    """Folded phrases and e-mail domains, and what each names."""

    phrases: dict[tuple[str, ...], frozenset[Entry]] = field(default_factory=dict)
    domains: dict[str, frozenset[Entry]] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    levels: dict[str, Level] = field(default_factory=dict)
    level_words: dict[str, str] = field(default_factory=dict)  # one-word level form -> level
    starts: set[str] = field(default_factory=set)  # first words of the phrases
    short_forms: dict[str, str] = field(default_factory=dict)  # 'tmr' -> 'timur', inside places

    @classmethod
    def from_data(cls, data: Mapping) -> Gazetteer:
        table = cls()
        table.extend(data)
        return table

    def copy(self) -> Gazetteer:
        """A copy to extend: entries are frozen, so the tables are copied shallowly."""
        return Gazetteer(
            dict(self.phrases),
            dict(self.domains),
            dict(self.regions),
            dict(self.levels),
            dict(self.level_words),
            set(self.starts),
            dict(self.short_forms),
        )

    def extend(self, data: Mapping) -> None:
        """Add the levels, provinces, regions, units and agencies of one body of domain data."""
        for level, spec in data.get("levels", {}).items():
            words = tuple(p for w in spec.get("words", ()) if (p := _phrase(w)))
            self.levels[level] = Level(words, fold(spec.get("suffix", "")).replace(" ", ""))
            self.level_words.update((w[0], level) for w in words if len(w) == 1)
        for word, forms in data.get("place_words", {}).items():
            self.short_forms.update((fold(f), fold(word)) for f in forms)
        for prov in data.get("province", ()):
            self._add_province(prov)
        for unit in data.get("unit", ()):
            self.add("unit", unit["key"], unit.get("forms", ()))
        for region in data.get("region", ()):
            key = " ".join(_phrase(region["key"]))
            if key not in self.regions:
                self.regions[key] = Region(key, self.level_words.get(key.split()[0], ""), region["key"])
            level = self.regions[key].level
            self.add_place(key, level, region.get("names", ()))
            self.add("region", key, region.get("forms", ()))
            for domain in region.get("domains", ()):
                self._add_domain(domain, ("region", key, False))
        for agency in data.get("agency", ()):
            self.add("agency", agency["name"], [agency["name"], *agency.get("forms", ())])
            for domain in agency.get("domains", ()):
                self._add_domain(domain, ("agency", agency["name"], False))

    def _add_province(self, prov: Mapping) -> None:
        name, code = prov["name"], str(prov.get("code", ""))
        key = "provinsi " + fold(name)
        self.regions[key] = Region(key, "provinsi", f"Provinsi {name}", code, code)
        self.add_place(key, "provinsi", [name])
        for line in prov.get("regions", ()):
            rcode, official = line.split(" ", 1)
            words = official.split()
            level = words[0].lower()  # 'Kabupaten' or 'Kota', maybe followed by 'Administrasi'
            place = " ".join(words[2:] if words[1:2] == ["Administrasi"] else words[1:])
            rkey = f"{level} {fold(place)}"
            self.regions[rkey] = Region(rkey, level, official, rcode, code)
            self.add_place(rkey, level, [place])

    def add(self, kind: str, key: str, forms: Iterable[str], weak: bool = False) -> None:
        for form in forms:
            if phrase := _phrase(form):
                self._put(phrase, (kind, key, weak and len(phrase) == 1))

    def add_place(self, key: str, level: str, names: Iterable[str]) -> None:
        """A region's names, bare ('sleman', weak alone), after each of its level's words
        ('kab sleman') and joined to its suffix ('slemankab')."""
        spec = self.levels.get(level)
        for name in names:
            phrase = _phrase(name)
            if not phrase:
                continue
            compact = "".join(phrase)
            for variant in {phrase, (compact,)}:
                self._put(variant, ("region", key, len(variant) == 1))
                for words in spec.words if spec else ():
                    self._put((*words, *variant), ("region", key, False))
            if spec and spec.suffix:
                self._put((compact + spec.suffix,), ("region", key, False))
                if len(phrase) > 1:  # 'toli-tolikab': the suffix on the last word only
                    self._put((*phrase[:-1], phrase[-1] + spec.suffix), ("region", key, False))

    def _put(self, phrase: tuple[str, ...], entry: Entry) -> None:
        self.phrases[phrase] = self.phrases.get(phrase, frozenset()) | {entry}
        self.starts.add(phrase[0])

    def _add_domain(self, domain: str, entry: Entry) -> None:
        domain = domain.strip().lower().lstrip("@")
        self.domains[domain] = self.domains.get(domain, frozenset()) | {entry}


class AgencyCatalog:
    """A roster's agencies over the gazetteer.

    Each roster agency is read as (region, unit) from the same phrases a display name
    uses; a region the data does not list is learnt from the agency name itself
    ("Kabupaten Banjarnegara"), a unit it does not list from what remains of the name. A lone
    place name that is also a word of an invitee's name, of a region no roster agency is in,
    is read as part of the name ('Bima Santoso'). A word with one typing slip ('Kebmuen',
    'Konawe Selatn') is read as the place or office it is one slip from, when that names
    exactly one roster agency and the word is no slip of an invitee's name (``name_like``).
    """

    def __init__(
        self,
        gazetteer: Gazetteer,
        roster_agencies: Iterable[str],
        fillers: frozenset[str],
        name_words: frozenset[str] = frozenset(),
        name_like: Callable[[str], bool] = lambda word: False,
    ):
        self._fillers = fillers
        self._names = name_words
        self._name_like = name_like
        self._near: dict[str, set[str]] | None = None  # deletion form -> words of roster agencies
        self._mended: dict[str, tuple[list[str], bool] | None] = {}  # word -> what _mend_word said
        self._table = gazetteer.copy()
        self.agencies = sorted(set(roster_agencies))
        self.parts: dict[str, tuple[str | None, str | None]] = {}
        for name in self.agencies:
            self._learn_regions(name)
        for name in self.agencies:
            self._learn(name)
        self._by_region: dict[str, set[str]] = defaultdict(set)
        self._by_unit: dict[str, set[str]] = defaultdict(set)
        self._unit_pools: dict[frozenset[str], frozenset[str]] = {}
        for name, (region, unit) in self.parts.items():
            if region:
                self._by_region[region].add(name)
            if unit:
                self._by_unit[unit].add(name)
        self._known = set(self.agencies)

    @property
    def regions(self) -> Mapping[str, Region]:
        return self._table.regions

    def _matches(
        self, toks: Sequence[str], skip: Callable[[str, int, frozenset[Entry]], bool] | None = None
    ) -> list[tuple[int, int, frozenset[Entry]]]:
        """Phrase matches (start, length, entries) that cover the most tokens, in the fewest
        phrases, naming the fewest places: 'inspektorat kota gorontalo' is the inspectorate of
        Kota Gorontalo, not 'inspektorat kota' of any Gorontalo. ``skip`` refuses a match."""
        phrases, starts = self._table.phrases, self._table.starts
        # best[i]: (covered, -phrases, -entries) of the tokens from i, and the matches
        best: list[tuple[tuple[int, int, int], list[tuple[int, int, frozenset[Entry]]]]] = [
            ((0, 0, 0), [])
        ] * (len(toks) + 1)
        for i in range(len(toks) - 1, -1, -1):
            choice = best[i + 1]
            for n in range(min(MAX_PHRASE, len(toks) - i) if toks[i] in starts else 0, 0, -1):
                entries = phrases.get(tuple(toks[i : i + n]))
                if not entries or (skip is not None and skip(toks[i], n, entries)):
                    continue
                (covered, count, named), rest = best[i + n]
                score = (covered + n, count - 1, named - len(entries))
                if score > choice[0]:
                    choice = (score, [(i, n, entries), *rest])
            best[i] = choice
        return best[0][1]

    def _scan(self, toks: Sequence[str]) -> tuple[dict[str, set[str]], set[int]]:
        """What the tokens name: kind -> keys, and the token positions used."""
        found: dict[str, set[str]] = defaultdict(set)
        used: set[int] = set()
        for i, n, entries in self._matches(toks):
            for kind, key, _ in entries:
                found[kind].add(key)
            used.update(range(i, i + n))
        return found, used

    def _learn_regions(self, name: str) -> None:
        """Register "<level> <place>" of an agency name as a region the data may lack."""
        toks = fold(name).split()
        for i, tok in enumerate(toks):
            level = self._table.level_words.get(tok)
            if not level:
                continue
            place: list[str] = []
            for nxt in toks[i + 1 :]:
                entries = self._table.phrases.get((nxt,), ())
                if nxt in self._fillers or any(kind == "unit" for kind, _, _ in entries):
                    break
                place.append(nxt)
            if not place:
                continue
            found, used = self._scan(toks[i : i + 1 + len(place)])
            if len(found.get("region", ())) == 1 and len(used) == 1 + len(place):
                continue  # the data already knows this region
            key = f"{level} {' '.join(place)}"
            self._table.regions.setdefault(key, Region(key, level, name))
            self._table.add_place(key, level, [" ".join(place)])

    def _learn(self, name: str) -> None:
        """Read a roster agency as (region, unit), or as an agency known by its own name."""
        toks = fold(name).split()
        found, used = self._scan(toks)
        if found.get("agency") and len(used) == len(toks):
            self._table.add("agency", name, [name])
            self.parts[name] = (None, None)
            return
        regions = found.get("region", set())
        region = next(iter(regions)) if len(regions) == 1 else None
        units = found.get("unit", set())
        unit = next(iter(units)) if len(units) == 1 else None
        if unit is None:
            rest = [t for i, t in enumerate(toks) if i not in used and t not in self._fillers]
            if rest:
                unit = " ".join(rest)
                self._table.add("unit", unit, [unit])
        if region is None and unit is None:
            self._table.add("agency", name, [name])
        self.parts[name] = (region, unit)

    def hint(self, toks: Sequence[str]) -> Hint:
        """The agencies that tokens of a display name point to."""
        plain, _ = self._read(toks)
        mended = self._mend(toks, plain.used)
        if mended is None:
            return plain
        slipped, matches = self._read(mended[0])
        inside = {j for i, n, _ in matches if n > 1 for j in range(i, i + n)}
        if (
            slipped.agencies
            and (not plain.agencies or len(slipped.agencies) <= len(plain.agencies))
            and mended[1] <= inside
        ):
            return slipped
        return plain

    def _read(self, toks: Sequence[str]) -> tuple[Hint, list[tuple[int, int, frozenset[Entry]]]]:
        found: dict[str, set[str]] = defaultdict(set)
        used: set[int] = set()
        matches = self._matches(toks, self._a_name_word)
        for i, n, entries in matches:
            for kind, key, _ in entries:
                found[kind].add(key)
            used.update(range(i, i + n))
        return (self._hint(found, used) if found else NO_HINT), matches

    def _mend(self, toks: Sequence[str], used: frozenset[int]) -> tuple[tuple[str, ...], set[int]] | None:
        """The tokens with each unread word of four letters or more that is one slip from
        exactly one word of the roster's places and offices set right, and the positions that
        must then lie inside a longer place: words also a slip of an invitee's name
        ('tamjung': only in 'Kab Tamjung Jabung Barat'), and words one slip from several
        place words, set to the one that makes a longer place with their neighbours ('Muar
        Jambi': Muaro Jambi, not Muara); None if none is."""
        out, changed, inside = list(toks), False, set()
        for j, tok in enumerate(toks):
            if j in used:
                continue
            if word := self._table.short_forms.get(tok):
                near, name_like = [word], True  # 'Belitung Tmr': only inside a longer place
            elif len(tok) < 4 or tok in self._names:
                continue
            else:
                if tok not in self._mended:
                    self._mended[tok] = self._mend_word(tok)
                if (mended := self._mended[tok]) is None:
                    continue
                near, name_like = mended
                if len(near) > 1:
                    near, name_like = self._best_place(toks, j, near), True
            if len(near) != 1:
                continue
            out[j], changed = near[0], True
            if name_like:
                inside.add(j)
        return (tuple(out), inside) if changed else None

    def _best_place(self, toks: Sequence[str], j: int, near: list[str]) -> list[str]:
        """Of the place words ``near`` for the word at ``j``, the one whose reading with its
        neighbours is best (most words covered, in the fewest phrases: 'Kab Maro Jambi' is Kab
        Muaro Jambi, not Kab Maros and Jambi), when it lies inside a longer place; none when
        two read equally well."""
        scored = []
        for word in near:
            found = self._matches((*toks[:j], word, *toks[j + 1 :]))
            if any(i <= j < i + n for i, n, _ in found if n > 1):
                covered = sum(n for _, n, _ in found)
                scored.append(((covered, -len(found), -sum(len(e) for _, _, e in found)), word))
        scored.sort(reverse=True)
        if len(scored) > 1 and scored[0][0] == scored[1][0]:
            return []
        return [word for _, word in scored[:1]]

    def _mend_word(self, tok: str) -> tuple[list[str], bool] | None:
        """The words of the roster's places and offices one slip from ``tok`` (sorted), and
        whether ``tok`` is also one slip from an invitee's name word; None when there is none."""
        words = self._agency_words()
        if tok in words.get(tok, ()):  # a place or office word as it is ('barat', 'timur')
            return None
        near = {
            word
            for form in deletions(tok)
            if form in words
            for word in words[form]
            if OSA.distance(tok, word, score_cutoff=1) == 1
        }
        return (sorted(near), self._name_like(tok)) if near else None

    def _agency_words(self) -> dict[str, set[str]]:
        """Words of five letters or more of the phrases naming a roster agency, its region or
        its office, by their one-letter deletions; built on first need."""
        if self._near is None:
            self._near = defaultdict(set)
            words: set[str] = set()
            for phrase, entries in self._table.phrases.items():
                if any(self._of_roster(kind, key) for kind, key, _ in entries):
                    words.update(w for w in phrase if len(w) >= 5)
            for word in words:
                for form in deletions(word):
                    self._near[form].add(word)
        return self._near

    def _of_roster(self, kind: str, key: str) -> bool:
        if kind == "region":
            return key in self._by_region
        if kind == "unit":
            return key in self._by_unit
        return key in self._known

    def _a_name_word(self, tok: str, n: int, entries: frozenset[Entry]) -> bool:
        """A lone place name of no roster region that an invitee's name carries ('bima'). One
        a slip away from a name word stays a place: 'Batu_DPMPTSP_Kurniawan' is of Kota Batu,
        not Bayu Kurniawan ('Sigi Hadiwijaya' for Sigit is left to Review)."""
        return (
            n == 1
            and tok in self._names
            and all(kind == "region" and weak and key not in self._by_region for kind, key, weak in entries)
        )

    def _hint(self, found: Mapping[str, set[str]], used: set[int]) -> Hint:
        direct = {k for k in found.get("agency", ()) if k in self._known}
        regions = frozenset(found.get("region", ()))
        units = frozenset(found.get("unit", ()))
        if direct:
            return Hint(frozenset(direct), regions, units, frozenset(used))
        agencies: Set[str] = frozenset()
        if regions or units:
            pool: Set[str] | None = None
            if regions:
                pool = set().union(*(self._by_region.get(r, set()) for r in regions))
            if units and pool is None:
                pool = self._of_units(units)
            elif units and pool is not None:  # the region's few agencies of the office, not the
                pool = {a for a in pool if self.parts[a][1] in units}  # office's many ones copied
            agencies = pool or frozenset()
        return Hint(frozenset(agencies), regions, units, frozenset(used))

    def _of_units(self, units: frozenset[str]) -> frozenset[str]:
        """Every roster agency of these offices (a share of the roster), built once per set."""
        found = self._unit_pools.get(units)
        if found is None:
            found = self._unit_pools[units] = frozenset().union(*(self._by_unit.get(u, ()) for u in units))
        return found

    def email_hint(self, email: str | None) -> Hint:
        """Agencies an official e-mail domain points to ('…@slemankab.go.id',
        '…@bkd.slemankab.go.id', '…@surakarta.go.id')."""
        if not email or "@" not in email:
            return NO_HINT
        domain = email.rsplit("@", 1)[1].strip().lower()
        labels = domain.split(".")
        found: dict[str, set[str]] = defaultdict(set)
        rest = labels
        for i in range(len(labels) - 1):  # the longest listed domain it is in
            entries = self._table.domains.get(".".join(labels[i:]))
            if entries:
                for kind, key, _ in entries:
                    found[kind].add(key)
                rest = labels[:i]
                break
        words = fold(" ".join(p for p in rest if p not in _DOMAIN_NOISE)).split()
        more, _ = self._scan(words)
        for kind, keys in more.items():
            found[kind] |= keys
        if not found:
            return NO_HINT
        hint = self._hint(found, set())
        return hint if hint.agencies else NO_HINT
