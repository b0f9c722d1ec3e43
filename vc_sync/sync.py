"""The library API a cron job or another program calls: load, pull, reconcile, write.

``Programme.load`` loads and validates everything; ``reconcile_session`` pulls and reconciles
without writing; ``run`` reads the outputs (and the organisers' picks in them), reconciles,
plans every tab's writes and applies them unless it is a dry run.
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vc_sync.config import Config, SessionSpec, load_config
from vc_sync.domain import build_index
from vc_sync.errors import InputError, NotReady, Problem, VcSyncError
from vc_sync.keys import CONNECTION
from vc_sync.kinds import SYNCED, OverrideSource, PickedIn, PickedOn, RunOutcome
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.names import names_someone
from vc_sync.model import Override, Superseded
from vc_sync.overrides import load_recorded, save_overrides
from vc_sync.providers.base import Pull, provider_for
from vc_sync.reconcile import Overrides, Result, reconcile
from vc_sync.report import minute
from vc_sync.roster import load_roster

if TYPE_CHECKING:  # the outputs and the store are imported where used: a reconcile needs neither
    from vc_sync.outputs.base import Output, Picks, Plan
    from vc_sync.outputs.grid import Grid
    from vc_sync.outputs.layout import Context
    from vc_sync.store import Store

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Programme:
    """A validated config with its roster, overrides and matching index (and the pick cells
    ``overrides.csv`` records as superseded, which decide nothing)."""

    config: Config
    index: RosterIndex
    overrides: tuple[Override, ...]
    superseded: tuple[Superseded, ...] = ()

    @classmethod
    def load(cls, config: Config | str | Path) -> Programme:
        if not isinstance(config, Config):
            config = load_config(config)
        ids = [s.id for s in config.sessions]
        roster = load_roster(config.roster, ids)
        index = build_index(roster, config.data_files)
        overrides, superseded = load_recorded(
            config.overrides, roster, ids, lambda n: names_someone(n, index.words)
        )
        return cls(config, index, tuple(overrides), tuple(superseded))

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
    outcome: RunOutcome | None = None  # how its run ended, once it ran


def reconcile_pull(programme: Programme, session: SessionSpec, pull: Pull) -> Result:
    config = programme.config
    check_window(config, session, pull)
    return reconcile(
        pull.segments,
        programme.index,
        session.window,
        config.policy,
        Overrides.of(programme.overrides, session.id),
        config.tuning,
    )


def check_window(config: Config, session: SessionSpec, pull: Pull) -> None:
    """A log no connection of which falls inside the session's window is bad input (exit 2)."""
    from vc_sync.plausible import misplaced

    where = f"{config.path.name}: session {session.id} ({pull.origin})"
    others = [(s.id, s.window) for s in config.sessions if s.id != session.id]
    if problem := misplaced(session.window, pull.segments, config.timezone, where, others):
        raise InputError(problem)


def reconcile_session(programme: Programme, session_id: str, progress: Progress | None = None) -> SessionRun:
    """Pull one session's log and reconcile it. Writes nothing."""
    session = programme.config.session(session_id)
    pull = provider_for(session, programme.config).pull(session, progress)
    return SessionRun(session, pull, reconcile_pull(programme, session, pull))


def outputs(config: Config, xlsx: Path | None = None, progress: Progress | None = None) -> list[Output]:
    """The configured outputs; ``xlsx`` replaces them all with one local workbook. ``progress``
    hears of each wait for the sheet's rate limit."""
    from vc_sync.outputs.workbook import WorkbookOutput

    if xlsx is not None:
        return [WorkbookOutput(Path(xlsx), config.name)]
    prefix = str(config.output.get("prefix", ""))
    found: list[Output] = []
    if config.output.get("xlsx"):
        found.append(WorkbookOutput(Path(config.output["xlsx"]), config.name, prefix))
    if config.output.get("sheet"):
        from vc_sync.http import RetryPolicy
        from vc_sync.outputs.sheet import SheetOutput, session_for

        # load_config requires output.credentials with output.sheet
        session = session_for(str(config.output["credentials"]), config.output.get("endpoint"))
        found.append(
            SheetOutput(
                str(config.output["sheet"]),
                session,
                dataclasses.replace(RetryPolicy.from_settings(config.output), notify=progress),
                programme=config.name,
                lock_wait=float(config.output.get("lock_wait", 10)),
                prefix=prefix,
            )
        )
    if not found:
        raise InputError(
            Problem(f"{config.path.name}: output", "no output configured: set output.xlsx or output.sheet")
        )
    return found


