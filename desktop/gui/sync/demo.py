"""A province and two offices with a few people, for screenshots and GUI tests.

Everything goes through the services, exactly as the command line and the pages do it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.services.actor import Actor
from desktop.services.app import Services
from desktop.services.participants import ParticipantInput
from desktop.services.province import ProvinceService, init_province
from desktop.services.setup import UserInput
from desktop.services.sync import OfficeSyncService, initialise_from_enrolment
from desktop.store.engine import Database

PROVINCE_NAME = "آذربایجان غربی"
OFFICES = (
    ("URM01", "دفتر تسهیل‌گری محله اسلام‌آباد", "ارومیه"),
    ("TAB02", "دفتر تسهیل‌گری محله سیلاب", "تبریز"),
)
PEOPLE = (
    ("مریم", "رضایی", "0499370899", "علی", date(1985, 5, 1)),
    ("زهرا", "کریمی", "1234567891", "حسن", date(1990, 2, 11)),
    ("فاطمه", "محمدی", "0012345679", "رضا", date(1979, 9, 23)),
)
MANAGER = UserInput(username="manager", full_name="زهرا احمدی", password="s3cret-pass")


@dataclass
class DemoOffice:
    code: str
    db: Database
    services: Services

    @property
    def sync(self) -> OfficeSyncService:
        return OfficeSyncService(self.db)


def make_province(path: Path) -> tuple[Database, ProvinceService]:
    db = Database(path)
    init_province(db, PROVINCE_NAME)
    return db, ProvinceService(db)


def make_office(
    province: ProvinceService, folder: Path, code: str, name: str, county: str, people: int = 3
) -> DemoOffice:
    """An office set up from its enrolment file, with ``people`` participants registered."""
    folder.mkdir(parents=True, exist_ok=True)
    enrolment = province.enrol_office(code, name, county, folder).path
    db = Database(folder / f"office-{code}.sqlite3")
    actor: Actor = initialise_from_enrolment(db, enrolment, MANAGER)
    services = Services(db, actor)
    for first, last, national_id, father, born in PEOPLE[:people]:
        services.participants.register(
            ParticipantInput(
                first_name=first,
                last_name=last,
                national_id=national_id,
                father_name=father,
                birth_date=born,
            )
        )
    return DemoOffice(code, db, services)


# --- screenshots (desktop/gui/screenshots.py registers these) ------------------------------


def office_sync_screen(shots: Any) -> QWidget:
    """The office's window on its Sync page after a bundle, a receipt and a fresh export."""
    from desktop.gui.context import GuiContext
    from desktop.gui.main_window import MainWindow
    from desktop.gui.sync.office_page import OfficeSyncPage

    work = Path(shots.work) / "sync-office"
    _db, province = make_province(work / "province.sqlite3")
    office = make_office(province, work, *OFFICES[0])
    stick = work / "USB"
    stick.mkdir()
    first = office.sync.export(stick)
    preview = province.preview(first.path)
    province.import_bundle(first.path, accept_key=preview.key_fingerprint)
    office.sync.apply_receipt(province.write_receipt(office.code, stick).path)
    office.services.participants.register(ParticipantInput(first_name="سارا", last_name="نوری"))
    assert office.db.path is not None
    window = MainWindow(GuiContext(office.services, shots.runner, office.db.path))
    window.resize(1366, 768)
    window.show()
    shots.settle(lambda: window.is_ready)
    page = window.open_page("sync")
    assert isinstance(page, OfficeSyncPage)
    shots.settle(lambda: page.overview is not None)
    page.add_folder(stick)
    done: list[bool] = []
    page.exported.connect(lambda _result: done.append(True))
    page.failed.connect(lambda _message: done.append(True))
    page.export()
    shots.settle(lambda: bool(done) and not page.busy)
    shots.keep.append(window)
    return window


def province_sync_screen(shots: Any) -> QWidget:
    """The province's window: two offices' bundles previewed (both keys new), one refused."""
    from desktop.gui.context import GuiContext
    from desktop.gui.province_window import ProvinceState, ProvinceWindow
    from desktop.gui.sync.province_page import ProvinceSyncPage

    work = Path(shots.work) / "sync-province"
    db, province = make_province(work / "province.sqlite3")
    stick = work / "USB"
    stick.mkdir(parents=True)
    paths = []
    for code, name, county in OFFICES:
        office = make_office(province, work, code, name, county)
        paths.append(office.sync.export(stick).path)
    broken = stick / "hamyar-URM01-00002-damaged.hamyar-bundle"
    broken.write_bytes(paths[0].read_bytes()[:-64])
    info = province.open()
    actor = Actor(office_code="PROVINCE")
    ctx = GuiContext(Services(db, actor), shots.runner, work / "province.sqlite3")
    window = ProvinceWindow(ctx, ProvinceState(info.name, info.fingerprint, True))
    window.resize(1366, 768)
    window.show()
    page = window.open_page("sync")
    assert isinstance(page, ProvinceSyncPage)
    shots.settle(lambda: page.data is not None)
    page.preview([*paths, broken])
    shots.settle(lambda: bool(page.previews) and not page.busy)
    shots.keep.append(window)
    return window
