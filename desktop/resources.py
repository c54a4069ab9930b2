"""One locator for bundled resources (fonts, forms, skills, locale, certificate templates).

It works from a source checkout (``resources/`` beside ``desktop/``), from an installed wheel
(where the folder is packaged as ``hamyar_resources``) and from a PyInstaller bundle (where
``build.spec`` copies it to ``<bundle>/resources``).
"""

from __future__ import annotations

import os
import sys
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path


@cache
def resources_root() -> Path:
    override = os.environ.get("HAMYAR_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parent.parent / "resources"
    if (checkout / "skills").is_dir():
        return checkout
    return Path(str(importlib_resources.files("hamyar_resources")))


def resource_path(*parts: str) -> Path:
    """Path of a bundled resource; raises FileNotFoundError naming it when it is missing."""
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"Hamyar resource missing: {'/'.join(parts)} (looked in {path})")
    return path
