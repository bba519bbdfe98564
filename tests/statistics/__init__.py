"""Tests of analysis.statistics: numbers only."""
