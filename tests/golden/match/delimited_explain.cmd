printf '%s\n' 'ERROR 09/25/2014 12:00:02 Failed to process request' 'WARNING only' | cwfilter match --explain '[w1 = ERROR || w1 = %WARN%, w2, w3 > 10]'
