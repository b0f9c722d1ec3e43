"""Presenting a reconcile result: JSON (``reconcile --format json``), tables for people, and
``--explain``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from vc_sync import keys
from vc_sync.kinds import Status
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.methods import METHODS, NONE
from vc_sync.reconcile import Participant, Result


def in_zone(value: datetime, tz: str | ZoneInfo) -> datetime:
    """An instant in the event's zone (a naive time is UTC)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz))


def stamp(value: datetime, tz: str | ZoneInfo) -> str:
    """ISO 8601 with the event zone's offset, to the second (a naive time is UTC)."""
    local = in_zone(value, tz)
    return (local.replace(microsecond=0) if local.microsecond else local).isoformat()


def minute(value: datetime, tz: str | ZoneInfo) -> str:
    """An instant as the event zone's wall clock, to the minute ('2026-03-02 09:00'), as the
    sheet, the workbook and ``vc-sync status`` show times."""
    d = in_zone(value, tz)
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d} {d.hour:02d}:{d.minute:02d}"


def to_json(result: Result, tz: str) -> dict[str, Any]:
    """The reconcile result as ``reconcile --format json`` prints it."""
    w = result.window
    zone = ZoneInfo(tz)
    stamps: dict[datetime, str] = {}  # each instant formatted once: connections share most of theirs

    def local(value: datetime) -> str:
        text = stamps.get(value)
        if text is None:
            text = stamps[value] = stamp(value, zone)
        return text

    return {
        "session": result.session,
        "window": {"start": stamp(w.start, zone), "end": stamp(w.end, zone)},
        "participants": [_participant(p, local) for p in result.participants],
        "invitees": [
            {
                "id": i.id,
                "agency": i.agency,
                "name": i.name,
                "status": i.status,
                "minutes": round(i.minutes, 1),
            }
            for i in result.invitees
        ],
        "agencies": [
            {"agency": a.agency, "invited": a.invited, "verified": a.verified, "status": a.status}
            for a in result.agencies
        ],
        "totals": result.totals.as_dict(),
    }


def _participant(p: Participant, local: Callable[[datetime], str]) -> dict[str, Any]:
    return {
        "key": p.key,
        "display_names": list(p.display_names),
        "email": p.email,
        "minutes": round(p.minutes, 1),
        "invitee": p.invitee,
        "agency": p.agency,
        "status": p.status,
        "method": p.method,
        "score": p.score,
        "segments": [
            {
                "name": s.name,
                "email": s.email,
                "join": local(s.join),
                "leave": local(s.leave),
            }
            for s in p.segments
        ],
    }


def explain(result: Result, index: RosterIndex, who: str | None) -> list[dict[str, Any]]:
    """For one participant (key or display name) or every unmatched one: the candidates
    considered and why the winner won."""
    if who:
        session, key = keys.of_review(who)  # a review tab's key: 'S1/p-…'
        if session and session == result.session:
            who = key
        wanted = [
            p
            for p in result.participants
            if who in (p.key, *p.connections) or who.lower() in (n.lower() for n in p.display_names)
        ]
    else:
        wanted = [p for p in result.participants if p.status == Status.UNMATCHED]
    out = []
    for p in wanted:
        out.append(
            {
                "key": p.key,
                "display_names": list(p.display_names),
                "status": p.status,
                "decided": {
                    "invitee": p.invitee,
                    "agency": p.agency,
                    "method": p.method,
                    "score": p.score,
                },
                "why": p.reason or _why(p),
                "candidates": [
                    {
                        "invitee": c.invitee,
                        "name": index.people[c.invitee].invitee.name,
                        "agency": index.people[c.invitee].invitee.agency,
                        "score": c.score,
                        "method": c.method,
                        "in_session": c.in_session,
                    }
                    for c in p.candidates
                ],
            }
        )
    return out


def _why(p: Participant) -> str:
    if p.status == Status.UNMATCHED:
        return METHODS[NONE].explain
    method = METHODS.get(p.method)
    return method.explain if method else p.method
