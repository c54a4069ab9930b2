"""Issuing when a file cannot be written (reviewer's findings): a certificate recorded in the
database is always on the merged PDF, so its original is never lost to a later write error."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.services.app import Services
from tests.certificates.builders import finished_workshop, person
from tests.pdf.pdftext import pdf_text


def test_a_per_person_file_that_cannot_be_written_keeps_the_certificate_in_the_merged_pdf(
    services: Services, tmp_path: Path
) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی"), person("مریم", "رضایی")])
    blocked = tmp_path / "people"
    blocked.write_text("a file where the folder should be")  # mkdir fails: not a directory

    with pytest.raises(OSError):
        services.certificates.issue(built.id, tmp_path / "all.pdf", person_dir=blocked)

    recorded = services.certificates.certificates(built.id)
    assert len(recorded) == 1  # the first was recorded before its file failed
    merged = tmp_path / "all.pdf"
    assert merged.is_file(), "the recorded certificate's original was never written"
    assert recorded[0].serial in pdf_text(merged)
