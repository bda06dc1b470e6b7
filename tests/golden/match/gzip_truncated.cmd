cwfilter match --count '{ $.eventName = "CreateTrail" }' tests/golden/match/truncated.json.gz
