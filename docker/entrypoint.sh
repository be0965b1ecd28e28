#!/bin/sh
# Example start-up hook for an application image that carries fleetway:
#
#   ENTRYPOINT ["/usr/local/bin/fleetway-entrypoint.sh"]
#   CMD ["java", "-jar", "/deployments/app.jar"]
#
# With FLEETWAY_AUTO_MIGRATE=true it runs `fleetway upgrade --all` first and starts the application only
# if that succeeded; otherwise it exits with fleetway's exit code and the application never starts (so a
# failed migration shows up as a failed pod, not as an app running against the wrong schema).
# FLEETWAY_BIN overrides the fleetway command (default: fleetway on the PATH); FLEETWAY_UPGRADE_ARGS the
# selection (default: --all).
set -eu

if [ "$#" -eq 0 ]; then
    echo "fleetway-entrypoint: no application command given" >&2
    exit 2
fi

case "${FLEETWAY_AUTO_MIGRATE:-false}" in
    true|TRUE|1|yes)
        status=0
        # shellcheck disable=SC2086 # the arguments are meant to be split
        ${FLEETWAY_BIN:-fleetway} upgrade ${FLEETWAY_UPGRADE_ARGS:---all} || status=$?
        if [ "$status" -ne 0 ]; then
            echo "fleetway-entrypoint: migration failed (exit $status); not starting the application" >&2
            exit "$status"
        fi
        ;;
esac

exec "$@"
