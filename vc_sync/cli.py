"""The ``vc-sync`` command: click parsing over the library, errors mapped to exit codes."""

from __future__ import annotations

import contextlib
import dataclasses
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC
from functools import wraps
from pathlib import Path
from typing import Any

import click

from vc_sync.errors import InputError, Problem, VcSyncError, collapse
from vc_sync.terminal import json_text, visible


class Ctx:
    def __init__(self, verbose: bool, quiet: bool):
        self.verbose = verbose
        self.quiet = quiet
        self.redact: Callable[[str], str] = lambda s: s
        self._live: Any = None  # the terminal's console while a live progress line is shown

    def _say(self, line: str) -> None:
        """One line on stderr; above the live progress line while there is one, so neither
        garbles the other."""
        if self._live is not None:
            from rich.text import Text

            self._live.print(Text(line), soft_wrap=True, highlight=False)
        else:
            click.echo(line, err=True)

    def show(self, line: str) -> str:
        """A line fit for the terminal: secrets masked, control characters shown as escapes
        (so it stays one line and does nothing to the terminal)."""
        return visible(self.redact(line))

    def info(self, message: str) -> None:
        if not self.quiet:
            self._say(self.show(message))

    def error(self, message: str) -> None:
        self._say(self.show(f"error: {message}"))

    def warning(self, message: str) -> None:
        self._say(self.show(f"warning: {message}"))

    def warnings(self, messages: Iterable[str]) -> None:
        """Warnings, the same one about many lines said once with the lines."""
        for line in collapse(list(messages)):
            self.warning(line)

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
            console=Console(stderr=True, highlight=False),
            transient=True,
        ) as bar:
            task = bar.add_task("starting")
            self._live = bar.console
            try:
                yield lambda m: bar.update(task, description=self.show(m))
            finally:
                self._live = None


def handled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map library errors to the exit codes of the README's table: one line per problem, no traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Ctx)
        assert ctx is not None  # cli() sets it before any command runs
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            for line in collapse([str(p) for p in exc.problems]):
                ctx.error(line)
            sys.exit(exc.exit_code)
        except VcSyncError as exc:
            ctx.error(str(exc))
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: one line, the traceback only when asked for
            if ctx.verbose:  # every line of it masked and escaped like any other output
                import traceback

                for line in traceback.format_exc().splitlines():
                    click.echo(ctx.show(line), err=True)
            else:
                ctx.error(f"unexpected {type(exc).__name__}: {exc} (rerun with --verbose for details)")
            sys.exit(1)

    return wrapper


def _programme(ctx: Ctx, config: str):
    """The programme, with what was made of the roster's columns said once."""
    from vc_sync.config import load_config
    from vc_sync.sync import Programme

    cfg = load_config(config)
    ctx.redact = cfg.redact
    programme = Programme.load(cfg)
    roster = programme.index.roster
    for note in roster.notes:
        ctx.info(note)
    ctx.warnings(roster.warnings)
    return programme


