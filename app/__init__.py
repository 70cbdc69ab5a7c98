"""linscope app package."""
