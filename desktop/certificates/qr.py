"""QR code matrices for certificate payloads, fast: error correction M, a fixed mask, one segment.

segno builds a code in about 1.4 ms, mostly in per-module Python loops (codeword placement,
masking, Reed-Solomon). A certificate batch always uses the same few versions, so everything
that depends only on the version (function patterns, format and version information, the
placement order of data modules, the mask) is computed once and cached; one code is then a
Reed-Solomon remainder per block (one big-integer step per codeword) and one gather of the
data bits into the matrix (``operator.itemgetter``, in C). The result is module for module what
``segno.make(text, error="m", mask=2, boost_error=False, micro=False)`` gives (the tests check
this for every version); texts this module does not handle (non-ASCII, or too long) go to segno.

Usage::

    rows = qr_matrix("12345...")   # tuple of bytes, one per row, 1 = dark, no quiet zone
"""

from __future__ import annotations

import re
from functools import cache
from operator import itemgetter
from typing import Final

import segno

ERROR_LEVEL: Final = "m"
MASK: Final = 2  # column % 3 == 0; see render.py for why the mask is fixed

_MAX_VERSION: Final = 40
# Error correction level M, versions 1..40 (ISO/IEC 18004 table 9): codewords of error
# correction per block, and number of blocks.
_ECC_PER_BLOCK: Final = (
    10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
    26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
)  # fmt: skip
_BLOCKS: Final = (
    1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
    17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
)  # fmt: skip
_FORMAT_LEVEL_M: Final = 0b00
_ALPHANUMERIC: Final = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALPHANUMERIC_VALUE: Final = {char: value for value, char in enumerate(_ALPHANUMERIC)}
_NUMERIC_RE: Final = re.compile(r"[0-9]*")
_ALPHANUMERIC_RE: Final = re.compile(r"[0-9A-Z $%*+\-./:]*")
_BYTE_BITS: Final = tuple(bytes((value >> (7 - i)) & 1 for i in range(8)) for value in range(256))


def qr_matrix(text: str) -> tuple[bytes, ...]:
    """The modules of ``text``'s QR code, row by row (1 = dark), without the quiet zone."""
    if text.isascii():
        mode, bits, bit_count = _segment(text)
        for version in range(1, _MAX_VERSION + 1):
            header = 4 + _count_bits(mode, version)
            if header + bit_count <= _data_codewords(version) * 8:
                return _symbol(version).draw(_codewords(version, mode, text, bits, bit_count))
    code = segno.make(text, error=ERROR_LEVEL, mask=MASK, boost_error=False, micro=False)
    return tuple(bytes(row) for row in code.matrix)


# --- data encoding ------------------------------------------------------------------------------

_NUMERIC, _ALPHA, _BYTE = 0b0001, 0b0010, 0b0100


def _segment(text: str) -> tuple[int, int, int]:
    """Mode, data bits as an integer, and their number (one segment, as segno chooses it)."""
    if text and _NUMERIC_RE.fullmatch(text):
        bits = count = 0
        for start in range(0, len(text), 3):
            group = text[start : start + 3]
            width = (1 + 3 * len(group)) if len(group) < 3 else 10  # 1 digit: 4, 2 digits: 7
            bits = (bits << width) | int(group)
            count += width
        return _NUMERIC, bits, count
    if text and _ALPHANUMERIC_RE.fullmatch(text):
        bits = count = 0
        for start in range(0, len(text) - 1, 2):
            pair = _ALPHANUMERIC_VALUE[text[start]] * 45 + _ALPHANUMERIC_VALUE[text[start + 1]]
            bits = (bits << 11) | pair
            count += 11
        if len(text) % 2:
            bits = (bits << 6) | _ALPHANUMERIC_VALUE[text[-1]]
            count += 6
        return _ALPHA, bits, count
    data = text.encode("ascii")
    return _BYTE, int.from_bytes(data, "big"), 8 * len(data)


def _count_bits(mode: int, version: int) -> int:
    band = 0 if version <= 9 else 1 if version <= 26 else 2
    return {_NUMERIC: (10, 12, 14), _ALPHA: (9, 11, 13), _BYTE: (8, 16, 16)}[mode][band]


