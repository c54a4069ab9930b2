"""The assessment dialog: skills grouped and searchable, one level selector per rubric
criterion, the overall level computed live by the service's rule, inline messages, Enter saves,
Esc cancels (asking first when something was chosen), nothing blocking."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop.domain.enums import EnrolmentStatus
from desktop.domain.levels import weighted_level
from desktop.gui.assessments.dialog import AssessmentDialog
from desktop.gui.assessments.level_selector import LevelSelector
from desktop.gui.context import GuiContext
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.skills import category_name
from desktop.services.workshops import WorkshopInput
from desktop.store.models import SkillAssessment

pytest_plugins = ["tests.gui.conftest_registry"]

TODAY = date.today()
TypeText = Callable[[QWidget, str], None]
# CARPET_WEAVING weights 3, 3, 1, 2, 2: scores 5, 5, 1, 2, 2 give 39/11 = 3.55 → level 4.
CARPET_SCORES = {"KNOTTING": 5, "PATTERN_READING": 5, "LOOM_SETUP": 1, "FINISHING": 2,
                 "PRODUCTIVITY": 2}  # fmt: skip


@pytest.fixture
def person(services: Services) -> uuid.UUID:
    return services.participants.register(ParticipantInput("مریم", "رضایی")).id


def open_dialog(
    qtbot: QtBot, ctx: GuiContext, person: uuid.UUID, skill_id: uuid.UUID | None = None
) -> AssessmentDialog:
    dialog = AssessmentDialog(ctx, person, skill_id)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=5000):
        dialog.show()
    return dialog


def score(dialog: AssessmentDialog, scores: dict[str, int]) -> None:
    for row in dialog.rows:
        if row.code in scores:
            row.selector.set_level(scores[row.code])


def stored(services: Services, person: uuid.UUID) -> list[SkillAssessment]:
    return services.skills.for_participant(person)


def test_skills_are_grouped_by_category_with_persian_names(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    dialog = open_dialog(qtbot, ctx, person)
    model = dialog.skill_model
    texts = [model.item(row).text() for row in range(model.rowCount())]
    headings = [
        model.item(row).text() for row in range(model.rowCount()) if not model.item(row).isEnabled()
    ]
    skills = services.skills.skills()
    assert len(texts) == len(skills) + len(headings)
    assert headings[0] == category_name("HANDICRAFT") == "صنایع دستی"
    assert "قالی‌بافی" in texts and "خیاطی" in texts
    assert texts.index("صنایع دستی") < texts.index("قالی‌بافی")
    assert dialog.assessor.text() == "زهرا احمدی"
    assert dialog.assessed_on.date_value() == TODAY
    assert dialog.chosen_rubric() is None
    assert not dialog.save_button.isEnabled()
    assert dialog.heading.text() == _("Assessing {name}").format(name="مریم رضایی")


def test_typing_searches_with_arabic_letters_and_chooses_the_only_match(
    qtbot: QtBot, ctx: GuiContext, person: uuid.UUID, type_text: TypeText
) -> None:
    dialog = open_dialog(qtbot, ctx, person)
    dialog.skill.setFocus()
    type_text(dialog.skill_line, "قالي")  # Arabic yeh; finds قالی‌بافی only (not رفوگری فرش)
    assert dialog.skill_filter.rowCount() == 1
    dialog.skill_line.editingFinished.emit()
    rubric = dialog.chosen_rubric()
    assert rubric is not None and rubric.skill.code == "CARPET_WEAVING"
    assert [row.code for row in dialog.rows] == list(CARPET_SCORES)
    weights = [row.weight.text() for row in dialog.rows]
    assert weights == [_("weight {weight}").format(weight=w) for w in "۳۳۱۲۲"]


def test_overall_level_is_live_and_matches_the_domain_rule(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    dialog = open_dialog(qtbot, ctx, person, carpet.id)
    assert dialog.overall.text() == "—"
    score(dialog, {"KNOTTING": 5, "PATTERN_READING": 5})
    assert dialog.overall.text() == "—"
    assert "۲" in dialog.overall_detail.text() and "۵" in dialog.overall_detail.text()
    score(dialog, CARPET_SCORES)
    weights = {c.code: c.weight for c in services.skills.criteria(carpet.id)}
    expected = weighted_level(CARPET_SCORES, weights)
    assert expected == 4  # a plain mean would say 3
    assert dialog.overall_level() == expected
    assert dialog.overall.text() == f"۴ — {_('Skilled')}"
    assert "۳٫۵۵" in dialog.overall_detail.text()
    assert dialog.save_button.isEnabled()


def test_enter_saves_the_rubric_scores(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    dialog = open_dialog(qtbot, ctx, person, carpet.id)
    score(dialog, CARPET_SCORES)
    dialog.notes.setPlainText("  دو نمونه فرش کوچک  ")
    dialog.assessed_on.set_date_value(TODAY - timedelta(days=2))
    with qtbot.waitSignal(dialog.saved, timeout=5000) as saved:
        qtbot.keyClick(dialog.rows[0].selector, Qt.Key.Key_Return)
    [row] = stored(services, person)
    assert saved.args[0].id == row.id
    assert row.level == 4 and row.rubric_scores == CARPET_SCORES
    assert row.assessed_on == TODAY - timedelta(days=2)
    assert row.notes == "دو نمونه فرش کوچک"
    assert row.assessor_id == services.actor.user_id
    assert not dialog.isVisible()


def test_enter_with_criteria_unscored_shows_why_and_saves_nothing(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    dialog = open_dialog(qtbot, ctx, person, carpet.id)
    score(dialog, {"KNOTTING": 4})
    first_missing = dialog.rows[1]
    assert first_missing.error.isHidden()  # untouched rows stay quiet …
    qtbot.keyClick(dialog.rows[0].selector, Qt.Key.Key_Return)
    qtbot.wait(50)
    assert stored(services, person) == []
    assert dialog.isVisible()
    assert not first_missing.error.isHidden()  # … until a save is asked for
    assert first_missing.error.text() == _("Give a score for \u201c{name}\u201d.").format(
        name=first_missing.name.text()
    )
    assert dialog.focusWidget() is first_missing.selector
    assert dialog.rows[0].error.isHidden()


def test_a_future_date_is_refused_inline(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    dialog = open_dialog(qtbot, ctx, person, sewing.id)
    for row in dialog.rows:
        row.selector.set_level(3)
    assert dialog.save_button.isEnabled()
    dialog.assessed_on.set_date_value(TODAY + timedelta(days=1))
    assert not dialog.save_button.isEnabled()
    assert dialog.date_error.text() == _("The assessment date is in the future.")
    dialog.assessed_on.line.setText("۱۴۰۳/۱۳/۰۱")
    dialog.assessed_on.line.textEdited.emit(dialog.assessed_on.line.text())
    assert not dialog.save_button.isEnabled()
    assert dialog.date_error.text()


def test_the_level_selector_takes_digits_in_any_script_and_arrows(
    qtbot: QtBot, gui_app: object
) -> None:
    selector = LevelSelector()
    selector.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    qtbot.addWidget(selector)
    selector.show()
    qtbot.keyClicks(selector, "3")
    assert selector.level() == 3
    selector.keyPressEvent(_key_event("۵"))
    assert selector.level() == 5
    selector.keyPressEvent(_key_event("٢"))  # Arabic-Indic two
    assert selector.level() == 2
    qtbot.keyClick(selector, Qt.Key.Key_Left)  # right to left: left is the higher level
    assert selector.level() == 3
    qtbot.keyClick(selector, Qt.Key.Key_Right)
    assert selector.level() == 2
    assert selector.buttons[2].isChecked() and not selector.buttons[3].isChecked()
    qtbot.keyClick(selector, Qt.Key.Key_Delete)
    assert selector.level() is None
    assert not any(button.isChecked() for button in selector.buttons.values())
    selector.buttons[4].click()
    assert selector.level() == 4
    selector.buttons[4].click()  # clicking the chosen level keeps it
    assert selector.level() == 4


def _key_event(text: str) -> object:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    return QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, text)


def test_workshop_link_lists_the_persons_workshops_of_that_skill(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    carpet = services.skills.skill_by_code("CARPET_WEAVING")
    made = []
    for title, skill in (("خیاطی مقدماتی", sewing), ("قالی‌بافی", carpet)):
        workshop = services.workshops.create(
            WorkshopInput(title, skill.id, 10, 20, TODAY - timedelta(days=10))
        )
        result = services.workshops.enrol(workshop.id, person)
        assert result.enrolment.status == EnrolmentStatus.ENROLLED
        made.append(workshop)
    dialog = open_dialog(qtbot, ctx, person, sewing.id)
    items = [dialog.workshop.itemText(i) for i in range(dialog.workshop.count())]
    assert items[0] == _("Not linked to a workshop")
    assert len(items) == 2 and items[1].startswith("خیاطی مقدماتی")
    dialog.workshop.setCurrentIndex(1)
    for row in dialog.rows:
        row.selector.set_level(2)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save_button.click()
    [row] = stored(services, person)
    assert row.workshop_id == made[0].id


@pytest.mark.parametrize(("discard", "closes"), [(False, False), (True, True)])
def test_esc_asks_before_throwing_scores_away(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    person: uuid.UUID,
    monkeypatch: pytest.MonkeyPatch,
    discard: bool,
    closes: bool,
) -> None:
    def blocking(*_args: object) -> None:
        raise AssertionError("a blocking QMessageBox.question was used")

    monkeypatch.setattr(QMessageBox, "question", blocking)
    dialog = open_dialog(qtbot, ctx, person, services.skills.skill_by_code("SEWING").id)
    dialog.rows[0].selector.set_level(3)
    qtbot.keyClick(dialog.rows[0].selector, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert isinstance(box, QMessageBox) and box.isVisible()
    button = QMessageBox.StandardButton.Discard if discard else QMessageBox.StandardButton.Cancel
    box.button(button).click()
    qtbot.waitUntil(lambda: dialog.discard_box is None, timeout=2000)
    assert dialog.isVisible() is not closes
    assert stored(services, person) == []


def test_esc_closes_at_once_when_nothing_was_chosen(
    qtbot: QtBot, ctx: GuiContext, person: uuid.UUID
) -> None:
    dialog = open_dialog(qtbot, ctx, person)
    with qtbot.waitSignal(dialog.rejected, timeout=2000):
        qtbot.keyClick(dialog.skill_line, Qt.Key.Key_Escape)
    assert dialog.discard_box is None


def test_a_service_refusal_shows_inline_and_nothing_is_saved(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    dialog = open_dialog(qtbot, ctx, person, sewing.id)
    for row in dialog.rows:
        row.selector.set_level(3)
    # The person's record disappears between opening the dialog and saving it.
    with services.db.write() as session:
        from desktop.store.models import Participant

        found = session.get(Participant, person)
        assert found is not None
        found.deleted = True
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.status.text() != "", timeout=5000)
    assert dialog.status.text() == _("The participant was not found.")
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    with services.db.read() as session:
        assert session.query(SkillAssessment).count() == 0


def test_enter_in_the_skill_box_saves_too(
    qtbot: QtBot, ctx: GuiContext, services: Services, person: uuid.UUID
) -> None:
    sewing = services.skills.skill_by_code("SEWING")
    dialog = open_dialog(qtbot, ctx, person, sewing.id)
    for row in dialog.rows:
        row.selector.set_level(5)
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(dialog.skill_line, Qt.Key.Key_Return)
    assert [row.level for row in stored(services, person)] == [5]
