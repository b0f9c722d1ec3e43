"""Plan, then apply: the row changes, cell writes and anchors that bring a tab to what a sync
wants. Pure.

vc_sync finds its columns and header row by anchors (see ``grid``), and its rows by the keys in
its key column. A tab without anchors (written by an older version, or whose anchors a program
dropped) is adopted by header labels and by content, and anchored. What cannot be found is
re-created where it cannot cover anyone's cells: a deleted column at the right edge, a deleted
header row above the first of vc_sync's rows, new rows below the last used row. A row whose
person is now someone else's (an organiser's pick) becomes that person's row; a row nobody
wants any more is deleted when nothing of an organiser's is on it, else its cells are cleared.
Only cells whose value differs are written; rows that vanished from a log stay unless ``force``.

``verify`` checks every plan independently before anything is written: a write outside
vc_sync's own cells is a bug and stops the sync.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from vc_sync.errors import VcSyncError
from vc_sync.outputs.grid import Grid, RowOp, a1, a1_ranges, blank
from vc_sync.outputs.tabs import ALIASES, KEY, Column, Tab, resembles, same_label
from vc_sync.terminal import in_a_cell, shorten

HEADER_SEARCH = 20  # rows searched for a header when a tab has no anchors
SAMPLE = 64  # rows enough to tell whether a column mostly holds what vc_sync would not write
AGREEMENT = 0.9  # share of rows a column must agree with to be adopted by content


class UnsafePlan(VcSyncError):
    """A plan would write a cell that is not vc_sync's: a bug. Nothing is written."""

    exit_code = 1


@dataclass(frozen=True)
class Write:
    row: int  # 0-based, once the plan's row changes are applied
    col: int
    value: Any


@dataclass
class TabPlan:
    tab: Tab
    title: str
    create: bool
    header: int  # the header row once applied
    columns: dict[str, int]  # column id -> grid column once applied
    ops: list[RowOp] = field(default_factory=list)  # row changes, in order, before any write
    retitle: str | None = None  # a new title (the tool's own title in another language)
    anchor_tab: bool = False
    anchor_header: bool = False
    anchor_columns: dict[str, int] = field(default_factory=dict)
    writes: list[Write] = field(default_factory=list)
    keyed: dict[str, int] = field(default_factory=dict)  # key -> row once applied
    restored_header: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    kept: int = 0  # rows of people no longer in the log, left in place
    removed: int = 0
    merged: int = 0  # rows whose person is now another row's (an organiser's pick), gone
    readded: list[int] = field(default_factory=list)  # rows whose key was typed over (1-based)
    recovered: int = 0  # rows whose lost key was restored from their content
    adopted: bool = False  # a tab without anchors, taken over
    restored: list[str] = field(default_factory=list)  # column labels added at the right edge
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # rows the tab needs once applied
    cols: int = 0  # columns it needs
    # what vc_sync's cells hold once applied, by row key and column (a tab planned with a
    # record of what it last wrote; None: one that keeps none)
    record: dict[str, dict[str, str]] | None = None
    theirs: list[tuple[int, int]] = field(default_factory=list)  # organisers' values kept (once applied)
    written_back: list[tuple[int, int]] = field(default_factory=list)  # typed over counted cells
    would: dict[tuple[int, int], Any] = field(default_factory=dict)  # what vc_sync would write in ``theirs``

    @property
    def changed(self) -> bool:
        return bool(
            self.writes
            or self.ops
            or self.retitle
            or self.anchor_tab
            or self.anchor_header
            or self.anchor_columns
        )

    @property
    def final_title(self) -> str:
        return self.retitle or self.title

    @property
    def chart_rows(self) -> tuple[int, int]:
        """The header and the last row a chart of the tab covers (0-based): its rows of rank 0
        (the summary's agencies, not its Total lines)."""
        rank = self.tab.rank
        rows = [r for k, r in self.keyed.items() if rank is None or rank({KEY: k}) == 0]
        return self.header, max(rows, default=self.header)

    def summary(self) -> str:
        parts = [f"{self.added} added", f"{self.updated} updated", f"{self.unchanged} unchanged"]
        if self.kept:
            parts.append(f"{self.kept} no longer in the log, kept")
        if self.removed:
            parts.append(f"{self.removed} removed")
        if self.merged:
            parts.append(f"{self.merged} merged into the row of the person picked")
        notes = []
        if self.create:
            notes.append("new tab")
        elif self.adopted:
            notes.append("taken over and anchored")
        if self.retitle:
            notes.append(f"renamed {self.title!r} to {self.retitle!r}")
        if self.restored_header:
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
        return f"{self.final_title}: " + ", ".join(parts) + (f" ({'; '.join(notes)})" if notes else "")


