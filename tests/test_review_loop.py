"""The organisers' review loop, on the Google Sheet and the workbook: sync, pick, sync (one row,
settled), clear (undone), an unchanged rerun (nothing written), --force after a participant
vanished (row gone); picks bound to the connection they were made on."""

from __future__ import annotations

import csv

import pytest

from tests.test_organiser_edits import S1

BAMBANG = "Drs. Bambang Hadi, M.Si. · DPMPTSP Kabupaten Sleman"


def saved(programme) -> list[tuple[str, str, str, str]]:
    path = programme.root / "overrides.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as fh:
        return sorted((r["participant"], r["assign"], r["session"], r["source"]) for r in csv.DictReader(fh))


def review_rows(surface) -> list[dict]:
    """Review rows in sheet order, by header label."""
    head, _ = surface.find("Review", "Key")
    labels = {c: v for (r, c), v in surface.cells("Review").items() if r == head}
    by_row: dict[int, dict] = {}
    for (r, c), v in surface.cells("Review").items():
        if r > head and c in labels:
            by_row.setdefault(r, {})[labels[c]] = v
    return [by_row[r] for r in sorted(by_row)]


def test_a_pick_settles_and_clearing_it_undoes_it(surface):
    programme = surface.programme
    surface.sync()
    open_rows = review_rows(surface)
    assert [r["Review state"] for r in open_rows] == ["Open", "Open"]
    assert all(r["Display names"] == "Galaxy A51" for r in open_rows)
    galaxy = open_rows[0]["Key"]  # S1/p-…
    conn = galaxy.split("/")[1]
    assert conn in surface.keys(S1)

    # pick: the first Galaxy is Bambang's second device
    r, assign = surface.find("Review", galaxy)[0], surface.find("Review", "Assign")[1]
    surface.type("Review", r, assign, BAMBANG)
    output = surface.sync()
    assert saved(programme) == [(conn, "R002", "S1", "pick")]
    assert conn not in surface.keys(S1)  # its row went: one row per connection
    assert "1 merged into the row of the person picked" in output
    bambang = surface.row(S1, "i-R002")
    assert "Galaxy A51" in str(bambang.get(surface.find(S1, "Display names")[1]))
    assert conn in str(bambang.get(surface.find(S1, "Connections")[1]))
    rows = review_rows(surface)
    assert [r["Review state"] for r in rows] == ["Open", f"Settled: {BAMBANG}"]  # settled below open
    assert rows[1]["Key"] == galaxy and rows[1]["Assign"] == BAMBANG  # the pick moved with its row

    # clear: undone
    r = surface.find("Review", galaxy)[0]
    surface.type("Review", r, assign, None)
    surface.sync()
    assert saved(programme) == []
    assert conn in surface.keys(S1)
    assert "Galaxy A51" not in str(surface.row(S1, "i-R002").get(surface.find(S1, "Display names")[1]))
    assert sorted(r["Review state"] for r in review_rows(surface)) == ["Open", "Open"]
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys))


def test_an_unchanged_rerun_writes_nothing(surface):
    surface.sync()
    surface.sync(session="S2")
    before = surface.programme.xlsx.stat().st_mtime_ns if surface.name == "workbook" else None
    if surface.name == "sheet":
        surface.fake.requests.clear()
    output = surface.sync()
    assert all("0 added, 0 updated" in line for line in output.splitlines() if "added" in line), output
    if surface.name == "workbook":
        assert surface.programme.xlsx.stat().st_mtime_ns == before
    else:
        assert surface.fake.calls() == {"get": 1, "batchGet": 1}


def test_force_removes_the_row_of_someone_gone_from_the_log(surface):
    programme = surface.programme
    surface.sync()
    text = (programme.root / "s1.csv").read_text()
    programme.write(
        "s1.csv", "\n".join(ln for ln in text.splitlines() if not ln.startswith("Ibu Damayani")) + "\n"
    )
    assert "1 no longer in the log, kept" in surface.sync()
    assert "i-R006" in surface.keys(S1)
    assert "1 removed" in surface.sync("--force")
    assert "i-R006" not in surface.keys(S1)
    assert "Damayani Tyastianti" not in surface.cells(S1).values()  # the row itself went


def test_a_pick_on_a_device_row_binds_that_connection_only(surface):
    programme = surface.programme
    programme.write(
        "s1.csv",
        (programme.root / "s1.csv").read_text()
        + "iPad,,04/14/2020 09:02:00 AM,04/14/2020 11:20:00 AM,138,Yes,\n"
        + "iPad,,04/14/2020 09:40:00 AM,04/14/2020 10:15:00 AM,35,Yes,\n",
    )
    surface.sync()
    ipads = [
        k for k in surface.keys(S1) if surface.row(S1, k).get(surface.find(S1, "Display names")[1]) == "iPad"
    ]
    assert len(ipads) == 2
    r = surface.find(S1, ipads[0])[0]
    surface.type(S1, r, surface.find(S1, "Override")[1], "Sri Wahyuni · Dinas Pariwisata Kabupaten Brebes")
    surface.sync()
    assert saved(programme) == [(ipads[0], "R004", "S1", "pick")]
    assert ipads[1] in surface.keys(S1)  # the other iPad is still someone unknown
    assert "i-R004" in surface.keys(S1)


