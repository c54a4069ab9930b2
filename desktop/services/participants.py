"""The participant registry: validation, duplicate protection, search.

Search uses ``participant_search_terms``: every normalised word of a person's names, national ID
and mobile number, one row each, primary-keyed by (term, participant). A query word matches a
term by prefix, which is an index range scan on any database.
"""

from __future__ import annotations

import functools
import logging
import re
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import Select, bindparam, delete, exists, false, func, insert, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from desktop.domain.collation import sort_key
from desktop.domain.digits import to_ascii_digits
from desktop.domain.enums import (
    ConsentScope,
    Education,
    Gender,
    MaritalStatus,
    ParticipantStatus,
    SupportingOrg,
)
from desktop.domain.errors import (
    N_,
    DomainError,
    DuplicateError,
    ValidationError,
    ValidationErrors,
)
from desktop.domain.jalali import format_jalali
from desktop.domain.mobile import normalise_mobile
from desktop.domain.national_id import normalise_national_id
from desktop.domain.text import normalise_input, search_key, search_terms
from desktop.services.base import Service, get_live
from desktop.store.base import Base
from desktop.store.models import Participant, ParticipantSearchTerm, SkillAssessment
from desktop.store.revs import audit_rows, jsonable, next_rev

log = logging.getLogger(__name__)

MAX_NAME = 100
MAX_HOUSEHOLD = 30
OLDEST_YEARS = 110
PARTICIPANT_NOT_FOUND = N_("The participant was not found.")


# How each participant field is named to people (English msgids, translated when shown): import
# reports, change history and the editor use the same words.
FIELD_LABELS: dict[str, str] = {
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "father_name": N_("Father's name"),
    "national_id": N_("National ID"),
    "birth_date": N_("Birth date"),
    "gender": N_("Gender"),
    "mobile": N_("Mobile"),
    "neighbourhood": N_("Neighbourhood"),
    "address": N_("Address"),
    "head_of_household": N_("Head of household"),
    "household_size": N_("Household size"),
    "dependants": N_("Dependants"),
    "marital_status": N_("Marital status"),
    "education": N_("Education"),
    "disability": N_("Disability"),
    "supporting_org": N_("Supporting organisation"),
    "consent_date": N_("Consent date"),
    "consent_scope": N_("Consent scope"),
    "notes": N_("Notes"),
    "registered_on": N_("Registered"),
    "status": N_("Status"),
}


@dataclass(frozen=True)
class ParticipantInput:
    """What a person types into the registration form (before validation)."""

    first_name: str
    last_name: str
    father_name: str = ""
    national_id: str = ""
    birth_date: date | None = None
    gender: Gender = Gender.FEMALE
    mobile: str = ""
    neighbourhood: str = ""
    address: str = ""
    head_of_household: bool = False
    household_size: int | None = None
    dependants: int | None = None
    marital_status: MaritalStatus | None = None
    education: Education | None = None
    disability: str = ""
    supporting_org: SupportingOrg | None = None
    consent_date: date | None = None
    consent_scope: ConsentScope | None = None
    notes: str = ""

    @classmethod
    def from_participant(cls, row: Participant) -> ParticipantInput:
        values = {f.name: getattr(row, f.name) for f in fields(cls)}
        values["national_id"] = row.national_id or ""
        values["mobile"] = row.mobile or ""
        return cls(**values)


@dataclass(frozen=True)
class PossibleDuplicate:
    id: uuid.UUID
    full_name: str
    father_name: str
    birth_date: date | None
    national_id: str | None


class PossibleDuplicatesError(DomainError):
    """Someone with the same name, father's name and birth year exists: confirm to go on."""

    def __init__(self, duplicates: Sequence[PossibleDuplicate]) -> None:
        first = duplicates[0]
        super().__init__(
            N_(
                "{name}, child of {father}, born {year}, is already registered. "
                "Is this the same person? Confirm to register anyway."
            ),
            name=first.full_name,
            father=first.father_name or "-",
            year=format_jalali(first.birth_date, persian_digits=False)[:4]
            if first.birth_date
            else "-",
        )
        self.duplicates = list(duplicates)


