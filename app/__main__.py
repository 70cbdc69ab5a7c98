"""``python -m app`` does what the ``linscope`` command does."""

from app.cli import main

raise SystemExit(main())
