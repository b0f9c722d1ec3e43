"""The ``meet`` provider: Google Meet conference records through google-api-python-client.

Conference records of the meeting code that overlap the session window (a restarted call
has several), every participant and every participant session, page by page, from the
client's bundled discovery documents. Meet gives no e-mails: a signed-in user's address is
looked up in the Admin SDK Directory when the credentials allow it. ``meet_source =
"reports"`` reads the Admin SDK Reports ``call_ended`` events instead (in-domain e-mails and
180 days of history). Records vanish after 30 days, so every response is returned as a raw
page for the archive; ``replay`` rebuilds the same segments from them.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar

from vc_sync.errors import NotReady, ProviderError
from vc_sync.google_credentials import SCOPES
from vc_sync.http import RetryPolicy, Transient, call, transient
from vc_sync.model import Segment
from vc_sync.providers.base import Progress, Pull, RawPage
from vc_sync.providers.formats import meet_segments
from vc_sync.providers.schema import RETRY_SETTINGS, KeyContext, Ref, SessionKey, Setting

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec

MEET_SCOPE, DIRECTORY_SCOPE, REPORTS_SCOPE = (SCOPES[k] for k in ("meet", "directory", "reports"))
EARLIEST = timedelta(hours=12)  # a record may start this long before the window
RECORDS, PEOPLE, SESSIONS, USER, ACTIVITIES = (
    "conferenceRecords",
    "participants",
    "participantSessions",
    "user",
    "activities",
)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


MEET_CODE = re.compile(r"^[a-z]{3}-[a-z]{4}-[a-z]{3}$")  # it goes into an API filter string
MEET_SOURCES = ("records", "reports")


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
        *RETRY_SETTINGS,
    )
    session_keys: ClassVar[tuple[SessionKey, ...]] = (
        SessionKey("meet", read=read_code, label="Google Meet {ref}"),
        SessionKey("meet_source", source=False, read=read_source, anywhere=True),
    )

    def __init__(self, config: Config, policy: RetryPolicy | None = None):
        settings = dict(config.providers.get("meet", {}))
        self.credentials_path = str(settings.get("credentials", ""))
        self.subject = settings.get("subject") or None
        self.endpoint = settings.get("endpoint") or None
        self.directory = bool(settings.get("directory", True))
        self.policy = policy or RetryPolicy.from_settings(settings)
        self.warnings: list[str] = []
        self._services: dict[str, Any] = {}

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
            self._services[key] = build(
                api,
                version,
                credentials=creds,
                static_discovery=True,
                cache_discovery=False,
                client_options=options,
            )
        return self._services[key]

    def _scopes(self, session: SessionSpec) -> list[str]:
        if session.options.get("meet_source") == "reports":
            return [REPORTS_SCOPE]
        return [MEET_SCOPE] + ([DIRECTORY_SCOPE] if self.directory else [])

    def _execute(self, what: str, request: Any) -> dict[str, Any]:
        """One request with bounded retries; errors mapped to what the user can act on."""
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        def once() -> dict[str, Any]:
            try:
                return request.execute(num_retries=0)
            except HttpError as exc:
                status = int(exc.resp.status)
                if again := transient(status, exc.resp):
                    raise again from None
                raise _failure(what, status, exc) from None
            except RefreshError as exc:
                detail = exc.args[0] if exc.args else type(exc).__name__
                hint = (
                    f"; check the domain-wide delegation of {self.subject!r} for the scopes"
                    if self.subject
                    else ""
                )
                raise ProviderError(f"meet: {what}: the credentials were refused ({detail}){hint}") from None
            except (TimeoutError, TransportError, OSError) as exc:
                raise Transient(type(exc).__name__) from None

        return call(f"meet: {what}", once, self.policy)

    def _all(
        self, what: str, collection: Any, key: str, pages: list[RawPage], label: str, **params: Any
    ) -> list[dict]:
        """Every item of a paged list, each response kept as a raw page."""
        items: list[dict] = []
        request = collection.list(**params)
        while request is not None:
            body = self._execute(what, request)
            pages.append(RawPage(label, json.dumps(body, sort_keys=True).encode()))
            items += body.get(key, [])
            request = collection.list_next(request, body)
        return items

    # --- pull ------------------------------------------------------------------------------

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        self.policy = dataclasses.replace(self.policy, notify=progress)  # rate-limit waits shown
        if session.options.get("meet_source") == "reports":
            return self._pull_reports(session, progress)
        meet = self._service("meet", "v2", self._scopes(session))
        code = session.ref.strip()
        pages: list[RawPage] = []
        flt = (
            f'space.meeting_code = "{code}" AND start_time >= "{_stamp(session.start - EARLIEST)}" '
            f'AND start_time <= "{_stamp(session.end)}"'
        )
        records = self._all(
            f"conference records of {code}",
            meet.conferenceRecords(),
            RECORDS,
            pages,
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
            people = self._all(
                f"participants of {record['name']}",
                meet.conferenceRecords().participants(),
                PEOPLE,
                pages,
                PEOPLE,
                parent=record["name"],
                pageSize=250,
            )
            if progress:
                progress(f"meet: {record['name']}: {len(people)} participants")
            for person in people:
                self._all(
                    f"sessions of {person['name']}",
                    meet.conferenceRecords().participants().participantSessions(),
                    SESSIONS,
                    pages,
                    f"{SESSIONS} {person['name']}",
                    parent=person["name"],
                    pageSize=250,
                )
        self._lookup_users(pages)
        segments = self.replay(pages, session)
        return Pull(
            tuple(segments),
            tuple(pages),
            origin=f"meet {code} ({len(records)} conference record(s))",
            warnings=tuple(self.warnings),
            meta={"records": [r["name"] for r in records]},
        )

    def _lookup_users(self, pages: list[RawPage]) -> None:
        """E-mails of signed-in users from the Directory, when allowed (once per user)."""
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
        for user in users:
            try:
                body = self._execute(
                    f"directory entry of {user}",
                    directory.users().get(userKey=user.split("/", 1)[1], fields="primaryEmail,name"),
                )
            except _Forbidden as exc:
                self.warnings.append(
                    f"meet: directory lookups are not allowed ({exc}); carrying on with display names"
                )
                return
            except NotReady:
                continue  # a user of another domain: no entry
            pages.append(RawPage(f"{USER} {user}", json.dumps(body, sort_keys=True).encode()))

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        if session.options.get("meet_source") == "reports":
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
        return meet_segments(doc, f"meet {session.ref}", f"meet:{session.ref}", session.window)

    # --- Admin SDK Reports -------------------------------------------------------------------

    def _pull_reports(self, session: SessionSpec, progress: Progress | None) -> Pull:
        reports = self._service("admin", "reports_v1", [REPORTS_SCOPE])
        code = session.ref.replace("-", "").upper()
        pages: list[RawPage] = []
        items = self._all(
            f"call_ended events of {session.ref}",
            reports.activities(),
            "items",
            pages,
            ACTIVITIES,
            userKey="all",
            applicationName="meet",
            eventName="call_ended",
            filters=f"meeting_code=={code}",
            startTime=_stamp(session.start - EARLIEST),
            endTime=_stamp(session.end + timedelta(hours=12)),
            maxResults=1000,
        )
        if progress:
            progress(f"meet reports: {len(items)} call_ended events")
        segments = self.replay(pages, session)
        if not segments:
            raise NotReady(f"meet: no call_ended events for {session.ref} yet")
        return Pull(tuple(segments), tuple(pages), origin=f"meet reports {session.ref}")

    def check(self) -> str:
        meet = self._service("meet", "v2", [MEET_SCOPE])
        self._execute("list conference records", meet.conferenceRecords().list(pageSize=1))
        return "conference records readable"


class _Forbidden(ProviderError):
    pass


def _failure(what: str, status: int, exc: Any) -> Exception:
    try:
        detail = json.loads(exc.content.decode()).get("error", {})
    except (ValueError, AttributeError):
        detail = {}
    message = detail.get("message", "") if isinstance(detail, dict) else str(detail)
    if status == 404:
        return NotReady(f"meet: {what}: not found ({message})")
    if status == 403:
        return _Forbidden(
            f"meet: {what}: permission denied ({message}); the credentials need the "
            "meetings.space.readonly scope, or domain-wide delegation with a subject"
        )
    if status == 401:
        return ProviderError(f"meet: {what}: not authenticated ({message})")
    return ProviderError(f"meet: {what}: HTTP {status}: {message}")


def _report_segments(pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
    """Segments from Reports ``call_ended`` events: the event time is the leave time."""
    out: list[Segment] = []
    for page in pages:
        for item in json.loads(page.body).get("items", []):
            leave = datetime.fromisoformat(item["id"]["time"].replace("Z", "+00:00")).astimezone(UTC)
            for event in item.get("events", []):
                params = {
                    p["name"]: p.get("value", p.get("intValue", p.get("boolValue")))
                    for p in event.get("parameters", [])
                }
                seconds = int(params.get("duration_seconds") or 0)
                who = str(params.get("identifier") or "")
                email = who if "@" in who else None
                out.append(
                    Segment(
                        name=str(params.get("display_name") or who),
                        join=leave - timedelta(seconds=seconds),
                        leave=leave,
                        email=email,
                        participant_id=who or None,
                        source=f"meet:{session.ref}",
                        seq=len(out),
                        raw=params,
                    )
                )
    return out
