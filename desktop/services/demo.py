"""Demo data: a whole office's work, from registration to the 12-month follow-up.

:func:`generate_demo` fills an empty, initialised database with realistic Persian records for one
facilitation office in Urmia's marginal neighbourhoods: participants (mostly women heads of
household), intake interviews answered from the form definition, skill assessments scored on the
taxonomy's rubrics, workshops with partners, schedules, enrolments with waiting lists,
attendance, completions, outcomes and follow-ups. Everything is consistent with the services'
rules and with ``today``, so every screen, report and the USB bundle have something to show.

The same seed gives the same data (names, dates, answers, ids) for the same office code and
``today``. Only participant ids are random: :meth:`ParticipantService.bulk_insert` assigns them.
Other ids come from a generator seeded with the seed *and* the office code, so two demo offices
never share a row id when the province merges their bundles.

Speed: rows go in with Core ``executemany`` in one transaction (all or nothing; the progress
callback may raise to cancel, which rolls everything back). 100,000 participants take well under
a minute on a modest machine.
"""

from __future__ import annotations

import bisect
import random
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache
from itertools import accumulate
from typing import Any, Final, Generic, TypeVar

from faker import Faker
from sqlalchemy import false, insert, select
from sqlalchemy.orm import Session

from desktop.domain.completion import AttendanceTally, CompletionRule, evaluate
from desktop.domain.enums import (
    AttendanceMark,
    ConsentScope,
    Education,
    EnrolmentStatus,
    FollowUpStatus,
    Gender,
    InterviewStatus,
    MaritalStatus,
    OutcomeKind,
    ParticipantStatus,
    SessionStatus,
    SupportingOrg,
    WorkshopStatus,
)
from desktop.domain.errors import N_, StateError, ValidationError
from desktop.domain.forms import FormDefinition, Question, is_relevant, load_form_file
from desktop.domain.jalali import add_months, from_jalali, jalali_year
from desktop.domain.levels import LEVEL_MAX, LEVEL_MIN, weighted_level
from desktop.domain.national_id import national_id_check_digit
from desktop.domain.text import normalise_input
from desktop.resources import resource_path
from desktop.services.base import Actor
from desktop.services.participants import (
    ParticipantInput,
    ParticipantService,
    validate_participant,
)
from desktop.store.base import Base, utcnow
from desktop.store.engine import Database
from desktop.store.models import (
    Attendance,
    Enrolment,
    FollowUp,
    Holiday,
    IntakeInterview,
    Office,
    Outcome,
    Participant,
    Skill,
    SkillAssessment,
    SkillCriterion,
    Workshop,
    WorkshopSession,
)
from desktop.store.revs import audit_rows, next_rev

__all__ = ["MAX_DEMO_PARTICIPANTS", "DemoSummary", "generate_demo"]

MAX_DEMO_PARTICIPANTS: Final = 1_000_000
FORM_ID: Final = "intake-default"
FORM_VERSION: Final = 1
_CHUNK: Final = 5_000  # participants per batch (and per progress step)
_PEOPLE_PER_WORKSHOP: Final = 400
_MIN_WORKSHOPS: Final = 3
_FRIDAY: Final = 4  # date.weekday()

T = TypeVar("T")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    """How many rows of each kind were written, and how long it took."""

    participants: int
    interviews: int
    assessments: int
    workshops: int
    sessions: int
    enrolments: int
    attendance: int
    outcomes: int
    follow_ups: int
    seconds: float


# --- the material -----------------------------------------------------------------------------

# Marginal neighbourhoods of Urmia (حاشیه‌نشین), with rough relative sizes.
NEIGHBOURHOODS: Final[tuple[tuple[str, int], ...]] = (
    ("اسلام‌آباد", 14),
    ("حیدرآباد", 11),
    ("کشتارگاه", 10),
    ("طرزیلو", 9),
    ("علی‌آباد", 8),
    ("بهداری", 7),
    ("دیزج سیاوش", 7),
    ("شیخ‌تپه", 6),
    ("ساعتلو", 5),
    ("عسکرآباد", 5),
    ("بند", 4),
    ("قره‌آغاج", 4),
    ("حسین‌آباد", 4),
    ("نازلو", 3),
    ("خلیل‌آباد", 3),
)
STREETS: Final = (
    "شهید بهشتی", "امام", "ولیعصر", "مطهری", "طالقانی", "بسیج", "فرهنگ", "گلستان", "لاله",
    "نسترن", "شهدا", "انقلاب", "سلمان فارسی", "ابوذر", "فاطمیه",
)  # fmt: skip
PERSIAN_DIGITS: Final = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
MOBILE_PREFIXES: Final = (
    ("0914", 30), ("0912", 6), ("0935", 8), ("0936", 6), ("0937", 5), ("0938", 5),
    ("0939", 5), ("0901", 6), ("0902", 4), ("0903", 4), ("0930", 3), ("0990", 4),
    ("0991", 3), ("0919", 3), ("0921", 2), ("0922", 2),
)  # fmt: skip
DISABILITIES: Final = (
    "معلولیت جسمی-حرکتی", "کم‌بینایی", "کم‌شنوایی", "بیماری خاص (دیابت)",
    "بیماری خاص (ام‌اس)", "آسیب نخاعی خفیف",
)  # fmt: skip
PARTICIPANT_NOTES: Final = (
    "برای شرکت در دوره به مهد کودک محله نیاز دارد.",
    "علاقه‌مند به عضویت در تعاونی زنان محله.",
    "معرفی‌شده از سوی کمیته امداد.",
    "معرفی‌شده از سوی سازمان بهزیستی.",
    "شماره تماس همسایه را داده است.",
    "کارت ملی را همراه نداشت؛ کد ملی بعداً ثبت شود.",
    "سابقه فروش محصولات در بازارچه محلی دارد.",
)