def context(programme: Programme, store: Store | None = None) -> Context:
    """What the outputs are written with: language, zone, roster and the programme's sessions,
    and the invitees of the rosters earlier syncs wrote with (``store``'s record)."""
    from vc_sync.outputs.layout import Context, SessionInfo
    from vc_sync.outputs.words import Words

    config = programme.config
    sessions = tuple(SessionInfo(s.id, s.title, s.start, s.end, s.describe()) for s in config.sessions)
    return Context(
        Words(config.language, str(config.output.get("prefix", ""))),
        config.timezone,
        programme.index.roster,
        sessions,
        config.name,
        config.policy,
        programme.index.words,
        tuple(store.invitees_seen()) if store is not None else (),
    )


def merge_picks(
    existing: Sequence[Override], picks: Picks, written: Collection[PickedOn] = tuple(PickedOn)
) -> tuple[list[Override], list[Override]]:
    """Decisions written by hand stay; the sheet's picks are recorded (``source = "pick"``,
    with where each was made); a recorded pick is undone when organisers cleared it where it was
    made (its row is there, its cell empty) and kept while that row cannot be seen (a deleted
    row or workbook undoes nothing, nor does the empty cell of a row elsewhere). A pick made in
    an output not ``written`` (no longer configured) is not undone: the rows of the outputs read
    never showed it. Returned beside the merged decisions: those picks an empty cell here would
    have undone. A pick read again, saying the same, keeps the output it was recorded in, if
    that is still written."""

    # what each pick cell says now, by (session, place, row key): a cell on a row holding no
    # connection, or the pick a cell made of the connections its row holds
    says = {row: (target, where) for row, (target, where, _typed) in picks.unplaced.items()}
    for o in picks.picked.values():
        says.setdefault(o.cell, (o.target, o.where))

    def places(o: Override) -> tuple[PickedIn, ...]:
        return (o.picked_in,) if o.picked_in != PickedIn.ANYWHERE else tuple(PickedIn)

    recorded = {(o.match, o.session): o for o in existing if o.source == OverrideSource.PICK}
    claimed = {o.cell for o in recorded.values() if o.picked_row}  # cells known to have made picks

    def left_on(o: Override) -> list[tuple[str, PickedIn, str]]:
        """Cells that may have made a pick recorded before rows were kept: cells saying the same
        on rows holding no connection (typed on an invitee's own row, its connections left) and
        known to have made no other pick."""
        return [
            row
            for row, (target, _where, _typed) in picks.unplaced.items()
            if not o.picked_row
            and row not in claimed
            and row[0] == o.session
            and row[1] in places(o)
            and target == o.target
        ]

    def cleared(o: Override) -> bool:
        if o.picked_row:  # the row it was made on: by its key, or the row holding that connection
            return o.cell in picks.cleared_rows or (o.picked_row, o.session, o.picked_in) in picks.cleared
        if not any((o.match, o.session, place) in picks.cleared for place in places(o)):
            return False
        return not left_on(o)  # the empty cell of the row its connection moved to made nothing

    def new(key: tuple[str, str], o: Override) -> bool:
        """Not a connection of a credited person's row: a row holding a connection settled by a
        recorded pick (made there or on the review tab) is the credited person's, and its cell,
        whatever it says now, binds none of that person's own connections (only the settled
        ones, which hold a recorded pick)."""
        if key in recorded:
            return True
        if o.picked_row and o.cell in claimed:
            return False  # a cell that made picks is those picks, not a pick of its row's others
        return not any((c, key[1]) in recorded for c in picks.together.get(key, ()))

    def moved(o: Override) -> Override:
        """A recorded pick as the cell that made it now says, where its connections are on
        another row (the pick moved them away; the cell's row may hold others since): changed
        there, it is changed. A pick recorded before rows were kept gets the row of its cell."""
        if len(cells := left_on(o)) == 1:  # the one cell that can have made it (else none: leave it)
            return dataclasses.replace(o, picked_in=cells[0][1], picked_row=cells[0][2])
        target, where = says.get(o.cell, (None, ""))
        if not o.picked_row or target is None or target == o.target:
            return o
        return dataclasses.replace(o, target=target, where=where)

    def home(key: tuple[str, str], o: Override) -> Override:
        was = recorded.get(key)
        if was is None or was.target != o.target or was.picked_on not in written:
            return o
        return dataclasses.replace(o, picked_on=was.picked_on)

    mine = [o for o in existing if o.source == OverrideSource.PICK]
    stood = [o for o in mine if o.picked_on not in written and cleared(o)]
    kept = [
        moved(o)
        for o in mine
        if (o.match, o.session) not in picks.picked and (o.picked_on not in written or not cleared(o))
    ]
    made = [home(key, o) for key, o in picks.picked.items() if new(key, o)]
    hand = [o for o in existing if o.source != OverrideSource.PICK]
    return hand + kept + sorted(made, key=lambda o: (o.session, o.match)), stood


