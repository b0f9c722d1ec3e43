"""The tabs every output shows, as rows keyed by stable ids.

Session tabs hold a row per participant and per absent invitee; the review tab the unmatched
participants of every session; the summary tab an agency × session grid of verified counts,
derived from the session tabs so that a sync of one session keeps the others' figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pendulum

from vc_sync.model import Roster
from vc_sync.reconcile import Result

SUMMARY = "Summary"
REVIEW = "Review"
CHOICES = "Choices"
OVERRIDE = "Override"  # organisers' column on session tabs: who this row really is
ASSIGN = "Assign"  # organisers' column on the review tab
IGNORE = "ignore"
SEP = " · "
SESSION_HEADER = (
    "Key",
    "Agency",
    "Name",
    "Display names",
    "Email",
    "First join",
    "Last leave",
    "Minutes",
    "Status",
    "Method",
    "Score",
    "Invitee",
)
REVIEW_HEADER = ("Key", "Session", "Display names", "Email", "Minutes", "First join")
CHOICES_HEADER = ("Choice",)
STATUS_COLUMN = SESSION_HEADER.index("Status")
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
AGENCY_COLUMN = SESSION_HEADER.index("Agency")
INVITED_STATUSES = ("verified", "short", "absent")


@dataclass(frozen=True)
class Tab:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]  # row[0] is the row's key


def session_title(session_id: str) -> str:
    return f"Session {session_id}"


def _local(value, tz: str) -> str:
    return pendulum.instance(value).in_tz(tz).format("YYYY-MM-DD HH:mm:ss")


def session_tab(result: Result, tz: str, roster: Roster) -> Tab:
    """A row per participant and per absent invitee; names come from the roster, so visitors
    from other sessions and organisers are named too."""
    rows: list[tuple[object, ...]] = []
    names = {i.id: i.name for i in roster.invitees}
    for p in result.participants:
        rows.append(
            (
                p.key,
                p.agency or "",
                names.get(p.invitee or "", "") if p.invitee else "",
                "; ".join(p.display_names),
                p.email or "",
                _local(p.segments[0].join, tz),
                _local(max(s.leave for s in p.segments), tz),
                round(p.minutes, 1),
                p.status,
                p.method,
                p.score,
                p.invitee or "",
            )
        )
    for inv in result.invitees:
        if inv.status == "absent":
            rows.append((f"i-{inv.id}", inv.agency, inv.name, "", "", "", "", 0.0, "absent", "", "", inv.id))
    return Tab(session_title(result.session), SESSION_HEADER, tuple(rows))


def review_rows(result: Result, tz: str) -> list[tuple[object, ...]]:
    return [
        (
            f"{result.session}/{p.key}",
            result.session,
            "; ".join(p.display_names),
            p.email or "",
            round(p.minutes, 1),
            _local(p.segments[0].join, tz),
        )
        for p in result.participants
        if p.status == "unmatched"
    ]


def choices_tab(roster: Roster) -> Tab:
    """What an organiser may pick in a dropdown: ignore, an agency, or an invitee."""
    rows: list[tuple[object, ...]] = [(IGNORE,)]
    rows += [(a,) for a in sorted({i.agency for i in roster.invitees})]
    rows += [(SEP.join(p for p in (i.id, i.name, i.agency) if p),) for i in roster.invitees if i.name]
    return Tab(CHOICES, CHOICES_HEADER, tuple(rows))


def parse_choice(text: str, roster: Roster) -> str | None:
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


def summary_tab(session_ids: Sequence[str], tabs: Mapping[str, Iterable[Sequence[object]]]) -> Tab:
    """Agency × session grid of verified counts from the session tabs' rows."""
    grid: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid in session_ids:
        for row in tabs.get(sid, ()):
            agency = str(row[AGENCY_COLUMN] or "")
            if not agency or row[STATUS_COLUMN] not in INVITED_STATUSES:
                continue  # organisers and visitors from other sessions are no cell of the grid
            grid[agency][sid] += 0
            if row[STATUS_COLUMN] == "verified":
                grid[agency][sid] += 1
    header = ("Agency", *session_ids, "Total")
    rows = [
        (agency, *(grid[agency].get(s, "") for s in session_ids), sum(grid[agency].values()))
        for agency in sorted(grid)
    ]
    totals = (
        "Total",
        *(sum(grid[a].get(s, 0) for a in grid) for s in session_ids),
        sum(sum(g.values()) for g in grid.values()),
    )
    return Tab(SUMMARY, header, (totals, *rows))  # totals first: rows added later go below
