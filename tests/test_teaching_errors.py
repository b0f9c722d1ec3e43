"""Errors that teach, through the command line: suggestions for typos, examples for dates, what
was found instead of a header, one line for many alike, and Indonesian where users write it."""

from __future__ import annotations

import json

from click.testing import CliRunner

from vc_sync.cli import cli
from vc_sync.config import load_config


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def check(programme):
    return run("check", "--config", str(programme.config))


def errors(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("error: ")]


def test_a_mistyped_key_section_or_misplaced_key_gets_a_suggestion(programme):
    programme.edit("config.toml", "min_minutes = 45", "min_minute = 45")
    programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "roster.csv"\nlanguage = "id"')
    text = (programme.root / "config.toml").read_text()
    programme.write("config.toml", text.replace("[[sessions]]", "[[session]]", 1))
    result = check(programme)
    assert result.exit_code == 2
    assert errors(result) == [
        "error: config.toml: session: unknown section (did you mean [[sessions]]?); the sections are "
        "event, matching, output, policy, providers, sessions",
        "error: config.toml: event.language: unknown key here: it belongs in [output]",
        "error: config.toml: policy.min_minute: unknown key (did you mean 'min_minutes'?)",
        "error: config.toml: policy: give exactly one of min_minutes and min_fraction",
    ]


def test_keys_the_providers_declare_get_suggestions_too(programme):
    """Provider settings and session keys come from the providers' declarations (the registry);
    a typo in one, or one written in the wrong table, is taught like any other."""
    programme.edit("config.toml", 'file = "s1.csv"', 'zoom = "812 3456 7890"\nzoom_skp = []')
    programme.edit("config.toml", 'roster = "roster.csv"', 'roster = "roster.csv"\nmeet_source = "reports"')
    programme.write(
        "config.toml",
        (programme.root / "config.toml").read_text()
        + '\n[providers.zoom]\naccount_id = "acc"\nclient_id = "cid"\nclient_secrte = "secret-123"\n',
    )
    result = check(programme)
    assert result.exit_code == 2
    assert errors(result) == [
        "error: config.toml: event.meet_source: unknown key here: it belongs in [[sessions]]",
        "error: config.toml: sessions[1].zoom_skp: unknown key (did you mean 'zoom_skip'?)",
        "error: config.toml: providers.zoom.client_secrte: unknown key (did you mean 'client_secret'?)",
        "error: config.toml: providers.zoom.client_secret: required and empty",
    ]


def test_an_indonesian_zoom_invitation_keeps_its_passcode_secret(programme):
    invitation = (
        "Bergabung dengan Rapat Zoom\\nkemenpan.zoom.us/j/81234567890\\n\\n"
        "ID Rapat: 812 3456 7890\\nKode Sandi: Rahasia77"
    )
    programme.edit("config.toml", 'file = "s1.csv"', f'zoom = "{invitation}"')
    programme.write(
        "config.toml",
        (programme.root / "config.toml").read_text()
        + '\n[providers.zoom]\naccount_id = "acc"\nclient_id = "cid"\nclient_secret = "secret-123"\n',
    )
    config = load_config(programme.config)
    assert config.session("S1").ref == "81234567890"
    assert config.redact("kode Rahasia77") == "kode ***"


def test_a_roster_column_near_a_required_one_is_named(programme):
    roster = (programme.root / "roster.csv").read_text()
    programme.write("roster.csv", roster.replace("id;sessions;", "id;sesion;", 1))
    result = check(programme)
    assert result.exit_code == 2
    assert errors(result) == [
        "error: roster.csv: line 1: missing required column 'sessions' or 'sesi' "
        "(is 'sesion' meant to be it?)"
    ]


