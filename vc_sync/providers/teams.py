"""The ``teams`` provider: Microsoft Teams attendance reports from Microsoft Graph, and the
``teams-csv`` format: an attendance report downloaded from Teams (see ``ATTENDANCE_CSV``).

App-only credentials through msal (client credentials for the app registration's tenant);
the meeting is found by its join link among the organizer's online meetings, and every
attendance report of it that started in the session's window (each occurrence of a recurring
meeting has its own) is read with all its attendance records, following ``@odata.nextLink``.
Requests, the sign-in's too, are retried on 429 (after ``Retry-After``) and 5xx within the
retry budget; an expired token is renewed once. A pull is whole or fails: every page of every
report in the window is read, or nothing is returned (not before the session's end, not with a
next page that repeats one read, not when Graph's 50-report list may have cut the window).
Each response is kept as a raw page, and ``replay`` rebuilds the same segments from them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, quote, urlsplit

from vc_sync.errors import InputError, NotReady, Problem, ProviderError
from vc_sync.http import (
    RETRY_STATUSES,
    Refusals,
    RetryPolicy,
    Transient,
    call,
    instant,
    json_body,
    retry_after,
    transient,
)
from vc_sync.inputs import check_width, csv_rows
from vc_sync.model import Segment, Window
from vc_sync.providers import formats
from vc_sync.providers.base import Progress, Pull, RawPage, ended
from vc_sync.providers.schema import RETRY_SETTINGS, KeyContext, Ref, SessionKey, Setting, number, resolve

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec

GRAPH = "https://graph.microsoft.com/v1.0"
AUTHORITY = "https://login.microsoftonline.com"
READY_WITHIN = 24.0  # hours after the end in which a missing or empty report is "not yet"
REPORTS_SETTLE = 15.0  # minutes after the end before reports are read: a restarted meeting's last comes later
EARLIEST = timedelta(hours=12)  # an occurrence may start this long before the window
PERMISSIONS = (
    "the application permissions OnlineMeetings.Read.All and OnlineMeetingArtifact.Read.All "
    "(admin consent) and an application access policy granted to the organizer"
)
_REPORT = re.compile(r"/attendanceReports/([^/?]+)/attendanceRecords")
_OBJECT_ID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
# Graph lists "only ... up to 50 of the most recent reports" of a meeting (meetingattendancereport-list)
REPORTS_LISTED = 50
RECORDS, REPORTS, MEETING = "attendanceRecords", "attendanceReports", "onlineMeetings"


def organizer_of(join_url: str) -> str:
    """The organizer's object id from a join link's ``context`` (``{"Tid": …, "Oid": …}``), or ''
    when it names none: an ``Oid`` that is no object id (a GUID) is not taken, since it goes
    into the request's path."""
    try:
        context = json.loads((parse_qs(urlsplit(join_url).query).get("context") or ["{}"])[0])
    except ValueError:
        return ""
    oid = str(context.get("Oid") or "") if isinstance(context, dict) else ""
    return oid if _OBJECT_ID.fullmatch(oid) else ""


_SHORT_LINK = re.compile(r"/meet/(\d+)/?")  # teams.microsoft.com/meet/<meeting id>?p=<passcode>


def meeting_filter(join_url: str) -> str:
    """The ``$filter`` that finds a meeting by its join link: a short link by the meeting ID it
    carries (Graph's joinWebUrl is the long form), any other by the link itself; a quote in it
    doubled, as OData writes it."""
    short = _SHORT_LINK.fullmatch(urlsplit(join_url).path)
    if short:
        return f"joinMeetingIdSettings/joinMeetingId eq '{short.group(1)}'"
    return "JoinWebUrl eq '{}'".format(join_url.replace("'", "''"))


def read_link(value: Any, ctx: KeyContext) -> Ref | None:
    """A session's ``teams``: the meeting's join link as pasted; a passcode in it is masked."""
    if not isinstance(value, str) or not value.strip():
        ctx.problem("must be a non-empty string")
        return None
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.netloc:
        ctx.problem("must be the meeting's join link (https://teams.microsoft.com/…)")
        return None
    for secret in parse_qs(parts.query).get("p", []):
        ctx.secret(secret)
    return Ref(value.strip())