def _key(o: Override) -> tuple[str, str, str, str]:
    return (o.match, o.target, o.session, o.source)


def _sessions_changed(a: Sequence[Override], b: Sequence[Override]) -> set[str]:
    """Sessions whose overrides differ between ``a`` and ``b`` (every session for one that
    applies to all)."""
    return {k[2] or "*" for k in set(map(_key, a)) ^ set(map(_key, b))}


def _same(a: Sequence[Override], b: Sequence[Override]) -> bool:
    """Whether ``overrides.csv`` would say the same (a pick's place included, which changes no
    session's result)."""
    return sorted((*_key(o), *o.cell, o.picked_on) for o in a) == sorted(
        (*_key(o), *o.cell, o.picked_on) for o in b
    )


def _no_archive(session_id: str) -> InputError:
    return InputError(
        Problem("--offline", f"no archived log for {session_id} yet; run once without --offline")
    )


def replay_pull(programme: Programme, session: SessionSpec, store: Store) -> Pull:
    """The session's last archived log, rebuilt by its provider without calling it."""
    record = store.last_pull(session.id)
    if record is None:
        raise _no_archive(session.id)
    pages = tuple(store.pages(record.id))
    segments = provider_for(session, programme.config).replay(pages, session)
    return Pull(tuple(segments), pages, origin=f"archive #{record.id} ({record.origin}, {record.pulled_at})")


@dataclass
class _Session:
    """One session of a run on its way: its ledger entry, pull and result, once it has them."""

    spec: SessionSpec
    reason: str = ""
    run_id: int | None = None
    pull: Pull | None = None
    record: Any = None
    result: Result | None = None
    plans: tuple[Plan, ...] = ()
    warnings: list[str] = field(default_factory=list)
    error: BaseException | None = None
    offline: bool = False  # replayed from the archive (a pick to apply, the log unchanged)
    force: bool = False  # rows of people gone from the log removed (only where asked for)


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
    """Pull (or replay), reconcile and write one session to every configured output (and any
    other whose picks changed, as ``sync_session``), recording the runs in the store's ledger
    when there is a store; the session's run, or its error raised. A dry run writes nothing."""
    done, *_ = sync_session(
        programme,
        session_id,
        datetime.now(UTC),
        xlsx=xlsx,
        dry_run=dry_run,
        force=force,
        offline=offline,
        store=store,
        progress=progress,
    )
    if done.error is not None:
        raise done.error
    assert done.run is not None
    return done.run


