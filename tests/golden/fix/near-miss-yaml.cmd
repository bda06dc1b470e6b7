. tests/golden/fix/lib.sh; fixcase near-miss.yaml -r cis-4.5
