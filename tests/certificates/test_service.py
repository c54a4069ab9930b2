"""The certificate service against a real office database: eligibility, issuing (merged and
per-person PDFs, progress, cancel), reprints, revocation, verification and settings."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop.certificates.payload import Verdict, compose, parse
from desktop.certificates.serials import parse_serial
from desktop.certificates.templates import template_ids
from desktop.crypto.signing import SigningKey
from desktop.domain.digits import to_persian_digits
from desktop.domain.errors import NotFoundError, StateError, ValidationError
from desktop.domain.jalali import jalali_year
from desktop.services.app import Services
from desktop.services.certificates import IssueProgress, Signatory, sample_values
from desktop.store.models import Certificate, CertificateRevocation, OfficeKey, SerialCounter
from tests.certificates.builders import (
    ARABIC_NAME,
    CARPET_TITLE,
    LATIN_NAME,
    LONG_LAST,
    LONG_NAME,
    LONG_TITLE,
    ZWNJ_NAME,
    finished_workshop,
    person,
)
from tests.pdf.pdftext import in_order, pdf_text

YEAR = jalali_year(date.today())


def pages(pdf: Path) -> int:
    return pdf.read_bytes().count(b"/Type /Page\n") or pdf.read_bytes().count(b"/Type /Page ")


def test_eligible_lists_everyone_with_the_completion_verdict(services: Services) -> None:
    built = finished_workshop(
        services, [person("زهرا", "احمدی"), person("مریم", "رضایی")], absent=[1]
    )
    rows = services.certificates.eligible(built.id)
    by_name = {row.full_name: row for row in rows}
    assert by_name["زهرا احمدی"].can_issue
    assert not by_name["مریم رضایی"].completed
    assert not by_name["مریم رضایی"].can_issue
    assert by_name["مریم رضایی"].reasons  # why not, for the screen


def test_issue_writes_merged_and_per_person_pdfs_with_every_field(
    services: Services, tmp_path: Path
) -> None:
    built = finished_workshop(
        services, [ARABIC_NAME, ZWNJ_NAME, LATIN_NAME, LONG_NAME], title=LONG_TITLE
    )
    services.certificates.save_settings(
        signatories=[Signatory("زهرا احمدی", "مدیر دفتر"), Signatory("علی رضایی", "مربی")]
    )
    seen: list[IssueProgress] = []
    result = services.certificates.issue(built.id, tmp_path / "all.pdf", on_progress=seen.append)

    assert len(result.issued) == 4 and not result.cancelled
    assert [p.done for p in seen] == [1, 2, 3, 4] and seen[-1].total == 4
    serials = sorted(c.serial for c in result.issued)
    assert serials == [f"URM01-{YEAR}-{n:06d}" for n in range(1, 5)]
    assert result.merged_pdf == tmp_path / "all.pdf"
    assert len(result.person_files) == 4
    assert all(path.parent == tmp_path / "all-files" for path in result.person_files)
    assert not list(tmp_path.rglob("*.tmp"))  # atomic writes leave no temporary files

    merged = pdf_text(result.merged_pdf)
    for expected in (
        "گواهی‌نامه پایان دوره",
        "خانم علی کریمی",  # Arabic ي/ك typed, Persian letters printed
        "فرزند یوسف",
        "کد ملی ۰۴۹۹۳۷۰۸۹۹",
        "فاطمه‌السادات میرحسینی‌نژاد",
        "سارا جانسون Sarah Johnson",
        f"عصمت‌السادات {LONG_LAST}",
        LONG_TITLE,
        "به مدت ۱۲ ساعت",
        "با همکاری جهاد دانشگاهی",
        "دفتر تسهیل‌گری محله اسلام‌آباد",
        "شهرستان ارومیه",
        "استان آذربایجان غربی",
        "زهرا احمدی",
        "مدیر دفتر",
    ):
        assert in_order(expected, merged), expected
    for serial in serials:
        assert serial in merged
    assert "ي" not in merged and "ك" not in merged
    assert "المثنی" not in merged

    single = pdf_text(result.person_files[0])
    issued = result.issued[0]
    assert issued.serial in single
    assert in_order(issued.full_name, single)


def test_issue_twice_gives_nothing_new_and_serials_are_never_reused(
    services: Services, tmp_path: Path
) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی"), person("مریم", "رضایی")])
    first = services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None)
    with pytest.raises(StateError):
        services.certificates.issue(built.id, tmp_path / "b.pdf")
    # Revoking one lets that person be issued a new certificate, with a new serial.
    revoked = services.certificates.revoke(first.issued[0].serial, "نام اشتباه ثبت شده بود")
    again = services.certificates.issue(built.id, tmp_path / "c.pdf", person_dir=None)
    assert len(again.issued) == 1
    assert again.issued[0].enrolment_id == revoked.enrolment_id
    assert again.issued[0].serial == f"URM01-{YEAR}-000003"
    # Even if the counter row is lost, the next serial continues after the recorded ones.
    with services.db.write(office_code="URM01") as session:
        session.delete(session.get(SerialCounter, ("URM01", YEAR)))
    other = finished_workshop(services, [person("نرگس", "یزدی")])
    third = services.certificates.issue(other.id, tmp_path / "d.pdf", person_dir=None)
    assert third.issued[0].serial == f"URM01-{YEAR}-000004"


def test_issue_refuses_a_workshop_with_sessions_to_come(services: Services, tmp_path: Path) -> None:
    from desktop.services.workshops import WorkshopInput

    workshop = services.workshops.create(
        WorkshopInput(
            title="کارگاه آینده",
            skill_id=services.skills.skill_by_code("CARPET_WEAVING").id,
            capacity=5,
            planned_hours=10,
            start_date=date.today(),
        )
    )
    services.workshops.generate_schedule(
        workshop.id, start=date.today(), weekdays=range(7), count=3, hours=2
    )
    with pytest.raises(StateError) as error:
        services.certificates.issue(workshop.id, tmp_path / "x.pdf")
    assert error.value.msgid == "The workshop has sessions still to come."
    assert not (tmp_path / "x.pdf").exists()


def test_cancel_keeps_what_was_issued(services: Services, tmp_path: Path) -> None:
    people = [person(n, "احمدی") for n in ("زهرا", "مریم", "سارا", "نرگس", "لیلا")]
    built = finished_workshop(services, people)
    cancel = threading.Event()

    def progress(step: IssueProgress) -> None:
        if step.done == 2:
            cancel.set()

    result = services.certificates.issue(
        built.id, tmp_path / "w.pdf", on_progress=progress, cancel=cancel
    )
    assert result.cancelled
    assert len(result.issued) == 2
    assert len(result.person_files) == 2
    text = pdf_text(tmp_path / "w.pdf")
    assert all(c.serial in text for c in result.issued)
    rest = services.certificates.issue(built.id, tmp_path / "rest.pdf", person_dir=None)
    assert len(rest.issued) == 3


def test_only_selected_people(services: Services, tmp_path: Path) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی"), person("مریم", "رضایی")])
    chosen = built.enrolments[built.people[1]]
    result = services.certificates.issue(
        built.id, tmp_path / "one.pdf", enrolment_ids={chosen}, person_dir=None
    )
    assert [c.enrolment_id for c in result.issued] == [chosen]


def test_reprint_keeps_the_serial_and_marks_the_copy(services: Services, tmp_path: Path) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی")])
    issued = services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None).issued[0]
    copies = services.certificates.reprint([issued.serial], tmp_path / "copy.pdf")
    assert copies[0].serial == issued.serial
    assert copies[0].payload == issued.payload
    assert copies[0].reprints == 1
    text = pdf_text(tmp_path / "copy.pdf")
    assert "المثنی" in text and issued.serial in text
    services.certificates.reprint([issued.id], tmp_path / "copy2.pdf")
    assert services.certificates.get(issued.serial).reprints == 2

    services.certificates.revoke(issued.serial, "گم شده و باطل شد")
    with pytest.raises(StateError):
        services.certificates.reprint([issued.serial], tmp_path / "copy3.pdf")


def test_reprint_refused_when_the_name_changed(services: Services, tmp_path: Path) -> None:
    from dataclasses import replace

    from desktop.services.participants import ParticipantInput

    built = finished_workshop(services, [person("زهرا", "احمدی")])
    issued = services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None).issued[0]
    row = services.participants.get(built.people[0])
    services.participants.update(
        row.id, replace(ParticipantInput.from_participant(row), last_name="احمدی‌پور")
    )
    with pytest.raises(StateError):
        services.certificates.reprint([issued.serial], tmp_path / "copy.pdf")


def test_revoke_needs_a_reason_and_is_recorded(services: Services, tmp_path: Path) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی")])
    issued = services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None).issued[0]
    with pytest.raises(ValidationError) as error:
        services.certificates.revoke(issued.serial, "   ")
    assert error.value.field == "reason"
    with services.db.read() as session:
        rev_before = session.scalar(select(Certificate.rev).where(Certificate.id == issued.id))
    revoked = services.certificates.revoke(issued.serial, "صدور اشتباه")
    assert revoked.revoked and revoked.revoke_reason == "صدور اشتباه"
    with services.db.read() as session:
        rev_after = session.scalar(select(Certificate.rev).where(Certificate.id == issued.id))
    assert rev_after is not None and rev_before is not None and rev_after > rev_before  # synced
    with pytest.raises(StateError):
        services.certificates.revoke(issued.serial, "دوباره")
    with pytest.raises(NotFoundError):
        services.certificates.revoke("URM01-1400-999999", "نیست")


def test_verify_valid_forged_revoked_and_unknown_office(services: Services, tmp_path: Path) -> None:
    built = finished_workshop(services, [person("زهرا", "احمدی")])
    issued = services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None).issued[0]

    valid = services.certificates.verify(issued.payload, name="زهرا احمدی")
    assert valid.verdict is Verdict.VALID
    assert valid.serial == issued.serial and valid.office_code == "URM01"
    assert valid.hours == 12 and valid.skill_code == "CARPET_WEAVING" and valid.skill_name
    assert valid.holder_name == "زهرا احمدی" and valid.workshop_title == CARPET_TITLE
    assert valid.name_matches is True and valid.on_record
    assert services.certificates.verify(issued.payload, name="زهرا محمدی").name_matches is False
    # Typed with Arabic letters or a ZWNJ instead of a space, the same name still matches.
    assert services.certificates.verify(
        "  " + issued.payload + "\n", name="زهرا  احمدي"
    ).name_matches
    # Typed by a scanner while a Persian keyboard layout is active: Persian digits.
    assert services.certificates.verify(to_persian_digits(issued.payload)).verdict is Verdict.VALID

    claim, signature = parse(issued.payload)
    tampered = compose(replace(claim, hours=120), signature)
    assert services.certificates.verify(tampered).verdict is Verdict.FORGED

    # Another key claiming to be this office: forged.
    impostor = SigningKey.generate()
    from desktop.certificates.payload import sign

    assert services.certificates.verify(sign(claim, impostor)).verdict is Verdict.FORGED

    # An office this installation has no key for.
    foreign = replace(claim, serial=parse_serial(f"TBZ02-{YEAR}-000001"))  # type: ignore[arg-type]
    unknown = services.certificates.verify(sign(foreign, impostor))
    assert unknown.verdict is Verdict.UNKNOWN_OFFICE and unknown.office_code == "TBZ02"
    # ... until the province delivers its key: then valid.
    with services.db.write(office_code="URM01", audit=False) as session:
        session.add(
            OfficeKey(
                office_code="TBZ02",
                public_key=impostor.public_b64,
                fingerprint=impostor.fingerprint,
                source="province",
            )
        )
    delivered = services.certificates.verify(sign(foreign, impostor))
    assert delivered.verdict is Verdict.VALID and not delivered.on_record
    # ... and revoked when the province's revocation list names it.
    with services.db.write(office_code="URM01", audit=False) as session:
        session.add(
            CertificateRevocation(
                serial=str(foreign.serial),
                office_code="TBZ02",
                revoked_at=date(2024, 1, 1),
                reason="duplicate",
            )
        )
    assert services.certificates.verify(sign(foreign, impostor)).verdict is Verdict.REVOKED

    services.certificates.revoke(issued.serial, "باطل شد")
    revoked = services.certificates.verify(issued.payload)
    assert revoked.verdict is Verdict.REVOKED and revoked.revoke_reason == "باطل شد"

    assert services.certificates.verify("hello").verdict is Verdict.UNREADABLE
    assert services.certificates.verify("").verdict is Verdict.UNREADABLE


def test_settings_validate_and_persist(services: Services, tmp_path: Path) -> None:
    assert services.certificates.settings().template_id == "classic"
    assert set(template_ids()) >= {"classic", "modern"}
    saved = services.certificates.save_settings(
        template_id="modern", signatories=[Signatory(" زهرا  احمدي ", "مدیر")]
    )
    assert saved.template_id == "modern"
    assert saved.signatories == (Signatory("زهرا احمدی", "مدیر"),)
    with pytest.raises(ValidationError):
        services.certificates.save_settings(template_id="nope")
    with pytest.raises(ValidationError):
        services.certificates.save_settings(signatories=[Signatory("", "مدیر")])
    with pytest.raises(ValidationError):
        services.certificates.save_settings(signatories=[Signatory("الف", "")] * 5)
    assert services.certificates.settings().template_id == "modern"

    bad = tmp_path / "logo.png"
    bad.write_bytes(b"not an image")
    with pytest.raises(ValidationError):
        services.certificates.set_logo(bad)
    logo = tmp_path / "real.png"
    _write_png(logo)
    with_logo = services.certificates.set_logo(logo)
    assert with_logo.logo is not None and with_logo.logo.is_file()
    logo.unlink()  # the copy in the data directory stays
    assert services.certificates.settings().logo is not None
    assert services.certificates.set_logo(None).logo is None


def test_preview_is_marked_and_not_verifiable(services: Services, tmp_path: Path) -> None:
    from desktop.certificates import render
    from desktop.pdf import persian

    built = finished_workshop(services, [person("نرگس", "یزدی")])
    for template_id in template_ids():
        data = services.certificates.preview(template_id, workshop_id=built.id)
        assert in_order("نرگس یزدی", pdf_text(data))
        (tmp_path / f"{template_id}.pdf").write_bytes(data)
    # The sample mark is drawn across the page (rotated, so pdftotext splits it: check the ops).
    template = services.certificates.templates()[0]
    page = render.CertificatePage(sample_values(), "x", sample=True)
    drawn = [
        op[1][2]
        for op in render.layout_page(template, page, render.Branding())
        if op[0] == "drawString"
    ]
    assert persian.visual("نمونه — بدون اعتبار") in drawn
    assert services.certificates.verify("HMY1|SAMPLE|NOT-VALID").verdict is Verdict.UNREADABLE
    assert not services.certificates.certificates()  # a preview records nothing


def _write_png(path: Path) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\x20\x60\xa0" * 8 for _ in range(8))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_printed_qr_code_scans_and_verifies(services: Services, tmp_path: Path) -> None:
    """Rasterise the PDF like a print and scan it (zbarimg from zbar-tools, when installed)."""
    import shutil
    import subprocess

    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        pytest.skip("zbarimg (zbar-tools) or pdftoppm (poppler-utils) is not installed")
    built = finished_workshop(services, [LATIN_NAME])
    issued = services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None).issued[0]
    for template_id in template_ids():
        services.certificates.reprint([issued.serial], tmp_path / "p.pdf", template_id=template_id)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "100",
                "-singlefile",
                str(tmp_path / "p.pdf"),
                str(tmp_path / "p"),
            ],
            check=True,
        )
        scanned = subprocess.run(
            ["zbarimg", "-q", "--raw", str(tmp_path / "p.png")], capture_output=True, text=True
        ).stdout.strip()
        assert scanned == issued.payload, template_id
        assert services.certificates.verify(scanned).verdict is Verdict.VALID


def test_a_database_restored_from_an_older_backup_never_reuses_a_serial(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    """Certificates leave on paper: numbers issued after a backup stay taken after a restore."""
    import sqlite3

    from desktop.certificates.serials import marks_path
    from desktop.services.base import Actor
    from desktop.store.engine import Database

    built = finished_workshop(services, [person("زهرا", "احمدی"), person("مریم", "رضایی")])
    services.certificates.issue(built.id, tmp_path / "a.pdf", person_dir=None)
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(db_path) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)
    later = finished_workshop(services, [person("نرگس", "یزدی"), person("سارا", "کاظمی")])
    handed_out = services.certificates.issue(later.id, tmp_path / "b.pdf", person_dir=None)
    assert sorted(c.serial for c in handed_out.issued) == [
        f"URM01-{YEAR}-000003",
        f"URM01-{YEAR}-000004",
    ]
    actor = services.actor
    services.db.dispose()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    backup.replace(db_path)  # the power went, the office restored last week's copy

    restored = Services(Database(db_path), Actor(actor.office_code, actor.user_id))
    again = finished_workshop(restored, [person("لیلا", "حسینی")])
    result = restored.certificates.issue(again.id, tmp_path / "c.pdf", person_dir=None)
    assert [c.serial for c in result.issued] == [f"URM01-{YEAR}-000005"]
    assert marks_path("URM01").exists()
    restored.db.dispose()


def test_a_run_reserves_its_serials_once_and_cancelled_numbers_are_skipped(
    services: Services, tmp_path: Path
) -> None:
    from desktop.certificates import serials

    writes: list[dict[str, int]] = []
    original = serials._write_marks

    def counting(office_code: str, marks: dict[str, int]) -> None:
        writes.append(dict(marks))
        original(office_code, marks)

    names = ("احمدی", "رضایی", "کریمی", "یزدی")
    built = finished_workshop(services, [person("زهرا", last) for last in names])
    cancel = threading.Event()

    def stop_after_two(progress: IssueProgress) -> None:
        if progress.done == 2:
            cancel.set()

    serials._write_marks = counting  # type: ignore[assignment]
    try:
        first = services.certificates.issue(
            built.id, tmp_path / "a.pdf", person_dir=None, on_progress=stop_after_two, cancel=cancel
        )
        rest = services.certificates.issue(built.id, tmp_path / "b.pdf", person_dir=None)
    finally:
        serials._write_marks = original  # type: ignore[assignment]
    assert writes == [{str(YEAR): 4}, {str(YEAR): 6}]  # one write per run, ahead of use
    assert [c.serial[-2:] for c in first.issued] == ["01", "02"]
    assert [c.serial[-2:] for c in rest.issued] == ["05", "06"]  # 03 and 04 stay unused
