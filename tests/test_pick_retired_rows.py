"""A pick made on the row of an invitee since removed from the roster still lives in that cell:
the row is the organisers' now (vc_sync no longer writes it), but its pick cell is read for the
picks recorded there, so it is kept while it says the same, changed there and undone there.
Through the sheet (the real gspread client against the stateful fake) and the workbook.
"""

from __future__ import annotations

from tests.test_hostile_review_25e import (
    andi_typed_on_bambangs_row,
    connections,
    lines,
    override,
    settled,
)
from tests.test_organiser_edits import S1


def andi_typed_on_bambangs_row_then_bambang_leaves(surface) -> str:
    """'Andi' typed on Bambang's row sends his phone to Andi; then Bambang leaves the roster;
    his phone."""
    p = surface.programme
    phone = andi_typed_on_bambangs_row(surface)
    bambang = next(
        ln for ln in (p.root / "roster.csv").read_text().splitlines(True) if ln.startswith("R002;")
    )
    p.edit("roster.csv", bambang, "")
    return phone


def test_the_pick_holds_while_the_retired_rows_cell_says_it(surface):
    phone = andi_typed_on_bambangs_row_then_bambang_leaves(surface)
    assert settled(surface) == [[], []]
    assert lines(surface.programme) == [(phone, "R001", "S1", "session", "i-R002")]
    assert phone in connections(surface, "i-R001")


def test_changing_the_retired_rows_cell_changes_the_pick(surface):
    phone = andi_typed_on_bambangs_row_then_bambang_leaves(surface)
    surface.sync()
    override(surface, "i-R002", "abaikan")
    assert settled(surface) == [[], []]
    assert lines(surface.programme) == [(phone, "ignore", "S1", "session", "i-R002")]
    assert surface.value(S1, phone, "Status") == "Ignored"
