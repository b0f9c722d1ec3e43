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
from vc_sync.matching.index import RosterIndex
from vc_sync.matching.names import NameWords
from vc_sync.model import Roster

_LISTS = ("titles", "degrees", "honorifics", "devices", "fillers")
_TABLES = ("unit", "region", "agency")


def _data_dir() -> Traversable:
    """``config/``: installed as the package ``vc_sync.domain_data``, or beside the package in a
    source checkout (where ``python -m pytest`` imports the tree itself)."""
    try:
        return files("vc_sync.domain_data")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "config"


@lru_cache(maxsize=1)
def _bundled() -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for name in ("names.toml", "agencies.toml"):
        _merge(merged, tomllib.loads(_data_dir().joinpath(name).read_text("utf-8")))
    return merged


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key in _LISTS + _TABLES:
        into.setdefault(key, [])
        into[key] = [*into[key], *data.get(key, [])]
    into.setdefault("spelling", {}).update(data.get("spelling", {}))


def load_domain(extra: Sequence[Path] = ()) -> dict[str, Any]:
    """The bundled data with each extra file's lists appended and spellings merged."""
    merged = {k: (list(v) if isinstance(v, list) else dict(v)) for k, v in _bundled().items()}
    problems = []
    for path in extra:
        try:
            data = tomllib.loads(path.read_text("utf-8-sig"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            problems.append(Problem(str(path), f"cannot read domain data: {exc}"))
            continue
        for key in _TABLES:
            for n, entry in enumerate(data.get(key, []), start=1):
                field = "name" if key == "agency" else "key"
                if not isinstance(entry, dict) or not isinstance(entry.get(field), str):
                    problems.append(Problem(f"{path}: {key}[{n}]", f"needs a string '{field}'"))
        unknown = set(data) - set(_LISTS) - set(_TABLES) - {"spelling"}
        for key in sorted(unknown):
            problems.append(Problem(f"{path}: {key}", "unknown key"))
        _merge(merged, data)
    if problems:
        raise InputError(problems)
    return merged


def build_index(roster: Roster, extra: Sequence[Path] = ()) -> RosterIndex:
    data = load_domain(extra)
    return RosterIndex(roster, NameWords.from_data(data), data)
