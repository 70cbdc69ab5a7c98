"""linscope models package."""
