"""The invitee roster: CSV (comma or semicolon, BOM or not) or the first sheet of an XLSX."""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from vc_sync.errors import InputError, Problem
from vc_sync.inputs import TABLE_LIMIT, check_width, csv_rows, delimiter_of, read_bytes, read_text
from vc_sync.matching.phones import normalise as normalise_phone
from vc_sync.model import ROLES, Invitee, Roster

REQUIRED = ("sessions", "agency")
KNOWN = ("id", "sessions", "agency", "name", "email", "phone", "aliases", "role", "region", "unit")
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
_ROLE_WORDS = {
    "participant": "participant",
    "peserta": "participant",
    "": "participant",
    "organiser": "organiser",
    "organizer": "organiser",
    "panitia": "organiser",
    "host": "organiser",
    "speaker": "organiser",
    "narasumber": "organiser",
}


def read_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Header and (line number, cells) of a CSV or XLSX table, blank rows skipped. A stray or
    unclosed quote, a row of another width than the header, or an oversized cell is an error
    naming the line where it starts."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    text = read_text(path, TABLE_LIMIT, "a roster or overrides table", hint="save it as CSV UTF-8")
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for line, cells in csv_rows(text, path.name, delimiter_of(text)):
        if header is None:
            header = cells
            continue
        check_width(cells, header, path.name, line)
        rows.append((line, cells))
    if header is None:
        raise InputError(Problem(str(path), "empty file: no header row"))
    return header, iter(rows)


def _xlsx_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    import openpyxl

    body = read_bytes(path, TABLE_LIMIT, "a roster or overrides table")
    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InputError(Problem(str(path), f"not a readable .xlsx workbook: {exc}")) from None
    sheet = book.worksheets[0]
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else str(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = cells
        else:
            rows.append((number, cells))
    book.close()
    if header is None:
        raise InputError(Problem(str(path), "empty sheet: no header row"))
    return header, iter(rows)


def _split(value: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\s]+", value) if p.strip()]


def derived_id(agency: str, name: str, email: str, phone: str, occurrence: int) -> str:
    """A stable id from a row's content (not its position); repeats of the same content
    (open seats of one agency) are told apart by their order among themselves."""
    content = "\x1f".join(v.strip().lower() for v in (agency, name, email, phone))
    digest = hashlib.sha1(content.encode()).hexdigest()[:8]
    return f"r-{digest}" + (f"-{occurrence}" if occurrence > 1 else "")


def load_roster(path: str | Path, session_ids: Iterable[str] | None = None) -> Roster:
    """Read and validate a roster; raise InputError listing every problem with its line."""
    path = Path(path)
    header, rows = read_rows(path)
    names = [h.strip().lower() for h in header]
    problems: list[Problem] = []
    for col in REQUIRED:
        if col not in names:
            problems.append(Problem(f"{path.name}: line 1", f"missing required column {col!r}"))
    dupes = [h for h, n in Counter(n for n in names if n).items() if n > 1]
    for col in dupes:
        problems.append(Problem(f"{path.name}: line 1", f"column {col!r} appears twice"))
    if problems:
        raise InputError(problems)
    known_sessions = set(session_ids) if session_ids is not None else None
    extra_columns = tuple(h.strip() for h, n in zip(header, names, strict=True) if n and n not in KNOWN)
    invitees: list[Invitee] = []
    seen_ids: dict[str, int] = {}
    occurrences: Counter[str] = Counter()
    for line, cells in rows:
        where = f"{path.name}: line {line}"
        row = {n: (cells[i].strip() if i < len(cells) else "") for i, n in enumerate(names) if n}
        agency = row.get("agency", "")
        if not agency:
            problems.append(Problem(where, "agency is empty"))
        sessions_text = row.get("sessions", "")
        sessions: frozenset[str] | None
        if sessions_text == "*":
            sessions = None
        else:
            sessions = frozenset(_split(sessions_text))
            if not sessions:
                problems.append(Problem(where, "sessions is empty (use * for every session)"))
            elif known_sessions is not None:
                for sid in sorted(sessions - known_sessions):
                    problems.append(Problem(where, f"unknown session id {sid!r}"))
        role_text = row.get("role", "").lower()
        role = _ROLE_WORDS.get(role_text)
        if role is None:
            problems.append(Problem(where, f"unknown role {row.get('role')!r} (use {' or '.join(ROLES)})"))
            role = "participant"
        email = row.get("email", "")
        if email and not _EMAIL.match(email):
            problems.append(Problem(where, f"malformed email {email!r}"))
        phone = row.get("phone", "")
        if phone and normalise_phone(phone) is None:
            problems.append(Problem(where, f"malformed phone {phone!r}"))
        name = row.get("name", "")
        rid = row.get("id", "")
        if not rid:
            content = (agency, name, email, phone)
            key = "\x1f".join(content).lower()
            occurrences[key] += 1
            rid = derived_id(*content, occurrences[key])
        if rid in seen_ids:
            problems.append(Problem(where, f"duplicate id {rid!r} (first on line {seen_ids[rid]})"))
        seen_ids.setdefault(rid, line)
        aliases = tuple(a.strip() for a in row.get("aliases", "").split(";") if a.strip())
        extra = {h: row.get(h.lower(), "") for h in extra_columns}
        invitees.append(
            Invitee(
                id=rid,
                agency=agency,
                sessions=sessions,
                name=name,
                email=email,
                phone=phone,
                aliases=aliases,
                role=role,
                region=row.get("region", ""),
                unit=row.get("unit", ""),
                extra=extra,
                line=line,
            )
        )
    if problems:
        raise InputError(problems)
    if not invitees:
        raise InputError(Problem(path.name, "the roster has no rows"))
    return Roster(tuple(invitees), source=str(path), extra_columns=extra_columns)
