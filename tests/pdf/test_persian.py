"""Persian text in ReportLab PDFs: shaping, order, wrapping, fitting (read back with pdftotext)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from bidi import get_display
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from desktop.pdf import persian as fa
from desktop.pdf.fonts import BOLD, REGULAR, register_fonts
from tests.pdf.pdftext import in_order, pdf_text, words

CARPET = "گواهی پایان دوره آموزش قالیبافی (Carpet Weaving) به مدت 120 ساعت"
CARPET_DISPLAY = "گواهی پایان دوره آموزش قالیبافی (Carpet Weaving) به مدت ۱۲۰ ساعت"
PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)


def render(path: Path, draw: object) -> Path:
    register_fonts()
    canvas = Canvas(str(path), pagesize=landscape(A4))
    assert callable(draw)
    draw(canvas)
    canvas.save()
    return path


def test_fonts_register_once_from_many_threads() -> None:
    names: list[object] = []
    threads = [threading.Thread(target=lambda: names.append(register_fonts())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(names)) == 1
    assert stringWidth("سلام", BOLD, 10) > 0


def test_carpet_sentence_reads_back_in_logical_order(tmp_path: Path) -> None:
    pdf = render(
        tmp_path / "carpet.pdf",
        lambda c: fa.draw_right(c, PAGE_WIDTH - 40, PAGE_HEIGHT - 80, CARPET, REGULAR, 18),
    )
    text = pdf_text(pdf)
    assert in_order(CARPET_DISPLAY, text), text
    assert "۰۲۱" not in text  # digits not reversed


def test_brackets_are_mirrored_in_visual_order() -> None:
    line = fa.visual(CARPET)
    # Drawn left to right, the Latin phrase keeps its own order and its brackets face inwards.
    assert "(Carpet Weaving)" in line
    assert ")Carpet" not in line
    assert "۱۲۰" in line  # a number stays left-to-right inside right-to-left text
    assert line.index("۱۲۰") < line.index("Carpet")  # "...۱۲۰ مدت به (Carpet Weaving) ..."


def test_guillemets_and_nested_latin_brackets() -> None:
    line = fa.visual("نسخه «المثنی» از Carpet (Weaving) loom")
    assert "Carpet (Weaving) loom" in line  # brackets in a Latin run are not mirrored
    marked = line[line.index("«") : line.index("»") + 1]
    assert len(marked) > 2  # « on the left, » on the right: the pair faces inwards


@given(st.text(alphabet=st.sampled_from(list("ابپتثجچکگیلمنوهآ ‌ABCxyz 0123۱۲۳.,-:/")), min_size=1))
@settings(max_examples=200, deadline=None)
def test_own_reordering_matches_python_bidi(text: str) -> None:
    shaped = fa.shape(text).strip(" ")
    if not shaped:
        return
    levels = fa._embedding_levels(shaped)
    assert levels is not None
    ours = fa._reorder_by_levels(shaped, levels)
    # ZWNJ is invisible and zero-width; python-bidi may park it on the other side of a
    # neighbour, which changes nothing on paper.
    assert ours.replace("\u200c", "") == get_display(shaped, base_dir="R").replace("\u200c", "")


def test_arabic_yeh_and_kaf_come_out_persian(tmp_path: Path) -> None:
    pdf = render(
        tmp_path / "arabic.pdf",
        lambda c: fa.draw_right(c, 500, 400, "علي كريمي و مريم يزدي", BOLD, 20),
    )
    text = pdf_text(pdf)
    assert in_order("علی کریمی و مریم یزدی", text), text
    assert "ي" not in text and "ك" not in text


def test_zwnj_words_stay_whole(tmp_path: Path) -> None:
    sentence = "گواهی‌نامه‌ها به شرکت‌کنندگان داده می‌شود"
    pdf = render(tmp_path / "zwnj.pdf", lambda c: fa.draw_right(c, 700, 400, sentence, REGULAR, 16))
    text = pdf_text(pdf)
    assert words(text) == words(sentence), text
    # Joining stops at the ZWNJ: گواهی ends in its final form, نامه starts in its initial form.
    shaped = fa.shape("گواهی‌نامه")
    assert "\ufbfd\u200c\ufee7" in shaped  # ﯽ (final yeh) ZWNJ ﻧ (initial noon)


def test_wrapped_paragraph_keeps_line_and_word_order(tmp_path: Path) -> None:
    # Distinct all-letter words (digits glued to letters are split by pdftotext).
    numbered = " ".join(f"{a}{b}ان" for a in "بپتجچخدرز" for b in "سشصطعفق")
    paragraph = f"{numbered} (Carpet Weaving) پایان"
    width = 300.0
    lines = fa.wrap(paragraph, REGULAR, 14, width)
    assert len(lines) >= 4
    assert all(stringWidth(line, REGULAR, 14) <= width + 0.01 for line in lines)

    def draw(canvas: Canvas) -> None:
        fitted = fa.fit(paragraph, REGULAR, 14, width)
        fa.draw_fitted(canvas, fitted, 100, PAGE_HEIGHT - 60, width)

    text = pdf_text(render(tmp_path / "wrap.pdf", draw))
    found = words(text)
    expected = words(fa.prepare(paragraph))
    assert found == expected, text  # first line first, words in logical order in every line


def test_fit_shrinks_a_long_name_onto_one_line() -> None:
    name = "فاطمه‌السادات میرحسینی‌نژاد قره‌باغی اصفهانی‌زاده طباطبایی (Fatemeh)"
    assert fa.text_width(name, BOLD, 28) > 400
    fitted = fa.fit(name, BOLD, 28, 400, min_size=10, max_lines=2, prefer="shrink")
    assert len(fitted.lines) == 1
    assert fitted.size < 28
    assert fitted.width <= 400 + 0.01
    wrapped = fa.fit(name, BOLD, 28, 400, min_size=10, max_lines=2, prefer="wrap")
    assert len(wrapped.lines) == 2
    assert wrapped.size > fitted.size


def test_fit_never_overflows_the_width_even_for_one_huge_word() -> None:
    word = "بی" * 200
    fitted = fa.fit(word, REGULAR, 20, 200, height=60, min_size=8)
    assert all(w <= 200 + 0.01 for w in fitted.widths)
    assert fitted.height <= 60 + 0.01 or fitted.size == 4.0


def test_draw_box_respects_the_box(tmp_path: Path) -> None:
    title = "دوره " + "آموزش مهارت‌های پیشرفته طراحی و دوخت لباس سنتی " * 4
    boxes: list[fa.Fitted] = []

    def draw(canvas: Canvas) -> None:
        boxes.append(fa.draw_box(canvas, title, 100, 300, 400, 60, BOLD, 22, min_size=9))

    text = pdf_text(render(tmp_path / "box.pdf", draw))
    fitted = boxes[0]
    assert fitted.height <= 60 + 0.01
    assert fitted.width <= 400 + 0.01
    assert words(text) == words(fa.prepare(title))


@pytest.mark.parametrize(
    ("align", "expected_left"),
    [("right", 500 - 50), ("centre", 250 - 25), ("left", 0)],
)
def test_draw_fitted_alignment(align: fa.Align, expected_left: float) -> None:
    class Recorder:
        def __init__(self) -> None:
            self.calls: list[tuple[float, float, str]] = []

        def setFont(self, name: str, size: float, leading: float | None = None) -> None:
            pass

        def drawString(self, x: float, y: float, text: str) -> None:
            self.calls.append((x, y, text))

    fitted = fa.Fitted(("x",), REGULAR, 10, 14, (50.0,), 8.0, 2.0)
    recorder = Recorder()
    fa.draw_fitted(recorder, fitted, 0, 100, 500, align=align)
    assert recorder.calls == [(expected_left, 92.0, "x")]
