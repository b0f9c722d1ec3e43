"""What every output does with a result: find its tabs, read what they hold, plan the writes,
and read organisers' choices back. The sheet and the workbook apply the same plans, so they
cannot drift apart."""

from __future__ import annotations

import contextlib
import dataclasses
import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from vc_sync.keys import CONNECTION, invitee_key, of_invitee_choice, of_review, of_synced_info
from vc_sync.kinds import OverrideSource, PickedIn, Refusal, Status
from vc_sync.model import Override
from vc_sync.outputs.grid import Grid, a1_ranges
from vc_sync.outputs.layout import (
    CHOICES,
    INFO,
    PICK_COLUMNS,
    REVIEW,
    SUMMARY,
    Context,
    TabRef,
    choices_tab,
    info_tab,
    parse_choice,
    review_rows,
    review_tab,
    session_ref,
    session_rows,
    session_tab,
    summary_tab,
    tab_refs,
    typed,
)
from vc_sync.outputs.plan import TabPlan, _keyed_rows, adoptable, applied, canonical, locate, plan_tab
from vc_sync.outputs.tabs import ALIASES, KEY, Tab
from vc_sync.outputs.words import status_code, words_of
from vc_sync.reconcile import Result
from vc_sync.terminal import shorten


@dataclass
class Plan:
    """Every tab's writes for one session's sync, in the order new tabs are placed."""

    session: str
    tabs: list[TabPlan]
    order: list[str] = field(default_factory=list)  # tab ids of the whole programme
    programme: str = ""  # its name, for printed pages
    chart_title: str = ""

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tabs)

    @property
    def warnings(self) -> list[str]:
        return [w for t in self.tabs for w in t.warnings]

    def lines(self) -> list[str]:
        return [t.summary() for t in self.tabs]


def resolve(
    refs: Sequence[TabRef], sheets: Sequence[tuple[str, str | None]]
) -> tuple[dict[str, int], list[str]]:
    """Which existing sheet (by position) is each of vc_sync's tabs: the one anchored as it,
    else one with its title (in any language) and no anchor (written by an older version).
    Also warnings."""
    found: dict[str, int] = {}
    warnings: list[str] = []
    for i, (title, anchor) in enumerate(sheets):
        if anchor is None:
            continue
        if anchor in found:
            warnings.append(
                f"tabs {sheets[found[anchor]][0]!r} and {title!r} are both vc_sync's {anchor!r} "
                f"(a copied tab?); vc_sync writes {sheets[found[anchor]][0]!r} only"
            )
        else:
            found[anchor] = i
    for ref in refs:
        if ref.id in found:
            continue
        names = {t.casefold() for t in (ref.title, *ref.aliases)}
        for i, (title, anchor) in enumerate(sheets):
            if anchor is None and title.casefold() in names and i not in found.values():
                found[ref.id] = i
                break
    return {r.id: found[r.id] for r in refs if r.id in found}, warnings


OTHERS = "#another programme's"  # the anchor of a tab another programme's prefix owns


def scoped(tab_id: str, prefix: str) -> str:
    """A tab id as an output's anchor holds it: a programme with its own tabs (``prefix``) writes
    ``B/session:S1``; tab ids never hold '/'."""
    return f"{prefix}/{tab_id}" if prefix else tab_id


def unscoped(value: str, prefix: str) -> str:
    """The tab id an anchor holds for this programme, or ``OTHERS``: another's, never adopted."""
    if prefix:
        return value[len(prefix) + 1 :] if value.startswith(prefix + "/") else OTHERS
    return OTHERS if "/" in value else value


def position(placed: Sequence[str | None], order: Sequence[str], tab_id: str) -> int:
    """Where a new tab goes among the sheets (their vc_sync tab ids, None for organisers'):
    after the nearest of vc_sync's tabs that comes before it (and the organisers' tabs right
    after that one), else before the first that comes after it, else at the end: beside its
    siblings wherever organisers dragged the others ('Session S2' after 'Session S1' when
    Review was moved to the front)."""
    mine = order.index(tab_id) if tab_id in order else len(order)
    rank = {t: order.index(t) for t in placed if t in order}
    before = [i for i, t in enumerate(placed) if t in rank and rank[t] < mine]
    if before:
        at = max(before, key=lambda i: rank[placed[i]]) + 1
        while at < len(placed) and placed[at] not in rank:
            at += 1
        return at
    after = [i for i, t in enumerate(placed) if t in rank and rank[t] > mine]
    return min(after) if after else len(placed)


