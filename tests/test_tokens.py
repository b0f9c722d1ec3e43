"""Tokenising: the plain-word shortcut gives the tokens the full rules give."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from vc_sync.matching import text
from vc_sync.matching.text import _APOSTROPHES, _CAMEL, _DOTTED, _PARTS, _SPLIT, ascii_fold, tokens


def every_rule(value: str, abbreviations: frozenset[str]) -> list[str]:
    """``tokens`` with every chunk through every rule (as it was before the shortcut)."""
    if "\u2019" in value or "\u2018" in value or "`" in value:
        value = value.translate(_APOSTROPHES)
    value = _CAMEL.sub(" ", ascii_fold(value)).lower()
    out: list[str] = []
    for chunk in _SPLIT.split(value):
        chunk = chunk.strip(".'")
        if "'" in chunk and chunk.endswith("'s"):
            chunk = chunk[:-2]
        if not chunk:
            continue
        joined = chunk.replace(".", "").replace("'", "")
        if "." in chunk and _DOTTED.match(chunk + ".") and joined in abbreviations:
            out.append(joined)
            continue
        if "." in chunk or "'" in chunk:
            out.extend(part for part in _PARTS.split(chunk) if part)
        else:
            out.append(chunk)
    return out


PIECES = [
    "S.Kom.",
    "Drs.",
    "Budi's",
    "Budi’s",
    "`",
    "AndiKurniawan",
    "M.Si",
    "dr.",
    "H.",
    "'",
    ".",
    " ",
    "_",
    "Ñ",
]
TEXT = st.one_of(
    st.text(max_size=40),
    st.text(st.sampled_from("aAbSkm.'’` _-9Ñé"), max_size=30),
    st.lists(st.sampled_from(PIECES), max_size=8).map("".join),
)
ABBREVIATIONS = frozenset({"skom", "drs", "msi", "dr", "h", "se"})


@given(TEXT)
def test_tokens_follow_every_rule(value):
    assert tokens(value, ABBREVIATIONS) == every_rule(value, ABBREVIATIONS)
    assert text.fold(value) == " ".join(every_rule(value, frozenset()))
