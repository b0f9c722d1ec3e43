"""The ``meet`` provider: Google Meet attendance through google-api-python-client.

Two ways to read a meeting, chosen by a session's ``meet_source``:

- ``reports``: the Admin SDK Reports ``call_ended`` events, one per connection, with the
  e-mails of the domain's people, 1,000 to a page (a 5,000-participant call in a handful of
  requests), kept 180 days. Google logs them with a delay, so a session is read only once it
  ended ``reports_settle`` minutes ago (exit 3 before), and a listing that cannot be read
  whole is an error, never a smaller attendance.
- ``records``: the Meet REST API's conference records of the meeting code that overlap the
  session window (a restarted call has several), every participant and one
  participantSessions list per participant (the API has no other way), kept 30 days. Those
  lists are fetched by several threads under a limiter that keeps within Meet's 600 reads per
  minute, and signed-in users' e-mails come from the Admin SDK Directory in batches of up to
  1,000 calls, under its 2,400 queries per minute, when the credentials allow it.
- ``auto`` (the default): the Reports when the credentials may read them (asked once per
  run and remembered), else the REST API.

Every response is kept as a raw page for the archive; ``replay`` rebuilds the same segments.
"""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from vc_sync.errors import InputError, NotReady, ProviderError
from vc_sync.google_credentials import SCOPES
from vc_sync.http import (
    RETRY_STATUSES,
    Refusals,
    RetryPolicy,
    Transient,
    call,
    instant,
    json_object,
    retry_after,
    transient,
)
from vc_sync.model import Segment
from vc_sync.providers.base import Progress, Pull, RawPage, ended
from vc_sync.providers.formats import meet_segments
from vc_sync.providers.schema import RETRY_SETTINGS, KeyContext, Ref, SessionKey, Setting
from vc_sync.ratelimit import RateLimiter

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec

MEET_SCOPE, DIRECTORY_SCOPE, REPORTS_SCOPE = (SCOPES[k] for k in ("meet", "directory", "reports"))
EARLIEST = timedelta(hours=12)  # a record may start this long before the window
MEET_READS = 600  # Meet REST API reads per minute per user (usage limits)
ADMIN_QUERIES = 2400  # Admin SDK queries per minute per user; each call in a batch counts
WORKERS = 8  # threads listing participant sessions at once
BATCH_CALLS = 1000  # calls in one Directory batch request, at most
REPORTS_PAGE = 1000  # call_ended events in one Reports page, at most
REPORTS_SETTLE = 60.0  # minutes after a session's end before its report events are read
REPORTS_KEPT = timedelta(days=180)  # how long the Reports API keeps Meet events
REPORTS_MISSING = timedelta(hours=24)  # after this, a session without events is an error
RECORDS, PEOPLE, SESSIONS, USER, ACTIVITIES = (
    "conferenceRecords",
    "participants",
    "participantSessions",
    "user",
    "activities",
)
RATE_LIMITED = {"userRateLimitExceeded", "rateLimitExceeded", "quotaExceeded"}

# Once per run (per process) and per credentials: may they read the Reports, and the budgets
# the quotas give them, shared by every session the run pulls.
_REPORTS_ALLOWED: dict[tuple[str, str, str], bool] = {}
_LIMITERS: dict[tuple[str, str, str, str], RateLimiter] = {}
_LOCK = threading.Lock()


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


MEET_CODE = re.compile(r"^[a-z]{3}-[a-z]{4}-[a-z]{3}$")  # it goes into an API filter string
MEET_SOURCES = ("auto", "records", "reports")


def read_code(value: Any, ctx: KeyContext) -> Ref | None:
    """A session's ``meet``: a meeting code such as abc-defg-hij, nothing else."""
    if not isinstance(value, str) or not value.strip():
        ctx.problem("must be a non-empty string")
        return None
    if not MEET_CODE.match(value.strip()):
        ctx.problem(f"not a Meet meeting code such as abc-defg-hij: {value!r}")
        return None
    return Ref(value.strip())


