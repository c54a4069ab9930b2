"""Reprinting when the PDF or the count cannot be saved: a reprint is counted only when its copy
is on the disk, and a copy whose count failed is not left behind."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import NoReturn

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop.certificates.render import PdfBook
from desktop.domain.errors import StateError
from desktop.services.app import Services
from desktop.services.certificates import IssuedCertificate
from tests.certificates.builders import finished_workshop, person
from tests.pdf.pdftext import pdf_text


def _issued_one(services: Services, tmp_path: Path) -> IssuedCertificate:
    built = finished_workshop(services, [person("زهرا", "احمدی")])
    original = tmp_path / "originals" / "a.pdf"
    return services.certificates.issue(built.id, original, person_dir=None).issued[0]


def _disk_full(_descriptor: int) -> NoReturn:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_copy_that_cannot_be_written_is_not_counted(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = _issued_one(services, tmp_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", _disk_full)
        with pytest.raises(OSError):
            services.certificates.reprint([issued.serial], folder / "copy.pdf")

    assert services.certificates.get(issued.serial).reprints == 0
    assert list(folder.iterdir()) == []  # neither the copy nor its temporary file


def test_a_copy_whose_count_fails_is_not_left_behind(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = _issued_one(services, tmp_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    seen_before_commit: list[list[str]] = []

    def failing_commit(self: Session) -> NoReturn:
        # The copy must already be written (to a temporary file) when the count is committed.
        seen_before_commit.append(sorted(path.name for path in folder.iterdir()))
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    with monkeypatch.context() as patch:
        patch.setattr(Session, "commit", failing_commit)
        with pytest.raises(OperationalError):
            services.certificates.reprint([issued.serial], folder / "copy.pdf")

    assert len(seen_before_commit) == 1 and len(seen_before_commit[0]) == 1
    assert seen_before_commit[0][0].startswith(".copy.pdf.")  # the temporary, not the copy
    assert services.certificates.get(issued.serial).reprints == 0
    assert list(folder.iterdir()) == []


def test_a_certificate_revoked_while_its_copy_was_drawn_is_not_counted(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = _issued_one(services, tmp_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    finish = PdfBook.finish

    def finish_then_revoke(book: PdfBook) -> bytes:
        data = finish(book)
        services.certificates.revoke(issued.serial, "گم شده و باطل شد")
        return data

    monkeypatch.setattr(PdfBook, "finish", finish_then_revoke)
    with pytest.raises(StateError):
        services.certificates.reprint([issued.serial], folder / "copy.pdf")
    assert services.certificates.get(issued.serial).reprints == 0
    assert list(folder.iterdir()) == []


def test_a_successful_reprint_leaves_only_the_copy(services: Services, tmp_path: Path) -> None:
    issued = _issued_one(services, tmp_path)
    folder = tmp_path / "copies"
    folder.mkdir()
    copies = services.certificates.reprint([issued.serial, issued.id], folder / "copy.pdf")
    assert [c.reprints for c in copies] == [1, 2]
    assert services.certificates.get(issued.serial).reprints == 2
    assert [path.name for path in folder.iterdir()] == ["copy.pdf"]
    assert issued.serial in pdf_text(folder / "copy.pdf")
    assert services.certificates.reprint([], folder / "none.pdf") == []
    assert not (folder / "none.pdf").exists()
