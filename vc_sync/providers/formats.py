"""Participant-log formats: Zoom's CSV export and report JSON, Meet's CSV and REST resources.

Every parser turns text into ``Segment`` records; the API providers use the same functions
on the pages they fetch, so a saved export and a live pull of the same meeting agree.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pendulum

from vc_sync.errors import InputError, Problem
from vc_sync.model import Segment, Window

FORMATS = ("zoom-csv", "zoom-json", "meet-csv", "meet-json")

# Column recognition by header keyword, for localised exports (en, id, de, es, fr, pt, nl).
_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nama", "nom", "nombre", "nome", "naam", "participant", "peserta"),
    "first": ("first name", "nama depan", "vorname", "prénom", "nombre de pila"),
    "last": ("last name", "nama belakang", "nachname", "nom de famille", "apellido"),
    "email": ("email", "e-mail", "correo", "courriel", "surel"),
    "join": (
        "join",
        "bergabung",
        "beitritt",
        "entrada",
        "arrivée",
        "masuk",
        "entrou",
        "time joined",
    ),
    "leave": ("leave", "keluar", "verlass", "salida", "départ", "saída", "exited", "time exited"),
    "duration": ("duration", "durasi", "dauer", "duración", "durée", "duração", "duur", "lama"),
    "guest": ("guest", "tamu", "gast", "invitado", "invité", "convidado"),
    "waiting": ("waiting room", "ruang tunggu", "warteraum", "sala de espera", "salle d'attente"),
}
_DATE_FORMATS = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %I:%M:%S %p",
    "%d/%m/%Y %I:%M %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
_TIME_FORMATS = ("%I:%M:%S %p", "%I:%M %p", "%H:%M:%S", "%H:%M")
_YES = {"yes", "ya", "ja", "sí", "si", "oui", "sim", "true", "1"}


def _fail(where: str, what: str) -> InputError:
    return InputError(Problem(where, what))


# --- detection ---------------------------------------------------------------------------


def detect(text: str, where: str) -> str:
    """Name the format of a participant log from its content."""
    head = text.lstrip("\ufeff \t\r\n")
    if not head:
        raise _fail(where, "empty file")
    if head[0] in "{[":
        docs = _json_documents(text, where)
        first = docs[0]
        if isinstance(first, dict) and "participantSessions" in first:
            return "meet-json"
        if isinstance(first, dict) and "participants" in first:
            return "zoom-json"
        raise _fail(where, "JSON without 'participants': neither a Zoom report nor Meet resources")
    for _line, cells in _csv_rows(text):
        low = [c.strip().lower() for c in cells]
        if any("time exited" in c or "time joined" in c for c in low) or (
            any(c in _COLUMNS["first"] for c in low) and any(c in _COLUMNS["last"] for c in low)
        ):
            return "meet-csv"
        if _find(low, "join") is not None and _find(low, "name") is not None:
            return "zoom-csv"
        if _find(low, "duration") is not None and _find(low, "name") is not None:
            return "zoom-csv"
    raise _fail(where, "unrecognised participant log: no header with a name and join time or duration")


# --- JSON --------------------------------------------------------------------------------


def _json_documents(text: str, where: str) -> list[Any]:
    """One JSON document, a list of them, or JSON lines; always a list of documents."""
    try:
        doc = json.loads(text)
        return (
            doc
            if isinstance(doc, list)
            and doc
            and isinstance(doc[0], dict)
            and ("participants" in doc[0] or "participantSessions" in doc[0])
            else [doc]
        )
    except json.JSONDecodeError as whole:
        lines = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1) if ln.strip()]
        docs = []
        for number, line in lines:
            try:
                docs.append(json.loads(line))
            except json.JSONDecodeError as exc:
                if not docs:  # not JSON lines either: report the document's own error
                    raise _fail(f"{where}: line {whole.lineno}", f"not valid JSON: {whole.msg}") from None
                raise _fail(f"{where}: line {number}", f"not valid JSON: {exc.msg}") from None
        if not docs:
            raise _fail(where, "empty JSON") from None
        return docs


def _iso(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or not value:
        raise _fail(where, f"missing or empty time {value!r}")
    try:
        return pendulum.parse(value, tz="UTC").in_tz("UTC")
    except Exception:
        raise _fail(where, f"not an ISO 8601 time: {value!r}") from None


# Registration questions whose answers say where a person works or how to reach them
# ("Instansi", "Asal instansi", "Unit kerja", "Nama OPD", "No. HP/WA", "Organization", "Phone")
_WHERE_WORDS = (
    *("instansi", "unit kerja", "satuan kerja", "satker", "opd", "skpd", "perangkat daerah"),
    *("organisasi", "organization", "organisation", "agency", "institusi", "institution"),
    *("lembaga", "dinas", "kantor", "pemda", "pemerintah daerah", "asal daerah"),
    *("kabupaten", "kab", "kota", "provinsi", "prov"),
    *("hp", "handphone", "telepon", "telp", "phone", "whatsapp", "wa", "ponsel", "seluler"),
)


@dataclass(frozen=True)
class Registrant:
    """What a Zoom registrant told the organiser that can place them."""

    email: str | None
    details: tuple[str, ...]  # answers naming an agency, unit or phone


def _tells_where(title: str) -> bool:
    words = f" {' '.join(re.findall(r'[a-z]+', title.lower()))} "
    return any(f" {w} " in words for w in _WHERE_WORDS)


def zoom_registrants(pages: Iterable[Mapping[str, Any]]) -> dict[str, Registrant]:
    """Registrants by id from pages of ``GET /meetings/{id}/registrants`` (or ``/webinars/…``):
    the e-mail, and the organisation, phone and custom answers that place the person."""
    found: dict[str, Registrant] = {}
    for page in pages:
        for reg in page.get("registrants") or []:
            if not isinstance(reg, Mapping) or not reg.get("id"):
                continue
            answers = [reg.get("org"), reg.get("phone")]
            answers += [
                q.get("value")
                for q in reg.get("custom_questions") or []
                if isinstance(q, Mapping) and _tells_where(str(q.get("title") or ""))
            ]
            details = dict.fromkeys(t for a in answers if (t := str(a or "").strip()))
            email = str(reg.get("email") or "").strip() or None
            found[str(reg["id"])] = Registrant(email, tuple(details))
    return found


def zoom_records(
    records: Iterable[Mapping[str, Any]],
    source: str,
    where: str,
    start: int = 0,
    registrants: Mapping[str, Registrant] | None = None,
) -> list[Segment]:
    """Segments from Zoom participant records (report or past-meeting endpoint); a record's
    ``registrant_id`` brings that registrant's e-mail (when Zoom gives none) and answers."""
    out = []
    for n, rec in enumerate(records, start=start):
        at = f"{where}: participants[{n}]"
        if not isinstance(rec, Mapping):
            raise _fail(at, "not an object")
        if rec.get("status") == "in_waiting_room":
            continue
        join = _iso(rec.get("join_time"), f"{at}.join_time")
        leave = (
            _iso(rec.get("leave_time"), f"{at}.leave_time")
            if rec.get("leave_time")
            else join + timedelta(seconds=float(rec.get("duration") or 0))
        )
        # user_id is recycled across instances and cannot be scoped in a saved file: not an id
        pid = rec.get("participant_user_id") or rec.get("id") or None
        reg = (registrants or {}).get(str(rec.get("registrant_id") or ""))
        out.append(
            Segment(
                name=str(rec.get("name") or "").strip(),
                join=join,
                leave=max(leave, join),
                email=(str(rec.get("user_email") or "").strip() or (reg.email if reg else None)),
                participant_id=str(pid) if pid else None,
                source=source,
                seq=n,
                raw=dict(rec),
                details=reg.details if reg else (),
            )
        )
    return out


