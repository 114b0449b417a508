"""Classify: is an address official, a public mailbox, or other?"""

from congvu.classify.policy import AddressPolicy

__all__ = ["AddressPolicy"]
