"""Hostile review 27d: vc_sync used as its users do, from a fresh clone: the mistakes a
secretariat makes with its config, roster, exports and credentials, each answered with one line
that names the file and the line or key, says what is wrong and how to write it, exit 2, nothing
written; and the Indonesian words the printed workbook shows."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import ROSTER
from vc_sync.cli import cli
from vc_sync.outputs.words import Words


def _run(programme, command: str = "check", *more: str):
    args = [command, "--config", str(programme.config), *more]
    return CliRunner().invoke(cli, args)


def _error(result) -> str:
    """The one error line of a refused run, which must leave no state behind."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output, result.output
    (line,) = [ln for ln in result.output.splitlines() if ln.startswith("error: ")]
    return line


# --- the config's session times -----------------------------------------------------------------


def test_a_day_first_date_is_answered_with_its_own_rewrite(programme):
    """'14/04/2020 09:00' (as Indonesians and Excel write it) was answered "write it as
    2024-07-09 09:00": an example, not the date meant. The day cannot be a month: the rewrite is
    the date itself."""
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "14/04/2020 09:00"')
    line = _error(_run(programme))
    assert "config.toml: sessions[1] (S1).start" in line, line
    assert "write it as 2020-04-14 09:00" in line, line


def test_a_date_that_reads_both_ways_offers_both(programme):
    """'05/04/2020 09.00' is 5 April to a secretary and 4 May to Excel in English: both are said,
    day first."""
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "05-04-2020 09.00"')
    line = _error(_run(programme))
    assert "2020-04-05 09:00 (year-month-day) for 5 April, or 2020-05-04 09:00 for 4 May" in line, line


def test_an_unquoted_session_time_is_told_to_be_quoted(programme):
    """``start = 2020-04-14 09:00`` (no quotes: TOML wants seconds then) was "Expected newline or
    end of document after a statement": the fix is the quotes."""
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', "start = 2020-04-14 09:00")
    line = _error(_run(programme))
    assert "not valid TOML" in line and "line 15" in line, line
    assert 'put the time in quotes: start = "2020-04-14 09:00"' in line, line


def test_a_missing_closing_quote_is_named(programme):
    programme.edit("config.toml", 'title = "Session one"', 'title = "Session one')
    line = _error(_run(programme))
    assert "Illegal character" in line and "closing quote" in line and "missing on that line" in line, line


# --- the roster ---------------------------------------------------------------------------------


def test_a_session_written_as_people_say_it_is_answered_with_the_id(programme):
    """A roster saying 'Sesi 1' was two errors, "unknown session id '1'" and "unknown session id
    'Sesi'", neither saying what the config's sessions are called."""
    programme.edit("roster.csv", "R001;S1;", "R001;Sesi 1;")
    programme.edit("roster.csv", "R002;S1;", "R002;s1;")
    programme.edit("roster.csv", "R003;S1;", "R003;1,2;")
    result = _run(programme)
    assert result.exit_code == 2, result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("error: ")]
    assert errors == [
        "error: roster.csv: line 2: unknown session 'Sesi 1': write 'S1' (the config's session ids: S1, S2)",
        "error: roster.csv: line 3: unknown session 's1': write 'S1' (the config's session ids: S1, S2)",
        "error: roster.csv: line 4: unknown session '1,2': write 'S1;S2' (the config's session ids: S1, S2)",
    ]


def test_an_unknown_session_id_lists_the_config_s(programme):
    programme.edit("roster.csv", "R001;S1;", "R001;S3;")
    line = _error(_run(programme))
    assert line == "error: roster.csv: line 2: unknown session id 'S3' (the config's session ids: S1, S2)"


def test_an_unknown_role_names_the_indonesian_words_too(programme):
    """The roles a secretariat writes (peserta, panitia, narasumber) are read; the message named
    only 'participant or organiser'."""
    programme.edit("roster.csv", "Andi Kurniawan;andi.k@slemankab.go.id;;Andy;participant", "Andi;;;;ketua")
    line = _error(_run(programme))
    assert "roster.csv: line 2: unknown role 'ketua'" in line, line
    assert "peserta, panitia or narasumber" in line, line


def test_a_roster_saved_as_excel_s_plain_csv_is_named_by_its_name_line_and_neighbourhood(programme):
    """Excel's plain "CSV (Comma delimited)" on Windows is CP1252. The message gave the absolute
    path, a byte offset from the start of the file, and "save it as CSV UTF-8" with no menu."""
    (programme.root / "roster.csv").write_bytes(
        ROSTER.replace("Andi Kurniawan", "André Kurniawan").encode("cp1252")
    )
    line = _error(_run(programme, "sync", "--session", "S1"))
    assert line.startswith("error: roster.csv: line 2: not UTF-8 text"), line
    assert "byte" not in line and str(programme.root) not in line, line
    assert "the character after 'DPMPTSP Kabupaten Sleman;Andr'" in line, line
    assert "CSV UTF-8 (Comma delimited)" in line, line
    assert not (programme.root / ".vc_sync").exists()


