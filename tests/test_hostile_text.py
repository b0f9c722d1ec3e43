"""Text from strangers (display names) and secrets on the terminal: shown, never obeyed.

Display names reach the table, ``--explain``, JSON and error lines as typed: Rich markup stays
text, terminal escapes and other control characters are shown as escapes, JSON decodes to the
very names of the log, and no printed line (tracebacks included) shows a secret.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from datetime import UTC, datetime, timedelta
from unittest import mock

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_providers import install_plugin
from vc_sync import report
from vc_sync.cli import cli
from vc_sync.domain import build_index
from vc_sync.model import Invitee, Policy, Roster, Segment, Window
from vc_sync.reconcile import reconcile
from vc_sync.tables import CELL, print_explain, print_result
from vc_sync.terminal import HIDDEN, json_text, visible

NASTY = [
    "[/bold]",
    "[link=http://evil.example]Budi Santoso[/link]",
    "\x1b[2J\x1b[31mAndi Kurniawan",
    "Bel\x07 VT\x0b NUL\x00 BS\x08 CR\rX",
    "\u202eatled nasinaP",
    ":smile: :pile_of_poo: Sri",
    '=HYPERLINK("http://evil.example","klik")',
    "C1\x9b2J NEL\x85 DEL\x7f",
    "two\nlines\u2028three",
    "\\x1b and [bold]not bold[/bold]",
]
RAW = {chr(c) for c in HIDDEN} - {"\n"}  # what must never reach a terminal raw


def meet_export(names: list[str]) -> str:
    people = [
        {"name": f"conferenceRecords/r/participants/{n}", "anonymousUser": {"displayName": name}}
        for n, name in enumerate(names)
    ]
    sessions = {
        p["name"]: [{"startTime": "2020-04-14T02:00:00Z", "endTime": "2020-04-14T04:00:00Z"}] for p in people
    }
    return json.dumps({"participants": people, "participantSessions": sessions})


def invoke(programme, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [*args, "--config", str(programme.config)], env=env)


def with_names(programme, names: list[str]) -> None:
    programme.write("s1.json", meet_export(names))
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'file = "s1.json"\n\n[[sessions]]')


def test_markup_and_escapes_in_display_names_are_shown_not_obeyed(programme):
    with_names(programme, NASTY)
    for extra in ([], ["--explain"]):
        result = invoke(programme, "reconcile", "--session", "S1", *extra, env={"COLUMNS": "400"})
        assert result.exit_code == 0, result.output
        assert not RAW & set(result.output), [c for c in result.output if c in RAW]
        assert "[/bold]" in result.output
        assert "[link=http://evil.example]Budi Santoso[/link]" in result.output
        assert "\\x1b[2J\\x1b[31mAndi Kurniawan" in result.output
        assert "\\u202eatled nasinaP" in result.output and ":smile: :pile_of_poo: Sri" in result.output
        assert "two\\nlines\\u2028three" in result.output
        assert "\\x1b and [bold]not bold[/bold]" in result.output


def test_on_a_colour_terminal_no_link_and_no_escape_of_a_stranger_is_written(programme):
    with_names(programme, NASTY)
    for extra in ([], ["--explain"]):
        result = invoke(programme, "reconcile", "--session", "S1", *extra, env={"FORCE_COLOR": "1"})
        assert result.exit_code == 0, result.output
        assert "\x1b[3" in result.output  # Rich does colour this output …
        assert "\x1b]8;" not in result.output  # … but makes no hyperlink
        assert "\x1b[2J" not in result.output and "\x07" not in result.output and "\x9b" not in result.output


def test_json_keeps_every_name_exactly_and_is_inert_on_a_terminal(programme):
    with_names(programme, NASTY)
    result = invoke(programme, "reconcile", "--session", "S1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert not RAW & set(result.stdout)
    names = {n for p in json.loads(result.stdout)["participants"] for n in p["display_names"]}
    assert names == {n.strip() for n in NASTY}
    explained = invoke(programme, "reconcile", "--session", "S1", "--format", "json", "--explain")
    assert not RAW & set(explained.stdout) and json.loads(explained.stdout)


def test_a_lone_surrogate_in_a_json_export_is_replaced_not_a_crash(programme):
    programme.write("s1.json", meet_export(["x"]).replace('"x"', '"Andi \\ud800 Kurniawan"'))
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', 'file = "s1.json"\n\n[[sessions]]')
    for extra in ([], ["--format", "json"]):
        result = invoke(programme, "reconcile", "--session", "S1", *extra)
        assert result.exit_code == 0, result.output
        assert "Andi \ufffd Kurniawan" in result.output


def test_error_lines_show_control_characters_as_escapes_on_one_line(programme):
    programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "r\\u001b[2J\\u0007\\n.csv"')
    result = invoke(programme, "check")
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith("error: config.toml: event.roster: file not found: ")
    assert line.endswith("r\\x1b[2J\\x07\\n.csv") and "\x1b" not in line


def test_a_verbose_traceback_is_redacted_line_by_line(programme, tmp_path, monkeypatch):
    secret = "oauth-secret-0123456789"
    install_plugin(
        tmp_path,
        monkeypatch,
        """
        class Provider:
            name = "fake"
            sources = ("fake",)

            def __init__(self, config):
                self.url = config.providers["fake"]["oauth_url"]

            def pull(self, session, progress=None):
                raise ValueError(f"Invalid URL {self.url!r}: No scheme supplied")
        """,
    )
    monkeypatch.setenv("FAKE_OAUTH", secret)
    plugin = 'provider = "fake"\nref = "x"\n\n[[sessions]]'
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', plugin)
    text = (programme.root / "config.toml").read_text()
    programme.write("config.toml", text + '\n[providers.fake]\noauth_url = "${FAKE_OAUTH}"\n')
    for verbose in ([], ["--verbose"]):
        args = [*verbose, "reconcile", "--config", str(programme.config), "--session", "S1"]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1
        assert "Invalid URL '***'" in result.output and secret not in result.output
    assert result.output.startswith("Traceback (most recent call last):")


# --- any text as display names: no crash, nothing interpreted ------------------------------

T0 = datetime(2020, 4, 14, 2, 0, tzinfo=UTC)
WINDOW = Window("S1", T0, T0 + timedelta(minutes=150))
INDEX = build_index(
    Roster(
        (
            Invitee("R1", "DPMPTSP Kabupaten Sleman", frozenset({"S1"}), name="Andi Kurniawan"),
            Invitee("R2", "Dinas Pariwisata Kabupaten Bantul", frozenset({"S1"}), name="Sri Wahyuni"),
        )
    )
)
PIECES = ["[", "]", "/", "bold", "link=", "\x1b", "[2J", "\x07", "\x00", "\x9b", "\u202e", "\n", "\\", ":"]
NAMES = st.one_of(
    st.text(max_size=60),  # any code point hypothesis draws (controls included)
    st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs"]), max_size=30),
    st.lists(st.sampled_from([*PIECES, "Andi", "Kurniawan", " "]), max_size=20).map("".join),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["a", "Andi ", "[b]", "\x1b", "界"]), st.integers(20_000, 100_000)
    ),
)


def _printed(fn, *args) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        fn(*args)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_any_display_name_passes_reconcile_table_explain_and_json(names):
    segments = [Segment(n, T0, T0 + timedelta(minutes=60), None, None, "t", i) for i, n in enumerate(names)]
    result = reconcile(segments, INDEX, WINDOW, Policy(min_minutes=45))
    assert sorted(s.seq for p in result.participants for s in p.segments) == list(range(len(names)))
    with mock.patch.dict(os.environ, {"COLUMNS": "2000"}):
        table = _printed(print_result, result, "Asia/Jakarta", "Programme [bold]x[/bold]")
        explained = _printed(print_explain, report.explain(result, INDEX, None))
    for out in (table, explained):
        assert not RAW & set(out)
    for name in names:
        shown = visible(name)
        if len(shown) <= 40 and shown.strip():
            assert shown.strip() in table
    text = json_text(report.to_json(result, "Asia/Jakarta"))
    assert not RAW & set(text)
    decoded = json.loads(text)
    as_json = {json.loads(json.dumps(n)) for n in names}  # JSON pairs two surrogates into one character
    assert {n for p in decoded["participants"] for n in p["display_names"]} == as_json
    for name in names:
        if len(visible(name)) > CELL:  # shown shortened, saying by how much; whole in JSON
            assert visible(name) not in table and " characters)" in table


def test_a_sheet_id_from_the_environment_is_in_no_message_and_no_ledger(programme, monkeypatch):
    from tests.fakes.google import google_user_credentials
    from tests.fakes.server import Server
    from tests.fakes.sheets import FakeSheets
    from vc_sync.store import Store

    missing = "1ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210_-zyxw"  # no such spreadsheet on the fake
    monkeypatch.setenv("SHEET_URL", f"https://docs.google.com/spreadsheets/d/{missing}/edit#gid=0")
    with Server(FakeSheets()) as server:
        creds = google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml",
            'xlsx = "out/attendance.xlsx"',
            f'sheet = "${{SHEET_URL}}"\ncredentials = "{creds}"\nendpoint = "{server.url}"\nmax_attempts = 1',
        )
        result = invoke(programme, "sync", "--session", "S1")
    assert result.exit_code == 1
    assert "not found" in result.output and missing not in result.output
    store = Store(programme.root / ".vc_sync")
    try:
        (run,) = store.runs("S1")
    finally:
        store.close()
    assert run.outcome == "failed" and "not found" in run.message and missing not in run.message


def _outputs_roundtrip(names: list[str], output, read_back) -> None:
    """Plan the names' session into ``output``, read it back: each name is there as a cell can
    hold it, as text, and planning again against what came back writes nothing."""
    from vc_sync.outputs.base import build_plan
    from vc_sync.outputs.layout import Context, SessionInfo, tab_refs
    from vc_sync.outputs.words import Words
    from vc_sync.terminal import in_a_cell

    segments = [Segment(n, T0, T0 + timedelta(minutes=60), None, None, "t", i) for i, n in enumerate(names)]
    result = reconcile(segments, INDEX, WINDOW, Policy(min_minutes=45))
    ctx = Context(Words("en"), "Asia/Jakarta", INDEX.roster, (SessionInfo("S1", "Sesi", T0, T0, "t"),), "P")
    refs = tab_refs(ctx.words, ["S1"])
    output.stage(build_plan(ctx, result, output.read(refs), now="now"))
    output.flush()
    grids = output.read(refs)
    cells = {v for row in grids["session:S1"].values for v in row if isinstance(v, str)}
    for p in result.participants:  # names read alike are one participant: one cell, joined
        shown = in_a_cell("; ".join(p.display_names))
        assert shown in cells or not shown.strip()
    assert not build_plan(ctx, result, grids, now="now").changed
    read_back()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_any_display_name_reaches_the_workbook_as_inert_text(names):
    import tempfile
    from pathlib import Path

    import openpyxl

    from vc_sync.outputs.workbook import WorkbookOutput

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.xlsx"

        def no_formula() -> None:
            book = openpyxl.load_workbook(path)
            assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)

        _outputs_roundtrip(names, WorkbookOutput(path), no_formula)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(NAMES, min_size=1, max_size=4))
def test_any_display_name_reaches_the_sheet_as_inert_text(names):
    import requests

    from tests.fakes.server import Server
    from tests.fakes.sheets import FakeSheets
    from vc_sync.outputs.sheet import SheetOutput

    app = FakeSheets()
    with Server(app) as server:
        session = requests.Session()
        session.headers["Authorization"] = "Bearer ya29.fake-1"
        real = session.request

        def to_fake(method, url, *a, **kw):  # gspread speaks to Google; the fake listens here
            return real(method, url.replace("https://sheets.googleapis.com", server.url), *a, **kw)

        session.request = to_fake  # type: ignore[method-assign]

        def no_formula() -> None:
            assert not any(t.formulas for t in app.tabs)
            assert all(w["valueInputOption"] == "RAW" for w in app.value_writes())

        _outputs_roundtrip(names, SheetOutput(app.id, session), no_formula)