def canonical(value: Any) -> str:
    """How a cell compares: numbers by value, everything else as text, blank (none, or only
    spaces, which are never written) as ''."""
    if value is None or (isinstance(value, str) and not value.strip()):
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


BLANK = "-"  # the digest of an empty cell


def digest(value: Any) -> str:
    """What a cell held, compactly: 48 bits of its value as ``canonical`` compares it."""
    text = canonical(value)
    return BLANK if text == "" else hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def _accepts(recorded: str, value: Any) -> bool:
    """Whether a cell holding ``value`` holds what vc_sync wrote there (``recorded``): spaces
    around it are no value of the organisers' (a stray space is not a correction to keep)."""
    said = recorded.split()
    return digest(value) in said or (isinstance(value, str) and digest(value.strip()) in said)


def _typed_over_ours(rec: Mapping[str, str], cid: str, value: Any) -> bool:
    """Whether ``value``, in column ``cid`` of a row whose cells vc_sync recorded as ``rec``, was
    typed by an organiser over what vc_sync wrote (never the Key: a Key typed over has its own
    rule, ``_typed_over``)."""
    return cid != KEY and cid in rec and not blank(value) and not _accepts(rec[cid], value)


# --- finding vc_sync's parts of a tab ----------------------------------------------------------


@dataclass
class Located:
    header: int | None
    columns: dict[str, int]
    adopted: bool
    warnings: list[str] = field(default_factory=list)
    foreign: bool = False  # a tab with vc_sync's title that vc_sync never wrote: the organisers'


def adoptable(want: Tab, grid: Grid) -> bool:
    """Whether a tab without anchors is vc_sync's: it holds vc_sync's keys, or begins its header
    as vc_sync 0.1 wrote it. A tab that merely has vc_sync's title is the organisers' own."""
    return grid.anchored or _keys_elsewhere(want, grid) or _legacy_header(want, grid) is not None


def _legacy_header(want: Tab, grid: Grid) -> int | None:
    if not want.legacy:
        return None
    n = len(want.legacy)
    for r in range(min(HEADER_SEARCH, len(grid.values))):
        row = tuple(str(v).strip() if v is not None else "" for v in grid.values[r][:n])
        if row == want.legacy:
            return r
    return None


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
        warnings: list[str] = []
        header = grid.header
        if header is not None and KEY in columns and want.owns_key(grid.cell(header, columns[KEY])):
            # the header row was sorted in among the data (a sort without 'has a header row'):
            # the anchor stayed on the row index, the labels moved; find them
            header = _label_row(want, grid, range(len(grid.values)))
        wanted = {str(r[KEY]): r for r in want.rows}
        rows = _keyed_rows(want, grid, header, columns[KEY], wanted) if KEY in columns else {}
        _follow_cut(want, grid, columns, rows, wanted)
        for col in want.owned:
            if col.id not in columns or col.id == KEY:
                continue
            c = columns[col.id]
            if not _plausible(grid, rows.values(), col, c) or (
                col.guarded and not _resembles(grid, rows, wanted, col, c)
            ):
                warnings.append(
                    f"{grid.title}: column {a1(c)} was vc_sync's {col.label!r} but holds what vc_sync "
                    "would not write; left to you, and the column is added again"
                )
                del columns[col.id]
        return Located(header, columns, False, warnings)
    if not adoptable(want, grid):
        return Located(None, {}, False, foreign=True)
    header = _header_row(want, grid)
    columns = {}
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


