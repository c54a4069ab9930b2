"""The participant table model: paged background loading, late results dropped, search, sort."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.enums import ParticipantStatus
from desktop.gui.context import GuiContext
from desktop.gui.models.participants import (
    ID_ROLE,
    SORT_ROLE,
    Column,
    ParticipantTableModel,
)
from desktop.gui.models.records import Record, record_model
from desktop.i18n import _
from desktop.services.app import Services
from desktop.services.participants import Filters, ParticipantInput

if TYPE_CHECKING:
    from tests.gui.conftest_registry import ManualRunner

pytest_plugins = ["tests.gui.conftest_registry"]
People = Callable[..., list[ParticipantInput]]


def make_model(qtbot: QtBot, ctx: GuiContext, **kwargs: object) -> ParticipantTableModel:
    """A model whose first page has landed."""
    model = ParticipantTableModel(ctx, autoload=False, **kwargs)  # type: ignore[arg-type]
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.refresh()
    return model


def names(model: ParticipantTableModel) -> list[str]:
    return [model.index(row, Column.NAME).data() for row in range(model.rowCount())]


def test_model_passes_qtmodeltester(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    ctx: GuiContext,
    services: Services,
    make_people: People,
) -> None:
    services.participants.register_many(make_people(30))
    model = make_model(qtbot, ctx)
    qtmodeltester.check(model, force_py=True)
    assert model.rowCount() == 30


def test_pages_of_one_hundred_never_the_whole_table(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(250))
    model = make_model(qtbot, ctx)
    assert model.rowCount() == 100
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.loaded, timeout=5000) as signal:
        model.fetchMore(QModelIndex())
        assert not model.canFetchMore(QModelIndex())  # one page at a time
    assert signal.args == [model.generation, 200]
    assert model.rowCount() == 200
    assert model.canFetchMore(QModelIndex())
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.fetchMore(QModelIndex())
    assert model.rowCount() == 250
    assert not model.canFetchMore(QModelIndex())
    ids = {model.participant_id(row) for row in range(250)}
    assert len(ids) == 250  # pages do not overlap


def test_rows_inserted_not_reset_when_a_page_lands(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    services.participants.register_many(make_people(150))
    model = make_model(qtbot, ctx)
    first_id = model.participant_id(0)
    with qtbot.waitSignal(model.rowsInserted, timeout=5000) as inserted:
        model.fetchMore(QModelIndex())
    assert inserted.args[1:] == [100, 149]
    assert model.participant_id(0) == first_id


def test_display_is_persian_with_jalali_dates_and_yes_no(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    person = services.participants.register(
        ParticipantInput(
            first_name="مریم",
            last_name="رضایی",
            father_name="علی",
            national_id="0499370899",
            mobile="09141234567",
            neighbourhood="اسلام‌آباد",
            head_of_household=True,
        )
    )
    model = make_model(qtbot, ctx)
    row = [model.index(0, column).data() for column in Column]
    assert row[Column.NAME] == "مریم رضایی"
    assert row[Column.FATHER] == "علی"
    assert row[Column.NATIONAL_ID] == "۰۴۹۹۳۷۰۸۹۹"
    assert row[Column.MOBILE] == "۰۹۱۴۱۲۳۴۵۶۷"
    assert row[Column.HEAD_OF_HOUSEHOLD] == _("Yes")
    registered = row[Column.REGISTERED]
    assert registered.startswith("۱۴") and "/" in registered
    assert not any(char.isascii() and char.isdigit() for char in "".join(row))
    # raw values for sorting, and the id
    assert model.index(0, Column.NATIONAL_ID).data(SORT_ROLE) == "0499370899"
    assert model.index(0, Column.HEAD_OF_HOUSEHOLD).data(SORT_ROLE) is True
    assert model.index(0, Column.NAME).data(ID_ROLE) == str(person.id)
    assert model.participant_id(0) == person.id
    header = model.headerData(Column.NATIONAL_ID, Qt.Orientation.Horizontal)
    assert header == "کد ملی"


def test_a_newer_query_drops_late_results_of_an_older_one(
    qtbot: QtBot,
    services: Services,
    manual_ctx: GuiContext,
    manual_runner: ManualRunner,
    make_people: People,
) -> None:
    services.participants.register_many(make_people(40))
    runner = manual_runner
    model = ParticipantTableModel(manual_ctx)
    first = runner.take()  # generation 1: everyone
    first.deliver()
    assert model.rowCount() == 40
    assert model.canFetchMore(QModelIndex()) is False

    model.set_query("مریم")  # generation 2 starts reading
    model.set_query("زهرا")  # generation 3 waits until 2 lands (one read at a time)
    model.set_query("فاطمه")  # generation 4 replaces 3 in the waiting slot
    assert len(runner.jobs) == 1
    emitted: list[tuple[int, int]] = []
    model.loaded.connect(lambda generation, rows: emitted.append((generation, rows)))
    runner.take().deliver()  # generation 2 lands late: dropped, generation 4 starts
    assert emitted == []
    assert model.rowCount() == 40  # the old rows stay until the newest ones land
    assert len(runner.jobs) == 1
    runner.take().deliver()
    assert emitted == [(4, model.rowCount())]
    assert set(names(model)) and all(name.startswith("فاطمه") for name in names(model))


def test_a_page_of_an_old_query_is_dropped(
    qtbot: QtBot,
    services: Services,
    manual_ctx: GuiContext,
    manual_runner: ManualRunner,
    make_people: People,
) -> None:
    services.participants.register_many(make_people(150))
    runner = manual_runner
    model = ParticipantTableModel(manual_ctx)
    runner.take().deliver()
    model.fetchMore(QModelIndex())
    old_page = runner.take()
    model.set_query("زهرا")
    runner.take().deliver()
    matches = model.rowCount()
    assert 0 < matches < 100
    old_page.deliver()  # page two of "everyone" lands after the new query's results
    assert model.rowCount() == matches
    assert all(name.startswith("زهرا") for name in names(model))


def test_search_normalises_arabic_letters_digits_and_zwnj(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    services.participants.register(
        ParticipantInput(
            first_name="علی", last_name="کریمی", national_id="0499370899", mobile="09141234567"
        )
    )
    services.participants.register(ParticipantInput(first_name="سارا", last_name="حسینی"))
    model = make_model(qtbot, ctx)
    assert model.rowCount() == 2
    for query in ("علي كريمي", "كريم", "۰۴۹۹۳۷", "٠٩١٤١٢٣", "0914 123 4567"):
        with qtbot.waitSignal(model.loaded, timeout=5000):
            model.set_query(query)
        assert names(model) == ["علی کریمی"], query
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_query("نیست")
    assert model.rowCount() == 0


def test_filters(qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People) -> None:
    ids = services.participants.register_many(make_people(12))
    services.participants.set_status(ids[0], ParticipantStatus.ARCHIVED)
    model = make_model(qtbot, ctx)
    assert model.rowCount() == 11  # active by default
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_filters(Filters(neighbourhood="کشتارگاه"))
    assert model.rowCount() == 4
    assert {model.index(r, Column.NEIGHBOURHOOD).data() for r in range(4)} == {"کشتارگاه"}
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_filters(Filters(head_of_household=False))
    assert model.rowCount() == 6
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_filters(Filters(status=ParticipantStatus.ARCHIVED))
    assert [model.participant_id(r) for r in range(model.rowCount())] == [ids[0]]
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_filters(Filters(status=None))
    assert model.rowCount() == 12
    archived_row = model.row_of(ids[0])
    assert archived_row is not None
    assert model.index(archived_row, Column.NAME).data(Qt.ItemDataRole.ForegroundRole)


def test_skill_filter(
    qtbot: QtBot, ctx: GuiContext, services: Services, make_people: People
) -> None:
    from desktop.services.skills import AssessmentInput

    ids = services.participants.register_many(make_people(5))
    skill = services.skills.skills()[0]
    services.skills.assess(AssessmentInput(ids[2], skill.id, date.today(), level=3))
    model = make_model(qtbot, ctx)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_filters(Filters(skill_id=skill.id))
    assert [model.participant_id(r) for r in range(model.rowCount())] == [ids[2]]


def test_sort_by_supported_columns_only_either_way(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    services.participants.register(
        ParticipantInput(first_name="الف", last_name="بابایی", neighbourhood="کشتارگاه")
    )
    services.participants.register(
        ParticipantInput(first_name="ب", last_name="احمدی", neighbourhood="طرزیلو")
    )
    model = make_model(qtbot, ctx)
    assert names(model) == ["ب احمدی", "الف بابایی"]  # by last name, Persian order
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(Column.NEIGHBOURHOOD, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["ب احمدی", "الف بابایی"]  # طرزیلو before کشتارگاه
    assert model.sort_column() == Column.NEIGHBOURHOOD
    generation = model.generation
    model.sort(Column.MOBILE, Qt.SortOrder.AscendingOrder)  # not sortable: ignored
    model.sort(Column.HEAD_OF_HOUSEHOLD, Qt.SortOrder.DescendingOrder)
    assert model.generation == generation
    assert model.sort_column() == Column.NEIGHBOURHOOD
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(Column.NEIGHBOURHOOD, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["الف بابایی", "ب احمدی"]  # کشتارگاه before طرزیلو
    assert model.sort_order() == Qt.SortOrder.DescendingOrder
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(Column.REGISTERED, Qt.SortOrder.AscendingOrder)
    assert model.sort_order() == Qt.SortOrder.AscendingOrder  # oldest first
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["ب احمدی", "الف بابایی"]
    generation = model.generation
    model.sort(Column.NAME, Qt.SortOrder.AscendingOrder)  # the same order: nothing to read
    assert model.generation == generation
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["الف بابایی", "ب احمدی"]  # Z→A


def test_reversed_order_pages_in_and_passes_qtmodeltester(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    ctx: GuiContext,
    services: Services,
    make_people: People,
) -> None:
    """Descending names: every page continues the reversed order (none skipped, none twice),
    and the model stays a well-behaved Qt model while pages land."""
    services.participants.register_many(make_people(25))
    model = make_model(qtbot, ctx, page_size=10)
    usual = [model.participant_id(r) for r in range(model.rowCount())]
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.sort(Column.NAME, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    for _page in range(5):  # the tester may have asked for a page already
        qtbot.waitUntil(lambda: not model.is_loading(), timeout=5000)
        if not model.canFetchMore(QModelIndex()):
            break
        model.fetchMore(QModelIndex())
    backwards = [model.participant_id(r) for r in range(model.rowCount())]
    assert len(backwards) == 25 and backwards[:10] != usual[:10]
    assert backwards == [p.id for p in services.participants.search(limit=100)][::-1]
    assert (
        model.headerData(
            Column.REGISTERED, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole
        )
        == Qt.SortOrder.DescendingOrder.value
    )  # a first click shows the newest first
    assert (
        model.headerData(
            Column.MOBILE, Qt.Orientation.Horizontal, Qt.ItemDataRole.InitialSortOrderRole
        )
        is None
    )


def test_a_failed_read_is_reported(
    qtbot: QtBot, manual_ctx: GuiContext, manual_runner: ManualRunner
) -> None:
    model = ParticipantTableModel(manual_ctx)
    job = manual_runner.take()

    def broken() -> object:
        raise RuntimeError("disk gone")

    job.function = broken
    with qtbot.waitSignal(model.failed, timeout=1000) as failed:
        job.deliver()
    assert failed.args == ["disk gone"]
    assert model.rowCount() == 0


def test_record_model_passes_qtmodeltester(qtmodeltester: ModelTester) -> None:
    model = record_model(["الف", "ب"])
    key = uuid.uuid4()
    model.set_records(
        [
            Record(("۱", "دو"), sort_values=(1, "two"), key=key, tooltip="نکته"),
            Record(("۳",)),
        ]
    )
    qtmodeltester.check(model, force_py=True)
    assert model.record(0).key == key
    assert model.index(1, 1).data() == ""
    assert model.index(0, 0).data(SORT_ROLE) == 1
    assert model.headerData(1, Qt.Orientation.Horizontal) == "ب"
