"""Rich tables for people reading a terminal.

Every string that did not come from this code (display names, roster entries, titles, error
messages) reaches Rich as a ``Text``, never as markup: ``[/bold]`` or ``[link=…]`` in a display
name is shown as typed, and control characters are shown as escapes (``terminal.visible``).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from vc_sync.kinds import Presence, Status
from vc_sync.reconcile import Result
from vc_sync.terminal import shorten

CELL = 200  # characters of one untrusted value shown in a table; --format json has them all

_COLOURS: dict[str, str] = {  # an agency's Presence shares SHORT and ABSENT with the statuses (equal strings)
    Status.VERIFIED: "green",
    Status.SHORT: "yellow",
    Status.UNMATCHED: "red",
    Status.WRONG_SESSION: "magenta",
    Status.ORGANISER: "cyan",
    Status.IGNORED: "dim",
    Status.ABSENT: "red",
    Presence.PRESENT: "green",
}


@contextlib.contextmanager
def _console(redact: Callable[[str], str] | None = None) -> Iterator[Console]:
    """A console for one table; what it printed reaches stdout through ``redact``."""
    console = Console(highlight=False, soft_wrap=False, emoji=False)
    with console.capture() as captured:
        yield console
    sys.stdout.write((redact or str)(captured.get()))
    sys.stdout.flush()


def _t(value: Any, style: str = "") -> Text:
    """Untrusted text, shown as it is (escaped controls, shortened), never read as markup."""
    return Text(shorten(str(value), CELL), style=style)


def _status(value: str) -> Text:
    return Text(value, style=_COLOURS.get(value, ""))


def _title(value: str) -> str:
    return escape(shorten(value, CELL))


def print_result(result: Result, tz: str, programme: str, redact: Callable[[str], str] | None = None) -> None:
    from vc_sync.report import stamp

    with _console(redact) as console:
        table = Table(title=_title(f"{programme} — session {result.session}"), show_lines=False)
        for col in ("Agency", "Display names", "Minutes", "Status", "Method", "Score"):
            table.add_column(col, justify="right" if col in ("Minutes", "Score") else "left")
        for p in result.participants:
            table.add_row(
                _t(p.agency or "—"),
                _t("; ".join(p.display_names)),
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
            agencies.add_row(_t(a.agency), str(a.invited), str(a.verified), _status(a.status))
        console.print(agencies)
        t = result.totals
        console.print(
            f"window {stamp(result.window.start, tz)} – {stamp(result.window.end, tz)}: "
            f"[green]{t.verified} present[/green], {t.short} too short, {t.unmatched} not recognised, "
            f"{t.wrong_session} wrong session, {t.organiser} organisers; "
            f"agencies present {t.agencies_present}/{t.agencies_invited}"
        )


def print_summary(programme: str, runs: Sequence[Any], redact: Callable[[str], str] | None = None) -> None:
    with _console(redact) as console:
        table = Table(title=_title(programme))
        titled = console.width >= 100  # an 80-column terminal: the counts whole, not the titles
        table.add_column("Session", no_wrap=True)
        if titled:
            table.add_column("Title")
        # the statuses as the sheet's English words name them (README), not the JSON's codes
        for col in (
            "Present",
            "Too\nshort",
            "Not\nrecognised",
            "Wrong\nsession",
            "Organisers",
            "Agencies\npresent",
        ):
            table.add_column(col, justify="right", no_wrap=True)
        for r in runs:
            t = r.result.totals
            table.add_row(
                _t(r.session.id),
                *([_t(r.session.title)] if titled else []),
                str(t.verified),
                str(t.short),
                str(t.unmatched),
                str(t.wrong_session),
                str(t.organiser),
                f"{t.agencies_present}/{t.agencies_invited}",
            )
        console.print(table)


def print_explain(payload: list[dict[str, Any]], redact: Callable[[str], str] | None = None) -> None:
    with _console(redact) as console:
        if not payload:
            console.print("nothing to explain")
        for item in payload:
            d = item["decided"]
            console.print(
                Text.assemble(
                    _t("; ".join(item["display_names"]), style="bold"),
                    " (",
                    _t(item["key"]),
                    "): ",
                    _status(item["status"]),
                    f" — {d['method']} {d['score']:.2f} → ",
                    _t(d["invitee"] or d["agency"] or "no one"),
                )
            )
            console.print(Text.assemble("  why: ", _t(item["why"])))
            for c in item["candidates"]:
                console.print(
                    Text.assemble(
                        "  candidate ",
                        _t(c["invitee"]),
                        " ",
                        _t(repr(c["name"])),
                        " (",
                        _t(c["agency"]),
                        f"): {c['score']:.2f} {c['method']}",
                        "" if c["in_session"] else " [other session]",
                    )
                )


def print_status(
    programme: str, rows: Sequence[dict[str, Any]], tz: str, redact: Callable[[str], str] | None = None
) -> None:
    from vc_sync.report import minute

    with _console(redact) as console:
        table = Table(title=_title(f"{programme} — status (times in {tz})"))
        titled = console.width >= 100  # an 80-column terminal: the times whole, not the titles
        for col in ("Session", "Title", "Ended", "Last pulled", "Last synced", "Present", "State"):
            if titled or col != "Title":
                table.add_column(col)
        for r in rows:
            table.add_row(
                _t(r["session"]),
                *([_t(r["title"])] if titled else []),
                minute(r["end"], tz),
                _t(r["pulled"]),
                _t(r["synced"]),
                _t(r["verified"]),
                _t(r["state"]),
            )
        console.print(table)