def parse_zoom_json(text: str, where: str, source: str) -> list[Segment]:
    segments: list[Segment] = []
    for page_no, doc in enumerate(_json_documents(text, where)):
        if not isinstance(doc, dict) or not isinstance(doc.get("participants"), list):
            raise _fail(f"{where}: page {page_no + 1}", "expected an object with a 'participants' list")
        segments += zoom_records(doc["participants"], source, where, start=len(segments))
    return segments


def meet_segments(doc: Mapping[str, Any], where: str, source: str, window: Window | None) -> list[Segment]:
    """Segments from Meet REST resources: participants, their sessions, and (an extension)
    ``users`` mapping ``users/{id}`` to directory entries with ``primaryEmail``."""
    people = doc.get("participants")
    sessions = doc.get("participantSessions")
    if not isinstance(people, list) or not isinstance(sessions, dict):
        raise _fail(where, "expected 'participants' (a list) and 'participantSessions' (an object)")
    users = doc.get("users") or {}
    out: list[Segment] = []
    for n, person in enumerate(people):
        at = f"{where}: participants[{n}]"
        if not isinstance(person, dict) or "name" not in person:
            raise _fail(at, "a participant needs its resource 'name'")
        kind = next((k for k in ("signedinUser", "anonymousUser", "phoneUser") if k in person), None)
        if kind is None:
            raise _fail(at, "neither signedinUser, anonymousUser nor phoneUser")
        who = person[kind] or {}
        user = who.get("user")
        email = (users.get(user) or {}).get("primaryEmail") if user else None
        for k, ses in enumerate(sessions.get(person["name"], [])):
            sat = f"{where}: participantSessions[{person['name']!r}][{k}]"
            join = _iso(ses.get("startTime"), f"{sat}.startTime")
            approximate = False
            if ses.get("endTime"):
                leave = _iso(ses["endTime"], f"{sat}.endTime")
            else:  # still connected when the log was taken
                leave = max(join, window.end) if window else join
                approximate = True
            out.append(
                Segment(
                    name=str(who.get("displayName") or "").strip(),
                    join=join,
                    leave=leave,
                    email=email,
                    participant_id=user or person["name"],
                    source=source,
                    seq=len(out),
                    approximate=approximate,
                    raw={"participant": person, "session": ses},
                )
            )
    return out


