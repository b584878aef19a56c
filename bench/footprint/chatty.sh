#!/usr/bin/env bash
# Chatty coloured output, like an agent's: SGR colours on every line, in bursts of ten lines
# every 50 ms (about 200 lines and 25 KB a second). Builtins only, so the script costs little CPU.
n=0
while :; do
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    n=$((n + 1))
    printf -v now '%(%T)T' -1
    printf '\033[2m%s\033[0m \033[1;3%dm●\033[0m \033[36mEdit\033[0m(\033[33msrc/module-%02d/file-%03d.ts\033[0m) \033[32m+%d\033[0m \033[31m-%d\033[0m \033[38;5;%dmupdated the handler and its tests\033[0m #%d\n' \
      "$now" $((n % 6 + 1)) $((n % 17)) $((n % 97)) $((n % 13)) $((n % 7)) $((n % 200 + 16)) "$n"
  done
  sleep 0.05
done
