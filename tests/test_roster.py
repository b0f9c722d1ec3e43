"""Roster reading: delimiters, BOM, XLSX, derived ids, and line-numbered problems."""

from __future__ import annotations

import openpyxl
import pytest

from vc_sync.errors import InputError
from vc_sync.roster import load_roster


def test_semicolon_with_bom_and_loose_headers(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text(
        "\ufeff ID ; Sessions ;AGENCY; Name ;Aliases;Jabatan\n"
        'R1;S1 S2;DPMPTSP DIY;Andi;"Andy; Andi K";Kepala\n',
        encoding="utf-8",
    )
    (row,) = load_roster(path, ["S1", "S2"]).invitees
    assert row.id == "R1" and row.sessions == frozenset({"S1", "S2"})
    assert row.aliases == ("Andy", "Andi K")
    assert row.extra == {"Jabatan": "Kepala"}


def test_comma_csv_star_sessions_and_organiser_words(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("sessions,agency,name,role\n*,Kementerian PANRB,Damayani,narasumber\nS1;S2,DIY,Budi,\n")
    a, b = load_roster(path, ["S1", "S2"]).invitees
    assert a.sessions is None and a.role == "organiser" and a.invited_to("S9")
    assert b.sessions == frozenset({"S1", "S2"}) and b.role == "participant"


def test_derived_ids_do_not_shift_when_rows_are_inserted(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("sessions;agency;name\nS1;DIY;Andi\nS1;DIY;\nS1;DIY;\n")
    before = [i.id for i in load_roster(path).invitees]
    path.write_text("sessions;agency;name\nS1;Sleman;Budi\nS1;DIY;Andi\nS1;DIY;\nS1;DIY;\n")
    after = [i.id for i in load_roster(path).invitees]
    assert after[1:] == before
    assert len(set(before)) == 3  # two identical open seats still get two ids


def test_xlsx_first_sheet(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["id", "sessions", "agency", "name", "phone"])
    ws.append(["R9", "S1", "Dinas Pariwisata Kabupaten Bantul", "Sri Wahyuni", "+62 812-1111-2222"])
    book.create_sheet("notes").append(["ignored"])
    book.save(tmp_path / "r.xlsx")
    (row,) = load_roster(tmp_path / "r.xlsx", ["S1"]).invitees
    assert (row.id, row.name, row.line) == ("R9", "Sri Wahyuni", 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name;agency\nAndi;DIY\n", ["r.csv: line 1: missing required column 'sessions' or 'sesi'"]),
        ("sessions;agency;email\nS1;DIY;a@b\n", ["r.csv: line 2: malformed email 'a@b'"]),
        (
            "sessions;agency;role\nS1;DIY;ketua\n",
            [
                "r.csv: line 2: unknown role 'ketua' (use peserta, panitia or narasumber; or participant, "
                "organiser or speaker; empty is peserta)"
            ],
        ),
        ("sessions;agency;phone\nS1;DIY;12ab\n", ["r.csv: line 2: malformed phone '12ab'"]),
        (
            "sessions;agency\nS3;DIY\n;DIY\nS1;\n",
            [
                "r.csv: line 2: unknown session id 'S3' (the config's session ids: S1)",
                "r.csv: line 3: sessions is empty (use * for every session)",
                "r.csv: line 4: agency is empty",
            ],
        ),
        ("id;sessions;agency\nA;S1;DIY\nA;S1;DIY\n", ["r.csv: line 3: duplicate id 'A' (first on line 2)"]),
    ],
)
def test_problems_name_the_line(tmp_path, text, expected):
    path = tmp_path / "r.csv"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_roster(path, ["S1"])
    assert [str(p) for p in info.value.problems] == expected


def test_not_utf8_is_a_clear_error(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes("sessions;agency\nS1;Dinas Pariwisata Kabupaten Kulon Progo \xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match="not UTF-8"):
        load_roster(path, ["S1"])


def _roster_lines(n: int) -> list[str]:
    return [f"R{i};S1;Dinas {i} Kabupaten Sleman;Nama Orang {i};;;" for i in range(1, n + 1)]


def _problem(path, session_ids=("S1",)) -> str:
    with pytest.raises(InputError) as err:
        load_roster(path, list(session_ids))
    assert len(err.value.problems) == 1
    return str(err.value.problems[0])


def test_a_stray_quote_is_an_error_at_its_line_not_a_shorter_roster(tmp_path):
    lines = _roster_lines(89)
    lines[4] = lines[4].replace(";Nama", ';"Nama')  # row 5 is line 6: the quote never closes
    path = tmp_path / "r.csv"
    path.write_text("id;sessions;agency;name;email;phone;aliases\n" + "\n".join(lines) + "\n")
    assert _problem(path).startswith("r.csv: line 6: a quote opened on this line is never closed")


def test_a_quote_closed_lines_later_is_an_error_at_the_line_it_opened(tmp_path):
    lines = _roster_lines(20)
    lines[4] = lines[4].replace(";Nama", ';"Nama')
    lines[9] = lines[9] + '"'  # closes on line 11, swallowing lines 6-11 into one cell
    path = tmp_path / "r.csv"
    path.write_text("id;sessions;agency;name;email;phone;aliases\n" + "\n".join(lines) + "\n")
    assert _problem(path).startswith("r.csv: line 6: a quote opened on this line closes on line 11")


def test_a_stray_quote_in_a_large_roster_names_its_line_not_the_field_limit(tmp_path):
    lines = _roster_lines(5000)  # over 128 KiB after the quote
    lines[9] = lines[9].replace(";Nama", ';"Nama')
    path = tmp_path / "r.csv"
    path.write_text("id;sessions;agency;name;email;phone;aliases\n" + "\n".join(lines) + "\n")
    assert _problem(path).startswith("r.csv: line 11: a quote opened on this line is never closed")


def test_a_quote_inside_a_cell_names_its_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('sessions;agency;name\nS1;DIY;"Andi" Kurniawan\n')
    assert _problem(path).startswith("r.csv: line 2: a stray quote")


@pytest.mark.parametrize(
    ("row", "found"),
    [("S1;DIY;Andi;extra", "4 cells where the header has 3"), ("S1;DIY", "2 cells where the header has 3")],
)
def test_a_row_of_another_width_than_the_header_names_its_line(tmp_path, row, found):
    path = tmp_path / "r.csv"
    path.write_text(f"sessions;agency;name\nS1;DIY;Budi\n{row}\n")
    assert _problem(path) == f"r.csv: line 3: {found}: a stray separator or quote?"


def test_empty_cells_past_the_header_are_what_spreadsheets_write(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("sessions;agency;name;;\nS1;DIY;Budi;;;\n")
    (row,) = load_roster(path, ["S1"]).invitees
    assert row.name == "Budi"


def test_a_cell_over_the_field_limit_names_its_line(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("sessions;agency;name\nS1;DIY;Budi\nS1;DIY;" + "x" * 140_000 + "\n")
    assert _problem(path) == "r.csv: line 3: a cell longer than 131,072 characters"


def test_a_fifo_or_a_device_as_roster_is_refused_at_once(tmp_path):
    import os

    fifo = tmp_path / "r.csv"
    os.mkfifo(fifo)
    assert (
        _problem(fifo)
        == f"{fifo}: a named pipe (FIFO), not a regular file: a roster or overrides table goes here"
    )
    with pytest.raises(InputError, match="a device, not a regular file"):
        load_roster("/dev/zero", ["S1"])
