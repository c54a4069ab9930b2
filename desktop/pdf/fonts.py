"""Register the bundled Vazirmatn fonts with ReportLab, once per process, thread-safely.

Usage::

    from desktop.pdf.fonts import register_fonts
    fonts = register_fonts()          # idempotent; cheap after the first call
    canvas.setFont(fonts.regular, 12)  # "Vazirmatn"; fonts.bold is "Vazirmatn-Bold"

The font names are also exported as :data:`REGULAR`, :data:`MEDIUM` and :data:`BOLD`; they are
only valid after :func:`register_fonts` has run.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Final

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from desktop.resources import resource_path

REGULAR: Final = "Vazirmatn"
MEDIUM: Final = "Vazirmatn-Medium"
BOLD: Final = "Vazirmatn-Bold"

_FILES: Final = {
    REGULAR: "Vazirmatn-Regular.ttf",
    MEDIUM: "Vazirmatn-Medium.ttf",
    BOLD: "Vazirmatn-Bold.ttf",
}


@dataclass(frozen=True)
class FontNames:
    regular: str = REGULAR
    medium: str = MEDIUM
    bold: str = BOLD


_lock = threading.Lock()
_registered: FontNames | None = None


def register_fonts() -> FontNames:
    """Register Vazirmatn Regular, Medium and Bold with ReportLab and return their names.

    Safe to call from any thread and any number of times: the first call loads the TTFs
    (raising ``FileNotFoundError`` naming a missing file), later calls return at once.
    """
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is None:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
            # <b> in ReportLab paragraphs and setFont(..., bold) mapping.
            addMapping(REGULAR, 0, 0, REGULAR)
            addMapping(REGULAR, 1, 0, BOLD)
            addMapping(REGULAR, 0, 1, REGULAR)
            addMapping(REGULAR, 1, 1, BOLD)
            # Compressed streams stay binary instead of also being ASCII85-encoded (a 7-bit mail
            # relic that ReportLab does in pure Python): smaller files, pages written faster.
            rl_config.useA85 = 0
            _registered = FontNames()
    return _registered