def _follow_cut(
    want: Tab,
    grid: Grid,
    columns: dict[str, int],
    rows: Mapping[str, int],
    wanted: Mapping[str, Mapping[str, Any]],
) -> None:
    """An anchored column whose header cell is empty while one column no anchor claims carries
    its label was cut and pasted there (the anchor stays behind on the vacated column): follow
    it, when it is organisers' input or holds what vc_sync would write."""
    if grid.header is None:
        return
    claimed = set(columns.values())
    for col in want.columns:
        c = columns.get(col.id)
        if c is None or col.id == KEY or grid.filled(grid.header, c):
            continue
        moved = [
            x
            for x, v in enumerate(grid.values[grid.header] if grid.header < len(grid.values) else ())
            if x not in claimed and same_label(v, col)
        ]
        if len(moved) != 1:
            continue
        if col.input or (_agreement(grid, rows, wanted, col.id, moved[0]) >= 0.5 if wanted else True):
            claimed.discard(c)
            columns[col.id] = moved[0]
            claimed.add(moved[0])


def _resembles(
    grid: Grid, rows: Mapping[str, int], wanted: Mapping[str, Mapping[str, Any]], col: Column, c: int
) -> bool:
    """Whether a guarded column still mostly says what vc_sync would write there: not when two
    or more of its filled cells on vc_sync's rows, and most of them, say something else."""
    if not wanted:
        return True
    pairs = [
        (grid.cell(r, c), wanted[k].get(col.id))
        for k, r in itertools.islice(rows.items(), SAMPLE)
        if k in wanted and grid.filled(r, c)
    ]
    odd = sum(not resembles(cell, want) for cell, want in pairs)
    return odd < 2 or odd * 2 <= len(pairs)


def _plausible(grid: Grid, rows: Iterable[int], col: Column, c: int) -> bool:
    """Whether the cells of an anchored column on vc_sync's rows could be vc_sync's: not when
    most of them (two or more) hold what its kind of column never holds (a moved-away column
    whose anchor stayed behind)."""
    filled = [grid.cell(r, c) for r in itertools.islice(rows, SAMPLE) if grid.filled(r, c)]
    odd = sum(not col.could_hold(v) for v in filled)
    return odd < 2 or odd * 2 < len(filled)


def _labelled(col: Column, grid: Grid, header: int | None) -> list[int]:
    if header is None:
        return []
    return [c for c, v in enumerate(grid.values[header]) if same_label(v, col)]


def _header_row(want: Tab, grid: Grid) -> int | None:
    """The header as vc_sync 0.1 wrote it, else the row among the first few holding the most of
    vc_sync's labels, two at least (one could be a data cell: a method 'email')."""
    legacy = _legacy_header(want, grid)
    if legacy is not None:
        return legacy
    return _label_row(want, grid, range(min(HEADER_SEARCH, len(grid.values))))


def _label_row(want: Tab, grid: Grid, rows: Iterable[int]) -> int | None:
    """Among ``rows``, the one holding the most of vc_sync's labels (two at least), the first
    of equals; never a row holding one of its keys."""
    best, hits = None, 1
    key_cells = lambda r: any(want.owns_key(v) for v in grid.values[r])  # noqa: E731
    for r in rows:
        found = len({col.id for col in want.columns for v in grid.values[r] if same_label(v, col)})
        if found > hits and not key_cells(r):
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