def pick_columns_beside(grids: Mapping[str, Grid], plan: Plan) -> Iterator[tuple[str, Grid, list[int]]]:
    """The tabs found that ``plan`` does not write, whose header is known, each with where its
    organisers' pick columns are: their dropdowns follow a Choices tab made again."""
    planned = {t.tab.id for t in plan.tabs}
    for tab_id, grid in grids.items():
        if tab_id not in planned and grid.header is not None:
            yield tab_id, grid, [grid.columns[c] for c in PICK_COLUMNS if c in grid.columns]


def unique_title(title: str, taken: Sequence[str]) -> str:
    """``title``, or ``title (2)``… when another tab has it."""
    names = {t.casefold() for t in taken}
    if title.casefold() not in names:
        return title
    n = 2
    while f"{title} ({n})".casefold() in names:
        n += 1
    return f"{title} ({n})"


_READ: weakref.WeakKeyDictionary[Grid, dict[tuple[str, str], list[dict[str, Any]]]] = (
    weakref.WeakKeyDictionary()
)


def records(want: Tab, grid: Grid | None) -> list[dict[str, Any]]:
    """vc_sync's rows of a tab as it holds them now, by column id, with ``row`` (1-based). A
    grid does not change once read (a run's next grids are new ones), so each is read once."""
    if grid is None:
        return []
    seen = _READ.setdefault(grid, {})
    key = (want.id, want.title)
    if key not in seen:
        seen[key] = _records(want, grid)
    return seen[key]


def located_columns(want: Tab, grid: Grid) -> dict[str, int]:
    """Where vc_sync's columns of a tab are found now, by column id (read once per grid)."""
    seen = _READ.setdefault(grid, {})
    key = (want.id, want.title + "\0columns")
    if key not in seen:
        seen[key] = [dict(locate(want, grid).columns) if adoptable(want, grid) else {}]
    return seen[key][0]


def _records(want: Tab, grid: Grid) -> list[dict[str, Any]]:
    if not adoptable(want, grid):
        return []
    found = locate(want, grid)
    if KEY not in found.columns:
        return []
    rows = _keyed_rows(want, grid, found.header, found.columns[KEY])
    return [
        {cid: grid.cell(r, c) for cid, c in found.columns.items()} | {KEY: key, "row": r + 1}
        for key, r in sorted(rows.items(), key=lambda kv: kv[1])
    ]


def offered_before(ctx: Context, grids: Mapping[str, Grid]) -> list[tuple[str, str]]:
    """(invitee id, dropdown entry) as the Choices tab holds them before this sync: what an
    earlier sync offered (one of a version or a machine whose state store does not say so)."""
    out = []
    for rec in records(choices_tab(ctx), grids.get(CHOICES)):
        inv = of_invitee_choice(str(rec[KEY]))
        if inv:
            out.append((inv, str(rec.get("choice") or "").strip()))
    return out


def session_records(
    ctx: Context, grids: Mapping[str, Grid], only: str | None = None
) -> dict[str, list[dict[str, Any]] | None]:
    """Each session tab's rows as it is now (or only ``only``'s); None for a session whose tab
    does not exist yet."""
    out: dict[str, list[dict[str, Any]] | None] = {}
    for s in [only] if only else ctx.session_ids:
        grid = grids.get(session_ref(ctx.words, s).id)
        tab = session_tab(ctx, s)
        out[s] = None if grid is None or not adoptable(tab, grid) else records(tab, grid)
    return out


def build_plan(
    ctx: Context,
    result: Result,
    grids: Mapping[str, Grid],
    decided: Mapping[str, Override] | None = None,
    force: bool = False,
    now: str = "",
) -> Plan:
    """Every tab's plan for one session's sync. ``decided``: connection key -> the organisers'
    decision about it; ``now``: when this sync ran, as the About tab shows it."""
    own = session_plan(ctx, result, grids, decided, force)
    after = {**grids, **{t.tab.id: applied(grids.get(t.tab.id), t) for t in own.tabs}}
    changed = {result.session} if own.changed else set()
    return joined(own, shared_plan(ctx, after, [result.session], changed, now))


