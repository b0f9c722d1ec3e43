"""Plan, then apply: the cell writes and anchors that bring a tab to what a sync wants. Pure.

vc_sync finds its columns and header row by anchors (see ``grid``), and its rows by the keys in
its key column. A tab without anchors (written by an older version, or whose anchors a program
dropped) is adopted by header labels and by content, and anchored. What cannot be found is
re-created where it cannot cover anyone's cells: a deleted column at the right edge, a deleted
header row above the first keyed row, new rows below the last used row. Only cells whose
value differs are written; rows that vanished from a log stay unless ``force``.

``verify`` checks every plan independently before anything is written: a write outside
vc_sync's own cells is a bug and stops the sync.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vc_sync.errors import VcSyncError
from vc_sync.outputs.grid import Grid, a1, a1_ranges, blank
from vc_sync.outputs.tabs import KEY, Column, Tab, same_label

HEADER_SEARCH = 20  # rows searched for a header when a tab has no anchors
AGREEMENT = 0.9  # share of rows a column must agree with to be adopted by content


class UnsafePlan(VcSyncError):
    """A plan would write a cell that is not vc_sync's: a bug. Nothing is written."""

    exit_code = 1


@dataclass(frozen=True)
class Write:
    row: int  # 0-based, after any header insertion
    col: int
    value: Any


@dataclass
class TabPlan:
    tab: Tab
    title: str
    create: bool
    header: int  # the header row once applied
    columns: dict[str, int]  # column id -> grid column once applied
    insert_header: bool = False  # insert an empty row at ``header`` before writing
    anchor_tab: bool = False
    anchor_header: bool = False
    anchor_columns: dict[str, int] = field(default_factory=dict)
    writes: list[Write] = field(default_factory=list)
    keyed: dict[str, int] = field(default_factory=dict)  # key -> row, as found (after insertion)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows of people no longer in the log, left in place
    removed: int = 0
    readded: list[int] = field(default_factory=list)  # rows whose key was typed over (1-based)
    recovered: int = 0  # rows whose lost key was restored from their content
    adopted: bool = False  # a tab without anchors, taken over
    restored: list[str] = field(default_factory=list)  # column labels re-added at the right edge
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # rows the tab needs once applied
    cols: int = 0  # columns it needs

    @property
    def changed(self) -> bool:
        return bool(
            self.writes or self.insert_header or self.anchor_tab or self.anchor_header or self.anchor_columns
        )

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.kept:
            parts.append(f"{self.kept} no longer in the log, kept")
        if self.removed:
            parts.append(f"{self.removed} removed")
        notes = []
        if self.create:
            notes.append("new tab")
        elif self.adopted:
            notes.append("taken over and anchored")
        if self.insert_header:
            notes.append(f"header restored on row {self.header + 1}")
        if self.restored:
            notes.append(f"added at the right edge: {', '.join(self.restored)}")
        if self.recovered:
            notes.append(f"{self.recovered} rows recognised by their content")
        if self.readded:
            rows = ", ".join(str(r) for r in self.readded)
            notes.append(
                f"{len(self.readded)} re-added because the key on row {rows} was typed over "
                "(that row is now yours)"
            )
        return f"{self.title}: " + ", ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")