PARTNER_TVTO: Final = "سازمان آموزش فنی و حرفه‌ای"
PARTNER_JAHAD: Final = "جهاد دانشگاهی"
PARTNER_HERITAGE: Final = "اداره کل میراث فرهنگی و صنایع دستی"
PARTNER_WELFARE: Final = "سازمان بهزیستی"
# Partner organisations by skill category, with weights.
PARTNERS_BY_CATEGORY: Final[dict[str, tuple[tuple[str, int], ...]]] = {
    "HANDICRAFT": ((PARTNER_HERITAGE, 5), (PARTNER_JAHAD, 3), (PARTNER_TVTO, 2)),
    "CARE": ((PARTNER_WELFARE, 5), (PARTNER_TVTO, 3), (PARTNER_JAHAD, 2)),
    "": ((PARTNER_TVTO, 5), (PARTNER_JAHAD, 4), (PARTNER_WELFARE, 1)),
}
# How often a trade is taught, relative to 1 (sewing and carpets lead in Urmia's programmes).
SKILL_POPULARITY: Final[dict[str, int]] = {
    "SEWING": 6, "CARPET_WEAVING": 5, "PASTRY": 4, "HAIRDRESSING": 3, "EMBROIDERY": 3,
    "NEEDLEWORK": 3, "PICKLES_JAMS": 3, "COOKING_CATERING": 3, "KNITTING": 3,
    "HOME_BUSINESS_MANAGEMENT": 3, "ONLINE_SELLING": 2, "COMPUTER_SKILLS": 2,
    "GELIM_WEAVING": 2, "FOOD_PROCESSING": 2, "DAIRY_PRODUCTS": 2, "MUSHROOM_GROWING": 2,
    "CHILDCARE_ASSISTANT": 2, "HANDICRAFTS": 2,
}  # fmt: skip
PLACES: Final = (
    "دفتر تسهیل‌گری محله {n}",
    "سرای محله {n}",
    "فرهنگسرای {n}",
    "کانون فرهنگی مسجد محله {n}",
    "مرکز آموزش جهاد دانشگاهی ارومیه",
    "آموزشگاه فنی و حرفه‌ای شماره ۲ ارومیه",
)
TITLES: Final = (
    "کارگاه آموزشی {s}",
    "دوره مهارت‌آموزی {s}",
    "{s} (مقدماتی)",
    "{s} (تکمیلی)",
    "کارگاه {s} ویژه زنان سرپرست خانوار",
)
# Two teaching days a week (date.weekday(): Sat=5, Sun=6, Mon=0, Tue=1, Wed=2, Thu=3).
WEEKDAY_PAIRS: Final = ((5, 0), (6, 1), (0, 2), (1, 3), (5, 2), (6, 2), (5, 1))
START_TIMES: Final = ("08:30", "09:00", "09:00", "09:30", "10:00", "15:00", "16:00")
SESSION_HOURS: Final = (2.0, 2.0, 2.5, 3.0, 3.0, 4.0)
CANCEL_NOTES: Final = ("تعطیلی رسمی", "بیماری مربی", "قطعی برق محله", "برف و یخبندان")
MAKE_UP_NOTE: Final = "جلسه جبرانی"
WITHDRAW_REASONS: Final = (
    "بیماری فرزند",
    "پیدا کردن کار",
    "مشکل رفت‌وآمد",
    "مخالفت خانواده",
    "جابه‌جایی محل سکونت",
    "نگهداری از عضو بیمار خانواده",
)
JOB_TITLES: Final[dict[str, tuple[str, ...]]] = {
    "CLOTHING": ("چرخ‌کار تولیدی پوشاک", "خیاط", "اتوکار تولیدی"),
    "HANDICRAFT": ("بافنده کارگاه فرش", "فروشنده صنایع دستی", "رفوگر فرش"),
    "FOOD": ("کمک‌آشپز", "کارگر کارگاه شیرینی‌پزی", "کارگر بسته‌بندی مواد غذایی"),
    "BEAUTY": ("آرایشگر", "کمک‌آرایشگر"),
    "IT": ("اپراتور رایانه", "کارمند فروش اینترنتی"),
    "BUSINESS": ("کمک‌حسابدار", "منشی"),
    "AGRICULTURE": ("کارگر گلخانه", "کارگر کارگاه قارچ"),
    "CARE": ("مربی مهد کودک", "مراقب سالمند"),
    "ART_MEDIA": ("دستیار عکاس", "طراح"),
}
EMPLOYERS: Final = ("تولیدی", "کارگاه", "فروشگاه", "شرکت", "مؤسسه")
LOAN_SOURCES: Final = (
    ("صندوق کارآفرینی امید", 4),
    ("کمیته امداد امام خمینی", 4),
    ("سازمان بهزیستی", 3),
    ("بانک قرض‌الحسنه مهر ایران", 2),
)
PERMIT_ISSUER: Final = "اداره کل تعاون، کار و رفاه اجتماعی آذربایجان غربی"
FOLLOW_UP_NOTES_DONE: Final = (
    "تماس تلفنی؛ کار خانگی ادامه دارد.",
    "بازدید از منزل؛ محصولات در بازارچه محله فروخته می‌شود.",
    "تماس تلفنی؛ به دنبال بازار فروش است.",
    "در نمایشگاه دائمی محصولات دفاتر شرکت کرده است.",
    "فعلاً کار نمی‌کند؛ نیازمند سرمایه اولیه.",
    "تماس تلفنی؛ درآمد ماهانه بهتر شده است.",
)
FOLLOW_UP_NOTES_UNREACHABLE: Final = (
    "تلفن خاموش بود.",
    "از محله رفته‌اند؛ نشانی جدید در دست نیست.",
    "سه بار تماس بی‌پاسخ ماند.",
)
FOLLOW_UP_MONTHS: Final = (3, 6, 12)
# Official holidays fixed in the solar calendar: (Jalali month, day, title).
SOLAR_HOLIDAYS: Final = (
    (1, 1, "عید نوروز"),
    (1, 2, "عید نوروز"),
    (1, 3, "عید نوروز"),
    (1, 4, "عید نوروز"),
    (1, 12, "روز جمهوری اسلامی"),
    (1, 13, "روز طبیعت"),
    (3, 14, "رحلت امام خمینی"),
    (3, 15, "قیام ۱۵ خرداد"),
    (11, 22, "پیروزی انقلاب اسلامی"),
    (12, 29, "روز ملی شدن صنعت نفت"),
)

