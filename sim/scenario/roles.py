"""The roles work is done in, by name: the two hats, and the two ways a practice adds capacity.

`om` and `ic` are the office manager's and the insurance coordinator's hats; `verification` is
a cross-trained front desk's share of insurance work (eligibility checks); `billing_service` is
an outside billing team's capacity. Modules compare roles by these names, not by retyped text.
"""

from __future__ import annotations

from typing import Final, Literal

Role = Literal["om", "ic", "verification", "billing_service"]

OM: Final = "om"
IC: Final = "ic"
VERIFICATION: Final = "verification"
BILLING_SERVICE: Final = "billing_service"

ROLES: tuple[Role, ...] = (OM, IC, VERIFICATION, BILLING_SERVICE)
"""Every role, in the order results list them."""
