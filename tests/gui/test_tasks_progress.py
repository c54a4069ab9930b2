"""The background helper's progress and cancellation channel."""

from __future__ import annotations

import threading

from pytestqt.qtbot import QtBot

from desktop.gui.tasks import Progress, TaskRunner


def test_progress_arrives_in_order_and_the_result_after_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[int, int, str]] = []
    results: list[object] = []
    worker_threads: list[threading.Thread] = []

    def work(progress: Progress) -> str:
        worker_threads.append(threading.current_thread())
        for step in range(1, 6):
            progress.report(step, 5, f"step {step}")
        return "finished"

    runner.run_with_progress(work, results.append, on_progress=lambda *args: seen.append(args))
    qtbot.waitUntil(lambda: results == ["finished"])
    assert seen == [(step, 5, f"step {step}") for step in range(1, 6)]
    assert worker_threads[0] is not threading.main_thread()


def test_cancel_is_seen_by_the_work(qtbot: QtBot) -> None:
    runner = TaskRunner()
    started = threading.Event()
    results: list[object] = []

    def work(progress: Progress) -> str:
        started.set()
        for _ in range(500):
            if progress.cancelled:
                return "stopped"
            threading.Event().wait(0.01)
        return "ran to the end"

    handle = runner.run_with_progress(work, results.append)
    assert started.wait(5)
    handle.cancel()
    qtbot.waitUntil(lambda: results == ["stopped"], timeout=5000)


def test_errors_reach_the_error_callback(qtbot: QtBot) -> None:
    runner = TaskRunner()
    errors: list[Exception] = []

    def work(progress: Progress) -> None:
        raise ValueError("broken stick")

    runner.run_with_progress(work, lambda _result: None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert str(errors[0]) == "broken stick"
