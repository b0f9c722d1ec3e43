"""Commands through click's runner: exit codes, stdout discipline, files written or not."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
from click.testing import CliRunner

from tests.tables import by, records
from vc_sync.cli import cli


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def reconcile(programme, *extra: str):
    """``vc-sync reconcile`` of session S1 with ``extra`` options."""
    return run("reconcile", "--config", str(programme.config), "--session", "S1", *extra)


def test_demo_reproduces_the_published_counts(tmp_path):
    result = run("demo", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    # an 80-column terminal (the runner's): the counts whole, the titles left out
    rows = {m.group(1): int(m.group(2)) for m in re.finditer(r"│ (S\d)\s+│\s+(\d+) │", result.output)}
    assert rows == {"S1": 37, "S2": 35}
    assert "…" not in result.output and "Sesi 1" not in result.output
    wide = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)], env={"COLUMNS": "120"})
    assert "│ S1      │ Sesi 1 — Provinsi DIY" in wide.output and "…" not in wide.output
    book = openpyxl.load_workbook(tmp_path / "vc_sync_demo.xlsx")
    assert book.sheetnames == ["Ringkasan", "Keterangan", "Sesi S1", "Sesi S2", "Tinjauan", "Pilihan"]
    summary = by(book["Ringkasan"], "Instansi", "Instansi")
    assert (summary["Total"]["S1 hadir"], summary["Total"]["S2 hadir"], summary["Total"]["Total hadir"]) == (
        37,
        35,
        72,
    )
    assert (summary["Instansi hadir"]["S1 status"], summary["Instansi hadir"]["S2 status"]) == (
        "17/18",
        "15/15",
    )
    assert len(summary) == 18 + 15 + 2


def test_reconcile_json_is_the_only_stdout_and_covers_every_segment(programme):
    result = reconcile(programme, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) == {"session", "window", "participants", "invitees", "agencies", "totals"}
    assert doc["window"] == {"start": "2020-04-14T09:00:00+07:00", "end": "2020-04-14T11:30:00+07:00"}
    segments = [(s["name"], s["join"]) for p in doc["participants"] for s in p["segments"]]
    assert len(segments) == len(set(segments)) == 9
    assert not programme.xlsx.exists()


def test_reconcile_json_is_compact_unless_pretty_and_says_the_same(programme):
    compact = reconcile(programme, "--format", "json")
    pretty = reconcile(programme, "--format", "json", "--pretty")
    assert compact.exit_code == pretty.exit_code == 0
    assert compact.stdout.count("\n") == 1 and '":' in compact.stdout and '": ' not in compact.stdout
    assert '\n  "participants": [' in pretty.stdout
    assert json.loads(compact.stdout) == json.loads(pretty.stdout)


def test_reconcile_statuses_on_the_small_programme(programme):
    result = reconcile(programme, "--format", "json")
    doc = json.loads(result.stdout)
    by_name = {p["display_names"][0]: p for p in doc["participants"]}
    andi = by_name["iPhone"]
    assert (andi["invitee"], andi["method"], andi["status"]) == ("R001", "email", "verified")
    assert andi["minutes"] == 60 + 88  # 08:58 is before the window: only 09:00-10:00, 10:02-11:30
    assert len(andi["segments"]) == 2
    assert by_name["+62 812-3456-7890"]["invitee"] == "R002"
    assert by_name["Sri Wahyuni (Dinpar Bantul)"]["invitee"] == "R003"
    assert by_name["Sri Wahyuni (Dinpar Bantul)"]["status"] == "short"
    delegate = by_name["BANTUL_BAG ORG_Joko"]
    assert (delegate["invitee"], delegate["agency"], delegate["status"]) == (
        None,
        "Bagian Organisasi Setda Kabupaten Bantul",
        "verified",
    )
    assert by_name["Ibu Damayani Tyastianti"]["status"] == "organiser"
    assert by_name["Cilacap_DPMPTSP_Joko Susanto"]["status"] == "wrong_session"
    galaxy = [p for p in doc["participants"] if p["display_names"] == ["Galaxy A51"]]
    assert [p["status"] for p in galaxy] == ["unmatched", "unmatched"]  # two strangers, never merged
    seats = {i["id"]: i["status"] for i in doc["invitees"]}
    assert seats == {"R001": "verified", "R002": "verified", "R003": "short", "R005": "verified"}
    assert doc["totals"]["verified"] == 3
    assert doc["totals"]["agencies_invited"] == 3 and doc["totals"]["agencies_present"] == 2


def test_sync_writes_the_workbook_and_a_rerun_has_no_duplicates(programme):
    for _ in range(2):
        result = run("sync", "--config", str(programme.config), "--session", "S1")
        assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(programme.xlsx)
    keys = [r["Key"] for r in records(book["Session S1"])]
    assert len(keys) == len(set(keys)) == 8  # 8 participants; every S1 invitee came, so no absent rows
    assert len(records(book["Review"])) == 2


def test_sync_dry_run_writes_nothing(programme):
    result = run("sync", "--config", str(programme.config), "--session", "S1", "--dry-run")
    assert result.exit_code == 0
    assert not programme.xlsx.exists()


def test_check_reports_ok(programme):
    result = run("check", "--config", str(programme.config))
    assert result.exit_code == 0
    assert "OK" in result.output


def test_unknown_session_is_bad_input(programme):
    result = run("reconcile", "--config", str(programme.config), "--session", "S9")
    assert result.exit_code == 2
    assert "unknown session 'S9'" in result.output


def test_bad_roster_lists_every_problem_and_writes_nothing(programme):
    programme.write(
        "roster.csv",
        """\
        id;sessions;agency;name;email;role
        R1;S1;DPMPTSP Kabupaten Sleman;Andi;not-an-email;participant
        R1;S7;DPMPTSP Kabupaten Sleman;Budi;;boss
        """,
    )
    result = run("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [
        "error: roster.csv: line 2: malformed email 'not-an-email'",
        "error: roster.csv: line 3: unknown session id 'S7' (the config's session ids: S1, S2)",
        "error: roster.csv: line 3: unknown role 'boss' (use peserta, panitia or narasumber; or participant, "
        "organiser or speaker; empty is peserta)",
        "error: roster.csv: line 3: duplicate id 'R1' (first on line 2)",
    ]
    assert "Traceback" not in result.output
    assert not programme.xlsx.exists()


def test_bad_export_names_file_and_line(programme):
    programme.edit("s1.csv", "04/14/2020 09:05:00 AM", "yesterday")
    result = run("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 2
    assert result.output.startswith("error: s1.csv: line ")
    assert "'yesterday'" in result.output
    assert not programme.xlsx.exists()


def test_missing_config_is_bad_input(tmp_path):
    result = run("check", "--config", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert "config file not found" in result.output


def test_python_dash_m_runs(programme):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "vc_sync", "check", "--config", str(programme.config)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "OK" in done.stderr


def test_bad_config_lists_problems_and_writes_nothing(programme):
    programme.edit("config.toml", "min_minutes = 45", "min_minutes = -5")
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "later"')
    result = run("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: config.toml: policy.min_minutes: must be a number from 0 to 1440",
        "error: config.toml: sessions[1] (S1).end: not a date and time: 'later'; write it as "
        "2024-07-09 09:00 (or with an offset, 2024-07-09T09:00+07:00)",
    ]
    assert not programme.xlsx.exists()


def test_explain_every_unmatched_participant(programme):
    result = reconcile(programme, "--explain", "--format", "json")
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert [i["display_names"] for i in items] == [["Galaxy A51"], ["Galaxy A51"]]
    assert all(i["status"] == "unmatched" and i["why"] for i in items)


def test_explain_one_participant_shows_candidates(programme):
    programme.edit("s1.csv", "BANTUL_BAG ORG_Joko", "Andi Kurniawn")
    result = reconcile(programme, "--explain", "Andi Kurniawn", "--format", "json")
    (item,) = json.loads(result.stdout)
    assert item["decided"]["invitee"] is None  # Andi is already here by e-mail: a near spelling is left
    assert item["candidates"][0]["invitee"] == "R001"
    assert "already matched" in item["why"]
    table = reconcile(programme, "--explain", "Andi Kurniawn")
    assert "candidate R001 'Andi Kurniawan'" in table.output


def test_overrides_file_is_applied(programme):
    doc = json.loads(reconcile(programme, "--format", "json").stdout)
    galaxies = [p["key"] for p in doc["participants"] if p["display_names"] == ["Galaxy A51"]]
    assert len(galaxies) == 2  # a device name alone never makes two connections one person
    lines = "".join(f"{key},ignore,S1\n" for key in galaxies)
    programme.write("overrides.csv", f"participant,assign,session\n{lines}BANTUL_BAG ORG_Joko,R005,\n")
    result = reconcile(programme, "--format", "json")
    doc = json.loads(result.stdout)
    by_name = {p["display_names"][0]: p for p in doc["participants"]}
    assert [p["status"] for p in doc["participants"] if p["display_names"] == ["Galaxy A51"]] == [
        "ignored"
    ] * 2
    assert (by_name["BANTUL_BAG ORG_Joko"]["invitee"], by_name["BANTUL_BAG ORG_Joko"]["method"]) == (
        "R005",
        "override",
    )


def test_bad_overrides_are_bad_input(programme):
    programme.write("overrides.csv", "participant,assign,session\nTamu Lain,R404,S1\n,ignore,S9\n")
    result = run("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        "error: overrides.csv: line 2: assign 'R404' is neither an invitee id, a roster agency nor 'ignore'",
        "error: overrides.csv: line 3: participant is empty",
        "error: overrides.csv: line 3: unknown session id 'S9'",
    ]
    assert not programme.xlsx.exists()


def test_a_device_name_is_refused_as_an_override(programme):
    programme.write("overrides.csv", "participant,assign,session\niPad,R001,S1\nZoom user,ignore,\n")
    result = run("sync", "--config", str(programme.config), "--session", "S1")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert len(lines) == 2 and all("names a device, not a person" in line for line in lines)
    assert lines[0].startswith("error: overrides.csv: line 2: participant 'iPad'")
    assert not programme.xlsx.exists()


def test_demo_keeps_organisers_picks_beside_its_workbook(tmp_path):
    assert run("demo", "--out", str(tmp_path)).exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "vc_sync_demo.xlsx")
    review = book["Tinjauan"]
    assign = [c.value for c in review[1]].index("Tetapkan") + 1
    review.cell(row=2, column=assign, value="abaikan")
    book.save(tmp_path / "vc_sync_demo.xlsx")
    assert run("demo", "--out", str(tmp_path)).exit_code == 0
    assert "ignore" in (tmp_path / "vc_sync_demo_overrides.csv").read_text()
    import vc_sync.sample

    assert not (Path(vc_sync.sample.__file__).parent / "overrides.csv").exists()
