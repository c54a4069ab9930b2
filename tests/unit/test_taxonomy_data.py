"""The shipped skill taxonomy (resources/skills/taxonomy.json) is well formed."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

TAXONOMY = Path(__file__).resolve().parents[2] / "resources" / "skills" / "taxonomy.json"
CODE_RE = re.compile(r"[A-Z][A-Z0-9]*(_[A-Z0-9]+)*")
ZWNJ = "\u200c"
REQUIRED_SKILLS = {
    "CARPET_WEAVING",
    "SEWING",
    "HANDICRAFTS",
    "FOOD_PROCESSING",
    "HAIRDRESSING",
    "COMPUTER_SKILLS",
    "ONLINE_SELLING",
    "BOOKKEEPING",
}


@pytest.fixture(scope="module")
def raw_text() -> str:
    return TAXONOMY.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def taxonomy(raw_text: str) -> dict[str, Any]:
    data = json.loads(raw_text)
    assert isinstance(data, dict)
    return data


def test_version(taxonomy: dict[str, Any]) -> None:
    assert taxonomy["version"] == 1


def test_categories_are_unique_and_named(taxonomy: dict[str, Any]) -> None:
    codes = [c["code"] for c in taxonomy["categories"]]
    assert len(codes) == len(set(codes))
    for category in taxonomy["categories"]:
        assert CODE_RE.fullmatch(category["code"]), category["code"]
        assert category["name_fa"].strip() and category["name_en"].strip()


def test_at_least_24_skills_with_unique_codes(taxonomy: dict[str, Any]) -> None:
    codes = [s["code"] for s in taxonomy["skills"]]
    assert len(codes) >= 24
    assert len(codes) == len(set(codes))
    for code in codes:
        assert CODE_RE.fullmatch(code), code


def test_every_skill_category_exists(taxonomy: dict[str, Any]) -> None:
    categories = {c["code"] for c in taxonomy["categories"]}
    for skill in taxonomy["skills"]:
        assert skill["category"] in categories, skill["code"]


def test_every_skill_has_names(taxonomy: dict[str, Any]) -> None:
    for skill in taxonomy["skills"]:
        assert skill["name_fa"].strip(), skill["code"]
        assert skill["name_en"].strip(), skill["code"]


def test_every_skill_has_3_to_5_criteria(taxonomy: dict[str, Any]) -> None:
    for skill in taxonomy["skills"]:
        criteria = skill["criteria"]
        assert 3 <= len(criteria) <= 5, skill["code"]
        codes = [c["code"] for c in criteria]
        assert len(codes) == len(set(codes)), skill["code"]
        for criterion in criteria:
            assert CODE_RE.fullmatch(criterion["code"]), criterion["code"]
            weight = criterion["weight"]
            assert isinstance(weight, int) and not isinstance(weight, bool)
            assert 1 <= weight <= 3, (skill["code"], criterion["code"])
            assert criterion["name_fa"].strip() and criterion["name_en"].strip()


def test_no_arabic_yeh_or_kaf(raw_text: str) -> None:
    assert "\u064a" not in raw_text  # ARABIC LETTER YEH
    assert "\u0643" not in raw_text  # ARABIC LETTER KAF


def test_required_trades_present(taxonomy: dict[str, Any]) -> None:
    codes = {s["code"] for s in taxonomy["skills"]}
    assert not REQUIRED_SKILLS - codes, REQUIRED_SKILLS - codes


def test_standard_zwnj_spelling(taxonomy: dict[str, Any]) -> None:
    names = {s["code"]: s["name_fa"] for s in taxonomy["skills"]}
    assert names["CARPET_WEAVING"] == f"قالی{ZWNJ}بافی"
    assert names["SEWING"] == "خیاطی"
    assert names["PASTRY"] == f"شیرینی{ZWNJ}پزی"
