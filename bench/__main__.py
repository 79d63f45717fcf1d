"""`python -m bench` is `make bench` (bench/pages.py): the AFTER run is

    make bench

and the BEFORE run, against the code at ef6f577, is

    .venv/bin/python -m bench.pages --app /tmp/before --out bench/report-before

after `git worktree add /tmp/before ef6f577`.
"""

import sys

from bench.pages import main

sys.exit(main())