def sync_session(
    programme: Programme,
    session_id: str,
    now: datetime,
    *,
    xlsx: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    offline: bool = False,
    store: Store | None = None,
    progress: Progress | None = None,
) -> list[DueOutcome]:
    """Sync one session and, from their archives, any other settled session whose organisers'
    picks changed; the session asked for comes first. ``--offline`` without an archive is bad
    input, said before anything is written."""
    if offline and (store is None or store.last_pull(session_id) is None):
        raise _no_archive(session_id)
    return sync_sessions(
        programme,
        [(programme.config.session(session_id), "")],
        xlsx=xlsx,
        dry_run=dry_run,
        force=force,
        offline=offline,
        store=store,
        progress=progress,
        picked=settled_sessions(programme, store, now, [session_id]),
    )


def sync_sessions(
    programme: Programme,
    sessions: Sequence[tuple[SessionSpec, str]],
    *,
    xlsx: Path | None = None,
    dry_run: bool = False,
    force: bool = False,
    offline: bool = False,
    store: Store | None = None,
    progress: Progress | None = None,
    picked: Sequence[SessionSpec] = (),
) -> list[DueOutcome]:
    """Sync ``sessions`` (each with why) in one run: every output is read once, each session is
    pulled, reconciled and planned against the tabs as the sessions before it left them, and
    every output is written once. Nothing changed: nothing is written and no lease is taken;
    otherwise the writing happens holding each output (the sheet's lease), on tabs read again
    under it. A session of ``picked`` whose organisers' picks changed joins the run, replayed
    from its archived log. A session that fails does not stop the others; every session's run
    ends in the ledger, however it ends."""
    from vc_sync.outputs.base import offered_before
    from vc_sync.outputs.layout import offered, tab_refs
    from vc_sync.store import StoreError

    config = programme.config
    ledger = store if store is not None and not dry_run else None
    todo = [_Session(spec, reason, offline=offline, force=force) for spec, reason in sessions]
    for s in todo:
        s.run_id = ledger.start_run(s.spec.id) if ledger else None
    try:
        targets = outputs(config, xlsx, progress)
        ctx = context(programme, store)
        refs = tab_refs(ctx.words, programme.session_ids)
        grids = [t.read(refs) for t in targets]
        written = _written(store, targets)
        shown = [entry for g in grids for entry in offered_before(ctx, g)]
        ctx = dataclasses.replace(ctx, seen=(*ctx.seen, *shown))
        if ledger is not None:  # before anything is written: its rows stay vc_sync's once dropped
            ledger.saw_invitees([*offered(ctx.roster), *shown])
        warnings = [w for t in targets for w in t.warnings]
        recorded = programme
        programme, refused = _take_picks(programme, ctx, grids, warnings, [made_in(t) for t in targets])
        changed = _sessions_changed(recorded.overrides, programme.overrides)
        running = {s.spec.id for s in todo}
        for spec in picked:
            if (spec.id in changed or "*" in changed) and spec.id not in running and store is not None:
                s = _Session(spec, "organisers' picks changed", offline=True)
                s.run_id = ledger.start_run(spec.id) if ledger else None
                todo.append(s)
        for s in todo:
            try:
                _pull(programme, s, store, ledger, s.offline, progress)
            except VcSyncError as exc:
                s.error = exc
            except Exception as exc:  # an archive that cannot be replayed fails its session only
                if not s.offline:
                    raise
                s.error = StoreError(
                    f"{s.spec.id}: its archived log could not be replayed ({type(exc).__name__}: {exc}); "
                    f"sync it from its provider: vc-sync sync --session {s.spec.id}"
                )
        now = minute(datetime.now(UTC), config.timezone)
        _plan_all(programme, ctx, todo, grids, targets, now, refused, stage=False, written=written)
        if dry_run or not any(p.changed for s in todo for p in s.plans):
            _record_picks(programme, recorded, todo, changed, dry_run)
            _settle(todo, ledger, config, warnings, progress)
            return [_outcome(s, warnings) for s in todo]
        with contextlib.ExitStack() as held:
            for t in targets:
                held.enter_context(t.hold())
            grids = [t.read(refs) for t in targets]  # again, under the lease
            written = _written(store, targets)
            _plan_all(programme, ctx, todo, grids, targets, now, refused, stage=True, written=written)
            # the picks first: a run that dies while writing leaves them recorded, as the cells
            # still say, never a pick cell moved onto the credited person's row unrecorded
            _record_picks(programme, recorded, todo, changed, dry_run)
            marks: dict[int, str] = {}
            for i, t in enumerate(targets):
                if ledger is not None and any(s.plans[i].changed for s in todo if len(s.plans) > i):
                    # what is about to be written is recorded first, beside what was (a crash
                    # anywhere in the write leaves no cell of vc_sync's taken for an organiser's)
                    marks[i] = secrets.token_hex(8)
                    t.set_mark(marks[i])
                    planned = {
                        tab.tab.id for s in todo if len(s.plans) > i for tab in s.plans[i].tabs if tab.record
                    }
                    written[i] = {tab: r for tab, r in written[i].items() if tab in planned}
                    ledger.will_write(t.identity, t.mark, marks[i], written[i])
                before = len(t.warnings)
                t.flush()
                warnings += t.warnings[before:]
        for i, mark in marks.items():  # the outputs hold the writes and their marks: the records are theirs
            if targets[i].mark == mark:
                ledger.wrote(targets[i].identity, mark, written[i])  # type: ignore[union-attr]
        if progress:
            cells = sum(len(tab.writes) for s in todo for p in s.plans for tab in p.tabs)
            progress(f"wrote {cells} cells to {', '.join(str(t) for t in targets)}")
        _settle(todo, ledger, config, warnings, progress)
        return [_outcome(s, warnings) for s in todo]
    except BaseException as exc:
        for s in todo:
            if s.error is None:
                s.error = exc
        _settle(todo, ledger, config, [], progress)
        raise


