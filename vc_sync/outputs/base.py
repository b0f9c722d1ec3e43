"""What every output does with a result: find its tabs, read what they hold, plan the writes,
and read organisers' choices back. The sheet and the workbook apply the same plans, so they
cannot drift apart."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from vc_sync.model import Override, Roster
from vc_sync.outputs.grid import Grid
from vc_sync.outputs.layout import (
    CHOICES,
    REVIEW,
    SUMMARY,
    TabRef,
    choices_tab,
    parse_choice,
    review_rows,
    review_tab,
    session_ref,
    session_rows,
    session_tab,
    summary_tab,
    tab_refs,
)
from vc_sync.outputs.plan import TabPlan, _keyed_rows, locate, plan_tab
from vc_sync.outputs.tabs import KEY, Tab
from vc_sync.reconcile import Result


@dataclass
class Plan:
    """Every tab's writes for one session's sync, in the order new tabs are placed."""

    session: str
    tabs: list[TabPlan]
    order: list[str] = field(default_factory=list)  # tab ids of the whole programme

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
    else one with its title and no anchor (written by an older version). Also warnings."""
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


def unique_title(title: str, taken: Sequence[str]) -> str:
    """``title``, or ``title (2)``… when another tab has it."""
    names = {t.casefold() for t in taken}
    if title.casefold() not in names:
        return title
    n = 2
    while f"{title} ({n})".casefold() in names:
        n += 1
    return f"{title} ({n})"


def position(placed: Sequence[str | None], order: Sequence[str], tab_id: str) -> int:
    """Where a new tab goes among the sheets (their vc_sync tab ids, None for organisers'):
    before the first of vc_sync's tabs that comes after it, else at the end."""
    mine = order.index(tab_id) if tab_id in order else len(order)
    for i, other in enumerate(placed):
        if other in order and order.index(other) > mine:
            return i
    return len(placed)


def records(want: Tab, grid: Grid | None) -> list[dict[str, Any]]:
    """vc_sync's rows of a tab as it holds them now, by column id, with ``row`` (1-based)."""
    if grid is None:
        return []
    found = locate(want, grid)
    if KEY not in found.columns:
        return []
    rows = _keyed_rows(want, grid, found.header, found.columns[KEY])
    return [
        {cid: grid.cell(r, c) for cid, c in found.columns.items()} | {"row": r + 1}
        for r in sorted(rows.values())
    ]


def build_plan(
    result: Result,
    tz: str,
    roster: Roster,
    session_ids: Sequence[str],
    grids: Mapping[str, Grid],
    force: bool = False,
) -> Plan:
    sid = result.session
    mine = session_tab(sid, session_rows(result, tz, roster))
    if not force:  # someone who attended and is now missing from the log vanished: keep the row
        before = {str(r[KEY]): r.get("status") for r in records(mine, grids.get(mine.id))}
        mine = dataclasses.replace(
            mine,
            rows=tuple(
                r
                for r in mine.rows
                if not (r.get("status") == "absent" and before.get(str(r[KEY]), "absent") != "absent")
            ),
        )
    sessions: dict[str, list[Mapping[str, Any]]] = {}
    for s in session_ids:
        if s == sid:
            sessions[s] = list(mine.rows)
        else:
            sessions[s] = records(session_tab(s), grids.get(session_ref(s).id))
    plans = [
        plan_tab(summary_tab(session_ids, sessions), grids.get(SUMMARY), force=True),
        plan_tab(mine, grids.get(mine.id), force=force),
        plan_tab(review_tab(review_rows(result, tz), sid), grids.get(REVIEW), force=force),
        plan_tab(choices_tab(roster), grids.get(CHOICES), force=True),
    ]
    return Plan(sid, plans, [r.id for r in tab_refs(session_ids)])


def read_choices(
    grids: Mapping[str, Grid], roster: Roster, session_ids: Sequence[str]
) -> tuple[list[Override], list[str]]:
    """Organisers' picks in the review tab's Assign column and the session tabs' Override
    column, as overrides; and a warning for each pick that names nothing."""
    found: list[Override] = []
    warnings: list[str] = []
    review = grids.get(REVIEW)
    for rec in records(review_tab(), review):
        choice = str(rec.get("assign") or "").strip()
        if not choice:
            continue
        target = parse_choice(choice, roster)
        session, _, participant = str(rec[KEY]).partition("/")
        where = f"{review.title if review else 'Review'}: row {rec['row']}"
        if target is None or session not in session_ids or not participant:
            warnings.append(f"{where}: {choice!r} names no invitee, agency or ignore; skipped")
            continue
        found.append(Override(participant, target, session, where))
    for sid in session_ids:
        grid = grids.get(session_ref(sid).id)
        for rec in records(session_tab(sid), grid):
            choice = str(rec.get("override") or "").strip()
            if not choice:
                continue
            target = parse_choice(choice, roster)
            names = str(rec.get("display_names") or "")
            where = f"{grid.title if grid else sid}: row {rec['row']}"
            if target is None or not names:
                warnings.append(f"{where}: {choice!r} cannot be applied; skipped")
                continue
            found += [Override(n.strip(), target, sid, where) for n in names.split(";") if n.strip()]
    return found, warnings


class Output(Protocol):
    """A place attendance is written: finds and reads its tabs, applies a plan."""

    warnings: list[str]

    def read(self, refs: Sequence[TabRef]) -> dict[str, Grid]: ...

    def apply(self, plan: Plan) -> None: ...
