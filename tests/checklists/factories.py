"""A small valid template as YAML text, and a way to plant an error in it and know its line."""

from __future__ import annotations

MARK = "# HERE"

VALID_YAML = """\
key: demo-check
kind: store_check
title: Demo check
steps:
  - id: arrival
    title: Arrival
  - id: consultation
    title: Consultation
touchpoints:
  - id: entrance
    title: Entrance
    channel: offline
  - id: advisor
    title: Advisor
    channel: offline
personas:
  - id: young
    title: Young
    weights: {entrance: 2, advisor: 1}
  - id: business
    title: Business
sections:
  - id: visit
    title: Visit
    questions:
      - id: clean
        type: yes_no
        text: Was the entrance clean?
        step: arrival
        touchpoint: entrance
        knockout: true
      - id: friendly
        type: scale
        text: How friendly was the advisor?
        step: consultation
        touchpoint: advisor
        min: 1
        max: 5
        points: 2
      - id: offer
        type: single_choice
        text: What offer did you get?
        step: consultation
        touchpoint: advisor
        options:
          - {value: written, label: Written, points: 2}
          - {value: verbal, label: Verbal, points: 1}
          - {value: none, label: None}
      - id: extras
        type: multi_choice
        text: What else was offered?
        step: consultation
        touchpoint: advisor
        personas: [business]
        options:
          - {value: coffee, label: Coffee, points: 1}
          - {value: parking, label: Parking ticket, points: 1}
        max_points: 2
      - id: wait
        type: duration
        text: How long did you wait?
        step: arrival
        touchpoint: entrance
        bands:
          - {max: 60, points: 2}
          - {max: 300, points: 1}
      - id: storefront
        type: photo
        text: Photograph the shop window.
        step: arrival
        touchpoint: entrance
        photos: {min: 1, max: 3}
      - id: why_none
        type: text
        text: Why was there no offer?
        step: consultation
        touchpoint: advisor
        show_if: {question: offer, equals: none}
"""


def plant(text: str, old: str, new: str) -> tuple[str, int]:
    """Replace the one occurrence of `old` with `new`; return the text and the line that `new` marked with MARK."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    planted = text.replace(old, new)
    lines = [number for number, line in enumerate(planted.splitlines(), 1) if MARK in line]
    assert len(lines) == 1, "mark exactly one line"
    return planted.replace(f"  {MARK}", ""), lines[0]
