cwfilter fix --pattern '?ERROR ?FATAL ?ERROR'; echo "exit $?"
