"""Hostile review 26e: reviews 26a (picks: superseded cells, ``picked_on``, picks on rows of
invitees removed from the roster) and 26b (a dropped invitee's row stays vc_sync's and becomes its
connection's row in place; values typed into vc_sync's empty cells kept) as merged, used
together by organisers, on the Google Sheet (real gspread against the stateful fake) and the
workbook, with ``vc-sync sync`` runs in sequence: picks, clears, roster removals and
re-additions, a language switch, ``--force``, both outputs at once, a crash then a rerun.

Every sequence must settle (``settled``: two quiet syncs change nothing). Findings fixed on this
branch pass; the ones left for the lead are strict xfails whose reason starts with "finding:".
"""

from __future__ import annotations

from collections import Counter

import pytest

import vc_sync.sync
from tests.organisers import SheetSurface
from tests.test_hostile_review_25e import (
    ANDI,
    andi_typed_on_bambangs_row,
    connections,
    lines,
    override,
    settled,
)
from tests.test_organiser_edits import S1
from tests.test_review_loop import BAMBANG, review_rows

BAMBANG_LINE = "R002;S1;DPMPTSP Kabupaten Sleman;Drs. Bambang Hadi, M.Si.;;0812-3456-7890;;participant\n"
TYPED = "bambang.hadi@slemankab.go.id"


def drop_bambang(p) -> None:
    p.edit("roster.csv", BAMBANG_LINE, "")


def bring_bambang_back(p) -> None:
    p.edit("roster.csv", "R003;", BAMBANG_LINE + "R003;")


def warnings(output: str) -> list[str]:
    return [ln for ln in output.splitlines() if ln.startswith("warning")]


def one_row_each(surface, title: str = S1) -> None:
    """No key twice, no connection on two rows."""
    keys = surface.keys(title)
    assert len(keys) == len(set(keys)), keys
    head, col = surface.find(title, "Connections")
    held = Counter(
        c.strip()
        for (r, cc), v in surface.cells(title).items()
        if cc == col and r != head
        for c in str(v).split(";")
        if c.strip()
    )
    assert all(n == 1 for n in held.values()), held


@pytest.fixture
def both(programme, sheets):
    """The shared sheet and a local workbook; organisers work on the sheet."""
    surface = SheetSurface(programme, sheets)
    programme.edit("config.toml", "[output]\n", '[output]\nxlsx = "out/attendance.xlsx"\n')
    return surface


def _email_typed_on_bambangs_row(surface) -> tuple[str, int, int]:
    """A sync, then an e-mail typed into Bambang's empty Email cell and a sync; his phone, his
    row and the Email column."""
    surface.sync()
    (phone,) = connections(surface, "i-R002")
    row = surface.find(S1, "i-R002")[0]
    email = surface.find(S1, "Email")[1]
    surface.type(S1, row, email, TYPED)
    surface.sync()
    return phone, row, email


# --- findings fixed on this branch -------------------------------------------------------------------


def test_a_value_typed_on_a_dropped_invitees_row_stays_when_the_row_becomes_its_connections(surface):
    """An organiser types Bambang's e-mail into the empty Email cell of his row (kept, 26b); the
    secretariat then drops him from the roster, and his row becomes his phone's row in place
    (26b). The e-mail was erased without a word (the row's key, status and invitee changed, so
    it no longer 'said the same'), and putting Bambang back did not bring it back. The phone's
    log says the same as before, so a value in a column vc_sync takes from the log alone and
    leaves empty was typed: it stays, named, both ways."""
    p = surface.programme
    phone, row, email = _email_typed_on_bambangs_row(surface)
    drop_bambang(p)
    said = warnings(surface.sync())
    assert surface.find(S1, phone)[0] == row and "i-R002" not in surface.keys(S1)
    assert surface.cells(S1).get((row, email)) == TYPED
    assert [w for w in said if f"{S1}: F{row + 1} kept as you typed" in w], said
    assert all([w for w in ws if "kept as you typed" in w] for ws in settled(surface))
    bring_bambang_back(p)
    surface.sync()
    assert surface.find(S1, "i-R002")[0] == row
    assert surface.value(S1, "i-R002", "Status") == "Present"
    assert surface.cells(S1).get((row, email)) == TYPED
    assert all([w for w in ws if "kept as you typed" in w] for ws in settled(surface))
    one_row_each(surface)


