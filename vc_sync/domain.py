"""Domain data: the bundled ``config/*.toml`` (``vc_sync.domain_data``) plus a programme's own."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from vc_sync.errors import InputError, Problem
from vc_sync.matching.agencies import Gazetteer
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.names import NameWords
from vc_sync.matching.text import tokens
from vc_sync.model import Roster

_LISTS = (
    "titles",
    "degrees",
    "honorifics",
    "devices",
    "fillers",
    "roles",
    "representing",
    "wife_of",
    "represented_by",
    "substitute",
    "given_names",
    "prefixes",
)
_TABLES = ("unit", "region", "agency")
_BUNDLED = ("names.toml", "agencies.toml", "regions.toml")
_FIELDS = ("forms", "names", "domains")  # lists of strings an entry may carry


def _data_dir() -> Traversable:
    """``config/``: installed as the package ``vc_sync.domain_data``, or beside the package in a
    source checkout (where ``python -m pytest`` imports the tree itself)."""
    try:
        return files("vc_sync.domain_data")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "config"


@lru_cache(maxsize=1)
def _bundled_parts() -> tuple[dict[str, Any], ...]:
    return tuple(tomllib.loads(_data_dir().joinpath(name).read_text("utf-8")) for name in _BUNDLED)


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for data in _bundled_parts():
        _merge(merged, data)
    return merged


@lru_cache(maxsize=1)
def _bundled_gazetteer() -> Gazetteer:
    """The bundled phrase tables, built once per process: every build_index copies them."""
    return Gazetteer.from_data(_bundled())


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key in (*_LISTS, *_TABLES, "province"):
        into.setdefault(key, [])
        into[key] = [*into[key], *data.get(key, [])]
    into.setdefault("spelling", {}).update(data.get("spelling", {}))
    into.setdefault("levels", {}).update(data.get("levels", {}))
    for table in ("place_words", "name_forms"):
        words = into.setdefault(table, {})
        for word, forms in data.get(table, {}).items():
            words[word] = [*words.get(word, []), *forms]  # a new list: the bundled one is shared


def _read_extra(extra: Sequence[Path]) -> list[dict[str, Any]]:
    """A programme's own data files, checked: every problem at once."""
    out, problems = [], []
    taken = _forms_taken()  # name forms across every file: one form, one word
    for path in extra:
        try:
            data = tomllib.loads(path.read_text("utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            problems.append(Problem(str(path), f"cannot read domain data: {exc}"))
            continue
        for key in _TABLES:
            for n, entry in enumerate(data.get(key, []), start=1):
                field = "name" if key == "agency" else "key"
                if not isinstance(entry, dict) or not isinstance(entry.get(field), str):
                    problems.append(Problem(f"{path}: {key}[{n}]", f"needs a string '{field}'"))
                    continue
                for name in _FIELDS:
                    value = entry.get(name, [])
                    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                        problems.append(Problem(f"{path}: {key}[{n}].{name}", "must be a list of strings"))
        for key in _LISTS:
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(Problem(f"{path}: {key}", "must be a list of strings"))
        for table in ("place_words", "name_forms"):
            words = data.get(table, {})
            if not isinstance(words, dict) or not all(
                isinstance(v, list) and all(isinstance(f, str) for f in v) for v in words.values()
            ):
                problems.append(Problem(f"{path}: {table}", "must map a word to a list of its short forms"))
        problems += _bad_name_forms(path, data.get("name_forms", {}), taken)
        unknown = set(data) - set(_LISTS) - set(_TABLES) - {"spelling", "place_words", "name_forms"}
        for key in sorted(unknown):
            problems.append(Problem(f"{path}: {key}", "unknown key"))
        out.append(data)
    if problems:
        raise InputError(problems)
    return out


def _bad_name_forms(path: Path, table: Any, taken: dict[str, str]) -> list[Problem]:
    """A word of ``[name_forms]`` and each of its forms must read as one name word of two
    letters or more (a form of one letter would read every initial as that name: 'M.' for
    Muhammad though Maulana is invited), and none may already be another word, or another
    word's form, of the bundled table or of any data file read before (``taken``: form or word
    -> its word, filled here)."""
    if not isinstance(table, dict):
        return []  # reported with the table's shape
    out = []
    for key, forms in table.items():
        where = f"{path}: name_forms.{key}" if str(key).strip() else f"{path}: name_forms"
        if not _one_name_word(str(key)):
            out.append(Problem(where, "the name word must be one word of two letters or more"))
            continue
        word = tokens(str(key))[0]
        if taken.setdefault(word, word) != word:
            out.append(Problem(where, f"{key!r} is already a form of {taken[word]}"))
            continue
        for form in forms if isinstance(forms, list) else ():
            if not _one_name_word(str(form)):
                out.append(
                    Problem(where, f"{form!r} is not a form of a name word: one word of two letters or more")
                )
            elif (other := taken.setdefault(tokens(str(form))[0], word)) != word:
                said = "a name word of its own" if other == tokens(str(form))[0] else f"a form of {other}"
                out.append(Problem(where, f"{form!r} is already {said}"))
    return out


def _forms_taken() -> dict[str, str]:
    """The bundled ``[name_forms]``: each word and each form -> its word."""
    taken: dict[str, str] = {}
    for word, forms in _bundled().get("name_forms", {}).items():
        taken[word] = word
        for form in forms:
            taken[form] = word
    return taken


def _one_name_word(text: str) -> bool:
    """Whether a text reads as one token of two letters or more, with a letter in it."""
    found = tokens(text)
    return len(found) == 1 and len(found[0]) >= 2 and any(ch.isalpha() for ch in found[0])


def load_domain(extra: Sequence[Path] = ()) -> dict[str, Any]:
    """The bundled data with each extra file's lists appended and spellings merged."""
    merged = {k: (list(v) if isinstance(v, list) else dict(v)) for k, v in _bundled().items()}
    for data in _read_extra(extra):
        _merge(merged, data)
    return merged


def build_index(roster: Roster, extra: Sequence[Path] = ()) -> RosterIndex:
    extras = _read_extra(extra)
    gazetteer = _bundled_gazetteer()
    data = _bundled()
    if extras:
        gazetteer = gazetteer.copy()
        data = load_domain(())
        for more in extras:
            gazetteer.extend(more)
            _merge(data, more)
    return RosterIndex(roster, NameWords.from_data(data), gazetteer)
