sh src/cwfilter-collect
echo "exit: $?"
sh src/cwfilter-collect -x dir
echo "exit: $?"
sh src/cwfilter-collect a b
echo "exit: $?"
sh src/cwfilter-collect -h
echo "exit: $?"
sh src/cwfilter-collect -r
echo "exit: $?"
