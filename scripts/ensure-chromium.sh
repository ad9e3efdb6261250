#!/usr/bin/env bash
# The ops console's browser test drives Debian's Chromium through playwright-core (which ships no
# browser, and `npx playwright install` cannot download one here). `npm test` runs this first, so the
# README's test command works on a fresh machine: it installs the Debian package when it is missing
# and this user may, and otherwise says what to run.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "test: installing Debian's chromium for the browser test" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "test: the console's browser test needs /usr/bin/chromium: sudo apt-get install chromium" >&2
exit 1
