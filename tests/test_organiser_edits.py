"""Organisers edit the output freely; vc_sync finds its own cells by anchors and touches
nothing else. Every scenario runs on the Google Sheet and on the local workbook."""

from __future__ import annotations

import pytest

from tests.organisers import SheetSurface

S1 = "Session S1"
SRI = "i-R003"  # 30 minutes (short) in the first log, 120 (verified) once the log changes


def change_log(programme) -> None:
    """Sri Wahyuni stays longer, and someone new joins."""
    programme.edit(
        "s1.csv",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
    )
    text = (programme.root / "s1.csv").read_text()
    programme.write("s1.csv", text + "Tamu Baru,,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM,30,Yes,\n")


def assert_current(surface, status_label: str = "Status") -> None:
    """The tool's values are current, every row once, the newcomer on one row."""
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys)) == 9, keys
    assert surface.value(S1, SRI, status_label) == "Present"
    assert list(surface.cells(S1).values()).count("Tamu Baru") == 1
    review = surface.keys("Review")
    assert len(review) == len(set(review))
    assert len([k for k in review if k.startswith("S1/")]) == 3


def organiser_cells(surface, title: str, cols: set[int] | None = None, rows: set[int] | None = None) -> dict:
    return {
        (r, c): v
        for (r, c), v in surface.cells(title).items()
        if (cols is None or c in cols) and (rows is None or r in rows)
    }


def test_anchors_make_a_renamed_header_a_label_and_notes_beside_it_safe(surface):
    surface.sync()
    r, email = surface.find(S1, "Email")
    surface.type(S1, r, email, "E-mail")
    notes = max(c for (_r, c) in surface.cells(S1)) + 1
    surface.type(S1, r, notes, "Catatan")
    for key in surface.keys(S1):
        row = surface.find(S1, key)[0]
        surface.type(S1, row, notes, f"catatan {key}")
    theirs = organiser_cells(surface, S1, cols={notes})
    change_log(surface.programme)
    surface.sync()
    assert organiser_cells(surface, S1, cols={notes}) == theirs
    assert surface.cells(S1)[(r, email)] == "E-mail"
    assert "Email" not in surface.cells(S1).values()
    assert surface.value(S1, "i-R001", "E-mail") == "andi.k@slemankab.go.id"
    assert_current(surface)


def test_an_organisers_status_column_at_a_is_left_alone(surface):
    surface.sync()
    surface.insert_cols(S1, 0)
    header = surface.find(S1, "Key")[0]
    surface.type(S1, header, 0, "Status")
    for key in surface.keys(S1):
        surface.type(S1, surface.find(S1, key)[0], 0, "hadir (cek manual)")
    theirs = organiser_cells(surface, S1, cols={0})
    change_log(surface.programme)
    surface.sync()
    assert organiser_cells(surface, S1, cols={0}) == theirs
    ours = [c for (rr, c), v in surface.cells(S1).items() if rr == header and v == "Status"]
    assert len(ours) == 2  # theirs at A, vc_sync's where it was
    status = max(ours)
    assert surface.row(S1, SRI)[status] == "Present"
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys)) == 9


def test_a_title_row_above_the_header_moves_nothing(surface):
    surface.sync()
    surface.insert_rows(S1, 0)
    surface.type(S1, 0, 0, "Absensi Bimtek — Sesi 1")
    change_log(surface.programme)
    surface.sync()
    assert surface.cells(S1)[(0, 0)] == "Absensi Bimtek — Sesi 1"
    assert surface.find(S1, "Key")[0] == 1
    assert_current(surface)


