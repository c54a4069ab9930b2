"""Intake forms received from the province: a newer version is used for new interviews, and an
interview taken on an older version still opens (and completes) with that version."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from desktop.domain.errors import ValidationError
from desktop.resources import resources_root
from desktop.services.app import Services
from desktop.services.intake import DEFAULT_FORM_ID, get_form
from desktop.services.participants import ParticipantInput
from desktop.store.base import utcnow
from desktop.store.models import ReceivedForm
from tests.integration.test_intake_assessment_outcomes import full_answers

NEW_TITLE = "فرم پذیرش (نسخه استان)"


def bundled_definition() -> dict[str, Any]:
    path = resources_root() / "forms" / DEFAULT_FORM_ID / "v1.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return data


def receive(services: Services, version: int, title: str = NEW_TITLE) -> None:
    """What applying a receipt does with a form (``received_forms``)."""
    definition = copy.deepcopy(bundled_definition())
    definition["version"] = version
    definition["title"] = {"fa": title, "en": "Intake (province version)"}
    with services.db.write(audit=False) as session:
        session.add(
            ReceivedForm(
                form_id=DEFAULT_FORM_ID,
                version=version,
                definition=definition,
                received_at=utcnow(),
            )
        )


def test_a_newer_received_version_is_used_and_old_interviews_keep_theirs(
    services: Services,
) -> None:
    person = services.participants.register(ParticipantInput("زهرا", "کریمی")).id
    bundled = get_form(DEFAULT_FORM_ID)
    old = services.intake.start(person)
    assert old.form_version == bundled.version

    receive(services, bundled.version + 1)

    assert services.intake.form().version == bundled.version + 1
    assert services.intake.form().title["fa"] == NEW_TITLE
    assert get_form(DEFAULT_FORM_ID).version == bundled.version  # without the database
    new = services.intake.start(person)
    assert new.form_version == bundled.version + 1
    # The old interview opens with the version it was taken on and completes against it.
    old_form = services.intake.form(old.form_id, old.form_version)
    assert old_form.version == bundled.version and old_form.title == bundled.title
    done = services.intake.complete(old.id, full_answers(old_form))
    assert done.form_version == bundled.version
    finished = services.intake.complete(
        new.id, full_answers(services.intake.form(new.form_id, new.form_version))
    )
    assert finished.form_version == bundled.version + 1


def test_a_received_copy_of_a_bundled_version_does_not_replace_it(services: Services) -> None:
    bundled = get_form(DEFAULT_FORM_ID)
    receive(services, bundled.version, title="عنوان دیگر")
    assert services.intake.form().title == bundled.title
    assert services.intake.form(DEFAULT_FORM_ID, bundled.version).title == bundled.title


def test_a_broken_received_form_is_ignored(services: Services) -> None:
    bundled = get_form(DEFAULT_FORM_ID)
    with services.db.write(audit=False) as session:
        session.add(
            ReceivedForm(
                form_id=DEFAULT_FORM_ID,
                version=bundled.version + 5,
                definition={"form_id": DEFAULT_FORM_ID, "version": bundled.version + 5},
                received_at=utcnow(),
            )
        )
    assert services.intake.form().version == bundled.version
    with pytest.raises(ValidationError):
        services.intake.form(DEFAULT_FORM_ID, bundled.version + 5)