def test_a_pick_moving_a_connection_still_writes_its_row_anew(surface):
    """Guard for the fix above: a row whose connection an organiser's pick moved is written
    anew (26b), but (review 27a) a value typed there is no longer erased without a word: the
    state store records what vc_sync wrote in each cell, so the typed e-mail stays, named."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"].split("/")[1]
    row = surface.find(S1, galaxy)[0]
    email = surface.find(S1, "Email")[1]
    surface.type(S1, row, email, "tamu@example.go.id")
    surface.sync()
    override(surface, galaxy, BAMBANG)
    said = warnings(surface.sync())
    now = surface.find(S1, "i-R002")[0]  # the row the pick was made on is Bambang's now
    assert surface.find(S1, BAMBANG)[0] == now
    assert surface.cells(S1).get((now, email)) == "tamu@example.go.id"
    assert [w for w in said if f"{S1}: F{now + 1} kept as you typed" in w], said
    assert galaxy in connections(surface, "i-R002")


def test_force_leaves_the_row_of_a_dropped_invitee_whose_cell_made_a_pick(surface):
    """'Andi' typed on Bambang's row sends his phone to Andi; Bambang leaves the roster, his row
    stays, showing the pick (26a + 26b). `--force` cleared the row: the cell saying 'Andi' was
    left on a keyless row where clearing it undid nothing any more, and putting Bambang back
    made a second cell saying it. The row is where the pick lives: --force leaves it while its
    cell makes the pick, and removes it once the organisers cleared it (the pick undone)."""
    p = surface.programme
    phone = andi_typed_on_bambangs_row(surface)
    drop_bambang(p)
    surface.sync()
    surface.sync("--force")
    assert "i-R002" in surface.keys(S1)
    assert surface.value(S1, "i-R002", "Override") == ANDI
    assert lines(p) == [(phone, "R001", "S1", "session", "i-R002")]
    override(surface, "i-R002", None)
    surface.sync("--force")
    assert lines(p) == []
    surface.sync("--force")
    assert "i-R002" not in surface.keys(S1)
    assert ANDI not in surface.cells(S1).values()
    assert phone not in connections(surface, "i-R001")
    one_row_each(surface)


def test_with_both_outputs_force_keeps_the_picked_row_only_where_the_pick_is(both):
    """The sheet's Bambang row holds the pick; the workbook's copy of his row holds no cell of
    it: --force removes that one."""
    from openpyxl import load_workbook

    p = both.programme
    both.sync()
    override(both, "i-R002", ANDI)
    both.sync()
    drop_bambang(p)
    both.sync()
    both.sync("--force")
    assert "i-R002" in both.keys(S1)
    keys = [c.value for ws in [load_workbook(p.xlsx)[S1]] for row in ws.iter_rows() for c in row]
    assert "i-R002" not in keys


@pytest.mark.parametrize("dropped", [False, True])
def test_a_cell_changed_to_name_nobody_says_its_pick_still_stands(surface, dropped):
    """'Andi' typed on Bambang's row sent his phone to Andi (the row holds no connection now),
    Bambang maybe dropped from the roster since. The organisers change the cell to a name no
    invitee has: the pick silently stayed Andi's, no warning at all (a cell that made a pick
    was never warned about), while the same text on a row holding connections is named. It
    stays (the cell still made it), and the sync says so at each run."""
    p = surface.programme
    phone = andi_typed_on_bambangs_row(surface)
    if dropped:
        drop_bambang(p)
        surface.sync()
    override(surface, "i-R002", "Tamu tidak dikenal")
    for said in [warnings(surface.sync()), *settled(surface)]:
        assert [w for w in said if "'Tamu tidak dikenal' names no invitee" in w and "stands" in w], said
    assert lines(p) == [(phone, "R001", "S1", "session", "i-R002")]
    override(surface, "i-R002", None)
    surface.sync()
    assert lines(p) == []


# --- sequences that hold (guards) -------------------------------------------------------------------


def test_a_pick_on_a_dropped_invitees_row_survives_his_return(surface):
    p = surface.programme
    phone = andi_typed_on_bambangs_row(surface)
    drop_bambang(p)
    surface.sync()
    bring_bambang_back(p)
    assert settled(surface) == [[], []]
    assert lines(p) == [(phone, "R001", "S1", "session", "i-R002")]
    assert surface.value(S1, "i-R002", "Status") == "Absent"
    assert surface.value(S1, "i-R002", "Override") == ANDI
    one_row_each(surface)


def test_a_pick_on_the_row_a_dropped_invitee_left_to_his_connection(surface):
    """Bambang dropped: his row is his phone's. 'Andi' typed there sends the phone to Andi;
    Bambang comes back absent, on a row of his own; clearing the cell gives him the phone back."""
    p = surface.programme
    surface.sync()
    (phone,) = connections(surface, "i-R002")
    drop_bambang(p)
    surface.sync()
    override(surface, phone, ANDI)
    surface.sync()
    bring_bambang_back(p)
    assert settled(surface) == [[], []]
    assert [ln[:2] for ln in lines(p)] == [(phone, "R001")]
    assert phone in connections(surface, "i-R001")
    assert surface.value(S1, "i-R002", "Status") == "Absent"
    one_row_each(surface)
    override(surface, "i-R001", None)
    assert settled(surface) == [[], []]
    assert lines(p) == []
    assert surface.value(S1, "i-R002", "Status") == "Present"
    one_row_each(surface)


def test_a_pick_on_a_dropped_invitees_row_is_undone_there_after_a_language_switch(surface):
    p = surface.programme
    andi_typed_on_bambangs_row(surface)
    drop_bambang(p)
    surface.sync()
    p.edit("config.toml", "[output]\n", '[output]\nlanguage = "id"\n')
    surface.sync()
    assert len(lines(p)) == 1
    sesi = "Sesi S1"
    surface.type(sesi, surface.find(sesi, "i-R002")[0], surface.find(sesi, "Koreksi")[1], None)
    surface.sync()
    assert lines(p) == []


def test_a_typed_value_on_a_dropped_invitees_row_stays_through_a_language_switch_in_the_same_sync(surface):
    p = surface.programme
    phone, row, email = _email_typed_on_bambangs_row(surface)
    drop_bambang(p)
    p.edit("config.toml", "[output]\n", '[output]\nlanguage = "id"\n')
    said = warnings(surface.sync())
    sesi = "Sesi S1"
    assert surface.find(sesi, phone)[0] == row
    assert surface.cells(sesi).get((row, email)) == TYPED
    assert [w for w in said if f"{sesi}: F{row + 1} kept as you typed" in w], said


# --- findings left for the lead ---------------------------------------------------------------------


def _galaxy_picked_as_bambang(surface) -> tuple[str, str]:
    """The Galaxy phone picked as Bambang on its own row; the Galaxy's key and his own phone's."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"].split("/")[1]
    (phone,) = connections(surface, "i-R002")
    override(surface, galaxy, BAMBANG)
    return galaxy, phone


