"""The ``zoom`` provider: participant reports from the Zoom API through zoomus.

zoomus gives the endpoints and the Server-to-Server OAuth client; this module adds what it
lacks (see the project's notes on the library): paging, bounded retries, a token request
with a timeout and a readable failure, refresh on 401, instance UUIDs encoded as Zoom takes
them, every instance of a restarted meeting, registrants as evidence, and "not ready yet"
(exit 3) instead of an empty or partial attendance. A pull is whole or fails: every listed
instance in the session's window is read, or nothing is returned.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import parse_qs, quote, unquote, urlsplit

from vc_sync.errors import InputError, NotReady, ProviderError
from vc_sync.http import Refusals, RetryPolicy, Transient, call, instant, json_body, json_object, transient
from vc_sync.model import Segment
from vc_sync.providers.base import Progress, Pull, RawPage, ended
from vc_sync.providers.formats import zoom_records, zoom_registrants
from vc_sync.providers.schema import RETRY_SETTINGS, KeyContext, Ref, SessionKey, Setting, number, resolve

if TYPE_CHECKING:
    import requests

    from vc_sync.config import Config, SessionSpec

API = "https://api.zoom.us/v2"
OAUTH = "https://zoom.us/oauth/token"
PAGE_SIZE = 300  # the most Zoom gives per page, reports and registrants alike
READY_WITHIN = 24.0  # hours after the end in which a missing or empty report is "not yet"
EARLIEST_INSTANCE = timedelta(hours=12)  # an instance may start this long before the window
CAUSES = "a wrong id, a meeting of another Zoom account than the app's, or a report older than Zoom keeps"
# the scope each call needs (granular, then classic), named when Zoom says it is missing
SCOPES = {
    "meetings report": "report:read:list_meeting_participants:admin (classic: report:read:admin)",
    "webinars report": "report:read:list_webinar_participants:admin (classic: report:read:admin)",
    "meetings detail": "report:read:meeting:admin (classic: report:read:admin)",
    "webinars detail": "report:read:admin",
    "instances": "meeting:read:list_past_instances:admin (classic: meeting:read:admin)",
    "meetings registrants": "meeting:read:list_registrants:admin (classic: meeting:read:admin)",
    "webinars registrants": "webinar:read:list_registrants:admin (classic: webinar:read:admin)",
    "user": "user:read:user:admin (classic: user:read:admin)",
}
Page = tuple[dict, RawPage]


def encode_uuid(uuid: str, double: bool | None = None) -> str:
    """A UUID as a path segment. Zoom's reference asks for double encoding when a UUID starts
    with '/' or contains '//'; in the field a single '/' inside needs it too, so any UUID with
    a '/' is encoded twice unless ``double`` says otherwise ('+' and '=' occur as well)."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if (("/" in uuid) if double is None else double) else once


def is_uuid(ref: str) -> bool:
    return not ref.replace(" ", "").isdigit()


# --- reading a session's zoom keys (config.py asks through ``session_keys``) ----------------

_ZOOM_ID = re.compile(r"^\d{9,13}$")  # a meeting or webinar id once spaces and dashes are gone
_ZOOM_UUID = re.compile(r"^[A-Za-z0-9+/=]{16,40}$")  # an instance UUID (base64: '/', '+', '=' occur)
_ZOOM_HOSTS = ("zoom.us", "zoomgov.com", "zoom.com")  # and their vanity subdomains
_ZOOM_PATH = re.compile(r"^/(?:(j|s|w|meeting|webinar)/|wc/join/|wc/)(\d{9,13})(?:/.*)?$")
_ZOOM_BARE_LINK = re.compile(r"^[\w.-]*\bzoom(?:gov)?\.(?:us|com)/", re.IGNORECASE)
_ZOOM_LINK_IN_TEXT = re.compile(
    r"(?:https?://|zoommtg://)?[\w.-]*\bzoom(?:gov)?\.(?:us|com)/\S+", re.IGNORECASE
)  # a join link inside a pasted invitation
_PASSCODE = re.compile(r"(?:passcode|password|kode sandi|sandi)\s*:\s*(\S+)", re.IGNORECASE)
_ZOOM_LABEL = re.compile(r"^[^\d:]{1,30}:\s*(?=\d)")  # "Meeting ID: 812 …", "ID Rapat: 812 …"
MIN_SECRET = 6  # as config.MIN_SECRET: shorter values are not masked