def examples(*lines: str) -> str:
    """A command's examples, kept as written by click's help."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def config_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--config",
        "config",
        required=True,
        type=click.Path(dir_okay=False),
        help="The programme's config file (TOML), as vc-sync init writes it.",
    )(fn)


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=examples(
        "vc-sync demo                                  # the bundled sample, no account",
        "vc-sync init bimtek                           # start a programme",
        "vc-sync check --config bimtek/config.toml --online",
        "vc-sync sync --config bimtek/config.toml --session S1",
        "vc-sync --quiet sync --config bimtek/config.toml --due   # from cron",
        'eval "$(_VC_SYNC_COMPLETE=bash_source vc-sync)"   # Tab completion in bash',
    ),
)
@click.option("--verbose", "-v", is_flag=True, help="Say more: a traceback too when something breaks.")
@click.option("--quiet", "-q", is_flag=True, help="Print only errors (for cron).")
@click.version_option(package_name="vc-sync", help="Show the version and exit.")
@click.pass_context
def cli(click_ctx: click.Context, verbose: bool, quiet: bool) -> None:
    """Attendance from Zoom, Google Meet and Microsoft Teams logs, reconciled against an
    invitee roster."""
    click_ctx.obj = Ctx(verbose, quiet)


@cli.command(
    short_help="Check the config, roster and exports; --online the accounts.",
    epilog=examples(
        "vc-sync check --config bimtek/config.toml",
        "vc-sync check --config bimtek/config.toml --online",
    ),
)
@config_option
@click.option(
    "--online",
    is_flag=True,
    help="Also try each account the programme uses with one harmless read; exit 1 unless all pass.",
)
@click.pass_obj
@handled
def check(ctx: Ctx, config: str, online: bool) -> None:
    """Validate the config, roster, overrides and saved exports, reporting every problem at once."""
    from datetime import datetime

    from vc_sync import checks

    programme = _programme(ctx, config)
    cfg = programme.config
    found = checks.offline(programme, datetime.now(UTC))
    ctx.warnings(found.warnings)
    if found.problems:
        raise InputError(found.problems)
    counts = (
        (len(cfg.sessions), "session"),
        (len(programme.index.roster.invitees), "roster row"),
        (len(programme.overrides), "override"),
    )
    ctx.info(f"{cfg.path.name}: {', '.join(f'{n} {what}' + 's' * (n != 1) for n, what in counts)}: OK")
    if online:
        _check_online(ctx, programme)


def _check_online(ctx: Ctx, programme: Any) -> None:
    """One harmless call per credential the programme uses; exit 1 unless every one passes."""
    from vc_sync import online

    failed = 0
    for result in online.check_all(programme.config):
        if result.ok:
            ctx.info(f"{result.name}: {result.message}")
        elif result.fatal:
            failed += 1
            ctx.error(f"{result.name}: {result.message}")
        else:
            ctx.warning(f"{result.name}: {result.message}")
    if failed:
        sys.exit(1)


@cli.command(
    short_help="Start a programme: config, roster template, exports/.",
    epilog=examples(
        "vc-sync init bimtek                 # asks on a terminal",
        "vc-sync init bimtek --name 'Bimtek SPBE 2024' --timezone WITA --provider zoom \\",
        "    --output sheet --language id",
    ),
)
@click.argument("folder", default=".", type=click.Path(file_okay=False))
@click.option(
    "--name", help="The programme's name, e.g. 'Bimtek Pelayanan Publik 2024'.  [default: the folder's]"
)
@click.option(
    "--timezone",
    help="The event's time zone: WIB, WITA, WIT or an IANA name such as Asia/Jakarta.  [default: WIB]",
)
@click.option(
    "--provider",
    type=click.Choice(["zoom", "meet", "teams", "file"]),  # scaffold.PROVIDERS (imported late)
    help="Where the logs come from: the Zoom API, the Google Meet API, Microsoft Teams (Graph), "
    "or saved exports.  [default: file]",
)
@click.option(
    "--output",
    type=click.Choice(["xlsx", "sheet"]),
    help="Where attendance goes: a local workbook or a shared Google Sheet.  [default: xlsx]",
)
@click.option(
    "--language",
    type=click.Choice(["id", "en"]),
    help="The sheet's tabs, headers and statuses: Indonesian or English.  [default: id]",
)
@click.pass_obj
@handled
def init(
    ctx: Ctx,
    folder: str,
    name: str | None,
    timezone: str | None,
    provider: str | None,
    output: str | None,
    language: str | None,
) -> None:
    """Start a programme in FOLDER: a commented config, a roster template and exports/.

    On a terminal it asks for what no option gave; otherwise it takes the options and the
    defaults. An existing file is never overwritten.
    """
    from datetime import datetime, timedelta

    from vc_sync import scaffold

    ask = sys.stdin.isatty()
    where = Path(folder)

    def answer(given: str | None, question: str, default: str, choices: list[str] | None = None) -> str:
        if given is not None or not ask:
            return given if given is not None else default
        kind = click.Choice(choices) if choices else str
        return str(click.prompt(question, default=default, type=kind, err=True))

    def zone(text: str) -> str:  # a zone not known is asked again on a terminal
        try:
            return scaffold.zone(text)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None

    name = answer(name, "Programme name", where.resolve().name)
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in name):  # a line break ends the TOML string
        raise InputError(Problem("--name", "one line of text, without control characters"))
    if timezone is not None or not ask:
        try:
            tz = scaffold.zone(timezone or "WIB")
        except ValueError as exc:
            raise InputError(Problem("--timezone", str(exc))) from None
    else:
        tz = click.prompt(
            "Time zone (WIB, WITA, WIT or e.g. Asia/Jakarta)", default="WIB", value_proc=zone, err=True
        )
    answers = scaffold.Answers(
        name=name.strip() or where.resolve().name,
        timezone=tz,
        provider=answer(
            provider,
            "Logs from (zoom, meet, teams, or file: saved exports)",
            "file",
            list(scaffold.PROVIDERS),
        ),
        output=answer(
            output, "Attendance to (xlsx: a workbook, sheet: a Google Sheet)", "xlsx", ["xlsx", "sheet"]
        ),
        language=answer(language, "Sheet language (id, en)", "id", ["id", "en"]),
        first_day=(datetime.now(UTC) + timedelta(days=7)).date(),
    )
    for made in scaffold.scaffold(where, answers):
        shown = f"{made.path}{'/' if made.path.name == 'exports' else ''}"
        ctx.info(f"wrote {shown}" if made.made else f"kept {shown} (it was there)")
    config = where / "config.toml"
    ctx.info(
        f"next: your invitees in {where / 'roster.csv'}, your sessions in {config}; then "
        f"vc-sync check --config {config}"
    )


@cli.command(
    name="reconcile",
    short_help="Reconcile one session and show it; writes nothing.",
    epilog=examples(
        "vc-sync reconcile --config bimtek/config.toml --session S1",
        "vc-sync reconcile --config bimtek/config.toml --session S1 --format json > s1.json",
        "vc-sync reconcile --config bimtek/config.toml --session S1 --explain",
        "vc-sync reconcile --config bimtek/config.toml --session S1 --explain 'Andi'",
        "vc-sync reconcile --config bimtek/config.toml --session S1 --offline",
    ),
)
@config_option
@click.option("--session", "session_id", required=True, help="The session's id in the config, e.g. S1.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A table for people, or JSON (the only thing on stdout) for programs.",
)
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
        _archived(programme.config, session_id)
        store = Store(programme.config.state_dir, read_only=True)  # "writes nothing"
        try:
            pull = replay_pull(programme, session, store)
        finally:
            store.close()
        done = SessionRun(session, pull, reconcile_pull(programme, session, pull))
    else:
        with ctx.progress() as progress:
            done = reconcile_session(programme, session_id, progress)
        ctx.warnings(list(done.pull.warnings))
    tz = programme.config.timezone
    if explain is not None:
        payload = report.explain(done.result, programme.index, explain or None)
        if explain and not payload:
            raise _no_such_participant(done.result, explain)
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


@cli.command(
    short_help="Pull, reconcile and write sessions to the outputs.",
    epilog=examples(
        "vc-sync sync --config bimtek/config.toml --session S1",
        "vc-sync sync --config bimtek/config.toml --session S1 --dry-run",
        "vc-sync sync --config bimtek/config.toml --session S1 --offline --force",
        "vc-sync --quiet sync --config bimtek/config.toml --due",
    ),
)
@config_option
@click.option("--session", "session_id", help="The session's id in the config, e.g. S1.")
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
    if session_id and offline:
        _archived(cfg, session_id)
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
    from vc_sync.sync import run_due, sync_session, worst

    cfg = programme.config
    store = Store(cfg.state_dir, read_only=dry_run)
    stack.callback(store.close)
    for notice in store.notices:
        ctx.warning(notice)
    if not dry_run and (crashed := store.settle_crashed()):
        ctx.warning(f"{crashed} earlier run(s) stopped before they ended (killed, or the machine went down)")
    progress = stack.enter_context(ctx.progress())
    if due or session_id is None:  # exactly one of the two (sync checked)
        outcomes = run_due(
            programme, store, datetime.now(UTC), dry_run=dry_run, force=force, progress=progress
        )
        if not outcomes:
            ctx.info("no session is due")
    else:
        outcomes = sync_session(
            programme,
            session_id,
            datetime.now(UTC),
            dry_run=dry_run,
            force=force,
            offline=offline,
            store=store,
            progress=progress,
        )
        if outcomes[0].error is not None:
            raise outcomes[0].error  # the session asked for: its own exit code and message
    for o in outcomes:
        if o.run is not None:
            _report(ctx, o.run, dry_run, o.reason)
        else:
            ctx.error(f"{o.session} ({o.reason}): {o.message}")
    _where(ctx, cfg, [o.run for o in outcomes if o.run is not None], dry_run)
    if code := worst([o.exit_code for o in outcomes]):
        sys.exit(code)


def _where(ctx: Ctx, cfg: Any, runs: list[Any], dry_run: bool) -> None:
    """Where the attendance is: each output's path or address, and whether it was written
    (nothing when no session ran)."""
    from vc_sync.outputs.sheet import spreadsheet_id

    if not runs:
        return

    places = []
    if cfg.output.get("xlsx"):
        places.append(str(Path(cfg.output["xlsx"]).resolve()))
    if cfg.output.get("sheet"):
        places.append(f"https://docs.google.com/spreadsheets/d/{spreadsheet_id(str(cfg.output['sheet']))}")
    for i, place in enumerate(places):
        changed = any(i < len(r.plans) and r.plans[i].changed for r in runs)
        state = ("would be written" if dry_run else "written") if changed else "up to date"
        ctx.info(f"output: {place} ({state})")


def _read_export(cfg: Any, session: Any) -> None:
    """Read a session's saved export once before the lock is taken: a bad file, or one that
    does not fit the session, is exit 2 with nothing written, not even the state folder or a
    failed run in the ledger."""
    from vc_sync.providers.base import provider_for
    from vc_sync.sync import check_window

    if session.source == "file":
        check_window(cfg, session, provider_for(session, cfg).pull(session))


def _no_such_participant(result: Any, who: str) -> InputError:
    """``--explain WHO`` that is no participant's key or display name: the names holding it."""
    near = sorted({n for p in result.participants for n in p.display_names if who.lower() in n.lower()})
    shown = f"; display names holding it: {', '.join(near[:5])}" if near else ""
    return InputError(
        Problem(
            "--explain", f"no participant of {result.session} is shown as {who!r} (nor has that key){shown}"
        )
    )


