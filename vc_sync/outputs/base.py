"""What every output does with a result: read what its tabs hold, plan the writes, and read
organisers' choices back. The sheet and the workbook apply the same plans, so they cannot
drift apart."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from vc_sync.model import Override, Roster
from vc_sync.outputs.layout import (
    ASSIGN,
    CHOICES,
    OVERRIDE,
    REVIEW,
    REVIEW_HEADER,
    SESSION_HEADER,
    STATUS_COLUMN,
    SUMMARY,
    Tab,
    choices_tab,
    parse_choice,
    review_rows,
    session_tab,
    session_title,
    summary_tab,
)
from vc_sync.outputs.plan import Grid, TabPlan, plan_tab, rows_as
from vc_sync.reconcile import Result


def tab_order(session_ids: Sequence[str]) -> list[str]:
    return [SUMMARY, *(session_title(s) for s in session_ids), REVIEW, CHOICES]


@dataclass
class Plan:
    """Every tab's writes for one session's sync."""

    session: str
    tabs: list[TabPlan]

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tabs)

    def lines(self) -> list[str]:
        return [t.summary() for t in self.tabs]


def build_plan(
    result: Result,
    tz: str,
    roster: Roster,
    session_ids: Sequence[str],
    grids: Mapping[str, Grid],
    force: bool = False,
) -> Plan:
    sid = result.session
    mine = session_tab(result, tz, roster)
    if not force:  # someone who attended and is now missing from the log vanished: keep the row
        before = {str(r[0]): r[STATUS_COLUMN] for r in rows_as(grids.get(mine.title), SESSION_HEADER)}
        mine = dataclasses.replace(
            mine,
            rows=tuple(
                r
                for r in mine.rows
                if not (r[STATUS_COLUMN] == "absent" and before.get(str(r[0]), "absent") != "absent")
            ),
        )
    review = Tab(REVIEW, REVIEW_HEADER, tuple(review_rows(result, tz)))
    sessions = {s: rows_as(grids.get(session_title(s)), SESSION_HEADER) for s in session_ids}
    sessions[sid] = list(mine.rows)
    plans = [
        plan_tab(summary_tab(session_ids, sessions), grids.get(SUMMARY), force=True),
        plan_tab(mine, grids.get(mine.title), inputs=(OVERRIDE,), force=force),
        plan_tab(
            review, grids.get(REVIEW), inputs=(ASSIGN,), force=force, scope=lambda k: k.startswith(f"{sid}/")
        ),
        plan_tab(choices_tab(roster), grids.get(CHOICES), force=True),
    ]
    return Plan(sid, plans)


def read_choices(
    grids: Mapping[str, Grid], roster: Roster, session_ids: Sequence[str]
) -> tuple[list[Override], list[str]]:
    """Organisers' picks in the review tab's Assign column and the session tabs' Override
    column, as overrides; and a warning for each pick that names nothing."""
    found: list[Override] = []
    warnings: list[str] = []

    def picks(grid: Grid | None, column: str) -> list[tuple[int, str, str, str]]:
        if grid is None or not grid.values:
            return []
        header = [str(h or "").strip().lower() for h in grid.values[0]]
        if column.lower() not in header:
            return []
        want, key, names = header.index(column.lower()), header.index("key"), header.index("display names")
        out = []
        for r in range(1, len(grid.values)):
            choice = str(grid.cell(r, want) or "").strip()
            if choice:
                out.append((r + 1, str(grid.cell(r, key) or ""), str(grid.cell(r, names) or ""), choice))
        return out

    for line, key, _names, choice in picks(grids.get(REVIEW), ASSIGN):
        target = parse_choice(choice, roster)
        session, _, participant = key.partition("/")
        if target is None or session not in session_ids or not participant:
            warnings.append(f"{REVIEW}: row {line}: {choice!r} names no invitee, agency or ignore; skipped")
            continue
        found.append(Override(participant, target, session, f"{REVIEW} row {line}"))
    for sid in session_ids:
        title = session_title(sid)
        for line, _key, names, choice in picks(grids.get(title), OVERRIDE):
            target = parse_choice(choice, roster)
            if target is None or not names:
                warnings.append(f"{title}: row {line}: {choice!r} cannot be applied; skipped")
                continue
            found += [
                Override(n.strip(), target, sid, f"{title} row {line}") for n in names.split(";") if n.strip()
            ]
    return found, warnings


class Output(Protocol):
    """A place attendance is written: reads its tabs, applies a plan."""

    def read(self, session_ids: Sequence[str]) -> dict[str, Grid]: ...

    def apply(self, plan: Plan, session_ids: Sequence[str]) -> None: ...