@dataclass(frozen=True)
class ZoomRef:
    """A Zoom reference as pasted, reduced to what the API takes."""

    ref: str  # a meeting or webinar id (digits only) or an instance UUID
    webinar: bool = False  # a /w/ link names a webinar


def zoom_ref(text: str) -> ZoomRef:
    """Read a Zoom reference as people paste it: a join link (any zoom.us, zoomgov.com or
    vanity host; /j/, /w/, /s/, /wc/…; zoommtg://…?confno=), an id with spaces, dashes or a
    "Meeting ID:" label, or an instance UUID (percent-encoded too, as copied from a URL). A
    link's query (pwd, tk, zak) is dropped. Raises ValueError saying why, without the query."""
    text = text.strip()
    if link := _as_link(text):
        return _zoom_link(link)
    digits = re.sub(r"[\s.\-\u2010-\u2015]", "", _ZOOM_LABEL.sub("", text))
    if _ZOOM_ID.match(digits):
        return ZoomRef(digits)
    uuid = text
    for _ in range(2):  # copied from a report URL: encoded once or twice
        uuid = unquote(uuid) if "%" in uuid else uuid
    if _ZOOM_UUID.match(uuid) and not uuid.isdigit():
        return ZoomRef(uuid)
    raise ValueError(f"not a Zoom meeting id, join link or instance UUID: {text!r}")


def _zoom_link(text: str) -> ZoomRef:
    parts = urlsplit(text)
    shown = f"{parts.scheme}://{parts.netloc}{parts.path}{'?…' if parts.query else ''}"
    host = (parts.hostname or "").lower()
    if parts.scheme in ("zoommtg", "zoomus"):
        number = re.sub(r"\D", "", (parse_qs(parts.query).get("confno") or [""])[0])
        if _ZOOM_ID.match(number):
            return ZoomRef(number)
    elif parts.scheme in ("http", "https") and any(host == h or host.endswith("." + h) for h in _ZOOM_HOSTS):
        if found := _ZOOM_PATH.match(parts.path):
            return ZoomRef(found.group(2), webinar=found.group(1) == "w")
        if "/register/" in parts.path:
            raise ValueError(
                f"a registration link, not a join link: paste the meeting id instead ({shown!r})"
            )
        if parts.path.startswith("/my/"):
            raise ValueError(f"a personal link name cannot be looked up: paste the meeting id ({shown!r})")
    raise ValueError(f"not a Zoom join link with a meeting id: {shown!r}")


def _as_link(text: str) -> str | None:
    """``text`` as a URL when it is one, also when pasted without its scheme or inside the
    invitation Zoom writes ("Join Zoom Meeting https://…  Meeting ID: …  Passcode: …")."""
    if "://" in text and not re.search(r"\s", text):
        return text
    if found := _ZOOM_LINK_IN_TEXT.search(text):
        link = found.group(0)
        return link if "://" in link else f"https://{link}"
    if "://" in text:
        return text
    return f"https://{text}" if _ZOOM_BARE_LINK.match(text) else None


def _invitation_secrets(text: str) -> set[str]:
    """A passcode written out in a pasted invitation ("Passcode: 123456", "Kode Sandi: …")."""
    return {v for v in _PASSCODE.findall(text) if len(v) >= MIN_SECRET}


def _link_secrets(text: str) -> set[str]:
    """Passcodes and tokens in a pasted link: redacted wherever they might show."""
    link = _as_link(text.strip())
    if link is None:
        return set()
    query = parse_qs(urlsplit(link).query)
    return {v for k in ("pwd", "tk", "zak") for v in query.get(k, ()) if len(v) >= MIN_SECRET}


