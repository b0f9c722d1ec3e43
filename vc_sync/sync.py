"""The library API a cron job or another program calls: load, pull, reconcile, write.

``Programme.load`` loads and validates everything; ``reconcile_session`` pulls and reconciles
without writing; ``run`` reads the outputs (and the organisers' picks in them), reconciles,
plans every tab's writes and applies them unless it is a dry run.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pendulum

from vc_sync.config import Config, SessionSpec, load_config
from vc_sync.domain import build_index
from vc_sync.errors import InputError, NotReady, Problem, VcSyncError
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.names import names_someone
from vc_sync.model import Override
from vc_sync.outputs.base import Output, Picks, Plan, build_plan, read_choices
from vc_sync.outputs.layout import Context, SessionInfo, tab_refs
from vc_sync.outputs.words import Words
from vc_sync.overrides import load_overrides, save_overrides
from vc_sync.providers.base import Pull, provider_for
from vc_sync.reconcile import CONNECTION, Overrides, Result, reconcile
from vc_sync.roster import load_roster
from vc_sync.store import Store

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
        index = build_index(roster, config.data_files)
        overrides = load_overrides(config.overrides, roster, ids, lambda n: names_someone(n, index.words))
        return cls(config, index, tuple(overrides))

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
    outcome: str = ""


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

        # load_config requires output.credentials with output.sheet
        session = session_for(str(config.output["credentials"]), config.output.get("endpoint"))
        found.append(
            SheetOutput(str(config.output["sheet"]), session, RetryPolicy.from_settings(config.output))
        )
    if not found:
        raise InputError(
            Problem(f"{config.path.name}: output", "no output configured: set output.xlsx or output.sheet")
        )
    return found


def context(programme: Programme) -> Context:
    """What the outputs are written with: language, zone, roster and the programme's sessions."""
    config = programme.config
    sessions = tuple(SessionInfo(s.id, s.title, s.start, s.end, s.describe()) for s in config.sessions)
    return Context(
        Words(config.language), config.timezone, programme.index.roster, sessions, config.name, config.policy
    )


def merge_picks(existing: Sequence[Override], picks: Picks) -> list[Override]:
    """Decisions written by hand stay; the sheet's picks are recorded (``source = "pick"``);
    a recorded pick is undone when organisers cleared it (its row is there, its cell empty) and
    kept while its row cannot be seen (a deleted row or workbook undoes nothing)."""
    hand = [o for o in existing if o.source != "pick"]
    kept = [
        o
        for o in existing
        if o.source == "pick"
        and (o.match, o.session) not in picks.picked
        and (o.match, o.session) not in picks.cleared
    ]
    return hand + kept + sorted(picks.picked.values(), key=lambda o: (o.session, o.match))


def _same(a: Sequence[Override], b: Sequence[Override]) -> bool:
    def key(o: Override) -> tuple[str, str, str, str]:
        return (o.match, o.target, o.session, o.source)

    return sorted(map(key, a)) == sorted(map(key, b))


def replay_pull(programme: Programme, session: SessionSpec, store: Store) -> Pull:
    """The session's last archived log, rebuilt by its provider without calling it."""
    record = store.last_pull(session.id)
    if record is None:
        raise InputError(
            Problem("--offline", f"no archived log for {session.id} yet; run once without --offline")
        )
    pages = tuple(store.pages(record.id))
    segments = provider_for(session, programme.config).replay(pages, session)
    return Pull(tuple(segments), pages, origin=f"archive #{record.id} ({record.origin}, {record.pulled_at})")


