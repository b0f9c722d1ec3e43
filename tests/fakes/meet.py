"""A fake of the Meet REST API v2, the Admin SDK Directory and Reports, and Google's token
endpoint (refresh-token and service-account JWT grants). Shapes follow the REST references:
conferenceRecords (newest first, filtered by meeting code and start time), participants and
participantSessions (newest join first; page sizes as documented); Directory users.get,
users.list and the batch endpoint (multipart/mixed, up to 1,000 calls); Reports
activities.list for ``meet`` (``call_ended`` events, newest first, filtered by event name,
time range and ``meeting_code==…``, up to 1,000 per page).

It is stateful the way the quotas are: ``meet_quota`` Meet reads per minute (429
RESOURCE_EXHAUSTED beyond it) and ``admin_quota`` Admin SDK queries per minute (each call in
a batch counts; 403 userRateLimitExceeded beyond it), counted on ``clock``. Scopes listed in
``denied_scopes`` are refused at the token endpoint (invalid_scope for a refresh token,
unauthorized_client for a service account), as Google refuses scopes a token was not granted
or a delegation does not cover.
"""

from __future__ import annotations

import base64
import email.parser
import email.policy
import itertools
import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.server import App, Reply, Request

REPORTS_PATH = "/admin/reports/v1/activity/users/all/applications/meet"
_EVENTS = itertools.count(1)  # unique qualifiers, as the API gives each event its own
REPORTS_SCOPE = "https://www.googleapis.com/auth/admin.reports.audit.readonly"
BATCH_LIMIT = 1000


@dataclass
class Record:
    name: str
    code: str
    start: str
    end: str | None
    participants: list[dict] = field(default_factory=list)


def call_ended(
    name: str,
    identifier: str,
    leave: str,
    seconds: int,
    code: str = "ABCDEFGHIJ",
    conference: str = "conf-1",
    kind: str | None = None,
    external: bool = False,
) -> dict:
    """One ``call_ended`` activity as the Reports API lists it (one endpoint leaving)."""
    kind = kind or ("email_address" if "@" in identifier else "phone_number" if identifier else None)
    parameters = [
        {"name": "display_name", "value": name},
        {"name": "duration_seconds", "intValue": str(seconds)},
        {"name": "meeting_code", "value": code},
        {"name": "conference_id", "value": conference},
        {"name": "endpoint_id", "value": f"ep-{next(_EVENTS)}"},
        {"name": "is_external", "boolValue": external},
        {"name": "device_type", "value": "web"},
    ]
    if identifier:
        parameters += [{"name": "identifier", "value": identifier}]
    if kind:
        parameters += [{"name": "identifier_type", "value": kind}]
    return {
        "kind": "admin#reports#activity",
        "id": {
            "time": leave,
            "uniqueQualifier": str(7_000_000_000_000_000 + next(_EVENTS)),
            "applicationName": "meet",
            "customerId": "C01abcdef",
        },
        "etag": '"etag"',
        "actor": {"callerType": "USER", "email": "panitia@menpan.go.id", "profileId": "1001"},
        "events": [{"type": "call", "name": "call_ended", "parameters": parameters}],
    }


