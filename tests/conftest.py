"""Shared test configuration: Hypothesis profiles.

Hypothesis loads its own ``ci`` profile when ``CI`` is set; ``HYPOTHESIS_PROFILE``
picks one of ours instead (``thorough`` for a long local run).
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("thorough", max_examples=2_000)
settings.register_profile(
    "fast", max_examples=20, suppress_health_check=[HealthCheck.too_slow]
)
if "HYPOTHESIS_PROFILE" in os.environ:
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])
