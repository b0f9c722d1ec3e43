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
            "config.toml: event.timezone: unknown time zone 'Asia/Jakarta_' "
            "(use an IANA name such as Asia/Jakarta)",
            "config.toml: policy: give exactly one of min_minutes and min_fraction",
            "config.toml: sessions[1].end: must be after start",
            "config.toml: sessions[2].id: duplicate session id 'S1'",
            "config.toml: providers.zoom.client_secret: required and empty",
        ]
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
        "config.toml: sessions[1]: give exactly one source of zoom, zoom_webinar, meet, file (found 2)"
        in found
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
    (tmp_path / "google.json").write_text("{}")
    for var in ("ZOOM_ACCOUNT_ID", "ZOOM_CLIENT_ID", "ZOOM_CLIENT_SECRET"):
        monkeypatch.setenv(var, "value-1234")
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "google.json"))
    cfg = load_config(tmp_path / "example.toml")
    assert [s.source for s in cfg.sessions] == ["zoom", "meet"]
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
