"""What a JPEG file costs to decode, read from its markers, never decoded.

A progressive JPEG is drawn in scans, and the decoder walks every block of the picture
on each one. A 1.3 MB file that repeats a 59-byte scan 20,000 times over 6000x6000
pixels took 68 s to decode (a red team's finding, round 15); browsers pay it too.
Pillow reads a JPEG's markers only up to its first scan, so they are read here: a photo
has one scan, or about ten when it is progressive.

Round 16: with arithmetic coding, a scan of 68 bytes makes the decoder work through
every coefficient of every block (0.13 s a scan at 40 million pixels), so 100 scans
of a 7 KB file took 13 s. Cameras, phones and editors write Huffman-coded JPEGs,
baseline or progressive; arithmetic, lossless and hierarchical JPEGs are refused.
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
#: Start-of-frame markers of Huffman-coded baseline, extended and progressive JPEGs.
_HUFFMAN_FRAMES = frozenset({0xC0, 0xC1, 0xC2})
#: The other start-of-frame markers (lossless, hierarchical, arithmetic coding), and
#: DAC, which sets up arithmetic coding. (C4 is DHT, C8 is reserved, CC is DAC.)
_OTHER_CODINGS = frozenset({0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCC, 0xCD, 0xCE, 0xCF})


def is_jpeg(data: bytes) -> bool:
    return data.startswith(_START_OF_IMAGE + b"\xff")


def _markers(data: bytes) -> list[int]:
    """The markers of the JPEG in *data* up to its end, each segment skipped by its
    length, so a marker inside metadata (an EXIF thumbnail is a JPEG of its own) is
    not read; after a scan's header, its coded data runs to the next marker that is
    not a stuffed byte or a restart. Stops after more scans than a picture may have."""
    found: list[int] = []
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
        found.append(marker)
        if marker == _START_OF_SCAN:
            scans += 1
            if scans > MAX_JPEG_SCANS:
                break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        position += 2 + max(length, 2)
    return found


def jpeg_scans(data: bytes) -> int:
    """The scans of the JPEG in *data* (0 if it is none), counted up to one past
    :data:`MAX_JPEG_SCANS`."""
    return _markers(data).count(_START_OF_SCAN) if is_jpeg(data) else 0


def jpeg_cost_problem(data: bytes) -> str | None:
    """Why decoding the JPEG in *data* could take minutes, or None (also for a file
    that is not a JPEG)."""
    if not is_jpeg(data):
        return None
    markers = _markers(data)
    if markers.count(_START_OF_SCAN) > MAX_JPEG_SCANS:
        return f"drawn in more than {MAX_JPEG_SCANS} scans (a photo has one, or about ten)"
    if any(marker in _OTHER_CODINGS for marker in markers):
        return (
            "coded in a way cameras and editors do not use (arithmetic, lossless or "
            "hierarchical), which can take minutes to decode"
        )
    return None
