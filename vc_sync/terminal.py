"""Text from strangers, made safe to show on a terminal: seen, never obeyed.

A display name may hold terminal escapes (``ESC[2J`` clears the screen), bell or backspace
characters, bidirectional overrides that reorder what follows, line breaks that forge a line
of output, or lone surrogates a UTF-8 terminal cannot even encode. ``visible`` writes each of
them as a Python-style escape (``\\x1b``, ``\\u202e``), so it is shown and does nothing.
"""

from __future__ import annotations

import json
import re
from typing import Any

# C0 controls, DEL and C1 controls (0x9b is a one-byte CSI); bidirectional marks, embeddings,
# overrides and isolates; the Unicode line and paragraph separators; lone surrogates
HIDDEN = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
    0x2028,
    0x2029,
    *range(0xD800, 0xE000),
]
_SHOWN = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in HIDDEN}
_SHOWN.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r"})
# the same characters escaped the JSON way, for JSON written to a terminal (json.dumps already
# escapes C0 controls; the rest it leaves raw when ensure_ascii is off)
_JSON = {c: f"\\u{c:04x}" for c in HIDDEN if c >= 0x7F}


def _char_class(codes: list[int]) -> str:
    """A regex character class of ``codes``, runs written as ranges (compiled in a fraction of
    the time a class of 2,000 single characters takes, on every start-up)."""
    runs: list[list[int]] = []
    for c in sorted(codes):
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)
    return "[" + "".join(parts) + "]"


_JSON_HIDDEN = re.compile(_char_class(list(_JSON)))


def visible(text: str) -> str:
    """``text`` with every control, bidirectional or separator character written as an escape."""
    return text.translate(_SHOWN)


_IN_A_CELL = {c: v for c, v in _SHOWN.items() if c not in (0x09, 0x0A)}  # a cell keeps tabs and breaks
CELL_LIMIT = 32_000  # an xlsx cell holds 32,767 characters, a Google Sheets cell 50,000


def in_a_cell(text: str) -> str:
    """``text`` as a spreadsheet cell can hold it and show it faithfully: what a workbook cannot
    hold, and marks that would reorder what an organiser reads, as escapes; at most
    ``CELL_LIMIT`` characters, saying how many were left out (the same every time)."""
    shown = text.translate(_IN_A_CELL)
    if len(shown) <= CELL_LIMIT:
        return shown
    return f"{shown[:CELL_LIMIT]}… (+{len(shown) - CELL_LIMIT:,} characters)"


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text`` (after ``visible``), saying how many were left out."""
    shown = visible(text)
    if len(shown) <= limit:
        return shown
    return f"{shown[:limit]}… (+{len(shown) - limit:,} characters)"


def json_text(payload: Any, pretty: bool = False) -> str:
    """``payload`` as JSON that is inert on a terminal and decodes to the same data: compact
    (orjson, four times the standard library's C encoder on a large session), or indented
    when ``pretty``."""
    text = json.dumps(payload, ensure_ascii=False, indent=2) if pretty else _compact(payload)
    return text.translate(_JSON) if _hidden(text) else text


def _compact(payload: Any) -> str:
    """Compact JSON, non-ASCII as it is; the standard library's where orjson refuses (a lone
    surrogate: it writes only valid UTF-8)."""
    import orjson

    try:
        return orjson.dumps(payload).decode()
    except TypeError:  # orjson.JSONEncodeError
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


def _hidden(text: str) -> bool:
    """Whether ``text`` holds a character ``_JSON`` escapes; in ASCII text only DEL can be one
    (looked for in a hundredth of the time the pattern takes over megabytes)."""
    return "\x7f" in text if text.isascii() else _JSON_HIDDEN.search(text) is not None