Refused = Mapping[tuple[str, str], tuple[str, dict[str, Any]]]


def made_in(output: Output) -> PickedOn:
    """The kind of output a pick cell is in."""
    from vc_sync.outputs.workbook import WorkbookOutput

    return PickedOn.WORKBOOK if isinstance(output, WorkbookOutput) else PickedOn.SHEET


def _take_picks(
    programme: Programme,
    ctx: Context,
    grids: Sequence[Mapping[str, Any]],
    warnings: list[str],
    kinds: Sequence[PickedOn],
) -> tuple[Programme, Refused]:
    """The programme with organisers' picks read from the outputs (of ``kinds``) merged into
    its overrides, and the picks refused (they name nothing), by (connection, session)."""
    from vc_sync.outputs.base import Picks, read_choices
    from vc_sync.supersede import quiet_cells, supersede

    quiet = quiet_cells(programme.superseded)
    each = [read_choices(ctx, g, quiet, programme.overrides) for g in grids]
    picks = Picks()
    for one, kind in zip(each, kinds, strict=True):
        one.picked = {k: dataclasses.replace(o, picked_on=kind) for k, o in one.picked.items()}
        picks.add(one)
    if len(each) > 1:  # the sheet and the workbook: an empty cell undoes a pick only where both are
        # empty (organisers pick on one; vc_sync never writes their cells on the other's rows)
        picks.cleared = set.intersection(*(one.cleared for one in each))
        picks.cleared_rows = set.intersection(*(one.cleared_rows for one in each))
    merged, stood = merge_picks(programme.overrides, picks, {PickedOn.ANY, *kinds})
    warnings += picks.warnings
    warnings += _stood(stood)
    superseded = supersede(programme.overrides, merged, programme.superseded, picks)
    made = {o.cell for o in merged if o.picked_row}
    warnings += [
        f"{where}: {typed!r} cannot be applied to this row; skipped"
        for row, (_target, where, typed) in picks.unplaced.items()
        if row not in made
    ]
    warnings += [  # changed to say nothing known, a cell whose connections left keeps its pick
        f"{where}: {typed!r} names no invitee, agency or ignore; the pick made in this cell stands "
        "until you pick anew or clear it"
        for row, (target, where, typed) in picks.unplaced.items()
        if row in made and target is None
    ]
    warnings += [
        f"{where}: {typed!r} cannot be applied to this row: its pick was made again elsewhere since; "
        "clear it, or change it to pick anew"
        for _was, where, typed in picks.quiet.values()
    ]
    if _same(merged, programme.overrides) and superseded == list(programme.superseded):
        return programme, picks.refused
    return dataclasses.replace(
        programme, overrides=tuple(merged), superseded=tuple(superseded)
    ), picks.refused


