"""A real LibreOffice, driven from the tests (``tests/libreoffice_edit.py`` runs under the
system Python, which has LibreOffice's ``uno``). Tests that need it skip where it is not
installed (Debian: libreoffice-calc and python3-uno)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

SYSTEM_PYTHON = "/usr/bin/python3"


def installed() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


needs_libreoffice = pytest.mark.skipif(
    not installed(), reason="LibreOffice with python3-uno is not installed"
)


def libreoffice(path: Path, ops: list, save: bool = True) -> list:
    """Apply ``ops`` to the workbook at ``path`` in LibreOffice, save it back (unless ``save`` is
    false), and return what its ``get`` ops read."""
    work = path.parent / "lo-work"
    work.mkdir(exist_ok=True)
    (work / "ops.json").write_text(json.dumps(ops))
    out = work / "edited.xlsx"
    done = subprocess.run(
        [
            SYSTEM_PYTHON,
            str(Path(__file__).with_name("libreoffice_edit.py")),
            str(path),
            str(out) if save else "-",
            str(work / "ops.json"),
        ],
        check=True,
        timeout=240,
        capture_output=True,
        text=True,
    )
    if save:
        shutil.copy(out, path)
    return json.loads(done.stdout.strip().splitlines()[-1])["values"]