def _keyed_rows(
    want: Tab,
    grid: Grid,
    header: int | None,
    key_col: int,
    wanted: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, int]:
    """Key -> row for every row whose key cell holds one of vc_sync's keys. A key on several rows
    (an organiser copied a row, or typed a key over another) is vc_sync's on the row that says
    most nearly what vc_sync would write, the first of equals; the others are organisers'
    copies. On a tab wholly vc_sync's, every other row under the header is its own too (an
    older version's, under a made-up key)."""
    found: dict[str, list[int]] = {}
    rows: dict[str, int] = {}
    for r in range(len(grid.values)):
        if r == header:
            continue
        value = grid.cell(r, key_col)
        if want.owns_key(value):
            found.setdefault(str(value).strip(), []).append(r)
        elif (
            want.exclusive and header is not None and r > header and any(not blank(v) for v in grid.values[r])
        ):
            rows[f"#row{r}"] = r
    cols = _known_columns(want, grid) if wanted else {}
    for key, at in found.items():
        if len(at) > 1 and cols and key in wanted:  # type: ignore[operator]
            row = wanted[key]  # type: ignore[index]

            def agrees(r: int, row: Mapping[str, Any] = row) -> tuple[int, int]:
                return sum(
                    canonical(grid.cell(r, c)) == canonical(row.get(cid)) for cid, c in cols.items()
                ), -r

            rows[key] = max(at, key=agrees)
        else:
            rows[key] = at[0]
    return rows


def _known_columns(want: Tab, grid: Grid) -> dict[str, int]:
    """vc_sync's columns as anchored (what telling a copied row from the original needs)."""
    owned = {c.id for c in want.owned} - {KEY}
    return {cid: c for cid, c in grid.columns.items() if cid in owned}


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