def _only_the_galaxy_is_ignored(surface, galaxy: str, phone: str) -> None:
    """After the rerun: the pick recorded once, by the row it is on; 'abaikan' there then
    ignores the Galaxy alone, never Bambang's own phone."""
    surface.sync()
    assert lines(surface.programme) == [(galaxy, "R002", "S1", "session", "i-R002")]
    override(surface, "i-R002", "abaikan")
    settled(surface)
    assert surface.value(S1, "i-R002", "Status") == "Present"
    assert connections(surface, "i-R002") == [phone]


def test_a_run_that_cannot_record_its_picks_writes_nothing_and_the_rerun_converges(surface, monkeypatch):
    """Found by this review: the run died after writing the outputs (the Galaxy's row became
    Bambang's, keyed i-R002, his own phone on it) and before overrides.csv was saved, and the
    rerun read 'Bambang' on his row as a new pick of both connections there: 'abaikan' typed
    later ignored Bambang himself. Picks are now recorded before the outputs are written: a
    run that cannot record them (the disk full) writes nothing, and the rerun picks as the
    first would have."""
    galaxy, phone = _galaxy_picked_as_bambang(surface)

    def dies(*_args, **_kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(vc_sync.sync, "save_overrides", dies)
    surface.sync(code=1)
    monkeypatch.undo()
    assert galaxy not in connections(surface, "i-R002")  # nothing was written
    _only_the_galaxy_is_ignored(surface, galaxy, phone)


def test_a_write_that_dies_after_the_picks_are_recorded_converges(programme, sheets):
    """The same, the other way round: overrides.csv saved, then the sheet refuses the write
    (a 400 is not retried). The rerun reads the cell where it still is, recorded."""
    surface = SheetSurface(programme, sheets)
    galaxy, phone = _galaxy_picked_as_bambang(surface)
    sheets.fail("values:batchUpdate", 400, {"error": {"code": 400, "message": "bad"}}, method="POST")
    surface.sync(code=1)
    assert lines(programme) == [(galaxy, "R002", "S1", "session", "i-R002")]  # recorded first
    _only_the_galaxy_is_ignored(surface, galaxy, phone)


def test_a_note_beside_the_credited_persons_own_row_stays_beside_them(surface):
    """Organisers note 'datang terlambat' in a column of their own beside Andi's row, then pick
    the Galaxy phone as Andi on its own row. The pick's row becomes Andi's (a pick lives in its
    cell) and his own row is vacated (its cells of vc_sync's cleared): the note stays on a blank
    row, no longer beside anyone, and no warning says so, where 26b keeps a dropped invitee's row
    in place with the organisers' cells on it. Both rows hold organisers' cells and one must go:
    which, and what is said, is the lead's call (predates 26a/26b). Decided: the pick's row
    stays Andi's (the pick lives in its cell); the sync names the row left and the cells on it."""
    surface.sync()
    surface.insert_cols(S1, 0)
    surface.type(S1, surface.find(S1, "Key")[0], 0, "Catatan")
    surface.type(S1, surface.find(S1, "i-R001")[0], 0, "datang terlambat")
    galaxy = review_rows(surface)[0]["Key"].split("/")[1]
    override(surface, galaxy, ANDI)
    output = surface.sync()
    assert galaxy in connections(surface, "i-R001")
    noted = surface.cells(S1).get((surface.find(S1, "i-R001")[0], 0)) == "datang terlambat"
    assert noted or [w for w in warnings(output) if "datang terlambat" in w or "Catatan" in w]
    (said,) = [w for w in warnings(output) if "Catatan" in w]
    assert "(Andi Kurniawan) is no longer vc_sync's; your cells on it (Catatan) stay there" in said


@pytest.mark.parametrize("dropped", [False, True])
def test_a_workbook_pick_survives_the_workbook_leaving_the_config(both, dropped):
    """Organisers type 'Andi' on Bambang's row in the workbook (recorded ``picked_on =
    workbook``); the sheet's Bambang row, which vc_sync never writes an organisers' cell of,
    stays empty. The secretariat then keeps the sheet only (maybe after dropping Bambang, whose
    row stays on both, 26b). The next sync reads the sheet's empty cell as the pick cleared:
    the phone goes back, Andi's attendance changes, and nothing says so. 'An empty cell anywhere
    else undoes nothing': that cell never held the pick. Fixed (sync._departed): a pick made in
    an output no longer written is not undone by the other's empty cell, and a warning says so;
    its cell there saying the same makes that output its home."""
    from tests.organisers import WorkbookSurface

    p = both.programme
    book = WorkbookSurface(p)
    both.sync()
    (phone,) = connections(book, "i-R002")
    override(book, "i-R002", ANDI)
    both.sync()
    assert lines(p) == [(phone, "R001", "S1", "session", "i-R002")]
    if dropped:
        drop_bambang(p)
        both.sync()
    p.edit("config.toml", '[output]\nxlsx = "out/attendance.xlsx"\n', "[output]\n")
    said = both.sync()
    assert lines(p) == [(phone, "R001", "S1", "session", "i-R002")]
    assert phone in connections(both, "i-R001")
    assert "1 pick made in the workbook, which the configuration no longer writes, stands" in said
