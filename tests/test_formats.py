"""Participant-log formats as the providers' own tools write them."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pendulum
import pytest

from vc_sync.errors import InputError
from vc_sync.model import Window
from vc_sync.providers import formats

TZ = "Asia/Jakarta"
WINDOW = Window("S1", pendulum.datetime(2020, 4, 5, 9, tz=TZ), pendulum.datetime(2020, 4, 5, 11, 30, tz=TZ))


def parse(text: str, fmt: str | None = None, window: Window | None = WINDOW):
    return formats.parse(text, fmt, "log.csv", "file:log.csv", TZ, window)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_zoom_csv_without_meeting_block_iso_dates():
    segs = parse(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
        "Andi,andi@x.go.id,2020-04-05 09:01:00,2020-04-05 10:00:00,59,No\n"
    )
    assert [(s.name, s.email, s.join, s.leave) for s in segs] == [
        ("Andi", "andi@x.go.id", utc(2020, 4, 5, 2, 1), utc(2020, 4, 5, 3, 0))
    ]


def test_zoom_csv_day_first_is_told_from_the_window():
    # 05/04/2020 reads as 4 May (US) or 5 April (day-first); the session is on 5 April
    segs = parse(
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes)\n"
        "Andi,,05/04/2020 09:01,05/04/2020 10:00,59\n"
    )
    assert segs[0].join == utc(2020, 4, 5, 2, 1)


def test_zoom_csv_us_dates_with_meeting_block_and_waiting_room():
    text = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "812 3456 7890,Bimtek,04/05/2020 08:59:00 AM,04/05/2020 11:31:00 AM,h@x,152,2\n\n"
        "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest,Recording Consent,"
        "In Waiting Room\n"
        "Budi,,04/05/2020 08:59:00 AM,04/05/2020 09:00:00 AM,1,Yes,,Yes\n"
        "Budi,,04/05/2020 09:00:00 AM,04/05/2020 01:05:00 PM,245,Yes,,No\n"
    )
    (seg,) = parse(text, window=None)  # US by the first value that only US reads (13:05 as 01:05 PM)
    assert (seg.join, seg.leave) == (utc(2020, 4, 5, 2, 0), utc(2020, 4, 5, 6, 5))


def test_zoom_csv_with_the_meeting_summary_only_says_which_export_to_take():
    """Review 27d: Zoom's meeting summary saved without its participants was 'no participant
    header' with nothing to do about it."""
    text = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "812 3456 7890,Bimtek,04/05/2020 08:59:00 AM,04/05/2020 11:31:00 AM,h@x,152,37\n\n"
    )
    with pytest.raises(InputError) as info:
        parse(text)
    assert "the meeting's summary only, no participant in it: export the participants' list" in str(
        info.value
    )


def test_zoom_csv_localised_headers():
    text = (
        "Name (ursprünglicher Name);E-Mail des Benutzers;Zeit des Beitritts;Zeit des Verlassens;"
        "Dauer (Minuten)\n"
        "Sri Wahyuni;;05.04.2020 09:00:00;05.04.2020 10:30:00;90\n"
    )
    (seg,) = parse(text)
    assert seg.name == "Sri Wahyuni" and seg.leave == utc(2020, 4, 5, 3, 30)


def test_zoom_csv_unique_users_only_durations():
    text = (
        "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
        "1,Bimtek,04/05/2020 09:00:00 AM,04/05/2020 11:30:00 AM,h@x,150,1\n\n"
        "Name (Original Name),User Email,Total Duration (Minutes),Guest\nAndi,,75,No\n"
    )
    (seg,) = parse(text)
    assert (seg.leave - seg.join).total_seconds() == 75 * 60  # placed by its duration only
    assert seg.join == utc(2020, 4, 5, 2, 0)


def test_zoom_csv_unreadable_date_names_the_line():
    text = (
        "Name (Original Name),User Email,Join Time,Leave Time\n"
        "A,,2020-04-05 09:00:00,2020-04-05 10:00:00\nB,,soon,later\n"
    )
    with pytest.raises(InputError) as info:
        parse(text)
    assert str(info.value).startswith("log.csv: line 3: unrecognised date and time 'soon' (read as e.g. ")


