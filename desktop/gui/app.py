"""Starting the desktop app: Persian, right-to-left, Vazirmatn, Qt's own Persian strings.

Start-up order (:class:`Launcher`): a small "opening…" window appears at once while the
database is checked on the thread pool; a database that is missing or not set up leads to the
:class:`SetupWizard`; then the :class:`LoginDialog`; then the :class:`MainWindow`. No query runs
on the GUI thread.

The usual start (a database that is set up and needs no migration) never waits for SQLAlchemy:
checking the database, signing in and the dashboard's figures are plain ``sqlite3`` reads
(:mod:`desktop.services.quickstart`), and the main window's services hold a
:class:`~desktop.services.deferred.DeferredDatabase`. The database layer and the next screens
load on the pool once nothing waits for the processor: while the person types the password, or
when the main window is ready (:meth:`Launcher.warm_up`). Any other database (missing, damaged,
not set up, a migration due) takes the full path through SQLAlchemy (:func:`open_office`).
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTimer, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.gui.tasks import TaskRunner
from desktop.gui.translator import GettextTranslator
from desktop.i18n import _
from desktop.resources import resource_path

if TYPE_CHECKING:
    from desktop.gui.login import LoginDialog
    from desktop.gui.main_window import MainWindow
    from desktop.gui.setup_wizard import SetupWizard
    from desktop.services.actor import Actor
    from desktop.services.deferred import DeferredDatabase
    from desktop.services.quickstart import OfficeDetails, SignIn
    from desktop.store.engine import Database

log = logging.getLogger(__name__)

FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Medium.ttf", "Vazirmatn-Bold.ttf")

# For benchmarks and screenshots only: with both variables set, the launcher signs in with
# this user name and password instead of showing the sign-in dialog. The password is checked
# exactly as the dialog checks it (UserService.authenticate); a wrong one shows the dialog.
AUTOLOGIN_USER = "HAMYAR_AUTOLOGIN"
AUTOLOGIN_PASSWORD = "HAMYAR_AUTOLOGIN_PASSWORD"
# For the start-up benchmark (bench/bench_gui.py): when the main window is shown with its
# dashboard figures, print "READY"; then open the page named by the variable ("participants";
# "dashboard" stays), wait until its first data has arrived, print "RSS_MIB <resident MiB>"
# and quit.
BENCH_READY = "HAMYAR_BENCH_READY"

_installed: list[QTranslator] = []
_font_families: list[str] = []


def _load_fonts() -> list[str]:
    if not _font_families:
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
            if font_id >= 0:
                _font_families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _font_families


def configure_application(app: QApplication) -> None:
    """Everything app-wide, done once per language: direction, locale, font, translations.

    Installs Qt's own Persian strings (``qtbase_fa``, standard buttons and dialogs) and the
    :class:`GettextTranslator`, which answers the compiled Qt Designer forms from our catalog.
    Calling it again (tests, a language switch) replaces the translators instead of stacking.
    """
    persian = i18n.is_persian()
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if persian else Qt.LayoutDirection.LeftToRight
    )
    locale = (
        QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
        if persian
        else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
    )
    QLocale.setDefault(locale)
    families = _load_fonts()
    if families:
        app.setFont(QFont(families[0], 10))
    while _installed:
        app.removeTranslator(_installed.pop())
    if persian:
        translator = QTranslator(app)
        translations = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(locale, "qtbase", "_", translations):
            app.installTranslator(translator)
            _installed.append(translator)
    # Installed last, asked first: our catalog, then Qt's own strings.
    gettext_translator = GettextTranslator(app)
    app.installTranslator(gettext_translator)
    _installed.append(gettext_translator)


# --- opening the database (on the thread pool) ---------------------------------------------


@dataclass
class Opened:
    """What the background opening found: a database ready to sign in to, or none set up.

    ``db`` is a :class:`DeferredDatabase` when the quick check found the database ready (it is
    opened later, off the critical path), a :class:`Database` when the full path opened it.
    """

    db: Database | DeferredDatabase | None
    office: OfficeDetails | None
    province: bool = False  # a province database (``hamyar province init``): province mode

    @property
    def needs_setup(self) -> bool:
        return self.db is None


def preload_database_layer() -> None:
    """Import SQLAlchemy, the models and the services, off the GUI thread."""
    import desktop.services.intake
    import desktop.services.office
    import desktop.services.outcomes
    import desktop.services.participants
    import desktop.services.setup
    import desktop.services.users  # noqa: F401


def preload() -> None:
    """Import the database layer and the start-up screens, off the GUI thread."""
    preload_database_layer()
    import desktop.gui.login
    import desktop.gui.main_window
    import desktop.gui.setup_wizard  # noqa: F401


def open_quickly(db_path: Path) -> Opened:
    """Runs on the thread pool: a database that is set up and needs no migration is ready to
    sign in to without SQLAlchemy; anything else goes through :func:`open_office`."""
    from desktop.services.deferred import DeferredDatabase
    from desktop.services.quickstart import ready_office

    office = ready_office(db_path)
    if office is not None:
        return Opened(db=DeferredDatabase(db_path), office=office)
    return open_office(db_path)


def open_office(db_path: Path) -> Opened:
    """Runs on the thread pool: migrate (backing up first) and read the office, or report that
    the database is missing or not set up."""
    preload()  # the wizard or the sign-in follows: have its screens ready
    from desktop.services.quickstart import office_details
    from desktop.services.setup import is_initialised, open_database
    from desktop.store.engine import Database

    if not db_path.exists():
        return Opened(db=None, office=None)
    db = Database(db_path)
    try:
        if not is_initialised(db):
            db.dispose()
            return Opened(db=None, office=None)
        open_database(db)
        from desktop.services.province import is_province

        if is_province(db):
            return Opened(db=db, office=None, province=True)
        return Opened(db=db, office=office_details(db_path))
    except BaseException:
        db.dispose()
        raise


def warm_up(db: Database | DeferredDatabase) -> None:
    """Runs on the thread pool once nothing waits for it: load the database layer and the next
    screens, and open a deferred database (schema check, ``PRAGMA optimize``)."""
    from desktop.services.deferred import DeferredDatabase

    preload_database_layer()
    if isinstance(db, DeferredDatabase):
        db.get()  # services work from here on
    import desktop.gui.intake.interview_dialog
    import desktop.gui.pages.participants
    import desktop.gui.pages.settings  # noqa: F401


def remember_database(db_path: Path) -> None:
    """Runs on the thread pool: the last database opened goes into settings.json."""
    from desktop.config import load_config, save_config

    save_config(load_config().with_last_database(db_path))


class OpeningWindow(QWidget):
    """The small window shown while the database opens."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Hamyar"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        heading = QLabel(_("Hamyar"))
        font = QFont(heading.font())
        font.setPointSizeF(max(font.pointSizeF(), 8) * 1.6)
        font.setBold(True)
        heading.setFont(font)
        self.message = QLabel(_("Opening the office database…"))
        progress = QProgressBar()
        progress.setRange(0, 0)  # busy
        progress.setTextVisible(False)
        for widget in (heading, self.message, progress):
            layout.addWidget(widget)
        self.setFixedWidth(380)


