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
