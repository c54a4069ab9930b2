"""Completion certificates: who may get one, issuing, reprints, revocation, verification, and the
office's certificate settings (design, signatories, logo).

Everything a person sees on screen is plain frozen data. Issuing is meant for a worker thread:
it reports progress through a callback and stops between certificates when its cancel token is
set (anything with ``is_set()``, e.g. ``threading.Event``). Every certificate is recorded with its
serial in its own transaction *before* its page is drawn, so a serial on paper is always on
record and a cancelled or failed batch keeps the certificates already issued (they are still
written to the PDFs).

API (``services.certificates`` on :class:`desktop.services.app.Services`)::

    settings() -> CertificateSettings                    # template id, signatories, logo
    save_settings(*, template_id=None, signatories=None, logo=None) -> CertificateSettings
                                    # all three in one call, all or nothing; logo=False removes it
    set_logo(path | None) -> CertificateSettings          # copies the image into the data dir
    templates() -> list[Template]                         # the shipped designs
    eligible(workshop_id) -> list[EligibleRow]            # everyone enrolled, with verdict
    certificates(workshop_id=None) -> list[IssuedCertificate]
    get(serial_or_id) -> IssuedCertificate
    issue(workshop_id, out_pdf, *, person_dir=DEFAULT, enrolment_ids=None, template_id=None,
          on_progress=None, cancel=None) -> IssueResult
    reprint(certificate_ids, out_pdf, *, template_id=None) -> list[IssuedCertificate]
    revoke(serial_or_id, reason) -> IssuedCertificate
    verify(text, *, name=None) -> VerificationResult
    preview(template_id=None, *, signatories=None, logo=None, workshop_id=None,
            duplicate=False) -> bytes   # "sample" PDF; unsaved signatories/logo may be given
"""

from __future__ import annotations

import contextlib
import json
import os
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final, Literal, Protocol

from sqlalchemy import Row, Select, false, select
from sqlalchemy.orm import Session

from desktop.certificates import locations
from desktop.certificates import payload as qr_payload
from desktop.certificates.files import safe_file_name
from desktop.certificates.payload import Claim, Verdict, name_digest, workshop_ref
from desktop.certificates.render import (
    Branding,
    CertificatePage,
    PdfBook,
    Signatory,
    layout_page,
    render_pdf,
    render_single,
)
from desktop.certificates.serials import SerialBlock, allocate_serial, parse_serial
from desktop.certificates.templates import (
    DEFAULT_TEMPLATE,
    Template,
    builtin_templates,
    get_template,
)
from desktop.crypto.signing import SigningKey
from desktop.domain.completion import AttendanceTally, Reason
from desktop.domain.digits import format_number
from desktop.domain.enums import Gender, WorkshopStatus
from desktop.domain.errors import N_, NotFoundError, StateError, ValidationError
from desktop.domain.jalali import format_jalali
from desktop.domain.text import normalise_input
from desktop.fileio import SHARED, atomic_output, write_atomic
from desktop.paths import data_dir
from desktop.services.attendance import AttendanceService, SessionState, session_state
from desktop.services.base import Service, as_uuid, get_live
from desktop.services.office_keys import (
    ensure_own_key,
    known_keys,
    load_own_key,
    office_name_from_keyring,
)
from desktop.services.workshops import WORKSHOP_NOT_FOUND
from desktop.store.base import utcnow
from desktop.store.models import (
    Certificate,
    CertificateRevocation,
    Enrolment,
    Office,
    Participant,
    Setting,
    Skill,
    Workshop,
    WorkshopSession,
)

SETTING_TEMPLATE: Final = "certificates.template"
SETTING_SIGNATORIES: Final = "certificates.signatories"
SETTING_LOGO: Final = "certificates.logo"
MAX_SIGNATORIES: Final = 4
MAX_SIGNATORY_TEXT: Final = 100
MAX_LOGO_BYTES: Final = 2 * 1024 * 1024
MAX_REASON: Final = 500
HONORIFICS: Final = {Gender.FEMALE: "خانم", Gender.MALE: "آقای"}