class Launcher(QObject):
    """Opening → (first run: setup wizard) → sign in → main window.

    ``finished(code)`` is emitted when the person quits before the main window (0) or the
    database cannot be opened (1). After that the main window owns the session.
    """

    finished = Signal(int)
    main_window_shown = Signal(object)

    def __init__(
        self,
        db_path: Path,
        runner: TaskRunner | None = None,
        autologin: tuple[str, str] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.autologin = autologin
        self.opening: OpeningWindow | None = None
        self.wizard: SetupWizard | None = None
        self.login: LoginDialog | None = None
        self.window: MainWindow | None = None
        self.opened: Opened | None = None
        self.error: str | None = None
        self.warmed_up = False

    @staticmethod
    def autologin_from_environment() -> tuple[str, str] | None:
        username = os.environ.get(AUTOLOGIN_USER)
        password = os.environ.get(AUTOLOGIN_PASSWORD)
        return (username, password) if username and password else None

    def start(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            # Between two start-up windows none may be visible; quit only when we say so.
            app.setQuitOnLastWindowClosed(False)
        self.opening = OpeningWindow()
        self.opening.show()
        self._open()

    def _open(self) -> None:
        path = self.db_path
        self.runner.run(lambda: open_quickly(path), self._opened, self._open_failed)

    def warm_up(self) -> None:
        """Load what comes next on the pool, once (see :func:`warm_up`). Started when nothing
        waits for the processor, so it never slows the window a person is waiting for."""
        if self.warmed_up or self.opened is None or self.opened.db is None:
            return
        self.warmed_up = True
        db = self.opened.db
        self.runner.run(lambda: warm_up(db), _ignore, _log_warm_up_error)

    def _close_opening(self) -> None:
        if self.opening is not None:
            self.opening.close()
            self.opening.deleteLater()
            self.opening = None

    def _open_failed(self, error: Exception) -> None:
        from desktop.gui.style import ltr

        log.error("the database could not be opened", exc_info=error)
        self.error = _("The office database could not be opened: {error}").format(error=error)
        self._close_opening()
        box = QMessageBox(QMessageBox.Icon.Critical, _("Hamyar"), self.error)
        box.setInformativeText(_("Database file: {path}").format(path=ltr(str(self.db_path))))
        box.finished.connect(lambda _result: self._finish(1))
        box.open()
        self._error_box = box

    def _finish(self, code: int) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(True)
        self.finished.emit(code)

    def _opened(self, result: Any) -> None:
        assert isinstance(result, Opened)
        self.opened = result
        if result.province:
            self._open_province(result)
        elif result.needs_setup:
            self._set_up()
        elif self.autologin is not None:
            self._sign_in_automatically(*self.autologin)
        else:
            self._ask_login()

    def _open_province(self, result: Opened) -> None:
        """Province mode: its own sign-in (or first account) and window."""
        from desktop.gui.province_window import ProvinceStart

        self.province_start = ProvinceStart(
            self.db_path, result.db, self.runner, self.autologin, self
        )
        self.province_start.dialog_shown.connect(self._close_opening)
        self.province_start.finished.connect(self._finish)
        self.province_start.window_shown.connect(self.main_window_shown)
        self.province_start.start()

    # --- first run ----------------------------------------------------------------------------

    def _set_up(self) -> None:
        from desktop.gui.setup_wizard import SetupWizard

        self.wizard = SetupWizard(self.db_path, self.runner)
        self.wizard.office_created.connect(self._office_created)
        self.wizard.rejected.connect(lambda: self._finish(0))
        self.wizard.show()
        self._close_opening()

    def _office_created(self, actor: Any) -> None:
        # The manager has just chosen a password: no need to type it again right away.
        self.opening = OpeningWindow()
        self.opening.show()
        path = self.db_path
        self.runner.run(
            lambda: open_office(path),
            lambda result: self._opened_after_setup(result, actor),
            self._open_failed,
        )

    def _opened_after_setup(self, result: Any, actor: Actor) -> None:
        assert isinstance(result, Opened) and result.db is not None
        self.opened = result
        self._show_main(actor)

    # --- signing in ---------------------------------------------------------------------------

    def _sign_in(self) -> SignIn:
        from desktop.services.quickstart import SignIn

        assert self.opened is not None and self.opened.office is not None
        return SignIn(self.db_path, self.opened.office.code)

    def _ask_login(self, message: str = "") -> None:
        from desktop.gui.login import LoginDialog
        from desktop.gui.style import set_message

        office = self.opened.office if self.opened else None
        name = office.name if office is not None else ""
        self.login = LoginDialog(self._sign_in(), self.runner, name)
        self.login.signed_in.connect(self._show_main)
        self.login.rejected.connect(lambda: self._finish(0))
        if message:
            set_message(self.login.ui.messageLabel, message)
        self.login.show()
        self._close_opening()
        QTimer.singleShot(0, self.warm_up)  # after the dialog's first paint, while they type

    def _sign_in_automatically(self, username: str, password: str) -> None:
        sign_in = self._sign_in()
        self.runner.run(
            lambda: sign_in.authenticate(username, password),
            self._show_main,
            lambda error: self._ask_login(str(error)),
        )

    # --- the main window ----------------------------------------------------------------------

    def _show_main(self, actor: Any) -> None:
        from desktop.gui.context import GuiContext
        from desktop.gui.main_window import MainWindow
        from desktop.services.app import Services

        assert self.opened is not None and self.opened.db is not None
        ctx = GuiContext(Services(self.opened.db, actor), self.runner, self.db_path)
        self.window = MainWindow(ctx)
        if self.opened.office is not None:
            self.window.setWindowTitle(
                _("Hamyar — {office}").format(office=self.opened.office.name)
            )
        self.window.show()
        self._close_opening()
        if self.login is not None:
            self.login.deleteLater()
            self.login = None
        if self.wizard is not None:
            self.wizard.deleteLater()
            self.wizard = None
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(True)
        self.main_window_shown.emit(self.window)
        if self.window.is_ready:
            self._main_window_ready()
        else:
            self.window.ready.connect(self._main_window_ready)

    def _main_window_ready(self) -> None:
        # After the repaint the figures queued: nothing urgent then competes with it.
        QTimer.singleShot(0, self._after_start)

    def _after_start(self) -> None:
        """The dashboard is on screen: now the pool may do what is not urgent."""
        path = self.db_path
        self.runner.run(lambda: remember_database(path), lambda _result: None, self._not_saved)
        self.warm_up()

    @staticmethod
    def _not_saved(error: Exception) -> None:
        log.warning("the settings could not be saved: %s", error)


def _ignore(_result: object) -> None:
    pass


def _log_warm_up_error(error: Exception) -> None:
    # Whatever failed fails again, with its message on screen, where it is next needed.
    log.error("loading the database layer in the background failed", exc_info=error)


def choose_language(explicit: str | None = None) -> str:
    """``--lang``, then ``HAMYAR_LANG``, then the language saved in settings, then Persian."""
    from desktop.config import load_config

    return i18n.activate(explicit or os.environ.get("HAMYAR_LANG") or load_config().language)


def resident_mib() -> float | None:
    """This process's resident memory (Linux: current; elsewhere: peak, when known)."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import resource
    except ImportError:
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _report_when_ready(window: MainWindow, page_key: str) -> None:
    """The benchmark hook (see BENCH_READY)."""

    def finish() -> None:
        rss = resident_mib()
        if rss is not None:
            sys.stdout.write(f"RSS_MIB {rss:.1f}\n")
        sys.stdout.flush()
        QTimer.singleShot(0, QApplication.quit)

    def ready() -> None:
        # Printed from the event loop, after what the figures queued (their repaint), as the
        # bare window of the benchmark prints after its show().
        QTimer.singleShot(0, report_ready)

    def report_ready() -> None:
        sys.stdout.write("READY\n")
        sys.stdout.flush()
        if page_key not in window.factories or page_key == "dashboard":
            finish()
            return
        page = window.open_page(page_key)
        loaded = getattr(getattr(page, "model", None), "loaded", None) or getattr(
            page, "loaded", None
        )
        done = [False]

        def once(*_args: object) -> None:
            if not done[0]:
                done[0] = True
                finish()

        if loaded is not None:
            loaded.connect(once)
            QTimer.singleShot(15000, once)  # never hang the benchmark
        else:
            QTimer.singleShot(500, once)

    if window.is_ready:
        ready()
    else:
        window.ready.connect(ready)


def run_gui(db_path: Path, language: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Hamyar")
    runner = TaskRunner(app)
    choose_language(language)
    configure_application(app)
    launcher = Launcher(db_path, runner, Launcher.autologin_from_environment())
    exit_code: list[int] = []

    def finished(code: int) -> None:
        exit_code.append(code)
        app.exit(code)

    launcher.finished.connect(finished)
    bench_page = os.environ.get(BENCH_READY)
    if bench_page:
        launcher.main_window_shown.connect(lambda window: _report_when_ready(window, bench_page))
    launcher.start()
    code = app.exec()
    runner.wait()
    if launcher.opened is not None and launcher.opened.db is not None:
        launcher.opened.db.dispose()
    return exit_code[0] if exit_code else code
