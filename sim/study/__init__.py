"""study floor."""
