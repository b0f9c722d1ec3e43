"""The programme's TOML config: interpolation, validation (every problem at once), secrets."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pendulum

from vc_sync.errors import InputError, Problem
from vc_sync.model import LANGUAGES, Policy, Window
from vc_sync.reconcile import Tuning

SOURCES = ("zoom", "zoom_webinar", "meet", "file")
FILE_FORMATS = ("zoom-csv", "zoom-json", "meet-csv", "meet-json")
DELEGATES = ("seats", "all")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_MEET_CODE = re.compile(r"^[a-z]{3}-[a-z]{4}-[a-z]{3}$")  # it goes into an API filter string
_ZOOM_ID = re.compile(r"^\d{9,13}$")  # a meeting or webinar id once spaces and dashes are gone
_ZOOM_UUID = re.compile(r"^[A-Za-z0-9+/=]{16,40}$")  # an instance UUID (base64: '/', '+', '=' occur)
_ZOOM_HOSTS = ("zoom.us", "zoomgov.com", "zoom.com")  # and their vanity subdomains
_ZOOM_PATH = re.compile(r"^/(?:(j|s|w|meeting|webinar)/|wc/join/|wc/)(\d{9,13})(?:/.*)?$")
_ZOOM_BARE_LINK = re.compile(r"^[\w.-]*\bzoom(?:gov)?\.(?:us|com)/", re.IGNORECASE)
_ZOOM_LABEL = re.compile(r"^[^\d:]{1,30}:\s*(?=\d)")  # "Meeting ID: 812 …", "ID Rapat: 812 …"
_SECTIONS = {"event", "policy", "providers", "output", "sessions", "matching"}
_KEYS = {
    "event": {"name", "timezone", "roster"},
    "policy": {"min_minutes", "min_fraction", "delegates"},
    "output": {
        "sheet",
        "credentials",
        "endpoint",
        "xlsx",
        "state",
        "max_attempts",
        "max_seconds",
        "lock_wait",
        "delay_minutes",
        "recheck_days",
        "language",
    },
    "matching": {
        "data",
        "overrides",
        "fuzzy_accept",
        "fuzzy_accept_hinted",
        "fuzzy_margin",
        "partial_score",
    },
    "session": {
        "id",
        "title",
        "start",
        "end",
        "format",
        "meet_source",
        "delay_minutes",
        "timezone",
        "provider",
        "ref",
        "zoom_skip",
        *SOURCES,
    },
}


@dataclass(frozen=True)
class SessionSpec:
    """One ``[[sessions]]`` entry."""

    id: str
    title: str
    start: datetime
    end: datetime
    source: str  # one of SOURCES
    ref: str  # meeting id / UUID / meeting code / file path
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def window(self) -> Window:
        return Window(self.id, self.start, self.end)

    def describe(self) -> str:
        """Where its log comes from, as a person reads it."""
        if self.source == "file":
            return Path(self.ref).name
        names = {"zoom": "Zoom", "zoom_webinar": "Zoom webinar", "meet": "Google Meet"}
        return f"{names.get(self.source, self.source)} {self.ref}"


@dataclass(frozen=True)
class Config:
    path: Path
    name: str
    timezone: str
    roster: Path
    policy: Policy
    sessions: tuple[SessionSpec, ...]
    providers: Mapping[str, Mapping[str, Any]]
    output: Mapping[str, Any]
    tuning: Tuning
    data_files: tuple[Path, ...]
    overrides: Path
    secrets: frozenset[str] = frozenset()

    @property
    def base(self) -> Path:
        return self.path.parent

    @property
    def language(self) -> str:
        return str(self.output.get("language", "en"))

    @property
    def state_dir(self) -> Path:
        return Path(self.output.get("state") or self.base / ".vc_sync")

    def session(self, session_id: str) -> SessionSpec:
        for s in self.sessions:
            if s.id == session_id:
                return s
        known = ", ".join(s.id for s in self.sessions)
        raise InputError(Problem("--session", f"unknown session {session_id!r} (known: {known})"))

    def redact(self, text: str) -> str:
        """``text`` with every secret value replaced by '***'."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


