#!/usr/bin/env bash
# Repono's test command (README "## Test"; CI runs it through .ci/run): installs what the tests need
# when it is missing (Debian packages; as root, or through sudo), then builds every module and runs
# the unit tests (surefire) and the full-stack tests on WildFly (failsafe, ear/).
# REPONO_PORT_OFFSET=N shifts the test server's ports (default 0: 8080, 9990, 4712, ...).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v java > /dev/null || missing+=(openjdk-17-jdk-headless)
command -v mvn > /dev/null || missing+=(maven)
command -v borg > /dev/null || missing+=(borgbackup)
command -v chromium > /dev/null || missing+=(chromium)
command -v chromedriver > /dev/null || missing+=(chromium-driver)
if [ ${#missing[@]} -gt 0 ]; then
    sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "test.sh: installing ${missing[*]}"
    $sudo apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

exec mvn -B -ntp verify -Drepono.portOffset="${REPONO_PORT_OFFSET:-0}"