class TeamsProvider:
    name: ClassVar[str] = "teams"
    sources: ClassVar[tuple[str, ...]] = ("teams",)
    settings: ClassVar[tuple[Setting, ...]] = (
        Setting("tenant", required=True),
        Setting("client_id", required=True),
        Setting("client_secret", required=True, secret=True),
        Setting("organizer"),  # for join links that do not name theirs
        Setting("authority", "url", default=AUTHORITY),
        Setting("graph_url", "url", default=GRAPH),
        number("ready_within", 0, 24 * 366, default=READY_WITHIN),
        number("reports_settle", 0, 24 * 60, default=REPORTS_SETTLE),
        *RETRY_SETTINGS,
    )
    session_keys: ClassVar[tuple[SessionKey, ...]] = (
        SessionKey("teams", read=read_link, label="Microsoft Teams meeting"),
        SessionKey("teams_organizer", source=False),
    )

    def __init__(
        self, config: Config, now: Callable[[], datetime] | None = None, policy: RetryPolicy | None = None
    ):
        settings = resolve(self.settings, config.providers.get("teams", {}))
        self.tenant = str(settings.get("tenant", ""))
        self.client_id = str(settings.get("client_id", ""))
        self.client_secret = str(settings.get("client_secret", ""))
        self.organizer = str(settings.get("organizer", ""))
        self.graph_url = str(settings["graph_url"]).rstrip("/")
        self.authority = str(settings["authority"]).rstrip("/")
        _same_cloud(self.graph_url, self.authority)
        self.timeout = float(settings.get("timeout", 15))
        self.policy = policy or RetryPolicy.from_settings(settings)
        self.ready_within = timedelta(hours=float(settings["ready_within"]))
        self.settle = timedelta(minutes=float(settings["reports_settle"]))
        self.now = now or (lambda: datetime.now(UTC))
        self._app: Any = None
        self._token = ""
        self._answer: Any = None  # the sign-in authority's last HTTP answer (msal hides it)
        self._ids: dict[str, str] = {}  # organizers given by e-mail -> their object ids
        import requests  # here, not at the top: the registry loads every provider to read its keys

        self._http = requests.Session()

    # --- token -----------------------------------------------------------------------------

    def _scope(self) -> list[str]:
        """The app-only scope of the Graph in use (national clouds have their own host)."""
        parts = urlsplit(self.graph_url)
        return [f"{parts.scheme}://{parts.netloc}/.default"]

    def token(self, renew: bool = False) -> str:
        """An app-only access token from msal, or a ProviderError saying why not."""

        if not _OBJECT_ID.fullmatch(self.client_id):  # the secret pasted here would come back in AADSTS700016
            raise InputError(
                Problem(
                    "[providers.teams] client_id",
                    "not an application (client) id, which is a GUID "
                    "(the value is not shown: it may be the secret)",
                )
            )
        fresh = renew

        def once() -> str:
            nonlocal fresh
            import msal
            import requests

            try:
                if self._app is None or fresh:
                    fresh = False
                    self._app = msal.ConfidentialClientApplication(
                        self.client_id,
                        client_credential=self.client_secret,
                        authority=f"{self.authority}/{quote(self.tenant, safe='')}",
                        instance_discovery=False,
                        http_client=self._auth_session(),
                    )
                self._answer = None
                result = self._app.acquire_token_for_client(scopes=self._scope())
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise Transient(f"token request: {type(exc).__name__}") from None
            except (requests.HTTPError, msal.exceptions.MsalServiceError):  # msal: a 5xx answer
                fresh = True  # a new app: msal keeps a 5xx answer and repeats it for a while
                raise self._auth_failure() from None
            except ValueError as exc:  # msal: the tenant's discovery document could not be read
                raise ProviderError(
                    f"teams: the sign-in authority refused the tenant {self.tenant!r} ({_first_line(exc)})"
                ) from None
            if result.get("error") in TRY_AGAIN:  # "the server is temporarily too busy"
                fresh = True
                raise self._auth_failure(str(result["error"]))
            if "access_token" not in result:
                reason = f"{result.get('error', 'error')}: {_first_line(result.get('error_description', ''))}"
                raise ProviderError(
                    f"teams: token request refused ({reason}); check tenant, client_id and client_secret"
                )
            self._answer = None  # its body holds the token
            return str(result["access_token"])

        return call("teams: token request", once, self.policy)

    def _auth_session(self) -> Any:
        """msal's HTTP session: requests with our timeout, keeping the last answer so that a
        5xx can be retried after its ``Retry-After``."""
        import functools

        import requests

        session = requests.Session()
        session.request = functools.partial(session.request, timeout=self.timeout)  # type: ignore[method-assign]
        session.hooks["response"].append(lambda r, *_a, **_k: setattr(self, "_answer", r))
        return session

    def _auth_failure(self, error: str = "") -> Exception:
        """The sign-in authority's failed answer as a retryable one, or a ProviderError."""
        answer = self._answer
        status = int(getattr(answer, "status_code", 0) or 0)
        headers = getattr(answer, "headers", None) or {}
        said = (f"HTTP {status} {error}" if status else error or "no answer").strip()
        if status in RETRY_STATUSES or error:
            return Transient(f"token request: {said}", retry_after(headers.get("Retry-After")))
        return ProviderError(f"teams: token request: the sign-in authority answered {said}")

    # --- requests --------------------------------------------------------------------------

    def _get(
        self, what: str, url: str, params: dict[str, str] | None = None, hint: str | None = None
    ) -> tuple[dict, RawPage]:
        """One GET with retries, one token renewal on 401, and errors mapped."""
        import requests

        renewed = False

        def once() -> tuple[dict, RawPage]:
            nonlocal renewed
            if not self._token:
                self._token = self.token()
            try:
                r = self._http.get(
                    url,
                    params=params,
                    headers={"Authorization": f"Bearer {self._token}", "Accept": "application/json"},
                    timeout=self.timeout,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise Transient(type(exc).__name__) from None
            if r.status_code == 401 and not renewed:
                renewed = True
                self._token = self.token(renew=True)
                raise Transient("HTTP 401: token expired, renewed", retry_after=0)
            if again := transient(r.status_code, r.headers):
                raise again
            body = json_body(r)
            if r.status_code != 200 or not isinstance(body, dict):
                raise _failure(what, r.status_code, body, hint)
            return body, RawPage(f"GET {_relative(r.url, self.graph_url)}", r.content)

        return call(f"teams: {what}", once, self.policy)

    def _all(self, what: str, url: str, pages: list[RawPage], progress: Progress | None) -> list[dict]:
        """Every item of a list, following ``@odata.nextLink``; each response kept as a page."""
        items: list[dict] = []
        seen: set[str] = set()
        next_url: str | None = url
        while next_url:
            seen.add(next_url)
            body, page = self._get(what, next_url)
            if not isinstance(body.get("value"), list):  # a collection's page always has one
                raise ProviderError(f"teams: {what}: a page without a value list; nothing was pulled")
            pages.append(page)
            items += body["value"]
            next_url = body.get("@odata.nextLink")
            if next_url and not _within(next_url, self.graph_url):
                raise ProviderError(f"teams: {what}: a next page outside {self.graph_url}: refused")
            if next_url in seen:
                raise ProviderError(
                    f"teams: {what}: Graph's next page repeats one already read; nothing was pulled"
                )
        if progress:
            progress(f"teams: {what}: {len(items)}")
        return items

    # --- pull ------------------------------------------------------------------------------

    def _organizer(self, session: SessionSpec) -> str:
        found = str(session.options.get("teams_organizer") or organizer_of(session.ref) or self.organizer)
        if found.strip(".") == "" and found:  # "." and ".." would leave /users/ in the path
            raise InputError(Problem(f"session {session.id}", f"teams_organizer: not a user: {found!r}"))
        if not found:
            raise InputError(
                Problem(
                    f"session {session.id}",
                    "the join link names no organizer: give teams_organizer, or [providers.teams] "
                    "organizer (the organizer's user id or e-mail)",
                )
            )
        return found

    def _object_id(self, upn: str) -> str:
        """The object id of an organizer given by e-mail (user principal name), looked up once:
        under application permissions Graph finds online meetings by the id alone."""
        if upn not in self._ids:
            body, _ = self._get(
                f"organizer {upn}",
                f"{self.graph_url}/users/{quote(upn, safe='@')}",
                {"$select": "id"},
                hint=(
                    "an organizer given by e-mail is looked up in the tenant, which needs the "
                    "application permission User.Read.All; or give the organizer's object id "
                    "(Microsoft Entra admin center, Users, Object ID)"
                ),
            )
            found = str(body.get("id") or "")
            if not _OBJECT_ID.fullmatch(found):
                raise ProviderError(f"teams: organizer {upn}: Graph's answer holds no object id")
            self._ids[upn] = found
        return self._ids[upn]

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        organizer = self._organizer(session)
        ended("teams", session, self.now())
        if self.now() < session.end + self.settle:  # a restarted meeting's last report comes later
            raise NotReady(
                f"teams: {session.id}'s attendance reports are read from "
                f"{(session.end + self.settle).astimezone(UTC):%Y-%m-%d %H:%M} UTC, when the last of a "
                "restarted meeting's is out (providers.teams.reports_settle); nothing was pulled"
            )
        late = self.now() - session.end >= self.ready_within
        if "@" in organizer:
            organizer = self._object_id(organizer)
        users = f"{self.graph_url}/users/{quote(organizer, safe='@')}"
        pages: list[RawPage] = []
        body, page = self._get(
            f"meeting of {organizer}",
            f"{users}/{MEETING}",
            {"$filter": meeting_filter(session.ref)},
        )
        pages.append(page)
        meetings = body.get("value") or []
        if not meetings:
            raise ProviderError(
                f"teams: {session.id}: {organizer} organises no meeting with that join link; "
                "check the link and the organizer"
            )
        meeting = f"{users}/{MEETING}/{quote(str(meetings[0]['id']), safe='')}"
        reports = self._all(f"attendance reports of {session.id}", f"{meeting}/{REPORTS}", pages, progress)
        earliest, end = session.start - EARLIEST, session.end
        _check_listed(session.id, reports, earliest)
        window = sorted(
            (r for r in reports if (t := instant(r.get("meetingStartDateTime"))) and earliest <= t <= end),
            key=lambda r: str(r.get("meetingStartDateTime")),
        )
        if not window:
            what = f"teams: {session.id}: no attendance report in the session's window"
            if late:
                raise ProviderError(f"{what}; check the session's times and the join link")
            raise NotReady(f"{what} yet")
        for report in window:
            records = self._all(
                f"attendance records of report {report['id']}",
                f"{meeting}/{REPORTS}/{quote(str(report['id']), safe='')}/{RECORDS}",
                pages,
                progress,
            )
            if not records and not late:
                raise NotReady(
                    f"teams: {session.id}: report {report['id']} lists no attendance yet; nothing was pulled"
                )
        warnings: list[str] = []
        segments = _segments(pages, warnings)
        return Pull(
            tuple(segments),
            tuple(pages),
            origin=f"teams meeting of {organizer} ({len(window)} report(s))",
            warnings=tuple(warnings),
            meta={"reports": [r["id"] for r in window]},
        )

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        return _segments(pages, None)

    def check(self) -> str:
        self.token()
        return f"app {self.client_id} signed in to tenant {self.tenant}"


def _segments(pages: Sequence[RawPage], warnings: list[str] | None) -> list[Segment]:
    """A segment per attendance interval, in the order of the pages and records. Graph leaves
    an interval's join or leave time null "when data is lacking": one lacking its leave ends
    after its own ``durationInSeconds``, or, alone in its record, when the record's
    ``totalAttendanceInSeconds`` says; any other is left out. The people either befalls are
    named in a warning, since their time may be short."""
    out: list[Segment] = []
    mended: list[str] = []
    left_out: list[str] = []
    for page in pages:
        found = _REPORT.search(page.label)
        if not found:
            continue
        for rec in json.loads(page.body).get("value") or []:
            identity = rec.get("identity") or {}
            email = rec.get("emailAddress") or None
            name = str(identity.get("displayName") or email or "")
            intervals = rec.get("attendanceIntervals") or []
            spans = [(instant(i.get("joinDateTime")), instant(i.get("leaveDateTime"))) for i in intervals]
            for (join, leave), interval in zip(spans, intervals, strict=True):
                if (
                    join is not None
                    and leave is None
                    and (leave := _lacking_leave(rec, interval, join, spans))
                ):
                    mended.append(name)
                if join is None or leave is None:
                    left_out.append(name)
                    continue
                out.append(
                    Segment(
                        name=name,
                        join=join,
                        leave=max(leave, join),
                        email=email,
                        participant_id=identity.get("id") or None,
                        source=f"teams:{found.group(1)}",
                        seq=len(out),
                    )
                )
    if warnings is not None:
        if mended:
            warnings.append(
                f"teams: {len(mended)} attendance interval(s) without a leave time, ended by their "
                f"recorded durations: {_names(mended)}"
            )
        if left_out:
            warnings.append(
                f"teams: {len(left_out)} attendance interval(s) without a join or leave time left "
                f"out; these people's time may be short: {_names(left_out)}"
            )
    return out


def _lacking_leave(
    rec: dict, interval: dict, join: datetime, spans: list[tuple[datetime | None, datetime | None]]
) -> datetime | None:
    """The leave time of an interval lacking it: from its own duration, or, the record's one
    interval lacking a time, from the record's total less its other intervals'; None when that
    cannot be told."""
    own = interval.get("durationInSeconds")
    if isinstance(own, int | float) and not isinstance(own, bool) and own > 0:
        return join + timedelta(seconds=own)
    total = rec.get("totalAttendanceInSeconds")
    if not isinstance(total, int | float) or sum(1 for j, x in spans if j is None or x is None) != 1:
        return None
    rest = sum((x - j).total_seconds() for j, x in spans if j is not None and x is not None)
    return join + timedelta(seconds=total - rest) if total > rest else None


def _names(names: list[str]) -> str:
    """Display names for a warning line: quoted, each once, at most five."""
    once = list(dict.fromkeys(names))
    shown = ", ".join(repr(n) for n in once[:5])
    return shown + (f" and {len(once) - 5} more" if len(once) > 5 else "")


REFUSALS = Refusals("teams", forbidden_hint=f"the app needs {PERMISSIONS}")
TRY_AGAIN = frozenset({"temporarily_unavailable"})  # the identity platform's OAuth error to retry


def _check_listed(session_id: str, reports: list[dict], earliest: datetime) -> None:
    """Refuse a list of reports at Graph's limit that may have left the window's out: when
    the oldest listed starts after the window could, older ones in it were not listed."""
    if len(reports) < REPORTS_LISTED:
        return
    starts = [instant(r.get("meetingStartDateTime")) for r in reports]
    if any(t is None for t in starts) or min(t for t in starts if t is not None) >= earliest:
        raise ProviderError(
            f"teams: {session_id}: Graph lists only the {REPORTS_LISTED} most recent attendance "
            "reports of a meeting and the session's may be among those left out; download its "
            "attendance report in Teams and give it as the session's file (format teams-csv)"
        )


# Microsoft's Graph hosts and the sign-in host of each one's cloud (national-cloud-deployments)
SIGN_IN_OF = {
    "graph.microsoft.com": "login.microsoftonline.com",
    "graph.microsoft.us": "login.microsoftonline.us",
    "dod-graph.microsoft.us": "login.microsoftonline.us",
}


def _same_cloud(graph_url: str, authority: str) -> None:
    """Refuse a Graph of one of Microsoft's clouds with the sign-in of another: the token would
    be refused with advice to check the tenant and secret, which are not what is wrong."""
    graph = urlsplit(graph_url).hostname or ""
    wanted, given = SIGN_IN_OF.get(graph), urlsplit(authority).hostname or ""
    if wanted and given in SIGN_IN_OF.values() and given != wanted:
        raise InputError(
            Problem(
                "[providers.teams] authority",
                f"{given} signs in to another cloud than graph_url's; {graph} "
                f'needs authority = "https://{wanted}"',
            )
        )


def _within(url: str, base: str) -> bool:
    """Whether ``url`` is on ``base``'s scheme, host and port, under its path."""
    a, b = urlsplit(url), urlsplit(base)
    path = b.path.rstrip("/")
    return (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower()) and (
        a.path == path or a.path.startswith(path + "/")
    )


def _failure(what: str, status: int, body: Any, hint: str | None = None) -> Exception:
    """Graph's error answers (``{"error": {"code", "message"}}``) as our errors; ``hint``
    replaces a refusal's own."""
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code", "") if isinstance(error, dict) else ""
    message = error.get("message", "") if isinstance(error, dict) else ""
    detail = f"HTTP {status} {code}: {message}".rstrip(": ")
    return REFUSALS.error(what, status, detail, hint) or ProviderError(f"teams: {what}: {detail}")


def _first_line(value: Any) -> str:
    return str(value).strip().splitlines()[0] if str(value).strip() else ""


def _relative(url: str, base: str) -> str:
    return url[len(base) :] if url.startswith(base) else url


# --- a saved attendance report -------------------------------------------------------------
#
# Teams downloads an attendance report as tab-separated UTF-16 text in numbered sections:
# "1. Summary" (title, start and end), "2. Participants" (a row per person: first join, last
# leave, in-meeting duration, e-mail, role) and "3. In-Meeting Activities" (a row per
# connection: join, leave, duration). Section titles and headers follow the organiser's
# language; columns are found by the same keywords as the other exports'.

_SECTION = re.compile(r"^\s*(\d)\.\s+\S")
_SHORT_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}),?\s+")
_LONG_YEAR = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-]\d{4}),\s*")


