"""The workbook's anchors in a real spreadsheet program: LibreOffice edits it, vc_sync syncs.

Skipped where LibreOffice and its Python bridge are not installed (Debian: libreoffice-calc,
python3-uno); ``tests/fakes/excel.py`` stands in for it everywhere else.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tests.tables import records
from vc_sync.cli import cli

SYSTEM_PYTHON = "/usr/bin/python3"


def _libreoffice() -> bool:
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not _libreoffice(), reason="LibreOffice with python3-uno is not installed")


def sync(programme) -> str:
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 0, result.output
    return result.output


def test_libreoffice_edits_keep_the_anchors(programme, tmp_path):
    sync(programme)
    header = [c.value for c in openpyxl.load_workbook(programme.xlsx)["Session S1"][1]]
    email = header.index("Email")
    ops = [
        ["insert_col", "Session S1", 0],
        ["set", "Session S1", 0, 0, "Status"],
        ["set", "Session S1", 1, 0, "hadir (cek manual)"],
        ["insert_row", "Session S1", 0],
        ["set", "Session S1", 0, 0, "Absensi Bimtek"],
        ["delete_col", "Session S1", email + 1],
        ["rename", "Session S1", "Sesi 1"],
    ]
    (tmp_path / "ops.json").write_text(json.dumps(ops))
    edited = tmp_path / "edited.xlsx"
    subprocess.run(
        [
            SYSTEM_PYTHON,
            str(Path(__file__).with_name("libreoffice_edit.py")),
            str(programme.xlsx),
            str(edited),
            str(tmp_path / "ops.json"),
        ],
        check=True,
        timeout=180,
    )
    shutil.copy(edited, programme.xlsx)
    programme.edit(
        "s1.csv",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
    )
    output = sync(programme)
    assert "added at the right edge: Email" in output
    book = openpyxl.load_workbook(programme.xlsx)
    assert "Session S1" not in book.sheetnames
    ws = book["Sesi 1"]
    assert (
        ws["A1"].value == "Absensi Bimtek"
        and ws["A2"].value == "Status"
        and ws["A3"].value == "hadir (cek manual)"
    )
    rows = records(ws)
    keys = [r["Key"] for r in rows if r["Key"]]
    assert len(keys) == len(set(keys)) == 8
    sri = next(r for r in rows if r["Key"] == "i-R003")
    assert sri["Minutes"] == 120 and sri["Status"] == "Present"
    assert next(r for r in rows if r["Key"] == "i-R001")["Email"] == "andi.k@slemankab.go.id"
