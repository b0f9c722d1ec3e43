"""Other readings of a person's display names, for when the plain one finds no one: what
they said elsewhere, one hint from everything, words split or glued, a one-letter title read
as an initial, fillers and degrees that may be a first name with a dropped letter, one field
of a display name written in fields."""

from __future__ import annotations

import re
from collections.abc import Sequence

from vc_sync.matching.agencies import NO_HINT, Hint
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.names import HAS_DIGIT, Display, person_tokens, split_display, token_fields
from vc_sync.matching.people import Cluster, Words
from vc_sync.matching.similarity import ONE_SLIP, transposed
from vc_sync.matching.text import FIELD_BREAK, ascii_fold


def told(cluster: Cluster, index: RosterIndex) -> list[Display]:
    """What a person said about themselves elsewhere (``Segment.details``), read like display
    names: for agency and phone hints only."""
    texts = sorted({t for s in cluster.segments for t in s.details})
    return [split_display(t, index.words) for t in texts]


def combined_hint(cluster: Cluster, index: RosterIndex, told: Sequence[Display] = ()) -> Hint:
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


def rejoined(c: Cluster, index: RosterIndex) -> set[Words]:
    """Person words of display names with a word split in two set right ('Prat ama',
    'Wah yuni'): two neighbouring words that together, and not each alone, are words of
    invitees' names."""
    names, out = index.by_token, set()
    for raw, display in c.displays.items():
        toks, used = list(display.tokens), c.aside[raw]
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


def initialled(c: Cluster, index: RosterIndex) -> set[Words]:
    """Person words of display names that begin with a one-letter title read as an initial
    instead ('H. Nugraheni': Haji Nugraheni, or Heru Nugraheni)."""
    titles = index.words.titles
    out: set[Words] = set()
    for raw, display in c.displays.items():
        if not any(len(t) == 1 and t in titles for t in display.tokens):
            continue
        rest = [t for i, t in enumerate(display.tokens) if i not in c.aside[raw]]
        for i, tok in enumerate(rest[:-1]):
            if len(tok) == 1 and tok in titles and rest[i + 1] not in titles:
                before, after = rest[:i], rest[i + 1 :]
                spelt, unspelt = (
                    (
                        *person_tokens(before, index.words, spell=spell),
                        tok,
                        *person_tokens(after, index.words, spell=spell),
                    )
                    for spell in (True, False)
                )
                out.add((spelt, unspelt))
                break
    return out


def fields(c: Cluster, index: RosterIndex) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(person words of one field, the display name's other person words) for each field of a
    display name written in fields ('Dukcapil_Sika_Abdul Wulandari': 'abdul wulandari', and
    'sika'); a dot is no break ('Muh. Bahtiar Tahir' is one name)."""
    out = set()
    words = index.words
    for raw, display in c.displays.items():
        if FIELD_BREAK.search(raw) is None:  # most display names: one field
            continue
        field = token_fields(display, words) or ()
        parts: dict[int, list[str]] = {}
        for n, tok in zip(field, display.tokens, strict=False):
            parts.setdefault(n, []).append(tok)
        if len(parts) < 2:
            continue
        every = c.persons[raw][0]
        for part in parts.values():
            found = person_tokens(part, words)
            if not found:
                continue
            others = list(every)
            for w in found:
                if w not in others:
                    break
                others.remove(w)
            else:
                out.add((found, tuple(others)))
    return out


def first_slips(c: Cluster, index: RosterIndex) -> set[tuple[str, tuple[str, ...]]]:
    """(word, the person words after it) of display names that begin, before the person's
    words, with a short filler or degree typed as one word that may be a first name with a
    dropped letter ('Dan Santoso' for Dani, 'Ssi Wibowo' for Susi, 'Mh. Bahtiar' for Muh.);
    never a longer word of an agency's name ('Setda Wibowo'), a degree written with its dots
    ('S.Si Pamungkas'), a filler between forms of address ('Bapak dan Ibu Santoso'), or one
    after the name ('Santoso dari Blitar', 'Wibowo, S.Si')."""
    out = set()
    words = index.words
    for raw, display in c.displays.items():
        if words.short_slips.isdisjoint(display.tokens):  # nearly every display name
            continue
        used = c.aside[raw]
        rest = [t for i, t in enumerate(display.tokens) if i not in used]
        never = words.never_names
        at = next((k for k, t in enumerate(rest) if t not in never and not HAS_DIGIT.search(t)), -1)
        first = rest[at] if at >= 0 else ""
        if first not in words.short_slips:  # the first word kept is a name's
            continue
        if at + 1 < len(rest) and rest[at + 1] in words.never_names:
            continue
        if not re.search(rf"(?<![a-z0-9.]){first}(?![a-z0-9])", ascii_fold(raw).lower()):
            continue  # dotted: a degree as written
        kept = person_tokens(rest, words, keep_slips=True)
        if len(kept) >= 2 and kept[1:] == c.persons[raw][0]:  # the one word kept is the first
            out.add((kept[0], kept[1:]))
    return out


_DOTTED_WORD = re.compile(r"(?<![a-z.])([a-z]{2,5})\.")


def dotted(c: Cluster) -> set[str]:
    """Words a person's display names write with an abbreviating dot ('Ahm. Fauzi', 'Les.'):
    short for a longer word, as an initial is."""
    return {m.group(1) for raw in c.displays for m in _DOTTED_WORD.finditer(ascii_fold(raw).lower())}


def unique(ids: set[str]) -> str | None:
    return next(iter(ids)) if len(ids) == 1 else None


def run_at(words: tuple[str, ...], run: tuple[str, ...]) -> int:
    """Where ``run`` stands whole in ``words``, or -1."""
    for at in range(len(words) - len(run) + 1):
        if words[at : at + len(run)] == run:
            return at
    return -1


def initials_fit(short: tuple[str, ...], full: tuple[str, ...]) -> float:
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
