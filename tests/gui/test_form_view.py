"""The form engine: renders any form definition, hides irrelevant questions live, round-trips
answers and raw state, accepts any digits and shows each error next to its question."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.domain.forms import FormDefinition, Question, clean_answers, validate_answers
from desktop.gui.app import configure_application
from desktop.gui.intake.form_view import (
    ComboChoiceQuestion,
    DateQuestion,
    FormView,
    LongTextQuestion,
    MultipleChoiceQuestion,
    NumberQuestion,
    RadioChoiceQuestion,
    TextQuestion,
    Unparsed,
    YesNoQuestion,
    answers_from_raw,
)
from desktop.services.intake import get_form


def full_answers(form: FormDefinition, today: date | None = None) -> dict[str, Any]:
    """A complete, valid answer set that makes as many questions relevant as possible."""
    day = today or date.today()
    answers: dict[str, Any] = {}
    for question in form.questions():
        answers[question.id] = _sample(question, day)
    # Make the conditions hold (earlier targets first; later conditions may add to lists).
    for question in form.questions():
        condition = question.relevant_when
        if condition is None:
            continue
        target = form.question(condition.question)
        if condition.operator == "contains":
            chosen = list(answers[target.id])
            if condition.value not in chosen:
                chosen.append(condition.value)
            limit = target.max_choices or len(target.choices)
            answers[target.id] = chosen[-limit:]
        elif condition.operator == "equals":
            answers[target.id] = condition.value
        else:
            assert isinstance(condition.value, tuple)
            answers[target.id] = condition.value[0]
    assert validate_answers(form, answers, complete=True, today=day) == []
    return answers


def _sample(question: Question, day: date) -> Any:
    kind = question.type
    if kind == "text":
        return "خیاطی و دوخت لباس"
    if kind == "long_text":
        return "پنج سال خیاطی در منزل،\nفروش به همسایه‌ها"
    if kind == "number":
        low = question.min_value if question.min_value is not None else 0
        return max(int(low), 1) if question.max_value is None or question.max_value >= 1 else 0
    if kind == "single_choice":
        return question.choices[0].value
    if kind == "multiple_choice":
        return [next(c.value for c in question.choices if not c.exclusive)]
    if kind == "yes_no":
        return True
    return day.isoformat()


def texts(fa: str, en: str | None = None) -> dict[str, str]:
    return {"fa": fa, "en": en or fa}


ALL_TYPES = FormDefinition.from_dict(
    {
        "form_id": "all-types",
        "version": 1,
        "title": texts("همه انواع", "All types"),
        "sections": [
            {
                "id": "one",
                "title": texts("بخش یک", "Part one"),
                "questions": [
                    {"id": "name", "type": "text", "label": texts("نام"), "max_length": 20},
                    {"id": "story", "type": "long_text", "label": texts("شرح"), "required": True},
                    {
                        "id": "income",
                        "type": "number",
                        "label": texts("درآمد"),
                        "min": 0,
                        "max": 1000000000,
                        "unit": texts("تومان", "toman"),
                    },
                    {
                        "id": "colour",
                        "type": "single_choice",
                        "label": texts("رنگ"),
                        "choices": [
                            {"value": v, "label": texts(f"رنگ {v}")} for v in ("red", "blue")
                        ],
                    },
                    {
                        "id": "city",
                        "type": "single_choice",
                        "label": texts("شهر"),
                        "choices": [
                            {"value": f"c{i}", "label": texts(f"شهر {i}")} for i in range(8)
                        ],
                    },
                ],
            },
            {
                "id": "two",
                "title": texts("بخش دو", "Part two"),
                "questions": [
                    {
                        "id": "tools",
                        "type": "multiple_choice",
                        "label": texts("ابزار"),
                        "max_choices": 2,
                        "choices": [
                            {"value": "loom", "label": texts("دار قالی")},
                            {"value": "sewing", "label": texts("چرخ خیاطی")},
                            {"value": "oven", "label": texts("فر")},
                            {"value": "none", "label": texts("هیچ‌کدام"), "exclusive": True},
                        ],
                    },
                    {"id": "married", "type": "yes_no", "label": texts("متأهل؟")},
                    {
                        "id": "wedding",
                        "type": "date",
                        "label": texts("تاریخ ازدواج"),
                        "not_in_future": True,
                        "relevant_when": {"question": "married", "equals": True},
                    },
                ],
            },
            {
                "id": "three",
                "title": texts("فقط برای دارندگان فر", "Oven owners only"),
                "questions": [
                    {
                        "id": "oven_size",
                        "type": "number",
                        "label": texts("اندازه فر"),
                        "integer": True,
                        "relevant_when": {"question": "tools", "contains": "oven"},
                    }
                ],
            },
        ],
    }
)


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    configure_application(qapp)
    return qapp


def make_view(qtbot: QtBot, form: FormDefinition) -> FormView:
    view = FormView(form)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def intake(app: QApplication, qtbot: QtBot) -> FormView:
    return make_view(qtbot, get_form("intake-default"))


@pytest.fixture
def all_types(app: QApplication, qtbot: QtBot) -> FormView:
    return make_view(qtbot, ALL_TYPES)


def type_text(widget: QWidget, text: str) -> None:
    """Type like a keyboard, any script (QTest.keyClicks only knows Latin-1)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def shown(view: FormView, qid: str) -> bool:
    return not view.field(qid).isHidden()