def read_ref(value: Any, ctx: KeyContext) -> Ref | None:
    """A session's ``zoom`` or ``zoom_webinar``: as pasted (an id, a link, a whole invitation),
    the passcodes of its link and its text masked; a ``/w/`` link makes the session a webinar."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        ctx.problem("must be a non-empty string")
        return None
    for secret in _link_secrets(value) | _invitation_secrets(value):
        ctx.secret(secret)
    try:
        found = zoom_ref(value)
    except ValueError as exc:
        ctx.problem(str(exc))
        return None
    return Ref(found.ref, "zoom_webinar" if found.webinar else "")


def read_skip(raw: Any, ctx: KeyContext) -> tuple[str, ...]:
    """The instance UUIDs a session leaves out (``zoom_skip``)."""
    if not isinstance(raw, list) or not all(isinstance(u, str) for u in raw):
        ctx.problem("must be a list of instance UUIDs")
        return ()
    found = []
    for n, text in enumerate(raw):
        try:
            ref = zoom_ref(text).ref
        except ValueError:
            ref = ""
        if not ref or ref.isdigit():
            ctx.problem(f"not an instance UUID: {text!r}", at=f"[{n}]")
        found.append(ref)
    return tuple(found)


class ZoomProvider:
    name: ClassVar[str] = "zoom"
    sources: ClassVar[tuple[str, ...]] = ("zoom", "zoom_webinar")
    settings: ClassVar[tuple[Setting, ...]] = (
        Setting("account_id", required=True),
        Setting("client_id", required=True),
        Setting("client_secret", required=True, secret=True),
        Setting("base_url", "url", default=API),
        Setting("oauth_url", "url", default=OAUTH),
        number("ready_within", 0, 24 * 366, default=READY_WITHIN),
        *RETRY_SETTINGS,
    )
    session_keys: ClassVar[tuple[SessionKey, ...]] = (
        SessionKey("zoom", read=read_ref, label="Zoom {ref}"),
        SessionKey("zoom_webinar", read=read_ref, label="Zoom webinar {ref}"),
        SessionKey("zoom_skip", source=False, read=read_skip),
    )

    def __init__(
        self, config: Config, now: Callable[[], datetime] | None = None, policy: RetryPolicy | None = None
    ):
        settings = resolve(self.settings, config.providers.get("zoom", {}))
        self.account_id = str(settings.get("account_id", ""))
        self.client_id = str(settings.get("client_id", ""))
        self.client_secret = str(settings.get("client_secret", ""))
        self.base_url = str(settings["base_url"] or API).rstrip("/")
        self.oauth_url = str(settings["oauth_url"] or OAUTH)
        self.timeout = float(settings.get("timeout", 15))
        self.policy = policy or RetryPolicy.from_settings(settings)
        self.ready_within = timedelta(hours=float(settings["ready_within"]))
        self.now = now or (lambda: datetime.now(UTC))
        self._client: Any = None
        self._segment: dict[str, str] = {}  # UUID -> the path segment Zoom answered to
        self.granted: frozenset[str] | None = None  # the scopes the last token carries, when told

    # --- token and client ------------------------------------------------------------------

    def fetch_token(self) -> str:
        """A Server-to-Server OAuth token, or a ProviderError that says why not."""
        import requests  # imported on the first call: reading saved exports needs no HTTP client

        auth = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()

        def once() -> str:
            try:
                r = requests.post(
                    self.oauth_url,
                    data={"grant_type": "account_credentials", "account_id": self.account_id},
                    headers={"Authorization": f"Basic {auth}"},
                    timeout=self.timeout,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:  # the host, never the URL
                raise Transient(f"{type(exc).__name__} from {urlsplit(self.oauth_url).hostname}") from None
            if again := transient(r.status_code, r.headers):  # call() says "token request"
                raise again
            body = json_body(r, {})
            token = body.get("access_token") if isinstance(body, dict) else None
            if token and isinstance(body.get("scope"), str):
                self.granted = frozenset(body["scope"].split())
            if r.status_code != 200 or not token:
                reason = (
                    body.get("reason") or body.get("error") or r.reason
                    if isinstance(body, dict)
                    else r.reason
                )
                raise ProviderError(
                    f"zoom: token request refused (HTTP {r.status_code}: {reason}); check account_id, "
                    "client_id and client_secret (Zoom App Marketplace › Manage › your Server-to-Server "
                    "OAuth app › App Credentials) and that the app is activated"
                )
            return str(token)

        return call("zoom: token request", once, self.policy)

    def client(self) -> Any:
        """zoomus's client, built with a bounded wait (its own token request has no timeout)."""
        if self._client is None:
            import concurrent.futures

            import requests
            from zoomus import ZoomClient

            pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
            future = pool.submit(
                ZoomClient,
                self.client_id,
                self.client_secret,
                self.account_id,
                timeout=self.timeout,
                base_uri=self.base_url,
                oauth_uri=self.oauth_url,
            )
            try:
                client = future.result(timeout=self.timeout * 2)
            except concurrent.futures.TimeoutError:
                raise ProviderError(
                    f"zoom: no answer from {self.oauth_url} within {self.timeout * 2:g} s"
                ) from None
            except (requests.RequestException, ValueError):
                self.fetch_token()  # raises with the cause the client could not report
                raise ProviderError(f"zoom: token request to {self.oauth_url} failed") from None
            finally:
                pool.shutdown(wait=False)
            if not client.config.get("token"):  # zoomus keeps "Bearer None": find out why
                client.config["token"] = self.fetch_token()
            for component in client.components.values():  # zoomus gives them its default, 15 s,
                component._timeout = self.timeout  # and its setter would cut 0.5 s to 0
            self._client = client
        return self._client

    # --- requests --------------------------------------------------------------------------

    def _get(self, what: str, send: Callable[[Any], requests.Response], scope: str) -> Page:
        """One GET through zoomus with retries, one token refresh on 401, and errors mapped."""
        import requests

        refreshed = False

        def once() -> Page:
            nonlocal refreshed
            client = self.client()
            try:
                r = send(client)
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise Transient(f"{type(exc).__name__}") from None
            if r.status_code == 401 and not refreshed:
                refreshed = True
                client.config["token"] = self.fetch_token()
                raise Transient("HTTP 401: token expired, refreshed", retry_after=0)
            if again := transient(r.status_code, r.headers, r.headers.get("X-RateLimit-Type", "")):
                raise again
            body = json_body(r, None)
            if r.status_code != 200:
                raise _failure(what, r.status_code, body if isinstance(body, dict) else {}, SCOPES[scope])
            body = json_object(body, r.headers.get("Content-Type") or "no type")
            label = f"GET {_path(r.url, self.base_url)}"
            return body, RawPage(label, r.content)

        return call(f"zoom: {what}", once, self.policy)

    def _listing(
        self, what: str, path: str, params: dict, scope: str, key: str, progress: Progress | None
    ) -> list[Page]:
        """Every page of one listing; an expired page token starts it again from the first, and
        a next_page_token that names a page already read is an error (its records again)."""
        for _restart in range(3):
            pages: list[Page] = []
            token = ""
            seen: set[str] = set()
            while True:
                query = dict(params, page_size=PAGE_SIZE) | ({"next_page_token": token} if token else {})
                try:
                    body, page = self._get(
                        what,
                        lambda c, q=query: c.report.get_request(path, params=q),  # type: ignore[misc]
                        scope,
                    )
                except _ExpiredPageToken:
                    break
                pages.append((body, page))
                if progress:
                    progress(f"zoom: {what}: page {len(pages)}, {len(body.get(key) or [])} records")
                token = body.get("next_page_token") or ""
                if token in seen:
                    raise ProviderError(
                        f"zoom: {what}: page {len(pages)} repeats a next_page_token already followed; "
                        "the listing cannot be read whole, nothing was pulled, run again later"
                    )
                seen.add(token)
                if not token:
                    _whole(what, key, pages)
                    return pages
        raise ProviderError(f"zoom: {what}: page tokens kept expiring")

    def instances(self, mid: str) -> list[tuple[datetime | None, str]] | None:
        """The meeting's past instances (start, UUID), oldest first; None when Zoom lists none."""
        try:
            body, _ = self._get(
                f"instances of {mid}", lambda c: c.past_meeting.list(meeting_id=mid), "instances"
            )
        except _NotFound:
            return None
        found = [(instant(m.get("start_time")), str(m["uuid"])) for m in body.get("meetings") or []]
        return sorted(found, key=lambda f: (f[0] or datetime.min.replace(tzinfo=UTC), f[1])) or None

    def _report(self, kind: str, uuid: str, progress: Progress | None) -> list[Page]:
        """One instance's participant report, with registrant ids. A UUID with a '/' goes
        double-encoded first; on a 404 the other encoding is tried once before concluding."""
        tries = [encode_uuid(uuid)] + ([encode_uuid(uuid, double=False)] if "/" in uuid else [])
        first: _NotFound | None = None
        for segment in tries:
            try:
                pages = self._listing(
                    f"{kind} report {uuid}",
                    f"/report/{kind}/{segment}/participants",
                    {"include_fields": "registrant_id"},
                    f"{kind} report",
                    "participants",
                    progress,
                )
            except _NotFound as exc:
                first = first or exc  # the answer to the encoding Zoom documents says most
                continue
            self._segment[uuid] = segment
            return pages
        assert first is not None
        raise first

    def _registrants(self, kind: str, ref: str, progress: Progress | None) -> list[Page]:
        """Every approved registrant of the meeting or webinar (a UUID is looked up first)."""
        number = ref
        if is_uuid(ref):
            segment = self._segment.get(ref, encode_uuid(ref))
            body, _ = self._get(
                f"{kind[:-1]} of {ref}",
                lambda c: c.report.get_request(f"/report/{kind}/{segment}"),
                f"{kind} detail",
            )
            number = str(body.get("id") or "")
        pages = self._listing(
            f"registrants of {kind[:-1]} {number}",
            f"/{kind}/{number}/registrants",
            {"status": "approved"},
            f"{kind} registrants",
            "registrants",
            progress,
        )
        return [_without_join_secrets(body, page) for body, page in pages]

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        self.policy = dataclasses.replace(self.policy, notify=progress)  # rate-limit waits shown
        kind = "webinars" if session.source == "zoom_webinar" else "meetings"
        ref = session.ref
        ended("zoom", session, self.now())
        late = self.now() - session.end >= self.ready_within
        skip = set(session.options.get("zoom_skip") or ())
        uuids, skipped = [ref], []
        # a meeting id names its latest instance only: list them all and read those in the window
        listed = self.instances(ref) if kind == "meetings" and not is_uuid(ref) else None
        if listed is not None:
            earliest = session.start - EARLIEST_INSTANCE
            window = [u for t, u in listed if t is None or earliest <= t <= session.end]
            uuids = [u for u in window if u not in skip]
            skipped = [u for u in window if u in skip]
            if not window:
                raise self._no_instance(session, ref, listed, late)
        pages: list[Page] = []
        earlier: list[str] = []
        for uuid in uuids:
            try:
                got = self._report(kind, uuid, progress)
            except _NotFound as exc:
                raise self._missing(session, kind, ref, uuid, exc.detail, late) from None
            if not late and not any(body.get("participants") for body, _ in got):
                raise NotReady(
                    f"zoom: {session.id}: {_what(kind, ref, uuid)} reports no participants yet; "
                    "nothing was pulled"
                )
            if listed is not None and _ended_before(got, session.start):
                earlier.append(uuid)  # the same meeting id's earlier session (a recurring link)
                continue
            pages += got
        uuids = [u for u in uuids if u not in earlier]
        if listed is not None and earlier and not uuids:  # the session's own not listed (yet)
            raise self._no_instance(session, ref, listed, late)
        if not any(body.get("participants") for body, _ in pages):  # late: not yet is over
            what = _what(kind, ref, uuids[0] if len(uuids) == 1 else ref)
            raise ProviderError(
                f"zoom: {session.id}: {what} reports no participants "
                f"{_age(self.now() - session.end)} after the session ended; nothing was pulled"
            )
        warnings: list[str] = []
        registrants: list[Page] = []
        if any(p.get("registrant_id") for body, _ in pages for p in body.get("participants") or []):
            try:
                registrants = self._registrants(kind, ref, progress)
            except (_Refused, _NotFound) as exc:  # evidence we may not read: said once, go on
                warnings.append(f"{exc}; registrations not used as evidence")
        raw = tuple(page for _, page in pages + registrants)
        try:
            segments = self.replay(raw, session)
        except InputError as exc:  # Zoom's answer, not the user's input: run again later
            raise ProviderError(f"zoom: {session.id}: an answer that cannot be read: {exc}") from None
        count = sum(len(body.get("registrants") or []) for body, _ in registrants)
        with_registrants = f", {count} registrants" if count else ""
        return Pull(
            tuple(segments),
            raw,
            origin=f"zoom {kind[:-1]} {ref} ({len(uuids)} instance(s){with_registrants})",
            warnings=tuple(warnings),
            meta={"instances": uuids, "skipped": skipped, "earlier": earlier, "registrants": count},
        )

    def _missing(
        self, session: SessionSpec, kind: str, ref: str, uuid: str, detail: str, late: bool
    ) -> Exception:
        """A listed instance or the meeting itself has no report: not yet, or an error."""
        what = _what(kind, ref, uuid)
        if not late:
            return NotReady(f"zoom: {session.id}: {what}: no report yet ({detail}); nothing was pulled")
        age = _age(self.now() - session.end)
        if uuid != ref:
            return ProviderError(
                f"zoom: {session.id}: {what}: no report {age} after the session ended ({detail}); "
                f'nothing was pulled. If that instance truly has none, leave it out: zoom_skip = ["{uuid}"]'
            )
        return ProviderError(
            f"zoom: {session.id}: {what}: no report {age} after the session ended ({detail}); likely {CAUSES}"
        )

    def _no_instance(
        self, session: SessionSpec, ref: str, listed: list[tuple[datetime | None, str]], late: bool
    ) -> Exception:
        starts = ", ".join(t.isoformat() for t, _ in listed[-3:] if t)
        what = f"meeting {ref} has no instance in {session.id}'s window (latest starts: {starts})"
        if not late:
            return NotReady(f"zoom: {what} yet")
        return ProviderError(f"zoom: {what}; check the session's times and the meeting id")

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        bodies = [(page, json.loads(page.body)) for page in pages]
        registrants = zoom_registrants(body for _, body in bodies if "registrants" in body)
        segments: list[Segment] = []
        for page, body in bodies:
            if "registrants" not in body:
                segments += zoom_records(
                    body.get("participants") or [],
                    f"zoom:{session.ref}",
                    page.label,
                    start=len(segments),
                    registrants=registrants,
                )
        return segments

    def check(self) -> str:
        body, _ = self._get("users/me", lambda c: c.user.get_request("/users/me"), "user")
        return f"signed in as {body.get('email') or body.get('id')}"

    def probe(self, kind: str, ref: str) -> bool:
        """One harmless read: the first record of a meeting's or webinar's report. True when it
        exists, False when Zoom has none (yet); a refusal raises a ProviderError saying why
        (the scope or plan that is missing)."""
        path = f"/report/{kind}/{encode_uuid(ref)}/participants"
        try:
            self._get(
                f"{kind[:-1]} report {ref}",
                lambda c: c.report.get_request(path, params={"page_size": 1}),
                f"{kind} report",
            )
        except _NotFound:
            return False
        return True


