"""What an error can add so that it teaches: the nearest known word, Indonesia's zone names,
and how a date people wrote is written here."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from datetime import datetime

# Indonesia's three zones by the names everyone uses; none has daylight saving
ZONE_WORDS = {"wib": "Asia/Jakarta", "wita": "Asia/Makassar", "wit": "Asia/Jayapura"}

_MONTHS = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "february", "pebruari", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "aug"), 8),
    **dict.fromkeys(("september", "sep", "sept"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}
_WORDY_DATE = re.compile(
    r"^(?:[a-z]+,?\s+)?(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})(?:[,\s]+(?:pukul\s+|jam\s+|at\s+)?(\d{1,2})[:.](\d{2}))?"
    r"(?:\s*([a-z]{3,4}))?$",
    re.IGNORECASE,
)
_DOTTED_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2})\.(\d{2})(?:\s*([a-z]{3,4}))?$", re.IGNORECASE)
# 14/04/2020 09:00, 14-04-2020 09.00, 14.4.2020: a day, a month and a year as Excel and letters write them
_NUMERIC_DATE = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[,\s]+(?:pukul\s+|jam\s+)?(\d{1,2})[:.](\d{2}))?(?:\s*([a-z]{3,4}))?$",
    re.IGNORECASE,
)
EXAMPLE = "2024-07-09 09:00 (or with an offset, 2024-07-09T09:00+07:00)"


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean 'x'?)`` for the known word nearest ``word``, or '' when none is near."""
    found = difflib.get_close_matches(word.lower(), sorted(set(choices)), n=1, cutoff=cutoff)
    return f" (did you mean {found[0]!r}?)" if found else ""


def zone_alias(text: str) -> str | None:
    """The IANA name of WIB, WITA or WIT (any case), or None."""
    return ZONE_WORDS.get(text.strip().lower()) if isinstance(text, str) else None


def zone_hint(text: object) -> str:
    """Why a time zone was not known, and the nearest IANA name when there is one."""
    from zoneinfo import available_timezones

    shown = text if isinstance(text, str) else repr(text)
    near = did_you_mean(shown, [z.lower() for z in available_timezones()], cutoff=0.7) if shown else ""
    if near:  # offered as the zone is spelled
        wanted = near[len(" (did you mean '") : -len("'?)")]
        proper = next(z for z in available_timezones() if z.lower() == wanted)
        near = f" (did you mean {proper!r}?)"
    return (
        f"unknown time zone {shown!r}{near}: use WIB, WITA or WIT, or an IANA name such as Asia/Jakarta, "
        "Asia/Makassar, Asia/Jayapura"
    )


def date_example(text: str) -> str:
    """How ``text`` is written here, when it reads unambiguously as a date (and time) with a
    month name or a dotted time (``9 Juli 2024 09.00 WIB``); else a general example."""
    if found := _WORDY_DATE.match(text.strip()):
        day, month_word, year, hour, minute, zone = found.groups()
        month = _MONTHS.get(month_word.lower())
        if month is not None and (zone is None or zone_alias(zone)):
            try:
                when = datetime(int(year), month, int(day), int(hour or 0), int(minute or 0))
            except ValueError:
                return f"write it as {EXAMPLE}"
            shown = when.strftime("%Y-%m-%d %H:%M") if hour is not None else when.strftime("%Y-%m-%d")
            if hour is None:
                return f"give the time too, e.g. {shown} 09:00"
            return f"write it as {shown}" + (f" {zone.upper()}" if zone else "")
    if found := _NUMERIC_DATE.match(text.strip()):
        return _numeric_date(*found.groups())
    if found := _DOTTED_TIME.match(text.strip()):
        day, hour, minute, zone = found.groups()
        if zone is None or zone_alias(zone):
            return f"write it as {day} {int(hour):02d}:{minute}" + (f" {zone.upper()}" if zone else "")
    return f"write it as {EXAMPLE}"


def _numeric_date(
    first: str, _sep: str, second: str, year: str, hour: str | None, minute: str | None, zone: str | None
) -> str:
    """How '14/04/2020 09:00' is written here: the day is first where it cannot be a month; when
    both could be (05/04/2020), both readings are offered, day first as Indonesia writes it."""
    if zone is not None and not zone_alias(zone):
        return f"write it as {EXAMPLE}"
    readings = []
    for day, month in ((int(first), int(second)), (int(second), int(first))):
        try:
            when = datetime(int(year), month, day, int(hour or 0), int(minute or 0))
        except ValueError:
            continue
        shown = when.strftime("%Y-%m-%d %H:%M" if hour is not None else "%Y-%m-%d")
        if hour is None:
            shown += " 09:00"  # a session needs its time too
        readings.append((shown + (f" {zone.upper()}" if zone else ""), f"{day} {_MONTH_NAMES[month - 1]}"))
    readings = list(dict.fromkeys(readings))
    if not readings:
        return f"write it as {EXAMPLE}"
    (shown, _), *rest = readings
    head = "give the time too, e.g." if hour is None else "write it as"
    if not rest:
        return f"{head} {shown} (year-month-day)"
    (other, other_day), (_, day_first) = rest[0], readings[0]
    return f"{head} {shown} (year-month-day) for {day_first}, or {other} for {other_day}"


_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