CERTIFICATE_NOT_FOUND = N_("The certificate was not found.")
UNKNOWN_TEMPLATE = N_("There is no certificate design called {template}.")
NOTHING_TO_ISSUE = N_("No one in this workshop is waiting for a certificate.")
SESSIONS_TO_COME = N_("The workshop has sessions still to come.")
WORKSHOP_CANCELLED = N_("The workshop was cancelled; it has no certificates.")
REASON_REQUIRED = N_("Write why the certificate is revoked.")
REASON_TOO_LONG = N_("The reason must be at most {count} characters.")
ALREADY_REVOKED = N_("Certificate {serial} is already revoked.")
REVOKED_NO_REPRINT = N_("Certificate {serial} is revoked; it cannot be printed again.")
NAME_CHANGED = N_(
    "The holder's name changed after certificate {serial} was issued; revoke it and issue a "
    "new one."
)
TOO_MANY_SIGNATORIES = N_("A certificate can have at most {count} signatories.")
SIGNATORY_NAME_REQUIRED = N_("Each signatory needs a name.")
SIGNATORY_TOO_LONG = N_("Signatory names and titles must be at most {count} characters.")
LOGO_UNREADABLE = N_("The logo must be a PNG or JPEG image.")
LOGO_TOO_LARGE = N_("The logo file must be at most 2 MB.")

VERDICT_LABELS: Final = {
    Verdict.VALID: N_("Valid certificate"),
    Verdict.FORGED: N_("Forged or altered: the signature does not match"),
    Verdict.REVOKED: N_("Revoked certificate"),
    Verdict.UNKNOWN_OFFICE: N_("Unknown office: no signing key for office {office} here"),
    Verdict.UNREADABLE: N_("This is not a Hamyar certificate code."),
}
MISMATCH_WITH_RECORD = N_("The code does not match this office's record of the certificate.")


LogoChoice = Path | Literal[False] | None
"""A logo argument: a PNG/JPEG path, ``False`` for no logo, ``None`` for the saved one."""


class CancelToken(Protocol):
    def is_set(self) -> bool: ...


# --- plain data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateSettings:
    template_id: str
    signatories: tuple[Signatory, ...]
    logo: Path | None

    @property
    def branding(self) -> Branding:
        return Branding(self.signatories, self.logo)


@dataclass(frozen=True)
class IssuedCertificate:
    id: uuid.UUID
    serial: str
    enrolment_id: uuid.UUID
    participant_id: uuid.UUID
    full_name: str
    workshop_id: uuid.UUID
    workshop_title: str
    issued_on: date
    template: str
    payload: str
    reprints: int
    revoked_at: datetime | None
    revoke_reason: str

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True)
class EligibleRow:
    """One enrolled person of a workshop: the completion verdict and their certificate."""

    enrolment_id: uuid.UUID
    participant_id: uuid.UUID
    full_name: str
    father_name: str
    national_id: str | None
    tally: AttendanceTally
    final_level: int | None
    completed: bool
    reasons: tuple[Reason, ...]  # (msgid, params) why not completed
    certificate: IssuedCertificate | None  # the live one, else the latest revoked one

    @property
    def can_issue(self) -> bool:
        """Completed and without a certificate that is still valid."""
        return self.completed and (self.certificate is None or self.certificate.revoked)


@dataclass(frozen=True)
class IssueProgress:
    done: int
    total: int
    serial: str
    full_name: str


@dataclass(frozen=True)
class IssueResult:
    workshop_id: uuid.UUID
    issued: tuple[IssuedCertificate, ...]
    merged_pdf: Path | None  # None when nothing was issued
    person_files: tuple[Path, ...]
    cancelled: bool
    skipped: int  # issued meanwhile by someone else (another window on the same database)


@dataclass(frozen=True)
class VerificationResult:
    verdict: Verdict
    serial: str | None = None
    office_code: str | None = None
    office_name: str | None = None  # own office, or as the province's receipts name it
    issued_on: date | None = None
    hours: float | None = None
    skill_code: str | None = None
    skill_name: str | None = None
    workshop_ref: str | None = None
    workshop_title: str | None = None  # when this installation holds the certificate
    holder_name: str | None = None  # when this installation holds the certificate
    name_matches: bool | None = None  # None: no name given to check
    key_fingerprint: str | None = None
    key_retired: bool = False
    revoked_at: datetime | None = None
    revoke_reason: str = ""
    on_record: bool = False  # this installation's database holds the certificate
    problem: str = ""  # msgid: why a genuine-looking code was rejected

    @property
    def label_msgid(self) -> str:
        return VERDICT_LABELS[self.verdict]


@dataclass(frozen=True)
class _WorkshopFacts:
    id: uuid.UUID
    title: str
    skill_code: str
    skill_name: str
    partner_org: str
    trainer: str
    place: str
    start_date: date
    end_date: date | None
    hours: float
    office_name: str
    county: str
    province: str


_DEFAULT_PERSON_DIR: Final = Path("<beside the merged PDF>")


