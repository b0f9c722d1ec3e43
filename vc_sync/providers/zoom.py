"""The ``zoom`` provider: participant reports from the Zoom API through zoomus.

zoomus gives the endpoints and the Server-to-Server OAuth client; this module adds what it
lacks (see the project's notes on the library): paging, bounded retries, a token request
with a timeout and a readable failure, refresh on 401, double-encoded instance UUIDs on the
report endpoints, every instance of a restarted meeting, and "not ready yet" (exit 3)
instead of an empty attendance.
"""

from __future__ import annotations

import base64
import concurrent.futures
import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

import requests

from vc_sync.errors import NotReady, ProviderError
from vc_sync.http import RETRY_STATUSES, RetryPolicy, Transient, call, retry_after
from vc_sync.model import Segment
from vc_sync.providers.base import Progress, Pull, RawPage
from vc_sync.providers.formats import zoom_records

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec

API = "https://api.zoom.us/v2"
OAUTH = "https://zoom.us/oauth/token"
PAGE_SIZE = 300
READY_WITHIN = timedelta(hours=24)  # an empty report this soon after the end is "not yet"
EARLIEST_INSTANCE = timedelta(hours=12)  # an instance may start this long before the window


def encode_uuid(uuid: str) -> str:
    """A UUID as a path segment: encoded twice when it starts with '/' or contains '//' (as
    Zoom asks), once otherwise ('/', '+' and '=' occur in UUIDs)."""
    once = quote(uuid, safe="")
    return quote(once, safe="") if uuid.startswith("/") or "//" in uuid else once


def is_uuid(ref: str) -> bool:
    return not ref.replace(" ", "").isdigit()


