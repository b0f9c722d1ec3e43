"""The tabs every output shows, built from a reconcile result.

Session tabs hold a row per participant and per absent invitee; the review tab the unmatched
participants of every session; the summary tab an agency × session grid of verified counts,
derived from the session tabs so that a sync of one session keeps the others' figures; the
choices tab what the organisers' dropdowns offer.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pendulum

from vc_sync.model import Roster
from vc_sync.outputs.tabs import KEY, Column, Tab
from vc_sync.reconcile import Result

SUMMARY, REVIEW, CHOICES = "summary", "review", "choices"
IGNORE = "ignore"
SEP = " · "
# status colours (RGB hex) that every output gives the Status column
COLOURS = {
    "verified": "C6EFCE",
    "short": "FFEB9C",
    "unmatched": "FFC7CE",
    "absent": "F4CCCC",
    "wrong_session": "E4D7F5",
    "organiser": "D9E7FD",
    "ignored": "EEEEEE",
}
INVITED_STATUSES = ("verified", "short", "absent")
STATUS_WORDS = frozenset(COLOURS)
_KEY_COLUMN = Column(KEY, "Key", width=14)
SESSION_COLUMNS = (
    _KEY_COLUMN,
    Column("agency", "Agency", width=36),
    Column("name", "Name", width=28),
    Column("display_names", "Display names", width=40),
    Column("email", "Email", width=28),
    Column("first_join", "First join", width=20, kind="time"),
    Column("last_leave", "Last leave", width=20, kind="time"),
    Column("minutes", "Minutes", width=10, kind="number"),
    Column("status", "Status", width=14, kind="word", words=STATUS_WORDS),
    Column("method", "Method", width=10),
    Column("score", "Score", width=8, kind="number"),
    Column("invitee", "Invitee", width=12),
    Column("override", "Override", input=True, width=40),
)
REVIEW_COLUMNS = (
    _KEY_COLUMN,
    Column("session", "Session", width=10),
    Column("display_names", "Display names", width=40),
    Column("email", "Email", width=28),
    Column("minutes", "Minutes", width=10, kind="number"),
    Column("first_join", "First join", width=20, kind="time"),
    Column("assign", "Assign", input=True, width=48),
)
CHOICES_COLUMNS = (_KEY_COLUMN, Column("choice", "Choice", width=60))
_PARTICIPANT = re.compile(r"p-[0-9a-f]{10}|i-\S.*")
_REVIEWED = re.compile(r"[^/\s]+/p-[0-9a-f]{10}")
_AGENCY = re.compile(r"a-[0-9a-f]{10}|total")
_CHOICE = re.compile(r"c-\S.*")


@dataclass(frozen=True)
class TabRef:
    """A tab of the output as an output looks it up: its anchor id and the titles it may have."""

    id: str
    title: str
    aliases: tuple[str, ...] = ()


def session_ref(session_id: str) -> TabRef:
    return TabRef(f"session:{session_id}", f"Session {session_id}")


def tab_refs(session_ids: Sequence[str]) -> list[TabRef]:
    """Every tab of a programme, in the order new tabs are placed."""
    return [
        TabRef(SUMMARY, "Summary"),
        *(session_ref(s) for s in session_ids),
        TabRef(REVIEW, "Review"),
        TabRef(CHOICES, "Choices"),
    ]


def _local(value: Any, tz: str) -> str:
    return pendulum.instance(value).in_tz(tz).format("YYYY-MM-DD HH:mm:ss")


def agency_key(agency: str) -> str:
    return "a-" + hashlib.sha1(agency.encode()).hexdigest()[:10]


def session_tab(session_id: str, rows: Iterable[Mapping[str, Any]] = ()) -> Tab:
    """A session's tab: a row per participant and per absent invitee."""
    ref = session_ref(session_id)
    return Tab(
        ref.id,
        ref.title,
        SESSION_COLUMNS,
        tuple(rows),
        _PARTICIPANT,
        identity=("display_names", "name", "agency"),
        aliases=ref.aliases,
    )


