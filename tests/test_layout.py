"""What the sheet says and how it reads: Indonesian and English and a switch between them,
roster columns carried, delegates beyond an agency's seats, suggestions on the review tab, the
chart, the print set-up and the technical columns out of the way."""

from __future__ import annotations

import json

import openpyxl
from click.testing import CliRunner

from tests.organisers import WorkbookSurface
from tests.tables import by, records
from vc_sync.cli import cli


def language(programme, lang: str) -> None:
    text = (programme.root / "config.toml").read_text()
    text = "\n".join(ln for ln in text.splitlines() if not ln.startswith("language ="))
    programme.write("config.toml", text.replace("[output]\n", f'[output]\nlanguage = "{lang}"\n'))


def test_indonesian_then_english_keeps_the_organisers_labels_and_reads_their_picks(surface):
    programme = surface.programme
    language(programme, "id")
    surface.sync()
    assert surface.titles() == ["Ringkasan", "Keterangan", "Sesi S1", "Tinjauan", "Pilihan"]
    assert surface.chart_titles("Ringkasan") == ["Kehadiran per instansi dan sesi"]
    assert surface.value("Sesi S1", "i-R001", "Status") == "Hadir"
    assert surface.value("Sesi S1", "i-R003", "Status") == "Kurang durasi"
    head, email = surface.find("Sesi S1", "Email")
    surface.type("Sesi S1", head, email, "Surel panitia")  # an organiser's own label
    galaxy = next(k for k in surface.keys("Tinjauan"))
    surface.type(
        "Tinjauan", surface.find("Tinjauan", galaxy)[0], surface.find("Tinjauan", "Tetapkan")[1], "abaikan"
    )
    language(programme, "en")
    output = surface.sync()
    assert "renamed 'Sesi S1' to 'Session S1'" in output
    assert surface.titles() == ["Summary", "About", "Session S1", "Review", "Choices"]
    assert surface.chart_titles("Summary") == ["Present per agency and session"]
    assert surface.value("Session S1", "i-R001", "Status") == "Present"
    assert surface.cells("Session S1")[(head, email)] == "Surel panitia"  # theirs, kept
    assert surface.find("Session S1", "Minutes")[0] == head  # the tool's own labels, in English
    assert "abaikan" in surface.cells("Review").values()  # their pick, read in either language
    saved = (programme.root / "overrides.csv").read_text()
    assert f"{galaxy.split('/')[1]},ignore,S1,pick," in saved
    assert "Ignored" in surface.cells("Review").values()
    again = surface.sync()
    assert all("0 added, 0 updated" in line for line in again.splitlines() if "added" in line), again


def test_roster_columns_beyond_the_required_ones_are_carried(programme):
    lines = (programme.root / "roster.csv").read_text().splitlines()
    extra = {"R001": ";Analis;Sleman"}
    lines = [lines[0] + ";jabatan;region"] + [ln + extra.get(ln.split(";")[0], ";;") for ln in lines[1:]]
    programme.write("roster.csv", "\n".join(lines) + "\n")
    WorkbookSurface(programme).sync()
    andi = by(openpyxl.load_workbook(programme.xlsx)["Session S1"], "Key")["i-R001"]
    assert (andi["jabatan"], andi["Region"]) == ("Analis", "Sleman")


def test_delegates_beyond_an_agencys_seats_are_shown_not_counted(programme):
    extra = "".join(
        f"BANTUL_BAG ORG_Peserta {n:03d},,04/14/2020 09:00:00 AM,04/14/2020 11:20:00 AM,140,Yes,\n"
        for n in range(5)
    )
    programme.write("s1.csv", (programme.root / "s1.csv").read_text() + extra)
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(programme.xlsx)
    statuses = [
        r["Status"]
        for r in records(book["Session S1"])
        if r["Agency"] == "Bagian Organisasi Setda Kabupaten Bantul"
    ]
    assert sorted(statuses) == ["Delegate"] * 5 + ["Present"]  # one seat, six people
    figures = ("S1 seats", "S1 present", "S1 invitees present", "S1 others sent, counted")
    beyond = "S1 beyond seats, not counted"
    bantul = by(book["Summary"], "Agency")["Bagian Organisasi Setda Kabupaten Bantul"]
    assert [bantul[k] for k in (*figures, beyond)] == [1, 1, 0, 1, 5]
    programme.edit("config.toml", "min_minutes = 45", 'min_minutes = 45\ndelegates = "all"')
    CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    summary = by(openpyxl.load_workbook(programme.xlsx)["Summary"], "Agency")
    assert [summary["Bagian Organisasi Setda Kabupaten Bantul"][k] for k in (*figures, beyond)] == [
        1,
        6,
        0,
        6,
        0,
    ]
    for row in summary.values():  # present = invitees present + others counted, the Total too
        if row["S1 present"] not in (None, ""):
            assert row["S1 present"] == row["S1 invitees present"] + row["S1 others sent, counted"], row


