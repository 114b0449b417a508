#!/usr/bin/env bash
# Install what congvu needs on a fresh Debian machine: system tools (OCR, legacy Word readers) and the
# Python environment (uv + locked dependencies). Safe to run again; does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# OCR and legacy Word readers (scan); postfix (real-MTA mail-flow tests); chromium (browser tests);
# LibreOffice Writer + poppler (render the monthly report to check it opens); ripgrep (bench baseline).
DEBIAN_PACKAGES=(tesseract-ocr tesseract-ocr-vie antiword catdoc fonts-dejavu-core
                 postfix chromium libreoffice-writer-nogui poppler-utils fonts-liberation2 openssl)
if [ "${CONGVU_WITH_BENCH:-0}" = 1 ]; then DEBIAN_PACKAGES+=(ripgrep); fi

missing=()
for pkg in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing Debian packages: ${missing[*]}" >&2
    apt-get update -qq
    # postfix asks what kind of mail system this is: none (the tests write their own config)
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages (as root): apt-get install ${missing[*]}" >&2
  fi
fi

if ! command -v uv >/dev/null 2>&1; then
  echo "setup: installing uv" >&2
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
  export PATH="$HOME/.local/bin:$PATH"
fi
uv sync --frozen --quiet "$@"
