"""scenario floor."""
