#!/bin/bash
for u in "$@"; do echo "$(grep -cxF "$u" /work/eval-work/claims.txt) $u"; done