def test_indonesian_roster_headers_and_zone_words(programme):
    programme.write(
        "roster.csv",
        "Nama;Instansi;Sesi;No HP/WA;Jabatan;Email\n"
        "Andi Kurniawan;DPMPTSP Kabupaten Sleman;S1;;Kepala Bidang;andi.k@slemankab.go.id\n"
        "Drs. Bambang Hadi, M.Si.;DPMPTSP Kabupaten Sleman;S1;0812-3456-7890;Analis;\n"
        "Sri Wahyuni;Dinas Pariwisata Kabupaten Bantul;S1;;;\n"
        "Joko Susanto;DPMPTSP Kabupaten Cilacap;S2;;;joko@cilacapkab.go.id\n",
    )
    programme.edit("config.toml", 'timezone = "Asia/Jakarta"', 'timezone = "WIB"')
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2020-04-14 10:00 WITA"')
    result = check(programme)
    assert result.exit_code == 0, result.output
    assert result.output.count("Jabatan") == 1  # said once, not once per row
    assert "roster.csv: columns carried to the output as they are: Jabatan" in result.output
    assert load_config(programme.config).timezone == "Asia/Jakarta"
    assert load_config(programme.config).session("S1").start.isoformat() == "2020-04-14T10:00:00+08:00"
    got = run("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    people = {p["display_names"][0]: p for p in json.loads(got.stdout)["participants"]}
    assert people["+62 812-3456-7890"]["method"] == "phone"  # No HP/WA read as the phone column
    assert people["iPhone"]["method"] == "email"  # Email read as the e-mail column
    invitees = {i["name"]: i["status"] for i in json.loads(got.stdout)["invitees"]}
    assert invitees["Andi Kurniawan"] == "verified"


def test_a_column_near_a_known_one_is_carried_and_named(programme):
    roster = (programme.root / "roster.csv").read_text()
    programme.write("roster.csv", roster.replace(";email;", ";emial;", 1))
    result = check(programme)
    assert result.exit_code == 0, result.output
    assert "roster.csv: columns carried to the output as they are: emial (did you mean 'email'?)" in (
        result.output
    )


def test_a_date_in_words_is_answered_with_how_to_write_it(programme):
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "14 April 2020 pukul 09.00 WIB"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "Selasa, 14 Apr 2020"')
    result = check(programme)
    assert result.exit_code == 2
    assert errors(result) == [
        "error: config.toml: sessions[1] (S1).start: not a date and time: '14 April 2020 pukul 09.00 WIB'; "
        "write it as 2020-04-14 09:00 WIB",
        "error: config.toml: sessions[1] (S1).end: not a date and time: 'Selasa, 14 Apr 2020'; give the "
        "time too, e.g. 2020-04-14 09:00",
    ]


def test_a_zoom_invitation_pasted_whole_is_a_meeting_id_and_its_passcode_a_secret(programme):
    invitation = (
        "Topic: Bimtek\\nJoin Zoom Meeting\\nhttps://kemenpan.zoom.us/j/81234567890?pwd=Zk9aQ2xYc1.1\\n\\n"
        "Meeting ID: 812 3456 7890\\nPasscode: 482913"
    )
    programme.edit("config.toml", 'file = "s1.csv"', f'zoom = "{invitation}"')
    programme.write(
        "config.toml",
        (programme.root / "config.toml").read_text()
        + '\n[providers.zoom]\naccount_id = "acc"\nclient_id = "cid"\nclient_secret = "secret-123"\n',
    )
    config = load_config(programme.config)
    assert config.session("S1").ref == "81234567890"
    assert config.redact("482913 and Zk9aQ2xYc1.1") == "*** and ***"
    result = check(programme)
    assert result.exit_code == 0, result.output
    assert "482913" not in result.output


def test_one_line_for_one_problem_on_many_roster_lines(programme):
    rows = "".join(f"R{n:03d};S3;Dinas Kominfo Kabupaten Sleman;Peserta {n};;;;\n" for n in range(38))
    programme.write("roster.csv", "id;sessions;agency;name;email;phone;aliases;role\n" + rows)
    result = check(programme)
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: roster.csv: lines 2–39 (38): unknown session id 'S3' (the config's session ids: S1, S2)"
    ]


def test_sessions_unquoted_in_a_comma_csv_are_caught(programme):
    header = "name,agency,sessions,email\n"
    programme.write("roster.csv", header + "Andi,DPMPTSP Kabupaten Sleman,S1,S2\n")
    refused = check(programme)
    assert refused.exit_code == 2
    assert errors(refused) == [
        "error: roster.csv: line 2: 'S2' after sessions 'S1' looks like an unquoted \"S1,S2\": in a "
        'comma-separated roster write several sessions as "S1;S2" or "S1 S2", or in quotes'
    ]
    programme.write(  # beside a column of its own, S2 would be taken for it: said, once
        "roster.csv",
        "name,agency,sessions,pendidikan\nAndi,DPMPTSP Kabupaten Sleman,S1,S2\nBudi,Dinas Kominfo Kabupaten "
        "Sleman,S1,S2\n",
    )
    warned = check(programme)
    assert warned.exit_code == 0, warned.output
    lines = [line for line in warned.output.splitlines() if line.startswith("warning: ")]
    assert lines == [
        "warning: roster.csv: lines 2–3 (2): 'S2' after sessions 'S1' looks like an unquoted \"S1,S2\": in "
        'a comma-separated roster write several sessions as "S1;S2" or "S1 S2", or in quotes; read as '
        "sessions 'S1' only"
    ]
    programme.write("roster.csv", 'name,agency,sessions\nAndi,DPMPTSP Kabupaten Sleman,"S1,S2"\n')
    quoted = check(programme)
    assert quoted.exit_code == 0 and "warning" not in quoted.output


def test_an_unrecognised_export_header_shows_what_was_found(programme):
    programme.write("s1.csv", "Nama Lengkap;Instansi;Jam\nAndi;Sleman;09:00\n")
    result = check(programme)
    assert result.exit_code == 2
    assert errors(result) == [
        "error: s1.csv: unrecognised participant log: no header with a name and join time or duration "
        "(line 1 reads: Nama Lengkap, Instansi, Jam)"
    ]


def test_an_unreadable_export_date_shows_what_is_read(programme):
    programme.edit("s1.csv", "04/14/2020 09:05:00 AM", "14 April 2020 09:05")
    result = check(programme)
    assert result.exit_code == 2
    assert errors(result) == [
        "error: s1.csv: line 7: unrecognised date and time '14 April 2020 09:05' (read as e.g. 07/09/2024 "
        "09:01:23 AM, 09/07/2024 09:01, 2024-07-09 09:01:23 or, for a time alone, 09:01)"
    ]


def test_which_date_order_was_taken_is_said(programme):
    """Every date reads both ways: the session's (mis-typed) date decides, and that is said."""
    programme.write(
        "s1.csv",
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        "Andi Kurniawan,,07/09/2024 09:01:00,07/09/2024 11:00:00,119\n"
        "Sri Wahyuni,,07/09/2024 09:05:00,07/09/2024 10:40:00,95\n",
    )
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2024-09-07 09:00"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2024-09-07 11:30"')
    result = run("reconcile", "--config", str(programme.config), "--session", "S1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert (
        "warning: s1.csv: dates such as '07/09/2024 09:01:00' read day first (07 September 2024), not month "
        "first (09 July 2024): that is the session's day (07 September 2024 in the config); if the config's "
        "date is wrong, correct it there"
    ) in result.stderr
