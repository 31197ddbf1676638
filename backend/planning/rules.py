"""Assignment planning: who visits which location as which persona, spread evenly, with a lockout. Pure."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from backend.fieldwork.windows import DEFAULT_LOCKOUT_DAYS, AssignmentWindow, too_close

UnstaffedReason = Literal["lockout", "no_tester"]


@dataclass(frozen=True)
class Slot:
    """One visit to staff: a location seen through one persona."""

    location_id: int
    persona: str


@dataclass(frozen=True)
class PlannedAssignment:
    location_id: int
    persona: str
    tester_id: int


@dataclass(frozen=True)
class UnstaffedSlot:
    location_id: int
    persona: str
    reason: UnstaffedReason


@dataclass(frozen=True)
class Plan:
    """The assignments to make, the slots no tester could take, and the slots the wave already has."""

    planned: tuple[PlannedAssignment, ...]
    unstaffed: tuple[UnstaffedSlot, ...]
    already_assigned: tuple[Slot, ...]


def rotated_slots(
    *, location_ids: Sequence[int], personas: Sequence[str], visits_per_location: int | None = None, rotation: int = 0,
) -> list[Slot]:
    """Slots for every location: each gets `visits_per_location` personas (default all), taken in turn.

    With fewer visits than personas, consecutive locations continue where the previous one stopped, so every
    persona is used about equally often; `rotation` (say, the wave's number) shifts the start, so a location
    is seen by another persona in the next wave. Each location also lists its personas from another start.
    """
    if not personas:
        return []
    per_location = len(personas) if visits_per_location is None else visits_per_location
    if per_location < 1:
        raise ValueError("a location needs at least one visit")
    count = min(per_location, len(personas))
    slots = []
    for index, location_id in enumerate(location_ids):
        start = index * per_location + rotation
        chosen = [personas[(start + offset) % len(personas)] for offset in range(count)]
        # Each location starts with another of its personas: the last slots are the likeliest to stay
        # unstaffed, and that should not always hit the same persona.
        shift = index % count
        slots.extend(Slot(location_id, persona) for persona in chosen[shift:] + chosen[:shift])
    return slots


def plan_assignments(
    *,
    slots: Sequence[Slot],
    tester_ids: Sequence[int],
    window: tuple[date, date],
    lockout_days: int = DEFAULT_LOCKOUT_DAYS,
    history: Iterable[AssignmentWindow] = (),
    taken: Collection[Slot] = (),
    load: Mapping[int, int] | None = None,
) -> Plan:
    """Give each slot a tester: the least loaded one the lockout allows, varying personas, in a fixed order.

    `history` holds the testers' other assignments (any project), `taken` the slots the wave already has
    (left alone), `load` how many assignments each tester already has in the wave. The same inputs always
    give the same plan.
    """
    testers = list(dict.fromkeys(tester_ids))
    visits: dict[tuple[int, int], list[tuple[date, date]]] = {}
    for visit in history:
        visits.setdefault((visit.tester_id, visit.location_id), []).append((visit.window_start, visit.window_end))
    counts = Counter({tester: (load or {}).get(tester, 0) for tester in testers})
    persona_counts: Counter[tuple[int, str]] = Counter()
    taken_slots = frozenset(taken)
    planned: list[PlannedAssignment] = []
    unstaffed: list[UnstaffedSlot] = []
    already: list[Slot] = []
    cursor = 0

    for slot in slots:
        if slot in taken_slots:
            already.append(slot)
            continue
        if not testers:
            unstaffed.append(UnstaffedSlot(slot.location_id, slot.persona, "no_tester"))
            continue
        allowed = [
            (position, tester) for position, tester in enumerate(testers)
            if not any(too_close(window, other, lockout_days=lockout_days)
                       for other in visits.get((tester, slot.location_id), ()))
        ]
        if not allowed:
            unstaffed.append(UnstaffedSlot(slot.location_id, slot.persona, "lockout"))
            continue
        # Fewest assignments first, then the tester who played this persona least, then round-robin order.
        position, tester = min(allowed, key=lambda item: (
            counts[item[1]], persona_counts[(item[1], slot.persona)], (item[0] - cursor) % len(testers)))
        cursor = position + 1
        counts[tester] += 1
        persona_counts[(tester, slot.persona)] += 1
        visits.setdefault((tester, slot.location_id), []).append(window)
        planned.append(PlannedAssignment(slot.location_id, slot.persona, tester))
    return Plan(planned=tuple(planned), unstaffed=tuple(unstaffed), already_assigned=tuple(already))
