"""Certificate templates: the shipped designs load, placeholders fill, broken files are named."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.certificates.render import Branding, CertificatePage, Signatory, layout_page
from desktop.certificates.templates import (
    PLACEHOLDERS,
    TemplateError,
    builtin_templates,
    fill,
    load_template_file,
    parse_template,
)
from desktop.services.certificates import sample_values


def test_at_least_two_designs_ship() -> None:
    templates = builtin_templates()
    assert [t.id for t in templates][:1] == ["classic"]
    assert len(templates) >= 2
    for template in templates:
        assert template.name_fa and template.width_mm > template.height_mm  # A4 landscape
        assert {"full_name", "workshop_title", "hours", "serial"} <= template.uses
        assert template.uses <= set(PLACEHOLDERS)
        assert any(e.type == "qr" for e in template.elements)
        assert any(e.get("duplicate_only") for e in template.elements)
    assert "national_id" in templates[0].uses  # classic shows the national ID, modern does not
    assert not all("national_id" in t.uses for t in templates)


def test_fill_drops_optional_segments_with_empty_placeholders() -> None:
    text = "[[فرزند {father_name}، ]][[به کد ملی {national_id}، ]]دوره {workshop_title}"
    assert fill(text, {"father_name": "علی", "workshop_title": "قالی"}) == "فرزند علی، دوره قالی"
    assert fill(text, {"national_id": "1", "workshop_title": "قالی"}) == "به کد ملی 1، دوره قالی"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"page": {"width": 1, "height": 1}, "elements": []}, "missing"),
        ({"id": "x", "page": {"width": 1, "height": 1}, "elements": [{"type": "star"}]}, "type"),
        (
            {
                "id": "x",
                "page": {"width": 1, "height": 1},
                "elements": [{"type": "text", "text": "{nope}", "box": [0, 0, 1, 1], "size": 9}],
            },
            "unknown placeholders",
        ),
        (
            {
                "id": "x",
                "page": {"width": 1, "height": 1},
                "elements": [{"type": "qr", "box": [0, 0]}],
            },
            "box",
        ),
        (
            {"id": "x", "page": {"width": 1, "height": 1}, "colours": {"a": "red"}, "elements": []},
            "#rrggbb",
        ),
    ],
)
def test_broken_templates_are_named(data: dict[str, object], problem: str) -> None:
    with pytest.raises(TemplateError, match=problem):
        parse_template(data, "broken.json")


def test_file_name_must_match_id(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text(
        '{"id": "x", "page": {"width": 1, "height": 1}, "elements": []}', encoding="utf-8"
    )
    with pytest.raises(TemplateError, match="file name"):
        load_template_file(path)


def test_every_text_stays_inside_its_box_for_hard_values() -> None:
    """Long names and titles shrink or wrap: no drawn line is wider than its element's box."""
    values = dict(sample_values())
    values["full_name"] = "عصمت‌السادات قره‌باغی میرحسینی‌نژاد اصفهانی‌زاده طباطبایی‌فر بنی‌خراسانی"
    values["workshop_title"] = "دوره جامع آموزش مهارت‌های قالیبافی سنتی " * 4
    values["office_name"] = "دفتر تسهیل‌گری محله " * 8
    branding = Branding((Signatory("نام بسیار طولانی یک امضاکننده " * 3, "سمت " * 20),) * 3)
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    for template in builtin_templates():
        ops = layout_page(template, CertificatePage(values, "x" * 40), branding)
        font = ""
        size = 0.0
        page_width = template.width_mm * mm
        for name, args in ops:
            if name == "setFont":
                font, size = args
            elif name == "drawString":
                x, _, text = args
                width = stringWidth(text, font, size)
                assert x >= 8 and x + width <= page_width - 8, (template.id, text)
