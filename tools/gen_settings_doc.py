"""Rewrite the settings table in docs/settings.md from congvu.settings.SETTINGS."""

from pathlib import Path

from congvu.settings import settings_table_markdown

path = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
text = path.read_text(encoding="utf-8")
start = text.index("| setting |")
end = text.index("\n\n", start) + 1
path.write_text(text[:start] + settings_table_markdown() + text[end:], encoding="utf-8")
