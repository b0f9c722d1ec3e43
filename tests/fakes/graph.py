"""A fake Microsoft Graph with its identity platform, served over TLS on loopback.

Response shapes follow the Graph v1.0 reference: ``/{tenant}/v2.0/.well-known/openid-configuration``
and ``/{tenant}/oauth2/v2.0/token`` (client credentials, the ``…/.default`` scope),
``/users/{organizer}/onlineMeetings?$filter=JoinWebUrl eq '…'`` (a ``value`` list),
``…/onlineMeetings/{id}/attendanceReports`` (``meetingAttendanceReport``: ``id``,
``meetingStartDateTime``, ``meetingEndDateTime``, ``totalParticipantCount``) and
``…/attendanceReports/{id}/attendanceRecords`` (``attendanceRecord``: ``emailAddress``,
``identity``, ``role``, ``totalAttendanceInSeconds``, ``attendanceIntervals`` of
``joinDateTime``, ``leaveDateTime``, ``durationInSeconds``). Lists page with an opaque
``$skiptoken`` in ``@odata.nextLink``; errors are ``{"error": {"code", "message"}}``.

It keeps state: the app's credentials, issued tokens (which can be expired), the users an
application access policy was granted for, meetings with their reports and records.
MSAL only talks https, so the server wraps its socket in TLS with a certificate made for
127.0.0.1; point ``REQUESTS_CA_BUNDLE`` at ``cert_file`` to trust it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote

from tests.fakes.server import App, Reply, Request, Server

ODATA = "https://graph.microsoft.com/v1.0/$metadata"
# "List meetingAttendanceReports ... only returns up to 50 of the most recent reports"
# (learn.microsoft.com/graph/api/meetingattendancereport-list, v1.0); the example lists the
# newest first.
REPORTS_LISTED = 50
# An OData string literal: a quote inside is written twice (OData v4.01 URL conventions,
# ABNF ``SQUOTE-in-string``); a lone quote ends the literal, and what follows is a syntax error.
_LITERAL = re.compile(r"JoinWebUrl eq '((?:[^']|'')*)'", re.IGNORECASE)
_JOIN_ID = re.compile(r"joinMeetingIdSettings/joinMeetingId eq '((?:[^']|'')*)'")  # onlinemeeting-get


@dataclass
class Report:
    id: str
    start: str
    end: str
    records: list[dict] = field(default_factory=list)
    count: int | None = None  # totalParticipantCount when it is not len(records)


@dataclass
class Meeting:
    id: str
    organizer: str
    join_url: str
    reports: list[Report] = field(default_factory=list)
    join_id: str = ""  # the meeting ID a short link (teams.microsoft.com/meet/<id>) carries


def record(
    name: str,
    intervals: list[tuple[str | None, str | None]],
    email: str = "",
    uid: str = "",
    role: str = "Attendee",
) -> dict:
    """An attendanceRecord as Graph returns it (durations from the intervals)."""

    def seconds(a: str | None, b: str | None) -> int:
        if not a or not b:
            return 0
        return int((_t(b) - _t(a)).total_seconds())

    spans = [
        {"joinDateTime": a, "leaveDateTime": b, "durationInSeconds": seconds(a, b)} for a, b in intervals
    ]
    return {
        "id": uid or email or name,
        "emailAddress": email or None,
        "totalAttendanceInSeconds": sum(s["durationInSeconds"] for s in spans),
        "role": role,
        "identity": {"id": uid or None, "displayName": name, "tenantId": None},
        "attendanceIntervals": spans,
    }


def _t(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


class FakeGraph(App):
    def __init__(
        self,
        tenant: str = "tenant-1",
        client_id: str = "0d6e3c39-5b1e-4c1f-9a0e-5f3a2b7c8d91",  # an application (client) id is a GUID
        secret: str = "graph-secret-1",
    ):
        super().__init__()
        self.tenant, self.client_id, self.secret = tenant, client_id, secret
        self.tokens: set[str] = set()
        self.expired: set[str] = set()
        self.granted: set[str] = set()  # users an application access policy covers
        self.users: dict[str, str] = {}  # user principal name -> object id
        self.directory = True  # the app holds User.Read.All
        self.meetings: list[Meeting] = []
        self.page_size = 100
        self.url = ""  # set once served: nextLinks are absolute
        self._counter = itertools.count(1)

    # --- set-up -------------------------------------------------------------------------
    def add_meeting(self, organizer: str, join_url: str, grant: bool = True, join_id: str = "") -> Meeting:
        meeting = Meeting(f"MSo{next(self._counter)}meeting", organizer, join_url, join_id=join_id)
        self.meetings.append(meeting)
        if grant:
            self.granted.add(organizer)
        return meeting

    def add_report(self, meeting: Meeting, start: str, end: str, records: list[dict]) -> Report:
        report = Report(f"report-{next(self._counter)}", start, end, records)
        meeting.reports.append(report)
        return report

    def expire_tokens(self) -> None:
        self.expired |= self.tokens

    # --- HTTP ---------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        parts = [unquote(p) for p in req.path.strip("/").split("/")]
        if parts[1:] == ["v2.0", ".well-known", "openid-configuration"]:
            return self.discovery(parts[0])
        if parts[1:] == ["oauth2", "v2.0", "token"] and req.method == "POST":
            return self.token(parts[0], req)
        if parts[:1] != ["v1.0"]:
            return _error(404, "UnknownError", "no such resource")
        token = req.headers.get("Authorization", "").removeprefix("Bearer ")
        if token not in self.tokens:
            return _error(401, "InvalidAuthenticationToken", "Access token is empty.")
        if token in self.expired:
            return _error(
                401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired."
            )
        return self.graph(parts[1:], req)

    def discovery(self, tenant: str) -> Reply:
        if tenant != self.tenant:
            return Reply(
                400,
                {
                    "error": "invalid_tenant",
                    "error_description": f"AADSTS90002: Tenant '{tenant}' not found.",
                },
            )
        base = f"{self.url}/{tenant}"
        return Reply(
            200,
            {
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "issuer": f"{base}/v2.0",
                "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
            },
        )

    def token(self, tenant: str, req: Request) -> Reply:
        form = {k: v[-1] for k, v in parse_qs(req.body.decode()).items()}
        if form.get("grant_type") != "client_credentials":
            return Reply(400, {"error": "unsupported_grant_type", "error_description": "AADSTS70003"})
        if form.get("client_id") != self.client_id:  # the identity platform names the id it did not find
            unknown = form.get("client_id")
            return Reply(
                400,
                {
                    "error": "unauthorized_client",
                    "error_description": f"AADSTS700016: Application with identifier '{unknown}' was not "
                    f"found in the directory '{tenant}'.\r\nTrace ID: 5c1f\r\nCorrelation ID: 77aa",
                    "error_codes": [700016],
                },
            )
        if form.get("client_secret") != self.secret:
            return Reply(
                401,
                {
                    "error": "invalid_client",
                    "error_description": "AADSTS7000215: Invalid client secret provided.",
                    "error_codes": [7000215],
                },
            )
        if not form.get("scope", "").endswith("/.default"):
            return Reply(400, {"error": "invalid_scope", "error_description": "AADSTS1002012"})
        token = f"graph-token-{next(self._counter)}"
        self.tokens.add(token)
        return Reply(
            200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": token}
        )

    def graph(self, parts: list[str], req: Request) -> Reply:
        if len(parts) == 2 and parts[0] == "users":  # users-get: by id or userPrincipalName
            if not self.directory:
                return _error(
                    403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."
                )
            oid = self.users.get(parts[1].lower(), parts[1] if parts[1] in self.users.values() else None)
            if oid is None:
                return _error(404, "Request_ResourceNotFound", f"Resource '{parts[1]}' does not exist.")
            return Reply(200, {"@odata.context": ODATA, "id": oid})
        if len(parts) >= 2 and parts[0] == "users" and not _GUID.fullmatch(parts[1]):
            # application permissions: "userId is the object ID of a user" (onlinemeeting-get);
            # a UPN there fails, as reported in msgraph-sdk-dotnet#1215 and cli-microsoft365#5968
            return _error(404, "UnknownError", "")
        if len(parts) < 3 or parts[0] != "users" or parts[2] != "onlineMeetings":
            return _error(400, "BadRequest", f"Resource not found for the segment '{'/'.join(parts)}'.")
        user = parts[1]
        if user not in self.granted:
            return _error(
                403,
                "Forbidden",
                "No application access policy found for this app.",
            )
        mine = [m for m in self.meetings if m.organizer == user]
        if len(parts) == 3:
            flt = req.query.get("$filter", "")
            if by_id := _JOIN_ID.fullmatch(flt):
                wanted = by_id.group(1).replace("''", "'")
                return Reply(
                    200,
                    {
                        "@odata.context": ODATA,
                        "value": [self.meeting(m) for m in mine if m.join_id == wanted],
                    },
                )
            found = _LITERAL.fullmatch(flt)
            if not found:
                return _error(
                    400,
                    "BadRequest",
                    "Filter expression expected - /onlineMeetings?$filter=JoinWebUrl eq 'joinWebUrl'.",
                )
            url = found.group(1).replace("''", "'")
            return Reply(
                200, {"@odata.context": ODATA, "value": [self.meeting(m) for m in mine if m.join_url == url]}
            )
        meeting = next((m for m in mine if m.id == parts[3]), None)
        if meeting is None:
            return _error(404, "NotFound", "The meeting was not found.")
        if parts[4:] == ["attendanceReports"]:
            newest = sorted(meeting.reports, key=lambda r: _t(r.start), reverse=True)[:REPORTS_LISTED]
            items = [
                {
                    "id": r.id,
                    "totalParticipantCount": len(r.records) if r.count is None else r.count,
                    "meetingStartDateTime": r.start,
                    "meetingEndDateTime": r.end,
                    "attendanceRecords": [],  # "empty in the response" (the same page)
                }
                for r in newest
            ]
            return self.page(req, items)
        if len(parts) == 7 and parts[4] == "attendanceReports" and parts[6] == "attendanceRecords":
            report = next((r for r in meeting.reports if r.id == parts[5]), None)
            if report is None:
                return _error(404, "NotFound", "The attendance report was not found.")
            return self.page(req, report.records)
        return _error(400, "BadRequest", "Unsupported segment")

    def meeting(self, m: Meeting) -> dict:
        return {
            "id": m.id,
            "joinWebUrl": m.join_url,
            "joinMeetingIdSettings": {"joinMeetingId": m.join_id or None, "isPasscodeRequired": True},
            "subject": "Bimtek",
            "participants": {"organizer": {"identity": {"user": {"id": m.organizer}}}},
        }

    def page(self, req: Request, items: list[dict]) -> Reply:
        """One page of ``items``; a ``$skiptoken`` in the next link says where the next starts."""
        start = int(req.query.get("$skiptoken", "0") or 0)
        chunk = items[start : start + self.page_size]
        body: dict = {"@odata.context": ODATA, "value": chunk}
        if start + self.page_size < len(items):
            body["@odata.nextLink"] = f"{self.url}{req.path}?$skiptoken={start + self.page_size}"
        return Reply(200, body)


_GUID = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _error(status: int, code: str, message: str) -> Reply:
    return Reply(
        status,
        {
            "error": {
                "code": code,
                "message": message,
                "innerError": {"request-id": "0f4c", "date": "2020-04-14T05:00:00"},
            }
        },
    )


def join_url(
    thread: str = "19:meeting_NDQ4MGRhYjgtMWJmMi00MTEzLWIzNmYtYzY3MTU3M2E2MTgx@thread.v2", oid: str = ""
) -> str:
    """A Teams join link as Outlook pastes it: the organizer's object id sits in ``context``."""
    context = quote(f'{{"Tid":"tenant-1","Oid":"{oid}"}}', safe="")
    return f"https://teams.microsoft.com/l/meetup-join/{quote(thread, safe='@')}/0?context={context}"


def certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate and key for 127.0.0.1 and localhost, written to ``folder``."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake graph")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "graph-cert.pem", folder / "graph-key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_file, key_file


class TlsServer(Server):
    """``Server`` over https, with the certificate from ``certificate``."""

    def __init__(self, app: FakeGraph, cert_file: Path, key_file: Path):
        super().__init__(app)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self.url = self.url.replace("http://", "https://")
        app.url = self.url
