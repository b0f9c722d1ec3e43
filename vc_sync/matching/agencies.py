"""Agency hints: which roster agencies a display name or an e-mail domain points to."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from vc_sync.matching.text import fold

MAX_PHRASE = 8
_LEVELS = {
    "kabupaten": "kabupaten",
    "kab": "kabupaten",
    "pemkab": "kabupaten",
    "kota": "kota",
    "pemkot": "kota",
    "kodya": "kota",
    "provinsi": "provinsi",
    "prov": "provinsi",
    "pemprov": "provinsi",
}
_LEVEL_FORMS = {
    "kabupaten": ("kabupaten {}", "kab {}", "pemkab {}", "{}kab", "{}"),
    "kota": ("kota {}", "pemkot {}", "{}kota", "kodya {}", "{}"),
    "provinsi": ("provinsi {}", "prov {}", "pemprov {}", "{}prov", "{}"),
}


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


class AgencyCatalog:
    """Phrase index over the domain data and a roster's agencies.

    Each roster agency is read as (region, unit) from the same phrases a display name
    uses; a region the data does not list is learnt from the agency name itself
    ("Kabupaten Banjarnegara"), a unit it does not list from what remains of the name.
    """

    def __init__(self, data: Mapping, roster_agencies: Iterable[str], fillers: frozenset[str]):
        self._fillers = fillers
        self._phrases: dict[tuple[str, ...], set[tuple[str, str]]] = defaultdict(set)
        for unit in data.get("unit", ()):
            self._add("unit", unit["key"], unit.get("forms", ()))
        for region in data.get("region", ()):
            self._add("region", region["key"], region.get("forms", ()))
        for agency in data.get("agency", ()):
            self._add("agency", agency["name"], [agency["name"], *agency.get("forms", ())])
        self.agencies = sorted(set(roster_agencies))
        self.parts: dict[str, tuple[str | None, str | None]] = {}
        for name in self.agencies:
            self._learn_regions(name)
        for name in self.agencies:
            self._learn(name)
        self._by_region: dict[str, set[str]] = defaultdict(set)
        self._by_unit: dict[str, set[str]] = defaultdict(set)
        for name, (region, unit) in self.parts.items():
            if region:
                self._by_region[region].add(name)
            if unit:
                self._by_unit[unit].add(name)
        self._known = set(self.agencies)

    def _add(self, kind: str, key: str, forms: Iterable[str]) -> None:
        for form in forms:
            phrase = tuple(fold(form).split())
            if phrase:
                self._phrases[phrase].add((kind, key))

    def _scan(self, toks: Sequence[str]) -> tuple[dict[str, set[str]], set[int]]:
        """Longest-first phrase matches: kind -> keys, and the token positions used."""
        found: dict[str, set[str]] = defaultdict(set)
        used: set[int] = set()
        i = 0
        while i < len(toks):
            for n in range(min(MAX_PHRASE, len(toks) - i), 0, -1):
                entries = self._phrases.get(tuple(toks[i : i + n]))
                if entries:
                    for kind, key in entries:
                        found[kind].add(key)
                    used.update(range(i, i + n))
                    i += n
                    break
            else:
                i += 1
        return found, used

    def _learn_regions(self, name: str) -> None:
        """Register "<level> <place>" of an agency name as a region the data may lack."""
        toks = fold(name).split()
        for i, tok in enumerate(toks):
            level = _LEVELS.get(tok)
            if not level:
                continue
            place: list[str] = []
            for nxt in toks[i + 1 :]:
                if nxt in self._fillers or any(k == "unit" for k, _ in self._phrases.get((nxt,), ())):
                    break
                place.append(nxt)
            if not place:
                continue
            found, used = self._scan(toks[i : i + 1 + len(place)])
            if len(found.get("region", ())) == 1 and len(used) == 1 + len(place):
                continue  # the data already knows this region
            where = " ".join(place)
            self._add("region", f"{level} {where}", [f.format(where) for f in _LEVEL_FORMS[level]])

    def _learn(self, name: str) -> None:
        """Read a roster agency as (region, unit), or as an agency known by its own name."""
        toks = fold(name).split()
        found, used = self._scan(toks)
        if found.get("agency") and len(used) == len(toks):
            self._add("agency", name, [name])
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
                self._add("unit", unit, [unit])
        if region is None and unit is None:
            self._add("agency", name, [name])
        self.parts[name] = (region, unit)

    def hint(self, toks: Sequence[str]) -> Hint:
        """The agencies that tokens of a display name point to."""
        found, used = self._scan(toks)
        if not found:
            return NO_HINT
        direct = {k for k in found.get("agency", ()) if k in self._known}
        regions = frozenset(found.get("region", ()))
        units = frozenset(found.get("unit", ()))
        if direct:
            return Hint(frozenset(direct), regions, units, frozenset(used))
        agencies: set[str] = set()
        if regions or units:
            pool = None
            if regions:
                pool = set().union(*(self._by_region.get(r, set()) for r in regions))
            if units:
                by_unit = set().union(*(self._by_unit.get(u, set()) for u in units))
                pool = by_unit if pool is None else pool & by_unit
            agencies = pool or set()
        return Hint(frozenset(agencies), regions, units, frozenset(used))

    def email_hint(self, email: str | None) -> Hint:
        """Agencies an official e-mail domain points to ('…@slemankab.go.id')."""
        if not email or "@" not in email:
            return NO_HINT
        domain = email.rsplit("@", 1)[1].lower()
        labels = [
            p
            for p in domain.split(".")
            if p not in {"go", "id", "co", "or", "ac", "com", "net", "org", "mail"}
        ]
        if not labels:
            return NO_HINT
        hint = self.hint(fold(" ".join(labels)).split())
        return hint if hint.agencies else NO_HINT
