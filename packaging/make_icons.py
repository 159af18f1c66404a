"""Render the app icon (resources/app/rapport.svg) to PNGs, a Windows .ico and a macOS .icns.

Run from anywhere:  .venv/bin/python packaging/make_icons.py [--check]

The outputs are committed and are the build's inputs: a build never renders
them.  Qt's rasteriser does not give the same PNG bytes on every machine
(anti-aliasing and gradients round differently from one CPU's SIMD path to
the next), so the committed PNGs are compared with a fresh render by pixels
with a tolerance (pixel_difference, PIXEL_TOLERANCE), never by bytes:
--check does that, and so does tests/ui/test_app_icon.py.  The .ico and
.icns are written here byte by byte from the PNGs (both are simple
length-prefixed lists of PNGs), so they must equal what build_ico/build_icns
make of the committed PNGs exactly.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

APP_DIR = Path(__file__).resolve().parent.parent / "resources" / "app"
SVG = APP_DIR / "rapport.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# ICO entries store width/height in one byte each (0 means 256): 256 is the largest.
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# (OSType, pixel size) for PNG-payload icns elements; the @2x types reuse the larger renders.
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic11", 32),  # 16@2x
    (b"ic12", 64),  # 32@2x
    (b"ic13", 256),  # 128@2x
    (b"ic14", 512),  # 256@2x
)
# The largest difference allowed in one channel of one pixel (0-255, premultiplied by alpha) between
# the committed PNGs and a fresh render.  Renders on two machines differ by 1 at a few edge pixels
# (measured: 41 of 349,440 pixels, never more than 1); an SVG edit that changes the drawing moves far
# more (a dot moved by a quarter of a 64-unit viewBox: 8 at 16 px and 208 at 512 px; a corner radius
# 14 -> 13: 35-255; a fill colour 8 levels off: 8 at every size).  An edit that stays under this at
# every size (a colour less than 3% off) is not one a person could see.
PIXEL_TOLERANCE = 8


def render_pngs(svg: Path, sizes=PNG_SIZES) -> dict[int, bytes]:
    """Render `svg` to straight-alpha PNG bytes at each size, offscreen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (keeps Qt alive)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot parse {svg}")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter, QRectF(0, 0, size, size))
        painter.end()
        image = image.convertToFormat(QImage.Format.Format_ARGB32)
        image.setDotsPerMeterX(2835)  # 72 dpi, fixed so the pHYs chunk never varies
        image.setDotsPerMeterY(2835)
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buf, "PNG", 0)  # for PNG, Qt maps quality 0 to the strongest zlib level
        buf.close()
        out[size] = bytes(data.data())
    return out


def committed_pngs(sizes=PNG_SIZES) -> dict[int, bytes]:
    """The committed PNG bytes at each size (what the build bundles)."""
    return {size: (APP_DIR / f"rapport-{size}.png").read_bytes() for size in sizes}


def _premultiplied_rgba(png: bytes):
    from PySide6.QtGui import QImage

    image = QImage.fromData(png)
    if image.isNull():
        raise ValueError("not a readable PNG")
    image = image.convertToFormat(QImage.Format.Format_RGBA8888_Premultiplied)
    # bytes() copies while `image` is alive: constBits() of a temporary points into freed memory.
    return image.width(), image.height(), bytes(image.constBits())


def pixel_difference(a: bytes, b: bytes) -> int:
    """The largest difference in one channel of one pixel (0-255) between two PNGs, colours
    premultiplied by alpha so that a nearly transparent pixel's colour (which rounding may swing
    widely, invisibly) counts for what shows; 255 when their sizes differ.  Needs a QGuiApplication."""
    wa, ha, pa = _premultiplied_rgba(a)
    wb, hb, pb = _premultiplied_rgba(b)
    if (wa, ha) != (wb, hb):
        return 255
    if pa == pb:
        return 0
    return max(map(abs, map(int.__sub__, pa, pb)))


def build_ico(pngs: dict[int, bytes], sizes=ICO_SIZES) -> bytes:
    """A Windows .ico whose entries are PNG streams (valid since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, blobs = [], []
    for size in sizes:
        blob = pngs[size]
        dim = 0 if size >= 256 else size
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(blob), offset))
        blobs.append(blob)
        offset += len(blob)
    return header + b"".join(entries) + b"".join(blobs)


def build_icns(pngs: dict[int, bytes], types=ICNS_TYPES) -> bytes:
    """A macOS .icns: 'icns' + total length, then (type, length incl. 8-byte header, PNG) elements."""
    body = b"".join(struct.pack(">4sI", ostype, 8 + len(pngs[size])) + pngs[size] for ostype, size in types)
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def outputs(pngs: dict[int, bytes]) -> dict[Path, bytes]:
    files = {APP_DIR / f"rapport-{size}.png": data for size, data in pngs.items()}
    files[APP_DIR / "rapport.ico"] = build_ico(pngs)
    files[APP_DIR / "rapport.icns"] = build_icns(pngs)
    return files


def check() -> list[str]:
    """What is out of date: PNGs further than PIXEL_TOLERANCE from a fresh render, containers that do
    not hold the committed PNGs."""
    rendered = render_pngs(SVG)
    stale = []
    for size, data in rendered.items():
        path = APP_DIR / f"rapport-{size}.png"
        if not path.exists():
            stale.append(f"{path.name} (missing)")
            continue
        diff = pixel_difference(data, path.read_bytes())
        if diff > PIXEL_TOLERANCE:
            stale.append(f"{path.name} (a pixel differs by {diff} > {PIXEL_TOLERANCE})")
    if stale:
        return stale  # running the script remakes the containers with the PNGs
    for path, data in outputs(committed_pngs()).items():
        if path.suffix != ".png" and (not path.exists() or path.read_bytes() != data):
            stale.append(f"{path.name} (does not hold the committed PNGs)")
    return stale


def main(argv: list[str]) -> int:
    if "--check" in argv:
        stale = check()
        if stale:
            print("out of date (run packaging/make_icons.py):", ", ".join(stale), file=sys.stderr)
            return 1
        print(f"app icons match rapport.svg (no pixel differs by more than {PIXEL_TOLERANCE})")
        return 0
    for path, data in outputs(render_pngs(SVG)).items():
        path.write_bytes(data)
        print(f"{path.relative_to(APP_DIR.parent.parent)}  {len(data):>7} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
