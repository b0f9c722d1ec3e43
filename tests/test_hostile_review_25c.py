"""Hostile review 25c: the README's set-up (``vc-sync demo`` on the bundled sample) read as
the ministry's secretariat reads it: the workbook on paper and in a spreadsheet program, the
terminal and the help. Each test is one finding; a strict xfail is a finding left for the
owner of the module it lives in (named in its reason)."""

from __future__ import annotations

import re

import openpyxl
import pytest
from click.testing import CliRunner

from tests.tables import records
from vc_sync.cli import cli

CODES = {
    "override", "email", "phone", "alias", "name", "in_order", "fuzzy", "confirmed", "partial",
    "device", "agency", "none",
}  # fmt: skip


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The README's first set-up command, ``vc-sync demo``: its terminal output and workbook."""
    out = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output, openpyxl.load_workbook(out / "vc_sync_demo.xlsx")


def _sessions(book):
    return [ws for ws in book.worksheets if ws.title.startswith("Sesi ")]


def test_printed_tabs_have_grid_lines(demo):
    """On paper the Ringkasan is 14 columns across a landscape page, most cells of a row empty
    (an agency is in one session): with no lines, the eye slips to the next agency's figures.
    Every tab an organiser prints draws its grid."""
    _, book = demo
    visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
    assert visible and all(ws.print_options.gridLines for ws in visible), [
        ws.title for ws in visible if not ws.print_options.gridLines
    ]


def test_an_open_review_row_says_where_to_pick(demo):
    """'pilih peserta, instansi, atau abaikan' in Saran, with nothing saying where: the
    organiser is told what to choose, not that the choice goes in the Tetapkan column."""
    _, book = demo
    rows = records(book["Tinjauan"], "Kunci")
    assert len(rows) == 14
    assert all("kolom Tetapkan" in r["Saran"].splitlines()[0] for r in rows), [
        r["Saran"].splitlines()[0] for r in rows
    ]


def test_the_summary_chart_counts_whole_people_across_the_table(demo):
    """The chart's value axis stepped by 0.5 ('0 0.5 1 1.5 …': half a person), it was a 24 cm
    box beside which the printed grid showed empty cells, and its axes were left to the
    program (openpyxl writes no <c:delete val="0"/>): whole steps, both axes drawn, from
    column A to the last column the table shows."""
    _, book = demo
    ws = book["Ringkasan"]
    (chart,) = ws._charts
    assert chart.y_axis.majorUnit is not None and float(chart.y_axis.majorUnit).is_integer()
    assert chart.y_axis.majorUnit >= 1
    assert chart.x_axis.delete is False and chart.y_axis.delete is False
    shown = [c for c, d in ws.column_dimensions.items() if not d.hidden and ws[f"{c}1"].value]
    last = max(openpyxl.utils.column_index_from_string(c) for c in shown) - 1  # 0-based
    assert type(chart.anchor).__name__ == "TwoCellAnchor"
    assert chart.anchor._from.col == 0 and chart.anchor.to.col == last and chart.anchor.to.colOff > 0


@pytest.mark.xfail(
    strict=True,
    reason="decided: the Metode column is technical (a hidden group beside Kunci, ID undangan and Koneksi), "
    "and holds the method codes docs/results.md explains and --explain and the JSON print; the finding was: "
    "the Metode column (session tabs, hidden group) holds the matcher's codes "
    "('name', 'partial', 'agency', 'email', 'fuzzy', 'phone', 'none') though words.py has their "
    "Indonesian words (method.*); layout.session_rows writes p.method raw (layout.py, not ours)",
)
def test_method_column_is_in_the_workbooks_language(demo):
    _, book = demo
    methods = {r["Metode"] for ws in _sessions(book) for r in records(ws, "Kunci") if r.get("Metode")}
    assert methods and not methods & CODES, sorted(methods & CODES)


def test_review_suggestions_carry_no_raw_score(demo):
    _, book = demo
    saran = [r["Saran"] for r in records(book["Tinjauan"], "Kunci")]
    assert not [s for s in saran if re.search(r"\d\.\d\d\b", s)]