class FakeMeet(App):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[Record] = []
        self.sessions: dict[str, list[dict]] = {}  # participant name -> sessions
        self.directory: dict[str, str] = {}  # user id -> primary e-mail
        self.domain_users: int = 0  # users of the domain beyond those in ``directory`` (users.list)
        self.directory_allowed = True
        self.reports_allowed = True
        self.activities: list[dict] = []
        self.delegation: set[str] = set()  # subjects a service account may act as
        self.denied_scopes: set[str] = set()
        self.grants: list[dict] = []
        self.tokens = 0
        self.batched: list[Request] = []  # the calls inside batch requests
        self.clock = time.monotonic
        self.meet_quota: int | None = None
        self.admin_quota: int | None = None
        self.refused: list[str] = []  # what the quotas refused
        self._meet_reads: deque[float] = deque()
        self._admin_reads: deque[float] = deque()

    # --- set-up -------------------------------------------------------------------------
    def add_record(self, rid: str, code: str, start: str, end: str | None) -> Record:
        record = Record(f"conferenceRecords/{rid}", code, start, end)
        self.records.append(record)
        return record

    def add_participant(
        self,
        record: Record,
        pid: str,
        kind: str,
        display: str,
        sessions: list[tuple[str, str | None]],
        user: str | None = None,
    ) -> None:
        name = f"{record.name}/participants/{pid}"
        who: dict = {"displayName": display}
        if kind == "signedinUser":
            who["user"] = user
        record.participants.append(
            {
                "name": name,
                kind: who,
                "earliestStartTime": sessions[0][0],
                **({"latestEndTime": sessions[-1][1]} if sessions[-1][1] else {}),
            }
        )
        self.sessions[name] = [
            {"name": f"{name}/participantSessions/{n}", "startTime": s, **({"endTime": e} if e else {})}
            for n, (s, e) in enumerate(sessions)
        ]

    # --- what was asked -----------------------------------------------------------------
    def count(self) -> dict[str, int]:
        """HTTP requests by kind, as they arrived (a batch is one request)."""
        kinds: dict[str, int] = {}
        for r in self.requests:
            path = unquote(r.path)
            kind = (
                "token"
                if path == "/token"
                else "batch"
                if path == "/batch"
                else "reports"
                if path == REPORTS_PATH
                else "sessions"
                if path.endswith("/participantSessions")
                else "participants"
                if path.endswith("/participants")
                else "records"
                if path == "/v2/conferenceRecords"
                else "users.list"
                if path == "/admin/directory/v1/users"
                else "users.get"
                if path.startswith("/admin/directory/v1/users/")
                else path
            )
            kinds[kind] = kinds.get(kind, 0) + 1
        return kinds

    # --- HTTP ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        if req.path == "/token":
            return self.token(req)
        if req.path == "/batch" and req.method == "POST":
            return self.batch(req)
        return self.call(req)

    def call(self, req: Request) -> Reply:
        if not req.headers.get("authorization", "").startswith("Bearer fake-access-"):
            return self.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        path = unquote(req.path)
        if path.startswith("/v2/") and (refused := self._spend(self._meet_reads, self.meet_quota)):
            self.refused.append(path)
            return refused
        if path.startswith("/admin/") and self._spend(self._admin_reads, self.admin_quota):
            self.refused.append(path)
            return Reply(
                403,
                {
                    "error": {
                        "code": 403,
                        "message": "Quota exceeded for quota metric 'Queries' and limit 'Queries per "
                        "minute per user'",
                        "errors": [{"reason": "userRateLimitExceeded", "domain": "usageLimits"}],
                    }
                },
            )
        if path == "/v2/conferenceRecords":
            found = self.list_records(req.query.get("filter", ""))
            return self.page(found, "conferenceRecords", req, default=25, most=100)
        if m := re.fullmatch(r"/v2/(conferenceRecords/[^/]+)/participants", path):
            record = next((r for r in self.records if r.name == m.group(1)), None)
            if record is None:
                return self.error(404, "NOT_FOUND", "Requested entity was not found.")
            joined = sorted(record.participants, key=lambda p: p["earliestStartTime"], reverse=True)
            reply = self.page(joined, "participants", req, default=100, most=250)  # newest join first
            # totalSize only when a field mask asks for it (its reference: not given by default)
            if "totalSize" in req.query.get("fields", "").split(","):
                reply.body["totalSize"] = len(joined)
            return reply
        if m := re.fullmatch(r"/v2/(conferenceRecords/[^/]+/participants/[^/]+)/participantSessions", path):
            sessions = sorted(self.sessions.get(m.group(1), []), key=lambda s: s["startTime"], reverse=True)
            return self.page(sessions, "participantSessions", req, default=100, most=250)
        if path == "/admin/directory/v1/users":
            if not self.directory_allowed:
                return self.error(403, "PERMISSION_DENIED", "Not Authorized to access this resource/api")
            users = [{"id": k, "primaryEmail": v} for k, v in sorted(self.directory.items())]
            users += [{"id": f"x{n}", "primaryEmail": f"x{n}@menpan.go.id"} for n in range(self.domain_users)]
            return self.page(users, "users", req, size_param="maxResults")
        if m := re.fullmatch(r"/admin/directory/v1/users/([^/]+)", path):
            if not self.directory_allowed:
                return self.error(403, "PERMISSION_DENIED", "Not Authorized to access this resource/api")
            email = self.directory.get(m.group(1))
            if email is None:
                return self.error(404, "NOT_FOUND", "Resource Not Found: userKey")
            return Reply(200, {"kind": "admin#directory#user", "primaryEmail": email})
        if path == REPORTS_PATH:
            if not self.reports_allowed:
                return self.error(403, "PERMISSION_DENIED", "Not Authorized to access this resource/api")
            return self.activities_page(req)
        return self.error(404, "NOT_FOUND", f"no such path {path}")

    def _spend(self, sent: deque[float], quota: int | None) -> Reply | None:
        if quota is None:
            return None
        now = self.clock()
        while sent and sent[0] <= now - 60:
            sent.popleft()
        if len(sent) >= quota:
            return self.error(429, "RESOURCE_EXHAUSTED", "Quota exceeded: reads per minute per user")
        sent.append(now)
        return None

    @staticmethod
    def error(code: int, status: str, message: str) -> Reply:
        return Reply(code, {"error": {"code": code, "message": message, "status": status}})

    def token(self, req: Request) -> Reply:
        form = {k: v[-1] for k, v in parse_qs(req.body.decode()).items()}
        self.grants.append(form)
        scopes = set(form.get("scope", "").split())
        if form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            claims = json.loads(base64.urlsafe_b64decode(form["assertion"].split(".")[1] + "=="))
            scopes = set(claims.get("scope", "").split())
            if (claims.get("sub") and claims["sub"] not in self.delegation) or scopes & self.denied_scopes:
                return Reply(
                    401,
                    {
                        "error": "unauthorized_client",
                        "error_description": "Client is unauthorized to retrieve access tokens using this "
                        "method, or client not authorized for any of the scopes requested.",
                    },
                )
        elif scopes & self.denied_scopes:
            return Reply(400, {"error": "invalid_scope", "error_description": "Bad Request"})
        self.tokens += 1
        return Reply(
            200, {"access_token": f"fake-access-{self.tokens}", "expires_in": 3599, "token_type": "Bearer"}
        )

    def list_records(self, text: str) -> list[dict]:
        code = re.search(r'space.meeting_code = "([^"]+)"', text)
        after = re.search(r'start_time >= "([^"]+)"', text)
        before = re.search(r'start_time <= "([^"]+)"', text)
        found = [
            r
            for r in self.records
            if (not code or r.code == code.group(1))
            and (not after or r.start >= after.group(1))
            and (not before or r.start <= before.group(1))
        ]
        found.sort(key=lambda r: r.start, reverse=True)  # newest first, as the API lists them
        return [
            {
                "name": r.name,
                "startTime": r.start,
                **({"endTime": r.end} if r.end else {}),
                "expireTime": "2020-05-14T00:00:00Z",
                "space": f"spaces/{r.code}",
            }
            for r in found
        ]

    def activities_page(self, req: Request) -> Reply:
        q = req.query
        size = int(q.get("maxResults", 1000))
        if not 1 <= size <= 1000:
            return self.error(400, "INVALID_ARGUMENT", "maxResults must be between 1 and 1000")
        start, end = _time(q.get("startTime")), _time(q.get("endTime"))
        if start and end and start >= end:
            return self.error(400, "INVALID_ARGUMENT", "Start time must be earlier than end time")
        wanted = dict(f.split("==", 1) for f in q.get("filters", "").split(",") if "==" in f)
        items = []
        for item in self.activities:
            when = _time(item["id"]["time"])
            if (start and when < start) or (end and when > end):
                continue
            events = [e for e in item["events"] if not q.get("eventName") or e["name"] == q["eventName"]]
            params = {p["name"]: p.get("value") for e in events for p in e["parameters"]}
            if events and all(params.get(k) == v for k, v in wanted.items()):
                items.append(item)
        items.sort(key=lambda i: i["id"]["time"], reverse=True)  # newest first
        reply = self.page(items, "items", req, size_param="maxResults")
        reply.body = {"kind": "admin#reports#activities", "etag": '"etag"', **reply.body}
        if not reply.body["items"]:
            del reply.body["items"]  # the API leaves out an empty list
        return reply

    def batch(self, req: Request) -> Reply:
        """The batch endpoint: each part an HTTP request, answered in a multipart/mixed body."""
        if not req.headers.get("authorization", "").startswith("Bearer fake-access-"):
            return self.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        head = f"Content-Type: {req.headers['content-type']}\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.compat32).parsebytes(head + req.body)
        parts = message.get_payload()
        if len(parts) > BATCH_LIMIT:
            return self.error(400, "INVALID_ARGUMENT", f"A batch holds at most {BATCH_LIMIT} calls")
        boundary = "batch_fake_boundary"
        out = []
        for part in parts:
            inner = _inner_request(part.get_payload())
            self.batched.append(inner)
            reply = self.call(inner)
            body = json.dumps(reply.body)
            # a long Content-ID comes folded (email's 78 columns): a server reads it unfolded
            content_id = re.sub(r"\r?\n(?=[ \t])", "", part["Content-ID"]).replace("<", "<response-", 1)
            out.append(
                f"--{boundary}\r\nContent-Type: application/http\r\nContent-ID: {content_id}\r\n\r\n"
                f"HTTP/1.1 {reply.status} {'OK' if reply.status < 300 else 'Error'}\r\n"
                f"Content-Type: application/json; charset=UTF-8\r\n\r\n{body}\r\n"
            )
        text = "".join(out) + f"--{boundary}--\r\n"
        return Reply(200, text.encode(), {"Content-Type": f"multipart/mixed; boundary={boundary}"})

    @staticmethod
    def page(
        items: list[dict],
        key: str,
        req: Request,
        size_param: str = "pageSize",
        default: int = 10,
        most: int = 0,
    ) -> Reply:
        """One page; the Meet API lists ``default`` items when no size is asked and coerces a
        size above ``most`` to ``most`` (its references: 25/100 records, 100/250 participants
        and sessions)."""
        size = int(req.query.get(size_param, default))
        size = min(size, most) if most else size
        start = int(req.query.get("pageToken", "p0")[1:])
        chunk = items[start : start + size]
        body: dict = {key: chunk}
        if start + size < len(items):
            body["nextPageToken"] = f"p{start + size}"
        return Reply(200, body)