def parse_meet_json(text: str, where: str, source: str, window: Window | None) -> list[Segment]:
    segments: list[Segment] = []
    for doc in _json_documents(text, where):
        if not isinstance(doc, dict):
            raise _fail(where, "expected an object")
        for seg in meet_segments(doc, where, source, window):
            segments.append(_renumber(seg, len(segments)))
    return segments


def _renumber(seg: Segment, seq: int) -> Segment:
    return Segment(
        seg.name,
        seg.join,
        seg.leave,
        seg.email,
        seg.participant_id,
        seg.source,
        seq,
        seg.approximate,
        seg.raw,
    )


# --- CSV ---------------------------------------------------------------------------------


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    text = text.lstrip("\ufeff")
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delimiter = (
        ";" if first.count(";") > first.count(",") else "\t" if first.count("\t") > first.count(",") else ","
    )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for cells in reader:
        if any(c.strip() for c in cells):
            yield reader.line_num, cells


def _find(header: Sequence[str], kind: str) -> int | None:
    """Index of the column whose header names ``kind`` (first match wins)."""
    words = _COLUMNS[kind]
    for i, h in enumerate(header):
        if kind == "name" and any(
            w in h for w in ("mail", "user email", "first", "last", "depan", "belakang")
        ):
            continue
        if any(w in h for w in words):
            return i
    return None