PAGE = {
    "page_size": 1,
    "next_page_token": "",
    "participants": [
        {
            "id": "",
            "user_id": "16778240",
            "participant_user_id": "",
            "name": "Andi",
            "user_email": "",
            "join_time": "2020-04-05T02:01:00Z",
            "leave_time": "2020-04-05T03:00:00Z",
            "duration": 3540,
            "status": "in_meeting",
        },
    ],
}


def page(name: str, pid: str = "") -> dict:
    p = json.loads(json.dumps(PAGE))
    p["participants"][0].update(name=name, participant_user_id=pid)
    return p


def test_zoom_json_single_page_list_and_lines_agree():
    one = parse(json.dumps(page("Andi")), "zoom-json")
    assert [(s.name, s.join) for s in one] == [("Andi", utc(2020, 4, 5, 2, 1))]
    pages = [page("Andi"), page("Budi", "u-2")]
    as_list = parse(json.dumps(pages))
    as_lines = parse("\n".join(json.dumps(p) for p in pages) + "\n")
    assert (
        [(s.name, s.participant_id) for s in as_list]
        == [(s.name, s.participant_id) for s in as_lines]
        == [("Andi", None), ("Budi", "u-2")]
    )
    assert [s.seq for s in as_list] == [0, 1]


def test_zoom_json_waiting_room_records_are_skipped():
    p = page("Andi")
    p["participants"].append(dict(p["participants"][0], status="in_waiting_room", name="Waiter"))
    assert [s.name for s in parse(json.dumps(p))] == ["Andi"]


def test_json_lines_error_names_the_line():
    text = json.dumps(page("Andi")) + "\n{broken\n"
    with pytest.raises(InputError, match=r"log.csv: line 2: not valid JSON"):
        parse(text)


def test_meet_csv_first_and_last_names_and_durations():
    text = (
        "First name,Last name,Email,Duration,Time joined,Time exited\n"
        "Andi,Kurniawan,andi@x.go.id,1 hr 10 min,9:02 AM,11:01 AM\n"
        "Sri,Wahyuni,,45 min,9:30 AM,10:15 AM\n"
    )
    a, b = parse(text, "meet-csv")
    assert a.name == "Andi Kurniawan" and a.email == "andi@x.go.id"
    assert a.join == utc(2020, 4, 5, 2, 2)  # 70 minutes inside a 119-minute span: the time connected
    assert (a.leave - a.join).total_seconds() == 70 * 60
    assert b.leave == utc(2020, 4, 5, 3, 15)


def test_meet_csv_says_which_columns_it_could_not_find():
    with pytest.raises(InputError) as info:
        parse("Peserta,Email\nAndi,\n", "meet-csv")
    assert str(info.value) == "log.csv: line 1: columns not found: join (header: Peserta, Email)"


MEET = {
    "participants": [
        {
            "name": "conferenceRecords/r1/participants/1",
            "signedinUser": {"user": "users/111", "displayName": "Andi Kurniawan"},
        },
        {"name": "conferenceRecords/r1/participants/2", "phoneUser": {"displayName": "+62 812-****-7890"}},
    ],
    "participantSessions": {
        "conferenceRecords/r1/participants/1": [
            {
                "name": "conferenceRecords/r1/participants/1/participantSessions/a",
                "startTime": "2020-04-05T02:00:00.123Z",
                "endTime": "2020-04-05T03:00:00Z",
            },
            {
                "name": "conferenceRecords/r1/participants/1/participantSessions/b",
                "startTime": "2020-04-05T03:05:00Z",
                "endTime": "2020-04-05T04:00:00Z",
            },
        ],
        "conferenceRecords/r1/participants/2": [
            {
                "name": "conferenceRecords/r1/participants/2/participantSessions/c",
                "startTime": "2020-04-05T02:10:00Z",
            }
        ],
    },
    "users": {"users/111": {"primaryEmail": "andi@slemankab.go.id"}},
}


