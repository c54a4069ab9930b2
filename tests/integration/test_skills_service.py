"""The skill service beyond single assessments: rubrics as data, history per skill, workshops
an assessment can be linked to, and the one rule function the dialog and the service share."""

from __future__ import annotations

import copy
import uuid
from datetime import date, timedelta

import pytest

from desktop.domain.errors import ValidationError
from desktop.domain.levels import weighted_level
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.skills import (
    FUTURE_DATE,
    NO_SCORES,
    SCORE_MISSING,
    SCORE_OFF_SCALE,
    UNKNOWN_CRITERION,
    AssessmentInput,
    assessment_problems,
    category_name,
)
from desktop.services.taxonomy import load_taxonomy, seed_taxonomy
from desktop.services.workshops import WorkshopInput
from desktop.store.models import Skill

TODAY = date.today()


@pytest.fixture
def person(services: Services) -> uuid.UUID:
    return services.participants.register(ParticipantInput("زهرا", "کریمی")).id


def test_every_skill_in_the_taxonomy_has_a_weighted_rubric(services: Services) -> None:
    rubrics = services.skills.rubrics()
    taxonomy = load_taxonomy()
    assert {r.skill.code for r in rubrics} == {s["code"] for s in taxonomy["skills"]}
    for rubric in rubrics:
        assert 3 <= len(rubric.criteria) <= 5, rubric.skill.code
        assert all(c.weight > 0 and c.name_fa.strip() for c in rubric.criteria)
        assert [c.position for c in rubric.criteria] == list(range(len(rubric.criteria)))
        # every rubric can produce every level
        for level in (1, 3, 5):
            assert weighted_level({c.code: level for c in rubric.criteria}, rubric.weights) == level


def test_rubrics_are_grouped_in_the_taxonomys_category_order(services: Services) -> None:
    order = [c["code"] for c in load_taxonomy()["categories"]]
    seen = [r.skill.category for r in services.skills.rubrics()]
    grouped = [code for number, code in enumerate(seen) if number == 0 or seen[number - 1] != code]
    assert grouped == [code for code in order if code in seen]  # each category once, in order
    assert category_name("HANDICRAFT") == "صنایع دستی"
    assert category_name("NEW_FROM_PROVINCE") == "NEW_FROM_PROVINCE"


def test_rubric_of_one_skill(services: Services) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    rubric = services.skills.rubric(carpet.id)
    assert rubric.skill.id == carpet.id
    assert rubric.weights == {
        "KNOTTING": 3,
        "PATTERN_READING": 3,
        "LOOM_SETUP": 1,
        "FINISHING": 2,
        "PRODUCTIVITY": 2,
    }


def test_the_province_extends_the_taxonomy_as_data(services: Services, person: uuid.UUID) -> None:
    """A new category and trade arrive as reference data: no code change needed. A trade
    without criteria yet is assessed with an overall level."""
    data = copy.deepcopy(load_taxonomy())
    data["categories"].append({"code": "TOURISM", "name_fa": "گردشگری", "name_en": "Tourism"})
    data["skills"].append(
        {
            "code": "TOUR_GUIDE",
            "category": "TOURISM",
            "name_fa": "راهنمای گردشگری",
            "name_en": "Tour guiding",
            "criteria": [],
        }
    )
    data["skills"][0]["criteria"].append(
        {"code": "DYEING", "name_fa": "رنگرزی", "name_en": "Dyeing", "weight": 2}
    )
    with services.db.write() as session:
        seed_taxonomy(session, data)
    rubrics = {r.skill.code: r for r in services.skills.rubrics()}
    assert rubrics["TOUR_GUIDE"].criteria == []
    assert rubrics["CARPET_WEAVING"].criteria[-1].code == "DYEING"
    assert list(rubrics)[-1] == "TOUR_GUIDE"  # an unknown category comes last
    guide = rubrics["TOUR_GUIDE"].skill
    row = services.skills.assess(AssessmentInput(person, guide.id, TODAY, level=3))
    assert row.level == 3
    with pytest.raises(ValidationError):  # the old five scores no longer cover the rubric
        services.skills.assess(
            AssessmentInput(
                person,
                rubrics["CARPET_WEAVING"].skill.id,
                TODAY,
                scores={c.code: 3 for c in rubrics["CARPET_WEAVING"].criteria[:-1]},
            )
        )