class _Dates:
    """Picks the one date format that reads every value, nearest the session window."""

    def __init__(self, values: Sequence[tuple[str, str]], tz: str, window: Window | None):
        self.tz = tz
        self.window = window
        self.fmt = self._choose(values)

    def _choose(self, values: Sequence[tuple[str, str]]) -> str | None:
        texts = [v for _, v in values if v]
        if not texts:
            return None
        fitting = []
        for fmt in _DATE_FORMATS + _TIME_FORMATS:
            try:
                parsed = [datetime.strptime(t.strip(), fmt) for t in texts]
            except ValueError:
                continue
            fitting.append((fmt, parsed[0]))
        if not fitting:
            best_where, best_text = values[0]
            for where, text in values:
                if not any(_parses(text, f) for f in _DATE_FORMATS + _TIME_FORMATS):
                    best_where, best_text = where, text
                    break
            raise _fail(best_where, f"unrecognised date and time {best_text!r}")
        if len(fitting) == 1 or self.window is None:
            return fitting[0][0]
        target = self.window.start.replace(tzinfo=None)
        return min(fitting, key=lambda f: abs((self._localise(f[0], f[1]) - target).total_seconds()))[0]

    def _localise(self, fmt: str, value: datetime) -> datetime:
        if fmt in _TIME_FORMATS and self.window is not None:
            day = pendulum.instance(self.window.start).in_tz(self.tz)
            return value.replace(year=day.year, month=day.month, day=day.day)
        return value

    def parse(self, text: str, where: str = "") -> datetime:
        if not text.strip() or self.fmt is None:
            raise _fail(where, "empty date and time")
        naive = self._localise(self.fmt, datetime.strptime(text.strip(), self.fmt))
        return pendulum.instance(naive, tz=self.tz).in_tz("UTC")


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text.strip(), fmt)
        return True
    except ValueError:
        return False


def _minutes(text: str, where: str) -> float:
    """A duration as Zoom (minutes) or Meet ('1:23:45', '1 hr 23 min', '83 min') writes it."""
    t = text.strip().lower()
    if not t:
        return 0.0
    if re.fullmatch(r"\d+(\.\d+)?", t.replace(",", ".")):
        return float(t.replace(",", "."))
    if m := re.fullmatch(r"(\d+):(\d{1,2})(?::(\d{1,2}))?", t):
        h, mi, s = m.groups()
        if s is None:
            return int(h) + int(mi) / 60.0  # mm:ss
        return int(h) * 60 + int(mi) + int(s) / 60.0
    total, found = 0.0, False
    for amount, unit in re.findall(
        r"(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hour|hours|jam|j|m|min|mins|menit|minutes|s|sec|secs|detik)\b",
        t,
    ):
        found = True
        value = float(amount.replace(",", "."))
        total += (
            value * 60
            if unit in ("h", "hr", "hrs", "hour", "hours", "jam", "j")
            else value / 60
            if unit in ("s", "sec", "secs", "detik")
            else value
        )
    if not found:
        raise _fail(where, f"unrecognised duration {text!r}")
    return total


def _row_segment(
    name: str,
    join: datetime,
    leave: datetime,
    email: str | None,
    source: str,
    seq: int,
    approximate: bool,
    header: Sequence[str],
    cells: Sequence[str],
) -> Segment:
    """A segment from one CSV row, keeping the row's cells by header for the archive."""
    raw = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
    return Segment(name, join, leave, email, None, source, seq, approximate, raw)