def read_source(value: Any, ctx: KeyContext) -> Any:
    """``meet_source``: the Meet REST API's conference records, or the Admin SDK's reports."""
    if value not in MEET_SOURCES:
        ctx.problem(f"must be one of {', '.join(map(repr, MEET_SOURCES))}, not {value!r}")
    return value


class MeetProvider:
    name: ClassVar[str] = "meet"
    sources: ClassVar[tuple[str, ...]] = ("meet",)
    settings: ClassVar[tuple[Setting, ...]] = (
        Setting("credentials", "file", required=True),
        Setting("subject"),
        Setting("endpoint", "url"),
        Setting("directory", "flag"),
        Setting("token"),
        Setting("reads_per_minute", "number", low=1, high=6000, integer=True),
        Setting("workers", "number", low=1, high=32, integer=True),
        Setting("reports_settle", "number", low=0, high=24 * 60),
        *RETRY_SETTINGS,
    )
    session_keys: ClassVar[tuple[SessionKey, ...]] = (
        SessionKey("meet", read=read_code, label="Google Meet {ref}"),
        SessionKey("meet_source", source=False, read=read_source, anywhere=True),
    )

    def __init__(
        self,
        config: Config,
        policy: RetryPolicy | None = None,
        now: Callable[[], datetime] | None = None,
        clock: Callable[[], float] | None = None,
        sleep: Callable[[float], None] | None = None,
    ):
        settings = dict(config.providers.get("meet", {}))
        self.credentials_path = str(settings.get("credentials", ""))
        self.subject = settings.get("subject") or None
        self.endpoint = settings.get("endpoint") or None
        self.directory = bool(settings.get("directory", True))
        self.policy = policy or RetryPolicy.from_settings(settings)
        self.workers = int(settings.get("workers", WORKERS))
        self.settle = timedelta(minutes=float(settings.get("reports_settle", REPORTS_SETTLE)))
        self.now = now or (lambda: datetime.now(UTC))
        self.warnings: list[str] = []
        self._services: dict[str, Any] = {}
        self._credentials: dict[str, Any] = {}
        self._local = threading.local()
        self._key = (self.credentials_path, self.subject or "", self.endpoint or "")
        reads = int(settings.get("reads_per_minute", MEET_READS))
        if clock is None and sleep is None:
            with _LOCK:
                self.meet_limit = _LIMITERS.setdefault((*self._key, "meet"), RateLimiter(reads))
                self.admin_limit = _LIMITERS.setdefault((*self._key, "admin"), RateLimiter(ADMIN_QUERIES))
        else:  # a test's own clock: limiters of its own
            self.meet_limit = RateLimiter(reads, clock or _monotonic, sleep or _sleep)
            self.admin_limit = RateLimiter(ADMIN_QUERIES, clock or _monotonic, sleep or _sleep)

    # --- clients ---------------------------------------------------------------------------

    def service(self, api: str, version: str, scopes: Sequence[str]) -> Any:
        """A discovery client for ``api`` with the configured credentials, endpoint and scopes."""
        return self._service(api, version, scopes)

    def _service(self, api: str, version: str, scopes: Sequence[str]) -> Any:
        key = f"{api}/{version}"
        if key not in self._services:
            from googleapiclient.discovery import build

            from vc_sync.google_credentials import load

            creds = load(
                self.credentials_path, scopes, subject=self.subject, where="providers.meet.credentials"
            )
            options = {"api_endpoint": self.endpoint} if self.endpoint else None
            self._credentials[key] = creds
            self._services[key] = build(
                api,
                version,
                credentials=creds,
                static_discovery=True,
                cache_discovery=False,
                client_options=options,
            )
        return self._services[key]

    def _http(self, service_key: str) -> Any:
        """This thread's own authorised connection for a service (httplib2 is not thread-safe)."""
        held = getattr(self._local, "http", None)
        if held is None:
            held = self._local.http = {}
        if service_key not in held:
            from google_auth_httplib2 import AuthorizedHttp
            from googleapiclient.http import build_http

            held[service_key] = AuthorizedHttp(self._credentials[service_key], http=build_http())
        return held[service_key]

    def _execute(
        self, what: str, service_key: str, limit: RateLimiter, send: Callable[[Any], Any], calls: int = 1
    ) -> Any:
        """One request with bounded retries, inside the quota; errors mapped to what the user
        can act on. ``send`` gets this thread's connection; ``calls`` is what it costs."""
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        def once() -> Any:
            limit.acquire(calls)
            try:
                return send(self._http(service_key))
            except HttpError as exc:
                status = int(exc.resp.status)
                if again := transient(status, exc.resp):
                    raise again from None
                if _reason(exc) in RATE_LIMITED:  # a 403 that is a quota, not a refusal
                    raise Transient(f"HTTP {status}", retry_after(exc.resp.get("retry-after"))) from None
                raise _failure(what, status, exc) from None
            except RefreshError as exc:
                text = str(exc.args[0] if exc.args else type(exc).__name__).strip()
                if text.startswith("<"):  # google-auth passes on a body it could not parse: a proxy's page
                    raise Transient("the sign-in answered with a web page, not Google's JSON") from None
                detail = (text.splitlines() or [""])[0][:200]  # one line, whatever the answer held
                if getattr(exc, "retryable", False):  # a 5xx, 429, temporarily_unavailable
                    raise Transient(f"the sign-in failed ({detail})") from None
                hint = (
                    f"; check the domain-wide delegation of {self.subject!r} for the scopes"
                    if self.subject
                    else ""
                )
                raise _Refused(f"meet: {what}: the credentials were refused ({detail}){hint}") from None
            except (TimeoutError, TransportError, OSError) as exc:
                raise Transient(type(exc).__name__) from None

        return call(f"meet: {what}", once, self.policy)

    def _list(
        self,
        what: str,
        service_key: str,
        limit: RateLimiter,
        collection: Any,
        key: str,
        label: str,
        **params: Any,
    ) -> tuple[list[dict], list[RawPage]]:
        """Every item of a paged list and each response as a raw page; a token that comes
        back twice is an error (the listing could not be read whole)."""
        items: list[dict] = []
        pages: list[RawPage] = []
        seen: set[str] = set()
        announced: int | None = None
        request = collection.list(**params)
        while request is not None:
            body = self._execute(
                what,
                service_key,
                limit,
                lambda http, r=request: json_object(r.execute(http=http)),  # type: ignore[misc]
            )
            pages.append(RawPage(label, json.dumps(body, sort_keys=True).encode()))
            items += body.get(key, [])
            if announced is None and str(body.get("totalSize", "")).isdigit():
                announced = int(body["totalSize"])
            token = body.get("nextPageToken")
            if token in seen:
                raise ProviderError(f"meet: {what}: the API gave one page twice; the list cannot be read")
            if token:
                seen.add(token)
            request = collection.list_next(request, body)
        if announced is not None and len(items) < announced:
            raise ProviderError(
                f"meet: {what}: the list ended after {len(items)} of the {announced} items the API "
                "announced; nothing was pulled, run again later"
            )
        return items, pages

    # --- pull ------------------------------------------------------------------------------

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        self.policy = dataclasses.replace(self.policy, notify=progress)  # rate-limit waits shown
        ended("meet", session, self.now())
        source = session.options.get("meet_source", "auto")
        if source == "reports":
            return self._pull_reports(session, progress)
        if source == "auto" and _REPORTS_ALLOWED.get(self._key) is not False:
            try:
                return self._pull_reports(session, progress, probe=True)
            except _NotAllowed as exc:
                _REPORTS_ALLOWED[self._key] = False
                self.warnings.append(
                    f"meet: the credentials cannot read the Admin SDK reports ({exc}); reading the "
                    'Meet API instead (meet_source = "records" skips this question)'
                )
            except _NoEvents:
                pass  # a meeting the domain's reports do not hold: its conference records may
        return self._pull_records(session, progress)

    def _pull_records(self, session: SessionSpec, progress: Progress | None) -> Pull:
        meet = self._service("meet", "v2", [MEET_SCOPE] + ([DIRECTORY_SCOPE] if self.directory else []))
        code = session.ref.strip()
        flt = (
            f'space.meeting_code = "{code}" AND start_time >= "{_stamp(session.start - EARLIEST)}" '
            f'AND start_time <= "{_stamp(session.end)}"'
        )
        records, pages = self._list(
            f"conference records of {code}",
            "meet/v2",
            self.meet_limit,
            meet.conferenceRecords(),
            RECORDS,
            RECORDS,
            filter=flt,
            pageSize=100,
        )
        records = [r for r in records if not r.get("endTime") or r["endTime"] >= _stamp(session.start)]
        if not records:
            raise NotReady(f"meet: no conference record of {code} in the session window yet")
        if any(not r.get("endTime") for r in records):
            raise NotReady(f"meet: the conference {code} is still running")
        for record in sorted(records, key=lambda r: r.get("startTime", "")):
            people, listed = self._list(
                f"participants of {record['name']}",
                "meet/v2",
                self.meet_limit,
                meet.conferenceRecords().participants(),
                PEOPLE,
                PEOPLE,
                parent=record["name"],
                pageSize=250,
                # the count Google gives only when asked: a listing that ends short of it is cut
                fields="participants,nextPageToken,totalSize",
            )
            pages += listed
            if progress:
                progress(f"meet: {record['name']}: {len(people)} participants")
            pages += self._sessions(meet, people, progress)
        self._lookup_users(pages, progress)
        segments = self._read(pages, session)
        return Pull(
            tuple(segments),
            tuple(pages),
            origin=f"meet {code} ({len(records)} conference record(s))",
            warnings=tuple(self.warnings),
            meta={"records": [r["name"] for r in records]},
        )

    def _read(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        """The pulled pages' segments; an answer that cannot be read is Google's, not the
        user's input: a provider failure (run again later), not exit 2."""
        try:
            return self.replay(pages, session)
        except InputError as exc:
            raise ProviderError(f"meet: {session.id}: an answer that cannot be read: {exc}") from None

    def _sessions(self, meet: Any, people: list[dict], progress: Progress | None) -> list[RawPage]:
        """Each participant's sessions, several lists at once within the quota; the pages in
        the participants' order, all of them or an error."""
        collection = meet.conferenceRecords().participants().participantSessions()

        def one(person: dict) -> list[RawPage]:
            _, pages = self._list(
                f"sessions of {person['name']}",
                "meet/v2",
                self.meet_limit,
                collection,
                SESSIONS,
                f"{SESSIONS} {person['name']}",
                parent=person["name"],
                pageSize=250,
            )
            return pages

        import concurrent.futures  # here: every command loads the providers, few pull from Meet

        out: list[RawPage] = []
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, self.workers))
        try:
            futures = [pool.submit(one, person) for person in people]
            for n, future in enumerate(futures, start=1):
                out += future.result()
                if progress and (n % 500 == 0 or n == len(futures)):
                    progress(f"meet: sessions of {n}/{len(futures)} participants")
        finally:
            pool.shutdown(wait=True, cancel_futures=True)  # on an error, nothing more is asked
        return out

    def _lookup_users(self, pages: list[RawPage], progress: Progress | None = None) -> None:
        """E-mails of signed-in users from the Directory, when allowed: each user once, up to
        1,000 in one batch request. A user of another domain has no entry; a call the quota
        refused is asked again; not being allowed is said once and the pull goes on."""
        if not self.directory:
            return
        users = sorted(
            {
                p["signedinUser"]["user"]
                for page in pages
                if page.label == PEOPLE
                for p in json.loads(page.body).get(PEOPLE, [])
                if p.get("signedinUser", {}).get("user")
            }
        )
        if not users:
            return
        directory = self._service("admin", "directory_v1", [MEET_SCOPE, DIRECTORY_SCOPE])
        found: dict[str, dict] = {}
        pending = users
        for attempt in range(self.policy.max_attempts):
            if attempt:  # calls the quota refused: ask again once its minute has passed
                self.admin_limit.sleep(self.admin_limit.window)
            again: list[str] = []
            for start in range(0, len(pending), BATCH_CALLS):
                chunk = pending[start : start + BATCH_CALLS]
                try:
                    done, retry = self._batch_users(directory, chunk)
                except _Forbidden as exc:
                    self.warnings.append(
                        f"meet: directory lookups are not allowed ({exc}); carrying on with display names"
                    )
                    return self._keep_users(pages, found)
                found.update(done)
                again += retry
                if progress:
                    progress(f"meet: directory: {len(found)} of {len(users)} users")
            pending = again
            if not pending:
                break
        if pending:
            raise ProviderError(
                f"meet: directory entries of {len(pending)} users could not be read within the quota "
                f"after {self.policy.max_attempts} attempts (e.g. {pending[0]})"
            )
        self._keep_users(pages, found)

    @staticmethod
    def _keep_users(pages: list[RawPage], found: dict[str, dict]) -> None:
        for user in sorted(found):
            pages.append(RawPage(f"{USER} {user}", json.dumps(found[user], sort_keys=True).encode()))

    def _batch_users(self, directory: Any, users: list[str]) -> tuple[dict[str, dict], list[str]]:
        """One batch request of users.get calls: the entries found, and the users to ask
        again (refused by the quota or a passing error). Not allowed raises _Forbidden."""
        from googleapiclient.http import BatchHttpRequest

        done: dict[str, dict] = {}
        again: list[str] = []
        forbidden: list[Exception] = []

        def answer(request_id: str, body: Any, exc: Exception | None) -> None:
            if exc is None:
                done[request_id] = body
                return
            status = int(exc.resp.status)  # type: ignore[attr-defined]
            if status == 404:
                return  # a user of another domain: no entry
            if status in RETRY_STATUSES or _reason(exc) in RATE_LIMITED:
                again.append(request_id)
            elif status in (401, 403):
                forbidden.append(exc)
            else:
                raise ProviderError(f"meet: directory entry of {request_id}: HTTP {status}")

        def send(http: Any) -> None:
            done.clear()
            again.clear()
            forbidden.clear()
            if self.endpoint:  # googleapiclient forms the batch address from Google's own root
                batch = BatchHttpRequest(callback=answer, batch_uri=self.endpoint.rstrip("/") + "/batch")
            else:
                batch = directory.new_batch_http_request(callback=answer)
            for user in users:
                request = directory.users().get(userKey=user.split("/", 1)[1], fields="primaryEmail,name")
                batch.add(request, request_id=user)
            batch.execute(http=http)

        what = f"directory entries of {len(users)} users"
        self._execute(what, "admin/directory_v1", self.admin_limit, send, len(users))
        if forbidden and not done:
            raise _failure("directory lookups", 403, forbidden[0])
        return done, sorted(again)

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        if any(page.label == ACTIVITIES for page in pages):
            return _report_segments(pages, session)
        doc: dict[str, Any] = {"participants": [], "participantSessions": {}, "users": {}}
        for page in pages:
            body = json.loads(page.body)
            kind, _, owner = page.label.partition(" ")
            if kind == PEOPLE:
                doc["participants"] += body.get(PEOPLE, [])
            elif kind == SESSIONS:
                doc["participantSessions"].setdefault(owner, []).extend(body.get(SESSIONS, []))
            elif kind == USER:
                doc["users"][owner] = body
        # oldest join first, as Zoom's reports and the exports list them: the API lists newest
        # first, so its order would follow whoever joined while the pages were read
        doc["participants"].sort(key=lambda p: _when(p, "earliestStartTime"))
        for sessions in doc["participantSessions"].values():
            sessions.sort(key=lambda s: _when(s, "startTime"))
        return meet_segments(doc, f"meet {session.ref}", f"meet:{session.ref}", session.window)

    # --- Admin SDK Reports -------------------------------------------------------------------

    def _pull_reports(self, session: SessionSpec, progress: Progress | None, probe: bool = False) -> Pull:
        """The session's ``call_ended`` events, every page of them, or an error; before they
        have settled, not ready. With ``probe``, credentials that may not read the reports
        raise _NotAllowed (the caller reads the Meet API instead)."""
        now = self.now()
        if now - session.end > REPORTS_KEPT:
            if probe:
                raise _NoEvents()  # gone from the reports: the archive, or records if any remain
            raise ProviderError(
                f"meet: the Admin SDK keeps Meet events for 180 days; {session.ref} ended "
                f"{(now - session.end).days} days ago (replay it from the archive with --offline)"
            )
        settled = session.end + self.settle
        reports = self._service("admin", "reports_v1", [REPORTS_SCOPE])
        if now < settled:  # too early to read them: at most one small question, once per run
            if probe and _REPORTS_ALLOWED.get(self._key) is None:
                self._probe_reports(reports)
            raise self._not_settled(session, settled)
        pages: list[RawPage] = []
        items: list[dict] = []
        for n, code in enumerate(_code_spellings(session.ref)):
            what = f"call_ended events of {session.ref}"
            try:
                found, listed = self._list(
                    what,
                    "admin/reports_v1",
                    self.admin_limit,
                    reports.activities(),
                    "items",
                    ACTIVITIES,
                    userKey="all",
                    applicationName="meet",
                    eventName="call_ended",
                    filters=f"meeting_code=={code}",
                    startTime=_stamp(session.start - EARLIEST),
                    endTime=_stamp(min(session.end + EARLIEST, now)),
                    maxResults=REPORTS_PAGE,
                )
            except (_Forbidden, _Refused) as exc:
                if probe and n == 0:
                    raise _NotAllowed(str(exc).split(": ", 2)[-1]) from None
                raise
            _REPORTS_ALLOWED[self._key] = True
            pages += listed
            items += found
            if found:
                break  # the spelling the log uses
        if progress:
            progress(f"meet reports: {len(items)} call_ended events")
        segments = self._read(pages, session)
        if not segments and probe:
            raise _NoEvents()
        if not segments:
            if now - session.end < REPORTS_MISSING:
                raise NotReady(f"meet: no call_ended events for {session.ref} yet")
            raise ProviderError(
                f"meet: no call_ended events for {session.ref} a day after the session: check the "
                "meeting code, and that the credentials' account sees the organiser's domain"
            )
        return Pull(tuple(segments), tuple(pages), origin=f"meet reports {session.ref}")

    def _probe_reports(self, reports: Any) -> None:
        """Whether the credentials may read the reports: one event asked for, remembered for
        the run; _NotAllowed when they may not."""
        try:
            self._execute(
                "list report events",
                "admin/reports_v1",
                self.admin_limit,
                lambda http: (
                    reports.activities()
                    .list(userKey="all", applicationName="meet", eventName="call_ended", maxResults=1)
                    .execute(http=http)
                ),
            )
        except (_Forbidden, _Refused) as exc:
            raise _NotAllowed(str(exc).split(": ", 2)[-1]) from None
        _REPORTS_ALLOWED[self._key] = True

    @staticmethod
    def _not_settled(session: SessionSpec, settled: datetime) -> NotReady:
        return NotReady(
            f"meet: Google logs Meet's connections with a delay; the report events of {session.ref} "
            f"are read from {settled.astimezone(UTC):%Y-%m-%d %H:%M} UTC (providers.meet.reports_settle)"
        )

    def check(self) -> str:
        meet = self._service("meet", "v2", [MEET_SCOPE])
        self._execute(
            "list conference records",
            "meet/v2",
            self.meet_limit,
            lambda http: meet.conferenceRecords().list(pageSize=1).execute(http=http),
        )
        said = "conference records readable"
        try:
            self._probe_reports(self._service("admin", "reports_v1", [REPORTS_SCOPE]))
        except _NotAllowed:
            return said + "; Admin SDK reports not readable (the Meet API is used)"
        return said + "; Admin SDK reports readable (used for meet sessions)"