def sniff_csv(text: str) -> bool:
    """An attendance report: tab-separated, opening with section 1 and holding section 2."""
    lines = [ln for ln in text.lstrip("\ufeff").splitlines() if ln.strip()]
    numbers = [m.group(1) for ln in lines if (m := _SECTION.match(ln.split("\t")[0]))]
    return bool(lines) and numbers[:1] == ["1"] and "2" in numbers and "\t" in text


def _stamp(text: str) -> str:
    """A report's time as the shared date reader takes it: "4/14/20, 9:00:10 AM" becomes
    "4/14/2020 9:00:10 AM"."""
    text = text.strip()
    text = _SHORT_YEAR.sub(lambda m: f"{m[1]}/{m[2]}/20{m[3]} ", text)
    return _LONG_YEAR.sub(r"\1 ", text)


def parse_csv(
    text: str, where: str, source: str, tz: str, window: Window | None, notes: list[str] | None = None
) -> list[Segment]:
    """Segments from a downloaded attendance report: a row per connection from section 3,
    or, in a report without it, a row per person from section 2."""
    sections: dict[str, list[tuple[int, list[str]]]] = {}
    current = ""
    for line, cells in csv_rows(text.lstrip("\ufeff"), where, "\t"):
        if (m := _SECTION.match(cells[0])) and not any(c.strip() for c in cells[1:]):
            current = m.group(1)
            sections[current] = []
        elif current:
            sections[current].append((line, cells))
    rows = sections.get("3") or sections.get("2") or []
    if len(rows) < 1:
        raise InputError(Problem(where, "an attendance report without participants (sections 2 and 3)"))
    (header_line, raw_header), body = rows[0], rows[1:]
    header = [c.strip().lower() for c in raw_header]
    cols = {k: formats._find(header, k) for k in ("name", "email", "join", "leave", "duration")}
    missing = [k for k in ("name", "join", "leave") if cols[k] is None]
    if missing:
        raise InputError(
            Problem(
                f"{where}: line {header_line}",
                f"columns not found: {', '.join(missing)} (header: {', '.join(raw_header)})",
            )
        )

    def cell(cells: list[str], kind: str) -> str:
        i = cols[kind]
        return cells[i].strip() if i is not None and i < len(cells) else ""

    for line, cells in body:
        check_width(cells, raw_header, where, line, short_ok=True)
    stamps = [(f"{where}: line {ln}", _stamp(cell(c, k))) for ln, c in body for k in ("join", "leave")]
    dates = formats._Dates(stamps, tz, window)
    out: list[Segment] = []
    for line, cells in body:
        at = f"{where}: line {line}"
        join, leave = dates.span(
            _stamp(cell(cells, "join")), _stamp(cell(cells, "leave")), at, None, "leave time before join time"
        )
        if "3" not in sections and cell(cells, "duration"):  # first join to last leave: gaps unknown
            spent = timedelta(minutes=formats._minutes(cell(cells, "duration"), at))
            if spent < leave - join - timedelta(minutes=1):
                leave = join + spent
        name, email = cell(cells, "name"), cell(cells, "email") or None
        out.append(Segment(name, join, leave, email, None, source, len(out)))
    if notes is not None:
        notes += dates.notes
    return out


ATTENDANCE_CSV = formats.Format("teams-csv", parse_csv, sniff_csv)