def session_plan(
    ctx: Context,
    result: Result,
    grids: Mapping[str, Grid],
    decided: Mapping[str, Override] | None = None,
    force: bool = False,
    refused: Mapping[tuple[str, str], tuple[str, dict[str, Any]]] | None = None,
    choices: bool = True,
    recorded: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None,
) -> Plan:
    """The plans of one session's own tabs (its session tab, Review, Choices). ``refused``:
    picks that named nothing, shown on their Review rows; ``choices``: false when an earlier
    session of the run planned the Choices tab (the outputs keep that plan for the dropdowns
    of later sessions' tabs); ``recorded``: what vc_sync last wrote in the session and review
    tabs' cells, by tab id (see ``plan_tab``)."""
    sid = result.session
    grid = grids.get(session_ref(ctx.words, sid).id)
    kept = [str(r[KEY]) for r in _retired(ctx, sid, grid, (decided or {}).values())]
    holding = _dropped_pick_rows(ctx, sid, grid, (decided or {}).values())
    kept += holding
    mine = session_tab(ctx, sid, session_rows(ctx, result, decided, kept))
    if force and holding:  # --force leaves a dropped invitee's row whose cell made a pick: the pick
        # lives there (clear it to undo it, and the next --force removes the row)
        scope = mine.scope
        mine = dataclasses.replace(mine, scope=lambda key: scope(key) and key not in holding)
    if not force:  # someone who attended and is now missing from the log vanished: keep the row
        here = {c for p in result.participants for c in p.connections}
        before = {str(r[KEY]): r for r in session_records(ctx, grids, only=sid).get(sid) or ()}

        def vanished(row: Mapping[str, Any]) -> bool:
            old = before.get(str(row[KEY]))
            if old is None or status_code(row.get("status")) != Status.ABSENT:
                return False
            gone = not set(_conns(old)) & here
            return status_code(old.get("status")) not in (None, Status.ABSENT) and gone

        mine = dataclasses.replace(mine, rows=tuple(r for r in mine.rows if not vanished(r)))
    review = review_tab(ctx, review_rows(ctx, result, decided or {}, refused or {}), sid)
    recorded = recorded or {}
    plans = {
        mine.id: _planned(
            mine,
            grids.get(mine.id),
            force,
            SESSION_EVIDENCE,
            ctx.words("col.override"),  # as the tab's header says it
            recorded.get(mine.id),
            SESSION_COUNTED,
        ),
        # the session's open rows are a worklist: one whose participant is placed now (a roster
        # corrected, a log changed) is done, not "kept"
        REVIEW: _planned(
            review, grids.get(REVIEW), True, REVIEW_EVIDENCE, ctx.words("col.assign"), recorded.get(REVIEW)
        ),
    }
    if choices:
        plans[CHOICES] = plan_tab(choices_tab(ctx), grids.get(CHOICES), force=True)
    return _ordered(ctx, sid, plans)


# what a row says vc_sync found: a session tab's, the review tab's
SESSION_EVIDENCE = (KEY, "invitee", "connections", "status", "method")
REVIEW_EVIDENCE = (KEY, "session", "state")
# the columns vc_sync reads back to tell who a row is and what it counts (the Summary counts a
# session tab's rows by agency and status): a value typed over one is written back, and said
SESSION_COUNTED = (*SESSION_EVIDENCE, "agency")


def _planned(
    want: Tab,
    grid: Grid | None,
    force: bool,
    evidence: Sequence[str],
    pick: str,
    recorded: Mapping[str, Mapping[str, str]] | None = None,
    counted: Sequence[str] = (),
) -> TabPlan:
    """``plan_tab`` with the record of what vc_sync last wrote in the tab (``recorded``; without
    one, what organisers typed into cells vc_sync leaves empty is kept while the row says what
    vc_sync found), naming organisers' values kept, and those typed over ``counted`` cells and
    written back, in one warning each (``pick`` is the column that says who a row is)."""
    counted = counted or evidence
    want, typed_in, typed = _as_found(want, grid, evidence, recorded or {})
    plan = plan_tab(want, grid, force=force, recorded=recorded or {}, counted=counted, typed=typed)
    for op in plan.ops:  # the cells as they are once the sync's row changes are applied
        typed_in = [(r, c) for r0, c in typed_in if (r := op.row(r0)) is not None]
    kept = sorted({*typed_in, *plan.theirs})
    if kept:
        plan.warnings.append(
            f"{plan.final_title}: {a1_ranges(kept)} kept as you typed them (vc_sync reads nothing from "
            f"them: who a row is and what it counts, say in {pick}); clear them to let vc_sync write "
            f"them again{_would(plan)}, or keep notes in a column of your own"
        )
    _say_written_back(plan, f"who a row is and what it counts are not read from typed text: say it in {pick}")
    return plan


