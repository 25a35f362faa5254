"""Seeding a data set at national scale (65,000 employees): shared by `seed_scale` and the benchmarks."""
