#!/usr/bin/env bash
# Runs Repono: builds what changed (no tests), prepares the server, deploys the EAR and runs WildFly
# in the foreground; Ctrl-C stops it.
#
#   REPONO_HOME             data folder (default ~/.repono): repositories, users, the server's
#                           transaction log; never under target/, so "mvn clean" keeps it
#   REPONO_ADMIN_PASSWORD   sets the password of user "admin" (role admin) at this start
#   REPONO_VIEWER_PASSWORD  sets the password of user "viewer" (role viewer) at this start
#   REPONO_PORT_OFFSET      shifts every port (default 0: console on 8080, management on 9990)
# Without a password variable, a user missing from REPONO_HOME gets a generated password, printed
# once and kept in $REPONO_HOME/passwords (mode 0600).
set -euo pipefail

die() { echo "run.sh: $*" >&2; exit 2; }

ear_dir=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$ear_dir")
ear=$ear_dir/target/repono.ear
wildfly=$ear_dir/target/wildfly

home=${REPONO_HOME:-$HOME/.repono}
mkdir -p "$home" 2>/dev/null || die "cannot create the data folder REPONO_HOME=$home"
home=$(cd "$home" && pwd)
case $home/ in
    "$root"/*/target/* | "$root"/target/*) die "REPONO_HOME=$home is inside a build folder: 'mvn clean' would delete it" ;;
esac
offset=${REPONO_PORT_OFFSET:-0}
[[ $offset =~ ^[0-9]+$ ]] && [ "$offset" -le 50000 ] || die "REPONO_PORT_OFFSET='$offset' is not a number from 0 to 50000"
http_port=$((8080 + offset))
management_port=$((9990 + offset))

# -- build when the EAR or the server is missing or a source is newer than the EAR
stale=
if [ ! -f "$ear" ] || [ ! -x "$wildfly/bin/standalone.sh" ]; then
    stale=yes
elif [ -n "$(find "$root" \( -name target -o -name .git \) -prune -o -type f -newer "$ear" -print -quit)" ]; then
    stale=yes
fi
if [ -n "$stale" ]; then
    echo "run.sh: building Repono (mvn -B -ntp -q -DskipTests package) ..."
    (cd "$root" && mvn -B -ntp -q -DskipTests package)
fi

# -- data folder: repositories and users
umask 077
chmod 700 "$home"
mkdir -p "$home/repositories"
generated=()
for user in admin viewer; do
    variable=REPONO_$(echo "$user" | tr a-z A-Z)_PASSWORD
    password=${!variable:-}
    if [ -n "$password" ]; then
        "$ear_dir/set-user.sh" "$user" "$user" "$password" > /dev/null
    elif ! grep -q "^$user=" "$home/users.properties" 2>/dev/null; then
        password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')
        "$ear_dir/set-user.sh" "$user" "$user" "$password" > /dev/null
        echo "$user=$password" >> "$home/passwords"
        generated+=("$user: $password")
    fi
done

# -- a server folder of its own for this run (the tests keep theirs), fresh each start; its data
#    (transaction log, message journal) lives in the data folder
base=$ear_dir/target/run
rm -rf "$base"
mkdir -p "$base/deployments"
cp -r "$wildfly/standalone/configuration" "$base/configuration"
cp "$ear" "$base/deployments/"

# -- test-only switches (system properties repono.test.*: crash points, slowed jobs, short schedule hours) never
#    reach this server: a test run cut short may have left one in the tests' configuration, which was copied above
config=$base/configuration/standalone-full.xml
if grep -q '<property name="repono\.test\.' "$config"; then
    echo "run.sh: removing test-only properties left in the copied configuration:" >&2
    grep -o '<property name="repono\.test\.[^"]*"' "$config" | sed 's/^/    /' >&2
    sed -i '/<property name="repono\.test\./d' "$config"
fi
case " ${JAVA_OPTS:-} ${JAVA_OPTS_APPEND:-} " in
    *-Drepono.test.*) die "JAVA_OPTS or JAVA_OPTS_APPEND sets a test-only property (-Drepono.test.*): unset it" ;;
esac

url="http://localhost:$http_port/repono/"
echo
echo "Repono: data in $home"
if [ ${#generated[@]} -gt 0 ]; then
    echo "  generated passwords (shown once, kept in $home/passwords):"
    printf '    %s\n' "${generated[@]}"
fi
echo "  console: $url  (log in as admin or viewer; passwords: REPONO_*_PASSWORD or $home/passwords)"
echo "  health:  http://localhost:$management_port/health/ready"
echo "  Ctrl-C stops the server."
echo

# tell when the application answers (gives up when the server is gone or after 3 minutes)
if command -v curl > /dev/null; then
    server_pid=$$
    (
        for _ in $(seq 180); do
            sleep 1
            kill -0 "$server_pid" 2> /dev/null || exit 0
            code=$(curl -s -o /dev/null -w '%{http_code}' "${url}api/ping" || true)
            if [ "$code" = 401 ] || [ "$code" = 200 ]; then
                echo "run.sh: Repono is up at $url"
                exit 0
            fi
        done
    ) &
fi

# exec: this process becomes standalone.sh; run in the background, WildFly's JVM gets the signals
# that standalone.sh relays (Ctrl-C, kill), so no JVM outlives it
export LAUNCH_JBOSS_IN_BACKGROUND=1
exec "$wildfly/bin/standalone.sh" -c standalone-full.xml \
    -Djboss.server.base.dir="$base" \
    -Djboss.server.data.dir="$home/server" \
    -Djboss.socket.binding.port-offset="$offset" \
    -Drepono.home="$home"
