"""`python -m peerhouse`: the same program as the `peerhouse` command."""

import sys

from peerhouse.entry import main

sys.exit(main())
