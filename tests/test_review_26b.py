"""Review 26b: three defects of the organisers' sheet left by hostile reviews 25a and 25d, on the
Google Sheet (real gspread against the stateful fake) and the local workbook (the shared
``surface`` fixture), with ``vc-sync sync`` runs in sequence.

1. A row keyed by an invitee the roster dropped stays vc_sync's (the state store records every
   invitee of a roster a sync wrote with): it becomes its connection's row, in place.
2. A value an organiser types into a cell vc_sync leaves empty is kept, and named in a warning.
3. A pick cell holding the dropdown's entry from before the roster renamed its invitee is the
   pick recorded from it, silently.
"""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from tests.test_hostile_review_25d import NEW_NAME, override, places
from tests.test_organiser_edits import S1
from tests.test_review_loop import BAMBANG, review_rows, saved
from vc_sync.cli import cli
from vc_sync.store import MIGRATIONS, Store

ANDI = "R001;S1;DPMPTSP Kabupaten Sleman;Andi Kurniawan;andi.k@slemankab.go.id;;Andy;participant\n"
BRAND_NEW = f"{NEW_NAME} · DPMPTSP Kabupaten Sleman"
S2 = "Session S2"


def connections(surface, title: str = S1) -> list[str]:
    head, col = surface.find(title, "Connections")
    return [
        c.strip()
        for (r, cc), v in surface.cells(title).items()
        if cc == col and r != head
        for c in str(v).split(";")
        if c.strip()
    ]


def warnings(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("warning")]


def seen(programme) -> list[tuple[str, str]]:
    store = Store(programme.root / ".vc_sync", read_only=True)
    try:
        return store.invitees_seen()
    finally:
        store.close()


# --- 1. an invitee the roster dropped ----------------------------------------------------------------


def test_a_present_invitee_taken_off_the_roster_leaves_the_row_to_the_connection_in_place(surface):
    """Andi attended; the secretariat drops him from the roster. His row (with the organisers'
    note beside it) becomes his connection's row, now a Delegate's: the same row, his name gone
    from it, the note kept, each connection on one row."""
    surface.sync()
    assert ("R001", "Andi Kurniawan · DPMPTSP Kabupaten Sleman") in seen(surface.programme)
    conn = surface.value(S1, "i-R001", "Connections")
    surface.insert_cols(S1, 0)
    head = surface.find(S1, "Key")[0]
    row = surface.find(S1, "i-R001")[0]
    surface.type(S1, head, 0, "Catatan")
    surface.type(S1, row, 0, "datang terlambat")
    surface.programme.edit("roster.csv", ANDI, "")
    surface.sync()
    assert surface.find(S1, conn)[0] == row  # in place
    assert surface.value(S1, conn, "Status") == "Delegate"
    assert surface.value(S1, conn, "Name") in (None, "")
    assert surface.value(S1, conn, "Invitee") in (None, "")
    assert surface.cells(S1)[(row, 0)] == "datang terlambat"
    assert "i-R001" not in surface.keys(S1)
    assert sorted(connections(surface)) == sorted(set(connections(surface)))
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys))
    surface.sync()  # and it stays so
    assert surface.find(S1, conn)[0] == row and "i-R001" not in surface.keys(S1)


def test_the_invitee_put_back_on_the_roster_gets_the_row_back(surface):
    """Undoing the roster change undoes the row's change: Andi's row again, where it was."""
    surface.sync()
    row = surface.find(S1, "i-R001")[0]
    conn = surface.value(S1, "i-R001", "Connections")
    surface.programme.edit("roster.csv", ANDI, "")
    surface.sync()
    surface.programme.edit("roster.csv", "R002;S1;", ANDI + "R002;S1;")
    surface.sync()
    assert surface.find(S1, "i-R001")[0] == row
    assert surface.value(S1, "i-R001", "Status") == "Present"
    assert surface.value(S1, "i-R001", "Name") == "Andi Kurniawan"
    assert conn not in surface.keys(S1)
    assert sorted(connections(surface)) == sorted(set(connections(surface)))


def test_an_absent_invitee_taken_off_the_roster_is_kept_and_said_so_until_force(surface):
    """Sri Wahyuni (Brebes) was absent from S2; dropped from the roster, her row is a row of
    vc_sync's nobody wants: kept and counted as such (as any row that left the log), removed
    with --force."""
    surface.sync(session="S2")
    assert surface.value(S2, "i-R004", "Status") == "Absent"
    surface.programme.edit(
        "roster.csv", "R004;S2;Dinas Pariwisata Kabupaten Brebes;Sri Wahyuni;;;;participant\n", ""
    )
    output = surface.sync(session="S2")
    assert "Session S2: 0 added, 0 updated" in output and "1 no longer in the log, kept" in output
    assert "i-R004" in surface.keys(S2)
    output = surface.sync("--force", session="S2")
    assert "1 removed" in output
    assert "i-R004" not in surface.keys(S2)


