"""Persian text on a ReportLab canvas: shaping, right-to-left order, wrapping, fitting, drawing.

ReportLab draws glyphs in the order it is given and does not join Arabic letters, so every
Persian string goes through the same pipeline before it is drawn:

1. :func:`prepare` cleans it like typed input (``desktop.domain.text.normalise_input``: Arabic
   ي/ى/ك become Persian ی/ک, bidi marks and tatweel go, ZWNJ inside words stays) and, by default,
   turns digits into Persian digits (``desktop.domain.digits``).
2. :func:`shape` picks each letter's joined form (arabic_reshaper presentation forms; lam-alef
   ligatures only; harakat dropped because ReportLab cannot position marks).
3. Wrapping happens in *logical* order, measuring the shaped words with
   ``pdfmetrics.stringWidth`` (reordering a whole paragraph would reverse its lines).
4. :func:`reorder` turns one line into visual order (python-bidi, base direction right-to-left)
   and mirrors brackets, guillemets and other mirrored characters that end up right-to-left
   (python-bidi's Rust backend reorders but does not mirror, which gives ``)Carpet(``).

The result is drawn left-to-right by ReportLab, right-aligned or centred. ``pdftotext`` reads it
back in logical order as presentation forms; NFKC turns those back into ordinary letters.

Public API (all sizes in points; ``font`` is a registered font name, see
:func:`desktop.pdf.fonts.register_fonts`)::

    prepare(text, *, persian_digits=True) -> str          # cleaned logical text
    shape(text) -> str                                     # joined forms, logical order
    reorder(shaped_line) -> str                            # one line to visual order
    visual(text, *, persian_digits=True) -> str            # 1+2+4 for a single line
    text_width(text, font, size, *, persian_digits=True) -> float
    wrap(text, font, size, max_width, *, persian_digits=True) -> list[str]
        # visual lines, top to bottom; "\\n" forces a break; an over-long word is cut
    fit(text, font, size, width, *, height=None, max_lines=None, min_size=None,
        leading=1.45, prefer="wrap", persian_digits=True) -> Fitted
        # largest size (from ``size`` down in 0.5 pt steps, below ``min_size`` only if
        # nothing else fits, never below 4 pt) whose wrapped lines fit ``width`` and, if
        # given, ``height``/``max_lines``. prefer="shrink" first tries one line at every size
        # down to ``min_size`` before wrapping (good for names).
    draw_right(canvas, x_right, y, text, font, size, *, persian_digits=True) -> float
    draw_centred(canvas, x_centre, y, text, font, size, *, persian_digits=True) -> float
    draw_left(canvas, x_left, y, text, font, size, *, persian_digits=True) -> float
        # one line at baseline ``y``, no wrapping; return the drawn width
    draw_fitted(canvas, fitted, x, y_top, width, *, align="right") -> None
        # lines of a Fitted block, first baseline at y_top - ascent
    draw_box(canvas, text, x, y, width, height, font, size, *, min_size=None,
             max_lines=None, align="right", valign="top", leading=1.45, prefer="wrap",
             persian_digits=True) -> Fitted
        # fit ``text`` in the box (x, y = bottom-left corner) and draw it; never overflows
        # the width; the height only when the text cannot get any smaller (4 pt)

``align`` is "right", "centre" (or "center") or "left"; ``valign`` is "top", "middle" or
"bottom". Text that must keep ASCII digits (a serial code, a URL) passes
``persian_digits=False``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal, Protocol

from arabic_reshaper import ArabicReshaper
from bidi import get_display
from bidi.mirror import MIRRORED
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth

from desktop.domain.digits import to_persian_digits
from desktop.domain.text import normalise_input

Align = Literal["right", "centre", "center", "left"]
VAlign = Literal["top", "middle", "bottom"]


class Canvas(Protocol):
    """The part of ``reportlab.pdfgen.canvas.Canvas`` this module uses."""

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None: ...  # noqa: N802

    def drawString(self, x: float, y: float, text: str) -> None: ...  # noqa: N802


_RESHAPER: Final = ArabicReshaper(
    configuration={
        "delete_harakat": True,  # ReportLab has no mark positioning: a stray fatha looks worse
        "delete_tatweel": True,
        # Persian writes عبدالله with ordinary letters; the ﷲ glyph is for religious text.
        "ARABIC LIGATURE ALLAH": False,
    }
)

_MIN_SIZE: Final = 4.0
_SIZE_STEP: Final = 0.5
_MIRRORABLE: Final = frozenset(MIRRORED)
# Debug output of python-bidi's Rust backend lists one ``Level(n)`` per UTF-8 byte.
_LEVEL_RE: Final = re.compile(r"Level\(\s*(\d+)")


# --- text pipeline --------------------------------------------------------------------------


def prepare(text: str, *, persian_digits: bool = True) -> str:
    """Clean one paragraph like typed input and (by default) use Persian digits."""
    cleaned = normalise_input(text)
    return to_persian_digits(cleaned) if persian_digits else cleaned


@lru_cache(maxsize=4096)
def shape(text: str) -> str:
    """Joined presentation forms of ``text``, still in logical order (spaces kept)."""
    return str(_RESHAPER.reshape(text))


@lru_cache(maxsize=4096)
def reorder(shaped: str) -> str:
    """Visual (left-to-right drawing) order of one shaped line, paragraph direction RTL."""
    shaped = shaped.strip(" ")
    if not shaped:
        return ""
    if not any(char in _MIRRORABLE for char in shaped):
        return str(get_display(shaped, base_dir="R"))
    levels = _embedding_levels(shaped)
    if levels is None:  # unexpected debug format: mirror everything (right for RTL context)
        return "".join(MIRRORED.get(c, c) for c in str(get_display(shaped, base_dir="R")))
    return _reorder_by_levels(shaped, levels)


def visual(text: str, *, persian_digits: bool = True) -> str:
    """One line ready for ``canvas.drawString``: cleaned, shaped, reordered (no wrapping)."""
    return reorder(shape(prepare(text, persian_digits=persian_digits)))


def text_width(text: str, font: str, size: float, *, persian_digits: bool = True) -> float:
    """Width of ``text`` drawn on one line."""
    return float(stringWidth(visual(text, persian_digits=persian_digits), font, size))


def _embedding_levels(text: str) -> list[int] | None:
    """Resolved bidi level of every character (python-bidi computes them; we read its debug)."""
    debug = str(get_display(text, base_dir="R", debug=True))
    start, end = debug.rfind("levels: ["), debug.rfind("paragraphs: [")
    if start < 0 or end < start:
        return None
    byte_levels = [int(level) for level in _LEVEL_RE.findall(debug, start, end)]
    levels: list[int] = []
    position = 0
    for char in text:
        if position >= len(byte_levels):
            return None
        levels.append(byte_levels[position])
        position += len(char.encode("utf-8"))
    return levels if position == len(byte_levels) else None


def _reorder_by_levels(text: str, levels: Sequence[int]) -> str:
    """Unicode bidi rules L2 (reverse runs from the highest level down) and L4 (mirroring)."""
    chars = [MIRRORED.get(c, c) if level % 2 else c for c, level in zip(text, levels, strict=True)]
    odd_levels = [level for level in levels if level % 2]
    if not odd_levels:
        return "".join(chars)
    current = list(levels)
    for level in range(max(current), min(odd_levels) - 1, -1):
        index = 0
        while index < len(chars):
            if current[index] < level:
                index += 1
                continue
            end = index
            while end < len(chars) and current[end] >= level:
                end += 1
            chars[index:end] = chars[index:end][::-1]
            current[index:end] = current[index:end][::-1]
            index = end
    return "".join(chars)


# --- wrapping ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ShapedParagraph:
    words: tuple[str, ...]  # shaped, logical order; "" for an empty paragraph
    unit_widths: tuple[float, ...]  # width of each word at 1 pt


@lru_cache(maxsize=2048)
def _shaped_paragraphs(
    text: str, font: str, persian_digits: bool
) -> tuple[tuple[_ShapedParagraph, ...], float]:
    paragraphs = []
    for raw in text.split("\n"):
        shaped = shape(prepare(raw, persian_digits=persian_digits))
        words = tuple(word for word in shaped.split(" ") if word)
        widths = tuple(_unit_width(word, font) for word in words)
        paragraphs.append(_ShapedParagraph(words, widths))
    return tuple(paragraphs), _unit_width(" ", font)


@lru_cache(maxsize=8192)
def _unit_width(word: str, font: str) -> float:
    """Width of a shaped word at 1 pt (words repeat from page to page: names, titles, dates)."""
    return float(stringWidth(word, font, 1.0))


def _cut_word(word: str, font: str, size: float, max_width: float) -> list[str]:
    """Cut a word wider than the line into pieces that fit (last resort, e.g. a long URL)."""
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and stringWidth(piece + char, font, size) > max_width:
            pieces.append(piece)
            piece = ""
        piece += char
    if piece:
        pieces.append(piece)
    return pieces


def _wrap_logical(text: str, font: str, size: float, max_width: float, digits: bool) -> list[str]:
    paragraphs, unit_space = _shaped_paragraphs(text, font, digits)
    space = unit_space * size
    lines: list[str] = []
    for paragraph in paragraphs:
        if not paragraph.words:
            lines.append("")
            continue
        line: list[str] = []
        width = 0.0
        for word, unit_width in zip(paragraph.words, paragraph.unit_widths, strict=True):
            word_width = unit_width * size
            pieces = [word]
            if word_width > max_width:
                pieces = _cut_word(word, font, size, max_width)
            for piece in pieces:
                piece_width = word_width if len(pieces) == 1 else stringWidth(piece, font, size)
                if line and width + space + piece_width > max_width:
                    lines.append(" ".join(line))
                    line, width = [], 0.0
                width += piece_width + (space if line else 0.0)
                line.append(piece)
        lines.append(" ".join(line))
    return lines


def wrap(
    text: str, font: str, size: float, max_width: float, *, persian_digits: bool = True
) -> list[str]:
    """Wrap ``text`` to ``max_width`` and return its lines in visual order, top line first."""
    return [reorder(line) for line in _wrap_logical(text, font, size, max_width, persian_digits)]


# --- fitting ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fitted:
    """A block of visual lines at one font size, ready for :func:`draw_fitted`."""

    lines: tuple[str, ...]
    font: str
    size: float
    leading: float  # baseline to baseline
    widths: tuple[float, ...]
    ascent: float
    descent: float  # positive, below the baseline

    @property
    def height(self) -> float:
        """From the top of the first line to the bottom of the last one."""
        if not self.lines:
            return 0.0
        return self.ascent + self.leading * (len(self.lines) - 1) + self.descent

    @property
    def width(self) -> float:
        return max(self.widths, default=0.0)


def _block(lines: list[str], font: str, size: float, leading: float) -> Fitted:
    visual_lines = tuple(reorder(line) for line in lines)
    ascent, descent = getAscentDescent(font, size)
    return Fitted(
        lines=visual_lines,
        font=font,
        size=size,
        leading=size * leading,
        widths=tuple(float(stringWidth(line, font, size)) for line in visual_lines),
        ascent=float(ascent),
        descent=float(-descent),
    )


def _block_height(lines: int, font: str, size: float, leading: float) -> float:
    ascent, descent = getAscentDescent(font, size)
    return float(ascent - descent) + size * leading * (lines - 1)


@lru_cache(maxsize=256)
def _sizes(start: float, stop: float) -> tuple[float, ...]:
    sizes = []
    size = start
    while size >= stop - 1e-9:
        sizes.append(round(size, 2))
        size -= _SIZE_STEP
    return tuple(sizes) or (start,)


def fit(
    text: str,
    font: str,
    size: float,
    width: float,
    *,
    height: float | None = None,
    max_lines: int | None = None,
    min_size: float | None = None,
    leading: float = 1.45,
    prefer: Literal["wrap", "shrink"] = "wrap",
    persian_digits: bool = True,
) -> Fitted:
    """Largest font size at which ``text`` fits; see the module docstring."""
    floor = min_size if min_size is not None else size
    floor = max(min(floor, size), _MIN_SIZE)

    def fits(lines: list[str], at: float) -> bool:
        if max_lines is not None and len(lines) > max_lines:
            return False
        return height is None or _block_height(len(lines), font, at, leading) <= height + 1e-6

    attempts: list[tuple[float, int | None]] = []
    if prefer == "shrink":
        attempts += [(at, 1) for at in _sizes(size, floor)]
    attempts += [(at, None) for at in _sizes(size, floor)]
    attempts += [(at, None) for at in _sizes(floor - _SIZE_STEP, _MIN_SIZE)]
    lines: list[str] = []
    at = size
    for at, line_limit in attempts:
        lines = _wrap_logical(text, font, at, width, persian_digits)
        if line_limit is not None and len(lines) > line_limit:
            continue
        if fits(lines, at):
            return _block(lines, font, at, leading)
    # Nothing fits even at the smallest size: keep the width, cut the lines the box cannot hold.
    if max_lines is not None:
        lines = lines[:max_lines]
    return _block(lines, font, at, leading)


# --- drawing ----------------------------------------------------------------------------------


def draw_left(
    canvas: Canvas,
    x_left: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    persian_digits: bool = True,
) -> float:
    """Draw one line starting at ``x_left``; return its width."""
    return _draw_line(canvas, x_left, 0.0, y, text, font, size, persian_digits)


def draw_right(
    canvas: Canvas,
    x_right: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    persian_digits: bool = True,
) -> float:
    """Draw one line ending at ``x_right`` (the usual Persian alignment); return its width."""
    return _draw_line(canvas, x_right, 1.0, y, text, font, size, persian_digits)


def draw_centred(
    canvas: Canvas,
    x_centre: float,
    y: float,
    text: str,
    font: str,
    size: float,
    *,
    persian_digits: bool = True,
) -> float:
    """Draw one line centred on ``x_centre``; return its width."""
    return _draw_line(canvas, x_centre, 0.5, y, text, font, size, persian_digits)


def _draw_line(
    canvas: Canvas,
    x: float,
    anchor: float,
    y: float,
    text: str,
    font: str,
    size: float,
    persian_digits: bool,
) -> float:
    """Draw one line whose point ``anchor`` of the way along (0 start, 1 end) is at ``x``."""
    line = visual(text, persian_digits=persian_digits)
    width = float(stringWidth(line, font, size))
    canvas.setFont(font, size)
    canvas.drawString(x - width * anchor, y, line)
    return width


def draw_fitted(
    canvas: Canvas, fitted: Fitted, x: float, y_top: float, width: float, *, align: Align = "right"
) -> None:
    """Draw a :class:`Fitted` block in the column ``x``..``x + width`` from ``y_top`` down."""
    canvas.setFont(fitted.font, fitted.size)
    baseline = y_top - fitted.ascent
    for line, line_width in zip(fitted.lines, fitted.widths, strict=True):
        if align == "right":
            left = x + width - line_width
        elif align in ("centre", "center"):
            left = x + (width - line_width) / 2
        else:
            left = x
        canvas.drawString(left, baseline, line)
        baseline -= fitted.leading


def draw_box(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    width: float,
    height: float,
    font: str,
    size: float,
    *,
    min_size: float | None = None,
    max_lines: int | None = None,
    align: Align = "right",
    valign: VAlign = "top",
    leading: float = 1.45,
    prefer: Literal["wrap", "shrink"] = "wrap",
    persian_digits: bool = True,
) -> Fitted:
    """Fit ``text`` into the box with bottom-left corner (x, y) and draw it."""
    fitted = fit(
        text,
        font,
        size,
        width,
        height=height,
        max_lines=max_lines,
        min_size=min_size,
        leading=leading,
        prefer=prefer,
        persian_digits=persian_digits,
    )
    top = y + height
    if valign == "middle":
        top = y + (height + fitted.height) / 2
    elif valign == "bottom":
        top = y + fitted.height
    draw_fitted(canvas, fitted, x, top, width, align=align)
    return fitted