def test_meet_json_resources():
    a1, a2, phone = parse(json.dumps(MEET))
    assert a1.participant_id == a2.participant_id == "users/111"
    assert a1.email == "andi@slemankab.go.id"
    assert phone.name == "+62 812-****-7890" and phone.leave == WINDOW.end  # still connected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "log.csv: empty file"),
        ('{"meeting": 1}', "log.csv: JSON without 'participants': neither a Zoom report nor Meet resources"),
        (
            "a,b\n1,2\n",
            "log.csv: unrecognised participant log: no header with a name and join time or duration "
            "(line 1 reads: a, b)",
        ),
    ],
)
def test_detection_errors(text, message):
    with pytest.raises(InputError) as info:
        parse(text)
    assert str(info.value) == message


def test_leave_before_join_is_an_error():
    with pytest.raises(InputError, match="line 2: leave time before join time"):
        parse("Name,Email,Join Time,Leave Time\nA,,2020-04-05 10:00:00,2020-04-05 09:00:00\n")


def test_an_empty_time_cell_is_named():
    with pytest.raises(InputError) as info:
        parse("Name,Email,Join Time,Leave Time\nA,,2020-04-05 09:00:00,2020-04-05 10:00:00\nB,,,\n")
    assert str(info.value) == "log.csv: line 3: empty date and time"


# --- malformed logs are errors, never an empty or a partial log ---------------------------


def _meet(**changes) -> str:
    doc = json.loads(json.dumps(MEET))
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = doc
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return json.dumps(doc)


def _error(text: str, fmt: str | None = None, window: Window | None = WINDOW) -> str:
    with pytest.raises(InputError) as info:
        parse(text, fmt, window)
    assert len(info.value.problems) == 1
    return str(info.value)


PERSON = "conferenceRecords/r1/participants/1"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"participantSessions": []}, "log.csv: participantSessions: must be an object"),
        ({"participantSessions": "x"}, "log.csv: participantSessions: must be an object"),
        ({f"participantSessions__{PERSON}": {}}, f"log.csv: participantSessions['{PERSON}']: must be a list"),
        (
            {f"participantSessions__{PERSON}": None},
            f"log.csv: participantSessions['{PERSON}']: must be a list",
        ),
        (
            {f"participantSessions__{PERSON}__0": "x"},
            f"participantSessions['{PERSON}'][0]: must be an object",
        ),
        ({"participants__0__signedinUser__displayName": None}, "participants[0].signedinUser.displayName"),
        ({"participants__0__signedinUser__displayName": ["Andi"]}, "must be a string, not a list"),
        ({"participants__1__phoneUser": ["x"]}, "participants[1].phoneUser: must be an object, not a list"),
        ({"participants__0__name": None}, "participants[0].name: a participant needs its resource name"),
        ({"participants": {}}, "log.csv: participants: must be a list, not an object"),
        ({"users": ["andi@slemankab.go.id"]}, "log.csv: users: must be an object"),
        ({"users__users/111": "andi@x"}, "log.csv: users['users/111']: must be an object, not a string"),
        ({"users__users/111__primaryEmail": 5}, "primaryEmail: must be a string, not a number"),
    ],
)
def test_a_malformed_meet_json_is_an_error_naming_the_key(changes, message):
    assert message in _error(_meet(**changes))


def test_meet_sessions_under_names_of_no_participant_are_not_an_empty_log():
    doc = json.loads(_meet())
    doc["participantSessions"] = {f"x/{k}": v for k, v in doc["participantSessions"].items()}
    assert "no entry for" in _error(json.dumps(doc))
    doc["participantSessions"].update({p["name"]: [] for p in doc["participants"]})
    assert "names no participant listed" in _error(json.dumps(doc))
    doc["participantSessions"] = {p["name"]: [] for p in doc["participants"]}
    assert "2 participants but not one session: an incomplete log" in _error(json.dumps(doc))


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"name": ["Andi"]}, "participants[0].name: must be a string, not a list"),
        ({"user_email": {"a": 1}}, "participants[0].user_email: must be a string, not an object"),
        ({"duration": "x", "leave_time": None}, "participants[0].duration: must be a number of seconds"),
        ({"duration": 1e300, "leave_time": None}, "participants[0].duration: must be a number of seconds"),
        ({"join_time": "0001-01-01T00:00:00Z"}, "a time outside the years 1900–2999: '0001-01-01T00:00:00Z'"),
        ({"join_time": "9999-12-31T23:59:59-10:00"}, "a time outside the years 1900–2999"),
        ({"join_time": "P1D"}, "participants[0].join_time: not an ISO 8601 date and time"),
        ({"participant_user_id": [1]}, "participant_user_id: must be a string, not a list"),
    ],
)
def test_a_malformed_zoom_record_is_an_error_naming_the_key(record, message):
    base = {"name": "Andi", "join_time": "2020-04-05T02:00:00Z", "leave_time": "2020-04-05T03:00:00Z"}
    assert message in _error(json.dumps({"participants": [base | record]}))


