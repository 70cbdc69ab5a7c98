"""linscope views package."""