def canonical(value: Any) -> str:
    """How a cell compares: numbers by value, everything else as text, blank as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return f"{round(float(value), 4):g}"
    text = str(value)
    stripped = text.strip()
    if stripped and stripped[0] in "0123456789-.":
        try:
            return f"{round(float(stripped), 4):g}"
        except ValueError:
            return text
    return text


# --- finding vc_sync's parts of a tab ----------------------------------------------------------


@dataclass
class Located:
    header: int | None
    columns: dict[str, int]
    adopted: bool
    warnings: list[str] = field(default_factory=list)


def locate(want: Tab, grid: Grid) -> Located:
    """Where vc_sync's header and columns are: by anchors, or (a tab without any) by labels and
    content. Columns not found are left out."""
    ids = {c.id for c in want.columns}
    if grid.anchored:
        columns = {cid: c for cid, c in grid.columns.items() if cid in ids and c >= 0}
        shared = {c for c, n in Counter(columns.values()).items() if n > 1}
        columns = {cid: c for cid, c in columns.items() if c not in shared}  # a confused anchor: drop it
        key = columns.get(KEY)
        if key is not None and not _holds_keys(want, grid, key, grid.header) and _keys_elsewhere(want, grid):
            del columns[KEY]  # the keys were cut and pasted away from the anchored column
        if KEY not in columns:
            found = _key_column(want, grid, grid.header, set(columns.values()))
            if found is not None:
                columns[KEY] = found
        warnings = []
        if KEY in columns:
            rows = _keyed_rows(want, grid, grid.header, columns[KEY]).values()
            for col in want.owned:
                if col.id in columns and col.id != KEY and not _plausible(grid, rows, col, columns[col.id]):
                    warnings.append(
                        f"{grid.title}: column {a1(columns[col.id])} was vc_sync's {col.label!r} but holds "
                        "what vc_sync never wrote; left to you, and the column is added again"
                    )
                    del columns[col.id]
        return Located(grid.header, columns, False, warnings)
    header = _header_row(want, grid)
    columns: dict[str, int] = {}
    taken: set[int] = set()
    key = _key_column(want, grid, header, taken, prefer=_labelled(want.column(KEY), grid, header))
    if key is not None:
        columns[KEY] = key
        taken.add(key)
    rows = _keyed_rows(want, grid, header, key) if key is not None else {}
    wanted = {str(r[KEY]): r for r in want.rows}
    ours_labelled = {c for col in want.columns for c in _labelled(col, grid, header)}
    for col in want.columns:
        if col.id == KEY:
            continue
        candidates = [c for c in _labelled(col, grid, header) if c not in taken]
        if len(candidates) > 1 and not col.input:
            candidates.sort(key=lambda c: -_agreement(grid, rows, wanted, col.id, c))
        if not candidates and not col.input and rows:
            # renamed before vc_sync anchored it: recognised by holding what vc_sync wrote
            free = [c for c in range(grid.last_col + 1) if c not in taken and c not in ours_labelled]
            scored = [(c, _agreement(grid, rows, wanted, col.id, c)) for c in free]
            candidates = [c for c, s in sorted(scored, key=lambda x: -x[1]) if s >= AGREEMENT]
        if candidates:
            columns[col.id] = candidates[0]
            taken.add(candidates[0])
    return Located(header, columns, bool(columns) or header is not None)


def _plausible(grid: Grid, rows: Iterable[int], col: Column, c: int) -> bool:
    """Whether the cells of an anchored column on vc_sync's rows could be vc_sync's: not when
    most of them (two or more) hold what its kind of column never holds (a moved-away column
    whose anchor stayed behind)."""
    filled = [grid.cell(r, c) for r in rows if grid.filled(r, c)]
    odd = sum(not col.could_hold(v) for v in filled)
    return odd < 2 or odd * 2 < len(filled)


def _labelled(col: Column, grid: Grid, header: int | None) -> list[int]:
    if header is None:
        return []
    return [c for c, v in enumerate(grid.values[header]) if same_label(v, col)]


def _header_row(want: Tab, grid: Grid) -> int | None:
    """The row among the first few holding the most of vc_sync's labels (the first of equals).
    Only a tab with vc_sync's title is searched, so one label is enough."""
    best, hits = None, 0
    for r in range(min(HEADER_SEARCH, len(grid.values))):
        found = len({col.id for col in want.columns for v in grid.values[r] if same_label(v, col)})
        if found > hits:
            best, hits = r, found
    return best


def _holds_keys(want: Tab, grid: Grid, col: int, header: int | None) -> bool:
    return any(want.owns_key(grid.cell(r, col)) for r in range(len(grid.values)) if r != header)


def _keys_elsewhere(want: Tab, grid: Grid) -> bool:
    return any(want.owns_key(v) for row in grid.values for v in row)


def _key_column(
    want: Tab, grid: Grid, header: int | None, taken: set[int], prefer: Iterable[int] = ()
) -> int | None:
    """The column holding the most of vc_sync's keys (a labelled one wins a tie)."""
    counts: Counter[int] = Counter()
    for r, row in enumerate(grid.values):
        if r == header:
            continue
        for c, v in enumerate(row):
            if c not in taken and want.owns_key(v):
                counts[c] += 1
    if not counts:
        return None
    preferred = set(prefer)
    return max(counts, key=lambda c: (counts[c], c in preferred, -c))


def _keyed_rows(want: Tab, grid: Grid, header: int | None, key_col: int) -> dict[str, int]:
    """Key -> row for every row whose key cell holds one of vc_sync's keys; a key found again
    further down is an organiser's copy, not vc_sync's row."""
    rows: dict[str, int] = {}
    for r in range(len(grid.values)):
        if r == header:
            continue
        value = grid.cell(r, key_col)
        if want.owns_key(value):
            rows.setdefault(str(value).strip(), r)
    return rows


