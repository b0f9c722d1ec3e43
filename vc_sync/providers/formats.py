"""Participant-log formats: Zoom's CSV export and report JSON, Meet's CSV and REST resources.

Every parser turns text into ``Segment`` records; the API providers use the same functions
on the pages they fetch, so a saved export and a live pull of the same meeting agree. Another
module adds a format with a ``Format`` behind a ``vc_sync.formats`` entry point: a session's
``format`` may name it, and its ``sniff`` is asked before the built-in detection.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from vc_sync.errors import InputError, Problem
from vc_sync.inputs import check_width, csv_rows, delimiter_of
from vc_sync.model import YEARS, Segment, Window
from vc_sync.providers.base import declared

FORMATS = ("zoom-csv", "zoom-json", "meet-csv", "meet-json")  # built in (``BUILT_IN``), found by ``detect``
GROUP = "vc_sync.formats"

# (text, where, source, tz, window, notes) -> segments
Parser = Callable[[str, str, str, str, "Window | None", "list[str] | None"], "list[Segment]"]


@dataclass(frozen=True)
class Format:
    """A participant-log format: its name, its parser, and how to recognise it."""

    name: str
    parse: Parser
    sniff: Callable[[str], bool] = lambda _text: False


def registered() -> dict[str, Format]:
    """The formats of other modules (``vc_sync.formats`` entry points), by name."""
    found: dict[str, Format] = {}
    for ep in declared(GROUP):
        try:
            fmt = ep.load()
        except Exception as exc:  # a broken plugin must not break every command
            raise InputError(Problem(f"entry point {ep.name}", f"cannot load format: {exc}")) from None
        if ep.name not in FORMATS:
            found.setdefault(ep.name, fmt)
    return found


def names() -> tuple[str, ...]:
    """Every format a session's ``format`` may name."""
    return (*FORMATS, *registered())


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
    "%d/%m/%Y %H.%M.%S",  # the Indonesian locale's time, as Excel saves an export it opened
    "%d/%m/%Y %H.%M",
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
    for name, fmt in registered().items():
        if fmt.sniff(text):
            return name
    if head[0] in "{[":
        docs = _json_documents(text, where)
        first = docs[0]
        if isinstance(first, dict) and "participantSessions" in first:
            return "meet-json"
        if isinstance(first, dict) and "participants" in first:
            return "zoom-json"
        raise _fail(where, "JSON without 'participants': neither a Zoom report nor Meet resources")
    for _line, cells in _csv_rows(text, where):
        low = [c.strip().lower() for c in cells]
        if any("time exited" in c or "time joined" in c for c in low) or (
            any(c in _COLUMNS["first"] for c in low) and any(c in _COLUMNS["last"] for c in low)
        ):
            return "meet-csv"
        if _find(low, "join") is not None and _find(low, "name") is not None:
            return "zoom-csv"
        if _find(low, "duration") is not None and _find(low, "name") is not None:
            return "zoom-csv"
    raise _fail(
        where,
        "unrecognised participant log: no header with a name and join time or duration "
        f"({_first_row(text, where)})",
    )


def _first_row(text: str, where: str, limit: int = 160) -> str:
    """The first row as found, for an error that says what it saw instead of a header."""
    try:
        found = next(iter(_csv_rows(text, where)), None)
    except InputError:
        found = None
    if found is None:
        return "the file has no rows"
    return f"line {found[0]} reads: {_shown(found[1], limit)}"


def _shown(cells: list[str], limit: int = 160) -> str:
    shown = ", ".join(c.strip() for c in cells)
    return shown[:limit] + "…" if len(shown) > limit else shown


# --- JSON --------------------------------------------------------------------------------


def _json_documents(text: str, where: str) -> list[Any]:
    """One JSON document, a list of them, or JSON lines; always a list of documents."""
    try:
        doc = _loads(text, where, 1)
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
                docs.append(_loads(line, where, number))
            except json.JSONDecodeError as exc:
                if not docs:  # not JSON lines either: report the document's own error
                    raise _fail(f"{where}: line {whole.lineno}", f"not valid JSON: {whole.msg}") from None
                raise _fail(f"{where}: line {number}", f"not valid JSON: {exc.msg}") from None
        if not docs:
            raise _fail(where, "empty JSON") from None
        return docs


