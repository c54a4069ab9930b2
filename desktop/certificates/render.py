"""Draw certificates with ReportLab from a template, the holder's values and the office branding.

Each certificate is laid out once into a list of drawing operations (shaping, wrapping and
fitting the Persian text, the QR matrix); the operations are then replayed on every canvas that
needs the page (the workshop's merged PDF and the person's own file), so the expensive part is
not done twice.

What is the same on every page is laid out once and drawn once per PDF: the parts of a template
that never change with the person (borders, bands, fixed titles, signatories, logo) are laid out
once per template and branding, and texts that only name the workshop or the office (the office
line) once per distinct text. Both come as *groups* of operations (between ``beginGroup`` and
``endGroup`` markers, so the operations stay a flat list anyone can read); a :class:`PdfBook`
draws a group into a PDF form XObject the first time and reuses the form on every later page,
so a 200-page PDF holds the borders and the signatories once, not 200 times.

Usage::

    pages = [CertificatePage(values, payload, duplicate=False), ...]
    data = render_pdf(pages, template, branding)          # bytes of a multi-page PDF
    with PdfBook() as book: book.add(layout_page(...)); data = book.finish()
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from desktop.certificates.qr import qr_matrix
from desktop.certificates.templates import Element, Template, fill
from desktop.pdf import persian
from desktop.pdf.fonts import FontNames, register_fonts

# QR (desktop.certificates.qr): error correction M survives a fold or a stain; a fixed mask skips
# the evaluation of all eight masks at the cost of a pattern that is not always the least busy
# one, which phone scanners do not mind.
_QUIET_MODULES: Final = 2
_FORM_MARGIN: Final = 36.0  # points
# Texts whose placeholders only name the workshop, the office or the issue day are the same on
# every certificate of one issue run: laid out once and drawn as a shared form.
_SHARED_PLACEHOLDERS: Final = frozenset(
    {
        "workshop_title", "skill", "hours", "start_date", "end_date", "issue_date",
        "partner_org", "trainer", "place", "office_name", "county", "province",
    }
)  # fmt: skip
_PLACEHOLDER: Final = re.compile(r"\{([a-z_]+)\}")
_DARK_RUN: Final = re.compile(rb"\x01+")
_span: Final = re.Match.span
_NUMBER_TEXT: Final = tuple(str(n) for n in range(178))  # 177: the widest QR code


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str


@dataclass(frozen=True)
class Branding:
    """What the office adds to every certificate: signatories and an optional logo."""

    signatories: tuple[Signatory, ...] = ()
    logo: Path | None = None


@dataclass(frozen=True)
class CertificatePage:
    """One certificate: placeholder values (logical Persian text), the QR text, and whether it
    is a reprint (marked «المثنی»)."""

    values: Mapping[str, str]
    payload: str
    duplicate: bool = False
    sample: bool = False  # a preview: "نمونه" across the page, so it is never taken for real


Op = tuple[str, tuple[Any, ...]]


class _Recorder:
    """Records the canvas calls the layout makes, to replay them on real canvases."""

    def __init__(self) -> None:
        self.ops: list[Op] = []

    def setFont(self, psfontname: str, size: float, leading: float | None = None) -> None:  # noqa: N802
        self.ops.append(("setFont", (psfontname, size)))

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self.ops.append(("drawString", (x, y, text)))

    def fill_colour(self, colour: str) -> None:
        self.ops.append(("setFillColor", (_colour(colour),)))

    def stroke_colour(self, colour: str) -> None:
        self.ops.append(("setStrokeColor", (_colour(colour),)))

    def call(self, name: str, *args: Any) -> None:
        self.ops.append((name, args))


@lru_cache(maxsize=64)
def _colour(hex_colour: str) -> HexColor:
    return HexColor(hex_colour)


@dataclass(frozen=True, eq=False)
class Group:
    """Operations drawn the same way on many pages (compared by identity: layouts are cached,
    so a repeated part is the same object)."""

    ops: tuple[Op, ...]


def _grouped(group: Group) -> list[Op]:
    return [("beginGroup", (group,)), *group.ops, ("endGroup", ())]


def replay(canvas: Canvas, ops: Sequence[Op], forms: dict[Group, str] | None = None) -> None:
    """Draw ``ops`` on ``canvas``. With ``forms`` (one dict per PDF), each group becomes a form
    XObject the first time it is met and is reused after that; without, groups are drawn
    inline."""
    index = 0
    count = len(ops)
    while index < count:
        name, args = ops[index]
        if name == "beginGroup":
            if forms is None:
                index += 1
                continue
            group = args[0]
            form = forms.get(group)
            if form is None:
                form = forms[group] = f"HamyarPart{len(forms)}"
                # The form's box (which clips it) reaches past the page: clipped at the page
                # edge, a full-page fill would shade the edge pixels differently from inline.
                width, height = canvas._pagesize
                canvas.beginForm(form, -_FORM_MARGIN, -_FORM_MARGIN, width + _FORM_MARGIN,
                                 height + _FORM_MARGIN)  # fmt: skip
                replay(canvas, group.ops)
                canvas.endForm()
            canvas.doForm(form)
            index += len(group.ops) + 2  # the group's operations and both markers
            continue
        if name != "endGroup":
            getattr(canvas, name)(*args)
        index += 1


# --- geometry ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Box:
    x: float  # points, bottom-left origin (ReportLab)
    y: float
    width: float
    height: float


def _box(template: Template, spec: Sequence[float]) -> _Box:
    x, top, width, height = (float(v) for v in spec)
    page_height = template.height_mm * mm
    return _Box(x * mm, page_height - (top + height) * mm, width * mm, height * mm)


def page_size(template: Template) -> tuple[float, float]:
    return template.width_mm * mm, template.height_mm * mm


# --- elements ---------------------------------------------------------------------------------


def _font(fonts: FontNames, name: str) -> str:
    return {"regular": fonts.regular, "medium": fonts.medium, "bold": fonts.bold}[name]


def _draw_text(
    recorder: _Recorder,
    template: Template,
    element: Element,
    values: Mapping[str, str],
    fonts: FontNames,
) -> None:
    text = fill(element.spec["text"], values).strip()
    if text:
        _draw_filled_text(recorder, template, element, text, fonts)


def _draw_filled_text(
    recorder: _Recorder, template: Template, element: Element, text: str, fonts: FontNames
) -> None:
    box = _box(template, element.spec["box"])
    recorder.fill_colour(template.colour(element.get("colour"), template.colour("ink")))
    persian.draw_box(
        recorder,
        text,
        box.x,
        box.y,
        box.width,
        box.height,
        _font(fonts, element.get("font", "regular")),
        float(element.spec["size"]),
        min_size=element.get("min_size"),
        max_lines=element.get("max_lines"),
        align=element.get("align", "centre"),
        valign=element.get("valign", "middle"),
        leading=float(element.get("leading", 1.45)),
        prefer=element.get("prefer", "wrap"),
        persian_digits=element.get("digits", "persian") == "persian",
    )


def _draw_border(recorder: _Recorder, template: Template, element: Element) -> None:
    inset = float(element.spec["inset"]) * mm
    width, height = page_size(template)
    line_width = float(element.get("width", 1.0))
    recorder.stroke_colour(template.colour(element.get("colour"), "#000000"))
    recorder.call("setLineWidth", line_width)
    radius = float(element.get("radius", 0)) * mm
    fill_colour = element.get("fill")
    if fill_colour:
        recorder.fill_colour(template.colour(fill_colour))
    recorder.call(
        "roundRect",
        inset,
        inset,
        width - 2 * inset,
        height - 2 * inset,
        radius,
        1 if line_width > 0 else 0,
        1 if fill_colour else 0,
    )


def _draw_band(recorder: _Recorder, template: Template, element: Element) -> None:
    box = _box(template, element.spec["box"])
    recorder.fill_colour(template.colour(element.get("colour"), "#000000"))
    recorder.call("rect", box.x, box.y, box.width, box.height, 0, 1)


def _draw_line(recorder: _Recorder, template: Template, element: Element) -> None:
    page_height = template.height_mm * mm
    (x1, y1), (x2, y2) = element.spec["from"], element.spec["to"]
    recorder.stroke_colour(template.colour(element.get("colour"), "#000000"))
    recorder.call("setLineWidth", float(element.get("width", 0.8)))
    recorder.call("line", x1 * mm, page_height - y1 * mm, x2 * mm, page_height - y2 * mm)


def _draw_logo(recorder: _Recorder, template: Template, element: Element, logo: Path) -> None:
    box = _box(template, element.spec["box"])
    recorder.call(
        "drawImage",
        _image(str(logo)),
        box.x,
        box.y,
        box.width,
        box.height,
        "auto",  # mask: a PNG's transparent parts stay transparent (not black)
        True,  # preserveAspectRatio
        "c",  # anchor
    )


@lru_cache(maxsize=4)
def _image(path: str) -> ImageReader:
    return ImageReader(path)


def _draw_signatures(
    recorder: _Recorder,
    template: Template,
    element: Element,
    signatories: Sequence[Signatory],
    fonts: FontNames,
) -> None:
    if not signatories:
        return
    box = _box(template, element.spec["box"])
    column = box.width / len(signatories)
    name_size = float(element.get("size", 12))
    title_size = float(element.get("title_size", name_size - 2))
    colour = template.colour(element.get("colour"), template.colour("ink"))
    line_colour = template.colour(element.get("line_colour"), template.colour("muted"))
    padding = min(6 * mm, column * 0.08)
    for index, signatory in enumerate(signatories):
        right = box.x + box.width - index * column  # the first signatory on the right
        left = right - column + padding
        width = column - 2 * padding
        title_top = box.y + title_size * 1.6
        name_top = title_top + name_size * 1.5
        recorder.stroke_colour(line_colour)
        recorder.call("setLineWidth", 0.6)
        line_y = name_top + 2
        recorder.call("line", left + width * 0.15, line_y, left + width * 0.85, line_y)
        recorder.fill_colour(colour)
        persian.draw_box(
            recorder, signatory.name, left, title_top, width, name_size * 1.5,
            fonts.bold, name_size, min_size=7, max_lines=1, align="centre",
            valign="middle", prefer="shrink",
        )  # fmt: skip
        persian.draw_box(
            recorder, signatory.title, left, box.y, width, title_size * 1.6,
            fonts.regular, title_size, min_size=6, max_lines=1, align="centre",
            valign="middle", prefer="shrink",
        )  # fmt: skip


def _qr_op(recorder: _Recorder, template: Template, element: Element, payload: str) -> None:
    box = _box(template, element.spec["box"])
    side = min(box.width, box.height)
    matrix = qr_matrix(payload)
    modules = len(matrix) + 2 * _QUIET_MODULES
    module = side / modules
    corner_x = box.x + (box.width - side) / 2
    corner_y = box.y + (box.height - side) / 2
    recorder.fill_colour("#FFFFFF")
    recorder.call("rect", corner_x, corner_y, side, side, 0, 1)
    recorder.fill_colour(template.colour(element.get("colour"), "#000000"))
    left = corner_x + _QUIET_MODULES * module
    top = corner_y + side - _QUIET_MODULES * module
    recorder.call("addLiteral", _qr_path(matrix, left, top, module))


def _qr_path(matrix: Sequence[bytes], left: float, top: float, module: float) -> str:
    """PDF path operators filling the dark modules, one rectangle per horizontal run.

    Written directly (in module units under one transformation) rather than through ReportLab's
    path object, which formats every coordinate in Python: the QR code was most of a page's
    drawing time that way.
    """
    parts = [f"q {module:.4f} 0 0 {-module:.4f} {left:.3f} {top:.3f} cm"]
    number = _NUMBER_TEXT
    for y, row in enumerate(matrix):
        row_y = f" {y} "
        # A hair taller and wider than the run so neighbours leave no hairline gaps.
        parts += [
            f"{number[start]}{row_y}{number[end - start]}.02 1.02 re"
            for start, end in map(_span, _DARK_RUN.finditer(row))
        ]
    parts.append("f Q")
    return "\n".join(parts)


# --- pages ------------------------------------------------------------------------------------


_STATIC: Final = frozenset({"border", "band", "line", "logo", "signatures"})


def _is_static(element: Element) -> bool:
    if element.type in _STATIC:
        return True
    return (
        element.type == "text"
        and "{" not in element.spec["text"]
        and not element.get("duplicate_only")
        and not element.get("when")
    )


def _is_shared_text(element: Element) -> bool:
    """A text that names only the workshop, the office or the issue day."""
    return element.type == "text" and set(_PLACEHOLDER.findall(element.spec["text"])) <= (
        _SHARED_PLACEHOLDERS
    )


def _static_element_ops(
    template: Template, element: Element, branding: Branding, fonts: FontNames
) -> list[Op]:
    recorder = _Recorder()
    if element.type == "border":
        _draw_border(recorder, template, element)
    elif element.type == "band":
        _draw_band(recorder, template, element)
    elif element.type == "line":
        _draw_line(recorder, template, element)
    elif element.type == "logo":
        if branding.logo is not None and branding.logo.is_file():
            _draw_logo(recorder, template, element, branding.logo)
    elif element.type == "signatures":
        _draw_signatures(recorder, template, element, branding.signatories, fonts)
    else:
        _draw_text(recorder, template, element, {}, fonts)
    return recorder.ops


# A step of a page: a run of consecutive static elements as one group, or an element's index.
_Step = Group | int


@lru_cache(maxsize=16)
def _page_plan(template: Template, branding: Branding) -> tuple[_Step, ...]:
    """The template's elements in drawing order, consecutive static ones merged into one group
    (the order is kept, so what a later element draws still lies above an earlier one)."""
    fonts = register_fonts()
    plan: list[_Step] = []
    run: list[Op] = []
    for index, element in enumerate(template.elements):
        if _is_static(element):
            run += _static_element_ops(template, element, branding, fonts)
            continue
        if run:
            plan.append(Group(tuple(run)))
            run = []
        plan.append(index)
    if run:
        plan.append(Group(tuple(run)))
    return tuple(plan)


@lru_cache(maxsize=256)
def _shared_text(template: Template, index: int, text: str) -> Group:
    """The laid-out text of a shared element, once per distinct text."""
    recorder = _Recorder()
    _draw_filled_text(recorder, template, template.elements[index], text, register_fonts())
    return Group(tuple(recorder.ops))


def layout_page(template: Template, page: CertificatePage, branding: Branding) -> list[Op]:
    """Every drawing operation of one certificate page, in the template's order."""
    fonts = register_fonts()
    recorder = _Recorder()
    ops = recorder.ops
    for step in _page_plan(template, branding):
        if isinstance(step, Group):
            ops += _grouped(step)
            continue
        element = template.elements[step]
        if element.get("duplicate_only") and not page.duplicate:
            continue
        when = element.get("when")
        if when and not page.values.get(when, "").strip():
            continue
        if element.type == "qr":
            _qr_op(recorder, template, element, page.payload)
        elif element.type == "text":
            if _is_shared_text(element):
                text = fill(element.spec["text"], page.values).strip()
                if text:
                    ops += _grouped(_shared_text(template, step, text))
            else:
                _draw_text(recorder, template, element, page.values, fonts)
    if page.sample:
        _draw_sample_mark(recorder, template, fonts)
    return ops


