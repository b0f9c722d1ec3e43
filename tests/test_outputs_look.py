"""How the outputs look to the secretariat (review 27d's findings): the Summary's totals print
bold (37 and 35 sat in a plain row at the bottom of a long table), by a conditional rule over the
table's rows on what a row's Agency cell says, so they stay bold when rows move (checked by
evaluating each output's own rule on its own cells); headers in the body's face; the chart in
the table's order; the pick columns' dropdowns saying what they take."""

from __future__ import annotations

import re

import openpyxl
from click.testing import CliRunner
from openpyxl.utils import column_index_from_string

from vc_sync.cli import cli

RULE = re.compile(r'\$([A-Z]+)(\d+)="((?:[^"]|"")*)"')


def sync(programme, session: str) -> None:
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", session])
    assert result.exit_code == 0, result.output


def bold_rows(formula: str, cell) -> tuple[int, set[int]]:
    """The first row a rule's formula speaks of, and a predicate's rows: those whose cell in
    the formula's column says one of its texts (``cell(row, col)``, both 1-based)."""
    found = RULE.findall(formula)
    assert found and formula.lstrip("=").startswith("OR(")
    (letter,), (first,) = {f[0] for f in found}, {f[1] for f in found}
    texts = {t.replace('""', '"') for _, _, t in found}
    col = column_index_from_string(letter)
    return int(first), {r for r in range(int(first), 200) if cell(r, col) in texts}


def test_the_workbooks_totals_print_bold(programme):
    sync(programme, "S1")
    sync(programme, "S2")
    ws = openpyxl.load_workbook(programme.xlsx)["Summary"]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules if r.type == "expression"]
    assert len(rules) == 1 and rules[0].dxf.font.b
    first, rows = bold_rows(rules[0].formula[0], lambda r, c: ws.cell(r, c).value)
    labels = [ws.cell(r, 1).value for r in sorted(rows)]
    assert labels == ["Total", "Agencies present"]
    assert first == 2 and ws.cell(1, 1).value == "Agency"  # the rule starts below the header
    totals = min(rows)
    assert ws.cell(totals, 3).value == sum(  # the bold row is the one that adds up
        ws.cell(r, 3).value or 0 for r in range(2, totals)
    )


def test_the_sheets_totals_print_bold(programme, sheets):
    sync(programme, "S1")
    sync(programme, "S2")
    tab = sheets.tab("Summary")
    rules = [
        r["booleanRule"] for r in tab.conditional if r["booleanRule"]["condition"]["type"] == "CUSTOM_FORMULA"
    ]
    assert len(rules) == 1 and rules[0]["format"] == {"textFormat": {"bold": True}}
    formula = rules[0]["condition"]["values"][0]["userEnteredValue"]
    assert formula.startswith("=")
    first, rows = bold_rows(formula, lambda r, c: tab.cells.get((r - 1, c - 1)))
    head = tab.header_row("Agency")
    assert first == head + 2  # 1-based: the first row below the header
    assert [tab.cells.get((r - 1, tab.column("Agency"))) for r in sorted(rows)] == [
        "Total",
        "Agencies present",
    ]


def test_the_workbooks_header_prints_in_the_bodys_face_and_the_chart_in_the_tables_order(tmp_path):
    """Review 27d: header cells printed in a fallback serif (a bold font with no name), and the
    chart listed the agencies bottom to top against the table's top to bottom."""
    import zipfile

    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    path = tmp_path / "vc_sync_demo.xlsx"
    ws = openpyxl.load_workbook(path)["Ringkasan"]
    head, body = ws.cell(1, 1).font, ws.cell(2, 1).font
    assert head.b and head.name == body.name == "Calibri" and head.sz == body.sz
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    assert len(charts) == 1 and 'orientation val="maxMin"' in charts[0]  # the agencies' axis


def test_the_pick_columns_say_what_to_pick_when_a_cell_is_chosen(programme, sheets):
    """Review 27d: nothing told a secretary that Tetapkan / Koreksi is a dropdown, or what it
    takes; both outputs' dropdowns now carry an input message, in the programme's language."""
    sync(programme, "S1")
    prompt = "Pick from the list: an invitee, an agency, or ignore. Clear the cell to undo."
    for title in ("Review", "Session S1"):
        rules = [v["rule"] for v in sheets.tab(title).validations]
        assert rules and all(r["inputMessage"] == prompt and r["showCustomUi"] for r in rules)
    book = openpyxl.load_workbook(programme.xlsx)
    for title in ("Review", "Session S1"):
        lists = [v for v in book[title].data_validations.dataValidation if v.type == "list"]
        assert lists and all(v.prompt == prompt and v.showInputMessage for v in lists)
