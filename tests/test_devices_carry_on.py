"""A device named after its owner, read with the time it connected: one that carries on
within minutes of a connection ending speaks for whoever that connection was."""

from __future__ import annotations

from tests.one_session import OTHER, SLEMAN_PTSP, SURAKARTA_BKPSDM, run
from vc_sync.model import Invitee

KULON_PROGO_PTSP = "DPMPTSP Kabupaten Kulon Progo"
HERU = Invitee("H1", KULON_PROGO_PTSP, None, name="Heru Nugraheni")
HERU_LATER = Invitee("H2", SLEMAN_PTSP, None, name="Adi Heru Kusumawati")  # may be called Heru
WAHYUDI = Invitee("H3", SURAKARTA_BKPSDM, OTHER, name="Hari Wahyudi")


def _found(result) -> dict[str, object]:
    """Each display name's participant."""
    return {name: p for p in result.participants for name in p.display_names}


def test_a_device_carrying_on_from_the_one_person_of_that_first_name_is_theirs():
    # Adi Heru Kusumawati, invited and not here, may be called Heru; but the phone connected
    # two minutes after Heru Nugraheni's laptop left
    result = run([HERU, HERU_LATER], [("PTSP_Kab Kulon Progo_Heru Nugraheni", 0, 40), ("Heru (HP)", 42, 110)])
    (p,) = result.participants
    assert (p.invitee, len(p.segments), p.status) == ("H1", 2, "verified")
    assert result.totals.unmatched == 0


def test_another_person_here_whose_later_name_starts_so_does_not_hold_a_carry_on():
    # Hari Wahyudi (another session's invitee) is here the whole time; the phone took over
    # from Wahyu Pratiwi's laptop a minute after it left
    wahyu = Invitee("W1", SURAKARTA_BKPSDM, None, name="Wahyu Pratiwi")
    result = run(
        [wahyu, WAHYUDI],
        [
            ("BKPSDM / Pemkot Surakarta / Wahyu Pratiwi, SE, MM", 0, 40),
            ("Hari Wahyudi", 0, 120),
            ("Wahyu's Android", 41, 110),
        ],
    )
    wahyu_p = _found(result)["Wahyu's Android"]
    assert (wahyu_p.invitee, len(wahyu_p.segments), wahyu_p.status) == ("W1", 2, "verified")
    assert _found(result)["Hari Wahyudi"].invitee == "H3"


def test_a_device_beside_its_owner_still_waits_when_another_may_be_called_so():
    # connected while the laptop was: a second screen of Heru Nugraheni, or Adi Heru's
    result = run([HERU, HERU_LATER], [("PTSP_Kab Kulon Progo_Heru Nugraheni", 0, 120), ("Heru (HP)", 30, 90)])
    device = _found(result)["Heru (HP)"]
    assert device.invitee is None and "several" in device.reason


def test_a_carry_on_waits_when_someone_unplaced_here_carries_the_word():
    result = run(
        [HERU, HERU_LATER],
        [("PTSP_Kab Kulon Progo_Heru Nugraheni", 0, 40), ("Bu Heru", 0, 120), ("Heru (HP)", 42, 110)],
    )
    assert _found(result)["Heru (HP)"].invitee is None


def test_a_carry_on_waits_when_two_people_who_may_own_it_left_just_before():
    heru_two = Invitee("H4", SLEMAN_PTSP, None, name="Heru Santoso")
    result = run(
        [HERU, HERU_LATER, heru_two],
        [
            ("PTSP_Kab Kulon Progo_Heru Nugraheni", 0, 40),
            ("Heru Santoso (Sleman)", 0, 41),
            ("Heru (HP)", 42, 110),
        ],
    )
    assert _found(result)["Heru (HP)"].invitee is None


# --- a slip and a device, each too weak alone -------------------------------------------------

RINA = Invitee("R1", KULON_PROGO_PTSP, None, name="Rina Hidayat")
RINA_TWO = Invitee("R2", SLEMAN_PTSP, None, name="Rina Maulana")  # another Rina of the session


def test_a_slip_into_another_name_and_a_device_carrying_on_from_it_are_the_invitee():
    # 'Ria' is a name of its own, so 'Ria Hidayat' alone waits; "Rina's iPhone" alone may be
    # either Rina; the phone connecting a minute after 'Ria Hidayat' left says which
    alone = run([RINA, RINA_TWO], [("Ria Hidayat", 0, 100)])
    assert alone.participants[0].invitee is None
    result = run([RINA, RINA_TWO], [("Ria Hidayat", 0, 100), ("Rina's iPhone", 101, 120)])
    (p,) = result.participants
    assert (p.invitee, p.method, len(p.segments)) == ("R1", "confirmed", 2)
    assert p.status == "verified" and result.totals.verified == 1
    assert "carrying on" in p.reason


def test_a_device_that_does_not_carry_on_from_the_slip_confirms_nothing():
    result = run([RINA, RINA_TWO], [("Ria Hidayat", 0, 100), ("Rina's iPhone", 90, 120)])
    assert all(p.invitee is None for p in result.participants)
    result = run([RINA, RINA_TWO], [("Ria Hidayat", 0, 60), ("Rina's iPhone", 70, 120)])
    assert all(p.invitee is None for p in result.participants)


def test_a_slip_a_letter_from_two_invitees_is_not_confirmed_by_a_device():
    rita = Invitee("R3", SLEMAN_PTSP, None, name="Rita Hidayat")  # 'Ria Hidayat' is a letter from both
    result = run([RINA, RINA_TWO, rita], [("Ria Hidayat", 0, 100), ("Rina's iPhone", 101, 120)])
    assert all(p.invitee is None for p in result.participants)


def test_a_lone_word_or_a_present_invitee_is_not_confirmed_by_a_device():
    result = run([RINA, RINA_TWO], [("Ria", 0, 100), ("Rina's iPhone", 101, 120)])
    assert all(p.invitee is None for p in result.participants)
    # Rina Hidayat is already here: 'Ria Hidayat' may be anyone, and the phone may be hers
    result = run(
        [RINA, RINA_TWO], [("Rina Hidayat", 0, 120), ("Ria Hidayat", 0, 100), ("Rina's iPhone", 101, 120)]
    )
    assert next(p for p in result.participants if "Ria Hidayat" in p.display_names).invitee is None


def test_the_device_must_be_named_after_the_first_name_of_the_invitee_the_slip_is_near():
    result = run([RINA, RINA_TWO], [("Ria Hidayat", 0, 100), ("Dewi's iPhone", 101, 120)])
    assert all(p.invitee is None for p in result.participants)
