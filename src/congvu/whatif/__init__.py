"""What-if: judge the past under a candidate policy, change nothing (issue 14).

`scan` re-judges files and folders (`congvu whatif scan`), `mail` replays mail logs with the
existing log reader (`congvu whatif mail`).  Both take two address policies, the current one and
the candidate (`congvu.policyversion.overlay`), and never touch the register.
"""
