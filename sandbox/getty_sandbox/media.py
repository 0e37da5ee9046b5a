"""Small real renditions for `thumb_uri` and display sizes: a JPEG, and a PNG tinted per asset."""

from __future__ import annotations

import base64
import struct
import zlib

# A 64x48 baseline JPEG (a gradient with a frame), made once for the sandbox.
THUMB_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEEx"
    "NDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7"
    "Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAwAEADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAA"
    "AgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6"
    "Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXG"
    "x8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREA"
    "AgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5"
    "OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPE"
    "xcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDBVKmVKVUqZUr3JSPKpTGqlTKlWrPTZ7uN"
    "5IvKCRkBmkmSMAnOBliM9D+VW10a5/56Wf8A4Gw//FVzymj1KUygqVMqVeXR7j/npaf+BkP/AMVTpNNnt4fOfymQMFJjmR8E"
    "gkZ2k+h/KsXNHpUqiKipUypTlSplSsZSPUpTOeVKmVKVUqZUrrlI/O6Uy3bp/wASK6/6+Yf/AEGWoFSr0Cf8SW5/6+Yf/QZa"
    "hVKwctz1Kc9hqpWjAn/EnuP+viL/ANBkqqqVoQp/xKbj/rvF/wCgyVjKR6NOZTVKmVKcqVMqVjKR6lKZzypUypSqlTKldcpH"
    "53SmT2lz5EMkL28U8cjKxEm4YKggY2kf3jVhbmD/AKBlr/31L/8AF1WVKmVKwlI9SlULC3EH/QNtv++pf/i6ka4D25hjtooV"
    "Zwx2FiSQCB1J9TUCpUypWMpHpUpjVSplSnKlTKlYSkepSmf/2Q=="
)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def preview_png(asset_id: str, width: int = 48, height: int = 32) -> bytes:
    """An RGB PNG whose colour is derived from the asset id, so renditions differ per asset."""
    seed = zlib.crc32(asset_id.encode())
    r, g, b = seed & 0xFF, (seed >> 8) & 0xFF, (seed >> 16) & 0xFF
    rows = b"".join(
        b"\x00"
        + bytes(c for x in range(width) for c in (r, (g + 3 * y) & 0xFF, (b + 2 * x) & 0xFF))
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )
