"""One object giving the GUI and the command line every service for one signed-in actor."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.services.attendance import AttendanceService
from desktop.services.audit import AuditService
from desktop.services.base import Actor
from desktop.services.intake import IntakeService
from desktop.services.outcomes import OutcomeService
from desktop.services.participants import ParticipantService
from desktop.services.skills import SkillService
from desktop.services.users import UserService
from desktop.services.workshops import WorkshopService
from desktop.store.engine import Database


@dataclass(frozen=True)
class Services:
    db: Database
    actor: Actor

    @property
    def participants(self) -> ParticipantService:
        return ParticipantService(self.db, self.actor)

    @property
    def intake(self) -> IntakeService:
        return IntakeService(self.db, self.actor)

    @property
    def skills(self) -> SkillService:
        return SkillService(self.db, self.actor)

    @property
    def workshops(self) -> WorkshopService:
        return WorkshopService(self.db, self.actor)

    @property
    def attendance(self) -> AttendanceService:
        return AttendanceService(self.db, self.actor)

    @property
    def outcomes(self) -> OutcomeService:
        return OutcomeService(self.db, self.actor)

    @property
    def audit(self) -> AuditService:
        return AuditService(self.db, self.actor)

    @property
    def users(self) -> UserService:
        return UserService(self.db, self.actor)