def session_rows(result: Result, tz: str, roster: Roster) -> list[dict[str, Any]]:
    """Names come from the roster, so visitors from other sessions and organisers are named too."""
    names = {i.id: i.name for i in roster.invitees}
    rows: list[dict[str, Any]] = []
    for p in result.participants:
        rows.append(
            {
                KEY: p.key,
                "agency": p.agency or "",
                "name": names.get(p.invitee or "", "") if p.invitee else "",
                "display_names": "; ".join(p.display_names),
                "email": p.email or "",
                "first_join": _local(p.segments[0].join, tz),
                "last_leave": _local(max(s.leave for s in p.segments), tz),
                "minutes": round(p.minutes, 1),
                "status": p.status,
                "method": p.method,
                "score": p.score,
                "invitee": p.invitee or "",
            }
        )
    for inv in result.invitees:
        if inv.status == "absent":
            rows.append(
                {KEY: f"i-{inv.id}", "agency": inv.agency, "name": inv.name, "minutes": 0.0}
                | {"status": "absent", "invitee": inv.id}
            )
    return rows


def review_rows(result: Result, tz: str) -> list[dict[str, Any]]:
    sid = result.session
    return [
        {
            KEY: f"{sid}/{p.key}",
            "session": sid,
            "display_names": "; ".join(p.display_names),
            "email": p.email or "",
            "minutes": round(p.minutes, 1),
            "first_join": _local(p.segments[0].join, tz),
        }
        for p in result.participants
        if p.status == "unmatched"
    ]


def review_tab(rows: Iterable[Mapping[str, Any]] = (), session: str | None = None) -> Tab:
    """Every session's unmatched participants; a sync of ``session`` answers for its rows only."""
    return Tab(
        REVIEW,
        "Review",
        REVIEW_COLUMNS,
        tuple(rows),
        _REVIEWED,
        identity=("session", "display_names", "first_join"),
        scope=(lambda key: key.startswith(f"{session}/")) if session else (lambda _key: True),
    )


def choices_tab(roster: Roster) -> Tab:
    """What an organiser may pick in a dropdown: ignore, an agency, or an invitee."""
    rows: list[dict[str, Any]] = [{KEY: "c-ignore", "choice": IGNORE}]
    rows += [{KEY: f"c-{agency_key(a)}", "choice": a} for a in sorted({i.agency for i in roster.invitees})]
    rows += [
        {KEY: f"c-i-{i.id}", "choice": SEP.join(p for p in (i.id, i.name, i.agency) if p)}
        for i in roster.invitees
        if i.name
    ]
    return Tab(CHOICES, "Choices", CHOICES_COLUMNS, tuple(rows), _CHOICE, identity=("choice",))


def parse_choice(text: Any, roster: Roster) -> str | None:
    """The override target an organiser's choice names, or None if it names nothing."""
    text = str(text or "").strip()
    if not text:
        return None
    if text.lower() == IGNORE:
        return IGNORE
    ids = {i.id for i in roster.invitees}
    head = text.split(SEP)[0].strip()
    if head in ids:
        return head
    agencies = {i.agency for i in roster.invitees}
    return text if text in agencies else None


def summary_columns(session_ids: Sequence[str]) -> tuple[Column, ...]:
    return (
        _KEY_COLUMN,
        Column("agency", "Agency", width=44),
        *(Column(f"s:{s}", s, width=8, kind="number") for s in session_ids),
        Column("total", "Total", width=8, kind="number"),
    )


def summary_tab(session_ids: Sequence[str], sessions: Mapping[str, Iterable[Mapping[str, Any]]]) -> Tab:
    """Agency × session grid of verified counts from the session tabs' rows."""
    grid: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid in session_ids:
        for row in sessions.get(sid, ()):
            agency = str(row.get("agency") or "")
            if not agency or row.get("status") not in INVITED_STATUSES:
                continue  # organisers and visitors from other sessions are no cell of the grid
            grid[agency][sid] += 0
            if row.get("status") == "verified":
                grid[agency][sid] += 1
    rows: list[dict[str, Any]] = [
        {
            KEY: "total",
            "agency": "Total",
            **{f"s:{s}": sum(grid[a].get(s, 0) for a in grid) for s in session_ids},
            "total": sum(sum(g.values()) for g in grid.values()),
        }
    ]  # totals first: rows added later go below
    for agency in sorted(grid):
        rows.append(
            {
                KEY: agency_key(agency),
                "agency": agency,
                **{f"s:{s}": grid[agency].get(s, "") for s in session_ids},
                "total": sum(grid[agency].values()),
            }
        )
    return Tab(SUMMARY, "Summary", summary_columns(session_ids), tuple(rows), _AGENCY, identity=("agency",))
