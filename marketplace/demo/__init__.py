"""Demo data for the marketplace: a listings bundle and the script that builds it."""
