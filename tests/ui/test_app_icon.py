"""The committed app icons (the build's inputs) are the drawing in rapport.svg: compared with a fresh
render by pixels within packaging/make_icons.py's PIXEL_TOLERANCE, never by bytes, because Qt's
rasteriser rounds differently from one machine to the next (PITFALLS.md)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]


def _load_make_icons():
    spec = importlib.util.spec_from_file_location("make_icons", ROOT / "packaging" / "make_icons.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_icons = _load_make_icons()


def _encode(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buf, "PNG", quality)
    buf.close()
    return bytes(data.data())


def test_committed_icons_are_the_svg_drawn_at_their_sizes(qapp):
    # Each PNG within PIXEL_TOLERANCE of a fresh render; the .ico and .icns hold exactly those PNGs
    # (they are packed byte by byte, no rasteriser involved).
    assert make_icons.check() == [], "resources/app no longer matches rapport.svg: run packaging/make_icons.py"


def test_icons_drawn_with_other_bytes_pass(qapp, tmp_path, monkeypatch):
    # As if drawn on another machine: each PNG stored without compression (the committed ones use the
    # strongest) and one anti-aliased edge pixel rounded the other way; the .ico/.icns packed from those.
    other: dict[int, bytes] = {}
    for size, committed in make_icons.committed_pngs().items():
        image = QImage.fromData(committed).convertToFormat(QImage.Format.Format_ARGB32)
        x, y = next((x, y) for y in range(size) for x in range(size) if 0 < image.pixelColor(x, y).alpha() < 250)
        colour = image.pixelColor(x, y)
        colour.setAlpha(colour.alpha() + 1)
        image.setPixelColor(x, y, colour)
        other[size] = _encode(image, 100)  # Qt maps quality 100 to no zlib compression
        assert other[size] != committed
        assert 0 < make_icons.pixel_difference(other[size], committed) <= make_icons.PIXEL_TOLERANCE
    monkeypatch.setattr(make_icons, "APP_DIR", tmp_path)  # make_icons.SVG still names the real drawing
    for path, data in make_icons.outputs(other).items():
        path.write_bytes(data)
    rendered = make_icons.render_pngs(make_icons.SVG)
    assert all(rendered[size] != other[size] for size in other)  # a byte check would call every file stale
    assert make_icons.check() == []


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('rx="14"', 'rx="13"'),  # the tile's corners a little tighter
        ('cx="31"', 'cx="31.5"'),  # one dot half a unit to the right
        ("#7A2438", "#7A2448"),  # the front bubble 16 levels bluer
    ],
)
def test_a_drawing_that_drifted_from_its_svg_is_caught(qapp, tmp_path, monkeypatch, old, new):
    svg = make_icons.SVG.read_text(encoding="utf-8")
    assert svg.count(old) == 1
    edited = tmp_path / "rapport.svg"
    edited.write_text(svg.replace(old, new), encoding="utf-8")
    monkeypatch.setattr(make_icons, "SVG", edited)  # the SVG edited, the PNGs not drawn again
    stale = make_icons.check()
    assert stale and all("a pixel differs by" in line for line in stale), stale
