"""One object giving the GUI and the command line every service for one signed-in actor.

Importing this module loads no SQLAlchemy: each service module is imported when its service is
first asked for, so the desktop app can build its main window (which holds a :class:`Services`)
before the database layer has loaded. Keep new service imports inside their property.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.services.actor import Actor
from desktop.services.deferred import DeferredDatabase

if TYPE_CHECKING:
    from desktop.services.attendance import AttendanceService
    from desktop.services.audit import AuditService
    from desktop.services.certificates import CertificateService
    from desktop.services.intake import IntakeService
    from desktop.services.outcomes import OutcomeService
    from desktop.services.participants import ParticipantService
    from desktop.services.skills import SkillService
    from desktop.services.users import UserService
    from desktop.services.workshops import WorkshopService
    from desktop.store.engine import Database


class Services:
    """``db`` may be a :class:`DeferredDatabase`; :attr:`db` then opens it on first use."""

    __slots__ = ("_database", "actor")

    def __init__(self, db: Database | DeferredDatabase, actor: Actor) -> None:
        self._database = db
        self.actor = actor

    def __repr__(self) -> str:
        return f"Services({self._database!r}, {self.actor!r})"

    @property
    def db(self) -> Database:
        database = self._database
        return database.get() if isinstance(database, DeferredDatabase) else database

    @property
    def participants(self) -> ParticipantService:
        from desktop.services.participants import ParticipantService

        return ParticipantService(self.db, self.actor)

    @property
    def intake(self) -> IntakeService:
        from desktop.services.intake import IntakeService

        return IntakeService(self.db, self.actor)

    @property
    def skills(self) -> SkillService:
        from desktop.services.skills import SkillService

        return SkillService(self.db, self.actor)

    @property
    def workshops(self) -> WorkshopService:
        from desktop.services.workshops import WorkshopService

        return WorkshopService(self.db, self.actor)

    @property
    def attendance(self) -> AttendanceService:
        from desktop.services.attendance import AttendanceService

        return AttendanceService(self.db, self.actor)

    @property
    def outcomes(self) -> OutcomeService:
        from desktop.services.outcomes import OutcomeService

        return OutcomeService(self.db, self.actor)

    @property
    def audit(self) -> AuditService:
        from desktop.services.audit import AuditService

        return AuditService(self.db, self.actor)

    @property
    def users(self) -> UserService:
        from desktop.services.users import UserService

        return UserService(self.db, self.actor)

    @property
    def certificates(self) -> CertificateService:
        from desktop.services.certificates import CertificateService

        return CertificateService(self.db, self.actor)