def _draw_sample_mark(recorder: _Recorder, template: Template, fonts: FontNames) -> None:
    width, height = page_size(template)
    recorder.call("saveState")
    recorder.call("translate", width / 2, height / 2)
    recorder.call("rotate", 20)
    recorder.fill_colour("#B3261E")
    recorder.call("setFillAlpha", 0.16)  # after the colour: setting a colour resets alpha
    persian.draw_centred(recorder, 0, -30, "نمونه — بدون اعتبار", fonts.bold, 90)
    recorder.call("restoreState")


@dataclass
class PdfBook:
    """A PDF being written in memory, one page per :meth:`add`; :meth:`finish` returns bytes."""

    template: Template
    title: str = ""
    share_parts: bool = True  # groups become form XObjects reused on every page
    _buffer: io.BytesIO = field(default_factory=io.BytesIO)
    _canvas: Canvas | None = None
    _forms: dict[Group, str] = field(default_factory=dict)
    pages: int = 0

    def __post_init__(self) -> None:
        register_fonts()
        self._canvas = Canvas(self._buffer, pagesize=page_size(self.template), pageCompression=1)
        self._canvas.setTitle(self.title or "Hamyar certificate")
        self._canvas.setCreator("Hamyar")
        self._canvas.setAuthor("Hamyar")

    def add(self, ops: Sequence[Op]) -> None:
        assert self._canvas is not None
        replay(self._canvas, ops, self._forms if self.share_parts else None)
        self._canvas.showPage()
        self.pages += 1

    def finish(self) -> bytes:
        assert self._canvas is not None
        self._canvas.save()
        self._canvas = None
        return self._buffer.getvalue()


def render_pdf(
    pages: Iterable[CertificatePage],
    template: Template,
    branding: Branding,
    *,
    title: str = "",
    each: Callable[[CertificatePage, Sequence[Op]], None] | None = None,
) -> bytes:
    """One PDF with a page per certificate. ``each(page, ops)`` is called after every page (to
    write per-person files from the same layout, report progress, or raise to stop)."""
    book = PdfBook(template, title)
    for page in pages:
        ops = layout_page(template, page, branding)
        book.add(ops)
        if each is not None:
            each(page, ops)
    return book.finish()


def render_single(ops: Sequence[Op], template: Template, *, title: str = "") -> bytes:
    """A one-page PDF from a laid-out page (drawn inline: a form pays off only when reused)."""
    book = PdfBook(template, title, share_parts=False)
    book.add(ops)
    return book.finish()
