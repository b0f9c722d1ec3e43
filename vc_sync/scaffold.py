"""``vc-sync init``: a new programme's folder — a commented config with every key, a roster
template whose columns vc_sync reads, and an ``exports/`` folder. Nothing is overwritten.

``config/example.toml`` is this template for the sample's answers (a test keeps them equal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROVIDERS = ("zoom", "meet", "teams", "file")
OUTPUTS = ("xlsx", "sheet")
LANGUAGES = ("id", "en")
COMMENT = 37  # the column where comments on a key begin


@dataclass(frozen=True)
class Answers:
    name: str
    timezone: str = "Asia/Jakarta"
    provider: str = "file"  # one of PROVIDERS; file: saved exports
    output: str = "xlsx"  # xlsx (a local workbook) or sheet (a shared Google Sheet)
    language: str = "id"
    first_day: date = date(2020, 4, 14)


def _line(text: str, comment: str = "", on: bool = True) -> str:
    """A key line, commented out unless ``on``, its comment aligned."""
    body = text if on else f"# {text}"
    if not comment:
        return body
    return f"{body.ljust(COMMENT - 1)} # {comment}" if len(body) < COMMENT - 1 else f"{body}  # {comment}"


def _more(comment: str) -> str:
    """A comment's next line, under the first."""
    return f"{'':{COMMENT - 1}} # {comment}"