@pytest.mark.parametrize("fmt", [None, "zoom-json", "meet-json"])
def test_deeply_nested_json_is_an_error_not_a_recursion_error(fmt):
    assert _error("[" * 100_000 + "]" * 100_000, fmt) == (
        "log.csv: line 1: JSON nested too deeply to be a participant log"
    )


def test_year_one_in_a_csv_export_is_an_error_naming_the_line():
    text = (
        "Name,Email,Join Time,Leave Time\nA,,2020-04-05 09:00:00,2020-04-05 10:00:00\n"
        "B,,0001-01-01 00:00:00,0001-01-01 01:00:00\n"
    )
    assert _error(text) == "log.csv: line 3: a time outside the years 1900–2999: '0001-01-01 00:00:00'"


def test_a_cell_over_the_field_limit_in_an_export_names_its_line():
    text = (
        "Name,Email,Join Time,Leave Time\nA,,2020-04-05 09:00:00,2020-04-05 10:00:00\n"
        + "B" * 200_000
        + ",,,\n"
    )
    assert _error(text) == "log.csv: line 3: a cell longer than 131,072 characters"


def test_an_unclosed_quote_in_an_export_names_the_line_it_opened():
    rows = "".join(f"P{n},,2020-04-05 09:00:00,2020-04-05 10:00:00\n" for n in range(10_000))
    text = 'Name,Email,Join Time,Leave Time\nA,,2020-04-05 09:00:00,2020-04-05 10:00:00\n"B,,' + rows
    assert _error(text).startswith("log.csv: line 3: a quote opened on this line is never closed")


def test_a_row_wider_than_the_header_is_an_error():
    text = "Name,Email,Join Time,Leave Time\nBudi, Sleman,,2020-04-05 09:00:00,2020-04-05 10:00:00\n"
    assert _error(text) == "log.csv: line 2: 5 cells where the header has 4: a stray separator or quote?"


# --- times: midnight, daylight saving ----------------------------------------------------


def test_a_time_only_meet_csv_crossing_midnight():
    window = Window("S1", pendulum.datetime(2020, 4, 5, 22, tz=TZ), pendulum.datetime(2020, 4, 6, 1, tz=TZ))
    text = (
        "First name,Last name,Email,Duration,Time joined,Time exited\n"
        "Andi,K,,1:30:00,10:45 PM,12:15 AM\n"
        "Budi,S,,0:40:00,12:05 AM,12:45 AM\n"
    )
    andi, budi = parse(text, window=window)
    assert (andi.join, andi.leave) == (utc(2020, 4, 5, 15, 45), utc(2020, 4, 5, 17, 15))
    assert (budi.join, budi.leave) == (utc(2020, 4, 5, 17, 5), utc(2020, 4, 5, 17, 45))  # after midnight


AMS = "Europe/Amsterdam"


def _dst(text: str, day: tuple[int, int, int], start: int, end: int):
    window = Window("S1", pendulum.datetime(*day, start, tz=AMS), pendulum.datetime(*day, end, tz=AMS))
    notes: list[str] = []
    segs = formats.parse(text, None, "log.csv", "file:log.csv", AMS, window, notes)
    return segs, notes


