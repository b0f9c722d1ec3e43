"""``vc-sync check --online``: each credential the programme uses, tried with one harmless read.

Every failure is one line that says what to do: the Zoom scope or plan that is missing, the
Google API to enable (with its console link), the address to share the sheet with, the
domain-wide delegation to grant, or the clock to set. Nothing is written anywhere.
"""

from __future__ import annotations

import email.utils
import functools
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import requests

from vc_sync.errors import InputError, ProviderError
from vc_sync.http import RETRY_STATUSES, RetryPolicy, Transient, call, json_body, retry_after

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec

Clock = Callable[[], datetime]
CONSOLE = "https://console.cloud.google.com/apis/library/{service}?project={project}"
DELEGATION = "admin.google.com › Security › Access and data control › API controls › Domain-wide delegation"
# the scopes a Zoom pull needs: granular first, the classic scope that also does
ZOOM_NEEDS = {
    "meetings": (
        ("report:read:list_meeting_participants:admin", "report:read:admin"),
        ("meeting:read:list_past_instances:admin", "meeting:read:admin"),
    ),
    "webinars": (("report:read:list_webinar_participants:admin", "report:read:admin"),),
}
SKEW_LIMIT = 60.0  # seconds a clock may differ from Google's before it is named as the cause


@dataclass(frozen=True)
class Result:
    name: str  # what was tried: zoom, meet, directory, sheet, or a plugin's name
    ok: bool
    message: str
    fatal: bool = True  # a failed optional check (Directory lookups) warns only


class _Failed(Exception):
    """A definite answer: the check failed for the reason given."""


def check_all(config: Config, now: Clock | None = None) -> list[Result]:
    """One result per credential the configured sessions and outputs use."""
    now = now or (lambda: datetime.now(UTC))
    results: list[Result] = []
    sessions = list(config.sessions)
    zoom = [s for s in sessions if s.source.startswith("zoom")]
    meet = [s for s in sessions if s.source == "meet"]
    if zoom:
        results.append(_guard("zoom", lambda: check_zoom(config, zoom)))
    if meet:
        results += _guarded("meet", lambda: check_meet(config, meet, now))
    for name in sorted({s.source for s in sessions} - {"zoom", "zoom_webinar", "meet", "file"}):
        session = next(s for s in sessions if s.source == name)
        results.append(_guard(name, functools.partial(_plugin, config, session)))
    if config.output.get("sheet"):
        results.append(_guard("sheet", lambda: check_sheet(config, now)))
    return results


def _guard(name: str, fn: Callable[[], str]) -> Result:
    try:
        return Result(name, True, fn())
    except _Failed as exc:
        return Result(name, False, str(exc))
    except (ProviderError, InputError) as exc:
        return Result(name, False, _plain(str(exc), name))


def _guarded(name: str, fn: Callable[[], list[Result]]) -> list[Result]:
    try:
        return fn()
    except _Failed as exc:
        return [Result(name, False, str(exc))]
    except (ProviderError, InputError) as exc:
        return [Result(name, False, _plain(str(exc), name))]


def _plain(message: str, name: str) -> str:
    return message.removeprefix(f"{name}: ")


def _plugin(config: Config, session: SessionSpec) -> str:
    from vc_sync.providers.base import provider_for

    return provider_for(session, config).check()


# --- Zoom ----------------------------------------------------------------------------------------


def check_zoom(config: Config, sessions: Sequence[SessionSpec]) -> str:
    """A token (the credentials), the scopes it carries, and one report read (the plan)."""
    from vc_sync.providers.zoom import ZoomProvider

    provider = ZoomProvider(config)
    provider.fetch_token()
    kinds = sorted({"webinars" if s.source == "zoom_webinar" else "meetings" for s in sessions})
    if provider.granted is not None:
        lacking = [
            f"{granular} (classic: {classic})"
            for kind in kinds
            for granular, classic in ZOOM_NEEDS[kind]
            if not {granular, classic} & provider.granted
        ]
        if lacking:
            raise _Failed(
                f"the app lacks the scope {'; '.join(lacking)}: add it under Scopes of your app in the Zoom "
                "App Marketplace (Manage › your app), then activate the app again"
            )
    first = sessions[0]
    kind = "webinars" if first.source == "zoom_webinar" else "meetings"
    if provider.probe(kind, first.ref):
        return f"signed in; the report of {first.id}'s {first.ref} is readable"
    return f"signed in; reports readable (none yet for {first.id}'s {first.ref})"


# --- Google --------------------------------------------------------------------------------------


