"""``make screenshots``: PNGs of the main screens at 1366×768 with demo data, into docs/.

Run offscreen (QT_QPA_PLATFORM=offscreen); the README shows the pictures.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop import i18n

SIZE = (1366, 768)


def _settle(app: QApplication, widget: QWidget, ready: object) -> None:
    """Run the event loop until ``ready()`` is true (background loads delivered)."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(20)
    deadline = [250]

    def check() -> None:
        deadline[0] -= 1
        if ready() or deadline[0] <= 0:  # type: ignore[operator]
            loop.quit()

    timer.timeout.connect(check)
    timer.start()
    loop.exec()
    timer.stop()


def main(out_dir: str = "docs") -> int:
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="hamyar-shots-"))
    os.environ["HAMYAR_HOME"] = str(work / "home")
    i18n.activate("fa")

    from desktop.gui.app import configure_application
    from desktop.gui.overview import OverviewWindow
    from desktop.services.demo import generate_demo
    from desktop.services.setup import OfficeInput, initialise_office
    from desktop.store.engine import Database

    db_path = work / "demo.sqlite3"
    db = Database(db_path)
    actor = initialise_office(
        db, OfficeInput("URM01", "دفتر تسهیل‌گری محله اسلام‌آباد", "ارومیه", "آذربایجان غربی")
    )
    generate_demo(db, actor, participants=3000, seed=11)
    db.dispose()

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    configure_application(app)

    overview = OverviewWindow(db_path)
    overview.resize(*SIZE)
    overview.show()
    _settle(app, overview, lambda: "URM01" in overview.status.text())
    overview.grab().save(str(target / "overview.png"))
    print(f"wrote {target / 'overview.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
