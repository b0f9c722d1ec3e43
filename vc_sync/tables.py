"""Rich tables for people reading a terminal."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

from vc_sync.reconcile import Result

_COLOURS = {
    "verified": "green",
    "short": "yellow",
    "unmatched": "red",
    "wrong_session": "magenta",
    "organiser": "cyan",
    "ignored": "dim",
    "absent": "red",
    "present": "green",
}


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def _status(value: str) -> str:
    colour = _COLOURS.get(value)
    return f"[{colour}]{value}[/{colour}]" if colour else value


def print_result(result: Result, tz: str, programme: str) -> None:
    from vc_sync.report import stamp

    console = _console()
    table = Table(title=f"{programme} — session {result.session}", show_lines=False)
    for col in ("Agency", "Display names", "Minutes", "Status", "Method", "Score"):
        table.add_column(col, justify="right" if col in ("Minutes", "Score") else "left")
    for p in result.participants:
        table.add_row(
            p.agency or "—",
            "; ".join(p.display_names),
            f"{p.minutes:.1f}",
            _status(p.status),
            p.method,
            f"{p.score:.2f}",
        )
    console.print(table)
    agencies = Table(title="Agencies")
    for col in ("Agency", "Invited", "Verified", "Status"):
        agencies.add_column(col)
    for a in result.agencies:
        agencies.add_row(a.agency, str(a.invited), str(a.verified), _status(a.status))
    console.print(agencies)
    t = result.totals
    console.print(
        f"window {stamp(result.window.start, tz)} – {stamp(result.window.end, tz)}: "
        f"[green]{t['verified']} verified[/green], {t['short']} short, {t['unmatched']} unmatched, "
        f"{t['wrong_session']} wrong session, {t['organiser']} organisers; "
        f"agencies present {t['agencies_present']}/{t['agencies_invited']}"
    )


def print_summary(programme: str, runs: Sequence[Any]) -> None:
    console = _console()
    table = Table(title=programme)
    for col in (
        "Session",
        "Title",
        "Verified",
        "Short",
        "Unmatched",
        "Wrong session",
        "Organisers",
        "Agencies present",
    ):
        table.add_column(col)
    for r in runs:
        t = r.result.totals
        table.add_row(
            r.session.id,
            r.session.title,
            str(t["verified"]),
            str(t["short"]),
            str(t["unmatched"]),
            str(t["wrong_session"]),
            str(t["organiser"]),
            f"{t['agencies_present']}/{t['agencies_invited']}",
        )
    console.print(table)


def print_explain(payload: list[dict[str, Any]]) -> None:
    console = _console()
    if not payload:
        console.print("nothing to explain")
    for item in payload:
        d = item["decided"]
        console.print(
            f"[bold]{'; '.join(item['display_names'])}[/bold] ({item['key']}): {_status(item['status'])}"
            f" — {d['method']} {d['score']:.2f} → {d['invitee'] or d['agency'] or 'no one'}"
        )
        console.print(f"  why: {item['why']}")
        for c in item["candidates"]:
            console.print(
                f"  candidate {c['invitee']} {c['name']!r} ({c['agency']}): {c['score']:.2f} {c['method']}"
                f"{'' if c['in_session'] else ' [other session]'}"
            )


def print_status(programme: str, rows: Sequence[dict[str, Any]], tz: str) -> None:
    from vc_sync.report import stamp

    console = _console()
    table = Table(title=f"{programme} — status")
    for col in ("Session", "Title", "Ended", "Last pulled", "Last synced", "Verified", "State"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["session"], r["title"], stamp(r["end"], tz), r["pulled"], r["synced"], r["verified"], r["state"]
        )
    console.print(table)
