"""Who a display name says came, when it says someone came in another's place ('Ratna mewakili
Budi Santoso', 'Budi Santoso (diwakili Ratna)', 'Ratna pengganti Budi'): the other's words are
set aside for every reading of the name. The phrases are data (``names.toml``:
``representing``, ``represented_by``, ``substitute``). Pure: no I/O, no clock.
"""

from __future__ import annotations

from vc_sync.matching.agencies import Hint
from vc_sync.matching.index import RosterIndex, name_key
from vc_sync.matching.names import HAS_DIGIT, Display, NameWords, token_fields
from vc_sync.matching.similarity import ONE_SLIP, name_similarity


def set_aside(display: Display, hint: Hint, index: RosterIndex) -> frozenset[int]:
    """Token positions of a display name that are not the person's name: what its agency hint
    read, and, when it says someone came in another's place, the other's: all before
    'diwakili' ('Budi Santoso (diwakili Ratna)'); what follows 'mewakili' in its field ('Ratna
    mewakili Budi Santoso', 'Staf mewakili Budi Santoso', 'Mewakili Kadis - Ratna'), only as
    far as an office it names when a name follows that ('Mewakili DPMPTSP Sleman Ratna'); what
    follows 'pengganti' when the one who came is named before it ('Ratna pengganti Budi'), and
    nothing when it is a label ('Ratna Sari (Peserta Pengganti)'). Initials opening their
    field are no phrase ('Dinkes Klaten - A. N. Rahmawati'), and neither is 'Ny.' when with the
    name after it it is an invitee's name as the roster writes it ('Ny. Sri Wahyuni')."""
    toks, words = display.tokens, index.words
    if words.representation_starts.isdisjoint(toks):  # nearly every display name
        return hint.used
    field = token_fields(display, words) or [0] * len(toks)
    named = {  # the positions of person words
        i
        for i, t in enumerate(toks)
        if i not in hint.used and t not in words.not_names and not HAS_DIGIT.search(t)
    }
    for k in range(len(toks)):
        for phrase in words.represented_by:  # the one who came is named after it
            if toks[k : k + len(phrase)] == phrase:
                return hint.used | frozenset(range(k + len(phrase)))
        end = next((i for i in range(k, len(toks)) if field[i] != field[k]), len(toks))
        before = any(i < k and field[i] == field[k] for i in named)
        for phrase in words.substitute:  # the one who came is named before it, if anyone is
            if toks[k : k + len(phrase)] == phrase:
                named_before = any(i < k for i in named)
                return hint.used | frozenset(range(k, end if named_before else k + len(phrase)))
        for phrase in words.representing:  # … before it, in its field or in another
            if toks[k : k + len(phrase)] != phrase:
                continue
            if all(len(t) == 1 for t in phrase) and _initials(toks, k, end, field, hint, named, index):
                continue
            if phrase in words.wife_of and _invited_so(toks, k + len(phrase), end, named, index):
                continue
            if not before and not any(field[i] != field[k] for i in named):
                end = _past_the_office(toks, k + len(phrase), end, hint, named, words) or end
            return hint.used | frozenset(range(k, end))
    return hint.used


def _initials(
    toks: tuple[str, ...],
    k: int,
    end: int,
    field: list[int],
    hint: Hint,
    named: set[int],
    index: RosterIndex,
) -> bool:
    """Whether single letters read as 'a.n.' are initials: at the very start of the display
    name, or opening their field when with the name after them they are an invitee's
    ('Dinkes Klaten - A. N. Rahmawati')."""
    if k == 0:
        return True
    if any(i < k and field[i] == field[k] and i not in hint.used for i in range(k)):
        return False
    after = tuple(toks[i] for i in range(k, end) if i in named or len(toks[i]) == 1)
    return bool(index.by_name.get(name_key(after)))


def _invited_so(toks: tuple[str, ...], start: int, end: int, named: set[int], index: RosterIndex) -> bool:
    """Whether 'Ny.' (any form of ``wife_of``) and the person words after it in its field, up
    to another such phrase, are an invitee's name as the roster writes it ('Ny. Sri
    Wahyuni', 'Ny Hartono' for N.Y. Hartono, 'Ny. Budi Santoso mewakili …' when she is
    invited so), or one slip from it ('Ny. Budi Santos'): then it is her name, not her
    husband's."""
    stop = next((i for i in range(start, end) if toks[i] in index.words.representation_starts), end)
    after = tuple(index.words.spell(toks[i]) for i in range(start, stop) if i in named)
    if not after:
        return False
    for form in index.words.wife_of:
        said = (*form, *after)
        if index.by_name.get(name_key(said)):
            return True
        for i in index.by_first.get(form[0], ()):  # invitees written with it: a slip is still hers
            if name_similarity(said, index.people[i].name_tokens, index.name_words) >= ONE_SLIP:
                return True
    return False


def _past_the_office(
    toks: tuple[str, ...], start: int, end: int, hint: Hint, named: set[int], words: NameWords
) -> int | None:
    """Where the words of an office named after 'mewakili' end, when a name follows them in
    their field ('Mewakili DPMPTSP Sleman Ratna'); None when none follows, or when a role or a
    form of address stands between: the name is then the head's ('Mewakili Kepala Dinkes
    Klaten Budi Santoso')."""
    j, office, head = start, False, False
    while j < end and (j in hint.used or toks[j] in words.not_names):
        office = office or j in hint.used
        head = head or toks[j] in words.roles or toks[j] in words.honorifics or toks[j] in words.titles
        j += 1
    return j if office and not head and named & set(range(j, end)) else None
