"""Layout checks found by looking at the screens on a 1366×768 laptop."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.gui.context import GuiContext
from desktop.gui.workshops.editor import WorkshopEditor
from desktop.gui.workshops.models import Column
from desktop.gui.workshops.page import WorkshopsPage
from desktop.services.app import Services
from desktop.services.workshops import WorkshopInput

pytest_plugins = ["tests.gui.conftest_registry"]

LONG_TITLE = "کارگاه آموزشی کمک‌مربی کودک ویژه زنان سرپرست خانوار"


def test_workshop_titles_are_not_cut_on_a_small_laptop(
    qtbot: QtBot, ctx: GuiContext, services: Services
) -> None:
    services.workshops.create(
        WorkshopInput(
            title=LONG_TITLE,
            skill_id=services.skills.skill_by_code("CARPET_WEAVING").id,
            capacity=20,
            planned_hours=36,
            start_date=date.today() + timedelta(days=3),
            min_attendance_share=0.75,
        )
    )
    page = WorkshopsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366 - 200, 700)  # the side bar takes the rest of the screen
    page.show()
    qtbot.waitUntil(lambda: page.is_loaded, timeout=5000)
    header = page.table.horizontalHeader()
    needed = page.table.fontMetrics().horizontalAdvance(LONG_TITLE)
    assert header.sectionSize(int(Column.TITLE)) >= needed
    # Long headings wrap over two lines instead of being cut off.
    assert header.height() >= 2 * header.fontMetrics().lineSpacing()


def test_an_inline_error_does_not_push_the_workshop_fields_apart(
    qtbot: QtBot, ctx: GuiContext
) -> None:
    editor = WorkshopEditor(ctx, None)
    qtbot.addWidget(editor)
    editor.resize(1000, 600)  # taller than its fields, as on a 768-pixel screen
    editor.show()
    qtbot.waitUntil(lambda: editor.loaded, timeout=5000)
    ui = editor.ui
    layout = editor.layout()
    assert layout is not None
    ui.title.setText("کارگاه قالیبافی")  # only the skill is missing
    layout.activate()
    before = ui.partner.mapTo(editor, ui.partner.rect().topLeft()).y()
    editor.save()  # no skill chosen: the skill's error appears under its field
    qtbot.waitUntil(ui.skillError.isVisible, timeout=5000)
    layout.activate()
    after = ui.partner.mapTo(editor, ui.partner.rect().topLeft()).y()
    one_message = ui.skillError.heightForWidth(ui.skillError.width())  # its wrapped lines
    assert after - before <= one_message + 12


def test_translated_strings_are_not_hidden_inside_f_strings() -> None:
    """pybabel does not look inside f-strings, so ``f"{_('Clear')}"`` never reaches the
    catalogs and shows in English."""
    found = []
    for path in Path("desktop").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in {"_", "N_", "ngettext"}
                    and call.args
                    and isinstance(call.args[0], ast.Constant)
                ):
                    found.append(f"{path}:{call.lineno}: {call.args[0].value!r}")
    assert found == []
