"""Duration and amount distributions, written the way a consultant states them.

Every distribution is sampled by inverse transform from a uniform number, so that two
scenarios fed the same uniforms get the same draws (common random numbers). Each also gives
its CDF, so a draw can be conditioned on exceeding a value with the same single uniform
(a claim already waiting at the payer for some days: `from_uniform(F(e) + u * (1 - F(e)))`).
"""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_Z90 = NormalDist().inv_cdf(0.9)
_STANDARD_NORMAL = NormalDist()
_TINY = 1e-12


def _clip(u: float) -> float:
    return min(max(u, _TINY), 1.0 - _TINY)


class _Dist(BaseModel):
    """Base of every distribution: strict, finite numbers (no `.inf`, `.nan`, `"3"`, `true`)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)


class Fixed(_Dist):
    """Always the same value."""

    dist: Literal["fixed"] = "fixed"
    value: float = Field(ge=0)

    def from_uniform(self, u: float) -> float:
        return self.value

    def cdf(self, x: float) -> float:
        return 1.0 if x >= self.value else 0.0

    @property
    def mean(self) -> float:
        return self.value


class Exponential(_Dist):
    """Memoryless, given by its mean."""

    dist: Literal["exponential"]
    mean_value: float = Field(gt=0, alias="mean")

    def from_uniform(self, u: float) -> float:
        return -self.mean_value * math.log(1.0 - _clip(u))

    def cdf(self, x: float) -> float:
        return 1.0 - math.exp(-x / self.mean_value) if x > 0 else 0.0

    @property
    def mean(self) -> float:
        return self.mean_value


class LogNormal(_Dist):
    """Right-skewed, given by its median and 90th percentile."""

    dist: Literal["lognormal"]
    median: float = Field(gt=0)
    p90: float = Field(gt=0)

    @model_validator(mode="after")
    def _p90_above_median(self) -> LogNormal:
        if self.p90 <= self.median:
            raise ValueError("p90 must be greater than median")
        return self

    @property
    def sigma(self) -> float:
        return (math.log(self.p90) - math.log(self.median)) / _Z90

    def from_uniform(self, u: float) -> float:
        return self.median * math.exp(self.sigma * _STANDARD_NORMAL.inv_cdf(_clip(u)))

    def cdf(self, x: float) -> float:
        if x <= 0:
            return 0.0
        return _STANDARD_NORMAL.cdf((math.log(x) - math.log(self.median)) / self.sigma)

    @property
    def mean(self) -> float:
        return self.median * math.exp(self.sigma**2 / 2)


class Triangular(_Dist):
    """Bounded, given by its minimum, most likely value and maximum."""

    dist: Literal["triangular"]
    min: float = Field(ge=0)
    mode: float = Field(ge=0)
    max: float = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.min <= self.mode <= self.max) or self.min == self.max:
            raise ValueError("need min <= mode <= max and min < max")
        return self

    def from_uniform(self, u: float) -> float:
        a, c, b = self.min, self.mode, self.max
        cut = (c - a) / (b - a)
        if u < cut:
            return a + math.sqrt(u * (b - a) * (c - a))
        return b - math.sqrt((1.0 - u) * (b - a) * (b - c))

    def cdf(self, x: float) -> float:
        a, c, b = self.min, self.mode, self.max
        if x <= a:
            return 0.0
        if x >= b:
            return 1.0
        if x <= c:
            return (x - a) ** 2 / ((b - a) * (c - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - c))

    @property
    def mean(self) -> float:
        return (self.min + self.mode + self.max) / 3


Distribution = Annotated[Fixed | Exponential | LogNormal | Triangular, Field(discriminator="dist")]
"""A distribution in a scenario file; a bare number is read as `fixed`."""

BY_NAME: dict[str, type[_Dist]] = {
    "fixed": Fixed,
    "exponential": Exponential,
    "lognormal": LogNormal,
    "triangular": Triangular,
}
"""Each distribution by the name its `dist:` key takes."""

WHAT_A_DISTRIBUTION_IS = (
    "a distribution is a number or a mapping with dist: "
    "(fixed: value; exponential: mean; lognormal: median, p90; triangular: min, mode, max), "
    "e.g. {dist: triangular, min: 3, mode: 5, max: 8}"
)


def coerce_number(value: object) -> object:
    """Let scenario files write a fixed value as a bare number; refuse lists and text plainly."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"dist": "fixed", "value": value}
    if not isinstance(value, dict):
        raise ValueError(f"{WHAT_A_DISTRIBUTION_IS} (got {value!r})")
    return value


def as_written(value: dict[str, Any]) -> Any:
    """A field's default distribution as a scenario file writes it: the field's validator makes
    it a distribution (validate_default), and the schema and the site show it as written."""
    return value
