"""Picks across sessions: a run replays, from the archive, the settled sessions whose picks
changed; what goes wrong with one of them stays with it (found by a hostile review)."""

from __future__ import annotations

from tests.test_review_loop import review_rows, saved


def _pick_on_s2(surface, target="ignore"):
    s2 = next(r["Key"] for r in review_rows(surface) if r["Key"].startswith("S2/"))
    surface.type("Review", surface.find("Review", s2)[0], surface.find("Review", "Assign")[1], target)
    return s2


def test_a_damaged_archive_of_another_session_does_not_stop_this_one(surface):
    """S2 settled long ago; its archived page is damaged (a bit flip in the state store). A pick
    on S2, then `sync --session S1`: S1 should sync (S2 reported failed), not the whole run die."""
    import sqlite3

    programme = surface.programme
    surface.sync("--due", session=None)
    _pick_on_s2(surface)
    db = sqlite3.connect(programme.root / ".vc_sync" / "state.db")
    db.execute(
        "UPDATE pages SET body = x'00ff' WHERE pull_id = (SELECT max(id) FROM pulls WHERE session = 'S2')"
    )
    db.commit()
    db.close()
    out = surface.sync(code=1)
    assert "S1:" in out, out  # S1 was synced and reported
    assert "S2 (organisers' picks changed): S2: its archived log could not be replayed" in out
    assert "vc-sync sync --session S2" in out  # what to do


def test_a_session_switched_to_zoom_after_archiving_does_not_stop_this_one(surface):
    """S2 was synced from a saved export, then the config moves it to the Zoom API (archive still
    holds the CSV pages). A pick on S2 makes `sync --session S1` replay S2 with the Zoom parser."""
    programme = surface.programme
    surface.sync("--due", session=None)
    _pick_on_s2(surface)
    text = programme.config.read_text()
    i = text.index('id = "S2"')
    programme.write(
        "config.toml",
        text[:i]
        + text[i:].replace('file = "s2.csv"', 'zoom = "812 3456 7890"')
        + '\n[providers.zoom]\naccount_id = "a"\nclient_id = "b"\nclient_secret = "c"\n',
    )
    out = surface.sync(code=1)
    assert "S1:" in out and "unexpected" not in out, out


def test_offline_bad_input_writes_nothing(surface):
    """`sync --session S1 --offline` with no archive of S1 is exit 2 (bad input): nothing may be
    written, yet S2's pick is replayed, written and recorded in the same run."""
    programme = surface.programme
    surface.sync("--due", session=None)
    s2 = _pick_on_s2(surface)
    # S1's archive gone (e.g. the state folder restored from an older backup that lacked it)
    import sqlite3

    db = sqlite3.connect(programme.root / ".vc_sync" / "state.db")
    db.execute("DELETE FROM pages WHERE pull_id IN (SELECT id FROM pulls WHERE session = 'S1')")
    db.execute("DELETE FROM pulls WHERE session = 'S1'")
    db.commit()
    db.close()
    before = saved(programme)
    out = surface.sync("--offline", code=2)
    assert "no archived log for S1" in out
    assert saved(programme) == before, "exit 2 (nothing written) but overrides.csv was written"
    assert surface.value("Session S2", s2.split("/")[1], "Status") != "Ignored", "S2 was written"


def test_force_for_one_session_does_not_remove_rows_of_a_replayed_other(surface):
    """`sync --session S1 --force` while a pick on S2 changed: S2 is replayed in the same run,
    and --force (asked for S1) removes S2's kept row of someone who left S2's log."""
    programme = surface.programme
    programme.write("s2.csv", (programme.root / "s1.csv").read_text())
    text = programme.config.read_text()
    i = text.index('id = "S2"')
    s2 = (
        text[i:]
        .replace('file = "s1.csv"', 'file = "s2.csv"')
        .replace("13:00", "09:00")
        .replace("15:30", "11:30")
    )
    programme.write("config.toml", text[:i] + s2)
    surface.sync("--due", session=None)
    assert surface.value("Session S2", "i-R007", "Status") == "Present"
    log = (programme.root / "s2.csv").read_text()
    programme.write("s2.csv", "\n".join(ln for ln in log.splitlines() if not ln.startswith("Cilacap")) + "\n")
    assert "no longer in the log, kept" in surface.sync(session="S2")
    assert surface.value("Session S2", "i-R007", "Status") == "Present"
    _pick_on_s2(surface)
    out = surface.sync("--force")  # --session S1 --force
    assert "S2 (organisers' picks changed)" in out
    assert surface.value("Session S2", "i-R007", "Status") == "Present", (
        "S2's kept row cleared by a --force meant for S1"
    )


def test_a_session_removed_from_the_config_leaves_runs_working(surface):
    """S2 is dropped from the config after a pick on it was recorded by vc_sync itself."""
    programme = surface.programme
    surface.sync("--due", session=None)
    _pick_on_s2(surface)
    surface.sync()
    assert any(s == "S2" for _p, _a, s, _src in saved(programme))
    text = programme.config.read_text()
    programme.write("config.toml", text[: text.rindex("[[sessions]]")])
    programme.write("roster.csv", (programme.root / "roster.csv").read_text().replace(";S2;", ";S1;"))
    out = surface.sync(code=0)
    assert "S1:" in out


def test_a_dry_run_with_a_pick_on_another_session_writes_nothing(surface):
    programme = surface.programme
    surface.sync("--due", session=None)
    s2 = _pick_on_s2(surface)
    before = programme.xlsx.stat().st_mtime_ns if surface.name == "workbook" else None
    if surface.name == "sheet":
        surface.fake.requests.clear()
    out = surface.sync("--dry-run")
    assert "would change" in out and "S2 (organisers' picks changed)" in out, out
    assert saved(programme) == []
    if surface.name == "workbook":
        assert programme.xlsx.stat().st_mtime_ns == before
    else:
        assert set(surface.fake.calls()) <= {"get", "batchGet"}, surface.fake.calls()
    assert surface.value("Session S2", s2.split("/")[1], "Status") != "Ignored"
