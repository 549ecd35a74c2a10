"""Saved emails for upload tests, made here: an .eml (RFC 5322 text) and an Outlook .msg, which is an OLE
compound file (MS-CFB, version 3) holding the message's property streams (MS-OXMSG).

The compound file is written by a small writer: a header, one FAT sector, the directory, then each
stream in whole 512-byte sectors. Streams are padded to the 4,096-byte mini-stream cut-off so they all
live in ordinary sectors (a real .msg keeps small streams in a mini stream; olefile reads either).
"""
from __future__ import annotations

import struct

SECTOR = 512
CUTOFF = 4096
FREE, END, FAT_SECTOR, NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
STREAM, STORAGE, ROOT = 2, 1, 5


def make_eml(subject: str = "Your client: response to letter of claim",
             body: str = "Dear Sirs,\r\n\r\nWe deny liability.\r\n") -> bytes:
    return (f"Return-Path: <dpo@council.example>\r\nFrom: Data Protection Officer <dpo@council.example>\r\n"
            f"To: claims@firm.example\r\nSubject: {subject}\r\nDate: Mon, 23 Nov 2026 09:12:00 +0000\r\n"
            f"Message-ID: <1@council.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"\r\n{body}").encode()


def make_msg(message_class: str | None = "IPM.Note", *, storages: tuple[str, ...] = (),
             properties: bool = True) -> bytes:
    """An Outlook message: the properties stream, its class, a subject and a body; ``storages`` adds empty
    storages (e.g. "Macros", to look like a macro-carrying Office file)."""
    streams = {}
    if properties:
        streams["__properties_version1.0"] = bytes(32)
    if message_class is not None:
        streams["__substg1.0_001A001F"] = message_class.encode("utf-16-le")
    streams["__substg1.0_0037001F"] = "Response to letter of claim".encode("utf-16-le")
    streams["__substg1.0_1000001F"] = "We deny liability.".encode("utf-16-le")
    return make_compound_file(streams, storages=storages)


def make_word_97() -> bytes:
    """An old Word (.doc) file: an OLE compound file too, but no message (and macros)."""
    return make_compound_file({"WordDocument": b"\xec\xa5" + bytes(100), "1Table": bytes(64)},
                              storages=("Macros",))


def make_compound_file(streams: dict[str, bytes], *, storages: tuple[str, ...] = ()) -> bytes:
    """A version 3 compound file with these streams (and empty storages) under the root."""
    names = list(streams) + list(storages)
    padded = {name: data.ljust(CUTOFF, b"\0") for name, data in streams.items()}
    entries = 1 + len(names)
    dir_sectors = -(-entries * 128 // SECTOR)
    fat, data, next_sector = [FAT_SECTOR], b"", 1
    fat += [next_sector + i + 1 for i in range(dir_sectors - 1)] + [END]
    directory_start, next_sector = next_sector, next_sector + dir_sectors
    starts = {}
    for name, content in padded.items():
        count = -(-len(content) // SECTOR)
        starts[name] = next_sector
        fat += [next_sector + i + 1 for i in range(count - 1)] + [END]
        data += content.ljust(count * SECTOR, b"\0")
        next_sector += count
    assert len(fat) <= SECTOR // 4, "one FAT sector is enough for a test file"
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat) + struct.pack("<I", FREE) * (SECTOR // 4 - len(fat))
    directory = _entry("Root Entry", ROOT, child=1 if names else NONE, start=END, size=0)
    for index, name in enumerate(names, start=1):
        right = index + 1 if index < len(names) else NONE
        if name in padded:
            directory += _entry(name, STREAM, right=right, start=starts[name], size=len(padded[name]))
        else:
            directory += _entry(name, STORAGE, right=right, start=0, size=0)
    directory = directory.ljust(dir_sectors * SECTOR, b"\0")
    for slot in range(entries, dir_sectors * SECTOR // 128):  # unused entries point nowhere
        offset = slot * 128
        directory = directory[:offset + 0x44] + struct.pack("<III", NONE, NONE, NONE) + directory[offset + 0x50:]
    return _header(fat_sectors=1, directory_start=directory_start) + fat_bytes + directory + data


def _header(*, fat_sectors: int, directory_start: int) -> bytes:
    header = bytearray(SECTOR)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, fat_sectors, directory_start, 0, CUTOFF, END, 0, END, 0)
    struct.pack_into("<I", header, 0x4C, 0)  # the FAT is sector 0
    for slot in range(1, 109):
        struct.pack_into("<I", header, 0x4C + 4 * slot, FREE)
    return bytes(header)


def _entry(name: str, kind: int, *, left: int = NONE, right: int = NONE, child: int = NONE, start: int,
           size: int) -> bytes:
    encoded = name.encode("utf-16-le") + b"\0\0"
    entry = bytearray(128)
    entry[0:len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 0x40, len(encoded), kind, 1)  # black
    struct.pack_into("<III", entry, 0x44, left, right, child)
    struct.pack_into("<IQ", entry, 0x74, start, size)
    return bytes(entry)
