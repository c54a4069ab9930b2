"""Typed-name normalisation and search keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.domain.text import normalise_input, search_key, search_terms

ZWNJ = "\u200c"

# Characters that make Persian text hard: Arabic/Persian letter variants, hamza forms, harakat,
# tatweel, ZWNJ/ZWJ, bidi marks, presentation forms, digits of three scripts, punctuation.
PERSIAN_TRICKY = (
    "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيىكةۀەأإآٱؤئءٕٔٓ"
    "\u064b\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
    "\u200c\u200d\u200e\u200f\u061c\u202b\u202c\u2067\u2069\u200b\ufeff"
    "\ufbfc\ufe8e\ufef5\ufdfc"
    "0123456789۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩"
    " \t\n\u00a0.,-/()«»،؛؟!:٫٬"
    "aZéE\u0301İß"
)
persian_text = st.text(alphabet=st.sampled_from(PERSIAN_TRICKY), max_size=30)
any_text = st.one_of(persian_text, st.text(max_size=30))


# --- normalise_input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("علي", "علی"),
        ("على", "علی"),
        ("كريمي", "کریمی"),
        ("  فاطمه   محمدی  ", "فاطمه محمدی"),
        ("محمـــــد", "محمد"),
        ("\u200fزهرا\u200e", "زهرا"),
        ("\u202bرضا\u202c", "رضا"),
        ("حرفه\u200c\u200cای", "حرفه\u200cای"),
        ("حرفه\u200c ای", "حرفه ای"),
        ("حرفه \u200cای", "حرفه ای"),
        ("\u200cمهسا\u200c", "مهسا"),
        ("مریم\tو\nسارا", "مریم و سارا"),
        ("۱۲۳ ٤٥", "۱۲۳ ٤٥"),  # digits of names are kept as typed
        ("ا\u0653", "آ"),  # NFC
        ("ا\u0640\u0653", "آ"),  # tatweel removed, then NFC composes
    ],
)
def test_normalise_input(raw: str, expected: str) -> None:
    assert normalise_input(raw) == expected


def test_normalise_input_keeps_zwnj_inside_words() -> None:
    assert normalise_input("می\u200cخواهم") == "می\u200cخواهم"


@settings(max_examples=300)
@given(any_text)
def test_normalise_input_is_idempotent(text: str) -> None:
    once = normalise_input(text)
    assert normalise_input(once) == once


@given(any_text)
def test_normalise_input_output_shape(text: str) -> None:
    out = normalise_input(text)
    assert out == out.strip()
    assert "  " not in out
    assert ZWNJ * 2 not in out and f" {ZWNJ}" not in out and f"{ZWNJ} " not in out
    assert not out.startswith(ZWNJ) and not out.endswith(ZWNJ)
    assert not set(out) & set("يىك\u0640\u200e\u200f\u202b\u202c\u2067\u2069")
    assert unicodedata.is_normalized("NFC", out)


# --- search_key ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("علي كريمي", "علی کریمی"),
        ("حرفه ای", "حرفه\u200cای"),
        ("خانۀ", "خانه"),
        ("خانهٔ", "خانه"),
        ("فاطمة", "فاطمه"),
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهیم"),
        ("آرزو", "ارزو"),
        ("مسؤول", "مسوول"),
        ("مسئول", "مسیول"),
        ("مُحَمَّد", "محمد"),
        ("محمـــد", "محمد"),
        ("\u200fزهرا\u200e", "زهرا"),
        ("کد ۱۲۳٤", "کد 1234"),
        ("\ufbfc", "ی"),  # Farsi Yeh presentation form, as pdftotext returns it
        ("Ali KARIMI", "ali karimi"),
        ("«قالی‌بافی»، (Carpet) / گلیم-بافی؛", "قالی بافی carpet گلیم بافی"),
        ("  فاطمه \t\n  محمدی ", "فاطمه محمدی"),
    ],
)
def test_search_key_equates(a: str, b: str) -> None:
    assert search_key(a) == search_key(b)


def test_search_key_values() -> None:
    assert search_key("علي كريمي") == "علی کریمی"
    assert search_key("حرفه‌ای") == "حرفه ای"
    assert search_key("  Ali-Reza  ۱۴۰۳/۰۱/۰۲ ") == "ali reza 1403 01 02"
    assert search_key("") == ""


def test_search_key_keeps_distinct_names_apart() -> None:
    assert search_key("علی") != search_key("عالی")
    assert search_key("کریمی") != search_key("کریم")


@settings(max_examples=300)
@given(any_text)
def test_search_key_is_idempotent(text: str) -> None:
    key = search_key(text)
    assert search_key(key) == key


@given(any_text)
def test_search_key_output_shape(text: str) -> None:
    key = search_key(text)
    assert key == key.strip() and "  " not in key
    assert not set(key) & set("يىكةۀأإآٱؤئ\u0640\u200c\u200e\u200f۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩.,-/()«»،؛")
    assert not any(0x064B <= ord(c) <= 0x065F for c in key)
    assert key == key.lower()


@given(any_text)
def test_search_key_agrees_with_normalised_input(text: str) -> None:
    # What we store (normalise_input) must be found by what was typed, and vice versa.
    assert search_key(normalise_input(text)) == search_key(text)


# --- search_terms -------------------------------------------------------------------------------


def test_search_terms() -> None:
    assert search_terms("علي  كريمي، علی") == ["علی", "کریمی"]
    assert search_terms("حرفه‌ای") == ["حرفه", "ای"]
    assert search_terms("  ، ") == []
    assert search_terms("") == []


@given(any_text)
def test_search_terms_are_the_unique_words_of_the_key(text: str) -> None:
    terms = search_terms(text)
    assert all(terms) and len(terms) == len(set(terms))
    assert " ".join(terms) == " ".join(dict.fromkeys(search_key(text).split()))
    assert set(terms) == set(search_key(text).split())
