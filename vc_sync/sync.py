"""The library API a cron job or another program calls: load, pull, reconcile, write.

``Programme.load`` loads and validates everything; ``reconcile_session`` pulls and reconciles
without writing; ``run`` reads the outputs (and the organisers' picks in them), reconciles,
plans every tab's writes and applies them unless it is a dry run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from vc_sync.config import Config, SessionSpec, load_config
from vc_sync.domain import build_index
from vc_sync.errors import InputError, Problem
from vc_sync.matching.index import RosterIndex
from vc_sync.model import Override
from vc_sync.outputs.base import Output, Plan, build_plan, read_choices
from vc_sync.overrides import load_overrides, save_overrides
from vc_sync.providers.base import Pull, provider_for
from vc_sync.reconcile import Overrides, Result, reconcile
from vc_sync.roster import load_roster

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Programme:
    """A validated config with its roster, overrides and matching index."""

    config: Config
    index: RosterIndex
    overrides: tuple[Override, ...]

    @classmethod
    def load(cls, config: Config | str | Path) -> Programme:
        if not isinstance(config, Config):
            config = load_config(config)
        ids = [s.id for s in config.sessions]
        roster = load_roster(config.roster, ids)
        overrides = tuple(load_overrides(config.overrides, roster, ids))
        return cls(config, build_index(roster, config.data_files), overrides)

    @property
    def session_ids(self) -> list[str]:
        return [s.id for s in self.config.sessions]


@dataclass(frozen=True)
class SessionRun:
    session: SessionSpec
    pull: Pull
    result: Result
    plans: tuple[Plan, ...] = ()
    warnings: tuple[str, ...] = field(default=())


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


def outputs(config: Config, xlsx: Path | None = None) -> list[Output]:
    """The configured outputs; ``xlsx`` replaces them all with one local workbook."""
    from vc_sync.outputs.workbook import WorkbookOutput

    if xlsx is not None:
        return [WorkbookOutput(Path(xlsx))]
    found: list[Output] = []
    if config.output.get("xlsx"):
        found.append(WorkbookOutput(Path(config.output["xlsx"])))
    if config.output.get("sheet"):
        from vc_sync.http import RetryPolicy
        from vc_sync.outputs.sheet import SheetOutput, session_for

        creds = config.output.get("credentials")
        if not creds:
            raise InputError(Problem(f"{config.path.name}: output.credentials", "required with output.sheet"))
        session = session_for(str(creds), config.output.get("endpoint"))
        found.append(
            SheetOutput(str(config.output["sheet"]), session, RetryPolicy.from_settings(config.output))
        )
    if not found:
        raise InputError(
            Problem(f"{config.path.name}: output", "no output configured: set output.xlsx or output.sheet")
        )
    return found


def merge_overrides(existing: Sequence[Override], picked: Sequence[Override]) -> list[Override]:
    """Organisers' latest picks replace earlier decisions about the same participant."""
    replaced = {(o.match, o.session) for o in picked}
    kept = [o for o in existing if (o.match, o.session) not in replaced]
    return kept + [Override(o.match, o.target, o.session, o.where) for o in picked]


def run(
    programme: Programme,
    session_id: str,
    *,
    xlsx: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> SessionRun:
    """Pull, reconcile and write one session to every configured output."""
    config = programme.config
    ids = programme.session_ids
    targets = outputs(config, xlsx)
    grids = [t.read(ids) for t in targets]
    picked: list[Override] = []
    warnings: list[str] = []
    for g in grids:
        found, warned = read_choices(g, programme.index.roster, ids)
        picked += found
        warnings += warned
    if picked:
        merged = merge_overrides(programme.overrides, picked)
        if set(merged) != set(programme.overrides):
            if not dry_run:
                save_overrides(config.overrides, merged)
            programme = dataclasses.replace(programme, overrides=tuple(merged))
    done = reconcile_session(programme, session_id, progress)
    plans = tuple(
        build_plan(done.result, config.timezone, programme.index.roster, ids, g, force) for g in grids
    )
    if not dry_run:
        for target, plan in zip(targets, plans, strict=True):
            target.apply(plan, ids)
    return dataclasses.replace(done, plans=plans, warnings=tuple(warnings))
