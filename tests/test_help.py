"""Every command and option has help, each command examples, and the README names them all;
shell completion, as the README says to set it up, answers."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from vc_sync.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def commands(
    group: click.Group = cli, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], click.Command]]:
    found = [(path, group)]
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


ALL = commands()


@pytest.mark.parametrize(("path", "command"), ALL, ids=[" ".join(p) or "vc-sync" for p, _ in ALL])
def test_each_command_has_help_examples_and_its_options_in_the_readme(path, command):
    shown = " ".join(("vc-sync", *path))
    assert f"`{shown}" in README or f"{shown} " in README, f"{shown} is not in the README"
    assert command.help
    if path:  # listed under its group: its line there is whole
        assert command.get_short_help_str(limit=60) == command.get_short_help_str(limit=200), shown
    assert command.epilog and "Examples:" in command.epilog and shown in command.epilog
    for param in command.params:
        if isinstance(param, click.Argument):
            assert param.name.upper() in (command.help or ""), f"{shown}: {param.name} undescribed"
            continue
        assert param.help, f"{shown} {param.opts[0]}: no help"
        for flag in (*param.opts, *param.secondary_opts):
            assert flag in README, f"{shown} {flag} is not in the README"
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0 and "Examples:" in result.output


def test_bash_completion_as_the_readme_sets_it_up():
    assert 'eval "$(_VC_SYNC_COMPLETE=bash_source vc-sync)"' in README
    script = CliRunner().invoke(cli, [], env={"_VC_SYNC_COMPLETE": "bash_source"}, prog_name="vc-sync")
    assert "_vc_sync_completion" in script.output
    answer = CliRunner().invoke(
        cli,
        [],
        env={"_VC_SYNC_COMPLETE": "bash_complete", "COMP_WORDS": "vc-sync sy", "COMP_CWORD": "1"},
        prog_name="vc-sync",
    )
    assert "plain,sync" in answer.output
