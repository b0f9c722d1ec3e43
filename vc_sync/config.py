"""The programme's TOML config: interpolation, validation (every problem at once), secrets."""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timezone
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

from vc_sync.errors import InputError, Problem
from vc_sync.google_credentials import SPREADSHEET_ID
from vc_sync.hints import EXAMPLE, date_example, did_you_mean, zone_alias, zone_hint
from vc_sync.inputs import CONFIG_LIMIT, read_text, regular_file_problem
from vc_sync.kinds import Delegates
from vc_sync.model import LANGUAGES, YEARS, Policy, Window
from vc_sync.providers import base as registry
from vc_sync.providers.schema import Ref, SessionKey, Setting, text_ref
from vc_sync.reconcile import Tuning

DELEGATES = tuple(Delegates)
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SESSION_ID = re.compile(r"^[A-Za-z0-9_.-]{1,24}$")  # a tab title, a roster reference: kept short and plain
MIN_SECRET = 6  # shorter values are not hidden: masking them would mangle every message
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
        "prefix",
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
        "delay_minutes",
        "timezone",
        "provider",
        "ref",
    },  # and the session keys the providers declare (``providers.schema.SessionKey``)
}


@dataclass(frozen=True)
class SessionSpec:
    """One ``[[sessions]]`` entry. ``start`` and ``end`` are aware standard-library datetimes
    at the UTC offset written or, for a wall-clock time, its zone's offset then: arithmetic on
    them is on instants, and what shows them converts to the programme's zone."""

    id: str
    title: str
    start: datetime
    end: datetime
    source: str  # a source key of a provider ("zoom", "meet", "file", …)
    ref: str  # meeting id / UUID / meeting code / join link / file path
    options: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""  # how a person reads the source, "{ref}" and "{name}" filled in

    @property
    def window(self) -> Window:
        return Window(self.id, self.start, self.end)

    def describe(self) -> str:
        """Where its log comes from, as a person reads it."""
        return (self.label or f"{self.source} {{ref}}").format(ref=self.ref, name=Path(self.ref).name)


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
        """The outputs' language. Every config vc_sync writes or ships says "id" (its users are
        Indonesian); one without the key keeps English, as it always had, so that upgrading
        renames no organiser's tabs."""
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
        """``text`` with every secret value (as a whole token, also percent-encoded) replaced
        by '***'. Values shorter than MIN_SECRET are left: they hide nothing and would mask
        every such letter."""
        return self._secret_pattern.sub("***", text) if self._secret_pattern else text

    @cached_property
    def _secret_pattern(self) -> re.Pattern[str] | None:
        return secret_pattern(self.secrets)


def secret_pattern(secrets: frozenset[str] | set[str]) -> re.Pattern[str] | None:
    """A pattern matching any of ``secrets`` as a whole token (not inside a longer word)."""
    forms = {f for s in secrets if len(s) >= MIN_SECRET for f in (s, quote(s, safe=""))}
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])")


def _unknown(name: str, allowed: set[str], key: str) -> str:
    """Why a key or section is not known, with the nearest known one or the section it belongs in."""
    if not key:  # a section
        near = did_you_mean(name, _SECTIONS)
        if near:
            wanted = near[len(" (did you mean '") : -len("'?)")]
            shown = f"[[{wanted}]]" if wanted == "sessions" else f"[{wanted}]"
            near = f" (did you mean {shown}?)"
        return f"unknown section{near}; the sections are {', '.join(sorted(_SECTIONS))}"
    sections = _KEYS | {"session": _KEYS["session"] | set(registry.session_keys())}
    home = [section for section, keys in sections.items() if name in keys and section != key.split("[")[0]]
    if home and not key.startswith("providers"):
        where = "[[sessions]]" if home[0] == "session" else f"[{home[0]}]"
        return f"unknown key here: it belongs in {where}"
    return f"unknown key{did_you_mean(name, allowed)}"


