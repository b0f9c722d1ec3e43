"""Workbooks as other programs and people leave them: chart sheets, copied tabs, shapes.

A chart sheet placed first once made openpyxl hand every tab's anchors to its left neighbour
(it numbers sheet-scoped names among worksheets when saving and among all sheets when
loading); vc_sync's anchors are workbook-level names, which name their tab by reference.
"""

from __future__ import annotations

import re
import zipfile

import openpyxl
from openpyxl.chart import BarChart, Reference

from tests.organisers import WorkbookSurface


def _chart_sheet_first(programme, *, notes: bool) -> None:
    book = openpyxl.load_workbook(programme.xlsx)
    if notes:
        tab = book.create_sheet("Petunjuk", 0)
        tab["A1"] = "Jangan ubah kolom Key"
        tab["A3"] = "Hubungi panitia: 0812-0000-0000"
    chart = BarChart()
    chart.add_data(Reference(book["Summary"], min_col=3, min_row=1, max_row=5), titles_from_data=True)
    book.create_chartsheet("Grafik", 0).add_chart(chart)
    book.save(programme.xlsx)


def test_a_chart_sheet_first_moves_no_anchor(programme):
    s = WorkbookSurface(programme)
    s.sync()
    _chart_sheet_first(programme, notes=False)
    assert "Session S2: 9 added" in s.sync(session="S2")
    again = s.sync(session="S2")
    book = openpyxl.load_workbook(programme.xlsx)
    assert book.sheetnames == ["Grafik", "Summary", "About", "Session S1", "Session S2", "Review", "Choices"]
    assert all("added" not in line or "0 added, 0 updated" in line for line in again.splitlines()), again


def test_a_chart_sheet_and_an_organisers_tab_first_get_nothing_written(programme):
    s = WorkbookSurface(programme)
    s.sync()
    _chart_sheet_first(programme, notes=True)
    s.sync(session="S2")
    out = s.sync(session="S2")
    with zipfile.ZipFile(programme.xlsx) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()  # Petunjuk, the first worksheet
    assert re.findall(r'<c r="([A-Z]+\d+)"', xml) == ["A1", "A3"], out