def plan_tab(
    want: Tab,
    grid: Grid | None,
    *,
    force: bool = False,
    recorded: Mapping[str, Mapping[str, str]] | None = None,
    counted: Collection[str] = (),
    typed: Collection[tuple[str, str]] = (),
) -> TabPlan:
    """The row changes, writes and anchors that make ``grid`` hold ``want``'s rows, touching
    nothing else.

    ``recorded``: what vc_sync last wrote in the tab's cells, by row key and column (None: no
    record, nothing is told apart). A cell of its row holding something else was typed by an
    organiser: it is kept (``theirs``), except in ``counted`` columns (who a row is, what it
    counts), which are written back (``written_back``); an emptied cell is vc_sync's again.
    ``typed``: (row key, column) of values ``want`` already keeps as typed (no record)."""
    # every comparison sees the rows as they will be written
    want = dataclasses.replace(want, rows=tuple({k: _cell(v) for k, v in row.items()} for row in want.rows))
    if grid is not None and not grid.anchored and not adoptable(want, grid):
        grid = None  # the organisers' own tab with vc_sync's title: vc_sync makes its own beside it
    create = grid is None
    original = grid = grid if grid is not None else Grid(want.title)
    found = locate(want, grid)
    plan = TabPlan(want, grid.title or want.title, create, 0, {}, adopted=found.adopted and not create)
    plan.warnings += found.warnings
    plan.anchor_tab = grid.tab != want.id
    if not create and grid.title != want.title and grid.title in want.aliases:
        plan.retitle = want.title  # the tool's own title in another language
    columns = dict(found.columns)
    identity = [c for c in want.identity if c in found.columns]

    # vc_sync's rows: by the keys in its key column, or (that column gone) by their content
    if KEY in columns:
        wanted_rows = {str(r[KEY]): r for r in want.rows}
        keyed, recovered = _keyed_rows(want, grid, found.header, columns[KEY], wanted_rows), {}
    else:
        keyed, recovered = {}, (_recover(want, grid, found.header, columns, identity) if identity else {})
    plan.recovered = len(recovered)
    keyed |= recovered
    header = found.header
    if want.exclusive and header is not None:  # a tab wholly vc_sync's: its other rows are stale
        taken = set(keyed.values())
        for r in range(header + 1, len(grid.values)):
            if r not in taken and any(not blank(v) for v in grid.values[r]):
                keyed[f"#row{r}"] = r

    def apply(op: RowOp) -> None:
        nonlocal grid, keyed, header
        plan.ops.append(op)
        assert grid is not None  # rows move only on a tab there is
        grid = grid.after(op)
        keyed = {k: moved for k, r in keyed.items() if (moved := op.row(r)) is not None}
        if header is not None:
            header = op.row(header)

    if header is None:
        if grid.last_row < 0:
            header = 0
        elif keyed:  # the header row was deleted: back above the first of vc_sync's rows
            at = min(keyed.values())
            apply(RowOp("insert", at))
            header, plan.restored_header = at, True
        else:
            header = grid.last_row + 1
        plan.anchor_header = True
    elif grid.header != header:
        plan.anchor_header = True

    # columns not found go to the right edge, clear of anyone's cells
    edge = max(grid.last_col, max(columns.values(), default=-1)) + 1
    for col in want.columns:
        if col.id not in columns:
            columns[col.id] = edge
            edge += 1
            if not create and grid.last_row >= 0:
                plan.restored.append(col.label)
    plan.columns = columns
    plan.anchor_columns = {cid: c for cid, c in columns.items() if original.columns.get(cid) != c}

    # which row each wanted row is on: its own, or (an organiser picked who it is) the row of
    # one of the connections it now holds; rows it replaces go
    wanted = {str(r[KEY]) for r in want.rows}
    place: dict[str, int] = {}
    used: set[int] = set()
    replaced: list[int] = []
    for row in want.rows:
        key = str(row[KEY])
        before = sorted(
            keyed[a] for a in row.get(ALIASES, ()) if a in keyed and a not in wanted and keyed[a] not in used
        )
        own = keyed.get(key)
        if before:  # the first of them holding an organiser's cell (a pick made there) stays
            rows = before + ([own] if own is not None and own not in used else [])
            place[key] = next((r for r in rows if _holds_input(want, grid, r, columns)), rows[0])
            replaced += [r for r in rows if r != place[key]]
        elif own is not None and own not in used:
            place[key] = own
        used |= {place.get(key, -1), *before, *([own] if own is not None else [])}
    leftover: list[int] = []
    for key, r in keyed.items():
        if r in used or key in wanted or not want.scope(key):
            continue
        if force:
            leftover.append(r)
            plan.removed += 1
        else:
            plan.kept += 1
    plan.merged = len(replaced)
    gone = {k for k, r in keyed.items() if r in {*replaced, *leftover}}
    keyed_at = {r: k for k, r in keyed.items()}  # rows are dealt with bottom up: those above stay put

    def typed_over(r: int) -> set[str]:
        """The columns of vc_sync's row ``r`` holding an organiser's value over what vc_sync
        wrote, by the record of the row's key."""
        key = keyed_at.get(r)
        rec = recorded.get(key) if recorded is not None and key is not None else None
        if rec is None:
            return set()
        return {
            col.id
            for col in want.owned
            if col.id not in counted and _typed_over_ours(rec, col.id, grid.cell(r, columns[col.id]))
        }

    # rows nobody wants: deleted when wholly vc_sync's, else their cells cleared (bottom up, so
    # that a deletion moves only rows already dealt with)
    cleared: list[tuple[int, set[str]]] = []
    for r in sorted({*replaced, *leftover}, reverse=True):
        keep = typed_over(r)
        if not keep and _wholly_ours(want, grid, r, columns):
            op = RowOp("delete", r)
            place = _follow(op, place)
            cleared = [(c - 1, k) for c, k in cleared]
            apply(op)
        else:
            cleared.append((r, keep))
    named_by = [c.id for c in want.owned if c.id in ("name", "display_names")] or [c.id for c in want.owned]
    for r, keep in cleared:
        plan.writes += [
            Write(r, columns[c.id], None)
            for c in want.owned
            if grid.filled(r, columns[c.id]) and c.id not in keep
        ]
        plan.theirs += [(r, columns[cid]) for cid in keep]
        theirs = [
            *(
                str(grid.cell(header, columns[c.id]) or "").strip() or c.label
                for c in want.owned
                if c.id in keep
            ),
            *(_their_cells(want, grid, r, header, columns) if header is not None else ()),
        ]
        if header is not None and theirs:
            who = next((str(grid.cell(r, columns[c])) for c in named_by if grid.filled(r, columns[c])), "")
            plan.warnings.append(
                f"{plan.final_title}: row {r + 1}{f' ({shorten(who, 40)})' if who else ''} is no longer "
                f"vc_sync's; your cells on it ({', '.join(theirs)}) stay there, beside no one"
            )

    # open before settled (the review tab): a row is ranked by what it is about to hold
    def rank(r: int) -> int:
        row = by_row.get(r)
        return want.rank(row if row is not None else _record(grid, r, columns))  # type: ignore[misc]

    by_row = {place[str(row[KEY])]: row for row in want.rows if str(row[KEY]) in place}
    first_late = None
    if want.rank is not None:
        while True:  # a row above one of lower rank goes to the end, one at a time
            ranks = {r: rank(r) for r in {*keyed.values(), *by_row}}
            late, lowest = [], None
            for r in sorted(ranks, reverse=True):
                if lowest is not None and ranks[r] > lowest:
                    late.append(r)
                lowest = ranks[r] if lowest is None else min(lowest, ranks[r])
            late.sort()
            if not late:
                break
            op = RowOp("move", late[0], to=max(ranks) + 1)
            place = _follow(op, place)
            by_row = {moved: row for r, row in by_row.items() if (moved := op.row(r)) is not None}
            apply(op)
        first_late = min((r for r in {*keyed.values(), *by_row} if rank(r) > 0), default=None)

    # new rows: below everything in use; open ones of the review tab above its settled ones
    new = [row for row in want.rows if str(row[KEY]) not in place]
    early = [row for row in new if first_late is not None and want.rank(row) == 0]  # type: ignore[misc]
    if early and first_late is not None:
        op = RowOp("insert", first_late, n=len(early))
        place = _follow(op, place)
        apply(op)
        for i, row in enumerate(early):
            place[str(row[KEY])] = first_late + i
    # below everything in use, merged bands included (a row there would be written in part)
    next_row = max(grid.last_row, header, *(r1 for _r0, _c0, r1, _c1 in grid.merged)) + 1
    appended: list[Mapping[str, Any]] = []
    for row in new:
        if str(row[KEY]) not in place:
            place[str(row[KEY])] = next_row
            next_row += 1
            appended.append(row)
    fresh = {place[str(r[KEY])] for r in (*early, *appended)}
    plan.added = len(fresh)

    # header labels: written where the header cell is empty, or holds the tool's own label in
    # another language; an organiser's label is theirs
    for col in want.columns:
        c = columns[col.id]
        cell = grid.cell(header, c)
        if blank(cell) or (str(cell).strip() in col.aliases and str(cell).strip() != col.label):
            plan.writes.append(Write(header, c, col.label))

    at_row = {r: k for k, r in keyed.items()}  # the key each of vc_sync's rows had when read
    record: dict[str, dict[str, str]] = {}
    typed_in = set(typed)
    for row in want.rows:
        key = str(row[KEY])
        r = place[key]
        cells = [(columns[col.id], row.get(col.id)) for col in want.owned]
        mine = record[key] = {col.id: digest(row.get(col.id)) for col in want.owned}
        for cid in (cid for k, cid in typed_in if k == key):
            mine[cid] = BLANK  # kept as typed into a cell vc_sync leaves empty
        if r in fresh:  # a row of its own making: organisers' cells too (a recorded pick)
            cells += [(columns[col.id], row.get(col.id)) for col in want.inputs]
            plan.writes += [Write(r, c, v) for c, v in cells if not blank(v)]
            continue
        rec = recorded.get(at_row.get(r, "")) if recorded is not None else None
        diff = []
        for col in want.owned:
            c, v = columns[col.id], row.get(col.id)
            now = grid.cell(r, c)
            if canonical(now) == canonical(v):
                continue
            if rec is not None and _typed_over_ours(rec, col.id, now):
                if col.id not in counted:
                    plan.theirs.append((r, c))
                    plan.would[(r, c)] = v
                    mine[col.id] = rec[col.id]
                    continue
                plan.written_back.append((r, c))
            diff.append(Write(r, c, v))
        if diff:
            plan.updated += 1
            plan.writes += diff
        else:
            plan.unchanged += 1
    plan.keyed = dict(place)
    if recorded is not None:  # rows kept as they are (gone from the log, another session's) keep theirs
        wanted_keys = set(record)
        record |= {
            k: dict(recorded[k]) for k in keyed if k in recorded and k not in wanted_keys and k not in gone
        }
        plan.record = record
    plan.readded = _typed_over(want, grid, header, columns, identity, set(place.values()), appended)
    plan.header = header

    blocked = [w for w in plan.writes if grid.is_blocked(w.row, w.col) and w.row != header]
    plan.writes = [w for w in plan.writes if not (w.row == header and grid.is_blocked(w.row, w.col))]
    if blocked:  # a merged header cell (a group title over several columns) is theirs to label
        plan.writes = [w for w in plan.writes if not grid.is_blocked(w.row, w.col)]
        plan.warnings.append(
            f"{plan.final_title}: {a1_ranges((w.row, w.col) for w in blocked)} merged or protected; "
            "not written (unmerge them to let vc_sync update them)"
        )
    plan.rows = max([next_row, header + 1, grid.last_row + 1, *(w.row + 1 for w in plan.writes)])
    plan.cols = max(columns.values()) + 1
    verify(plan, original)
    return plan


