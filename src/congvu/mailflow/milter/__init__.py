"""A pure-Python milter (the Sendmail/Postfix content-filter protocol, version 6) over asyncio."""