def test_a_pick_made_weeks_later_is_applied_by_the_cron_run(surface):
    """The sessions ended long past recheck_days: --due has nothing to pull, but a pick made
    on the sheet since is recorded and applied from the archived log, without the provider."""
    programme = surface.programme
    surface.sync("--due", session=None)  # both sessions, once
    assert surface.sync("--due", session=None).strip() == "no session is due"
    galaxy = review_rows(surface)[0]["Key"]
    surface.type("Review", surface.find("Review", galaxy)[0], surface.find("Review", "Assign")[1], BAMBANG)
    (programme.root / "s1.csv").unlink()  # the export is gone: only the archive can serve
    output = surface.sync("--due", session=None)
    assert "organisers' picks changed" in output, output
    assert saved(programme) == [(galaxy.split("/")[1], "R002", "S1", "pick")]
    assert galaxy.split("/")[1] not in surface.keys(S1)
    assert surface.sync("--due", session=None).strip() == "no session is due"  # settled: quiet again


@pytest.mark.parametrize("typed", ["  drs. bambang hadi,  M.Si. ", "Bambang Hadi"])
def test_an_invitees_whole_name_typed_is_a_pick_when_only_one_has_it(surface, typed):
    programme = surface.programme
    surface.sync()
    first, second = (r["Key"] for r in review_rows(surface))
    assign = surface.find("Review", "Assign")[1]
    surface.type("Review", surface.find("Review", first)[0], assign, typed)
    surface.type("Review", surface.find("Review", second)[0], assign, "Sri Wahyuni")  # R003 and R004
    output = surface.sync()
    assert saved(programme) == [(first.split("/")[1], "R002", "S1", "pick")]
    assert "'Sri Wahyuni' is the name of 2 invitees: pick one from the list; skipped" in output
    # and on the sheet, where organisers look (cron runs --quiet)
    (row,) = [r for r in review_rows(surface) if r["Key"] == second]
    assert row["Review state"] == "Open — 2 invitees are called “Sri Wahyuni”: pick one from the list"


def test_a_pick_on_another_session_is_applied_by_a_sync_of_this_one(surface):
    """A pick on S2's row, then a sync of S1 only: S2 is replayed from its archive and settled
    in the same run, and the pick recorded only then (a run that fails first leaves it new)."""
    programme = surface.programme
    surface.sync("--due", session=None)  # S1 and S2, once
    s2 = next(r["Key"] for r in review_rows(surface) if r["Key"].startswith("S2/"))
    surface.type("Review", surface.find("Review", s2)[0], surface.find("Review", "Assign")[1], "ignore")
    output = surface.sync()  # --session S1
    assert "S2 (organisers' picks changed)" in output
    assert saved(programme) == [(s2.split("/")[1], "ignore", "S2", "pick")]
    assert surface.value("Session S2", s2.split("/")[1], "Status") == "Ignored"
    assert surface.sync("--due", session=None).strip() == "no session is due"


def test_an_open_row_whose_participant_is_placed_now_leaves_review(surface):
    """The roster gains the unmatched 'Galaxy' owner's colleague 'Tamu Baru': his open row is
    done, not 'kept'; open rows of other sessions stay."""
    programme = surface.programme
    programme.write(
        "s1.csv",
        (programme.root / "s1.csv").read_text()
        + "Tamu Baru,,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM,120,Yes,\n",
    )
    programme.write(
        "s2.csv",
        (programme.root / "s2.csv").read_text()
        + "Tamu Baru,,04/14/2020 01:00:00 PM,04/14/2020 03:00:00 PM,120,Yes,\n",
    )
    surface.sync("--due", session=None)
    names = [r["Display names"] for r in review_rows(surface)]
    assert names.count("Tamu Baru") == 2  # in S1's log and in S2's
    roster = (programme.root / "roster.csv").read_text()
    programme.write("roster.csv", roster + "R008;S1;DPMPTSP Kabupaten Sleman;Tamu Baru;;;;participant\n")
    output = surface.sync()
    assert "no longer in the log" not in output
    rows = review_rows(surface)
    assert [r["Key"].split("/")[0] for r in rows if r["Display names"] == "Tamu Baru"] == ["S2"]
    assert surface.value(S1, "i-R008", "Status") == "Present"
