"""The ``vc-sync`` command: click parsing over the library, errors mapped to exit codes."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC
from functools import wraps
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import click

from vc_sync.errors import InputError, VcSyncError
from vc_sync.terminal import json_text, visible


class Ctx:
    def __init__(self, verbose: bool, quiet: bool):
        self.verbose = verbose
        self.quiet = quiet
        self.redact: Callable[[str], str] = lambda s: s

    def show(self, line: str) -> str:
        """A line fit for the terminal: secrets masked, control characters shown as escapes
        (so it stays one line and does nothing to the terminal)."""
        return visible(self.redact(line))

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(self.show(message), err=True)

    def error(self, message: str) -> None:
        click.echo(self.show(f"error: {message}"), err=True)

    def warning(self, message: str) -> None:
        click.echo(self.show(f"warning: {message}"), err=True)

    @contextlib.contextmanager
    def progress(self) -> Iterator[Callable[[str], None] | None]:
        """Progress messages: a live line on a terminal, timestamped lines otherwise (cron
        mail), nothing with --quiet."""
        if self.quiet:
            yield None
            return
        if not sys.stderr.isatty():
            from datetime import datetime

            yield lambda m: self.info(f"{datetime.now().isoformat(timespec='seconds')} {m}")
            return
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as bar:
            task = bar.add_task("starting")
            yield lambda m: bar.update(task, description=self.show(m))


def handled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map library errors to the contract's exit codes: one line per problem, no traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Ctx)
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                ctx.error(str(problem))
            sys.exit(exc.exit_code)
        except VcSyncError as exc:
            ctx.error(str(exc))
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: one line, the traceback only when asked for
            if ctx.verbose:  # every line of it masked and escaped like any other output
                for line in traceback.format_exc().splitlines():
                    click.echo(ctx.show(line), err=True)
            else:
                ctx.error(f"unexpected {type(exc).__name__}: {exc} (rerun with --verbose for details)")
            sys.exit(1)

    return wrapper


def _programme(ctx: Ctx, config: str):
    from vc_sync.config import load_config
    from vc_sync.sync import Programme

    cfg = load_config(config)
    ctx.redact = cfg.redact
    return Programme.load(cfg)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--verbose", "-v", is_flag=True, help="Say more about what happens.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors.")
@click.version_option(package_name="vc-sync")
@click.pass_context
def cli(click_ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Reconcile video-conference participant logs against an invitee roster."""
    click_ctx.obj = Ctx(verbose, quiet)


@cli.command()
@click.option(
    "--config",
    "config",
    required=True,
    type=click.Path(dir_okay=False),
    help="Programme config (TOML).",
)
@click.option("--online", is_flag=True, help="Also try each credential with one harmless read.")
@click.pass_obj
@handled
def check(ctx: Ctx, config: str, online: bool) -> None:
    """Validate the config, roster, overrides and saved exports, reporting every problem at once."""
    from vc_sync.errors import Problem
    from vc_sync.providers.base import provider_for

    programme = _programme(ctx, config)
    cfg = programme.config
    problems: list[Problem] = []
    for session in cfg.sessions:
        if session.source == "file":
            try:
                provider_for(session, cfg).pull(session)
            except InputError as exc:
                problems += exc.problems
    if problems:
        raise InputError(problems)
    ctx.info(
        f"{cfg.path.name}: {len(cfg.sessions)} sessions, {len(programme.index.roster.invitees)} roster rows, "
        f"{len(programme.overrides)} overrides: OK"
    )
    if online:
        seen: set[str] = set()
        for session in cfg.sessions:
            provider = provider_for(session, cfg)
            if provider.name in seen:
                continue
            seen.add(provider.name)
            ctx.info(f"{provider.name}: {provider.check()}")


