"""The provider protocol and registry.

A provider pulls one session's participant log and returns normalised segments together
with the raw pages it read, so that the archive can keep the evidence and ``replay`` can
rebuild the same segments later without calling the provider again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from vc_sync.errors import InputError, Problem
from vc_sync.model import Segment

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec

GROUP = "vc_sync.providers"


@dataclass(frozen=True)
class RawPage:
    """One response or file as read, for the archive."""

    label: str  # what was asked: a request path with its query, or a file name
    body: bytes
    media_type: str = "application/json"


@dataclass(frozen=True)
class Pull:
    segments: tuple[Segment, ...]
    pages: tuple[RawPage, ...]
    origin: str  # where it came from, for status and the ledger
    meta: Mapping[str, Any] = field(default_factory=dict)


Progress = Callable[[str], None]


class Provider(Protocol):
    """What every provider implements."""

    name: ClassVar[str]
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


def registry() -> dict[str, ProviderFactory]:
    """Providers by session source key: the built-ins and any ``vc_sync.providers`` entry point."""
    from vc_sync.providers.files import FileProvider

    found: dict[str, ProviderFactory] = {}
    for ep in entry_points(group=GROUP):
        try:
            cls = ep.load()
        except Exception as exc:  # a broken plugin must not break every command
            raise InputError(Problem(f"entry point {ep.name}", f"cannot load provider: {exc}")) from None
        for source in getattr(cls, "sources", (ep.name,)):
            found[source] = cls
    found.setdefault("file", FileProvider)
    found.setdefault("zoom", _lazy("vc_sync.providers.zoom", "ZoomProvider"))
    found.setdefault("zoom_webinar", found["zoom"])
    found.setdefault("meet", _lazy("vc_sync.providers.meet", "MeetProvider"))
    return found


def _lazy(module: str, name: str) -> ProviderFactory:
    """Import a provider only when a session uses it: commands stay fast."""

    def make(config: Config) -> Provider:
        import importlib

        return getattr(importlib.import_module(module), name)(config)

    return make


def provider_for(session: SessionSpec, config: Config) -> Provider:
    factories = registry()
    if session.source not in factories:
        raise InputError(Problem(f"session {session.id}", f"no provider for source {session.source!r}"))
    return factories[session.source](config)
