"""How a person was matched: every method, in the order of strength, with how
``--explain`` words it. A new rule of the cascade (``rules.py``) adds its method here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Method:
    name: str
    explain: str  # why, as ``--explain`` and the JSON say it
    strong: bool = False  # decides on its own; weak methods are settled together

    def __str__(self) -> str:
        return self.name


_ALL = (
    Method("override", "an organiser's decision", strong=True),
    Method("email", "e-mail equals the invitee's", strong=True),
    Method("phone", "phone number equals the invitee's", strong=True),
    Method("alias", "display name is one of the invitee's aliases", strong=True),
    Method("name", "name equals the invitee's once titles and agency words are set aside", strong=True),
    Method(
        "in_order",
        "every word of the invitee's name, in order, beside words no invitee's name carries;"
        " no other invitee fits as well",
        strong=True,
    ),
    Method("fuzzy", "name close to the invitee's and clearly closer than to anyone else"),
    Method(
        "confirmed",
        "name a letter from the invitee's, and a device named after them carried on from it",
    ),
    Method("partial", "first name or initials fit exactly one invitee of the agency named"),
    Method("device", "a device named after the one person of that name matched in this session"),
    Method("agency", "agency named in the display name; no invitee fits"),
    Method("none", "no candidate good enough and clearly ahead of the rest"),
)
METHODS: dict[str, Method] = {m.name: m for m in _ALL}  # in order of strength
STRONG = tuple(m.name for m in _ALL if m.strong)
RANK = {m.name: i for i, m in enumerate(_ALL)}  # the strongest method of a person's connections leads

OVERRIDE, EMAIL, PHONE, ALIAS, NAME, IN_ORDER = STRONG
FUZZY, CONFIRMED, PARTIAL, DEVICE, AGENCY, NONE = (m.name for m in _ALL if not m.strong)
