"""A pick lives in the output it was typed in (``overrides.csv``'s ``picked_on``): with a sheet and
a workbook, rows vc_sync makes in the other output show it not, so a workbook added, written
afresh or exported with ``--xlsx`` never keeps alive a pick cleared where it was made, and an
output not read in a run undoes none of its picks. Through the sheet (the real gspread client
against the stateful fake) and the workbook, with ``vc-sync sync`` runs in sequence.
"""

from __future__ import annotations

import csv

import pytest

from tests.organisers import SheetSurface, WorkbookSurface
from tests.test_hostile_review_25e import assign, lines, settled
from tests.test_review_loop import BAMBANG, review_rows
from vc_sync.errors import InputError
from vc_sync.overrides import load_overrides
from vc_sync.roster import load_roster


def made_on(programme) -> list[tuple[str, str]]:
    with (programme.root / "overrides.csv").open(encoding="utf-8") as fh:
        return sorted((r["participant"], r["picked_on"]) for r in csv.DictReader(fh))


def review_pick(surface) -> tuple[str, str]:
    """A Review pick of the first Galaxy; (its Review key, its connection)."""
    surface.sync()
    key = review_rows(surface)[0]["Key"]
    assign(surface, key, BAMBANG)
    surface.sync()
    return key, key.split("/")[1]


def test_a_pick_records_the_output_it_was_made_in(surface):
    _key, conn = review_pick(surface)
    assert made_on(surface.programme) == [(conn, surface.name)]


@pytest.fixture
def both(programme, sheets):
    """The sheet and a workbook; organisers work on the sheet."""
    surface = SheetSurface(programme, sheets)
    programme.edit("config.toml", "[output]\n", '[output]\nxlsx = "out/attendance.xlsx"\n')
    return surface


def test_a_workbook_written_afresh_shows_no_sheet_pick_and_clearing_on_the_sheet_undoes_it(both):
    p = both.programme
    key, conn = review_pick(both)
    p.xlsx.unlink()  # organisers start the workbook afresh
    both.sync()
    book = WorkbookSurface(p)
    assert key in book.keys("Review") and book.value("Review", key, "Assign") in (None, "")
    assert made_on(p) == [(conn, "sheet")]
    assign(both, key, None)
    settled(both)
    assert lines(p) == []
    assert both.value("Review", key, "Review state") == "Open"


def test_a_sheet_pick_is_shown_and_undone_in_the_workbook_once_the_sheet_leaves_the_config(both):
    """The output a pick was made in is no longer configured: the workbook's rows are the only
    ones left, so they show it (a row written afresh), the cell saying it there becomes the
    pick's home, and clearing it there undoes it."""
    p = both.programme
    key, conn = review_pick(both)
    p.xlsx.unlink()
    p.edit("config.toml", 'sheet = "', '# sheet = "')
    book = WorkbookSurface(p)
    book.sync()
    assert book.value("Review", key, "Assign") == BAMBANG
    assert settled(book) == [[], []]
    assert made_on(p) == [(conn, "workbook")]
    assign(book, key, None)
    settled(book)
    assert lines(p) == []


def test_picked_on_naming_no_output_is_bad_input_naming_its_line(programme):
    path = programme.root / "overrides.csv"
    path.write_text(
        "participant,assign,session,source,note,picked_in,picked_row,picked_on\n"
        "p-47c8a696ad,R002,S1,pick,,review,S1/p-47c8a696ad,cloud\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_overrides(path, load_roster(programme.root / "roster.csv", ["S1", "S2"]), ["S1", "S2"])
    assert "overrides.csv: line 2: picked_on 'cloud' is neither blank, 'sheet' nor 'workbook'" in str(
        err.value
    )
