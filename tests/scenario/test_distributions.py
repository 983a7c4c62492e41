"""Distributions are stated the way consultants think and sampled by inverse transform."""

from __future__ import annotations

import numpy as np
import pytest

from sim.scenario.distributions import Exponential, Fixed, LogNormal, Triangular


def test_lognormal_keeps_its_median_and_p90() -> None:
    dist = LogNormal(dist="lognormal", median=12, p90=25)
    assert dist.from_uniform(0.5) == pytest.approx(12)
    assert dist.from_uniform(0.9) == pytest.approx(25)


def test_triangular_bounds_mode_and_mean() -> None:
    dist = Triangular(dist="triangular", min=2, mode=4, max=8)
    draws = np.array([dist.from_uniform(u) for u in np.linspace(0, 1, 20001)])
    assert draws.min() == pytest.approx(2) and draws.max() == pytest.approx(8)
    assert draws.mean() == pytest.approx((2 + 4 + 8) / 3, rel=1e-3)


def test_exponential_mean() -> None:
    dist = Exponential(dist="exponential", mean=3)
    u = np.random.default_rng(0).random(200_000)
    assert np.mean([dist.from_uniform(x) for x in u]) == pytest.approx(3, rel=0.02)


def test_inverse_transform_is_monotone() -> None:
    dist = LogNormal(dist="lognormal", median=10, p90=30)
    values = [dist.from_uniform(u) for u in np.linspace(0.001, 0.999, 500)]
    assert all(a < b for a, b in zip(values, values[1:], strict=False))


@pytest.mark.parametrize(
    "dist",
    [
        Exponential(dist="exponential", mean=3),
        LogNormal(dist="lognormal", median=12, p90=25),
        Triangular(dist="triangular", min=2, mode=4, max=8),
        Triangular(dist="triangular", min=2, mode=2, max=8),
        Triangular(dist="triangular", min=2, mode=8, max=8),
    ],
)
def test_cdf_undoes_the_inverse_transform(dist) -> None:
    """F(F^-1(u)) = u, so a wait can be conditioned on exceeding an age with one uniform."""
    for u in np.linspace(0.01, 0.99, 99):
        assert dist.cdf(dist.from_uniform(u)) == pytest.approx(u, abs=1e-9)
    assert dist.cdf(0.0) == 0.0
    assert dist.cdf(1e9) == pytest.approx(1.0)


def test_fixed_cdf_is_a_step() -> None:
    dist = Fixed(value=5)
    assert (dist.cdf(4.99), dist.cdf(5.0), dist.cdf(6.0)) == (0.0, 1.0, 1.0)