# --- rendering ---------------------------------------------------------------------------------


def test_renders_every_question_of_the_shipped_form(intake: FormView) -> None:
    form = intake.form
    kinds = {
        "text": TextQuestion,
        "long_text": LongTextQuestion,
        "number": NumberQuestion,
        "multiple_choice": MultipleChoiceQuestion,
        "yes_no": YesNoQuestion,
        "date": DateQuestion,
    }
    for question in form.questions():
        widget = intake.field(question.id)
        if question.type == "single_choice":
            expected = ComboChoiceQuestion if len(question.choices) > 6 else RadioChoiceQuestion
        else:
            expected = kinds[question.type]
        assert isinstance(widget, expected), question.id
        assert question.label["fa"] in widget.label.text()
        assert ("*" in widget.label.text()) == question.required
    # Sections in the navigation list, in order, in Persian.
    titles = [intake.sections.item(i).text() for i in range(intake.sections.count())]
    assert titles == [s.title["fa"] for s in form.sections]
    # Units next to number fields; help under the question.
    income = intake.field("monthly_household_income")
    assert isinstance(income, NumberQuestion) and income.unit is not None
    assert income.unit.text() == "تومان"
    assert income.edit.placeholderText().startswith("۰")
    assert "نوع کار" in intake.field("work_experience").help.text()
    # Nothing is answered and no error is shown on a fresh form.
    assert intake.answers() == {}
    assert intake.errors_shown() == {}


def test_the_section_list_model_is_sound(intake: FormView, qtmodeltester: Any) -> None:
    qtmodeltester.check(intake.sections.model())


def test_choosing_a_section_scrolls_to_it_and_focuses_its_first_question(
    intake: FormView, qtbot: QtBot
) -> None:
    intake.activateWindow()
    intake.sections.setCurrentRow(5)  # goals
    intake._enter_section()
    assert intake.scroll_area.verticalScrollBar().value() > 0
    qtbot.waitUntil(lambda: intake.field("goals").has_focus_inside())
    # Ctrl+PageDown goes on to the next section (consent), Ctrl+PageUp back.
    intake.step_section(1)
    assert intake.sections.currentRow() == 6
    qtbot.waitUntil(lambda: intake.field("consent_data_use").has_focus_inside())
    intake.step_section(-1)
    assert intake.sections.currentRow() == 5


# --- relevance ---------------------------------------------------------------------------------


def test_relevance_hides_and_shows_questions_live(intake: FormView, qtbot: QtBot) -> None:
    head = intake.field("head_of_household")
    assert isinstance(head, YesNoQuestion)
    assert not shown(intake, "head_of_household_reason")
    with qtbot.waitSignal(intake.changed):
        qtbot.mouseClick(head.yes, Qt.MouseButton.LeftButton)
    assert shown(intake, "head_of_household_reason")
    qtbot.mouseClick(head.no, Qt.MouseButton.LeftButton)
    assert not shown(intake, "head_of_household_reason")

    barriers = intake.field("barriers")
    assert isinstance(barriers, MultipleChoiceQuestion)
    childcare = next(b for b in barriers.boxes if b.property("choice") == "childcare")
    for qid in ("children_under_6", "childcare_at_workshop"):
        assert not shown(intake, qid)
    childcare.click()
    for qid in ("children_under_6", "childcare_at_workshop"):
        assert shown(intake, qid)
    # What was typed into a question that is hidden again is kept, but not answered.
    children = intake.field("children_under_6")
    assert isinstance(children, NumberQuestion)
    children.edit.setText("۲")
    assert intake.answers()["children_under_6"] == "۲"
    childcare.click()
    assert not shown(intake, "children_under_6")
    assert "children_under_6" not in intake.answers()
    assert intake.raw_state()["children_under_6"] == "۲"


