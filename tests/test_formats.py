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
    assert seg.approximate and (seg.leave - seg.join).total_seconds() == 75 * 60
    assert seg.join == utc(2020, 4, 5, 2, 0)


def test_zoom_csv_unreadable_date_names_the_line():
    text = (
        "Name (Original Name),User Email,Join Time,Leave Time\n"
        "A,,2020-04-05 09:00:00,2020-04-05 10:00:00\nB,,soon,later\n"
    )
    with pytest.raises(InputError) as info:
        parse(text)
    assert str(info.value) == "log.csv: line 3: unrecognised date and time 'soon'"


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
    assert a.join == utc(2020, 4, 5, 2, 2) and a.approximate  # 70 minutes inside a 119-minute span
    assert (a.leave - a.join).total_seconds() == 70 * 60
    assert not b.approximate and b.leave == utc(2020, 4, 5, 3, 15)


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
    assert phone.name == "+62 812-****-7890" and phone.approximate and phone.leave == WINDOW.end


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "log.csv: empty file"),
        ('{"meeting": 1}', "log.csv: JSON without 'participants': neither a Zoom report nor Meet resources"),
        (
            "a,b\n1,2\n",
            "log.csv: unrecognised participant log: no header with a name and join time or duration",
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
