"""`python -m peerhouse`: the same program as the `peerhouse` command."""

import sys

from peerhouse.cli import main

sys.exit(main())
