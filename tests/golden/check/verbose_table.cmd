cwfilter check --verbose --file corpus/patterns/iam-root-narrowed.txt
