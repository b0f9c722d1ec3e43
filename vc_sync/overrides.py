"""Organisers' decisions (``overrides.csv`` beside the config): who a display name really is."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from vc_sync.errors import InputError, Problem
from vc_sync.model import Override, Roster
from vc_sync.roster import read_rows

COLUMNS = ("participant", "assign", "session", "note")


def load_overrides(path: Path, roster: Roster, session_ids: Iterable[str]) -> list[Override]:
    """Read and validate the overrides file; a missing file means no overrides."""
    if not path.is_file():
        return []
    header, rows = read_rows(path)
    names = [h.strip().lower() for h in header]
    problems = [
        Problem(f"{path.name}: line 1", f"missing required column {c!r}")
        for c in ("participant", "assign")
        if c not in names
    ]
    if problems:
        raise InputError(problems)
    ids = {i.id for i in roster.invitees}
    agencies = {i.agency for i in roster.invitees}
    sessions = set(session_ids)
    out = []
    for line, cells in rows:
        row = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names)}
        where = f"{path.name}: line {line}"
        match, target, session = (
            row.get("participant", ""),
            row.get("assign", ""),
            row.get("session", ""),
        )
        if not match:
            problems.append(Problem(where, "participant is empty"))
        if not target:
            problems.append(Problem(where, "assign is empty (an invitee id, an agency, or ignore)"))
        elif target.lower() != "ignore" and target not in ids and target not in agencies:
            problems.append(
                Problem(
                    where,
                    f"assign {target!r} is neither an invitee id, a roster agency nor 'ignore'",
                )
            )
        if session and session not in sessions:
            problems.append(Problem(where, f"unknown session id {session!r}"))
        out.append(Override(match, target, session, where))
    if problems:
        raise InputError(problems)
    return out


def save_overrides(path: Path, overrides: Iterable[Override]) -> None:
    """Write the overrides file atomically (used when organisers' sheet choices are read back)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS[:3])
        for o in overrides:
            writer.writerow([o.match, o.target, o.session])
    tmp.replace(path)