def test_a_roster_that_is_no_workbook_says_how_to_save_one(programme):
    """An .xls or a CSV renamed .xlsx: "/abs/roster.xlsx: not a readable .xlsx workbook: File is
    not a zip file"."""
    (programme.root / "roster.xlsx").write_bytes(b"\xd0\xcf\x11\xe0 an Excel 97-2003 file")
    programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "roster.xlsx"')
    line = _error(_run(programme))
    assert line.startswith("error: roster.xlsx: not a readable .xlsx workbook"), line
    assert "Excel Workbook (*.xlsx)" in line and str(programme.root) not in line, line


@pytest.mark.parametrize(
    ("name", "head", "said"),
    [
        ("roster.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel 97-2003 workbook (.xls)"),
        (
            "roster.ods",
            b"PK\x03\x04\x14\x00\x00\x08mimetypeapplication/vnd.oasis",
            "a workbook, not CSV text",
        ),
    ],
)
def test_a_roster_in_another_workbook_format_is_named_so(programme, name, head, said):
    """A roster saved by Excel 97-2003 or LibreOffice Calc was "line 1: not UTF-8 text (byte 0)"
    then, after 27d's first fix, quoted its binary bytes ('PK\\x03\\x04…') as text."""
    (programme.root / name).write_bytes(head + bytes(range(256)) * 4)
    programme.edit("config.toml", 'roster = "roster.csv"', f'roster = "{name}"')
    line = _error(_run(programme))
    assert line.startswith(f"error: {name}: {said}"), line
    assert "UTF-8 text" not in line and "\\x" not in line and "set event.roster to it" in line, line


# --- the exports --------------------------------------------------------------------------------


def test_an_export_saved_for_the_wrong_session_names_the_session_it_fits(programme):
    """S2's export given for S1 was refused with "check the session date or time zone": the
    date and the zone are right, the file is not."""
    programme.edit("config.toml", 'file = "s1.csv"', 'file = "s2.csv"')
    line = _error(_run(programme))
    assert "session S1 (file s2.csv): no connection of the log falls inside the session" in line, line
    assert "it fits session S2 (2020-04-14 13:00–15:30 Asia/Jakarta), so it may be S2's export" in line
    assert line.endswith("check the session file, date or time zone"), line


# --- the Google credentials ---------------------------------------------------------------------


SHEET = """xlsx = "out/attendance.xlsx"
sheet = "https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFG/edit"
credentials = "google-credentials.json\""""


@pytest.mark.parametrize(
    ("body", "said"),
    [
        ("<html>Sign in</html>", "google-credentials.json is not a credentials JSON file"),
        (json.dumps({"type": "service_account"}), "credentials.json is not a usable service-account key"),
        (json.dumps({"type": "authorized_user"}), "google-credentials.json lacks client_id"),
        (json.dumps({"installed": {"client_id": "x"}}), "unsupported credentials type None"),
    ],
)
def test_check_reads_the_credentials_file_the_sync_would(programme, body, said):
    """A credentials file cut short, a page saved instead of the key, or the OAuth client's own
    JSON passed ``check`` ("OK") and failed the first sync with "output.credentials: cannot read
    credentials: Expecting value: line 1 column 1 (char 0)": no config, no file named."""
    programme.edit("config.toml", 'xlsx = "out/attendance.xlsx"', SHEET)
    (programme.root / "google-credentials.json").write_text(body)
    line = _error(_run(programme))
    assert line.startswith("error: config.toml: output.credentials: "), line
    assert said in line, line


def test_a_sheet_not_shared_with_a_signed_in_account_names_no_address_it_did_not_give(programme):
    """With a token of ``vc-sync auth google`` the account's address is not known: "share it with
    that address" pointed at an address the line never gave."""
    from tests.fakes.google import google_user_credentials
    from tests.fakes.server import Server
    from tests.fakes.sheets import FakeSheets

    app = FakeSheets()
    app.fail(f"/v4/spreadsheets/{app.id}", 403, {"error": {"code": 403, "status": "PERMISSION_DENIED"}})
    with Server(app) as server:
        creds = google_user_credentials(programme, f"{server.url}/token")
        programme.edit(
            "config.toml",
            'xlsx = "out/attendance.xlsx"',
            f'sheet = "{app.id}"\ncredentials = "{creds}"\nendpoint = "{server.url}"\nmax_attempts = 2',
        )
        result = _run(programme, "check", "--online")
    assert "the spreadsheet is not shared with the account that signed in" in result.output, result.output
    assert "that address" not in result.output and "that Google account as Editor" in result.output


# --- the workbook's Indonesian ------------------------------------------------------------------


def test_the_legend_speaks_of_the_participant_report_not_a_log():
    """A secretary printing the Keterangan tab for the Deputy read "tidak ditemukan di log"
    (jargon) and "kurang dari aturan" (which rule?)."""
    w = Words("id")
    assert "log" not in w("legend.absent").split()
    assert "laporan peserta" in w("legend.absent")
    assert "“Hadir bila”" in w("legend.short")
    assert w("why.tie").startswith("dua nama sama-sama cocok")
    assert w("info.howto.value")[0].isupper() and Words("en")("info.howto.value")[0].isupper()