def _agreement(
    grid: Grid, rows: Mapping[str, int], wanted: Mapping[str, Mapping[str, Any]], cid: str, col: int
) -> float:
    pairs = [
        (r, wanted[k].get(cid)) for k, r in rows.items() if k in wanted and not blank(wanted[k].get(cid))
    ]
    if len(pairs) < 2:
        return 0.0
    return sum(canonical(grid.cell(r, col)) == canonical(v) for r, v in pairs) / len(pairs)


def _signature(values: Iterable[Any]) -> tuple[str, ...] | None:
    sig = tuple(canonical(v).strip().casefold() for v in values)
    return sig if any(sig) else None


# --- planning -----------------------------------------------------------------------------------


def plan_tab(want: Tab, grid: Grid | None, *, force: bool = False) -> TabPlan:
    """The writes and anchors that make ``grid`` hold ``want``'s rows, touching nothing else."""
    if grid is None:
        grid = Grid(want.title)
        create = True
    else:
        create = False
    found = locate(want, grid)
    plan = TabPlan(want, grid.title or want.title, create, 0, {}, adopted=found.adopted and not create)
    plan.warnings += found.warnings
    plan.anchor_tab = grid.tab != want.id
    columns = dict(found.columns)
    identity = [c for c in want.identity if c in found.columns]

    # vc_sync's rows: by the keys in its key column, or (that column gone) by their content
    if KEY in columns:
        keyed, recovered = _keyed_rows(want, grid, found.header, columns[KEY]), {}
    else:
        keyed, recovered = {}, _recover(want, grid, found.header, columns, identity) if identity else {}
    header = found.header
    if header is None:
        rows = [*keyed.values(), *recovered.values()]
        if grid.last_row < 0:
            header = 0
        elif rows:  # the header row was deleted: back above the first of vc_sync's rows
            header = min(rows)
            grid = grid.row_inserted(header)
            keyed = {k: r + (r >= header) for k, r in keyed.items()}
            recovered = {k: r + (r >= header) for k, r in recovered.items()}
            plan.insert_header = True
        else:
            header = grid.last_row + 1
        plan.anchor_header = True
    elif grid.header != header:
        plan.anchor_header = True
    plan.header = header

    # columns not found go to the right edge, clear of anyone's cells
    edge = max(grid.last_col, max(columns.values(), default=-1)) + 1
    for col in want.columns:
        if col.id not in columns:
            columns[col.id] = edge
            edge += 1
            if not create and grid.last_row >= 0:
                plan.restored.append(col.label)
    plan.columns = columns
    plan.anchor_columns = {cid: c for cid, c in columns.items() if grid.columns.get(cid) != c}

    # header labels: written where the header cell is empty, never over an organiser's label
    for col in want.columns:
        c = columns[col.id]
        if blank(grid.cell(header, c)):
            plan.writes.append(Write(header, c, col.label))

    wanted_keys = {str(r[KEY]) for r in want.rows}
    keyed |= recovered
    plan.recovered = len(recovered)
    plan.keyed = dict(keyed)

    owned = want.owned
    next_row = max(grid.last_row, header) + 1
    appended: list[tuple[int, Mapping[str, Any]]] = []
    for row in want.rows:
        key = str(row[KEY])
        cells = [(columns[col.id], row.get(col.id)) for col in owned]
        if key in keyed:
            r = keyed[key]
            diff = [Write(r, c, v) for c, v in cells if canonical(grid.cell(r, c)) != canonical(v)]
            if diff:
                plan.updated += 1
                plan.writes += diff
            else:
                plan.unchanged += 1
        else:
            plan.writes += [Write(next_row, c, v) for c, v in cells if not blank(v)]
            appended.append((next_row, row))
            keyed[key] = next_row
            next_row += 1
            plan.added += 1
    for key, r in plan.keyed.items():
        if key in wanted_keys or not want.scope(key):
            continue
        if force:
            plan.writes += [
                Write(r, columns[col.id], None) for col in owned if grid.filled(r, columns[col.id])
            ]
            plan.removed += 1
        else:
            plan.kept += 1
    plan.readded = _typed_over(want, grid, header, columns, identity, set(plan.keyed.values()), appended)

    blocked = [w for w in plan.writes if grid.is_blocked(w.row, w.col)]
    if blocked:
        plan.writes = [w for w in plan.writes if not grid.is_blocked(w.row, w.col)]
        plan.warnings.append(
            f"{plan.title}: {a1_ranges((w.row, w.col) for w in blocked)} merged or protected; "
            "not written (unmerge them to let vc_sync update them)"
        )
    plan.rows = max([next_row, header + 1, *(w.row + 1 for w in plan.writes)])
    plan.cols = max(columns.values()) + 1
    verify(plan, grid)
    return plan