@dataclass(frozen=True)
class Filters:
    neighbourhood: str | None = None
    head_of_household: bool | None = None
    skill_id: uuid.UUID | None = None
    status: ParticipantStatus | None = ParticipantStatus.ACTIVE


# Each sort's usual order: (column, descending) terms, then the id. ``reverse=True`` flips every
# term, ids included, so the reversed list is exactly the usual one read backwards (and SQLite
# walks the same index backwards).
SORTS: dict[str, tuple[tuple[Any, bool], ...]] = {
    "name": ((Participant.sort_key, False),),
    "registered": ((Participant.registered_on, True), (Participant.sort_key, False)),
    "neighbourhood": ((Participant.neighbourhood_key, False), (Participant.sort_key, False)),
    "national_id": ((Participant.national_id, False),),
}


def full_name(row: Participant) -> str:
    return f"{row.first_name} {row.last_name}"


def duplicate_key(first: str, last: str, father: str, birth: date | None) -> str:
    """Normalised name + father's name + Jalali birth year: the 'same person?' key."""
    year = format_jalali(birth, persian_digits=False)[:4] if birth else ""
    return "|".join((search_key(f"{first} {last}"), search_key(father), year))


def terms_for(values: dict[str, Any]) -> list[str]:
    words = search_terms(f"{values['first_name']} {values['last_name']} {values['father_name']}")
    if values.get("national_id"):
        words.append(values["national_id"])
    if values.get("mobile"):
        words.append(values["mobile"])
        words.append(values["mobile"][1:])  # people often drop the leading 0
    return list(dict.fromkeys(term[:MAX_NAME] for term in words))