def config_text(a: Answers) -> str:
    """The programme's config: every key, those not chosen commented out with their default
    or an example."""
    zoom, meet, teams, file = (a.provider == p for p in PROVIDERS)
    sheet = a.output == "sheet"
    day = a.first_day.isoformat()
    out = [
        f"# {a.name}: a vc_sync programme.",
        "# Every key is here; a commented one shows its default or an example. Paths are relative",
        "# to this file; ${VAR} is read from the environment (a missing one is an error naming the",
        "# key), and values so read under [providers] and [output] are secrets, never printed.",
        "# Try it: vc-sync check --config <this file>   (add --online to try the accounts)",
        "",
        "[event]",
        _line(f"name = {_quote(a.name)}"),
        _line(f'timezone = "{a.timezone}"', "or WIB, WITA (Asia/Makassar), WIT (Asia/Jayapura):"),
        _more("times here and in exports are in it"),
        _line('roster = "roster.csv"', "or roster.xlsx (its first sheet)"),
        "",
        "[policy]",
        _line("min_minutes = 45", "verified when present this long in the session"),
        _line("min_fraction = 0.5", "or this share of its scheduled length", on=False),
        _line('delegates = "seats"', '"seats": people an invited agency sent count up'),
        _more("to its invited seats, the rest as delegates;"),
        _more('"all": everyone an invited agency sent counts'),
        "",
        _section("[providers.zoom]", "a Server-to-Server OAuth app: README, Zoom", zoom),
        _line('account_id = "${ZOOM_ACCOUNT_ID}"', on=zoom),
        _line('client_id = "${ZOOM_CLIENT_ID}"', on=zoom),
        _line('client_secret = "${ZOOM_CLIENT_SECRET}"', on=zoom),
        _line('base_url = "https://api.zoomgov.com/v2"', "Zoom for Government, a proxy", on=False),
        _line('oauth_url = "https://zoomgov.com/oauth/token"', on=False),
        _line("ready_within = 24", 'hours after the end a missing report is "not yet"', on=False),
        _line("timeout = 15", "seconds one request may take", on=False),
        _line("max_attempts = 6", "tries of one request …", on=False),
        _line("max_seconds = 120", "… and the time they may take", on=False),
        "",
        _section("[providers.meet]", "Google Meet: README, Google", meet),
        _line('credentials = "google-credentials.json"', "service-account or authorised-user JSON", on=meet),
        _line('subject = "panitia@example.go.id"', "a service account acting for the organiser", on=False),
        _line("directory = false", "do not look up signed-in users' e-mails", on=False),
        _line('endpoint = "https://meet.googleapis.com/"', "a proxy", on=False),
        _line("reads_per_minute = 600", "Meet API reads per minute (Google's quota)", on=False),
        _line("workers = 8", "participant lists fetched at once", on=False),
        _line("reports_settle = 60", "minutes after the end before report events are read", on=False),
        _line("timeout = 15", on=False),
        _line("max_attempts = 6", on=False),
        _line("max_seconds = 120", on=False),
        "",
        _section("[providers.teams]", "Microsoft Teams: an app registration, README", teams),
        _line('tenant = "${TEAMS_TENANT}"', "tenant id or domain", on=teams),
        _line('client_id = "${TEAMS_CLIENT_ID}"', on=teams),
        _line('client_secret = "${TEAMS_CLIENT_SECRET}"', on=teams),
        _line('organizer = "panitia@example.go.id"', "links naming none; by e-mail: User.Read.All", on=False),
        _line('authority = "https://login.microsoftonline.us"', "a national cloud's sign-in …", on=False),
        _line('graph_url = "https://graph.microsoft.us/v1.0"', "… and its Graph", on=False),
        _line("ready_within = 24", 'hours after the end a missing report is "not yet"', on=False),
        _line("reports_settle = 15", "minutes after the end before reports are read", on=False),
        _line("timeout = 15", on=False),
        _line("max_attempts = 6", on=False),
        _line("max_seconds = 120", on=False),
        "",
        "[output]",
        _line('xlsx = "attendance.xlsx"', "a local workbook with the same tabs; no account", on=not sheet),
        _line('sheet = "https://docs.google.com/spreadsheets/d/…"', "the shared sheet, or its id", on=sheet),
        _line('credentials = "google-credentials.json"', "for the sheet: README, Google", on=sheet),
        _line(
            f'language = "{a.language}"',
            'tabs, headers, statuses: Indonesian; "en" English'
            if a.language == "id"
            else 'tabs, headers, statuses: English; "id" Indonesian',
        ),
        _line('prefix = "B2"', "its tabs' titles begin so: two programmes, one sheet", on=False),
        _line('state = ".vc_sync"', "the archive of pulled logs and the ledger of runs", on=False),
        _line("lock_wait = 10", "seconds a second run waits for the first", on=False),
        _line("delay_minutes = 30", "--due: wait this long after a session ends", on=False),
        _line("recheck_days = 7", "--due: look again for changed logs this long", on=False),
        _line('endpoint = "https://sheets.googleapis.com"', "a proxy", on=False),
        _line("max_attempts = 6", on=False),
        _line("max_seconds = 120", on=False),
        "",
        _line("[matching]", "all optional"),
        _line('data = ["regions.toml"]', "more region forms, units, agencies: README", on=False),
        _line('overrides = "overrides.csv"', "organisers' decisions (the default name)", on=False),
        _line("fuzzy_accept = 0.85", "similarity a name with a slip needs …", on=False),
        _line("fuzzy_accept_hinted = 0.75", "… or when its display name names the agency", on=False),
        _line("fuzzy_margin = 0.06", "how far ahead of the runner-up it must be", on=False),
        _line("partial_score = 0.9", on=False),
        "",
        _line("[[sessions]]", "one block per session"),
        _line('id = "S1"', "letters, digits, - _ . (it names a tab)"),
        _line('title = "Sesi 1"'),
        _line(f'start = "{day} 09:00"', "in the event's zone (or 09:00 WITA, or an offset)"),
        _line(f'end = "{day} 11:30"'),
        _line('zoom = "812 3456 7890"', "← your meeting id, or its join link as pasted", on=zoom),
        _line('meet = "abc-defg-hij"', "← your Google Meet meeting code", on=meet),
        _line('file = "exports/s1.csv"', "← a saved export: Zoom, Meet (CSV or JSON), Teams", on=file),
        _line(
            'teams = "https://teams.microsoft.com/l/meetup-join/…"', "← a Teams meeting's join link", on=teams
        ),
        _line('format = "zoom-csv"', "when it is not detected: zoom-json, meet-csv, meet-json,", on=False),
        _more("teams-csv"),
        _line('zoom_webinar = "934 5678 9012"', "a webinar instead", on=False),
        _line('zoom_skip = ["aBc+dE/fGhIjKlMnOpQ=="]', "instances that truly have no report", on=False),
        _line('meet_source = "reports"', "Meet: the Admin SDK Reports instead", on=False),
        _line('teams_organizer = "panitia@example.go.id"', "Teams: a link that names no organiser", on=False),
        _line('provider = "webex"', "a provider from another package, with …", on=False),
        _line('ref = "…"', "… what it reads", on=False),
        _line('timezone = "Asia/Makassar"', "this session's exports in another zone", on=False),
        _line("delay_minutes = 60", "--due: wait this long after this session", on=False),
        "",
        "# [[sessions]]",
        '# id = "S2"',
        '# title = "Sesi 2"',
        f'# start = "{day} 13:00"',
        f'# end = "{day} 15:30"',
        f"# {_source_example(a.provider)}",
        "",
    ]
    return "\n".join(out)


