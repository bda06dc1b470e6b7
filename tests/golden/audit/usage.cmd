cwfilter audit
echo "exit: $?"
cwfilter audit --rule no-such-rule corpus/audit/pass
echo "exit: $?"
cwfilter audit --rule
echo "exit: $?"
cwfilter audit --format xml corpus/audit/pass
echo "exit: $?"
cwfilter audit --frobnicate corpus/audit/pass