def _say_written_back(plan: TabPlan, why: str) -> None:
    """The warning naming the cells of vc_sync's an organiser typed over and it wrote back."""
    if plan.written_back:
        plan.warnings.append(
            f"{plan.final_title}: {a1_ranges(plan.written_back)} written back as vc_sync found them ({why})"
        )


def _would(plan: TabPlan) -> str:
    """What vc_sync would have written over the organisers' values, when that is short to say
    and shows as it is (a few cells, plain text: a display name may hold anything)."""
    would = plan.would
    if not would or len(would) > 3:
        return ""
    said = []
    for (r, c), value in sorted(would.items()):
        text = "" if value is None else str(value)
        if len(text) > 40 or shorten(text, 40) != text or any(not ch.isprintable() for ch in text):
            return ""
        said.append(f"{a1_ranges([(r, c)])} {text!r}" if text else f"{a1_ranges([(r, c)])} nothing")
    return f" (it would write: {', '.join(said)})"


def _conns(row: Mapping[str, Any]) -> list[str]:
    """The connections a row's Connections cell lists."""
    return [c.strip() for c in str(row.get("connections") or "").split(";") if c.strip()]


def _as_found(
    tab: Tab, grid: Grid | None, evidence: Sequence[str], recorded: Mapping[str, Any] | None = None
) -> tuple[Tab, list[tuple[int, int]], list[tuple[str, str]]]:
    """A tab's wanted rows, seen against the tab as it is (its rows as vc_sync last wrote them,
    and organisers' values in its cells), and the cells (0-based) kept as typed, also by (row
    key, column). A row ``recorded`` holds is left to ``plan_tab``'s three-way comparison.

    - A row of vc_sync's no wanted row has (an invitee the roster dropped, or whose derived id
      changed) whose connections a wanted row now holds becomes that row (the first of them):
      each connection on one row, the organisers' cells on it kept.
    - A value an organiser typed into a cell vc_sync leaves empty, on a row that still says
      what vc_sync found (``evidence``: on a session tab the same key, invitee, connections,
      status and method), is kept: vc_sync would otherwise erase it. When what vc_sync found
      changes, it writes the row anew."""
    found = records(tab, grid)
    if not found or grid is None:
        return tab, [], []
    recorded = recorded or {}
    columns = located_columns(tab, grid)
    copied = Counter(str(grid.cell(r, columns[KEY]) or "").strip() for r in range(len(grid.values)))
    by_key = {str(f[KEY]): f for f in found if copied[str(f[KEY])] == 1}  # a copied row: theirs
    wanted = {str(r[KEY]) for r in tab.rows}
    holder: dict[str, int] = {}
    for i, row in enumerate(tab.rows):
        for c in _conns(row):
            holder.setdefault(c, i)
    takes: dict[int, list[str]] = defaultdict(list)
    for key, prior in by_key.items():
        hit = [holder[c] for c in _conns(prior) if c in holder]
        if key not in wanted and not CONNECTION.fullmatch(key) and hit:
            takes[min(hit)].append(key)
    skip = {*evidence, *(c.id for c in tab.inputs)}
    kept: list[tuple[int, int]] = []
    typed: list[tuple[str, str]] = []
    rows: list[Mapping[str, Any]] = []
    for i, row in enumerate(tab.rows):
        if i in takes:
            row = {**row, ALIASES: (*row.get(ALIASES, ()), *takes[i])}
        rec = by_key.get(str(row[KEY]))
        moving = any(a in by_key and a not in wanted for a in row.get(ALIASES, ()))
        if rec is not None and str(rec[KEY]) in recorded:
            pass  # vc_sync knows what it wrote there
        elif rec is not None and not moving and _says_the_same(row, rec, evidence):
            typed_here = {
                c.id: rec[c.id]
                for c in tab.owned
                if c.id not in skip
                and c.id in columns
                and _blank(row.get(c.id))
                and not _blank(rec.get(c.id))
            }
            if typed_here:
                row = {**row, **typed_here}
                kept += [(int(rec["row"]) - 1, columns[cid]) for cid in typed_here]
                typed += [(str(row[KEY]), cid) for cid in typed_here]
        elif (
            rec is None
            and (old := _taken_in_place(row, by_key, wanted)) is not None
            and str(old[KEY]) not in recorded
        ):
            typed_here = {
                cid: old[cid]
                for cid in LOGGED
                if cid in columns and _blank(row.get(cid)) and not _blank(old.get(cid))
            }
            if typed_here:
                row = {**row, **typed_here}
                kept += [(int(old["row"]) - 1, columns[cid]) for cid in typed_here]
                typed += [(str(row[KEY]), cid) for cid in typed_here]
        rows.append(row)
    return dataclasses.replace(tab, rows=tuple(rows)), kept, typed


