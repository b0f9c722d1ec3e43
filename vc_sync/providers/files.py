"""The ``file`` provider: a saved participant export, in one of the formats of ``formats``."""

from __future__ import annotations

import codecs
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from vc_sync.errors import InputError, Problem
from vc_sync.inputs import EXPORT_LIMIT, read_bytes
from vc_sync.model import Segment
from vc_sync.providers import formats
from vc_sync.providers.base import Progress, Pull, RawPage
from vc_sync.providers.schema import KeyContext, Ref, SessionKey

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec


class FileProvider:
    name: ClassVar[str] = "file"
    sources: ClassVar[tuple[str, ...]] = ("file",)
    settings: ClassVar[tuple] = ()

    @staticmethod
    def _path(value: Any, ctx: KeyContext) -> Ref | None:
        """A path relative to the config; it may be gone by now (--offline replays the archive)."""
        if not isinstance(value, str) or not value.strip():
            ctx.problem("must be a non-empty string")
            return None
        return Ref(str(ctx.path(value, must_exist=False) or value).strip())

    @staticmethod
    def _format(value: Any, ctx: KeyContext) -> Any:
        known = formats.names()
        if value not in known:
            ctx.problem(f"unknown format {value!r} (known: {', '.join(known)})")
        return value

    session_keys: ClassVar[tuple[SessionKey, ...]] = (
        SessionKey("file", read=_path, label="{name}"),
        SessionKey("format", source=False, read=_format, anywhere=True),
    )

    def __init__(self, config: Config):
        self.config = config

    def _tz(self, session: SessionSpec) -> str:
        return str(session.options.get("timezone") or self.config.timezone)

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        path = Path(session.ref)
        body = read_bytes(path, EXPORT_LIMIT, "a participant export")
        page = RawPage(label=path.name, body=body)
        notes: list[str] = []
        segments = self._read([page], session, notes)
        if not segments:  # a log cut after its header, or saved before Zoom filled it in
            raise InputError(
                Problem(
                    path.name,
                    "no connection in the export (saved too early, or cut short?): save the "
                    "participant export again once the meeting's report lists its participants",
                )
            )
        if progress:
            progress(f"read {len(segments)} segments from {path.name}")
        return Pull(tuple(segments), (page,), origin=f"file {path.name}", warnings=tuple(_few(notes)))

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        return self._read(pages, session, None)

    def _read(self, pages: Sequence[RawPage], session: SessionSpec, notes: list[str] | None) -> list[Segment]:
        page = pages[0]
        text = _decode(page.body)
        fmt = session.options.get("format")
        return formats.parse(
            text, fmt, page.label, f"file:{page.label}", self._tz(session), session.window, notes
        )

    def check(self) -> str:
        return "saved exports need no account"


def _decode(body: bytes) -> str:
    """An export's text: UTF-16 with its byte-order mark (Teams' attendance report), UTF-8,
    or else Excel's default on Windows."""
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", errors="replace")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _few(notes: list[str], keep: int = 5) -> list[str]:
    """The first few notes, and how many more there were."""
    if len(notes) <= keep:
        return notes
    return [*notes[:keep], f"… and {len(notes) - keep} more times read the same way"]
