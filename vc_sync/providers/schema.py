"""What a provider declares about its configuration, for the config loader to check.

A provider class lists its ``settings`` (the keys of its ``[providers.<name>]`` table) and
its ``session_keys`` (the ``[[sessions]]`` keys it serves, such as ``zoom = "…"``, and the
options it reads, such as ``zoom_skip``). The loader reads every provider's declaration
from the registry, so a provider, built in or from another package, is one module and its
entry point; nothing about it is written in ``config.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple, Protocol

Kind = Literal["text", "url", "number", "flag", "file"]


@dataclass(frozen=True)
class Setting:
    """One key of a provider's settings table.

    ``file`` is a path relative to the config that must name a regular file; ``secret`` values
    are masked in every message even when written in the file rather than read from the
    environment; ``required`` ones must be given (and not empty) when a session uses the
    provider. ``default`` is filled in when the key is absent."""

    name: str
    kind: Kind = "text"
    required: bool = False
    secret: bool = False
    default: Any = None
    low: float = 0.0
    high: float = 0.0
    integer: bool = False


def number(name: str, low: float, high: float, default: Any = None, integer: bool = False) -> Setting:
    return Setting(name, "number", default=default, low=low, high=high, integer=integer)


# Every remote provider takes these (``vc_sync.http.RetryPolicy``) and a request timeout.
RETRY_SETTINGS = (
    number("max_attempts", 1, 100, integer=True),
    number("max_seconds", 0, 24 * 3600),
    number("timeout", 0.1, 600),
)


class Ref(NamedTuple):
    """What a session's source key was read as: the reference the provider takes and, when
    the value itself says so (a Zoom ``/w/`` link is a webinar), another of its sources."""

    ref: str
    source: str = ""


class KeyContext(Protocol):
    """What the config loader offers a session key's reader."""

    key: str  # the key as messages name it, e.g. "sessions[1] (S1).zoom"
    session: dict[str, Any]  # the session's table as written

    def problem(self, what: str, at: str = "") -> None:
        """Report a problem with this key (``at``: a part of it, such as "[2]")."""

    def secret(self, value: str) -> None:
        """Mask ``value`` in every message from now on."""

    def path(self, value: Any, must_exist: bool = True) -> Path | None:
        """A file path relative to the config (reported when it is not a regular file)."""


Reader = Callable[[Any, KeyContext], Any]


@dataclass(frozen=True)
class SessionKey:
    """A ``[[sessions]]`` key a provider owns. A ``source`` key names where the session's log
    comes from (exactly one per session); its reader returns a ``Ref`` or a string, or None
    after reporting a problem. An option's reader returns the value kept in
    ``SessionSpec.options``; on a session of another provider it is an error unless
    ``anywhere``. Without a reader a source key takes any non-empty string."""

    name: str
    source: bool = True
    read: Reader | None = None
    anywhere: bool = False  # an option any session may carry (checked; only its provider reads it)
    label: str = ""  # a source as a person reads it: "Zoom {ref}"; "{name}" is a path's file name


def resolve(settings: tuple[Setting, ...], table: Mapping[str, Any]) -> dict[str, Any]:
    """A provider's settings as configured, with the declared defaults filled in."""
    return {s.name: s.default for s in settings if s.default is not None} | dict(table)


def text_ref(value: Any, ctx: KeyContext) -> Ref | None:
    """The default reading of a source key: a non-empty string."""
    if not isinstance(value, str) or not value.strip():
        ctx.problem("must be a non-empty string")
        return None
    return Ref(value.strip())