# the columns a session tab's row takes from the log of its connections alone
LOGGED = ("display_names", "email", "first_join", "last_leave")


def _taken_in_place(
    row: Mapping[str, Any], by_key: Mapping[str, Mapping[str, Any]], wanted: set[str]
) -> Mapping[str, Any] | None:
    """The one row of vc_sync's that ``row`` takes over in place under another key, holding the
    same connections, when no organiser's pick moved them (the roster dropped the invitee whose
    row it was, or took them back): what the log says of those connections is the same, so a
    value in a column vc_sync takes from the log alone and leaves empty was typed there."""
    olds = [by_key[a] for a in row.get(ALIASES, ()) if a in by_key and a not in wanted]
    if len(olds) != 1 or not _conns(row) or sorted(_conns(row)) != sorted(_conns(olds[0])):
        return None
    picked = {"override"}
    if canonical(row.get("method")) in picked or canonical(olds[0].get("method")) in picked:
        return None
    return olds[0]


def _blank(value: Any) -> bool:
    return canonical(value) == ""


def _says_the_same(row: Mapping[str, Any], rec: Mapping[str, Any], evidence: Sequence[str]) -> bool:
    """Whether a row as vc_sync last wrote it says what vc_sync found now (a status in either
    language)."""

    def same(c: str) -> bool:
        if c == "connections":
            return sorted(_conns(row)) == sorted(_conns(rec))
        if c == "status":
            return status_code(row.get(c)) == status_code(rec.get(c))
        return canonical(row.get(c)) == canonical(rec.get(c))

    return all(same(c) for c in evidence)


def shared_plan(
    ctx: Context,
    grids: Mapping[str, Grid],
    synced: Sequence[str],
    changed: set[str],
    now: str,
    recorded: Mapping[str, Mapping[str, Mapping[str, str]]] | None = None,
) -> Plan:
    """The plans of the tabs every session feeds (Summary, About), from the session tabs as
    ``grids`` hold them: made once per run, however many sessions it synced. ``synced``: the
    sessions of this run; ``changed``: those whose own tabs changed (their time is stamped)."""
    sessions = session_records(ctx, grids)
    summary = _rewritten(
        summary_tab(ctx, sessions),
        grids.get(SUMMARY),
        (recorded or {}).get(SUMMARY, {}),
        f"it counts the session tabs' rows: who a row is, say in {ctx.words('col.override')} or "
        f"{ctx.words('col.assign')}",
    )
    pending = words_of("info.not_synced")
    stamps = {
        sid: str(r.get("value") or "")
        for r in records(info_tab(ctx, sessions, {}), grids.get(INFO))
        if (sid := of_synced_info(str(r[KEY]))) is not None and str(r.get("value") or "") not in pending
    }
    for sid in synced:
        if sid in changed or sid not in stamps:
            stamps[sid] = now
    info = _rewritten(
        info_tab(ctx, sessions, {s: v for s, v in stamps.items() if v}),
        grids.get(INFO),
        (recorded or {}).get(INFO, {}),
        "it describes the programme as configured: keep notes in a column of your own",
    )
    plans = {SUMMARY: summary, INFO: info}
    for sid in ctx.session_ids:  # tabs of sessions not synced now, still in another language
        ref = session_ref(ctx.words, sid)
        grid = grids.get(ref.id)
        if sid not in synced and grid is not None and grid.title != ref.title and grid.title in ref.aliases:
            rows = _in_language(ctx, sessions.get(sid) or ())
            before = (recorded or {}).get(ref.id, {})
            plan = plans[ref.id] = plan_tab(
                session_tab(ctx, sid, rows), grid, recorded=before, counted=SESSION_COUNTED
            )
            for key, rec in (plan.record or {}).items():  # only the statuses are written: the rest,
                # as read, may be organisers' values; what vc_sync wrote there stays on record
                rec |= {c: d for c, d in before.get(key, {}).items() if c != "status"}
    return _ordered(ctx, synced[-1] if synced else "", plans)


