cwfilter sql --dialect athena -- '?ERROR ?"it'\''s" ?"50%"'
