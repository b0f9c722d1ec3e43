"""Edit an .xlsx in a real LibreOffice through UNO, as an organiser would, and save it.

Run with a Python that has LibreOffice's ``uno`` module (Debian: python3-uno):
``python3 libreoffice_edit.py IN.xlsx OUT.xlsx OPS.json``, OPS a JSON list of
["insert_col", sheet, index] | ["delete_col", sheet, index] | ["insert_row", sheet, index] |
["delete_row", sheet, index] | ["set", sheet, row, col, text] | ["rename", old, new] |
["merge", sheet, "C5:D5"] (0-based indexes).
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def main(src, dst, ops_path):
    with open(ops_path) as fh:
        ops = json.load(fh)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    profile = tempfile.mkdtemp(prefix="lo-profile-")
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            f"--accept=socket,host=127.0.0.1,port={port};urp;",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(300):
            try:
                ctx = resolver.resolve(
                    f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
                )
                break
            except Exception:
                time.sleep(0.1)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),)
        )
        for op in ops:
            kind, title, *args = op
            sheet = doc.Sheets.getByName(title)
            if kind == "insert_col":
                sheet.Columns.insertByIndex(args[0], 1)
            elif kind == "delete_col":
                sheet.Columns.removeByIndex(args[0], 1)
            elif kind == "insert_row":
                sheet.Rows.insertByIndex(args[0], 1)
            elif kind == "delete_row":
                sheet.Rows.removeByIndex(args[0], 1)
            elif kind == "set":
                sheet.getCellByPosition(args[1], args[0]).setString(args[2])
            elif kind == "rename":
                sheet.Name = args[0]
            elif kind == "merge":
                sheet.getCellRangeByName(args[0]).merge(True)
        doc.storeToURL(
            uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "Calc MS Excel 2007 XML"),)
        )
        doc.close(True)
    finally:
        office.terminate()
        office.wait(30)


if __name__ == "__main__":
    main(*sys.argv[1:4])