def _rewritten(want: Tab, grid: Grid | None, recorded: Mapping[str, Mapping[str, str]], why: str) -> TabPlan:
    """A tab vc_sync derives whole (Summary, About): every cell of its columns is written as it
    finds it, and a value an organiser typed over one is named once, saying ``why``."""
    plan = plan_tab(want, grid, force=True, recorded=recorded, counted=[c.id for c in want.columns])
    _say_written_back(plan, why)
    return plan


def _in_language(ctx: Context, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A session tab's rows as read, their statuses said in the programme's language (the
    rest as they are: the session is not synced in this run)."""
    out = []
    for rec in rows:
        row = {k: v for k, v in rec.items() if k != "row"}
        if (code := status_code(row.get("status"))) is not None:
            row["status"] = ctx.words.status(code)
        out.append(row)
    return out


def joined(*plans: Plan) -> Plan:
    """Plans of one run as one, its tabs in the programme's order (for reporting)."""
    order = plans[0].order
    tabs = sorted((t for p in plans for t in p.tabs), key=lambda t: order.index(t.tab.id))
    return dataclasses.replace(plans[0], tabs=tabs)


def _ordered(ctx: Context, sid: str, plans: Mapping[str, TabPlan]) -> Plan:
    order = [r.id for r in tab_refs(ctx.words, ctx.session_ids)]
    return Plan(sid, [plans[t] for t in order if t in plans], order, ctx.name, ctx.words("chart.title"))


@dataclass
class Picks:
    """Organisers' choices in the sheet: picks by (connection, session), the connections whose
    pick cells were found empty, with where (a pick cleared where it was made is undone), and
    warnings."""

    picked: dict[tuple[str, str], Override] = field(default_factory=dict)
    cleared: set[tuple[str, str, PickedIn]] = field(default_factory=set)
    # the rows whose pick cell was found empty, by (session, place, row key)
    cleared_rows: set[tuple[str, PickedIn, str]] = field(default_factory=set)
    # pick cells on rows holding no connection (a pick moved them away): the cell's target, and
    # where it is for the warning said when no recorded pick was made there either
    unplaced: dict[tuple[str, PickedIn, str], tuple[str | None, str, str]] = field(default_factory=dict)
    # the connections one cell picked together, by (connection, session): a session tab's row
    together: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # picks that name nothing, by (connection, session): why, to show on the Review row
    refused: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)
    # what each filled pick cell names (None: nothing), by (session, place, row key), and the
    # cell holding each connection, by (connection, session, place)
    said: dict[tuple[str, PickedIn, str], str | None] = field(default_factory=dict)
    holds: dict[tuple[str, str, PickedIn], tuple[str, PickedIn, str]] = field(default_factory=dict)
    # superseded cells saying what they said when their pick was made elsewhere: they pick
    # nothing; by the cell as it is now: the superseded cell as recorded, where, what is typed
    quiet: dict[tuple[str, PickedIn, str], tuple[tuple[str, PickedIn, str], str, str]] = field(
        default_factory=dict
    )
    # the target of the pick recorded from each cell, by (session, place, row key)
    made: dict[tuple[str, PickedIn, str], str] = field(default_factory=dict)

    def add(self, other: Picks) -> None:
        for key, o in other.picked.items():
            self._pick(key, o)
        self.cleared |= other.cleared
        self.cleared_rows |= other.cleared_rows
        self.unplaced |= other.unplaced
        self.together |= other.together
        self.warnings += other.warnings
        self.refused |= other.refused
        self.said |= other.said
        self.holds |= other.holds
        self.quiet |= other.quiet

    def _pick(self, key: tuple[str, str], o: Override) -> None:
        old = self.picked.get(key)
        if old is not None and old.target != o.target:
            self.warnings.append(
                f"{o.where}: {key[0]} is also picked as {old.target!r} ({old.where}); the first pick stands"
            )
            return
        self.picked.setdefault(key, o)


