"""The provider registry: built-ins, an outside package's entry point, lazy imports."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from click.testing import CliRunner

from vc_sync.cli import cli
from vc_sync.providers.base import GROUP, registry


def test_builtin_sources():
    assert {"file", "zoom", "zoom_webinar", "meet"} <= set(registry())


def install_plugin(tmp_path, monkeypatch, body: str) -> None:
    """A distribution named fakeprov, on sys.path, declaring a provider by entry point."""
    site = tmp_path / "site"
    (site / "fakeprov").mkdir(parents=True)
    (site / "fakeprov" / "__init__.py").write_text(textwrap.dedent(body))
    dist = site / "fakeprov-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fakeprov\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[{GROUP}]\nfake = fakeprov:Provider\n")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "fakeprov", raising=False)  # another test's fakeprov


def test_a_bug_in_a_provider_is_one_line_unless_verbose(programme, tmp_path, monkeypatch):
    install_plugin(
        tmp_path,
        monkeypatch,
        """
        class Provider:
            name = "fake"
            sources = ("fake",)

            def __init__(self, config):
                pass

            def pull(self, session, progress=None):
                return {}["missing"]
    """,
    )
    plugin = 'provider = "fake"\nref = "x"\n\n[[sessions]]'
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', plugin)
    args = ["reconcile", "--config", str(programme.config), "--session", "S1"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.output.strip() == (
        "error: unexpected KeyError: 'missing' (rerun with --verbose for details)"
    )
    verbose = CliRunner().invoke(cli, ["--verbose", *args])
    assert verbose.exit_code == 1
    lines = verbose.output.splitlines()
    assert lines[0] == "Traceback (most recent call last):" and lines[-1] == "KeyError: 'missing'"


def test_an_outside_package_adds_a_provider(programme, tmp_path, monkeypatch):
    """A distribution on sys.path declaring the entry point is found and used by a session."""
    install_plugin(
        tmp_path,
        monkeypatch,
        """
        from datetime import datetime, timezone
        from vc_sync.model import Segment
        from vc_sync.providers.base import Pull, RawPage

        class Provider:
            name = "fake"
            sources = ("fake",)

            def __init__(self, config):
                self.config = config

            def pull(self, session, progress=None):
                page = RawPage(session.ref, b"{}")
                return Pull(tuple(self.replay([page], session)), (page,), origin="fake")

            def replay(self, pages, session):
                t = datetime(2020, 4, 14, 2, 0, tzinfo=timezone.utc)
                return [Segment("Drs. Bambang Hadi", t, t.replace(hour=4), source="fake", seq=0)]

            def check(self):
                return "fake ok"
    """,
    )
    plugin = 'provider = "fake"\nref = "x"\n\n[[sessions]]'
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', plugin)
    result = CliRunner().invoke(
        cli, ["reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (person,) = json.loads(result.stdout)["participants"]
    assert (person["invitee"], person["status"]) == ("R002", "verified")


def test_commands_do_not_import_provider_libraries():
    heavy = "('zoomus', 'googleapiclient', 'gspread', 'google.auth')"
    code = f"import sys, vc_sync.cli, vc_sync.sync; print(sorted(m for m in {heavy} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_reconcile_of_saved_exports_imports_no_http_store_or_outputs():
    """What a reconcile of files does not need is not imported: start-up is most of its time."""
    from importlib.resources import files

    config = files("vc_sync.sample").joinpath("programme.toml")
    heavy = (
        "requests",
        "urllib3",
        "tenacity",
        "sqlite3",
        "scipy",
        "openpyxl",
        "concurrent.futures",
        "vc_sync.store",
        "vc_sync.outputs",
        "vc_sync.outputs.base",
    )
    code = (
        "import sys\nfrom vc_sync.cli import cli\n"
        f"args = ['reconcile', '--config', {str(config)!r}, '--session', 'S1', '--format', 'json']\n"
        "cli(args, standalone_mode=False)\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["totals"]["participants"] > 0
    assert done.stderr.strip().splitlines()[-1] == "[]"