def _stood(stood: Sequence[Override]) -> list[str]:
    """The warnings about picks made in an output the configuration no longer writes, which an
    empty cell of the outputs it does would have undone (``merge_picks``): they stand."""
    kept = Counter(o.picked_on for o in stood)
    return [
        (
            f"1 pick made in the {where}, which the configuration no longer writes, stands though its "
            "row here is empty; pick anew there to change it, or remove its line from overrides.csv "
            "to undo it"
            if n == 1
            else f"{n} picks made in the {where}, which the configuration no longer writes, stand though "
            "their rows here are empty; pick anew there to change one, or remove its line from "
            "overrides.csv to undo it"
        )
        for where, n in sorted(kept.items())
    ]


def _record_picks(
    programme: Programme,
    before: Programme,
    todo: Sequence[_Session],
    changed: set[str],
    dry_run: bool,
) -> None:
    """Record the picks in overrides.csv, before the outputs are written (by the keys the rows
    holding their cells will have), unless a session they change failed to be pulled: the
    next run (``--due`` included, which retries a failed or crashed run) finds them new again
    and applies them."""
    programme = _rekeyed(programme, todo)
    if dry_run or (
        _same(programme.overrides, before.overrides) and programme.superseded == before.superseded
    ):
        return
    if any(s.error is not None for s in todo if s.spec.id in changed or "*" in changed):
        return
    save_overrides(programme.config.overrides, programme.overrides, programme.superseded)


def _rekeyed(programme: Programme, todo: Sequence[_Session]) -> Programme:
    """Session-tab picks made on a connection's row, by the key that row has once this run's
    sessions are written: the credited person's (their row is the one holding the pick cell),
    so that the next sync finds the pick where it was recorded."""
    held = {
        (c, s.spec.id): p.key
        for s in todo
        if s.result is not None and s.error is None and s.plans
        for p in s.result.participants
        for c in p.connections
    }

    def rekey(o: Override) -> Override:
        if o.source != OverrideSource.PICK or o.picked_in != PickedIn.SESSION:
            return o
        key = held.get((o.picked_row, o.session)) if CONNECTION.fullmatch(o.picked_row) else None
        return o if key is None or key == o.picked_row else dataclasses.replace(o, picked_row=key)

    overrides = tuple(rekey(o) for o in programme.overrides)
    return (
        programme if overrides == programme.overrides else dataclasses.replace(programme, overrides=overrides)
    )