# Free-text interview answers, by question id (already in Persian letters).
TEXT_ANSWERS: Final[dict[str, tuple[str, ...]]] = {
    "field_of_study": (
        "خیاطی", "حسابداری", "ادبیات فارسی", "علوم تجربی", "کامپیوتر", "مدیریت", "علوم انسانی",
        "روانشناسی", "صنایع دستی",
    ),
    "work_experience": (
        "دو سال چرخ‌کاری در یک تولیدی پوشاک در ارومیه، بدون بیمه.",
        "پنج سال قالی‌بافی در منزل برای یک کارگاه فرش.",
        "کارگری فصلی در باغ‌های سیب اطراف ارومیه.",
        "حدود یک سال آشپزی در یک رستوران محلی.",
        "شش ماه فروشندگی در مغازه پوشاک.",
        "نظافت منازل به صورت روزمزد.",
        "یک سال کمک در آرایشگاه زنانه.",
        "بسته‌بندی خشکبار در کارگاه، به صورت فصلی.",
        "پخت نان محلی و فروش به همسایه‌ها.",
    ),
    "home_business_idea": (
        "تولید ترشی و مربای خانگی و فروش در بازارچه محله و فضای مجازی.",
        "دوخت لباس و سری‌دوزی برای تولیدی‌ها؛ به یک چرخ خیاطی صنعتی نیاز دارم.",
        "بافت قالیچه و تابلوفرش در منزل با یک دار کوچک.",
        "پخت شیرینی محلی و نان روغنی برای سفارش مجالس.",
        "تولید لبنیات محلی (ماست، کره و پنیر) برای همسایه‌ها.",
        "گلدوزی و سوزن‌دوزی روی رومیزی و شال برای فروش در نمایشگاه.",
        "پرورش قارچ خوراکی در زیرزمین منزل.",
        "فروش اینترنتی صنایع دستی زنان محله.",
    ),
    "preferred_job": (
        "خیاطی در تولیدی", "آشپزی در رستوران یا تالار", "فروشندگی", "مربی مهد کودک",
        "مراقبت از سالمند", "کار در کارگاه فرش", "بسته‌بندی مواد غذایی", "نظافت اداری",
    ),
    "loan_purpose": (
        "خرید چرخ خیاطی صنعتی و پارچه.",
        "خرید دار قالی و مواد اولیه.",
        "خرید فر و وسایل شیرینی‌پزی.",
        "تهیه مواد اولیه و بسته‌بندی برای تولید ترشی.",
        "راه‌اندازی کارگاه کوچک خانگی.",
        "خرید یخچال و وسایل تولید لبنیات.",
    ),
    "previous_loan_source": (*(name for name, _ in LOAN_SOURCES), "صندوق قرض‌الحسنه محله"),
    "other_barrier": (
        "نداشتن مکان مناسب برای کار.",
        "نداشتن بیمه.",
        "مشکل مدارک هویتی.",
        "بدهی و اقساط معوق.",
    ),
    "health_details": ("کمردرد مزمن", "دیابت", "فشار خون", "ضعف بینایی", "درد مفاصل"),
    "family_consent_details": (
        "همسر با کار بیرون از خانه مخالف است.",
        "پدرم با رفت‌وآمد به کارگاه موافق نیست.",
        "خانواده همسر مخالف است.",
    ),
    "interviewer_notes": (
        "انگیزه بالایی دارد؛ معرفی به کارگاه خیاطی پیشنهاد می‌شود.",
        "برای شرکت در دوره به مهد کودک محله معرفی شود.",
        "عضویت در گروه همیار پیشنهاد می‌شود.",
        "پیگیری وام قرض‌الحسنه از طریق کمیته امداد.",
        "مهارت قالی‌بافی خوبی دارد؛ ارزیابی مهارت انجام شود.",
        "برای شرکت در بازارچه دائمی محصولات دفتر معرفی شود.",
        "به مشاوره شغلی نیاز دارد.",
    ),
}  # fmt: skip
HEAD_REASONS: Final[dict[MaritalStatus | None, tuple[str, ...]]] = {
    MaritalStatus.WIDOWED: ("widowed",),
    MaritalStatus.DIVORCED: ("divorced",),
    MaritalStatus.SINGLE: ("never_married",),
    MaritalStatus.SPOUSE_ABSENT: ("spouse_absent", "spouse_disabled", "spouse_imprisoned"),
    MaritalStatus.MARRIED: ("spouse_disabled", "other"),
}
SUPPORT_ANSWER: Final[dict[SupportingOrg | None, str]] = {
    SupportingOrg.WELFARE: "welfare",
    SupportingOrg.RELIEF_FOUNDATION: "relief",
    SupportingOrg.MUNICIPALITY: "municipality",
    SupportingOrg.CHARITY: "charity",
    SupportingOrg.OTHER: "other",
}
GENERIC_TEXTS: Final = ("توضیح خاصی ندارد.", "در جلسه بعد تکمیل شود.", "ندارد")
# Weighted choices for single-choice questions, by question id (values the form may lack are
# skipped, so a new form version does not break the generator).
CHOICE_WEIGHTS: Final[dict[str, dict[str, int]]] = {
    "main_income_source": {
        "own_work": 20, "pension": 10, "support_allowance": 30, "family_help": 15,
        "children_work": 10, "none": 12, "other": 3,
    },
    "housing_status": {
        "owned": 18, "rented": 45, "relatives": 15, "provided": 3, "informal": 14, "other": 5,
    },
    "health_insurance": {
        "none": 15, "salamat": 50, "social_security": 25, "armed_forces": 3, "other": 7,
    },
    "work_status": {
        "not_working": 50, "home_business": 20, "informal": 18, "seasonal": 7, "employed": 5,
    },
    "transport_problem": {"distance": 4, "cost": 5, "safety": 2, "mobility": 1},
    "loan_repayment_status": {"repaid": 5, "repaying": 4, "overdue": 2},
}  # fmt: skip
MULTI_WEIGHTS: Final[dict[str, dict[str, int]]] = {
    "barriers": {
        "childcare": 30, "capital": 45, "transport": 15, "health": 12, "family_consent": 8,
        "literacy": 10, "market": 25, "other": 4,
    },
    "goals": {
        "home_business": 50, "job": 30, "cooperative": 12, "helper_group": 12, "loan": 30,
        "training": 45,
    },
    "tools_at_home": {
        "sewing_machine": 30, "overlock": 5, "carpet_loom": 10, "oven": 40, "computer": 8,
        "smartphone": 60, "internet": 30,
    },
}  # fmt: skip
YES_PROBABILITY: Final[dict[str, float]] = {
    "cares_for_disabled_or_ill": 0.15,
    "has_work_experience": 0.55,
    "has_skill_certificate": 0.12,
    "previous_loan": 0.22,
    "home_business_permit": 0.08,
    "helper_group_member": 0.1,
    "has_guarantor": 0.45,
    "childcare_at_workshop": 0.75,
    "family_meeting_ok": 0.6,
    "literacy_class_interest": 0.7,
    "consent_data_use": 0.98,
}
# Chance that an optional question gets an answer.
OPTIONAL_ANSWERED: Final[dict[str, float]] = {
    "current_skills": 0.7,
    "tools_at_home": 0.85,
    "field_of_study": 0.6,
    "capital_needed": 0.6,
    "interviewer_notes": 0.4,
}


# --- small helpers ----------------------------------------------------------------------------


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, int]]) -> T:
    return rng.choices([value for value, _ in pairs], [weight for _, weight in pairs])[0]


class _Table(Generic[T]):
    """A weighted choice with the cumulative weights worked out once (hot paths)."""

    __slots__ = ("cumulative", "total", "values")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(accumulate(weight for _, weight in pairs))
        self.total = self.cumulative[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]


MARITAL_HEAD: Final = _Table(
    (
        (MaritalStatus.WIDOWED, 38),
        (MaritalStatus.DIVORCED, 28),
        (MaritalStatus.SPOUSE_ABSENT, 22),
        (MaritalStatus.SINGLE, 12),
    )
)
MARITAL_WIFE: Final = _Table(((MaritalStatus.MARRIED, 80), (MaritalStatus.SINGLE, 20)))
MARITAL_MAN: Final = _Table(
    ((MaritalStatus.MARRIED, 80), (MaritalStatus.SINGLE, 12), (MaritalStatus.WIDOWED, 8))
)
HOUSEHOLD_SINGLE: Final = _Table(tuple(zip(range(1, 7), (20, 20, 25, 20, 10, 5), strict=True)))
HOUSEHOLD: Final = _Table(tuple(zip(range(1, 9), (4, 16, 25, 24, 16, 8, 4, 3), strict=True)))
EDUCATION: Final = _Table(
    (
        (Education.ILLITERATE, 8),
        (Education.LITERACY_MOVEMENT, 10),
        (Education.PRIMARY, 20),
        (Education.LOWER_SECONDARY, 22),
        (Education.DIPLOMA, 25),
        (Education.ASSOCIATE, 6),
        (Education.BACHELOR, 8),
        (Education.POSTGRADUATE, 1),
    )
)


def _support_table(head: bool) -> _Table[SupportingOrg]:
    return _Table(
        (
            (SupportingOrg.RELIEF_FOUNDATION, 34 if head else 18),
            (SupportingOrg.WELFARE, 26 if head else 16),
            (SupportingOrg.NONE, 22 if head else 50),
            (SupportingOrg.MUNICIPALITY, 5),
            (SupportingOrg.CHARITY, 8),
            (SupportingOrg.OTHER, 3),
        )
    )


SUPPORT_HEAD: Final = _support_table(True)
SUPPORT_OTHER: Final = _support_table(False)
CONSENT: Final = _Table(
    ((ConsentScope.PROVINCE, 55), (ConsentScope.PARTNERS, 30), (ConsentScope.OFFICE, 15))
)
NEIGHBOURHOOD: Final = _Table(NEIGHBOURHOODS)
TRADES_COUNT: Final = _Table(((1, 35), (2, 40), (3, 25)))
KNOWN_COUNT: Final = _Table(((1, 70), (2, 30)))
CHOICES_COUNT: Final = _Table(((1, 45), (2, 35), (3, 20)))
MOBILE_PREFIX: Final = _Table(MOBILE_PREFIXES)


def _persian_digits(value: int) -> str:
    return str(value).translate(PERSIAN_DIGITS)


@cache
def _intake_form() -> FormDefinition:
    return load_form_file(resource_path("forms", FORM_ID, f"v{FORM_VERSION}.json"))


@dataclass(frozen=True)
class _Skill:
    code: str
    id: uuid.UUID
    category: str
    name_fa: str
    weights: dict[str, float]  # criterion code → weight (the rubric)


@dataclass(slots=True)
class _Person:
    """What later steps need to know about a generated participant (by index, not id)."""

    registered_on: date
    gender: Gender
    head: bool
    marital: MaritalStatus | None
    household_size: int | None
    dependants: int | None
    education: Education | None
    supporting_org: SupportingOrg | None
    consent_scope: ConsentScope | None
    neighbourhood: str
    active: bool
    interests: list[str] = field(default_factory=list)
    known_skills: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Assessed:
    skill: str
    on: date
    level: int


@dataclass(slots=True)
class _Seat:
    """One enrolment while the workshop is simulated."""

    person: int
    id: uuid.UUID
    queued_at: datetime
    status: EnrolmentStatus
    active_from: date
    withdrawn_on: date | None = None