def _recover(
    want: Tab, grid: Grid, header: int | None, columns: Mapping[str, int], identity: list[str]
) -> dict[str, int]:
    """Rows whose key cell is gone, each matched to the one wanted row with the same identity
    (only where both sides are unique)."""
    wanted: dict[tuple[str, ...], list[str]] = {}
    for row in want.rows:
        sig = _signature(row.get(c) for c in identity)
        if sig is not None:
            wanted.setdefault(sig, []).append(str(row[KEY]))
    found: dict[tuple[str, ...], list[int]] = {}
    for r in range(len(grid.values)):
        if r == header:
            continue
        sig = _signature(grid.cell(r, columns[c]) for c in identity)
        if sig is not None and sig in wanted:
            found.setdefault(sig, []).append(r)
    return {wanted[s][0]: rows[0] for s, rows in found.items() if len(rows) == 1 and len(wanted[s]) == 1}


def _typed_over(
    want: Tab,
    grid: Grid,
    header: int,
    columns: Mapping[str, int],
    identity: list[str],
    keyed_rows: set[int],
    appended: list[tuple[int, Mapping[str, Any]]],
) -> list[int]:
    """Rows of the grid an appended row once was: same content, key cell typed over."""
    if not identity or not appended:
        return []
    by_sig: dict[tuple[str, ...], int] = {}
    for r in range(header + 1, len(grid.values)):
        if r in keyed_rows or want.owns_key(grid.cell(r, columns[KEY])):
            continue
        sig = _signature(grid.cell(r, columns[c]) for c in identity)
        if sig is not None:
            by_sig.setdefault(sig, r)
    out = []
    for _r, row in appended:
        sig = _signature(row.get(c) for c in identity)
        if sig is not None and sig in by_sig:
            out.append(by_sig.pop(sig) + 1)
    return sorted(out)


# --- the safety net -----------------------------------------------------------------------------


def verify(plan: TabPlan, grid: Grid) -> None:
    """Every write lands on vc_sync's own cells: its columns on its keyed rows or its header, or
    cells beyond everything used. Checked from the grid, not from how the plan was made."""
    want = plan.tab
    cols = plan.columns
    title = plan.title

    def fail(why: str) -> None:
        raise UnsafePlan(
            f"internal error: the plan for tab {title!r} {why}; nothing was written "
            "(please report this with the tab as it is now)"
        )

    if len(set(cols.values())) != len(cols):
        fail("places two of vc_sync's columns on one column")
    owned = {cols[c.id] for c in want.owned}
    inputs = {cols[c.id] for c in want.inputs}
    key_col = cols[KEY]
    ours: set[int] = set()
    seen: set[str] = set()
    for r in range(len(grid.values)):
        value = grid.cell(r, key_col)
        if r != plan.header and want.owns_key(value) and str(value).strip() not in seen:
            seen.add(str(value).strip())
            ours.add(r)
    fresh_row, fresh_col = grid.last_row + 1, grid.last_col + 1
    if key_col >= fresh_col:  # a key column re-created: rows recognised by content are vc_sync's
        ours |= set(plan.keyed.values())
    for w in plan.writes:
        where = f"{a1(w.col)}{w.row + 1}"
        if grid.is_blocked(w.row, w.col):
            fail(f"would write the merged or protected cell {where}")
        if w.col not in owned and w.col not in inputs:
            fail(f"would write {where}, outside vc_sync's columns")
        if w.row == plan.header:
            column = next(c for c in want.columns if cols[c.id] == w.col)
            if grid.filled(w.row, w.col) and not same_label(grid.cell(w.row, w.col), column):
                fail(f"would overwrite the header {where}, which an organiser named")
            continue
        if w.col in inputs:
            fail(f"would write {where}, in a column organisers fill")
        if w.row in ours or w.row >= fresh_row or w.col >= fresh_col:
            continue
        fail(f"would write {where}, on a row that is not vc_sync's")