def test_a_row_keyed_by_an_id_no_roster_ever_had_stays_the_organisers(surface):
    """Guard: 'i-R999' typed by organisers on a row of their own (no sync ever wrote R999) is
    theirs: not removed, not rewritten, not read for picks."""
    surface.sync()
    key_col = surface.find(S1, "Key")[1]
    name_col = surface.find(S1, "Name")[1]
    below = max(r for r, _c in surface.cells(S1)) + 2
    surface.type(S1, below, key_col, "i-R999")
    surface.type(S1, below, name_col, "Tamu undangan")
    output = surface.sync("--force")
    assert surface.cells(S1)[(below, key_col)] == "i-R999"
    assert surface.cells(S1)[(below, name_col)] == "Tamu undangan"
    assert "removed" not in output.split("Session S1:")[1].splitlines()[0]


def test_a_dry_run_records_no_invitee(programme):
    """The record is of syncs that write: --dry-run writes nothing, the state store included."""
    sync = ["sync", "--config", str(programme.config), "--session", "S1"]
    result = CliRunner().invoke(cli, [*sync, "--dry-run"])
    assert result.exit_code == 0, result.output
    assert seen(programme) == []
    result = CliRunner().invoke(cli, sync)
    assert result.exit_code == 0, result.output
    assert {i for i, _label in seen(programme)} == {"R001", "R002", "R003", "R004", "R005", "R006", "R007"}
    assert ("R005", "") in seen(programme)  # an open seat: keyed rows, no dropdown entry


def test_the_store_records_each_entry_once_and_an_old_store_read_only_has_none(tmp_path):
    store = Store(tmp_path / "state")
    store.saw_invitees([("R001", "Andi · X"), ("R001", "Andi · X"), ("R002", "")])
    store.saw_invitees([("R001", "Andi K · X")])
    assert store.invitees_seen() == [("R001", "Andi K · X"), ("R001", "Andi · X"), ("R002", "")]
    store.close()
    old = tmp_path / "old"
    old.mkdir()
    db = sqlite3.connect(old / "state.db")
    db.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    db.close()
    read = Store(old, read_only=True)  # status and --dry-run never migrate
    assert read.invitees_seen() == []
    read.close()


# --- 2. an organiser's value in an empty cell of vc_sync's ----------------------------------------


def _type_email(surface) -> tuple[int, int]:
    surface.sync()
    r = surface.find(S1, "i-R002")[0]
    email = surface.find(S1, "Email")[1]
    assert (r, email) not in surface.cells(S1)
    surface.type(S1, r, email, "bambang.hadi@slemankab.go.id")
    return r, email


def test_a_value_typed_into_an_empty_cell_of_ours_is_kept_and_named_at_every_sync(surface):
    r, email = _type_email(surface)
    for _ in range(2):
        said = warnings(surface.sync())
        assert surface.cells(S1)[(r, email)] == "bambang.hadi@slemankab.go.id"
        assert [w for w in said if f"{S1}: F{r + 1} kept as you typed" in w], said
    assert surface.value(S1, "i-R002", "Status") == "Present"


def test_a_typed_value_is_kept_when_the_organisers_switch_language(surface):
    """The statuses are written anew in Indonesian; what vc_sync found is the same, so the value
    typed stays."""
    r, email = _type_email(surface)
    surface.programme.edit("config.toml", "[output]\n", '[output]\nlanguage = "id"\n')
    said = warnings(surface.sync())
    assert surface.cells("Sesi S1")[(r, email)] == "bambang.hadi@slemankab.go.id"
    assert (
        surface.cells("Sesi S1")[surface.find("Sesi S1", "i-R002")[0], surface.find("Sesi S1", "Status")[1]]
        == "Hadir"
    )
    assert [w for w in said if f"Sesi S1: F{r + 1} kept as you typed" in w], said


def test_a_value_typed_into_an_empty_cell_of_a_review_row_is_kept_too(surface):
    """The same on the review tab: an e-mail noted on an open row (a Galaxy phone) stays, and is
    named; settling the row writes it anew, the value typed kept (review 27a)."""
    surface.sync()
    key = review_rows(surface)[0]["Key"]
    r = surface.find("Review", key)[0]
    email = surface.find("Review", "Email")[1]
    assert (r, email) not in surface.cells("Review")
    surface.type("Review", r, email, "tamu@example.go.id")
    for _ in range(2):
        said = warnings(surface.sync())
        assert surface.cells("Review")[(r, email)] == "tamu@example.go.id"
        assert [w for w in said if f"Review: C{r + 1} kept as you typed" in w and "Assign" in w], said
    override(surface, key, "abaikan", title="Review", label="Assign")
    said = warnings(surface.sync())
    (row,) = [x for x in review_rows(surface) if x["Key"] == key]
    # review 27a: settled, the row keeps the value typed on it (vc_sync knows it never wrote it)
    assert not row["Review state"].startswith("Open") and row.get("Email") == "tamu@example.go.id"
    assert [w for w in said if "Review: " in w and "kept as you typed" in w], said


