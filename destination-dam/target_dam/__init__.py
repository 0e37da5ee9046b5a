"""Singer target adapter of destination-dam (needs the `singer` extra)."""
