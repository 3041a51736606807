"""How many scans a JPEG file is drawn in, counted from its markers, never decoded.

A progressive JPEG is drawn in scans, and the decoder walks every block of the picture
on each one. A 1.3 MB file that repeats a 59-byte scan 20,000 times over 6000x6000
pixels took 68 s to decode (a red team's finding, round 15); browsers pay it too.
Pillow reads a JPEG's markers only up to its first scan, so they are counted here: a
photo has one scan, or about ten when it is progressive.
"""

from __future__ import annotations

#: Scans a picture may have: ten times what an encoder makes, and at the 40 million
#: pixels ``partners_max_image_pixels`` allows, well under a second to decode.
MAX_JPEG_SCANS = 100

_START_OF_IMAGE = b"\xff\xd8"
_START_OF_SCAN = 0xDA
_END_OF_IMAGE = 0xD9
#: Markers without a length: restarts (D0 to D7), TEM (01), and a stuffed zero (00).
_ALONE = frozenset({0x00, 0x01, *range(0xD0, 0xD8)})


def is_jpeg(data: bytes) -> bool:
    return data.startswith(_START_OF_IMAGE + b"\xff")


def jpeg_scans(data: bytes, stop_after: int = MAX_JPEG_SCANS) -> int:
    """The scans of the JPEG in *data* (0 if it is none), counted up to *stop_after* + 1.

    Each segment is skipped by its length, so a scan marker inside metadata (an EXIF
    thumbnail is a JPEG of its own) is not counted; after a scan's header, its coded
    data runs to the next marker that is not a stuffed byte or a restart.
    """
    if not is_jpeg(data):
        return 0
    scans = 0
    position = len(_START_OF_IMAGE)
    while position + 1 < len(data):
        if data[position] != 0xFF:
            position = data.find(b"\xff", position)  # inside a scan's coded data
            if position < 0:
                break
            continue
        marker = data[position + 1]
        if marker == 0xFF or marker in _ALONE:
            position += 1 if marker == 0xFF else 2  # fill byte, or no length to skip
            continue
        if marker == _END_OF_IMAGE:
            break
        if marker == _START_OF_SCAN:
            scans += 1
            if scans > stop_after:
                break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + max(length, 2)
    return scans