def test_a_section_with_no_relevant_question_is_hidden(all_types: FormView) -> None:
    section_three = all_types._groups["three"]
    assert section_three.isHidden() and all_types.sections.item(2).isHidden()
    all_types.set_answer("tools", ["oven"])
    assert not section_three.isHidden() and not all_types.sections.item(2).isHidden()


def test_follow_up_of_a_hidden_question_is_hidden_too(all_types: FormView) -> None:
    all_types.set_answer("married", True)
    assert shown(all_types, "wedding")
    all_types.set_answer("married", None)
    assert not shown(all_types, "wedding")


# --- round trips -------------------------------------------------------------------------------

ALL_TYPES_ANSWERS: dict[str, Any] = {
    "name": "زهرا",
    "story": "سه سال\nخیاطی",
    "income": 2500000,
    "colour": "blue",
    "city": "c6",
    "tools": ["loom", "oven"],
    "married": True,
    "wedding": "2001-01-01",
    "oven_size": 60,
}


def test_every_type_round_trips_set_answers_and_answers(all_types: FormView) -> None:
    all_types.set_answers(ALL_TYPES_ANSWERS)
    answers = all_types.answers()
    assert clean_answers(ALL_TYPES, answers) == ALL_TYPES_ANSWERS
    # Numbers are shown grouped with Persian digits; dates in Jalali.
    income = all_types.field("income")
    assert isinstance(income, NumberQuestion)
    assert income.edit.text() == "۲٬۵۰۰٬۰۰۰"
    wedding = all_types.field("wedding")
    assert isinstance(wedding, DateQuestion)
    assert wedding.edit.line.text() == "۱۳۷۹/۱۰/۱۲"
    city = all_types.field("city")
    assert isinstance(city, ComboChoiceQuestion) and city.combo.currentData() == "c6"
    # Clearing: set_answers with nothing clears every question.
    all_types.set_answers({})
    assert all_types.answers() == {}
    assert all_types.raw_state()["married"] is None


def test_no_answer_is_a_valid_state_for_every_type(all_types: FormView) -> None:
    all_types.set_answers(ALL_TYPES_ANSWERS)
    for qid in ("colour", "married"):
        field = all_types.field(qid)
        assert isinstance(field, (RadioChoiceQuestion, YesNoQuestion))
        assert field.clear_button.isVisible()
        field.clear_button.click()
        assert field.raw() is None and not field.clear_button.isVisible()
    city = all_types.field("city")
    assert isinstance(city, ComboChoiceQuestion)
    city.combo.setCurrentIndex(0)
    answers = all_types.answers()
    assert "colour" not in answers and "married" not in answers and "city" not in answers


def test_raw_state_keeps_invalid_text_and_round_trips(all_types: FormView, qtbot: QtBot) -> None:
    all_types.set_answers(ALL_TYPES_ANSWERS)
    all_types.field("income").edit.setText("۱۲x")  # type: ignore[attr-defined]
    all_types.field("wedding").edit.line.setText("۱۴۰۳/۱۳/۴۰")  # type: ignore[attr-defined]
    raw = all_types.raw_state()
    assert raw["income"] == "۱۲x" and raw["wedding"] == "۱۴۰۳/۱۳/۴۰"
    assert raw["tools"] == ["loom", "oven"] and raw["married"] is True

    other = make_view(qtbot, ALL_TYPES)
    with qtbot.assertNotEmitted(other.changed):
        other.restore_raw_state(raw)
    assert other.raw_state() == raw
    # Invalid text is reported, with the date editor's own explanation for the date.
    assert isinstance(other.answers()["wedding"], Unparsed)
    errors = {e.field: e.message for e in other.validate(complete=False)}
    assert errors.keys() == {"income", "wedding"}
    assert errors["wedding"] == "۱۴۰۳/۱۳/۴۰ تاریخ شمسی معتبری نیست."


def test_damaged_raw_state_is_ignored_not_fatal(all_types: FormView) -> None:
    all_types.restore_raw_state(
        {"name": 12, "tools": "loom", "married": "yes", "city": ["c1"], "unknown": 1}
    )
    assert all_types.answers() == {}