def test_a_deleted_header_row_is_restored_in_place(surface):
    surface.sync()
    surface.insert_rows(S1, 0)
    surface.type(S1, 0, 0, "Absensi")
    surface.delete_rows(S1, 1)  # the header, below the title
    first = surface.find(S1, surface.keys(S1)[0])[0]
    change_log(surface.programme)
    output = surface.sync()
    assert f"header restored on row {first + 1}" in output
    assert surface.cells(S1)[(0, 0)] == "Absensi"
    assert surface.find(S1, "Key")[0] == first
    labels = ("Key", "Agency", "Name", "Status")
    assert [v for (r, _c), v in surface.cells(S1).items() if v in labels and r != first] == []
    assert_current(surface)


def test_a_deleted_tool_column_comes_back_at_the_right_edge(surface):
    surface.sync()
    header, email = surface.find(S1, "Email")
    notes = max(c for (_r, c) in surface.cells(S1)) + 1
    surface.type(S1, header, notes, "Catatan")
    surface.type(S1, header + 1, notes, "cek")
    surface.delete_cols(S1, email)
    theirs = organiser_cells(surface, S1, cols={notes - 1})
    change_log(surface.programme)
    output = surface.sync()
    assert "added at the right edge: Email" in output
    assert organiser_cells(surface, S1, cols={notes - 1}) == theirs
    assert surface.find(S1, "Email") == (header, notes)
    assert surface.value(S1, "i-R001", "Email") == "andi.k@slemankab.go.id"
    assert_current(surface)


def test_renamed_key_and_display_names_headers(surface):
    surface.sync()
    r, key = surface.find(S1, "Key")
    _r, names = surface.find(S1, "Display names")
    surface.type(S1, r, key, "ID")
    surface.type(S1, r, names, "Nama di Zoom")
    change_log(surface.programme)
    surface.sync()
    assert surface.cells(S1)[(r, key)] == "ID" and surface.cells(S1)[(r, names)] == "Nama di Zoom"
    assert_current(surface)


def test_merged_cells_are_named_and_the_rest_goes_on(surface):
    surface.sync()
    r = surface.find(S1, SRI)[0]
    _h, minutes = surface.find(S1, "Minutes")
    surface.merge(S1, r, minutes - 1, r, minutes)  # Last leave and Minutes of Sri's row
    change_log(surface.programme)
    output = surface.sync()
    cell = f"{chr(65 + minutes)}{r + 1}"
    assert f"warning: {S1}: {cell} merged or protected; not written" in output
    assert surface.value(S1, SRI, "Status") == "Present"  # the rest of the row is current
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys)) == 9


def test_renaming_summarys_first_headers_duplicates_nothing(surface):
    surface.sync()
    r, c = surface.find("Summary", "Key")
    _r, agency = surface.find("Summary", "Agency")
    surface.type("Summary", r, c, "Kode")
    surface.type("Summary", r, agency, "Instansi")
    before = surface.keys("Summary")
    change_log(surface.programme)
    surface.sync()
    assert sorted(surface.keys("Summary")) == sorted(before)
    assert surface.value("Summary", "total", "S1 present") == 4  # Sri Wahyuni now present too


def test_sorted_rows_are_updated_where_they_are(surface):
    surface.sync()
    header, name = surface.find(S1, "Name")
    surface.sort(S1, header + 1, name, reverse=True)
    order = surface.keys(S1)
    change_log(surface.programme)
    surface.sync()
    assert surface.keys(S1)[: len(order)] == order
    assert_current(surface)


def test_a_renamed_tab_is_still_vc_syncs(surface):
    surface.sync()
    surface.rename_tab(S1, "Sesi 1 (DIY)")
    change_log(surface.programme)
    surface.sync()
    assert "Sesi 1 (DIY)" in surface.titles() and S1 not in surface.titles()
    keys = surface.keys("Sesi 1 (DIY)")
    assert len(keys) == len(set(keys)) == 9


