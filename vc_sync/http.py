"""Bounded retries for every remote call (tenacity): attempts and total time both capped.

A ``Transient`` failure (429, 5xx, a timeout, a dropped connection) is retried with
exponential back-off and jitter, or after the server's ``Retry-After`` when it gives one;
anything else fails at once. When the budget is spent the last failure is raised as a
``ProviderError`` with one line saying what failed.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from vc_sync.errors import ProviderError

if TYPE_CHECKING:
    import tenacity

T = TypeVar("T")
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


class Transient(Exception):
    """A failure worth another try; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    max_seconds: float = 120.0
    base: float = 1.0  # first back-off, doubled each time
    cap: float = 30.0  # longest single wait
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    notify: Callable[[str], None] | None = field(default=None, compare=False)  # says each wait

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> RetryPolicy:
        return cls(
            max_attempts=int(settings.get("max_attempts", cls.max_attempts)),
            max_seconds=float(settings.get("max_seconds", cls.max_seconds)),
        )


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.replace(".", "", 1).isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def transient(status: int, headers: Mapping[str, str], detail: str = "", what: str = "") -> Transient | None:
    """The retryable failure an HTTP answer is (408, 429, 5xx: after the server's
    ``Retry-After`` when it gives one), or None. Every remote call asks this, so the retry
    policy is the same for every provider and the sheet."""
    if status not in RETRY_STATUSES:
        return None
    said = f"HTTP {status}" + (f" {detail}" if detail else "")
    wait = retry_after(headers.get("Retry-After") or headers.get("retry-after"))  # httplib2: lower case
    return Transient(f"{what}: {said}" if what else said, wait)


@dataclass(frozen=True)
class Refusals:
    """What a service's refusals mean (401, 403, 404): the error each becomes and the hint it
    gives, worded the same for every service ("zoom: participants of …: permission denied
    (HTTP 403 …); the app needs …"). A provider declares its own; special codes of its API
    (Zoom's scope codes, Meet's quota 403s) it reads before asking ``error``."""

    service: str
    unauthenticated_hint: str = ""
    forbidden_hint: str = ""
    not_found_hint: str = ""
    unauthenticated: type[Exception] = ProviderError
    forbidden: type[Exception] = ProviderError
    not_found: type[Exception] = ProviderError  # NotReady where a 404 may mean "not yet"

    def error(self, what: str, status: int, detail: str, hint: str | None = None) -> Exception | None:
        """The error a refusal is, or None when the status is no refusal; ``hint`` replaces the
        status's own (a scope that depends on the call)."""
        found = {
            401: ("not authenticated", self.unauthenticated, self.unauthenticated_hint),
            403: ("permission denied", self.forbidden, self.forbidden_hint),
            404: ("not found", self.not_found, self.not_found_hint),
        }.get(status)
        if found is None:
            return None
        words, kind, own = found
        hint = own if hint is None else hint
        return kind(f"{self.service}: {what}: {words} ({detail})" + (f"; {hint}" if hint else ""))


def json_body(response: Any, default: Any = None) -> Any:
    """A response's JSON, or ``default`` when its body is not JSON (a proxy's HTML error page)."""
    try:
        return response.json()
    except ValueError:
        return default


def json_object(body: Any, shown: str | None = None) -> dict:
    """A 200's body as the APIs answer it, a JSON object; anything else (a proxy's HTML page,
    'null', a list) is no answer of theirs: ``Transient``, tried again, never read as an empty
    page. ``shown``: what the message says the body was (its Python type when not given)."""
    if not isinstance(body, dict):
        raise Transient(f"HTTP 200 with no JSON object ({shown or type(body).__name__})")
    return body


def instant(value: Any) -> datetime | None:
    """An ISO 8601 time as web APIs write it ("2020-04-14T02:00:00Z", an offset, up to seven
    fractional digits) as an aware UTC datetime; None when empty or unreadable. A time
    without an offset is taken as UTC."""
    if not value:
        return None
    try:
        found = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return found.astimezone(UTC) if found.tzinfo else found.replace(tzinfo=UTC)


def call(what: str, fn: Callable[[], T], policy: RetryPolicy) -> T:
    """Run ``fn`` until it succeeds, fails for good, or the policy's budget is spent."""
    import tenacity  # here, not at the top: a reconcile of saved exports makes no remote call

    backoff = tenacity.wait_exponential_jitter(initial=policy.base, max=policy.cap)

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, Transient) and exc.retry_after is not None:
            return min(exc.retry_after, policy.max_seconds)
        return backoff(state)

    def too_long(state: tenacity.RetryCallState) -> bool:
        """The server asks for a wait longer than the budget has left: a retry sent sooner
        is refused again (a daily limit), so none is."""
        exc = state.outcome.exception() if state.outcome else None
        left = policy.max_seconds - (state.seconds_since_start or 0.0)
        return isinstance(exc, Transient) and exc.retry_after is not None and exc.retry_after > left

    def give_up(state: tenacity.RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        if too_long(state):
            asked = exc.retry_after  # type: ignore[union-attr]
            raise ProviderError(
                f"{what}: {exc}; the server asks to wait {_span(asked)} before another try, longer "
                f"than the retry budget (max_seconds = {policy.max_seconds:g}): run again then"
            ) from None
        raise ProviderError(f"{what}: {exc} (gave up after {state.attempt_number} attempts)") from None

    def before_sleep(state: tenacity.RetryCallState) -> None:
        if policy.notify is None or state.next_action is None:
            return
        exc = state.outcome.exception() if state.outcome else None
        policy.notify(waiting(what, exc, state.next_action.sleep))

    retrying = tenacity.Retrying(
        stop=tenacity.stop_after_attempt(policy.max_attempts)
        | tenacity.stop_after_delay(policy.max_seconds)
        | too_long,  # type: ignore[operator]  # tenacity calls any callable as a stop
        wait=wait,
        retry=tenacity.retry_if_exception_type(Transient),
        sleep=policy.sleep,
        before_sleep=before_sleep,
        retry_error_callback=give_up,
        reraise=False,
    )
    return retrying(fn)


def _span(seconds: float) -> str:
    """A wait as a person reads it: '45 s', '12 min', '9.5 h'."""
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


SERVICES = {"zoom": "Zoom", "meet": "Google Meet", "teams": "Microsoft Teams", "sheets": "Google Sheets"}


def waiting(what: str, exc: BaseException | None, seconds: float) -> str:
    """A wait as a person reads it: "Zoom rate limit: waiting 7 s", or what failed and when the
    next try is."""
    service = SERVICES.get(what.split(":", 1)[0], what.split(":", 1)[0])
    if isinstance(exc, Transient) and str(exc).startswith("HTTP 429"):
        return f"{service} rate limit: waiting {seconds:.0f} s"
    return f"{what}: {exc}; trying again in {seconds:.0f} s"