def _code_spellings(ref: str) -> list[str]:
    """How the Meet log may write a meeting code: 'ABCDEFGHIJ' as seen in the field, or
    'abc-defg-hij' as Google's documentation shows it; the second is asked only when the
    first finds nothing."""
    bare = ref.strip().replace("-", "")
    dashed = f"{bare[:3]}-{bare[3:7]}-{bare[7:]}".lower() if len(bare) == 10 else ref.strip().lower()
    return list(dict.fromkeys([bare.upper(), dashed]))


class _Forbidden(ProviderError):
    pass


class _Refused(ProviderError):
    """The token endpoint refused the credentials (or these scopes for them)."""


class _NotAllowed(Exception):
    """The credentials may not read the Admin SDK reports."""


class _NoEvents(Exception):
    """The reports hold no event of the session (auto: its conference records may)."""


def _when(item: Any, key: str) -> datetime:
    """An item's time for ordering; a missing or unreadable one last (meet_segments says why)."""
    found = instant(item.get(key)) if isinstance(item, dict) else None
    return found or datetime.max.replace(tzinfo=UTC)


def _monotonic() -> float:
    import time

    return time.monotonic()


def _sleep(seconds: float) -> None:
    import time

    time.sleep(seconds)


def _reason(exc: Any) -> str:
    """The first error reason of a Google API error ('userRateLimitExceeded'), or ''."""
    try:
        detail = json.loads(exc.content.decode()).get("error", {})
        return str((detail.get("errors") or [{}])[0].get("reason", ""))
    except (ValueError, AttributeError, TypeError, IndexError):
        return ""


