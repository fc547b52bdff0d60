#!/bin/bash
# usage: claim.sh URL  -> prints TAKEN or CLAIMED
u="$1"
(
flock 9
if grep -qF -- "$u" /work/eval-work/claims.txt /work/main/eval/sets/*/sources.jsonl; then echo "TAKEN $u"; else printf '%s\tfresh-h2\n' "$u" >> /work/eval-work/claims.txt; echo "CLAIMED $u"; fi
) 9>/work/eval-work/claims.lock.h2
