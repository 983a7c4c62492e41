"""outputs floor."""
