"""Organisers' decisions (``overrides.csv`` beside the config): who a connection really is.

Columns: ``participant`` (a participant key such as ``p-3f2a…``, or a display name), ``assign``
(an invitee id, a roster agency, or ``ignore``), and optionally ``session``, ``source`` (``pick``
for a choice recorded from the sheet, which clearing it there undoes; blank for a line written by
hand), ``note``, ``picked_in`` (the tab a pick was made on, ``review`` or ``session``) and
``picked_row`` (the key of the row whose cell made it: only that cell changes or undoes it) and
``picked_on`` (the output it was made in, ``sheet`` or ``workbook``: only there is it shown and
undone); all blank in a file written before they were kept. A line with ``source = superseded`` decides
nothing: it records a pick cell whose pick was made again in another cell, and what it said
then (``assign``), so that the cell, left as it was, is not read as a new pick.
Cells are written so that a spreadsheet never reads them as formulas.
"""

from __future__ import annotations

import contextlib
import csv
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from vc_sync.errors import InputError, Problem
from vc_sync.keys import CONNECTION
from vc_sync.kinds import IGNORE, OverrideSource, PickedIn, PickedOn
from vc_sync.matching.text import fold
from vc_sync.model import Override, Roster, Superseded
from vc_sync.roster import read_rows

COLUMNS = ("participant", "assign", "session", "source", "note", "picked_in", "picked_row", "picked_on")
SOURCES = tuple(OverrideSource)
SUPERSEDED = "superseded"  # a line recording a pick cell whose pick was made elsewhere since
PLACES = tuple(PickedIn)
OUTPUTS = tuple(PickedOn)
_ACTIVE = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for a formula (OWASP)


def inert(text: str) -> str:
    """A cell a spreadsheet shows as text: a leading formula character is quoted with '."""
    return "'" + text if text.startswith((*_ACTIVE, "'")) else text


def faithful(text: str) -> str:
    """What ``inert`` quoted, as it was."""
    return text[1:] if text.startswith("'") and text[1:2] in (*_ACTIVE, "'") else text


def load_overrides(
    path: Path,
    roster: Roster,
    session_ids: Iterable[str],
    names_someone: Callable[[str], bool] = lambda _name: True,
) -> list[Override]:
    """Read and validate the overrides file; a missing file means no overrides. A display name
    that names no one (only a device) is refused: it would bind every such connection."""
    return load_recorded(path, roster, session_ids, names_someone)[0]


def load_recorded(
    path: Path,
    roster: Roster,
    session_ids: Iterable[str],
    names_someone: Callable[[str], bool] = lambda _name: True,
) -> tuple[list[Override], list[Superseded]]:
    """The overrides file's decisions (as ``load_overrides``) and its superseded pick cells."""
    if not path.is_file():
        return [], []
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
    superseded: list[Superseded] = []
    seen: dict[tuple[str, str, str], tuple[str, str]] = {}
    for line, cells in rows:
        row = {n: (faithful(cells[i].strip()) if i < len(cells) else "") for i, n in enumerate(names)}
        where = f"{path.name}: line {line}"
        match, target, session = row.get("participant", ""), row.get("assign", ""), row.get("session", "")
        source = row.get("source", "").lower()
        if source == SUPERSEDED:
            found = _superseded(row, where)
            if isinstance(found, Problem):
                problems.append(found)
            else:
                superseded.append(found)
            continue
        if not match:
            problems.append(Problem(where, "participant is empty"))
        elif not CONNECTION.fullmatch(match) and not names_someone(match):
            problems.append(
                Problem(
                    where,
                    f"participant {match!r} names a device, not a person: it would bind every such "
                    "connection; use the participant key (p-…) from the sheet or `reconcile --explain`",
                )
            )
        if not target:
            problems.append(Problem(where, "assign is empty (an invitee id, an agency, or ignore)"))
        elif target.lower() != IGNORE and target not in ids and target not in agencies:
            if source == OverrideSource.PICK:
                # a pick recorded from the sheet of an invitee since gone from the roster (removed,
                # or renamed in a roster without ids): inert, its row open again and saying why
                continue
            problems.append(
                Problem(where, f"assign {target!r} is neither an invitee id, a roster agency nor 'ignore'")
            )
        if session and session not in sessions and source != OverrideSource.PICK:
            # a pick vc_sync recorded for a session since removed from the config is kept, inert
            problems.append(Problem(where, f"unknown session id {session!r}"))
        if source not in SOURCES:
            problems.append(Problem(where, f"source {row.get('source')!r} is neither blank nor 'pick'"))
        place = row.get("picked_in", "").lower()
        if place not in PLACES:
            problems.append(
                Problem(where, f"picked_in {row.get('picked_in')!r} is neither blank, 'review' nor 'session'")
            )
        made_on = row.get("picked_on", "").lower()
        if made_on not in OUTPUTS:
            problems.append(
                Problem(where, f"picked_on {row.get('picked_on')!r} is neither blank, 'sheet' nor 'workbook'")
            )
        key = (match if CONNECTION.fullmatch(match) else fold(match), session, source)
        if key in seen and seen[key][0] != target:
            problems.append(
                Problem(where, f"{match!r} is already assigned {seen[key][0]!r} on {seen[key][1]}; keep one")
            )
        seen.setdefault(key, (target, f"line {line}"))
        known = OverrideSource(source) if source in SOURCES else OverrideSource.HAND  # else refused
        picked_in = PickedIn(place) if place in PLACES else PickedIn.ANYWHERE  # else refused
        picked_row = row.get("picked_row", "")
        picked_on = PickedOn(made_on) if made_on in OUTPUTS else PickedOn.ANY  # else refused
        note = row.get("note", "")
        out.append(Override(match, target, session, where, known, note, picked_in, picked_row, picked_on))
    if problems:
        raise InputError(problems)
    return out, superseded


def _superseded(row: dict[str, str], where: str) -> Superseded | Problem:
    """A ``source = superseded`` line: the cell (session, picked_in, picked_row) and what it
    said (assign); nothing in it is applied, so a roster or session since gone is no error."""
    place = row.get("picked_in", "").lower()
    for column in ("participant", "assign", "picked_row"):
        if not row.get(column):
            return Problem(
                where, f"{column} is empty (a superseded pick cell records its row and what it said)"
            )
    if place not in (PickedIn.REVIEW, PickedIn.SESSION):
        return Problem(where, f"picked_in {row.get('picked_in')!r} is neither 'review' nor 'session'")
    return Superseded(
        row["participant"], row["assign"], row.get("session", ""), PickedIn(place), row["picked_row"]
    )


def save_overrides(path: Path, overrides: Iterable[Override], superseded: Iterable[Superseded] = ()) -> None:
    """Write the overrides file atomically (when organisers' sheet choices are read back),
    keeping its permissions; superseded pick cells last."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o600
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(COLUMNS)
            for o in overrides:
                row: tuple[str, ...] = (
                    o.match,
                    o.target,
                    o.session,
                    o.source,
                    o.note,
                    o.picked_in,
                    o.picked_row,
                    o.picked_on,
                )
                writer.writerow([inert(v) for v in row])
            for s in superseded:
                row = (s.match, s.said, s.session, SUPERSEDED, "", s.picked_in, s.picked_row, "")
                writer.writerow([inert(v) for v in row])
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
