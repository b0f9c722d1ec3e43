"""Reading a person out of a display name: titles, devices, phones and spelling folded away."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field

from vc_sync.matching import phones
from vc_sync.matching.text import FIELD_BREAK, tokens

_PHONE_RUN = re.compile(r"\+?\d[\d\s\-().]{6,}\d")
_MASKED_RUN = re.compile(r"\+?\d[\d\s\-().*x•X#]{5,}[\d*x•X#]")
HAS_DIGIT = re.compile(r"\d")


SLIP_LETTERS = 3  # a filler or degree this short may be a first name with a letter dropped ('ssi')


@dataclass(frozen=True)
class NameWords:
    """Vocabulary from the domain data (``config/names.toml``)."""

    titles: frozenset[str] = frozenset()
    degrees: frozenset[str] = frozenset()
    honorifics: frozenset[str] = frozenset()
    devices: frozenset[str] = frozenset()
    fillers: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    representing: tuple[tuple[str, ...], ...] = ()  # 'X mewakili Y', 'Ny. Y': X, Y's wife, came
    represented_by: tuple[tuple[str, ...], ...] = ()  # 'Y diwakili X': the same
    substitute: tuple[tuple[str, ...], ...] = ()  # 'X pengganti Y': X came; alone, a label
    wife_of: tuple[tuple[str, ...], ...] = ()  # 'Ny.': among ``representing``, unless an invitee's name
    spelling: tuple[tuple[str, str], ...] = ()
    forms: Mapping[str, str] = field(default_factory=dict, hash=False)  # 'moh' -> 'muhammad'
    given_names: frozenset[str] = frozenset()  # common given names: never a slip of another
    prefixes: frozenset[str] = frozenset()  # leading words often left off: Bali's 'i' and 'ni'
    abbreviations: frozenset[str] = field(init=False)
    not_names: frozenset[str] = field(init=False)  # every word that names no person
    never_names: frozenset[str] = field(init=False)  # … but fillers and degrees ('dan', 'ssi')
    representation_starts: frozenset[str] = field(init=False)  # first words of those phrases
    short_forms: frozenset[str] = field(init=False)  # the forms of [name_forms] ('muh', 'abd')
    short_slips: frozenset[str] = field(init=False)  # fillers and degrees a slipped name may read as
    _spelled: dict[str, str] = field(init=False, compare=False, hash=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "abbreviations", self.titles | self.degrees)
        every = self.titles | self.degrees | self.honorifics | self.fillers | self.roles | self.devices
        object.__setattr__(self, "not_names", every)
        object.__setattr__(self, "never_names", every - self.fillers - self.degrees)
        short = frozenset(w for w in self.fillers | self.degrees if len(w) <= SLIP_LETTERS)
        object.__setattr__(self, "short_slips", short)
        object.__setattr__(self, "short_forms", frozenset(self.forms))
        phrases = (*self.representing, *self.represented_by, *self.substitute)
        object.__setattr__(self, "representation_starts", frozenset(p[0] for p in phrases))
        object.__setattr__(self, "_spelled", {})

    @classmethod
    def from_data(cls, data: Mapping) -> NameWords:
        def words(key: str) -> frozenset[str]:
            return frozenset(w.replace(".", "").lower() for w in data.get(key, ()))

        def phrases(key: str) -> tuple[tuple[str, ...], ...]:  # 'atas nama', 'a.n.': as tokenised
            return tuple(sorted({p for w in data.get(key, ()) if (p := tuple(tokens(str(w))))}))

        return cls(
            titles=words("titles"),
            degrees=words("degrees"),
            honorifics=words("honorifics"),
            devices=words("devices"),
            fillers=words("fillers"),
            roles=words("roles"),
            representing=tuple(sorted({*phrases("representing"), *phrases("wife_of")})),
            represented_by=phrases("represented_by"),
            substitute=phrases("substitute"),
            wife_of=phrases("wife_of"),
            given_names=words("given_names"),
            prefixes=words("prefixes"),
            spelling=tuple((str(a), str(b)) for a, b in data.get("spelling", {}).items()),
            forms={
                form.replace(".", "").lower(): str(word).lower()
                for word, forms in data.get("name_forms", {}).items()
                for form in forms
            },
        )

    def respell(self, token: str) -> str:
        """The old spelling folded, and nothing else ('akhmad', 'achmad': 'akhmad')."""
        for old, new in self.spelling:
            token = token.replace(old, new)
        return token

    def spell(self, token: str) -> str:
        done = self._spelled.get(token)
        if done is None:
            done = self.respell(self.forms.get(token, token))
            if len(self._spelled) < 100_000:  # words of one run; a flood of strangers' words is not kept
                self._spelled[token] = done
        return done


@dataclass(frozen=True)
class Display:
    """What a display name says, once folded."""

    raw: str
    tokens: tuple[str, ...]  # every token, for agency hints
    phone: str | None = None
    phone_mask: str | None = None


def split_display(raw: str, words: NameWords) -> Display:
    """Tokenise a display name and pull a phone number (plain or masked) out of it."""
    text = raw or ""
    phone = mask = None
    found = _PHONE_RUN.search(text)
    if found and (number := phones.normalise(found.group())):
        phone = number
        text = text[: found.start()] + " " + text[found.end() :]
    else:
        masked = _MASKED_RUN.search(text)
        if masked and (pattern := phones.mask_pattern(masked.group())):
            mask = pattern
            text = text[: masked.start()] + " " + text[masked.end() :]
    return Display(raw=raw, tokens=tuple(tokens(text, words.abbreviations)), phone=phone, phone_mask=mask)


def token_fields(display: Display, words: NameWords) -> list[int] | None:
    """The field (``text.FIELD_BREAK``: 'Dukcapil_Sika_Abdul Wulandari') each token of a display
    name stands in: the fields tokenised apart and laid along the display's tokens, a phone
    number taken out of those passed over; None when they do not line up."""
    toks = display.tokens
    out: list[int] = []
    for n, part in enumerate(FIELD_BREAK.split(display.raw)):
        for tok in tokens(part, words.abbreviations):
            if len(out) < len(toks) and toks[len(out)] == tok:
                out.append(n)
    return out if len(out) == len(toks) else None


def person_tokens(
    toks: Iterable[str],
    words: NameWords,
    spell: bool = True,
    keep_slips: bool = False,
    kept: Container[int] = frozenset(),
) -> tuple[str, ...]:
    """The tokens that name a person: titles, degrees, honorifics, fillers, roles, device words,
    device codes ('a51', '7h2k9lq') dropped; old spelling folded unless ``spell`` is false.
    With ``keep_slips``, fillers and degrees stay: a short name with a dropped letter may
    read as one ('Dan' for Dani, 'Ssi' for Susi). The tokens at positions ``kept`` stay as
    they are (a one-letter title read as an initial)."""
    out: list[str] = []
    skip = words.never_names if keep_slips else words.not_names
    for k, tok in enumerate(toks):
        if k in kept:
            out.append(tok)
        elif tok in skip or HAS_DIGIT.search(tok):
            continue
        else:
            out.append(words.spell(tok) if spell else tok)
    return tuple(out)


def roster_name(name: str, words: NameWords, spell: bool = True) -> tuple[str, ...]:
    """A roster name's person tokens: titles dropped, and everything after the first comma,
    which on a roster is degrees ('Heru Sasmita, S.Kep., Ners'); spelling folded."""
    return person_tokens(roster_tokens(name, words), words, spell)


_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


def roster_tokens(name: str, words: NameWords) -> list[str]:
    """A roster name's tokens up to its first comma, for ``person_tokens`` (tokenise once,
    read both ways); a part in brackets is another name the person goes by, not a word of
    this one ('Hendra Wijaya (Lim Hok Seng)', 'Bambang Sutrisno (Ibenk)'), unless it is all."""
    head = name.split(",", 1)[0]
    if "(" in head or "[" in head:
        bare = _BRACKETED.sub(" ", head)
        if person_tokens(tokens(bare, words.abbreviations), words):
            head = bare
    return tokens(head, words.abbreviations)


def names_someone(raw: str, words: NameWords) -> bool:
    """Whether a display name says who it is: a person's words or a phone number, not only
    a device ('iPad', 'Samsung Galaxy A52', 'Zoom user')."""
    display = split_display(raw, words)
    return bool(display.phone or person_tokens(display.tokens, words))
