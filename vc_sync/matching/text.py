"""Folding free text into comparable tokens."""

from __future__ import annotations

import re
import unicodedata

_SPLIT = re.compile(r"[^0-9a-z.']+")
_DOTTED = re.compile(r"^(?:[a-z]{1,4}\.)+[a-z]{0,4}\.?$")
_CAMEL = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_PARTS = re.compile(r"[.']")
# Between the fields of a display name ('SIKKA_Dukcapil_Abdul Wulandari', 'Dindik | Kab.
# Soppeng | Andi Irwan', 'bkpsdm-Kab Pinrang-Andi Saleh'); a dot is none ('Muh. Bahtiar')
FIELD_BREAK = re.compile(r"[_|/\\;:()\[\]]+|\s[-\u2013\u2014]+\s|-|,")


def ascii_fold(text: str) -> str:
    """Strip accents and compatibility forms: 'Ñ' -> 'N', full-width -> ASCII."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "ignore").decode()


def tokens(text: str, abbreviations: frozenset[str] = frozenset()) -> list[str]:
    """Lower-case word tokens of ``text``.

    Separators are anything but letters and digits; dots join a dotted abbreviation
    ("S.Kom." -> "skom") when the joined form is in ``abbreviations``, and split otherwise
    ("Drs.Bambang" -> "drs", "bambang"). camelCase is split ("AndiKurniawan"). A possessive
    's is dropped ("Budi's iPad", "Budi’s"), an initial kept ("S. Widodo").
    """
    if "\u2019" in text or "\u2018" in text or "`" in text:
        text = text.translate(_APOSTROPHES)
    text = _CAMEL.sub(" ", ascii_fold(text)).lower()
    out: list[str] = []
    for chunk in _SPLIT.split(text):
        if "." not in chunk and "'" not in chunk:  # a plain word (nearly all): as it is
            if chunk:
                out.append(chunk)
            continue
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


def fold(text: str) -> str:
    """Tokens joined by single spaces: a canonical string for exact comparison."""
    return " ".join(tokens(text))
