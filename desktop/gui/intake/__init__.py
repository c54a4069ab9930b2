"""Intake interviews (مصاحبه پذیرش): the form engine and the interview dialog."""

from desktop.gui.intake.form_view import FormView
from desktop.gui.intake.interview_dialog import InterviewDialog, pending_recoveries

__all__ = ["FormView", "InterviewDialog", "pending_recoveries"]
