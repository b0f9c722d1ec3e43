"""A fake Zoom API: OAuth token endpoint, past-meeting instances, paged participant reports.

Response shapes follow Zoom's API reference (report/meetings/{id}/participants,
past_meetings/{id}/instances, oauth/token). It keeps state: issued tokens, meetings and their
instances; page tokens are opaque and can be made to expire once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from urllib.parse import unquote

from tests.fakes.server import App, Reply, Request


@dataclass
class Instance:
    uuid: str
    start_time: str
    participants: list[dict] = field(default_factory=list)


class FakeZoom(App):
    def __init__(self, account_id: str = "acc", client_id: str = "cid", client_secret: str = "secret"):
        super().__init__()
        self.credentials = (account_id, client_id, client_secret)
        self.tokens: list[str] = []
        self.revoked: set[str] = set()
        self.meetings: dict[str, list[Instance]] = {}  # meeting id -> instances
        self.webinars: dict[str, list[dict]] = {}
        self.expire_next_page_token = False
        self._counter = itertools.count(1)

    # --- set-up -------------------------------------------------------------------------
    def add_instance(self, meeting_id: str, uuid: str, start_time: str, participants: list[dict]) -> None:
        self.meetings.setdefault(meeting_id, []).append(Instance(uuid, start_time, participants))

    def by_uuid(self, uuid: str) -> Instance | None:
        for inst in itertools.chain.from_iterable(self.meetings.values()):
            if inst.uuid == uuid:
                return inst
        return None

    # --- HTTP ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        if req.method == "POST" and req.path == "/oauth/token":
            return self.token(req)
        if not req.path.startswith("/v2/"):
            return Reply(404, {"code": 404, "message": "Not found"})
        auth = req.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ")
        if token not in self.tokens or token in self.revoked:
            return Reply(401, {"code": 124, "message": "Invalid access token."})
        parts = req.path[len("/v2/") :].split("/")
        if parts == ["users", "me"]:
            return Reply(200, {"id": "KDcuGIm1QgePTO8WbOqwIQ", "email": "host@menpan.go.id", "type": 2})
        if len(parts) == 3 and parts[0] == "past_meetings" and parts[2] == "instances":
            instances = self.meetings.get(unquote(parts[1]))
            if instances is None:
                return Reply(404, {"code": 3001, "message": "Meeting does not exist."})
            return Reply(200, {"meetings": [{"uuid": i.uuid, "start_time": i.start_time} for i in instances]})
        if len(parts) == 4 and parts[0] == "report" and parts[3] == "participants":
            return self.report(parts[1], parts[2], req)
        return Reply(404, {"code": 404, "message": "Not found"})

    def token(self, req: Request) -> Reply:
        import base64

        account, cid, secret = self.credentials
        body = dict(p.split("=", 1) for p in req.body.decode().split("&") if "=" in p)
        basic = base64.b64encode(f"{cid}:{secret}".encode()).decode()
        if req.headers.get("Authorization") != f"Basic {basic}" or body.get("account_id") != account:
            return Reply(400, {"reason": "Invalid client_id or client_secret", "error": "invalid_client"})
        token = f"tok-{next(self._counter)}"
        self.tokens.append(token)
        return Reply(
            200,
            {"access_token": token, "token_type": "bearer", "expires_in": 3599, "scope": "report:read:admin"},
        )

    def report(self, kind: str, raw_id: str, req: Request) -> Reply:
        # Zoom decodes the path once; a double-encoded UUID arrives encoded once more
        ident = unquote(unquote(raw_id))
        if kind == "meetings":
            inst = self.by_uuid(ident)
            if inst is None and ident in self.meetings:
                inst = self.meetings[ident][-1]  # a numeric id means the latest instance
            records = inst.participants if inst else None
        else:
            records = self.webinars.get(ident)
        if records is None:
            return Reply(404, {"code": 3001, "message": f"Meeting {ident} is not found or has expired."})
        size = int(req.query.get("page_size", 30))
        start = 0
        if req.query.get("next_page_token"):
            if self.expire_next_page_token:
                self.expire_next_page_token = False
                return Reply(400, {"code": 300, "message": "The next page token is invalid or expired."})
            start = int(req.query["next_page_token"].removeprefix("npt-"))
        page = records[start : start + size]
        nxt = f"npt-{start + size}" if start + size < len(records) else ""
        return Reply(
            200,
            {
                "page_count": -(-len(records) // size) if records else 0,
                "page_size": size,
                "total_records": len(records),
                "next_page_token": nxt,
                "participants": page,
            },
        )


def participant(
    name: str, join: str, leave: str, email: str = "", pid: str = "", user_id: str = "16778240"
) -> dict:
    """A record as the report endpoint returns it."""
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
        "registrant_id": "",
        "bo_mtg_id": "",
    }
