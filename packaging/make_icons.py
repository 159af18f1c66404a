"""Render the app icon (resources/app/rapport.svg) to PNGs, a Windows .ico and a macOS .icns.

Run from anywhere:  .venv/bin/python packaging/make_icons.py [--check]

The outputs are committed, so a build never needs Qt at packaging time to
make them.  The script is reproducible: QImage's PNG writer adds no
timestamps, and the .ico/.icns containers are written here byte by byte
(both are simple length-prefixed lists of PNGs), so running it twice with
the same Qt gives identical files.  --check re-renders into memory and
exits 1 if any committed file differs (e.g. after editing the SVG).
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


def outputs() -> dict[Path, bytes]:
    pngs = render_pngs(SVG)
    files = {APP_DIR / f"rapport-{size}.png": data for size, data in pngs.items()}
    files[APP_DIR / "rapport.ico"] = build_ico(pngs)
    files[APP_DIR / "rapport.icns"] = build_icns(pngs)
    return files


def main(argv: list[str]) -> int:
    files = outputs()
    if "--check" in argv:
        stale = [p.name for p, data in files.items() if not p.exists() or p.read_bytes() != data]
        if stale:
            print("out of date (run packaging/make_icons.py):", ", ".join(stale), file=sys.stderr)
            return 1
        print("app icons are up to date")
        return 0
    for path, data in files.items():
        path.write_bytes(data)
        print(f"{path.relative_to(APP_DIR.parent.parent)}  {len(data):>7} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
