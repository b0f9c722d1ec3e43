"""The provider protocol and registry.

A provider pulls one session's participant log and returns normalised segments together
with the raw pages it read, so that the archive can keep the evidence and ``replay`` can
rebuild the same segments later without calling the provider again.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from vc_sync.errors import InputError, NotReady, Problem
from vc_sync.model import Segment
from vc_sync.providers.schema import SessionKey

if TYPE_CHECKING:
    from datetime import datetime

    from vc_sync.config import Config, SessionSpec

GROUP = "vc_sync.providers"


@dataclass(frozen=True)
class RawPage:
    """One response or file as read, for the archive."""

    label: str  # what was asked: a request path with its query, or a file name
    body: bytes


@dataclass(frozen=True)
class Pull:
    segments: tuple[Segment, ...]
    pages: tuple[RawPage, ...]
    origin: str  # where it came from, for status and the ledger
    warnings: tuple[str, ...] = ()  # said once per run: evidence it could not read, times read by a choice
    meta: Mapping[str, Any] = field(default_factory=dict)  # what it read (instances, records), for tests


Progress = Callable[[str], None]


class Provider(Protocol):
    """What every provider implements. It may also declare ``settings`` (a tuple of
    ``schema.Setting``: the keys of its ``[providers.<name>]`` table) and ``session_keys``
    (``schema.SessionKey``: the ``[[sessions]]`` keys it serves and the options it reads);
    the config loader checks both. Without ``session_keys`` its sources take any string."""

    name: ClassVar[str]  # its settings table: [providers.<name>]
    sources: ClassVar[tuple[str, ...]]  # the session keys it serves ("zoom", "zoom_webinar")

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        """Read the session's participant log. Raises NotReady, ProviderError or InputError."""
        ...

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        """Rebuild the segments of an earlier pull from its raw pages."""
        ...

    def check(self) -> str:
        """One harmless authenticated call; returns what it saw."""
        ...


ProviderFactory = Callable[["Config"], Provider]


def ended(name: str, session: SessionSpec, now: datetime) -> None:
    """A session pulled before its end is not ready (``NotReady``): a meeting restarted within
    it has an ended first part the API already lists, which is no session."""
    if now < session.end:
        raise NotReady(f"{name}: {session.id} has not ended yet; nothing was pulled")


def declared(group: str) -> tuple[EntryPoint, ...]:
    """The entry points of ``group`` among the installed distributions, read once per
    ``sys.path`` for every group (loading a config asks for two groups, several times; each
    read opens every distribution's metadata, ~1.5 ms a time)."""
    return tuple(_declared(tuple(sys.path)).select(group=group))


@functools.lru_cache(maxsize=4)
def _declared(_path: tuple[str, ...]) -> Any:
    """Every group's entry points, read in one pass (Python 3.11 gives SelectableGroups, later
    versions EntryPoints: both ``select``)."""
    return entry_points()


def registry() -> dict[str, Any]:
    """Provider classes by session source key, from the ``vc_sync.providers`` entry points:
    the built-ins are declared there too (pyproject.toml), so each is one module and one line."""
    found: dict[str, Any] = {}
    for ep in declared(GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plugin must not break every command
            raise InputError(Problem(f"entry point {ep.name}", f"cannot load provider: {exc}")) from None
        if not hasattr(cls, "name"):
            cls.name = ep.name  # its settings table is named after its entry point
        for source in getattr(cls, "sources", (ep.name,)):
            found.setdefault(source, cls)
    return found


def session_keys() -> dict[str, tuple[Any, SessionKey]]:
    """Every ``[[sessions]]`` key a provider declares, with its provider, sources first."""
    keys: dict[str, tuple[Any, SessionKey]] = {}
    options: dict[str, tuple[Any, SessionKey]] = {}
    for source, cls in registry().items():
        declared = {k.name: k for k in getattr(cls, "session_keys", ())}
        keys.setdefault(source, (cls, declared.get(source) or SessionKey(source)))
        for key in declared.values():
            if not key.source:
                options.setdefault(key.name, (cls, key))
    return keys | {k: v for k, v in options.items() if k not in keys}


def provider_for(session: SessionSpec, config: Config) -> Provider:
    factories = registry()
    if session.source not in factories:
        raise InputError(Problem(f"session {session.id}", f"no provider for source {session.source!r}"))
    return factories[session.source](config)
