"""``vc-sync demo`` run again on a workbook a secretary edited says what sync would say: the
cells of theirs it kept, naming the pick column as the Indonesian workbook's header says it."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from vc_sync.cli import cli


def demo(out) -> str:
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_second_demo_names_the_cells_kept_as_typed(tmp_path):
    assert "warning" not in demo(tmp_path)
    path = tmp_path / "vc_sync_demo.xlsx"
    book = openpyxl.load_workbook(path)
    ws = book["Sesi S1"]
    header = [c.value for c in ws[1]]
    email = header.index("Email") + 1
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, email).value in (None, ""))
    ws.cell(row, email).value = "sekretariat.baru@bantulkab.go.id"
    book.save(path)
    said = demo(tmp_path)
    cell = f"{openpyxl.utils.get_column_letter(email)}{row}"
    assert f"warning: Sesi S1: {cell} kept as you typed them" in said
    assert "say in Koreksi" in said and "Override" not in said
    kept = openpyxl.load_workbook(path)["Sesi S1"].cell(row, email).value
    assert kept == "sekretariat.baru@bantulkab.go.id"


def test_a_pick_made_in_the_demo_workbook_is_recorded_and_undone_when_cleared(tmp_path):
    """The demo keeps picks in vc_sync_demo_overrides.csv beside the workbook and reads them
    back, as a sync reads its overrides.csv: a pick cleared in its cell leaves the file (it used
    to stay there, recorded, while the workbook no longer applied it)."""
    demo(tmp_path)
    path, picks = tmp_path / "vc_sync_demo.xlsx", tmp_path / "vc_sync_demo_overrides.csv"
    book = openpyxl.load_workbook(path)
    review = book["Tinjauan"]
    assign = [c.value for c in review[1]].index("Tetapkan") + 1
    review.cell(2, assign).value = "abaikan"
    book.save(path)
    assert "To settle: 13 connections" in demo(tmp_path)
    assert len(picks.read_text(encoding="utf-8").splitlines()) == 2  # the header and the pick
    book = openpyxl.load_workbook(path)
    review = book["Tinjauan"]
    (row,) = [r for r in range(2, review.max_row + 1) if review.cell(r, assign).value]
    review.cell(row, assign).value = None
    book.save(path)
    assert "To settle: 14 connections" in demo(tmp_path)
    assert len(picks.read_text(encoding="utf-8").splitlines()) == 1  # the header alone
