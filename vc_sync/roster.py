"""The invitee roster: CSV (comma, semicolon or tab; BOM or not; Excel's ``sep=`` line; UTF-8 or
UTF-16) or the first sheet of an XLSX."""

from __future__ import annotations

import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from vc_sync.errors import InputError, Problem
from vc_sync.hints import did_you_mean
from vc_sync.inputs import (
    TABLE_LIMIT,
    UndecodedText,
    check_width,
    csv_rows,
    delimiter_of,
    head_text,
    read_bytes,
    read_text,
    separator_line,
)
from vc_sync.kinds import Role
from vc_sync.matching.phones import normalise as normalise_phone
from vc_sync.model import Invitee, Roster

REQUIRED = ("sessions", "agency")
KNOWN = ("id", "sessions", "agency", "name", "email", "phone", "aliases", "role", "region", "unit")
# Headers as secretariats write them, in Indonesian and English (compared in lower case, with
# punctuation as spaces: "No. HP/WA" is "no hp wa")
HEADERS = {
    "id": ("id",),
    "sessions": ("sessions", "session", "sesi"),
    "agency": ("agency", "instansi", "nama instansi", "asal instansi"),
    "name": ("name", "nama", "nama peserta", "nama lengkap"),
    "email": ("email", "e mail", "surel", "alamat email"),
    "phone": (
        *("phone", "no hp", "nomor hp", "hp", "no hp wa", "hp wa", "wa", "no wa", "nomor wa"),
        *("whatsapp", "no whatsapp", "telepon", "no telepon", "telp", "no telp", "ponsel", "handphone"),
    ),
    "aliases": ("aliases", "alias"),
    "role": ("role", "peran"),
    "region": ("region", "wilayah", "daerah"),
    "unit": ("unit", "unit kerja", "satuan kerja", "satker"),
}
# Excel's plain "CSV (Comma delimited)" is Windows' own encoding, not UTF-8: the type to choose
SAVE_AS_UTF8 = "save it as CSV UTF-8: in Excel, File › Save As, type 'CSV UTF-8 (Comma delimited) (*.csv)'"
INDONESIAN = {"sessions": "sesi", "agency": "instansi"}  # the required columns' Indonesian names
_HEADER = {alias: column for column, aliases in HEADERS.items() for alias in aliases}
_DECIMAL_PHONE = re.compile(r"^(\+?\d{6,})\.0+$")
_EMAIL = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$")
_ROLE_WORDS = {
    "participant": Role.PARTICIPANT,
    "peserta": Role.PARTICIPANT,
    "": Role.PARTICIPANT,
    "organiser": Role.ORGANISER,
    "organizer": Role.ORGANISER,
    "panitia": Role.ORGANISER,
    "host": Role.ORGANISER,
    "speaker": Role.ORGANISER,
    "narasumber": Role.ORGANISER,
}
ROLE_HINT = "use peserta, panitia or narasumber; or participant, organiser or speaker; empty is peserta"

Explain = Callable[[list[str], list[str]], str | None]


class Header(list[str]):
    """A table's header cells, with the line they are on and, in a workbook, the sheet's name."""

    line: int = 1
    sheet: str = ""


