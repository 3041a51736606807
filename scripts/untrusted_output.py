"""Run a command whose output quotes what contributors wrote, with GitHub's workflow
commands off while it runs.

GitHub Actions reads any line of a job's log that starts with ``::`` as a command (an
annotation on any file, a value to mask, ...). A build's warnings quote pages, option
values, catalogs and file names from a pull request, and a value with a newline in it
starts a line of its own: ``::error file=README.md::...`` would be obeyed.
``::stop-commands::`` with a token only this script knows turns commands off until the
token comes back, as GitHub's documentation advises for output nobody controls.

    python scripts/untrusted_output.py nox -s docs

The command's error output joins its output, so the two cannot pass each other in the
log; its exit status is this script's.
"""

from __future__ import annotations

import secrets
import subprocess
import sys


def main(command: list[str]) -> int:
    if not command:
        print("usage: untrusted_output.py COMMAND [ARGUMENTS...]", file=sys.stderr)
        return 2
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}", flush=True)
    try:
        return subprocess.call(command, stderr=subprocess.STDOUT)
    finally:
        print(f"::{token}::", flush=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
