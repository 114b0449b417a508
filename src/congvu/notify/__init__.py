"""Reminders (đôn đốc, nhắc nhở) for confirmed violations, by e-mail to official addresses only."""