def _credentials_info(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            info = json.load(fh)
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _who(info: dict[str, Any]) -> str:
    """The account the credentials act as, as it is shared with."""
    if info.get("type") == "service_account" and info.get("client_email"):
        return str(info["client_email"])
    return "the account that signed in with vc-sync auth google"


def check_meet(config: Config, sessions: Sequence[SessionSpec], now: Clock) -> list[Result]:
    """The Meet API (or the Reports API) read once; the Directory too when lookups are on."""
    from vc_sync.providers.meet import DIRECTORY_SCOPE, MEET_SCOPE, REPORTS_SCOPE, MeetProvider

    provider = MeetProvider(config)
    info = _credentials_info(provider.credentials_path)
    google = _Google(info, provider.subject, now)
    results = []
    if any(s.options.get("meet_source") != "reports" for s in sessions):
        service = provider.service("meet", "v2", [MEET_SCOPE])
        google.read(
            "Google Meet REST API",
            "meet.googleapis.com",
            [MEET_SCOPE],
            lambda: service.conferenceRecords().list(pageSize=1).execute(num_retries=0),
            provider.policy,
        )
        results.append(Result("meet", True, "conference records readable"))
        if provider.directory:
            directory = provider.service("admin", "directory_v1", [MEET_SCOPE, DIRECTORY_SCOPE])
            try:
                google.read(
                    "Admin SDK API",
                    "admin.googleapis.com",
                    [MEET_SCOPE, DIRECTORY_SCOPE],
                    lambda: (
                        directory.users()
                        .list(customer="my_customer", maxResults=1, fields="users(primaryEmail)")
                        .execute(num_retries=0)
                    ),
                    provider.policy,
                )
                results.append(Result("directory", True, "e-mails of signed-in users readable"))
            except _Failed as exc:
                results.append(
                    Result(
                        "directory",
                        False,
                        f"{exc}; without it Meet gives display names only (directory = false stops asking)",
                        fatal=False,
                    )
                )
    if any(s.options.get("meet_source") == "reports" for s in sessions):
        reports = provider.service("admin", "reports_v1", [REPORTS_SCOPE])
        google.read(
            "Admin SDK API",
            "admin.googleapis.com",
            [REPORTS_SCOPE],
            lambda: (
                reports.activities()
                .list(userKey="all", applicationName="meet", maxResults=1)
                .execute(num_retries=0)
            ),
            provider.policy,
        )
        results.append(Result("meet", True, "Meet activity reports readable"))
    return results


def check_sheet(config: Config, now: Clock) -> str:
    """The spreadsheet's title, read with the output's credentials."""
    from vc_sync.outputs.sheet import SCOPES, SHEETS, session_for, spreadsheet_id

    path = str(config.output["credentials"])
    info = _credentials_info(path)
    session = session_for(path, config.output.get("endpoint"))
    sheet = spreadsheet_id(str(config.output["sheet"]))
    google = _Google(info, None, now, sheet=sheet)

    def read() -> dict[str, Any]:
        r = session.get(f"{SHEETS}/v4/spreadsheets/{sheet}", params={"fields": "properties.title"})
        if r.status_code != 200:
            raise _HttpFailure(r.status_code, json_body(r, {}), r.headers.get("Retry-After"))
        return json_body(r, {})

    body = google.read(
        "Google Sheets API",
        "sheets.googleapis.com",
        SCOPES,
        read,
        RetryPolicy.from_settings(dict(config.output)),
    )
    title = (body.get("properties") or {}).get("title", "")
    return f"{title!r} readable by {_who(info)}; it must be shared with that address as Editor"


class _HttpFailure(Exception):
    """An HTTP error answer from a plain requests call, shaped as the client libraries' are."""

    def __init__(self, status: int, body: Any, retry: str | None = None):
        super().__init__(f"HTTP {status}")
        self.status, self.body, self.retry = status, body, retry


@dataclass
class _Google:
    """One Google read with bounded retries, its failures turned into what to do."""

    info: dict[str, Any]
    subject: str | None
    now: Clock
    sheet: str | None = None

    def read(
        self, api: str, service: str, scopes: Sequence[str], fn: Callable[[], Any], policy: RetryPolicy
    ) -> Any:
        from google.auth.exceptions import RefreshError, TransportError
        from googleapiclient.errors import HttpError

        def once() -> Any:
            try:
                return fn()
            except HttpError as exc:
                status = int(exc.resp.status)
                if status in RETRY_STATUSES:
                    raise Transient(f"HTTP {status}", retry_after(exc.resp.get("retry-after"))) from None
                raise _Failed(self.http(api, service, status, _json_bytes(exc.content))) from None
            except _HttpFailure as exc:
                if exc.status in RETRY_STATUSES:
                    raise Transient(f"HTTP {exc.status}", retry_after(exc.retry)) from None
                raise _Failed(self.http(api, service, exc.status, exc.body)) from None
            except RefreshError as exc:
                raise _Failed(self.refused(exc, scopes)) from None
            except (TransportError, requests.ConnectionError, requests.Timeout, OSError) as exc:
                raise Transient(type(exc).__name__) from None

        try:
            return call(api, once, policy)
        except ProviderError as exc:  # out of tries: the network, a proxy, or Google down
            raise _Failed(f"no answer from Google: {exc}; check the network or proxy") from None

    def http(self, api: str, service: str, status: int, body: Any) -> str:
        error = body.get("error", {}) if isinstance(body, dict) else {}
        error = error if isinstance(error, dict) else {}
        message = str(error.get("message", ""))
        reasons = {
            str(d.get("reason")): d.get("metadata") or {}
            for d in error.get("details") or []
            if isinstance(d, dict) and d.get("reason")
        }
        disabled = "has not been used in project" in message or "is disabled" in message
        if "SERVICE_DISABLED" in reasons or disabled:
            meta = reasons.get("SERVICE_DISABLED", {})
            project = str(meta.get("consumer", "")).removeprefix("projects/") or _project(message)
            link = CONSOLE.format(service=meta.get("service") or service, project=project or "YOUR-PROJECT")
            return (
                f"the {api} is not enabled for the Google Cloud project {project or '(unknown)'}: "
                f"enable it at {link}, wait a few minutes and check again"
            )
        if self.sheet is not None and status == 404:
            return (
                f"no spreadsheet {self.sheet}: check output.sheet (the part of its address between "
                "/d/ and /edit)"
            )
        if self.sheet is not None and status == 403:
            whom = "that address" if self.info.get("type") == "service_account" else "that Google account"
            return f"the spreadsheet is not shared with {_who(self.info)}: share it with {whom} as Editor"
        if status == 403 and self.info.get("type") == "service_account" and not self.subject:
            return (
                f"permission denied ({message}): a service account sees no one's meetings by itself; set "
                "providers.meet.subject to the organiser's address and allow domain-wide delegation"
            )
        if status == 403:
            return f"permission denied ({message}): {_who(self.info)} may not use the {api}"
        if status == 401:
            return f"not authenticated ({message}): check the credentials file"
        return f"{api}: HTTP {status}: {message}"

    def refused(self, exc: Exception, scopes: Sequence[str]) -> str:
        """Why Google's token endpoint said no."""
        body = exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], dict) else {}
        code = str(body.get("error", "")) or str(exc.args[0] if exc.args else "").split(":")[0]
        text = str(exc.args[0] if exc.args else exc)
        if code == "unauthorized_client" and self.subject:
            return (
                f"the service account may not act for {self.subject}: grant domain-wide delegation at "
                f"{DELEGATION} to client ID {self.info.get('client_id', '?')} with the scopes "
                f"{','.join(scopes)}"
            )
        if code == "invalid_grant" and "signature" in text.lower():
            return (
                f"the service account's key was refused ({text}): it may have been deleted or disabled; "
                "make a new key (IAM & Admin › Service accounts › Keys)"
            )
        if code == "invalid_grant" and re.search(r"timeframe|\biat\b|\bexp\b|clock", text, re.IGNORECASE):
            skew = self.skew()
            if skew is not None and abs(skew) >= SKEW_LIMIT:
                way = "ahead of" if skew > 0 else "behind"
                off = f"this machine's clock is {abs(skew) / 60:.0f} minutes {way} Google's"
            else:
                off = "Google says the token's time is wrong"
            return f"{off} ({text}); set the clock right (timedatectl set-ntp true) and check again"
        if code == "invalid_grant":
            return (
                f"the token was refused ({text}): it was revoked or has expired; run vc-sync auth google "
                "again, or use a service-account key"
            )
        if code == "invalid_client":
            return f"the OAuth client was refused ({text}): the client may have been deleted; create another"
        return f"the credentials were refused ({text})"

    def skew(self) -> float | None:
        """Seconds this machine's clock is ahead of Google's token server (behind: negative)."""
        uri = self.info.get("token_uri") or "https://oauth2.googleapis.com/token"
        try:
            r = requests.get(uri, timeout=10)
        except requests.RequestException:
            return None
        date = r.headers.get("Date")
        if not date:
            return None
        theirs = email.utils.parsedate_to_datetime(date)
        return (self.now() - theirs).total_seconds()


def _project(message: str) -> str:
    found = re.search(r"project (\d+)", message)
    return found.group(1) if found else ""


def _json_bytes(content: bytes) -> Any:
    try:
        return json.loads(content.decode())
    except (ValueError, AttributeError):
        return {}
