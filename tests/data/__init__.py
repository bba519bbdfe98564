"""Tests of analysis.data: the contract, reading, validation, intake, quotes."""
