"""The ``vc-sync`` command: click parsing over the library, errors mapped to exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

import click

from vc_sync.errors import InputError, VcSyncError


class Ctx:
    def __init__(self, verbose: bool, quiet: bool):
        self.verbose = verbose
        self.quiet = quiet
        self.redact: Callable[[str], str] = lambda s: s

    def info(self, message: str) -> None:
        if not self.quiet:
            click.echo(self.redact(message), err=True)


def handled(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Map library errors to the contract's exit codes: one line per problem, no traceback."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        ctx = click.get_current_context().find_object(Ctx)
        try:
            return fn(*args, **kwargs)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(ctx.redact(f"error: {problem}"), err=True)
            sys.exit(exc.exit_code)
        except VcSyncError as exc:
            click.echo(ctx.redact(f"error: {exc}"), err=True)
            sys.exit(exc.exit_code)

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
    """Validate the config and roster, reporting every problem at once."""
    programme = _programme(ctx, config)
    cfg = programme.config
    ctx.info(
        f"{cfg.path.name}: {len(cfg.sessions)} sessions, {len(programme.index.roster.invitees)} roster rows, "
        f"{len(programme.overrides)} overrides: OK"
    )
    if online:
        from vc_sync.providers.base import provider_for

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
def reconcile_cmd(ctx: Ctx, config: str, session_id: str, fmt: str, explain: str | None) -> None:
    """Pull (or read) one session and reconcile it. Writes nothing."""
    from vc_sync import report
    from vc_sync.sync import reconcile_session

    programme = _programme(ctx, config)
    done = reconcile_session(programme, session_id, None if ctx.quiet else ctx.info)
    tz = programme.config.timezone
    if explain is not None:
        payload = report.explain(done.result, programme.index, explain or None)
        if fmt == "json":
            click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            from vc_sync.tables import print_explain

            print_explain(payload)
        return
    if fmt == "json":
        click.echo(json.dumps(report.to_json(done.result, tz), ensure_ascii=False, indent=2))
    else:
        from vc_sync.tables import print_result

        print_result(done.result, tz, programme.config.name)


@cli.command()
@click.option("--config", "config", required=True, type=click.Path(dir_okay=False))
@click.option("--session", "session_id", required=True, help="Session id, e.g. S1.")
@click.option("--dry-run", is_flag=True, help="Pull, reconcile and show what would change; write nothing.")
@click.option("--force", is_flag=True, help="Also clear rows of people who vanished from the log.")
@click.pass_obj
@handled
def sync(ctx: Ctx, config: str, session_id: str, dry_run: bool, force: bool) -> None:
    """Pull, reconcile and write one session to the configured outputs."""
    from vc_sync.sync import run

    programme = _programme(ctx, config)
    done = run(programme, session_id, dry_run=dry_run, force=force, progress=None if ctx.quiet else ctx.info)
    for warning in done.warnings:
        click.echo(ctx.redact(f"warning: {warning}"), err=True)
    t = done.result.totals
    ctx.info(
        f"{session_id}: {t['verified']} verified, {t['short']} short, {t['unmatched']} unmatched, "
        f"{t['wrong_session']} wrong session, {t['organiser']} organisers"
    )
    for plan in done.plans:
        for line in plan.lines():
            ctx.info(("would change " if dry_run else "") + line)


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
    from vc_sync.sync import Programme, run
    from vc_sync.tables import print_summary

    target = Path(out) / "vc_sync_demo.xlsx"
    with as_file(files("vc_sync.sample").joinpath("programme.toml")) as config_path:
        programme = Programme.load(config_path)
        runs = [run(programme, s.id, xlsx=target) for s in programme.config.sessions]
    print_summary(programme.config.name, runs)
    click.echo(f"Workbook: {target}")


def main() -> None:
    cli(prog_name="vc-sync")
