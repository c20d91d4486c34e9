"""Benchmarks of the portal (see bench/README.md). Not part of the site."""
