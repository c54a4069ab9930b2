"""Rendering: the parts every page shares are drawn once (PDF forms) and look the same as when
drawn inline; every page still shows them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desktop.certificates.render import (
    Branding,
    CertificatePage,
    Signatory,
    layout_page,
    render_pdf,
    render_single,
)
from desktop.certificates.templates import builtin_templates
from desktop.services.certificates import sample_values
from tests.pdf.pdftext import in_order

BRANDING = Branding((Signatory("زهرا احمدی", "مدیر دفتر"), Signatory("علی رضایی", "مربی")))


def pages(count: int) -> list[CertificatePage]:
    result = []
    for number in range(count):
        values = dict(sample_values())
        values["full_name"] = f"زهرا احمدی {'ابپتثجچحخد'[number % 10]}"
        values["serial"] = f"URM01-1403-{number + 1:06d}"
        result.append(CertificatePage(values, str(10**40 + number)))
    return result


def forms(data: bytes) -> int:
    return len(re.findall(rb"/Subtype\s*/Form", data))


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_shared_parts_are_stored_once_and_shown_on_every_page(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    three = render_pdf(pages(3), template, BRANDING)
    ten = render_pdf(pages(10), template, BRANDING)
    assert 0 < forms(three) == forms(ten)  # not one more per page
    path = tmp_path / "ten.pdf"
    path.write_bytes(ten)
    for number in (1, 10):
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext (poppler-utils) is not installed")
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        ).stdout
        page_text = _nfkc(text.decode("utf-8"))
        assert in_order("گواهی‌نامه پایان دوره", page_text)
        assert in_order("زهرا احمدی", page_text) and in_order("علی رضایی", page_text)
        assert in_order("دفتر تسهیل‌گری", page_text)  # the office line, a shared text
        assert f"URM01-1403-{number:06d}" in page_text


def _nfkc(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("template", builtin_templates(), ids=lambda t: t.id)
def test_a_page_drawn_with_forms_looks_like_one_drawn_inline(template, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    page = pages(2)[1]
    merged = render_pdf(pages(2), template, BRANDING)  # page 2 reuses the forms of page 1
    single = render_single(layout_page(template, page, BRANDING), template)  # all inline
    assert forms(single) == 0
    images = []
    for name, data, number in (("merged", merged, 2), ("single", single, 1)):
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-f", str(number), "-l", str(number), "-singlefile",
             str(tmp_path / f"{name}.pdf"), str(tmp_path / name)],
            check=True,
        )  # fmt: skip
        images.append((tmp_path / f"{name}.png").read_bytes())
    assert images[0] == images[1]
