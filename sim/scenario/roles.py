"""The roles work is done in, by name: the two hats, and the two ways a practice adds capacity.

`om` and `ic` are the office manager's and the insurance coordinator's hats; `verification` is
a cross-trained front desk's share of insurance work (eligibility checks); `billing_service` is
an outside billing team's capacity. Modules compare roles by these names, not by retyped text.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Final, Literal

import yaml

Role = Literal["om", "ic", "verification", "billing_service"]

OM: Final = "om"
IC: Final = "ic"
VERIFICATION: Final = "verification"
BILLING_SERVICE: Final = "billing_service"

ROLES: tuple[Role, ...] = (OM, IC, VERIFICATION, BILLING_SERVICE)
"""Every role, in the order results list them."""

WORDS_FILE = Path(__file__).with_name("role_words.yaml")


@functools.cache
def _words() -> dict[str, str]:
    return yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))


def role_words(role: str) -> str:
    """A role in plain words ("insurance coordinator" for `ic`), as `twohats check` and the
    report name it; a name that is not a role reads as itself."""
    return _words().get(role, role)