def _loads(text: str, where: str, line: int) -> Any:
    """``json.loads``, with nesting too deep for the parser an input error, not a crash."""
    try:
        return json.loads(text)
    except RecursionError:
        raise _fail(f"{where}: line {line}", "JSON nested too deeply to be a participant log") from None


# Times outside these years are no meeting's: they only overflow date arithmetic later.


def _in_range(value: datetime, where: str, text: Any) -> datetime:
    if not YEARS[0] <= value.year <= YEARS[1]:
        raise _fail(where, f"a time outside the years {YEARS[0]}–{YEARS[1]}: {text!r}")
    return value


# The shape nearly every time in a log has ('2020-04-14T02:00:00Z', '…+07:00', fractions):
# read by the standard library, 60 times faster than pendulum; anything else by pendulum.
_RFC3339 = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:\d\d)?")


def _iso(value: Any, where: str, key: str = "") -> datetime:
    """An ISO 8601 time as an aware UTC datetime; a naive one is read as UTC. ``where`` and
    ``key`` name it in an error (joined only then: a log has tens of thousands of times)."""
    if not isinstance(value, str) or not value:
        raise _fail(where + key, f"missing or empty time {value!r}")
    if _RFC3339.fullmatch(value):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:  # 24:00, a 31st of April: pendulum's message below
            pass
        else:
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=UTC)
            if not YEARS[0] <= parsed.year <= YEARS[1]:  # checked inline: _in_range raises
                _in_range(parsed, where + key, value)
            found = parsed.astimezone(UTC)
            return found if YEARS[0] <= found.year <= YEARS[1] else _in_range(found, where + key, value)
    return _iso_any(value, where + key)


def _iso_once() -> Callable[..., datetime]:
    """``_iso`` that reads each distinct text once: a log repeats most of its times (people
    join in the same few seconds), and a time depends on its text alone."""
    seen: dict[str, datetime] = {}

    def iso(value: Any, where: str, key: str = "") -> datetime:
        found = seen.get(value) if type(value) is str else None
        if found is None:
            found = seen[value] = _iso(value, where, key)
        return found

    return iso


def _iso_any(value: str, where: str) -> datetime:
    """The other ISO 8601 forms pendulum reads (basic format, week dates, …)."""
    import pendulum

    try:
        parsed = pendulum.parse(value, tz="UTC")
    except Exception:
        raise _fail(where, f"not an ISO 8601 time: {value!r}") from None
    if not isinstance(parsed, datetime):  # a bare time or a duration
        raise _fail(where, f"not an ISO 8601 date and time: {value!r}")
    _in_range(parsed, where, value)
    try:
        return _in_range(parsed.in_tz("UTC"), where, value)
    except OverflowError:
        raise _fail(where, f"a time outside the years {YEARS[0]}–{YEARS[1]}: {value!r}") from None
    except ValueError:  # an offset of 24 hours or more, which pendulum parses but cannot apply
        raise _fail(where, f"not an ISO 8601 time: {value!r}") from None


