"""Shared test configuration: Hypothesis profiles.

``dev`` (the default) and ``ci`` (loaded when ``CI`` is set, replacing
Hypothesis's own profile of that name) run without deadlines and without the
"slow generation" health check: whole ledgers are slow to draw on a busy
two-core machine, and a timing can never be a correctness failure here.
``ci`` is also derandomized, so that a run can be repeated exactly.
``HYPOTHESIS_PROFILE=thorough`` runs many more examples.
"""

import os

from hypothesis import HealthCheck, settings

_CALM = {"deadline": None, "suppress_health_check": [HealthCheck.too_slow]}

settings.register_profile("dev", **_CALM)
settings.register_profile("ci", derandomize=True, print_blob=True, **_CALM)
settings.register_profile("thorough", max_examples=2_000, **_CALM)
settings.register_profile("fast", max_examples=20, **_CALM)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
