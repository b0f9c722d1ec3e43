"""The closed sets are StrEnums that every output writes exactly as the strings they replaced."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from enum import StrEnum

import openpyxl
import pytest

from vc_sync import kinds
from vc_sync.kinds import PERSON_STATUSES, Status
from vc_sync.matching.methods import METHODS
from vc_sync.results import Totals

ENUMS = [v for v in vars(kinds).values() if isinstance(v, type) and issubclass(v, StrEnum) and v != StrEnum]
MEMBERS = [m for e in ENUMS for m in e]


def test_every_closed_set_is_found():
    names = {e.__name__ for e in ENUMS}
    assert {"Status", "Presence", "Role", "Delegates", "OverrideSource", "RunOutcome", "ReviewState"} <= names


@pytest.mark.parametrize("member", MEMBERS, ids=str)
def test_a_member_is_written_as_its_value_everywhere(member):
    value = member.value
    assert type(value) is str and member == value and hash(member) == hash(value)
    assert str(member) == f"{member}" == f"{member:s}" == value
    assert json.dumps({member: [member]}) == json.dumps({value: [value]})
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (v TEXT)")
    db.execute("INSERT INTO t VALUES (?)", (member,))
    assert db.execute("SELECT v, typeof(v) FROM t").fetchone() == (value, "text")
    sheet = openpyxl.Workbook().active
    sheet["A1"] = member
    assert type(sheet["A1"].value) is str and sheet["A1"].value == value


def test_values_are_snake_case_of_their_names():
    """The strings users see in JSON and config keep one spelling: the member's name, lower
    (an override written by hand has a blank source, a pick recorded before its place was kept
    a blank place)."""
    blank = (kinds.OverrideSource.HAND, kinds.PickedIn.ANYWHERE)
    for member in MEMBERS:
        assert member.value == ("" if member in blank else member.name.lower())


def test_person_statuses_are_every_status_but_absent():
    assert set(PERSON_STATUSES) == set(Status) - {Status.ABSENT}


def test_totals_keep_the_json_order():
    names = [f.name for f in dataclasses.fields(Totals)]
    assert names == [
        "verified",
        "short",
        "delegate",
        "organiser",
        "wrong_session",
        "unmatched",
        "ignored",
        "agencies_invited",
        "agencies_present",
        "participants",
        "segments",
    ]
    assert names[: len(PERSON_STATUSES)] == list(PERSON_STATUSES)
    totals = Totals(*range(len(names)))
    assert list(totals.as_dict()) == names and totals.of(Status.UNMATCHED) == 5


def test_docs_name_every_member():
    """docs/results.md explains each word a user may read in the JSON, the sheet or status,
    the methods of matching/methods.py included."""
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "docs" / "results.md").read_text("utf-8")
    missing = [f"{type(m).__name__}.{m.name}" for m in MEMBERS if m.value and f"`{m.value}`" not in text]
    missing += [f"method {name}" for name in METHODS if f"| `{name}` |" not in text]
    assert not missing, f"docs/results.md does not name {missing}"
    assert all(f"`{type(m).__name__}`" in text for m in MEMBERS)
