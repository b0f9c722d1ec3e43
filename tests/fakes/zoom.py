"""A fake Zoom API: OAuth token endpoint, past-meeting instances, paged participant reports,
meeting detail reports and paged registrants.

Response shapes follow Zoom's API reference (``report/meetings/{id}/participants`` with
``include_fields=registrant_id``, ``report/meetings/{id}``, ``past_meetings/{id}/instances``,
``meetings/{id}/registrants``, ``webinars/{id}/registrants``, ``oauth/token``). It keeps state:
issued tokens and the scopes they carry, meetings with their instances and registrants; page
tokens are opaque and can be made to expire once.

Paths are decoded as Zoom decodes them in the field: the gateway decodes the path once and
routes on the result, then the handler decodes the id once more. A UUID whose '/' was
encoded only once therefore routes nowhere (404), a double-encoded UUID always arrives
whole, and single encoding is enough for '+' and '='. ``route_raw = True`` models the other
reading (route on the path as sent, decode the id once), under which only single encoding
works: it exercises a client's fallback to the other encoding.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from urllib.parse import unquote

from tests.fakes.server import App, Reply, Request

SCOPES = frozenset({"report:read:admin", "meeting:read:admin", "webinar:read:admin"})


@dataclass
class Instance:
    uuid: str
    start_time: str
    participants: list[dict] | None = field(default_factory=list)  # None: no report (yet)
    live: bool = False  # still going on: not a past instance, no report yet


class FakeZoom(App):
    def __init__(self, account_id: str = "acc", client_id: str = "cid", client_secret: str = "secret"):
        super().__init__()
        self.credentials = (account_id, client_id, client_secret)
        self.tokens: list[str] = []
        self.revoked: set[str] = set()
        self.scopes: set[str] = set(SCOPES)  # what the app was granted; tokens carry it
        self.meetings: dict[str, list[Instance]] = {}  # meeting id -> instances
        self.webinars: dict[str, list[dict]] = {}
        self.registrants: dict[str, list[dict]] = {}  # meeting or webinar id -> registrants
        self.expire_next_page_token = False
        self.route_raw = False
        self._counter = itertools.count(1)
        self._granted: dict[str, frozenset[str]] = {}

    # --- set-up -------------------------------------------------------------------------
    def add_instance(
        self, meeting_id: str, uuid: str, start_time: str, participants: list[dict] | None, live: bool = False
    ) -> None:
        self.meetings.setdefault(meeting_id, []).append(Instance(uuid, start_time, participants, live))

    def by_uuid(self, uuid: str) -> tuple[str, Instance] | None:
        for mid, instances in self.meetings.items():
            for inst in instances:
                if inst.uuid == uuid:
                    return mid, inst
        return None

    # --- HTTP ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        if req.method == "POST" and req.path == "/oauth/token":
            return self.token(req)
        path = req.path if self.route_raw else unquote(req.path)
        if not path.startswith("/v2/"):
            return Reply(404, {"code": 404, "message": "Not found"})
        auth = req.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        if token not in self.tokens or token in self.revoked:
            return Reply(401, {"code": 124, "message": "Invalid access token."})
        parts = path[len("/v2/") :].split("/")
        if parts == ["users", "me"]:
            return Reply(200, {"id": "KDcuGIm1QgePTO8WbOqwIQ", "email": "host@menpan.go.id", "type": 2})
        if len(parts) == 3 and parts[0] == "past_meetings" and parts[2] == "instances":
            if refused := self.refuse(token, "meeting:read:admin", "meeting:read:list_past_instances:admin"):
                return refused
            instances = self.meetings.get(unquote(parts[1]))
            if instances is None:
                return Reply(404, {"code": 3001, "message": "Meeting does not exist."})
            ended = [{"uuid": i.uuid, "start_time": i.start_time} for i in instances if not i.live]
            return Reply(200, {"meetings": ended})  # past instances only: one going on is not listed
        if len(parts) in (3, 4) and parts[0] == "report" and parts[1] in ("meetings", "webinars"):
            if refused := self.refuse(
                token, "report:read:admin", "report:read:list_meeting_participants:admin"
            ):
                return refused
            if len(parts) == 3:
                return self.detail(parts[1], unquote(parts[2]))
            if parts[3] == "participants":
                return self.report(parts[1], unquote(parts[2]), req)
        if len(parts) == 3 and parts[0] in ("meetings", "webinars") and parts[2] == "registrants":
            kind = parts[0][:-1]
            if refused := self.refuse(token, f"{kind}:read:admin", f"{kind}:read:list_registrants:admin"):
                return refused
            return self.list_registrants(unquote(parts[1]), req)
        return Reply(404, {"code": 404, "message": "Not found"})

    def refuse(self, token: str, classic: str, granular: str) -> Reply | None:
        """Zoom's answer to a token without the scope an endpoint needs."""
        if {classic, granular} & self._granted.get(token, frozenset()):
            return None
        return Reply(
            400,
            {
                "code": 4711,
                "message": f"Invalid access token, does not contain scopes:[{classic}, {granular}].",
            },
        )

    def token(self, req: Request) -> Reply:
        import base64

        account, cid, secret = self.credentials
        body = dict(p.split("=", 1) for p in req.body.decode().split("&") if "=" in p)
        basic = base64.b64encode(f"{cid}:{secret}".encode()).decode()
        if req.headers.get("Authorization") != f"Basic {basic}" or body.get("account_id") != account:
            return Reply(400, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
        token = f"tok-{next(self._counter)}"
        self.tokens.append(token)
        self._granted[token] = frozenset(self.scopes)
        return Reply(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": 3599,
                "scope": " ".join(sorted(self.scopes)),
            },
        )

    def detail(self, kind: str, ident: str) -> Reply:
        """``GET /report/meetings/{id}``: the meeting an instance UUID belongs to."""
        found = self.by_uuid(ident) if kind == "meetings" else None
        if found is None:
            return Reply(404, {"code": 3001, "message": f"Meeting {ident} is not found or has expired."})
        mid, inst = found
        return Reply(
            200,
            {
                "id": int(mid),
                "uuid": inst.uuid,
                "start_time": inst.start_time,
                "participants_count": len(inst.participants or []),
            },
        )

    def report(self, kind: str, ident: str, req: Request) -> Reply:
        if kind == "meetings":
            found = self.by_uuid(ident)
            inst = found[1] if found else None
            if inst is None and ident in self.meetings:
                ended = [i for i in self.meetings[ident] if not i.live]
                inst = ended[-1] if ended else None  # a numeric id means the latest ended instance
            records = inst.participants if inst and not inst.live else None
        else:
            records = self.webinars.get(ident)
        if records is None:
            return Reply(404, {"code": 3001, "message": f"Meeting {ident} is not found or has expired."})
        if req.query.get("include_fields") != "registrant_id":  # asked for, or absent
            records = [{k: v for k, v in r.items() if k != "registrant_id"} for r in records]
        return self.page(req, records, "participants")

    def list_registrants(self, ident: str, req: Request) -> Reply:
        if ident not in self.registrants:
            return Reply(404, {"code": 3001, "message": f"Meeting {ident} is not found or has expired."})
        status = req.query.get("status", "approved")
        return self.page(req, [r for r in self.registrants[ident] if r["status"] == status], "registrants")

    def page(self, req: Request, records: list[dict], key: str) -> Reply:
        size = min(int(req.query.get("page_size", 30)), 300)
        start = 0
        if req.query.get("next_page_token"):
            if self.expire_next_page_token:
                self.expire_next_page_token = False
                return Reply(400, {"code": 300, "message": "The next page token is invalid or expired."})
            start = int(req.query["next_page_token"].removeprefix("npt-"))
        nxt = f"npt-{start + size}" if start + size < len(records) else ""
        return Reply(
            200,
            {
                "page_count": -(-len(records) // size) if records else 0,
                "page_size": size,
                "total_records": len(records),
                "next_page_token": nxt,
                key: records[start : start + size],
            },
        )


def participant(
    name: str,
    join: str,
    leave: str,
    email: str = "",
    pid: str = "",
    user_id: str = "16778240",
    registrant_id: str = "",
    internal_user: bool = False,
) -> dict:
    """A record as the report endpoint returns it (``internal_user``: of the host's account)."""
    from datetime import datetime

    seconds = int(
        (
            datetime.fromisoformat(leave.replace("Z", "+00:00"))
            - datetime.fromisoformat(join.replace("Z", "+00:00"))
        ).total_seconds()
    )
    return {
        "id": pid,
        "user_id": user_id,
        "participant_user_id": pid,
        "name": name,
        "user_email": email,
        "join_time": join,
        "leave_time": leave,
        "duration": seconds,
        "attentiveness_score": "",
        "failover": False,
        "status": "in_meeting",
        "customer_key": "",
        "registrant_id": registrant_id,
        "bo_mtg_id": "",
        "internal_user": internal_user,
    }


def registrant(
    rid: str,
    email: str,
    first_name: str,
    last_name: str = "",
    answers: dict[str, str] | None = None,
    status: str = "approved",
    **fields: str,
) -> dict:
    """A registrant as ``GET /meetings/{id}/registrants`` lists it; ``answers`` are the custom
    questions (title -> value), ``fields`` standard ones such as org or phone."""
    return {
        "id": rid,
        "email": email,
        "first_name": first_name,
        "last_name": last_name,
        "address": "",
        "city": "",
        "country": "ID",
        "zip": "",
        "state": "",
        "phone": "",
        "industry": "",
        "org": "",
        "job_title": "",
        "purchasing_time_frame": "",
        "role_in_purchase_process": "",
        "no_of_employees": "",
        "comments": "",
        "custom_questions": [{"title": t, "value": v} for t, v in (answers or {}).items()],
        "status": status,
        "create_time": "2020-04-10T03:12:45Z",
        "join_url": f"https://us06web.zoom.us/w/81234567890?tk=tk-{rid}-Qx7&pwd=pwd-{rid}-Zr9",
        "participant_pin_code": 380303,
        **fields,
    }