class _Reader:
    """Walks the parsed TOML, collecting problems instead of stopping at the first."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.secrets: set[str] = set()

    def problem(self, key: str, what: str) -> None:
        """Record a problem; one per key (a missing variable makes the value empty too)."""
        where = f"{self.path.name}: {key}"
        if all(p.where != where for p in self.problems):
            self.problems.append(Problem(where, what))

    def interpolate(self, value: Any, key: str, secret: bool, needed: bool = True) -> Any:
        """``${VAR}`` replaced from the environment; a missing one is a problem when the value
        is ``needed`` (a provider no session uses needs none of its settings)."""
        if isinstance(value, dict):
            return {k: self.interpolate(v, f"{key}.{k}", secret, needed) for k, v in value.items()}
        if isinstance(value, list):
            return [self.interpolate(v, f"{key}[{i}]", secret, needed) for i, v in enumerate(value)]
        if not isinstance(value, str):
            return value

        def sub(m: re.Match[str]) -> str:
            var = m.group(1)
            if var not in os.environ:
                if needed:
                    self.problem(key, f"environment variable {var} is not set")
                return ""
            if secret and os.environ[var]:
                self.secrets.add(os.environ[var])
            return os.environ[var]

        return _VAR.sub(sub, value)

    def unknown(self, table: Mapping, allowed: set[str], key: str) -> None:
        for k in table:
            if k not in allowed:
                self.problem(f"{key}.{k}" if key else k, _unknown(str(k), allowed, key))

    def where(self, value: Any, key: str, what: str = "a file path") -> Path | None:
        """A path from the config, relative to its folder."""
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"must be {what}")
            return None
        path = Path(value).expanduser()
        return path if path.is_absolute() else self.path.parent / path

    def file(self, value: Any, key: str, must_exist: bool = True) -> Path | None:
        path = self.where(value, key)
        if path is not None and (must_exist or path.exists()) and (why := regular_file_problem(path)):
            self.problem(key, why)
        return path

    def folder(self, path: Path, key: str) -> None:
        """A state folder: a folder (or not there yet) whose lock and database are files."""
        if path.exists() and not path.is_dir():
            self.problem(key, f"not a folder: {path}")
            return
        for name in ("lock", "state.db"):
            if (path / name).exists() and (why := regular_file_problem(path / name)):
                self.problem(key, f"{why} (vc_sync keeps its {name} file there)")

    def time(self, value: Any, key: str, tz: str) -> datetime | None:
        if isinstance(value, datetime):  # TOML datetime literal
            found = self._local(value, key, tz) if value.tzinfo is None else value
        elif not isinstance(value, str):
            self.problem(key, f'must be a date and time in quotes, such as "{EXAMPLE.split(" (")[0]}"')
            return None
        else:
            found = self._parse_time(value, key, tz)
        if found is not None and not YEARS[0] <= found.year <= YEARS[1]:
            self.problem(key, f"must be in the years {YEARS[0]}–{YEARS[1]}: {value!s}")
            return None
        return found

    def _parse_time(self, value: str, key: str, tz: str) -> datetime | None:
        text = value.strip()
        if (words := text.rsplit(None, 1)) and len(words) == 2 and (zone := zone_alias(words[1])):
            text, tz = words[0], zone  # "2024-07-09 09:00 WIB"
        try:
            plain = datetime.fromisoformat(text)
        except ValueError:
            plain = None
        if plain is not None and plain.tzinfo is None:
            return self._local(plain, key, tz)
        parsed: object
        if text != value.strip() or plain is None:  # another ISO 8601 form, or an offset and a zone
            import pendulum

            try:
                parsed = pendulum.parse(text, tz=tz)
            except (ValueError, OverflowError, pendulum.parsing.exceptions.ParserError):
                parsed = None
        else:
            parsed = plain
        if not isinstance(parsed, datetime) or (text != value.strip() and parsed.tzinfo is None):
            self.problem(key, f"not a date and time: {value!r}; {date_example(value)}")
            return None
        return parsed

    def _local(self, value: datetime, key: str, tz: str) -> datetime | None:
        """A wall-clock time in ``tz``; one the zone skips or repeats cannot stand for a session's
        start or end: say so, and how to write it with an offset."""
        if not YEARS[0] <= value.year <= YEARS[1]:
            return value  # reported by the caller
        zone = ZoneInfo(tz)
        first = value.replace(tzinfo=zone, fold=0)
        second = value.replace(tzinfo=zone, fold=1)
        if first.utcoffset() != second.utcoffset():
            shown = value.strftime("%Y-%m-%d %H:%M")
            if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == value:
                self.problem(
                    key,
                    f"{shown} happens twice in {tz} (the clocks go back): give the offset, "
                    f"{first.isoformat(timespec='minutes')} or {second.isoformat(timespec='minutes')}",
                )
            else:
                self.problem(key, f"{shown} does not exist in {tz} (the clocks go forward)")
            return None
        offset = first.utcoffset()
        assert offset is not None  # a ZoneInfo always has one
        return first.replace(tzinfo=timezone(offset))  # an instant (SessionSpec)

    def number(
        self, table: Mapping, name: str, key: str, low: float, high: float, integer: bool = False
    ) -> float | None:
        if name not in table:
            return None
        value = table[name]
        kind = int if integer else int | float
        if isinstance(value, bool) or not isinstance(value, kind) or not low <= value <= high:
            what = "a whole number" if integer else "a number"
            self.problem(f"{key}.{name}", f"must be {what} from {low:g} to {high:g}")
            return None
        return float(value)

    def text(self, table: Mapping, name: str, key: str) -> None:
        if name in table and not isinstance(table[name], str):
            self.problem(f"{key}.{name}", f"must be a string, not {table[name]!r}")

    def url(self, table: Mapping, name: str, key: str) -> None:
        value = table.get(name)
        if value is None:
            return
        parts = urlsplit(value) if isinstance(value, str) else None
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
            self.problem(f"{key}.{name}", "must be an http:// or https:// URL")

    def flag(self, table: Mapping, name: str, key: str) -> None:
        if name in table and not isinstance(table[name], bool):
            self.problem(f"{key}.{name}", f"must be true or false, not {table[name]!r}")

    def secret_parts(self) -> None:
        """A spreadsheet's id in a secret URL is as secret as the URL: errors name the id."""
        for value in list(self.secrets):
            self.secrets.update(SPREADSHEET_ID.findall(value))


