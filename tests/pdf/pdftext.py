"""Read a PDF back as text the way the tests compare it (pdftotext, NFKC, no bidi controls).

``pdftotext`` returns words in logical order but as Arabic presentation forms and wraps
right-to-left runs in bidi embedding controls; NFKC turns the forms back into letters and the
controls are dropped. It does not mirror brackets back, so compare words, not punctuation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

# pdftotext puts the controls where a run changes direction, sometimes with no space around
# them ("Weaving\u202cبه"): turn them into spaces so the words stay apart.
_BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, 0x061C, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], " "
)
_NOT_WORD = re.compile(r"[^\w\u200c]+")


def pdf_text(pdf: Path | bytes, *, layout: bool = False) -> str:
    """NFKC-normalised text of every page, bidi controls replaced by spaces."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    if isinstance(pdf, bytes):
        result = subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True)
    else:
        result = subprocess.run([*args, str(pdf), "-"], capture_output=True, check=True)
    text = unicodedata.normalize("NFKC", result.stdout.decode("utf-8"))
    return text.translate(_BIDI_CONTROLS)


def words(text: str) -> list[str]:
    """Words (letters, digits, ZWNJ inside words) in order; punctuation and brackets dropped."""
    return [word for word in _NOT_WORD.split(text) if word.strip("\u200c")]


def in_order(expected: str, text: str) -> bool:
    """True if the words of ``expected`` occur consecutively, in order, in ``text``."""
    wanted, found = words(expected), words(text)
    return any(
        found[start : start + len(wanted)] == wanted
        for start in range(len(found) - len(wanted) + 1)
    )
