"""Tests of analysis.text: words, formatting, templates."""
