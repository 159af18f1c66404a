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


@pytest.fixture(scope="module")
def rendered(qapp) -> dict[int, bytes]:
    return make_icons.render_pngs(make_icons.SVG)


def _encode(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    assert image.save(buf, "PNG", quality)
    buf.close()
    return bytes(data.data())


@pytest.mark.parametrize("size", make_icons.PNG_SIZES)
def test_committed_png_is_the_svg_drawn_at_its_size(rendered, size):
    committed = make_icons.committed_pngs()[size]
    assert make_icons.pixel_difference(rendered[size], committed) <= make_icons.PIXEL_TOLERANCE, (
        f"resources/app/rapport-{size}.png no longer looks like rapport.svg: run packaging/make_icons.py"
    )


def test_ico_and_icns_hold_exactly_the_committed_pngs():
    # The containers are packed byte by byte from the PNGs (no rasteriser involved), so bytes it is.
    pngs = make_icons.committed_pngs()
    for name, build in (("rapport.ico", make_icons.build_ico), ("rapport.icns", make_icons.build_icns)):
        same = (make_icons.APP_DIR / name).read_bytes() == build(pngs)
        assert same, f"resources/app/{name} does not hold the committed PNGs: run packaging/make_icons.py"


def test_other_bytes_for_the_same_pixels_pass(qapp):
    committed = make_icons.committed_pngs()[64]
    image = QImage.fromData(committed)
    stored = _encode(image, 100)  # Qt maps quality 100 to no zlib compression; the committed ones use the strongest
    assert stored != committed and len(stored) > len(committed)
    assert make_icons.pixel_difference(stored, committed) == 0

    # A machine whose rasteriser rounds one edge pixel the other way: bytes differ, the drawing does not.
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    x, y = next((x, y) for y in range(64) for x in range(64) if 0 < image.pixelColor(x, y).alpha() < 250)
    colour = image.pixelColor(x, y)
    colour.setAlpha(colour.alpha() + 1)
    image.setPixelColor(x, y, colour)
    rounded = _encode(image, 0)
    assert rounded != committed
    assert 0 < make_icons.pixel_difference(rounded, committed) <= make_icons.PIXEL_TOLERANCE


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('rx="14"', 'rx="13"'),  # the tile's corners a little tighter
        ('cx="31"', 'cx="31.5"'),  # one dot half a unit to the right
        ("#7A2438", "#7A2448"),  # the front bubble 16 levels bluer
    ],
)
def test_a_drawing_that_drifted_from_its_svg_is_caught(qapp, tmp_path, old, new):
    svg = make_icons.SVG.read_text(encoding="utf-8")
    assert svg.count(old) == 1
    edited = tmp_path / "rapport.svg"
    edited.write_text(svg.replace(old, new), encoding="utf-8")
    drawn = make_icons.render_pngs(edited)
    committed = make_icons.committed_pngs()
    worst = max(make_icons.pixel_difference(drawn[size], committed[size]) for size in make_icons.PNG_SIZES)
    assert worst > make_icons.PIXEL_TOLERANCE
