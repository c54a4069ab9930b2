"""The participant list page: typing searches, filters, count, keyboard, opening a profile."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.enums import ParticipantStatus
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import Column
from desktop.gui.pages.participants import ParticipantsPage
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.participants import Filters, ParticipantInput

if TYPE_CHECKING:
    from desktop.gui.dialogs.participant_editor import ParticipantEditor

pytest_plugins = ["tests.gui.conftest_registry"]
People = Callable[..., list[ParticipantInput]]
TypeText = Callable[[QWidget, str], None]


def open_page(qtbot: QtBot, ctx: GuiContext) -> ParticipantsPage:
    page = ParticipantsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: page.model.shown_generation == page.model.generation, timeout=5000)
    qtbot.waitUntil(lambda: page.skill.count() > 1, timeout=5000)
    return page


def names(page: ParticipantsPage) -> list[str]:
    model = page.model
    return [model.index(row, Column.NAME).data() for row in range(model.rowCount())]


def settled(page: ParticipantsPage) -> bool:
    return not page.model.is_loading()


def test_typing_in_search_updates_the_table(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    make_people: People,
    type_text: TypeText,
    qtmodeltester: ModelTester,
) -> None:
    services.participants.register_many(make_people(60))
    page = open_page(qtbot, ctx)
    assert page.model.rowCount() == 60
    assert page.count_label.text() == _("{count} found.").format(count="۶۰")
    qtmodeltester.check(page.model, force_py=True)

    page.focus_search()
    assert page.search.hasFocus()
    type_text(page.search, "زهرا رضای")  # "رض" alone would also find fathers named رضا
    assert page.search.text() == "زهرا رضای"
    qtbot.waitUntil(lambda: page.model.query() == "زهرا رضای" and settled(page), timeout=5000)
    assert names(page) == ["زهرا رضایی"]
    assert page.count_label.text() == _("{count} found.").format(count="۱")


def test_arabic_letters_typed_find_the_persian_record(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    services.participants.register(ParticipantInput(first_name="علی", last_name="کریمی"))
    services.participants.register(ParticipantInput(first_name="مینا", last_name="حسینی"))
    page = open_page(qtbot, ctx)
    page.focus_search()
    type_text(page.search, "علي كريمي")
    qtbot.waitUntil(lambda: page.model.query() == "علي كريمي" and settled(page), timeout=5000)
    assert names(page) == ["علی کریمی"]


def test_enter_on_a_row_opens_the_profile_and_esc_comes_back(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(5))
    page = open_page(qtbot, ctx)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(2, 0))
    expected = page.model.participant_id(2)
    with qtbot.waitSignal(page.open_participant, timeout=2000) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [expected]
    assert page.stack.currentWidget() is page.profile_page
    profile = page.profile
    assert profile is not None
    qtbot.waitUntil(lambda: getattr(profile, "data", None) is not None, timeout=5000)
    assert profile.participant_id == expected

    qtbot.keyClick(profile.tabs, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.list_page
    assert page.profile is None


def test_double_click_and_open_button_open_the_profile(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(3))
    page = open_page(qtbot, ctx)
    assert page.open_button.isEnabled()  # the first row is current after loading
    page.table.setCurrentIndex(page.model.index(1, 0))
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert page.profile is not None
    assert page.profile.participant_id == page.model.participant_id(1)  # type: ignore[attr-defined]
    page.show_list()
    rect = page.table.visualRect(page.model.index(0, 0))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(page.open_participant, timeout=2000):
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.stack.currentWidget() is page.profile_page


def test_keyboard_from_the_search_box(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People, type_text: TypeText
) -> None:
    services.participants.register_many(make_people(6))
    page = open_page(qtbot, ctx)
    page.focus_search()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0

    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()

    qtbot.keyClick(page.search, Qt.Key.Key_Return)  # several matches: into the table
    assert page.table.hasFocus()
    assert page.stack.currentWidget() is page.list_page

    page.focus_search()
    type_text(page.search, "فاطمه رضایی")
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(page.open_participant, timeout=2000):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)  # the only match opens at once
    assert page.stack.currentWidget() is page.profile_page

    page.focus_search()  # Ctrl+F from the profile goes back to the list
    assert page.stack.currentWidget() is page.list_page
    assert page.search.hasFocus()
    assert page.search.selectedText() == "فاطمه رضایی"


def test_filters(qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People) -> None:
    ids = services.participants.register_many(make_people(9))
    services.participants.set_status(ids[0], ParticipantStatus.ARCHIVED)
    page = open_page(qtbot, ctx)
    assert page.model.rowCount() == 8

    neighbourhoods = [page.neighbourhood.itemText(i) for i in range(page.neighbourhood.count())]
    assert neighbourhoods[1:] == ["اسلام‌آباد", "طرزیلو", "کشتارگاه"]  # Persian order
    page.neighbourhood.setCurrentIndex(neighbourhoods.index("کشتارگاه"))
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 3, timeout=5000)
    assert page.model.filters() == Filters(neighbourhood="کشتارگاه")

    page.neighbourhood.setCurrentIndex(0)
    page.head.setCurrentIndex(page.head.findData("yes"))
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 4, timeout=5000)

    page.head.setCurrentIndex(0)
    page.status.setCurrentIndex(page.status.findData(ParticipantStatus.ARCHIVED.value))
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 1, timeout=5000)
    assert page.model.participant_id(0) == ids[0]

    page.status.setCurrentIndex(page.status.findData("any"))
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 9, timeout=5000)


def test_skill_filter_lists_persian_skill_names(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    from datetime import date

    from desktop.services.skills import AssessmentInput

    ids = services.participants.register_many(make_people(4))
    skill = services.skills.skill_by_code("CARPET_WEAVING")
    services.skills.assess(AssessmentInput(ids[3], skill.id, date.today(), level=2))
    page = open_page(qtbot, ctx)
    index = page.skill.findText(skill.name_fa)
    assert index > 0
    page.skill.setCurrentIndex(index)
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 1, timeout=5000)
    assert page.model.participant_id(0) == ids[3]


def test_empty_states(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText
) -> None:
    page = open_page(qtbot, ctx)
    assert page.results.currentWidget() is page.empty
    assert "Ctrl+N" in page.empty.text()
    services.participants.register(ParticipantInput(first_name="مریم", last_name="رضایی"))
    page.refresh()
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 1, timeout=5000)
    assert page.results.currentWidget() is page.table
    page.focus_search()
    type_text(page.search, "ناشناس")
    qtbot.waitUntil(lambda: settled(page) and page.model.rowCount() == 0, timeout=5000)
    assert page.results.currentWidget() is page.empty
    assert page.empty.text() == _(
        "Nobody matches. Check the spelling, or clear the search and the filters."
    )
    assert not page.open_button.isEnabled()


def test_count_of_a_long_list_is_read_in_the_background(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(250))
    page = ParticipantsPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 100, timeout=5000)
    # never the whole table: one page, and the exact count from service.count
    qtbot.waitUntil(
        lambda: page.count_label.text() == _("{count} found.").format(count="۲۵۰"), timeout=5000
    )
    assert page.model.rowCount() == 100


def test_header_sort_only_where_the_service_can_sort(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(4))
    page = open_page(qtbot, ctx)
    header = page.table.horizontalHeader()
    generation = page.model.generation
    header.setSortIndicator(int(Column.MOBILE), Qt.SortOrder.AscendingOrder)  # as a click does
    assert header.sortIndicatorSection() == int(Column.NAME)
    assert page.model.generation == generation
    header.setSortIndicator(int(Column.REGISTERED), Qt.SortOrder.AscendingOrder)
    assert page.model.sort_column() == Column.REGISTERED
    assert page.model.sort_order() == Qt.SortOrder.AscendingOrder  # oldest first, as asked
    assert header.sortIndicatorSection() == int(Column.REGISTERED)
    qtbot.waitUntil(lambda: settled(page), timeout=5000)
    assert page.model.rowCount() == 4


def click_header(qtbot: QtBot, page: ParticipantsPage, column: Column) -> None:
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(int(column)) + header.sectionSize(int(column)) // 2
    qtbot.mouseClick(
        header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
    )
    qtbot.waitUntil(lambda: settled(page), timeout=5000)


def test_header_clicks_toggle_the_direction_and_the_arrow_shows_it(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    services.participants.register_many(
        [
            ParticipantInput(first_name="مریم", last_name="احمدی"),
            ParticipantInput(first_name="زهرا", last_name="یزدانی"),
            ParticipantInput(first_name="سارا", last_name="کریمی"),
        ]
    )
    page = open_page(qtbot, ctx)
    header = page.table.horizontalHeader()

    def last_names() -> list[str]:
        rows = range(page.model.rowCount())
        return [page.model.index(r, Column.NAME).data().split()[-1] for r in rows]

    assert last_names() == ["احمدی", "کریمی", "یزدانی"]
    click_header(qtbot, page, Column.NAME)  # the sorted column again: reversed
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.sort_order() == Qt.SortOrder.DescendingOrder
    assert last_names() == ["یزدانی", "کریمی", "احمدی"]
    click_header(qtbot, page, Column.NAME)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert last_names() == ["احمدی", "کریمی", "یزدانی"]
    # A new column's first click sorts it the usual way: the newest registration first.
    click_header(qtbot, page, Column.REGISTERED)
    assert header.sortIndicatorSection() == int(Column.REGISTERED)
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert page.model.sort_order() == Qt.SortOrder.DescendingOrder
    click_header(qtbot, page, Column.REGISTERED)
    assert page.model.sort_order() == Qt.SortOrder.AscendingOrder
    # A column the service cannot sort: the arrow stays where the order is.
    click_header(qtbot, page, Column.MOBILE)
    assert header.sortIndicatorSection() == int(Column.REGISTERED)
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert page.model.sort_column() == Column.REGISTERED


def test_new_participant_with_ctrl_n_appears_in_the_list(
    qtbot: QtBot,
    ctx: GuiContext,
    services: Services,
    make_people: People,
    type_text: TypeText,
) -> None:
    services.participants.register_many(make_people(120))
    page = open_page(qtbot, ctx)
    page.status.setCurrentIndex(page.status.findData(ParticipantStatus.ARCHIVED.value))
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    editor: ParticipantEditor | None = page.editor  # type: ignore[assignment]
    assert editor is not None
    qtbot.waitExposed(editor)
    type_text(editor.first_name, "نسرین")
    type_text(editor.last_name, "یزدانی")
    type_text(editor.national_id, "0499370899")
    assert editor.save_button.isEnabled()
    qtbot.keyClick(editor.first_name, Qt.Key.Key_Return)  # Enter saves
    qtbot.waitUntil(lambda: page.search.text() == "نسرین یزدانی", timeout=5000)
    qtbot.waitUntil(lambda: settled(page) and names(page) == ["نسرین یزدانی"], timeout=5000)
    assert page.current_filters() == Filters()  # the filters no longer hide her
    assert page.table.currentIndex().row() == 0
    assert page.focusWidget() is page.table  # Enter now opens her profile
    saved = services.participants.search("نسرین")
    assert [person.national_id for person in saved] == ["0499370899"]


@pytest.mark.parametrize("query", ["۰۴۹۹۳۷", "049-937089-9"])
def test_search_by_national_id_digits(
    qtbot: QtBot, ctx: GuiContext, services: Services, type_text: TypeText, query: str
) -> None:
    services.participants.register(
        ParticipantInput(first_name="مریم", last_name="رضایی", national_id="0499370899")
    )
    services.participants.register(ParticipantInput(first_name="زهرا", last_name="رضایی"))
    page = open_page(qtbot, ctx)
    page.focus_search()
    type_text(page.search, query)
    qtbot.waitUntil(lambda: page.model.query() == query and settled(page), timeout=5000)
    assert names(page) == ["مریم رضایی"]
    assert page.model.index(0, Column.NATIONAL_ID).data() == "۰۴۹۹۳۷۰۸۹۹"


def test_scrolling_down_fetches_the_next_page(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(250))
    page = open_page(qtbot, ctx)
    assert page.model.rowCount() == 100
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() >= 200, timeout=5000)
    qtbot.keyClick(page.table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: page.model.rowCount() == 250, timeout=5000)
    assert not page.model.has_more()
