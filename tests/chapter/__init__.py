"""Tests of analysis.chapter: what the notebooks call."""
