"""What a tab holds now: its cells, and the anchors by which vc_sync knows its own parts.

Anchors are markers that the spreadsheet program moves with the grid: developer metadata on
the Google Sheet, defined names in the workbook. ``tab`` says which of vc_sync's tabs this is
(whatever its title), ``header`` which row holds vc_sync's header, ``columns`` where each of
vc_sync's columns is. An anchor whose row or column was deleted is gone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

Rect = tuple[int, int, int, int]  # first row, first column, last row, last column (inclusive)


@dataclass(frozen=True, eq=False)  # a grid is itself: it is cached by identity within a run
class Grid:
    title: str
    values: tuple[tuple[Any, ...], ...] = ()
    tab: str | None = None  # the tab anchor's value, e.g. "session:S1"
    header: int | None = None  # anchored header row, 0-based
    columns: Mapping[str, int] = field(default_factory=dict)  # column id -> anchored column, 0-based
    blocked: tuple[Rect, ...] = ()  # cells vc_sync cannot write: merged (but their first), protected
    merged: tuple[Rect, ...] = ()  # merged ranges, for messages

    @property
    def anchored(self) -> bool:
        return self.tab is not None or bool(self.columns) or self.header is not None

    def cell(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.values) and 0 <= col < len(self.values[row]):
            return self.values[row][col]
        return None

    def filled(self, row: int, col: int) -> bool:
        return not blank(self.cell(row, col))

    @cached_property
    def last_row(self) -> int:
        """The last row holding anything, -1 for an empty tab."""
        return max((r for r, row in enumerate(self.values) if any(not blank(v) for v in row)), default=-1)

    @cached_property
    def last_col(self) -> int:
        return max(
            (c for row in self.values for c, v in enumerate(row) if not blank(v)),
            default=-1,
        )

    def is_blocked(self, row: int, col: int) -> bool:
        return any(r0 <= row <= r1 and c0 <= col <= c1 for r0, c0, r1, c1 in self.blocked)

    def after(self, op: RowOp) -> Grid:
        """This grid as it is once ``op`` is applied (as the spreadsheet applies it)."""
        values = list(self.values)
        if op.kind == "insert":
            values[op.at : op.at] = [()] * op.n if op.at <= len(values) else []
        elif op.kind == "delete":
            del values[op.at : op.at + op.n]
        else:
            if op.at < len(values):
                row = values[op.at]
                values.insert(op.to, row)
                del values[op.at + (1 if op.to <= op.at else 0)]
        header = None if self.header is None else op.row(self.header)
        return Grid(
            self.title,
            tuple(values),
            self.tab,
            header,
            dict(self.columns),
            tuple(r for b in self.blocked if (r := op.rect(b)) is not None),
            tuple(r for m in self.merged if (r := op.rect(m)) is not None),
        )


@dataclass(frozen=True)
class RowOp:
    """A change to a tab's rows, applied before any cell is written: ``insert`` n empty rows at
    ``at``; ``delete`` n rows from ``at``; ``move`` the row at ``at`` to ``to``, an index counted
    before the row leaves (as the Sheets API's moveDimension counts it)."""

    kind: str  # insert | delete | move
    at: int
    n: int = 1
    to: int = 0

    def row(self, r: int) -> int | None:
        """Where row ``r`` is once applied (None: deleted)."""
        if self.kind == "insert":
            return r + self.n if r >= self.at else r
        if self.kind == "delete":
            if self.at <= r < self.at + self.n:
                return None
            return r - self.n if r >= self.at + self.n else r
        if r == self.at:
            return self.to if self.to <= self.at else self.to - 1
        if self.to <= self.at:
            return r + 1 if self.to <= r < self.at else r
        return r - 1 if self.at < r < self.to else r

    def rect(self, rect: Rect) -> Rect | None:
        r0, c0, r1, c1 = rect
        if self.kind == "move":
            if r0 != r1:
                return rect if self.row(r0) == r0 and self.row(r1) == r1 else None
            moved = self.row(r0)
            return None if moved is None else (moved, c0, moved, c1)
        rows = [x for r in range(r0, r1 + 1) if (x := self.row(r)) is not None]
        if self.kind == "insert" and r0 < self.at <= r1:
            return (r0, c0, r1 + self.n, c1)  # a range grows when rows are inserted inside it
        return (min(rows), c0, max(rows), c1) if rows else None


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def blocked_by_merges(merges: Iterable[Rect]) -> tuple[Rect, ...]:
    """Every cell of a merged range but its first is out of reach (it shows the first's value)."""
    out: list[Rect] = []
    for r0, c0, r1, c1 in merges:
        if c1 > c0:
            out.append((r0, c0 + 1, r0, c1))
        if r1 > r0:
            out.append((r0 + 1, c0, r1, c1))
    return tuple(out)


def a1(col: int) -> str:
    """Column letters of a 0-based column."""
    letters = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def a1_ranges(cells: Iterable[tuple[int, int]]) -> str:
    """'C5:E5, C9' for 0-based cells: runs along a row, for messages."""
    by_row: dict[int, list[int]] = {}
    for r, c in cells:
        by_row.setdefault(r, []).append(c)
    parts = []
    for r in sorted(by_row):
        cols = sorted(set(by_row[r]))
        start = prev = cols[0]
        for nxt in [*cols[1:], None]:  # None ends the last run
            if nxt is not None and nxt == prev + 1:
                prev = nxt
                continue
            first, last = f"{a1(start)}{r + 1}", f"{a1(prev)}{r + 1}"
            parts.append(first if first == last else f"{first}:{last}")
            if nxt is not None:
                start = prev = nxt
    return ", ".join(parts)
