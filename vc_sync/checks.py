"""``vc-sync check``: what a programme's first run would trip over, found before it runs.

Offline, only what the configured sessions use is checked: each saved export is read (and
must fit its session's window); an export of a session that has not ended yet may not exist
yet, which is said, not failed. Online, each credential the programme uses is tried with one
harmless call (``vc_sync.online``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pendulum

from vc_sync.errors import InputError, Problem

if TYPE_CHECKING:
    from vc_sync.sync import Programme


@dataclass
class Found:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def offline(programme: Programme, now: datetime) -> Found:
    """Every saved export read and placed against its session, all problems at once."""
    from vc_sync.providers.base import provider_for
    from vc_sync.sync import check_window

    config = programme.config
    found = Found(warnings=template_rows(programme), problems=credential_files(programme))
    for session in config.sessions:
        if session.source != "file":
            continue
        path = Path(session.ref)
        if not path.exists() and now < session.end:
            ends = pendulum.instance(session.end).in_tz(config.timezone).format("YYYY-MM-DD HH:mm")
            shown = path.relative_to(config.base) if path.is_relative_to(config.base) else path
            found.warnings.append(
                f"{config.path.name}: session {session.id}: {shown} is not there yet; save the "
                f"export there after the session ends ({ends} {config.timezone})"
            )
            continue
        try:
            pull = provider_for(session, config).pull(session)
            check_window(config, session, pull)
        except InputError as exc:
            found.problems += exc.problems
            continue
        found.warnings += pull.meta.get("warnings", [])
    return found


def template_rows(programme: Programme) -> list[str]:
    """The example row ``vc-sync init`` wrote, while it is still in the roster."""
    from vc_sync.scaffold import EXAMPLE_ID

    roster = programme.index.roster
    return [
        f"{Path(roster.source).name}: line {i.line}: the example row of vc-sync init: replace it with your "
        "invitees"
        for i in roster.invitees
        if i.id == EXAMPLE_ID
    ]


def credential_files(programme: Programme) -> list[Problem]:
    """Each Google credentials file the programme uses, read as the first run would read it (no
    call is made): a file cut short or of another kind is found here, not at the sync."""
    from vc_sync.google_credentials import load

    config = programme.config
    files = []
    if config.output.get("sheet") and config.output.get("credentials"):
        files.append(("output.credentials", str(config.output["credentials"])))
    meet = config.providers.get("meet") or {}
    if meet.get("credentials") and any(s.source == "meet" for s in config.sessions):
        files.append(("providers.meet.credentials", str(meet["credentials"])))
    problems = []
    for key, path in files:
        try:
            load(path, (), where=f"{config.path.name}: {key}")
        except InputError as exc:
            problems += exc.problems
    return problems