def _pull(
    programme: Programme,
    s: _Session,
    store: Store | None,
    ledger: Store | None,
    offline: bool,
    progress: Progress | None,
) -> None:
    if offline:
        if store is None:
            raise InputError(Problem("--offline", "needs the state store"))
        s.pull = replay_pull(programme, s.spec, store)
        s.record = store.last_pull(s.spec.id)
    else:
        s.pull = provider_for(s.spec, programme.config).pull(s.spec, progress)
        s.record = ledger.archive(s.spec.id, s.pull) if ledger else None
    s.warnings += s.pull.warnings
    if progress and len(s.pull.segments) > 10_000:
        progress(f"{s.spec.id}: reconciling {len(s.pull.segments):,} connections")
    s.result = reconcile_pull(programme, s.spec, s.pull)


def _written(store: Store | None, targets: Sequence[Output]) -> list[dict[str, Any]]:
    """Each output's record of what vc_sync last wrote in its tabs' cells, when the output still
    holds the mark of that write (none without a store)."""
    return [store.written(t.identity, t.mark) if store is not None else {} for t in targets]


def _plan_all(
    programme: Programme,
    ctx: Context,
    todo: Sequence[_Session],
    grids: list[dict[str, Grid]],
    targets: Sequence[Output],
    now: str,
    refused: Refused,
    stage: bool,
    written: list[dict[str, Any]] | None = None,
) -> None:
    """Each pulled session's own tabs planned against the tabs as the sessions before it leave
    them, then the tabs all sessions feed (Summary, About) once (staged on the outputs, or
    applied to the grids only). ``written``: each output's record of what vc_sync wrote in its
    cells, by tab id, brought to what the plans write."""
    written = written if written is not None else [{} for _ in targets]
    from vc_sync.outputs.base import joined, session_plan, shared_plan
    from vc_sync.outputs.plan import applied

    def put(i: int, t: Output, plan: Plan) -> None:
        written[i].update({tab.tab.id: tab.record for tab in plan.tabs if tab.record is not None})
        if stage:
            grids[i] = t.stage(plan)
        else:
            after = {tab.tab.id: applied(grids[i].get(tab.tab.id), tab) for tab in plan.tabs}
            grids[i] = {**grids[i], **after}

    done: list[_Session] = []
    for s in todo:
        if s.result is None or s.error is not None:
            continue
        decided = {
            o.match: o
            for o in programme.overrides
            if CONNECTION.fullmatch(o.match) and o.session in ("", s.spec.id)
        }
        kinds = [made_in(t) for t in targets]
        try:
            s.plans = tuple(
                session_plan(ctx, s.result, g, _shown_in(decided, kind, kinds), s.force, refused, not done, w)
                for g, kind, w in zip(grids, kinds, written, strict=True)
            )
        except VcSyncError as exc:
            s.error = exc
            continue
        for i, (t, plan) in enumerate(zip(targets, s.plans, strict=True)):
            put(i, t, plan)
        done.append(s)
    if not done:
        return
    synced = [s.spec.id for s in done]
    last = done[-1]
    joined_plans = []
    for i, (t, own) in enumerate(zip(targets, last.plans, strict=True)):
        changed = {s.spec.id for s in done if s.plans[i].changed}
        try:
            shared = shared_plan(ctx, grids[i], synced, changed, now, written[i])
        except VcSyncError as exc:  # the run's sessions retry: their Summary is not written
            for s in done:
                s.error = exc
            return
        put(i, t, shared)
        joined_plans.append(joined(own, shared))
    last.plans = tuple(joined_plans)


def _shown_in(
    decided: Mapping[str, Override], kind: PickedOn, kinds: Sequence[PickedOn]
) -> dict[str, Override]:
    """The decisions as the output of ``kind`` shows them: a pick made in another output read
    in this run is shown in its cells only (a copy here would be a second cell making it, and a
    workbook's empty copy no clearing); here it is a decision no cell shows, as one written by
    hand."""

    def here(o: Override) -> bool:
        return (
            o.source != OverrideSource.PICK or o.picked_on in (PickedOn.ANY, kind) or o.picked_on not in kinds
        )

    return {
        c: o if here(o) else dataclasses.replace(o, source=OverrideSource.HAND) for c, o in decided.items()
    }