def _archived(cfg: Any, session_id: str) -> None:
    """``--offline`` on a programme that has archived nothing yet is exit 2 before anything is
    made, not even the state folder (with a store, the run itself says it)."""
    cfg.session(session_id)  # an unknown session is said as such
    if not (cfg.state_dir / "state.db").exists():
        raise InputError(
            Problem("--offline", f"no archived log for {session_id} yet; run once without --offline")
        )


def _report(ctx: Ctx, done: Any, dry_run: bool, reason: str = "") -> None:
    ctx.warnings(done.warnings)
    t = done.result.totals
    why = f" ({reason})" if reason else ""  # why it ran: --due's reason, or picks made for it
    ctx.info(  # the statuses as the outputs' English words and the summary table name them
        f"{done.session.id}{why}: {t.verified} present, {t.short} too short, {t.unmatched} not recognised, "
        f"{t.wrong_session} wrong session, {t.organiser} organisers"
    )
    for plan in done.plans:
        for line in plan.lines():
            ctx.info(("would change " if dry_run else "") + line)


@cli.command(
    short_help="Each session: pulled, synced, counts, pending or failing.",
    epilog=examples("vc-sync status --config bimtek/config.toml"),
)
@config_option
@click.pass_obj
@handled
def status(ctx: Ctx, config: str) -> None:
    """One table of the programme's sessions: pulled, synced, counts, what is pending or failing."""
    from datetime import datetime

    from vc_sync.kinds import SYNCED, RunOutcome, Status
    from vc_sync.store import Store
    from vc_sync.sync import due_sessions
    from vc_sync.tables import print_status

    programme = _programme(ctx, config)
    tz = programme.config.timezone

    def local(stamp: str | None) -> str:
        """A ledger time (UTC) in the programme's zone, as every other time in the table."""
        from vc_sync.report import minute

        return minute(datetime.fromisoformat(stamp), tz) if stamp else ""

    store = Store(programme.config.state_dir, read_only=True)  # status writes nothing, moves nothing
    for notice in store.notices:
        ctx.warning(notice)
    try:
        due = dict((s.id, why) for s, why in due_sessions(programme, store, datetime.now(UTC)))
        rows = []
        for s in programme.config.sessions:
            pulled = store.last_pull(s.id)
            synced = store.last_run(s.id, SYNCED)
            last = store.last_run(s.id)
            rows.append(
                {
                    "session": s.id,
                    "title": s.title,
                    "end": s.end,
                    "pulled": f"{local(pulled.pulled_at)} ({pulled.segments} segments)"
                    if pulled
                    else "never",
                    "synced": local(synced.ended_at) if synced else "never",
                    "verified": str(synced.counts.get(Status.VERIFIED, "")) if synced else "",
                    "state": (
                        f"{last.outcome}: {last.message}"
                        if last and last.outcome not in (*SYNCED, RunOutcome.RUNNING)
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


@cli.command(
    short_help="Run the bundled sample end to end; needs no account.",
    epilog=examples("vc-sync demo", "vc-sync demo --out /tmp"),
)
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False),
    default=".",
    show_default=True,
    help="Folder for the demo workbook (vc_sync_demo.xlsx).",
)
@click.pass_obj
@handled
def demo(ctx: Ctx, out: str) -> None:
    """Run the whole pipeline on the bundled sample programme; needs no account."""
    from importlib.resources import as_file, files

    from vc_sync.config import load_config
    from vc_sync.sync import Programme, sync_sessions
    from vc_sync.tables import print_summary

    target = Path(out) / "vc_sync_demo.xlsx"
    with as_file(files("vc_sync.sample").joinpath("programme.toml")) as config_path:
        # organisers' picks in the demo workbook are kept beside it, never inside the package,
        # and read back from there as a sync reads its overrides.csv (a cleared pick is undone)
        config = dataclasses.replace(
            load_config(config_path), overrides=Path(out) / "vc_sync_demo_overrides.csv"
        )
        programme = Programme.load(config)
        done = sync_sessions(programme, [(s, "") for s in programme.config.sessions], xlsx=target)
    for outcome in done:
        if outcome.error is not None:
            raise outcome.error
    for outcome in done:  # what sync would say of the workbook too (cells of yours it kept)
        if outcome.run is not None:
            ctx.warnings(outcome.run.warnings)
    print_summary(programme.config.name, [o.run for o in done])
    click.echo(f"Workbook: {target}")
    if waiting := sum(o.run.result.totals.unmatched for o in done if o.run is not None):
        from vc_sync.outputs.words import Words

        review = Words(programme.config.language)("tab.review")
        click.echo(f"To settle: {waiting} connections not recognised, on the workbook's {review} tab.")


@cli.group(
    short_help="Sign in once and store a token.",
    epilog=examples("vc-sync auth google --client-secrets client.json --out token.json"),
)
def auth() -> None:
    """Obtain credentials once, interactively."""


@auth.command(
    name="google",
    short_help="Google's sign-in in a browser; stores the token.",
    epilog=examples(
        "vc-sync auth google --client-secrets client.json --out token.json",
        "vc-sync auth google --client-secrets client.json --out token.json --no-meet --directory",
        "vc-sync auth google --client-secrets client.json --out token.json --no-sheets",
    ),
)
@click.option(
    "--client-secrets",
    required=True,
    type=click.Path(dir_okay=False),
    help="The OAuth client (Desktop app) JSON downloaded from the Google Cloud console.",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to store the token, readable by you only; point credentials at it.",
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
# every segment and person) and leaves next to no cyclic garbage: each collection traces young
# objects that nearly all live on, and a middle one at 50,000 segments a million of them.
# Automatic collection is off (a first threshold of 0); reference counting frees what the run
# drops, as ever. Peak memory is unchanged at 7,740, 47,704 and 95,236 segments, and the CPU
# time falls 2 %, 5 % and 12 % (bench/README.md, "Fifth round"; python -m bench.gc_tuning).
ONE_SHOT_GC = (0, 0, 0)


def main() -> None:
    import gc

    gc.set_threshold(*ONE_SHOT_GC)
    try:
        cli(prog_name="vc-sync")
    finally:
        # The command is done (its files closed; stdout is flushed at exit as ever): the
        # interpreter's last collection would trace every object of the run to free memory
        # the process is about to return, ~80 ms of CPU after a reconcile of 7,740 segments
        # (bench/README.md, "Second round").
        gc.freeze()
