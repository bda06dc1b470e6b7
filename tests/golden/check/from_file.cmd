cwfilter check --file tests/golden/check/requirement.pattern