def test_a_typed_value_kept_costs_no_write(sheets, programme):
    from tests.organisers import SheetSurface

    surface = SheetSurface(programme, sheets)
    _type_email(surface)
    surface.fake.requests.clear()
    surface.sync()
    assert surface.fake.value_writes() == []


def test_a_typed_value_cleared_again_is_vc_syncs_cell_again(surface):
    r, email = _type_email(surface)
    surface.sync()
    surface.type(S1, r, email, None)
    assert not [w for w in warnings(surface.sync()) if "kept as you typed" in w]
    assert (r, email) not in surface.cells(S1)


def test_a_row_whose_evidence_changed_is_written_anew(surface):
    """Guard: the keeping holds while the row says what vc_sync found. Bambang's phone picked as
    Andi's: his row is now an absent invitee's, and what vc_sync wrote from the phone's log
    (display names, times, connections) leaves it."""
    surface.sync()
    phone = surface.value(S1, "i-R002", "Connections")
    override(surface, "i-R002", "Andi Kurniawan · DPMPTSP Kabupaten Sleman")
    surface.sync()
    assert surface.value(S1, "i-R002", "Status") == "Absent"
    for label in ("Display names", "First join", "Last leave", "Connections"):
        assert surface.value(S1, "i-R002", label) in (None, ""), label
    assert phone in str(surface.value(S1, "i-R001", "Connections"))


# --- 3. a pick cell holding the entry from before a rename --------------------------------------------


def test_a_session_tab_pick_by_the_former_entry_stays_the_pick_silently(surface):
    surface.sync()
    conn = review_rows(surface)[0]["Key"].split("/")[1]
    override(surface, conn, BAMBANG)
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    surface.programme.edit("roster.csv", "Drs. Bambang Hadi, M.Si.", NEW_NAME)
    for _ in range(2):
        assert warnings(surface.sync()) == []
        assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    assert surface.value(S1, "i-R002", "Override") == BAMBANG  # the organisers' cell, untouched
    assert surface.value(S1, "i-R002", "Name") == NEW_NAME
    assert (BRAND_NEW, "R002") in [(label, i) for i, label in seen(surface.programme)]


def test_the_former_entry_cleared_undoes_the_pick(surface):
    surface.sync()
    key = review_rows(surface)[0]["Key"]
    override(surface, key, BAMBANG, title="Review", label="Assign")
    surface.sync()
    surface.programme.edit("roster.csv", "Drs. Bambang Hadi, M.Si.", NEW_NAME)
    surface.sync()
    override(surface, key, None, title="Review", label="Assign")
    surface.sync()
    assert places(surface.programme) == []
    (row,) = [r for r in review_rows(surface) if r["Key"] == key]
    assert row["Review state"].startswith("Open")


def test_a_former_entry_typed_where_no_pick_was_recorded_names_nobody(surface):
    """Only the cell whose recorded pick names the same invitee reads a former entry: typed
    afresh on another row, it is what it says, an entry the dropdown no longer has."""
    surface.sync()
    first, second = (r["Key"] for r in review_rows(surface)[:2])
    override(surface, first, BAMBANG, title="Review", label="Assign")
    surface.sync()
    surface.programme.edit("roster.csv", "Drs. Bambang Hadi, M.Si.", NEW_NAME)
    surface.sync()
    override(surface, second, BAMBANG, title="Review", label="Assign")
    said = warnings(surface.sync())
    assert [w for w in said if "names no invitee, agency or ignore" in w], said
    assert saved(surface.programme) == [(first.split("/")[1], "R002", "S1", "pick")]


def test_a_store_that_never_recorded_the_invitee_learns_it_from_the_choices_tab(surface):
    """A store from before vc_sync recorded invitees (or another machine's): the Choices tab it
    wrote still offers Andi when the roster drops him, and that is what vc_sync wrote too."""
    surface.sync()
    db = sqlite3.connect(surface.programme.root / ".vc_sync" / "state.db")
    db.execute("DELETE FROM invitees_seen")
    db.commit()
    db.close()
    assert seen(surface.programme) == []
    conn = surface.value(S1, "i-R001", "Connections")
    row = surface.find(S1, "i-R001")[0]
    surface.programme.edit("roster.csv", ANDI, "")
    surface.sync()
    assert surface.find(S1, conn)[0] == row and "i-R001" not in surface.keys(S1)
    assert sorted(connections(surface)) == sorted(set(connections(surface)))
    assert ("R001", "Andi Kurniawan · DPMPTSP Kabupaten Sleman") in seen(surface.programme)
