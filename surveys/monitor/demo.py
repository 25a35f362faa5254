"""Demo data for the monitor (filled in below)."""