_NUMBER_SEPARATORS = re.compile(
    r"[\s\-\u2010-\u2015()+./\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# "+98 (0) 914 ..." writes the trunk zero after the country code.
_TRUNK_ZERO = re.compile(r"^\s*(\+|00)\s*98\s*\(\s*0\s*\)")
_ALL_DIGITS = re.compile(r"[0-9]+")


def query_terms(query: str) -> list[str]:
    """Search words of a query. A number typed in groups (a national ID as printed on the card,
    049-937089-9; a mobile as 0914 123 4567 or +98 914 ...) is one word, as it is stored."""
    digits = _TRUNK_ZERO.sub("+98", to_ascii_digits(query))
    compact = _NUMBER_SEPARATORS.sub("", digits)
    if compact and _ALL_DIGITS.fullmatch(compact):
        if compact.startswith("0098"):
            compact = "0" + compact[4:]
        elif compact.startswith("98") and len(compact) >= 12:
            compact = "0" + compact[2:]
        return [compact[:MAX_NAME]]
    return [to_ascii_digits(term)[:MAX_NAME] for term in search_terms(query)]


def validate_participant(data: ParticipantInput, *, today: date | None = None) -> dict[str, Any]:
    """Check every field; return storable values or raise ValidationErrors listing each problem."""
    today = today or date.today()
    problems: list[ValidationError] = []
    values: dict[str, Any] = {}

    for name, msgid in (
        ("first_name", N_("Enter the first name.")),
        ("last_name", N_("Enter the last name.")),
        ("father_name", None),
    ):
        text = normalise_input(getattr(data, name))
        if msgid and not text:
            problems.append(ValidationError(msgid, field=name))
        elif len(text) > MAX_NAME:
            problems.append(
                ValidationError(N_("At most {count} letters."), field=name, count=MAX_NAME)
            )
        elif any(char.isdigit() for char in text):
            problems.append(ValidationError(N_("A name may not contain digits."), field=name))
        values[name] = text

    values["national_id"] = None
    if data.national_id.strip():
        try:
            values["national_id"] = normalise_national_id(data.national_id)
        except ValidationError as error:
            problems.append(error)

    values["mobile"] = None
    if data.mobile.strip():
        try:
            values["mobile"] = normalise_mobile(data.mobile)
        except ValidationError as error:
            problems.append(error)

    values["birth_date"] = data.birth_date
    if data.birth_date is not None:
        if data.birth_date > today:
            problems.append(
                ValidationError(N_("The birth date is in the future."), field="birth_date")
            )
        elif today.year - data.birth_date.year > OLDEST_YEARS:
            problems.append(
                ValidationError(
                    N_("The birth date is more than {years} years ago."),
                    field="birth_date",
                    years=OLDEST_YEARS,
                )
            )

    values["household_size"] = data.household_size
    if data.household_size is not None and not 1 <= data.household_size <= MAX_HOUSEHOLD:
        problems.append(
            ValidationError(
                N_("The household size must be between 1 and {max}."),
                field="household_size",
                max=MAX_HOUSEHOLD,
            )
        )
    values["dependants"] = data.dependants
    if data.dependants is not None:
        if data.dependants < 0:
            problems.append(
                ValidationError(N_("Dependants cannot be negative."), field="dependants")
            )
        elif data.household_size is not None and data.dependants >= data.household_size:
            problems.append(
                ValidationError(
                    N_("Dependants must be fewer than the household size."), field="dependants"
                )
            )

    values["consent_date"] = data.consent_date
    values["consent_scope"] = data.consent_scope
    if data.consent_date is not None and data.consent_date > today:
        problems.append(
            ValidationError(N_("The consent date is in the future."), field="consent_date")
        )
    if (data.consent_scope is None) != (data.consent_date is None):
        problems.append(
            ValidationError(
                N_("Record both the consent date and what the person agreed to."),
                field="consent_scope" if data.consent_scope is None else "consent_date",
            )
        )

    for name in ("neighbourhood", "address", "disability", "notes"):
        values[name] = normalise_input(getattr(data, name))
    if len(values["neighbourhood"]) > MAX_NAME:
        problems.append(
            ValidationError(N_("At most {count} letters."), field="neighbourhood", count=MAX_NAME)
        )
    if len(values["disability"]) > 200:
        problems.append(
            ValidationError(N_("At most {count} letters."), field="disability", count=200)
        )
    for name in ("gender", "head_of_household", "marital_status", "education", "supporting_org"):
        values[name] = getattr(data, name)

    if problems:
        raise ValidationErrors(problems)
    values["sort_key"] = sort_key(f"{values['last_name']} {values['first_name']}")[:300]
    values["neighbourhood_key"] = sort_key(values["neighbourhood"])[:100]
    values["duplicate_key"] = duplicate_key(
        values["first_name"], values["last_name"], values["father_name"], values["birth_date"]
    )[:300]
    return values


# Estimates of how many terms start with a word stop counting here (an index range scan).
ESTIMATE_CAP = 30_000
# Walking one row of the sort index and probing its terms costs about this many times as much
# as taking one match from the term index and sorting it (measured on 100,000 people).
WALK_ROW_COST = 12
PAGE_FOR_PLANNING = 50
ANALYSE_AFTER_ROWS = 1000
_PEOPLE_CACHE_SECONDS = 60.0
_people_cache: dict[str, tuple[float, int]] = {}


def _estimate_matches(session: Session, ranges: Sequence[tuple[str, str]]) -> list[int]:
    """How many terms start with each word, counted up to ESTIMATE_CAP (one round trip)."""
    if not ranges:
        return []
    counts = [
        select(func.count())
        .select_from(
            select(ParticipantSearchTerm.participant_id)
            .where(ParticipantSearchTerm.term >= low, ParticipantSearchTerm.term < high)
            .limit(ESTIMATE_CAP)
            .subquery()
        )
        .scalar_subquery()
        for low, high in ranges
    ]
    return [int(value or 0) for value in session.execute(select(*counts)).one()]


def _people(session: Session) -> int:
    """How many people are registered (cached for a minute: it only scales the estimates)."""
    key = str(session.get_bind().engine.url)
    now = time.monotonic()
    cached = _people_cache.get(key)
    if cached is not None and now - cached[0] < _PEOPLE_CACHE_SECONDS:
        return cached[1]
    people = int(session.scalar(select(func.count()).select_from(Participant)) or 0)
    _people_cache[key] = (now, people)
    return people


def should_drive(estimates: Sequence[int], people: int) -> bool:
    """Drive from the most selective word, or walk the sort index?

    Driving costs about as much as that word's matches. Walking costs the rows walked before a
    page of people matching every word is found: the page size divided by the share of people
    matching all words (assumed independent), times the per-row cost.
    """
    if not estimates:
        return False
    smallest = min(estimates)
    if smallest >= ESTIMATE_CAP:
        return False
    share = 1.0
    for estimate in estimates:
        share *= min(1.0, estimate / max(people, 1))
    if share <= 0.0:
        return True
    return smallest < WALK_ROW_COST * PAGE_FOR_PLANNING / share


def _order(sort: str, *, use_index: bool, reverse: bool = False) -> list[Any]:
    """ORDER BY terms for ``sort`` (every term flipped when ``reverse``), the id last. Without
    the index, each column is wrapped in a no-op ``coalesce(c, c)`` (portable), which no index
    can provide."""
    order = []
    for column, descending in SORTS.get(sort, SORTS["name"]):
        expression: Any = column if use_index else func.coalesce(column, column)
        order.append(expression.desc() if descending != reverse else expression)
    order.append(Participant.id.desc() if reverse else Participant.id)
    return order


@dataclass(frozen=True)
class _Shape:
    """Everything that changes the SQL of a search (values travel as bound parameters)."""

    terms: int
    driver: int | None
    sort: str | None
    reverse: bool
    status: bool
    neighbourhood: bool
    head_of_household: bool
    skill: bool


@functools.lru_cache(maxsize=256)
def _statement_for(shape: _Shape) -> Select[Participant]:
    statement = select(Participant).where(Participant.deleted == false())
    for index in range(shape.terms):
        low: Any = bindparam(f"low{index}")
        high: Any = bindparam(f"high{index}")
        if index == shape.driver:
            statement = statement.where(
                Participant.id.in_(
                    select(ParticipantSearchTerm.participant_id).where(
                        ParticipantSearchTerm.term >= low, ParticipantSearchTerm.term < high
                    )
                )
            )
        else:
            statement = statement.where(
                exists().where(
                    ParticipantSearchTerm.participant_id == Participant.id,
                    ParticipantSearchTerm.term >= low,
                    ParticipantSearchTerm.term < high,
                )
            )
    if shape.status:
        statement = statement.where(Participant.status == bindparam("status"))
    if shape.neighbourhood:
        statement = statement.where(Participant.neighbourhood == bindparam("neighbourhood"))
    if shape.head_of_household:
        statement = statement.where(Participant.head_of_household == bindparam("head_of_household"))
    if shape.skill:
        statement = statement.where(
            exists().where(
                SkillAssessment.participant_id == Participant.id,
                SkillAssessment.skill_id == bindparam("skill_id"),
                SkillAssessment.deleted == false(),
            )
        )
    if shape.sort is not None:
        order = _order(shape.sort, use_index=shape.driver is None, reverse=shape.reverse)
        statement = (
            statement.order_by(*order)
            .limit(bindparam("page_limit"))
            .offset(bindparam("page_offset"))
        )
    return statement


class ParticipantService(Service):
    # --- reading ---------------------------------------------------------------------------

    def get(self, participant_id: uuid.UUID | str) -> Participant:
        with self.db.read() as session:
            return get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)

    def search(
        self,
        query: str = "",
        *,
        filters: Filters | None = None,
        sort: str = "name",
        reverse: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Participant]:
        """A page of the people matching ``query`` and ``filters``, in ``sort``'s usual order
        (names A→Z, newest registration first…) or, with ``reverse``, exactly the opposite."""
        with self.db.read() as session:
            statement, params = self._search_statement(
                session, query, filters or Filters(), sort, reverse=reverse
            )
            params |= {"page_limit": limit, "page_offset": offset}
            return list(session.scalars(statement, params))

    def count(self, query: str = "", *, filters: Filters | None = None) -> int:
        with self.db.read() as session:
            statement, params = self._search_statement(session, query, filters or Filters(), None)
            counted = select(func.count()).select_from(statement.subquery())
            return int(session.scalar(counted, params) or 0)

    def neighbourhoods(self) -> list[str]:
        with self.db.read() as session:
            rows = session.scalars(
                select(Participant.neighbourhood)
                .where(Participant.deleted == false(), Participant.neighbourhood != "")
                .distinct()
            )
            return sorted(rows, key=sort_key)

    @staticmethod
    def _search_statement(
        session: Session, query: str, filters: Filters, sort: str | None, *, reverse: bool = False
    ) -> tuple[Select[Participant], dict[str, Any]]:
        """The search query and its parameters, shaped by how selective its words are.

        A word that matches few terms drives the query: its matches are looked up in the term
        index and sorted (ordering on ``coalesce(column, column)`` keeps the planner from walking
        the sort index instead). When most people match every word (one letter typed so far),
        walking the sort index and probing each person's terms finds a page after a few rows.
        ``should_drive`` chooses. Statements are built once per shape and cached.
        """
        ranges = [(term, term[:-1] + chr(ord(term[-1]) + 1)) for term in query_terms(query)]
        estimates = _estimate_matches(session, ranges)
        driver = (
            estimates.index(min(estimates))
            if ranges and should_drive(estimates, _people(session))
            else None
        )
        shape = _Shape(
            terms=len(ranges),
            driver=driver,
            sort=sort,
            reverse=reverse,
            status=filters.status is not None,
            neighbourhood=bool(filters.neighbourhood),
            head_of_household=filters.head_of_household is not None,
            skill=filters.skill_id is not None,
        )
        params: dict[str, Any] = {}
        for index, (low, high) in enumerate(ranges):
            params[f"low{index}"] = low
            params[f"high{index}"] = high
        if filters.status is not None:
            params["status"] = filters.status
        if filters.neighbourhood:
            params["neighbourhood"] = normalise_input(filters.neighbourhood)
        if filters.head_of_household is not None:
            params["head_of_household"] = filters.head_of_household
        if filters.skill_id is not None:
            params["skill_id"] = filters.skill_id
        return _statement_for(shape), params

    def find_possible_duplicates(
        self, data: ParticipantInput, *, exclude_id: uuid.UUID | None = None
    ) -> list[PossibleDuplicate]:
        """People with the same normalised name, father's name and birth year."""
        key = duplicate_key(
            normalise_input(data.first_name),
            normalise_input(data.last_name),
            normalise_input(data.father_name),
            data.birth_date,
        )
        with self.db.read() as session:
            return self._duplicates_by_key(session, key, exclude_id)

    @staticmethod
    def _duplicates_by_key(
        session: Session, key: str, exclude_id: uuid.UUID | None
    ) -> list[PossibleDuplicate]:
        statement = select(Participant).where(
            Participant.duplicate_key == key, Participant.deleted == false()
        )
        if exclude_id is not None:
            statement = statement.where(Participant.id != exclude_id)
        return [
            PossibleDuplicate(
                row.id, full_name(row), row.father_name, row.birth_date, row.national_id
            )
            for row in session.scalars(statement.limit(10))
        ]

    @staticmethod
    def _refuse_national_id_twice(
        session: Session, national_id: str | None, exclude_id: uuid.UUID | None
    ) -> None:
        if not national_id:
            return
        statement = select(Participant).where(
            Participant.national_id == national_id, Participant.deleted == false()
        )
        if exclude_id is not None:
            statement = statement.where(Participant.id != exclude_id)
        existing = session.scalars(statement.limit(1)).first()
        if existing is not None:
            raise DuplicateError(
                N_(
                    "National ID {national_id} is already registered for {name} "
                    "(father: {father}, registered {registered})."
                ),
                existing_id=str(existing.id),
                field="national_id",
                national_id=national_id,
                name=full_name(existing),
                father=existing.father_name or "-",
                registered=format_jalali(existing.registered_on, persian_digits=False),
            )

    # --- writing ---------------------------------------------------------------------------

    def register(self, data: ParticipantInput, *, confirm_duplicate: bool = False) -> Participant:
        values = validate_participant(data, today=self.today())
        with self.write() as session:
            self._refuse_national_id_twice(session, values["national_id"], None)
            if not confirm_duplicate:
                duplicates = self._duplicates_by_key(session, values["duplicate_key"], None)
                if duplicates:
                    raise PossibleDuplicatesError(duplicates)
            row = Participant(id=uuid.uuid4(), registered_on=self.today(), **values)
            session.add(row)
            session.flush()
            self._replace_terms(session, row.id, values)
        return row

    def update(
        self,
        participant_id: uuid.UUID | str,
        data: ParticipantInput,
        *,
        confirm_duplicate: bool = False,
    ) -> Participant:
        values = validate_participant(data, today=self.today())
        with self.write() as session:
            row = get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)
            self._refuse_national_id_twice(session, values["national_id"], row.id)
            if not confirm_duplicate and values["duplicate_key"] != row.duplicate_key:
                duplicates = self._duplicates_by_key(session, values["duplicate_key"], row.id)
                if duplicates:
                    raise PossibleDuplicatesError(duplicates)
            for name, value in values.items():
                setattr(row, name, value)
            session.flush()
            self._replace_terms(session, row.id, values)
        return row

    def set_status(self, participant_id: uuid.UUID | str, status: ParticipantStatus) -> None:
        with self.write() as session:
            row = get_live(session, Participant, participant_id, PARTICIPANT_NOT_FOUND)
            row.status = status

    @staticmethod
    def _replace_terms(session: Session, participant_id: uuid.UUID, values: dict[str, Any]) -> None:
        session.execute(
            delete(ParticipantSearchTerm).where(
                ParticipantSearchTerm.participant_id == participant_id
            )
        )
        session.execute(
            insert(ParticipantSearchTerm),
            [{"term": term, "participant_id": participant_id} for term in terms_for(values)],
        )

    def register_many(
        self,
        rows: Sequence[ParticipantInput],
        *,
        confirm_duplicates: bool = True,
        registered_on: date | None = None,
    ) -> list[uuid.UUID]:
        """Register many people in one transaction (imports). All or nothing.

        Every row is validated and checked against the database and against the other rows;
        any problem raises :class:`BatchError` listing each (row index, error) and writes nothing.
        """
        if not rows:
            return []
        today = self.today()
        cleaned: list[dict[str, Any]] = []
        problems: list[tuple[int, ValidationError]] = []
        for index, data in enumerate(rows):
            try:
                cleaned.append(validate_participant(data, today=today))
            except ValidationErrors as error:
                problems.extend((index, item) for item in error.errors)
                cleaned.append({})
        with self.write(audit=False) as session:
            problems.extend(self._batch_duplicates(session, cleaned, confirm_duplicates))
            if problems:
                raise BatchError(sorted(problems, key=lambda item: item[0]))
            rev, office_code = next_rev(session)
            ids = self.bulk_insert(session, cleaned, rev, office_code, registered_on or today)
            audit_rows(session, "participants", ids, "create", {"source": "import"})
        if len(ids) >= ANALYSE_AFTER_ROWS:
            try:
                self.db.analyse()
            except OperationalError as error:  # the rows are committed: only statistics wait
                log.warning("planner statistics not refreshed after an import: %s", error)
        return ids

    @staticmethod
    def bulk_insert(
        session: Session,
        cleaned: Iterable[dict[str, Any]],
        rev: int,
        office_code: str,
        registered_on: date,
    ) -> list[uuid.UUID]:
        """Insert validated rows and their search terms with Core executemany."""
        from desktop.store.base import utcnow

        now = utcnow()
        people: list[dict[str, Any]] = []
        terms: list[dict[str, Any]] = []
        for values in cleaned:
            row_id = uuid.uuid4()
            people.append(
                {
                    **values,
                    "id": row_id,
                    "origin_office": office_code,
                    "rev": rev,
                    "updated_at": now,
                    "deleted": False,
                    "registered_on": values.get("registered_on", registered_on),
                    "status": values.get("status", ParticipantStatus.ACTIVE),
                }
            )
            terms.extend({"term": term, "participant_id": row_id} for term in terms_for(values))
        if people:
            # Core table inserts: one executemany each. The ORM bulk path would split the batch
            # into a statement per run of rows with the same empty fields.
            session.execute(insert(Base.metadata.tables["participants"]), people)
            session.execute(insert(Base.metadata.tables["participant_search_terms"]), terms)
        return [person["id"] for person in people]

    @staticmethod
    def _batch_duplicates(
        session: Session, cleaned: list[dict[str, Any]], confirm_duplicates: bool
    ) -> list[tuple[int, ValidationError]]:
        problems: list[tuple[int, ValidationError]] = []
        seen_ids: dict[str, int] = {}
        national_ids = [v["national_id"] for v in cleaned if v and v["national_id"]]
        existing: dict[str, Participant] = {}
        for start in range(0, len(national_ids), 500):
            chunk = national_ids[start : start + 500]
            for row in session.scalars(
                select(Participant).where(
                    Participant.national_id.in_(chunk), Participant.deleted == false()
                )
            ):
                existing[row.national_id or ""] = row
        for index, values in enumerate(cleaned):
            national_id = values.get("national_id") if values else None
            if not national_id:
                continue
            if national_id in existing:
                row = existing[national_id]
                problems.append(
                    (
                        index,
                        ValidationError(
                            N_("National ID {national_id} is already registered for {name}."),
                            field="national_id",
                            national_id=national_id,
                            name=full_name(row),
                        ),
                    )
                )
            elif national_id in seen_ids:
                problems.append(
                    (
                        index,
                        ValidationError(
                            N_("National ID {national_id} also appears in row {row}."),
                            field="national_id",
                            national_id=national_id,
                            row=seen_ids[national_id] + 1,
                        ),
                    )
                )
            else:
                seen_ids[national_id] = index
        if not confirm_duplicates:
            keys = [v["duplicate_key"] for v in cleaned if v]
            known: set[str] = set()
            for start in range(0, len(keys), 500):
                known.update(
                    session.scalars(
                        select(Participant.duplicate_key).where(
                            Participant.duplicate_key.in_(keys[start : start + 500]),
                            Participant.deleted == false(),
                        )
                    )
                )
            for index, values in enumerate(cleaned):
                if values and values["duplicate_key"] in known:
                    problems.append(
                        (
                            index,
                            ValidationError(
                                N_("{name} with the same father's name and birth year exists."),
                                field="first_name",
                                name=f"{values['first_name']} {values['last_name']}",
                            ),
                        )
                    )
        return problems

    def export_rows(self) -> list[dict[str, Any]]:
        """Every live participant as plain values (for CSV/XLSX export)."""
        with self.db.read() as session:
            rows = session.scalars(
                select(Participant)
                .where(Participant.deleted == false())
                .order_by(Participant.sort_key, Participant.id)
            )
            return [
                {f.name: jsonable(getattr(row, f.name)) for f in fields(ParticipantInput)}
                | {"id": str(row.id), "registered_on": row.registered_on.isoformat()}
                for row in rows
            ]


class BatchError(DomainError):
    """Some rows of a batch are invalid; nothing was written. ``problems`` = (row index, error)."""

    def __init__(self, problems: Sequence[tuple[int, ValidationError]]) -> None:
        super().__init__(N_("{count} problems found; nothing was imported."), count=len(problems))
        self.problems = list(problems)


__all__ = [
    "BatchError",
    "Filters",
    "ParticipantInput",
    "ParticipantService",
    "PossibleDuplicate",
    "PossibleDuplicatesError",
    "validate_participant",
]
