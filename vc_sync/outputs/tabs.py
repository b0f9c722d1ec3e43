"""What a sync wants a tab to hold: columns known by stable ids, rows known by keys.

A column's id ("minutes") is how vc_sync finds it, wherever organisers move it and whatever
they call it; its label ("Minutes") is only written once, as the header of a new column. A
row's key ("p-3f2a…", "i-R001") lives in the tab's key column and moves with the row when
organisers sort. Every other cell of a tab belongs to the organisers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

KEY = "key"  # every tab's key column
ALIASES = "_aliases"  # in a wanted row: keys of rows that hold its person so far (an organiser picked)
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_TIME = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(?::\d\d)?")


@dataclass(frozen=True)
class Column:
    id: str
    label: str
    aliases: tuple[str, ...] = ()  # labels it had in earlier versions or has in another language
    input: bool = False  # organisers fill it (a dropdown); vc_sync writes only its header
    width: int = 14  # characters
    technical: bool = False  # for vc_sync and for explaining: at the right, hidden and grouped
    kind: str = "text"  # what its cells hold: text, number, time or word (one of ``words``)
    words: frozenset[str] = frozenset()
    colours: Mapping[str, str] = field(default_factory=dict, compare=False)  # cell text -> fill (RGB hex)
    wrap: bool = False  # long text, wrapped
    guarded: bool = False  # roster or log text: vc_sync's only while it mostly says what vc_sync would
    # a row whose cell here says one of these is printed bold, wherever it moves (the totals)
    strong: tuple[str, ...] = field(default=(), compare=False)

    def strong_formula(self, letter: str, row: int) -> str:
        """A conditional format's formula true on a row whose cell in this column (at ``letter``)
        says one of ``strong``, written for ``row`` (1-based), the first row of the rule's range."""
        said = (t.replace('"', '""') for t in self.strong)
        return "OR(" + ",".join(f'${letter}{row}="{s}"' for s in said) + ")"

    def labels(self) -> set[str]:
        return {_fold(x) for x in (self.label, *self.aliases)}

    def could_hold(self, value: Any) -> bool:
        """Whether vc_sync could have written ``value`` here (blank always could)."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return True
        if self.kind == "number":
            return isinstance(value, int | float) or bool(_NUMBER.fullmatch(str(value).strip()))
        if self.kind == "time":
            return bool(_TIME.fullmatch(str(value).strip()))
        if self.kind == "word":
            return _fold(value) in self.words
        return True


@dataclass(frozen=True)
class Tab:
    """One tab of the output as this sync wants it."""

    id: str  # "summary", "review", "choices", "session:S1"
    title: str
    columns: tuple[Column, ...]  # the key column first
    rows: tuple[Mapping[str, Any], ...]  # each holds KEY and any owned column's value
    ours: re.Pattern[str]  # which key cells vc_sync wrote
    identity: tuple[str, ...] = ()  # columns that tell a row apart when its key is lost
    aliases: tuple[str, ...] = ()  # titles it had in earlier versions or has in another language
    scope: Callable[[str], bool] = field(default=lambda _key: True, compare=False)  # keys this sync owns
    # rows of rank 0 come before rows of rank 1 (the review tab: open before settled)
    rank: Callable[[Mapping[str, Any]], int] | None = field(default=None, compare=False)
    hidden: bool = False  # a tab only the tool reads (the dropdowns' choices)
    exclusive: bool = False  # every row under its header is vc_sync's (nobody edits it)
    legacy: tuple[str, ...] = ()  # the header vc_sync 0.1 wrote on this tab (it had no anchors)
    # a bar chart made with the tab: categories column, one series per column, rows it covers
    chart: tuple[str, tuple[str, ...], int] | None = None
    prompt: str = ""  # the list a dropdown offers (the choices tab): what its cells say when picked

    @property
    def owned(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.input)

    @property
    def inputs(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.input)

    def column(self, column_id: str) -> Column:
        return next(c for c in self.columns if c.id == column_id)

    def owns_key(self, value: Any) -> bool:
        return isinstance(value, str) and bool(self.ours.fullmatch(value.strip()))


def _fold(text: Any) -> str:
    return " ".join(str(text or "").split()).casefold()


def same_label(cell: Any, column: Column) -> bool:
    return _fold(cell) in column.labels()


def resembles(cell: Any, wanted: Any) -> bool:
    """Whether a cell could be what vc_sync wrote for ``wanted`` at some sync: the same text,
    one inside the other, or a word of three letters or more in common."""
    a, b = _fold(cell), _fold(wanted)
    if a == b or (a and b and (a in b or b in a)):
        return True
    words = {w for w in re.findall(r"\w{3,}", a)}
    return bool(words & set(re.findall(r"\w{3,}", b)))