def test_answers_from_raw_needs_no_widgets() -> None:
    raw = {"income": "۱۲٬۰۰۰", "wedding": "۱۳۷۹/۱۰/۱۲", "tools": [], "married": False}
    assert answers_from_raw(ALL_TYPES, raw) == {
        "income": "۱۲٬۰۰۰",
        "wedding": "2001-01-01",
        "married": False,
    }


# --- numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "shown_while_typing", "value"),
    [
        ("2500000", "۲۵۰۰۰۰۰", 2500000),
        ("۲۵۰۰۰۰۰", "۲۵۰۰۰۰۰", 2500000),
        ("٢٥٠٠٠٠٠", "۲۵۰۰۰۰۰", 2500000),
        ("2,500,000", "۲٬۵۰۰٬۰۰۰", 2500000),
        ("۲٬۵۰۰٬۰۰۰", "۲٬۵۰۰٬۰۰۰", 2500000),
        ("12.5", "۱۲٫۵", 12.5),
        ("۱۲/۵", "۱۲/۵", 12.5),
    ],
)
def test_numbers_in_any_digits(
    all_types: FormView, qtbot: QtBot, typed: str, shown_while_typing: str, value: float
) -> None:
    field = all_types.field("income")
    assert isinstance(field, NumberQuestion)
    type_text(field.edit, typed)
    assert field.edit.text() == shown_while_typing  # Persian digits as they are typed
    assert clean_answers(ALL_TYPES, all_types.answers()) == {"income": value}
    field.edit.editingFinished.emit()
    assert field.edit.text() == ("۲٬۵۰۰٬۰۰۰" if value == 2500000 else "۱۲٫۵")


def test_letters_cannot_be_typed_into_a_number(all_types: FormView, qtbot: QtBot) -> None:
    field = all_types.field("income")
    assert isinstance(field, NumberQuestion)
    type_text(field.edit, "1a2ب")
    assert field.edit.text() == "۱۲"


# --- choices -----------------------------------------------------------------------------------


def test_exclusive_choice_and_max_choices(all_types: FormView) -> None:
    tools = all_types.field("tools")
    assert isinstance(tools, MultipleChoiceQuestion)
    box = {str(b.property("choice")): b for b in tools.boxes}
    box["loom"].click()
    box["none"].click()  # "none" stands alone
    assert tools.raw() == ["none"]
    box["sewing"].click()  # and goes when something else is ticked
    assert tools.raw() == ["sewing"]
    assert not tools.limit.isVisible()
    box["loom"].click()  # two of two: the rest are disabled, and the form says why
    assert tools.raw() == ["loom", "sewing"]
    assert not box["oven"].isEnabled() and not box["none"].isEnabled()
    assert tools.limit.isVisible() and "۲" in tools.limit.text()
    box["loom"].click()
    assert box["oven"].isEnabled() and not tools.limit.isVisible()


def test_shipped_form_max_choices_of_interested_trades(intake: FormView) -> None:
    trades = intake.field("interested_trades")
    assert isinstance(trades, MultipleChoiceQuestion)
    for box in trades.boxes[:3]:
        box.click()
    assert sum(b.isEnabled() for b in trades.boxes) == 3
    assert validate_answers(intake.form, intake.answers(), complete=False) == []


def test_radio_and_combo_choices(all_types: FormView, qtbot: QtBot) -> None:
    colour = all_types.field("colour")
    assert isinstance(colour, RadioChoiceQuestion)
    assert all(isinstance(b, QRadioButton) for b in colour.buttons)
    qtbot.mouseClick(colour.buttons[1], Qt.MouseButton.LeftButton)
    assert all_types.answers()["colour"] == "blue"
    city = all_types.field("city")
    assert isinstance(city, ComboChoiceQuestion) and isinstance(city.combo, QComboBox)
    assert city.combo.count() == 9  # "choose" + eight cities
    city.combo.setCurrentIndex(3)
    assert all_types.answers()["city"] == "c2"


# --- errors ------------------------------------------------------------------------------------