def test_history_groups_by_skill_oldest_first(services: Services, person: uuid.UUID) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    for days, skill, level in ((40, sewing, 1), (10, carpet, 3), (20, sewing, 3), (1, sewing, 2)):
        services.skills.assess(
            AssessmentInput(person, skill.id, TODAY - timedelta(days=days), level=level)
        )
    history = {h.skill.code: h for h in services.skills.history(person)}
    assert [a.level for a in history["SEWING"].assessments] == [1, 3, 2]
    assert history["SEWING"].change == 1
    latest = history["SEWING"].latest
    assert latest is not None and latest.assessed_on == TODAY - timedelta(days=1)
    assert history["CARPET_WEAVING"].change == 0
    names = [h.skill.name_fa for h in services.skills.history(person)]
    assert names == sorted(names)
    assert (
        services.skills.history(
            services.participants.register(ParticipantInput("مریم", "احمدی")).id
        )
        == []
    )


def test_inactive_skill_cannot_be_assessed(services: Services, person: uuid.UUID) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    with services.db.write() as session:
        row = session.get(Skill, sewing.id)
        assert row is not None
        row.active = False
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(AssessmentInput(person, sewing.id, TODAY, level=3))
    assert caught.value.field == "skill"
    assert services.skills.for_participant(person) == []
    assert "SEWING" not in {r.skill.code for r in services.skills.rubrics()}


def test_workshop_link_must_teach_the_same_skill(services: Services, person: uuid.UUID) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    workshop = services.workshops.create(
        WorkshopInput("قالی‌بافی", carpet.id, 10, 20, TODAY - timedelta(days=3))
    )
    services.workshops.enrol(workshop.id, person)
    [linkable] = services.skills.linkable_workshops(person)
    assert (linkable.id, linkable.skill_id, linkable.title) == (workshop.id, carpet.id, "قالی‌بافی")
    with pytest.raises(ValidationError) as caught:
        services.skills.assess(
            AssessmentInput(person, sewing.id, TODAY, level=2, workshop_id=workshop.id)
        )
    assert caught.value.field == "workshop"
    row = services.skills.assess(
        AssessmentInput(person, carpet.id, TODAY, level=2, workshop_id=workshop.id)
    )
    assert row.workshop_id == workshop.id
    enrolment = services.workshops.enrolments(workshop.id)[0][0]
    services.workshops.withdraw(enrolment.id)
    assert services.skills.linkable_workshops(person) == []


def test_assessor_is_the_signed_in_user(services: Services) -> None:
    assert services.skills.assessor_name() == "زهرا احمدی"


def test_assessment_problems_lists_every_problem(services: Services) -> None:
    criteria = services.skills.criteria(services.skills.skill_by_code("CARPET_WEAVING").id)
    level, problems = assessment_problems(
        criteria,
        scores={"KNOTTING": 6, "SPEED": 2, "LOOM_SETUP": 3, "FINISHING": 3, "PRODUCTIVITY": 3},
        level=None,
        assessed_on=TODAY + timedelta(days=1),
        today=TODAY,
    )
    assert level is None
    found = [(p.msgid, p.params.get("criterion")) for p in problems]
    assert found == [
        (FUTURE_DATE, None),
        (UNKNOWN_CRITERION, "SPEED"),
        (SCORE_OFF_SCALE, "KNOTTING"),
        (SCORE_MISSING, "PATTERN_READING"),
    ]
    assert criteria[1].name_fa in problems[-1].message

    level, problems = assessment_problems(
        criteria,
        scores={c.code: 4 for c in criteria},
        level=1,  # ignored: the rubric decides
        assessed_on=TODAY,
        today=TODAY,
    )
    assert (level, problems) == (4, [])
    level, problems = assessment_problems(
        criteria, scores=None, level=None, assessed_on=None, today=TODAY
    )
    assert level is None and [p.msgid for p in problems] == [NO_SCORES]
