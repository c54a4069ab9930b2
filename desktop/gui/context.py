"""What every page and dialog is given: the services of the signed-in user and the one task
runner for background work."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.gui.tasks import TaskRunner
from desktop.services.app import Services


@dataclass(frozen=True)
class GuiContext:
    services: Services
    runner: TaskRunner
    db_path: Path