def _cell(value: Any) -> Any:
    return in_a_cell(value) if isinstance(value, str) else value


def _follow(op: RowOp, place: Mapping[str, int]) -> dict[str, int]:
    """Rows of ``place`` where ``op`` puts them (none of them is deleted by it)."""
    return {k: moved for k, r in place.items() if (moved := op.row(r)) is not None}


def _record(grid: Grid, r: int, columns: Mapping[str, int]) -> dict[str, Any]:
    return {cid: grid.cell(r, c) for cid, c in columns.items()}


def _holds_input(want: Tab, grid: Grid, r: int, columns: Mapping[str, int]) -> bool:
    """Whether row ``r`` holds something in a column organisers fill (a pick cell)."""
    return any(grid.filled(r, columns[c.id]) for c in want.inputs)


def _their_cells(want: Tab, grid: Grid, r: int, header: int, columns: Mapping[str, int]) -> list[str]:
    """The organisers' filled cells of row ``r`` outside vc_sync's and the pick columns, named
    by their column's header (or letter)."""
    ours = {columns[c.id] for c in (*want.owned, *want.inputs)}
    values = grid.values[r] if r < len(grid.values) else ()
    return [
        str(grid.cell(header, c) or "").strip() or a1(c)
        for c, v in enumerate(values)
        if c not in ours and not blank(v)
    ]


