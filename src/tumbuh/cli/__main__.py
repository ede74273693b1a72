import sys

from tumbuh.cli import main

sys.exit(main())