def _text(value: Any, where: str, required: bool = False, key: str = "") -> str:
    """A string field of a JSON record: absent is '' unless required; anything else is an error
    (at ``where`` and ``key``)."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise _fail(where + key, f"must be a string, not {_json_kind(value)}")
    if value.isascii():  # no half character in it
        return value
    return _LONE_SURROGATE.sub("\ufffd", value)  # JSON may escape half a character: no text has it


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", bool: "true or false", str: "a string"}.get(
        type(value), "a number"
    )


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
    iso = _iso_once()
    for n, rec in enumerate(records, start=start):
        at = f"{where}: participants[{n}]"
        if type(rec) is not dict and not isinstance(rec, Mapping):  # the ABC's check is slower
            raise _fail(at, "not an object")
        if rec.get("status") == "in_waiting_room":
            continue
        join = iso(rec.get("join_time"), at, ".join_time")
        if leave_time := rec.get("leave_time"):
            leave = iso(leave_time, at, ".leave_time")
        else:
            duration = rec.get("duration") or 0
            if isinstance(duration, bool) or not isinstance(duration, int | float) or not 0 <= duration < 1e7:
                raise _fail(f"{at}.duration", f"must be a number of seconds, not {duration!r}")
            leave = join + timedelta(seconds=float(duration))
        # user_id is recycled across instances and cannot be scoped in a saved file: not an id
        pid = rec.get("participant_user_id") or rec.get("id") or None
        if pid is not None and (isinstance(pid, bool) or not isinstance(pid, str | int)):
            raise _fail(f"{at}.participant_user_id", f"must be a string, not {_json_kind(pid)}")
        reg = registrants.get(str(rec.get("registrant_id") or "")) if registrants else None
        email = _text(rec.get("user_email"), at, key=".user_email").strip()
        out.append(
            Segment(
                name=_text(rec.get("name"), at, key=".name").strip(),
                join=join,
                leave=max(leave, join),
                email=email or (reg.email if reg else None),
                participant_id=str(pid) if pid else None,
                source=source,
                seq=n,
                details=reg.details if reg else (),
            )
        )
    return out


def parse_zoom_json(text: str, where: str, source: str) -> list[Segment]:
    segments: list[Segment] = []
    docs = _json_documents(text, where)
    for page_no, doc in enumerate(docs):
        if not isinstance(doc, dict) or not isinstance(doc.get("participants"), list):
            raise _fail(f"{where}: page {page_no + 1}", "expected an object with a 'participants' list")
        segments += zoom_records(doc["participants"], source, where, start=len(segments))
    _whole_listings(docs, where)
    return segments


def _whole_listings(docs: list[dict], where: str) -> None:
    """Saved report pages hold every page: the last names no next page, and the pages of one
    listing (each after one that names a next page) hold the records its first announced."""
    first = 0
    for n, doc in enumerate(docs):
        if str(doc.get("next_page_token") or ""):
            if n + 1 == len(docs):
                raise _fail(
                    f"{where}: page {n + 1}",
                    "names a next page that the file does not hold (next_page_token is set): "
                    "save every page of the report",
                )
            continue
        announced = docs[first].get("total_records")
        got = sum(len(d["participants"]) for d in docs[first : n + 1])
        if type(announced) is int and got < announced:
            raise _fail(
                f"{where}: page {first + 1}",
                f"{announced} records announced (total_records), {got} in the file: save every page",
            )
        first = n + 1


def meet_segments(doc: Mapping[str, Any], where: str, source: str, window: Window | None) -> list[Segment]:
    """Segments from Meet REST resources: participants, their sessions, and (an extension)
    ``users`` mapping ``users/{id}`` to directory entries with ``primaryEmail``. Anything of
    another shape is an error: a malformed log never reads as an empty one."""
    people = doc.get("participants")
    sessions = doc.get("participantSessions")
    if not isinstance(people, list):
        raise _fail(f"{where}: participants", f"must be a list, not {_json_kind(people)}")
    if not isinstance(sessions, dict):
        raise _fail(
            f"{where}: participantSessions",
            f"must be an object (a list of sessions per participant), not {_json_kind(sessions)}",
        )
    users = doc.get("users", {})
    if not isinstance(users, dict):
        raise _fail(f"{where}: users", f"must be an object (entries by users/…), not {_json_kind(users)}")
    out: list[Segment] = []
    seen: set[str] = set()
    iso = _iso_once()
    for n, person in enumerate(people):
        at = f"{where}: participants[{n}]"
        if not isinstance(person, dict):
            raise _fail(at, "not an object")
        pname = person.get("name")
        if not isinstance(pname, str) or not pname.strip():
            raise _fail(f"{at}.name", f"a participant needs its resource name (a string), not {pname!r}")
        if pname in seen:
            raise _fail(f"{at}.name", f"participant {pname!r} is listed twice")
        seen.add(pname)
        kinds = [k for k in ("signedinUser", "anonymousUser", "phoneUser") if k in person]
        if len(kinds) != 1:
            raise _fail(at, "needs exactly one of signedinUser, anonymousUser and phoneUser")
        who = person[kinds[0]]
        if not isinstance(who, dict):
            raise _fail(f"{at}.{kinds[0]}", f"must be an object, not {_json_kind(who)}")
        display = _text(who.get("displayName"), f"{at}.{kinds[0]}.displayName", required=True)
        user = _text(who.get("user"), f"{at}.{kinds[0]}.user") or None
        entry = users.get(user, {}) if user else {}
        if not isinstance(entry, dict):
            raise _fail(f"{where}: users[{user!r}]", f"must be an object, not {_json_kind(entry)}")
        email = _text(entry.get("primaryEmail"), f"{where}: users[{user!r}].primaryEmail") or None
        if pname not in sessions:
            raise _fail(at, f"no entry for {pname!r} in participantSessions")
        listed = sessions[pname]
        if not isinstance(listed, list):
            raise _fail(
                f"{where}: participantSessions[{pname!r}]", f"must be a list, not {_json_kind(listed)}"
            )
        for k, ses in enumerate(listed):
            sat = f"{where}: participantSessions[{pname!r}][{k}]"
            if not isinstance(ses, dict):
                raise _fail(sat, f"must be an object, not {_json_kind(ses)}")
            join = iso(ses.get("startTime"), f"{sat}.startTime")
            if ses.get("endTime"):
                leave = max(join, iso(ses["endTime"], f"{sat}.endTime"))
            else:  # still connected when the log was taken
                leave = max(join, window.end) if window else join
            out.append(
                Segment(
                    name=display.strip(),
                    join=join,
                    leave=leave,
                    email=email,
                    participant_id=user or pname,
                    source=source,
                    seq=len(out),
                )
            )
    for pname in sessions:
        if pname not in seen:
            raise _fail(
                f"{where}: participantSessions[{pname!r}]", "names no participant listed in 'participants'"
            )
    if people and not out:
        raise _fail(where, f"{len(people)} participants but not one session: an incomplete log")
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
    )


# --- CSV ---------------------------------------------------------------------------------


def _csv_rows(text: str, where: str) -> Iterator[tuple[int, list[str]]]:
    text = text.lstrip("\ufeff")
    return csv_rows(text, where, delimiter_of(text, ";\t"))


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


Instant = tuple[datetime, str]  # an aware UTC time and why it was a choice: "", "twice" or "gap"


class _Dates:
    """Reads an export's local times: picks the one date format that reads every value
    (nearest the session window), places a time without a date on the day that puts it
    nearest the window, and resolves the zone's transitions. In the hour a zone repeats, a
    row's times are read in order (join before leave, as the row's duration says); a time
    the zone skips is read forward, as a clock not yet changed shows it. Each such reading
    is noted, for a warning."""

    def __init__(self, values: Sequence[tuple[str, str]], tz: str, window: Window | None):
        self.tz = tz
        self.zone = ZoneInfo(tz)
        self.window = window
        self.order = ""  # which of two date orders was taken, and why
        self._read: dict[str, list[Instant]] = {}  # a text's readings: an export repeats most times
        self._naive: dict[str, datetime] = {}  # each text as the chosen format read it
        self.fmt = self._choose(values)
        self.notes: list[str] = [f"{values[0][0].split(': ')[0]}: {self.order}"] if self.order else []

    def _choose(self, values: Sequence[tuple[str, str]]) -> str | None:
        texts = list(dict.fromkeys(v for _, v in values if v))  # each once, in order
        if not texts:
            return None
        fitting = []
        read: dict[str, list[datetime]] = {}
        for fmt in _DATE_FORMATS + _TIME_FORMATS:
            try:
                parsed = [datetime.strptime(t.strip(), fmt) for t in texts]
            except ValueError:
                continue
            fitting.append((fmt, parsed[0]))
            read[fmt] = parsed
        if not fitting:
            best_where, best_text = values[0]
            for where, text in values:
                if not any(_parses(text, f) for f in _DATE_FORMATS + _TIME_FORMATS):
                    best_where, best_text = where, text
                    break
            raise _fail(best_where, f"unrecognised date and time {best_text!r} ({READ_AS})")
        if len(fitting) == 1 or self.window is None:
            chosen = fitting[0][0]
        else:
            target = self.window.start.replace(tzinfo=None)
            ranked = sorted(fitting, key=lambda f: abs((self._localise(f[0], f[1]) - target).total_seconds()))
            self._order_note(ranked, texts)
            chosen = ranked[0][0]
        self._naive = dict(zip(texts, read[chosen], strict=True))
        return chosen

    def _order_note(self, ranked: list[tuple[str, datetime]], texts: Sequence[str]) -> None:
        """When day-first and month-first both read every date, say which was taken and why:
        a session date with day and month swapped would otherwise move every time silently."""
        chosen = ranked[0][0]
        first = _day_first(chosen)
        other = next((f for f, _ in ranked[1:] if _day_first(f) not in (None, first)), None)
        if other is None or first is None:
            return
        for text in texts:
            mine, theirs = datetime.strptime(text.strip(), chosen), datetime.strptime(text.strip(), other)
            if mine.date() != theirs.date():
                break
        else:
            return  # every date reads the same either way (05/05/2024)
        assert self.window is not None
        day = self.window.start.astimezone(self.zone).date()
        order = "day first" if first else "month first"
        self.order = (
            f"dates such as {text.strip()!r} read {order} ({mine:%d %B %Y}), not "
            f"{'month' if first else 'day'} first ({theirs:%d %B %Y}): that is the session's day "
            f"({day:%d %B %Y} in the config); if the config's date is wrong, correct it there"
        )

    def _localise(self, fmt: str, value: datetime) -> datetime:
        if fmt in _TIME_FORMATS and self.window is not None:
            day = self.window.start.astimezone(self.zone)
            return value.replace(year=day.year, month=day.month, day=day.day)
        return value

    def _candidates(self, text: str, where: str) -> list[Instant]:
        """Every instant ``text`` may stand for (read once per text; ``where`` names an error)."""
        found = self._read.get(text)
        if found is None:
            found = self._read[text] = self._readings(text, where)
        return found

    def _readings(self, text: str, where: str) -> list[Instant]:
        if not text.strip() or self.fmt is None:
            raise _fail(where, "empty date and time")
        naive = self._naive.get(text)
        if naive is None:  # not among the values the format was chosen on
            try:
                naive = datetime.strptime(text.strip(), self.fmt)
            except ValueError:
                raise _fail(where, f"unrecognised date and time {text!r} ({READ_AS})") from None
        if self.fmt in _TIME_FORMATS and self.window is not None:  # the day before, of, or after
            day = self.window.start.astimezone(self.zone).date()
            naives = [datetime.combine(day + timedelta(days=d), naive.time()) for d in (-1, 0, 1)]
        else:
            naives = [_in_range(naive, where, text)]
        return [instant for n in naives for instant in self._instants(n)]

    def _instants(self, naive: datetime) -> list[Instant]:
        first = naive.replace(tzinfo=self.zone, fold=0).astimezone(UTC)
        second = naive.replace(tzinfo=self.zone, fold=1).astimezone(UTC)
        if first == second:
            return [(first, "")]
        if first.astimezone(self.zone).replace(tzinfo=None) == naive:
            return [(first, "twice"), (second, "twice")]
        return [(first, "gap")]  # fold 0 keeps the offset before the change: the time moves forward

    def _distance(self, t: datetime) -> float:
        if self.window is None:
            return 0.0
        if t < self.window.start:
            return (self.window.start - t).total_seconds()
        return max(0.0, (t - self.window.end).total_seconds())

    def _note(self, instant: Instant, text: str, where: str) -> datetime:
        when, why = instant
        if why:
            local = when.astimezone(self.zone).strftime("%Y-%m-%d %H:%M:%S%z")
            what = (
                "happens twice (the clocks went back)"
                if why == "twice"
                else "does not exist (the clocks went forward)"
            )
            self.notes.append(f"{where}: {text.strip()!r} {what} in {self.tz}; read as {local}")
        return when  # aware, in UTC

    def one(self, text: str, where: str) -> datetime:
        """A single time: the reading nearest the window (the earlier on a tie)."""
        best = min(self._candidates(text, where), key=lambda c: (self._distance(c[0]), c[0]))
        return self._note(best, text, where)

    def span(
        self, join: str, leave: str, where: str, minutes: float | None, backwards: str
    ) -> tuple[datetime, datetime]:
        """A row's join and leave: the readings that keep leave after join and, in order of
        preference, agree with the row's duration, lie nearest the window and are shortest."""
        pairs = [
            (j, k)
            for j in self._candidates(join, where)
            for k in self._candidates(leave, where)
            if k[0] >= j[0]
        ]
        if not pairs:
            raise _fail(where, backwards)

        def rank(pair: tuple[Instant, Instant]) -> tuple[float, float, float, datetime]:
            (j, _), (k, _) = pair
            length = (k - j).total_seconds() / 60.0
            return (abs(length - minutes) if minutes is not None else 0.0, self._distance(j), length, j)

        j, k = min(pairs, key=rank)
        return self._note(j, join, where), self._note(k, leave, where)