class _ExpiredPageToken(ProviderError):
    pass


class _Refused(ProviderError):
    """Zoom answered a request with a 4xx that retrying will not change."""


class _MissingScope(_Refused):
    pass


class _NotFound(NotReady):
    """A 404: no such meeting, instance or report (yet)."""

    detail: str = ""


REFUSALS = Refusals("zoom", forbidden=_MissingScope, not_found=_NotFound)  # 401 renews the token first


def _whole(what: str, key: str, pages: list[Page]) -> None:
    """A listing that ended before the records its first page announced is no whole listing."""
    announced = pages[0][0].get("total_records")
    got = sum(len(body.get(key) or []) for body, _ in pages)
    if isinstance(announced, int) and not isinstance(announced, bool) and got < announced:
        raise ProviderError(
            f"zoom: {what}: the listing ended after {got} of the {announced} records Zoom announced "
            f"({len(pages)} page(s)); nothing was pulled, run again later"
        )


def _ended_before(pages: list[Page], start: datetime) -> bool:
    """Whether every connection of an instance's report left by ``start``: an instance of the
    window's twelve early hours that is an earlier session on the same meeting id (a morning
    session's, read for the afternoon's), not this session's meeting opened early. A record
    without a readable leave time keeps the instance."""
    leaves = []
    for body, _ in pages:
        for rec in body.get("participants") or []:
            if not isinstance(rec, dict) or rec.get("status") == "in_waiting_room":
                continue
            leave = instant(rec.get("leave_time"))
            if leave is None:
                return False
            leaves.append(leave)
    return bool(leaves) and max(leaves) <= start


