"""Persian text normalisation: what we store for typed names, and the keys we search on.

Persian is typed on Persian and Arabic keyboards, pasted from Word, web pages and PDFs, so the same
name arrives with Arabic Yeh/Kaf, tatweel, invisible bidi marks or presentation forms. We store a
lightly cleaned form (:func:`normalise_input`, keeps what the person meant to write) and search on
an aggressive key (:func:`search_key`, forgets every difference people make by accident).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

ZWNJ: Final = "\u200c"  # ZERO WIDTH NON-JOINER (نیم‌فاصله): meaningful in Persian words
PERSIAN_YEH: Final = "\u06cc"  # ی
PERSIAN_KAF: Final = "\u06a9"  # ک (KEHEH)
HEH: Final = "\u0647"  # ه
ALEF: Final = "\u0627"  # ا
WAW: Final = "\u0648"  # و
TATWEEL: Final = "\u0640"  # ـ (stretches a joined letter; decoration only)

# Bidi controls people paste along with text: LRM, RLM, ALM, embeddings/overrides, isolates.
BIDI_MARKS: Final = frozenset(
    ["\u200e", "\u200f", "\u061c"]
    + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)]
)
# Invisible characters that only break equality (zero width space, byte order mark).
_INVISIBLE: Final = frozenset("\u200b\ufeff")

_ARABIC_TO_PERSIAN: Final[dict[str, str]] = {
    "\u064a": PERSIAN_YEH,  # ي ARABIC YEH
    "\u0649": PERSIAN_YEH,  # ى ALEF MAKSURA (Arabic keyboards' final Yeh)
    "\u0643": PERSIAN_KAF,  # ك ARABIC KAF
}

_INPUT_TABLE: Final = str.maketrans(
    {
        **_ARABIC_TO_PERSIAN,
        TATWEEL: None,
        **dict.fromkeys(BIDI_MARKS, None),
        **dict.fromkeys(_INVISIBLE, None),
    }
)

# A run of whitespace and/or ZWNJ. A ZWNJ next to a space is meaningless (it separates letters
# that are already apart), and two ZWNJs mean no more than one.
_SPACE_ZWNJ_RUN: Final = re.compile(r"[\s\u200c]+")


def _space_or_zwnj(match: re.Match[str]) -> str:
    return ZWNJ if set(match.group()) == {ZWNJ} else " "


def normalise_input(text: str) -> str:
    """Clean a name or short text typed by a person, for storage.

    NFC; Arabic Yeh and Alef Maksura → Persian Yeh (ی); Arabic Kaf → Keheh (ک); tatweel, bidi
    controls, zero width spaces and BOMs removed; whitespace runs collapsed to one space and
    stripped; ZWNJ kept inside words, but dropped next to a space or at either end, and doubled
    ZWNJs reduced to one. Digits are left as typed. Idempotent.
    """
    text = unicodedata.normalize("NFC", text).translate(_INPUT_TABLE)
    # Removing a tatweel or mark can put a letter next to a combining mark it composes with.
    text = unicodedata.normalize("NFC", text)
    text = _SPACE_ZWNJ_RUN.sub(_space_or_zwnj, text)
    return text.strip(" " + ZWNJ)


# --- search keys --------------------------------------------------------------------------------

_SEARCH_EXPLICIT: Final[dict[int, str | None]] = {
    ord(k): v
    for k, v in {
        **_ARABIC_TO_PERSIAN,
        "\u0629": HEH,  # ة TEH MARBUTA
        "\u06c0": HEH,  # ۀ HEH WITH YEH ABOVE (normally decomposed below, kept for safety)
        "\u06d5": HEH,  # ە AE: what ۀ leaves once its hamza is dropped
        "\u0623": ALEF,  # أ
        "\u0625": ALEF,  # إ
        "\u0622": ALEF,  # آ
        "\u0671": ALEF,  # ٱ ALEF WASLA
        "\u0624": WAW,  # ؤ
        "\u0626": PERSIAN_YEH,  # ئ
        TATWEEL: None,
        ZWNJ: " ",  # "حرفه‌ای" must match "حرفه ای"
        **{chr(c): None for c in range(0x064B, 0x0660)},  # harakat, hamza above/below, madda
        "\u0670": None,  # superscript alef
        **{p: str(i) for i, p in enumerate("۰۱۲۳۴۵۶۷۸۹")},
        **{a: str(i) for i, a in enumerate("٠١٢٣٤٥٦٧٨٩")},
    }.items()
}


class _SearchTable(dict[int, str | None]):
    """``str.translate`` table: explicit mappings, then a rule by Unicode category, cached."""

    def __missing__(self, code: int) -> str | None:
        category = unicodedata.category(chr(code))
        value: str | None
        if category[0] in "PSZ" or category == "Cc":
            value = " "  # punctuation, symbols, separators and controls split words
        elif category == "Cf":
            value = None  # bidi marks, ZWSP, BOM and other invisible format characters
        else:
            value = chr(code)
        self[code] = value
        return value


_SEARCH_TABLE: Final = _SearchTable(_SEARCH_EXPLICIT)


def search_key(text: str) -> str:
    """Return the normalised key that stored text and search queries are compared on.

    Compatibility decomposition first (PDF presentation forms become letters, and أ آ ؤ ئ ۀ come
    apart so their hamza/madda can be dropped); Arabic ي ى → ی, ك → ک; ة ۀ → ه; أ إ آ ٱ → ا,
    ؤ → و, ئ → ی; harakat, hamza marks, superscript alef and tatweel dropped; ZWNJ → space; bidi
    and other invisible marks dropped; Persian and Arabic-Indic digits → ASCII; lower case;
    punctuation and symbols → space; then NFKC and whitespace collapsed. Idempotent.
    """
    text = unicodedata.normalize("NFKD", text).lower().translate(_SEARCH_TABLE)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def search_terms(text: str) -> list[str]:
    """Words of :func:`search_key`, in order, without duplicates."""
    return list(dict.fromkeys(search_key(text).split()))
