"""Where a pick was made is where it is shown and undone (``overrides.csv``'s ``picked_in``).

Through the sheet (the real gspread client against the stateful fake) and the workbook, with
``vc-sync sync`` runs in sequence: a pick is undone by clearing its cell where it was made,
never by the empty cell of a row vc_sync made again after the organisers deleted the row; the
re-made row shows the pick, so it can still be undone there. A pick typed on a connection's
row, which becomes the credited person's row, binds none of that person's own connections.
"""

from __future__ import annotations

import csv

import pytest

from tests.test_organiser_edits import S1
from tests.test_review_loop import BAMBANG, review_rows, saved
from vc_sync.errors import InputError
from vc_sync.overrides import load_overrides
from vc_sync.roster import load_roster


def places(programme) -> list[tuple[str, str]]:
    with (programme.root / "overrides.csv").open(encoding="utf-8") as fh:
        return sorted((r["participant"], r["picked_in"]) for r in csv.DictReader(fh))


def review_pick(surface) -> tuple[str, str]:
    surface.sync()
    key = review_rows(surface)[0]["Key"]
    surface.type("Review", surface.find("Review", key)[0], surface.find("Review", "Assign")[1], BAMBANG)
    surface.sync()
    return key, key.split("/")[1]


def session_pick(surface) -> str:
    surface.sync()
    conn = review_rows(surface)[0]["Key"].split("/")[1]
    surface.type(S1, surface.find(S1, conn)[0], surface.find(S1, "Override")[1], BAMBANG)
    surface.sync()
    return conn


def test_a_pick_records_where_it_was_made(surface):
    conn = review_pick(surface)[1]
    assert places(surface.programme) == [(conn, "review")]


def test_a_session_tab_pick_binds_none_of_the_credited_persons_own_connections(surface):
    """The Override typed on Galaxy's row stays on it when it becomes Bambang's row, beside his
    own connection: later syncs read it as the pick already recorded, not as a new pick of
    every connection the row now holds."""
    conn = session_pick(surface)
    surface.sync()
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    assert places(surface.programme) == [(conn, "session")]
    assert surface.value(S1, "i-R002", "Status") == "Present"


def test_a_re_made_review_row_shows_its_pick_and_clearing_it_there_undoes_it(surface):
    key, conn = review_pick(surface)
    surface.delete_rows("Review", surface.find("Review", key)[0])
    surface.sync()
    (row,) = [r for r in review_rows(surface) if r["Key"] == key]
    assert row["Assign"] == BAMBANG
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    surface.type("Review", surface.find("Review", key)[0], surface.find("Review", "Assign")[1], None)
    surface.sync()
    assert saved(surface.programme) == []
    assert conn in surface.keys(S1)


def test_a_re_made_session_row_shows_its_pick_and_clearing_it_there_undoes_it(surface):
    conn = session_pick(surface)
    surface.delete_rows(S1, surface.find(S1, "i-R002")[0])
    surface.sync()
    assert surface.value(S1, "i-R002", "Override") == BAMBANG
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    surface.type(S1, surface.find(S1, "i-R002")[0], surface.find(S1, "Override")[1], None)
    surface.sync()
    assert saved(surface.programme) == []
    assert conn in surface.keys(S1)


def test_an_empty_cell_elsewhere_is_no_clearing(surface):
    """A pick made on Review is not undone by the credited person's session row, whose
    Override cell is empty (it never showed the pick), once the Review row is gone."""
    key, conn = review_pick(surface)
    surface.delete_rows("Review", surface.find("Review", key)[0])
    assert surface.value(S1, "i-R002", "Override") in (None, "")
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]


def test_a_pick_recorded_before_places_were_kept_gets_its_place(surface):
    """An ``overrides.csv`` of an older version (no ``picked_in``) still loads; a pick it
    holds is undone as before by any empty cell of its row, and the next sync records where
    its cell is."""
    conn = review_pick(surface)[1]
    path = surface.programme.root / "overrides.csv"
    path.write_text(f"participant,assign,session,source,note\n{conn},R002,S1,pick,\n", encoding="utf-8")
    surface.sync()
    assert places(surface.programme) == [(conn, "review")]
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]


def test_an_unknown_place_is_bad_input(programme):
    path = programme.root / "overrides.csv"
    path.write_text("participant,assign,session,source,picked_in\np-0123456789,R002,S1,pick,tab\n")
    roster = load_roster(programme.root / "roster.csv", ["S1", "S2"])
    with pytest.raises(InputError) as err:
        load_overrides(path, roster, ["S1", "S2"])
    assert "overrides.csv: line 2" in str(err.value) and "picked_in 'tab'" in str(err.value)


def test_a_deleted_choices_list_is_made_again_for_every_tab(surface):
    """Organisers unhide the Choices tab and delete it: the next sync of one session makes the
    list again and every session tab's dropdown offers it (the other session's too, which that
    run does not sync), not a reference to the deleted tab."""
    surface.sync("--due", session=None)
    surface.delete_tab("Choices")
    assert any("#REF!" in s for s in surface.dropdown_sources("Session S2"))
    surface.sync()
    assert "Choices" in surface.titles()
    for title in (S1, "Session S2", "Review"):
        sources = surface.dropdown_sources(title)
        assert sources and all("#REF!" not in s and "Choices" in s for s in sources), (title, sources)


def test_the_pick_columns_are_the_layouts_organisers_columns():
    from vc_sync.outputs.layout import PICK_COLUMNS, review_columns, session_columns
    from vc_sync.outputs.words import Words

    inputs = {c.id for c in (*session_columns(Words()), *review_columns(Words())) if c.input}
    assert inputs == set(PICK_COLUMNS)


def rows_made(programme) -> list[tuple[str, str]]:
    with (programme.root / "overrides.csv").open(encoding="utf-8") as fh:
        return sorted((r["participant"], r["picked_row"]) for r in csv.DictReader(fh))


def test_a_pick_records_the_row_it_was_made_on(surface):
    key, conn = review_pick(surface)
    assert rows_made(surface.programme) == [(conn, key)]


def test_a_pick_typed_on_an_invitees_own_row_is_changed_there_after_its_connection_left(surface):
    """The organisers put Bambang's phone on Andi (typed on Bambang's row); the phone leaves
    for Andi's row, the cell stays on Bambang's, which holds no connection now. Changing that
    cell ('abaikan') changes the pick; clearing it undoes it. Andi's row's empty cell never
    did either."""
    surface.sync()
    phone = surface.value(S1, "i-R002", "Connections")
    row = surface.find(S1, "i-R002")[0]
    col = surface.find(S1, "Override")[1]
    surface.type(S1, row, col, "Andi Kurniawan · DPMPTSP Kabupaten Sleman")
    surface.sync()
    surface.sync()
    assert saved(surface.programme) == [(phone, "R001", "S1", "pick")]
    assert rows_made(surface.programme) == [(phone, "i-R002")]
    surface.type(S1, surface.find(S1, "i-R002")[0], col, "abaikan")
    out = surface.sync()
    assert "cannot be applied" not in out
    assert saved(surface.programme) == [(phone, "ignore", "S1", "pick")]
    surface.type(S1, surface.find(S1, "i-R002")[0], col, None)
    surface.sync()
    assert saved(surface.programme) == []
