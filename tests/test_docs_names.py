"""The pages that say where code goes name only files and names that exist: docs/extending.md
and the README's Layout paragraph (as sqlite-utils checks its docs)."""

from __future__ import annotations

import dataclasses
import importlib
import re
from pathlib import Path

import pytest

from vc_sync.matching.rules import CASCADE

ROOT = Path(__file__).resolve().parent.parent
EXTENDING = (ROOT / "docs" / "extending.md").read_text("utf-8")
README = (ROOT / "README.md").read_text("utf-8")
LAYOUT = README[README.index("Layout: `vc_sync/cli.py`") :].split("\n\n", 1)[0]
CODE = re.findall(r"`([^`\n]+)`", EXTENDING + "\n" + LAYOUT)
PATHS = sorted({p for c in CODE for p in re.findall(r"[\w/]+\.py\b", c)})
NOT_NAMES = ("ctx.", "vc_sync.formats", "vc_sync.providers", "[")
DOTTED = sorted(
    {
        m
        for c in CODE
        if not c.startswith(NOT_NAMES) and not re.search(r"\.(py|toml|md)$", c)
        for m in re.findall(r"^(?:vc_sync\.)?([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?:\(.*\))?$", c)
    }
)
FOLDERS = (
    "",
    "vc_sync/",
    "vc_sync/matching/",
    "vc_sync/providers/",
    "vc_sync/outputs/",
    "tests/",
    "tests/fakes/",
)
PACKAGES = ("vc_sync", "vc_sync.providers", "vc_sync.matching", "vc_sync.outputs")
HOLDERS = ("vc_sync.matching.matcher", "vc_sync.matching.index", "vc_sync.providers.schema", "vc_sync.model")
HOLDERS += ("vc_sync.sync", "vc_sync.config")  # modules whose classes the pages name alone


def _attr(obj: object, name: str) -> object:
    found = getattr(obj, name, None)
    if found is None and dataclasses.is_dataclass(obj):
        found = next((f for f in dataclasses.fields(obj) if f.name == name), None)
    return found


def _resolve(obj: object, parts: list[str]) -> bool:
    for part in parts:
        obj = _attr(obj, part)
        if obj is None:
            return False
    return True


def test_the_pages_name_files_and_names():
    assert len(PATHS) > 20 and len(DOTTED) > 15


@pytest.mark.parametrize("path", PATHS)
def test_every_file_named_exists(path):
    assert any((ROOT / base / path).is_file() for base in FOLDERS), f"{path} is named but not there"


@pytest.mark.parametrize("dotted", DOTTED)
def test_every_name_resolves(dotted):
    head, *rest = dotted.split(".")
    for package in PACKAGES:
        try:
            module = importlib.import_module(f"{package}.{head}")
        except ModuleNotFoundError:
            continue
        if _resolve(module, rest):
            return
    if any(_resolve(importlib.import_module(m), dotted.split(".")) for m in HOLDERS):
        return
    pytest.fail(f"{dotted} is named but does not resolve")


def test_the_cascade_is_listed_as_it_runs():
    listed = EXTENDING[EXTENDING.index("The cascade is data") :].split("). A rule", 1)[0]
    words = {
        "override": "override",
        "email": "same e-mail",
        "phone": "same phone",
        "alias": "known alias",
        "name": "exact name",
        "in_order": "name in order",
        "named_device": "device named after someone",
        "similar": "similar names",
    }
    at = [listed.index(words[r.name]) for r in CASCADE]
    assert at == sorted(at), "docs/extending.md lists the rules in another order than CASCADE"