def _wholly_ours(want: Tab, grid: Grid, r: int, columns: Mapping[str, int]) -> bool:
    """Whether row ``r`` holds nothing but vc_sync's cells (no organiser's cell, no pick)."""
    owned = {columns[c.id] for c in want.owned}
    return all(
        c in owned for c, v in enumerate(grid.values[r] if r < len(grid.values) else ()) if not blank(v)
    )


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
    ours: set[int],
    appended: list[Mapping[str, Any]],
) -> list[int]:
    """Rows of the grid an appended row once was: same content, key cell typed over."""
    if not identity or not appended:
        return []
    by_sig: dict[tuple[str, ...], int] = {}
    for r in range(header + 1, len(grid.values)):
        if r in ours or want.owns_key(grid.cell(r, columns[KEY])):
            continue
        sig = _signature(grid.cell(r, columns[c]) for c in identity)
        if sig is not None:
            by_sig.setdefault(sig, r)
    out = []
    for row in appended:
        sig = _signature(row.get(c) for c in identity)
        if sig is not None and sig in by_sig:
            out.append(by_sig.pop(sig) + 1)
    return sorted(out)


# --- the safety net -----------------------------------------------------------------------------


def verify(plan: TabPlan, grid: Grid) -> None:
    """Every row change and write lands on vc_sync's own rows and cells: rows it deletes or
    moves are its own (a deleted one holds nothing of an organiser's); cells it writes are its
    columns on its keyed rows or its header, rows it inserted, or cells beyond everything used
    (on a row it adds, organisers' columns too: a recorded pick shown where it was made).
    Checked by replaying the plan on the grid, not from how the plan was made."""
    want = plan.tab
    cols = plan.columns
    title = plan.final_title

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
    key_fresh = key_col > grid.last_col

    def ours(g: Grid, chosen: Mapping[str, int] | None = None) -> set[int]:
        """Rows holding a key of vc_sync's (of several holding one key, the first, or the one
        the plan chose among them)."""
        rows: set[int] = set()
        holding: dict[str, list[int]] = {}
        for r in range(len(g.values)):
            value = g.cell(r, key_col)
            if r != plan.header and want.owns_key(value):
                holding.setdefault(str(value).strip(), []).append(r)
            elif want.exclusive and r != plan.header:
                rows.add(r)
        for key, at in holding.items():
            pick = (chosen or {}).get(key)
            rows.add(pick if pick in at else at[0])
        return rows

    fresh: set[int] = set()
    recovered = set(plan.keyed.values()) if key_fresh else set()
    header = grid.header
    for op in plan.ops:
        mine = ours(grid) | recovered
        if op.kind == "delete":
            for r in range(op.at, op.at + op.n):
                if r not in mine or not all(
                    c in owned
                    for c, v in enumerate(grid.values[r] if r < len(grid.values) else ())
                    if not blank(v)
                ):
                    fail(f"would delete row {r + 1}, which holds cells that are not vc_sync's")
        elif op.kind == "move" and op.at not in mine:
            fail(f"would move row {op.at + 1}, which is not vc_sync's")
        if header is not None and op.kind != "insert" and op.at == header:
            fail("would delete or move its header row")
        fresh = {x for f in fresh if (x := op.row(f)) is not None}
        recovered = {x for f in recovered if (x := op.row(f)) is not None}
        if header is not None:
            header = op.row(header)
        if op.kind == "insert":
            fresh |= set(range(op.at, op.at + op.n))
        grid = grid.after(op)
    mine = ours(grid, plan.keyed) | recovered
    fresh_row, fresh_col = grid.last_row + 1, grid.last_col + 1
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
        added = w.row in fresh or w.row >= fresh_row  # inserted or appended by this plan
        if w.col in inputs and not added:
            fail(f"would write {where}, in a column organisers fill")
        if w.row in mine or added or w.col >= fresh_col:
            continue
        fail(f"would write {where}, on a row that is not vc_sync's")


def applied(grid: Grid | None, plan: TabPlan) -> Grid:
    """The tab as it is once ``plan`` is applied: what the next session of the same run plans
    against, without reading the output again."""
    g = Grid(plan.title) if grid is None or plan.create else grid
    for op in plan.ops:
        g = g.after(op)
    rows = [list(r) for r in g.values]
    for w in plan.writes:
        while len(rows) <= w.row:
            rows.append([])
        row = rows[w.row]
        while len(row) <= w.col:
            row.append(None)
        row[w.col] = None if blank(w.value) else w.value
    return Grid(
        plan.final_title,
        tuple(tuple(r) for r in rows),
        plan.tab.id,
        plan.header,
        dict(plan.columns),
        g.blocked,
        g.merged,
    )
