"""Times read and written by the standard library say what pendulum said (hypothesis).

The hot paths read ISO 8601 with ``datetime.fromisoformat`` and write the reconcile JSON's
times with ``zoneinfo``; pendulum stays for everything else. These hold the fast paths to the
pendulum readings they replaced, instant for instant and message for message.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vc_sync.errors import InputError
from vc_sync.providers.formats import _iso, _iso_any
from vc_sync.report import stamp


def two(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).map(lambda n: f"{n:02d}")


@st.composite
def iso_texts(draw) -> str:
    """Times of the shape the fast path takes, valid or not (a 31st of April, hour 24)."""
    date = f"{draw(st.integers(1, 3100)):04d}-{draw(two(0, 13))}-{draw(two(0, 32))}"
    text = date + draw(st.sampled_from(["T", " "])) + f"{draw(two(0, 24))}:{draw(two(0, 60))}"
    if draw(st.booleans()):
        text += f":{draw(two(0, 60))}"
        if draw(st.booleans()):
            text += "." + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=1, max_size=6)))
    text += draw(st.sampled_from(["", "Z", "+07:00", "-03:30", "+00:00", "+14:00", "-12:00", "+24:00"]))
    return text


def reading(fn, text: str):
    try:
        value = fn(text, "log.json: participants[0].join_time")
    except InputError as exc:
        return ("error", str(exc))
    return ("time", value, value.utcoffset(), value.isoformat())


@settings(max_examples=800, deadline=None)
@given(iso_texts())
def test_the_fast_reading_is_pendulums(text):
    assert reading(_iso, text) == reading(_iso_any, text)


@pytest.mark.parametrize(
    "text",
    ["20200414T020000Z", "2020-W16-2T02:00:00Z", "2020-04-14", "2020-04-14T02:00:00.1234567Z", "02:00"],
)
def test_other_iso_forms_still_go_to_pendulum(text):
    assert reading(_iso, text) == reading(_iso_any, text)


@settings(max_examples=400, deadline=None)
@given(
    st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2100, 1, 1)),
    st.sampled_from(["Asia/Jakarta", "Asia/Makassar", "Europe/Berlin", "America/Sao_Paulo", "UTC"]),
)
def test_stamps_are_pendulums(naive, tz):
    value = naive.replace(tzinfo=UTC) + timedelta(microseconds=1)
    want = pendulum.instance(value).in_tz(tz).replace(microsecond=0).isoformat()
    assert stamp(value, tz) == want
    assert stamp(pendulum.instance(value).in_tz("Asia/Jakarta"), tz) == want


def test_an_offset_of_a_whole_day_is_bad_input_not_a_crash():
    # pendulum parses '+24:00' but cannot apply it: this used to end in an unexpected ValueError
    assert reading(_iso, "2020-04-14T09:00:00+24:00") == (
        "error",
        "log.json: participants[0].join_time: not an ISO 8601 time: '2020-04-14T09:00:00+24:00'",
    )
