"""``python -m sphinx_partners.serve SOURCE OUT``: the live preview.

(A package's ``__main__``: the build worker, started with "spawn", does not run it again.)
"""

from .server import main

raise SystemExit(main())
