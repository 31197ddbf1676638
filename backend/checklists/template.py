"""The checklist template format: Pydantic models shared by validation, scoring, the API and the PWA."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator, BaseModel, ConfigDict, Discriminator, Field, StrictBool, Tag, WithJsonSchema, field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

Identifier = Annotated[
    str,
    Field(pattern=r"^[a-z][a-z0-9_]{0,63}$", description="lower-case id: letters, digits, underscores"),
]
LanguageCode = Annotated[str, Field(pattern=r"^[a-z]{2}$")]


def _text_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "Text"
    if isinstance(value, dict):
        return "Translations"
    return None


LocalizedText = Annotated[
    Union[Annotated[str, Tag("Text")], Annotated[dict[LanguageCode, str], Tag("Translations")]],
    Discriminator(
        _text_kind,
        custom_error_type="invalid_text",
        custom_error_message="Write a text, or one text per language code like {de: ..., en: ...}.",
    ),
]
"""A plain string, or one text per language code: `{de: ..., en: ...}`."""


def localized(text: LocalizedText | None, language: str) -> str:
    """The text in the language, else in German, English or any language it has."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get("de") or text.get("en") or next(iter(text.values()), "")


def _scalar(value: Any) -> Any:
    if isinstance(value, str) or (isinstance(value, (int, float)) and math.isfinite(value)):
        return value
    raise PydanticCustomError(
        "condition_constant", "Compare with a single text, number or true/false, not a list, mapping or null."
    )


Scalar = Annotated[Any, AfterValidator(_scalar), WithJsonSchema({"type": ["string", "number", "boolean"]})]
"""A constant in a condition: JSON scalars only, so the server and the PWA compare alike."""
Bound = Annotated[float, Field(strict=True)]

TemplateKind = Literal["store_check", "service_check", "mystery_calling", "promotion_check"]
Channel = Literal["online", "offline", "phone"]
QuestionType = Literal[
    "yes_no", "single_choice", "multi_choice", "scale", "number", "duration",
    "text", "photo", "date", "time", "nps", "emotion",
]
SCORED_TYPES: frozenset[str] = frozenset(
    {"yes_no", "single_choice", "multi_choice", "scale", "number", "duration"}
)


class Strict(BaseModel):
    """Unknown keys are errors: a typo in a template must never pass silently."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Step(Strict):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None


class Touchpoint(Strict):
    id: Identifier
    title: LocalizedText
    channel: Channel


class Persona(Strict):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    weights: dict[str, Annotated[float, Field(ge=0)]] = Field(
        default_factory=dict,
        description="touchpoint id -> weight; a touchpoint not named weighs 1",
    )


class Option(Strict):
    value: Identifier
    label: LocalizedText
    points: Annotated[float, Field(ge=0)] = 0


class Band(Strict):
    """A points band for number and duration questions: the first band whose bound holds wins."""

    min: float | None = None
    max: float | None = None
    points: Annotated[float, Field(ge=0)]


class PhotoRule(Strict):
    min: Annotated[int, Field(ge=0, le=20)] = 0
    max: Annotated[int, Field(ge=0, le=20)] = 0


COMPARISON_OPERATORS: tuple[str, ...] = (
    "equals", "not_equals", "in", "not_in", "gt", "gte", "lt", "lte", "answered",
)
_OPERATOR_FIELDS: dict[str, str] = {
    ("in_" if operator == "in" else operator): operator for operator in COMPARISON_OPERATORS
}


class Comparison(Strict):
    """One earlier question's answer compared with a constant."""

    question: Identifier
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    not_in: list[Scalar] | None = None
    gt: Bound | None = None
    gte: Bound | None = None
    lt: Bound | None = None
    lte: Bound | None = None
    answered: StrictBool | None = None

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, allow_inf_nan=False, populate_by_name=True,
        json_schema_extra={"minProperties": 2, "maxProperties": 2},  # question and exactly one operator
    )

    @model_validator(mode="after")
    def _one_operator(self) -> "Comparison":
        # An operator set to null counts as absent, so a dump with nulls loads again.
        operators = [name for name in _OPERATOR_FIELDS if getattr(self, name) is not None]
        if len(operators) == 1:
            return self
        nulls = [name for name in _OPERATOR_FIELDS if name in self.model_fields_set]
        if not operators and nulls:
            raise PydanticCustomError(
                "condition_value", "Give the operator {operator} a value; null compares with nothing.",
                {"operator": _OPERATOR_FIELDS[nulls[0]]},
            )
        raise PydanticCustomError(
            "condition_operator",
            "Give a comparison exactly one operator ({allowed}); found: {found}.",
            {"allowed": ", ".join(COMPARISON_OPERATORS),
             "found": ", ".join(_OPERATOR_FIELDS[name] for name in operators) or "none"},
        )


