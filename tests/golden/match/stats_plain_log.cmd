# a plain log: the time that starts each line; --invert counts the events that do not match
cwfilter match --stats --period 1m --by message ERROR corpus/logs/app.log
cwfilter match --stats --invert --period 60s ERROR corpus/logs/app.log
