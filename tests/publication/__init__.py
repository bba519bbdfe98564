"""Tests of analysis.publication: pipeline, execution, rendering, verify."""