def test_the_hour_repeated_when_clocks_go_back_is_read_in_order_and_said():
    # 31 Oct 2021: 03:00 CEST becomes 02:00 CET; 02:00-03:00 happens twice
    text = (
        "Name,Email,Join Time,Leave Time,Duration (Minutes)\n"
        "Andi,,2021-10-31 02:40:00,2021-10-31 02:10:00,30\n"  # joined in the first 02:xx, left in the second
        "Budi,,2021-10-31 02:15:00,2021-10-31 02:45:00,90\n"  # the duration says: first to second
        "Cici,,2021-10-31 01:30:00,2021-10-31 02:30:00,60\n"
    )
    (andi, budi, cici), notes = _dst(text, (2021, 10, 31), 1, 4)
    assert (andi.join, andi.leave) == (utc(2021, 10, 31, 0, 40), utc(2021, 10, 31, 1, 10))
    assert (budi.join, budi.leave) == (utc(2021, 10, 31, 0, 15), utc(2021, 10, 31, 1, 45))
    assert (cici.join, cici.leave) == (
        utc(2021, 10, 31, 23 - 24 + 24, 30) if False else utc(2021, 10, 30, 23, 30),
        utc(2021, 10, 31, 0, 30),
    )
    assert notes[0] == (
        "log.csv: line 2: '2021-10-31 02:40:00' happens twice (the clocks went back) in Europe/Amsterdam; "
        "read as 2021-10-31 02:40:00+0200"
    )
    assert "read as 2021-10-31 02:10:00+0100" in notes[1]
    assert len(notes) == 5


def test_a_time_the_clocks_skip_is_read_forward_and_said():
    # 28 Mar 2021: 02:00 CET becomes 03:00 CEST; 02:30 does not exist
    text = "Name,Email,Join Time,Leave Time\nAndi,,2021-03-28 02:30:00,2021-03-28 04:30:00\n"
    (andi,), notes = _dst(text, (2021, 3, 28), 1, 5)
    assert (andi.join, andi.leave) == (
        utc(2021, 3, 28, 1, 30),
        utc(2021, 3, 28, 2, 30),
    )  # 03:30 to 04:30 CEST
    assert notes == [
        "log.csv: line 2: '2021-03-28 02:30:00' does not exist (the clocks went forward) in "
        "Europe/Amsterdam; read as 2021-03-28 03:30:00+0200"
    ]


def test_a_session_across_the_skipped_hour_counts_the_real_minutes(programme):
    """Config and export read local times alike: an hour the clocks skip counts nothing."""
    from vc_sync.sync import Programme, reconcile_session

    programme.edit("config.toml", 'timezone = "Asia/Jakarta"', f'timezone = "{AMS}"')
    programme.edit("config.toml", 'start = "2020-04-14 09:00"', 'start = "2021-03-28 01:00"')
    programme.edit("config.toml", 'end = "2020-04-14 11:30"', 'end = "2021-03-28 05:00"')
    programme.write(
        "s1.csv",
        "Name,Email,Join Time,Leave Time\n"
        "Andi Kurniawan,andi.k@slemankab.go.id,2021-03-28 01:45,2021-03-28 03:45\n"
        "Sri Wahyuni (Dinpar Bantul),,2021-03-28 02:30,2021-03-28 04:30\n",
    )
    done = reconcile_session(Programme.load(programme.config), "S1")
    minutes = {p.display_names[0]: p.minutes for p in done.result.participants}
    assert minutes == {"Andi Kurniawan": 60, "Sri Wahyuni (Dinpar Bantul)": 60}
    assert list(done.pull.warnings) == [
        "s1.csv: line 3: '2021-03-28 02:30' does not exist (the clocks went forward) in Europe/Amsterdam; "
        "read as 2021-03-28 03:30:00+0200"
    ]


def test_an_export_over_the_size_limit_says_what_the_limit_is(programme):
    from vc_sync.config import load_config
    from vc_sync.inputs import EXPORT_LIMIT
    from vc_sync.providers.files import FileProvider

    with open(programme.root / "s1.csv", "r+b") as fh:  # sparse: nothing is written to disk
        fh.truncate(EXPORT_LIMIT + 1)
    config = load_config(programme.config)
    with pytest.raises(InputError) as info:
        FileProvider(config).pull(config.session("S1"))
    assert str(info.value) == (
        f"{programme.root / 's1.csv'}: larger than 256 MiB, the limit for a participant export "
        f"({EXPORT_LIMIT + 1:,} bytes)"
    )
