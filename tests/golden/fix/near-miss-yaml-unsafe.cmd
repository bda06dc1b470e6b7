. tests/golden/fix/lib.sh; fixcase near-miss.yaml --unsafe -r cis-4.5
