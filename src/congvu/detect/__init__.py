"""Detect: find e-mail addresses in text, plain and obfuscated."""

from congvu.detect.addresses import find_addresses

__all__ = ["find_addresses"]
