#!/bin/sh
# Every scenario in turn (about 25 minutes); each run is bounded and stops by itself.
set -e
cd "$(dirname "$0")"
(cd .. && mvn -q -DskipTests package) && mvn -q package
for s in fanout channels lowload ingest idle scaling; do
  timeout 1800 java -jar target/loadtest.jar "$s" "$@" 2>&1 | tee "results/logs/run-$s.out"
done