READ_AS = (
    "read as e.g. 07/09/2024 09:01:23 AM, 09/07/2024 09:01, 2024-07-09 09:01:23 or, for a time alone, 09:01"
)


def _day_first(fmt: str) -> bool | None:
    """Whether a date format puts the day before the month (None: no such choice, ISO order)."""
    if fmt.startswith("%d"):
        return True
    if fmt.startswith("%m"):
        return False
    return None


def _parses(text: str, fmt: str) -> bool:
    try:
        datetime.strptime(text.strip(), fmt)
        return True
    except ValueError:
        return False


MAX_MINUTES = 7 * 24 * 60  # a connection longer than a week is no session's


def _minutes(text: str, where: str) -> float:
    """A duration as Zoom (minutes) or Meet ('1:23:45', '1 hr 23 min', '83 min') writes it."""
    total = _read_minutes(text, where)
    if total > MAX_MINUTES:
        raise _fail(where, f"a duration of more than a week: {text!r}")
    return total


def _read_minutes(text: str, where: str) -> float:
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


def _not_cut(text: str, body: list[tuple[int, list[str]]], header: list[str], where: str) -> None:
    """A file that ends, without a line break, inside a row shorter than the one before it
    (or than the header) was cut short (a download or a copy that stopped): said so, not as
    the empty cell it leaves."""
    before = body[-2][1] if len(body) > 1 else header
    if body and not text.endswith(("\n", "\r")) and len(body[-1][1]) < len(before):
        raise _fail(
            f"{where}: line {body[-1][0]}",
            "the file ends inside this row: the export was cut short; save or download it again",
        )


