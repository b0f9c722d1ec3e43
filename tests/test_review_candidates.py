"""A connection left on the Review tab because a name found in order fits several invitees
offers those invitees: the similar names' rule, which runs after it, used to replace them with
its own fuzzy list, often empty for a display name of many words (review 27b: some Review rows
said "fits several invitees" and offered none). Found in generated data: 16 participants of
generator 2's seeds 1-60 had such a row and no candidate."""

from __future__ import annotations

from tests.one_session import run
from vc_sync.model import Invitee

JATIM_HUKUM = "Biro Hukum Setda Provinsi Jawa Timur"


def test_a_tie_found_in_order_offers_the_tied_invitees():
    """Ratih Santoso and H. Ratih Santoso of one office (generator 2, seed 5): the words found
    in order are both names, and the office named does not tell them apart."""
    invitees = [
        Invitee("A", JATIM_HUKUM, None, name="Ratih Santoso"),
        Invitee("B", JATIM_HUKUM, None, name="H. Ratih Santoso"),
    ]
    (p,) = run(invitees, [("Jawa Timur / Seksi Pelayanan / Ratih Santoso", 0, 120)]).participants
    assert p.invitee is None and p.reason == "the name found in order fits several invitees"
    assert {c.invitee for c in p.candidates} == {"A", "B"}
    assert all(c.method == "in_order" for c in p.candidates[:2])
