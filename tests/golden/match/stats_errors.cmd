cwfilter match --stats --period 5x ERROR corpus/logs/app.log
cwfilter match --stats --threshold 0 ERROR corpus/logs/app.log
cwfilter match --stats --by 'a[*]' ERROR corpus/logs/app.log
cwfilter match --by eventName ERROR corpus/logs/app.log
cwfilter match --stats --count ERROR corpus/logs/app.log
cwfilter match --stats ERROR corpus/logs/app.log corpus/no-such-file
cwfilter match --format json ERROR corpus/logs/app.log
cwfilter match --stats --threshold +5 ERROR corpus/logs/app.log
