cwfilter fix --unsafe -r cis-4.5 --pattern '{ $.eventSource = cloudtrail.amazonaws.com }'