def test_complete_validation_marks_required_questions_inline(intake: FormView) -> None:
    errors = intake.validate(complete=True)
    fields = {e.field for e in errors}
    assert "household_size" in fields and "consent_data_use" in fields
    assert "head_of_household_reason" not in fields  # hidden: not required now
    shown_errors = intake.errors_shown()
    assert shown_errors["household_size"] == "لطفاً به این پرسش پاسخ دهید."
    assert "head_of_household_reason" not in shown_errors
    # The section list counts the problems per section, in Persian digits.
    assert intake.sections.item(0).text().endswith(")")
    assert "(" in intake.sections.item(0).text() and "۰" not in intake.sections.item(0).text()
    # Answering a question takes its error away at once.
    intake.set_answer("household_size", 4)
    assert "household_size" not in intake.errors_shown()
    assert "consent_data_use" in intake.errors_shown()


def test_custom_constraint_message_and_generic_message(intake: FormView) -> None:
    intake.set_answers({"household_size": "۲۵", "dependants_under_18": "30"})
    errors = intake.validate(complete=False)
    assert [e.field for e in errors] == ["household_size", "dependants_under_18"]
    shown_errors = intake.errors_shown()
    # The form's own message (constraint_message)…
    assert shown_errors["household_size"] == "تعداد اعضای خانوار باید عددی بین ۱ تا ۲۰ باشد."
    # …and the generic, translated one with Persian digits.
    assert shown_errors["dependants_under_18"] == "مقدار باید حداکثر ۱۵ باشد."
    assert intake.field("household_size").error_label.isVisible()


def test_a_typing_error_waits_until_the_field_is_left(intake: FormView, qtbot: QtBot) -> None:
    intake.activateWindow()
    size = intake.field("household_size")
    assert isinstance(size, NumberQuestion)
    size.edit.setFocus()
    qtbot.waitUntil(size.edit.hasFocus)
    type_text(size.edit, "-")
    assert "household_size" not in intake.errors_shown()  # still typing
    intake.field("dependants_under_18").focus_widget().setFocus()
    qtbot.waitUntil(lambda: "household_size" in intake.errors_shown())
    assert intake.errors_shown()["household_size"] == "لطفاً یک عدد وارد کنید."
    # Once shown, the error follows every keystroke.
    size.edit.setFocus()
    qtbot.waitUntil(size.edit.hasFocus)
    type_text(size.edit, "3")
    assert "household_size" in intake.errors_shown()  # "-3" is below the minimum
    size.edit.setText("3")
    assert "household_size" not in intake.errors_shown()


def test_focus_question_scrolls_it_into_view(intake: FormView, qtbot: QtBot) -> None:
    intake.activateWindow()
    notes = intake.field("interviewer_notes")
    intake.focus_question("interviewer_notes")
    qtbot.waitUntil(lambda: notes.has_focus_inside())
    bar = intake.scroll_area.verticalScrollBar()
    assert bar.value() > 0
    top = notes.mapTo(intake.scroll_area.viewport(), notes.rect().topLeft()).y()
    assert 0 <= top < intake.scroll_area.viewport().height()
    assert intake.sections.currentRow() == len(intake.form.sections) - 1


def test_full_answers_complete_the_shipped_form(intake: FormView) -> None:
    answers = full_answers(intake.form)
    intake.set_answers(answers)
    assert intake.validate(complete=True) == []
    assert clean_answers(intake.form, intake.answers(), complete=True) == clean_answers(
        intake.form, answers
    )
    # Every question became relevant except alternatives that cannot hold at the same time.
    assert len(intake.visible_question_ids()) >= len(list(intake.form.questions())) - 2


def test_read_only_shows_but_does_not_edit(all_types: FormView, qtbot: QtBot) -> None:
    all_types.set_answers(ALL_TYPES_ANSWERS)
    all_types.set_read_only(True)
    for line in all_types.findChildren(QLineEdit):
        if line.objectName() != "qt_spinbox_lineedit":  # the calendar's year box
            assert line.isReadOnly()
    before = all_types.answers()
    for box in all_types.findChildren(QCheckBox) + all_types.findChildren(QRadioButton):
        # Not greyed out (the answers must stay readable), but neither clicks nor keys work.
        assert box.isEnabled() and box.focusPolicy() == Qt.FocusPolicy.NoFocus
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
        qtbot.keyClick(box, Qt.Key.Key_Space)
    city = all_types.field("city")
    assert isinstance(city, ComboChoiceQuestion)
    assert city.combo.isEnabled() and city.combo.focusPolicy() == Qt.FocusPolicy.NoFocus
    qtbot.keyClick(city.combo, Qt.Key.Key_Down)
    assert all_types.answers() == before
    assert not all_types.field("colour").clear_button.isVisible()  # type: ignore[attr-defined]
