"""The pure planner: where it writes, what verify() refuses, and rows inserted as a program would."""

from __future__ import annotations

import re

import openpyxl
import pytest

from vc_sync.outputs.grid import Grid, blocked_by_merges
from vc_sync.outputs.plan import UnsafePlan, Write, plan_tab, verify
from vc_sync.outputs.tabs import KEY, Column, Tab
from vc_sync.outputs.xlsx_edit import insert_rows, shift_formula

COLUMNS = (Column(KEY, "Key"), Column("name", "Name"), Column("minutes", "Minutes", kind="number"))
OURS = re.compile(r"k\d+")


def tab(*rows: tuple[str, str, float]) -> Tab:
    return Tab("t", "T", COLUMNS, tuple({KEY: k, "name": n, "minutes": m} for k, n, m in rows), OURS)


def anchored(values, header=0, columns=None) -> Grid:
    return Grid(
        "T", tuple(tuple(r) for r in values), "t", header, columns or {KEY: 0, "name": 1, "minutes": 2}
    )


def test_only_changed_cells_of_keyed_rows_are_written():
    grid = anchored([("Key", "Name", "Minutes", "Catatan"), ("k1", "Andi", 10, "ok"), ("k2", "Budi", 5, "")])
    plan = plan_tab(tab(("k1", "Andi", 12), ("k2", "Budi", 5), ("k3", "Citra", 7)), grid)
    assert plan.writes == [Write(1, 2, 12), Write(3, 0, "k3"), Write(3, 1, "Citra"), Write(3, 2, 7)]
    assert (plan.added, plan.updated, plan.unchanged) == (1, 1, 1)


def test_new_rows_go_below_everything_used_by_anyone():
    grid = anchored([("Key", "Name", "Minutes"), ("k1", "Andi", 10), (), (), ("", "", "", "Rapat")])
    plan = plan_tab(tab(("k1", "Andi", 10), ("k2", "Budi", 5)), grid)
    assert {w.row for w in plan.writes} == {5}


def test_verify_refuses_a_write_on_an_organisers_row():
    grid = anchored([("Key", "Name", "Minutes"), ("k1", "Andi", 10), ("", "their row", "")])
    plan = plan_tab(tab(("k1", "Andi", 10)), grid)
    plan.writes.append(Write(2, 1, "x"))
    with pytest.raises(UnsafePlan, match=r"B3, on a row that is not vc_sync's"):
        verify(plan, grid)


def test_verify_refuses_a_write_outside_the_tools_columns():
    grid = anchored([("Key", "Name", "Minutes", "Catatan"), ("k1", "Andi", 10, "ok")])
    plan = plan_tab(tab(("k1", "Andi", 10)), grid)
    plan.writes.append(Write(1, 3, "x"))
    with pytest.raises(UnsafePlan, match=r"D2, outside vc_sync's columns"):
        verify(plan, grid)


def test_verify_refuses_overwriting_a_header_an_organiser_named():
    grid = anchored([("Key", "Nama", "Minutes"), ("k1", "Andi", 10)])
    plan = plan_tab(tab(("k1", "Andi", 10)), grid)
    assert plan.writes == []  # a renamed header is a label, kept
    plan.writes.append(Write(0, 1, "Name"))
    with pytest.raises(UnsafePlan, match="which an organiser named"):
        verify(plan, grid)


def test_verify_refuses_two_columns_on_one():
    grid = anchored([("Key", "Name", "Minutes"), ("k1", "Andi", 10)])
    plan = plan_tab(tab(("k1", "Andi", 10)), grid)
    plan.columns["minutes"] = plan.columns["name"]
    with pytest.raises(UnsafePlan, match="two of vc_sync's columns on one"):
        verify(plan, grid)


def test_anchors_on_one_column_are_dropped_and_the_columns_added_again():
    grid = anchored(
        [("Key", "Name", "Minutes"), ("k1", "Andi", 10)], columns={KEY: 0, "name": 1, "minutes": 1}
    )
    plan = plan_tab(tab(("k1", "Andi", 10)), grid)
    assert plan.columns == {KEY: 0, "name": 3, "minutes": 4}
    assert plan.restored == ["Name", "Minutes"]


def test_merged_cells_are_skipped_and_named():
    merges = ((1, 1, 1, 2),)  # B2:C2
    grid = Grid(
        "T", (("Key", "Name", "Minutes"), ("k1", "Andi", 10)), "t", 0, {KEY: 0, "name": 1, "minutes": 2}
    )
    grid = Grid(
        grid.title, grid.values, grid.tab, grid.header, grid.columns, blocked_by_merges(merges), merges
    )
    plan = plan_tab(tab(("k1", "Andy", 12)), grid)
    assert plan.writes == [Write(1, 1, "Andy")]
    assert plan.warnings == [
        "T: C2 merged or protected; not written (unmerge them to let vc_sync update them)"
    ]


def test_a_cleared_value_is_written_as_none():
    grid = anchored([("Key", "Name", "Minutes"), ("k1", "Andi", 10)])
    plan = plan_tab(tab(("k1", "", 10)), grid)
    assert plan.writes == [Write(1, 1, "")]


def test_formulas_follow_an_inserted_row_like_a_spreadsheet_program():
    assert shift_formula("=SUM(B2:B9)", "T", "T", 3) == "=SUM(B2:B10)"
    assert shift_formula("=SUM(B2:B9)", "T", "Other", 3) == "=SUM(B2:B9)"  # another sheet's B
    assert shift_formula("=SUM('T'!$B$3:$B$9)+A1", "T", "Other", 3) == "=SUM('T'!$B$4:$B$10)+A1"
    assert shift_formula('=COUNTIF(T!I:I,"x")', "T", "Other", 3) == '=COUNTIF(T!I:I,"x")'
    assert shift_formula("=Anggaran2023*2", "T", "T", 1) == "=Anggaran2023*2"  # a name, not a cell


def test_insert_row_moves_what_refers_to_rows(tmp_path):
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Sesi"
    other = book.create_sheet("Rekap")
    for r in range(1, 6):
        ws.cell(r, 1, f"a{r}")
    ws["B1"] = "=A5"
    other["A1"] = "=COUNTA(Sesi!A1:A5)"
    ws.merge_cells("C4:D5")
    ws.defined_names["_vcsync.header"] = DefinedName("_vcsync.header", attr_text="Sesi!$3:$3")
    dv = DataValidation(type="list", formula1="Rekap!$A$1:$A$3")
    dv.add("E3:E9")
    ws.add_data_validation(dv)
    ws.auto_filter.ref = "A3:E5"
    insert_rows(book, ws, 2)  # above row 3
    assert [ws.cell(r, 1).value for r in range(1, 7)] == ["a1", "a2", None, "a3", "a4", "a5"]
    assert ws["B1"].value == "=A6" and other["A1"].value == "=COUNTA(Sesi!A1:A6)"
    assert [str(m) for m in ws.merged_cells.ranges] == ["C5:D6"]
    assert ws.defined_names["_vcsync.header"].attr_text == "Sesi!$4:$4"
    assert str(ws.data_validations.dataValidation[0].sqref) == "E4:E10"
    assert ws.auto_filter.ref == "A4:E6"
    book.save(tmp_path / "x.xlsx")  # still a valid workbook
    openpyxl.load_workbook(tmp_path / "x.xlsx")
