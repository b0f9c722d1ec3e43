"""Plan, then apply: the cell writes that bring a tab to what a sync wants. Pure.

vc_sync owns its columns (found by header name wherever an organiser moved them) and its
rows (found by the key in the tab's first column). Everything else on a tab (organisers' columns, rows, notes,
formatting) is never written. Only cells whose value differs are written; new rows go
below the last used row; rows that vanished from a log stay unless ``force``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from vc_sync.outputs.layout import Tab


@dataclass(frozen=True)
class Grid:
    """What a tab holds now: rows of cell values, the header first."""

    title: str
    values: tuple[tuple[Any, ...], ...] = ()

    def cell(self, row: int, col: int) -> Any:
        if row < len(self.values) and col < len(self.values[row]):
            return self.values[row][col]
        return None


@dataclass(frozen=True)
class Write:
    row: int  # 0-based grid position; row 0 is the header
    col: int
    value: Any


@dataclass
class TabPlan:
    title: str
    create: bool
    header: tuple[str, ...]
    columns: dict[str, int]  # header name -> grid column
    inputs: tuple[str, ...] = ()  # organisers' columns we create but never fill
    writes: list[Write] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows of people no longer in the log, left in place
    removed: int = 0
    rows: int = 0  # rows the tab will have, header included

    @property
    def changed(self) -> bool:
        return bool(self.writes)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.kept:
            parts.append(f"{self.kept} no longer in the log, kept")
        if self.removed:
            parts.append(f"{self.removed} removed")
        return f"{self.title}: " + ", ".join(parts) + (" (new tab)" if self.create else "")


def canonical(value: Any) -> str:
    """How a cell compares: numbers by value, everything else as text, blank as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{round(float(value), 4):g}"
    text = str(value)
    try:
        return f"{round(float(text), 4):g}" if text.strip() and text.strip()[0] in "0123456789-." else text
    except ValueError:
        return text


def _name(value: Any) -> str:
    return str(value or "").strip().lower()


def plan_tab(
    want: Tab,
    grid: Grid | None,
    *,
    inputs: Sequence[str] = (),
    force: bool = False,
    scope: Callable[[str], bool] = lambda _key: True,
) -> TabPlan:
    """The writes that make ``grid`` hold ``want``'s rows. ``scope`` says which existing keyed
    rows this sync answers for (the review tab holds every session's rows)."""
    owned = tuple(want.header)
    if grid is None or not grid.values:
        header = owned + tuple(inputs)
        plan = TabPlan(want.title, grid is None, header, {n: i for i, n in enumerate(header)}, tuple(inputs))
        plan.writes += [Write(0, c, n) for c, n in enumerate(header)]
        for r, row in enumerate(want.rows, start=1):
            plan.writes += [Write(r, c, v) for c, v in enumerate(row) if v not in (None, "")]
        plan.added, plan.rows = len(want.rows), len(want.rows) + 1
        return plan

    header_row = list(grid.values[0])
    columns: dict[str, int] = {}
    plan = TabPlan(want.title, False, tuple(header_row), columns, tuple(inputs))
    for name in (*owned, *inputs):
        found = next((i for i, h in enumerate(header_row) if _name(h) == _name(name)), None)
        if found is None:
            found = len(header_row)
            header_row.append(name)
            plan.writes.append(Write(0, found, name))
        columns[name] = found
    plan.header = tuple(header_row)
    key_col = columns[owned[0]]  # a tab's first column keys its rows
    where: dict[str, int] = {}
    for r in range(1, len(grid.values)):
        key = str(grid.cell(r, key_col) or "").strip()
        if key and key not in where:
            where[key] = r
    used = max((r for r, row in enumerate(grid.values) if any(v not in (None, "") for v in row)), default=0)
    next_row = used + 1
    wanted = set()
    for row in want.rows:
        key = str(row[0])
        wanted.add(key)
        cells = {columns[name]: value for name, value in zip(owned, row, strict=True)}
        if key in where:
            r = where[key]
            diff = [Write(r, c, v) for c, v in cells.items() if canonical(grid.cell(r, c)) != canonical(v)]
            plan.writes += diff
            if diff:
                plan.updated += 1
            else:
                plan.unchanged += 1
        else:
            plan.writes += [Write(next_row, c, v) for c, v in cells.items() if v not in (None, "")]
            where[key] = next_row
            next_row += 1
            plan.added += 1
    for key, r in where.items():
        if key in wanted or not scope(key):
            continue
        if force:
            plan.writes += [
                Write(r, columns[n], "") for n in owned if grid.cell(r, columns[n]) not in (None, "")
            ]
            plan.removed += 1
        else:
            plan.kept += 1
    plan.rows = next_row
    return plan


def rows_as(grid: Grid | None, header: Sequence[str]) -> list[tuple[Any, ...]]:
    """A tab's keyed rows read back in ``header``'s column order (for the summary)."""
    if grid is None or not grid.values:
        return []
    index = {_name(h): i for i, h in enumerate(grid.values[0])}
    cols = [index.get(_name(h)) for h in header]
    out = []
    for r in range(1, len(grid.values)):
        row = tuple(grid.cell(r, c) if c is not None else None for c in cols)
        if row and row[0] not in (None, ""):
            out.append(row)
    return out