# Settings with numbers, and the ranges that make sense for them
RETRIES = (("max_attempts", 1, 100, True), ("max_seconds", 0, 24 * 3600, False))
OUTPUT_NUMBERS = (
    *RETRIES,
    ("lock_wait", 0, 3600, False),  # seconds a second run waits for the lock
    ("delay_minutes", 0, 7 * 24 * 60, False),  # after a session's end, before --due takes it
    ("recheck_days", 0, 366, False),  # how long --due looks again for a changed log
)


def read_bytes_config(path: Path) -> str:
    """The config's text: a regular UTF-8 file of at most CONFIG_LIMIT bytes."""
    return read_text(path, CONFIG_LIMIT, "the programme's config (TOML)")


_TOML_AT = re.compile(r"\(at line (\d+), column \d+\)")
_BARE_TIME = re.compile(r"^\s*([\w.-]+)\s*=\s*(\d{4}-\d{2}-\d{2}[ T]\d{1,2}[:.]\d{2}(?:\s+\w+)?)\s*(?:#.*)?$")


def _toml_hint(body: str, exc: Exception) -> str:
    """What the line TOML stopped at most likely lacks: quotes around a session time, or the
    closing quote of a text."""
    found = _TOML_AT.search(str(exc))
    lines = body.splitlines()
    if found is None or not 0 < int(found[1]) <= len(lines):
        return ""
    line = lines[int(found[1]) - 1]
    if bare := _BARE_TIME.match(line):
        return f'; put the time in quotes: {bare[1]} = "{bare[2]}"'
    code = line.split("#", 1)[0] if line.count('"') != 1 else line
    if code.count('"') % 2 == 1:
        return "; a text's closing quote (\") is missing on that line"
    return ""


