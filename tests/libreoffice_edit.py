"""Edit an .xlsx in a real LibreOffice through UNO, as an organiser would, save it, and report
computed values.

Run with a Python that has LibreOffice's ``uno`` module (Debian: python3-uno):
``python3 libreoffice_edit.py IN.xlsx OUT.xlsx|- OPS.json``; it prints ``{"values": [...]}``
for the ``get`` ops. Ops (0-based rows and columns): insert_col, delete_col, insert_row,
delete_row, set, number, formula, rename, merge, move_range (cut and paste), copy_range,
copy_sheet, delete_sheet, new_sheet, sort, chart, comment, image, shape, get, names.
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
from com.sun.star.table import CellAddress


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
    got = []
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
            sheet = (
                doc.Sheets.getByName(title)
                if kind not in ("copy_sheet", "new_sheet", "delete_sheet")
                else None
            )
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
            elif kind == "number":
                sheet.getCellByPosition(args[1], args[0]).setValue(args[2])
            elif kind == "formula":
                sheet.getCellByPosition(args[1], args[0]).setFormula(args[2])
            elif kind == "rename":
                sheet.Name = args[0]
            elif kind == "merge":
                sheet.getCellRangeByName(args[0]).merge(True)
            elif kind == "move_range":  # cut and paste: ["move_range", sheet, "E1:E20", row, col]
                rng = sheet.getCellRangeByName(args[0]).getRangeAddress()
                dest = CellAddress(rng.Sheet, args[2], args[1])
                sheet.moveRange(dest, rng)
            elif kind == "copy_range":
                rng = sheet.getCellRangeByName(args[0]).getRangeAddress()
                dest = CellAddress(rng.Sheet, args[2], args[1])
                sheet.copyRange(dest, rng)
            elif kind == "copy_sheet":  # ["copy_sheet", src, new, index]
                doc.Sheets.copyByName(title, args[0], args[1])
            elif kind == "delete_sheet":
                doc.Sheets.removeByName(title)
            elif kind == "new_sheet":
                doc.Sheets.insertNewByName(title, args[0])
            elif kind == "sort":  # ["sort", sheet, "A1:M20", col, descending, has_header]
                rng = sheet.getCellRangeByName(args[0])
                field = uno.createUnoStruct("com.sun.star.table.TableSortField")
                field.Field = args[1]
                field.IsAscending = not args[2]
                desc = rng.createSortDescriptor()
                for p in desc:
                    if p.Name == "SortFields":
                        p.Value = uno.Any("[]com.sun.star.table.TableSortField", (field,))
                    elif p.Name == "ContainsHeader":
                        p.Value = bool(args[3])
                rng.sort(desc)
            elif (
                kind == "chart"
            ):  # ["chart", sheet, name, "'Session S1'.H2:H9" range of another sheet, src title]
                src_sheet = doc.Sheets.getByName(args[1])
                addr = src_sheet.getCellRangeByName(args[2]).getRangeAddress()
                rect = uno.createUnoStruct("com.sun.star.awt.Rectangle")
                rect.X, rect.Y, rect.Width, rect.Height = 500, 500, 8000, 5000
                sheet.Charts.addNewByName(args[0], rect, (addr,), False, False)
            elif kind == "comment":  # ["comment", sheet, row, col, text]
                sheet.Annotations.insertNew(CellAddress(sheet.RangeAddress.Sheet, args[1], args[0]), args[2])
            elif kind == "image":  # ["image", sheet, path]
                shape = doc.createInstance("com.sun.star.drawing.GraphicObjectShape")
                shape.GraphicURL = uno.systemPathToFileUrl(os.path.abspath(args[0]))
                sheet.DrawPage.add(shape)
                size = uno.createUnoStruct("com.sun.star.awt.Size")
                size.Width, size.Height = 3000, 2000
                shape.setSize(size)
            elif kind == "shape":  # ["shape", sheet, text]
                shape = doc.createInstance("com.sun.star.drawing.RectangleShape")
                sheet.DrawPage.add(shape)
                size = uno.createUnoStruct("com.sun.star.awt.Size")
                size.Width, size.Height = 4000, 1500
                shape.setSize(size)
                shape.setString(args[0])
            elif kind == "get":
                cell = sheet.getCellByPosition(args[1], args[0])
                got.append(
                    {"formula": cell.getFormula(), "string": cell.getString(), "value": cell.getValue()}
                )
            elif kind == "names":
                got.append(
                    {n: doc.NamedRanges.getByName(n).getContent() for n in doc.NamedRanges.ElementNames}
                )
            else:
                raise SystemExit(f"unknown op {kind}")
        if dst != "-":
            doc.calculateAll()
            doc.storeToURL(
                uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "Calc MS Excel 2007 XML"),)
            )
        doc.close(True)
    finally:
        office.terminate()
        office.wait(30)
    print(json.dumps({"values": got}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