@dataclass
class _Counts:
    participants: int = 0
    interviews: int = 0
    assessments: int = 0
    workshops: int = 0
    sessions: int = 0
    enrolments: int = 0
    attendance: int = 0
    outcomes: int = 0
    follow_ups: int = 0


# --- the generator ----------------------------------------------------------------------------


class _Demo:
    def __init__(
        self,
        session: Session,
        actor: Actor,
        *,
        seed: int,
        today: date,
        rev: int,
        office_code: str,
        skills: list[_Skill],
        form: FormDefinition,
    ) -> None:
        self.session = session
        self.actor = actor
        self.today = today
        self.rev = rev
        self.office_code = office_code
        self.skills = skills
        self.skill_by_code = {skill.code: skill for skill in skills}
        self.form = form
        self.questions = list(form.questions())
        self.rng = random.Random(seed)
        # Ids from their own stream, seeded with the office too (see the module docstring).
        self.id_rng = random.Random(f"hamyar-demo:{office_code}:{seed}")
        self.fake = Faker("fa_IR")
        self.fake.seed_instance(seed)
        self.now = utcnow()
        self.counts = _Counts()
        self.people: list[_Person] = []
        self.person_ids: list[uuid.UUID] = []
        self.assessed: dict[int, list[_Assessed]] = {}
        self.national_ids: set[str] = set()
        self.first_day = from_jalali(jalali_year(today) - 2, 1, 1)
        self.levels: dict[tuple[str, tuple[int, ...]], int] = {}
        self.tables: dict[str, _Table[str]] = {}
        self.holidays: set[date] = set()

    # --- rows ----------------------------------------------------------------------------

    def new_id(self) -> uuid.UUID:
        return uuid.UUID(int=self.id_rng.getrandbits(128), version=4)

    def sync_columns(self, row_id: uuid.UUID | None = None) -> dict[str, Any]:
        return {
            "id": row_id or self.new_id(),
            "origin_office": self.office_code,
            "rev": self.rev,
            "updated_at": self.now,
            "deleted": False,
        }

    def insert(self, model: type[Any], rows: list[dict[str, Any]]) -> None:
        """Core executemany on the table: one statement for all rows, NULLs included (the ORM
        bulk path splits rows into a batch per pattern of missing values)."""
        if rows:
            self.session.execute(insert(Base.metadata.tables[model.__tablename__]), rows)

    def random_day(self, first: date, last: date) -> date:
        if last <= first:
            return first
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def moment(self, day: date) -> datetime:
        """A time during office hours (Iran is UTC+3:30; stored times are naive UTC)."""
        return datetime.combine(day, clock(self.rng.randint(4, 10), self.rng.randrange(0, 60)))

    # --- participants --------------------------------------------------------------------

    def national_id(self) -> str:
        while True:
            nine = f"{self.rng.randrange(10**9):09d}"
            code = nine + str(national_id_check_digit(nine))
            if len(set(code)) > 1 and code not in self.national_ids:
                self.national_ids.add(code)
                return code

    def mobile(self) -> str:
        prefix = MOBILE_PREFIX.pick(self.rng)
        return f"{prefix}{self.rng.randrange(10**7):07d}"

    def working_day(self, day: date, earliest: date) -> date:
        """The office day nearest before ``day`` (closed on Fridays and holidays), not before
        ``earliest``; failing that, the first one after."""
        back = day
        while back >= earliest:
            if back.weekday() != _FRIDAY and back not in self.holidays:
                return back
            back -= timedelta(days=1)
        while day.weekday() == _FRIDAY or day in self.holidays:
            day += timedelta(days=1)
        return day

    def registration_day(self) -> date:
        return self.working_day(self.random_day(self.first_day, self.today), self.first_day)

    def person_input(self) -> tuple[ParticipantInput, _Person]:
        rng, fake = self.rng, self.fake
        female = rng.random() < 0.85
        gender = Gender.FEMALE if female else Gender.MALE
        first = fake.first_name_female() if female else fake.first_name_male()
        registered_on = self.registration_day()
        head = rng.random() < (0.63 if female else 0.45)
        marital_table = (MARITAL_HEAD if head else MARITAL_WIFE) if female else MARITAL_MAN
        marital = marital_table.pick(rng)
        marital_or_none = marital if rng.random() < 0.96 else None
        household: int | None = None
        dependants: int | None = None
        if rng.random() < 0.95:
            sizes = HOUSEHOLD_SINGLE if marital == MaritalStatus.SINGLE else HOUSEHOLD
            household = sizes.pick(rng)
            dependants = rng.randint(max(0, household - 3), household - 1)
        education = EDUCATION.pick(rng)
        education_or_none = education if rng.random() < 0.97 else None
        supporting = (SUPPORT_HEAD if head else SUPPORT_OTHER).pick(rng)
        supporting_or_none = supporting if rng.random() < 0.95 else None
        consent_scope: ConsentScope | None = None
        consent_date: date | None = None
        if rng.random() < 0.88:
            consent_date = registered_on
            consent_scope = CONSENT.pick(rng)
        neighbourhood = NEIGHBOURHOOD.pick(rng)
        # 18 to 65 years old today, and at least 18 when registered.
        oldest = self.today - timedelta(days=65 * 365 + 15)
        youngest = registered_on - timedelta(days=18 * 365 + 5)
        birth = self.random_day(oldest, youngest) if rng.random() < 0.93 else None
        if rng.random() < 0.5:
            address = (
                f"ارومیه، {neighbourhood}، خیابان {rng.choice(STREETS)}، "
                f"کوچه {_persian_digits(rng.randint(1, 40))}، "
                f"پلاک {_persian_digits(rng.randint(1, 180))}"
            )
        else:
            address = (
                f"{neighbourhood}، کوچه شهید {fake.last_name()}، "
                f"پلاک {_persian_digits(rng.randint(1, 120))}"
            )
        data = ParticipantInput(
            first_name=first,
            last_name=fake.last_name(),
            father_name=fake.first_name_male(),
            national_id=self.national_id() if rng.random() < 0.8 else "",
            birth_date=birth,
            gender=gender,
            mobile=self.mobile() if rng.random() < 0.7 else "",
            neighbourhood=neighbourhood,
            address=address if rng.random() < 0.9 else "",
            head_of_household=head,
            household_size=household,
            dependants=dependants,
            marital_status=marital_or_none,
            education=education_or_none,
            disability=rng.choice(DISABILITIES) if rng.random() < 0.04 else "",
            supporting_org=supporting_or_none,
            consent_date=consent_date,
            consent_scope=consent_scope,
            notes=rng.choice(PARTICIPANT_NOTES) if rng.random() < 0.08 else "",
        )
        person = _Person(
            registered_on=registered_on,
            gender=gender,
            head=head,
            marital=marital_or_none,
            household_size=household,
            dependants=dependants,
            education=education_or_none,
            supporting_org=supporting_or_none,
            consent_scope=consent_scope,
            neighbourhood=neighbourhood,
            active=rng.random() >= 0.02,
        )
        return data, person

    def add_participants(self, count: int) -> None:
        cleaned: list[dict[str, Any]] = []
        people: list[_Person] = []
        for _ in range(count):
            data, person = self.person_input()
            values = validate_participant(data, today=self.today)
            values["registered_on"] = person.registered_on
            values["status"] = (
                ParticipantStatus.ACTIVE if person.active else ParticipantStatus.ARCHIVED
            )
            cleaned.append(values)
            people.append(person)
        # The ORM bulk insert sends one batch per run of rows with the same empty fields: grouping
        # those rows makes ~100 batches of what would otherwise be thousands of single inserts.
        order = sorted(range(count), key=lambda i: tuple(v is None for v in cleaned[i].values()))
        cleaned = [cleaned[i] for i in order]
        people = [people[i] for i in order]
        ids = ParticipantService.bulk_insert(
            self.session, cleaned, self.rev, self.office_code, self.today
        )
        first_index = len(self.people)
        self.people.extend(people)
        self.person_ids.extend(ids)
        self.counts.participants += len(ids)
        interviews: list[dict[str, Any]] = []
        assessments: list[dict[str, Any]] = []
        for offset, person in enumerate(people):
            index = first_index + offset
            roll = self.rng.random()
            if roll < 0.65:
                interviews.append(self.interview(index, person, complete=roll < 0.60))
            if self.rng.random() < 0.40:
                assessments.extend(self.assessments(index, person))
        self.insert(IntakeInterview, interviews)
        self.insert(SkillAssessment, assessments)
        self.counts.interviews += len(interviews)
        self.counts.assessments += len(assessments)

    # --- intake interviews ---------------------------------------------------------------

    def interview(self, index: int, person: _Person, *, complete: bool) -> dict[str, Any]:
        rng = self.rng
        day = min(self.today, person.registered_on + timedelta(days=rng.choice((0, 0, 3, 7, 20))))
        day = self.working_day(day, person.registered_on)
        answers = self.answers(person, day, complete=complete)
        return {
            **self.sync_columns(),
            "participant_id": self.person_ids[index],
            "form_id": self.form.form_id,
            "form_version": self.form.version,
            "answers": answers,
            "interviewer_id": self.actor.user_id,
            "interview_date": day,
            "status": InterviewStatus.COMPLETE if complete else InterviewStatus.DRAFT,
            "completed_at": self.moment(day) if complete else None,
        }

    def answers(self, person: _Person, day: date, *, complete: bool) -> dict[str, Any]:
        """Answers generated from the form: types, choices, bounds and relevance respected."""
        answers: dict[str, Any] = {}
        stop = len(self.questions) if complete else self.rng.randint(3, len(self.questions) // 2)
        for question in self.questions[:stop]:
            if not is_relevant(question, answers):
                continue
            if not question.required and self.rng.random() >= OPTIONAL_ANSWERED.get(
                question.id, 0.5
            ):
                continue
            value = self.answer(question, person, answers, day)
            if value is not None:
                answers[question.id] = value
        trades = answers.get("interested_trades")
        if isinstance(trades, list):
            person.interests = [code for code in trades if code in self.skill_by_code]
        known = answers.get("current_skills")
        if isinstance(known, list):
            person.known_skills = [code for code in known if code in self.skill_by_code]
        return answers

    def answer(
        self, question: Question, person: _Person, answers: dict[str, Any], day: date
    ) -> Any:
        kind = question.type
        if kind == "yes_no":
            return self.yes_no(question, person)
        if kind == "single_choice":
            return self.single_choice(question, person)
        if kind == "multiple_choice":
            return self.multiple_choice(question, person)
        if kind == "number":
            return self.number(question, person, answers)
        if kind == "date":
            return day.isoformat()
        texts = TEXT_ANSWERS.get(question.id, GENERIC_TEXTS)
        text = self.rng.choice(texts)
        return text[: question.max_length] if question.max_length else text

    def yes_no(self, question: Question, person: _Person) -> bool:
        if question.id == "head_of_household":
            return person.head
        if question.id == "consent_share_province":
            return person.consent_scope in (ConsentScope.PROVINCE, ConsentScope.PARTNERS)
        return self.rng.random() < YES_PROBABILITY.get(question.id, 0.5)

    def table(self, question: Question, weights: Callable[[str], float | None]) -> _Table[str]:
        """The question's non-exclusive choices weighted by ``weights`` (None: left out; if
        nothing is left, all equally). Worked out once per question."""
        table = self.tables.get(question.id)
        if table is None:
            values = [choice.value for choice in question.choices if not choice.exclusive]
            pairs = [(value, weights(value)) for value in values]
            usable = [(value, weight) for value, weight in pairs if weight is not None]
            table = _Table(usable or [(value, 1.0) for value in values])
            self.tables[question.id] = table
        return table

    def pick(self, question: Question, weights: dict[str, int] | None) -> str:
        return self.table(question, (weights or {}).get).pick(self.rng)

    def single_choice(self, question: Question, person: _Person) -> str:
        values = {choice.value for choice in question.choices}
        wanted: str | None = None
        if question.id == "education" and person.education is not None:
            wanted = person.education.value
        elif question.id == "head_of_household_reason":
            wanted = self.rng.choice(HEAD_REASONS.get(person.marital, ("other",)))
        if wanted in values:
            return wanted
        return self.pick(question, CHOICE_WEIGHTS.get(question.id))

    def multiple_choice(self, question: Question, person: _Person) -> list[str]:
        rng = self.rng
        limit = question.max_choices or 3
        values = [choice.value for choice in question.choices if not choice.exclusive]
        exclusive = [choice.value for choice in question.choices if choice.exclusive]
        if question.id == "support_received":
            chosen = SUPPORT_ANSWER.get(person.supporting_org)
            if chosen in values:
                extra = rng.choice(values) if rng.random() < 0.2 else chosen
                return list(dict.fromkeys((chosen, extra)))
            if exclusive and rng.random() < 0.8:
                return [exclusive[0]]
        if question.id in ("interested_trades", "current_skills"):
            table = self.table(
                question,
                lambda value: (
                    SKILL_POPULARITY.get(value, 1) if value in self.skill_by_code else None
                ),
            )
            count = (TRADES_COUNT if question.id == "interested_trades" else KNOWN_COUNT).pick(rng)
        else:
            if exclusive and rng.random() < 0.12:
                return [exclusive[0]]
            weights = MULTI_WEIGHTS.get(question.id, {})
            table = self.table(question, lambda value: weights.get(value, 10))
            count = CHOICES_COUNT.pick(rng)
        picked = [table.pick(rng) for _ in range(min(count, limit, len(values)))]
        return list(dict.fromkeys(picked))

    def number(self, question: Question, person: _Person, answers: dict[str, Any]) -> int:
        rng = self.rng
        low = int(question.min_value) if question.min_value is not None else 0
        high = int(question.max_value) if question.max_value is not None else low + 10
        qid = question.id
        if qid == "household_size":
            value = person.household_size or rng.randint(1, 6)
        elif qid == "dependants_under_18":
            size = answers.get("household_size", person.household_size or 1)
            value = min(person.dependants or 0, max(0, int(size) - 1))
        elif qid == "monthly_household_income":
            value = rng.randint(20, 180) * 100_000  # 2 to 18 million tomans
        elif qid == "monthly_rent":
            income = answers.get("monthly_household_income")
            ceiling = int(income) * 6 // 10 if isinstance(income, int) else 8_000_000
            value = min(rng.randint(15, 80) * 100_000, ceiling // 100_000 * 100_000)
        elif qid in ("loan_amount_needed", "capital_needed"):
            value = rng.randint(4, 60) * 5_000_000
        elif qid == "hours_per_day":
            value = rng.randint(2, 8)
        elif qid == "children_under_6":
            value = rng.choices((0, 1, 2, 3), (15, 50, 28, 7))[0]
        else:
            value = rng.randint(low, min(high, low + 10))
        return max(low, min(high, value))

    # --- skill assessments ---------------------------------------------------------------

    def scores(self, skill: _Skill, ability: float) -> tuple[dict[str, int], int]:
        scores = {
            code: max(LEVEL_MIN, min(LEVEL_MAX, round(ability + self.rng.gauss(0, 0.7))))
            for code in skill.weights
        }
        key = (skill.code, tuple(scores.values()))
        level = self.levels.get(key)
        if level is None:
            level = self.levels[key] = weighted_level(scores, skill.weights)
        return scores, level

    def assessment_row(
        self,
        index: int,
        skill: _Skill,
        day: date,
        ability: float,
        workshop_id: uuid.UUID | None = None,
        notes: str = "",
    ) -> dict[str, Any]:
        scores, level = self.scores(skill, ability)
        self.assessed.setdefault(index, []).append(_Assessed(skill.code, day, level))
        return {
            **self.sync_columns(),
            "participant_id": self.person_ids[index],
            "skill_id": skill.id,
            "level": level,
            "rubric_scores": scores,
            "assessor_id": self.actor.user_id,
            "assessed_on": day,
            "workshop_id": workshop_id,
            "notes": notes,
        }

    def assessments(self, index: int, person: _Person) -> list[dict[str, Any]]:
        rng = self.rng
        candidates = person.known_skills + person.interests
        rows: list[dict[str, Any]] = []
        day = min(self.today, person.registered_on + timedelta(days=rng.randint(0, 40)))
        previous: _Skill | None = None
        ability = rng.gauss(2.6, 0.9)
        for _ in range(rng.choices((1, 2, 3), (60, 30, 10))[0]):
            if previous is not None and rng.random() < 0.4 and day < self.today:
                skill = previous  # assessed again later: progress shows
                day = min(self.today, day + timedelta(days=rng.randint(60, 240)))
                ability += rng.uniform(0.3, 1.0)
            else:
                code = rng.choice(candidates) if candidates and rng.random() < 0.8 else None
                skill = self.skill_by_code[code] if code else rng.choice(self.skills)
                if previous is not None and skill.code == previous.code:
                    continue
                ability = rng.gauss(2.6, 0.9)
            if any(a.skill == skill.code and a.on == day for a in self.assessed.get(index, [])):
                continue
            rows.append(self.assessment_row(index, skill, day, ability))
            previous = skill
        return rows

    # --- workshops -----------------------------------------------------------------------

    def workshop_plan(self, count: int) -> list[tuple[WorkshopStatus, date]]:
        """Rough start dates: most finished, spread over the years; some running; a few ahead."""
        planned = max(1, round(count * 0.08))
        running = max(1, round(count * 0.12))
        finished = count - planned - running
        plan: list[tuple[WorkshopStatus, date]] = []
        lo = self.first_day + timedelta(days=45)
        hi = self.today - timedelta(days=100)
        span = max(1, (hi - lo).days)
        for i in range(finished):
            offset = int(span * (i + self.rng.uniform(0.1, 0.9)) / max(1, finished))
            plan.append((WorkshopStatus.FINISHED, lo + timedelta(days=offset)))
        plan += [(WorkshopStatus.RUNNING, self.today)] * running
        for _ in range(planned):
            plan.append(
                (WorkshopStatus.PLANNED, self.today + timedelta(days=self.rng.randint(3, 60)))
            )
        return plan

    def schedule(self, start: date, days: tuple[int, int], count: int) -> list[date]:
        """``count`` teaching days from ``start`` on, skipping the office's holidays."""
        dates: list[date] = []
        day = start
        while len(dates) < count:
            if day.weekday() in days and day not in self.holidays:
                dates.append(day)
            day += timedelta(days=1)
        return dates

    def add_holidays(self) -> None:
        """The fixed solar-calendar holidays of the years the demo covers (schedules skip them)."""
        rows = []
        for year in range(jalali_year(self.first_day), jalali_year(self.today) + 2):
            for month, day, title in SOLAR_HOLIDAYS:
                when = from_jalali(year, month, day)
                self.holidays.add(when)
                rows.append({**self.sync_columns(), "holiday_date": when, "title": title})
        self.insert(Holiday, rows)

    def session_dates(
        self, status: WorkshopStatus, anchor: date, days: tuple[int, int], count: int
    ) -> list[date]:
        """Teaching dates whose span agrees with the intended status relative to today."""
        rng = self.rng
        if status == WorkshopStatus.RUNNING:
            full = self.schedule(anchor, days, count)
            length = (full[-1] - full[0]).days
            start = self.today - timedelta(days=rng.randint(1, max(1, length - 1)))
            dates = self.schedule(start, days, count)
            for _ in range(8):  # the schedule must straddle today
                if dates[0] > self.today:
                    start -= timedelta(days=7)
                elif dates[-1] < self.today:
                    start += timedelta(days=7)
                else:
                    break
                dates = self.schedule(start, days, count)
            return dates
        dates = self.schedule(anchor, days, count)
        if status == WorkshopStatus.FINISHED:
            while dates[-1] >= self.today:
                anchor -= timedelta(days=14)
                dates = self.schedule(anchor, days, count)
        else:
            while dates[0] <= self.today:
                anchor += timedelta(days=7)
                dates = self.schedule(anchor, days, count)
        return dates

    def choose_skill(self) -> _Skill:
        weights = [SKILL_POPULARITY.get(skill.code, 1) for skill in self.skills]
        return self.rng.choices(self.skills, weights)[0]

    def add_workshops(self, count: int, progress: Callable[[int], None]) -> None:
        order = sorted(range(len(self.people)), key=lambda i: (self.people[i].registered_on, i))
        order = [i for i in order if self.people[i].active]
        registered = [self.people[i].registered_on for i in order]
        interested: dict[str, list[int]] = {}
        for i in order:
            for code in self.people[i].interests:
                interested.setdefault(code, []).append(i)
        rows: dict[type[Any], list[dict[str, Any]]] = {
            model: []
            for model in (
                Workshop,
                WorkshopSession,
                Enrolment,
                Attendance,
                SkillAssessment,
                Outcome,
                FollowUp,
            )
        }
        for number, (status, anchor) in enumerate(self.workshop_plan(count), start=1):
            self.workshop(status, anchor, order, registered, interested, rows)
            progress(number)
        for model, model_rows in rows.items():
            self.insert(model, model_rows)
        self.counts.workshops += len(rows[Workshop])
        self.counts.sessions += len(rows[WorkshopSession])
        self.counts.enrolments += len(rows[Enrolment])
        self.counts.attendance += len(rows[Attendance])
        self.counts.assessments += len(rows[SkillAssessment])
        self.counts.outcomes += len(rows[Outcome])
        self.counts.follow_ups += len(rows[FollowUp])

    def workshop(
        self,
        status: WorkshopStatus,
        anchor: date,
        order: list[int],
        registered: list[date],
        interested: dict[str, list[int]],
        rows: dict[type[Any], list[dict[str, Any]]],
    ) -> None:
        rng = self.rng
        skill = self.choose_skill()
        days = rng.choice(WEEKDAY_PAIRS)
        count = rng.randint(8, 24)
        hours = rng.choice(SESSION_HOURS)
        dates = self.session_dates(status, anchor, days, count)
        # A few past sessions are cancelled; each gets a make-up session at the end.
        cancelled: set[int] = set()
        for position, day in enumerate(dates):
            if day <= self.today and position > 0 and rng.random() < 0.03:
                cancelled.add(position)
        for _ in cancelled:
            dates += self.schedule(dates[-1] + timedelta(days=1), days, 1)
        start, end = dates[0], dates[-1]
        status = (
            WorkshopStatus.PLANNED
            if self.today < start
            else WorkshopStatus.FINISHED
            if self.today > end
            else WorkshopStatus.RUNNING
        )
        rule_kind = rng.choices(("share", "level", "both"), (55, 10, 35))[0]
        share = 0.75 if rule_kind in ("share", "both") else None
        min_level = 3 if rule_kind in ("level", "both") else None
        neighbourhood = NEIGHBOURHOOD.pick(rng)
        partners = PARTNERS_BY_CATEGORY.get(skill.category, PARTNERS_BY_CATEGORY[""])
        capacity = rng.randint(15, 30)
        workshop = {
            **self.sync_columns(),
            "title": normalise_input(rng.choice(TITLES).format(s=skill.name_fa)),
            "skill_id": skill.id,
            "partner_org": _weighted(rng, partners),
            "trainer": normalise_input(f"{self.fake.first_name_female()} {self.fake.last_name()}"),
            "place": rng.choice(PLACES).format(n=neighbourhood),
            "capacity": capacity,
            "planned_hours": hours * count,
            "start_date": start,
            "end_date": end,
            "min_attendance_share": share,
            "min_level": min_level,
            "status": status,
            "notes": "",
        }
        rows[Workshop].append(workshop)
        workshop_id: uuid.UUID = workshop["id"]
        start_time = rng.choice(START_TIMES)
        held: list[tuple[uuid.UUID, date]] = []
        for position, day in enumerate(dates):
            is_cancelled = position in cancelled
            session_row = {
                **self.sync_columns(),
                "workshop_id": workshop_id,
                "number": position + 1,
                "session_date": day,
                "start_time": start_time,
                "hours": hours,
                "status": SessionStatus.CANCELLED if is_cancelled else SessionStatus.SCHEDULED,
                "note": rng.choice(CANCEL_NOTES)
                if is_cancelled
                else (MAKE_UP_NOTE if position >= count else ""),
            }
            rows[WorkshopSession].append(session_row)
            if not is_cancelled and day <= self.today:
                held.append((session_row["id"], day))

        seats = self.enrol(status, start, end, capacity, skill, order, registered, interested)

        # Attendance: the marks a facilitator took in every session held so far.
        tallies: dict[int, AttendanceTally] = {}
        for seat in seats:
            if seat.status == EnrolmentStatus.WAITING:
                continue
            diligence = rng.choices((0.93, 0.8, 0.55), (70, 22, 8))[0]
            counts = dict.fromkeys(AttendanceMark, 0)
            for session_id, day in held:
                if day < seat.active_from or (seat.withdrawn_on and day >= seat.withdrawn_on):
                    continue
                roll = rng.random()
                if roll < diligence:
                    mark = AttendanceMark.PRESENT
                elif roll < diligence + 0.05:
                    mark = AttendanceMark.LATE
                elif roll < diligence + 0.05 + (1 - diligence - 0.05) / 2:
                    mark = AttendanceMark.EXCUSED
                else:
                    mark = AttendanceMark.ABSENT
                counts[mark] += 1
                rows[Attendance].append(
                    {
                        **self.sync_columns(),
                        "session_id": session_id,
                        "enrolment_id": seat.id,
                        "mark": mark,
                    }
                )
            if seat.status == EnrolmentStatus.ENROLLED:
                tallies[seat.person] = AttendanceTally(
                    held=len(held),
                    present=counts[AttendanceMark.PRESENT],
                    late=counts[AttendanceMark.LATE],
                    excused=counts[AttendanceMark.EXCUSED],
                    absent=counts[AttendanceMark.ABSENT],
                )
        if status == WorkshopStatus.FINISHED:
            self.finish(workshop, skill, seats, tallies, rows)
        for seat in seats:
            rows[Enrolment].append(
                {
                    **self.sync_columns(seat.id),
                    "workshop_id": workshop_id,
                    "participant_id": self.person_ids[seat.person],
                    "status": seat.status,
                    "queued_at": seat.queued_at,
                    "withdrawn_at": self.moment(seat.withdrawn_on) if seat.withdrawn_on else None,
                    "withdraw_reason": rng.choice(WITHDRAW_REASONS)
                    if seat.withdrawn_on and rng.random() < 0.7
                    else "",
                }
            )

    def enrol(
        self,
        status: WorkshopStatus,
        start: date,
        end: date,
        capacity: int,
        skill: _Skill,
        order: list[int],
        registered: list[date],
        interested: dict[str, list[int]],
    ) -> list[_Seat]:
        """Who asked for a seat, in queue order, after withdrawals and waiting-list promotion."""
        rng = self.rng
        cutoff = min(start - timedelta(days=7), self.today)
        eligible = bisect.bisect_right(registered, cutoff)
        if eligible == 0:
            return []
        full_share = rng.uniform(0.75, 1.0) if status != WorkshopStatus.PLANNED else 0.6
        wanted = round(capacity * rng.uniform(full_share, 1.0))
        if wanted >= capacity or rng.random() < 0.5:
            wanted = capacity + rng.randint(0, 3)  # withdrawals to come
            wanted += rng.randint(0, 6) if rng.random() < 0.6 else 0  # a waiting list
        wanted = min(wanted, eligible)
        chosen: dict[int, None] = {}
        fans = [i for i in interested.get(skill.code, []) if self.people[i].registered_on <= cutoff]
        rng.shuffle(fans)
        for i in fans[: int(wanted * 0.6)]:
            chosen[i] = None
        attempts = 0
        while len(chosen) < wanted and attempts < wanted * 20:
            chosen[order[rng.randrange(eligible)]] = None
            attempts += 1
        last_queue = min(cutoff + timedelta(days=6), self.today)
        first_queue = max(self.first_day, start - timedelta(days=40))
        seats: list[_Seat] = []
        for person in chosen:
            opened = min(max(first_queue, self.people[person].registered_on), last_queue)
            day = self.random_day(opened, last_queue)
            seats.append(
                _Seat(
                    person=person,
                    id=self.new_id(),
                    queued_at=self.moment(day),
                    status=EnrolmentStatus.WAITING,
                    active_from=start,
                )
            )
        seats.sort(key=lambda seat: (seat.queued_at, seat.person))
        for seat in seats[:capacity]:
            seat.status = EnrolmentStatus.ENROLLED
        waiting = [seat for seat in seats if seat.status == EnrolmentStatus.WAITING]
        enrolled = [seat for seat in seats if seat.status == EnrolmentStatus.ENROLLED]
        withdrawals = rng.choices((0, 1, 2, 3), (35, 30, 20, 15))[0]
        last_day = min(self.today, end)
        leaving: list[tuple[date, _Seat]] = []
        for seat in rng.sample(enrolled, min(withdrawals, len(enrolled))):
            first = seat.queued_at.date() + timedelta(days=1)
            if first > last_day:
                continue
            if rng.random() < 0.5 or start > last_day:
                day = self.random_day(first, min(last_day, max(first, start - timedelta(days=1))))
            else:
                day = self.random_day(max(first, start), last_day)
            leaving.append((day, seat))
        leaving.sort(key=lambda item: (item[0], item[1].person))
        for day, seat in leaving:
            seat.status = EnrolmentStatus.WITHDRAWN
            seat.withdrawn_on = day
            if waiting:  # the head of the waiting list takes the seat
                promoted = waiting.pop(0)
                promoted.status = EnrolmentStatus.ENROLLED
                promoted.active_from = max(start, day, promoted.queued_at.date())
        return seats

    def final_level(self, person: int, skill: _Skill, start: date) -> tuple[date, int] | None:
        """The level the completion rule sees: the latest assessment since the start."""
        found = [
            (a.on, a.level)
            for a in self.assessed.get(person, [])
            if a.skill == skill.code and a.on >= start
        ]
        return max(found) if found else None

    def finish(
        self,
        workshop: dict[str, Any],
        skill: _Skill,
        seats: list[_Seat],
        tallies: dict[int, AttendanceTally],
        rows: dict[type[Any], list[dict[str, Any]]],
    ) -> None:
        """Final assessments, completions, outcomes and follow-ups of a finished workshop."""
        rng = self.rng
        start: date = workshop["start_date"]
        end: date = workshop["end_date"]
        workshop_id: uuid.UUID = workshop["id"]
        rule = CompletionRule(workshop["min_attendance_share"], workshop["min_level"])
        assess_all = rule.min_level is not None or rng.random() < 0.5
        for seat in seats:
            tally = tallies.get(seat.person)
            if tally is None or seat.status != EnrolmentStatus.ENROLLED:
                continue
            if assess_all and tally.share >= 0.5:
                latest = self.final_level(seat.person, skill, start)
                if latest is None or latest[0] < end:
                    ability = 1.6 + 2.6 * tally.share + rng.gauss(0, 0.6)
                    rows[SkillAssessment].append(
                        self.assessment_row(
                            seat.person, skill, end, ability, workshop_id, "ارزیابی پایان دوره"
                        )
                    )
            latest = self.final_level(seat.person, skill, start)
            result = evaluate(rule, tally, latest[1] if latest else None)
            if not result.completed:
                continue
            seat.status = EnrolmentStatus.COMPLETED
            self.after_completion(seat.person, skill, workshop_id, end, rows)

    def after_completion(
        self,
        person: int,
        skill: _Skill,
        workshop_id: uuid.UUID,
        end: date,
        rows: dict[type[Any], list[dict[str, Any]]],
    ) -> None:
        rng = self.rng
        participant_id = self.person_ids[person]
        outcomes: list[dict[str, Any]] = []
        if rng.random() < 0.4:
            for _ in range(rng.choices((1, 2), (85, 15))[0]):
                achieved = end + timedelta(days=rng.randint(15, 330))
                if achieved > self.today:
                    continue
                outcomes.append(self.outcome(person, skill, workshop_id, achieved))
        outcomes.sort(key=lambda row: row["achieved_on"])
        rows[Outcome].extend(outcomes)
        unlinked = list(outcomes)
        for months in FOLLOW_UP_MONTHS:
            due = add_months(end, months)
            status = FollowUpStatus.DUE
            done: date | None = None
            notes = ""
            outcome_id: uuid.UUID | None = None
            if due <= self.today:
                status = rng.choices(
                    (FollowUpStatus.DONE, FollowUpStatus.UNREACHABLE, FollowUpStatus.DUE),
                    (85, 7, 8),
                )[0]
            if status != FollowUpStatus.DUE:
                done = min(self.today, due + timedelta(days=rng.randint(0, 14)))
                if status == FollowUpStatus.DONE:
                    notes = rng.choice(FOLLOW_UP_NOTES_DONE)
                    if unlinked and unlinked[0]["achieved_on"] <= done:
                        outcome_id = unlinked.pop(0)["id"]
                else:
                    notes = rng.choice(FOLLOW_UP_NOTES_UNREACHABLE)
            rows[FollowUp].append(
                {
                    **self.sync_columns(),
                    "participant_id": participant_id,
                    "workshop_id": workshop_id,
                    "months": months,
                    "due_on": due,
                    "status": status,
                    "done_on": done,
                    "outcome_id": outcome_id,
                    "notes": notes,
                }
            )

    def outcome(
        self, person: int, skill: _Skill, workshop_id: uuid.UUID, achieved: date
    ) -> dict[str, Any]:
        rng = self.rng
        neighbourhood = self.people[person].neighbourhood
        kind = _weighted(
            rng,
            (
                (OutcomeKind.HOME_BUSINESS_PERMIT, 30),
                (OutcomeKind.LOAN, 18),
                (OutcomeKind.HELPER_GROUP, 14),
                (OutcomeKind.COOPERATIVE, 12),
                (OutcomeKind.JOB, 16),
                (OutcomeKind.SELF_EMPLOYMENT, 10),
            ),
        )
        organisation = ""
        amount: int | None = None
        job_title = ""
        income: int | None = None
        notes = ""
        if kind == OutcomeKind.HOME_BUSINESS_PERMIT:
            organisation = PERMIT_ISSUER
            notes = f"مجوز مشاغل خانگی: {skill.name_fa}"
            if rng.random() < 0.4:
                income = rng.randint(6, 40) * 250_000
        elif kind == OutcomeKind.LOAN:
            organisation = _weighted(rng, LOAN_SOURCES)
            amount = rng.randint(10, 60) * 5_000_000  # 50 to 300 million tomans
            notes = f"وام قرض‌الحسنه برای راه‌اندازی کار {skill.name_fa}"
        elif kind == OutcomeKind.HELPER_GROUP:
            organisation = f"گروه همیار زنان {neighbourhood} (سازمان بهزیستی)"
        elif kind == OutcomeKind.COOPERATIVE:
            organisation = f"تعاونی تولیدی زنان {neighbourhood}"
            if rng.random() < 0.3:
                income = rng.randint(8, 40) * 250_000
        elif kind == OutcomeKind.JOB:
            job_title = rng.choice(JOB_TITLES.get(skill.category, ("کارگر ساده",)))
            organisation = normalise_input(f"{rng.choice(EMPLOYERS)} {self.fake.last_name()}")
            income = rng.randint(16, 36) * 500_000  # 8 to 18 million tomans
        else:
            income = rng.randint(6, 40) * 250_000
            notes = f"فروش محصولات {skill.name_fa} در بازارچه محله"
        return {
            **self.sync_columns(),
            "participant_id": self.person_ids[person],
            "kind": kind,
            "achieved_on": achieved,
            "organisation": organisation,
            "amount": amount,
            "job_title": job_title,
            "monthly_income": income,
            "workshop_id": workshop_id,
            "notes": notes,
        }


def _load_skills(session: Session) -> list[_Skill]:
    criteria: dict[uuid.UUID, dict[str, float]] = {}
    for skill_id, code, weight in session.execute(
        select(SkillCriterion.skill_id, SkillCriterion.code, SkillCriterion.weight)
        .where(SkillCriterion.deleted == false())
        .order_by(SkillCriterion.skill_id, SkillCriterion.position, SkillCriterion.code)
    ):
        criteria.setdefault(skill_id, {})[code] = weight
    skills = [
        _Skill(skill.code, skill.id, skill.category, skill.name_fa, criteria[skill.id])
        for skill in session.scalars(
            select(Skill)
            .where(Skill.deleted == false(), Skill.active.is_(True))
            .order_by(Skill.code)
        )
        if criteria.get(skill.id)
    ]
    if not skills:
        raise StateError(N_("The skill taxonomy is missing; demo data needs it."))
    return skills


def generate_demo(
    db: Database,
    actor: Actor,
    *,
    participants: int,
    seed: int = 1,
    progress: Progress | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Fill an empty office database with demo data; refuse one that has participants.

    ``progress(done, total)`` is called as the work advances (participants first, then
    workshops); it may raise to cancel, and then nothing is written.
    """
    started = time.perf_counter()
    if not 1 <= participants <= MAX_DEMO_PARTICIPANTS:
        raise ValidationError(
            N_("The number of demo participants must be between 1 and {max}."),
            field="participants",
            max=MAX_DEMO_PARTICIPANTS,
        )
    today = today or date.today()
    form = _intake_form()
    workshops = max(_MIN_WORKSHOPS, round(participants / _PEOPLE_PER_WORKSHOP))
    total = participants + workshops
    report: Progress = progress or (lambda _done, _total: None)
    with db.write(user_id=actor.user_id, office_code=actor.office_code, audit=False) as session:
        if session.scalar(select(Participant.id).limit(1)) is not None:
            raise StateError(
                N_(
                    "Demo data can only be added to an office with no participants; "
                    "this database already has some."
                )
            )
        rev, office_code = next_rev(session)
        demo = _Demo(
            session,
            actor,
            seed=seed,
            today=today,
            rev=rev,
            office_code=office_code,
            skills=_load_skills(session),
            form=form,
        )
        report(0, total)
        demo.add_holidays()
        for first in range(0, participants, _CHUNK):
            demo.add_participants(min(_CHUNK, participants - first))
            report(demo.counts.participants, total)
        demo.add_workshops(workshops, lambda number: report(participants + number, total))
        counts = demo.counts
        office_id = session.scalar(select(Office.id).where(Office.code == office_code))
        audit_rows(
            session,
            "offices",
            [office_id or uuid.UUID(int=0)],
            "demo",
            {
                "demo_data": {
                    "seed": seed,
                    "today": today.isoformat(),
                    **{name: getattr(counts, name) for name in vars(counts)},
                }
            },
        )
    db.analyse()  # fresh planner statistics for searching what was just loaded
    return DemoSummary(**vars(counts), seconds=time.perf_counter() - started)