def load_config(path: str | Path) -> Config:
    """Read and validate a config file; raise InputError listing every problem."""
    path = Path(path)
    if not path.exists():
        raise InputError(Problem(str(path), "config file not found"))
    body = read_bytes_config(path)
    try:
        raw = tomllib.loads(body)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(Problem(str(path), f"not valid TOML: {exc}{_toml_hint(body, exc)}")) from None
    except RecursionError:
        raise InputError(Problem(str(path), "not valid TOML: nested too deeply")) from None
    r = _Reader(path.resolve())
    r.unknown(raw, _SECTIONS, "")
    used = _used_sources(raw.get("sessions"))
    raw = {
        k: (
            _interpolate_providers(r, v, used)
            if k == "providers" and isinstance(v, dict)
            else _interpolate_output(r, v)
            if k == "output" and isinstance(v, dict)
            else r.interpolate(v, k, secret=k in ("providers", "output"))
        )
        for k, v in raw.items()
    }

    event = raw.get("event", {})
    table = isinstance(event, dict)
    if not table:  # said once, not once for each key it lacks
        r.problem("event", "must be a table")
        event = {}
    r.unknown(event, _KEYS["event"], "event")
    name = event.get("name")
    if table and (not isinstance(name, str) or not name.strip()):
        r.problem("event.name", "required: the programme's name")
    tz = _zone(r, event.get("timezone", "Asia/Jakarta"), "event.timezone") or "UTC"
    roster = r.file(event.get("roster"), "event.roster") if "roster" in event else None
    if table and roster is None and "roster" not in event:
        r.problem("event.roster", "required: the roster file (.csv or .xlsx)")

    policy_raw = raw.get("policy", {})
    if not isinstance(policy_raw, dict):
        r.problem("policy", "must be a table")
        policy_raw = {}
    r.unknown(policy_raw, _KEYS["policy"], "policy")
    minutes = r.number(policy_raw, "min_minutes", "policy", 0, 24 * 60)
    fraction = r.number(policy_raw, "min_fraction", "policy", 0, 1)
    if ("min_minutes" in policy_raw) == ("min_fraction" in policy_raw):
        r.problem("policy", "give exactly one of min_minutes and min_fraction")
    delegates = policy_raw.get("delegates", Delegates.SEATS)
    if delegates not in DELEGATES:
        choices = ", ".join(repr(d.value) for d in DELEGATES)
        r.problem("policy.delegates", f"must be one of {choices}, not {delegates!r}")
        delegates = Delegates.SEATS

    sessions = _sessions(r, raw.get("sessions"), tz)
    providers = raw.get("providers", {})
    if not isinstance(providers, dict):
        r.problem("providers", "must be a table of provider settings")
        providers = {}
    _check_providers(r, providers, sessions)
    output = raw.get("output", {})
    if not isinstance(output, dict):
        r.problem("output", "must be a table")
        output = {}
    r.unknown(output, _KEYS["output"], "output")
    for setting, low, high, integer in OUTPUT_NUMBERS:
        r.number(output, setting, "output", low, high, integer)
    r.text(output, "sheet", "output")
    r.url(output, "endpoint", "output")
    if "xlsx" in output:
        output["xlsx"] = r.file(output["xlsx"], "output.xlsx", must_exist=False)
    if "credentials" in output and "sheet" in output:
        output["credentials"] = r.file(output["credentials"], "output.credentials")
    elif "credentials" in output:
        output.pop("credentials")  # no sheet to write: the credentials are not used
    if "sheet" in output and "credentials" not in output:
        r.problem(
            "output.credentials", "required with output.sheet (a service-account or authorised-user JSON)"
        )
    prefix = output.get("prefix", "")
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Za-z0-9_-]{0,12}", prefix):
        r.problem(
            "output.prefix",
            f"at most 12 letters, digits, '-' or '_' (its tabs' titles begin so), not {prefix!r}",
        )
    if output.get("language", "en") not in LANGUAGES:
        r.problem(
            "output.language", f"must be one of {', '.join(map(repr, LANGUAGES))}, not {output['language']!r}"
        )
    if "state" in output:
        state = output["state"]
        output["state"] = r.where(state, "output.state", "a folder path")
    state_dir = output.get("state") or r.path.parent / ".vc_sync"
    if isinstance(state_dir, Path):
        r.folder(state_dir, "output.state")

    matching = raw.get("matching", {})
    if not isinstance(matching, dict):
        r.problem("matching", "must be a table")
        matching = {}
    r.unknown(matching, _KEYS["matching"], "matching")
    tuning = _tuning(r, matching)
    data = matching.get("data", [])
    data_files = tuple(
        p
        for i, d in enumerate(data if isinstance(data, list) else [data])
        if (p := r.file(d, f"matching.data[{i}]"))
    )
    overrides = r.file(matching.get("overrides", "overrides.csv"), "matching.overrides", must_exist=False)
    if isinstance(output.get("xlsx"), Path):
        inputs = [roster, overrides, *data_files, *(Path(s.ref) for s in sessions)]
        _workbook_target(r, output["xlsx"], inputs)

    r.secret_parts()
    if r.problems:
        pattern = secret_pattern(r.secrets)
        raise InputError(
            [Problem(p.where, pattern.sub("***", p.what) if pattern else p.what) for p in r.problems]
        )
    assert roster is not None and overrides is not None  # either missing is a problem above
    return Config(
        path=path.resolve(),
        name=name.strip(),
        timezone=tz,
        roster=roster,
        policy=Policy(min_minutes=minutes, min_fraction=fraction, delegates=Delegates(delegates)),
        sessions=tuple(sessions),
        providers=providers,
        output=output,
        tuning=tuning,
        data_files=data_files,
        overrides=overrides,
        secrets=frozenset(r.secrets),
    )