@cli.command(name="reconcile")
@click.option("--config", "config", required=True, type=click.Path(dir_okay=False))
@click.option("--session", "session_id", required=True, help="Session id, e.g. S1.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--offline", is_flag=True, help="Use the archived log instead of calling the provider.")
@click.option("--pretty", is_flag=True, help="Indent the JSON for reading (compact by default).")
@click.option(
    "--explain",
    "explain",
    is_flag=False,
    flag_value="",
    default=None,
    help="Show the candidates considered: for one participant (key or display name) "
    "or, bare, for every unmatched one.",
)
@click.pass_obj
@handled
def reconcile_cmd(
    ctx: Ctx, config: str, session_id: str, fmt: str, offline: bool, pretty: bool, explain: str | None
) -> None:
    """Pull (or read) one session and reconcile it. Writes nothing."""
    from vc_sync import report
    from vc_sync.sync import SessionRun, reconcile_pull, reconcile_session, replay_pull

    programme = _programme(ctx, config)
    if offline:
        from vc_sync.store import Store

        session = programme.config.session(session_id)
        store = Store(programme.config.state_dir)
        try:
            pull = replay_pull(programme, session, store)
        finally:
            store.close()
        done = SessionRun(session, pull, reconcile_pull(programme, session, pull))
    else:
        with ctx.progress() as progress:
            done = reconcile_session(programme, session_id, progress)
        for warning in done.pull.meta.get("warnings", []):
            ctx.warning(warning)
    tz = programme.config.timezone
    if explain is not None:
        payload = report.explain(done.result, programme.index, explain or None)
        if fmt == "json":
            click.echo(ctx.redact(json_text(payload, pretty)))
        else:
            from vc_sync.tables import print_explain

            print_explain(payload, ctx.redact)
        return
    if fmt == "json":
        click.echo(ctx.redact(json_text(report.to_json(done.result, tz), pretty)))
    else:
        from vc_sync.tables import print_result

        print_result(done.result, tz, programme.config.name, ctx.redact)


@cli.command()
@click.option("--config", "config", required=True, type=click.Path(dir_okay=False))
@click.option("--session", "session_id", help="Session id, e.g. S1.")
@click.option(
    "--due", is_flag=True, help="Every session that has ended and is not synced, failed, or may have changed."
)
@click.option("--dry-run", is_flag=True, help="Pull, reconcile and show what would change; write nothing.")
@click.option("--force", is_flag=True, help="Also clear rows of people who vanished from the log.")
@click.option("--offline", is_flag=True, help="Use the archived log instead of calling the provider.")
@click.pass_obj
@handled
def sync(
    ctx: Ctx, config: str, session_id: str | None, due: bool, dry_run: bool, force: bool, offline: bool
) -> None:
    """Pull, reconcile and write sessions to the configured outputs, safely rerunnable."""

    from vc_sync.store import Lock

    if bool(session_id) == due:
        raise InputError("give exactly one of --session ID and --due")
    if due and offline:
        raise InputError("--offline goes with --session, not --due")
    programme = _programme(ctx, config)
    cfg = programme.config
    if session_id and not offline:
        _read_export(cfg, cfg.session(session_id))
    if dry_run:  # writes nothing at all: no state folder, no lock, the store only read
        with contextlib.ExitStack() as stack:
            _sync(ctx, programme, session_id, due, True, force, offline, stack)
        return
    with contextlib.ExitStack() as stack:
        stack.enter_context(Lock(cfg.state_dir, float(cfg.output.get("lock_wait", 10))))
        _sync(ctx, programme, session_id, due, False, force, offline, stack)


def _sync(
    ctx: Ctx,
    programme: Any,
    session_id: str | None,
    due: bool,
    dry_run: bool,
    force: bool,
    offline: bool,
    stack: contextlib.ExitStack,
) -> None:
    from datetime import datetime

    from vc_sync.store import Store
    from vc_sync.sync import run, run_due, worst

    cfg = programme.config
    store = Store(cfg.state_dir, read_only=dry_run)
    stack.callback(store.close)
    for notice in store.notices:
        ctx.warning(notice)
    if not dry_run and (crashed := store.settle_crashed()):
        ctx.warning(f"{crashed} earlier run(s) stopped before they ended (killed, or the machine went down)")
    progress = stack.enter_context(ctx.progress())
    if due:
        outcomes = run_due(
            programme, store, datetime.now(UTC), dry_run=dry_run, force=force, progress=progress
        )
        if not outcomes:
            ctx.info("no session is due")
        for o in outcomes:
            if o.run is not None:
                _report(ctx, o.run, dry_run)
            else:
                ctx.error(f"{o.session} ({o.reason}): {o.message}")
        code = worst([o.exit_code for o in outcomes])
        if code:
            sys.exit(code)
        return
    done = run(
        programme, session_id, dry_run=dry_run, force=force, offline=offline, store=store, progress=progress
    )
    _report(ctx, done, dry_run)


def _read_export(cfg: Any, session: Any) -> None:
    """Read a session's saved export once before the lock is taken: a bad file is exit 2 with
    nothing written, not even the state folder or a failed run in the ledger."""
    from vc_sync.providers.base import provider_for

    if session.source == "file":
        provider_for(session, cfg).pull(session)


def _report(ctx: Ctx, done: Any, dry_run: bool) -> None:
    for warning in done.warnings:
        ctx.warning(warning)
    t = done.result.totals
    ctx.info(
        f"{done.session.id}: {t['verified']} verified, {t['short']} short, {t['unmatched']} unmatched, "
        f"{t['wrong_session']} wrong session, {t['organiser']} organisers"
    )
    for plan in done.plans:
        for line in plan.lines():
            ctx.info(("would change " if dry_run else "") + line)


