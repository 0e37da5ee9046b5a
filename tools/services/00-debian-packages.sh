#!/usr/bin/env bash
# Installs what envs/debian.txt lists before any service starts.
exec "$(dirname "$0")/../install-debian-packages"
