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

settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
_CALM = settings.get_profile("dev")
settings.register_profile("ci", _CALM, derandomize=True, print_blob=True)
settings.register_profile("thorough", _CALM, max_examples=2_000)
settings.register_profile("fast", _CALM, max_examples=20)
_DEFAULT = "ci" if os.environ.get("CI") else "dev"
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or _DEFAULT)