class ZoomProvider:
    name: ClassVar[str] = "zoom"
    sources: ClassVar[tuple[str, ...]] = ("zoom", "zoom_webinar")

    def __init__(
        self, config: Config, now: Callable[[], datetime] | None = None, policy: RetryPolicy | None = None
    ):
        settings = dict(config.providers.get("zoom", {}))
        self.account_id = str(settings.get("account_id", ""))
        self.client_id = str(settings.get("client_id", ""))
        self.client_secret = str(settings.get("client_secret", ""))
        self.base_url = str(settings.get("base_url") or API).rstrip("/")
        self.oauth_url = str(settings.get("oauth_url") or OAUTH)
        self.timeout = float(settings.get("timeout", 15))
        self.policy = policy or RetryPolicy.from_settings(settings)
        self.now = now or (lambda: datetime.now(UTC))
        self._client: Any = None

    # --- token and client ------------------------------------------------------------------

    def fetch_token(self) -> str:
        """A Server-to-Server OAuth token, or a ProviderError that says why not."""
        auth = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()

        def once() -> str:
            try:
                r = requests.post(
                    self.oauth_url,
                    data={"grant_type": "account_credentials", "account_id": self.account_id},
                    headers={"Authorization": f"Basic {auth}"},
                    timeout=self.timeout,
                )
            except (requests.Timeout, requests.ConnectionError) as exc:
                raise Transient(f"token request: {type(exc).__name__}") from None
            if r.status_code in RETRY_STATUSES:
                raise Transient(
                    f"token request: HTTP {r.status_code}", retry_after(r.headers.get("Retry-After"))
                )
            body = _json(r)
            token = body.get("access_token") if isinstance(body, dict) else None
            if r.status_code != 200 or not token:
                reason = (
                    body.get("reason") or body.get("error") or r.reason
                    if isinstance(body, dict)
                    else r.reason
                )
                raise ProviderError(
                    f"zoom: token request refused (HTTP {r.status_code}: {reason}); "
                    "check account_id, client_id and client_secret"
                )
            return str(token)

        return call("zoom: token request", once, self.policy)

    def client(self) -> Any:
        """zoomus's client, built with a bounded wait (its own token request has no timeout)."""
        if self._client is None:
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
            self._client = client
        return self._client

    # --- requests --------------------------------------------------------------------------

    def _get(self, what: str, send: Callable[[Any], requests.Response]) -> tuple[dict, RawPage]:
        """One GET through zoomus with retries, one token refresh on 401, and errors mapped."""
        refreshed = False

        def once() -> tuple[dict, RawPage]:
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
            if r.status_code in RETRY_STATUSES:
                kind = r.headers.get("X-RateLimit-Type", "")
                raise Transient(
                    f"HTTP {r.status_code}{' ' + kind if kind else ''}",
                    retry_after(r.headers.get("Retry-After")),
                )
            body = _json(r)
            if r.status_code != 200:
                raise _failure(what, r.status_code, body)
            label = f"GET {_path(r.url, self.base_url)}"
            return body, RawPage(label, r.content)

        return call(f"zoom: {what}", once, self.policy)

    def instances(self, mid: str, session: SessionSpec) -> list[str]:
        """UUIDs of the meeting's instances that may overlap the session window, oldest first."""
        try:
            body, _ = self._get(f"instances of {mid}", lambda c: c.past_meeting.list(meeting_id=mid))
        except NotReady:
            return []
        found = []
        for m in body.get("meetings") or []:
            start = _time(m.get("start_time"))
            if start is None or (session.start - EARLIEST_INSTANCE <= start <= session.end):
                found.append((start or session.start, str(m["uuid"])))
        return [uuid for _, uuid in sorted(found)]

    def _pages(self, kind: str, ref: str, progress: Progress | None) -> list[RawPage]:
        """Every page of one instance's participant report; an expired page token restarts."""
        path = f"/report/{kind}/{encode_uuid(ref)}/participants"
        for _restart in range(3):
            pages: list[RawPage] = []
            token = ""
            while True:
                params = {"page_size": PAGE_SIZE}
                if token:
                    params["next_page_token"] = token
                try:
                    body, page = self._get(
                        f"{kind} report {ref}", lambda c, p=params: c.report.get_request(path, params=p)
                    )
                except _ExpiredPageToken:
                    break  # start the listing again from the first page
                pages.append(page)
                if progress:
                    records = len(body.get("participants") or [])
                    progress(f"zoom: {kind} {ref}: page {len(pages)}, {records} records")
                token = body.get("next_page_token") or ""
                if not token:
                    return pages
        raise ProviderError(f"zoom: {kind} report {ref}: page tokens kept expiring")

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        kind = "webinars" if session.source == "zoom_webinar" else "meetings"
        ref = session.ref if is_uuid(session.ref) else session.ref.replace(" ", "")
        # a meeting id names its latest instance only: list them all, and fall back to the id
        listed = self.instances(ref, session) if kind == "meetings" and not is_uuid(ref) else []
        uuids = listed or [ref]
        pages: list[RawPage] = []
        for uuid in uuids:
            try:
                pages += self._pages(kind, uuid, progress)
            except NotReady:
                if len(uuids) == 1:
                    raise
        segments = self.replay(pages, session)
        if not segments and self.now() - session.end < READY_WITHIN:
            raise NotReady(f"zoom: no participants reported for {session.id} yet ({kind[:-1]} {ref})")
        return Pull(
            tuple(segments),
            tuple(pages),
            origin=f"zoom {kind[:-1]} {ref} ({len(uuids)} instance(s))",
            meta={"instances": uuids},
        )

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        segments: list[Segment] = []
        for page in pages:
            body = json.loads(page.body)
            segments += zoom_records(
                body.get("participants") or [], f"zoom:{session.ref}", page.label, start=len(segments)
            )
        return segments

    def check(self) -> str:
        body, _ = self._get("users/me", lambda c: c.user.get_request("/users/me"))
        return f"signed in as {body.get('email') or body.get('id')}"


class _ExpiredPageToken(ProviderError):
    pass


def _failure(what: str, status: int, body: Any) -> Exception:
    """Map Zoom's error answers to our errors (codes from Zoom's API reference)."""
    code = body.get("code") if isinstance(body, dict) else None
    message = body.get("message", "") if isinstance(body, dict) else ""
    if status == 404 or code == 3001:
        return NotReady(f"zoom: {what}: no report yet (HTTP {status}, code {code}: {message})")
    if code in (4700, 4711) or status == 403:
        return ProviderError(
            f"zoom: {what}: the app lacks a scope (code {code}: {message}); it needs report:read:admin"
        )
    if code == 12702:
        return ProviderError(f"zoom: {what}: reports older than a year are gone (code {code})")
    if code == 300 and "token" in message.lower():
        return _ExpiredPageToken(message)
    return ProviderError(f"zoom: {what}: HTTP {status}, code {code}: {message}".rstrip(": "))


def _json(r: requests.Response) -> Any:
    try:
        return r.json()
    except ValueError:
        return {}


def _path(url: str, base: str) -> str:
    return url[len(base) :] if url.startswith(base) else url


def _time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
