#!/usr/bin/env bash
# Applies configure.cli to the WildFly at $1 (offline), unless it is already applied: same
# configure.cli, configuration not replaced since (a fresh unpack), no deployment left in it (an
# Arquillian run cut short, a manual deploy). Saves the embedded server's boot on most builds.
set -euo pipefail
wildfly=$1
log=$2
here=$(cd "$(dirname "$0")" && pwd)
config=$wildfly/standalone/configuration/standalone-full.xml
marker=$wildfly/standalone/configuration/.repono-configured   # sha256 of the configure.cli applied

[ -f "$config" ] || { echo "configure.sh: no $config: is WildFly unpacked at $wildfly?" >&2; exit 2; }
wanted=$(sha256sum "$here/configure.cli" | cut -d' ' -f1)
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$wanted" ] && ! [ "$config" -ot "$marker" ] \
        && ! grep -q '<deployment name=' "$config"; then
    echo "configure.sh: $config is configured already"
    exit 0
fi
rm -f "$marker"
if ! "$wildfly/bin/jboss-cli.sh" --file="$here/configure.cli" > "$log" 2>&1; then
    echo "configure.sh: configure.cli failed, see $log:" >&2
    tail -n 30 "$log" >&2
    exit 1
fi
echo "$wanted" > "$marker"
touch -r "$config" "$marker"
echo "configure.sh: configured $config (log: $log)"
