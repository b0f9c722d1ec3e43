"""Whether a pulled log can belong to its session at all (pure: no I/O, no clock).

A session date one day off, a start written in UTC, or day and month swapped all leave every
connection outside the window: reconciled anyway, the programme would say "0 verified, all
absent" and exit 0. Such a log is refused with one line that shows both spans and what would
make them meet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from vc_sync.errors import Problem
from vc_sync.model import Segment, Window


def misplaced(
    window: Window,
    segments: Sequence[Segment],
    tz: str,
    where: str,
    others: Sequence[tuple[str, Window]] = (),
) -> Problem | None:
    """A problem when no connection of a non-empty log overlaps the session's window; when it
    overlaps another session of ``others`` (id, window), the hint names that session: an export
    saved for the wrong one."""
    if not segments or any(s.join < window.end and s.leave > window.start for s in segments):
        return None
    first = min(s.join for s in segments)
    last = max(s.leave for s in segments)
    log = _span(first, last, tz)
    session = _span(window.start, window.end, tz)
    fits = _other_session(segments, others, tz)
    hint = fits or _offset_hint(window, first, last, tz) or _swap_hint(window, first, last, tz)
    what = "file, date or time zone" if fits else "date or time zone"
    hint = f"; {hint}" if hint else ""
    return Problem(
        where,
        f"no connection of the log falls inside the session: the log runs {log}, the session "
        f"{session}{hint}; check the session {what}",
    )


def _other_session(segments: Sequence[Segment], others: Sequence[tuple[str, Window]], tz: str) -> str | None:
    """The other session the log's connections overlap most: its export was saved for this one."""

    def overlap(w: Window) -> float:
        return sum(max(0.0, (min(s.leave, w.end) - max(s.join, w.start)).total_seconds()) for s in segments)

    scored = [(overlap(w), sid, w) for sid, w in others]
    best = max(scored, key=lambda x: x[0], default=None)
    if best is None or best[0] <= 0:
        return None
    _, sid, w = best
    return f"it fits session {sid} ({_span(w.start, w.end, tz)}), so it may be {sid}'s export"


def _span(start: datetime, end: datetime, tz: str) -> str:
    import pendulum

    a, b = pendulum.instance(start).in_tz(tz), pendulum.instance(end).in_tz(tz)
    tail = b.format("HH:mm") if a.date() == b.date() else b.format("YYYY-MM-DD HH:mm")
    return f"{a.format('YYYY-MM-DD HH:mm')}–{tail} {tz}"


def _meets(start: datetime, end: datetime, first: datetime, last: datetime) -> bool:
    return start < last and end > first


def _offset_hint(window: Window, first: datetime, last: datetime, tz: str) -> str:
    """The window moved by the zone's offset meets the log: a time written in UTC or in
    another zone."""
    import pendulum

    offset = pendulum.instance(window.start).in_tz(tz).utcoffset() or timedelta(0)
    if not offset:
        return ""
    for shift in (offset, -offset):
        if _meets(window.start - shift, window.end - shift, first, last):
            hours = abs(offset.total_seconds()) / 3600
            where = "before" if shift > timedelta(0) else "after"
            return (
                f"the log is {hours:g} hours {where} the session, {tz}'s offset from UTC: is one of them in "
                "UTC where local time was meant (a session time ending in Z or +00:00, or an export of an "
                "account set to UTC)?"
            )
    return ""


def _swap_hint(window: Window, first: datetime, last: datetime, tz: str) -> str:
    """The session's day and month swapped meets the log."""
    import pendulum

    local = pendulum.instance(window.start).in_tz(tz)
    if local.day > 12 or local.day == local.month:
        return ""
    try:
        swapped = local.replace(month=local.day, day=local.month)
    except ValueError:
        return ""
    shift = swapped - local
    if _meets(window.start + shift, window.end + shift, first, last):
        return f"with day and month swapped ({swapped.format('YYYY-MM-DD')}) it would fit"
    return ""