def parse_zoom_csv(
    text: str, where: str, source: str, tz: str, window: Window | None, notes: list[str] | None = None
) -> list[Segment]:
    """Zoom's participant export: optional meeting block, then one row per connection (or per
    person with 'unique users', where only a total duration is known)."""
    rows = list(_csv_rows(text, where))
    meeting_start: str | None = None
    header_at = None
    after_block = 0  # where the participant header should be: below the meeting block, if any
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
            after_block = pos + 2
    if (
        header_at is None
        and after_block
        and not any(any(c.strip() for c in r[1]) for r in rows[after_block:])
    ):
        raise _fail(
            where,
            "the meeting's summary only, no participant in it: export the participants' list (in "
            "Zoom's Reports › Usage, the meeting's Participants count, then Export)",
        )
    if header_at is None:
        seen = _first_row(text, where)
        if 0 < after_block < len(rows):
            line, cells = rows[after_block]
            seen = f"line {line} reads: {_shown(cells)}"
        raise _fail(where, f"no participant header (a name column with join time or duration; {seen})")
    header = [c.strip().lower() for c in rows[header_at][1]]
    cols = {k: _find(header, k) for k in ("name", "email", "join", "leave", "duration", "waiting")}
    body = rows[header_at + 1 :]
    if cols["join"] is not None and cols["leave"] is None:
        raise _fail(
            f"{where}: line {rows[header_at][0]}",
            f"a join time column but no leave time column (header: {', '.join(rows[header_at][1])})",
        )

    def cell(cells: list[str], kind: str) -> str:
        i = cols[kind]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    for line, cells in body:  # a shifted row is named as such, not by the date it misplaces
        check_width(cells, rows[header_at][1], where, line, short_ok=True)
    _not_cut(text, body, rows[header_at][1], where)
    stamps = [
        (f"{where}: line {ln}", cell(c, k))
        for ln, c in body
        for k in ("join", "leave")
        if cols[k] is not None
    ]
    if meeting_start:
        stamps.append((f"{where}: meeting block", meeting_start))
    dates = _Dates(stamps, tz, window)
    out: list[Segment] = []
    for line, cells in body:
        at = f"{where}: line {line}"
        if cell(cells, "waiting").lower() in _YES:
            continue
        name = cell(cells, "name")
        email = cell(cells, "email") or None
        if cols["join"] is not None:
            minutes = None
            if cell(cells, "duration"):
                try:
                    minutes = _minutes(cell(cells, "duration"), at)
                except InputError:
                    minutes = None  # the times decide; a duration only breaks a tie
            join, leave = dates.span(
                cell(cells, "join"), cell(cells, "leave"), at, minutes, "leave time before join time"
            )
        else:
            start = dates.one(meeting_start, at) if meeting_start else (window.start if window else None)
            if start is None:
                raise _fail(at, "only durations and no meeting start: cannot place this row in time")
            join = start
            leave = join + timedelta(minutes=_minutes(cell(cells, "duration"), at))
        out.append(Segment(name, join, leave, email, None, source, len(out)))
    if notes is not None:
        notes += dates.notes
    return out


