"""Runs for people: named scenarios run on a base-year inventory, the typed run result and its
JSON (CLI and API), side-by-side comparison, districts, and the IAMC export."""