def parse_zoom_csv(text: str, where: str, source: str, tz: str, window: Window | None) -> list[Segment]:
    """Zoom's participant export: optional meeting block, then one row per connection (or per
    person with 'unique users', where only a total duration is known)."""
    rows = list(_csv_rows(text))
    meeting_start: str | None = None
    header_at = None
    for pos, (_line, cells) in enumerate(rows):
        low = [c.strip().lower() for c in cells]
        if (
            _find(low, "name") is not None
            and (_find(low, "join") is not None or _find(low, "duration") is not None)
            and not any("meeting id" in c or "topic" in c for c in low)
        ):
            header_at = pos
            break
        if any("start time" in c or "waktu mulai" in c for c in low) and pos + 1 < len(rows):
            col = next(i for i, c in enumerate(low) if "start time" in c or "waktu mulai" in c)
            values = rows[pos + 1][1]
            meeting_start = values[col] if col < len(values) else None
    if header_at is None:
        raise _fail(where, "no participant header (a name column with join time or duration)")
    header = [c.strip().lower() for c in rows[header_at][1]]
    cols = {k: _find(header, k) for k in ("name", "email", "join", "leave", "duration", "waiting")}
    body = rows[header_at + 1 :]
    if cols["join"] is not None and cols["leave"] is None:
        raise _fail(f"{where}: line {rows[header_at][0]}", "a join time column but no leave time column")

    def cell(cells: list[str], kind: str) -> str:
        i = cols[kind]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    stamps = [
        (f"{where}: line {ln}", cell(c, k))
        for ln, c in body
        for k in ("join", "leave")
        if cols[k] is not None
    ]
    if meeting_start:
        stamps.append((f"{where}: meeting block", meeting_start))
    dates = _Dates(stamps, tz, window)
    out = []
    for line, cells in body:
        at = f"{where}: line {line}"
        if cell(cells, "waiting").lower() in _YES:
            continue
        name = cell(cells, "name")
        email = cell(cells, "email") or None
        try:
            if cols["join"] is not None:
                join, leave = dates.parse(cell(cells, "join"), at), dates.parse(cell(cells, "leave"), at)
                approximate = False
            else:
                start = (
                    dates.parse(meeting_start, at) if meeting_start else (window.start if window else None)
                )
                if start is None:
                    raise _fail(at, "only durations and no meeting start: cannot place this row in time")
                join = start
                leave = join + timedelta(minutes=_minutes(cell(cells, "duration"), at))
                approximate = True
        except ValueError as exc:
            raise _fail(at, f"unreadable time: {exc}") from None
        if leave < join:
            raise _fail(at, "leave time before join time")
        out.append(_row_segment(name, join, leave, email, source, len(out), approximate, header, cells))
    return out


def parse_meet_csv(text: str, where: str, source: str, tz: str, window: Window | None) -> list[Segment]:
    """Meet's attendance report: a row per person with first join, last exit and duration."""
    rows = list(_csv_rows(text))
    if not rows:
        raise _fail(where, "empty file")
    header_line, raw_header = rows[0]
    header = [c.strip().lower() for c in raw_header]
    cols = {k: _find(header, k) for k in ("first", "last", "name", "email", "join", "leave", "duration")}
    missing = [k for k in ("join",) if cols[k] is None]
    if cols["name"] is None and cols["first"] is None:
        missing.insert(0, "name")
    if missing:
        raise _fail(
            f"{where}: line {header_line}",
            f"columns not found: {', '.join(missing)} (header: {', '.join(raw_header)})",
        )

    def cell(cells: list[str], kind: str) -> str:
        i = cols[kind]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    stamps = [
        (f"{where}: line {ln}", cell(c, k))
        for ln, c in rows[1:]
        for k in ("join", "leave")
        if cols[k] is not None
    ]
    dates = _Dates(stamps, tz, window)
    out = []
    for line, cells in rows[1:]:
        at = f"{where}: line {line}"
        name = cell(cells, "name") or " ".join(p for p in (cell(cells, "first"), cell(cells, "last")) if p)
        join = dates.parse(cell(cells, "join"), at)
        leave = dates.parse(cell(cells, "leave"), at) if cell(cells, "leave") else None
        approximate = False
        if cols["duration"] is not None and cell(cells, "duration"):
            spent = timedelta(minutes=_minutes(cell(cells, "duration"), at))
            if leave is None or spent < leave - join - timedelta(minutes=1):
                leave, approximate = join + spent, True
        if leave is None:
            raise _fail(at, "neither an exit time nor a duration")
        if leave < join:
            raise _fail(at, "exit time before join time")
        out.append(
            _row_segment(
                name, join, leave, cell(cells, "email") or None, source, len(out), approximate, header, cells
            )
        )
    return out


def parse(
    text: str, fmt: str | None, where: str, source: str, tz: str, window: Window | None
) -> list[Segment]:
    """Segments from a participant log in ``fmt`` (detected when None)."""
    fmt = fmt or detect(text, where)
    if fmt == "zoom-csv":
        return parse_zoom_csv(text, where, source, tz, window)
    if fmt == "zoom-json":
        return parse_zoom_json(text, where, source)
    if fmt == "meet-csv":
        return parse_meet_csv(text, where, source, tz, window)
    if fmt == "meet-json":
        return parse_meet_json(text, where, source, window)
    raise _fail(where, f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
