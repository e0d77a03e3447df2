#!/usr/bin/env bash
# Sets a Repono user's role and password: usage  ear/set-user.sh NAME admin|viewer [PASSWORD]
# (without PASSWORD it is read from standard input). Writes $REPONO_HOME/users.properties and
# roles.properties (default REPONO_HOME: ~/.repono), the files the server's ApplicationRealm reads:
# a running server sees the change after a restart. Nothing is changed when an argument is wrong.
set -euo pipefail

die() { echo "set-user.sh: $*" >&2; exit 2; }

[ $# -ge 2 ] && [ $# -le 3 ] || die "usage: set-user.sh NAME admin|viewer [PASSWORD]"
name=$1
role=$2
[[ $name =~ ^[A-Za-z0-9._@-]+$ ]] || die "user name '$name' may hold only letters, digits and . _ @ -"
case $role in
    admin | viewer) ;;
    *) die "role '$role' is neither admin nor viewer" ;;
esac
if [ $# -eq 3 ]; then
    password=$3
else
    if [ -t 0 ]; then
        read -rsp "Password for $name: " password
        echo >&2
    else
        IFS= read -r password || true
    fi
fi
[ -n "$password" ] || die "the password for '$name' is empty"

home=${REPONO_HOME:-$HOME/.repono}
umask 077
mkdir -p "$home"

# Elytron's properties realm (plain-text=false) stores hex(MD5("NAME:ApplicationRealm:PASSWORD"))
realm=ApplicationRealm
hash=$(printf '%s' "$name:$realm:$password" | md5sum | cut -d' ' -f1)

# replace NAME's line (or add it) through a temporary file renamed over the old one
set_line() {
    local file=$1 value=$2 header=$3 tmp
    tmp=$(mktemp "$file.XXXXXX")
    {
        if [ -f "$file" ]; then
            awk -F= -v key="$name" '$1 != key' "$file"
        else
            printf '%s\n' "$header"
        fi
        printf '%s=%s\n' "$name" "$value"
    } > "$tmp"
    mv -f "$tmp" "$file"
}
set_line "$home/users.properties" "$hash" "#\$REALM_NAME=$realm\$ users of Repono's console and API (ear/set-user.sh)"
set_line "$home/roles.properties" "$role" "# roles of Repono's users: admin or viewer (ear/set-user.sh)"

# a password that ear/run.sh generated and kept is no longer NAME's password
if [ -f "$home/passwords" ]; then
    tmp=$(mktemp "$home/passwords.XXXXXX")
    awk -F= -v key="$name" '$1 != key' "$home/passwords" > "$tmp"
    mv -f "$tmp" "$home/passwords"
fi
echo "set-user.sh: $name ($role) set in $home"
