"""Two admins plan the same wave at the same moment: each slot gets one tester, never two."""

from __future__ import annotations

import threading
from datetime import date

from sqlmodel import Session, select

from backend.auth.models import Role, User
from backend.auth.principal import Principal
from backend.fieldwork.models import Assignment
from backend.planning.schemas import PlanRequest
from backend.planning.service import plan_project


def test_concurrent_plans_of_one_wave_fill_each_slot_once(fresh, assignment):
    with Session(fresh.engine, expire_on_commit=False) as session:
        admin = session.exec(select(User).where(User.role == Role.admin)).one()
        first = session.get(Assignment, assignment["assignment_id"])
        testers = [User(email=f"planner-{n}@race.example.org", display_name=f"P {n}", password_hash="x",
                        role=Role.tester, pseudonym=f"Planner {n}") for n in range(4)]
        session.add_all(testers)
        session.commit()
        project_id, wave_id = first.project_id, first.wave_id
        tester_ids = [t.id for t in testers]
    request = PlanRequest(wave_id=wave_id, window_start=date(2027, 3, 1), window_end=date(2027, 3, 31),
                          tester_ids=tester_ids, lockout_days=0)
    barrier = threading.Barrier(2)
    created: list[int] = []
    errors: list[BaseException] = []

    def plan() -> None:
        try:
            with Session(fresh.engine, expire_on_commit=False) as session:
                barrier.wait()
                outcome = plan_project(session=session, principal=Principal(admin), project_id=project_id,
                                       request=request)
                session.commit()
                created.append(len(outcome.assignments))
        except BaseException as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=plan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(fresh.engine) as session:
        in_wave = session.exec(select(Assignment).where(Assignment.wave_id == wave_id)).all()
    slots = [(a.location_id, a.persona) for a in in_wave]
    assert len(slots) == len(set(slots)), "a slot was filled twice"
    assert sorted(created) == [0, len(in_wave) - 1], "the second plan found the first one's assignments"