REFUSALS = Refusals(
    "meet",
    forbidden_hint="the credentials need the meetings.space.readonly scope, or domain-wide delegation "
    "with a subject",
    forbidden=_Forbidden,
    not_found=NotReady,
)


def _failure(what: str, status: int, exc: Any) -> Exception:
    try:
        detail = json.loads(exc.content.decode()).get("error", {})
    except (ValueError, AttributeError):
        detail = {}
    message = detail.get("message", "") if isinstance(detail, dict) else str(detail)
    return REFUSALS.error(what, status, message) or ProviderError(f"meet: {what}: HTTP {status}: {message}")


def _report_segments(pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
    """Segments from Reports ``call_ended`` events (the event time is the leave time), of the
    conferences that overlap the session window. An event of another shape is an error: a
    log that cannot be read whole never passes for a smaller one."""
    found: list[tuple[str, Segment]] = []
    listed: set[tuple[str, str]] = set()
    for page_no, page in enumerate(pages):
        for n, item in enumerate(json.loads(page.body).get("items", [])):
            at = f"meet reports page {page_no + 1}, items[{n}]"
            ids = item.get("id") if isinstance(item, dict) else None
            if isinstance(ids, dict) and ids.get("uniqueQualifier"):
                unique = (str(ids.get("time")), str(ids["uniqueQualifier"]))
                if unique in listed:
                    continue  # the same event on two pages (the listing moved while it was read)
                listed.add(unique)
            try:
                leave = datetime.fromisoformat(str(item["id"]["time"]).replace("Z", "+00:00")).astimezone(UTC)
            except (KeyError, TypeError, ValueError):
                raise ProviderError(f"{at}: an event without a readable id.time") from None
            for event in item.get("events", []):
                if event.get("name") != "call_ended":
                    continue
                params = {
                    p.get("name"): p.get("value", p.get("intValue", p.get("boolValue")))
                    for p in event.get("parameters", [])
                }
                try:
                    seconds = int(params.get("duration_seconds") or 0)
                except (TypeError, ValueError):
                    raise ProviderError(f"{at}.duration_seconds: not a number of seconds") from None
                if not 0 <= seconds < 10**7:
                    raise ProviderError(f"{at}.duration_seconds: {seconds} is no connection's length")
                who = str(params.get("identifier") or "")
                kind = str(params.get("identifier_type") or "")
                shown = "*" not in who  # an external address comes obscured: 'li***@s***.com'
                email = who if shown and "@" in who and kind in ("", "email_address") else None
                found.append(
                    (
                        str(params.get("conference_id") or ""),
                        Segment(
                            name=str(params.get("display_name") or (who if shown else "")),
                            join=leave - timedelta(seconds=seconds),
                            leave=leave,
                            email=email,
                            participant_id=(who or None) if shown else None,
                            source=f"meet:{session.ref}",
                            seq=0,
                        ),
                    )
                )
    start, end = session.start.astimezone(UTC), session.end.astimezone(UTC)
    overlapping = {conf for conf, s in found if s.join < end and s.leave > start}
    kept = [s for conf, s in found if conf in overlapping]
    kept.sort(key=lambda s: (s.leave, s.join, s.name))
    return [
        Segment(s.name, s.join, s.leave, s.email, s.participant_id, s.source, n) for n, s in enumerate(kept)
    ]
