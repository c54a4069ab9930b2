"""A Babel extractor for Qt Designer ``.ui`` files: every translatable ``<string>``."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def extract_ui(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, str, list[str]]]:
    tree = ElementTree.parse(fileobj)
    for element in tree.iter("string"):
        if element.get("notr") == "true" or not element.text:
            continue
        yield 0, "_", element.text, []