def _settle(
    todo: Sequence[_Session],
    ledger: Store | None,
    config: Config,
    warnings: list[str],
    progress: Progress | None,
) -> None:
    """Every session's run ends in the ledger: ok, unchanged, not ready, failed, interrupted."""
    for s in todo:
        if ledger is None or s.run_id is None:
            continue
        exc = s.error
        if exc is None:
            outcome = RunOutcome.OK if any(p.changed for p in s.plans) else RunOutcome.UNCHANGED
            message = None
        else:
            outcome = (
                RunOutcome.NOT_READY
                if isinstance(exc, NotReady)
                else RunOutcome.INTERRUPTED
                if isinstance(exc, KeyboardInterrupt)
                else RunOutcome.FAILED
            )
            message = config.redact(str(exc) or type(exc).__name__)
        with contextlib.suppress(VcSyncError):  # the store itself may be what failed
            ledger.end_run(
                s.run_id,
                outcome,
                pull=s.record,
                counts=s.result.totals.as_dict() if s.result else None,
                changes=[line for p in s.plans for line in p.lines()],
                message=message,
            )
        s.run_id = None


def _outcome(s: _Session, warnings: list[str]) -> DueOutcome:
    if s.error is not None:
        code = s.error.exit_code if isinstance(s.error, VcSyncError) else 1
        return DueOutcome(s.spec.id, s.reason, code, str(s.error), error=s.error)
    assert s.pull is not None and s.result is not None
    done = SessionRun(
        s.spec,
        s.pull,
        s.result,
        s.plans,
        tuple(warnings + s.warnings + [w for p in s.plans for w in p.warnings]),
        RunOutcome.OK if any(p.changed for p in s.plans) else RunOutcome.UNCHANGED,
    )
    return DueOutcome(s.spec.id, s.reason, 0, str(done.outcome), done)


# the worse of two outcomes wins the exit code: bad input, lock, failure, not ready, done
SEVERITY = {0: 0, 3: 1, 1: 2, 4: 3, 2: 4}


def worst(codes: Sequence[int]) -> int:
    return max(codes, key=lambda c: SEVERITY.get(c, 5), default=0)


def due_sessions(programme: Programme, store: Store | None, now: datetime) -> list[tuple[SessionSpec, str]]:
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
        last = store.last_run(s.id) if store else None
        synced = store.last_run(s.id, SYNCED) if store else None
        if synced is None:
            # said once it ran too ("S1 (first sync): 37 present"), so no word of failing
            found.append((s, "first sync" if last is None else f"last run {last.outcome}"))
        elif last is not None and last.outcome not in SYNCED:
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
    error: BaseException | None = field(default=None, compare=False)


def run_due(
    programme: Programme,
    store: Store | None,
    now: datetime,
    *,
    dry_run: bool = False,
    force: bool = False,
    progress: Progress | None = None,
) -> list[DueOutcome]:
    """Sync every due session in one run (each output read and written once); one failing does
    not stop the others. Sessions past their recheck whose organisers' picks changed since are
    synced too, from their archived logs: a pick made weeks later still takes effect."""
    due = due_sessions(programme, store, now)
    settled = settled_sessions(programme, store, now, [s.id for s, _ in due])
    if not due and not settled:
        return []
    return sync_sessions(
        programme, due, dry_run=dry_run, force=force, store=store, progress=progress, picked=settled
    )


def settled_sessions(
    programme: Programme, store: Store | None, now: datetime, running: Sequence[str] = ()
) -> list[SessionSpec]:
    """Sessions ended, synced and archived, not among ``running``: those a run replays when
    organisers' picks on them changed."""
    if store is None:
        return []
    return [
        s
        for s in programme.config.sessions
        if s.end <= now
        and s.id not in running
        and store.last_run(s.id, SYNCED) is not None
        and store.last_pull(s.id) is not None
    ]