def test_a_suggestion_already_counted_present_says_so(demo):
    _, book = demo
    row = next(r for r in records(book["Tinjauan"], "Kunci") if r["Nama di aplikasi"] == "Bu Anita Prasetyo")
    bantul = next(line for line in row["Saran"].splitlines() if "DPMPTSP Kabupaten Bantul" in line)
    assert "sudah terhitung hadir" in bantul


@pytest.mark.xfail(
    strict=True,
    reason="decided for now: ISO times sort and filter as text in Sheets and Excel alike, and Keterangan "
    "names the zone; an Indonesian format needs the reading of existing tabs' times changed too. "
    "The finding was: "
    "Masuk pertama / Keluar terakhir on the session and Tinjauan tabs are text "
    "in ISO form ('2020-04-14 08:54') and nothing on those printed pages says WIB; an Indonesian "
    "reader expects '14/04/2020 08.54' and the zone (report.minute, tabs._TIME, layout: not ours)",
)
def test_session_times_are_indonesian_and_say_wib(demo):
    _, book = demo
    for ws in [*_sessions(book), book["Tinjauan"]]:
        header = [c.value for c in ws[1]]
        at = next(i for i, h in enumerate(header) if str(h).startswith("Masuk pertama"))
        assert "WIB" in str(header[at])
        times = [r[at] for r in ws.iter_rows(min_row=2, values_only=True) if r[at]]
        assert times and not [t for t in times if re.match(r"\d{4}-\d\d-\d\d", str(t))]


@pytest.mark.xfail(
    strict=True,
    reason="decided for now, with the session times above: the finding was: "
    "Keterangan says 'Sesi S1: … Selasa 14 April 2020 09:00–11:30' and, on the "
    "next line, 'Sesi S1, terakhir berubah: 2026-11-30 05:29' - an ISO stamp with no zone beside "
    "an Indonesian date (the stamp comes from sync/report, not ours)",
)
def test_last_changed_is_an_indonesian_date_in_wib(demo):
    _, book = demo
    info = {r[0]: r[1] for r in book["Keterangan"].iter_rows(min_row=2, values_only=True)}
    changed = info["Sesi S1, terakhir berubah"]
    assert not re.match(r"\d{4}-\d\d-\d\d", changed) and "WIB" in changed


@pytest.mark.xfail(
    strict=True,
    reason="decided: Nama is the roster's name (filters and the organisers' lookups read it), and the row's "
    "Nama di aplikasi says who came; the finding was: "
    "14 rows of the session tabs say Hadir with an empty Nama (people an agency "
    "sent, counted: 'Eko Firmansyah-btl-ORG') and two say Tidak hadir with an empty Nama (an "
    "open seat); on paper nothing tells them from a named invitee or says whose seat it was "
    "(layout.session_rows, not ours)",
)
def test_every_row_of_an_agency_says_who(demo):
    _, book = demo
    blank = [
        (ws.title, r["Instansi"], r["Status"])
        for ws in _sessions(book)
        for r in records(ws, "Kunci")
        if r.get("Instansi") and not r.get("Nama")
    ]
    assert not blank, blank


def test_an_email_fits_its_column(demo):
    _, book = demo
    seen = 0
    for ws in _sessions(book):
        header = [c.value for c in ws[1]]
        letter = openpyxl.utils.get_column_letter(header.index("Email") + 1)
        emails = [len(r["Email"]) for r in records(ws, "Kunci") if r.get("Email")]
        seen += len(emails)
        assert ws.column_dimensions[letter].width >= max(emails, default=0)
    assert seen


def test_top_help_names_every_provider():
    out = CliRunner().invoke(cli, ["--help"]).output
    assert "Teams" in out.split("Options:")[0]


def test_demo_table_uses_the_status_words_and_says_what_is_left(demo):
    output, _ = demo
    flat = " ".join(output.split())
    assert "Unmatched" not in flat and "Verified" not in flat
    assert "Present" in flat and "recognised" in flat  # a header of two lines: 'Not' / 'recognised'
    assert "To settle: 14 connections not recognised, on the workbook's Tinjauan tab." in flat
