"""The participant registry against a real office database: normalisation on the way in,
duplicate protection, validation, search and paging, batch imports and the audit trail."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop.domain.digits import to_persian_digits
from desktop.domain.enums import Gender, ParticipantStatus
from desktop.domain.errors import DuplicateError, NotFoundError, ValidationErrors
from desktop.domain.national_id import national_id_check_digit
from desktop.services.app import Services
from desktop.services.participants import (
    BatchError,
    Filters,
    ParticipantInput,
    PossibleDuplicatesError,
)
from desktop.services.skills import AssessmentInput
from desktop.store.models import AuditEntry, Participant, ParticipantSearchTerm

ARABIC_YEH = "\u064a"
ARABIC_KAF = "\u0643"
ZWNJ = "\u200c"


def make_nid(number: int) -> str:
    """A valid national ID (ASCII digits) built from nine leading digits."""
    first_nine = f"{number:09d}"
    return first_nine + str(national_id_check_digit(first_nine))


def person(first: str = "زهرا", last: str = "کریمی", **kwargs: object) -> ParticipantInput:
    return ParticipantInput(first_name=first, last_name=last, **kwargs)  # type: ignore[arg-type]


def participant_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Participant)) or 0)


def term_count(services: Services) -> int:
    with services.db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ParticipantSearchTerm)) or 0)


def ids(rows: list[Participant]) -> list[uuid.UUID]:
    return [row.id for row in rows]


# --- registering ----------------------------------------------------------------------------


def test_register_stores_normalised_values(services: Services) -> None:
    nid = make_nid(12345678)  # "0123456789"-like with a leading zero
    messy_nid = to_persian_digits(nid[:3]) + "-" + to_persian_digits(nid[3:9]) + "-" + nid[9]
    row = services.participants.register(
        person(
            first=f"  ز{ARABIC_YEH}نب\u200f ",  # Arabic Yeh, trailing RLM and spaces
            last=f"{ARABIC_KAF}ر{ARABIC_YEH}م{ARABIC_YEH}",
            father_name=f"عل{ARABIC_YEH}",
            national_id=messy_nid,
            mobile="+98 ۹۱۲ ۳۴۵ ۶۷۸۹",
            neighbourhood=f"اسلام\u200cآباد  {ARABIC_KAF}وچه",
        )
    )
    stored = services.participants.get(row.id)
    assert stored.first_name == "زینب"
    assert stored.last_name == "کریمی"
    assert stored.father_name == "علی"
    assert stored.national_id == nid
    assert stored.mobile == "09123456789"
    assert stored.neighbourhood == "اسلام\u200cآباد کوچه"
    assert stored.registered_on == date.today()
    assert stored.status == ParticipantStatus.ACTIVE
    assert stored.rev > 0
    assert stored.origin_office == "URM01"


def test_register_pads_a_nine_digit_persian_national_id(services: Services) -> None:
    nid = make_nid(1234567)  # starts with "00"
    assert nid.startswith("0")
    row = services.participants.register(person(national_id=to_persian_digits(nid[1:])))
    assert services.participants.get(row.id).national_id == nid


def test_mobile_without_country_code_or_trunk_zero_is_normalised(services: Services) -> None:
    a = services.participants.register(person("مریم", "رضایی", mobile="9351112233"))
    b = services.participants.register(person("سارا", "رضایی", mobile="0098 935 111 2244"))
    c = services.participants.register(person("نرگس", "رضایی", mobile="۰۹۳۵-۱۱۱-۲۲۵۵"))
    assert services.participants.get(a.id).mobile == "09351112233"
    assert services.participants.get(b.id).mobile == "09351112244"
    assert services.participants.get(c.id).mobile == "09351112255"


def test_same_national_id_twice_names_the_existing_record(services: Services) -> None:
    nid = make_nid(498765432)
    first = services.participants.register(
        person("فاطمه", "محمدی", father_name="رضا", national_id=nid)
    )
    before = participant_count(services)
    terms_before = term_count(services)

    with pytest.raises(DuplicateError) as caught:
        services.participants.register(person("لیلا", "حسینی", national_id=to_persian_digits(nid)))

    error = caught.value
    assert error.existing_id == str(first.id)
    assert error.field == "national_id"
    assert error.params["name"] == "فاطمه محمدی"
    assert error.params["national_id"] == nid
    assert error.params["father"] == "رضا"
    assert participant_count(services) == before
    assert term_count(services) == terms_before
    assert services.participants.search("لیلا") == []


def test_possible_duplicate_by_name_father_and_jalali_birth_year(services: Services) -> None:
    # 1990-05-01 and 1991-01-15 are both in Jalali year 1369 (different Gregorian years).
    services.participants.register(
        person("علی", "کریمی", father_name="حسن", birth_date=date(1990, 5, 1), gender=Gender.MALE)
    )
    typed = person(
        f"عل{ARABIC_YEH}",
        f"{ARABIC_KAF}ر{ARABIC_YEH}م{ARABIC_YEH}",
        father_name="حسن",
        birth_date=date(1991, 1, 15),
    )
    before = participant_count(services)
    with pytest.raises(PossibleDuplicatesError) as caught:
        services.participants.register(typed)
    assert participant_count(services) == before
    error = caught.value
    assert len(error.duplicates) == 1
    assert error.duplicates[0].full_name == "علی کریمی"
    assert error.params["year"] == "1369"
    assert error.params["father"] == "حسن"

    confirmed = services.participants.register(typed, confirm_duplicate=True)
    assert participant_count(services) == before + 1
    assert services.participants.get(confirmed.id).first_name == "علی"


def test_different_jalali_birth_year_is_not_a_possible_duplicate(services: Services) -> None:
    services.participants.register(
        person("علی", "کریمی", father_name="حسن", birth_date=date(1990, 5, 1))
    )
    # 1991-04-01 is in Jalali 1370: a different year, so no question is asked.
    services.participants.register(
        person("علی", "کریمی", father_name="حسن", birth_date=date(1991, 4, 1))
    )
    # A different father's name is not a possible duplicate either.
    services.participants.register(
        person("علی", "کریمی", father_name="محمود", birth_date=date(1990, 5, 1))
    )
    assert participant_count(services) == 3


def test_validation_lists_every_bad_field_and_writes_nothing(services: Services) -> None:
    today = date.today()
    bad = ParticipantInput(
        first_name="   ",
        last_name="کریمی2",
        national_id="1234567890",  # fails the check digit
        mobile="0212345678",  # a landline
        birth_date=today + timedelta(days=3),
        household_size=0,
        dependants=-1,
        consent_date=today + timedelta(days=1),
    )
    with pytest.raises(ValidationErrors) as caught:
        services.participants.register(bad)
    fields = {error.field for error in caught.value.errors}
    assert {
        "first_name",
        "last_name",
        "national_id",
        "mobile",
        "birth_date",
        "household_size",
        "dependants",
        "consent_date",
        "consent_scope",
    } <= fields
    assert participant_count(services) == 0
    assert term_count(services) == 0


def test_ten_identical_digits_are_refused(services: Services) -> None:
    with pytest.raises(ValidationErrors) as caught:
        services.participants.register(person(national_id="۱۱۱۱۱۱۱۱۱۱"))
    assert [e.field for e in caught.value.errors] == ["national_id"]
    assert participant_count(services) == 0


# --- updating -------------------------------------------------------------------------------


def test_update_changes_fields_and_increases_rev(services: Services) -> None:
    row = services.participants.register(person("زهرا", "کریمی", mobile="09121111111"))
    first_rev = services.participants.get(row.id).rev

    services.participants.update(
        row.id, person("زهرا", "کاظمی", mobile="09122222222", neighbourhood="کوی نصر")
    )
    once = services.participants.get(row.id)
    assert once.last_name == "کاظمی"
    assert once.mobile == "09122222222"
    assert once.neighbourhood == "کوی نصر"
    assert once.rev > first_rev

    services.participants.update(row.id, person("زهرا", "کاظمی", mobile="09123333333"))
    twice = services.participants.get(row.id)
    assert twice.rev > once.rev
    assert twice.mobile == "09123333333"
    assert twice.neighbourhood == ""
    # The search index follows the new values.
    assert ids(services.participants.search("کاظمی")) == [row.id]
    assert services.participants.search("کریمی") == []
    assert services.participants.search("09121111111") == []


def test_update_refuses_another_persons_national_id(services: Services) -> None:
    nid_a = make_nid(223344556)
    nid_b = make_nid(334455667)
    a = services.participants.register(person("زهرا", "کریمی", national_id=nid_a))
    b = services.participants.register(person("مریم", "احمدی", national_id=nid_b))
    rev_b = services.participants.get(b.id).rev

    with pytest.raises(DuplicateError) as caught:
        services.participants.update(b.id, person("مریم", "احمدی", national_id=nid_a))
    assert caught.value.existing_id == str(a.id)
    assert caught.value.params["name"] == "زهرا کریمی"

    unchanged = services.participants.get(b.id)
    assert unchanged.national_id == nid_b
    assert unchanged.rev == rev_b
    # Keeping one's own national ID is of course fine.
    services.participants.update(b.id, person("مریم", "احمدیان", national_id=nid_b))
    assert services.participants.get(b.id).last_name == "احمدیان"


def test_update_asks_before_becoming_a_possible_duplicate(services: Services) -> None:
    born = date(1988, 7, 1)
    services.participants.register(person("زهرا", "کریمی", father_name="حسن", birth_date=born))
    other = services.participants.register(
        person("زهرا", "کریمیان", father_name="حسن", birth_date=born)
    )
    # Saving her own record unchanged never asks about herself.
    services.participants.update(
        other.id, person("زهرا", "کریمیان", father_name="حسن", birth_date=born, notes="یادداشت")
    )
    same_as_first = person("زهرا", f"{ARABIC_KAF}ریمی", father_name="حسن", birth_date=born)
    with pytest.raises(PossibleDuplicatesError):
        services.participants.update(other.id, same_as_first)
    assert services.participants.get(other.id).last_name == "کریمیان"
    services.participants.update(other.id, same_as_first, confirm_duplicate=True)
    assert services.participants.get(other.id).last_name == "کریمی"


def test_update_of_unknown_participant_is_not_found(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.participants.update(uuid.uuid4(), person())
    with pytest.raises(NotFoundError):
        services.participants.get("not-a-uuid")


# --- search ---------------------------------------------------------------------------------


def test_search_with_arabic_letters_finds_persian_spelling(services: Services) -> None:
    ali = services.participants.register(person("علی", "کریمی", gender=Gender.MALE))
    services.participants.register(person("علیرضا", "احمدی", gender=Gender.MALE))
    services.participants.register(person("زهرا", "کریمی"))

    found = services.participants.search(f"عل{ARABIC_YEH} {ARABIC_KAF}ر{ARABIC_YEH}م{ARABIC_YEH}")
    assert ids(found) == [ali.id]


def test_zwnj_and_space_spellings_find_each_other(services: Services) -> None:
    with_zwnj = services.participants.register(person("معصومه", f"حرفه{ZWNJ}ای"))
    with_space = services.participants.register(person("سمیه", "حرفه ای"))
    services.participants.register(person("سمیه", "حسینی"))

    expected = {with_zwnj.id, with_space.id}
    assert set(ids(services.participants.search("حرفه ای"))) == expected
    assert set(ids(services.participants.search(f"حرفه{ZWNJ}ای"))) == expected
    # The stored name keeps what was typed.
    assert services.participants.get(with_zwnj.id).last_name == f"حرفه{ZWNJ}ای"


def test_search_by_national_id_prefix_in_persian_digits(services: Services) -> None:
    nid = make_nid(51234567)  # leading zero
    target = services.participants.register(person(national_id=nid))
    services.participants.register(person("مریم", "احمدی", national_id=make_nid(612345678)))

    assert ids(services.participants.search(to_persian_digits(nid[:5]))) == [target.id]
    assert ids(services.participants.search(to_persian_digits(nid))) == [target.id]
    assert ids(services.participants.search("٠" + nid[1:4])) == [target.id]  # Arabic-Indic


def test_search_by_mobile_prefix_with_and_without_leading_zero(services: Services) -> None:
    target = services.participants.register(person(mobile="09141234567"))
    services.participants.register(person("مریم", "احمدی", mobile="09351234567"))

    assert ids(services.participants.search("0914123")) == [target.id]
    assert ids(services.participants.search("914123")) == [target.id]
    assert ids(services.participants.search("۰۹۱۴۱۲۳۴۵۶۷")) == [target.id]
    assert ids(services.participants.search("۹۱۴۱")) == [target.id]
    assert services.participants.search("0914999") == []


def test_search_by_national_id_typed_as_on_the_card(services: Services) -> None:
    nid = make_nid(49937089)
    target = services.participants.register(person(national_id=nid))
    card_format = f"{nid[:3]}-{nid[3:9]}-{nid[9]}"
    # Registration accepts this very format.
    assert services.participants.get(target.id).national_id == nid
    assert ids(services.participants.search(card_format)) == [target.id]


def test_search_by_mobile_typed_in_groups(services: Services) -> None:
    target = services.participants.register(person(mobile="+98 914 123 4567"))
    assert services.participants.get(target.id).mobile == "09141234567"
    assert ids(services.participants.search("0914 123 4567")) == [target.id]


def test_multi_word_queries_need_every_word(services: Services) -> None:
    zahra_karimi = services.participants.register(person("زهرا", "کریمی"))
    services.participants.register(person("زهرا", "احمدی"))
    services.participants.register(person("علی", "کریمی", gender=Gender.MALE))

    assert ids(services.participants.search("زهرا کریمی")) == [zahra_karimi.id]
    assert ids(services.participants.search("کریمی زهرا")) == [zahra_karimi.id]
    assert ids(services.participants.search("زه کر")) == [zahra_karimi.id]  # prefixes
    assert services.participants.search("زهرا رضایی") == []
    assert len(services.participants.search("زهرا")) == 2
    assert len(services.participants.search("")) == 3


def test_search_finds_by_father_name(services: Services) -> None:
    target = services.participants.register(person("زهرا", "کریمی", father_name="غلامرضا"))
    services.participants.register(person("مریم", "کریمی", father_name="حسن"))
    assert ids(services.participants.search("غلام")) == [target.id]


def test_archived_people_are_hidden_by_default(services: Services) -> None:
    active = services.participants.register(person("زهرا", "کریمی"))
    archived = services.participants.register(person("مریم", "کریمی"))
    services.participants.set_status(archived.id, ParticipantStatus.ARCHIVED)

    assert ids(services.participants.search("کریمی")) == [active.id]
    assert services.participants.count("کریمی") == 1
    everyone = services.participants.search("کریمی", filters=Filters(status=None))
    assert set(ids(everyone)) == {active.id, archived.id}
    only_archived = Filters(status=ParticipantStatus.ARCHIVED)
    assert ids(services.participants.search("", filters=only_archived)) == [archived.id]
    # Archiving is a change like any other: it is audited and bumps rev.
    assert services.participants.get(archived.id).status == ParticipantStatus.ARCHIVED


def test_filters_neighbourhood_head_of_household_and_skill(services: Services) -> None:
    skills = services.skills
    carpet = skills.skill_by_code("CARPET_WEAVING")
    sewing = skills.skill_by_code("SEWING")
    a = services.participants.register(
        person("زهرا", "کریمی", neighbourhood="اسلام‌آباد", head_of_household=True)
    )
    b = services.participants.register(
        person("مریم", "احمدی", neighbourhood="اسلام‌آباد", head_of_household=False)
    )
    c = services.participants.register(
        person("سارا", "رضایی", neighbourhood="کشتارگاه", head_of_household=True)
    )
    yesterday = date.today() - timedelta(days=1)
    skills.assess(AssessmentInput(a.id, carpet.id, yesterday, level=3))
    skills.assess(AssessmentInput(c.id, sewing.id, yesterday, level=2))

    search = services.participants.search
    # Typed with Arabic Kaf: the filter value is normalised like the stored one.
    by_place = search(filters=Filters(neighbourhood=f"{ARABIC_KAF}شتارگاه "))
    assert ids(by_place) == [c.id]
    assert set(ids(search(filters=Filters(neighbourhood="اسلام‌آباد")))) == {a.id, b.id}
    assert set(ids(search(filters=Filters(head_of_household=True)))) == {a.id, c.id}
    assert ids(search(filters=Filters(head_of_household=False))) == [b.id]
    assert ids(search(filters=Filters(skill_id=carpet.id))) == [a.id]
    assert ids(search(filters=Filters(skill_id=sewing.id, head_of_household=True))) == [c.id]
    assert search(filters=Filters(skill_id=sewing.id, neighbourhood="اسلام‌آباد")) == []
    assert services.participants.count(filters=Filters(head_of_household=True)) == 2
    assert services.participants.neighbourhoods() == ["اسلام‌آباد", "کشتارگاه"]


def test_withdrawn_assessment_no_longer_matches_the_skill_filter(services: Services) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    a = services.participants.register(person())
    assessment = services.skills.assess(AssessmentInput(a.id, carpet.id, date.today(), level=2))
    services.skills.withdraw_assessment(assessment.id)
    assert services.participants.search(filters=Filters(skill_id=carpet.id)) == []


def test_sort_by_name_is_persian_alphabetical(services: Services) -> None:
    # Code-point order would put پ after ج, چ after ح, and ک/گ/ی after the Arabic letters.
    last_names = [
        "یزدانی",
        "گودرزی",
        f"{ARABIC_KAF}اظمی",  # typed with Arabic Kaf: sorts as ک
        "چراغی",
        "جعفری",
        "پاکزاد",
        "بهرامی",
        "آقایی",
        "حسینی",
        "ژیان",
        "زارعی",
    ]
    for index, last in enumerate(last_names):
        services.participants.register(person("زهرا", last, national_id=make_nid(100000 + index)))
    names = [row.last_name for row in services.participants.search(sort="name")]
    assert names == [
        "آقایی",
        "بهرامی",
        "پاکزاد",
        "جعفری",
        "چراغی",
        "حسینی",
        "زارعی",
        "ژیان",
        "کاظمی",
        "گودرزی",
        "یزدانی",
    ]


def test_sort_by_name_uses_first_name_within_a_last_name(services: Services) -> None:
    for first in ("مریم", "پروین", "بهار", "زهرا"):
        services.participants.register(person(first, "کریمی"))
    names = [row.first_name for row in services.participants.search(sort="name")]
    assert names == ["بهار", "پروین", "زهرا", "مریم"]


def test_sort_by_neighbourhood_is_persian_alphabetical(services: Services) -> None:
    for first, place in (("زهرا", "جهانبانی"), ("مریم", "پردیس"), ("سارا", "باغ میشه")):
        services.participants.register(person(first, "کریمی", neighbourhood=place))
    places = [row.neighbourhood for row in services.participants.search(sort="neighbourhood")]
    assert places == ["باغ میشه", "پردیس", "جهانبانی"]
    # The drop-down list of neighbourhoods already gets this right:
    assert services.participants.neighbourhoods() == places


def test_paging_has_no_overlaps_or_gaps(services: Services) -> None:
    letters = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    rows = [
        person(f"زهرا{letters[i % len(letters)]}ی", f"کریمی{letters[(i * 7) % len(letters)]}")
        for i in range(37)
    ]
    # Some share a sort key on purpose: ties must still page deterministically (by id).
    rows += [person("زهرا", "تکراری") for _ in range(5)]
    registered = services.participants.register_many(rows)
    assert len(registered) == 42

    everyone = services.participants.search(limit=1000)
    assert services.participants.count() == len(everyone) == 42
    paged: list[uuid.UUID] = []
    for offset in range(0, 50, 8):
        page = services.participants.search(limit=8, offset=offset)
        assert len(page) == min(8, max(0, 42 - offset))
        paged.extend(ids(page))
    assert paged == ids(everyone)
    assert len(set(paged)) == 42
    assert set(paged) == set(registered)


@pytest.mark.parametrize("sort", ["name", "registered", "neighbourhood", "national_id"])
def test_reverse_sort_is_the_usual_order_backwards_and_pages_cleanly(
    services: Services, sort: str
) -> None:
    letters = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
    rows = [
        person(
            f"زهرا{letters[i % len(letters)]}",
            f"کریمی{letters[(i * 7) % len(letters)]}",
            neighbourhood=["کشتارگاه", "طرزیلو", ""][i % 3],
            national_id=make_nid(100_000_000 + i * 7919) if i % 4 else "",
        )
        for i in range(30)
    ]
    rows += [person("زهرا", "تکراری") for _ in range(4)]  # ties: ordered by id both ways
    services.participants.register_many(rows)
    # Different registration days, so the registered sort is about more than its tie-breaks.
    with services.db.write() as session:
        for number, row in enumerate(session.scalars(select(Participant))):
            row.registered_on = date.today() - timedelta(days=number % 5)

    usual = ids(services.participants.search(sort=sort, limit=1000))
    backwards = ids(services.participants.search(sort=sort, reverse=True, limit=1000))
    assert len(usual) == 34 and backwards == usual[::-1]
    paged: list[uuid.UUID] = []
    for offset in range(0, 40, 7):
        paged += ids(services.participants.search(sort=sort, reverse=True, limit=7, offset=offset))
    assert paged == backwards
    # A query narrow enough to drive from its word (the other plan) reverses the same way.
    query = "تکراری"
    driven = ids(services.participants.search(query, sort=sort, limit=100))
    assert len(driven) == 4
    assert ids(services.participants.search(query, sort=sort, reverse=True)) == driven[::-1]


def test_reverse_sort_reads_names_z_to_a_and_oldest_first(services: Services) -> None:
    services.participants.register_many(
        [person("مریم", "احمدی"), person("زهرا", "یزدانی"), person("سارا", "کریمی")]
    )
    reversed_names = services.participants.search(sort="name", reverse=True)
    assert [row.last_name for row in reversed_names] == ["یزدانی", "کریمی", "احمدی"]
    with services.db.write() as session:
        for row in session.scalars(select(Participant)):
            row.registered_on = date.today() - timedelta(days=len(row.last_name))
    oldest_first = services.participants.search(sort="registered", reverse=True)
    dates = [row.registered_on for row in oldest_first]
    assert dates == sorted(dates) and dates[0] < dates[-1]


def test_count_matches_unlimited_search(services: Services) -> None:
    rows = [person("زهرا", f"کریمی{suffix}") for suffix in ("ان", "پور", "زاده", "نیا")]
    rows += [person("مریم", "احمدی"), person("زهرا", "رضایی", head_of_household=True)]
    services.participants.register_many(rows)
    for query, filters in [
        ("", None),
        ("زهرا", None),
        ("کریمی", None),
        ("زهرا کریمی", None),
        ("زهرا", Filters(head_of_household=True)),
        ("ناموجود", None),
    ]:
        found = services.participants.search(query, filters=filters, limit=10_000)
        assert services.participants.count(query, filters=filters) == len(found)
    assert services.participants.count("کریمی") == 4


# --- batch registration ---------------------------------------------------------------------


def test_register_many_is_all_or_nothing(services: Services) -> None:
    rows = [
        person("زهرا", "کریمی", national_id=make_nid(111222333)),
        person("", "احمدی", mobile="123"),  # two problems in row 1
        person("مریم", "رضایی"),
    ]
    with pytest.raises(BatchError) as caught:
        services.participants.register_many(rows)
    problems = caught.value.problems
    assert {index for index, _ in problems} == {1}
    assert {error.field for _, error in problems} == {"first_name", "mobile"}
    assert caught.value.params["count"] == 2
    assert participant_count(services) == 0
    assert term_count(services) == 0


def test_register_many_reports_duplicate_national_ids_in_batch_and_db(
    services: Services,
) -> None:
    existing_nid = make_nid(777888999)
    services.participants.register(person("لیلا", "حسینی", national_id=existing_nid))
    repeated = make_nid(222333444)
    rows = [
        person("زهرا", "کریمی", national_id=repeated),
        person("مریم", "احمدی"),
        person("سارا", "رضایی", national_id=to_persian_digits(repeated)),
        person("نرگس", "موسوی", national_id=existing_nid),
    ]
    with pytest.raises(BatchError) as caught:
        services.participants.register_many(rows)
    by_row = dict(caught.value.problems)
    assert sorted(by_row) == [2, 3]
    assert by_row[2].field == "national_id"
    assert by_row[2].params["row"] == 1  # one-based: the first row
    assert by_row[2].params["national_id"] == repeated
    assert by_row[3].params["name"] == "لیلا حسینی"
    assert participant_count(services) == 1


def test_register_many_writes_rows_with_one_rev_and_audit(services: Services) -> None:
    rows = [person("زهرا", "کریمی", mobile="09141234567"), person("مریم", "احمدی")]
    new_ids = services.participants.register_many(rows)
    people = [services.participants.get(row_id) for row_id in new_ids]
    assert {p.rev for p in people} == {people[0].rev}
    assert people[0].rev > 0
    assert {p.origin_office for p in people} == {"URM01"}
    assert ids(services.participants.search("0914")) == [new_ids[0]]
    history = services.audit.history(new_ids[1])
    assert [entry.action for entry in history] == ["create"]


def test_register_many_can_refuse_possible_duplicates(services: Services) -> None:
    services.participants.register(
        person("زهرا", "کریمی", father_name="حسن", birth_date=date(1985, 6, 1))
    )
    rows = [
        person("مریم", "احمدی"),
        person("زهرا", "کریمی", father_name="حسن", birth_date=date(1985, 9, 1)),
    ]
    with pytest.raises(BatchError) as caught:
        services.participants.register_many(rows, confirm_duplicates=False)
    assert [index for index, _ in caught.value.problems] == [1]
    assert participant_count(services) == 1
    services.participants.register_many(rows)  # confirmed by default
    assert participant_count(services) == 3


# --- history --------------------------------------------------------------------------------


def test_audit_history_shows_create_then_update_by_user(services: Services) -> None:
    row = services.participants.register(person("زهرا", "کریمی", mobile="09121111111"))
    services.participants.update(row.id, person("زهرا", "کریمی", mobile="09122222222"))

    history = services.audit.history(row.id)
    assert [entry.action for entry in history] == ["update", "create"]  # newest first
    update, create = history
    assert update.entity == create.entity == "participants"
    assert create.changes["first_name"] == [None, "زهرا"]
    assert create.changes["mobile"] == [None, "09121111111"]
    assert update.changes["mobile"] == ["09121111111", "09122222222"]
    assert "first_name" not in update.changes
    assert "sort_key" not in update.changes and "rev" not in update.changes
    assert update.user_name == create.user_name == "زهرا احمدی"
    assert update.at >= create.at

    with services.db.read() as session:
        user_ids = set(
            session.scalars(select(AuditEntry.user_id).where(AuditEntry.entity_id == row.id))
        )
    assert user_ids == {services.actor.user_id}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("\u200f049-937089-9\u200e", "0499370899"),  # pasted with bidi marks
        ("+98 (0) 914 123 4567", "09141234567"),  # trunk zero after the country code
    ],
)
def test_numbers_pasted_with_marks_or_trunk_zero_are_found(
    services: Services, query: str, expected: str
) -> None:
    person = services.participants.register(
        ParticipantInput(
            first_name="مریم",
            last_name="رضایی",
            national_id="0499370899",
            mobile="+98 (0) 914 123 4567",
        )
    )
    assert expected in (person.national_id, person.mobile)
    assert [row.id for row in services.participants.search(query)] == [person.id]


def test_registering_nobody_writes_nothing(services: Services) -> None:
    with services.db.read() as session:
        audit_before = session.scalar(select(func.count()).select_from(AuditEntry))
    assert services.participants.register_many([]) == []
    with services.db.read() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
