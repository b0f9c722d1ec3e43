"""Config loading: interpolation, every problem at once, secrets never shown."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from vc_sync.cli import cli
from vc_sync.config import load_config
from vc_sync.errors import InputError

ZOOM = """
[providers.zoom]
account_id = "${ZOOM_ACCOUNT_ID}"
client_id = "${ZOOM_CLIENT_ID}"
client_secret = "${ZOOM_CLIENT_SECRET}"
"""


def problems(path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_config(path)
    return [str(p) for p in info.value.problems]


def test_loads_sessions_in_the_event_time_zone(programme):
    cfg = load_config(programme.config)
    s1 = cfg.session("S1")
    assert s1.start.isoformat() == "2020-04-14T09:00:00+07:00"
    assert s1.source == "file" and s1.ref.endswith("s1.csv")
    assert cfg.policy.min_minutes == 45 and cfg.policy.min_fraction is None
    assert cfg.overrides == programme.root.resolve() / "overrides.csv"


def test_offset_times_are_kept(programme):
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2020-04-14T10:00:00+08:00"')
    assert load_config(programme.config).session("S1").start.isoformat() == "2020-04-14T10:00:00+08:00"


def test_environment_variables_are_interpolated(programme, monkeypatch):
    programme.edit("config.toml", 'name = "Test programme"', 'name = "Bimtek ${YEAR}"')
    monkeypatch.setenv("YEAR", "2020")
    assert load_config(programme.config).name == "Bimtek 2020"


def test_every_problem_is_reported_at_once(programme, monkeypatch):
    monkeypatch.delenv("ZOOM_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "acc")
    monkeypatch.setenv("ZOOM_CLIENT_ID", "cid")
    text = (programme.root / "config.toml").read_text()
    text = text.replace('timezone = "Asia/Jakarta"', 'timezone = "Asia/Jakarta_"')
    text = text.replace(
        "[policy]\nmin_minutes = 45", "[policy]\nmin_minutes = 45\nmin_fraction = 0.5\ncolour = 1"
    )
    text = text.replace('end = "2020-04-14 11:30"', 'end = "2020-04-14 08:30"')
    text = text.replace('file = "s1.csv"\n\n[[sessions]]', 'zoom = "812 3456 7890"\n\n[[sessions]]')
    text = text.replace('id = "S2"', 'id = "S1"')
    programme.write("config.toml", text + ZOOM)
    found = problems(programme.config)
    assert sorted(found) == sorted(
        [
            "config.toml: policy.colour: unknown key",
            "config.toml: providers.zoom.client_secret: environment variable ZOOM_CLIENT_SECRET is not set",
            "config.toml: event.timezone: unknown time zone 'Asia/Jakarta_' (did you mean 'Asia/Jakarta'?): "
            "use WIB, WITA or WIT, or an IANA name such as Asia/Jakarta, Asia/Makassar, Asia/Jayapura",
            "config.toml: policy: give exactly one of min_minutes and min_fraction",
            "config.toml: sessions[1] (S1).end: must be after start (2020-04-14T09:00+00:00)",
            "config.toml: sessions[2].id: duplicate session id 'S1'",
        ]  # the unset variable is said once, not again as an empty value
    )


def test_source_and_file_problems(programme):
    programme.edit(
        "config.toml",
        'file = "s1.csv"\n\n[[sessions]]',
        'file = "gone.csv"\nmeet = "abc-defg-hij"\n\n[[sessions]]',
    )
    programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "missing.csv"')
    found = problems(programme.config)
    assert any("event.roster: file not found" in p for p in found)
    assert (
        "config.toml: sessions[1] (S1): give exactly one source of "
        "file, meet, teams, zoom, zoom_webinar (found 2)" in found
    )


def test_toml_syntax_error_names_the_line(programme):
    programme.write("config.toml", "[event]\nname = x\n")
    (found,) = problems(programme.config)
    assert "not valid TOML" in found and "line 2" in found


def zoom_credentials(programme, monkeypatch, secret: str) -> None:
    """A [providers.zoom] table reading its credentials, ``secret`` among them, from the environment."""
    monkeypatch.setenv("ZOOM_ACCOUNT_ID", "acc")
    monkeypatch.setenv("ZOOM_CLIENT_ID", "cid")
    monkeypatch.setenv("ZOOM_CLIENT_SECRET", secret)
    programme.write("config.toml", (programme.root / "config.toml").read_text() + ZOOM)


def test_secrets_never_appear_in_output(programme, monkeypatch):
    secret = "s3cr3t-value-XYZ"
    zoom_credentials(programme, monkeypatch, secret)
    cfg = load_config(programme.config)
    assert secret in cfg.secrets
    assert cfg.redact(f"token {secret} here") == "token *** here"
    for args in (
        ["check", "--config", str(programme.config)],
        ["--verbose", "check", "--config", str(programme.config)],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert secret not in result.output


def test_secret_in_an_error_message_is_redacted(programme, monkeypatch):
    secret = "p4ss-Word-123"
    zoom_credentials(programme, monkeypatch, secret)
    # a roster error whose text echoes the secret (it was pasted in the wrong cell)
    programme.write("roster.csv", f"id;sessions;agency;email\nR1;S1;X;{secret}\n")
    result = CliRunner().invoke(cli, ["check", "--config", str(programme.config)])
    assert result.exit_code == 2
    assert secret not in result.output and "***" in result.output


def test_the_example_config_is_valid(tmp_path, monkeypatch):
    """config/example.toml, with its roster and credentials present, passes validation."""
    import shutil
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "config" / "example.toml"
    shutil.copy(example, tmp_path / "example.toml")
    (tmp_path / "roster.csv").write_text("sessions;agency\nS1;DPMPTSP DIY\n")
    (tmp_path / "google-credentials.json").write_text("{}")
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"):
        monkeypatch.setenv(var, "value-1234")
    cfg = load_config(tmp_path / "example.toml")
    assert [s.source for s in cfg.sessions] == ["zoom"]
    assert cfg.output["sheet"].startswith("https://docs.google.com/")


@pytest.mark.parametrize(
    ("source", "ref", "message"),
    [
        ("meet", 'abc-defg-hij" OR space.name != "', "not a Meet meeting code such as abc-defg-hij"),
        ("zoom", "812 3456 78901 2345", "not a Zoom meeting id, join link or instance UUID"),
    ],
)
def test_meeting_references_are_checked(programme, source, ref, message):
    programme.edit("config.toml", 'file = "s1.csv"\n\n[[sessions]]', f"{source} = '{ref}'\n\n[[sessions]]")
    (found,) = [p for p in problems(programme.config) if "sessions[1]" in p]
    assert message in found


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fuzzy_margin = 0.95", "matching.fuzzy_margin: must be a number from 0 to 0.5"),
        ("fuzzy_accept = 0.3", "matching.fuzzy_accept: must be a number from 0.5 to 1"),
        ("fuzzy_accept_hinted = 1.5", "matching.fuzzy_accept_hinted: must be a number from 0.5 to 1"),
        ("partial_score = true", "matching.partial_score: must be a number from 0.5 to 1"),
        ("fuzzy_accept = 0.7", "matching.fuzzy_accept_hinted: must not exceed fuzzy_accept (0.7)"),
    ],
)
def test_matching_values_are_range_checked(programme, line, message):
    programme.write("config.toml", (programme.root / "config.toml").read_text() + f"\n[matching]\n{line}\n")
    assert problems(programme.config) == [f"config.toml: {message}"]
    result = CliRunner().invoke(cli, ["check", "--config", str(programme.config)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


def test_matching_values_at_their_bounds_load(programme):
    text = "\n[matching]\nfuzzy_margin = 0\nfuzzy_accept = 1\nfuzzy_accept_hinted = 0.5\n"
    programme.write("config.toml", (programme.root / "config.toml").read_text() + text)
    tuning = load_config(programme.config).tuning
    assert (tuning.fuzzy_margin, tuning.fuzzy_accept, tuning.fuzzy_accept_hinted) == (0.0, 1.0, 0.5)


def _with(programme, section: str, line: str) -> None:
    text = (programme.root / "config.toml").read_text()
    if f"[{section}]" in text:
        programme.edit("config.toml", f"[{section}]\n", f"[{section}]\n{line}\n")
    else:
        programme.write("config.toml", text + f"\n[{section}]\n{line}\n")


@pytest.mark.parametrize(
    ("section", "line", "message"),
    [
        ("output", 'lock_wait = "ten"', "output.lock_wait: must be a number from 0 to 3600"),
        ("output", "lock_wait = -1", "output.lock_wait: must be a number from 0 to 3600"),
        ("output", 'delay_minutes = "x"', "output.delay_minutes: must be a number from 0 to 10080"),
        ("output", "recheck_days = [1]", "output.recheck_days: must be a number from 0 to 366"),
        ("output", "max_attempts = 2.5", "output.max_attempts: must be a whole number from 1 to 100"),
        ("output", "max_seconds = inf", "output.max_seconds: must be a number from 0 to 86400"),
        ("output", "endpoint = 'localhost:80'", "output.endpoint: must be an http:// or https:// URL"),
        ("matching", "data = 5", "matching.data[0]: must be a file path"),
        ("matching", "overrides = 7", "matching.overrides: must be a file path"),
        ("matching", "fuzzy_margin = nan", "matching.fuzzy_margin: must be a number from 0 to 0.5"),
    ],
)
def test_settings_of_the_wrong_type_or_range_fail_check_not_later(programme, section, line, message):
    _with(programme, section, line)
    assert problems(programme.config) == [f"config.toml: {message}"]


def test_provider_settings_are_typed(programme, monkeypatch):
    zoom_credentials(programme, monkeypatch, "value-1234")
    programme.edit(
        "config.toml",
        'client_secret = "${ZOOM_CLIENT_SECRET}"',
        'client_secret = "${ZOOM_CLIENT_SECRET}"\ntimeout = "15"\nmax_attempts = 0\noauth_url = "${OAUTH}"',
    )
    monkeypatch.setenv("OAUTH", "zoom.us/oauth/token?secret=abcdefgh")
    assert problems(programme.config) == [
        "config.toml: providers.zoom.oauth_url: must be an http:// or https:// URL",
        "config.toml: providers.zoom.max_attempts: must be a whole number from 1 to 100",
        "config.toml: providers.zoom.timeout: must be a number from 0.1 to 600",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'end = "2020-04-14 11:30"',
            'end = "9999-12-31 23:59"',
            "sessions[1] (S1).end: must be in the years 1900–2999",
        ),
        (
            'start = "2020-04-14 09:00"',
            'start = "0001-01-01 00:00"',
            "sessions[1] (S1).start: must be in the years",
        ),
        (
            'end = "2020-04-14 11:30"',
            "end = 9999-12-31T23:59:00",
            "sessions[1] (S1).end: must be in the years",
        ),
        ('id = "S1"', 'id = "S1/pagi"', "sessions[1].id: 'S1/pagi': use at most 24 letters, digits"),
        ('id = "S1"', 'id = "Sesi [1]"', "sessions[1].id: 'Sesi [1]': use at most 24 letters, digits"),
        ('id = "S1"', 'id = "S1*:?"', "sessions[1].id: 'S1*:?': use at most 24 letters, digits"),
        ('id = "S1"', 'id = "Sesi 1"', "sessions[1].id: 'Sesi 1': use at most 24 letters, digits"),
        ('id = "S1"', 'id = "' + "S" * 25 + '"', "use at most 24 letters"),
        ('id = "S1"', "id = 1", "sessions[1].id: required: a session id such as S1"),
        ('title = "Session one"', "title = ['a']", "sessions[1] (S1).title: must be a string"),
        (
            'title = "Session one"',
            'title = "x"\ntimezone = "Mars/Olympus"',
            "sessions[1] (S1).timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            'title = "Session one"',
            'title = "x"\ndelay_minutes = "x"',
            "sessions[1] (S1).delay_minutes: must be a number",
        ),
        (
            'title = "Session one"',
            'title = "x"\nmeet_source = "x"',
            "sessions[1] (S1).meet_source: must be one of",
        ),
    ],
)
def test_session_values_are_checked_at_load(programme, old, new, message):
    programme.edit("config.toml", old, new)
    found = problems(programme.config)
    assert any(message in p for p in found), found


def test_session_ids_of_24_plain_characters_load(programme):
    sid = "Sesi_1.pagi-" + "x" * 12
    programme.edit("config.toml", 'id = "S1"', f'id = "{sid}"')
    assert load_config(programme.config).sessions[0].id == sid


def test_a_bad_session_time_zone_is_blamed_on_the_config_key(programme):
    programme.edit("config.toml", 'title = "Session one"', 'title = "Session one"\ntimezone = "Asia/Jkarta"')
    result = CliRunner().invoke(cli, ["check", "--config", str(programme.config)])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: config.toml: sessions[1] (S1).timezone: unknown time zone 'Asia/Jkarta' (did you mean "
        "'Asia/Jakarta'?): use WIB, WITA or WIT, or an IANA name such as Asia/Jakarta, Asia/Makassar, "
        "Asia/Jayapura"
    ]


@pytest.mark.parametrize(
    ("start", "message"),
    [
        (
            "2021-10-31 02:30",
            "sessions[1] (S1).start: 2021-10-31 02:30 happens twice in Europe/Amsterdam "
            "(the clocks go back): give the offset, 2021-10-31T02:30+02:00 or 2021-10-31T02:30+01:00",
        ),
        ("2021-03-28 02:30", "sessions[1] (S1).start: 2021-03-28 02:30 does not exist in Europe/Amsterdam"),
    ],
)
def test_a_session_time_the_clocks_repeat_or_skip_asks_for_an_offset(programme, start, message):
    programme.edit("config.toml", 'timezone = "Asia/Jakarta"', 'timezone = "Europe/Amsterdam"')
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', f'start = "{start}"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2021-11-01 11:30"')
    assert f"config.toml: {message}" in problems(programme.config)[0]
    programme.edit("config.toml", f'start = "{start}"', f'start = "{start[:10]}T02:30+01:00"')
    assert load_config(programme.config).session("S1").start.isoformat().endswith("+01:00")


def test_state_pointing_at_a_file_or_a_folder_where_the_lock_goes(programme):
    (programme.root / "state").write_text("not a folder")
    _with(programme, "output", 'state = "state"')
    assert problems(programme.config) == [
        f"config.toml: output.state: not a folder: {programme.root / 'state'}"
    ]
    (programme.root / "state").unlink()
    (programme.root / "state" / "lock").mkdir(parents=True)
    (found,) = problems(programme.config)
    assert found.startswith("config.toml: output.state: a folder, not a regular file: ")
    assert found.endswith("(vc_sync keeps its lock file there)")


def test_the_default_state_folder_is_checked_too(programme):
    (programme.root / ".vc_sync").write_text("")
    assert problems(programme.config) == [
        f"config.toml: output.state: not a folder: {programme.root.resolve() / '.vc_sync'}"
    ]


def test_a_config_that_is_a_fifo_or_a_device_fails_at_once(tmp_path):
    import os

    os.mkfifo(tmp_path / "c.toml")
    with pytest.raises(InputError, match="a named pipe"):
        load_config(tmp_path / "c.toml")
    with pytest.raises(InputError, match="a device, not a regular file"):
        load_config("/dev/zero")


def test_a_roster_or_overrides_that_is_not_a_regular_file_is_named(programme):
    import os

    os.mkfifo(programme.root / "fifo.csv")
    programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "fifo.csv"')
    (found,) = problems(programme.config)
    assert found.startswith("config.toml: event.roster: a named pipe (FIFO), not a regular file")
    programme.edit("config.toml", 'roster = "fifo.csv"', 'roster = "roster.csv"')
    (programme.root / "overrides.csv").mkdir()
    (found,) = problems(programme.config)
    assert found.startswith("config.toml: matching.overrides: a folder, not a regular file")


# --- secrets ----------------------------------------------------------------------------


def test_a_short_secret_is_not_masked_everywhere(programme, monkeypatch):
    zoom_credentials(programme, monkeypatch, "a")
    cfg = load_config(programme.config)
    assert cfg.redact("a participant named Ana") == "a participant named Ana"


def test_secrets_are_masked_as_whole_tokens_also_percent_encoded(programme, monkeypatch):
    zoom_credentials(programme, monkeypatch, "Abc123/xyz")
    cfg = load_config(programme.config)
    assert cfg.redact("id Abc123/xyz, url ?s=Abc123%2Fxyz; Abc123/xyzw") == "id ***, url ?s=***; Abc123/xyzw"


def test_a_sheet_id_from_the_environment_is_a_secret_too(programme, monkeypatch):
    sheet_id = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcd"
    monkeypatch.setenv("SHEET_URL", f"https://docs.google.com/spreadsheets/d/{sheet_id}/edit#gid=0")
    (programme.root / "google.json").write_text("{}")
    _with(programme, "output", 'sheet = "${SHEET_URL}"\ncredentials = "google.json"')
    cfg = load_config(programme.config)
    assert (
        cfg.redact(f"sheets: read: spreadsheet {sheet_id} not found")
        == "sheets: read: spreadsheet *** not found"
    )


def test_config_problems_never_show_a_secret(programme, monkeypatch):
    zoom_credentials(programme, monkeypatch, "value-1234")
    monkeypatch.setenv("LOCK", "hunter2-secret")
    _with(programme, "output", 'language = "${LOCK}"')
    (found,) = problems(programme.config)
    assert found == "config.toml: output.language: must be one of 'en', 'id', not '***'"