def _workbook_target(r: _Reader, xlsx: Path, inputs: Sequence[Path | None]) -> None:
    """``output.xlsx`` is a workbook of its own: an .xlsx name (a program opens it so), none of
    the programme's input files (the roster, an export, overrides), which a sync would replace."""
    if xlsx.suffix.lower() not in (".xlsx", ".xlsm"):
        r.problem("output.xlsx", f"must name an .xlsx workbook, not {xlsx.name!r}")
        return
    target = xlsx.resolve()
    for path in inputs:
        if path is not None and path.resolve() == target:
            r.problem("output.xlsx", f"is an input of the programme ({path.name}): name a workbook apart")
            return


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
    declared = registry.session_keys()
    sources = sorted(k for k, (_, sk) in declared.items() if sk.source)
    for n, s in enumerate(raw, start=1):
        key = f"sessions[{n}]"
        if not isinstance(s, dict):
            r.problem(key, "must be a table")
            continue
        r.unknown(s, _KEYS["session"] | set(declared), key)
        sid = s.get("id")
        if not isinstance(sid, str) or not sid.strip():
            r.problem(f"{key}.id", "required: a session id such as S1")
            sid = f"#{n}"
        elif not _SESSION_ID.match(sid):
            r.problem(
                f"{key}.id",
                f"{sid!r}: use at most 24 letters, digits, '-', '_' or '.' (it names a tab and is "
                "referenced from the roster)",
            )
        elif sid in seen:
            r.problem(f"{key}.id", f"duplicate session id {sid!r}")
        seen.add(sid)
        named = f"{key} ({sid})" if _SESSION_ID.match(sid) else key
        if "timezone" in s:
            s["timezone"] = _zone(r, s["timezone"], f"{named}.timezone") or tz
        start = r.time(s.get("start"), f"{named}.start", tz)
        end = r.time(s.get("end"), f"{named}.end", tz)
        if start and end and end <= start:
            r.problem(f"{named}.end", f"must be after start ({start.isoformat(timespec='minutes')})")
        r.number(s, "delay_minutes", named, 0, 7 * 24 * 60)
        r.text(s, "title", named)
        given = [k for k in sources if k in s] + (["provider"] if "provider" in s else [])
        if len(given) != 1:
            r.problem(named, f"give exactly one source of {', '.join(sources)} (found {len(given)})")
            continue
        if given[0] == "provider":  # provider = "name", ref = "…": any provider, by its name
            source, value, at = str(s["provider"]), s.get("ref"), "ref"
        else:
            source, value, at = given[0], s[given[0]], given[0]
        owner, skey = declared.get(source, (None, SessionKey(source)))
        ctx = _KeyContext(r, f"{named}.{at}", s)
        found = (skey.read or text_ref)(value, ctx)
        if found is None:
            continue
        ref = found if isinstance(found, Ref) else Ref(str(found))
        if ref.source:  # the value named another of the provider's sources (a webinar's link)
            source, skey = ref.source, declared.get(ref.source, (owner, skey))[1]
        options: dict[str, Any] = {}
        for k, v in s.items():
            if k in _KEYS["session"] or k == given[0]:
                continue
            key_owner, option = declared.get(k, (None, None))
            if option is None:
                continue
            if key_owner is not owner and not option.anywhere:
                served = " or ".join(sk for sk, (o, d) in declared.items() if o is key_owner and d.source)
                r.problem(f"{named}.{k}", f"goes with a {served} session")
                continue
            options[k] = option.read(v, _KeyContext(r, f"{named}.{k}", s)) if option.read else v
        for k in ("delay_minutes", "timezone"):
            if k in s:
                options[k] = s[k]
        if start and end:
            title = str(s.get("title", sid))
            out.append(SessionSpec(sid, title, start, end, source, ref.ref, options, skey.label))
    return out