def read_rows(
    path: Path, explain: Explain | None = None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """Header and (line number, cells) of a CSV or XLSX table, blank rows skipped. A stray or
    unclosed quote, a row of another width than the header, or an oversized cell is an error
    naming the line where it starts; ``explain(header, cells)`` may say what a row wider than
    its comma-separated header most likely holds."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_rows(path)
    try:
        text = read_text(path, TABLE_LIMIT, "a roster or overrides table", hint=SAVE_AS_UTF8)
    except UndecodedText as exc:
        if (workbook := _OTHER_WORKBOOKS.get(exc.head[:4])) is not None:
            raise InputError(Problem(path.name, workbook)) from None
        raise
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    text, delimiter = _delimited(text)
    width = 0
    for line, cells in csv_rows(text, path.name, delimiter):
        if header is None:
            header = Header(cells)
            header.line = line
            width = len(header) if header[-1].strip() else -1  # -1: check_width finds it
            continue
        if len(cells) == width:  # as many cells as the header's: right whatever they hold
            rows.append((line, cells))
            continue
        try:
            check_width(cells, header, path.name, line)
        except InputError:
            why = explain(header, cells) if explain and delimiter == "," else None
            if why is None:
                raise
            raise InputError(Problem(f"{path.name}: line {line}", why)) from None
        rows.append((line, cells))
    if header is None:
        raise InputError(Problem(str(path), "empty file: no header row"))
    return header, iter(rows)


# what a table that is no text is, by its first bytes, and how to save one vc_sync reads
_OTHER_WORKBOOKS = {
    b"\xd0\xcf\x11\xe0": (
        "an Excel 97-2003 workbook (.xls), which vc_sync does not read: in Excel, File › Save As, type "
        "'Excel Workbook (*.xlsx)' or 'CSV UTF-8 (Comma delimited) (*.csv)', and set event.roster to it"
    ),
    b"PK\x03\x04": (
        "a workbook, not CSV text (an .ods of LibreOffice Calc, or an .xlsx under another name): save it "
        "as 'Excel 2007-365 (.xlsx)' (in Calc, File › Save As) and set event.roster to it"
    ),
}


def _xlsx_rows(path: Path) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    import openpyxl

    body = read_bytes(path, TABLE_LIMIT, "a roster or overrides table")
    try:
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise InputError(
            Problem(
                path.name,
                f"not a readable .xlsx workbook ({exc}); open it in Excel and save it as "
                "'Excel Workbook (*.xlsx)', or as 'CSV UTF-8 (Comma delimited) (*.csv)'",
            )
        ) from None
    sheet = book.worksheets[0]
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = ["" if v is None else str(v) for v in values]
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = Header(cells)
            header.line, header.sheet = number, sheet.title
        else:
            rows.append((number, cells))
    book.close()
    if header is None:
        raise InputError(Problem(str(path), "empty sheet: no header row"))
    return header, iter(rows)


_SEPARATORS = re.compile(r"[;,\s]+")


@lru_cache(maxsize=1024)
def _split(value: str) -> tuple[str, ...]:
    """Session ids in a cell: separated by ';', spaces, or commas in a quoted cell (a roster
    repeats a few such cells on thousands of rows: each is split once)."""
    return tuple(p.strip() for p in _SEPARATORS.split(value) if p.strip())


def column_of(header: str) -> str:
    """The roster column a header names: a known column by any of its names, else the header
    in lower case."""
    plain = " ".join(re.sub(r"[^\w]+", " ", header.lower()).split())
    return _HEADER.get(plain, header.strip().lower())


def _missing(column: str, unknown: list[str]) -> str:
    """A required column not found, with the header that was probably meant for it."""
    names = f"{column!r} or {INDONESIAN[column]!r}"
    near = ""
    for header in unknown:
        plain = " ".join(re.sub(r"[^\w]+", " ", header.lower()).split())
        if did_you_mean(plain, HEADERS[column], cutoff=0.7):
            near = f" (is {header!r} meant to be it?)"
            break
    return f"missing required column {names}{near}"


def _columns_note(name: str, header: list[str], names: list[str], rows: list[list[str]]) -> tuple[str, ...]:
    """One line saying which columns are carried as they are (with a near known name when one
    is close) and which are ignored (no header, yet cells)."""
    carried = []
    for h, n in zip(header, names, strict=True):
        if n and n not in KNOWN:
            plain = " ".join(re.sub(r"[^\w]+", " ", h.lower()).split())
            near = did_you_mean(plain, _HEADER, cutoff=0.8)
            carried.append(f"{h.strip()}{near}")
    ignored = [
        str(i + 1)
        for i, n in enumerate(names)
        if not n and any(i < len(cells) and cells[i].strip() for cells in rows)
    ]
    parts = []
    if carried:
        parts.append(f"carried to the output as they are: {', '.join(carried)}")
    if ignored:
        parts.append(f"ignored (no header): column {', '.join(ignored)}")
    return (f"{name}: columns {'; '.join(parts)}",) if parts else ()


def _delimited(text: str) -> tuple[str, str]:
    """A CSV's text and its separator: the one Excel's ``sep=`` line names, else a comma,
    a semicolon or a tab, whichever the first line has most of."""
    text, named = separator_line(text)
    return text, named or delimiter_of(text, ";\t")


def _first_line_delimiter(path: Path) -> str:
    """The separator of a CSV read moments ago, from its first 64 KiB."""
    return _delimited(head_text(path))[1]


def _session_like(text: str, known: set[str] | None) -> bool:
    words = _split(text)
    return bool(known) and bool(words) and all(w in known for w in words)  # type: ignore[operator]


def _sessions(text: str, known: set[str] | None) -> tuple[frozenset[str] | None, tuple[str, ...]]:
    """A sessions cell's ids (None: every session) and what is wrong with it."""
    if text == "*":
        return None, ()
    sessions = frozenset(_split(text))
    if not sessions:
        return sessions, ("sessions is empty (use * for every session)",)
    if known is None or sessions <= known:
        return sessions, ()
    ids = ", ".join(sorted(known)[:8]) + (", …" if len(known) > 8 else "")
    if meant := _meant(text, known):  # 'Sesi 1', '1', 's1': a session written as people say it
        return sessions, (f"unknown session {text!r}: write {meant!r} (the config's session ids: {ids})",)
    return sessions, tuple(
        f"unknown session id {sid!r} (the config's session ids: {ids})" for sid in sorted(sessions - known)
    )


_SESSION_WORDS = re.compile(r"\b(?:sesi|session|sessions)\b", re.IGNORECASE)


def _meant(text: str, known: set[str]) -> str | None:
    """The config's ids a sessions cell most likely means, each word read alone: the same id in
    another case, or the one id ending in the same number ('Sesi 1', '1' for S1); None when a
    word fits no single id."""
    words = _split(_SESSION_WORDS.sub(" ", text))
    out = []
    for word in words:
        same = [k for k in known if k.casefold() == word.casefold()]
        if not same and word.isdigit():
            same = [k for k in known if (m := re.search(r"(\d+)$", k)) and int(m[1]) == int(word)]
        if len(same) != 1:
            return None
        out.append(same[0])
    return ";".join(dict.fromkeys(out)) if out else None


def _glued(sessions: str, after: str) -> str:
    return (
        f'{after!r} after sessions {sessions!r} looks like an unquoted "{sessions},{after}": in a '
        f'comma-separated roster write several sessions as "{sessions};{after}" or "{sessions} {after}", '
        "or in quotes"
    )


def derived_id(agency: str, name: str, email: str, phone: str, occurrence: int) -> str:
    """A stable id from a row's content (not its position); repeats of the same content
    (open seats of one agency) are told apart by their order among themselves."""
    content = "\x1f".join(v.strip().lower() for v in (agency, name, email, phone))
    digest = hashlib.sha1(content.encode()).hexdigest()[:8]
    return f"r-{digest}" + (f"-{occurrence}" if occurrence > 1 else "")


def load_roster(path: str | Path, session_ids: Iterable[str] | None = None) -> Roster:
    """Read and validate a roster; raise InputError listing every problem with its line."""
    path = Path(path)
    known_sessions = set(session_ids) if session_ids is not None else None

    def explain(header: list[str], cells: list[str]) -> str | None:
        at = [column_of(h) if h.strip() else "" for h in header]
        i = at.index("sessions") if "sessions" in at else len(cells)
        if i + 1 < len(cells) and all(_session_like(c, known_sessions) for c in cells[i : i + 2]):
            return _glued(cells[i].strip(), cells[i + 1].strip())
        return None

    header, row_iter = read_rows(path, explain)
    rows = list(row_iter)
    names = [column_of(h) if h.strip() else "" for h in header]
    problems: list[Problem] = []
    unknown = [h for h, n in zip(header, names, strict=True) if n and n not in KNOWN]
    line_of = header.line if isinstance(header, Header) else 1
    if not any(col in names for col in REQUIRED):  # no roster header at all: say what is there
        sheet = f", sheet {header.sheet!r}" if isinstance(header, Header) and header.sheet else ""
        shown = ", ".join(c.strip() for c in header if c.strip())[:160]
        where_header = "the first row of the first sheet" if sheet else "its first line"
        raise InputError(
            Problem(
                f"{path.name}: line {line_of}",
                f"missing required columns 'sessions' or 'sesi' and 'agency' or 'instansi'{sheet}: this "
                f"line reads {shown!r}; the roster's header must be {where_header}",
            )
        )
    for col in REQUIRED:
        if col not in names:
            problems.append(Problem(f"{path.name}: line {line_of}", _missing(col, unknown)))
    dupes = [h for h, n in Counter(n for n in names if n).items() if n > 1]
    for col in dupes:
        written = " and ".join(repr(h.strip()) for h, n in zip(header, names, strict=True) if n == col)
        problems.append(Problem(f"{path.name}: line 1", f"column {col!r} appears twice ({written})"))
    if problems:
        raise InputError(problems)
    extra_columns = tuple(h.strip() for h, n in zip(header, names, strict=True) if n and n not in KNOWN)
    notes = _columns_note(path.name, header, names, [c for _, c in rows])
    warnings: list[str] = []
    after = names.index("sessions") + 1
    comma = path.suffix.lower() not in (".xlsx", ".xlsm") and _first_line_delimiter(path) == ","
    invitees: list[Invitee] = []
    seen_ids: dict[str, int] = {}
    occurrences: Counter[str] = Counter()
    file_name = path.name
    # a roster repeats a few texts in thousands of rows: each is looked at once
    columns = [(i, n) for i, n in enumerate(names) if n]
    extra_at = [(h, column_of(h)) for h in extra_columns]
    session_like = cache(lambda text: _session_like(text, known_sessions))
    sessions_of = cache(lambda text: _sessions(text, known_sessions))
    for line, cells in rows:
        where = f"{file_name}: line {line}"
        if len(cells) >= len(names):
            row = {n: cells[i].strip() for i, n in columns}
        else:
            row = {n: (cells[i].strip() if i < len(cells) else "") for i, n in columns}
        if (  # "S1,S2" unquoted: S2 went a column on
            comma
            and after < len(cells)
            and session_like(cells[after])
            and session_like(row.get("sessions", ""))
        ):
            glued = _glued(row["sessions"], cells[after].strip())
            if names[after] in KNOWN:  # the rest of the row is shifted: that one line says it all
                problems.append(Problem(where, glued))
                continue
            warnings.append(f"{where}: {glued}; read as sessions {row['sessions']!r} only")
        agency = row.get("agency", "")
        if not agency:
            problems.append(Problem(where, "agency is empty"))
        sessions, why = sessions_of(row.get("sessions", ""))
        if why:
            problems.extend(Problem(where, w) for w in why)
        role_text = row.get("role", "").lower()
        role = _ROLE_WORDS.get(role_text)
        if role is None:
            problems.append(Problem(where, f"unknown role {row.get('role')!r} ({ROLE_HINT})"))
            role = Role.PARTICIPANT
        email = row.get("email", "")
        if email and not _EMAIL.match(email):
            problems.append(Problem(where, f"malformed email {email!r}"))
        phone = _DECIMAL_PHONE.sub(r"\1", row.get("phone", ""))  # 6281234567890.0: a number saved as a float
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
        aliases_text = row.get("aliases", "")
        aliases = tuple(a.strip() for a in aliases_text.split(";") if a.strip()) if aliases_text else ()
        extra = {h: row.get(column, "") for h, column in extra_at}
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
    return Roster(
        tuple(invitees),
        source=str(path),
        extra_columns=extra_columns,
        notes=notes,
        warnings=tuple(warnings),
    )
