"""A fake of the Meet REST API v2, the Admin SDK Directory and Reports, and Google's token
endpoint (refresh-token and service-account JWT grants). Shapes follow the REST reference:
conferenceRecords (newest first, filtered by meeting code and start time), participants and
participantSessions (paged), users.get, activities.list."""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote

from tests.fakes.server import App, Reply, Request


@dataclass
class Record:
    name: str
    code: str
    start: str
    end: str | None
    participants: list[dict] = field(default_factory=list)


class FakeMeet(App):
    def __init__(self) -> None:
        super().__init__()
        self.records: list[Record] = []
        self.sessions: dict[str, list[dict]] = {}  # participant name -> sessions
        self.directory: dict[str, str] = {}  # user id -> primary e-mail
        self.directory_allowed = True
        self.activities: list[dict] = []
        self.delegation: set[str] = set()  # subjects a service account may act as
        self.grants: list[dict] = []
        self.tokens = 0

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

    # --- HTTP ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        if req.path == "/token":
            return self.token(req)
        if not req.headers.get("authorization", "").startswith("Bearer fake-access-"):
            return self.error(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.")
        path = unquote(req.path)
        if path == "/v2/conferenceRecords":
            return self.page(self.list_records(req.query.get("filter", "")), "conferenceRecords", req)
        if m := re.fullmatch(r"/v2/(conferenceRecords/[^/]+)/participants", path):
            record = next((r for r in self.records if r.name == m.group(1)), None)
            if record is None:
                return self.error(404, "NOT_FOUND", "Requested entity was not found.")
            return self.page(record.participants, "participants", req)
        if m := re.fullmatch(r"/v2/(conferenceRecords/[^/]+/participants/[^/]+)/participantSessions", path):
            return self.page(self.sessions.get(m.group(1), []), "participantSessions", req)
        if path == "/admin/directory/v1/users":  # users.list, of the caller's own customer
            if not self.directory_allowed:
                return self.error(403, "PERMISSION_DENIED", "Not Authorized to access this resource/api")
            return Reply(200, {"users": [{"primaryEmail": e} for e in sorted(self.directory.values())[:1]]})
        if m := re.fullmatch(r"/admin/directory/v1/users/([^/]+)", path):
            if not self.directory_allowed:
                return self.error(403, "PERMISSION_DENIED", "Not Authorized to access this resource/api")
            email = self.directory.get(m.group(1))
            if email is None:
                return self.error(404, "NOT_FOUND", "Resource Not Found: userKey")
            return Reply(200, {"kind": "admin#directory#user", "primaryEmail": email})
        if path == "/admin/reports/v1/activity/users/all/applications/meet":
            code = req.query.get("filters", "").removeprefix("meeting_code==")
            items = [
                i
                for i in self.activities
                if any(
                    p.get("value") == code
                    for e in i["events"]
                    for p in e["parameters"]
                    if p["name"] == "meeting_code"
                )
            ]
            return self.page(items, "items", req, size_param="maxResults")
        return self.error(404, "NOT_FOUND", f"no such path {path}")

    @staticmethod
    def error(code: int, status: str, message: str) -> Reply:
        return Reply(code, {"error": {"code": code, "message": message, "status": status}})

    def token(self, req: Request) -> Reply:
        form = {k: v[-1] for k, v in parse_qs(req.body.decode()).items()}
        self.grants.append(form)
        if form.get("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer":
            claims = json.loads(base64.urlsafe_b64decode(form["assertion"].split(".")[1] + "=="))
            if claims.get("sub") and claims["sub"] not in self.delegation:
                return Reply(
                    401,
                    {
                        "error": "unauthorized_client",
                        "error_description": "Client is unauthorized to retrieve access tokens using this "
                        "method, or client not authorized for any of the scopes requested.",
                    },
                )
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

    @staticmethod
    def page(items: list[dict], key: str, req: Request, size_param: str = "pageSize") -> Reply:
        size = int(req.query.get(size_param, 10))
        start = int(req.query.get("pageToken", "p0")[1:])
        chunk = items[start : start + size]
        body: dict = {key: chunk}
        if start + size < len(items):
            body["nextPageToken"] = f"p{start + size}"
        return Reply(200, body)