def _section(header: str, comment: str, on: bool) -> str:
    return _line(header, comment, on=on)


def _source_example(provider: str) -> str:
    return {
        "zoom": 'zoom = "812 3456 7890"',
        "meet": 'meet = "abc-defg-hij"',
        "teams": 'teams = "https://teams.microsoft.com/l/meetup-join/…"',
        "file": 'file = "exports/s2.csv"',
    }[provider]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


ROSTER_HEADERS = {
    "id": ("ID", "Sesi", "Instansi", "Nama", "Email", "No HP", "Alias", "Peran", "Wilayah", "Unit"),
    "en": ("id", "sessions", "agency", "name", "email", "phone", "aliases", "role", "region", "unit"),
}
EXAMPLE_ID = "CONTOH"  # the template's example row, named by check until it is replaced


def roster_text(language: str) -> str:
    """A roster with the columns vc_sync reads, in the programme's language, and one example row
    (separated by ';', as Excel saves CSV in Indonesian)."""
    example = (
        EXAMPLE_ID,
        "S1",
        "Dinas Komunikasi dan Informatika Kabupaten Contoh",
        "Nama Contoh",
        "nama.contoh@example.go.id",
        "0812-0000-0000",
        "",
        "peserta" if language == "id" else "participant",
        "",
        "",
    )
    return ";".join(ROSTER_HEADERS[language]) + "\n" + ";".join(example) + "\n"


def zone(text: str) -> str:
    """The IANA zone ``text`` names (WIB, WITA, WIT or an IANA name); ValueError saying why not."""
    from zoneinfo import ZoneInfo

    from vc_sync.hints import zone_alias, zone_hint

    name = zone_alias(text) or text.strip()
    try:
        ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError (a KeyError), ValueError for a path
        raise ValueError(zone_hint(text)) from None
    return name


@dataclass(frozen=True)
class Made:
    path: Path
    made: bool  # False: it was there and is kept


def scaffold(folder: Path, answers: Answers) -> list[Made]:
    """Write the programme's files into ``folder`` (made if missing); an existing file is kept."""
    folder.mkdir(parents=True, exist_ok=True)
    done = []
    for name, text in (("config.toml", config_text(answers)), ("roster.csv", roster_text(answers.language))):
        path = folder / name
        try:
            with open(path, "x", encoding="utf-8") as fh:  # never over a file that is there
                fh.write(text)
        except FileExistsError:
            done.append(Made(path, False))
            continue
        done.append(Made(path, True))
    exports = folder / "exports"
    done.append(Made(exports, not exports.exists()))
    exports.mkdir(exist_ok=True)
    return done
