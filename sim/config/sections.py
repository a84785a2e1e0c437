"""Building blocks of the scenario schema: strict, finite number types and the base section."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# Floats are finite: inf and nan are slips, never a figure (upper bounds: limits.py).
NonNeg = Annotated[float, Field(ge=0, strict=True, allow_inf_nan=False)]
Pos = Annotated[float, Field(gt=0, strict=True, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, strict=True, allow_inf_nan=False)]
Hour = Annotated[float, Field(ge=0, lt=24, strict=True, allow_inf_nan=False)]
PosInt = Annotated[int, Field(ge=1, strict=True)]
Count = Annotated[int, Field(ge=0, strict=True)]
Month = Annotated[int, Field(ge=1, le=12, strict=True)]
Flag = Annotated[bool, Field(strict=True)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