class CertificateService(Service):
    # --- settings -----------------------------------------------------------------------------

    def settings(self) -> CertificateSettings:
        with self.db.read() as session:
            values = {
                row.key: row.value
                for row in session.scalars(
                    select(Setting).where(
                        Setting.key.in_([SETTING_TEMPLATE, SETTING_SIGNATORIES, SETTING_LOGO])
                    )
                )
            }
        template_id = values.get(SETTING_TEMPLATE) or DEFAULT_TEMPLATE
        if template_id not in {t.id for t in builtin_templates()}:
            template_id = DEFAULT_TEMPLATE
        signatories: tuple[Signatory, ...] = ()
        try:
            raw = json.loads(values.get(SETTING_SIGNATORIES) or "[]")
            signatories = tuple(Signatory(str(s["name"]), str(s.get("title", ""))) for s in raw)
        except (ValueError, TypeError, KeyError):
            signatories = ()
        logo_text = values.get(SETTING_LOGO) or ""
        logo = Path(logo_text) if logo_text and Path(logo_text).is_file() else None
        return CertificateSettings(template_id, signatories, logo)

    def save_settings(
        self,
        *,
        template_id: str | None = None,
        signatories: Sequence[Signatory] | None = None,
        logo: LogoChoice = None,
    ) -> CertificateSettings:
        """Change the design, the signatories and/or the logo in one unit: everything is
        validated first, so a bad logo or a bad signatory means nothing is saved. ``None`` leaves
        a setting as it is; ``logo=False`` removes the logo; a path copies that PNG/JPEG (at most
        2 MB) into the data directory, so the original may move.

        The new logo is written under a new name *before* the settings are committed (a failed
        commit removes it again); the old logo file is removed only *after* the commit, so the
        saved settings never name a file that is not there."""
        updates: dict[str, str] = {}
        if template_id is not None:
            updates[SETTING_TEMPLATE] = self._template(template_id).id
        if signatories is not None:
            cleaned = validate_signatories(signatories)
            updates[SETTING_SIGNATORIES] = json.dumps(
                [{"name": s.name, "title": s.title} for s in cleaned], ensure_ascii=False
            )
        new_logo: Path | None = None
        logo_bytes = b""
        if logo is False:
            updates[SETTING_LOGO] = ""
        elif logo is not None:
            logo_bytes = _read_logo(Path(logo))
            suffix = ".png" if logo_bytes.startswith(b"\x89PNG") else ".jpg"
            new_logo = logo_dir() / f"logo-{uuid.uuid4().hex[:8]}{suffix}"
            updates[SETTING_LOGO] = str(new_logo)
        if not updates:
            return self.settings()
        if new_logo is not None:
            write_atomic(new_logo, logo_bytes, mode=SHARED)
        old_logo = ""
        try:
            with self.write(audit=False) as session:
                if SETTING_LOGO in updates:
                    row = session.get(Setting, SETTING_LOGO)
                    old_logo = row.value if row is not None else ""
                for key, value in updates.items():
                    _put_setting(session, key, value)
        except BaseException:
            if new_logo is not None:
                new_logo.unlink(missing_ok=True)
            raise
        if old_logo and SETTING_LOGO in updates:
            _remove_replaced_logo(Path(old_logo), new_logo)
        return self.settings()

    def set_logo(self, source: Path | None) -> CertificateSettings:
        """Use a PNG/JPEG (at most 2 MB) as the office logo; None removes it (see
        :meth:`save_settings`, which also saves it together with the other settings)."""
        return self.save_settings(logo=False if source is None else Path(source))

    def templates(self) -> list[Template]:
        return list(builtin_templates())

    @staticmethod
    def _template(template_id: str) -> Template:
        try:
            return get_template(template_id)
        except KeyError:
            raise ValidationError(
                UNKNOWN_TEMPLATE, field="template", template=template_id
            ) from None

    # --- who gets one ---------------------------------------------------------------------------

    def eligible(self, workshop_id: uuid.UUID | str) -> list[EligibleRow]:
        """Everyone enrolled (or completed) in the workshop, in the completion screen's order,
        with the completion verdict and their certificate if they have one."""
        rows = AttendanceService(self.db, self.actor).completion(workshop_id)
        with self.db.read() as session:
            certificates = self._certificates_by_enrolment(session, as_uuid(workshop_id, ""))
        return [
            EligibleRow(
                enrolment_id=row.enrolment.id,
                participant_id=row.participant.id,
                full_name=_full_name(row.participant),
                father_name=row.participant.father_name,
                national_id=row.participant.national_id,
                tally=row.tally,
                final_level=row.final_level,
                completed=row.result.completed,
                reasons=row.result.reasons,
                certificate=certificates.get(row.enrolment.id),
            )
            for row in rows
        ]

    def certificates(self, workshop_id: uuid.UUID | str | None = None) -> list[IssuedCertificate]:
        """Certificates (revoked ones too) of one workshop or of the office, newest first."""
        with self.db.read() as session:
            query = _certificate_query()
            if workshop_id is not None:
                query = query.where(
                    Enrolment.workshop_id == as_uuid(workshop_id, WORKSHOP_NOT_FOUND)
                )
            rows = session.execute(query.order_by(Certificate.serial.desc())).all()
            return [_issued(row) for row in rows]

    def get(self, serial_or_id: uuid.UUID | str) -> IssuedCertificate:
        with self.db.read() as session:
            row = self._find(session, serial_or_id)
            found = session.execute(_certificate_query().where(Certificate.id == row.id)).one()
            return _issued(found)

    @staticmethod
    def _find(session: Session, serial_or_id: uuid.UUID | str) -> Certificate:
        text = str(serial_or_id).strip()
        serial = parse_serial(text)
        if serial is not None:
            row = session.scalar(select(Certificate).where(Certificate.serial == str(serial)))
        else:
            try:
                row = session.get(Certificate, uuid.UUID(text))
            except ValueError:
                row = None
        if row is None or row.deleted:
            raise NotFoundError(CERTIFICATE_NOT_FOUND)
        return row

    @staticmethod
    def _certificates_by_enrolment(
        session: Session, workshop_id: uuid.UUID
    ) -> dict[uuid.UUID, IssuedCertificate]:
        result: dict[uuid.UUID, IssuedCertificate] = {}
        query = _certificate_query().where(Enrolment.workshop_id == workshop_id)
        for row in session.execute(query.order_by(Certificate.serial)):
            certificate = _issued(row)
            current = result.get(certificate.enrolment_id)
            # The live certificate wins; among revoked ones the latest.
            if current is None or current.revoked:
                result[certificate.enrolment_id] = certificate
        return result

    # --- issuing --------------------------------------------------------------------------------

    def issue(
        self,
        workshop_id: uuid.UUID | str,
        out_pdf: Path,
        *,
        person_dir: Path | None = _DEFAULT_PERSON_DIR,
        enrolment_ids: Collection[uuid.UUID] | None = None,
        template_id: str | None = None,
        on_progress: Callable[[IssueProgress], None] | None = None,
        cancel: CancelToken | None = None,
    ) -> IssueResult:
        """Issue certificates to everyone eligible without one (or to ``enrolment_ids`` among
        them): one merged PDF at ``out_pdf`` and one file per person in ``person_dir`` (default:
        a folder beside ``out_pdf`` named after it; None: no per-person files)."""
        settings = self.settings()
        template = self._template(template_id or settings.template_id)
        facts = self._workshop_facts(workshop_id)
        wanted = set(enrolment_ids) if enrolment_ids is not None else None
        rows = [
            row
            for row in self.eligible(facts.id)
            if row.can_issue and (wanted is None or row.enrolment_id in wanted)
        ]
        if not rows:
            raise StateError(NOTHING_TO_ISSUE)
        key = self._signing_key()
        if person_dir == _DEFAULT_PERSON_DIR:
            person_dir = out_pdf.with_name(out_pdf.stem + "-files")
        issued: list[IssuedCertificate] = []
        files: list[Path] = []
        file_serials: list[str] = []
        book = PdfBook(template, facts.title)
        cancelled = False
        skipped = 0
        serials = SerialBlock(size=len(rows))
        try:
            for row in rows:
                if cancel is not None and cancel.is_set():
                    cancelled = True
                    break
                certificate = self._record(facts, row, key, template.id, serials)
                if certificate is None:
                    skipped += 1
                    continue
                person = self._page_values(facts, certificate)
                ops = layout_page(
                    template, CertificatePage(person, certificate.payload), settings.branding
                )
                book.add(ops)
                # On the merged PDF from here on, even if the person's own file fails: the
                # certificate is on record, so this is the only original it will ever get.
                issued.append(certificate)
                if person_dir is not None:
                    path = person_dir / (
                        safe_file_name(f"{certificate.serial} {certificate.full_name}") + ".pdf"
                    )
                    write_atomic(
                        path, render_single(ops, template, title=certificate.serial), mode=SHARED
                    )
                    files.append(path)
                    file_serials.append(certificate.serial)
                if on_progress is not None:
                    on_progress(
                        IssueProgress(
                            len(issued) + skipped,
                            len(rows),
                            certificate.serial,
                            certificate.full_name,
                        )
                    )
        finally:
            # Certificates recorded so far are real: their pages are written even if a later one
            # failed or the batch was cancelled.
            merged = None
            if issued:
                write_atomic(out_pdf, book.finish(), mode=SHARED)
                merged = out_pdf
            # So Open/Print find each person's own file later (the GUI's page); an index that
            # cannot be written only means a duplicate is offered instead.
            with contextlib.suppress(OSError):
                if files:
                    locations.remember(zip(file_serials, files, strict=True))
        return IssueResult(facts.id, tuple(issued), merged, tuple(files), cancelled, skipped)

    def _signing_key(self) -> SigningKey:
        with self.db.read() as session:
            key = load_own_key(session, self.actor.office_code)
        if key is not None:
            return key
        with self.write(audit=False) as session:
            return ensure_own_key(session, self.actor.office_code)

    def _record(
        self,
        facts: _WorkshopFacts,
        row: EligibleRow,
        key: SigningKey,
        template_id: str,
        serials: SerialBlock,
    ) -> IssuedCertificate | None:
        """Allocate the serial and record one certificate in one transaction (None if the person
        got a valid certificate meanwhile)."""
        issued_on = self.today()
        with self.write() as session:
            live = session.scalar(
                select(Certificate.id).where(
                    Certificate.enrolment_id == row.enrolment_id,
                    Certificate.revoked_at.is_(None),
                    Certificate.deleted == false(),
                )
            )
            if live is not None:
                return None
            serial = allocate_serial(session, self.actor.office_code, issued_on, serials)
            claim = Claim(
                serial=serial,
                issued_on=issued_on,
                hours=facts.hours,
                skill_code=facts.skill_code,
                workshop_ref=workshop_ref(facts.id),
                name_digest=name_digest(row.full_name),
            )
            certificate = Certificate(
                id=uuid.uuid4(),
                serial=str(serial),
                enrolment_id=row.enrolment_id,
                issued_on=issued_on,
                issued_by=self.actor.user_id,
                template=template_id,
                payload=qr_payload.sign(claim, key),
                reprints=0,
            )
            session.add(certificate)
            session.flush()
            return IssuedCertificate(
                id=certificate.id,
                serial=certificate.serial,
                enrolment_id=row.enrolment_id,
                participant_id=row.participant_id,
                full_name=row.full_name,
                workshop_id=facts.id,
                workshop_title=facts.title,
                issued_on=issued_on,
                template=template_id,
                payload=certificate.payload,
                reprints=0,
                revoked_at=None,
                revoke_reason="",
            )

    def _workshop_facts(
        self, workshop_id: uuid.UUID | str, *, finished: bool = True
    ) -> _WorkshopFacts:
        """What a certificate says about the workshop. ``finished``: refuse a cancelled workshop
        or one with sessions still to come (issuing); otherwise use what is known (preview,
        reprint)."""
        today = self.today()
        with self.db.read() as session:
            workshop = get_live(session, Workshop, workshop_id, WORKSHOP_NOT_FOUND)
            if finished and workshop.status == WorkshopStatus.CANCELLED:
                raise StateError(WORKSHOP_CANCELLED)
            sessions = session.execute(
                select(
                    WorkshopSession.session_date, WorkshopSession.hours, WorkshopSession.status
                ).where(
                    WorkshopSession.workshop_id == workshop.id,
                    WorkshopSession.deleted == false(),
                )
            ).all()
            states = [session_state(s.status, s.session_date, today) for s in sessions]
            if finished and any(state is SessionState.UPCOMING for state in states):
                raise StateError(SESSIONS_TO_COME)
            held = [s for s, state in zip(sessions, states, strict=True) if state.markable]
            # The hours the course actually ran (cancelled sessions do not count); before any
            # session is held, the planned hours.
            hours = sum(s.hours for s in held) if held else workshop.planned_hours
            skill = session.get(Skill, workshop.skill_id)
            office = session.scalar(select(Office).where(Office.code == self.actor.office_code))
            return _WorkshopFacts(
                id=workshop.id,
                title=workshop.title,
                skill_code=skill.code if skill is not None else "NONE",
                skill_name=skill.name_fa if skill is not None else "",
                partner_org=workshop.partner_org,
                trainer=workshop.trainer,
                place=workshop.place,
                start_date=min((s.session_date for s in held), default=workshop.start_date),
                end_date=max((s.session_date for s in held), default=workshop.end_date),
                hours=round(float(hours), 2),
                office_name=office.name if office is not None else "",
                county=office.county if office is not None else "",
                province=office.province if office is not None else "",
            )

    def _page_values(self, facts: _WorkshopFacts, certificate: IssuedCertificate) -> dict[str, str]:
        with self.db.read() as session:
            person = session.get(Participant, certificate.participant_id)
            assert person is not None
        return page_values(facts, person, certificate.serial, certificate.issued_on)

    # --- reprint and revoke ---------------------------------------------------------------------

    def reprint(
        self,
        certificate_ids: Sequence[uuid.UUID | str],
        out_pdf: Path,
        *,
        template_id: str | None = None,
    ) -> list[IssuedCertificate]:
        """Print certificates again, marked «المثنی», with the same serial and QR code; counts the
        reprint. Refused for revoked certificates and when the holder's name has changed.

        A reprint is counted only if its page reached the disk: the PDF goes to a synced
        temporary file beside ``out_pdf`` first, then the counts are committed, then the file is
        renamed into place. A failed write counts nothing; a failed commit leaves no file."""
        settings = self.settings()
        pages: list[tuple[Template, CertificatePage]] = []
        row_ids: list[uuid.UUID] = []
        with self.db.read() as session:
            for certificate_id in certificate_ids:
                row, enrolment, person, claim = self._reprintable(session, certificate_id)
                facts = self._workshop_facts(enrolment.workshop_id, finished=False)
                template = self._template(template_id or _stored_or(row.template, settings))
                values = page_values(facts, person, row.serial, row.issued_on)
                # What the QR code says, even if sessions were edited after issuing.
                values["hours"] = hours_text(claim.hours)
                pages.append((template, CertificatePage(values, row.payload, duplicate=True)))
                row_ids.append(row.id)
        if not pages:
            return []
        book = PdfBook(pages[0][0], "المثنی")
        for template, page in pages:
            book.add(layout_page(template, page, settings.branding))
        data = book.finish()
        with atomic_output(out_pdf, mode=SHARED) as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on the disk before the reprints are counted
            # Raising here (revoked or renamed meanwhile, commit failed) removes the temporary.
            return self._count_reprints(row_ids)

    def _reprintable(
        self, session: Session, certificate_id: uuid.UUID | str
    ) -> tuple[Certificate, Enrolment, Participant, Claim]:
        """The certificate and what its copy shows, or StateError when it may not be reprinted."""
        row = self._find(session, certificate_id)
        if row.revoked_at is not None:
            raise StateError(REVOKED_NO_REPRINT, serial=row.serial)
        enrolment = session.get(Enrolment, row.enrolment_id)
        assert enrolment is not None
        person = session.get(Participant, enrolment.participant_id)
        assert person is not None
        claim, _ = qr_payload.parse(row.payload)
        if claim.name_digest != name_digest(_full_name(person)):
            raise StateError(NAME_CHANGED, serial=row.serial)
        return row, enrolment, person, claim

    def _count_reprints(self, row_ids: Sequence[uuid.UUID]) -> list[IssuedCertificate]:
        """Count one reprint per id (checked again: it may have been revoked since it was read)."""
        done: list[IssuedCertificate] = []
        with self.write() as session:
            for row_id in row_ids:
                row, *_ = self._reprintable(session, row_id)
                row.reprints += 1
                session.flush()
                found = session.execute(_certificate_query().where(Certificate.id == row.id)).one()
                done.append(_issued(found))
        return done

    def revoke(self, serial_or_id: uuid.UUID | str, reason: str) -> IssuedCertificate:
        """Revoke a certificate; the reason is required and recorded (it reaches the province
        with the next bundle, as the certificate row changed)."""
        reason = normalise_input(reason or "")
        if not reason:
            raise ValidationError(REASON_REQUIRED, field="reason")
        if len(reason) > MAX_REASON:
            raise ValidationError(REASON_TOO_LONG, field="reason", count=MAX_REASON)
        with self.write() as session:
            row = self._find(session, serial_or_id)
            if row.revoked_at is not None:
                raise StateError(ALREADY_REVOKED, serial=row.serial)
            row.revoked_at = utcnow()
            row.revoke_reason = reason
            session.flush()
            found = session.execute(_certificate_query().where(Certificate.id == row.id)).one()
            return _issued(found)

    # --- verification ---------------------------------------------------------------------------

    def verify(self, text: str, *, name: str | None = None) -> VerificationResult:
        """Check a QR text offline against the office keys this installation knows. ``name``
        (as printed on the paper) is checked against the code's name digest when given."""
        with self.db.read() as session:
            check = qr_payload.check_signature(text, lambda office: known_keys(session, office))
            claim = check.claim
            if claim is None:
                return VerificationResult(Verdict.UNREADABLE)
            skill_name = session.scalar(select(Skill.name_fa).where(Skill.code == claim.skill_code))
            office_name = session.scalar(
                select(Office.name).where(Office.code == claim.office_code)
            ) or office_name_from_keyring(session, claim.office_code)
            base = VerificationResult(
                verdict=check.verdict,
                serial=str(claim.serial),
                office_code=claim.office_code,
                office_name=office_name,
                issued_on=claim.issued_on,
                hours=claim.hours,
                skill_code=claim.skill_code,
                skill_name=skill_name,
                workshop_ref=claim.workshop_ref,
                name_matches=(name_digest(name) == claim.name_digest) if name else None,
                key_fingerprint=check.key.fingerprint if check.key else None,
                key_retired=check.key.retired if check.key else False,
            )
            if check.verdict is not Verdict.VALID:
                return base
            found = session.execute(
                _certificate_query().where(Certificate.serial == str(claim.serial))
            ).one_or_none()
            if found is not None:
                record = _issued(found)
                details = {
                    "workshop_title": record.workshop_title,
                    "holder_name": record.full_name,
                    "on_record": True,
                }
                if record.payload != qr_payload.canonical(text):
                    return _replace(
                        base, verdict=Verdict.FORGED, problem=MISMATCH_WITH_RECORD, **details
                    )
                if record.revoked_at is not None:
                    return _replace(
                        base,
                        verdict=Verdict.REVOKED,
                        revoked_at=record.revoked_at,
                        revoke_reason=record.revoke_reason,
                        **details,
                    )
                base = _replace(base, **details)
            listed = session.get(CertificateRevocation, str(claim.serial))
            if listed is not None:
                return _replace(
                    base,
                    verdict=Verdict.REVOKED,
                    revoked_at=listed.revoked_at,
                    revoke_reason=listed.reason,
                )
            return base

    # --- preview --------------------------------------------------------------------------------

    def preview(
        self,
        template_id: str | None = None,
        *,
        signatories: Sequence[Signatory] | None = None,
        logo: LogoChoice = None,
        workshop_id: uuid.UUID | str | None = None,
        duplicate: bool = False,
    ) -> bytes:
        """A one-page PDF of a design with sample data (or the workshop's first person), marked
        as a sample across the page; its QR code is not signed and verifies as unreadable.

        ``signatories`` and ``logo`` show settings not saved yet (None: the saved ones;
        ``logo=False``: without a logo); they are checked by the same rules as saving, so an
        unreadable image is refused here with the same message."""
        settings = self.settings()
        template = self._template(template_id or settings.template_id)
        shown = settings.branding
        if signatories is not None:
            shown = replace(shown, signatories=validate_signatories(signatories))
        if logo is False:
            shown = replace(shown, logo=None)
        elif logo is not None:
            _read_logo(Path(logo))
            shown = replace(shown, logo=Path(logo))
        values = sample_values()
        if workshop_id is not None:
            facts = self._workshop_facts(workshop_id, finished=False)
            with self.db.read() as session:
                person = session.scalar(
                    select(Participant)
                    .join(Enrolment, Enrolment.participant_id == Participant.id)
                    .where(Enrolment.workshop_id == facts.id, Enrolment.deleted == false())
                    .order_by(Participant.sort_key)
                    .limit(1)
                )
            if person is not None:
                values = page_values(
                    facts, person, f"{self.actor.office_code}-0000-000000", self.today()
                )
        page = CertificatePage(values, "HMY1|SAMPLE|NOT-VALID", duplicate=duplicate, sample=True)
        return render_pdf([page], template, shown, title="نمونه")