Cell = tuple[str, PickedIn, str]  # a pick cell: (session, place, row key or a connection of its row)


def read_choices(
    ctx: Context,
    grids: Mapping[str, Grid],
    quiet: Mapping[Cell, str] | None = None,
    recorded: Sequence[Override] = (),
) -> Picks:
    """Organisers' picks in the review tab's Assign column and the session tabs' Override column,
    bound to the connections of the row they were made on (never to a display name). ``quiet``:
    superseded cells, by (session, place, row), and what they said: saying it still, they pick
    nothing. The rows ``recorded`` picks were made on are read too when their key is no longer
    one of vc_sync's (an invitee since removed from the roster): there, they are undone; and a
    cell still holding a dropdown entry from before the roster renamed its invitee is the pick
    recorded from it."""
    out = Picks(made={o.cell: o.target for o in recorded if o.source == OverrideSource.PICK and o.picked_row})
    quiet = quiet or {}
    review = grids.get(REVIEW)
    for rec in records(review_tab(ctx), review):
        session, conn = of_review(str(rec[KEY]))
        where = _where(review, rec, "display_names")  # type: ignore[arg-type]
        _one(ctx, out, rec.get("assign"), [conn], session, where, (PickedIn.REVIEW, str(rec[KEY])), quiet)
    for sid in ctx.session_ids:
        grid = grids.get(session_ref(ctx.words, sid).id)
        for rec in records(session_tab(ctx, sid), grid) + _retired(ctx, sid, grid, recorded):
            conns = _conns(rec)
            if not conns and CONNECTION.fullmatch(str(rec[KEY])):
                conns = [str(rec[KEY])]
            where = _where(grid, rec, "name", "display_names")  # type: ignore[arg-type]
            made = (PickedIn.SESSION, str(rec[KEY]).strip())
            _one(ctx, out, rec.get("override"), conns, sid, where, made, quiet)
    return out


def _retired(ctx: Context, sid: str, grid: Grid | None, recorded: Iterable[Override]) -> list[dict[str, Any]]:
    """The rows of a session tab on which ``recorded`` picks were made whose key is no longer
    vc_sync's (an invitee since removed from the roster: vc_sync leaves the row to the
    organisers), as ``records`` reads rows."""
    gone = {row for row in _picked_rows(sid, recorded) if not ctx.participant_keys.fullmatch(row)}
    if grid is None or not gone:
        return []
    tab = dataclasses.replace(session_tab(ctx, sid), ours=re.compile("|".join(map(re.escape, sorted(gone)))))
    return _records(tab, grid)  # not cached: ``records`` keeps one reading per tab id


def _dropped_pick_rows(ctx: Context, sid: str, grid: Grid | None, recorded: Iterable[Override]) -> list[str]:
    """The rows still on a session tab, keyed by an invitee the roster has dropped (vc_sync keeps
    them, its own), on which ``recorded`` picks were made: the pick is there, in its cell, and
    is not shown again on its connection's row."""
    on_roster = {invitee_key(i.id) for i in ctx.roster.invitees}
    made = {r for r in _picked_rows(sid, recorded) if r.startswith(invitee_key("")) and r not in on_roster}
    if grid is None or not made:
        return []
    return sorted(made & {str(r[KEY]) for r in records(session_tab(ctx, sid), grid)})


def _picked_rows(sid: str, recorded: Iterable[Override]) -> set[str]:
    """The keys of the session tab's rows on which ``recorded`` picks of ``sid`` were made."""
    return {
        o.picked_row
        for o in recorded
        if o.source == OverrideSource.PICK
        and o.session == sid
        and o.picked_in == PickedIn.SESSION
        and o.picked_row
    }


