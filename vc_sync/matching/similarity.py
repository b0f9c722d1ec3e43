"""How alike two names are, word by word (rapidfuzz).

Whole-string ratios let a shared surname carry a different first name ('ika setiawan' is
0.88 like 'rina setiawan'); here every word must find its own close partner, so a typing
slip costs little and a different word costs everything.
"""

from __future__ import annotations

import itertools
from collections.abc import Container
from collections.abc import Set as AbstractSet

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

ONE_SLIP = 0.9  # a single dropped, doubled or wrong letter in a word of 5 or more; any swap
ONE_SLIP_SHORT = 0.8  # the same in a four-letter word ('budi'/'budy'): only with a hint
SHORT_CHANGE = 0.7  # any other change to a word of three letters, two to one of four: another name
FLOOR_NONE = 0.0  # name_similarity's figure whatever it is
LIFTABLE = 0.6  # a word one edit from one of three letters or more scores no less (2/3 at worst)


def deletions(word: str) -> set[str]:
    """The word and every form of it with one letter removed: two words within one edit
    (or one transposition) share a member of these sets."""
    out = {word}
    if len(word) >= 3:  # three letters: for transpositions ('nur'/'nru'), the one slip they may have
        out.update(word[:i] + word[i + 1 :] for i in range(len(word)))
    return out