def _codewords(version: int, mode: int, text: str, bits: int, bit_count: int) -> bytes:
    """Data codewords (mode, count, data, terminator, padding) with error correction, in the
    interleaved order they are placed in."""
    capacity = _data_codewords(version) * 8
    count_bits = _count_bits(mode, version)
    stream = (mode << count_bits) | len(text)
    stream = (stream << bit_count) | bits
    used = 4 + count_bits + bit_count
    terminator = min(4, capacity - used)
    used += terminator
    # Zero bits up to the next byte: a whole zero byte when already aligned, as segno writes
    # it (harmless: a reader stops at the terminator), unless that leaves no room.
    padding_bits = 8 - used % 8
    if used + padding_bits > capacity:
        padding_bits = -used % 8
    stream <<= terminator + padding_bits
    used += padding_bits
    data = bytearray(stream.to_bytes(used // 8, "big"))
    pad = capacity // 8 - len(data)
    data += (b"\xec\x11" * (pad // 2 + 1))[:pad]
    return _interleave(version, bytes(data))


def _interleave(version: int, data: bytes) -> bytes:
    blocks = _BLOCKS[version - 1]
    ecc_length = _ECC_PER_BLOCK[version - 1]
    total = _raw_modules(version) // 8
    short_length = total // blocks - ecc_length  # data codewords of a short block
    long_blocks = total % blocks
    short_blocks = blocks - long_blocks
    data_blocks: list[bytes] = []
    position = 0
    for index in range(blocks):
        length = short_length + (1 if index >= short_blocks else 0)
        data_blocks.append(data[position : position + length])
        position += length
    ecc_blocks = [_reed_solomon(block, ecc_length) for block in data_blocks]
    result = bytearray()
    for column in range(short_length + (1 if long_blocks else 0)):
        result += bytes(block[column] for block in data_blocks if column < len(block))
    for column in range(ecc_length):
        result += bytes(block[column] for block in ecc_blocks)
    return bytes(result)


# --- Reed-Solomon over GF(256), polynomial 0x11D --------------------------------------------------


def _gf_tables() -> tuple[tuple[int, ...], tuple[int, ...]]:
    exp = [0] * 512
    log = [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return tuple(exp), tuple(log)


_EXP, _LOG = _gf_tables()


def _gf_mul(a: int, b: int) -> int:
    return 0 if a == 0 or b == 0 else _EXP[_LOG[a] + _LOG[b]]


@cache
def _generator_multiples(degree: int) -> tuple[int, ...]:
    """For each byte f, f times the generator polynomial's coefficients (the leading 1 left out)
    as one big-endian integer: one remainder step is then a shift and an XOR."""
    generator = [1]
    for root in range(degree):
        factor = _EXP[root]
        generator = [
            (generator[i] if i < len(generator) else 0)
            ^ (_gf_mul(generator[i - 1], factor) if i > 0 else 0)
            for i in range(len(generator) + 1)
        ]
    tail = generator[1:]
    return tuple(
        int.from_bytes(bytes(_gf_mul(f, coefficient) for coefficient in tail), "big")
        for f in range(256)
    )


def _reed_solomon(block: bytes, degree: int) -> bytes:
    multiples = _generator_multiples(degree)
    mask = (1 << (8 * degree)) - 1
    top = 8 * (degree - 1)
    remainder = 0
    for byte in block:
        remainder = ((remainder << 8) & mask) ^ multiples[(remainder >> top) ^ byte]
    return remainder.to_bytes(degree, "big")


# --- the symbol ---------------------------------------------------------------------------------


def _raw_modules(version: int) -> int:
    """Modules available for codewords (data and error correction, remainder bits included)."""
    result = (16 * version + 128) * version + 64
    if version >= 2:
        aligns = version // 7 + 2
        result -= (25 * aligns - 10) * aligns - 55
        if version >= 7:
            result -= 36
    return result


def _data_codewords(version: int) -> int:
    return _raw_modules(version) // 8 - _ECC_PER_BLOCK[version - 1] * _BLOCKS[version - 1]


def _alignment_positions(version: int) -> list[int]:
    if version == 1:
        return []
    count = version // 7 + 2
    size = 17 + 4 * version
    step = 26 if version == 32 else (version * 4 + count * 2 + 1) // (count * 2 - 2) * 2
    return [6, *sorted(size - 7 - step * i for i in range(count - 1))]


def _bch(data: int, generator: int, degree: int) -> int:
    remainder = data << degree
    for shift in range(remainder.bit_length() - degree - 1, -1, -1):
        if remainder & (1 << (shift + degree)):
            remainder ^= generator << shift
    return (data << degree) | remainder


class _Symbol:
    """Everything about one version with mask 2 and level M that does not depend on the text."""

    def __init__(self, version: int) -> None:
        size = 17 + 4 * version
        self.size = size
        modules = [[0] * size for _ in range(size)]
        function = [[False] * size for _ in range(size)]

        def put(x: int, y: int, dark: bool) -> None:  # x: column, y: row
            modules[y][x] = 1 if dark else 0
            function[y][x] = True

        for i in range(size):  # timing patterns (finders overwrite their ends)
            put(6, i, i % 2 == 0)
            put(i, 6, i % 2 == 0)
        for cx, cy in ((3, 3), (size - 4, 3), (3, size - 4)):
            for dy in range(-4, 5):
                for dx in range(-4, 5):
                    x, y = cx + dx, cy + dy
                    if 0 <= x < size and 0 <= y < size:
                        put(x, y, max(abs(dx), abs(dy)) not in (2, 4))
        positions = _alignment_positions(version)
        last = len(positions) - 1
        for i, cx in enumerate(positions):
            for j, cy in enumerate(positions):
                if (i, j) in ((0, 0), (0, last), (last, 0)):
                    continue
                for dy in range(-2, 3):
                    for dx in range(-2, 3):
                        put(cx + dx, cy + dy, max(abs(dx), abs(dy)) != 1)
        format_bits = _bch((_FORMAT_LEVEL_M << 3) | MASK, 0x537, 10) ^ 0x5412
        for i in range(15):
            dark = bool((format_bits >> i) & 1)
            if i < 6:
                put(8, i, dark)
            elif i < 8:
                put(8, i + 1, dark)
            elif i == 8:
                put(7, 8, dark)
            else:
                put(14 - i, 8, dark)
            if i < 8:
                put(size - 1 - i, 8, dark)
            else:
                put(8, size - 15 + i, dark)
        put(8, size - 8, True)  # the dark module
        if version >= 7:
            version_bits = _bch(version, 0x1F25, 12)
            for i in range(18):
                dark = bool((version_bits >> i) & 1)
                a, b = size - 11 + i % 3, i // 3
                put(a, b, dark)
                put(b, a, dark)

        # Placement order of the data modules: two-column strips from the right, zigzagging.
        order: list[int] = []
        right = size - 1
        while right >= 1:
            if right == 6:
                right = 5
            upward = ((right + 1) & 2) == 0
            for vertical in range(size):
                y = size - 1 - vertical if upward else vertical
                for x in (right, right - 1):
                    if not function[y][x]:
                        order.append(y * size + x)
            right -= 2
        self.data_modules = len(order)
        # The mask, in placement order, as one integer to XOR with the data bits.
        mask_bits = bytes(1 if (index % size) % 3 == 0 else 0 for index in order)
        self.mask = int.from_bytes(mask_bits, "big")
        # Every matrix position gathers from [masked data bits..., 0, 1]: data modules by their
        # placement index, function modules from the two constants at the end.
        source_of = [0] * (size * size)
        for placed, index in enumerate(order):
            source_of[index] = placed
        for y in range(size):
            for x in range(size):
                if function[y][x]:
                    source_of[y * size + x] = len(order) + modules[y][x]
        self.gather = itemgetter(*source_of)

    def draw(self, codewords: bytes) -> tuple[bytes, ...]:
        bits = b"".join(_BYTE_BITS[codeword] for codeword in codewords)
        bits = bits.ljust(self.data_modules, b"\x00")  # remainder bits
        masked = (int.from_bytes(bits, "big") ^ self.mask).to_bytes(self.data_modules, "big")
        flat = bytes(self.gather(masked + b"\x00\x01"))
        size = self.size
        return tuple(flat[row : row + size] for row in range(0, size * size, size))


@cache
def _symbol(version: int) -> _Symbol:
    return _Symbol(version)
