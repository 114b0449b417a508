"""Mail flow: the directive's rules applied to live mail (policy service, milter), logs and archives.

`congvu.mailflow.rules` is the one decision function every mail path shares.
"""