def transposed(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with two adjacent letters swapped ('rudi'/'ruid', 'nur'/'nru')."""
    return len(a) == len(b) and OSA.distance(a, b) == 1 and Levenshtein.distance(a, b) == 2


def _added(a: str, b: str) -> tuple[str, int] | None:
    """The longer of two words and where it has a letter more, when that is all they differ by."""
    short, long_ = sorted((a, b), key=len)
    if len(long_) != len(short) + 1:
        return None
    i = next((k for k in range(len(short)) if short[k] != long_[k]), len(short))
    return (long_, i) if long_[:i] + long_[i + 1 :] == short else None


def doubled(a: str, b: str) -> bool:
    """Whether one word is the other with a letter typed twice ('nurr'/'nur')."""
    found = _added(a, b)
    return found is not None and found[1] > 0 and found[0][found[1]] == found[0][found[1] - 1]


def word_similarity(a: str, b: str) -> float:
    """0..1; one slip in a long word stays high, any other change in a short word does not
    ('tri' is not 'tari'), but a transposition or a doubled letter, the commonest slips,
    are one slip whatever the word's length."""
    if a == b:
        return 1.0
    ratio = fuzz.ratio(a, b) / 100.0
    shortest = min(len(a), len(b))
    if OSA.distance(a, b, score_cutoff=1) == 1:
        if shortest >= 3 and (transposed(a, b) or doubled(a, b)):
            return max(ratio, ONE_SLIP)
        if shortest >= 4:
            return max(ratio, ONE_SLIP if shortest >= 5 else ONE_SLIP_SHORT)
    if shortest < 4 or (shortest == 4 and OSA.distance(a, b, score_cutoff=2) >= 2):
        return min(ratio, SHORT_CHANGE)  # another name: 'tri'/'tari', 'hari'/'arif'
    return ratio


def name_similarity(
    query: tuple[str, ...],
    name: tuple[str, ...],
    names: Container[str] = frozenset(),
    given: Container[str] = frozenset(),
    floor: float = FLOOR_NONE,
    prefixes: AbstractSet[str] = frozenset(),
) -> float:
    """The weakest word of the best one-to-one pairing of the two names' words (order free);
    one slip in a short word, the other words exact, is one slip when the word as typed is
    none of ``names`` or ``given`` ('yli wijayanti' for 'yuli wijayanti', but 'dwi' is not
    'dewi'); a long word one slip from another, both common given names (``given``), is the
    other name ('wahyudi' is not 'wahyuni'); names of different word counts compare as one
    joined word ('andikurniawan'), but a leading word of ``prefixes`` one name has and the
    other lacks (Bali's I and Ni) is set aside as one slip, so that 'made sudarsana' fits I
    Made and Ni Made alike, and a slip in the rest is a second ('wayan sudarsana' is not Ni
    Wayan Sudarsani). A figure below ``floor`` may read 0.0: a word of the query with no
    partner that close makes the name no candidate, found before the others are scored."""
    if not query or not name:
        return 0.0
    if len(query) != len(name):
        bare = _unprefixed(query, name, prefixes)
        if bare is not None:  # the prefix left off is one change, and any other a second
            return ONE_SLIP * name_similarity(*bare, names, given, floor)
        return _unequal_lengths(query, name, names, given, floor)
    if sorted(query) == sorted(name):
        return 1.0
    worst = 1.0
    # A pair scores 1.0 only when its words are the same: those pair first, as the greedy
    # pairing below would take them (the last such word of the name for the last of the
    # query), and only the words left are scored against each other.
    used_q: set[int] = set()
    used_n: set[int] = set()
    for qi in range(len(query) - 1, -1, -1):
        for ni in range(len(name) - 1, -1, -1):
            if ni not in used_n and name[ni] == query[qi]:
                used_q.add(qi)
                used_n.add(ni)
                break
    pairs = []
    for qi in range(len(query)):
        if qi in used_q:
            continue
        said = query[qi]
        scored = [
            (_another_name(word_similarity(said, name[ni]), said, name[ni], given), qi, ni)
            for ni in range(len(name))
            if ni not in used_n
        ]
        if max(scored)[0] < min(floor, LIFTABLE):  # the pairing's weakest word is weaker
            return 0.0  # still, and no lone slip lifted to ONE_SLIP scores under LIFTABLE
        pairs += scored
    pairs.sort(reverse=True)
    slips = []
    for score, qi, ni in pairs:
        if qi in used_q or ni in used_n:
            continue
        used_q.add(qi)
        used_n.add(ni)
        worst = min(worst, score)
        if score < 1.0:
            slips.append((query[qi], name[ni]))
    if len(query) > 1 and len(slips) == 1 and slips[0][0] not in names and slips[0][0] not in given:
        said, meant = slips[0]
        if len(meant) >= 4 and OSA.distance(said, meant) == 1:
            return max(worst, ONE_SLIP)  # one slip in a short word that is no one's name
    if len(query) > 2 and len(slips) == 1 and len(slips[0][1]) >= 3 and OSA.distance(*slips[0]) == 1:
        kept = [q for q in query if q != slips[0][0]]
        if any(q not in given for q in kept):  # 'Adi Kaharuddin Saleh': two names, one uncommon,
            return max(worst, ONE_SLIP)  # exact beside one letter: the same person, not another
    return worst


def _unequal_lengths(
    query: tuple[str, ...], name: tuple[str, ...], names: Container[str], given: Container[str], floor: float
) -> float:
    """``name_similarity`` of names of different word counts: initials set aside, or the two
    compared as one joined word."""
    joined_q, joined_n = "".join(query), "".join(name)
    initial_q, initial_n = min(map(len, query)) == 1, min(map(len, name)) == 1
    if (initial_q or initial_n) and (_join_initials(query) == name or _join_initials(name) == query):
        return 1.0  # 'ra kartini' for R.A. Kartini: initials written together, or apart
    if initial_q != initial_n:
        # an initial one name has and the other lacks ('bambang s hadi', 'a tri pamungkas',
        # the roster's 'A. Tri Pamungkas'): set aside, never glued to the next word, and one
        # slip at best, in any word order: an initial may stand for someone's name
        glued = _glued_initial(query, name) | _glued_initial(name, query)
        if any(w in names or w in given for w in glued):  # 'rani' for R. Ani: a name of its own
            return min(word_similarity(joined_q, joined_n), SHORT_CHANGE)
        bare_q, bare_n = _no_initials(query), _no_initials(name)
        if bare_q == bare_n:
            return min(word_similarity(joined_q, joined_n), ONE_SLIP)
        return min(name_similarity(bare_q, bare_n, names, given, floor), ONE_SLIP)
    if OSA.distance(joined_q, joined_n) <= max(1, len(joined_n) // 8):
        if joined_q != joined_n and min(len(query[0]), len(name[0])) <= 2:
            return min(word_similarity(joined_q, joined_n), SHORT_CHANGE)  # 'imade' is no Ni Made
        return word_similarity(joined_q, joined_n)
    return 0.0


def _unprefixed(
    query: tuple[str, ...], name: tuple[str, ...], prefixes: AbstractSet[str]
) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The two names without the leading prefix only one of them has, when what is left is two
    words or more on each side ('ni made sudarsana', 'made sudarsana'); otherwise None."""
    lead_q, lead_n = query[0] in prefixes, name[0] in prefixes
    if lead_q == lead_n:
        return None
    bare_q, bare_n = (query[1:], name) if lead_q else (query, name[1:])
    if len(bare_q) != len(bare_n) or len(bare_q) < 2:
        return None
    lacking, other = (bare_n, bare_q) if lead_q else (bare_q, bare_n)
    if any(lacking[0] == p + other[0] for p in prefixes):  # 'imade sudarsana': I glued on, not Ni left off
        return None
    return bare_q, bare_n


def _no_initials(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(w for w in words if len(w) > 1)


def _join_initials(words: tuple[str, ...]) -> tuple[str, ...]:
    """A name with each run of two initials or more written as one word ('r a kartini')."""
    out: list[str] = []
    for k, w in enumerate(words):
        if len(w) == 1 and k and len(words[k - 1]) == 1:
            out[-1] += w
        else:
            out.append(w)
    return tuple(out)


def _glued_initial(glued: tuple[str, ...], spaced: tuple[str, ...]) -> set[str]:
    """The words of one name that are an initial of the other glued to the word after it
    ('rani' for 'R. Ani', 'igede' for 'I Gede')."""
    pairs = {a + b for a, b in itertools.pairwise(spaced) if len(a) == 1}
    return {w for w in glued if w in pairs}


def _another_name(score: float, said: str, meant: str, given: Container[str]) -> float:
    """A word of four letters or more typed that is a common given name, one letter changed,
    added or dropped from the roster's word, is another name ('wahyudi' is not Wahyuni,
    'mulyadi' not Mulyati, 'purwanti' not Purwati, 'dian' not Diana, 'iwan' not Irwan); the
    same name spelt another way ('sugiarto' for Sugiharto, 'rizki' for Rizky, 'mulyadi' for
    Muljadi) or slipped by a swap or a doubled letter stays a slip (other short words are
    capped by ``word_similarity``)."""
    if score < 1.0 and len(said) >= 4 and said in given and not spelt_otherwise(said, meant):
        return min(score, SHORT_CHANGE)
    return score


SILENT = frozenset("hiy")  # letters one spelling of a name has and another not: Sugi(h)arto, Har(i)yanto
SAME_SOUND = (frozenset("iy"), frozenset("jy"))  # Rizki/Rizky; Muljadi/Mulyadi (the old spelling)


def spelt_otherwise(a: str, b: str) -> bool:
    """Whether two words are one name in two spellings, or with a swap or a doubled letter."""
    if transposed(a, b) or doubled(a, b):
        return True
    if len(a) == len(b):
        diff = [(x, y) for x, y in zip(a, b, strict=True) if x != y]
        return len(diff) == 1 and frozenset(diff[0]) in SAME_SOUND
    found = _added(a, b)
    return found is not None and found[0][found[1]] in SILENT
