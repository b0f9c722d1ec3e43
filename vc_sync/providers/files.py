"""The ``file`` provider: a saved participant export (contract §3)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from vc_sync.errors import InputError, Problem
from vc_sync.model import Segment
from vc_sync.providers import formats
from vc_sync.providers.base import Progress, Pull, RawPage

if TYPE_CHECKING:
    from vc_sync.config import Config, SessionSpec


class FileProvider:
    name: ClassVar[str] = "file"
    sources: ClassVar[tuple[str, ...]] = ("file",)

    def __init__(self, config: Config):
        self.config = config

    def _tz(self, session: SessionSpec) -> str:
        return str(session.options.get("timezone") or self.config.timezone)

    def pull(self, session: SessionSpec, progress: Progress | None = None) -> Pull:
        path = Path(session.ref)
        try:
            body = path.read_bytes()
        except FileNotFoundError:
            raise InputError(Problem(str(path), "file not found")) from None
        except OSError as exc:
            raise InputError(Problem(str(path), f"cannot read: {exc.strerror}")) from None
        page = RawPage(label=path.name, body=body, media_type="text/plain")
        segments = self.replay([page], session)
        if progress:
            progress(f"read {len(segments)} segments from {path.name}")
        return Pull(tuple(segments), (page,), origin=f"file {path.name}")

    def replay(self, pages: Sequence[RawPage], session: SessionSpec) -> list[Segment]:
        page = pages[0]
        try:
            text = page.body.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = page.body.decode("cp1252", errors="replace")  # Excel's default on Windows
        fmt = session.options.get("format")
        return formats.parse(text, fmt, page.label, f"file:{page.label}", self._tz(session), session.window)

    def check(self) -> str:
        return "saved exports need no account"
