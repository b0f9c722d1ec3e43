"""The library API a cron job or another program calls: load, pull, reconcile, write.

``prepare`` loads and validates everything a session needs; ``reconcile_session`` pulls and
reconciles without writing; ``run`` also writes the configured outputs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from vc_sync.config import Config, SessionSpec, load_config
from vc_sync.domain import build_index
from vc_sync.errors import InputError, Problem
from vc_sync.matching.index import RosterIndex
from vc_sync.overrides import load_overrides
from vc_sync.providers.base import Pull, provider_for
from vc_sync.reconcile import Overrides, Result, reconcile
from vc_sync.roster import load_roster

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Programme:
    """A validated config with its roster, overrides and matching index."""

    config: Config
    index: RosterIndex
    overrides: tuple

    @classmethod
    def load(cls, config: Config | str | Path) -> Programme:
        if not isinstance(config, Config):
            config = load_config(config)
        ids = [s.id for s in config.sessions]
        roster = load_roster(config.roster, ids)
        overrides = tuple(load_overrides(config.overrides, roster, ids))
        return cls(config, build_index(roster, config.data_files), overrides)


@dataclass(frozen=True)
class SessionRun:
    session: SessionSpec
    pull: Pull
    result: Result
    written: dict[str, int] | None = None


def reconcile_pull(programme: Programme, session: SessionSpec, pull: Pull) -> Result:
    config = programme.config
    return reconcile(
        pull.segments,
        programme.index,
        session.window,
        config.policy,
        Overrides.of(programme.overrides, session.id),
        config.tuning,
    )


def reconcile_session(programme: Programme, session_id: str, progress: Progress | None = None) -> SessionRun:
    """Pull one session's log and reconcile it. Writes nothing."""
    session = programme.config.session(session_id)
    pull = provider_for(session, programme.config).pull(session, progress)
    return SessionRun(session, pull, reconcile_pull(programme, session, pull))


def outputs(config: Config, xlsx: Path | None = None) -> list:
    """The configured outputs (``xlsx`` replaces the config's workbook path)."""
    from vc_sync.outputs.workbook import WorkbookOutput

    ids = [s.id for s in config.sessions]
    found = []
    path = xlsx or config.output.get("xlsx")
    if path:
        found.append(WorkbookOutput(Path(path), config.timezone, ids))
    if config.output.get("sheet") and xlsx is None:
        raise InputError(
            Problem(
                f"{config.path.name}: output.sheet",
                "the Google Sheet output is not available yet; use output.xlsx",
            )
        )
    if not found:
        raise InputError(
            Problem(
                f"{config.path.name}: output",
                "no output configured: set output.xlsx or output.sheet",
            )
        )
    return found


def run(
    programme: Programme,
    session_id: str,
    *,
    xlsx: Path | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> SessionRun:
    """Pull, reconcile and write one session to every configured output."""
    targets = outputs(programme.config, xlsx)
    done = reconcile_session(programme, session_id, progress)
    if dry_run:
        return done
    written: dict[str, int] = {}
    for target in targets:
        written.update(target.write(done.result))
    return SessionRun(done.session, done.pull, done.result, written)
