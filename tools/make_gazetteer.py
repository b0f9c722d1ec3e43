"""Write config/regions.toml, the gazetteer of Indonesia's provinces, regencies and cities.

    npm pack idn-area-data@4.0.1
    python tools/make_gazetteer.py idn-area-data-4.0.1.tgz > config/regions.toml

Reads the official names and Kemendagri codes from the npm package ``idn-area-data`` (its
``data/provinces.csv`` and ``data/regencies.csv``; the data is under the Open Database License
1.0) and writes them in the compact form vc_sync reads at start-up: one ``[[province]]`` table
per province, its regencies and cities one string each ("33.01 Kabupaten Cilacap"). Never run
at install or test time; the forms people type and colloquial names are curated by hand in
config/agencies.toml.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import tarfile
from pathlib import Path

LEVELS = ("Kabupaten Administrasi ", "Kota Administrasi ", "Kabupaten ", "Kota ")


def _read(source: Path) -> tuple[dict, str, str]:
    """(package.json, provinces.csv, regencies.csv) from the packed tarball or its unpacked folder."""
    if source.is_dir():
        root = source if (source / "package.json").is_file() else source.parent
        return (
            json.loads((root / "package.json").read_text("utf-8")),
            (root / "data" / "provinces.csv").read_text("utf-8"),
            (root / "data" / "regencies.csv").read_text("utf-8"),
        )
    with tarfile.open(source) as tar:

        def text(name: str) -> str:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{source}: no package/{name}")
            return member.read().decode("utf-8")

        return json.loads(text("package.json")), text("data/provinces.csv"), text("data/regencies.csv")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a TOML basic string is a JSON string here


def render(package: dict, provinces_csv: str, regencies_csv: str) -> str:
    provinces = list(csv.DictReader(io.StringIO(provinces_csv)))
    regencies = list(csv.DictReader(io.StringIO(regencies_csv)))
    for row in regencies:
        if not row["name"].startswith(LEVELS):
            raise SystemExit(f"regency {row['code']}: unexpected level in {row['name']!r}")
    name, version = package["name"], package["version"]
    out = [
        "# Provinces, regencies and cities of Indonesia: official names and Kemendagri codes.",
        "#",
        f"# GENERATED from the npm package {name} {version} (data/provinces.csv, data/regencies.csv;",
        "# the data is under the Open Database License 1.0, the package's code under MIT), by",
        f"#     npm pack {name}@{version}",
        f"#     python tools/make_gazetteer.py {name}-{version}.tgz > config/regions.toml",
        "# Do not edit by hand: the forms people type, colloquial names and e-mail domains are",
        "# curated in config/agencies.toml, and a programme adds its own with [matching] data.",
        f"# {len(provinces)} provinces, {len(regencies)} regencies and cities.",
    ]
    for prov in provinces:
        out += ["", "[[province]]", f"code = {_quote(prov['code'])}", f"name = {_quote(prov['name'])}"]
        out.append("regions = [")
        out += [
            f"  {_quote(r['code'] + ' ' + r['name'])},"
            for r in regencies
            if r["province_code"] == prov["code"]
        ]
        out.append("]")
    return "\n".join(out) + "\n"


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    sys.stdout.write(render(*_read(Path(sys.argv[1]))))


if __name__ == "__main__":
    main()
