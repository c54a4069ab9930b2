"""The skill taxonomy and its rubrics, kept as data (``resources/skills/taxonomy.json``).

Skill and criterion ids are derived from their codes (UUID v5), so every office and the province
give the same trade the same id without talking to each other. Reference data belongs to the
province: its rows carry ``origin_office = PROVINCE`` and offices never export them.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.resources import resource_path
from desktop.store.models import Skill, SkillCriterion

PROVINCE_ORIGIN = "PROVINCE"
_NAMESPACE = uuid.UUID("5b0c6f0e-3f55-4a8e-9a53-6d1c1d4f2a10")


def skill_uuid(code: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"skill:{code}")


def criterion_uuid(skill_code: str, criterion_code: str) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"criterion:{skill_code}:{criterion_code}")


def load_taxonomy() -> dict[str, Any]:
    with resource_path("skills", "taxonomy.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def seed_taxonomy(session: Session, data: dict[str, Any] | None = None) -> int:
    """Insert or update skills and criteria from taxonomy data; returns the number of skills."""
    taxonomy = data or load_taxonomy()
    existing = {skill.code: skill for skill in session.scalars(select(Skill))}
    existing_criteria = {
        criterion.id: criterion for criterion in session.scalars(select(SkillCriterion))
    }
    for item in taxonomy["skills"]:
        skill = existing.get(item["code"])
        if skill is None:
            skill = Skill(id=skill_uuid(item["code"]), code=item["code"])
            skill.origin_office = PROVINCE_ORIGIN
            session.add(skill)
        skill.category = item["category"]
        skill.name_fa = item["name_fa"]
        skill.name_en = item["name_en"]
        skill.active = item.get("active", True)
        for position, criterion_data in enumerate(item["criteria"]):
            criterion_id = criterion_uuid(item["code"], criterion_data["code"])
            criterion = existing_criteria.get(criterion_id)
            if criterion is None:
                criterion = SkillCriterion(
                    id=criterion_id, skill_id=skill.id, code=criterion_data["code"]
                )
                criterion.origin_office = PROVINCE_ORIGIN
                session.add(criterion)
            criterion.name_fa = criterion_data["name_fa"]
            criterion.name_en = criterion_data["name_en"]
            criterion.weight = float(criterion_data["weight"])
            criterion.position = position
    return len(taxonomy["skills"])
