cwfilter fmt --file corpus/patterns/cis-iam-benchmark.txt