def _failure(what: str, status: int, body: Any, scope: str) -> Exception:
    """Map Zoom's error answers to our errors (codes from Zoom's API reference)."""
    code = body.get("code") if isinstance(body, dict) else None
    message = body.get("message", "") if isinstance(body, dict) else ""
    detail = f"HTTP {status}, code {code}: {message}".rstrip(": ")
    if code == 3001:  # "Meeting does not exist", whatever the status
        status = 404
    elif code in (4700, 4711):  # the token lacks a scope
        status = 403
    if status in (403, 404):
        found = REFUSALS.error(what, status, detail, hint=f"the app needs {scope}" if status == 403 else None)
        if isinstance(found, _NotFound):
            found.detail = detail
        return found  # type: ignore[return-value]
    if code == 200:  # "No permission.": the account's plan or the app user's role has no reports
        return _Refused(
            f"zoom: {what}: not permitted ({detail}); reports need a Pro or higher plan, and the app's "
            "user a role that may view usage reports"
        )
    if code == 12702:
        return ProviderError(f"zoom: {what}: reports older than a year are gone (code {code})")
    if code == 300 and "token" in message.lower():
        return _ExpiredPageToken(message)
    if 400 <= status < 500:
        return _Refused(f"zoom: {what}: {detail}")
    return ProviderError(f"zoom: {what}: {detail}")


def _without_join_secrets(body: dict, page: RawPage) -> Page:
    """A registrants page as archived: each registrant's personal join link (its token and
    passcode) and PIN are not evidence and are never kept."""
    secret = {"join_url", "participant_pin_code"}
    kept = dict(
        body,
        registrants=[{k: v for k, v in r.items() if k not in secret} for r in body.get("registrants") or []],
    )
    return kept, RawPage(page.label, json.dumps(kept, ensure_ascii=False).encode())


def _what(kind: str, ref: str, uuid: str) -> str:
    return f"instance {uuid} of meeting {ref}" if uuid != ref else f"{kind[:-1]} {ref}"


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.0f} days"


def _path(url: str, base: str) -> str:
    return url[len(base) :] if url.startswith(base) else url