def test_review_suggests_and_its_keys_work_with_explain(programme):
    programme.write(
        "s1.csv",
        (programme.root / "s1.csv").read_text()
        + "Sri Wahyuno,,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM,120,Yes,\n",
    )
    WorkbookSurface(programme).sync()
    review = by(openpyxl.load_workbook(programme.xlsx)["Review"], "Key")
    key, row = next((k, r) for k, r in review.items() if r["Display names"] == "Sri Wahyuno")
    lines = row["Suggestions"].splitlines()
    assert lines[0].startswith(
        "close to Sri Wahyuni, who is already here: the same person on another device?"
    )
    assert lines[1].startswith("1. Sri Wahyuni · Dinas Pariwisata Kabupaten ") and "similar name" in lines[1]
    result = CliRunner().invoke(
        cli,
        [
            "reconcile",
            "--config",
            str(programme.config),
            "--session",
            "S1",
            "--explain",
            key,
            "--format",
            "json",
        ],
    )
    (entry,) = json.loads(result.stdout)
    assert entry["display_names"] == ["Sri Wahyuno"] and {c["invitee"] for c in entry["candidates"]} >= {
        "R003"
    }


def test_the_summary_has_its_chart_and_pages_print_well(surface):
    surface.sync()
    if surface.name == "workbook":
        book = openpyxl.load_workbook(surface.programme.xlsx)
        (chart,) = book["Summary"]._charts
        assert len(chart.series) == 2  # one per session
        for ws in book.worksheets:
            if ws.sheet_state == "visible":
                assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
                assert ws.print_title_rows == "$1:$1"
        session = book["Session S1"]
        hidden = [c for c, d in session.column_dimensions.items() if d.hidden]
        assert len(hidden) == 5 and book["Choices"].sheet_state == "hidden"
    else:
        (chart,) = surface.fake.tab("Summary").charts
        assert (
            chart["spec"]["basicChart"]["chartType"] == "BAR"
            and len(chart["spec"]["basicChart"]["series"]) == 2
        )
        tab = surface.fake.tab("Session S1")
        assert len(tab.hidden_columns) == 5 and tab.groups


def test_review_suggests_invitees_not_yet_here_who_share_a_word(tmp_path):
    """'Siti' and 'Suci' alone are no one the matcher can place, but the session has invitees
    of those names not counted present: the organiser is shown them, not "nothing fits"."""
    assert CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)]).exit_code == 0
    review = {
        r["Nama di aplikasi"]: r["Saran"]
        for r in records(openpyxl.load_workbook(tmp_path / "vc_sync_demo.xlsx")["Tinjauan"], "Kunci")
    }
    siti = review["Siti"].splitlines()
    assert siti[0].startswith("tidak ada nama yang cukup mirip")
    assert (
        siti[1].startswith("1. Siti Marlina · ")
        and "belum terhitung hadir" in siti[1]
        and "“Siti”" in siti[1]
    )
    assert [line.split(" · ")[0] for line in review["Suci"].splitlines()[1:]] == [
        "1. Ir. Suci Permana",
        "2. Suci Puspitasari",
    ]
    assert review["Android"].startswith("tidak ada yang cocok")  # a device shares no one's name


def test_switching_language_renames_every_session_tab_not_only_the_one_synced(surface):
    programme = surface.programme
    language(programme, "id")
    surface.sync("--due", session=None)
    assert "Sesi S2" in surface.titles()
    language(programme, "en")
    output = surface.sync()  # S1 only
    assert "renamed 'Sesi S2' to 'Session S2'" in output
    assert surface.titles() == ["Summary", "About", "Session S1", "Session S2", "Review", "Choices"]
    statuses = {
        v for (r, c), v in surface.cells("Session S2").items() if c == surface.find("Session S2", "Status")[1]
    }
    assert statuses <= {
        "Status",
        "Present",
        "Too short",
        "Absent",
        "Not recognised",
        "Wrong session",
        "Organiser",
    }
    assert "Absent" in statuses  # was "Tidak hadir"
    again = surface.sync()
    assert all("0 added, 0 updated" in line for line in again.splitlines() if "added" in line), again


def test_every_method_a_candidate_may_carry_is_worded_in_every_language():
    from vc_sync.matching.methods import METHODS
    from vc_sync.outputs.words import LANGUAGES, Words

    for lang in LANGUAGES:
        words = Words(lang)
        worded = [words(f"method.{m}") for m in METHODS]
        assert all(worded) and len(set(worded)) == len(worded), lang
