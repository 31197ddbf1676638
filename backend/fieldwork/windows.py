"""An assignment's date window and the lockout rule between two windows. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


DEFAULT_LOCKOUT_DAYS = 90


@dataclass(frozen=True)
class AssignmentWindow:
    """A tester's assignment at a location, with its date window: what the lockout rule looks at."""

    tester_id: int
    location_id: int
    window_start: date
    window_end: date


def too_close(first: tuple[date, date], second: tuple[date, date], *, lockout_days: int) -> bool:
    """Whether two visit windows of one tester at one location break the lockout.

    The visits may fall on any day of their windows, so the rule holds only when the later window starts
    at least `lockout_days` after the earlier one ends; overlapping windows are always too close.
    """
    if lockout_days <= 0:
        return False
    gap = max((second[0] - first[1]).days, (first[0] - second[1]).days)
    return gap < lockout_days


def lockout_violations(
    *, visits: Sequence[AssignmentWindow], history: Iterable[AssignmentWindow], lockout_days: int = DEFAULT_LOCKOUT_DAYS,
) -> list[tuple[int, AssignmentWindow]]:
    """For each new visit that breaks the lockout: its index and the earlier visit (stored or new) it is too close to."""
    earlier: dict[tuple[int, int], list[AssignmentWindow]] = {}
    for visit in history:
        earlier.setdefault((visit.tester_id, visit.location_id), []).append(visit)
    violations = []
    for index, visit in enumerate(visits):
        window = (visit.window_start, visit.window_end)
        same_place = earlier.setdefault((visit.tester_id, visit.location_id), [])
        clash = next((other for other in same_place
                      if too_close(window, (other.window_start, other.window_end), lockout_days=lockout_days)), None)
        if clash is not None:
            violations.append((index, clash))
        same_place.append(visit)
    return violations
