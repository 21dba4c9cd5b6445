"""Settings for the whole suite.

Property tests (hypothesis) are derandomized: the same examples on every run, so a new random draw
cannot turn CI red overnight. ``HYPOTHESIS_PROFILE=explore python -m pytest`` draws new examples
(run it on purpose, and turn what it finds into a named test).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("default", derandomize=True)
settings.register_profile("explore", derandomize=False, max_examples=500)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
