"""Tasks: what the consultant must still do for a dossier, with a due date (e.g. register the PIP
with DUO, RULES.md §2.10). Other services create them (`add_task`, inside their own
transaction); the screens list them and mark them done. Every change is audited."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from inburgering_desktop.domain.text import N_
from inburgering_desktop.domain.validation import ValidationError, parse_date
from inburgering_desktop.services import auditing, children
from inburgering_desktop.services.context import AppContext
from inburgering_desktop.services.errors import ServiceError, ValidationFailed
from inburgering_desktop.store.models import Task


@dataclass(frozen=True)
class TaskView:
    id: int
    dossier_id: int
    kind: str
    title: str  # Dutch; a generated title is a msgid the screens translate
    created_on: dt.date
    due_on: dt.date | None
    done_on: dt.date | None
    source_pip_version_id: int | None

    @property
    def is_open(self) -> bool:
        return self.done_on is None


def _view(task: Task) -> TaskView:
    return TaskView(
        id=task.id,
        dossier_id=task.dossier_id,
        kind=task.kind,
        title=task.title,
        created_on=task.created_on,
        due_on=task.due_on,
        done_on=task.done_on,
        source_pip_version_id=task.source_pip_version_id,
    )


def tasks_in(session: Session, dossier_id: int, open_only: bool = False) -> list[TaskView]:
    """The dossier's tasks within the caller's transaction: open ones first, by due date (those
    without one last), then the order they were made in."""
    query = select(Task).where(Task.dossier_id == dossier_id)
    if open_only:
        query = query.where(Task.done_on.is_(None))
    views = [_view(task) for task in session.scalars(query)]
    return sorted(
        views,
        key=lambda t: (not t.is_open, t.due_on is None, t.due_on or dt.date.min, t.id),
    )


def list_tasks(ctx: AppContext, dossier_id: int, open_only: bool = False) -> list[TaskView]:
    with ctx.db.transaction() as session:
        children.require_dossier(session, dossier_id)
        return tasks_in(session, dossier_id, open_only)


def add_task(
    session: Session,
    ctx: AppContext,
    dossier_id: int,
    kind: str,
    title: str,
    due_on: dt.date | None,
    source_pip_version_id: int | None = None,
) -> Task:
    """A new open task, audited, within the caller's transaction (which checked the dossier)."""
    task = Task(
        dossier_id=dossier_id,
        kind=kind,
        title=title,
        created_on=ctx.today(),
        due_on=due_on,
        source_pip_version_id=source_pip_version_id,
    )
    session.add(task)
    auditing.record_create(session, ctx.account, task, dossier_id)
    return task


def complete_task(
    ctx: AppContext, task_id: int, on_date: dt.date | str | None = None
) -> TaskView:
    """Mark a task done on `on_date` (today when None). A date in the future is refused: a task
    is done when it was done, not when it is planned."""
    today = ctx.today()
    if on_date is None:
        day = today
    elif isinstance(on_date, dt.date):
        day = on_date
    else:
        try:
            day = parse_date(on_date, "done_on")
        except ValidationError as error:
            raise ValidationFailed([error]) from None
    if day > today:
        raise ValidationFailed(
            [ValidationError("done_on", N_("Deze datum ligt in de toekomst."))]
        )
    with ctx.db.transaction() as session:
        task = children.require(session, Task, task_id)
        children.require_open(session, task.dossier_id)
        if task.done_on is not None:
            raise ServiceError(N_("Deze taak is al afgerond."))
        before = auditing.snapshot(task)
        task.done_on = day
        auditing.record_update(session, ctx.account, task, before, task.dossier_id)
        return _view(task)
