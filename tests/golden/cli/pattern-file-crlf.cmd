printf 'ERROR\r\n' | cwfilter parse --ast -f -
