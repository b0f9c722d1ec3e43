"""The shared pieces: row keys built and read in one module, the retry answer and the time
reader every remote call uses."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from vc_sync import keys
from vc_sync.http import Transient, instant, transient

SESSION_IDS = st.from_regex(r"[A-Za-z0-9_.-]{1,24}", fullmatch=True)


@given(SESSION_IDS, st.text(min_size=1, max_size=40))
def test_a_review_key_reads_back_as_its_session_and_connection(session, identity):
    key = keys.connection_key(identity)
    assert keys.CONNECTION.fullmatch(key)
    assert keys.REVIEWED.fullmatch(keys.review(session, key))
    assert keys.of_review(keys.review(session, key)) == (session, key)
    assert keys.of_review(key) == ("", key)


@given(SESSION_IDS)
def test_an_about_row_key_names_its_session(session):
    key = keys.synced_info(session)
    assert keys.INFO.fullmatch(key) and keys.of_synced_info(key) == session
    assert keys.of_synced_info(f"info:counts:{session}") is None and keys.of_synced_info(session) is None


def test_row_patterns_know_their_own_keys_only():
    rows = keys.participant_rows(["R001", "R0011"])
    assert rows.fullmatch(keys.invitee_key("R0011")) and rows.fullmatch(keys.connection_key("x"))
    assert not rows.fullmatch("i-Pad pinjaman") and not rows.fullmatch(keys.agency_key("Kab. Sleman"))
    assert keys.AGENCY.fullmatch(keys.agency_key("Kab. Sleman"))
    assert keys.CHOICE.fullmatch(keys.choice("R001", is_agency=False))


def test_transient_answers_wait_as_the_server_asks_whatever_the_header_case():
    assert transient(404, {"Retry-After": "3"}) is None
    found = transient(429, {"retry-after": "7"}, "RESOURCE_EXHAUSTED", what="token request")
    assert isinstance(found, Transient) and found.retry_after == 7.0
    assert str(found) == "token request: HTTP 429 RESOURCE_EXHAUSTED"
    assert transient(503, {}).retry_after is None


def test_instant_reads_what_web_apis_write():
    assert instant("2021-10-05T04:38:27.6027225Z") == datetime(2021, 10, 5, 4, 38, 27, 602722, tzinfo=UTC)
    assert instant("2020-04-14T09:00:00+07:00") == datetime(2020, 4, 14, 2, tzinfo=UTC)
    assert instant("2020-04-14T02:00:00") == datetime(2020, 4, 14, 2, tzinfo=UTC)
    assert instant("") is None and instant(None) is None and instant("yesterday") is None
