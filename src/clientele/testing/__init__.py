"""Tools for testing code that uses clientele."""