def test_a_key_typed_over_makes_the_row_theirs_and_the_person_comes_back_once(surface):
    surface.sync()
    r, key_col = surface.find(S1, "i-R001")
    surface.type(S1, r, key_col, "hadir")
    theirs = organiser_cells(surface, S1, rows={r})
    output = surface.sync()
    assert f"1 re-added because the key on row {r + 1} was typed over (that row is now yours)" in output
    assert organiser_cells(surface, S1, rows={r}) == theirs
    assert surface.keys(S1).count("i-R001") == 1
    output = surface.sync()
    assert "0 added" in output.split(f"{S1}:")[1].split("\n")[0]
    assert surface.keys(S1).count("i-R001") == 1


def test_a_column_whose_anchor_stayed_behind_is_not_written(surface):
    """Organisers cut vc_sync's Minutes away and typed their own words where it was."""
    surface.sync()
    header, minutes = surface.find(S1, "Minutes")
    for key in surface.keys(S1):
        surface.type(S1, surface.find(S1, key)[0], minutes, "lihat catatan")
    surface.type(S1, header, minutes, "Keterangan")
    theirs = organiser_cells(surface, S1, cols={minutes})
    change_log(surface.programme)
    output = surface.sync()
    assert "holds what vc_sync would not write" in output
    assert organiser_cells(surface, S1, cols={minutes}) == theirs
    assert surface.value(S1, SRI, "Minutes") == 120


def test_output_of_the_previous_version_is_taken_over_without_a_duplicate(surface):
    """A workbook vc_sync 0.1 wrote for this programme (tests/data): no anchors, Key at A, the
    Summary as 'Agency | S1 | S2 | Total', choices as 'R003 · name · agency'."""
    surface.load_previous_version()
    header = surface.find(S1, "Key")[0]
    notes = max(c for (_r, c) in surface.cells(S1)) + 1
    surface.type(S1, header, notes, "Catatan")
    surface.type(S1, header + 2, notes, "telepon dulu")
    theirs = organiser_cells(surface, S1, cols={notes})
    old_keys = surface.keys(S1)
    change_log(surface.programme)
    output = surface.sync()
    assert "taken over and anchored" in output
    assert organiser_cells(surface, S1, cols={notes}) == theirs
    assert surface.keys(S1)[: len(old_keys)] == old_keys  # the old rows, where they were
    assert_current(surface)
    agency = surface.find("Summary", "Agency")[1]
    assert agency == 0  # the old layout stays; what 0.1 lacked goes to the right
    rows = [v for (r, c), v in surface.cells("Summary").items() if c == agency and r > 0]
    assert len(rows) == len(set(rows)) == 3 + 2 + 1 + 1  # agencies, Total, Agencies present
    assert surface.value("Summary", "total", "S1 present") == 4  # 0.1's own label 'S1', relabelled
    choices = list(surface.cells("Choices").values())
    assert not any(str(v).startswith("R00") for v in choices)  # 0.1's choices are gone
    assert choices.count("ignore") == 1
    again = surface.sync()
    assert "taken over" not in again and "0 added, 0 updated" in again


def test_a_mostly_empty_text_column_taken_for_notes_is_left_to_them(surface):
    """Email is empty on most rows; an organiser renames it 'Keterangan' and writes notes in it."""
    surface.sync()
    header, email = surface.find(S1, "Email")
    surface.type(S1, header, email, "Keterangan")
    for n, key in enumerate(surface.keys(S1)):
        if key != "i-R001":  # Andi's row holds his e-mail
            surface.type(S1, surface.find(S1, key)[0], email, f"sudah dihubungi {n}")
    theirs = organiser_cells(surface, S1, cols={email})
    change_log(surface.programme)
    output = surface.sync()
    assert organiser_cells(surface, S1, cols={email}) == theirs
    assert "added at the right edge: Email" in output
    assert surface.value(S1, "i-R001", "Email") == "andi.k@slemankab.go.id"
    assert_current(surface)


def _cut_and_paste(tab, col: int, to: int) -> None:
    """Google Sheets' cut and paste: the values move, the column's metadata stays."""
    for (r, c), _v in list(tab.cells.items()):
        if c == col:
            tab.cells[(r, to)] = tab.cells.pop((r, c))