def run(
    programme: Programme,
    session_id: str,
    *,
    xlsx: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    offline: bool = False,
    store: Store | None = None,
    progress: Progress | None = None,
) -> SessionRun:
    """Pull (or replay), reconcile and write one session to every configured output, recording
    the run in the store's ledger when there is a store. A dry run writes nothing at all."""
    config = programme.config
    session = config.session(session_id)
    ids = programme.session_ids
    targets = outputs(config, xlsx)
    ledger = store if store is not None and not dry_run else None
    run_id = ledger.start_run(session_id) if ledger else None
    try:
        ctx = context(programme)
        grids = [t.read(tab_refs(ctx.words, ids)) for t in targets]
        warnings: list[str] = [w for t in targets for w in t.warnings]
        picks = Picks()
        for g in grids:
            picks.add(read_choices(ctx, g))
        warnings += picks.warnings
        merged = merge_picks(programme.overrides, picks)
        if not _same(merged, programme.overrides):
            if not dry_run:
                save_overrides(config.overrides, merged)
            programme = dataclasses.replace(programme, overrides=tuple(merged))
        if offline:
            if store is None:
                raise InputError(Problem("--offline", "needs the state store"))
            pull = replay_pull(programme, session, store)
            record = store.last_pull(session_id)
        else:
            pull = provider_for(session, config).pull(session, progress)
            record = ledger.archive(session_id, pull) if ledger else None
        warnings += pull.meta.get("warnings", [])
        result = reconcile_pull(programme, session, pull)
        decided = {
            o.match: o
            for o in programme.overrides
            if CONNECTION.fullmatch(o.match) and o.session in ("", session_id)
        }
        now = pendulum.now(config.timezone).format("YYYY-MM-DD HH:mm")
        plans = tuple(build_plan(ctx, result, g, decided, force, now) for g in grids)
        warnings += [w for p in plans for w in p.warnings]
        if not dry_run:
            for target, plan in zip(targets, plans, strict=True):
                before = len(target.warnings)
                target.apply(plan)
                warnings += target.warnings[before:]
                if progress:
                    progress(f"{session_id}: wrote {sum(len(t.writes) for t in plan.tabs)} cells")
        outcome = "ok" if any(p.changed for p in plans) else "unchanged"
        if ledger and run_id is not None:
            ledger.end_run(
                run_id,
                outcome,
                pull=record,
                counts=dict(result.totals),
                changes=[line for p in plans for line in p.lines()],
            )
        return SessionRun(session, pull, result, plans, tuple(warnings), outcome)
    except VcSyncError as exc:
        if ledger and run_id is not None:
            ledger.end_run(
                run_id,
                "not_ready" if isinstance(exc, NotReady) else "failed",
                message=config.redact(str(exc)),
            )
        raise


# the worse of two outcomes wins the exit code: bad input, lock, failure, not ready, done
SEVERITY = {0: 0, 3: 1, 1: 2, 4: 3, 2: 4}


def worst(codes: Sequence[int]) -> int:
    return max(codes, key=lambda c: SEVERITY.get(c, 5), default=0)


def due_sessions(programme: Programme, store: Store, now: datetime) -> list[tuple[SessionSpec, str]]:
    """Sessions a cron run should sync now, each with the reason: ended (plus a delay) and
    never synced, or last run not ready or failed, or recent enough that its log may change."""
    config = programme.config
    recheck = timedelta(days=float(config.output.get("recheck_days", 7)))
    found = []
    for s in config.sessions:
        delay = timedelta(
            minutes=float(s.options.get("delay_minutes", config.output.get("delay_minutes", 30)))
        )
        if now < s.end + delay:
            continue
        last = store.last_run(s.id)
        synced = store.last_run(s.id, ("ok", "unchanged"))
        if synced is None:
            found.append((s, "not synced yet" if last is None else f"last run {last.outcome}"))
        elif last is not None and last.outcome not in ("ok", "unchanged"):
            found.append((s, f"last run {last.outcome}"))
        elif now - s.end <= recheck:
            found.append((s, "checking for a changed log"))
    return found


@dataclass(frozen=True)
class DueOutcome:
    session: str
    reason: str
    exit_code: int
    message: str
    run: SessionRun | None = None


def run_due(
    programme: Programme,
    store: Store,
    now: datetime,
    *,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> list[DueOutcome]:
    """Sync every due session; one failing does not stop the others."""
    outcomes = []
    for session, reason in due_sessions(programme, store, now):
        try:
            done = run(programme, session.id, dry_run=dry_run, force=force, store=store, progress=progress)
            outcomes.append(DueOutcome(session.id, reason, 0, done.outcome, done))
        except VcSyncError as exc:
            outcomes.append(DueOutcome(session.id, reason, exc.exit_code, programme.config.redact(str(exc))))
    return outcomes
