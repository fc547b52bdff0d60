#!/bin/bash
# usage: phr.sh "phrase" -> grep earlier docs
grep -rlF "$1" /work/main/eval/sets/*/docs /work/shared/eval/dev/docs 2>/dev/null || echo "no copy"