def parse_meet_csv(
    text: str, where: str, source: str, tz: str, window: Window | None, notes: list[str] | None = None
) -> list[Segment]:
    """Meet's attendance report: a row per person with first join, last exit and duration."""
    rows = list(_csv_rows(text, where))
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

    for line, cells in rows[1:]:
        check_width(cells, raw_header, where, line, short_ok=True)
    _not_cut(text, rows[1:], raw_header, where)
    stamps = [
        (f"{where}: line {ln}", cell(c, k))
        for ln, c in rows[1:]
        for k in ("join", "leave")
        if cols[k] is not None
    ]
    dates = _Dates(stamps, tz, window)
    out: list[Segment] = []
    for line, cells in rows[1:]:
        at = f"{where}: line {line}"
        name = cell(cells, "name") or " ".join(p for p in (cell(cells, "first"), cell(cells, "last")) if p)
        leave: datetime | None = None
        if cell(cells, "leave"):  # Meet's duration is time connected, not the span: it decides nothing
            join, leave = dates.span(
                cell(cells, "join"), cell(cells, "leave"), at, None, "exit time before join time"
            )
        else:
            join = dates.one(cell(cells, "join"), at)
        if cols["duration"] is not None and cell(cells, "duration"):
            spent = timedelta(minutes=_minutes(cell(cells, "duration"), at))
            if leave is None or spent < leave - join - timedelta(minutes=1):
                leave = join + spent
        if leave is None:
            raise _fail(at, "neither an exit time nor a duration")
        out.append(Segment(name, join, leave, cell(cells, "email") or None, None, source, len(out)))
    if notes is not None:
        notes += dates.notes
    return out


def parse(
    text: str,
    fmt: str | None,
    where: str,
    source: str,
    tz: str,
    window: Window | None,
    notes: list[str] | None = None,
) -> list[Segment]:
    """Segments from a participant log in ``fmt`` (detected when None). Times read by a choice
    (an hour the zone repeats or skips) are described in ``notes``."""
    fmt = fmt or detect(text, where)
    if found := (BUILT_IN | registered()).get(fmt):
        return found.parse(text, where, source, tz, window, notes)
    raise _fail(where, f"unknown format {fmt!r} (known: {', '.join(names())})")


BUILT_IN = {
    f.name: f
    for f in (
        Format("zoom-csv", parse_zoom_csv),
        Format(
            "zoom-json",
            lambda text, where, source, _tz, _window, _notes: parse_zoom_json(text, where, source),
        ),
        Format("meet-csv", parse_meet_csv),
        Format(
            "meet-json",
            lambda text, where, source, _tz, window, _notes: parse_meet_json(text, where, source, window),
        ),
    )
}