def _where(grid: Grid, rec: Mapping[str, Any], *labels: str) -> str:
    """A pick's row as a warning names it: tab, row as read, and whom it is about (rows may
    move by the time the organiser looks, a name does not)."""
    who = next((str(rec[k]).strip() for k in labels if str(rec.get(k) or "").strip()), "")
    return f"{grid.title}: row {rec['row']}" + (f" ({shorten(who, 60)})" if who else "")


def _one(
    ctx: Context,
    out: Picks,
    cell: Any,
    conns: list[str],
    session: str,
    where: str,
    made: tuple[PickedIn, str],
    quiet: Mapping[Cell, str],
) -> None:
    """One pick cell: ``made`` is where it is (the tab, the row's key)."""
    place, row = made
    conns = [c for c in conns if CONNECTION.fullmatch(c)]
    choice = typed(cell)
    if session not in ctx.session_ids:
        if choice:
            out.warnings.append(f"{where}: {choice!r} cannot be applied to this row; skipped")
        return
    if not choice:  # a pick made on this row, or of its connections, is undone
        out.cleared_rows.add((session, place, row))
        out.cleared |= {(c, session, place) for c in conns}
        return
    target = parse_choice(choice, ctx.roster, ctx.names)
    if target is None:  # the row it was made on: by its key, or the row holding that connection
        before = {out.made.get((session, place, k)) for k in (row, *conns)}
        target = _former(ctx, choice, before)
    here = (session, place, row)
    out.said[here] = target
    out.holds |= {(c, session, place): here for c in conns}
    was = next((k for k in (here, *((session, place, c) for c in conns)) if k in quiet), None)
    if was is not None and target is not None and quiet[was] == target:
        out.quiet[here] = (was, where, choice)  # its pick was made elsewhere since: it picks nothing
        return
    if not conns:  # the picks made here, if any (the sync warns when there are none)
        out.unplaced[here] = (target, where, choice)
        return
    if target is None:
        folded = " ".join(choice.split()).casefold()
        same = sum(1 for i in ctx.roster.invitees if " ".join(i.name.split()).casefold() == folded)
        why = (
            f"is the name of {same} invitees: pick one from the list"
            if same > 1
            else ("names no invitee, agency or ignore")
        )
        out.warnings.append(f"{where}: {choice!r} {why}; skipped")
        reason = (
            (Refusal.SEVERAL, {"choice": shorten(choice, 60), "n": same})
            if same > 1
            else (
                Refusal.UNKNOWN,
                {"choice": shorten(choice, 60)},
            )
        )
        out.refused |= {(c, session): reason for c in conns}
        return
    for c in conns:
        pick = Override(c, target, session, where, OverrideSource.PICK, picked_in=place, picked_row=row)
        out._pick((c, session), pick)
        if len(conns) > 1:
            out.together[(c, session)] = frozenset(conns)


def _former(ctx: Context, choice: str, recorded: set[str | None]) -> str | None:
    """The invitee a cell names by the dropdown entry an earlier sync offered for them (the roster
    has renamed them since), when it is the invitee the pick recorded from that cell names
    (``recorded``): the same pick, read silently. Any other text naming nothing stays refused."""
    ids = ctx.former_entries.get(" ".join(choice.split()).casefold(), frozenset())
    found = ids & recorded & {i.id for i in ctx.roster.invitees}
    return next(iter(found)) if len(found) == 1 else None


class Output(Protocol):
    """A place attendance is written. A run reads it once, stages each session's plan (the
    grids it returns are the tabs as they will be, for the next session to plan against) and
    writes everything staged once."""

    warnings: list[str]
    mark: str | None  # the mark of vc_sync's last write it holds, as read

    @property
    def identity(self) -> str:
        """The output as the state store knows it."""
        ...

    def read(self, refs: Sequence[TabRef]) -> dict[str, Grid]: ...

    def set_mark(self, mark: str) -> None:
        """Written with the next flush: the mark of this write."""
        ...

    def stage(self, plan: Plan) -> dict[str, Grid]: ...

    def flush(self) -> None: ...

    def hold(self) -> contextlib.AbstractContextManager[None]:
        """While writing: no other machine writes this output (the sheet's lease)."""
        ...
