"""Persian alphabetical order for sorting in any database.

Databases sort by code point, which puts پ چ ژ گ ک ی after the Arabic letters. ``sort_key``
maps each letter of a normalised name to a character whose code point follows the Persian
alphabet, so a plain ``ORDER BY sort_key`` (with an index) sorts as a Persian reader expects.
"""

from __future__ import annotations

import unicodedata

# The Persian alphabet in dictionary order (آ sorts with ا; ی/ک cover their Arabic forms).
_ALPHABET = "اآبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_FOLD = {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک",
         "ؤ": "و", "ة": "ه", "ۀ": "ه"}  # fmt: skip
# Private-use code points keep the mapped letters together, after digits and Latin letters.
_BASE = 0xE000
_ORDER = {letter: chr(_BASE + index) for index, letter in enumerate(_ALPHABET)}
_IGNORED = {"\u200c", "\u200d", "\u0640", "\u200e", "\u200f"}


def sort_key(text: str) -> str:
    """A string that sorts ``text`` in Persian alphabetical order under binary collation."""
    result: list[str] = []
    for char in unicodedata.normalize("NFKC", text).strip().lower():
        if char in _IGNORED or unicodedata.category(char) == "Mn":
            continue
        char = _FOLD.get(char, char)
        result.append(_ORDER.get(char, char))
    return " ".join("".join(result).split())