def test_a_cut_and_pasted_column_is_followed_and_its_old_place_left_to_them(sheets, programme):
    surface = SheetSurface(programme, sheets)
    surface.sync()
    header, agency = surface.find(S1, "Agency")
    far = max(c for _r, c in sheets.tab(S1).cells) + 2
    _cut_and_paste(sheets.tab(S1), agency, far)
    surface.type(S1, header, agency, "Catatan")
    for key in surface.keys(S1):
        surface.type(S1, surface.find(S1, key)[0], agency, "konfirmasi via WA")
    theirs = organiser_cells(surface, S1, cols={agency})
    change_log(programme)
    surface.sync()
    assert organiser_cells(surface, S1, cols={agency}) == theirs
    assert surface.find(S1, "Agency") == (header, far)
    assert surface.value(S1, SRI, "Agency") == "Dinas Pariwisata Kabupaten Bantul"
    assert_current(surface)


def test_picks_in_cut_and_pasted_dropdown_columns_are_read(sheets, programme):
    surface = SheetSurface(programme, sheets)
    surface.sync()
    tab = sheets.tab(S1)
    _h, override = surface.find(S1, "Override")
    _cut_and_paste(tab, override, override + 6)
    galaxy = next(r for (r, _c), v in tab.cells.items() if v == "Galaxy A51")
    surface.type(S1, galaxy, override + 6, "ignore")
    picked = tab.cells[(galaxy, surface.key_column(S1))]
    review = sheets.tab("Review")
    _h, assign = surface.find("Review", "Assign")
    _cut_and_paste(review, assign, assign + 4)
    other = next(k for k in surface.keys("Review") if not k.endswith(picked))
    surface.type("Review", surface.find("Review", other)[0], assign + 4, "ignore")
    surface.sync()
    saved = (programme.root / "overrides.csv").read_text()
    assert f"{picked},ignore,S1,pick," in saved and f"{other.split('/')[1]},ignore,S1,pick," in saved


THEIRS = {
    "Summary": [
        ["Agency", "Total"],
        ["DPMPTSP Kabupaten Sleman", 5],
        ["Dinas Pariwisata Kabupaten Bantul", 2],
        ["Total", 7],
    ],
    "Session S1": [
        ["Agency", "Name", "Status"],
        ["DPMPTSP Kabupaten Sleman", "Andi Kurniawan", "hadir (konfirmasi telepon)"],
        ["Dinas Pariwisata Kabupaten Bantul", "Sri Wahyuni", "hadir penuh"],
    ],
}


@pytest.mark.parametrize("title", ["Summary", "Session S1"])
def test_an_organisers_own_tab_with_the_tools_title_is_left_alone(surface, title):
    """A spreadsheet already in use: a tab with vc_sync's title that vc_sync never wrote."""
    if surface.name == "sheet":
        surface.fake.edit({"addSheet": {"properties": {"sheetId": 77, "title": title, "index": 0}}})
    else:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.title = title
        surface.programme.xlsx.parent.mkdir(parents=True, exist_ok=True)
        book.save(surface.programme.xlsx)
    for r, row in enumerate(THEIRS[title]):
        for c, v in enumerate(row):
            surface.type(title, r, c, v)
    theirs = surface.cells(title)
    surface.sync()
    assert surface.cells(title) == theirs
    assert f"{title} (2)" in surface.titles()
    assert surface.value(f"{title} (2)", "total" if title == "Summary" else SRI, "Key") is not None


def test_a_previous_version_tab_whose_header_row_was_deleted(surface):
    surface.load_previous_version()
    surface.delete_rows(S1, 0)
    change_log(surface.programme)
    output = surface.sync()
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys)), output
    labelled = {r for (r, _c), v in surface.cells(S1).items() if v in ("Key", "Email", "Override")}
    assert len(labelled) == 1, output


