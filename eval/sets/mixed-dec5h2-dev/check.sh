#!/bin/bash
# usage: check.sh URL... -> shows if taken (no claim)
for u in "$@"; do if grep -qF -- "$u" /work/eval-work/claims.txt /work/main/eval/sets/*/sources.jsonl; then echo "TAKEN $u"; else echo "free  $u"; fi; done
