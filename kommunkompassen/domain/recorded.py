"""A value as a source gives it: stated, derived, uncertain or unknown.

In a data file a plain scalar means "stated, as printed". A mapping
``{value, status, note}`` records anything else, and the note says why.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, ConfigDict, GetJsonSchemaHandler, StringConstraints, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema as cs

T = TypeVar("T")

Status = Literal["stated", "derived", "uncertain", "unknown"]

STATUS_LABELS = {
    "stated": "enligt källan",
    "derived": "härlett",
    "uncertain": "osäkert",
    "unknown": "uppgift saknas",
}
# The site's words for a value, in one place: what a missing value reads as, and the word beside a
# value that its source does not state as printed (tables, charts, cards, comparisons).
MISSING = STATUS_LABELS["unknown"]
QUALIFIERS = {status: STATUS_LABELS[status] for status in ("derived", "uncertain")}


class Recorded(BaseModel, Generic[T]):
    """One value and how we know it."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    value: Optional[T] = None
    status: Status = "stated"
    note: Optional[Annotated[str, StringConstraints(max_length=20_000)]] = None

    @model_validator(mode="before")
    @classmethod
    def _from_scalar(cls, data: Any) -> Any:
        if isinstance(data, dict):
            data = dict(data)
            if "status" not in data and data.get("value") is None:
                data["status"] = "unknown"
            return data
        return {"value": data, "status": "stated"}

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: cs.CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        """Published schema: the plain scalar shorthand, or the mapping ``{value, status, note}``."""
        mapping = handler(schema)
        properties = handler.resolve_ref_schema(mapping).get("properties", {})
        value = properties.get("value", {})
        scalars = [s for s in value.get("anyOf", [value]) if s and s.get("type") != "null"]
        return {"anyOf": [*scalars, mapping]}

    @model_validator(mode="after")
    def _consistent(self) -> "Recorded[T]":
        if self.status == "unknown":
            if self.value is not None:
                raise ValueError("status 'unknown' får inte ha ett värde (value ska vara tomt)")
            if not self.note:
                raise ValueError("ett okänt värde behöver en förklaring i 'note'")
        else:
            if self.value is None:
                raise ValueError(f"status '{self.status}' kräver ett värde i 'value'")
            if self.status in ("derived", "uncertain") and not self.note:
                raise ValueError(f"status '{self.status}' behöver en förklaring i 'note'")
        return self

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def stated(self) -> bool:
        return self.status == "stated"


def unknown(note: str) -> Recorded:
    return Recorded(value=None, status="unknown", note=note)