def test_a_sort_that_took_the_header_row_along_duplicates_nothing(surface):
    """A sort of the whole tab without 'data has a header row': the header lands among the rows,
    its anchor stays on the row index, now holding a participant."""
    surface.sync()
    header, name = surface.find(S1, "Name")
    surface.sort(S1, header, name, reverse=True)
    before = surface.cells(S1)
    change_log(surface.programme)
    output = surface.sync()
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys)) == 9, output
    labels = {"Key", "Agency", "Name", "Email", "Override", "Invitee"}
    written = {v for (r, c), v in surface.cells(S1).items() if r == header and before.get((r, c)) != v}
    assert not written & labels, output
    again = surface.sync()
    assert "0 added, 0 updated" in again.split(f"{S1}:")[1].split("\n")[0], again


def test_a_row_copied_with_its_key_is_the_organisers_copy(surface):
    """An organiser copies a row, key and all, just above the original and edits the copy."""
    surface.sync()
    r, _ = surface.find(S1, "i-R002")
    original = {c: v for (rr, c), v in surface.cells(S1).items() if rr == r}
    surface.insert_rows(S1, r)  # the original moves to r + 1
    for c, v in original.items():
        surface.type(S1, r, c, v)
    surface.type(S1, r, surface.find(S1, "Name")[1], "Budi Santoso (delegasi kedua)")
    surface.type(S1, r, surface.find(S1, "Minutes")[1], 90)
    theirs = organiser_cells(surface, S1, rows={r})
    change_log(surface.programme)
    surface.sync()
    assert organiser_cells(surface, S1, rows={r}) == theirs
    original = {c: v for (rr, c), v in surface.cells(S1).items() if rr == r + 1}
    assert original[surface.find(S1, "Name")[1]] == "Drs. Bambang Hadi, M.Si."
    assert surface.value(S1, SRI, "Status") == "Present"  # the rest is current


def test_a_key_typed_over_with_another_persons_key_leaves_that_row_theirs(surface):
    """Sorted by display name, 'Galaxy A51' sits above Sri's row; an organiser decides it was Sri
    and types her key over it."""
    surface.sync()
    h, names = surface.find(S1, "Display names")
    surface.sort(S1, h + 1, names)
    galaxy = next(k for k in surface.keys(S1) if surface.row(S1, k).get(names) == "Galaxy A51")
    r, key_col = surface.find(S1, galaxy)
    assert r < surface.find(S1, SRI)[0]
    surface.type(S1, r, key_col, SRI)
    theirs = organiser_cells(surface, S1, rows={r})
    surface.sync()
    assert organiser_cells(surface, S1, rows={r}) == theirs
    sri = [
        row
        for row in range(h + 1, 40)
        if surface.cells(S1).get((row, names)) == "Sri Wahyuni (Dinpar Bantul)"
    ]
    assert len(sri) == 1  # her own row, still hers


def test_an_agency_added_to_the_roster_later_sits_above_the_total_and_in_the_chart(surface, programme):
    surface.sync()
    (before,) = surface.charts("Summary")
    text = (programme.root / "roster.csv").read_text()
    programme.write(
        "roster.csv", text + "R008;S1;Dinas Pariwisata Kabupaten Sleman;Wulan Sari;;;;participant\n"
    )
    surface.sync()
    assert surface.keys("Summary")[-1] == "total"
    row = surface.find("Summary", "Dinas Pariwisata Kabupaten Sleman")[0]
    total = surface.find("Summary", "total")[0]
    assert row < total
    ((first, last, anchor),) = surface.charts("Summary")
    assert first == before[0] and last == before[1] + 1 and first <= row <= last
    assert anchor > surface.find("Summary", "present")[0]  # still below the table
    if surface.name == "workbook":  # the page break before the chart moved with it
        import openpyxl

        ws = openpyxl.load_workbook(programme.xlsx)["Summary"]
        assert [b.id for b in ws.row_breaks.brk] == [anchor]
    surface.sync()
    assert surface.charts("Summary") == [(first, last, anchor)]  # a rerun leaves it be