def _used_sources(sessions: Any) -> set[str]:
    """The providers the sessions use, read before anything is checked: each source key's
    provider by the name of its settings table (``zoom`` for Zoom meetings and webinars), or
    the name ``provider = "…"`` gives."""
    classes = registry.registry()
    used: set[str] = set()
    for s in sessions if isinstance(sessions, list) else []:
        if isinstance(s, dict):
            named = [k for k in s if k in classes]
            if isinstance(s.get("provider"), str):
                named.append(s["provider"])
            used |= {classes[k].name if k in classes else k for k in named}
    return used


def _interpolate_providers(r: _Reader, providers: dict, used: set[str]) -> dict:
    """Provider settings with ``${VAR}`` read; a provider no session uses may lack its variables
    (the example's Zoom section in a programme of saved exports asks for no Zoom account)."""
    return {
        name: r.interpolate(table, f"providers.{name}", secret=True, needed=name in used)
        for name, table in providers.items()
    }


def _interpolate_output(r: _Reader, output: dict) -> dict:
    """Output settings with ``${VAR}`` read; ``credentials`` is needed only with ``sheet``."""
    return {
        k: r.interpolate(v, f"output.{k}", secret=True, needed=k != "credentials" or "sheet" in output)
        for k, v in output.items()
    }


def _zone(r: _Reader, value: Any, key: str) -> str | None:
    """An IANA zone from the config: WIB, WITA and WIT are Indonesia's three."""
    if isinstance(value, str) and (alias := zone_alias(value)):
        return alias
    if _known_zone(value):
        return str(value)
    r.problem(key, zone_hint(value))
    return None


def _known_zone(name: Any) -> bool:
    """Whether ``name`` is an IANA time zone this machine knows."""
    if not isinstance(name, str) or not name.strip():
        return False
    try:
        ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError (a KeyError), ValueError for a path, OSError
        return False
    return True


class _KeyContext:
    """What a provider's session key reader may do: report, mask, resolve a path."""

    def __init__(self, reader: _Reader, key: str, session: dict[str, Any]):
        self.reader, self.key, self.session = reader, key, session

    def problem(self, what: str, at: str = "") -> None:
        self.reader.problem(self.key + at, what)

    def secret(self, value: str) -> None:
        self.reader.secrets.add(value)

    def path(self, value: Any, must_exist: bool = True) -> Path | None:
        return self.reader.file(value, self.key, must_exist=must_exist)


def _check_providers(r: _Reader, providers: dict, sessions: list[SessionSpec]) -> None:
    """Each provider's table against what the provider declares (``providers.schema``)."""
    classes = registry.registry()
    used = {classes[s.source].name for s in sessions if s.source in classes}
    declared = {cls.name: getattr(cls, "settings", None) for cls in classes.values()}
    for name, table in providers.items():
        if not isinstance(table, dict):
            r.problem(f"providers.{name}", "must be a table")
            continue
        settings = declared.get(name)
        if settings is None:
            continue  # a provider that declares nothing checks its own settings
        key = f"providers.{name}"
        r.unknown(table, {s.name for s in settings}, key)
        for setting in settings:
            _check_setting(r, table, setting, key)
    for name in sorted(used):
        settings = declared.get(name) or ()
        required = sorted(s.name for s in settings if s.required)
        if not required:
            continue
        table = providers.get(name)
        if not isinstance(table, dict):
            r.problem(f"providers.{name}", f"required: a session uses {name}")
            continue
        for setting in required:
            if not str(table.get(setting, "")).strip():
                r.problem(f"providers.{name}.{setting}", "required and empty")


def _check_setting(r: _Reader, table: dict, setting: Setting, key: str) -> None:
    name = setting.name
    if name not in table:
        return
    if setting.secret and isinstance(table[name], str) and table[name]:
        r.secrets.add(table[name])
    if setting.kind == "url":
        r.url(table, name, key)
    elif setting.kind == "number":
        r.number(table, name, key, setting.low, setting.high, setting.integer)
    elif setting.kind == "flag":
        r.flag(table, name, key)
    elif setting.kind == "file":
        if str(table[name]).strip():
            table[name] = str(r.file(table[name], f"{key}.{name}"))
    else:
        r.text(table, name, key)
