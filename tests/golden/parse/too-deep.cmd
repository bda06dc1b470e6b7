{ printf '{ '; for i in $(seq 101); do printf '('; done; printf '$.a = 1'; for i in $(seq 101); do printf ')'; done; echo ' }'; } | cwfilter parse -
