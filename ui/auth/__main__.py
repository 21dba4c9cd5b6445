"""``python -m ui.auth``: the users file's command line (see ui.auth.main)."""

import sys

from ui.auth import main

sys.exit(main())