class _Reader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.secrets: set[str] = set()

    def problem(self, key: str, what: str) -> None:
        self.problems.append(Problem(f"{self.path.name}: {key}", what))

    def interpolate(self, value: Any, key: str, secret: bool) -> Any:
        if isinstance(value, dict):
            return {k: self.interpolate(v, f"{key}.{k}", secret) for k, v in value.items()}
        if isinstance(value, list):
            return [self.interpolate(v, f"{key}[{i}]", secret) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value

        def sub(m: re.Match[str]) -> str:
            var = m.group(1)
            if var not in os.environ:
                self.problem(key, f"environment variable {var} is not set")
                return ""
            if secret and os.environ[var]:
                self.secrets.add(os.environ[var])
            return os.environ[var]

        return _VAR.sub(sub, value)

    def unknown(self, table: Mapping, allowed: set[str], key: str) -> None:
        for k in table:
            if k not in allowed:
                self.problem(f"{key}.{k}" if key else k, "unknown key")

    def file(self, value: Any, key: str, must_exist: bool = True) -> Path | None:
        if not isinstance(value, str) or not value.strip():
            self.problem(key, "must be a file path")
            return None
        path = Path(value).expanduser()
        path = path if path.is_absolute() else self.path.parent / path
        if must_exist and not path.is_file():
            self.problem(key, f"file not found: {path}")
        return path

    def time(self, value: Any, key: str, tz: str) -> datetime | None:
        if isinstance(value, datetime):  # TOML datetime literal
            if value.tzinfo is None:
                return pendulum.instance(value, tz=tz)
            return pendulum.instance(value)
        if not isinstance(value, str):
            self.problem(key, "must be a date and time such as 2020-04-14 09:00")
            return None
        try:
            return pendulum.parse(value, tz=tz)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            self.problem(key, f"not a date and time: {value!r}")
            return None

    def number(self, table: Mapping, name: str, key: str, low: float, high: float) -> float | None:
        if name not in table:
            return None
        value = table[name]
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            self.problem(f"{key}.{name}", f"must be a number from {low:g} to {high:g}")
            return None
        return float(value)


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raise InputError listing every problem."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError(Problem(str(path), "config file not found")) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(str(path), f"cannot read: {exc}")) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Problem(str(path), f"not valid TOML: {exc}")) from None
    r = _Reader(path.resolve())
    r.unknown(raw, _SECTIONS, "")
    raw = {k: r.interpolate(v, k, secret=k in ("providers", "output")) for k, v in raw.items()}

    event = raw.get("event", {})
    r.unknown(event, _KEYS["event"], "event")
    name = event.get("name")
    if not isinstance(name, str) or not name.strip():
        r.problem("event.name", "required: the programme's name")
    tz = event.get("timezone", "Asia/Jakarta")
    try:
        pendulum.timezone(tz)
    except Exception:
        r.problem("event.timezone", f"unknown time zone {tz!r} (use an IANA name such as Asia/Jakarta)")
        tz = "UTC"
    roster = r.file(event.get("roster"), "event.roster") if "roster" in event else None
    if roster is None and "roster" not in event:
        r.problem("event.roster", "required: the roster file (.csv or .xlsx)")

    policy_raw = raw.get("policy", {})
    r.unknown(policy_raw, _KEYS["policy"], "policy")
    minutes = r.number(policy_raw, "min_minutes", "policy", 0, 24 * 60)
    fraction = r.number(policy_raw, "min_fraction", "policy", 0, 1)
    if ("min_minutes" in policy_raw) == ("min_fraction" in policy_raw):
        r.problem("policy", "give exactly one of min_minutes and min_fraction")
    delegates = policy_raw.get("delegates", "seats")
    if delegates not in DELEGATES:
        r.problem("policy.delegates", f"must be one of {', '.join(map(repr, DELEGATES))}, not {delegates!r}")
        delegates = "seats"

    sessions = _sessions(r, raw.get("sessions"), tz)
    providers = raw.get("providers", {})
    if not isinstance(providers, dict):
        r.problem("providers", "must be a table of provider settings")
        providers = {}
    _check_providers(r, providers, sessions)
    meet = providers.get("meet")
    if isinstance(meet, dict) and str(meet.get("credentials", "")).strip():
        meet["credentials"] = str(r.file(meet["credentials"], "providers.meet.credentials"))
    output = raw.get("output", {})
    r.unknown(output, _KEYS["output"], "output")
    if "xlsx" in output:
        output["xlsx"] = r.file(output["xlsx"], "output.xlsx", must_exist=False)
    if "credentials" in output:
        output["credentials"] = r.file(output["credentials"], "output.credentials")
    if "sheet" in output and "credentials" not in output:
        r.problem(
            "output.credentials", "required with output.sheet (a service-account or authorised-user JSON)"
        )
    if output.get("language", "en") not in LANGUAGES:
        r.problem(
            "output.language", f"must be one of {', '.join(map(repr, LANGUAGES))}, not {output['language']!r}"
        )
    if "state" in output:
        state = output["state"]
        output["state"] = r.file(state, "output.state", must_exist=False)

    matching = raw.get("matching", {})
    r.unknown(matching, _KEYS["matching"], "matching")
    tuning = _tuning(r, matching)
    data = matching.get("data", [])
    data_files = tuple(
        p
        for i, d in enumerate(data if isinstance(data, list) else [data])
        if (p := r.file(d, f"matching.data[{i}]"))
    )
    overrides = r.file(matching.get("overrides", "overrides.csv"), "matching.overrides", must_exist=False)

    if r.problems:
        raise InputError(r.problems)
    return Config(
        path=path.resolve(),
        name=name.strip(),
        timezone=tz,
        roster=roster,
        policy=Policy(min_minutes=minutes, min_fraction=fraction, delegates=delegates),
        sessions=tuple(sessions),
        providers=providers,
        output=output,
        tuning=tuning,
        data_files=data_files,
        overrides=overrides,
        secrets=frozenset(r.secrets),
    )


# What each [matching] value may be: below 0.5 a name is no candidate at all, and a margin
# wider than half the scale would let no claim through.
TUNING_RANGES = {
    "fuzzy_accept": (0.5, 1.0),
    "fuzzy_accept_hinted": (0.5, 1.0),
    "fuzzy_margin": (0.0, 0.5),
    "partial_score": (0.5, 1.0),
}


def _tuning(r: _Reader, matching: Mapping) -> Tuning:
    values = {
        k: v
        for k, (low, high) in TUNING_RANGES.items()
        if (v := r.number(matching, k, "matching", low, high)) is not None
    }
    tuning = Tuning(**values)
    if tuning.fuzzy_accept_hinted > tuning.fuzzy_accept:
        r.problem("matching.fuzzy_accept_hinted", f"must not exceed fuzzy_accept ({tuning.fuzzy_accept:g})")
    return tuning


def _sessions(r: _Reader, raw: Any, tz: str) -> list[SessionSpec]:
    if not isinstance(raw, list) or not raw:
        r.problem("sessions", "required: at least one [[sessions]] entry")
        return []
    out: list[SessionSpec] = []
    seen: set[str] = set()
    for n, s in enumerate(raw, start=1):
        key = f"sessions[{n}]"
        if not isinstance(s, dict):
            r.problem(key, "must be a table")
            continue
        r.unknown(s, _KEYS["session"], key)
        sid = s.get("id")
        if not isinstance(sid, str) or not sid.strip():
            r.problem(f"{key}.id", "required: a session id such as S1")
            sid = f"#{n}"
        elif sid in seen:
            r.problem(f"{key}.id", f"duplicate session id {sid!r}")
        seen.add(sid)
        start = r.time(s.get("start"), f"{key}.start", tz)
        end = r.time(s.get("end"), f"{key}.end", tz)
        if start and end and end <= start:
            r.problem(f"{key}.end", "must be after start")
        given = [k for k in SOURCES if k in s] + (["provider"] if "provider" in s else [])
        if len(given) != 1:
            r.problem(key, f"give exactly one source of {', '.join(SOURCES)} (found {len(given)})")
            continue
        if given[0] == "provider":  # a provider from another package: provider = "name", ref = "…"
            source, ref = str(s["provider"]), s.get("ref")
        else:
            source, ref = given[0], s[given[0]]
        if isinstance(ref, int) and source.startswith("zoom"):
            ref = str(ref)
        if not isinstance(ref, str) or not ref.strip():
            r.problem(f"{key}.{'ref' if given[0] == 'provider' else source}", "must be a non-empty string")
            continue
        if source == "meet" and not _MEET_CODE.match(ref.strip()):
            r.problem(f"{key}.meet", f"not a Meet meeting code such as abc-defg-hij: {ref!r}")
            continue
        if source.startswith("zoom"):
            r.secrets.update(_link_secrets(ref))
            try:
                zref = zoom_ref(ref)
            except ValueError as exc:
                r.problem(f"{key}.{source}", str(exc))
                continue
            ref = zref.ref
            source = "zoom_webinar" if zref.webinar else source
            skip = _zoom_skip(r, s.get("zoom_skip", []), f"{key}.zoom_skip")
        elif "zoom_skip" in s:
            r.problem(f"{key}.zoom_skip", "goes with a zoom or zoom_webinar session")
        if source == "file":  # may be gone by now: --offline replays the archive instead
            ref = str(r.file(ref, f"{key}.file", must_exist=False) or ref)
        fmt = s.get("format")
        if fmt is not None and fmt not in FILE_FORMATS:
            r.problem(f"{key}.format", f"unknown format {fmt!r} (known: {', '.join(FILE_FORMATS)})")
        fixed = {"id", "title", "start", "end", "provider", "ref", given[0]}
        options = {k: v for k, v in s.items() if k not in fixed}
        if source.startswith("zoom"):
            options["zoom_skip"] = skip
        if start and end:
            out.append(SessionSpec(sid, str(s.get("title", sid)), start, end, source, ref.strip(), options))
    return out


@dataclass(frozen=True)
class ZoomRef:
    """A Zoom reference as pasted, reduced to what the API takes."""

    ref: str  # a meeting or webinar id (digits only) or an instance UUID
    webinar: bool = False  # a /w/ link names a webinar


def zoom_ref(text: str) -> ZoomRef:
    """Read a Zoom reference as people paste it: a join link (any zoom.us, zoomgov.com or
    vanity host; /j/, /w/, /s/, /wc/…; zoommtg://…?confno=), an id with spaces, dashes or a
    "Meeting ID:" label, or an instance UUID (percent-encoded too, as copied from a URL). A
    link's query (pwd, tk, zak) is dropped. Raises ValueError saying why, without the query."""
    text = text.strip()
    if link := _as_link(text):
        return _zoom_link(link)
    digits = re.sub(r"[\s.\-\u2010-\u2015]", "", _ZOOM_LABEL.sub("", text))
    if _ZOOM_ID.match(digits):
        return ZoomRef(digits)
    uuid = text
    for _ in range(2):  # copied from a report URL: encoded once or twice
        uuid = unquote(uuid) if "%" in uuid else uuid
    if _ZOOM_UUID.match(uuid) and not uuid.isdigit():
        return ZoomRef(uuid)
    raise ValueError(f"not a Zoom meeting id, join link or instance UUID: {text!r}")


def _zoom_link(text: str) -> ZoomRef:
    parts = urlsplit(text)
    shown = f"{parts.scheme}://{parts.netloc}{parts.path}{'?…' if parts.query else ''}"
    host = (parts.hostname or "").lower()
    if parts.scheme in ("zoommtg", "zoomus"):
        number = re.sub(r"\D", "", (parse_qs(parts.query).get("confno") or [""])[0])
        if _ZOOM_ID.match(number):
            return ZoomRef(number)
    elif parts.scheme in ("http", "https") and any(host == h or host.endswith("." + h) for h in _ZOOM_HOSTS):
        if found := _ZOOM_PATH.match(parts.path):
            return ZoomRef(found.group(2), webinar=found.group(1) == "w")
        if "/register/" in parts.path:
            raise ValueError(
                f"a registration link, not a join link: paste the meeting id instead ({shown!r})"
            )
        if parts.path.startswith("/my/"):
            raise ValueError(f"a personal link name cannot be looked up: paste the meeting id ({shown!r})")
    raise ValueError(f"not a Zoom join link with a meeting id: {shown!r}")


def _as_link(text: str) -> str | None:
    """``text`` as a URL when it is one, also when pasted without its scheme."""
    if "://" in text:
        return text
    return f"https://{text}" if _ZOOM_BARE_LINK.match(text) else None


def _link_secrets(text: str) -> set[str]:
    """Passcodes and tokens in a pasted link: redacted wherever they might show."""
    link = _as_link(text.strip())
    if link is None:
        return set()
    query = parse_qs(urlsplit(link).query)
    return {v for k in ("pwd", "tk", "zak") for v in query.get(k, ()) if len(v) >= 6}


def _zoom_skip(r: _Reader, raw: Any, key: str) -> tuple[str, ...]:
    """The instance UUIDs a session leaves out (``zoom_skip``)."""
    if not isinstance(raw, list) or not all(isinstance(u, str) for u in raw):
        r.problem(key, "must be a list of instance UUIDs")
        return ()
    found = []
    for n, text in enumerate(raw):
        try:
            ref = zoom_ref(text).ref
        except ValueError:
            ref = ""
        if not ref or ref.isdigit():
            r.problem(f"{key}[{n}]", f"not an instance UUID: {text!r}")
        found.append(ref)
    return tuple(found)


_PROVIDER_KEYS = {
    "zoom": (
        {"account_id", "client_id", "client_secret"},
        {"base_url", "oauth_url", "timeout", "max_attempts", "max_seconds", "ready_within"},
    ),
    "meet": (
        {"credentials"},
        {"subject", "endpoint", "directory", "timeout", "max_attempts", "max_seconds", "token"},
    ),
}


def _check_providers(r: _Reader, providers: dict, sessions: list[SessionSpec]) -> None:
    used = {"zoom" if s.source.startswith("zoom") else s.source for s in sessions}
    for name, table in providers.items():
        if not isinstance(table, dict):
            r.problem(f"providers.{name}", "must be a table")
            continue
        if name in _PROVIDER_KEYS:
            required, optional = _PROVIDER_KEYS[name]
            r.unknown(table, required | optional, f"providers.{name}")
        if name == "zoom":  # hours after a session's end in which a missing report is "not yet"
            r.number(table, "ready_within", "providers.zoom", 0, 24 * 366)
    for name in sorted(used & set(_PROVIDER_KEYS)):
        table = providers.get(name)
        if not isinstance(table, dict):
            r.problem(f"providers.{name}", f"required: a session uses {name}")
            continue
        for key in sorted(_PROVIDER_KEYS[name][0]):
            if not str(table.get(key, "")).strip():
                r.problem(f"providers.{name}.{key}", "required and empty")
