"""Tests of analysis.checks: the checks of built books, variants, synthetic data."""
