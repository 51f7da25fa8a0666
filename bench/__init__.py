"""Performance measurements for `make bench`; results are written to bench/results/."""
