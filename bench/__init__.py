"""The national-scale benchmark: ``make bench`` (see bench/RESULTS.md)."""