# --- helpers ----------------------------------------------------------------------------------


def validate_signatories(signatories: Sequence[Signatory]) -> tuple[Signatory, ...]:
    if len(signatories) > MAX_SIGNATORIES:
        raise ValidationError(TOO_MANY_SIGNATORIES, field="signatories", count=MAX_SIGNATORIES)
    cleaned = []
    for signatory in signatories:
        name, title = normalise_input(signatory.name), normalise_input(signatory.title)
        if not name:
            raise ValidationError(SIGNATORY_NAME_REQUIRED, field="signatories")
        if len(name) > MAX_SIGNATORY_TEXT or len(title) > MAX_SIGNATORY_TEXT:
            raise ValidationError(SIGNATORY_TOO_LONG, field="signatories", count=MAX_SIGNATORY_TEXT)
        cleaned.append(Signatory(name, title))
    return tuple(cleaned)


def _read_logo(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_LOGO_BYTES:
            raise ValidationError(LOGO_TOO_LARGE, field="logo")
        data = path.read_bytes()
    except OSError:
        raise ValidationError(LOGO_UNREADABLE, field="logo") from None
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise ValidationError(LOGO_UNREADABLE, field="logo")
    try:
        from reportlab.lib.utils import ImageReader

        ImageReader(str(path)).getSize()
    except Exception:  # any decoder failure means we cannot draw it
        raise ValidationError(LOGO_UNREADABLE, field="logo") from None
    return data


def logo_dir() -> Path:
    """Where the office's logo images are kept (copies; the originals may move)."""
    return data_dir() / "certificates"


def _remove_replaced_logo(old: Path, new: Path | None) -> None:
    """Delete a logo the settings no longer name (only our own copies, never a person's file)."""
    if old == new or old.parent != logo_dir() or not old.name.startswith("logo-"):
        return
    with contextlib.suppress(OSError):  # a stale copy costs a little disk, nothing else
        old.unlink(missing_ok=True)


def _put_setting(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _stored_or(template_id: str, settings: CertificateSettings) -> str:
    return (
        template_id if template_id in {t.id for t in builtin_templates()} else settings.template_id
    )


def _full_name(person: Participant) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def hours_text(hours: float) -> str:
    """``۱۲۰`` or ``۳۷٫۵``: Persian digits, no ``.0``."""
    whole = round(hours)
    if abs(hours - whole) < 1e-9:
        return format_number(whole, persian=True, group=False)
    return format_number(round(hours, 2), persian=True, group=False)


def _jalali(day: date | None) -> str:
    return format_jalali(day, pattern="long") if day is not None else ""


def page_values(
    facts: _WorkshopFacts, person: Participant, serial: str, issued_on: date
) -> dict[str, str]:
    """The placeholder values of one certificate (logical Persian text)."""
    return {
        "honorific": HONORIFICS.get(person.gender, ""),
        "full_name": _full_name(person),
        "first_name": person.first_name,
        "last_name": person.last_name,
        "father_name": person.father_name or "",
        "national_id": person.national_id or "",
        "workshop_title": facts.title,
        "skill": facts.skill_name,
        "hours": hours_text(facts.hours),
        "start_date": _jalali(facts.start_date),
        "end_date": _jalali(facts.end_date),
        "issue_date": _jalali(issued_on),
        "partner_org": facts.partner_org,
        "trainer": facts.trainer,
        "place": facts.place,
        "office_name": facts.office_name,
        "county": facts.county,
        "province": facts.province,
        "serial": serial,
    }


def sample_values() -> dict[str, str]:
    return {
        "honorific": "خانم",
        "full_name": "زهرا احمدی",
        "first_name": "زهرا",
        "last_name": "احمدی",
        "father_name": "علی",
        "national_id": "0499370899",
        "workshop_title": "آموزش قالیبافی (Carpet Weaving)",
        "skill": "قالیبافی",
        "hours": "۱۲۰",
        "start_date": "۱ مهر ۱۴۰۳",
        "end_date": "۳۰ آبان ۱۴۰۳",
        "issue_date": "۵ آذر ۱۴۰۳",
        "partner_org": "جهاد دانشگاهی",
        "trainer": "مریم کریمی",
        "place": "",
        "office_name": "دفتر تسهیل‌گری",
        "county": "",
        "province": "",
        "serial": "XXXX-0000-000000",
    }


def _certificate_query() -> Select[Certificate, Enrolment, Participant, str]:
    return (
        select(Certificate, Enrolment, Participant, Workshop.title)
        .join(Enrolment, Enrolment.id == Certificate.enrolment_id)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .join(Workshop, Workshop.id == Enrolment.workshop_id)
        .where(Certificate.deleted == false())
    )


def _issued(row: Row[Certificate, Enrolment, Participant, str]) -> IssuedCertificate:
    certificate, enrolment, person, title = row
    return IssuedCertificate(
        id=certificate.id,
        serial=certificate.serial,
        enrolment_id=enrolment.id,
        participant_id=person.id,
        full_name=_full_name(person),
        workshop_id=enrolment.workshop_id,
        workshop_title=title,
        issued_on=certificate.issued_on,
        template=certificate.template,
        payload=certificate.payload,
        reprints=certificate.reprints,
        revoked_at=certificate.revoked_at,
        revoke_reason=certificate.revoke_reason,
    )


def _replace(result: VerificationResult, **changes: Any) -> VerificationResult:
    return replace(result, **changes)


__all__ = [
    "CancelToken",
    "CertificateService",
    "CertificateSettings",
    "EligibleRow",
    "IssueProgress",
    "IssueResult",
    "IssuedCertificate",
    "LogoChoice",
    "Signatory",
    "Verdict",
    "VerificationResult",
    "sample_values",
    "validate_signatories",
]
