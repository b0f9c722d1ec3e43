"""The workbook in a real spreadsheet program: LibreOffice edits it as organisers do, vc_sync
syncs, and nothing of theirs is lost, misplaced or duplicated. Skipped where LibreOffice is not
installed; ``tests/fakes/excel.py`` stands in for it in the other tests."""

from __future__ import annotations

import re
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from tests.libreoffice import libreoffice, needs_libreoffice
from tests.organisers import WorkbookSurface
from tests.tables import records
from tests.test_organiser_edits import S1, SRI, change_log

pytestmark = needs_libreoffice


def test_libreoffice_edits_keep_the_anchors(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    email = surface.find(S1, "Email")[1]
    libreoffice(
        programme.xlsx,
        [
            ["insert_col", S1, 0],
            ["set", S1, 0, 0, "Status"],
            ["set", S1, 1, 0, "hadir (cek manual)"],
            ["insert_row", S1, 0],
            ["set", S1, 0, 0, "Absensi Bimtek"],
            ["delete_col", S1, email + 1],
            ["rename", S1, "Sesi 1"],
        ],
    )
    change_log(programme)
    output = surface.sync()
    assert "added at the right edge: Email" in output
    book = openpyxl.load_workbook(programme.xlsx)
    assert S1 not in book.sheetnames
    ws = book["Sesi 1"]
    assert ws["A1"].value == "Absensi Bimtek" and ws["A2"].value == "Status"
    assert ws["A3"].value == "hadir (cek manual)"
    rows = records(ws)
    keys = [r["Key"] for r in rows if r["Key"]]
    assert len(keys) == len(set(keys)) == 9
    sri = next(r for r in rows if r["Key"] == SRI)
    assert sri["Minutes"] == 120 and sri["Status"] == "Present"
    assert next(r for r in rows if r["Key"] == "i-R001")["Email"] == "andi.k@slemankab.go.id"


def test_a_libreoffice_save_changes_nothing_for_the_next_sync(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    surface.sync(session="S2")
    mine = max(c for _r, c in surface.cells(S1)) + 2
    libreoffice(
        programme.xlsx, [["set", S1, 2, mine, "catatan"], ["chart", "Summary", "Grafik", "Summary", "C2:D5"]]
    )
    before = programme.xlsx.stat().st_mtime_ns
    output = surface.sync()
    assert all(
        "0 added, 0 updated" in line and "(" not in line for line in output.splitlines() if "added" in line
    )
    assert "warning" not in output
    assert programme.xlsx.stat().st_mtime_ns == before  # not even rewritten


def _used(surface) -> str:
    cells = surface.cells(S1)
    return f"A1:{get_column_letter(max(c for _r, c in cells) + 1)}{max(r for r, _c in cells) + 1}"


def test_libreoffice_sorts_with_and_without_its_header_detection(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    name = surface.find(S1, "Name")[1]
    for has_header in (True, False):
        libreoffice(programme.xlsx, [["sort", S1, _used(surface), name, True, has_header]])
        output = surface.sync()
        keys = surface.keys(S1)
        assert len(keys) == len(set(keys)) == 8, output
        again = surface.sync()
        assert "0 added, 0 updated" in again.split(f"{S1}:")[1].splitlines()[0], again


def test_a_restored_header_moves_formulas_charts_links_and_arrays_with_it(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    andi = surface.find(S1, "i-R001")[0] + 1  # 1-based
    minutes = get_column_letter(surface.find(S1, "Minutes")[1] + 1)
    spare = max(c for _r, c in surface.cells(S1)) + 2
    libreoffice(
        programme.xlsx,
        [
            ["new_sheet", "Rekap", 0],
            ["formula", "Rekap", 0, 0, f"=$'Session S1'.{minutes}{andi}"],
            ["formula", "Rekap", 1, 0, f"=SUM($'Session S1'.{minutes}2:{minutes}9)"],
            ["formula", S1, andi - 1, spare, f"={minutes}{andi}*2"],
            ["chart", "Rekap", "Menit", S1, f"{minutes}2:{minutes}9"],
        ],
    )
    book = openpyxl.load_workbook(programme.xlsx)
    ws = book[S1]
    ws.cell(andi, spare + 2).value = "surat tugas Andi"
    ws.cell(andi, spare + 2).hyperlink = "https://drive.example.go.id/surat-andi.pdf"
    book["Rekap"]["B1"] = ArrayFormula("B1", f"=SUM('Session S1'!{minutes}2:{minutes}9*1)")
    book.save(programme.xlsx)
    libreoffice(programme.xlsx, [["delete_row", S1, 0]])
    cells = [
        ["get", "Rekap", 0, 0],
        ["get", "Rekap", 1, 0],
        ["get", "Rekap", 0, 1],
        ["get", S1, andi - 2, spare],
    ]
    before = libreoffice(programme.xlsx, cells, save=False)
    output = surface.sync()
    assert "header restored" in output
    cells[-1] = ["get", S1, andi - 1, spare]
    after = libreoffice(programme.xlsx, cells, save=False)
    assert [a["value"] for a in after] == [b["value"] for b in before]
    with zipfile.ZipFile(programme.xlsx) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    refs = [r for c in charts for r in re.findall(r"<(?:\w+:)?f>([^<]*)</(?:\w+:)?f>", c)]
    assert f"'Session S1'!${minutes}$2:${minutes}$9" in refs
    ws = openpyxl.load_workbook(programme.xlsx)[S1]
    links = {c.coordinate: c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink}
    assert links == {f"{get_column_letter(spare + 2)}{andi}": "https://drive.example.go.id/surat-andi.pdf"}


def test_a_renamed_tab_with_quotes_and_accents_and_its_header_restored(programme):
    title = "Sesi 1 — Bu Sri's «DIY»"
    surface = WorkbookSurface(programme)
    surface.sync()
    andi = surface.find(S1, "i-R001")[0] + 1
    name = get_column_letter(surface.find(S1, "Name")[1] + 1)
    quoted = "$'" + title.replace("'", "''") + "'"
    libreoffice(
        programme.xlsx,
        [
            ["rename", S1, title],
            ["new_sheet", "Rekap", 0],
            ["formula", "Rekap", 0, 0, f"={quoted}.{name}{andi}"],
            ["delete_row", title, 0],
        ],
    )
    change_log(programme)
    assert "header restored" in surface.sync()
    keys = surface.keys(title)
    assert len(keys) == len(set(keys)) == 9
    assert libreoffice(programme.xlsx, [["get", "Rekap", 0, 0]], save=False)[0]["string"] == "Andi Kurniawan"
    again = surface.sync()
    assert all("0 added, 0 updated" in line for line in again.splitlines() if "added" in line)


def test_a_copy_of_a_tab_is_a_snapshot_left_alone(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    libreoffice(programme.xlsx, [["copy_sheet", S1, "Arsip 14 April", 0]])
    snapshot = surface.cells("Arsip 14 April")
    change_log(programme)
    surface.sync()
    assert surface.cells("Arsip 14 April") == snapshot
    assert "Tamu Baru" in surface.cells(S1).values()


def test_deleted_tabs_come_back_and_the_dropdowns_offer_the_choices_again(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    summary = surface.cells("Summary")
    libreoffice(programme.xlsx, [["delete_sheet", "Choices"], ["delete_sheet", "Summary"]])
    surface.sync()
    book = openpyxl.load_workbook(programme.xlsx)
    assert "Choices" in book.sheetnames and surface.cells("Summary") == summary
    sources = [dv.formula1 for dv in book[S1].data_validations.dataValidation]
    assert sources and all("Choices" in s and "#REF" not in s for s in sources)
    again = surface.sync()
    assert all("0 added, 0 updated" in line for line in again.splitlines() if "added" in line)


def test_a_column_cut_away_is_followed_and_the_picks_in_a_moved_dropdown_column_read(programme):
    surface = WorkbookSurface(programme)
    surface.sync()
    far = max(c for _r, c in surface.cells(S1)) + 2
    agency = get_column_letter(surface.find(S1, "Agency")[1] + 1)
    override = get_column_letter(surface.find(S1, "Override")[1] + 1)
    galaxy = surface.find(S1, "Galaxy A51")[0]
    ops = [["move_range", S1, f"{agency}1:{agency}9", 0, far], ["set", S1, 0, 0, "Catatan"]]
    ops += [["set", S1, r, 0, f"konfirmasi WA {r}"] for r in range(1, 9)]
    ops += [
        ["move_range", S1, f"{override}1:{override}9", 0, far + 1],
        ["set", S1, galaxy, far + 1, "ignore"],
    ]
    libreoffice(programme.xlsx, ops)
    theirs = {rc: v for rc, v in surface.cells(S1).items() if rc[1] == 0}
    change_log(programme)
    surface.sync()
    assert {rc: v for rc, v in surface.cells(S1).items() if rc[1] == 0} == theirs
    assert surface.value(S1, SRI, "Agency") == "Dinas Pariwisata Kabupaten Bantul"
    assert ",ignore,S1,pick," in (programme.root / "overrides.csv").read_text()


def test_every_dropped_text_box_is_kept_somewhere(programme):
    def texts(path):
        with zipfile.ZipFile(path) as z:
            return b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/drawings/drawing")).decode()

    surface = WorkbookSurface(programme)
    surface.sync()
    for n, text in enumerate(("Catatan rapat pertama", "Catatan rapat kedua")):
        libreoffice(programme.xlsx, [["shape", "Summary", text]])
        if n:
            change_log(programme)
        output = surface.sync(session="S2" if not n else "S1")
        assert "shapes or text boxes" in output
        kept = "".join(texts(p) for p in programme.xlsx.parent.glob("attendance.before-vc_sync-*.xlsx"))
        assert text in kept