class VirtualClock:
    """Simulated time for a quota's minutes: it moves only when a thread sleeps, and only once
    every request the limiters let through has reached the fake (a server counts a request
    when it arrives), so threads race as they would without anyone waiting real minutes."""

    def __init__(self, app: FakeMeet) -> None:
        self.now = 0.0
        self.app = app
        self.limiters: list = []  # vc_sync.ratelimit.RateLimiter instances on this clock
        self.lock = threading.Lock()

    def __call__(self) -> float:
        return self.now

    def arrived(self) -> int:
        return sum(1 for r in list(self.app.requests) if r.path != "/token") + len(self.app.batched)

    def sleep(self, seconds: float) -> None:
        target = self.now + seconds
        deadline = time.monotonic() + 10
        while self.arrived() < sum(limit.granted for limit in self.limiters) and time.monotonic() < deadline:
            time.sleep(0.001)
        with self.lock:
            self.now = max(self.now, target)


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _inner_request(text: str) -> Request:
    """An HTTP request written inside a batch part ('GET /path?query HTTP/1.1', headers, body)."""
    head, _, body = text.replace("\r\n", "\n").partition("\n\n")
    line, *header_lines = head.split("\n")
    method, target, _ = line.split(" ", 2)
    headers = {}
    for h in header_lines:
        if ":" in h:
            k, v = h.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    parts = urlsplit(target)
    query_all = parse_qs(parts.query)
    return Request(
        method,
        target,
        parts.path,
        {k: v[-1] for k, v in query_all.items()},
        headers,
        body.encode(),
        query_all,
    )


def iso(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def later(text: str, seconds: float) -> str:
    return iso(_time(text) + timedelta(seconds=seconds))
