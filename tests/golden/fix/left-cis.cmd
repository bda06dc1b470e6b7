. tests/golden/fix/lib.sh; fixcase main.tf -b cis
