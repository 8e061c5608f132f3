"""Refresh trainkit's own catalog: extract marked words from trainkit/ and merge every language.

Run from the repository root after adding or changing an output word::

    /work/venv/bin/python scripts/extract_own_messages.py          # write trainkit.pot and the PO files
    /work/venv/bin/python scripts/extract_own_messages.py --check  # exit 1 when they are out of date (CI)

Words are found in calls of ``_``, ``gettext``, ``ngettext`` and ``_n`` (see trainkit/i18n/words.py);
then translate the new entries in trainkit/resources/locale/<lang>/LC_MESSAGES/trainkit.po.
"""

from __future__ import annotations

import sys

from trainkit.i18n.own import update_catalogs


def main(argv: list[str]) -> int:
    check = "--check" in argv
    changed = update_catalogs(check=check)
    for path in changed:
        print(f"{'out of date' if check else 'wrote'}: {path}")
    return 1 if check and changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
