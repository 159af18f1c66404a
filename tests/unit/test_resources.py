"""The look assets and the desktop files are well-formed: icons, the .desktop entry, .ico and .icns."""

from __future__ import annotations

import configparser
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

RES = Path(__file__).resolve().parents[2] / "resources"
SVG_NS = "{http://www.w3.org/2000/svg}"
APP_PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# Names the UI asks for; see resources/icons/README.md.
REQUIRED_ICONS = """
contacts today network search add edit delete undo import export photo close settings star group
event calendar note phone email address link tag birthday
meeting call message check_in favour referral introduction advice purchase info invitation
recommendation ask given received snooze done warning backup restore trash
""".split()

ICONS = sorted((RES / "icons").glob("*.svg"))


def test_every_required_icon_exists():
    names = {p.stem for p in ICONS}
    assert not set(REQUIRED_ICONS) - names, f"missing icons: {sorted(set(REQUIRED_ICONS) - names)}"


@pytest.mark.parametrize("path", ICONS, ids=[p.stem for p in ICONS])
def test_icon_is_a_24px_monochrome_stroke_svg(path: Path):
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 24 24"
    assert root.get("width") == root.get("height") == "24"
    # One placeholder colour that the UI tints; anything else would not recolour for dark themes.
    colours = {v.lower() for el in root.iter() for k, v in el.attrib.items() if k in ("stroke", "fill", "color")}
    assert colours <= {"#000000", "none"}, colours
    assert "currentcolor" not in path.read_text().lower()
    assert len(list(root)) >= 1, "empty icon"


def test_app_svg_parses():
    root = ET.parse(RES / "app" / "rapport.svg").getroot()
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("viewBox") == "0 0 64 64"


def test_app_pngs_have_their_sizes():
    for size in APP_PNG_SIZES:
        data = (RES / "app" / f"rapport-{size}.png").read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])  # IHDR follows the signature
        assert (width, height) == (size, size)


def _png_size(blob: bytes) -> tuple[int, int]:
    assert blob[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", blob[16:24])


def test_ico_lists_the_expected_sizes():
    data = (RES / "app" / "rapport.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        w, h, _colours, _res, planes, bpp, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i : 22 + 16 * i])
        w, h = w or 256, h or 256
        assert (planes, bpp) == (1, 32)
        assert _png_size(data[offset : offset + length]) == (w, h)
        assert offset + length <= len(data)
        sizes.append(w)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]


def test_icns_lists_the_expected_sizes():
    data = (RES / "app" / "rapport.icns").read_bytes()
    magic, total = struct.unpack(">4sI", data[:8])
    assert magic == b"icns" and total == len(data)
    expected = {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512,
                b"ic11": 32, b"ic12": 64, b"ic13": 256, b"ic14": 512}  # fmt: skip
    found = {}
    pos = 8
    while pos < len(data):
        kind, length = struct.unpack(">4sI", data[pos : pos + 8])
        assert length > 8
        w, h = _png_size(data[pos + 8 : pos + length])
        assert w == h
        found[kind] = w
        pos += length
    assert pos == len(data)
    assert found == expected


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive in the Desktop Entry spec
    parser.read(RES / "linux" / "rapport.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_has_the_required_keys():
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Rapport"
    assert entry["GenericName"] == "Personal CRM"
    assert entry["Comment"]
    assert entry["Exec"] == "rapport %F"
    assert entry["Icon"] == "rapport"
    assert entry["Terminal"] == "false"
    assert entry["StartupWMClass"] == "rapport"
    assert set(filter(None, entry["Categories"].split(";"))) == {"Office", "ContactManagement"}
    assert entry["Categories"].endswith(";") and entry["MimeType"].endswith(";")
    assert set(filter(None, entry["MimeType"].split(";"))) == {"text/vcard", "text/x-vcard", "text/directory"}


def test_metainfo_names_the_desktop_file():
    root = ET.parse(RES / "linux" / "rapport.metainfo.xml").getroot()
    assert root.findtext("id") == "org.rapport.Rapport"
    assert root.find("launchable").text == "rapport.desktop"
