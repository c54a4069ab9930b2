"""Certificates for a 200-person workshop into one merged PDF.

Figures:
- render: laying out and drawing 200 certificates (Persian shaping, wrapping and fitting, QR
  code) into one merged PDF, certificates per second; one process, one thread (the parts every
  page shares are drawn once as PDF forms, see desktop/certificates/render.py);
- baseline: bare ReportLab drawing the same strings (the template's texts with the same values)
  at the same places with the same font, no shaping, no fitting, no QR, in the same run; the
  ratio render / baseline;
- QR code: the version of the printed codes and the time to build one matrix with our encoder
  (desktop/certificates/qr.py) and with segno, which it replaced (same modules);
- issue: the whole service call (serial and row in one transaction per certificate, Ed25519
  signature, merged PDF, and with and without one file per person), certificates per second.

Targets (issue 5): at least 50 certificates per second, ratio under 3.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import median, timed

PEOPLE = 200
ROUNDS = 5


def _build(tmp: Path):  # type: ignore[no-untyped-def]
    os.environ["HAMYAR_HOME"] = str(tmp / "home")
    from desktop.services.app import Services
    from desktop.services.participants import ParticipantInput
    from desktop.services.setup import OfficeInput, initialise_office
    from desktop.store.engine import Database
    from tests.certificates.builders import LONG_TITLE, finished_workshop

    first = ["زهرا", "مریم", "فاطمه‌السادات", "سارا", "نرگس", "لیلا", "معصومه", "سمیه"]
    last = ["احمدی", "رضایی", "میرحسینی‌نژاد", "کریمی", "جانسون (Johnson)", "یزدانی", "قره‌باغی"]
    people = [
        ParticipantInput(
            first_name=first[i % len(first)],
            last_name=f"{last[i % len(last)]} {'ابپتثجچحخد'[i % 10]}{'سشصضطظعغفق'[i // 10 % 10]}",
            father_name="علی",
        )
        for i in range(PEOPLE)
    ]
    db = Database(tmp / "office.sqlite3")
    actor = initialise_office(
        db, OfficeInput("BEN01", "دفتر تسهیل‌گری نمونه", "ارومیه", "آذربایجان غربی")
    )
    services = Services(db, actor)
    built = finished_workshop(services, people, title=LONG_TITLE)
    return services, built


def _pages(services, built):  # type: ignore[no-untyped-def]
    """The certificate pages as issuing would draw them, with real signed payloads."""
    from desktop.certificates.payload import Claim, name_digest, sign, workshop_ref
    from desktop.certificates.render import CertificatePage
    from desktop.certificates.serials import Serial
    from desktop.services.certificates import page_values
    from desktop.services.office_keys import ensure_own_key
    from desktop.store.models import Participant

    service = services.certificates
    facts = service._workshop_facts(built.id)
    with services.db.write(office_code=services.actor.office_code) as session:
        key = ensure_own_key(session, services.actor.office_code)
    pages = []
    with services.db.read() as session:
        for number, participant_id in enumerate(built.people, start=1):
            person = session.get(Participant, participant_id)
            serial = Serial("BEN01", 1403, number)
            values = page_values(facts, person, str(serial), facts.start_date)
            claim = Claim(
                serial, facts.start_date, facts.hours, facts.skill_code, workshop_ref(facts.id),
                name_digest(values["full_name"]),
            )  # fmt: skip
            pages.append(CertificatePage(values, sign(claim, key)))
    return pages


def _baseline(pages, template) -> bytes:  # type: ignore[no-untyped-def]
    """Bare ReportLab: the same strings at the same places, same font, nothing else."""
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    from desktop.certificates.render import page_size
    from desktop.certificates.templates import fill
    from desktop.pdf.fonts import register_fonts

    fonts = register_fonts()
    names = {"regular": fonts.regular, "medium": fonts.medium, "bold": fonts.bold}
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page_size(template), pageCompression=1)
    height = template.height_mm * mm
    for page in pages:
        for element in template.elements:
            if element.type != "text" or element.get("duplicate_only"):
                continue
            x, top, width, box_height = element.spec["box"]
            canvas.setFont(names[element.get("font", "regular")], element.spec["size"])
            canvas.drawRightString(
                (x + width) * mm,
                height - (top + box_height) * mm,
                fill(element.spec["text"], page.values),
            )
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _qr_figures(payloads: list[str]) -> None:
    import segno

    from desktop.certificates.qr import ERROR_LEVEL, MASK, qr_matrix

    def with_segno() -> None:
        for text in payloads:
            segno.make(text, error=ERROR_LEVEL, mask=MASK, boost_error=False, micro=False)

    ours = median([timed(lambda: [qr_matrix(text) for text in payloads]) for _ in range(ROUNDS)])
    theirs = timed(with_segno)
    version = segno.make(payloads[0], error=ERROR_LEVEL, mask=MASK, micro=False).designator
    each, segno_each = ours / len(payloads) * 1e3, theirs / len(payloads) * 1e3
    print(
        f"QR code           : version {version}, {len(payloads[0])} digits;"
        f" {each:.2f} ms a code (segno: {segno_each:.2f} ms)"
    )


def main() -> None:
    from desktop.certificates.render import Branding, Signatory, render_pdf
    from desktop.certificates.templates import get_template

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        services, built = _build(tmp)
        pages = _pages(services, built)
        template = get_template("classic")
        branding = Branding((Signatory("زهرا احمدی", "مدیر دفتر"), Signatory("علی رضایی", "مربی")))
        render_pdf(pages[:2], template, branding)  # fonts loaded, caches warm for static parts
        _baseline(pages[:2], template)

        renders, baselines = [], []
        for _ in range(ROUNDS):
            renders.append(timed(lambda: render_pdf(pages, template, branding)))
            baselines.append(timed(lambda: _baseline(pages, template)))
        render_s, baseline_s = median(renders), median(baselines)
        print(f"certificates: {PEOPLE}, template classic, median of {ROUNDS} rounds")
        print(f"render merged PDF : {render_s:.2f} s  = {PEOPLE / render_s:.0f} certificates/s")
        print(f"bare ReportLab    : {baseline_s:.2f} s  = {PEOPLE / baseline_s:.0f} pages/s")
        print(f"ratio             : {render_s / baseline_s:.2f}  (target < 3)")
        _qr_figures([page.payload for page in pages])

        services.certificates.save_settings(signatories=list(branding.signatories))
        # Half the workshop with only the merged PDF, the other half with per-person files too.
        enrolments = list(built.enrolments.values())
        half = len(enrolments) // 2
        merged_only = timed(
            lambda: services.certificates.issue(
                built.id, tmp / "a.pdf", person_dir=None, enrolment_ids=set(enrolments[:half])
            )
        )
        with_files = timed(
            lambda: services.certificates.issue(
                built.id, tmp / "b.pdf", enrolment_ids=set(enrolments[half:])
            )
        )
        print(
            f"issue, merged only: {half / merged_only:.0f} certificates/s"
            "  (serial + row in one transaction each, signature, merged PDF)"
        )
        print(
            f"issue, + per person: {(len(enrolments) - half) / with_files:.0f} certificates/s"
            "  (the same and one PDF file per person)"
        )
        services.db.dispose()


if __name__ == "__main__":
    main()
