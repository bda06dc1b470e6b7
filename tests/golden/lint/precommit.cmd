sh tests/precommit.sh "$bin"
