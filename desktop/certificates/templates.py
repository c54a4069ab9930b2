"""Certificate designs are data: ``resources/certificates/<id>.json``.

A template names its page (mm), colours and a list of elements drawn in order. Boxes are
``[x, y, width, height]`` in millimetres from the **top-left** corner of the page (how people
measure a printed sheet). Element types:

- ``border``: a rectangle ``inset`` mm inside the page edge (``width`` = line width in pt,
  ``colour``, optional ``radius`` mm, optional ``fill``).
- ``band``: a filled rectangle at ``box`` (``colour``).
- ``line``: from ``[x1, y1]`` to ``[x2, y2]`` (``width`` pt, ``colour``).
- ``text``: ``text`` with ``{placeholders}`` and optional segments ``[[ ... {name} ... ]]``
  that vanish when a placeholder inside them is empty; fitted into ``box`` (``font``:
  regular/medium/bold, ``size``, ``min_size``, ``max_lines``, ``align``: right/centre/left,
  ``valign``: top/middle/bottom, ``leading``, ``prefer``: wrap/shrink, ``colour``,
  ``digits``: persian (default) or keep). ``when``: a placeholder that must be non-empty for
  the element to be drawn. ``duplicate_only``: drawn only on a reprint (المثنی).
- ``qr``: the signed QR code in a square ``box`` (the side is the smaller of width/height).
- ``logo``: the office logo (if one is set) fitted into ``box``, aspect ratio kept.
- ``signatures``: the office's signatories side by side in ``box``, first one on the right
  (``font``/``size`` for names, ``title_size`` for titles, ``colour``, ``line_colour``).

Placeholders: see :data:`PLACEHOLDERS`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

from desktop.resources import resource_path

PLACEHOLDERS: Final = (
    "honorific",  # خانم / آقای
    "full_name",
    "first_name",
    "last_name",
    "father_name",
    "national_id",
    "workshop_title",
    "skill",
    "hours",
    "start_date",
    "end_date",
    "issue_date",
    "partner_org",
    "trainer",
    "place",
    "office_name",
    "county",
    "province",
    "serial",
)
ELEMENT_TYPES: Final = frozenset({"border", "band", "line", "text", "qr", "logo", "signatures"})
FONTS: Final = frozenset({"regular", "medium", "bold"})
_PLACEHOLDER: Final = re.compile(r"\{([a-z_]+)\}")
_OPTIONAL: Final = re.compile(r"\[\[(.*?)\]\]", re.DOTALL)
_HEX: Final = re.compile(r"#[0-9a-fA-F]{6}")


class TemplateError(ValueError):
    """A template file is broken (a developer's mistake: named precisely)."""


# eq=False: compared and hashed by identity, so renderers can cache per template object.
@dataclass(frozen=True, eq=False)
class Element:
    type: str
    spec: Mapping[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.spec.get(key, default)


@dataclass(frozen=True, eq=False)
class Template:
    id: str
    name_fa: str
    name_en: str
    width_mm: float
    height_mm: float
    colours: Mapping[str, str]
    elements: tuple[Element, ...]
    description_fa: str = ""
    uses: frozenset[str] = field(default_factory=frozenset)  # placeholders it shows

    def colour(self, name: str | None, default: str = "#000000") -> str:
        if not name:
            return default
        return self.colours.get(name, name if _HEX.fullmatch(name) else default)


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace ``{placeholders}``; drop ``[[optional]]`` segments whose placeholders are empty."""

    def optional(match: re.Match[str]) -> str:
        segment = match.group(1)
        names = _PLACEHOLDER.findall(segment)
        if any(not values.get(name, "").strip() for name in names):
            return ""
        return segment

    text = _OPTIONAL.sub(optional, text)
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), text)


def _number(spec: Mapping[str, Any], key: str, where: str) -> float:
    value = spec.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TemplateError(f"{where}: '{key}' must be a number")
    return float(value)


def _check_element(raw: Any, where: str) -> Element:
    if not isinstance(raw, dict) or raw.get("type") not in ELEMENT_TYPES:
        raise TemplateError(f"{where}: 'type' must be one of {sorted(ELEMENT_TYPES)}")
    kind = raw["type"]
    if kind in {"band", "text", "qr", "logo", "signatures"}:
        box = raw.get("box")
        if not (
            isinstance(box, list)
            and len(box) == 4
            and all(isinstance(v, int | float) for v in box)
            and box[2] > 0
            and box[3] > 0
        ):
            raise TemplateError(f"{where}: 'box' must be [x, y, width, height] in mm")
    if kind == "text":
        if not isinstance(raw.get("text"), str):
            raise TemplateError(f"{where}: a text element needs 'text'")
        _number(raw, "size", where)
        if raw.get("font", "regular") not in FONTS:
            raise TemplateError(f"{where}: 'font' must be one of {sorted(FONTS)}")
        unknown = set(_PLACEHOLDER.findall(raw["text"])) - set(PLACEHOLDERS)
        if unknown:
            raise TemplateError(f"{where}: unknown placeholders {sorted(unknown)}")
    if kind == "border":
        _number(raw, "inset", where)
    if kind == "line":
        for key in ("from", "to"):
            point = raw.get(key)
            if not (isinstance(point, list) and len(point) == 2):
                raise TemplateError(f"{where}: '{key}' must be [x, y] in mm")
    return Element(kind, raw)


def parse_template(data: Mapping[str, Any], source: str = "template") -> Template:
    try:
        template_id = data["id"]
        page = data["page"]
        elements = data["elements"]
    except (KeyError, TypeError) as error:
        raise TemplateError(f"{source}: missing {error}") from None
    if not isinstance(template_id, str) or not re.fullmatch(r"[a-z0-9_-]{1,32}", template_id):
        raise TemplateError(f"{source}: 'id' must be 1-32 lower-case letters, digits, - or _")
    colours = dict(data.get("colours", {}))
    for name, value in colours.items():
        if not isinstance(value, str) or not _HEX.fullmatch(value):
            raise TemplateError(f"{source}: colour '{name}' must be #rrggbb")
    checked = tuple(
        _check_element(raw, f"{source} element {index}") for index, raw in enumerate(elements)
    )
    uses = frozenset(
        name
        for element in checked
        if element.type == "text"
        for name in _PLACEHOLDER.findall(element.spec["text"])
    )
    name = data.get("name", {})
    return Template(
        id=template_id,
        name_fa=str(name.get("fa", template_id)),
        name_en=str(name.get("en", template_id)),
        description_fa=str(data.get("description_fa", "")),
        width_mm=_number(page, "width", source),
        height_mm=_number(page, "height", source),
        colours=colours,
        elements=checked,
        uses=uses,
    )


def load_template_file(path: Path) -> Template:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise TemplateError(f"{path.name}: {error}") from error
    template = parse_template(data, path.name)
    if template.id != path.stem:
        raise TemplateError(f"{path.name}: 'id' must match the file name")
    return template


@cache
def builtin_templates() -> tuple[Template, ...]:
    """Every shipped design, sorted by id ("classic" first)."""
    folder = resource_path("certificates")
    templates = [load_template_file(path) for path in sorted(folder.glob("*.json"))]
    return tuple(sorted(templates, key=lambda t: (t.id != "classic", t.id)))


def template_ids() -> list[str]:
    return [template.id for template in builtin_templates()]


def get_template(template_id: str) -> Template:
    """The shipped design with this id; KeyError if there is none."""
    for template in builtin_templates():
        if template.id == template_id:
            return template
    raise KeyError(template_id)


DEFAULT_TEMPLATE: Final = "classic"
