"""Indonesian phone numbers in any common form, and Meet's partly masked numbers."""

from __future__ import annotations

import re

_MASK = re.compile(r"[*x•X#]")


def normalise(text: str) -> str | None:
    """National form with a leading 0 ('0812…'), or None if ``text`` is not a phone number.

    Accepts ``0812…``, ``62812…``, ``+62 812-…``, ``812…`` and separators of any kind.
    """
    if not text or re.search(r"[a-wyzA-WYZ]", text):  # letters (but masks) mean no number
        return None
    if _MASK.search(text):
        return None
    digits = re.sub(r"\D", "", text)
    if len(digits) < 8:
        return None
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    elif digits.startswith("8"):
        digits = "0" + digits
    if not digits.startswith("0") or not 9 <= len(digits) <= 14:
        return None
    return digits


def mask_pattern(text: str) -> str | None:
    """For a partly masked number ('+62 812-****-7890') a pattern in national form with '?'
    for each hidden digit; None if ``text`` is not a masked number."""
    if not text or not _MASK.search(text) or re.search(r"[a-wyzA-WYZ]", text):
        return None
    kept = re.sub(r"[^\d*x•X#]", "", text)
    kept = _MASK.sub("?", kept)
    if sum(c.isdigit() for c in kept) < 4:
        return None
    if kept.startswith("62"):
        kept = "0" + kept[2:]
    elif kept.startswith("8"):
        kept = "0" + kept
    return kept


def fits(pattern: str, number: str) -> bool:
    """Whether a national-form number fits a mask pattern of the same length."""
    return len(pattern) == len(number) and all(p in ("?", n) for p, n in zip(pattern, number, strict=True))