class AllOf(Strict):
    all: list["Condition"] = Field(min_length=1)


class AnyOf(Strict):
    any: list["Condition"] = Field(min_length=1)


class NotOf(Strict):
    not_: "Condition" = Field(alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False, populate_by_name=True)


def condition_kind(value: Any) -> str | None:
    """The Condition class a value is meant to be, by its keys; None for a value that is no mapping."""
    # Dispatch on the keys so a broken condition gets one error, not one per union member.
    if isinstance(value, BaseModel):
        return type(value).__name__
    if not isinstance(value, dict):
        return None
    for key, kind in (("all", "AllOf"), ("any", "AnyOf"), ("not", "NotOf"), ("not_", "NotOf")):
        if key in value:
            return kind
    return "Comparison"


Condition = Annotated[
    Union[
        Annotated[AllOf, Tag("AllOf")],
        Annotated[AnyOf, Tag("AnyOf")],
        Annotated[NotOf, Tag("NotOf")],
        Annotated[Comparison, Tag("Comparison")],
    ],
    Discriminator(
        condition_kind,
        custom_error_type="invalid_condition",
        custom_error_message="Write a condition as a mapping: all, any or not, or question and one operator.",
    ),
]


class Question(Strict):
    id: Identifier
    type: QuestionType
    text: LocalizedText
    help: LocalizedText | None = None
    step: Identifier
    touchpoint: Identifier
    weight: Annotated[float, Field(ge=0)] = 1
    points: Annotated[float, Field(gt=0)] | None = Field(
        default=None, description="maximum points of yes_no and scale questions (default 1)"
    )
    pass_on: Literal["yes", "no"] = "yes"
    options: list[Option] | None = None
    max_points: Annotated[float, Field(gt=0)] | None = None
    min: float | None = Field(default=None, description="scale: lowest value; number: smallest allowed")
    max: float | None = Field(default=None, description="scale: highest value; number: largest allowed")
    labels: dict[Literal["min", "max"], LocalizedText] | None = None
    unit: LocalizedText | None = None
    bands: list[Band] | None = None
    required: bool = True
    na_allowed: bool = False
    knockout: bool = False
    personas: list[Identifier] | None = None
    photos: PhotoRule | None = None
    comment: Literal["none", "optional", "required", "required_on_fail"] = "optional"
    show_if: Condition | None = None

    @field_validator("pass_on", mode="before")
    @classmethod
    def _yaml_booleans(cls, value: Any) -> Any:
        # YAML 1.1 reads an unquoted `yes`/`no` as a boolean.
        if value is True:
            return "yes"
        if value is False:
            return "no"
        return value

    @property
    def scored(self) -> bool:
        return self.type in SCORED_TYPES


def photo_rule(question: Question) -> PhotoRule:
    """How many photos a question takes; a photo question without a rule takes one to five."""
    if question.photos is not None:
        return question.photos
    if question.type == "photo":
        return PhotoRule(min=1 if question.required else 0, max=5)
    return PhotoRule(min=0, max=0)


class Section(Strict):
    id: Identifier
    title: LocalizedText
    description: LocalizedText | None = None
    questions: list[Question]


class ChecklistDefinition(Strict):
    """A whole checklist template, as published in one immutable version."""

    key: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,63}$")]
    kind: TemplateKind
    title: LocalizedText
    description: LocalizedText | None = None
    languages: list[LanguageCode] = Field(default_factory=lambda: ["de"])
    pass_threshold: Annotated[float, Field(ge=0, le=100)] = 80
    steps: list[Step]
    touchpoints: list[Touchpoint]
    personas: list[Persona]
    sections: list[Section]

    def questions(self) -> list[Question]:
        """All questions in template order."""
        return [question for section in self.sections for question in section.questions]

    def persona(self, persona_id: str) -> Persona | None:
        return next((p for p in self.personas if p.id == persona_id), None)


AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
Question.model_rebuild()


class AnswerIn(BaseModel):
    """One answer as a device sends it: a value, or N/A, with an optional comment and photos."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: Any = None
    na: bool = False
    comment: str | None = Field(default=None, max_length=5000)
    photos: list[str] = Field(default_factory=list, max_length=20)

    @property
    def has_value(self) -> bool:
        return not self.na and self.value is not None and self.value != "" and self.value != []
