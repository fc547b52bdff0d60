#!/bin/bash
# usage: claim.sh URL  -> prints CLAIMED or TAKEN
u="$1"
cd /work/eval-work
flock /work/eval-work/claims.lock -c "if grep -qxF '$u' claims.txt; then echo TAKEN; else echo '$u' >> claims.txt; echo CLAIMED; fi"
