#!/bin/bash
# usage: chk.sh URL  -> is it claimed?
grep -xF "$1" /work/eval-work/claims.txt && echo "ALREADY CLAIMED" || echo free
