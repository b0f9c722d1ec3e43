"""``python -m vc_sync``."""

from vc_sync.cli import main

main()