@cli.command()
@click.option("--config", "config", required=True, type=click.Path(dir_okay=False))
@click.pass_obj
@handled
def status(ctx: Ctx, config: str) -> None:
    """One table of the programme's sessions: pulled, synced, counts, what is pending or failing."""
    from datetime import datetime

    from vc_sync.store import Store
    from vc_sync.sync import due_sessions
    from vc_sync.tables import print_status

    programme = _programme(ctx, config)
    store = Store(programme.config.state_dir, read_only=True)  # status writes nothing, moves nothing
    for notice in store.notices:
        ctx.warning(notice)
    try:
        due = dict((s.id, why) for s, why in due_sessions(programme, store, datetime.now(UTC)))
        rows = []
        for s in programme.config.sessions:
            pulled = store.last_pull(s.id)
            synced = store.last_run(s.id, ("ok", "unchanged"))
            last = store.last_run(s.id)
            rows.append(
                {
                    "session": s.id,
                    "title": s.title,
                    "end": s.end,
                    "pulled": f"{pulled.pulled_at} ({pulled.segments} segments)" if pulled else "never",
                    "synced": synced.ended_at if synced else "never",
                    "verified": str(synced.counts.get("verified", "")) if synced else "",
                    "state": (
                        f"{last.outcome}: {last.message}"
                        if last and last.outcome in ("failed", "not_ready", "crashed", "interrupted")
                        else f"due: {due[s.id]}"
                        if s.id in due
                        else "up to date"
                        if synced
                        else "waiting"
                    ),
                }
            )
        print_status(programme.config.name, rows, programme.config.timezone, ctx.redact)
    finally:
        store.close()


@cli.command()
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder for the demo workbook.",
)
@click.pass_obj
@handled
def demo(ctx: Ctx, out: str) -> None:
    """Run the whole pipeline on the bundled sample programme; needs no account."""
    from vc_sync.sync import Programme, sync_sessions
    from vc_sync.tables import print_summary

    target = Path(out) / "vc_sync_demo.xlsx"
    with as_file(files("vc_sync.sample").joinpath("programme.toml")) as config_path:
        programme = Programme.load(config_path)
        # organisers' picks in the demo workbook are kept beside it, never inside the package
        config = dataclasses.replace(programme.config, overrides=Path(out) / "vc_sync_demo_overrides.csv")
        programme = dataclasses.replace(programme, config=config)
        done = sync_sessions(programme, [(s, "") for s in programme.config.sessions], xlsx=target)
    for outcome in done:
        if outcome.error is not None:
            raise outcome.error
    print_summary(programme.config.name, [o.run for o in done])
    click.echo(f"Workbook: {target}")


@cli.group()
def auth() -> None:
    """Obtain credentials once, interactively."""


@auth.command(name="google")
@click.option(
    "--client-secrets",
    required=True,
    type=click.Path(dir_okay=False),
    help="The OAuth client (desktop app) JSON from the Google Cloud console.",
)
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False), help="Where to store the token (0600)."
)
@click.option("--meet/--no-meet", default=True, help="Ask for read access to Meet conference records.")
@click.option("--sheets/--no-sheets", default=True, help="Ask for access to spreadsheets.")
@click.option(
    "--directory", is_flag=True, help="Also ask to read the Directory (e-mails of signed-in users)."
)
@click.option(
    "--reports", is_flag=True, help="Also ask to read the Admin SDK reports (Meet in a few requests)."
)
@click.pass_obj
@handled
def auth_google(
    ctx: Ctx, client_secrets: str, out: str, meet: bool, sheets: bool, directory: bool, reports: bool
) -> None:
    """Run Google's installed-app sign-in and store an authorised-user token."""
    from vc_sync.google_credentials import installed_app_token

    path = installed_app_token(
        client_secrets, out, meet=meet, sheets=sheets, directory=directory, reports=reports
    )
    ctx.info(f"stored {path} (readable by you only); point credentials at it in the config")


# A run is one short process that builds large, long-lived structures (the roster's index,
# every segment and person): CPython's full collections rescan them again and again and find
# next to nothing, a fifth of the CPU time at 50,000 segments. Young collections stay, in
# larger batches; full ones all but stop. Peak memory is unchanged (python -m bench.gc_tuning).
ONE_SHOT_GC = (10_000, 100, 100)


def main() -> None:
    import gc

    gc.set_threshold(*ONE_SHOT_GC)
    cli(prog_name="vc-sync")
